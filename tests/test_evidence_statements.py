"""What the evidence behind something is, asserted or denied, is a claim on a page that
retells or sells: "there is no compelling evidence that the mats improve sleep", "a
scientifically backed method", "has not been proven to work". A report's own background
saying what the evidence before it was is not a finding of its own."""

from __future__ import annotations

import pytest

from evidence.extract import claims as cl
from tests.test_controlled_results import on_pages_that_retell


@pytest.mark.parametrize("sentence", [
    "To date, there is no scientific evidence to suggest that rice water thickens hair.",
    "While the mats are sold widely, there's no compelling evidence that they improve sleep.",
    "Charcoal rinsing is a scientifically backed method for whiter teeth.",
    "There is evidence that shows that facial massage can lift the cheeks.",
    "The bracelets have not been proven to relieve arthritis pain.",
    # the evidence an adjective grades, and the studies there are or are not
    "Our team looked into it and found no significant evidence that the mats help sleep.",
    "So far, no independent, controlled studies have been published on the mats.",
    "The mat has been studied in over a dozen clinical trials, most of them small.",
])
def test_a_statement_of_the_evidence_is_a_claim(sentence: str) -> None:
    for d in on_pages_that_retell(sentence):
        assert d.is_claim, d.reason


def test_a_reports_background_on_the_evidence_is_no_finding() -> None:
    sentence = "Converging lines of evidence suggest a role for facial massage in mood."
    d = cl.decide(cl.Unit(0, len(sentence), sentence, "paragraph"), "journal_article")
    assert d.reason != "states what the evidence is"
