"""Ingest by identifier against a loopback server replaying answers shaped like the services'.

The answers in tests/fixtures/apis/ were written for these tests (invented records in
the form Europe PMC, NCBI E-utilities, Crossref and ClinicalTrials.gov send them).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from cli import EXIT_PARTIAL, app
from evidence.errors import FetchError, IdentifierError, UnknownIdentifier
from evidence.export import build_export
from evidence.fetch import Fetcher
from evidence.identifiers import Identifier, parse_identifier, resolve
from evidence.ingest import IngestOptions, ingest
from evidence.settings import ApiSettings
from evidence.store import Store
from tests.conftest import EXAMPLES, FIXTURES
from tests.loopback import LoopbackServer, Reply, Seen, fetch_settings

APIS = FIXTURES / "apis"
JSON = {"Content-Type": "application/json;charset=UTF-8"}
XML = {"Content-Type": "text/xml;charset=UTF-8"}
TRIAL_DOI = "10.5555/jfd.2025.0142"


def fixture(name: str) -> bytes:
    return (APIS / name).read_bytes()


class Services:
    """One loopback server standing in for the four services, with their paths."""

    def __init__(self, srv: LoopbackServer):
        self.srv = srv
        self.apis = ApiSettings(europepmc=srv.url("/europepmc/webservices/rest"),
                                eutils=srv.url("/entrez/eutils"), crossref=srv.url("/crossref"),
                                clinicaltrials=srv.url("/ctgov/api/v2"))
        srv.add("/europepmc/webservices/rest/search", self.europepmc_search)
        srv.add("/europepmc/webservices/rest/PMC99887766/fullTextXML",
                Reply(body=fixture("jats-trial-microneedling-prp.xml"), headers=XML))
        srv.add("/entrez/eutils/esearch.fcgi", self.esearch)
        srv.add("/entrez/eutils/efetch.fcgi", self.efetch)
        srv.add("/crossref/works/10.5555/ijam.2025.0901",
                Reply(body=fixture("crossref-work.json"), headers=JSON))
        srv.add("/ctgov/api/v2/studies/NCT09412785",
                Reply(body=fixture("clinicaltrials-NCT09412785.json"), headers=JSON))

    @staticmethod
    def query(seen: Seen) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(seen.path).query).items()}

    def europepmc_search(self, seen: Seen) -> Reply:
        q = self.query(seen)["query"]
        if TRIAL_DOI in q or "99214537" in q or "PMC99887766" in q:
            return Reply(body=fixture("europepmc-search-trial.json"), headers=JSON)
        if "99300001" in q:
            return Reply(body=fixture("europepmc-search-abstract-only.json"), headers=JSON)
        return Reply(body=fixture("europepmc-search-none.json"), headers=JSON)

    def esearch(self, seen: Seen) -> Reply:
        term = self.query(seen).get("term", "")
        ids = ["99300002"] if term == "10.5555/ijam.2025.0207[doi]" else []
        body = json.dumps({"header": {"type": "esearch", "version": "0.3"},
                           "esearchresult": {"count": str(len(ids)), "retmax": str(len(ids)),
                                             "retstart": "0", "idlist": ids}})
        return Reply(body=body.encode(), headers=JSON)

    def efetch(self, seen: Seen) -> Reply:
        q = self.query(seen)
        if q.get("db") == "pubmed" and q.get("id") == "99300002":
            return Reply(body=fixture("pubmed-efetch-99300002.xml"), headers=XML)
        if q.get("db") == "pmc" and q.get("id") == "99887766":
            wrapped = fixture("jats-trial-microneedling-prp.xml").split(b"<article ", 1)
            body = b'<?xml version="1.0"?>\n<pmc-articleset><article ' + wrapped[1] + \
                b"</pmc-articleset>"
            return Reply(body=body.replace(b"</article>\n</pmc-articleset>",
                                           b"</article></pmc-articleset>"), headers=XML)
        return Reply(body=b'<?xml version="1.0" ?>\n<PubmedArticleSet></PubmedArticleSet>',
                     headers=XML)


@pytest.fixture
def services() -> Iterator[Services]:
    with LoopbackServer() as srv:
        yield Services(srv)


class Waits:
    """The fetcher's sleeps, recorded and shortened (the politeness is what is checked)."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


@pytest.fixture
def waits() -> Waits:
    return Waits()


