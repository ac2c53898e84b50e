"""A head count told as a bound ("more than 800 women", "nearly 300 women") is read as one:
it agrees with the report's count when that count lies within it."""

from __future__ import annotations

from pathlib import Path

from evidence.assess.trace import bounds_holding, within_bound
from tests.conftest import exported
from tests.test_page_retelling import _linked_reports

PAPER = """Acupressure wristbands for nausea after chemotherapy: a randomized, sham-controlled trial

Support Care Rep. 2017;11(2):90-98. doi: 10.5555/scr.2017.090

Abstract
Methods: We randomly assigned 212 adults starting chemotherapy to acupressure wristbands or
sham wristbands worn for 10 days.
Results: Nausea scores fell by 26% with acupressure wristbands and by 24% with sham bands.
Conclusion: Acupressure wristbands did not ease nausea more than sham bands.
"""

PAGE = """Wristbands for chemo nausea: a big trial says no

A randomized trial of more than 200 adults starting chemotherapy found that acupressure
wristbands eased nausea no more than sham wristbands did over 10 days.
Wristbands are cheap, and many patients still like them.
"""


def test_a_bound_holds_the_counts_within_a_tenth_of_it() -> None:
    assert within_bound(800, ">", 848)
    assert within_bound(300, "<", 291)
    assert not within_bound(800, ">", 900)  # more than a tenth beyond
    assert not within_bound(800, ">", 790)  # on the wrong side
    assert not within_bound(825, ">", 848)  # not round figures: told as it was counted
    assert not within_bound(800, None, 848)


def test_the_index_keys_a_report_under_every_bound_holding_it() -> None:
    keys = bounds_holding(848)
    assert 800 in keys and 900 in keys and 848 not in keys
    assert all(within_bound(k, ">", 848) or within_bound(k, "<", 848) for k in keys)
    assert 3000 in bounds_holding(3212)


def test_a_page_telling_more_than_n_people_is_traced_to_the_report(tmp_path: Path) -> None:
    data = exported(tmp_path, {"paper.txt": PAPER, "page.txt": PAGE})
    assert _linked_reports(data, "page.txt") == {"paper.txt"}


def test_a_bound_the_report_lies_outside_of_is_another_study(tmp_path: Path) -> None:
    data = exported(tmp_path, {"paper.txt": PAPER,
                               "page.txt": PAGE.replace("more than 200", "more than 300")})
    assert _linked_reports(data, "page.txt") == set()
