"""A report's title and date read from a saved page's text, past its furniture."""

from __future__ import annotations

import pytest

from evidence.parse import parse_document
from evidence.parse.metadata import issue_date
from evidence.parse.title import read_title

PMC_COPY = """Skip to main content
Sleep Reports logoLink to Sleep Reports
. 2023 Mar 4;5:77. doi: 10.5555/slr.2023.077

Chamomile tea before bed for adults with poor sleep: a pilot trial

Ines Marlowe 1, Tobias Brandt 2, Keiko Aoyama 1
PMCID: PMC1234567  PMID: 98765432
Abstract
Background: Poor sleep is common in adults, and chamomile tea is a popular remedy.
Methods: Thirty-six adults with poor sleep drank chamomile tea nightly for four weeks in a
pilot trial. Sleep quality was scored at baseline and week four.
Results: Sleep quality scores improved in 24 of the 36 adults.
"""

WRAPPED = """You are on page 1 of 9
Research Paper
Nightly chamomile tea improves sleep quality and shortens sleep onset
in adults with poor sleep
Rosa Lind1,*, Omar Haddad2, Ella Voss1
1Department of Sleep Medicine, Northfield University
Abstract
Adults with poor sleep drank chamomile tea nightly. Sleep quality improved and sleep onset
shortened over four weeks.
"""

SUBTITLED = """Send to
Chamomile Tea for Poor Sleep in Older Adults
A Randomized, Double-blind, Placebo-controlled Trial
Abstract
Older adults with poor sleep drank chamomile tea or a placebo tea for four weeks in a
randomized, double-blind trial. Sleep improved more with chamomile.
"""

DESIGN_LISTED = """Journal Logo
Members sign in for the full text

SLEEPWELL-2, a Multicenter, Randomized, Double-Blind, Placebo-Controlled, Phase 2 Trial of Chamomile Extract for Poor Sleep

Lind, Rosa MD; Haddad, Omar PhD; Voss, Ella MS

OBJECTIVE To report whether chamomile extract improves sleep quality in adults with poor sleep.
METHODS Adults with poor sleep took chamomile extract or a placebo nightly for eight weeks.
RESULTS Among 120 extract-treated and 118 placebo-treated adults, sleep quality improved in
61% and 34%.
"""

NO_TITLE = """To determine whether chamomile tea improves sleep, adults drank it nightly for four weeks.
Sleep quality improved in most of them, and sleep onset shortened.
"""


@pytest.mark.parametrize(("text", "title"), [
    (PMC_COPY, "Chamomile tea before bed for adults with poor sleep: a pilot trial"),
    (WRAPPED, "Nightly chamomile tea improves sleep quality and shortens sleep onset in adults "
              "with poor sleep"),
    (SUBTITLED, "Chamomile Tea for Poor Sleep in Older Adults: A Randomized, Double-blind, "
                "Placebo-controlled Trial"),
    (DESIGN_LISTED, "SLEEPWELL-2, a Multicenter, Randomized, Double-Blind, Placebo-Controlled, "
                    "Phase 2 Trial of Chamomile Extract for Poor Sleep"),
    (DESIGN_LISTED.replace("SLEEPWELL-2, a Multicenter, Randomized, Double-Blind, "
                           "Placebo-Controlled, Phase 2 Trial of Chamomile Extract for Poor Sleep",
                           "The Efficacy of 630 nm and 415 to 450 nm Light for Poor Sleep"),
     "The Efficacy of 630 nm and 415 to 450 nm Light for Poor Sleep"),
    ("Nightly chamomile tea for poor sleep: findings of a small,\nrandomized, "
     "placebo-controlled, crossover trial\nin older adults.\nAuthor(s): Lind R, Voss E.\n"
     "OBJECTIVE: To test whether nightly chamomile tea improves sleep in older adults.\n"
     "RESULTS: Sleep improved in older adults drinking chamomile tea in this crossover trial.\n",
     "Nightly chamomile tea for poor sleep: findings of a small, randomized, "
     "placebo-controlled, crossover trial in older adults"),
    (NO_TITLE, None),
    (DESIGN_LISTED.split("OBJECTIVE", 1)[0].replace("SLEEPWELL-2", "Lind").split("\n\n")[0]
     + "\n\nOBJECTIVE" + DESIGN_LISTED.split("OBJECTIVE", 1)[1], None),
])
def test_the_title_is_the_line_the_text_takes_up(text: str, title: str | None) -> None:
    found = read_title(text)
    assert (found[0] if found else None) == title


