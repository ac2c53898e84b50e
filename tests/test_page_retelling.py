"""A page that retells one study: what it describes is read against that study first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import exported

NETTLE_PAPER = """Nettle Tea versus Cetirizine for Seasonal Hay Fever: A Randomized Trial

J Allergy Herbs. 2016;12(3):44-51. doi: 10.5555/jah.2016.044

Abstract
Methods: We randomly assigned 120 adults with hay fever to nettle tea or cetirizine 5 mg
daily for 6 months.
Results: Symptom scores fell by 38% with nettle tea and by 41% with cetirizine.
Conclusion: Nettle tea was not inferior to cetirizine for seasonal hay fever.
"""

CHAMOMILE_PAPER = """Chamomile Tea versus Cetirizine for Hay Fever in Adults: A Randomized Trial

Herbal Med Rep. 2019;7(2):10-18. doi: 10.5555/hmr.2019.010

Abstract
Methods: We randomly assigned 48 adults with hay fever to chamomile tea or cetirizine 10 mg
daily for 6 months.
Results: Symptom scores fell by 22% with chamomile tea and by 40% with cetirizine.
"""

NETTLE_PAGE = """Greenleaf Nettle Tea: the research

Free shipping on orders over $35.

This study compares the tea with a cetirizine 10 mg tablet in adults with hay fever after
6 months of use.

{filler}

The randomized trial was conducted with 120 adults with seasonal hay fever, who drank the tea
or took cetirizine daily. Symptom scores fell by 38% with nettle tea and by 41% with
cetirizine.

Shop Greenleaf nettle tea today.
""".format(filler=" ".join(["Hay fever makes spring hard for many people, and a calm cup of tea "
                            "is part of the day for those who love the garden."] * 6))

MANY_YEARS_PAGE = """Chamomile tea for hay fever

Chamomile tea is a popular remedy for seasonal hay fever in adults, next to cetirizine
tablets. Symptom scores fall by about 22% with chamomile tea, drinkers say.

Most people drink chamomile tea daily for 6 months or more.

A 2011 study in mice found that chamomile eased nasal swelling.

A study published in 2019 looked at lavender oil for sleep in students.
"""


def _linked_reports(data: dict[str, Any], page: str) -> set[str]:
    """The documents whose own study the page's claims or described studies link to."""
    src = {s["id"]: s["location"].rsplit("/", 1)[-1] for s in data["sources"]}
    own = {st["id"]: src[st["source_id"]] for st in data["studies"]
           if st["reported_in_own_source"]}
    page_id = next(i for i, loc in src.items() if loc == page)
    mine_claims = {c["id"] for c in data["claims"] if c["source_id"] == page_id}
    mine_stubs = {st["id"] for st in data["studies"] if st["source_id"] == page_id}
    return {own[lk["to_study"]] for lk in data["links"] if lk["to_study"] in own and (
        lk.get("from_claim") in mine_claims or lk.get("from_study") in mine_stubs)}


def test_a_described_study_is_the_one_its_page_retells(tmp_path: Path) -> None:
    data = exported(tmp_path, {"nettle.txt": NETTLE_PAPER, "chamomile.txt": CHAMOMILE_PAPER,
                              "page.txt": NETTLE_PAGE})
    assert _linked_reports(data, "page.txt") == {"nettle.txt"}


def test_a_page_naming_several_years_claims_none_of_them(tmp_path: Path) -> None:
    data = exported(tmp_path, {"chamomile.txt": CHAMOMILE_PAPER, "page.txt": MANY_YEARS_PAGE})
    assert _linked_reports(data, "page.txt") == set()


FINDINGS_PAGE = """Nettle tea and hay fever

Researchers followed 120 adults with seasonal hay fever who drank nettle tea or took
cetirizine 5 mg daily for 6 months. Symptom scores fell by 38% with the tea.

They found that 62 percent of the tea drinkers slept better during the pollen season.

Another study found that 30 percent of gardeners sneeze less after a cup of mint tea.
"""


def test_a_finding_told_in_the_researchers_voice_is_the_retold_studys(tmp_path: Path) -> None:
    data = exported(tmp_path, {"nettle.txt": NETTLE_PAPER, "page.txt": FINDINGS_PAGE})
    src = {s["id"]: s["location"].rsplit("/", 1)[-1] for s in data["sources"]}
    claims = {c["text"][:20]: c for c in data["claims"] if src[c["source_id"]] == "page.txt"}
    linked = {lk.get("from_claim") for lk in data["links"]}
    found = next(c for t, c in claims.items() if t.startswith("They found"))
    assert found["id"] in linked and found["evidence_class"] == "attributed"
    other = next(c for t, c in claims.items() if t.startswith("Another study"))
    assert other["id"] not in linked


GROUPS_PAGE = """Nettle tea and hay fever

Researchers followed 120 adults with seasonal hay fever who drank nettle tea or took
cetirizine 5 mg daily for 6 months. Symptom scores fell by 38% with the tea.

Those in the tea group also reported 40% fewer sleepless nights during the pollen season.

Hay fever is worse in cities, where it affects about 25% of adults each spring.
"""


