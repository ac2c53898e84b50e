"""A retelling that names what kind of study it tells of ("an analysis of 22 separate
studies") says which report it means a little more narrowly: a review of studies is one of
the reviews, not of the trials. A described study counting the studies it took in is a
review, whatever word the retelling uses for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence.assess.trace import same_design
from evidence.models import StudyRecord
from evidence.parse import parse_document
from tests.conftest import exported
from tests.test_page_retelling import _linked_reports

REVIEW = """Butterbur extract for seasonal allergic rhinitis: a systematic review and meta-analysis

Allergy Pract Rev. 2019;11(3):201-214. doi: 10.5555/apr.2019.0311

Abstract
Methods: We searched five databases for trials of butterbur extract in seasonal allergic rhinitis and pooled 22 studies in a random-effects model.
Results: Butterbur extract reduced nasal symptom scores by 18% against placebo, with mild gastrointestinal upset the commonest complaint.
"""

PAGE = """Butterbur eases hay fever, researchers say

Butterbur extract cuts the sniffles of hay fever, a new study has found. The team behind
it, writing in 2019, based their findings on an analysis of 22 separate studies of butterbur
extract in seasonal allergic rhinitis, and found nasal symptom scores fell by 18%.
"""


def _study_of(extractor, page: str) -> StudyRecord:  # type: ignore[no-untyped-def]
    doc = parse_document("page.txt", page.encode())
    return next(s for s in extractor.extract(doc).studies if not s.reported_in_own_source)


@pytest.mark.parametrize(("told", "design"), [
    ("based their findings on an analysis of 22 separate studies of butterbur.", "meta_analysis"),
    ("Their review of 14 trials of butterbur was published in 2019.", "systematic_review"),
])
def test_a_study_of_studies_is_a_review(extractor, told: str, design: str) -> None:  # type: ignore[no-untyped-def]
    page = f"Butterbur and hay fever\n\nA new study of butterbur for hay fever appeared this spring. The researchers {told}\n"
    assert _study_of(extractor, page).design == design


def test_a_study_counting_its_people_is_no_review(extractor) -> None:  # type: ignore[no-untyped-def]
    page = ("Butterbur and hay fever\n\nA new study of butterbur for hay fever appeared this "
            "spring: the researchers gave 22 volunteers the extract for 3 weeks.\n")
    assert _study_of(extractor, page).design != "meta_analysis"


@pytest.mark.parametrize(("told", "reported", "shared"), [
    ("meta_analysis", "meta_analysis", "meta_analysis"),
    # a review that pools is called either
    ("meta_analysis", "systematic_review", "systematic_review"),
    ("cohort", "cohort", "cohort"),
    ("cohort", "case_series", None),
    # a randomized trial counts through `randomized`, an unknown design not at all
    ("rct", "rct", None),
    ("unknown", "meta_analysis", None),
])
def test_designs_that_narrow(told: str, reported: str, shared: str | None) -> None:
    assert same_design(StudyRecord("a", False, design=told), StudyRecord("b", True, design=reported)) \
        == shared


def test_a_retelling_of_a_review_is_traced_by_its_design_too(tmp_path: Path) -> None:
    data = exported(tmp_path, {"review.txt": REVIEW, "page.txt": PAGE})
    assert _linked_reports(data, "page.txt") == {"review.txt"}
    matched = {x for ln in data["links"] for x in ln["matched_on"]}
    assert "design:meta_analysis" in matched
