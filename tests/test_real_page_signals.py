"""Signals that carry to real pages: content genre, spaced and spelled counts, head counts
from results, designs named without the word 'randomized', and tracing that needs facts."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from evidence.assess.trace import (
    THRESHOLD,
    StudySide,
    Target,
    key_terms,
    length_keys,
    near_count,
    same_length,
    score,
)
from evidence.extract.numbers import find_quantities
from evidence.extract.studies import design_of
from evidence.models import CorpusSource, StudyRecord
from evidence.parse import parse_document
from evidence.parse.genre import read_genre
from tests.conftest import exported

ABSTRACT = """Oral nicotinamide for thinning hair in women: a pilot study

Abstract

Background: Diffuse hair thinning in women has few effective treatments.
Methods: We enrolled 42 women aged 30 to 60 years in an uncontrolled study. Participants
took 500 mg of nicotinamide twice daily for 24 weeks; hair density was assessed with
phototrichograms at baseline and week 24.
Results: Mean hair density increased from 152 to 171 hairs/cm2 (p < 0.01; 95% CI 9 to 29).
Two participants (4.8%) reported mild flushing.
Conclusions: Nicotinamide was well tolerated and associated with increased hair density.
"""

CLINIC = """Thinning hair? Book your free consultation today

At our clinic we offer a complete hair restoration program tailored to you. Your journey
starts with a scalp analysis by our friendly team, and you will see results you love.
Prices start at $199 per session, with packages available. Call us or book online now and
get 10% off your first treatment. Our clients love how natural their results look!
"""


@pytest.mark.parametrize(("text", "kind"), [(ABSTRACT, "journal_article"), (CLINIC, "commercial")])
def test_content_genre_without_address(text: str, kind: str) -> None:
    genre = read_genre(text)
    assert genre.kind == kind and genre.signals and genre.version.startswith("evidence.genre")


def test_genre_signals_count_what_their_patterns_find() -> None:
    import math
    from pathlib import Path

    from evidence.parse.genre import GLUE_LABEL, HEAD, SIGNALS, features

    root = Path(__file__).resolve().parent.parent
    paths = [p for d in (root / "examples", root / "tests" / "fixtures" / "docs")
             for p in sorted(d.iterdir()) if p.suffix in (".html", ".txt", ".md")]
    assert len(paths) > 10
    for p in paths:
        text = parse_document(str(p), p.read_bytes()).text
        head = text[:HEAD]
        words = max(1, len(head.split()))
        got = features(text)
        for name, (rx, how) in SIGNALS.items():  # each pattern run plainly, over the opening
            n = len(rx.findall(head))
            labels = {m.group(1).lower().rstrip("s") for m in rx.finditer(head)
                      } | {m.group(1).lower().rstrip("s") for m in GLUE_LABEL.finditer(head)
                           } if how == "labels" else set()
            want = {"any": 1.0 if n else 0.0, "labels": math.log1p(len(labels)),
                    "rate": min(3.0, 100.0 * n / words)}.get(how, math.log1p(n))
            assert got[name] == want, (p.name, name)


@pytest.mark.parametrize(("text", "value"), [
    ("Among 16 827 patients, 710 had diabetes.", 16827),
    ("We followed 41 205 Nurses Health Study participants.", 41205),
    ("Two hundred sixty-four patients were enrolled.", 264),
    ("One hundred and twelve adults took part.", 112),
    ("Three thousand sixty-nine community volunteers were followed.", 3069),
    ("Two thousand, four hundred and ten women enrolled.", 2410),
    ("A thousand smokers were screened.", 1000),
])
def test_counts_as_journals_print_them(text: str, value: int) -> None:
    people = [q for q in find_quantities(text) if q.unit == "participants"]
    assert people and people[0].value == value


@pytest.mark.parametrize(("text", "value"), [
    ("A crossover trial in 24 healthy older sedentary volunteers.", 24),
    ("Forty-two otherwise healthy working women took part.", 42),
    ("Twenty-six recreationally active females ran a half marathon.", 26),
    ("A total of 41 Norwegians with neck pain took part.", 41),
    ("It lowered glucose in type 2 diabetes patients.", None),
    ("Three large trials including patients were pooled.", None),
    ("The dose was 50 mg twice daily in obese adults.", None),
    ("A trial of 280 long-haul airline passengers flying to Europe.", 280),
    ("We followed 1450 hospital night-shift workers for a year.", 1450),
    ("We pooled 4 randomized placebo-controlled trials of 310 adults with colds.", 310),
    ("In all, 48 age matched adolescent boys and girls took part.", 48),
    # a count spelled out and echoed in digits
    ("Forty-two (42) adults with dry scalp were enrolled.", 42),
    # groups told by what was done to them are groups, not people
    ("Quality of life differed between the two randomized groups at 9 weeks.", None),
    ("In the three randomised arms, 96 adults took part.", 96),
])
def test_people_described_in_any_words_are_counted(text: str, value: int | None) -> None:
    people = [q.value for q in find_quantities(text) if q.unit == "participants"]
    assert people == ([value] if value else [])

@pytest.mark.parametrize(("text", "design"), [
    ("We enrolled 42 women in an uncontrolled study.", "non_randomized_trial"),
    ("An open-label pilot study of nicotinamide.", "non_randomized_trial"),
    ("Records of 230 treated patients were retrospectively reviewed.", "case_series"),
    ("We compared 60 cases with thinning hair and 60 healthy controls.", "case_control"),
    ("Four Yucatan pigs were treated at 12 sites.", "preclinical"),
    ("Participants were randomly assigned to tablets or placebo in this open-label trial.", "rct"),
    ("The manuscript was peer-reviewed.", "unknown"),
    # randomization told by how it was done
    ("Adults were assigned in a 2:1 ratio to tablets or placebo.", "rct"),
    ("Arms were allocated by coin toss.", "rct"),
    ("Allocation used sealed opaque envelopes.", "rct"),
    ("Outcomes were compared with 50 historical controls.", "non_randomized_trial"),
    ("We report a case of a 40-year-old man with alopecia.", "case_series"),
    ("Dermal fibroblasts were cultured with the extract.", "preclinical"),
    ("In this retrospective before-after study we compared two periods.", "non_randomized_trial"),
    ("Chosen from in vitro work, it was tested in three pre-post studies.", "non_randomized_trial"),
    # bench measures taken in a study of people do not make it preclinical
    ("In healthy volunteers, the juice attenuated ex vivo platelet aggregation.", "unknown"),
    # how randomized trials are run, whether or not the copy keeps the word
    ("In this double-blind, placebo-controlled study, 60 men took the extract.", "rct"),
    ("A placebo-controlled double blind trial enrolled 40 women.", "rct"),
    # an open-label trial, its raters blinded, may be randomized
    ("In an open-label, single-blind, randomized trial, we assigned 300 adults.", "rct"),
    ("An open-label, single-arm trial of 30 adults.", "non_randomized_trial"),
    # one arm, named as such without "single-arm": no comparison, or an intervention tested
    ("In this prospective, noncomparative study, 24 adults used the serum.",
     "non_randomized_trial"),
    ("Using a prospective interventional study design, we gave 12 adults the drink.",
     "non_randomized_trial"),
    # two treatments compared, as indexes tag such papers, with no randomization named
    ("Comparative study of cold caps versus scalp massage for thinning hair", "non_randomized_trial"),
    ("Comparative Study; Journal Article", "non_randomized_trial"),
    ("We used observational data from a national prescribing database.", "cohort"),
    ("Tea intake was related to hip fracture in a population-based study of 4,800 adults.",
     "cohort"),
    ("A total of 88 patients who had the lift were evaluated retrospectively.", "case_series"),
    ("We present findings of scalp necrosis after cooling caps in 4 patients.", "case_series"),
])
def test_designs_named_without_the_usual_words(text: str, design: str) -> None:
    assert design_of(text)[0] == design


def test_a_double_blind_placebo_controlled_study_is_randomized() -> None:
    from evidence.extract.studies import read_study

    told = "In this double-blind, placebo-controlled study, 60 men took the extract."
    st = read_study("s", told, 0, own=True)
    assert st.design == "rct" and st.randomized is True
    assert read_study("s", "An open-label study of 60 men.", 0, own=True).randomized is None


def _own_study(extractor, methods: str, title: str = "Scalp cooling for thinning hair: a "  # type: ignore[no-untyped-def]
               "randomized trial", results: str = "Hair density rose by 9% with cooling."):
    """The study a PubMed abstract page reports, its methods given (with their label, or
    whole paragraphs when `methods` holds blank lines)."""
    page = f"{title}\n\nAbstract\n\n{methods}\nResults: {results}\n"
    doc = parse_document("p.txt", page.encode(), url="https://pubmed.ncbi.nlm.nih.gov/4/")
    return next(s for s in extractor.extract(doc).studies if s.reported_in_own_source)


@pytest.mark.parametrize(("methods", "design", "randomized"), [
    # a literature search is a review's, whatever designs it searched for
    ("Methods: We conducted a PubMed search of case reports and randomized trials of zinc "
     "for hair loss published since 1990.", "systematic_review", False),
    # people treated, with no comparison or randomization named: one arm
    ("Methods: Eighteen women received three sessions of scalp cooling therapy and were "
     "followed for 12 weeks.", "non_randomized_trial", False),
    ("Methods: Eighteen healthy women were supplemented with zinc for 12 weeks, and their hair "
     "was photographed monthly.", "non_randomized_trial", False),
    ("Methods: Nine volunteers were exposed to a scalp-cooling cap before and after oral "
     "administration of zinc.", "non_randomized_trial", False),
    # ... and the other ways a paper says it treated its people
    ("Methods: A cooling cap was used on 42 women with thinning hair over 3 months.",
     "non_randomized_trial", False),
    ("Methods: All participants had two to four cooling sessions over 8 weeks.",
     "non_randomized_trial", False),
    ("Methods: Scalp blood flow was measured in 12 women 2 hours after ingestion of zinc.",
     "non_randomized_trial", False),
    ("Methods: The patients were divided into two groups: one wore the cap, one did not.",
     "non_randomized_trial", False),
    ("Methods: Sixteen women with thinning hair were enrolled. A total of six treatments were "
     "administered at 2-week intervals.", "non_randomized_trial", False),
    ("Methods: Twelve women self-administered three treatments at home with a cooling cap.",
     "non_randomized_trial", False),
    ("Methods: Thirty adults were enrolled and treated with a zinc lotion twice daily.",
     "non_randomized_trial", False),
    # randomization told with the adverb after its verb
    ("Methods: Forty adults with thinning hair were divided randomly into two groups, one "
     "given zinc and one a placebo, for 12 weeks.", "rct", True),
    ("Methods: Forty adults with thinning hair were assigned at random to zinc or placebo "
     "tablets for 12 weeks.", "rct", True),
])
def test_designs_read_from_what_a_paper_did(extractor, methods: str, design: str,  # type: ignore[no-untyped-def]
                                            randomized: bool) -> None:
    st = _own_study(extractor, methods, "Zinc and scalp cooling for thinning hair",
                    "Hair density rose by 9% at week 12.")
    assert (st.design, bool(st.randomized)) == (design, randomized)


@pytest.mark.parametrize(("title", "design"), [
    # a pilot its methods say was randomized is a randomized trial
    ("Scalp cooling for thinning hair: a pilot study", "rct"),
    # a title naming a review still names the report's own design
    ("Scalp cooling for thinning hair: a meta-analysis", "meta_analysis"),
])
def test_a_titles_design_and_the_methods_randomization(extractor, title: str,  # type: ignore[no-untyped-def]
                                                       design: str) -> None:
    st = _own_study(extractor, "Methods: In a randomized, double-blind crossover design, 14 "
                    "women received scalp cooling and sham cooling for 4 weeks each.",
                    title, "Hair density rose by 9% with cooling.")
    assert st.design == design


@pytest.mark.parametrize(("methods", "people"), [
    # the whole, then its arms: not the whole twice
    ("Methods: Trained cyclists (N=40) were randomized to beetroot juice (N=20) or placebo "
     "(N=20) for 3 weeks.", 40),
    # whom the study took, not those who finished it
    ("Participants: Twenty individuals aged 16 to 50 years with thinning hair.\n\nResults: "
     "Fifteen participants completed the trial.", 20),
    # people named, then counted in brackets, at a sentence's start
    ("MethodsHealthy adults (n = 235, 40-65 y old) took scalp cooling or sham cooling.", 235),
])
def test_a_reports_head_count_is_whom_it_took(extractor, methods: str,  # type: ignore[no-untyped-def]
                                              people: int) -> None:
    st = _own_study(extractor, methods, "Scalp cooling for thinning hair", "")
    assert st.participants == people


def test_whom_the_methods_say_a_paper_studied_are_its_participants(extractor) -> None:  # type: ignore[no-untyped-def]
    st = _own_study(extractor, "Background\n\nFew randomized trials of scalp cooling have been "
                    "conducted.\n\nMethods\n\nMixed models assessed the efficacy of eight weeks "
                    "of scalp cooling in 19 outpatients with thinning hair.\n\nResults\n\n"
                    "Hair density rose by 9% at week eight.\n",
                    "Scalp cooling for thinning hair: an open-label trial", "")
    assert st.participants == 19


@pytest.mark.parametrize("methods", [
    "Methods: Of the 130 women screened, 84 were randomized to scalp cooling or no cooling.",
    # the pool assessed, then those taken, as trial abstracts tell it
    "Methods: Of 130 potential participants assessed, 84 women were randomized to scalp cooling "
    "or no cooling.",
    "Methods: Of 130 potential participants, 84 women were randomized to scalp cooling or none.",
])
def test_people_screened_are_not_the_head_count(extractor, methods: str) -> None:  # type: ignore[no-untyped-def]
    assert _own_study(extractor, methods).participants == 84


@pytest.mark.parametrize(("results", "people"), [
    # the pool before exclusions, then those taken
    ("Of the 130 volunteers, 46 (35%) were excluded, of whom 9 declined to participate and 37 "
     "did not meet the inclusion criteria. Of the 84 women randomly assigned to scalp cooling "
     "or no cooling, 4 did not finish.", 84),
    # the pool a count was screened from, in brackets beside it
    ("A total of 84 women (of 190 screened) took part.", 84),
    # those excluded from the analysis, or after randomization, were still taken
    ("Of the 84 participants, 6 were excluded from the analysis.", 84),
    ("Of 84 women randomized, 6 were excluded as they moved away.", 84),
])
def test_people_excluded_before_a_study_are_not_its_head_count(extractor, results: str,  # type: ignore[no-untyped-def]
                                                              people: int) -> None:
    st = _own_study(extractor, "Methods: Women with thinning hair were randomized to scalp "
                    "cooling or none.", results=results)
    assert st.participants == people


@pytest.mark.parametrize(("results", "people"), [
    ("A total of 41 participants were in the 5-mg group, 38 in the 2-mg group, and 40 in the "
     "placebo group.", 119),
    ("Of these, 30 were assigned to the cooling group and 28 to the control group.", 58),
    # groups told by what they held, one sentence each, even after a result counted people
    ("Hair regrowth was seen in 9 patients at week 4. The cap group [worn nightly] consisted "
     "of 21 patients, 12 men and 9 women. The control group consisted of 19 patients.", 40),
    ("The cooling (CO) group included 15 patients, and the sham (SH) group included 15 "
     "patients who wore an unpowered cap.", 30),
    # cases and their controls
    ("A total of 36 girls with alopecia, aged 9-15 years, and 34 matched, healthy controls "
     "took part.", 70),
])
def test_people_counted_group_by_group_add_up(extractor, results: str, people: int) -> None:  # type: ignore[no-untyped-def]
    st = _own_study(extractor, "Methods: Adults with thinning hair took part.", results=results)
    assert st.participants == people


def test_outcome_figures_told_group_by_group_are_no_head_count() -> None:
    from evidence.extract.studies import group_counts

    assert group_counts("Pain fell by 30 in the laser group and 12 in the control group.", 0) == []
    spans = group_counts("Then 12 patients were in the gel group and 14 in the cream group.", 5)
    assert [(sp.start, sp.text) for sp in spans] == [(10, "12"), (48, "14")]


def test_people_assessed_during_a_study_are_still_its_head_count(extractor) -> None:  # type: ignore[no-untyped-def]
    st = _own_study(extractor, "Methods: Forty women were randomized to scalp cooling or no "
                    "cooling, and 38 were assessed at week 24.")
    assert st.participants == 40


@pytest.mark.parametrize(("methods", "arms"), [
    ("Forty-five adults were randomized into three equal groups (15 each).", 3),
    ("Sixty adults were randomized 1:1:1 to cooling, minoxidil, or both.", 3),
    ("Adults were divided into Group A (cooling), Group B (minoxidil) and Group C (both).", 3),
    ("Adults were randomized in a 2:1 ratio to cooling or no cooling.", 2),
])
def test_arms_told_by_their_number_ratio_or_labels(extractor, methods: str, arms: int) -> None:  # type: ignore[no-untyped-def]
    assert _own_study(extractor, f"Methods: {methods}").arms == arms


NEWS_OF_FINES = """Watchdog fines two clinics over light-mask adverts

