"""How common a condition is among people at large is a page's background: never the
finding of the study the page tells of, nor of a paper's own study."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence.extract.lexicon import tells_prevalence
from tests.conftest import exported


@pytest.mark.parametrize(("sentence", "told"), [
    ("Migraine affects about 15% of adults worldwide.", True),
    ("Dry eye afflicts an estimated 16 million Americans each year.", True),
    ("One in five adults is afflicted with this condition.", True),
    ("In Norway alone, about 2 million people suffer from back pain.", True),
    ("The prevalence of rosacea is 5% to 10% of the general population.", True),
    # a study's people, or a change, are no prevalence
    ("Migraine affected 15% of participants in the placebo group.", False),
    ("Headache days fell by 40% in women taking the tablet.", False),
    ("Migraine affects the quality of life of many adults.", False),
])
def test_tells_prevalence(sentence: str, told: bool) -> None:
    assert tells_prevalence(sentence) is told


NEWS = """Feverfew tablets cut migraine days, trial finds

By Sam Ortiz, Health Reporter | March 3, 2021

A 2020 randomized trial of 120 women found that a daily feverfew tablet cut migraine days by 38%
over 12 weeks, compared with 12% on placebo.

Migraine affects about 15% of adults worldwide, and it is more common in women.

Attacks were shorter on the tablet too, the researchers said.
"""

PAPER = """Feverfew for Migraine Prevention in Women: A Randomized Placebo-Controlled Trial

J Headache Herb. 2020;4(1):5-12. doi: 10.5555/jhh.2020.005

Abstract
Migraine affects about 15% of adults worldwide, and few preventive options are herbal.
Methods: We randomly assigned 120 women with migraine to feverfew 100 mg or placebo daily for
12 weeks.
Results: Migraine days fell by 38% with feverfew and by 12% with placebo.
"""


def test_prevalence_is_credited_to_no_study(tmp_path: Path) -> None:
    out = exported(tmp_path, {"feverfew-news.txt": NEWS, "feverfew-paper.txt": PAPER})
    news = next(s["id"] for s in out["sources"] if s["location"].endswith("feverfew-news.txt"))
    paper = next(s["id"] for s in out["sources"] if s["location"].endswith("feverfew-paper.txt"))

    def claim(source: int, start: str) -> dict:  # type: ignore[type-arg]
        return next(c for c in out["claims"] if c["source_id"] == source
                    and c["text"].startswith(start))

    told = claim(news, "Migraine affects about 15%")
    assert told["evidence_class"] == "unverified" and told["attribution"] is None
    assert claim(news, "A 2020 randomized trial")["evidence_class"] == "attributed"
    own = claim(paper, "Migraine affects about 15%")
    assert own["evidence_class"] == "unverified" and own["background"] is True
    assert claim(paper, "Results: Migraine days fell")["evidence_class"] == "randomized"


@pytest.mark.parametrize(("sentence", "who"), [
    # how common a condition is, told by a named doctor: the doctor's word
    ("Hay fever, which peaks in spring, may be experienced by up to 30% of adults, said "
     "Dr. Ana Ruiz, an allergist at a city clinic.", ("Dr. Ana Ruiz", "expert")),
    # a study's figure told by its author stays the study's
    ("Some 75 percent of the users improved, said Glaser.", (None, None)),
])
def test_a_prevalence_figure_told_by_a_named_speaker(sentence: str, who: tuple) -> None:  # type: ignore[type-arg]
    from evidence.extract import claims as cl

    assert cl.attribution_of(cl.Probe(sentence), None) == who
