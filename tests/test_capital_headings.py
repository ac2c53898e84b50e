"""A clinical journal's abstract as literature cards copy it: its headings in capitals run
into the text ("HYPOTHESIS ... DESIGN AND SETTING ... PATIENTS ... MAIN OUTCOME MEASURES
... RESULTS A total of ..."), with no colon and no line break. Those headings make a
structured abstract; a seller's study card, heading its lines "Participants:" and
"Design:", does not become a paper by them."""

from __future__ import annotations

from evidence.parse import parse_document

CARD = (
    "Warm compresses shorten styes in adults.\n\n"
    "  title={Warm compresses shorten styes in adults.},\n"
    "  author={Ana Ruiz and Tom Bell},\n"
    "HYPOTHESIS Warm compresses applied four times a day may speed the healing of a stye. "
    "DESIGN AND SETTING Prospective study in two eye clinics of a teaching hospital. "
    "PATIENTS Fifty-two adults with a stye of less than two days. MAIN OUTCOME MEASURES "
    "Days to resolution, pain scores and recurrence. RESULTS A… CONTINUE READING\n")

SELLER = (
    "Why our eye mask works: the study\n\n"
    "Design: a small study run by a clinic in Leeds.\n"
    "Participants: 30 adults with dry eyes.\n"
    "Intervention: our heated mask for ten minutes each night.\n"
    "Result: 80% said their eyes felt better after two weeks.\n\n"
    "Order your mask today and get free delivery on orders over £30.\n")


def test_capital_headings_run_into_the_text_make_a_structured_abstract() -> None:
    doc = parse_document("card.txt", CARD.encode())
    assert doc.kind == "journal_article", doc.kind_reason
    assert "structured abstract" in doc.kind_reason


def test_a_sellers_study_card_is_no_structured_abstract() -> None:
    doc = parse_document("mask.txt", SELLER.encode())
    assert "structured abstract" not in doc.kind_reason
    assert doc.kind != "journal_article"