Priya Nair, Health reporter
3 April 2025

The consumer watchdog has fined two clinics a total of $48,000 for advertising light masks.
A 2024 survey found that 1 in 4 clinics sold light masks.
A 2023 clinical study found a 30% fall in redness after eight weeks of use.
"""


def test_a_news_item_dated_on_its_own_line_tells_of_fines_and_surveys(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document("news.txt", NEWS_OF_FINES.encode())
    assert doc.meta.published == "2025-04-03"
    by_text = {c.text.split()[1]: c for c in extractor.extract(doc).claims}
    assert by_text["consumer"].kind == "regulatory"
    assert by_text["2024"].attribution == "2024 survey"
    assert by_text["2023"].attribution == "2023 clinical study"  # the study, not its verb


def test_a_study_named_by_its_authors_is_credited(extractor) -> None:  # type: ignore[no-untyped-def]
    page = "Light masks\n\nOkafor and colleagues showed that red light eased redness after rosacea.\n"
    claim = extractor.extract(parse_document("page.txt", page.encode())).claims[0]
    assert (claim.attribution, claim.attribution_kind) == ("Okafor and colleagues", "study")


FLATTENED_COPY = """Journal of Hair Studies 2025; 8(2): 41-49
Scalp cooling versus no cooling for thinning hair: a prospective, double-blind, ran-
domized controlled trialAbstract
BackgroundThinning hair is common.MethodsA total of 52 adults were randomized to cooling (n=26) or no cooling (n=26).
ResultsHair density rose by 12,5% with cooling and by 4,0% without (p?<?0.01). Itch scores were similar (2·1 vs 2·3).
ConclusionScalp cooling may improve hair density in thinning hair.
"""


def test_a_flattened_copy_is_read_as_its_abstract_was_written(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document("copy.txt", FLATTENED_COPY.encode())
    assert doc.meta.title == ("Scalp cooling versus no cooling for thinning hair: a prospective, "
                              "double-blind, randomized controlled trial")
    assert doc.meta.publisher == "Journal of Hair Studies"
    claims = extractor.extract(doc).claims
    texts = [c.text for c in claims]
    assert not [t for t in texts if re.match(r"(Background|Methods|Results|Conclusion)[A-Z]", t)]
    density = next(c for c in claims if c.text.startswith("Hair density"))  # label cut off
    assert [(q.value, q.role) for q in density.numbers if q.role == "p_value"] == [(0.01, "p_value")]
    itch = next(c for c in claims if c.text.startswith("Itch"))
    assert [q.value for q in itch.numbers] == [2.1, 2.3]
    assert any(c.text.startswith("Scalp cooling may improve") and c.hedged for c in claims)


def test_a_count_spelled_after_a_glued_label_is_read(extractor) -> None:  # type: ignore[no-untyped-def]
    flat = ("Chamomile tea for sleep in older adults: a randomized, placebo-controlled trial\n\n"
            "BackgroundSleep worsens with age. MethodsIn this double-blind trial, adults aged 65 "
            "to 80 years were randomized to chamomile tea or a look-alike tea for 8 weeks. "
            "ResultsSeventy-two adults were included and 64 completed the trial. Sleep scores "
            "improved more with chamomile (p = 0.02).\n")
    doc = parse_document("flat.txt", flat.encode())
    result = extractor.extract(doc)
    own = next(s for s in result.studies if s.reported_in_own_source)
    assert own.participants == 72
    included = next(c for c in result.claims if c.text.startswith("Seventy-two adults"))
    assert (72.0, "participants") in [(q.value, q.unit) for q in included.numbers]


@pytest.mark.parametrize(("methods", "people"), [
    ("Twenty men and 22 women with thinning hair were enrolled.", 42),
    ("Forty-eight eyes of 24 adults were treated with cooling masks.", 24),
    ("The study was made up of 132 at-risk children whose mothers took the tea.", 132),
    ("Sleep improved in 21 of 40 adults drinking chamomile, compared with 9 of 38 receiving "
     "placebo tea. Naps were shorter in 12 of 30 adults given chamomile.", 78),
    ("In all, 96 overweight and obese adults drank the tea.", 96),
    ("There were 35 patients in both the cooling and control groups.", 70),
    ("Adults were enrolled with 20 participants in each of the three arms.", 60),
])
def test_head_counts_told_in_parts(extractor, methods: str, people: int) -> None:  # type: ignore[no-untyped-def]
    assert _own_study(extractor, f"Methods: {methods}").participants == people


def test_a_count_opening_the_patients_section_is_the_head_count(extractor) -> None:  # type: ignore[no-untyped-def]
    methods = ("DESIGN: A single-blind crossover trial of cooling caps.\n\n"
               "PATIENTS: Eleven women with thinning hair and no scalp disease.\n\n")
    assert _own_study(extractor, methods).participants == 11




@pytest.mark.parametrize(("methods", "results", "people"), [
    ("Adults with thinning hair wore a cooling cap or a placebo cap for eight weeks.",
     "Among 61 cap-treated and 59 placebo-treated adults, hair density rose by 9% and 2%.", 120),
    ("In a double-blind trial, 72 healthy male and female volunteers aged 20–45 years were "
     "randomly allocated to cooling or no cooling.", "Hair density rose by 9% with cooling.", 72),
])
def test_head_counts_told_with_a_shared_noun(extractor, methods: str, results: str,  # type: ignore[no-untyped-def]
                                             people: int) -> None:
    assert _own_study(extractor, f"Methods: {methods}", results=results).participants == people


def test_a_study_introduced_without_a_claim_is_the_one_the_next_sentences_tell_of(extractor) -> None:  # type: ignore[no-untyped-def]
    page = ("Nettle tea for hay fever\n\nOne 2019 trial pitted nettle tea against a look-alike "
            "herbal tea in adults with hay fever.\nResults showed that nettle tea was just as "
            "effective as the antihistamine tablets most people take.\n")
    result = extractor.extract(parse_document("page.txt", page.encode()))
    stub = next(s for s in result.studies if not s.reported_in_own_source)
    told = next(c for c in result.claims if c.text.startswith("Results showed"))
    assert told.study_ref == stub.key and told.attribution_kind == "study"


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Following approval by the institutional review board, 20 women were enrolled.", "study_design"),
    ("The study was approved by the local ethics committee.", "other"),
    ("The mask is approved by the FDA for mild acne.", "regulatory"),
])
def test_an_ethics_boards_approval_is_not_a_regulators(sentence: str, kind: str) -> None:
    from evidence.extract import claims as cl
    assert cl.classify_kind(sentence) == kind


def test_a_figure_credited_to_studies_in_general_is_credited() -> None:
    from evidence.extract import claims as cl
    told = "According to clinical studies, 70% of users see fewer breakouts within a month."
    assert cl.attribution_of(told) == ("clinical studies", "publication")


@pytest.mark.parametrize(("told", "who"), [
    # a finding credited to the work it was shown in
    ("Cold caps have been shown repeatedly in published studies to be safe.",
     ("published studies", "publication")),
    ("Cooling may slow shedding in older women, as shown in a randomized, double-blind, "
     "controlled trial 3.", ("randomized, double-blind, controlled trial", "study")),
    # what the study a page has just told of found, a reference mark glued to its noun
    ("The review2 also failed to find any evidence that cooling caps protect the scalp.",
     ("review", "publication")),
    ("The trial found no difference in shedding at six months.", ("trial", "study")),
    # a place a thing was found is no study
    ("Traces were found in the blood of two patients.", (None, None)),
    # a sentence whose subject is a study, whatever it did
    ("This study was conducted on 15 women.", ("This study", "study")),
    ("One of the better human studies on cold caps involved 135 women.",
     ("One of the better human studies", "publication")),
    ("Fourteen trials (3667 patients) showed that cooling eased shedding.",
     ("Fourteen trials", "publication")),
    ("Recent research, also led by Okafor, suggests that caps help.",
     ("Recent research", "publication")),
    ("However, a one-year-study on older women has shown that caps do not work.",
     ("one-year-study", "study")),
    # studies as the subject, however described, with what they showed
    ("Early studies show a 60% success rate for cold caps.", ("Early studies", "publication")),
    ("Clinical trials involving women with thin hair have found that caps slow shedding.",
     ("Clinical trials", "publication")),
    ("The research indicated that caps are safe for most scalps.", ("research", "publication")),
    ("Our data show that caps slow shedding.", (None, None)),
    # a sentence set inside the studies it tells of, not the page's own
    ("In trials run in Norway, women who wore the cap twice a day shed less.",
     ("trials", "publication")),
    ("During a small trial, it was shown that caps slow shedding by a third.",
     ("small trial", "study")),
    ("In this study, we followed 40 women for a year.", (None, None)),
])
def test_a_finding_credited_to_the_work_it_was_shown_in(told: str, who: tuple) -> None:
    from evidence.extract import claims as cl
    assert cl.attribution_of(told) == who


@pytest.mark.parametrize("told", [
    "Animal studies have shown that cooling may slow shedding.",
    "Numerous studies indicate that cold caps are a sound first step for thinning hair.",
])
def test_studies_in_general_credited_with_a_view_make_a_claim(extractor, told: str) -> None:  # type: ignore[no-untyped-def]
    page = f"Cold caps and your scalp\n\nBy Ana Lind\n\n{told}\n"
    claims = extractor.extract(parse_document("caps.txt", page.encode())).claims
    assert [(c.text, c.attribution_kind) for c in claims] == [(told, "publication")]


def test_a_finding_shown_in_studies_is_a_claim_on_a_sellers_page(extractor) -> None:  # type: ignore[no-untyped-def]
    page = ("Cold caps and your scalp\n\nShop our caps today.\n\nCold caps have been shown "
            "repeatedly in published studies to be non-irritating.\n")
    doc = parse_document("caps.txt", page.encode())
    texts = [c.text for c in extractor.extract(doc).claims]
    assert any(t.startswith("Cold caps have been shown") for t in texts)


@pytest.mark.parametrize(("told", "who"), [
    ("The National Institute of Sleep Sciences reports that poor sleep affects 30% of adults.",
     "National Institute of Sleep Sciences"),
    ("According to the Centers for Disease Control and Prevention, 1 in 3 adults sleeps badly.",
     "Centers for Disease Control and Prevention"),
    ("The CDC estimates that 35% of adults sleep less than seven hours.", "CDC"),
])
def test_a_figure_credited_to_an_institution_is_credited(told: str, who: str) -> None:
    from evidence.extract import claims as cl
    assert cl.attribution_of(told) == (who, "publication")
    # a business speaking of itself is not an institution
    assert cl.attribution_of("Our clinic says 90% of clients sleep better.") == (None, None)


def test_reviews_are_never_randomized(extractor) -> None:  # type: ignore[no-untyped-def]
    review = ("Oral supplements for hair loss: a systematic review\n\nAbstract\n\nBackground: "
              "Many supplements are sold for hair loss.\nMethods: We searched PubMed and Embase "
              "for randomized trials of oral supplements in adults with hair loss.\nResults: "
              "Eleven randomized trials with 940 participants were included; we pooled hair "
              "counts (p < 0.05).\nConclusions: Evidence is limited and of low quality; larger trials "
              "with standard outcome measures are needed before any supplement is advised.\n")
    doc = parse_document("r.txt", review.encode(), url="https://pubmed.ncbi.nlm.nih.gov/1/")
    st = next(s for s in extractor.extract(doc).studies if s.reported_in_own_source)
    assert st.design in ("systematic_review", "meta_analysis") and st.randomized is False


def _target(participants: int | None) -> Target:
    src = CorpusSource(id=1, kind="journal_article", location="p.txt", text=ABSTRACT,
                       title="Oral nicotinamide for thinning hair in women")
    st = StudyRecord(key="own", reported_in_own_source=True, design="non_randomized_trial",
                     participants=participants)
    return Target(1, src, st, frozenset(), set(), [], set(), [], "2024",
                  terms=key_terms(src.title or ""))


def test_tracing_needs_a_fact_not_only_shared_words() -> None:
    told = "A study found nicotinamide thickened thinning hair."
    assert key_terms(told) & _target(42).terms
    words_only = score(None, told, find_quantities(told), _target(42), "Nicotinamide for hair")
    assert words_only.confidence < THRESHOLD
    counted = "A 2024 study of 42 women found nicotinamide thickened thinning hair."
    with_count = score(None, counted, find_quantities(counted), _target(42), "Nicotinamide for hair")
    assert with_count.confidence >= THRESHOLD and "participants:42" in with_count.matched_on


def test_a_count_agreeing_with_a_group_a_report_counts() -> None:
    # a report of several small studies gives no head count of its own; a retelling's count
    # agreeing with one of the groups it counts is a fact in common, a count it lacks is not
    told = "A 2024 study found less shedding in 42 women after 24 weeks of nicotinamide."
    group = find_quantities("An open study involving 42 women", 0)[0]
    target = _target(None)
    target.numbers_side.append(StudySide(group, 1, "An open study involving 42 women", 0, 30))
    agreeing = score(None, told, find_quantities(told), target, "Nicotinamide for hair")
    assert agreeing.confidence >= THRESHOLD
    assert "participants:42 (a group the report counts)" in agreeing.matched_on
    other = told.replace("42", "37")
    assert score(None, other, find_quantities(other), target, "Nicotinamide for hair"
                 ).confidence < THRESHOLD


BYLINED = """Rosehip powder against glucosamine for knee stiffness: a randomised trial
Ines Marlowe 1, Tobias Brandt 2,*, Keiko Aoyama 1
1 Department of Rheumatology, Northfield General Hospital
Abstract
Background: Knee stiffness limits daily life in older adults.
Methods: In this randomised, double-blind trial, eighty adults with knee stiffness took rosehip
powder (n = 40) or glucosamine (n = 40) daily for 16 weeks.
"""


def _bylined(arms: list[str]) -> Target:
    src = CorpusSource(id=1, kind="journal_article", location="knee.txt", text=BYLINED)
    st = StudyRecord(key="own", reported_in_own_source=True, design="rct", randomized=True,
                     participants=80, duration="16 weeks", arm_descriptions=arms)
    return Target(1, src, st, frozenset(), set(), [], set(), [], None,
                  terms=key_terms(BYLINED[:600]))


@pytest.mark.parametrize("told, named", [
    ("Professor Tobias Brandt says rosehip powder eased knee stiffness.", True),
    ("Brandt and colleagues found rosehip powder eased knee stiffness.", True),
    ("Professor Ingrid Olsen says rosehip powder eased knee stiffness.", False),
    # a word opening the next sentence is no surname ("... says Dr. Olsen. The powder ...")
    ("Rosehip powder eases stiff knees, says Dr. Olsen. The powder is cheap.", False),
    ("Rosehip powder eases stiff knees, says Dr. Olsen. Brandt disagrees.", False),
    ("Dr. T. Brandt says rosehip powder eased knee stiffness.", True),
])
def test_a_report_is_found_by_the_author_a_retelling_names(told: str, named: bool) -> None:
    m = score(None, told, find_quantities(told), _bylined([]))
    assert any(x.startswith("author:") for x in m.matched_on) is named
    # an author named adds to the topic's words, which alone never pass
    words_only = score(None, "Rosehip powder eased knee stiffness.", [], _bylined([]))
    assert (m.confidence > words_only.confidence) is named
    assert words_only.confidence < THRESHOLD


def test_a_report_is_found_by_the_title_a_retelling_quotes() -> None:
    quoted = ("Our reading list: Rosehip powder against glucosamine for knee stiffness, "
              "a trial from Northfield.")
    m = score(None, quoted, find_quantities(quoted), _bylined([]))
    assert any(x.startswith("quoted:") for x in m.matched_on) and m.confidence >= THRESHOLD
    # the same words, not in the report's order, are shared words only
    loose = "For knee stiffness, glucosamine or rosehip powder against the ache?"
    m = score(None, loose, find_quantities(loose), _bylined([]))
    assert not any(x.startswith("quoted:") for x in m.matched_on) and m.confidence < THRESHOLD


def test_a_study_comparing_the_same_two_treatments_fits_better() -> None:
    arms = ["rosehip powder (n = 40)", "glucosamine (n = 40)"]
    told = "A study compared rosehip powder with glucosamine for 16 weeks."
    both = StudyRecord(key="s", reported_in_own_source=False, intervention="rosehip powder",
                       comparator="glucosamine", duration="16 weeks")
    other = StudyRecord(key="s", reported_in_own_source=False, intervention="rosehip powder",
                        comparator="a placebo", duration="16 weeks")
    same = score(both, told, find_quantities(told), _bylined(arms))
    not_same = score(other, told, find_quantities(told), _bylined(arms))
    assert "arms:rosehip powder / glucosamine" in same.matched_on
    assert not any(x.startswith("arms:") for x in not_same.matched_on)
    assert same.confidence > not_same.confidence


KNEE_PAPER = BYLINED + """Results: Stiffness scores fell by 31% with rosehip powder and by 14% with
glucosamine (p < 0.01).
Conclusions: Rosehip powder eased knee stiffness more than glucosamine did.
Knee Res Pract. 2019;12(3):45-52. doi: 10.5555/krp.2019.045
"""
KNEE_PAGE = """Rosehip and stiff knees (from our 2019 reading list)