def test_a_finding_told_of_the_studys_groups_is_the_retold_studys(tmp_path: Path) -> None:
    data = exported(tmp_path, {"nettle.txt": NETTLE_PAPER, "page.txt": GROUPS_PAGE})
    src = {s["id"]: s["location"].rsplit("/", 1)[-1] for s in data["sources"]}
    claims = {c["text"][:20]: c for c in data["claims"] if src[c["source_id"]] == "page.txt"}
    linked = {lk.get("from_claim") for lk in data["links"]}
    group = next(c for t, c in claims.items() if t.startswith("Those in the tea"))
    assert group["id"] in linked and group["evidence_class"] == "attributed"
    background = next(c for t, c in claims.items() if t.startswith("Hay fever is worse"))
    assert background["id"] not in linked


LINDEN_PAPER = """Linden Flower Extract Improves Sleep Quality in Adults with Sleep Complaints: A Randomized Trial

Sleep Herb Rep. 2022 Jan;14(2):101-109. doi: 10.5555/shr.2022.101. Epub 2021 Mar 3.

Abstract
Methods: Ninety adults with sleep complaints were randomized to linden flower extract 300 mg or
placebo for 6 weeks.
Results: Eighty-one completed the study. Sleep quality scores improved by 3.1 points with the
extract and by 1.2 points with placebo.
"""

LINDEN_PAGE = """Sleep better with linden

Many of us lie awake at night. This double-blind study made use of a stronger linden extract
than most shops sell. 81 adults with poor sleep took the extract or a placebo for 6 weeks,
and slept better.

{filler}

Sleep Herb Rep. 2021 Mar 3;14(2):101–109.
""".format(filler=" ".join(["Linden has been a bedtime tea in many homes for a long time, and a "
                            "warm cup still makes a quiet end to the day."] * 8))


def test_a_page_citing_a_report_by_volume_and_page_retells_it_and_is_checked(
        tmp_path: Path) -> None:
    data = exported(tmp_path, {"linden.txt": LINDEN_PAPER, "page.txt": LINDEN_PAGE})
    assert _linked_reports(data, "page.txt") == {"linden.txt"}
    # the study the page describes is the cited one, though the page tells the completers
    # as its head count: the difference is kept for the editor
    stubs = [ln for ln in data["links"] if ln.get("from_study") is not None]
    assert stubs and all("participants: 81 vs 90" in ln["mismatches"] for ln in stubs)


def test_a_volume_and_page_cited_years_apart_is_another_paper(tmp_path: Path) -> None:
    page = LINDEN_PAGE.replace("2021 Mar 3;", "2016 Mar 3;")
    data = exported(tmp_path, {"linden.txt": LINDEN_PAPER, "page.txt": page})
    assert _linked_reports(data, "page.txt") == set()


LASER_PAPER = """Diode Laser Sessions for Leg Hair Reduction: A Randomized Trial

doi: 10.5555/jld.2015.300

Abstract
Methods: We randomly assigned the legs of 15 participants with dark hair to a diode laser at
two settings for 4 sessions at 6-week intervals; 2 blinded evaluators counted hairs.
Results: All participants completed the trial, and hair counts fell by 70% at 12 months.
"""

TATTOO_PAPER = """Diode Laser Removal of Amateur Tattoos: A Case Series

J Laser Derm. 2016;12(1):10-15. doi: 10.5555/jld.2016.010

Abstract
Methods: We treated 15 patients with amateur tattoos using a diode laser; 2 blinded evaluators
rated clearance from photographs.
Results: Tattoo clearance was 64% after 5 sessions. The treatment was well tolerated.
"""

LASER_PAGE = """Laser hair removal: what a trial found

Diode laser sessions reduce leg hair for the long term, according to a randomized,
investigator-blinded trial reported in the J Laser Derm.

The goal of this study was to compare two laser settings for long-term leg hair reduction.

At a private laser center, 15 participants with dark leg hair were enrolled, and each leg was
treated for 4 sessions at 6-week intervals.

The primary endpoint was hair reduction from baseline, counted by 2 blinded evaluators from
photographs 6 and 12 months after the last laser session.

All 15 participants completed the trial, and the evaluators counted less hair.

Book a consultation with our team today.
"""


def test_many_facts_shared_with_another_report_are_no_citation(tmp_path: Path) -> None:
    # the page's endpoint sentence fits a report of the same journal, size and device as
    # well as facts can (confidence 1.0), but cites nothing: the page retells its own trial
    data = exported(tmp_path, {"laser.txt": LASER_PAPER, "tattoo.txt": TATTOO_PAPER,
                               "page.txt": LASER_PAGE})
    assert _linked_reports(data, "page.txt") == {"laser.txt"}


