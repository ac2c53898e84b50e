"""Of two reports on one substance, the one given at the dose a page tells is likelier the
one it retells: a dose told that a report does not give counts a little against it, and
stands as a mismatch on any link made despite it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import exported
from tests.test_page_retelling import _linked_reports

HIGH_DOSE = """Ginger root powder and nausea in long-haul drivers: a randomized trial

Transport Health Rep. 2016;4(2):55-61. doi: 10.5555/thr.2016.0042

Abstract
Methods: Sixty adults who drive for a living were randomized to ginger root powder, 1000 mg/day, or placebo for 4 weeks.
Results: Nausea scores fell with ginger, and the capsules were well tolerated.
Travel sickness episodes were fewer with ginger root powder than with placebo.
"""

PAGE = """Ginger for the road

In a placebo-controlled 2016 study of drivers, 60 adults took 250 mg of ginger
root powder or a placebo each day. Nausea scores and travel sickness episodes fell with the
ginger root powder, and nobody stopped because of side effects.
"""


def _links(tmp_path: Path, report: str) -> list[dict]:
    tmp_path.mkdir(exist_ok=True)
    data = exported(tmp_path, {"report.txt": report, "page.txt": PAGE})
    assert _linked_reports(data, "page.txt") == {"report.txt"}
    return data["links"]


def test_another_dose_stands_as_a_mismatch_on_the_link(tmp_path: Path) -> None:
    mismatches = {x for ln in _links(tmp_path, HIGH_DOSE) for x in ln["mismatches"]}
    assert "dose: 250 mg vs 1000 mg" in mismatches


def test_another_dose_counts_a_little_against_the_match(tmp_path: Path) -> None:
    other = max(ln["confidence"] for ln in _links(tmp_path / "a", HIGH_DOSE))
    untold = max(ln["confidence"] for ln in _links(tmp_path / "b", HIGH_DOSE.replace(
        "ginger root powder, 1000 mg/day, or placebo", "ginger root powder or placebo")))
    assert other < untold