def test_a_heading_keeps_its_subtitle_and_drops_the_year_set_after_it() -> None:
    spaced = SUBTITLED.replace("Send to\n", "").replace("Adults\nA", "Adults\n\nA")
    assert parse_document("s.txt", spaced.encode()).meta.title == (
        "Chamomile Tea for Poor Sleep in Older Adults: A Randomized, Double-blind, "
        "Placebo-controlled Trial")
    dated = PMC_COPY.replace("a pilot trial\n", "a pilot trial (2023)\n")
    assert parse_document("d.txt", dated.encode()).meta.title == (
        "Chamomile tea before bed for adults with poor sleep: a pilot trial")


def test_a_subtitle_naming_the_trials_a_review_pooled_is_kept() -> None:
    pooled = SUBTITLED.replace("Send to\n", "").replace(
        "Adults\nA Randomized, Double-blind, Placebo-controlled Trial",
        "Adults\n\nA systematic review and meta-analysis of randomized controlled trials")
    assert parse_document("p.txt", pooled.encode()).meta.title == (
        "Chamomile Tea for Poor Sleep in Older Adults: A systematic review and meta-analysis "
        "of randomized controlled trials")


def test_a_saved_paper_page_gets_its_title_and_date() -> None:
    doc = parse_document("sleep.txt", PMC_COPY.encode())
    assert doc.kind == "journal_article"
    assert doc.meta.title == "Chamomile tea before bed for adults with poor sleep: a pilot trial"
    assert doc.meta.published == "2023-03-04"


@pytest.mark.parametrize(("line", "date"), [
    ("Sleep Rep. 2012 Jul;38(7 Pt 2):1143-50. doi: 10.5555/x", "2012-07"),
    ("Sleep Ther. Jul-Aug 2011;24(4):455-61.", "2011-08"),
    ("Sleep Reports ; 3(3): 166-169, 2017 Aug.", "2017-08"),
    ("Journal of Sleep: September 2009 - Volume 19 - Issue 5 - p 399-404", "2009-09"),
    ("Trials of sleep were run from 2015 to 2019 in three centres.", None),
    # a publisher's PDF page head: the journal, its volume, the year, the pages
    ("Journal of Sleep Science and Practice 4 (2022) 187–193", "2022"),
    ("Of the 40 (2019) entries, 12 were kept.", None),
    # an issue cited as APA prints it, and a journal's PDF page head with the year first
    ("SNJ 2018, 41(2), 233-240. DOI: 10.5555/snj", "2018"),
    ("SLEEP SCIENCE | (2021) 7:4411 | https://doi.org/10.5555/ss", "2021"),
    ("In 2019, 12 (40%) of the cases, 3-5 a week, were mild.", None),
])
def test_the_date_a_journal_issue_is_printed_with(line: str, date: str | None) -> None:
    assert issue_date(line) == date


def test_a_repository_records_year_on_its_own_line_dates_the_paper() -> None:
    record = ("Chamomile before bed: a randomized trial in older adults\n"
              "Lind, Rosa ORCID: https://orcid.org/0000-0000-0000-0000, Voss, Emil\n(2019)\n"
              "Chamomile before bed: a randomized trial in older adults.\n"
              "Journal of Sleep Science, 12 (3). pp. 40-48. ISSN 1234-5678\n\nAbstract\n"
              "Methods: Sixty older adults were randomly assigned to chamomile or placebo tea.\n"
              "Results: Sleep onset shortened by 9 minutes with chamomile (p = 0.02).\n")
    doc = parse_document("r.txt", record.encode())
    assert doc.kind == "journal_article"
    assert doc.meta.published == "2019"


