"""Words a rule-maker shares with a biologist or a publisher make no regulatory claim: a
hormone that regulates sleep is physiology, and an article's licence is its back matter."""

from __future__ import annotations

from evidence.parse import parse_document

PAPER = """Oral glycine and sleep onset in adults with poor sleep

Abstract
Glycine is an amino acid that helps regulate body temperature during the night. In this
randomized crossover trial, 18 adults took 3 g of glycine or placebo before bed for a week.
Sleep latency was shorter with glycine (p = 0.02), and markers of inflammation were
significantly down-regulated in the glycine group.

This is an open access article under the terms of the Creative Commons Attribution License,
which permits use and reproduction in any medium, provided the original work is cited.
Editor who approved publication: Dr Ada Lund

The FDA has not approved glycine for the treatment of insomnia.
"""


def test_the_bodys_regulation_and_a_licence_are_no_regulatory_claims(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document("glycine-sleep.txt", PAPER.encode())
    claims = extractor.extract(doc).claims
    regulatory = [c.text for c in claims if c.kind == "regulatory"]
    assert regulatory == ["The FDA has not approved glycine for the treatment of insomnia."]
    assert not any("Creative Commons" in c.text or "Editor who" in c.text for c in claims)

