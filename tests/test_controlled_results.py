"""A result set against a comparison group is a study's finding, whatever the treatment
is called: the domain vocabulary names few of the remedies pages retell ("Actos",
"valerian", "sea bands"), but "not significantly better than placebo" is checkable on any
of them. A page's own use of "significant" for something else is not."""

from __future__ import annotations

import pytest

from evidence.extract import claims as cl


@pytest.mark.parametrize("sentence", [
    "Pioglex was not significantly better than placebo.",
    "Those taking the root extract were significantly more likely to sleep through than "
    "those on placebo.",
    "There was no significant change in hormone levels in either group.",
    "Scores improved more in the tea group than in the control group.",
    "The wristband group had a significantly lower number of sick days.",
])
def test_a_result_against_a_comparison_group_is_a_claim(sentence: str) -> None:
    for d in on_pages_that_retell(sentence):
        assert d.is_claim and d.kind in ("efficacy", "safety"), d.reason


def on_pages_that_retell(sentence: str) -> list[cl.Decision]:
    """What `decide` makes of `sentence` as a paragraph of a seller's page and of a news item."""
    return [cl.decide(cl.Unit(0, len(sentence), sentence, "paragraph"), kind)
            for kind in ("commercial", "news")]


@pytest.mark.parametrize("sentence", [
    "Choosing a clinic is a significant decision for most families.",
    "Our team will talk you through the options compared with other clinics.",
])
def test_significant_said_of_other_things_is_no_claim(sentence: str) -> None:
    assert not cl.decide(cl.Unit(0, len(sentence), sentence, "paragraph"), "commercial").is_claim


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Women who dyed their hair monthly were more than three times as likely to go on to "
     "develop bladder polyps than women who never did.", "safety"),
    ("Runners who took the beet shot were much more likely to finish under four hours.",
     "efficacy"),
])
def test_how_much_likelier_an_outcome_was_is_a_finding(sentence: str, kind: str) -> None:
    for d in on_pages_that_retell(sentence):
        assert d.is_claim and d.kind == kind, d.reason


def test_how_likely_something_is_in_general_is_no_finding() -> None:
    sentence = "Clients are more likely to enjoy the spa when they arrive early."
    assert not cl.decide(cl.Unit(0, len(sentence), sentence, "paragraph"), "commercial").is_claim