@pytest.fixture
def fetcher(waits: Waits) -> Iterator[Fetcher]:
    with Fetcher(fetch_settings(delay=0.0), sleep=waits) as f:
        yield f


@pytest.mark.parametrize(("text", "expected"), [
    ("doi:10.5555/JFD.2025.0142", Identifier("doi", TRIAL_DOI)),
    ("https://doi.org/10.5555/jfd.2025.0142", Identifier("doi", TRIAL_DOI)),
    ("10.5555/jfd.2025.0142", Identifier("doi", TRIAL_DOI)),
    ("PMID: 99214537", Identifier("pmid", "99214537")),
    ("pmcid:99887766", Identifier("pmcid", "PMC99887766")),
    ("nct:nct09412785", Identifier("nct", "NCT09412785")),
    ("NCT09412785", Identifier("nct", "NCT09412785")),
    ("examples/trial.pdf", None),
    ("https://example.org/a", None),
])
def test_identifier_forms(text: str, expected: Identifier | None) -> None:
    assert parse_identifier(text) == expected


@pytest.mark.parametrize("text", ["doi:11.1/x", "pmid:12ab", "nct:NCT123", "pmcid:PMCx"])
def test_a_malformed_identifier_is_a_usage_error_naming_it(text: str) -> None:
    with pytest.raises(IdentifierError) as err:
        parse_identifier(text)
    assert err.value.input == text and "try:" in err.value.one_line()


def test_doi_reads_open_access_full_text_from_europe_pmc(services: Services, fetcher: Fetcher) -> None:
    doc = resolve(f"doi:{TRIAL_DOI}", fetcher, services.apis)
    assert doc.media_type == "application/jats+xml" and doc.location == f"doi:{TRIAL_DOI}"
    assert (doc.meta.pmid, doc.meta.pmcid, doc.meta.identifier) == (
        "99214537", "PMC99887766", f"doi:{TRIAL_DOI}")
    assert doc.meta.retrieved_from == ["Europe PMC"] and "Methods: Patients and procedures" in doc.text
    assert services.srv.hits("/europepmc/webservices/rest/PMC99887766/fullTextXML") == 1


def test_pmid_without_full_text_gives_the_abstract(services: Services, fetcher: Fetcher) -> None:
    doc = resolve("pmid:99300001", fetcher, services.apis)
    m = doc.meta
    assert m.title and m.title.startswith("Topical exosomes after fractional CO2 laser")
    assert (m.doi, m.publisher, m.published) == ("10.5555/jfd.2024.0311",
                                                  "Journal of Fictional Dermatology", "2024-11-02")
    assert m.authors == ["Sato K", "Brennan L"] and doc.kind == "journal_article"
    heads = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "heading"]
    assert heads[1:] == ["Abstract", "Background", "Methods", "Results", "Conclusions"]
    assert "Erythema lasted a median of 4 days with exosomes" in doc.text
    assert json.loads(doc.raw)["hitCount"] == 1  # the record as fetched is what is kept


def test_ncbi_is_the_fallback_at_three_requests_a_second(services: Services, fetcher: Fetcher,
                                                         waits: Waits) -> None:
    doc = resolve("doi:10.5555/ijam.2025.0207", fetcher, services.apis)
    assert doc.meta.retrieved_from == ["Europe PMC", "NCBI E-utilities"]
    assert (doc.meta.pmid, doc.meta.publisher) == ("99300002", "Invented Journal of Aesthetic Medicine")
    assert doc.meta.authors == ["Claire Moreau", "Tunde Adeyemi"]
    assert "Scar scores improved by 35% on the PRP side" in doc.text
    assert [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "heading"][2:] == \
        ["BACKGROUND", "METHODS", "RESULTS"]
    # esearch then efetch to the same host: the second waited a third of a second
    assert sum(r.path.startswith("/entrez/eutils/esearch.fcgi?") for r in services.srv.requests) == 1
    assert any(abs(w - 1 / 3) < 0.05 for w in waits.seconds), waits.seconds
    assert all("api_key" not in r.path for r in services.srv.requests)


