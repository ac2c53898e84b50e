"""A magazine's or a summary site's account of a paper reads like a report (a structured
summary, the design in its own voice) and is read as one; where it names the paper by its
title or DOI and agrees with it on the study's facts, the two tell one study, and its study
is linked to the paper's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evidence.export import build_export
from evidence.ingest import ingest
from evidence.store import Store
from tests.conftest import exported

PAPER = """Saffron Extract for Premenstrual Mood Symptoms: A Randomized, Double-Blind, Placebo-Controlled Trial

J Herbal Gynecol. 2016;9(2):120-128. doi: 10.5555/jhg.2016.120

Abstract
Methods: In this randomized, double-blind, placebo-controlled trial, 78 women with
premenstrual mood symptoms took saffron extract 30 mg/day or placebo for 2 cycles.
Results: Mood scores fell by 48% with saffron and by 14% with placebo (p<0.001).
Conclusion: Saffron extract eased premenstrual mood symptoms.
"""

SUMMARY = """Herbal Research Digest

Saffron and premenstrual mood

Objective: To test whether saffron extract eases premenstrual mood symptoms.
Design: This randomized, double-blind, placebo-controlled trial enrolled 78 women with
premenstrual mood symptoms, who took 30 mg/day of saffron extract or placebo for 2 cycles.
Results: Mood scores fell by 48% in the saffron group and by 14% in the placebo group.

Reference: Saffron Extract for Premenstrual Mood Symptoms: A Randomized, Double-Blind,
Placebo-Controlled Trial. J Herbal Gynecol. 2016.
"""

OTHER = """Saffron Extract for Low Mood in Older Adults: A Randomized, Double-Blind Trial

Geriatr Herb Rep. 2019;4(1):10-17. doi: 10.5555/ghr.2019.010

Abstract
Methods: In this randomized, double-blind trial, 120 adults over 65 with low mood took
saffron extract 30 mg/day or placebo for 8 weeks. An earlier trial (doi: 10.5555/jhg.2016.120)
had studied younger women.
Results: Mood scores fell by 22% with saffron and by 12% with placebo.
"""


def _links(data: dict[str, Any], frm: str) -> set[str]:
    """The documents whose study the own study of document `frm` is linked to."""
    src = {s["id"]: s["location"].rsplit("/", 1)[-1] for s in data["sources"]}
    study_src = {st["id"]: src[st["source_id"]] for st in data["studies"]}
    own = {st["id"] for st in data["studies"]
           if st["reported_in_own_source"] and src[st["source_id"]] == frm}
    return {study_src[ln["to_study"]] for ln in data["links"]
            if ln.get("from_study") in own and ln.get("to_study")}


def test_an_account_read_as_a_report_is_linked_to_the_paper_it_names(tmp_path: Path) -> None:
    data = exported(tmp_path, {"paper.txt": PAPER, "summary.txt": SUMMARY})
    kinds = {s["location"].rsplit("/", 1)[-1]: s["kind"] for s in data["sources"]}
    assert kinds["summary.txt"] in ("journal_article", "paper_summary")
    assert "paper.txt" in _links(data, "summary.txt")


def test_a_paper_citing_another_study_is_not_that_study(tmp_path: Path) -> None:
    """It names the earlier trial by its DOI, but counts its own people: two studies."""
    data = exported(tmp_path, {"paper.txt": PAPER, "other.txt": OTHER})
    assert _links(data, "other.txt") == set()


def test_the_account_is_linked_when_the_paper_comes_later(tmp_path: Path) -> None:
    """Ingested one at a time, the account first: the paper's arrival links it all the same,
    as a full pass would."""
    for name, text in (("summary.txt", SUMMARY), ("paper.txt", PAPER)):
        (tmp_path / name).write_text(text)
    db = str(tmp_path / "s.db")
    with Store.open(db) as store:
        ingest([str(tmp_path / "summary.txt")], store)
        ingest([str(tmp_path / "paper.txt")], store)
        data = build_export(store.snapshot())
    assert "paper.txt" in _links(data, "summary.txt")