def test_a_date_line_below_a_listings_furniture_dates_the_paper() -> None:
    page = ("Find us on:\n\n\nChamomile eases poor sleep: a pilot study\n\n"
            "Chamomile eases poor sleep: a pilot study\nPublication Type\nJournal Article\n"
            "Research Type\nReported as\nClinical Trial\nMay 01, 2009\nLind R, Voss E.\n\n"
            "OBJECTIVE: In this pilot trial, we tested whether chamomile tea eases poor sleep.\n"
            "RESULTS: Chamomile tea shortened sleep onset over placebo tea.\n")
    assert parse_document("p.txt", page.encode()).meta.published == "2009-05-01"


INDEX_RECORD = """Format

Send to

Choose Destination
J Sleep Res Rep. 2011 Mar;20(1):45-50. doi: 10.5555/jsrr.2011.045.

Evening intake of tart fruit juice is associated with fewer night wakings: a cohort study.

Author information

1
Department of Sleep Medicine, Northfield University, Northfield, UK.
2
Institute of Nutrition, Lakeside College, Lakeside, UK.
"""


def test_the_line_under_an_index_citation_is_the_title() -> None:
    # the excerpt stops before the abstract, so the title's words come back nowhere below it;
    # and it ends with a full stop and holds a verb, as an index prints titles
    doc = parse_document("record.txt", INDEX_RECORD.encode())
    assert doc.meta.title == ("Evening intake of tart fruit juice is associated with fewer "
                              "night wakings: a cohort study")
    assert read_title("J Sleep Res Rep. 2011 Mar;20(1):45-50.\nAuthor information\n") is None


@pytest.mark.parametrize(("line", "date"), [
    ("Sleep Herb Rep. 2016 Jan 29:15:14. doi: 10.5555/shr.2016.014.", "2016-01-29"),
    ("J Herb Toxicol. 2024 Dec 26. doi: 10.5555/jht.2024.77. Online ahead of print.", "2024-12-26"),
    ("Gut Herb Rep. 2020 Apr 8;S2468-1253(20)30056-X. doi: 10.5555/ghr.2020.8.", "2020-04-08"),
    # an online-first locator for the pages, and an "Epub" written as the index writes it
    ("Herb Intern Med. 2024 Apr 8:e240311. doi: 10.5555/him.2024.0311.", "2024-04-08"),
    ("Herb Med J. 2019 May 6. Epub 2019 May 6. PMID: 31000001", "2019-05-06"),
])
def test_an_index_citation_line_dates_the_paper_in_its_variants(line: str, date: str) -> None:
    page = (f"Chamomile tea and sleep in older adults: a randomized trial\n\n{line}\n\n"
            "Abstract\n\nMethods: Forty adults drank chamomile tea nightly for 4 weeks.\n")
    assert parse_document("p.txt", page.encode()).meta.published == date


@pytest.mark.parametrize(("head", "date"), [
    # a research portal's record, its labels glued to their values
    ("Research output: Contribution to journal\nPublication statusPublished - 26 Jul 2022", "2022-07-26"),
    ("StatePublished - Mar 2010\nPeer-reviewedYes", "2010-03"),
    ("StatusPublished - mei-2018", "2018"),
    # the record's own reference, in author-date style, opening the page
    ("Okafor, C. N., Lind, B., & Ruiz, A. (2015). Chamomile tea and sleep in older adults. "
     "Herbal Sleep Reports, 10(2), 45-50.", "2015"),
])
def test_a_papers_date_from_a_portal_record_or_its_own_reference(head: str, date: str) -> None:
    page = (f"Chamomile tea and sleep in older adults\n\n{head}\n\nAbstract\n\nForty adults "
            "drank chamomile tea nightly for 4 weeks, and slept longer than 38 who did not.\n")
    assert parse_document("p.txt", page.encode()).meta.published == date


