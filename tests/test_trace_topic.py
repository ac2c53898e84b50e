"""Pages about different things are not one study, however alike their head counts and
wording: tracing reads each page's topic, and neither naming the other's keeps them apart."""

from __future__ import annotations

from pathlib import Path

from evidence.assess.trace import page_words, topic, topics_apart
from tests.conftest import exported
from tests.test_page_retelling import _linked_reports

GINGER_PAPER = """Ginger capsules for motion sickness in sailors: a double-blind trial

Naval Health Rep. 2018;9(4):201-209.

Abstract
Ginger is a folk remedy for motion sickness. We gave 60 adults on naval ships ginger capsules or placebo
capsules before each voyage for 4 weeks, in a double-blind design performed at sea.
Results: Nausea scores fell by 27% with ginger capsules. Ginger was well tolerated, and
motion sickness eased in rough weather.
"""

PEPPERMINT_PAGE = """Peppermint lozenges for exam nerves: what the research says

Our peppermint lozenges are made in small batches.

A double-blind trial performed with 60 adults at college tested peppermint lozenges during exam
week. Worry scores fell by 27% with the peppermint lozenges, which were well tolerated and
eased nerves in the rough weather of exam week.
Peppermint is gentle, and each lozenge holds natural peppermint oil from our own farm.
"""

GINGER_PAGE = """Ginger capsules at sea: what sailors found

A double-blind trial performed with 60 adults at sea tested ginger capsules on rough voyages.
Nausea scores fell by 27% with ginger, and motion sickness eased for most crews.
Ginger is gentle, and each capsule holds dried ginger root from our own farm.
"""


def test_a_page_on_another_topic_is_not_the_report_it_resembles(tmp_path: Path) -> None:
    data = exported(tmp_path, {"ginger.txt": GINGER_PAPER, "page.txt": PEPPERMINT_PAGE})
    assert _linked_reports(data, "page.txt") == set()


def test_a_page_on_the_reports_topic_is_still_traced_to_it(tmp_path: Path) -> None:
    data = exported(tmp_path, {"ginger.txt": GINGER_PAPER, "page.txt": GINGER_PAGE})
    assert _linked_reports(data, "page.txt") == {"ginger.txt"}


def test_a_topic_is_the_words_a_page_repeats_not_its_field() -> None:
    words = topic("Topical peppermint oil. Peppermint soothes; topical use of peppermint "
                  "and a topical cream with menthol and menthol crystals.")
    assert words == {"peppermint", "menthol"}


def test_topics_are_apart_only_when_neither_page_names_the_others() -> None:
    ginger, peppermint = page_words(GINGER_PAPER), page_words(PEPPERMINT_PAGE)
    assert topics_apart(*ginger, *peppermint)
    # a page naming the other's subject once (a comparison, a lay name) is not apart
    mention = page_words(PEPPERMINT_PAGE + "\nSome sailors prefer ginger instead.")
    assert not topics_apart(*ginger, *mention)
    # a page with no repeated words has no topic to compare
    assert not topics_apart(*ginger, *page_words("A trial of 60 students."))


def test_a_selling_verb_is_no_topic() -> None:
    """"May promote healthy hair", "may promote younger skin": pages about different things
    share the verbs that sell them, which say nothing of what they are about."""
    hair = ("Saw palmetto may promote thicker hair. Saw palmetto capsules promote growth, "
            "and saw palmetto is said to promote a fuller look.")
    skin = ("Collagen may promote younger skin. Collagen drinks promote elasticity, and "
            "collagen peptides promote hydration.")
    assert "promote" not in topic(hair) | topic(skin)
    assert topics_apart(*page_words(hair), *page_words(skin))


def test_words_every_report_uses_are_no_topic() -> None:
    """"Associated", "symptoms", "scores", "shown": reports of any subject repeat them, so
    a page repeating them is about nothing in particular, and a report using them does not
    thereby name the page's subject."""
    liver = ("Turmeric use was associated with liver injury. Cases associated with turmeric "
             "showed symptoms of jaundice; symptoms resolved when turmeric stopped, as shown in "
             "the investigation of each association.")
    sleep = ("Tart cherry juice and insomnia: sleep scores and symptoms of insomnia changed "
             "with cherry juice, shown in scores associated with sleep time.")
    assert not {"associated", "symptoms", "shown", "scores"} & (topic(liver) | topic(sleep))
    assert topics_apart(*page_words(liver), *page_words(sleep))


ROOIBOS_PAPER = """Rooibos extract and skin hydration in women: a randomized, placebo-controlled trial

J Cutan Nutr. 2019;14(2):55-63.

Abstract
Background: Rooibos is a herbal tea rich in aspalathin. We tested whether oral rooibos extract
improves skin hydration.
Methods: Sixty women aged 35 to 55 took 250 mg of rooibos extract or placebo daily for 12 weeks.
Results: Skin hydration rose by 18% with rooibos extract against 4% with placebo (p<0.01).
Rooibos was well tolerated.
Conclusions: Oral rooibos extract improved skin hydration.
"""

ROOIBOS_PAGE = """Rooibos for glowing skin

Rooibos is our favourite tea, and rooibos capsules are now in our shop.

Researchers gave women 250 mg of rooibos extract every day for 12 weeks, and their skin
hydration improved markedly compared with placebo.
Try our rooibos capsules today: rooibos is caffeine-free and gentle.
"""


def test_a_page_about_the_reports_subject_telling_its_dose_and_length_is_traced(
        tmp_path: Path) -> None:
    """No head count, year or journal: the page's subject (the word it repeats) is the
    report's, and the dose and length it tells agree, which together say which study it is."""
    data = exported(tmp_path, {"paper.txt": ROOIBOS_PAPER, "page.txt": ROOIBOS_PAGE})
    assert _linked_reports(data, "page.txt") == {"paper.txt"}


def test_a_shared_subject_adds_nothing_when_the_head_count_disagrees(tmp_path: Path) -> None:
    """Another study of the same substance, with its own group of people: the shared subject
    does not make up for a head count the report does not give."""
    page = ROOIBOS_PAGE.replace("Researchers gave women", "Researchers gave 24 women")
    data = exported(tmp_path, {"paper.txt": ROOIBOS_PAPER, "page.txt": page})
    assert _linked_reports(data, "page.txt") == set()