Among adults whose knees stiffen in the morning, the study found that rosehip powder eased
stiffness by up to 30%.

Professor Brandt says the powder is easy to take with breakfast.
"""


def test_a_study_a_retelling_page_describes_is_the_study_it_retells(tmp_path: Path) -> None:
    data = exported(tmp_path, {"knee-trial.txt": KNEE_PAPER, "rosehip-page.txt": KNEE_PAGE})
    own = next(s for s in data["studies"] if s["reported_in_own_source"])
    stub = next(s for s in data["studies"] if not s["reported_in_own_source"])
    assert stub["traced_to"] == own["id"]


THIS_AND_ANOTHER = """Rosehip and stiff knees (from our 2019 reading list)

Professor Brandt says the powder is easy to take with breakfast.

In this study, it was found that rosehip powder eased stiffness in the morning by up to 30%.

In another study, it was found that nettle tea eased stiffness in the evening by up to 20%.
"""


def test_the_study_a_page_speaks_of_as_its_own_is_the_one_it_retells(tmp_path: Path) -> None:
    data = exported(tmp_path, {"knee-trial.txt": KNEE_PAPER, "page.txt": THIS_AND_ANOTHER})
    own = next(s for s in data["studies"] if s["reported_in_own_source"])
    stubs = sorted((s for s in data["studies"] if not s["reported_in_own_source"]),
                   key=lambda s: s["id"])  # in the page's order: this study, another study
    assert [s["traced_to"] for s in stubs] == [own["id"], None]
    this = next(c for c in data["claims"] if c["text"].startswith("In this study"))
    assert this["study_id"] == own["id"]


RETELLING = """Rosehip powder for stiff knees

A 2019 study compared rosehip powder with a placebo powder in people with knee pain.
Some 41% of participants taking rosehip reported less stiffness after 12 weeks.
Rosehip is also rich in vitamin C, which supports healthy skin.
"""


def test_sentences_after_a_described_study_go_on_telling_of_it(extractor) -> None:  # type: ignore[no-untyped-def]
    result = extractor.extract(parse_document("page.txt", RETELLING.encode()))
    by_text = {c.text.split()[0]: c for c in result.claims}
    stub = next(s for s in result.studies if not s.reported_in_own_source)
    assert by_text["Some"].study_ref == stub.key and by_text["Some"].attribution_kind == "study"
    assert "Rosehip" not in by_text or by_text["Rosehip"].study_ref is None


MEASURED_CHANGES = """Rosehip powder for stiff knees

A 2019 study compared rosehip powder with a placebo powder in people with knee pain.
In addition, rosehip lowered the number of tender joints by 12-18% over the 12 weeks.
The walking test found a similar 14.5% improvement in stride length.
Rosehip is also rich in vitamin C, which supports healthy skin.
"""


def test_a_change_measured_after_a_described_study_is_that_studys(extractor) -> None:  # type: ignore[no-untyped-def]
    result = extractor.extract(parse_document("page.txt", MEASURED_CHANGES.encode()))
    stub = next(s for s in result.studies if not s.reported_in_own_source)
    told = {c.text.split()[1]: c for c in result.claims}
    assert told["addition,"].study_ref == stub.key and told["walking"].study_ref == stub.key
    assert all(c.study_ref is None for c in result.claims if c.text.startswith("Rosehip is"))


PASSIVE_RESULTS = """Rosehip powder for stiff knees

A 2019 study compared rosehip powder with a placebo powder in people with knee pain.
It was found that the powder eased stiffness scores by 30% within a month.
Around 70% of those on rosehip were significantly less stiff at 12 weeks.
This improvement held when the powder was stopped.
Rosehip is also rich in vitamin C, which supports healthy skin.
"""


def test_a_result_told_in_the_passive_or_by_its_test_is_the_studys(extractor) -> None:  # type: ignore[no-untyped-def]
    result = extractor.extract(parse_document("page.txt", PASSIVE_RESULTS.encode()))
    stub = next(s for s in result.studies if not s.reported_in_own_source)
    told = [c for c in result.claims if c.text.startswith(("It was found", "Around 70%", "This "))]
    assert len(told) == 3 and all(c.study_ref == stub.key for c in told)
    assert all(c.study_ref is None for c in result.claims if c.text.startswith("Rosehip is"))


PEOPLE_COUNTED = """Rosehip powder for stiff knees

A 2019 study compared rosehip powder with a placebo powder in people with knee pain.
At the first visit, stiffness was severe in 9 women and moderate in 11 women.
About 62% of participants were over 60 years old, with stiff knees for 5 years or more.
They also applied a warm compress each evening.
Knee pain troubles 1 in 4 women over 50, and about 30% of adults at some point.
"""


def test_a_studys_people_counted_after_it_is_described_are_its_own(extractor) -> None:  # type: ignore[no-untyped-def]
    result = extractor.extract(parse_document("page.txt", PEOPLE_COUNTED.encode()))
    stub = next(s for s in result.studies if not s.reported_in_own_source)
    told = [c for c in result.claims if c.text.startswith(("At the first", "About 62%"))]
    assert len(told) == 2 and all(c.study_ref == stub.key for c in told)
    # a population's rates are background, not the study's people
    background = [c for c in result.claims if c.text.startswith("Knee pain")]
    assert background and all(c.study_ref is None for c in background)


FOLLOW_ON = """Nettle tea for seasonal sneezing

