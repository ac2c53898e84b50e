"""What copies set after a title's last word is not the title: footnote marks glued to it,
and the "by" of the byline under it."""

from __future__ import annotations

import pytest

from evidence.parse import parse_document
from evidence.parse.title import tidy_title


@pytest.mark.parametrize(("heading", "title"), [
    ("Hop extract before sleep shortens sleep onset1,2", "Hop extract before sleep shortens sleep onset"),
    ("A hop extract eased hot flushes in the only large study1", "A hop extract eased hot flushes in the only large study"),
    ("Hop Extract and Hot Flushes in Menopause by", "Hop Extract and Hot Flushes in Menopause"),
    ("Hop Extract for COVID19", "Hop Extract for COVID19"),  # a name's digits stay
])
def test_marks_after_a_title_are_not_part_of_it(heading: str, title: str) -> None:
    assert tidy_title(heading) == title


def test_a_saved_article_page_with_its_byline_below_the_title() -> None:
    text = ("Article\n\nHop Extract Shortens Sleep Onset in Shift Workers\n\nby\nAnna Berg\n1,*,\n"
            "Jonas Lind\n2\n\nAbstract\nWe randomly assigned 48 shift workers to hop extract or "
            "placebo for 4 weeks. Sleep onset shortened by 9 minutes with hop extract.\n")
    doc = parse_document("hops.txt", text.encode())
    assert doc.meta.title == "Hop Extract Shortens Sleep Onset in Shift Workers"