def test_an_ncbi_api_key_is_sent_and_allows_ten_a_second(services: Services, fetcher: Fetcher,
                                                          waits: Waits) -> None:
    apis = ApiSettings(**{**services.apis.__dict__, "ncbi_api_key": "k3y"})
    resolve("doi:10.5555/ijam.2025.0207", fetcher, apis)
    ncbi = [r for r in services.srv.requests if r.path.startswith("/entrez/")]
    assert len(ncbi) == 2 and all("api_key=k3y" in r.path for r in ncbi)
    assert max(waits.seconds) < 0.2


def test_pmcid_falls_back_to_pmc_when_europe_pmc_is_down(services: Services, fetcher: Fetcher) -> None:
    services.srv.add("/europepmc/webservices/rest/search", Reply(503, b"down", {"Retry-After": "0"}))
    doc = resolve("pmcid:PMC99887766", fetcher, services.apis)
    assert doc.media_type == "application/jats+xml" and doc.meta.doi == TRIAL_DOI
    assert doc.meta.retrieved_from == ["Europe PMC", "NCBI E-utilities"]


def test_crossref_has_the_metadata_of_a_doi_nobody_else_knows(services: Services,
                                                              fetcher: Fetcher) -> None:
    doc = resolve("10.5555/ijam.2025.0901", fetcher, services.apis)
    m = doc.meta
    assert m.retrieved_from == ["Europe PMC", "NCBI E-utilities", "Crossref"]
    assert (m.doi, m.publisher, m.published) == ("10.5555/ijam.2025.0901",
                                                  "Invented Journal of Aesthetic Medicine", "2025-07-15")
    assert m.authors == ["Ines Carvalho", "Omar Haddad"]
    assert "Scar volume fell by 31% with PRP" in doc.text


def test_a_registry_record_becomes_a_study(services: Services, fetcher: Fetcher, tmp_path: Path,
                                          extractor) -> None:  # type: ignore[no-untyped-def]
    doc = resolve("NCT09412785", fetcher, services.apis)
    assert (doc.kind, doc.media_type, doc.meta.registrations) == (
        "trial_registry", "application/json", ["NCT09412785"])
    assert "Enrollment (Actual): 40 participants" in doc.text
    assert "Placebo Comparator: Microneedling + saline" in doc.text
    with Store.open(str(tmp_path / "r.db")) as store:
        options = IngestOptions(fetch=fetch_settings(delay=0.0), apis=services.apis)
        assert not ingest(["nct:NCT09412785"], store, options, extractor=extractor).failed
        data = build_export(store.snapshot())
    src = data["sources"][0]
    assert (src["kind"], src["identifier"], src["retrieved_from"]) == (
        "trial_registry", "nct:NCT09412785", ["ClinicalTrials.gov"])
    study = src["study"]
    assert (study["design"], study["randomized"], study["blinding"], study["participants"],
            study["arms"]) == ("registry_record", True, "single-blind", 40, 2)
    assert study["outcomes"] == ["Percentage improvement in the Goodman-Baron quantitative scar score"]
    assert study["dates"]["start"] == "2023-09-04"
    assert study["dates"]["primary_completion"] == "2024-06-28"
    assert study["arm_descriptions"] == ["Microneedling + PRP", "Microneedling + saline"]


def test_429_with_retry_after_is_waited_out(services: Services, fetcher: Fetcher,
                                            waits: Waits) -> None:
    ok = Reply(body=fixture("europepmc-search-abstract-only.json"), headers=JSON)
    services.srv.add("/europepmc/webservices/rest/search",
                     [Reply(429, b"slow down", {"Retry-After": "2"}), ok])
    doc = resolve("pmid:99300001", fetcher, services.apis)
    assert doc.meta.pmid == "99300001"
    assert sum(r.path.startswith("/europepmc/webservices/rest/search?")
               for r in services.srv.requests) == 2
    assert any(abs(w - 2.0) < 0.05 for w in waits.seconds), waits.seconds


def test_an_unknown_identifier_is_one_clear_error(services: Services, fetcher: Fetcher) -> None:
    with pytest.raises(UnknownIdentifier) as err:
        resolve("nct:NCT00000000", fetcher, services.apis)
    assert err.value.input == "nct:NCT00000000"
    assert err.value.message == "not known to ClinicalTrials.gov; nothing was stored"
    with pytest.raises(UnknownIdentifier) as err:
        resolve("doi:10.5555/nothing.here", fetcher, services.apis)
    assert "not known to Europe PMC, NCBI E-utilities, Crossref" in err.value.message
    assert err.value.one_line().startswith("doi:10.5555/nothing.here: not known to")