A 2018 study compared nettle tea with a look-alike herbal tea.
People with hay fever received either tea daily over a period of 8 weeks, 64 adults in all.
Sneezing fits fell by 30% with nettle against 12% with the look-alike tea.
"""


def test_a_study_told_over_several_sentences_gathers_its_facts(extractor) -> None:  # type: ignore[no-untyped-def]
    result = extractor.extract(parse_document("page.txt", FOLLOW_ON.encode()))
    stub = next(s for s in result.studies if not s.reported_in_own_source)
    assert (stub.duration, stub.participants) == ("8 weeks", 64)
    told = FOLLOW_ON.encode().decode()
    assert all(told[sp.start:sp.end] == sp.text for spans in stub.evidence.values() for sp in spans)


NEWS_OF_A_TRIAL = """Ginger capsules no better than dummy pills for travel sickness

Ferry passengers prone to seasickness got no more relief from ginger than from a dummy pill.
The results of the Coastal Nausea Relief (CNR) trial were published this week in a travel
medicine journal, the team said.
Some 212 volunteers were enrolled before the study and were followed on three crossings.
In all, 140 took ginger capsules and 72 took the dummy pills.
Vomiting rates were similar in the two groups, at 18% and 17%.
"""

NEWS_OF_AN_UNNAMED_TRIAL = """Ginger capsules no better than dummy pills for travel sickness

Ferry passengers prone to seasickness got no more relief from ginger than from a dummy pill.
Passengers (n=212) were randomized (2:1) to ginger capsules or a placebo before sailing.
Vomiting rates were similar in the two groups, at 18% and 17%.
"""


def test_a_trial_known_by_its_name_is_the_study_the_news_tells_of(extractor) -> None:  # type: ignore[no-untyped-def]
    result = extractor.extract(parse_document("news.txt", NEWS_OF_A_TRIAL.encode()))
    by_text = {c.text.split()[0]: c for c in result.claims}
    named = by_text["The"]
    assert named.attribution_kind == "study" and named.attribution == "Coastal Nausea Relief (CNR) trial"
    # "before the study" is the study's time, not a study credited
    assert by_text["Some"].attribution in (None, "the same study")
    assert by_text["Vomiting"].study_ref == named.study_ref is not None


def test_a_design_sentence_on_a_news_page_describes_a_study(extractor) -> None:  # type: ignore[no-untyped-def]
    result = extractor.extract(parse_document("news.txt", NEWS_OF_AN_UNNAMED_TRIAL.encode()))
    stub = next(s for s in result.studies if not s.reported_in_own_source)
    assert (stub.randomized, stub.participants) == (True, 212)
    vomiting = next(c for c in result.claims if c.text.startswith("Vomiting"))
    assert vomiting.study_ref == stub.key and vomiting.attribution_kind == "study"


def test_one_arm_then_the_other_add_up_to_the_head_count(extractor) -> None:  # type: ignore[no-untyped-def]
    page = ("Ginger versus placebo for travel sickness: a randomized trial\n\nAbstract\n\n"
            "Methods: In a double-blind trial, we randomly assigned ferry passengers to ginger or "
            "placebo capsules.\nResults: A total of 140 adults were assigned to the ginger "
            "group and 72 to the placebo group; 131 and 70 completed the crossing diary.\n")
    doc = parse_document("paper.txt", page.encode(), url="https://pubmed.ncbi.nlm.nih.gov/3/")
    own = next(s for s in extractor.extract(doc).studies if s.reported_in_own_source)
    assert own.participants == 212
    assert [sp.text for sp in own.evidence["participants"]] == ["140", "72"]


def test_a_figure_stated_as_fact_is_a_claim(extractor) -> None:  # type: ignore[no-untyped-def]
    page = ("Knee pain clinic\n\nA knee replacement usually lasts about 15 to 20 years. "
            "We are open on weekdays.\n")
    claims = extractor.extract(parse_document("clinic.txt", page.encode())).claims
    assert [c.text for c in claims] == ["A knee replacement usually lasts about 15 to 20 years."]


def test_arm_counts_add_up_to_the_head_count(extractor) -> None:  # type: ignore[no-untyped-def]
    page = ("Rosehip powder versus glucosamine for knee pain: a randomized trial\n\nAbstract\n\n"
            "Methods: Adults with knee pain were randomly assigned to rosehip powder (n = 45) or "
            "glucosamine (n = 44) for 12 weeks. Pain was assessed with a visual analogue scale at "
            "baseline and week 12.\nResults: Pain fell by 31% with rosehip and by 18% with "
            "glucosamine (p = 0.02). No serious adverse events occurred in either group.\n")
    doc = parse_document("paper.txt", page.encode(), url="https://pubmed.ncbi.nlm.nih.gov/2/")
    own = next(s for s in extractor.extract(doc).studies if s.reported_in_own_source)
    assert own.participants == 89 and own.randomized is True


@pytest.mark.parametrize(("text", "want"), [
    ("The regulator issued fines totalling $30,240.", (30240, None, None, "USD")),
    ("The market reached USD 2.64 billion last year.", (2.64, None, None, "USD billion")),
    ("Users were over four times more likely to report it.", (4, None, None, "times")),
    ("Some took five to 10 times the intended dose.", (None, 5, 10, "times")),
])
def test_money_and_multiples_are_figures(text: str, want: tuple) -> None:  # type: ignore[type-arg]
    got = [(q.value, q.low, q.high, q.unit) for q in find_quantities(text)]
    assert got == [want]


def test_a_finding_credited_to_a_study_is_a_claim(extractor) -> None:  # type: ignore[no-untyped-def]
    page = ("Eye risk and weight-loss injections\n\nA new study found that people prescribed the "
            "injections were four times more likely to be diagnosed with the eye condition.\n")
    claims = extractor.extract(parse_document("news.txt", page.encode())).claims
    assert len(claims) == 1 and claims[0].attribution_kind in ("study", "publication")
    assert [q.unit for q in claims[0].numbers] == ["times"]


@pytest.mark.parametrize(("sentence", "agency"), [
    ("The Federal Trade Commission ordered the telehealth firm to stop unsupported claims.", "FTC"),
    ("The UK Health Security Agency confirmed further cases after cosmetic injections.", "UKHSA"),
    ("The Health Sciences Authority has ordered a recall of the capsules.", "HSA"),
    # the regulator named first: joint letters are the first-named agency's as well
    ("Six sellers received joint FTC-FDA warning letters over candy-like edibles.", "FTC"),
    ("The Health, Labor and Welfare Ministry ordered the maker to recall three products.", "MHLW"),
    ("Brazil's Anvisa suspended sales of the unlicensed weight-loss pens.", "ANVISA"),
    # the US public-health agency, whose outbreak notices pages retell
    ("The Centers for Disease Control and Prevention linked 68 infections to the drops.", "CDC"),
    # food safety and fertility regulators
    ("New Zealand Food Safety is supporting the maker's recall of its fermented tea.", "NZFS"),
    ("The Centre for Food Safety urged the public not to drink the vinegar.", "CFS"),
    ("The HFEA rates most treatment add-ons red for want of evidence.", "HFEA"),
    ("The Food Standards Agency has issued an allergy alert for the bars.", "FSA"),
    # chronic fatigue syndrome is no regulator
    ("Patients with CFS reported less fatigue after pacing.", None),
    # a US health savings account is no regulator
    ("We do not take insurance, but HSA/FSA cards are accepted for the injections.", None),
    ("Payments from an HSA account are welcome for every session.", None),
])
def test_more_regulators_are_named(sentence: str, agency: str | None) -> None:
    from evidence.extract.lexicon import agency_in

    assert agency_in(sentence) == agency


def test_toxin_units_are_doses() -> None:
    got = [(q.value, q.unit) for q in find_quantities("Patients received 20 U of toxin; 4 u was noise.")]
    assert got == [(20, "U")]


def test_a_statement_about_the_page_subject_is_a_claim(extractor) -> None:  # type: ignore[no-untyped-def]
    page = ("Cold plunge therapy\n\nGenerally, the risk of side effects is low with a cold plunge. "
            "Our opening hours change in summer.\n")
    claims = extractor.extract(parse_document("clinic.txt", page.encode())).claims
    assert [c.kind for c in claims] == ["safety"] and "cold plunge" in claims[0].text



def test_a_treatment_said_to_be_non_invasive_is_a_safety_claim(extractor) -> None:  # type: ignore[no-untyped-def]
    page = ("Knee pain options\n\nStem cell therapy is minimally invasive and can be repeated. "
            "Clients often book it with an invasive or a non-invasive facial.\n")
    claims = extractor.extract(parse_document("clinic.txt", page.encode())).claims
    assert [(c.kind, c.text[:9]) for c in claims] == [("safety", "Stem cell")]

CITING = """Cold plunge benefits

According to Smith et al. (2019), cold plunges cut muscle soreness by 20%.
A meta-analysis of seven studies found that cold water immersion reduced soreness at 24 hours.
The Feb 2021 Aesthetic Surgery Journal study reported fewer bruises after cooling.
A Boston University study showed that 12 sessions improved recovery.
Studies show that cold plunges reduce soreness.
"""


def test_citations_become_stubs(extractor) -> None:  # type: ignore[no-untyped-def]
    result = extractor.extract(parse_document("page.txt", CITING.encode()))
    stubs = {s.key: s for s in result.studies if not s.reported_in_own_source}
    cited = {c.text.split()[0] + " " + c.text.split()[1]: c for c in result.claims}
    for lead in ("According to", "A meta-analysis", "The Feb", "A Boston"):
        assert cited[lead].study_ref in stubs, lead
    assert cited["According to"].attribution == "Smith et al. 2019"
    assert stubs[cited["A meta-analysis"].study_ref].design == "meta_analysis"
    assert cited["Studies show"].attribution_kind == "publication"  # no one study to look for
    assert cited["Studies show"].study_ref is None


def _figures(text: str) -> list[tuple[str, float | None]]:
    from evidence.extract.numbers import other_figures

    return [(q.text, q.value) for q in other_figures(text, find_quantities(text))]


@pytest.mark.parametrize(("text", "want"), [
    # a score without a unit, on either side of a semicolon
    ("Mean itch score was 3.4 at baseline; at week 8 it was 1.9 with the cream and 2.6 without.",
     [("3.4", 3.4), ("1.9", 1.9), ("2.6", 2.6)]),
    # arm counts written as labels in brackets
    ("Ninety adults were enrolled (cream: 61, vehicle: 29).", [("61", 61.0), ("29", 29.0)]),
    # the first factor of a product; the second is read as a length already
    ("in a 3 × 4-week crossover study", [("3", 3.0)]),
    # counts of things the readers have no unit for
    ("Four rabbits were treated at 16 sites.", [("Four", 4.0)]),
    ("The gel improved firmness (Z = 3.12, p < 0.001) and tone (change −0.8).",
     [("3.12", 3.12), ("−0.8", -0.8)]),
])
def test_every_other_number_of_a_sentence_is_a_figure(text: str, want: list) -> None:  # type: ignore[type-arg]
    assert _figures(text) == want


@pytest.mark.parametrize("text", [
    "A 2019 survey of 300 clinics found the same on 12 March 2021 (Fig. 3) [4, 5].",
    "Patients taking GLP-1 drugs with T2D or COVID-19 were seen at visit 2.",
    "About 20 × 106 cells per injection, under 21 CFR 1271.10.",
    "One should not rub the area; it is one of the most common treatments.",
    "It lowers 5-alpha reductase; see doi: 10.1000/xyz123.",
])
def test_dates_names_and_references_are_not_figures(text: str) -> None:
    got = _figures(text)
    assert all(t not in ("2019", "12", "2021", "3", "4", "5", "1", "19", "2", "106", "1271.10",
                         "One", "one", "10.1000") for t, _v in got), got


@pytest.mark.parametrize(("text", "want"), [
    ("The gel was approved by the FDA in December 2008 after two trials.", [2008.0]),
    ("A 2015 study of 30 patients found fewer flares.", [2015.0]),
    ("Between 2011 and 2014 the firm sold 87 devices.", [2011.0, 2014.0]),
    # a DOI, a citation's volume, an address and a longer number are no years
    ("See doi: 10.1001/jama.2019.1234 and Arch Dermatol. 2019;155(3):12 [4].", []),
    ("Details at example.org/2019/report and 12,2019 units sold.", []),
    # a year read as a count is not read twice
    ("Some 2010 patients took part.", []),
])
def test_the_years_a_sentence_tells_are_kept_apart_from_its_figures(text: str,
                                                                     want: list) -> None:  # type: ignore[type-arg]
    from evidence.extract.numbers import other_figures, years_told

    found = find_quantities(text)
    years = years_told(text, found + other_figures(text, found))
    assert [q.value for q in years] == want
    assert all(q.unit == "year" and q.role == "year" and text[q.start:q.end] == q.text
               for q in years)


def test_a_claim_carries_the_year_it_tells(extractor) -> None:  # type: ignore[no-untyped-def]
    page = ("Lash serum: what the label says\n\n"
            "The serum's active drug was approved by the FDA in December 2008 for thin lashes.\n")
    result = extractor.extract(parse_document("lashes.txt", page.encode()))
    claim = next(c for c in result.claims if "approved" in c.text)
    assert [(q.value, q.unit) for q in claim.numbers] == [(2008.0, "year")]


@pytest.mark.parametrize(("text", "want"), [
    ("On March 3, 2021, and again on April 19, our investigators visited the plant.",
     [(3.0, "date"), (19.0, "date")]),
    ("The leaflet, seen on 12 May 2019, promised firmer skin.", [(12.0, "date")]),
    ("The gels are unapproved new drugs under sections 505(a) and 301(d) of the Act "
     "(21 U.S.C. §§ 355(a) and 331(d)).",
     [(505.0, "section"), (301.0, "section"), (355.0, "section"), (331.0, "section")]),
    ("The lamp needs clearance through the 510(k) process.", [(510.0, "section")]),
    # a month and a count, a month and a share, are no date
    ("In March 12 patients were treated.", []),
    ("May 5% of users react?", []),
])
def test_the_dates_and_statute_sections_a_notice_tells_are_numbers(text: str,
                                                                   want: list) -> None:  # type: ignore[type-arg]
    from evidence.extract.numbers import dates_and_sections_told, other_figures, years_told

    found = find_quantities(text)
    found += other_figures(text, found)
    got = dates_and_sections_told(text, found + years_told(text, found))
    assert [(q.value, q.unit) for q in got] == want
    assert all(text[q.start:q.end] == q.text for q in got)


def test_a_claim_carries_the_day_and_the_section_it_tells(extractor) -> None:  # type: ignore[no-untyped-def]
    page = ("Warning letter\n\nOn June 14, 2022, FDA found that your serum is a drug under "
            "section 201(g) of the Act.\n")
    result = extractor.extract(parse_document("letter.txt", page.encode()))
    claim = next(c for c in result.claims if "serum" in c.text)
    assert {(q.value, q.unit) for q in claim.numbers} >= {(14.0, "date"), (2022.0, "year"),
                                                          (201.0, "section")}


@pytest.mark.parametrize(("text", "want"), [
    ("Lesions closed by the 9th day with the gel and by the 15th day with the cream.", [9.0, 15.0]),
    ("In the upper 25th percentile, pain fell further.", [25.0]),
    ("Most saw results around the 6th session.", [6.0]),
    # an ordinal of no time or rank of a result is not a figure
    ("The 3rd edition of the guideline came out in the 21st century.", []),
])
def test_an_ordinal_placing_a_result_is_a_figure(text: str, want: list) -> None:  # type: ignore[type-arg]
    from evidence.extract.numbers import other_figures

    found = find_quantities(text)
    assert [q.value for q in other_figures(text, found) if q.text[:1].isdigit()
            and text[q.end:q.end + 2] in ("th", "st", "nd", "rd")] == want


@pytest.mark.parametrize(("told", "claim"), [
    ("These findings suggest that cooling should not be offered to men.", True),
    ("The results showed no benefit over a placebo cap.", True),
    ("Overall, the results suggest a small benefit.", True),
    ("Findings", False),
])
def test_a_sentence_whose_subject_is_a_studys_findings_is_a_claim(told: str, claim: bool) -> None:
    from evidence.extract import claims as cl
    unit = cl.Unit(start=0, end=len(told), text=told, block_kind="paragraph")
    assert cl.decide(unit, "news").is_claim is claim


def test_a_claim_carries_every_figure_it_states(extractor) -> None:  # type: ignore[no-untyped-def]
    page = ("Urea cream for dry feet: a randomized trial\n\nAbstract\n\n"
            "Results: Sixty patients were enrolled (urea: 31, placebo: 29). Mean dryness rating "
            "fell from 3.2 to 1.4 with urea, compared with 2.9 with placebo (p = 0.01).\n")
    doc = parse_document("paper.txt", page.encode(), url="https://pubmed.ncbi.nlm.nih.gov/3/")
    claims = extractor.extract(doc).claims
    enrolled = next(c for c in claims if "enrolled" in c.text)
    assert [(q.value, q.role) for q in enrolled.numbers] == [
        (60, "participants"), (31, "figure"), (29, "figure")]
    rating = next(c for c in claims if "rating" in c.text)
    assert {q.value for q in rating.numbers} >= {3.2, 1.4, 2.9, 0.01}
    for c in claims:  # provenance: each figure is the text at its offsets
        assert all(doc.text[q.start:q.end] == q.text for q in c.numbers)


@pytest.mark.parametrize(("text", "want"), [
    ("Dry eyes trouble more than half of all adults over 60.", [("half", 0.5, ">")]),
    ("Over one-third of patients stopped early.", [("one-third", 0.3333, ">")]),
    ("By that age, levels have fallen by roughly half.", [("half", 0.5, "=")]),
    ("Two-thirds of users renewed.", [("Two-thirds", 0.6667, "=")]),
    ("The cream went on one half of the face.", []),
    ("It has a half-life of 6 hours in the first half of the day.", [("6 hours", 6.0, "=")]),
])
def test_shares_told_in_words_are_figures(text: str, want: list) -> None:  # type: ignore[type-arg]
    got = [(x.text, round(x.value or 0, 4), x.comparator) for x in find_quantities(text)]
    assert got == want
    assert all(x.unit == "share" for x in find_quantities(text) if x.text.lower() in
               ("half", "one-third", "two-thirds"))


CLINIC_BULLETS = """Knee pain answers