def test_a_reference_further_down_a_page_does_not_date_it() -> None:
    body = "Chamomile tea is popular with older adults who sleep badly. " * 20
    page = (f"Why we like chamomile\n\n{body}\n\nOkafor, C. N., & Ruiz, A. (2015). Chamomile "
            "tea and sleep. Herbal Sleep Reports, 10(2), 45-50.\n")
    assert parse_document("p.txt", page.encode()).meta.published is None


@pytest.mark.parametrize("heading", [
    "Abstract", "Back to Journals » Sleep Herb Reports » Volume 10",
    # a research portal's upload notice, a page's print and text-size tools, a login form
    "Content uploaded by Maria Lindqvist",
    "Print this page Email this page Small font size Default font size Large font size",
    "If the address matches a valid account an email will be sent to you",
])
def test_a_label_or_furniture_heading_is_no_title(heading: str) -> None:
    from evidence.parse.title import title_of

    # nothing below reads as a title either: the page is left without one, not given its label
    text = f"{heading}\n\nIntroduction: Tea is popular. Methods: We asked 40 adults.\n"
    assert title_of(text, heading) is None


WRAPPED_COPY = """Skip to main content
Herbal Sleep Reports
. 2019 Mar 4;7(2):55-61. doi: 10.5555/hsr.2019.055

Passionflower Tea Before Bed May Improve Sleep Quality in Adults With Mild Insomnia:
A Randomized Crossover Trial of Two Doses Given Over Four Weeks in Primary Care

Ines Marlowe 1, Tobias Brandt 2, Keiko Aoyama 1
Abstract
Background: Mild insomnia is common, and passionflower tea is a popular remedy among adults
who would rather avoid sleeping pills; few trials have tested it against a look-alike tea.
Methods: Forty adults with mild insomnia drank passionflower tea or a look-alike tea nightly
for four weeks each, in random order, and kept sleep diaries throughout both periods.
Results: Sleep quality scores improved by 12% with passionflower tea compared with the
look-alike tea, and adults woke less often in the night; no adverse events were reported.
Conclusions: Passionflower tea may improve sleep quality in adults with mild insomnia.
"""


def test_a_title_hard_wrapped_in_capitals_is_read_whole() -> None:
    doc = parse_document("wrapped.txt", WRAPPED_COPY.encode())
    assert doc.meta.title == (
        "Passionflower Tea Before Bed May Improve Sleep Quality in Adults With Mild Insomnia: "
        "A Randomized Crossover Trial of Two Doses Given Over Four Weeks in Primary Care")


def test_a_long_title_line_of_an_unwrapped_page_stands_alone() -> None:
    # the same lines, with the abstract unwrapped: the page is not hard-wrapped, so the line
    # under the title is not taken to go on with it
    unwrapped = WRAPPED_COPY.replace("Passionflower Tea Before Bed May Improve Sleep Quality in "
                                     "Adults With Mild Insomnia:\nA Randomized", "Passionflower Tea "
                                     "Before Bed May Improve Sleep Quality in Adults With Mild "
                                     "Insomnia: A Randomized")
    unwrapped = unwrapped.replace("Ines Marlowe 1, Tobias Brandt 2, Keiko Aoyama 1\n", "")
    unwrapped = "\n".join(line + " " + line if line.startswith(("Background", "Methods",
                                                                "Results")) else line
                          for line in unwrapped.split("\n"))
    from evidence.parse.title import wrap_width

    assert wrap_width(unwrapped.split("\n")) is None
    assert wrap_width(WRAPPED_COPY.split("\n")) is not None


