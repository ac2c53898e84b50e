"""A report's head count where no sentence says who enrolled: the one count of people it
gives is the number it studied."""

from __future__ import annotations

from evidence.extract import Extractor
from tests.test_extract import extract, own_study

REPORT = """Beetroot juice and recovery in rowers: a controlled study

Sport Nutr Rep. 2015;8(1):12-19. doi: 10.5555/snr.2015.012

Abstract
Muscle soreness after hard training slows athletes down. Beetroot juice is a natural drink
with many supposed benefits, including faster recovery. We assessed influence of beetroot
juice on recovery related markers in a group of 18 athletes during peak training for a
regatta. This double-blind, placebo-controlled study lasted 4 weeks. Soreness scores fell by
30% with the juice.
"""


def test_the_one_count_of_people_a_report_gives_is_its_head_count(extractor: Extractor) -> None:
    """"In a group of 18 athletes": no word of enrolling, but no other count either."""
    _, result = extract(extractor, REPORT, "report.txt")
    st = own_study(result)
    assert st.participants == 18
    assert st.evidence["participants"][0].text == "18 athletes"


def test_two_different_counts_with_no_enrolment_named_give_no_head_count(
        extractor: Extractor) -> None:
    """Which of two counts is the whole and which a part, nothing says: none is guessed."""
    text = REPORT.replace("Soreness scores fell by", "Soreness scores fell in 12 athletes by")
    _, result = extract(extractor, text, "report.txt")
    assert own_study(result).participants is None
