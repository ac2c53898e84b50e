"""A list item giving a share ("Fuller brows (41%)", "- 25% longer (2% with the vehicle)")
is checkable though it has no verb: a clinic's or a summary's list of results is made of such
items. An item with no figure, or with a count and no share, stays a list of terms."""

from __future__ import annotations

from evidence.extract import Extractor
from evidence.parse import parse_document

_PAGE = """Brow serum results | Lumen Brow Studio

Book your consultation today and ask about our brow packages.

In the twelve-week study of the serum, patients reported:

- Fuller brows (41%)
- 25% longer hairs (2% with the vehicle)
- Softer brow skin
- Twelve shades available
"""


def _claim_texts() -> list[str]:
    doc = parse_document("brows.txt", _PAGE.encode())
    assert doc.kind == "commercial"
    return [c.text for c in Extractor().extract(doc).claims]


def test_a_list_item_giving_a_share_is_a_claim() -> None:
    texts = _claim_texts()
    assert "Fuller brows (41%)" in texts
    assert "25% longer hairs (2% with the vehicle)" in texts


def test_a_list_item_without_a_share_is_not() -> None:
    texts = _claim_texts()
    assert "Softer brow skin" not in texts and "Twelve shades available" not in texts
