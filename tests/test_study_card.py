"""A card summing up someone else's study (its title, design, size and length as labelled
fields) is a seller's or a database's page, not the report: its study is traced, not owned."""

from __future__ import annotations

from pathlib import Path

from evidence.parse import parse_document
from evidence.parse.kind import study_card
from tests.conftest import exported
from tests.test_page_retelling import _linked_reports

CARD = """Research behind our Beetroot Boost

Nitrate from beetroot lowers blood pressure in older adults over 4 weeks

Trial Design Randomized trial
Trial Length 4 Weeks
Number of Subjects 72
Age Range 60-80

In a randomized, double-blind, placebo-controlled trial, 72 older adults with raised blood
pressure drank beetroot juice rich in nitrate or nitrate-free juice daily for 4 weeks.
Systolic blood pressure fell by 7.7 mmHg with the nitrate-rich juice, and vessel stiffness
fell as well. The juice was well tolerated, and nobody stopped early because of it.
Researchers noted that the effect faded within a week of stopping the juice, and that
dietary nitrate may suit people who prefer food to tablets.
"""

PAPER = """Dietary nitrate from beetroot juice lowers blood pressure in older adults: a randomized,
double-blind, placebo-controlled trial

Hypertens Food Rep. 2019;14(2):88-97. doi: 10.5555/hfr.2019.088

Abstract
Background: Dietary nitrate lowers blood pressure in the young; less is known in older adults.
Methods: We randomly assigned 72 older adults with raised blood pressure to nitrate-rich
beetroot juice or nitrate-depleted beetroot juice daily for 4 weeks.
Results: Systolic blood pressure fell by 7.7 mmHg with nitrate-rich beetroot juice.
Conclusions: Dietary nitrate lowers blood pressure in older adults.
"""

STRUCTURED = """Nitrate and blood pressure in older adults

Study design: a randomized, double-blind, placebo-controlled trial.
Methods: We randomly assigned 72 older adults to nitrate-rich or nitrate-free juice daily
for 4 weeks, and measured blood pressure at home each morning and evening.
Results: Systolic blood pressure fell by 7.7 mmHg with nitrate-rich juice.
Conclusions: Dietary nitrate lowers blood pressure in older adults.
"""


def test_labelled_fields_of_a_study_make_a_card() -> None:
    assert study_card(CARD) == ["number of subjects", "trial design", "trial length"]
    # a single heading, or words that merely begin a sentence, are not a card
    assert study_card(STRUCTURED) == []
    assert study_card("Sample size calculation was done.\nStudy design was reviewed.") == []


def test_a_study_card_is_a_business_page_and_a_structured_abstract_still_a_paper() -> None:
    card = parse_document("card.txt", CARD.encode())
    assert card.kind == "commercial", card.kind_reason
    assert "study card" in card.kind_reason
    assert parse_document("paper.txt", STRUCTURED.encode()).kind == "journal_article"


def test_a_study_card_is_traced_to_the_report_it_sums_up(tmp_path: Path) -> None:
    data = exported(tmp_path, {"paper.txt": PAPER, "card.txt": CARD})
    assert _linked_reports(data, "card.txt") == {"paper.txt"}


WHO_CARD = """Green tea extract and sleep: what one study found

Study Details
- Who was studied: 42 healthy office workers
- How long: 6 weeks
- What they took: 300 mg of green tea extract or a look-alike capsule each evening

What the Research Found
Those taking the extract woke less often at night than those on the dummy capsule.

Participants: 42 adults aged 25 to 55 with mild sleep complaints
"""


def test_a_cards_field_counting_its_people_is_a_claim(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document("green-tea-card.txt", WHO_CARD.encode())
    claims = extractor.extract(doc).claims
    counted = [c for c in claims if c.text.startswith(("Who was studied", "Participants:"))]
    assert [c.kind for c in counted] == ["study_design", "study_design"]
    assert all(doc.text[c.start:c.end] == c.text for c in counted)
    assert not any(c.text.startswith("How long") for c in claims)


SUMMARY = """Tart cherry and muscle soreness: a study summary

This randomized controlled study found that tart cherry juice reduced muscle soreness by 20%
after a marathon.

Who was studied?

54 recreational runners, 30 men and 24 women, none of them injured.

What were the results?

Soreness fell faster in the juice group over the three days after the race.

Study Results:
- Recovery of leg strength was 12% faster with the juice.
"""


def test_what_a_summary_tells_under_a_study_heading_is_the_studys(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document("cherry-summary.txt", SUMMARY.encode())
    claims = extractor.extract(doc).claims
    told = [c for c in claims if c.text.startswith(("54 recreational", "Recovery of leg"))]
    assert len(told) == 2
    assert all(c.study_ref and c.attribution == "the same study" for c in told), \
        [(c.text, c.attribution) for c in told]