What to know
- A knee replacement usually lasts about 15 to 20 years.
- Ultrasound scans showed an increase in cartilage thickness.
- Book online
- Gentle, quick, effective

Dry knees trouble more than half of all runners.
"""


def test_bullets_written_as_sentences_are_read_as_sentences(extractor) -> None:  # type: ignore[no-untyped-def]
    claims = extractor.extract(parse_document("clinic.txt", CLINIC_BULLETS.encode())).claims
    texts = [c.text for c in claims]
    assert "A knee replacement usually lasts about 15 to 20 years." in texts
    assert "Ultrasound scans showed an increase in cartilage thickness." in texts
    assert "Book online" not in texts and "Gentle, quick, effective" not in texts
    # a share stated as fact is checkable
    assert "Dry knees trouble more than half of all runners." in texts


PAPER = """Zinc lozenges and taste recovery: a case series

Abstract

Taste loss after viral illness has many causes and few treatments. In this study, we examined
whether zinc lozenges speed recovery. Zinc is an essential trace element. Most patients had a
history of smoking. We propose that zinc is worth a trial.

Methods

Each lozenge contained zinc at a strength of 13.3.

Results

Taste scores rose in most of the series. Larger trials are warranted.

References

Smith J. Zinc and taste. Oral Med. 2012 Jul;38(7 Pt 2):1143-50.
"""


def test_what_a_paper_reports_as_found_is_a_claim(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document("paper.txt", PAPER.encode(), url="https://pubmed.ncbi.nlm.nih.gov/4/")
    claims = {c.text: c for c in extractor.extract(doc).claims}
    # told in the past tense or the authors' voice in the abstract; stated in the results
    assert "Most patients had a\nhistory of smoking." in claims
    assert "We propose that zinc is worth a trial." in claims
    assert "Taste scores rose in most of the series." in claims
    # a figure no reader places, in the methods: what the study did
    assert claims["Each lozenge contained zinc at a strength of 13.3."].kind == \
        "protocol"
    # background, aims and calls for more research are not findings
    for text in ("Zinc is an essential trace element.", "Larger trials are warranted.",
                 "In this study, we examined\nwhether zinc lozenges speed recovery."):
        assert text not in claims


NEWS_QUOTES = """Eye drops for dry eyes: what a new trial means

Trial leader Maria Lindqvist, a professor of ophthalmology at a Swedish university, said: "The
drops have spread quickly in clinics, and patients should ask about blurred vision.

"It matters, though, that the blurring we saw was mild and brief."

"Most people will not notice any change at all," said lead investigator Tomas Berg, MD
(Uppsala), at a briefing.

Clinic owner Dr. Anna K. Holm, Director of Eye Care at a chain of clinics, states: "There is
little evidence that the drops help people without dry eyes."

The result "settles an old question," Lena Vik, MD, professor of optometry at a college in
Bergen, Norway, said in an interview. The findings, she added, can reassure patients that the
drops work.

"Eye drops are overused," said Dr. Per Lund. He told the Post he would not use the drops "for
anyone without symptoms."
"""


def test_experts_named_with_their_work_and_their_quotes_going_on(extractor) -> None:  # type: ignore[no-untyped-def]
    claims = extractor.extract(parse_document("news.txt", NEWS_QUOTES.encode())).claims
    who = {c.text.split()[0].strip("“\""): (c.attribution, c.attribution_kind) for c in claims}
    assert who["Trial"] == ("Maria Lindqvist", "expert")
    assert who["It"] == ("Maria Lindqvist", "expert")  # the quote goes on in the next paragraph
    assert who["Most"] == ("Tomas Berg", "expert")
    assert who["Clinic"] == ("Dr. Anna K. Holm", "expert")
    assert who["The"] == ("Lena Vik", "expert")  # "she added" after her quote
    assert who["He"] == ("Dr. Per Lund", "expert")  # a newspaper's name is not this page


@pytest.mark.parametrize(("told", "who"), [
    # a person named as the one saying it, with no title or profession
    ("Okonkwo added that she would offer the cap to every patient.", ("Okonkwo", "expert")),
    ("\"Cooling is no cure,\" said study leader Dr Ines Marr of the Bergen Scalp Unit.",
     ("Dr Ines Marr", "expert")),
    ("Lead author Tomasz Wren says the cap works by slowing blood flow.", ("Tomasz Wren", "expert")),
    ("The head of research at the Nordic Hair Trust, Alva Lind, said caps are overrated.",
     ("Alva Lind", "expert")),
    # a company, a regulator, a day or a generic noun is no person
    ("The Coolhead Company said the cap is safe.", (None, None)),
    ("Capwell Industries says its cap was misrepresented.", (None, None)),
    ("HSA said three users had fallen ill.", ("HSA", "publication")),
    ("Patients said the cap was comfortable.", (None, None)),
    # what the study found, told in the author's reported speech, stays the study's
    ("At 12 weeks, 61 percent of cap wearers kept their hair, Okonkwo said.", (None, None)),
    ("\"Our findings do not support caps for men,\" Okonkwo added.", (None, None)),
])
def test_a_named_person_saying_it_is_its_source(told: str, who: tuple) -> None:
    from evidence.extract import claims as cl
    assert cl.attribution_of(told) == who


def test_a_study_finding_a_named_author_tells_is_a_claim_of_the_study() -> None:
    from evidence.extract import claims as cl
    text = "\"Our findings do not support caps for men,\" Okonkwo added."
    decision = cl.decide(cl.Unit(start=0, end=len(text), text=text, block_kind="paragraph"), "news")
    assert decision.is_claim and not (decision.attribution or (None,))[0]


@pytest.mark.parametrize(("told", "kind"), [
    ("Hair thinning went on unchanged in the placebo group.", "efficacy"),
    ("The cap wearers shed less, whereas the sham group had no benefit.", "efficacy"),
    ("A cap that was never switched on served as the sham.", "study_design"),
    ("The pilot had no control group.", "study_design"),
])
def test_a_sentence_telling_a_comparison_arm_is_a_claim(told: str, kind: str) -> None:
    from evidence.extract import claims as cl
    decision = cl.decide(cl.Unit(start=0, end=len(told), text=told, block_kind="paragraph"),
                         "news")
    assert decision.is_claim and decision.kind == kind


@pytest.mark.parametrize(("section", "told", "claim"), [
    # an article's findings under a site's heading, or under none of its own
    ("Rights and Permissions", "These findings suggest that cooling does not slow shedding.", True),
    ("Close", "No significant difference was noted between the two caps.", True),
    (None, "The use of caps as a routine measure should be reconsidered.", True),
    ("Meaning", "Caps may help women who fear losing their hair.", True),
    # not where the article tells what it set out to do or how
    ("Objective", "These findings suggest that cooling does not slow shedding.", False),
    ("Methods", "No significant difference was sought between the two caps.", False),
])
def test_an_article_finding_under_a_site_heading_is_a_claim(section: str | None, told: str,
                                                            claim: bool) -> None:
    from evidence.extract import claims as cl
    unit = cl.Unit(start=0, end=len(told), text=told, block_kind="paragraph", section=section)
    assert cl.decide(unit, "journal_article").is_claim is claim


@pytest.mark.parametrize("told", [
    # reported speech of a named person, without quotation marks
    "Okonkwo added that she believes cooling should be offered to every patient.",
    "Lead author Tomasz Wren says the cap works by slowing blood flow to the scalp.",
    # what a remedy is said to do for the body
    "Sea buckthorn oil supports the skin barrier and restores its natural moisture.",
    "Marine collagen strengthens nails within weeks.",
])
def test_reported_speech_and_what_a_remedy_does_are_claims(told: str) -> None:
    from evidence.extract import claims as cl
    decision = cl.decide(cl.Unit(start=0, end=len(told), text=told, block_kind="paragraph",
                                 topic="Sea buckthorn oil and marine collagen"), "commercial")
    assert decision.is_claim


def test_a_record_line_naming_research_support_is_no_claim() -> None:
    from evidence.extract import claims as cl
    told = "Research Support, Non-U.S. Gov't"
    unit = cl.Unit(start=0, end=len(told), text=told, block_kind="paragraph")
    assert not cl.decide(unit, "journal_article").is_claim
    assert cl.classify_kind("Marine collagen supports firmer skin.") == "efficacy"


def test_a_count_echoed_in_brackets_keeps_its_text_as_written() -> None:
    text = "Methods: Twelve (12) volunteers slept on the pad; Two (3) arms were planned."
    found = [q for q in find_quantities(text) if q.unit == "participants"]
    assert [(q.value, q.text) for q in found] == [(12.0, "Twelve (12) volunteers")]
    assert all(text[q.start:q.end] == q.text for q in find_quantities(text))


def test_the_spread_of_a_mean_and_blood_levels_are_read() -> None:
    from evidence.extract.numbers import other_figures

    text = "Ferritin was 31.5 ± 9.2 in cases and about 77nmol/L at baseline, 21.4 ng/ml later."
    found = find_quantities(text)
    assert [(q.value, q.unit) for q in found if q.unit] == [(77, "nmol/L"), (21.4, "ng/mL")]
    assert [(q.value, q.role) for q in other_figures(text, found)] == [(9.2, "spread")]


REGULATOR = """Safety alert: counterfeit weight-loss pens

