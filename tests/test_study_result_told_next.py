"""A page goes on telling the study it has just described: a bare result told as what
happened, in the sentence or two after the study ("The rinse was more effective ..."), is
that study's result, though it names neither the study nor its people. What is so in
general ("Manuka honey is a natural antibacterial ...") and the page's own promise ("our patients saw ...")
are not."""

from __future__ import annotations

from evidence.extract import Extractor
from evidence.parse import parse_document

_PAGE = (
    "Honey mouth rinse | Bright Smile Dental Studio\n\n"
    "Book your appointment online or call our front desk today.\n\n"
    "A 2016 clinical trial compared a manuka honey rinse with a chlorhexidine rinse in "
    "adults with gingivitis. {next}\n\n"
    "Ask our hygienists about the rinse at your next cleaning visit.\n")


def _after_the_study(sentence: str) -> object:
    doc = parse_document("page.txt", _PAGE.format(next=sentence).encode())
    assert doc.kind == "commercial"
    result = Extractor().extract(doc)
    return next(c for c in result.claims if c.text.startswith(sentence[:20]))


def test_a_bare_result_just_after_a_described_study_is_that_studys() -> None:
    claim = _after_the_study(
        "The honey rinse was more effective at reducing bleeding gums and also lowered "
        "plaque scores.")
    assert claim.study_ref  # type: ignore[attr-defined]
    assert claim.attribution_kind == "study"  # type: ignore[attr-defined]


def test_what_is_so_in_general_after_a_study_is_not_its_result() -> None:
    claim = _after_the_study(
        "Manuka honey is a natural antibacterial that reduces plaque and soothes gums.")
    assert claim.study_ref is None  # type: ignore[attr-defined]


def test_the_pages_own_result_after_a_study_stays_its_own() -> None:
    claim = _after_the_study(
        "Our patients saw less bleeding and reduced plaque after switching to the rinse.")
    assert claim.study_ref is None  # type: ignore[attr-defined]