def test_a_service_error_other_than_404_is_not_called_unknown(services: Services,
                                                              fetcher: Fetcher) -> None:
    services.srv.add("/ctgov/api/v2/studies/NCT09412785", Reply(500, b"oops"))
    with pytest.raises(FetchError) as err:
        resolve("nct:NCT09412785", fetcher, services.apis)
    assert not isinstance(err.value, UnknownIdentifier) and "HTTP 500" in err.value.message


def _env(services: Services, tmp_path: Path) -> dict[str, str]:
    return {"EVIDENCE_EUROPEPMC_URL": services.apis.europepmc,
            "EVIDENCE_EUTILS_URL": services.apis.eutils,
            "EVIDENCE_CROSSREF_URL": services.apis.crossref,
            "EVIDENCE_CLINICALTRIALS_URL": services.apis.clinicaltrials,
            "EVIDENCE_CACHE_DIR": str(tmp_path / "cache")}


def test_cli_unknown_identifier_stores_nothing_and_the_batch_goes_on(services: Services,
                                                                     tmp_path: Path) -> None:
    db = str(tmp_path / "e.db")
    r = CliRunner().invoke(app, ["ingest", "nct:NCT00000000", "pmid:99300001", "--db", db,
                                 "--allow-private", "--delay", "0"], env=_env(services, tmp_path))
    assert r.exit_code == EXIT_PARTIAL
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: nct:NCT00000000: ") \
        and "[E209]" in errors[0]
    assert "new       pmid:99300001 (journal_article" in r.stdout
    data = json.loads(CliRunner().invoke(app, ["export", "--db", db]).stdout)
    assert [s["location"] for s in data["sources"]] == ["pmid:99300001"]
    src = data["sources"][0]
    assert (src["identifier"], src["retrieved_from"], src["media_type"]) == (
        "pmid:99300001", ["Europe PMC"], "application/json")


def test_a_trial_by_identifier_and_a_page_retelling_it_are_traced(services: Services,
                                                                   tmp_path: Path,
                                                                   extractor) -> None:  # type: ignore[no-untyped-def]
    """As when both are files: the clinic's 52% is traced to the trial and flagged."""
    clinic = str(EXAMPLES / "clinic-prp-microneedling.html")
    exports = []
    for trial in (f"doi:{TRIAL_DOI}", str(EXAMPLES / "trial-microneedling-prp.html")):
        with Fetcher(fetch_settings(delay=0.0)) as f, Store.open(str(tmp_path / f"{len(exports)}.db")) as store:
            options = IngestOptions(fetch=f.settings, apis=services.apis)
            report = ingest([trial, clinic], store, options, extractor=extractor)
            assert not report.failed, [o.error for o in report.failed]
            exports.append(build_export(store.snapshot()))
    for data in exports:
        trial_src = next(s for s in data["sources"] if s["kind"] == "journal_article")
        claim = next(c for c in data["claims"] if c["text"].startswith("A 2025 split-face study"))
        assert claim["study_id"] == trial_src["study"]["id"]
        assert claim["evidence_class"] == "attributed" and "number_mismatch" in claim["flags"]
        stub = next(s for s in data["studies"] if not s["reported_in_own_source"])
        assert stub["traced_to"] == trial_src["study"]["id"]
    by_id = exports[0]["sources"]
    trial_src = next(s for s in by_id if s["kind"] == "journal_article")
    assert (trial_src["location"], trial_src["identifier"], trial_src["pmcid"]) == (
        f"doi:{TRIAL_DOI}", f"doi:{TRIAL_DOI}", "PMC99887766")


def test_the_same_paper_by_two_identifiers_is_one_source(services: Services, tmp_path: Path,
                                                         extractor) -> None:  # type: ignore[no-untyped-def]
    with Store.open(str(tmp_path / "s.db")) as store:
        options = IngestOptions(fetch=fetch_settings(delay=0.0), apis=services.apis)
        first = ingest([f"doi:{TRIAL_DOI}"], store, options, extractor=extractor)
        second = ingest(["pmid:99214537"], store, options, extractor=extractor)
        assert [o.status for o in first.outcomes + second.outcomes] == ["new", "unchanged"]
        assert len(build_export(store.snapshot())["sources"]) == 1