The agency tested pens bought online and found that:
- the pens hold four times the labelled dose
- labels were printed in the wrong language

The number of confirmed reports received since March is now 27.
Symptoms can take up to 3 weeks to appear and if you have used one of these pens and
"""


def test_a_regulator_states_figures_even_where_the_page_cut_the_sentence(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document("alert.txt", REGULATOR.encode(),
                         url="https://www.tga.gov.au/news/safety-alerts/pens")
    assert doc.kind == "regulatory"
    claims = {c.text.split("\n")[0]: c for c in extractor.extract(doc).claims}
    assert "the pens hold four times the labelled dose" in claims
    assert claims["The number of confirmed reports received since March is now 27."].kind == \
        "regulatory"
    assert any(t.startswith("Symptoms can take up to 3 weeks") for t in claims)
    # (b)(4), as regulators redact, is no figure
    from evidence.extract.numbers import other_figures
    assert other_figures("Your firm uses (b)(4) to make it.", []) == []



ORDER = """Regulator finalises order against online clinic

The company failed to refund customers who cancelled within the trial period.
The origin of the tablets has not been established.
Patients should speak to their doctor before stopping any medicine.
We will be closed over the public holiday.

The final order also:
bars the company from misstating the price of consultations;
requires written consent before any repeat charge; and
"""


def test_a_regulator_states_findings_and_orders_in_lists_flattened_into_lines(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document("order.txt", ORDER.encode(),
                         url="https://www.ftc.gov/news-events/news/press-releases/order")
    assert doc.kind == "regulatory"
    claims = {c.text: c for c in extractor.extract(doc).claims}
    for text in ("The company failed to refund customers who cancelled within the trial period.",
                 "The origin of the tablets has not been established.",
                 "bars the company from misstating the price of consultations;",
                 "requires written consent before any repeat charge; and"):
        assert claims[text].kind == "regulatory", text
    # its advice and its news of itself are not findings
    assert not any(t.startswith(("Patients should", "We will")) for t in claims)

NEWS_REGULATOR = """Regulator warns over fake eye drops

The MHRA is warning pharmacists about counterfeit eye drops sold online.

The agency has received reports of blurred vision and eye pain linked to the drops.

The drops are being sold through market stalls and social media pages, it said.

Shoppers have been buying more drops online this year, it said.
"""


def test_news_telling_what_a_regulator_says(extractor) -> None:  # type: ignore[no-untyped-def]
    claims = {c.text: c for c in extractor.extract(
        parse_document("news.txt", NEWS_REGULATOR.encode())).claims}
    for text in ("The agency has received reports of blurred vision and eye pain linked to the "
                 "drops.",
                 "The drops are being sold through market stalls and social media pages, it said."):
        assert claims[text].kind == "regulatory"
    # "it said" tells of a regulator only right after one is named
    said = claims.get("Shoppers have been buying more drops online this year, it said.")
    assert said is None or said.kind != "regulatory"


RESEARCH_PAGE = """Peptide injections explained

The best research on the peptide comes from studies in rats and mice.

The research linking low zinc to hair shedding has grown over the past decade.

Over 3,000 peer-reviewed studies confirm that the peptide is absorbed.

We offer free parking for all patients.
"""


def test_statements_of_what_the_research_is_are_credited_to_it(extractor) -> None:  # type: ignore[no-untyped-def]
    claims = {c.text: c for c in extractor.extract(
        parse_document("clinic.txt", RESEARCH_PAGE.encode())).claims}
    for text in ("The best research on the peptide comes from studies in rats and mice.",
                 "The research linking low zinc to hair shedding has grown over the past decade.",
                 "Over 3,000 peer-reviewed studies confirm that the peptide is absorbed."):
        assert claims[text].attribution_kind == "publication", text
    assert "We offer free parking for all patients." not in claims


FLATTENED_PDF = (
    "journal of sleep studies established in 1990 march 4, 2021 vol. 31 no. 2 Chamomile "
    "Extract for Poor Sleep in Older Adults Rosa Lind, M.D., Omar Haddad, Ph.D., and Ella Voss, "
    "M.S. abstract Background Chamomile is widely taken for sleep. Methods We randomly assigned "
    "212 older adults with poor sleep to chamomile extract or placebo for 8 weeks. The primary "
    "outcome measure was the change in sleep quality. Results Sleep quality improved more with "
    "chamomile (mean difference, 1.9 points; P = 0.01). Conclusions Chamomile extract modestly "
    "improved sleep. (Funded by the Sleep Foundation; ClinicalTrials.gov number, NCT01234567.)\n")


def test_a_flattened_pdf_page_is_read_as_the_article_it_is(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document("copy.txt", FLATTENED_PDF.encode())
    assert doc.kind == "journal_article", doc.kind_reason
    assert doc.meta.published == "2021-03-04"
    own = next(s for s in extractor.extract(doc).studies if s.reported_in_own_source)
    assert (own.design, own.randomized, own.participants) == ("rct", True, 212)


NEWS_COPY = """Chamomile extract eases poor sleep in older adults, trial finds

Chamomile extract taken nightly improved sleep quality in older adults with poor sleep,
according to results published this month in the Journal of Sleep Studies.

Rosa Lind, MD, and colleagues randomly assigned 212 adults aged 65 or older to the extract
or a placebo for eight weeks. Sleep quality improved in 58% of the extract group and 31% of
the placebo group.

"The effect was modest but consistent," the researchers wrote. Daytime sleepiness did not
differ between the groups, the researchers also found.
"""


def test_a_news_copy_without_byline_or_address_reads_as_news() -> None:
    doc = parse_document("copy.txt", NEWS_COPY.encode())
    assert doc.kind == "news", doc.kind_reason


UNLABELLED_ABSTRACT = """Nightly chamomile extract for mothers and the sleep of their infants

Published: March 3, 2021

      Chamomile has been used for sleep for centuries, but its effect on infants is unknown.

      We investigated whether chamomile extract taken by breastfeeding mothers improves the
      sleep of their infants.

      This was a parallel, double-blind placebo-controlled trial of 120 mother-infant pairs.
      Mothers were randomly assigned to chamomile extract or placebo for eight weeks.

      The risk of poor infant sleep was reduced with chamomile (odds ratio [OR], 0.41; 95% CI,
      0.22-0.77; P = .006). No adverse effects were related to the extract.

      Key words
"""


def test_a_report_in_its_own_voice_with_its_statistics_is_an_article(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document("copy.txt", UNLABELLED_ABSTRACT.encode())
    assert doc.kind == "journal_article", doc.kind_reason
    own = next(s for s in extractor.extract(doc).studies if s.reported_in_own_source)
    assert (own.randomized, own.participants) == (True, 120)


DESIGN_LABELLED = """Chamomile eases poor sleep: a pilot study

OBJECTIVE: In this pilot trial, we tested whether chamomile tea eases poor sleep.

DESIGN: Participants completed a single-blind, crossover trial: placebo tea (2 weeks), then
chamomile tea (6 weeks).

PATIENTS: Twelve women with poor sleep.

RESULTS: Chamomile tea shortened sleep onset by more than 20% over placebo tea.

CONCLUSIONS: Chamomile tea may ease poor sleep.
"""


def test_an_abstract_labelled_by_design_rather_than_methods_is_an_article() -> None:
    doc = parse_document("copy.txt", DESIGN_LABELLED.encode())
    assert doc.kind == "journal_article", doc.kind_reason


SELLER_REPRINT = """Back to our research

Chamomile Extract for Poor Sleep in Older Adults: A Randomized Controlled Trial

Source: Journal of Sleep Studies, March 2021

Objective: To test whether chamomile extract eases poor sleep in older adults.

Methods: Sixty older adults took chamomile extract or a placebo nightly for eight weeks.

Results: Sleep onset shortened by 12 minutes more with chamomile than with placebo.

*These statements have not been evaluated by the Food and Drug Administration. This product is
not intended to diagnose, treat, cure, or prevent any disease.
"""


def test_a_seller_reprinting_an_abstract_is_still_a_seller() -> None:
    doc = parse_document("copy.txt", SELLER_REPRINT.encode())
    assert doc.kind == "commercial", doc.kind_reason
    # the same reprint without the seller's disclaimer reads as the article it copies
    plain = parse_document("copy.txt", SELLER_REPRINT.split("*These")[0].encode())
    assert plain.kind == "journal_article", plain.kind_reason


PRESS_OFFICE_COPY = """EXPERT REACTION: Chamomile tea may ease poor sleep

Publicly released: Australia; International

Media release

From: Journal of Sleep Studies

A small trial found that chamomile tea each night may ease poor sleep in older adults.
Sixty adults drank chamomile or a look-alike tea for eight weeks; sleep onset shortened by
12 minutes more with chamomile. Sleep specialists below urge caution.
"""


def test_a_press_offices_copy_is_news() -> None:
    doc = parse_document("copy.txt", PRESS_OFFICE_COPY.encode())
    assert doc.kind == "news", doc.kind_reason


PUBLISHER_PAGE = """Volume 14, Issue 2 p. 211-219
Research Article

Nightly chamomile extract and sleep onset in older adults: a double-blind trial

Hannah Reeve

Corresponding Author

Hannah Reeve

Sleep Unit, Northfield Hospital, Leeds, UK

Search for more papers by this author
First published: 3 March 2021

Abstract

Sixty older adults with poor sleep took chamomile extract or a look-alike placebo every night
for eight weeks, and sleep onset was timed by actigraphy. Sleep onset shortened by 12 minutes
more with chamomile than with placebo; daytime drowsiness did not differ between the groups.
"""

JOURNAL_HEADER = """Chamomile extract shortens sleep onset in older adults

Sleep Sci  2 Mar 2021:
Vol. 14, Issue 2, pp. 211-219
DOI: 10.5555/sleep.2021.0142

You are currently viewing the abstract.

Sixty older adults with poor sleep took chamomile extract or a look-alike placebo every night
for eight weeks, and sleep onset was timed by actigraphy. Sleep onset shortened by 12 minutes
more with chamomile than with placebo; daytime drowsiness did not differ between the groups.
"""

BLOG_CITING = """Chamomile for sleep: what one trial found

Sixty older adults with poor sleep took chamomile extract or a look-alike placebo every night
for eight weeks. Sleep onset shortened by 12 minutes more with chamomile than with placebo.
H. Reeve, Nightly chamomile extract and sleep onset in older adults, Sleep Science, Volume 14,
Issue 2, pp. 211-219, https://doi.org/10.5555/sleep.2021.0142
"""


PMC_MANUSCRIPT = """Skip to main content
Sleep Sci Rep logoLink to Sleep Sci Rep
. Author manuscript; available in PMC: 2012 Mar 16.
Published in final edited form as: Sleep Sci Rep. 2010 Feb 4;51(3):784-790.

Chamomile extract and sleep onset in older adults

Hannah Reeve 1, Ben Okoro 2
PMCID: PMC2800001  PMID: 18200001

Abstract

In older adults with poor sleep, chamomile extract taken at night shortened sleep onset.
"""


# the first page of a publisher's PDF, its masthead over the article, as text
PDF_FIRST_PAGE = """Sleep Science Reports 14 (2021) 211-219

Contents lists available at ScienceDirect

Sleep Science Reports

journal homepage: www.example-journals.com/locate/ssr

Review Article

Chamomile and sleep onset: a review of the evidence

Hannah Reeve, Ben Okoro
Sleep Unit, Northfield Hospital, Leeds, UK

Chamomile has been studied for sleep in older adults in six small trials, with mixed results.
"""

# a journal's page with its article tools, each on a line of its own, and its author line
JOURNAL_TOOLS = """Notes from the Field: Sleeplessness after Chamomile Tea Mixed with Caffeine

Hannah Reeve, MD1; Ben Okoro, PhD2 (View author affiliations)

View suggested citation
Article Metrics
Altmetric:
Citations:

In March 2021, a woman aged 70 years sought care for sleeplessness after drinking a tea sold
as chamomile that held caffeine.
"""


@pytest.mark.parametrize("text, kind", [(PUBLISHER_PAGE, "journal_article"),
                                        (JOURNAL_HEADER, "journal_article"),
                                        (PMC_MANUSCRIPT, "journal_article"),
                                        (PDF_FIRST_PAGE, "journal_article"),
                                        (JOURNAL_TOOLS, "journal_article"),
                                        (BLOG_CITING, None)])
def test_a_publishers_page_furniture_makes_an_article(text: str, kind: str | None) -> None:
    doc = parse_document("copy.txt", text.encode())
    if kind:
        assert doc.kind == kind, doc.kind_reason
        assert "publisher's page furniture" in doc.kind_reason
    else:  # a reference cited in running text is not the page's own furniture
        assert "publisher's page furniture" not in doc.kind_reason, doc.kind_reason


@pytest.mark.parametrize("text, want", [
    ("HbA1c fell from 8.4% ± 0.6% to 7.1% ± 0.5% (P<0.01).", [(8.4, "%"), (7.1, "%")]),
    ("Scores rose from 41.2 ± 6.5% to 52.0 +/- 5.1%.", [(41.2, "%"), (52.0, "%")]),
])
def test_a_mean_and_its_spread_both_in_percent(text: str, want: list) -> None:  # type: ignore[type-arg]
    found = [(q.value, q.unit) for q in find_quantities(text) if q.role != "p_value"]
    assert found == want  # not the range "0.6% to 7.1%"


CINNAMON_PAPER = """Cinnamon extract in newly diagnosed type 2 diabetes: a randomised pilot

