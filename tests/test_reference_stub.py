"""A reference a page prints with its identifier is a study the page cites: a stub read from
the whole line, traced to the report by its DOI."""

from __future__ import annotations

from pathlib import Path

from evidence.parse import parse_document
from tests.conftest import exported
from tests.test_page_retelling import _linked_reports

REPORT = """Hawthorn berry extract and resting blood pressure in older adults: a randomized trial

Cardio Herb Rep. 2017;5(2):41-48. doi: 10.5555/chr.2017.0041

Abstract
Methods: Seventy-two adults aged 60 to 80 years were randomized to hawthorn berry extract
500 mg/day or placebo for 16 weeks.
Results: Resting systolic pressure fell by 6.1 mmHg with hawthorn and by 1.2 mmHg with placebo.
"""

PAGE = """Herb notes: hawthorn and blood pressure

Re: Hawthorn berry extract for older adults

Lind A, Okafor B. Hawthorn berry extract and resting blood pressure in older adults: a randomized trial. Cardio Herb Rep. 2017. doi: 10.5555/chr.2017.0041.

Hawthorn has a long history in European herbal practice, and interest in it keeps growing.
These authors set out to see whether an extract of the berries lowers blood pressure.
"""


def test_a_reference_with_its_doi_is_a_stub_read_from_its_line(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document("page.txt", PAGE.encode())
    stubs = [s for s in extractor.extract(doc).studies if not s.reported_in_own_source]
    assert len(stubs) == 1
    span = stubs[0].evidence["descriptor"][0]
    assert doc.text[span.start:span.end] == span.text
    assert span.text.startswith("Lind A, Okafor B.") and span.text.endswith("chr.2017.0041.")


def test_the_page_is_traced_to_the_report_it_cites(tmp_path: Path) -> None:
    data = exported(tmp_path, {"report.txt": REPORT, "page.txt": PAGE})
    assert _linked_reports(data, "page.txt") == {"report.txt"}
