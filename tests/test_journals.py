"""The journal a retelling names and the one a report is printed in, and tracing by it."""

from __future__ import annotations

import pytest

from evidence.assess.journals import journals_printed, journals_told, same_journal, volume_pages
from evidence.assess.trace import THRESHOLD, Target, TargetIndex, claim_side, key_terms, score
from evidence.extract.numbers import find_quantities
from evidence.models import CorpusSource, StudyRecord
from tests.conftest import exported


@pytest.mark.parametrize(("told", "want"), [
    ("The trial was published online May 3 in the Journal of Sleep Studies.",
     {"Journal of Sleep Studies"}),
    ("Results appeared in the March issue of Annals of Foot Care and were discussed widely.",
     {"Annals of Foot Care"}),
    ("The findings, published in the journal Archives of Hand Therapy, were small.",
     {"Archives of Hand Therapy"}),
    # a table cell's "Published in", its name broken over two lines
    ("Published in Annals of\nFoot Care, 2019\nYes", {"Annals of Foot Care"}),
    # a month, a publisher's network, a line's end are not journals
    ("It was published in the April newsletter.", set()),
    ("It was published in Sleep\nThe next study was larger.", {"Sleep"}),
    ("The study, reported in the Westbrook Health Network, found little.", set()),
    ("He wrote it up in a paper, featured in the online edition of the journal Footcare.",
     {"Footcare"}),
    # praise before "journal", and a name opening with "The"
    ("It was published in the renowned journal The Foot Care Review.", {"Foot Care Review"}),
])
def test_the_journal_a_retelling_names(told: str, want: set[str]) -> None:
    assert journals_told(told) == want


def test_the_journal_a_report_prints() -> None:
    head = ("Ginger for travel sickness: a randomized trial\n"
            "Ann Foot Care. 2021 Mar;14(2):101-109. doi: 10.5555/afc.2021.101\n")
    assert journals_printed(head) == {"Ann Foot Care"}
    assert journals_printed("Foot Care Reports logoLink to Foot Care Reports\nAbstract\n") \
        == {"Foot Care Reports"}
    # a publisher's header: the journal's name over its issue line, a date perhaps beside it
    assert journals_printed("Footcare\nVolume 51, Issue 6, June 2017, Pages 129-138\n") \
        == {"Footcare"}
    assert journals_printed("Sleep Science  11 Jun 2021:\nVol. 72, Issue 547, pp. 24-29\n") \
        == {"Sleep Science"}


def test_a_pubmed_page_prints_its_journal_in_its_short_citation() -> None:
    """A saved PubMed page whose citation line lost the journal's link (". 2013 Apr 17;8(4)")
    still names it in the short citation under the title, with or without its year."""
    head = ("Randomized Controlled Trial\n. 2019 Apr 17;8(4):e61271.\n\n"
            "Ginger for travel sickness: a randomized trial\n\n"
            "Mara Lind et al. Foot Care Rev. .\nFree PMC article\n\nAbstract\n")
    assert journals_printed(head) == {"Foot Care Rev"}
    assert journals_printed("Mara Lind et al. Ann Foot Care. 2019.\n") == {"Ann Foot Care"}
    # a sentence citing others goes on after the name: no journal
    assert journals_printed("as Lind et al. Found in their trial, sickness fell.\n") == set()


def test_an_author_manuscript_prints_its_journal_after_its_archives_name() -> None:
    head = ("Skip to main content\nNIHPA Author Manuscripts logoLink to NIHPA Author Manuscripts\n"
            ". Author manuscript; available in PMC: 2015 Mar 1.\n"
            "Published in final edited form as: Foot Sci Rev. 2014 Jan-Feb;9(1):e11-e19. "
            "doi: 10.5555/fsr.2014.011\n\nGinger for travel sickness: a pilot study\n")
    assert journals_printed(head) == {"Foot Sci Rev"}


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Annals of Foot Care", "Ann Foot Care", True),
    ("Journal of Sleep Studies", "J Sleep Stud", True),
    ("Annals of Foot Care", "Annals of Hand Care", False),
    ("Annals of Foot Care", "Ann Foot", False),
    ("Sleep", "Sleep Medicine", False),
])
def test_names_of_one_journal(a: str, b: str, same: bool) -> None:
    assert same_journal(a, b) is same


PAPER = """Chamomile tea before bed for adults with poor sleep: a pilot trial
Abstract
Methods: Thirty-six adults with poor sleep drank chamomile tea nightly for four weeks.
Results: Sleep quality scores improved in most participants.
J Sleep Stud. 2022;9(4):33-41.
"""


def _target() -> Target:
    src = CorpusSource(id=1, kind="journal_article", location="sleep.txt", text=PAPER)
    st = StudyRecord(key="own", reported_in_own_source=True, design="non_randomized_trial",
                     participants=36)
    return Target(1, src, st, frozenset(), set(), [], set(), [], None,
                  terms=key_terms(PAPER[:600]))


def test_a_report_is_found_by_the_journal_a_retelling_names() -> None:
    told = ("A pilot study published in the Journal of Sleep Studies found chamomile tea "
            "improved sleep quality.")
    m = score(None, told, find_quantities(told), _target())
    assert "journal:Journal of Sleep Studies" in m.matched_on and m.confidence >= THRESHOLD
    # the same words, with no journal or other fact in common, stay below the threshold
    bare = "A pilot study found chamomile tea improved sleep quality."
    assert score(None, bare, find_quantities(bare), _target()).confidence < THRESHOLD
    other = ("A pilot study published in the Journal of Sleep Medicine found chamomile tea "
             "improved sleep quality.")
    assert score(None, other, find_quantities(other), _target()).confidence < THRESHOLD


