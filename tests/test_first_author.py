""""Kim et al." names a paper's first author: a report whose byline merely lists a Kim
further down is not the paper that citation means."""

from __future__ import annotations

from evidence.assess.trace import Target, key_terms, score
from evidence.extract.numbers import find_quantities
from evidence.models import CorpusSource, StudyRecord

REPORT = """Oral hyaluronan and skin hydration in photo-aged adults
Min-Ji Park, Seo-Yeon Lee, Dae-Hyun Cho, Ji-Woo Kim
Abstract
Adults with dry, photo-aged skin took oral hyaluronan or placebo for 12 weeks; skin
hydration rose and wrinkle depth fell with hyaluronan.
"""


def _target(first_author: str) -> Target:
    src = CorpusSource(id=1, kind="journal_article", location="report.txt", text=REPORT)
    st = StudyRecord(key="own", reported_in_own_source=True, design="rct",
                     citation={"first_author": first_author})
    return Target(1, src, st, frozenset(), set(), [], set(), [], None,
                  terms=key_terms(REPORT[:600]))


def test_et_al_matches_the_first_author_only() -> None:
    told = "Kim et al. found that oral hyaluronan improved skin hydration and wrinkles."
    fourth = score(None, told, find_quantities(told), _target("Min-Ji Park"))
    first = score(None, told, find_quantities(told), _target("Ji-Woo Kim"))
    assert "author:Kim" not in fourth.matched_on
    assert "author:Kim" in first.matched_on


def test_a_named_researcher_may_be_any_author() -> None:
    told = "Dr. Kim and colleagues found that oral hyaluronan improved skin hydration."
    m = score(None, told, find_quantities(told), _target("Min-Ji Park"))
    assert "author:Kim" in m.matched_on
