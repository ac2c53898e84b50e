"""A head count far from the report's is a sign of another study: where nothing else of the
study agrees (no result, year, length, quotation or trial name), a journal, a product or an
author in common alone is not enough to trace a page to the report. A figure agreeing still
is, and so are two of them (the journal and the author: see `test_journals`)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import exported
from tests.test_page_retelling import _linked_reports
from tests.test_trace_bound import PAPER as BOUND_PAPER

# the wristband trial of `test_trace_bound`, its journal named in full
PAPER = BOUND_PAPER.replace("Support Care Rep.", "Supportive Care Reports.")

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
