"""Words a line break hyphenated ("ran-" / "domized") are read whole, while everything
extraction keeps is the stored text's own, at the same offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from evidence.extract.reading import reading_view
from evidence.parse import parse_document

PDF_TEXT = """Nettle leaf extract for seasonal allergies: a pilot trial

Background: Nettle leaf is sold for hay fever, but trials of it are few and small.
Methods: Sixty-four adults with hay fever were ran-
domized to nettle leaf extract 600 mg/day or a match-
ing placebo for 4 weeks. Sixty par-
ticipants completed the study.
Results: Nasal symptom scores fell by 31% with nettle and by 9% with placebo (p < 0.01),
and no serious adverse events were reported in either group.
"""


def test_a_broken_word_is_read_whole_at_the_same_length() -> None:
    text = "were ran-\ndomized to tea, and well-\nKnown"
    view = reading_view(text)
    assert len(view) == len(text)
    assert "randomized" in view
    assert view.endswith("well-\nKnown")  # a capital goes on a new word, not a broken one
    assert view[:5] == text[:5]


@given(st.text(alphabet="abcdeXY -\n.,", max_size=200))
def test_the_view_keeps_every_length_and_every_unbroken_character(text: str) -> None:
    view = reading_view(text)
    assert len(view) == len(text)
    if "-" not in text:
        assert view == text


def test_a_pdf_copy_with_broken_words_gives_its_design_and_head_count(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document("paper.txt", PDF_TEXT.encode())
    result = extractor.extract(doc)
    own = next(s for s in result.studies if s.reported_in_own_source)
    assert own.randomized is True and own.participants == 64
    for c in result.claims:  # what is kept is what the file says
        assert doc.text[c.start:c.end] == c.text
        for q in c.numbers:
            assert doc.text[q.start:q.end] == q.text
    for spans in own.evidence.values():
        for span in spans:
            assert doc.text[span.start:span.end] == span.text