Abstract
In part one, 40 adults with newly diagnosed type 2 diabetes were randomly assigned to
cinnamon extract or metformin for 3 months. Fasting glucose fell from 9.8 ± 0.7 mmol/L to
7.2 ± 0.4 mmol/L and HbA1c from 8.6% ± 0.4% to 7.4% ± 0.3% with cinnamon; triglycerides
fell from 1.92 ± 0.20 mmol/L to 1.41 ± 0.11 mmol/L. In part two, 52 adults with poorly
controlled diabetes added cinnamon extract; HbA1c fell from 8.3% ± 0.2% to 7.6% ± 0.2%.

Introduction
Type 2 diabetes needs more oral treatments that patients tolerate well over years.

DOI: 10.5555/cinn.2015.0142
"""

CINNAMON_PAGE = """Cinnamon for blood sugar: what the research found

Quick summary: a small pilot tested cinnamon extract in adults with type 2 diabetes.

- HbA1c fell from 8.6% to 7.4% in new cases, and from 8.3% to 7.6% in harder cases.
- Fasting blood sugar went down from 9.8 mmol/L to 7.2 mmol/L.
- Triglycerides dropped from 1.92 mmol/L to 1.41 mmol/L.

The research involved 92 adults in two small trials.
"""


def test_a_page_copying_a_reports_results_figure_by_figure_retells_it(tmp_path: Path) -> None:
    # no journal, year or author named, and the head counts told differently (92 against
    # the 40 randomised): the results agreeing one after another name the report
    data = exported(tmp_path, {"cinnamon-paper.txt": CINNAMON_PAPER,
                               "cinnamon-page.txt": CINNAMON_PAGE})
    own = next(s for s in data["studies"] if s["reported_in_own_source"])
    page = next(src["id"] for src in data["sources"]
                if Path(src["location"]).name == "cinnamon-page.txt")
    hba1c = next(c for c in data["claims"] if c["source_id"] == page and "HbA1c" in c["text"])
    assert hba1c["study_id"] == own["id"]
    assert hba1c["evidence_class"] == "attributed"


NEWS_IN_PRESENT_TENSE = """Nightly chamomile tea helps older adults fall asleep sooner

A study from a sleep unit in Leeds followed 60 older adults for eight weeks. According to
the study, those who drank chamomile tea each night fell asleep 12 minutes sooner.

Researcher Hannah Reeve explains: "The effect is modest, but it held in every age group we
looked at. We now want to test it in people who take sleeping pills."

The team hopes to repeat the work in care homes next winter.
"""


def test_news_told_in_the_present_tense_by_a_single_researcher() -> None:
    # "explains", a capitalised "According to", one named researcher: still a news item
    doc = parse_document("copy.txt", NEWS_IN_PRESENT_TENSE.encode())
    assert doc.kind == "news", doc.kind_reason
    single = NEWS_IN_PRESENT_TENSE.replace('"', "‘", 1).replace('"', "’", 1)
    assert parse_document("copy.txt", single.encode()).kind == "news"


THIRD_PERSON_NEWS = """Chamomile extract eases sleep onset but not night waking

14 Mar 2021

Chamomile extract appears to shorten the time older adults take to fall asleep, but it did
not reduce night waking, suggests a recent study.

The investigators performed a double-blind, placebo-controlled trial at a single sleep unit.
Sixty adults aged 65 or older with poor sleep were randomly assigned to chamomile extract
(n=30) or a look-alike placebo (n=30) each night for eight weeks.

Sleep onset shortened by 12 minutes more with chamomile (95 percent CI, 4 to 20; p=0.004),
while night waking did not differ between the groups (p=0.41).

The trial was small and short, according to the investigators, and larger trials are needed.
"""


def test_a_trial_told_in_the_third_person_with_its_statistics_is_news() -> None:
    doc = parse_document("copy.txt", THIRD_PERSON_NEWS.encode())
    assert doc.kind == "news", doc.kind_reason
    own_voice = THIRD_PERSON_NEWS.replace("The investigators performed", "We performed")
    assert parse_document("copy.txt", own_voice.encode()).kind != "news"


CELL_STYLE_PAPER = """Summary
Chamomile is a traditional sleep aid, at least in folk use. Here we treated 14 healthy, older
women with placebo and 400 mg/day chamomile extract in a randomized double-blind cross-over
study for 28 days. Chamomile shortened sleep onset and lowered night-time heart rate. In
conclusion, we demonstrate that 28 days of chamomile extract changes sleep in older women.
Introduction
Poor sleep becomes common with age (Hart, 2004), and many older adults turn to herbal teas.
"""


def test_a_report_in_the_first_person_under_a_summary_heading(extractor) -> None:  # type: ignore[no-untyped-def]
    # no identifiers, no statistics: what its authors did, told in the first person, and the
    # journal's "Summary" is its abstract, whose design sentence gives the study
    doc = parse_document("copy.txt", CELL_STYLE_PAPER.encode())
    assert doc.kind == "journal_article", doc.kind_reason
    st = next(s for s in extractor.extract(doc).studies if s.reported_in_own_source)
    assert (st.design, st.randomized, st.participants) == ("rct", True, 14)


@pytest.mark.parametrize(("text", "want"), [
    ("The team gave the extract to 11 obese, but otherwise healthy men.", [(11, "participants")]),
    ("The men took 150 milligrams of the extract a day.", [(150, "mg")]),
    ("a drop of 5 points, whereas men rose", [(5, "points")]),  # the men are not counted
    # blood pressure however written: a reading's pair, "mm Hg", "mm of mercury", hyphenated
    ("Pressure fell (10.4/8 mmHg) within hours.", [(10.4, "mmHg"), (8, "mmHg")]),
    ("It was 10mm of mercury lower, and 8 mm Hg lower at rest.", [(10, "mmHg"), (8, "mmHg")]),
    ("Garlic gave a 3.75-mm Hg reduction; the wound was 2 mm deep.", [(3.75, "mmHg"), (2, "mm")]),
])
def test_people_listed_with_commas_and_doses_in_words(text: str, want: list) -> None:  # type: ignore[type-arg]
    assert [(q.value, q.unit) for q in find_quantities(text)] == want


def test_a_byline_in_index_form_gives_the_surname_not_an_initial() -> None:
    from evidence.assess.trace import first_surname
    assert first_surname(["Reeve HA", "Okoro B"]) == "Reeve"
    assert first_surname(["Reeve, Hannah"]) == "Reeve"
    assert first_surname(["Hannah Reeve"]) == "Reeve"
    assert first_surname(["A"]) is None  # a lone initial names nobody
    # "Schene, A. H. (2016)" in a page's reference list is not the work of an author "A"
    src = CorpusSource(id=1, kind="journal_article", location="p.txt", text=ABSTRACT,
                       title="Oral nicotinamide for thinning hair in women", authors=["Reeve A"])
    st = StudyRecord(key="own", reported_in_own_source=True, design="rct", participants=42)
    target = Target(1, src, st, frozenset(), set(), [], set(), [], "2016", terms=frozenset())
    told = "Fish oil eased low mood. Schene, A. H. (2016). Meta-analysis of fish oil."
    assert score(None, told, find_quantities(told), target).confidence < THRESHOLD


def test_an_agreeing_figure_counts_once_and_a_length_not_twice() -> None:
    from evidence.assess.trace import claim_side, score_side
    target = _target(42)
    target.numbers_side.append(StudySide(find_quantities("for 12 weeks")[0], 1, "", 0, 0))
    target.study.duration = "12 weeks"
    stub = StudyRecord(key="stub0", reported_in_own_source=False, duration="12 weeks")
    told = "Over 12 weeks on nicotinamide, then 12 weeks more of nicotinamide for thinning hair."
    m = score_side(claim_side(stub, told, find_quantities(told)), target)
    assert "duration:12 weeks" in m.matched_on
    assert m.confidence < THRESHOLD  # the length once, as a duration, not three times over


RESEARCHERS_NOTE = """At the end of eight weeks, the adults drinking chamomile fell asleep 12 minutes sooner.

The effect, the researchers note, held in every age group they looked at.
"We don't know why it helped some more than others," the lead researcher said in a statement.
The researchers report that night waking did not change.
"""


def test_what_the_researchers_note_and_report_reads_as_news() -> None:
    doc = parse_document("copy.txt", RESEARCHERS_NOTE.encode())
    assert doc.kind == "news", doc.kind_reason


NOTICE_WITHOUT_MASTHEAD = """Chamomile tablets: interaction with blood thinners

Article date: May 2021

We have received three Yellow Card reports of bleeding in patients taking chamomile tablets
with warfarin.

Advice for healthcare professionals:
- ask patients on warfarin about herbal products
"""


def test_a_notice_that_lost_its_masthead_still_speaks_as_a_regulator() -> None:
    doc = parse_document("copy.txt", NOTICE_WITHOUT_MASTHEAD.encode())
    assert doc.kind == "regulatory", doc.kind_reason


CLINIC_BLOG_AS_NEWS = """Chamomile and sleep: what the experts say

MELBOURNE, March 3 - Older adults who drink chamomile tea fall asleep sooner, a new study has
found, researchers said on Tuesday.
"The effect was modest but real," said Dr Hannah Reeve, who led the work. "We were surprised."
According to the researchers, 60 adults took part and sleep onset shortened by 12 minutes.
"People should not expect miracles," Reeve told reporters, adding that more work was needed.
The trial ran for four weeks in two retirement villages, and the tea and a look-alike drink
were made by a university kitchen, the researchers said. Sleep was measured with wrist
monitors as well as diaries, and those who drank the tea also reported waking less often.
An expert who was not involved in the study said the results were encouraging but small.
"Older people often sleep lightly, and a warm drink at night may help for many reasons,"
she said. The findings were presented at a meeting of sleep researchers on Monday.
Readers with questions can contact us; sleep clinics were not part of the study.
"""


def test_a_page_with_three_kinds_of_business_cue_is_a_business_however_written() -> None:
    news = parse_document("copy.txt", CLINIC_BLOG_AS_NEWS.encode())
    assert news.kind == "news", news.kind_reason  # two weak cues do not outweigh its style
    blog = CLINIC_BLOG_AS_NEWS.replace("sleep clinics were not part of the study.",
                                       "our revolutionary sleep program is at our clinics.")
    doc = parse_document("copy.txt", blog.encode())
    assert doc.kind == "commercial", doc.kind_reason


def test_a_product_code_shared_with_a_report_is_a_fact_in_common() -> None:
    from evidence.assess.trace import product_codes
    assert product_codes("strain CGMCC1.3724 (LPR) and extract KSM-66; B. bifidum HI-MIMBb75") \
        == {"CGMCC1.3724", "KSM-66", "HI-MIMBB75", "MIMBB75"}
    # fields' own codes, scores, vitamins, dates, doses and addresses are not product codes
    assert product_codes("COVID-19, IL-6, HbA1c, vitamin D3, CoQ10, 2019, 50mg, 12-week, "
                         "NCT01234567, doi:10.5555/ab12cd34, https://x.org/a12b34") == frozenset()
    src = CorpusSource(id=1, kind="journal_article", location="p.txt",
                       text="Oral nicotinamide NAM-2024X for thinning hair in women\n" + ABSTRACT,
                       title="Oral nicotinamide for thinning hair in women")
    st = StudyRecord(key="own", reported_in_own_source=True, design="rct", participants=42)
    weeks = find_quantities("for 24 weeks")[0]
    target = Target(1, src, st, frozenset(), set(), [StudySide(weeks, 1, "", 0, 0)], set(), [],
                    None, terms=key_terms(src.text[:600]))
    # words, a length many studies share, and the product's code: the code makes it a fact
    told = "Nicotinamide NAM-2024X thickened thinning hair over 24 weeks, phototrichograms showed."
    m = score(None, told, find_quantities(told), target)
    assert "product:NAM-2024X" in m.matched_on and m.confidence >= THRESHOLD
    plain = told.replace(" NAM-2024X", "")
    assert score(None, plain, find_quantities(plain), target).confidence < THRESHOLD


def test_many_distinctive_words_in_common_outrank_a_few() -> None:
    from evidence.assess.trace import _terms_gain
    assert [_terms_gain(n) for n in (1, 2, 3)] == [0.15, 0.25, 0.3]
    assert 0.3 < _terms_gain(5) < _terms_gain(7) <= _terms_gain(20) <= 0.4 + 1e-9
    # a retelling sharing a dozen of a report's words beats one sharing three generic ones,
    # where both share the head count
    told = ("Fourteen adults with insomnia wore amber wraparound lenses blocking blue light "
            "for two bedtime hours over seven consecutive nights, or clear placebo frames.")
    near = CorpusSource(id=1, kind="journal_article", location="a.txt", text="x", title="a")
    far = CorpusSource(id=2, kind="journal_article", location="b.txt", text="x", title="b")
    st = StudyRecord(key="own", reported_in_own_source=True, participants=14)
    t_near = Target(1, near, st, frozenset(), set(), [], set(), [], None,
                    terms=key_terms(told))
    t_far = Target(2, far, st, frozenset(), set(), [], set(), [], None,
                   terms=key_terms("insomnia adults nights anxiety cognition mood"))
    a = score(None, told, find_quantities(told), t_near)
    b = score(None, told, find_quantities(told), t_far)
    assert a.confidence > b.confidence


RUN_ON_ABSTRACT = """Nettle Leaf Capsules and Seasonal Sneezing: A Randomized Trial

