"""Two reports that are one text: a seller's page reprinting a paper's abstract reads like the
paper, so both are read as reports of their own study; they are linked to each other, both
ways, however they arrived, and reports of one field that share a sentence are not."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli import app
from evidence.assess.trace import COPY_RUNS, is_copy
from evidence.export import build_export
from evidence.ingest import ingest
from evidence.store import Store
from tests.conftest import exported

runner = CliRunner()

ABSTRACT = """Abstract
Background: Cracked heels are common in older adults and are often treated with urea creams of
uncertain benefit.
Methods: In this randomised, assessor-blinded trial, ninety-six adults with fissured heels
applied a lanolin and beeswax balm (n = 48) or a plain paraffin ointment (n = 48) twice daily
for six weeks. The primary outcome was the heel fissure grade on a five-point photographic scale.
Results: Fissure grade fell by 1.8 points with the balm and by 0.9 points with paraffin
(p = 0.004). Walking pain eased in 71% of balm users against 42% of paraffin users. Two
participants stopped the balm because of itching.
Conclusions: A lanolin and beeswax balm healed heel fissures faster than paraffin ointment.
"""

PAPER = ("Lanolin and beeswax balm against paraffin for fissured heels: a randomised trial\n"
         "Orla Fennimore 1, Dario Castellano 2\n"
         "1 School of Podiatry, Westbrook University\n"
         "Foot Care Res. 2021;9(2):101-109. doi: 10.5555/fcr.2021.101\n\n" + ABSTRACT)

# a practitioner's "research" page: the menu, the title, the abstract (no citation)
REPRINT = ("Search\nClose this search box.\nHome / My Account / Heel Research\n\n"
           "Lanolin and beeswax balm against paraffin for fissured heels: a randomised trial\n\n"
           + ABSTRACT)

# another trial of the same field, sharing the scale's sentence and the field's words only
OTHER_TRIAL = """Silicone heel cups for plantar heel pain in runners: a randomised trial
Ana Lindqvist 1, Peter Osei 2
1 Department of Sports Medicine, Halvard College
Abstract
Background: Heel pain troubles many recreational runners and shoes alone rarely settle it.
Methods: Sixty runners wore silicone heel cups (n = 30) or flat insoles (n = 30) for eight
weeks. The primary outcome was the heel fissure grade on a five-point photographic scale.
Results: Morning pain fell by 2.6 points with the heel cups and by 1.1 points with insoles.
Conclusions: Silicone heel cups eased plantar heel pain in runners.
"""


# two reports on one small site: its banner and notices word for word, the studies apart
SITE = """Westbrook Open Repository of Clinical Manuscripts
Browse collections, departments and authors. Deposited manuscripts are shared for scholarly
reading only; citing the published version is strongly encouraged wherever possible.
Questions about deposits, embargo periods or withdrawn records go to the repository desk.
Accessible formats of every deposited manuscript are available from the repository desk.

"""


def test_pages_of_one_site_sharing_its_notices_are_not_copies(tmp_path: Path) -> None:
    data = exported(tmp_path, {"deposit-1.txt": SITE + PAPER, "deposit-2.txt": SITE + OTHER_TRIAL})
    assert len(data["studies"]) == 2 and all(s["reported_in_own_source"] for s in data["studies"])
    assert _copy_links(data) == set()


def _copy_links(data: dict) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    where = {s["id"]: s["source_id"] for s in data["studies"]}
    name = {s["id"]: Path(s["location"]).name for s in data["sources"]}
    return {(name[where[ln["from_study"]]], name[where[ln["to_study"]]])
            for ln in data["links"] if ln.get("from_study") is not None
            and any(m.startswith("copy:") for m in ln["matched_on"])}


def test_a_reprint_of_an_abstract_and_the_paper_are_linked_both_ways(tmp_path: Path) -> None:
    data = exported(tmp_path, {"balm-trial.txt": PAPER, "shop-research.txt": REPRINT,
                               "heel-cups.txt": OTHER_TRIAL})
    assert _copy_links(data) == {("balm-trial.txt", "shop-research.txt"),
                                 ("shop-research.txt", "balm-trial.txt")}
    link = next(ln for ln in data["links"] if any(
        m.startswith("copy:") for m in ln["matched_on"]))
    assert link["rule"].startswith("evidence.assess.") and 0.6 <= link["confidence"] <= 1.0


def test_a_copy_shares_many_of_its_heads_runs_and_most_of_the_smaller_one() -> None:
    assert is_copy(COPY_RUNS, 40, 400)  # a short reprint of a long report's abstract
    assert not is_copy(COPY_RUNS - 1, 20, 20)  # a few sentences in common
    assert not is_copy(COPY_RUNS + 8, 100, 120)  # a long methods passage two papers share


def _ingest_one_by_one(db: str, paths: list[Path], extractor) -> dict:  # type: ignore[no-untyped-def,type-arg]
    with Store.open(db) as store:
        for p in paths:
            ingest([str(p)], store, extractor=extractor)
        return build_export(store.snapshot())


def test_copies_found_one_document_at_a_time_are_those_a_full_pass_finds(
        tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    docs = {"balm-trial.txt": PAPER, "shop-research.txt": REPRINT, "heel-cups.txt": OTHER_TRIAL}
    for name, text in docs.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for order in (["shop-research.txt", "heel-cups.txt", "balm-trial.txt"],
                  ["balm-trial.txt", "heel-cups.txt", "shop-research.txt"]):
        db = str(tmp_path / f"{order[0]}.db")
        one_by_one = _ingest_one_by_one(db, [tmp_path / n for n in order], extractor)
        assert len(_copy_links(one_by_one)) == 2, order
        r = runner.invoke(app, ["reassess", "--db", db])
        assert r.exit_code == 0, r.output
        with Store.open(db, create=False) as store:
            assert build_export(store.snapshot()) == one_by_one, order