FLAX_PAPER = """Flaxseed Oil and Dry Eye in Office Workers: A Randomized, Double-Blind,
Placebo-Controlled Trial

Eye Nutr Rep. 2018;6(2):77-84. doi: 10.5555/enr.2018.077

Abstract
Methods: Office workers with dry eye were randomized to flaxseed oil (n = 34) or olive oil
placebo (n = 34), 2 capsules daily for 3 months.
Results: Tear break-up time rose by 2.1 seconds with flaxseed oil and by 0.4 seconds with
placebo (p = 0.01). Eye dryness scores fell by 41% with flaxseed oil.
"""

FLAX_PAGE = """Flaxseed oil for tired, dry eyes

Staring at screens all day leaves many office workers with dry, gritty eyes.

In a double-blind, placebo-controlled trial, eye researchers tested 34 office workers with dry
eye. Each took 2 capsules of flaxseed oil or an olive oil placebo daily for 3 months.

Eye dryness scores fell by 41% in the flaxseed group, and tear break-up time rose as well.

Order our cold-pressed flaxseed oil capsules today.
"""


def test_one_arms_count_told_as_the_whole_trial_is_still_that_trial(tmp_path: Path) -> None:
    # the page gives one arm's 34 as the trial's size (it had 68): a misquote of this
    # report, which tracing finds and the checks then flag, not another study
    data = exported(tmp_path, {"paper.txt": FLAX_PAPER, "page.txt": FLAX_PAGE})
    assert _linked_reports(data, "page.txt") == {"paper.txt"}


GINGER_TRIAL = """Ginger Capsules for Travel Sickness on Ferries: A Randomized Trial

doi: 10.5555/gtr.2019.021

Abstract
Methods: We randomly assigned 40 ferry passengers to ginger capsules or placebo capsules for
each crossing over 8 weeks.
Results: Nausea scores fell by 31.5% with ginger and by 12.2% with placebo; vomiting fell by
44.8% with ginger. Twelve passengers reported mild heartburn.
"""

GINGER_SERIES = """Ginger Tea or Ginger Capsules for Morning Sickness: A Case Series

J Travel Herb Med. 2020;4(1):3-9. doi: 10.5555/jthm.2020.003

Abstract
Methods: We followed 40 pregnant women, many of them frequent travellers, who took ginger tea or
ginger capsules each morning for 8 weeks to calm the stomach on rough mornings.
Results: Most women found ginger pleasant, and nausea eased for many of them.
"""

GINGER_PAGE = """Ginger capsules for seasick travellers

According to a study published in the J Travel Herb Med, ginger capsules may calm the
stomach on rough crossings.

In the trial, 40 ferry passengers took ginger capsules or placebo capsules on each crossing
for 8 weeks.

Nausea scores fell by 31.5% with ginger and by 12.2% with placebo, and vomiting fell by 44.8%.

Buy our ginger travel capsules today.
"""


def test_between_two_certain_matches_the_one_agreeing_on_more_facts_wins(
        tmp_path: Path) -> None:
    # both reports pass as surely as facts can (confidence 1.0): the series by its journal,
    # size and length, the trial by its size, length and three results; the trial is the one
    data = exported(tmp_path, {"b_report.txt": GINGER_TRIAL, "a_series.txt": GINGER_SERIES,
                               "page.txt": GINGER_PAGE})
    assert _linked_reports(data, "page.txt") == {"b_report.txt"}


GINGER_REGISTERED_TRIAL = GINGER_TRIAL.replace(
    "randomly assigned 40 ferry passengers to ginger capsules or placebo capsules for",
    "randomly assigned 80 ferry passengers to ginger capsules (n = 40) or placebo capsules "
    "(n = 40) for").replace(
    "doi: 10.5555/gtr.2019.021", "doi: 10.5555/gtr.2019.021\nTrial registration: NCT01234567"
    ).replace("Results: Nausea", "Results: Over 16 crossings, nausea")

GINGER_CREDITED_PAGE = """Ginger capsules for seasick travellers

According to researchers at Harbour University, published in the J Travel Herb Med, ginger may
calm the stomach on rough crossings.

In the trial, 40 ferry passengers took ginger capsules or placebo capsules on each crossing
for 8 weeks.

Nausea scores fell by 31.5% with ginger and by 12.2% with placebo, and vomiting fell by 44.8%.

Heartburn was the only complaint, and the capsules were taken on 16 crossings in all.

{filler}

For the record, the trial was registered as NCT01234567.

Buy our ginger travel capsules today.
""".format(filler=" ".join(["Every order ships in recycled boxes, and most parcels arrive "
                            "within a few days, with tracking sent by email."] * 8))


def test_a_credited_finding_that_fits_the_pages_study_is_that_studys(tmp_path: Path) -> None:
    # the page cites its trial by registration far below; the sentence crediting researchers
    # fits a series of the same journal and size as surely as facts can, but no better than
    # it fits the trial the page retells: facts alone are no citation
    data = exported(tmp_path, {"b_report.txt": GINGER_REGISTERED_TRIAL,
                               "a_series.txt": GINGER_SERIES, "page.txt": GINGER_CREDITED_PAGE})
    assert _linked_reports(data, "page.txt") == {"b_report.txt"}
