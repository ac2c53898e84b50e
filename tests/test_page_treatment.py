"""What a clinic's page says of its treatment, calling it by its common noun ("this
treatment", "the procedure"), is a claim about that treatment."""

from __future__ import annotations

from evidence.parse import parse_document

CLINIC = """Jaw clenching? Ask about muscle-relaxing injections

Many of our patients grind their teeth at night without knowing it. This treatment is not
only effective, but also safe. The procedure takes about ten minutes in our rooms.
"""


def test_what_a_page_says_of_its_treatment_by_its_common_noun_is_a_claim(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document("jaw-clinic.txt", CLINIC.encode())
    texts = [" ".join(c.text.split()) for c in extractor.extract(doc).claims]
    assert "This treatment is not only effective, but also safe." in texts
