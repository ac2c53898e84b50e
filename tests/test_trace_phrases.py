"""What tells which study a page means, against what only tells its field.

- Six words in a row shared with a report are often a phrase of the field ("reduced
  the severity of frown lines"): they count half, and alone they are no reason to
  link. Seven words or more in a row are a quotation, unless the page tells several results
  and none of them is the report's: then the words are the field's, not this study's.
- A page's head is like many reports of its field; a study the page describes, with its
  head count and length, says which one it means. Where that study matches another report
  more surely than the head does, the page retells that one."""

from __future__ import annotations

from evidence.assess import _retold
from evidence.assess.trace import THRESHOLD, Match, Target, key_terms, score
from evidence.extract.numbers import find_quantities
from evidence.models import CorpusSource, CorpusStudy, StudyRecord

REPORT = """Frown-line gel with a tripeptide: an open study

Abstract
Thirty adults applied the gel nightly. The gel reduced the severity of frown lines at
rest in most adults, and no one stopped for irritation.
"""


def _target(text: str, study_id: int = 1, source_id: int = 1) -> Target:
    src = CorpusSource(id=source_id, kind="journal_article", location=f"r{source_id}.txt",
                       text=text)
    st = StudyRecord(key="own", reported_in_own_source=True, design="non_randomized_trial",
                     participants=30)
    return Target(study_id, src, st, frozenset(), set(), [], set(), [], None,
                  terms=key_terms(text[:600]))


def test_one_six_word_phrase_of_the_field_counts_half_and_links_nothing() -> None:
    told = "Our serum reduced the severity of frown lines for many clients."
    m = score(None, told, find_quantities(told), _target(REPORT))
    assert any(x.startswith("phrase:") for x in m.matched_on)
    assert not any(x.startswith("quoted:") for x in m.matched_on)
    assert m.confidence < THRESHOLD


def test_seven_words_in_a_row_are_a_quotation() -> None:
    told = ("The authors wrote that the gel reduced the severity of frown lines at rest "
            "in most adults.")
    m = score(None, told, find_quantities(told), _target(REPORT))
    assert any(x.startswith("quoted:") for x in m.matched_on)


def test_a_study_the_page_describes_outweighs_its_heads_likeness() -> None:
    field_report, meant = _target(REPORT, 1, 1), _target(REPORT, 2, 2)
    head = Match(field_report, 0.61, ["terms:frown,lines"])
    described = Match(meant, 0.93, ["participants:30", "duration:12 weeks"])
    stub = CorpusStudy(id=7, source_id=9, study=StudyRecord(key="s1", reported_in_own_source=False))
    raw = {("page", 9): head, ("stub", 7): described}
    assert _retold(raw, {7: stub})[9] is described
    # a study described no more surely than the head leaves the head's match standing
    weaker = Match(meant, 0.55, ["participants:30"])
    assert _retold({("page", 9): head, ("stub", 7): weaker}, {7: stub})[9] is head


def test_a_quotation_with_every_result_told_otherwise_is_no_reason_to_link() -> None:
    told = ("The authors wrote that the gel reduced the severity of frown lines at rest "
            "in most adults: 71% vs 9% at week 4, 66% vs 8% at week 8.")
    m = score(None, told, find_quantities(told), _target(REPORT))
    assert any(x.startswith("quoted:") for x in m.matched_on)
    assert m.confidence < THRESHOLD
    # the quotation alone, with no results told, still links
    alone = "The authors wrote that the gel reduced the severity of frown lines at rest in most adults."
    assert score(None, alone, find_quantities(alone), _target(REPORT)).confidence >= THRESHOLD