Abstract

Background: Hay fever is common in adults, and 20% of them try herbal remedies. Objective: We \
tested nettle leaf capsules. Design: In this randomized, double-blind, placebo-controlled \
trial, 140 adults with hay fever took nettle capsules (n = 70) or placebo (n = 70) for 8 wk. \
Results: Sneezing fell by 31% with nettle and by 12% with placebo (P = 0.01). Itchy eyes \
eased in 45% and 30% of them.
"""


def test_an_abstract_run_into_one_paragraph_changes_section_at_each_label(extractor) -> None:  # type: ignore[no-untyped-def]
    result = extractor.extract(parse_document("paper.txt", RUN_ON_ABSTRACT.encode()))
    own = next(s.key for s in result.studies if s.reported_in_own_source)
    by_lead = {c.text.split()[0]: c for c in result.claims}
    assert by_lead["Background:"].study_ref is None  # what was known before the study
    assert by_lead["Results:"].study_ref == own
    assert by_lead["Itchy"].study_ref == own


TELLING_ON = """Why our sleep tea works

A double-blind study looked at a chamomile blend in adults who slept badly. Most blends \
hold 1% apigenin; the blend used in this study held 3%. Sleepers drank either the tea or \
a look-alike every evening for 4 weeks.
"""


def test_this_study_and_either_arm_go_on_telling_of_the_described_study(extractor) -> None:  # type: ignore[no-untyped-def]
    result = extractor.extract(parse_document("page.txt", TELLING_ON.encode()))
    stubs = {s.key for s in result.studies if not s.reported_in_own_source}
    by_lead = {c.text.split()[0]: c for c in result.claims}
    assert by_lead["Most"].study_ref in stubs
    assert by_lead["Sleepers"].study_ref in stubs


@pytest.mark.parametrize(("told", "reported", "same"), [
    ("3 months", "84 days", True),
    ("12 weeks", "3 months", True),
    ("2 years", "24 months", True),
    ("8 weeks", "8 weeks", True),
    ("6 weeks", "1 months", False),
    ("6 months", "12 weeks", False),
])
def test_a_length_told_in_other_units_is_the_same_length(told: str, reported: str,
                                                        same: bool) -> None:
    assert same_length(told, reported) is same
    # lengths that agree share a lookup key, so blocking never hides the report
    if same:
        assert set(length_keys(told)) & set(length_keys(reported))


def test_a_described_study_of_three_months_fits_a_report_of_84_days() -> None:
    stub = StudyRecord(key="stub0", reported_in_own_source=False, duration="3 months")
    told = "A study gave rosehip powder for three months."
    report = Target(1, CorpusSource(id=1, kind="journal_article", location="k.txt", text=BYLINED),
                    StudyRecord(key="own", reported_in_own_source=True, duration="84 days"),
                    frozenset(), set(), [], set(), [], None, terms=key_terms(BYLINED[:600]))
    m = score(stub, told, find_quantities(told), report)
    assert not m.mismatches and any(x.startswith("duration:84 days") for x in m.matched_on)


@pytest.mark.parametrize(("told", "reported", "near"), [
    (50, 51, True), (118, 120, True), (60, 64, False), (10, 12, False), (51, 51, False),
])
def test_head_counts_a_person_or_two_apart_are_near(told: int, reported: int, near: bool) -> None:
    assert near_count(told, reported) is near


def test_a_head_count_a_person_short_is_flagged_but_not_held_against_the_match() -> None:
    stub = StudyRecord(key="stub0", reported_in_own_source=False, participants=79)
    told = "A study of 79 adults found rosehip powder eased knee stiffness."
    far = StudyRecord(key="stub0", reported_in_own_source=False, participants=60)
    near_m = score(stub, told, find_quantities(told), _bylined([]))
    far_m = score(far, told.replace("79", "60"), find_quantities(told.replace("79", "60")),
                  _bylined([]))
    assert "participants: 79 vs 80" in near_m.mismatches
    assert near_m.confidence > far_m.confidence


def test_an_abstract_labelled_with_dashes_is_an_article() -> None:
    # as a diabetes journal's abstract reads when copied into one paragraph
    flat = ("OBJECTIVE - Tart cherry juice has been said to lower fasting glucose. The aim of "
            "this study was to test it in adults with type 2 diabetes. RESEARCH DESIGN AND "
            "METHODS - In this 12-week double-blind study, 84 adults were randomly assigned to "
            "tart cherry juice or a matched placebo drink. The primary end point was the change "
            "in A1C. RESULTS - The decrease in A1C did not differ between the groups (0.2% vs "
            "0.1%). CONCLUSIONS - There is no evidence that tart cherry juice lowers A1C in "
            "adults with type 2 diabetes.\n")
    doc = parse_document("flat.txt", flat.encode())
    assert doc.kind == "journal_article", doc.kind_reason
    assert "structured abstract" in doc.kind_reason


REVIEW_WITH_RANDOMIZED_TITLE = """Cupping for chronic neck pain: randomized trials compared

Data Sources: MEDLINE, Embase and the Cochrane Central Register of Controlled Trials (to March 2020).

Study Selection: Randomized trials in any language that compared cupping with sham or no
treatment in adults with chronic neck pain.

Data Synthesis: Twelve trials involving 640 adults met inclusion criteria. Pooled pain scores
fell by 1.2 points with cupping (95% CI, 0.6 to 1.8).
"""


def test_a_reviews_own_methods_outweigh_a_title_naming_randomized_trials(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document("review.txt", REVIEW_WITH_RANDOMIZED_TITLE.encode())
    own = next(s for s in extractor.extract(doc).studies if s.reported_in_own_source)
    assert own.design == "meta_analysis" and own.randomized is False


def test_an_abstract_printed_as_one_list_item_is_read_as_prose(extractor) -> None:  # type: ignore[no-untyped-def]
    """A researcher-profile page may print a whole structured abstract in one list item."""
    item = ("BACKGROUND: Cooling caps are sold to slow hair thinning. OBJECTIVE: To test whether "
            "cooling slows thinning. DESIGN: A 6-month, two-centre, randomized, controlled trial "
            "with 2 parallel groups. PARTICIPANTS: 120 women with thinning hair who used no "
            "other treatment. INTERVENTION: Women were randomly assigned to wear a cooling cap "
            "for 30 minutes daily or to serve as controls. RESULTS: Cooling had no significant "
            "effect on hair density compared with no cooling (P = 0.41). Mean change in density was "
            "2.1 hairs/cm2 with cooling and 1.8 hairs/cm2 without. CONCLUSION: Daily cooling "
            "did not slow thinning.")
    page = ("Scalp Cooling and Hair Density in Women: A Randomized Trial Journal Articles\n\n"
            "  •  \n  • Overview\n  • Research\n\nabstract\n\n  • " + item + "\n")
    doc = parse_document("p.txt", page.encode())
    prose = [b for b in doc.blocks if doc.text[b.start:b.end].startswith("BACKGROUND")]
    assert [b.kind for b in prose] == ["paragraph"]
    assert [doc.text[b.content_start:b.end] for b in doc.blocks if b.kind == "bullet"] == [
        "Overview", "Research"]
    own = next(s for s in extractor.extract(doc).studies if s.reported_in_own_source)
    assert (own.design, own.randomized, own.participants) == ("rct", True, 120)


def test_word_rates_count_uses_per_thousand_words() -> None:
    from evidence.parse.genre import word_rates

    text = "The agency said the drops were recalled, the agency said. " * 30
    rates = word_rates(text, ["said", "our"])
    assert rates["w:said"] == pytest.approx(math.log1p(1000 * 60 / len(text.split())))
    assert rates["w:our"] == 0.0


def test_a_short_text_is_read_by_its_signals_alone() -> None:
    """In a short text one use more or less swings a word's rate: the model of the signals
    alone reads it, and a longer one is read with its words."""
    from evidence.parse.genre import WORDS_IN_FULL, GenreModel

    model = GenreModel.bundled()
    assert model.short is not None and not model.short.words
    short = "The agency said on Tuesday that it had received reports of fainting. " * 2
    assert model.predict(short) == model.short.predict(short)
    long = short * (WORDS_IN_FULL // 20)
    assert model.predict(long).odds != model.short.predict(long).odds


def test_the_genre_vocabulary_holds_no_word_a_claim_is_about() -> None:
    """The shipped model's words carry style: none is a word the labels use to say what a
    claim is about (a treatment, a complaint, a measure)."""
    import json
    import tomllib
    from importlib import resources

    model = json.loads(resources.files("evidence.parse").joinpath("genre_model.json").read_text())
    labels = Path(__file__).resolve().parent.parent / "devcorpus" / "labels.toml"
    keywords = {w for d in tomllib.loads(labels.read_text())["doc"] for c in d.get("claims", [])
                for k in c.get("keywords", []) for w in re.findall(r"[a-z][a-z']+", k.lower())}
    assert len(model["words"]) > 100
    assert not set(model["words"]) & keywords
    assert "said" in model["words"] and "skin" not in model["words"]


@pytest.mark.parametrize("text", [
    "The agency said on Tuesday that it had received reports of fainting after the injections, "
    "and that clinics had been told to stop. " * 12,
    "Book your consultation today: our clinic offers the treatment at $300 a session. " * 20,
    "Methods: We enrolled 60 adults and randomized them to ginger or placebo. Results: Nausea "
    "scores fell by 27% (P < 0.01). " * 12,
])
def test_the_genre_score_summed_from_a_pages_own_words_is_the_whole_models(text: str) -> None:
    """Only the words a page uses are read one by one; the score is the full model's."""
    from evidence.parse.genre import GenreModel, features, word_rates

    model = GenreModel.bundled()
    feats = {**features(text), **word_rates(text, model.words)}
    x = [max(-3.0, min(3.0, (feats.get(n, 0.0) - m) / s))
         for n, m, s in zip(model.names, model.mean, model.scale, strict=True)]
    scores = [b + sum(w * v for w, v in zip(row, x, strict=True))
              for row, b in zip(model.weights, model.bias, strict=True)]
    top = max(scores)
    odds = [math.exp(s - top) for s in scores]
    genre = model.predict(text)
    assert genre.kind == model.kinds[scores.index(top)]
    assert genre.probability == pytest.approx(max(odds) / sum(odds))


@pytest.mark.parametrize(("told", "kind"), [
    # an effect denied is a claim of efficacy, as an effect asserted is
    ("In the end, sea buckthorn oil proved ineffective for dry eyes.", "efficacy"),
    ("Marine collagen had no effect on nail strength after 12 weeks.", "efficacy"),
    ("The capsules had no significant effect on sleep in older adults.", "efficacy"),
    # side effects denied stay what they were
    ("There were no side effects in either group.", "safety"),
])
def test_an_effect_denied_is_efficacy(told: str, kind: str) -> None:
    from evidence.extract import claims as cl
    assert cl.classify_kind(told) == kind


@pytest.mark.parametrize("told", [
    "One pediatric case ended in death.",
    "The patients were later diagnosed with kidney ailments.",
    "A large number of people who took the capsules later developed liver damage.",
])
def test_a_grave_harm_told_is_a_claim_of_safety(told: str) -> None:
    """Deaths, hospital stays and damaged organs are what notices and news report: checkable
    whatever caused them, where no other cue names a kind."""
    from evidence.extract import claims as cl
    decision = cl.decide(cl.Unit(start=0, end=len(told), text=told, block_kind="paragraph"),
                         "news")
    assert decision.is_claim and decision.kind == "safety", decision.reason


def test_a_death_a_treatment_lowered_stays_efficacy() -> None:
    from evidence.extract import claims as cl
    assert cl.classify_kind("The pill reduced the risk of death by 20%.") == "efficacy"


# a regulator's safety notice saved without its address, its site's banner inviting contact
NOTICE_COPY = """We will have reduced opening hours over the holidays. Find out how to contact us.
Consumers and health professionals are advised that chamomile capsules may, rarely, cause
liver injury. The TGA has received 12 reports of liver problems in people taking them.
"""
# a clinic's aftercare, which advises its patients and names a regulator's clearance
AFTERCARE = """Laser facial: what to expect. Book your consultation today.
Patients are advised to avoid direct sun for 48 hours. Our FDA-cleared laser is gentle.
"""


def test_a_saved_notice_advising_consumers_is_a_regulators() -> None:
    doc = parse_document("notice.txt", NOTICE_COPY.encode())
    assert doc.kind == "regulatory", doc.kind_reason
    assert parse_document("aftercare.txt", AFTERCARE.encode()).kind == "commercial"