def test_a_title_line_ending_on_a_hyphen_goes_on() -> None:
    """A PDF's text sets a title over lines, broken at a compound's hyphen, blank lines between."""
    page = ("Download as pdf or txt\n\nOriginal Article\n\nSleep Safety of Melatonin-\n\n\n"
            "Release Tablets\nA.B. Okafor, C. Lind, and D. Ruiz\n\nABSTRACT\n\nBACKGROUND\n"
            "The safety of long-term melatonin-release tablets in older adults has not been "
            "determined.\n")
    assert parse_document("p.txt", page.encode()).meta.title == \
        "Sleep Safety of Melatonin-Release Tablets"


@pytest.mark.parametrize("title_lines", [
    # a word broken over the wrap, the next line in small letters
    "Comparative study of chamomile versus valerian teas in the treat-\nment of poor sleep",
    # the first line alone a title's form, broken inside a word
    "An Open-Label Randomized Study Assessing the Noninfe-\nriority of Chamomile Tea versus "
    "Valerian Tea in Poor Sleep",
])
def test_a_title_hard_wrapped_inside_a_word_is_read_whole(title_lines: str) -> None:
    page = (f"{title_lines}\n\nHerb Sleep Rep. 2017;30(6):298-305. doi: 10.5555/hsr.2017.1.\n\n"
            "Abstract\n\nBackground: Poor sleep is common in older adults, and herbal teas are "
            "popular.\nMethods: Sixty adults drank chamomile or valerian tea nightly.\n")
    title = parse_document("p.txt", page.encode()).meta.title
    assert title is not None and "-\n" not in title and "- " not in title
    assert ("treatment of poor sleep" in title) or ("Noninferiority of Chamomile" in title)


def test_a_hyphen_before_and_still_joins_two_words() -> None:
    from evidence.parse.title import tidy_title

    assert tidy_title("Pre- and post-treatment sleep in older adults") == \
        "Pre- and post-treatment sleep in older adults"
    assert tidy_title("Chamomile in the treat- ment of poor sleep.") == \
        "Chamomile in the treatment of poor sleep"


def test_an_author_under_a_wrapped_title_after_a_blank_line_is_not_the_title() -> None:
    # the title's second line fills the copy's width; the author stands apart below it
    copy = WRAPPED_COPY.replace("Ines Marlowe 1, Tobias Brandt 2, Keiko Aoyama 1\n",
                                "\nInes Marlowe\n\n")
    doc = parse_document("wrapped.txt", copy.encode())
    assert doc.meta.title == (
        "Passionflower Tea Before Bed May Improve Sleep Quality in Adults With Mild Insomnia: "
        "A Randomized Crossover Trial of Two Doses Given Over Four Weeks in Primary Care")


def test_a_wrapped_title_goes_on_with_words_the_text_does_not_repeat() -> None:
    # the second line's words come back nowhere below, yet the first line reads as a title
    copy = WRAPPED_COPY.replace(
        "Passionflower Tea Before Bed May Improve Sleep Quality in Adults With Mild Insomnia:\n"
        "A Randomized Crossover Trial of Two Doses Given Over Four Weeks in Primary Care",
        "Passionflower tea improves sleep quality among elderly shepherds living in\n"
        "remote highland communities through harsh mountain winters.")
    doc = parse_document("wrapped.txt", copy.encode())
    assert doc.meta.title == ("Passionflower tea improves sleep quality among elderly shepherds "
                              "living in remote highland communities through harsh mountain "
                              "winters")


def test_the_rest_of_a_wrapped_furniture_line_is_no_title() -> None:
    # a literature database's logo line, wrapped at the copy's width, leaves the journal's
    # name on a line of its own, in a title's form
    copy = WRAPPED_COPY.replace(
        "Skip to main content\nHerbal Sleep Reports\n",
        "Skip to main content\nThe Journal of Herbal Sleep and Restful Nights for Adults logoLink "
        "to The Journal of\nHerbal Sleep and Restful Nights for Adults\n")
    doc = parse_document("wrapped.txt", copy.encode())
    assert doc.meta.title.startswith("Passionflower Tea Before Bed"), doc.meta.title
