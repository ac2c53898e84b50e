"""A finding told as found, its finders unnamed ("It was found that ...", "And they
discovered that ..."), credits research, not the page: it is attributed, though no study was
described just before it. Told just after a described study, it stays that study's."""

from __future__ import annotations

from evidence.extract import Extractor
from evidence.parse import parse_document

_NEWS = (
    "Gum after bowel surgery may speed recovery\n\n"
    "By Staff Reporter | Published March 3, 2021\n\n"
    "Surgeons at a county hospital have long wondered whether chewing gum helps the gut "
    "wake up after an operation.\n\n"
    "{finding}\n\n"
    "The hospital said it would keep offering gum to patients who want it.\n")


def _claim(finding: str, page: str = _NEWS) -> object:
    doc = parse_document("news.txt", page.format(finding=finding).encode())
    result = Extractor().extract(doc)
    return next(c for c in result.claims if c.text.startswith(finding[:20]))


def test_a_finding_told_as_found_credits_research() -> None:
    for finding in ("It was found that the gum chewers passed wind 14 hours sooner than "
                    "the others.",
                    "And they discovered that gum chewers went home 1.5 days earlier on average."):
        claim = _claim(finding)
        assert claim.attribution_kind == "publication", finding  # type: ignore[attr-defined]


def test_told_just_after_a_described_study_it_stays_that_studys() -> None:
    page = _NEWS.replace("after an operation.", "after an operation. A 2019 randomized trial "
                         "gave 120 patients gum or nothing after colon surgery.")
    claim = _claim("It was found that the gum chewers passed wind 14 hours sooner than the "
                   "others.", page)
    assert claim.attribution_kind == "study"  # type: ignore[attr-defined]
    assert claim.study_ref  # type: ignore[attr-defined]
