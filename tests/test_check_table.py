"""`check` decides from the parts of a statement: a table of statements and the verdicts
the examples and the seed documents call for, each naming the claims it rests on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from evidence.check import EXIT, check, parts_of
from evidence.ingest import ingest
from evidence.store import Store
from tests.conftest import EXAMPLES, ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
runner = CliRunner()

# statement, verdict, a phrase of a claim the verdict must name (None: names none), seeds?
CASES: list[tuple[str, str, str | None, bool]] = [
    # efficacy, numbers and direction against the trial
    ("microneedling with PRP improves acne scars", "supported", "41.2% on the PRP side", False),
    ("PRP microneedling worsens acne scars", "contradicted", "41.2% on the PRP side", False),
    ("microneedling with PRP improves acne scars by 41.2%", "supported", "41.2%", False),
    ("microneedling with PRP improves acne scars by 70%", "contradicted", "41.2%", False),
    ("microneedling with PRP improves acne scars by 52%", "misquoted", "found 52% improvement",
     False),
    ("95% of patients were satisfied with PRP microneedling", "misquoted", "95% of patients",
     False),
    ("PRP microneedling improves acne scars more than microneedling alone", "supported",
     "greater improvement", False),
    ("microneedling alone improves acne scars more than PRP microneedling", "contradicted",
     "greater improvement", False),
    # recovery
    ("downtime after PRP microneedling is 2 to 3 days", "supported", "Downtime was 2 to 3 days",
     False),
    ("downtime after PRP microneedling is 24 hours", "contradicted", "Downtime was 2 to 3 days",
     False),
    # safety: "no serious adverse events" is not "no side effects"
    ("microneedling with PRP has no side effects", "contradicted", "Transient erythema", False),
    ("microneedling with PRP has no serious side effects", "supported",
     "No serious adverse events were reported.", False),
    ("microneedling with PRP causes redness", "supported", "Transient erythema", False),
    # regulatory status is its own question, answered by regulators' notes
    ("PRP is FDA approved for acne scars", "contradicted", "has not cleared or approved", False),
    ("PRP devices are cleared by the FDA", "supported", "510(k)", False),
    ("exosomes are FDA approved", "contradicted", "No exosome product is approved", False),
    ("exosomes are not FDA approved", "supported", "No exosome product is approved", False),
    ("the FDA has not approved exosome products", "supported", "No exosome product", False),
    # nothing bears on it
    ("tattoo removal cures baldness", "no_evidence", None, False),
    ("botulinum toxin smooths wrinkles", "no_evidence", None, False),
    # the seeds: a vendor's figure, a paper summary of a post-surgical trial, a blog
    # the vendor's 32.5% is misquoted while its split-face study is traced to a trial whose
    # numbers differ, and an unsupported vendor figure if tracing leaves that study open;
    # never supported
    ("exosomes 32.5% improvement acne scars", "misquoted|unsupported", "32.5% improvement", True),
    ("exosomes improve acne scars by 32.5%", "misquoted|unsupported", "32.5% improvement", True),
    ("exosomes are better than PRP", "unsupported", "Exosomes outperform PRP", True),
    ("exosomes improve acne scars", "unsupported", "30–40% scar reduction", True),
    ("exosomes give 30–40% scar reduction", "unsupported", "30–40% scar reduction", True),
    ("exosomes have no side effects", "unsupported", "Little to no side effects", True),
    ("exosome therapy makes recovery after surgery faster", "unsupported",
     "recovery faster", True),
    ("exosome boosters with laser improve postoperative facial scars", "supported",
     "Exosome boosters combined with laser treatment improved", True),
    ("exosome boosters with laser improve postoperative facial scars more than laser alone",
     "supported", "Exosome boosters combined with laser treatment improved", True),
    ("laser alone improves postoperative scars more than exosome boosters with laser",
     "contradicted", "Exosome boosters combined with laser treatment improved", True),
    ("exosome boosters with laser have no serious side effects", "supported",
     "No serious adverse events were reported with exosome", True),
    ("exosome boosters cause serious adverse events", "contradicted",
     "No serious adverse events were reported with exosome", True),
    ("exosome boosters with laser improve postoperative facial scars by 90%", "unsupported",
     "Exosome boosters combined with laser", True),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, extractor) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    """The examples and, when they are beside the repository, the three seed documents."""
    db = str(tmp_path_factory.mktemp("check") / "base.db")
    inputs = [str(EXAMPLES)] + ([str(SEEDS)] if SEEDS.is_dir() else [])
    with Store.open(db) as store:
        report = ingest(inputs, store, extractor=extractor)
        assert not report.failed
        yield store


def test_there_are_thirty_cases_and_every_verdict_is_tried() -> None:
    assert len(CASES) >= 30
    assert {v for _s, v, _c, _seeds in CASES if "|" not in v} == set(EXIT)


@pytest.mark.parametrize(("statement", "verdict", "names", "seeds"), CASES,
                         ids=[c[0][:60] for c in CASES])
def test_verdict(base: Store, statement: str, verdict: str, names: str | None,
                 seeds: bool) -> None:
    if seeds and not SEEDS.is_dir():
        pytest.skip(f"the seed documents are not at {SEEDS}")
    v = check(base, statement)
    named = v.supporting + v.contradicting
    shown = [f"{r['evidence_class']} #{r['id']}: {r['text'][:80]}" for r in named]
    assert v.verdict in verdict.split("|"), (v.summary, shown)
    assert v.summary and v.exit_code == EXIT[v.verdict]
    if parts_of(statement).regulatory is None:  # an approval note is no answer on efficacy
        assert not [r for r in named if r["kind"] == "regulatory"], shown
    if names is None:
        assert not named and not v.reasons
    else:
        hit = [r["id"] for r in named if names in r["text"]]
        assert hit, (v.summary, shown)
        assert any(f"#{i} " in " ".join(v.reasons) for i in hit), v.reasons  # and why


def test_statement_parts() -> None:
    p = parts_of("exosomes are better than PRP for acne scars by 30%")
    assert p.treatments == {"exosomes", "prp"} and p.comparison == ({"exosomes"}, {"prp"})
    assert p.populations == {"acne scars"} and [n.text for n in p.numbers] == ["30%"]
    assert parts_of("PRP has no side effects").outcome == "safety"
    assert parts_of("PRP has no side effects").negated
    assert parts_of("downtime is 24 hours").numbers[0].low == pytest.approx(1.0)  # days
    assert parts_of("exosomes are not FDA approved").regulatory == "not_approved"
    assert parts_of("exosomes are FDA approved").regulatory == "approved"


def test_cli_names_claims_and_the_exit_code_is_the_verdicts(base: Store) -> None:
    r = runner.invoke(app, ["check", "microneedling with PRP improves acne scars by 52%",
                            "--db", base.label, "--json"])
    v = json.loads(r.stdout)
    assert r.exit_code == 1 and v["verdict"] == "misquoted" and v["claims"]
    assert v["statement"]["numbers"] == ["52%"]
    assert any("41.2%" in reason for reason in v["reasons"])  # what the trial says instead
    text = runner.invoke(app, ["check", "tattoo removal cures baldness", "--db", base.label])
    assert text.exit_code == 2 and text.stdout.startswith("no_evidence:")


def test_exit_codes_are_documented() -> None:
    readme = (Path(ROOT) / "README.md").read_text(encoding="utf-8")
    for verdict in EXIT:
        assert f"`{verdict}`" in readme
