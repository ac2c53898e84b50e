"""A page's subject is also the word it keeps coming back to: a seller's page titled "Key
Takeaways" that says "seamoss" over and over is about seamoss, so "Seamoss gel can
reduce redness" is a claim said of it, though the vocabulary does not know seamoss."""

from __future__ import annotations

from evidence.extract import Extractor
from evidence.parse import parse_document

PAGE = """Key Takeaways

Seamoss gel is our bestselling product this winter, and customers keep asking about it.
We harvest seamoss by hand, dry the seamoss in the sun and blend it into a smooth gel.

Seamoss gel can reduce redness and improve dry skin within days.
Our shop ships across the country, and parcels leave the warehouse every morning.
Order now for free shipping on orders over $40.
"""


def _claims(text: str) -> list[str]:
    doc = parse_document("page.txt", text.encode())
    return [c.text for c in Extractor().extract(doc).claims]


def test_a_sentence_said_of_the_word_a_page_repeats_is_a_claim() -> None:
    assert "Seamoss gel can reduce redness and improve dry skin within days." in _claims(PAGE)


def test_a_word_the_page_names_once_is_not_its_subject() -> None:
    once = PAGE.replace("Seamoss gel can reduce", "Kelp gel can reduce")
    assert not any(t.startswith("Kelp gel") for t in _claims(once))
