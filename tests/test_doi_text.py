"""A DOI as saved copies print it: cut by a line break or a stray space after a dot."""

from __future__ import annotations

import pytest

from evidence.parse import parse_document
from evidence.parse.metadata import text_metadata


@pytest.mark.parametrize(("text", "doi"), [
    ("Hop Extract Eases Hot Flushes\nMaturitas Rep 12(4): e0170011. doi:10.5555/journal. "
     "mrep.0170011\n\nHops have long been used ...", "10.5555/journal.mrep.0170011"),
    ("Published online in Herb Library (herblibrary.example) DOI: 10.\n\n5555/hl.2204\n\n"
     "Hop Extract Eases Hot Flushes", "10.5555/hl.2204"),
])
def test_a_doi_broken_after_a_dot_is_read_whole(text: str, doi: str) -> None:
    assert text_metadata(text).doi == doi


def test_a_sentence_after_a_doi_is_not_part_of_it() -> None:
    text = "Cite as doi:10.5555/hops.2204. Patients were treated in 2019 at one centre."
    assert text_metadata(text).doi == "10.5555/hops.2204"


def test_a_saved_paper_keeps_its_whole_doi() -> None:
    text = ("Hop Extract Eases Hot Flushes: A Randomized Trial\n\nMaturitas Rep 12(4): e0170011. "
            "doi:10.5555/journal.\nmrep.0170011\n\nAbstract\nWe randomly assigned 60 women to "
            "hop extract or placebo for 12 weeks.\n")
    doc = parse_document("hops.txt", text.encode())
    assert doc.meta.doi == "10.5555/journal.mrep.0170011"
