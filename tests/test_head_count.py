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


def test_a_threshold_is_no_count_of_people() -> None:
    """"Participants with a score >5 were included": five is the bar, not who was included."""
    from evidence.extract.numbers import find_quantities

    qs = find_quantities("Sleepers with an index >5 were included and randomised by order of "
                         "injection, and scores ≥ 12 were included in the analysis.")
    assert not [q for q in qs if q.unit == "participants"]


def test_students_are_people_counted() -> None:
    from evidence.extract.numbers import find_quantities

    qs = find_quantities("A controlled study was carried out among 40 nursing students.")
    assert [(q.value, q.unit) for q in qs] == [(40.0, "participants")]


TRIAL = """Cold packs for shin splints in recruits: a randomised trial

Mil Sports Med. 2019;6(3):77-84. doi: 10.5555/msm.2019.077

Abstract
Methods: Recruits with shin pain were eligible. 64 recruits were screened and 52 were
randomised to cold packs or usual care for 3 weeks.
Results: Pain scores fell by 41% with cold packs against 18% with usual care.
"""


def test_those_randomised_are_the_trials_head_count_not_those_recruited(
        extractor: Extractor) -> None:
    text = TRIAL.replace("64 recruits were screened and 52 were\nrandomised to cold packs or "
                         "usual care", "61 participants were recruited, 52 randomised to cold "
                         "packs or\nusual care")
    _, result = extract(extractor, text, "trial.txt")
    assert own_study(result).participants == 52


def test_a_count_randomised_to_one_arm_is_that_arms(extractor: Extractor) -> None:
    """"Of 98 eligible, 50 were randomized to cold packs and 48 to usual care": the arms add up
    to the whole; the first arm's count is not the trial's."""
    text = TRIAL.replace("64 recruits were screened and 52 were\nrandomised to cold packs or "
                         "usual care", "Of 98 recruits eligible, 50 were randomized to cold "
                         "packs\nand 48 to usual care")
    _, result = extract(extractor, text, "trial.txt")
    assert own_study(result).participants == 98
