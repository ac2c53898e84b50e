"""The static report: pure helpers, page contexts, real builds, hostile input, the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from cli import app
from evidence.errors import EvidenceError
from evidence.export import build_export, to_csv, to_json
from evidence.ingest import ingest
from evidence.report import ReportError, build_report
from evidence.report.context import CSP, build_context
from evidence.report.highlight import Span, mark, mismatch_needles, overlaps, split
from evidence.report.jsonld import RATINGS, claim_review
from evidence.report.links import identifier_links, safe_http_url, slug
from evidence.report.render import make_env
from evidence.report.svg import bar_chart, stacked_bar
from evidence.store import Store
from evidence.store.queries import record_review
from tests.conftest import EXAMPLES, FIXTURES

runner = CliRunner()
HOSTILE = [FIXTURES / "report" / "hostile-report-page.html",
           FIXTURES / "docs" / "hostile-serum-page.html"]


def _export(db: str) -> dict[str, Any]:
    with Store.open(db) as store:
        return build_export(store.snapshot())


@pytest.fixture
def examples_db(db_path: str, extractor) -> str:  # type: ignore[no-untyped-def]
    """The examples, with one editor decision."""
    with Store.open(db_path) as store:
        ingest([str(EXAMPLES)], store, extractor=extractor)
        claim = next(c for c in build_export(store.snapshot())["claims"] if "52%" in c["text"])
        record_review(store, claim["id"], "disputed", "the trial reports 41.2%, not 52%", "ana")
    return db_path


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _soups(root: Path) -> dict[str, BeautifulSoup]:
    return {str(p.relative_to(root)): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted(root.rglob("*.html"))}


# --- pure helpers --------------------------------------------------------------


def test_split_covers_every_character_once_with_nested_and_overlapping_claims() -> None:
    text = "Alpha beta gamma delta epsilon."
    spans = [Span(0, 16, "a", "randomized"), Span(6, 10, "b", "unverified"),
             Span(11, 22, "c", "attributed"), Span(40, 50, "bad", "review"),
             Span(5, 5, "empty", "review")]
    segs = split(text, spans)
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.key) for s in segs] == [
        ("Alpha ", "a"), ("beta", "b"), (" ", "a"), ("gamma", "c"), (" delta", "c"),
        (" epsilon.", None)]
    assert [s.key for s in segs if s.first] == ["a", "b", "c"]
    nested = next(s for s in segs if s.key == "b")
    assert nested.nested and nested.covering == ("a", "b") and nested.css == "unverified"
    assert overlaps(segs) == {"a": ("b", "c"), "b": ("a",), "c": ("a",)}
    assert split("", spans) == ()
    assert split("plain", []) == (split("plain", [])[0],) and split("plain", [])[0].key is None


def test_mark_finds_numbers_with_dash_and_percent_variants_but_not_inside_longer_numbers() -> None:
    pieces = mark("Downtime 3–5 days; 152% vs 52 % and 41.25", ["3-5 days", "52%", "41.2"])
    assert [p.text for p in pieces if p.marked] == ["3–5 days", "52 %"]
    assert "".join(p.text for p in pieces) == "Downtime 3–5 days; 152% vs 52 % and 41.25"
    assert mismatch_needles("number: 52% vs 41.2%") == (["52%"], ["41.2%"])
    assert mismatch_needles("outcome: 'scar depth' vs 'ECCA score'") == (["scar depth"],
                                                                         ["ECCA score"])
    assert mismatch_needles("numbers not in source: 3-5 days, 95%") == (["3-5 days", "95%"], [])


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\x01javascript:x",
    "java\nscript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x",
    "//evil.example/x", "http://", "https:javascript:alert(1)", "file:///etc/passwd",
    "ftp://files.example/x", "http://[::1", "examples/page.html", "", None,
])
def test_unsafe_urls_never_become_links(url: str | None) -> None:
    assert safe_http_url(url) is None


def test_http_urls_and_well_formed_identifiers_become_links() -> None:
    assert safe_http_url("https://clinic.example/a?b=1&c=2") == "https://clinic.example/a?b=1&c=2"
    links = identifier_links("10.5555/jfd.2025.0142", "99214537", "PMC123", ["NCT09412785", "X<1>"])
    assert [h.href for h in links] == [
        "https://doi.org/10.5555/jfd.2025.0142", "https://pubmed.ncbi.nlm.nih.gov/99214537/",
        "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC123/",
        "https://clinicaltrials.gov/study/NCT09412785", None]
    bad = identifier_links(None, '"><script>', "PMCjavascript:x", [])
    assert [h.href for h in bad] == [None, None]
    assert slug(12) == "12" and slug("a/b") != slug("a_b") and "/" not in slug("a/b")


def test_charts_are_deterministic_and_proportional() -> None:
    items = [("randomized", "randomized", 30), ("unverified", "unverified", 10),
             ("review", "review", 0)]
    assert bar_chart(items) == bar_chart(items)
    chart = bar_chart(items)
    widths = [float(r.rect.width) for r in chart.rows]
    assert widths[0] == pytest.approx(3 * widths[1], abs=0.2) and widths[2] == 0
    bar = stacked_bar(items, 80, width=160)
    assert [p.width for p in bar.parts] == ["60.0", "20.0"] and bar.total == 40
    assert bar.description == "30 randomized, 10 unverified"


def test_claim_review_maps_every_decision() -> None:
    claim = {"text": "X cut redness by 40%.", "evidence_class": "attributed",
             "class_reason": "credited", "start": 3, "end": 24,
             "review": {"decision": "disputed", "editor": "ana", "note": "no", "at":
                        "2026-01-02T03:04:05+00:00", "reopened": False}}
    source = {"title": "Page", "url": "javascript:alert(1)", "publisher": "Clinic",
              "published": "2025-01-01"}
    study = {"design": "rct", "participants": 40}
    review = claim_review(claim, source, study, "#claim-1")
    assert review is not None
    assert review["@type"] == "ClaimReview" and review["claimReviewed"] == claim["text"]
    assert review["reviewRating"]["ratingValue"] == 1 and review["datePublished"] == "2026-01-02"
    assert "url" not in review["itemReviewed"]["appearance"]
    props = {p["name"]: p["value"] for p in review["additionalProperty"]}
    assert props == {"evidenceClass": "attributed", "classReason": "credited", "startOffset": 3,
                     "endOffset": 24, "studyDesign": "rct", "studyParticipants": 40}
    for decision, (value, _) in RATINGS.items():
        claim["review"]["decision"] = decision
        assert claim_review(claim, source, None, "#c")["reviewRating"]["ratingValue"] == value
    assert claim_review({**claim, "review": None}, source, None, "#c") is None


def test_environment_autoescapes_every_template_and_fails_on_undefined() -> None:
    from jinja2 import StrictUndefined, UndefinedError

    env = make_env()
    assert env.autoescape is True and env.undefined is StrictUndefined
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()


# --- contexts and builds ---------------------------------------------------------


def test_context_of_the_examples(examples_db: str) -> None:
    data = _export(examples_db)
    ctx = build_context(data)
    assert len(ctx.pages()) == 3 + len(data["sources"]) + len(data["studies"])
    for page, src in zip(ctx.sources, sorted(data["sources"], key=lambda s: s["id"]), strict=True):
        assert "".join(s.text for s in page.segments) == src["text"]
        assert {c.id for c in page.claims} == {c["id"] for c in data["claims"]
                                               if c["source_id"] == src["id"]}
    trial = next(p for p in ctx.studies if p.card.own and p.traces)
    assert dict((f.label, f.value) for f in trial.card.facts)["n"] == "40"
    t = next(t for t in trial.traces if "52%" in t.claim.text)
    assert t.mismatches == ("number: 52% vs 41.2%",)
    assert [p.text for p in t.claim_pieces if p.marked] == ["52%"]
    assert [p.text for p in t.statement_pieces if p.marked] == ["41.2%"]
    assert t.claim.review is not None and t.claim.review.decision == "disputed"
    reg = ctx.regulatory
    assert reg.primary and all(c.source_kind == "regulatory" for g in reg.primary for c in g.primary)
    assert reg.commercial and all(g.kind == "commercial" for g in reg.commercial)
    assert any(n.note.href for g in reg.commercial for r in g.statements for n in r.notes)
    assert ctx.flagged.claims[0].severity == "high" and ctx.flagged.reviewed == 1


def test_build_writes_every_page_and_the_contract_files(examples_db: str, tmp_path: Path) -> None:
    data = _export(examples_db)
    out = tmp_path / "site"
    result = build_report(data, out, progress=False)
    assert result.pages == 3 + len(data["sources"]) + len(data["studies"])
    assert (out / "claims.json").read_text(encoding="utf-8") == to_json(data) + "\n"
    assert (out / "claims.csv").read_text(encoding="utf-8") == to_csv(data)
    soups = _soups(out)
    assert len(soups) == result.pages
    index = soups["index.html"]
    assert index.select("svg.chart rect") and len(index.select("table.sources svg.stack")) == 3
    source = soups["sources/1.html"]
    hl = source.select("a.hl")
    assert hl and {a["href"][1:] for a in hl} <= {card["id"] for card in source.select(".card")}
    assert all(re.fullmatch(r"hl c-[a-z-]+( nested)?", " ".join(a["class"])) for a in hl)
    reviewed = [json.loads(s.string) for s in source.select('script[type="application/ld+json"]')]
    assert [r["reviewRating"]["alternateName"] for r in reviewed] == ["Disputed"]
    assert reviewed[0]["claimReviewed"].startswith("A 2025 split-face study")
    study = next(s for name, s in soups.items() if name.startswith("studies/")
                 and s.select("mark.mismatch"))
    assert "41.2%" in [m.get_text() for m in study.select("mark.mismatch")]
    assert "disputed" in soups["flagged.html"].get_text()
    assert "Statements on commercial pages" in soups["regulatory.html"].get_text()


def test_two_builds_from_one_database_are_byte_identical(examples_db: str, tmp_path: Path) -> None:
    build_report(_export(examples_db), tmp_path / "a", progress=False)
    build_report(_export(examples_db), tmp_path / "b", progress=False)
    first = _files(tmp_path / "a")
    assert first == _files(tmp_path / "b")
    build_report(_export(examples_db), tmp_path / "a", progress=False)
    assert _files(tmp_path / "a") == first


def test_pages_of_sources_no_longer_in_the_base_are_removed(examples_db: str,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / "sources").mkdir(parents=True)
    (out / "sources" / "999.html").write_text("old", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    build_report(_export(examples_db), out, progress=False)
    assert not (out / "sources" / "999.html").exists() and (out / "notes.txt").exists()


# --- hostile input -------------------------------------------------------------


@pytest.fixture
def hostile_site(db_path: str, extractor, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """Hostile pages (one under a file name made of markup), with a hostile review."""
    odd = tmp_path / "in" / "page-<img src=x onerror=alert(1)>.html"
    odd.parent.mkdir()
    odd.write_bytes(HOSTILE[0].read_bytes())
    with Store.open(db_path) as store:
        ingest([str(p) for p in HOSTILE] + [str(odd)], store, extractor=extractor)
        claim = next(c for c in build_export(store.snapshot())["claims"] if "</script>" in c["text"])
        record_review(store, claim["id"], "needs_source",
                      "</script><script>alert('note')</script> {{7*7}}",
                      "<img src=x onerror=alert('editor')>")
    out = tmp_path / "site"
    build_report(_export(db_path), out, progress=False)
    return out


def test_nothing_executable_reaches_the_report(hostile_site: Path) -> None:
    soups = _soups(hostile_site)
    assert len(soups) >= 6
    for name, soup in soups.items():
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert csp is not None and csp["content"] == CSP, name
        assert soup.head.find("meta") is soup.find("meta", charset=True)
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                assert "<" not in script.string and json.loads(script.string), name
            else:
                assert script.get("src") in ("app.js", "../app.js") and not script.string, name
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (name, tag.name)
            for attr in ("href", "src", "action", "formaction", "xlink:href", "data"):
                value = tag.get(attr)
                if value is None:
                    continue
                scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value)
                assert scheme is None or scheme.group(1).lower() in ("http", "https"), (name, value)
        assert not soup.find_all(["iframe", "object", "embed", "form", "base", "img"]), name
        text = soup.get_text()
        assert "49 Velvet" not in text and "49 reasons" not in text and "types 49" not in text
    raw = {p.name: p.read_text(encoding="utf-8") for p in hostile_site.rglob("*.html")}
    assert not any("<script>alert" in html for html in raw.values())
    source = next(s for n, s in soups.items() if n.startswith("sources/")
                  and "Velvet" in s.h1.get_text())
    assert source.h1.get_text().startswith("{{7*7}} Velvet Scar Balm")
    assert "{{7*7}} reasons to try our balm" in source.select_one(".text").get_text()
    assert "</script><script>alert('text')</script>" in source.select_one(".text").get_text()
    ld = [json.loads(s.string) for s in source.select('script[type="application/ld+json"]')]
    assert ld and ld[0]["reviewBody"].startswith("</script><script>alert('note')")
    flagged = soups["flagged.html"].get_text()
    assert "<img src=x onerror=alert('editor')>" in flagged and "{{7*7}}" in flagged
    assert any("page-<img src=x onerror=alert(1)>.html" in s.get_text() for s in soups.values())


# --- the command line and templates ----------------------------------------------


def test_cli_report_quiet_and_with_progress(examples_db: str, tmp_path: Path) -> None:
    quiet = runner.invoke(app, ["report", str(tmp_path / "q"), "--db", examples_db, "--quiet"])
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout.strip() == f"8 pages written to {tmp_path / 'q'}" and not quiet.stderr
    loud = runner.invoke(app, ["report", str(tmp_path / "l"), "--db", examples_db])
    assert loud.exit_code == 0 and "8/8" in loud.stderr
    assert _files(tmp_path / "q") == _files(tmp_path / "l")


def test_user_templates_are_tried_before_the_shipped_ones(examples_db: str,
                                                          tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "style.css").write_text("body { background: #fdf6e3; }\n", encoding="utf-8")
    (mine / "flagged.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Our queue</h1>'
        "<p>{{ page.claims|length }} to check: {{ page.title }}</p>{% endblock %}",
        encoding="utf-8")
    out = tmp_path / "site"
    r = runner.invoke(app, ["report", str(out), "--db", examples_db, "--templates", str(mine), "-q"])
    assert r.exit_code == 0, r.output
    assert (out / "style.css").read_text(encoding="utf-8") == "body { background: #fdf6e3; }\n"
    flagged = BeautifulSoup((out / "flagged.html").read_text(encoding="utf-8"), "html.parser")
    assert flagged.h1.get_text() == "Our queue" and flagged.find("meta", attrs={
        "http-equiv": "Content-Security-Policy"})
    assert "Claims by evidence class" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("template, expected", [
    ("{% block main %}{% if %}{% endblock %}", "template error at line 1"),
    ('{% extends "base.html" %}{% block main %}{{ page.no_such_field }}{% endblock %}',
     "template failed"),
])
def test_a_broken_user_template_fails_in_one_line(examples_db: str, tmp_path: Path,
                                                  template: str, expected: str) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "index.html").write_text(template, encoding="utf-8")
    r = runner.invoke(app, ["report", str(tmp_path / "site"), "--db", examples_db,
                            "--templates", str(mine), "-q"])
    assert r.exit_code == 5 and not r.stdout
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "[E500]" in lines[0]
    assert "index.html" in lines[0]


def test_unusable_out_dir_and_templates_dir_fail_in_one_line(examples_db: str,
                                                             tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    for args in (["report", str(blocker), "--db", examples_db, "-q"],
                 ["report", str(blocker / "sub"), "--db", examples_db, "-q"],
                 ["report", str(tmp_path / "ok"), "--db", examples_db, "-q",
                  "--templates", str(tmp_path / "none")]):
        r = runner.invoke(app, args)
        assert r.exit_code == 5, args
        assert len(r.stderr.strip().splitlines()) == 1 and "[E500]" in r.stderr
    assert issubclass(ReportError, EvidenceError)
    with pytest.raises(ReportError, match="export format"):
        build_report({"format": "other"}, tmp_path / "x", progress=False)


def _synthetic() -> dict[str, Any]:
    """A tiny export with string ids, a claim outside the text and two claims on one span."""
    text = "Gel A cut redness by 30%. Gel A is safe."
    claim = {"source_id": "src/1", "section": None, "subject": None, "kind": "efficacy",
             "evidence_class": "unverified", "class_reason": "bare", "hedged": False,
             "numbers": [{"value": 30.0, "unit": "%"}], "attribution": None, "agency": None,
             "study_id": None, "flags": [], "flag_details": [], "review": None,
             "extractor": "x", "own_study_id": None}
    return {
        "format": "evidence-export/1",
        "sources": [{"id": "src/1", "location": "javascript:alert(1)", "version": 1,
                     "content_hash": "sha256:0", "text": text, "title": None, "authors": [],
                     "publisher": None, "published": None, "doi": None, "pmid": None,
                     "pmcid": None, "kind": "not-a-kind", "kind_reason": "", "study": None}],
        "studies": [],
        "claims": [
            {**claim, "id": "c-1", "start": 0, "end": 25, "text": text[0:25]},
            {**claim, "id": "c-2", "start": 0, "end": 25, "text": text[0:25],
             "evidence_class": "<b>odd</b>"},
            {**claim, "id": "c-3", "start": 26, "end": 400, "text": "Gel A is safe."},
        ],
        "links": [],
    }


def test_string_ids_odd_values_and_unplaceable_claims(tmp_path: Path) -> None:
    data = _synthetic()
    page = build_context(data).sources[0]
    assert "".join(s.text for s in page.segments) == data["sources"][0]["text"]
    assert {c.id for c in page.unplaced} == {"c-2", "c-3"}
    assert {c.css for c in page.claims} == {"unverified", "other"}
    assert page.path.startswith("sources/src-1-") and page.path.endswith(".html")
    result = build_report(data, tmp_path / "site", progress=False)
    assert result.pages == 4
    soup = _soups(tmp_path / "site")[page.path]
    assert {c["id"] for c in soup.select("section.card")} == {"claim-c-1", "claim-c-2",
                                                              "claim-c-3"}
    assert not soup.find("a", href=re.compile("javascript", re.I))
    assert "javascript:alert(1)" in soup.select_one(".facts").get_text()
