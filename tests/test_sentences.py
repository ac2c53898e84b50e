"""Sentence boundaries in clinical writing."""

from __future__ import annotations

import pytest

from evidence.extract.numbers import VERSION as NUMBERS_VERSION
from evidence.extract.sentences import split_sentences


def sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "As shown by Park et al. in 2024, scars improved.",
        "Adjuncts (e.g. PRP) were used in some cases.",
        "Laser vs. laser plus serum was compared.",
        "Results are shown in Fig. 2 and were durable.",
        "The depth was approx. 1.5 mm in all cases.",
        "The difference was significant (p < 0.01) at week 12.",
        "Dr. Hart says, “It works.”",
        "Mean improvement was 41.2% on the treated side.",
    ],
)
def test_no_split_inside(text: str) -> None:
    assert sents(text) == [text]


def test_splits_between_sentences() -> None:
    text = "Scars improved. No adverse events occurred! Was it worth it? “Yes,” said one."
    assert sents(text) == ["Scars improved.", "No adverse events occurred!", "Was it worth it?",
                           "“Yes,” said one."]


def test_pipeline_sentences_match_the_splitter(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Park et al. reported gains. Downtime was 2–3 days vs. 5 days. P = 0.04 overall."
    doc = extractor.nlp(text)
    assert [s.text for s in doc.sents] == sents(text)
    assert len(doc._.quantities) == 3
    assert NUMBERS_VERSION in extractor.nlp.pipe_names


def test_an_abbreviation_before_a_line_break_still_holds() -> None:
    # the word before a full stop is read as `re` reads "word$": a final newline is skipped
    assert sents("Seen by Dr\n. Smith today.") == ["Seen by Dr\n. Smith today."]


def test_citation_numbers_glued_to_a_full_stop_end_the_sentence() -> None:
    text = "Scars affect many adults with acne.4,5 Lasers are common.[6] Results vary."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Scars affect many adults with acne.4,5", "Lasers are common.[6]", "Results vary."]


def test_decimals_and_numbered_names_do_not_end_a_sentence() -> None:
    text = "The rate was 0.4 The trial used No.5 serum."
    assert len(split_sentences(text)) == 1
