"""A page that no rule places, with none of a paper's, a regulator's or a registry's marks,
is a web page: the likelier of a business's page and a news item, not `other`."""

from __future__ import annotations

from evidence.parse import parse_document
from evidence.parse.genre import Genre
from evidence.parse.kind import _web_page


def _genre(kind: str, **odds: float) -> Genre:
    return Genre(kind, max(odds.values()), (), "test", tuple(odds.items()))


def test_the_likelier_of_the_two_web_kinds_is_chosen() -> None:
    genre = _genre("journal_article", journal_article=0.45, commercial=0.2, news=0.3)
    assert genre.likelier("commercial", "news") == "news"
    kind, why = _web_page(genre, "no cues")
    assert kind == "news"
    assert why.startswith("no cues; reads more like news than commercial (0.30")


def test_a_business_leaning_page_is_commercial() -> None:
    kind, _ = _web_page(_genre("other", other=0.5, commercial=0.3, news=0.2), "no cues")
    assert kind == "commercial"


def test_a_short_note_with_no_content_to_read_stays_other() -> None:
    doc = parse_document("note.txt", b"Hibiscus tea and blood pressure: notes to follow.\n")
    assert doc.kind == "other"
