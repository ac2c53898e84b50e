"""A news item goes on telling of the study it reports: a figure given just after the study
is described, credited to no one else ("Sneezing stopped 1.5 days sooner"), is the study's,
even in words that name neither the study nor its people. A seller's page does not get
that reading: its own figures ("over 2 million jars sold") follow its study paragraphs too."""

from __future__ import annotations

from evidence.extract import Extractor
from evidence.parse import parse_document

_STORY = (
    "Salt-water gargles may shorten colds, study finds\n\n"
    "By a staff reporter | Published Tuesday\n\n"
    "Gargling salt water could help colds clear faster, according to a study released "
    "Monday. Researchers at a Scottish university randomly assigned 66 adults with fresh "
    "colds to gargle and rinse their noses with salt water or to carry on as usual.\n\n"
    "Runny noses cleared 1.9 days sooner, and the colds lasted 2.1 days less on average.\n\n"
    "The team plans a larger trial next winter, a spokesperson said.\n")

_SHOP = (
    "Sea-salt gargle: why our customers love it\n\n"
    "Shop now and get free shipping on orders over $40. Add to cart.\n\n"
    "A study at a Scottish university randomly assigned 66 adults with fresh colds to "
    "gargle and rinse their noses with salt water or to carry on as usual.\n\n"
    "Over 2 million jars of our gargle have been sold worldwide since 2015.\n")


def _claim(text: str, starts: str) -> tuple[str, object]:
    doc = parse_document("page.txt", text.encode())
    result = Extractor().extract(doc)
    claim = next(c for c in result.claims if c.text.startswith(starts))
    return doc.kind, claim


def test_a_figure_after_the_study_a_news_item_reports_is_that_studys() -> None:
    kind, claim = _claim(_STORY, "Runny noses")
    assert kind == "news"
    assert claim.study_ref and claim.attribution_kind == "study"  # type: ignore[attr-defined]


def test_a_sellers_own_figure_after_a_study_stays_its_own() -> None:
    kind, claim = _claim(_SHOP, "Over 2 million")
    assert kind == "commercial"
    assert claim.study_ref is None  # type: ignore[attr-defined]