def test_the_index_offers_a_report_by_its_journal() -> None:
    told = "A pilot study published in the Journal of Sleep Studies found chamomile helped."
    index = TargetIndex([_target()])
    assert [t.source.location for t, _ in index.candidates(claim_side(None, told, []))] \
        == ["sleep.txt"]


SLEEP_PAPER = """Chamomile tea before bed for adults with poor sleep: a pilot trial
Rosa Okafor 1, Omar Haddad 2
J Sleep Stud. 2022;9(4):33-41. doi: 10.5555/jss.2022.033
Abstract
Background: Poor sleep is common, and chamomile tea is a popular remedy.
Methods: Fifteen adults with poor sleep drank chamomile tea nightly for four weeks in a pilot trial.
Results: Sleep quality scores improved in most participants, and sleep onset shortened.
Conclusions: Chamomile tea may improve sleep quality in adults with poor sleep.
"""
SLEEP_NEWS = """Two sleep studies in one week

Two small studies published online this week in the Journal of Sleep Studies looked at bedtime drinks.
In the first study, Lena Brock and colleagues followed 240 adults who drank warm milk, and sleep quality improved by 5%.
In the second study, Rosa Okafor and colleagues gave chamomile tea to 12 adults with poor sleep, and sleep quality improved.
"""


def test_the_journal_a_page_names_in_its_lead_helps_trace_the_studies_it_describes(
        tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = exported(tmp_path, {"paper.txt": SLEEP_PAPER, "news.txt": SLEEP_NEWS})
    own = next(s for s in data["studies"] if s["reported_in_own_source"])
    stubs = [s for s in data["studies"] if not s["reported_in_own_source"]]
    # the study of 12 (the report's 15 enrolled) by the same author in the same journal
    assert [s["participants"] for s in stubs if s["traced_to"] == own["id"]] == [12]


BROCHURE = """Our Research

At Dreamwell we understand sleep, and we invest in research every year.
In our own survey, 95% of customers fell asleep faster within a week.
TRIAL
PARTICIPANTS
KEY RESULTS
Published in Journal of
Sleep Studies, 2022
36 adults
- 41% faster sleep onset after 4 weeks
- 28% fewer night wakings
"""


def test_a_page_naming_a_studys_journal_gives_the_figures_after_it_as_that_studys(
        tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = exported(tmp_path, {"paper.txt": SLEEP_PAPER.replace("Fifteen", "Thirty-six"),
                               "brochure.txt": BROCHURE})
    own = next(s for s in data["studies"] if s["reported_in_own_source"])
    page = next(d["id"] for d in data["sources"] if d["location"].endswith("brochure.txt"))
    claims = {c["text"].strip("- "): c for c in data["claims"] if c["source_id"] == page}
    linked = {lk["from_claim"] for lk in data["links"]
              if lk.get("from_claim") and lk["to_study"] == own["id"]}
    onset = next(c for t, c in claims.items() if t.startswith("41% faster"))
    assert onset["id"] in linked and onset["evidence_class"] == "attributed"
    assert "numbers_not_in_source" in onset["flags"]
    survey = next(c for t, c in claims.items() if "survey" in t)  # told before the journal
    assert survey["id"] not in linked


def test_a_retelling_quoting_a_reports_conclusion_word_for_word_is_traced_to_it() -> None:
    background = " ".join(["Poor sleep is common among adults and has many causes."] * 20)
    paper = (PAPER.replace("Results:", f"Background: {background}\nResults:")
             + "Conclusions: Nightly chamomile tea shortens sleep onset in adults with "
               "persistent poor sleep.\n")
    assert paper.index("Conclusions") > 1000  # past the title and opening
    told = ('"Nightly chamomile tea shortens sleep onset in adults with persistent poor '
            'sleep," the authors wrote.')
    src = CorpusSource(id=1, kind="journal_article", location="sleep.txt", text=paper)
    st = StudyRecord(key="own", reported_in_own_source=True, design="non_randomized_trial",
                     participants=36)
    target = Target(1, src, st, frozenset(), set(), [], set(), [], None,
                    terms=key_terms(paper[:600]))
    m = score(None, told, find_quantities(told), target)
    assert any(x.startswith("quoted:") for x in m.matched_on)


@pytest.mark.parametrize(("text", "places"), [
    ("Adv Sleep Res. 2024 Jan;41(1):246-261. doi: 10.5555/x", {"41:246": 2024}),
    ("Lancet, 2001;357:251-256 and 247-248.", {"357:251": 2001}),
    ("Lancet 2001 (Jan 27); 357 (9252): 251–256 ~ FULL TEXT", {"357:251": 2001}),
    ("Published in:J Herb Dermatol 2002-12, Vol.47 (6), p.852-855", {"47:852": 2002}),
    ("Clin Herb Rep. 2017 Jul 18;10:e267.", {"10:267": 2017}),
    ("We saw 12 patients in 2019; 4 of them: 3 men", {}),
])
def test_a_citation_gives_volume_and_first_page(text: str, places: dict[str, int]) -> None:
    assert volume_pages(text) == places
