"""A trial's name, given by a retelling and by the report, links them as a citation does."""

from __future__ import annotations

import pytest

from evidence.assess.trace import (
    THRESHOLD,
    Target,
    TargetIndex,
    claim_side,
    key_terms,
    score,
    trial_names,
)
from evidence.extract.numbers import find_quantities
from evidence.models import CorpusSource, StudyRecord

REPORT = """SLEEPWELL-2, a Multicenter, Randomized, Placebo-Controlled Trial of Chamomile Extract
Abstract
METHODS Adults with poor sleep took chamomile extract or placebo nightly for eight weeks.
RESULTS Among 120 extract-treated and 118 placebo-treated adults, sleep improved in 61% and 34%.
"""


@pytest.mark.parametrize(("text", "names"), [
    ("The Bedtime Drinks Intervention Trial (BEDTIME) compared warm milk with water.", {"BEDTIME"}),
    ("Results from the SLEEPWELL-2 phase 3 trial were published today.", {"SLEEPWELL-2"}),
    ("SLEEPWELL-2, a Multicenter, Randomized Trial", {"SLEEPWELL-2"}),
    ("the STEP 4 trial", {"STEP 4"}),
    # pooled studies named in brackets, and a subtitle naming the trial
    ("pooled data from two phase 3 studies (DREAMY 1 and DREAMY 2)", {"DREAMY 1"}),
    ("Sleep scores after one year: SLEEPWELL Trial", {"SLEEPWELL"}),
    # a literature database searched, an identifier's label on the next line: no trial
    ("we searched the Cochrane Central Register of Controlled Trials (CENTRAL)", set()),
    ("Full text: PMC2928471\nStudy summary", set()),
    # an agency, an abstract's section label: never a trial
    ("the FDA study found", set()),
    ("RESULTS: A total of 40 adults took part.", set()),
    # a title opening on the name, after a finished line; in a copy wrapped at a fixed
    # width a line may begin mid-sentence on a hormone's or a test's letters
    ("Sleep research.\nSLEEPWELL-2, a Multicenter, Randomized Trial", {"SLEEPWELL-2"}),
    ("the lotion blocks the conversion of testosterone into\nDHT, a more potent androgen", set()),
])
def test_the_names_a_text_gives_a_trial(text: str, names: set[str]) -> None:
    assert trial_names(text) == names


def _target(text: str = REPORT) -> Target:
    src = CorpusSource(id=1, kind="journal_article", location="report.txt", text=text)
    st = StudyRecord(key="own", reported_in_own_source=True, design="rct", participants=238)
    return Target(1, src, st, frozenset(), set(), [], set(), [], None,
                  terms=key_terms(text[:600]))


def test_a_retelling_naming_the_trial_is_traced_to_its_report() -> None:
    told = "In the SLEEPWELL-2 study, chamomile helped most adults sleep better."
    m = score(None, told, find_quantities(told), _target())
    assert m.confidence == 1.0 and "trial:SLEEPWELL-2" in m.matched_on
    index = TargetIndex([_target()])
    assert [t.source.location for t, cited in index.candidates(claim_side(None, told, []))
            if cited] == ["report.txt"]


def test_another_trial_of_the_family_is_not_the_same_trial() -> None:
    report = REPORT.replace("SLEEPWELL-2, a Multicenter", "The SLEEPWELL trial, a Multicenter")
    assert trial_names(report) == {"SLEEPWELL"}
    told = "In the SLEEPWELL-3 study, chamomile helped most adults sleep better."
    assert score(None, told, find_quantities(told), _target(report)).confidence < THRESHOLD
