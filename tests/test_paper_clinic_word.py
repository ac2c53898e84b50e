"""A paper with none of its identifiers in the copy names the clinic it ran in and the
sessions it gave: that one word of a practice, where the whole wording reads more like a
paper's than not, makes no business page. A page with more of a business's marks stays one."""

from __future__ import annotations

from evidence.parse import parse_document

PAPER = """Effect of a handheld cooling stone on forehead skin perfusion in healthy adults

This pilot investigation examined whether six minutes of facial stroking with a chilled stone changes superficial perfusion of the forehead. Fifteen healthy volunteers aged 24 to 61 years were recruited at a university dermatology clinic. Perfusion was recorded with laser speckle contrast imaging before stroking, immediately after, and at ten and twenty minutes. Mean perfusion rose by 41% immediately after stroking and remained 18% above baseline at twenty minutes (p < 0.01). Skin temperature fell by 2.1 degrees during the procedure and recovered within ten minutes. No adverse reactions were observed. These findings suggest that brief mechanical stimulation of facial skin produces a transient increase in microvascular flow that outlasts the stimulus. Perfusion units were normalised to each participant's baseline, and repeated measures were compared by analysis of variance with post hoc correction for multiple comparisons. Inter-observer agreement for the imaging regions of interest was high (intraclass correlation coefficient 0.91). Larger controlled investigations with repeated exposures are warranted to determine whether the effect accumulates and whether it bears on any clinical outcome.
"""


def test_a_papers_clinic_alone_makes_no_business_page() -> None:
    doc = parse_document("stone.txt", PAPER.encode())
    assert doc.kind == "journal_article", doc.kind_reason


def test_a_clinic_with_a_call_to_action_stays_a_business() -> None:
    page = PAPER + "\nBook a consultation with our team today: call us on 0123 456 789.\n"
    doc = parse_document("stone.txt", page.encode())
    assert doc.kind == "commercial", doc.kind_reason
