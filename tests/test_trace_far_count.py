"""A head count far from the report's is a sign of another study: where nothing else of the
study agrees (no result, year, length, quotation or trial name), a journal, a product or an
author in common is not enough to trace a page to the report. A figure agreeing still is."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import exported
from tests.test_page_retelling import _linked_reports

PAPER = """Acupressure wristbands for nausea after chemotherapy: a randomized, sham-controlled trial

Supportive Care Reports. 2017;11(2):90-98. doi: 10.5555/scr.2017.090

Abstract
Methods: We randomly assigned 212 adults starting chemotherapy to acupressure wristbands or
sham wristbands worn for 10 days.
Results: Nausea scores fell by 26% with acupressure wristbands and by 24% with sham bands.
Conclusion: Acupressure wristbands did not ease nausea more than sham bands.
"""

PAGE = """Wristbands for chemo nausea | Calm Path Acupuncture

Book your consultation today.

Clinical research published in Supportive Care Reports states that sham-controlled testing of
acupressure wristbands in {people} adults starting chemotherapy found them safe{result}.
"""


def test_a_journal_in_common_with_a_far_head_count_is_another_study(tmp_path: Path) -> None:
    page = PAGE.format(people="40", result="")
    data = exported(tmp_path, {"paper.txt": PAPER, "page.txt": page})
    assert _linked_reports(data, "page.txt") == set()


def test_a_journal_and_a_result_in_common_still_trace(tmp_path: Path) -> None:
    # the head count misquoted, a result agreeing: the page retells the report, and is checked
    page = PAGE.format(people="40", result=", and nausea scores fell by 26%")
    data = exported(tmp_path, {"paper.txt": PAPER, "page.txt": page})
    assert _linked_reports(data, "page.txt") == {"paper.txt"}
