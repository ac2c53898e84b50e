"""A retelling drops a hedge only where the study hedged its own finding: what an abstract
says was known before (its background, its aims) is not the study's word on its result."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import exported

SAGE_PAPER = """Sage Mouth Rinse for Bleeding Gums: A Randomized Placebo-Controlled Trial

J Oral Herb Med. 2018;9(2):31-38. doi: 10.5555/johm.2018.031

Abstract
Background: Earlier small reports suggest that a sage mouth rinse may reduce gum bleeding in adults.
Methods: We randomly assigned 80 adults with bleeding gums to a sage mouth rinse or a placebo
rinse twice daily for 8 weeks.
Results: Gum bleeding fell by 35% with the sage rinse and by 12% with the placebo rinse.
Conclusions: {conclusion}
"""

SAGE_PAGE = """Why our sage rinse works

Fresh Mouth Co. sells the sage rinse dentists talk about.

In a randomized trial of 80 adults published in the Journal of Oral Herb Medicine in 2018,
the sage mouth rinse reduces gum bleeding by 35% in adults after 8 weeks.

Order a bottle today and get free shipping.
"""


@pytest.mark.parametrize(
    ("conclusion", "flagged"),
    [
        # the study's own finding is firm: the hedge of its background is none of the page's
        ("Twice-daily sage rinse reduced gum bleeding in adults.", False),
        # the study hedges its own finding: the page that states it firmly drops the hedge
        ("A sage mouth rinse may reduce gum bleeding in adults.", True),
    ],
)
def test_a_hedge_of_the_background_is_not_the_findings(tmp_path: Path, conclusion: str,
                                                       flagged: bool) -> None:
    out = exported(tmp_path, {"sage-paper.txt": SAGE_PAPER.format(conclusion=conclusion),
                              "sage-page.txt": SAGE_PAGE})
    paper = next(s["id"] for s in out["sources"] if s["location"].endswith("sage-paper.txt"))
    page = next(s["id"] for s in out["sources"] if s["location"].endswith("sage-page.txt"))
    finding = next(c for c in out["claims"]
                   if c["source_id"] == page and "reduces gum bleeding" in c["text"])
    behind = {st["id"]: st["source_id"] for st in out["studies"]}
    assert behind.get(finding["study_id"]) == paper  # traced to the paper
    dropped = [f for f in finding["flag_details"] if f["code"] == "hedge_dropped"]
    assert bool(dropped) is flagged
    if flagged:
        assert dropped[0]["other_text"].startswith("Conclusions: A sage mouth rinse may")
    background = next(c for c in out["claims"] if c["source_id"] == paper
                      and c["text"].startswith("Background:"))
    assert background["background"] is True


@pytest.mark.parametrize(
    ("text", "section", "label", "before"),
    [
        ("Aims: Earlier cohorts have shown a higher risk with the older drug.", None, None, True),
        ("OBJECTIVE: To learn whether the rinse eases bleeding.", None, None, True),
        ("Most reports so far are small.", "Introduction", None, True),
        ("Most reports so far are small.", None, "Background", True),
        # a sentence opening on a word that can head a part is no label
        ("Participants in the rinse group were more likely to stop bleeding.", None, None, False),
        ("Design of the rinse bottle changed twice.", "Results", None, False),
        ("Bleeding fell by a third.", None, "Results", False),
    ],
)
def test_before_findings(text: str, section: str | None, label: str | None, before: bool) -> None:
    from evidence.extract import claims as cl

    unit = cl.Unit(0, len(text), text, "paragraph", section=section, paragraph_label=label)
    assert cl.before_findings(unit) is before
