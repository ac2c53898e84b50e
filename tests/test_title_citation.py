"""A report's title quoted in a page cites it, but not the design words every trial
report's title may open with: a page saying it tells of "a randomized, double-blind,
placebo-controlled clinical trial" cites no report by those words alone."""

from __future__ import annotations

from evidence.assess.trace import THRESHOLD, Target, citable_title, key_terms, score
from evidence.extract.numbers import find_quantities
from evidence.models import CorpusSource, StudyRecord

TITLE = ("Randomized, double-blind, placebo-controlled clinical trial for evaluating "
         "nettle leaf extract against cetirizine in seasonal hay fever")


def _target() -> Target:
    src = CorpusSource(id=1, kind="journal_article", location="p.txt", text=TITLE, title=TITLE)
    st = StudyRecord(key="own", reported_in_own_source=True, design="rct", randomized=True,
                     participants=120)
    return Target(1, src, st, frozenset(), set(), [], set(), [], "2019", terms=key_terms(TITLE))


def test_a_title_opening_on_its_design_is_cited_by_what_follows() -> None:
    key = citable_title(TITLE)
    assert key is not None and key.startswith("evaluating nettle leaf extract")
    assert citable_title("A randomized controlled trial") is None
    assert citable_title("Nettle leaf extract for hay fever: a trial") == \
        "nettle leaf extract for hay fever: a trial"


def test_the_design_words_alone_cite_nothing() -> None:
    told = ("This was a randomized, double-blind, placebo-controlled clinical trial of "
            "oral vitamin pills in 60 students.")
    m = score(None, told, find_quantities(told), _target())
    assert "title" not in m.matched_on and m.confidence < THRESHOLD


def test_the_distinctive_part_of_the_title_still_cites() -> None:
    told = ("Our source: evaluating nettle leaf extract against cetirizine in seasonal hay "
            "fever, a trial from Lisbon.")
    m = score(None, told, find_quantities(told), _target())
    assert "title" in m.matched_on and m.confidence >= THRESHOLD
