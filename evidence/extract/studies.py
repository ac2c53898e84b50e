"""Study records: the study a document reports, and studies it only describes.

`own_study` reads a trial report (or a summary of one) for its design card;
`study_stub` reads one sentence such as "A 12-week split-face study compared X
to Y in 25 patients with acne scars:" into a stub that tracing can match
against ingested studies. Every field keeps the offsets of the words that
support it. "Randomly allocated", "randomized" and "double-blind" are evidence
of randomization or blinding; a split-face comparison alone is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from evidence.extract import lexicon as lx
from evidence.extract.numbers import find_quantities, parse_number
from evidence.models import Quantity, Span, StudyRecord

VERSION = "evidence.studies.v28"  # v28: one arm named without "single-arm" ("noncomparative study", "interventional study") or told by what it gave ("four treatments were administered", "self-administered three treatments", "enrolled and treated with"); v27: those randomised are the head count, not those recruited or eligible before them ("41 participants were recruited, 35 randomised"), unless the count randomised is one arm's; numbers v33; v26: a report giving one count of people, told once or more and with no word of enrolling, studied that many; v25: groups told by what they held ("The first group consisted of 23 patients ... The second group consisted of 15 patients") add up; cases and their controls ("40 boys with ADHD ... and 39 matched controls") add up; v24: numbers v28 (randomized groups are groups, not people); v23: more ways a paper tells it treated its people ("was used on 131 subjects", "all subjects had three sessions", "after ingestion of", "were divided into two groups"): one arm or groups not formed by chance; v22: "divided randomly", "assigned at random" tell randomization; v21: a described study counting the studies it took in is a review; v20: an open-label, single-blind trial may be randomized; a count with the pool it was screened from in brackets is the head count; two treatments compared with randomization unnamed ("comparative study"), observational data, a population-based study, records evaluated retrospectively, findings presented in N patients; a pool before exclusions is not the head count; people counted group by group add up; v19: a pool of potential participants, or people assessed before those taken, is not the head count; v18: a review's own methods (its data sources, trials meeting inclusion criteria) outweigh a title naming randomized trials; v17: a double-blind, placebo-controlled trial is a randomized trial, whether or not the copy keeps the word; v16: people supplemented, given or exposed for a time, with nothing compared, are one arm; v15: a whole then its arms counted once; those who completed are not the head count; "Healthy adults (n = 235" opening a sentence; v14: a pilot its methods say was randomized stays a randomized trial; v13: bench words in a study of people do not make it preclinical; v12: a journal's "Summary" section is its abstract; v11: a count told for each arm alike, times the arms; v10: before-after and pre-post studies are non-randomized trials; v9: arms told by their events ("14 of 53 ... 25 of 54") add up; v8: a count opening a sentence under a Patients or Participants label; v7: two counts joined by "and" sharing a noun add up, wherever told; v6: men and women add up, eyes of patients are the patients; v5: arms told by a ratio or group labels; v4: randomization told by a ratio, a coin or envelopes; screened people are not the head count (v3: literature searches, one-arm trials)

# how randomization is done, told without the word: a ratio, a coin, sealed envelopes
_RANDOMIZED_HOW = (r"\b(assigned|allocated)\b[^.;]{0,30}\b[1-4]\s?:\s?[1-4]\b|"
                   r"\bcoin (toss|flip)\b|\bsealed (opaque )?envelopes\b|"
                   r"\bcomputer-generated (random )?(sequence|list|allocation)\b")
# randomization told with the adverb after its verb: "divided randomly", "assigned at random"
_AT_RANDOM = r"\b(allocated|assigned|divided) (randomly|at random)\b"
_DESIGNS: list[tuple[str, re.Pattern[str]]] = [
    ("meta_analysis", re.compile(r"\bmeta-?analys[ie]s\b", re.I)),
    ("systematic_review", re.compile(r"\bsystematic (literature )?review\b", re.I)),
    ("non_randomized_trial", re.compile(r"\bnon-?randomi[sz]ed\b|\bsingle-arm\b|\bopen-label,? "
                                        r"(single(?![- ]blind)|uncontrolled)", re.I)),
    ("rct", re.compile(r"\brandomi[sz]ed\b|\brandomly (allocated|assigned|divided)\b|"
                       + _AT_RANDOM + r"|"
                       r"\brandomi[sz]ation\b|" + _RANDOMIZED_HOW, re.I)),
    # a double-blind trial against a placebo: how randomized trials are run, whether or not
    # the copy keeps the word
    ("rct", re.compile(r"\bdouble-? ?blind(?:ed)?,? (?:and )?placebo[- ]controlled\b|"
                       r"\bplacebo[- ]controlled,? (?:and )?double-? ?blind(?:ed)?\b", re.I)),
    # treated people compared with others treated before: not randomized
    ("non_randomized_trial", re.compile(r"\bhistorical (controls?|cohort|comparison)\b|"
                                        r"\bbefore-(?:and-)?after\b|\bpre-?post\b|"
                                        r"\bpre-? ?and post-?(?:treatment|intervention)\b", re.I)),
    # a trial without a word of randomization: open-label, uncontrolled or a pilot
    ("non_randomized_trial", re.compile(r"\bopen-label\b|\buncontrolled (study|trial)\b|"
                                        r"\bnon-?comparative (study|trial)\b|"
                                        r"\binterventional study\b|"
                                        r"\bpilot (study|trial)\b|\bprospective (clinical |"
                                        r"interventional )?trial\b|"
                                        # two treatments compared, randomization unnamed (as
                                        # indexes tag such papers: "Comparative Study")
                                        r"\bcomparative (study|trial)\b", re.I)),
    ("cohort", re.compile(r"\b(cohort|prospective (observational|study))\b|"
                          r"\bobservational (data|study|analysis)\b|\bpopulation-based\b", re.I)),
    # a look back at treated patients' records, with no comparison group named
    ("case_series", re.compile(r"\bretrospective(ly)? (analysis|review|study|chart|reviewed)\b|"
                               r"\brecords were retrospectively\b|\b(evaluated|analy[sz]ed|"
                               r"reviewed|studied) retrospectively\b", re.I)),
    ("case_control", re.compile(r"\bcase-control\b|\bcases\b[^.;]{0,100}\b(healthy |matched )?"
                                r"controls\b", re.I)),
    ("case_series", re.compile(r"\bcase (series|report)\b|\bwe (report|present|describe) "
                               r"(a|an|the|two|three|four|five|\d+) (cases?|patients?)\b|"
                               # "We present findings of X due to fillers in 3 patients"
                               r"\bwe (report|present|describe)\b[^.;]{0,80}\b(in|of) "
                               r"(two|three|four|five|six|\d+) (consecutive )?(cases|patients)\b|"
                               r"\ba case of an?\b", re.I)),
    ("preclinical", re.compile(r"\b(mice|murine|rats?|rabbits?|porcine|pigs?|"
                               r"swine|minipigs?|hamsters?|guinea pigs?|zebrafish|dogs|"
                               r"animal model)\b", re.I)),
    # work at the bench, unless the text tells of people studied (`design_of`)
    ("preclinical", _BENCH := re.compile(r"\b(in vitro|in vivo|cell culture|ex vivo|fibroblasts|"
                                         r"keratinocytes|cell lines?|cultured|explants?)\b", re.I)),
    ("registry_record", re.compile(r"\brecruitment status\b|\bestimated (primary )?completion\b",
                                   re.I)),
    ("narrative_review", re.compile(r"(?<!peer-)(?<!peer )\b(narrative |literature )review\b|"
                                    r"\b(this|the present|our) review\b|\breview article\b|"
                                    r"\bwe (review|summari[sz]e)\b|\b(a )?review of (the )?"
                                    r"(literature|evidence|current)\b", re.I)),
]
# How a systematic review reports its own methods: databases searched, estimates pooled.
# A review's methods name the trials it included ("searched ... for randomized
# trials"), which must not make the review itself a trial.
_REVIEW_METHODS = re.compile(
    r"\bsearched\b[^.;]{0,60}\b(MEDLINE|PubMed|Embase|CENTRAL|Cochrane|Scopus|Web of Science|"
    r"CINAHL|databases?)\b|\b(trials|studies)\b[^.;]{0,60}\b(met|meeting) (the )?inclusion "
    r"criteria\b|\bdata sources?\s*:\s*[^.;]{0,40}\b(MEDLINE|PubMed|Embase|Cochrane|Scopus)\b|"
    r"\bPRISMA\b|\b(eligible|included) (trials|studies)\b|"
    r"\b(PubMed|MEDLINE|Embase|Cochrane|Scopus|literature|database|systematic) searche?s?\b|"
    r"\bsearch(ed|es)? (of|in|through|across) (the )?(PubMed|MEDLINE|Embase|literature|"
    r"databases?)\b", re.I)
# People treated in a study that names no design: a trial of one arm, without randomization
TREATED = re.compile(r"\b(received|underwent|were treated with)\b[^.;]{0,80}\b(treatments?|"
                      r"sessions?|injections?|infusions?|supplementation|therapy)\b|"
                      # "were supplemented with X for 12 weeks", "were exposed to UV light
                      # before and after oral administration of X"
                      r"\bwere (supplemented|given|exposed|administered)\b[^.;]{0,120}\b("
                      r"for \d+ (days|weeks|months)|daily|(oral|topical) administration)\b|"
                      # "a laser was used on 131 subjects", "tape was applied to the participants"
                      r"\b(was|were) (used|applied|performed)\b[^.;]{0,60}\b(on|to|in|of)\b"
                      r"[^.;]{0,40}\b(subjects|patients|participants|volunteers|women|men|adults|"
                      r"children)\b|"
                      # "All subjects had one to three procedure sessions"
                      r"\b(subjects|patients|participants|volunteers)\b[^.;]{0,20}\b(had|completed)"
                      r"\b[^.;]{0,60}\b(sessions?|treatments?|procedures?)\b|"
                      # "3 h following ingestion of a nitrate load", "after oral intake of X"
                      r"\b(following|after) (the )?(ingestion|intake|consumption|application|"
                      r"administration) of\b|"
                      # "A total of four treatments were administered", "self-administered three
                      # treatments", "were enrolled and treated with": what the study gave
                      r"\b(treatments|sessions|injections|infusions) were (administered|given|"
                      r"performed|delivered)\b|\bself-administered\b[^.;]{0,40}\b(treatments?|"
                      r"sessions?|doses?)\b|\b(enrolled|recruited) and treated with\b|"
                      # "The patients were divided into two groups": groups formed, none by chance
                      r"\b(subjects|patients|participants|volunteers)\b[^.;]{0,20}\bwere divided "
                      r"into (two|three|four|\d) groups\b", re.I)
_POOLED = re.compile(r"\bpool(ed|ing)\b|\brandom-effects?\b|\bfixed-effects?\b|"
                     r"\bforest plots?\b|\bI² ?=|\bI2 ?=", re.I)
_WITHIN = re.compile(r"\bsplit-(face|body|scalp|scar)\b|\bintra-?individual\b|\bhalf-side\b|"
                     r"\bone (ear|side|half|arm|leg|flank|cheek|forearm)\b[^.;]{0,160}?\bthe other"
                     r"( (ear|side|half|arm|leg|flank|cheek|forearm))?\b|"
                     r"\brandomly (selected|chosen|assigned) (half|side) of the (face|body|back)\b",
                     re.I)
_BLIND = re.compile(r"\b(double|single|triple|assessor|evaluator|observer)[- ]blind(ed)?\b|"
                    r"\bblinded (assessors?|evaluators?|observers?)\b", re.I)
_RANDOMIZED = re.compile(r"\brandomi[sz]ed\b|\brandomly (allocated|assigned|divided|selected|chosen)\b|"
                         + _AT_RANDOM + r"|"
                         r"\brandomi[sz]ation\b|" + _RANDOMIZED_HOW, re.I)
_NOT_RANDOMIZED = re.compile(r"\bnon-?randomi[sz]ed\b|\bnot randomi[sz]ed\b", re.I)
_ALLOCATION = re.compile(
    r"\b(?:randomly |randomi[sz]ed |)(?:allocated|assigned|divided)\s+(?:in)?to\s+"
    r"(?:receive\s+|one of\s+)?(?P<arms>[^;]+?)(?=\.(?:\s|$)|;|$)", re.I)
_COMPARED = re.compile(
    r"\bcompar(?:ed|ing)\s+(?P<a>[^.;:]+?)\s+(?:to|with|versus|vs\.?|against)\s+(?P<b>[^.;:]+?)"
    r"(?=\s+(?:in|among|on|for|at)\s+\d|\s+in\s+[A-Z\w-]+\s+(?:patients|participants)|[,.;:]|$)",
    re.I)
_CONDITION = re.compile(
    r"\b(?:patients|participants|subjects|adults|women|men|individuals|volunteers)\s+with\s+"
    r"(?P<c>[\w\s-]{3,80}?)(?=\s+(?:were|was|who|received|underwent|at|in|and\b)|[,.;:)]|$)",
    re.I)
_OUTCOME_MEASURES = re.compile(
    r"\b(?:evaluated|assessed|measured|graded)\s+(?:using|with|by)\s+(?P<o>[^.;]+)|"
    r"\bprimary (?:outcome|endpoint)(?: measure)?(?: was| were|:)\s+(?P<p>[^.;]+)", re.I)


# "..., one month apart", "every 4 weeks": when the arms are given, not an arm
_TIMING = re.compile(r"\b(apart|intervals?|every|weekly|monthly|fortnightly)\b|"
                     r"^\s*(?:for\s+|over\s+)?(?:one|two|three|four|six|\d+)\s+(?:days?|weeks?|months?)\b",
                     re.I)


def _span(text: str, m: re.Match[str], offset: int, group: int | str = 0) -> Span:
    return Span(offset + m.start(group), offset + m.end(group), m.group(group))


def _count_arms(phrase: str) -> int | None:
    """Arms in an allocation phrase: 'A alone or in combination with either B or C' -> 3."""
    phrase = re.split(r"\b(?:for|over|during|at|with follow-up)\b\s+\d", phrase)[0]
    parts = [p for p in re.split(r"\s*(?:,\s*or\s+|\bor\b|,\s*|\bversus\b|\bvs\.?)\s*", phrase)
             if p.strip() and not _TIMING.search(p)]
    return len(parts) if 2 <= len(parts) <= 6 else None


# people studied: a trial in volunteers may measure "ex vivo platelet aggregation"
_HUMANS = re.compile(r"\b(volunteers|patients|participants|adults|women|men)\b", re.I)


def design_of(text: str) -> tuple[str, str, re.Match[str] | None]:
    for design, rx in _DESIGNS:
        m = rx.search(text)
        if m and rx is _BENCH and _HUMANS.search(text):
            continue
        if m:
            return design, f"'{m.group(0)}'", m
    return "unknown", "no design words", None


# A registry record's arms: "Experimental: ...", "Placebo Comparator: ..." lines
_REGISTRY_ARM = re.compile(r"(?m)^\s*(Experimental|Active Comparator|Placebo Comparator|"
                           r"Sham Comparator|No Intervention|Other)\s*:\s*\S")
_ENROLLMENT = re.compile(r"(?mi)^\s*(?:target\s+)?(?:enrol?lment|sample size|target size)"
                         r"(?:\s*\([^)]*\))?\s*:\s*(\d[\d,]*)")


def read_registry(st: StudyRecord, text: str) -> None:
    """A registry record's own fields: planned enrolment and the arms it lists."""
    st.design, st.design_reason = "registry_record", "a trial registry record"
    m = _ENROLLMENT.search(text)
    if m:
        st.participants = int(m.group(1).replace(",", ""))
        st.evidence["participants"] = [Span(m.start(1), m.end(1), m.group(1))]
    arms = list(_REGISTRY_ARM.finditer(text))
    if arms:
        st.arms = len(arms)
        st.evidence["arms"] = [Span(a.start(1), a.end(1), a.group(1)) for a in arms]


REVIEW_DESIGNS = ("systematic_review", "meta_analysis", "narrative_review")


def read_title(st: StudyRecord, title: str) -> None:
    """What a report's title says of its design that its design sentences left unsaid."""
    review = st.design in REVIEW_DESIGNS
    if st.randomized is None and not review and _RANDOMIZED.search(title) \
            and not _NOT_RANDOMIZED.search(title):  # "... of randomized trials" is the review's
        st.randomized = True
    if st.within_subject is None and _WITHIN.search(title):
        st.within_subject = True
        if st.arms is None:
            st.arms = 2
    if st.blinding is None and (b := _BLIND.search(title)):
        st.blinding = b.group(0).lower()


# A sentence that reports how many took part: "A total of 751 participants underwent
# randomization", "16 827 patients were identified"
_HEAD_COUNT = re.compile(r"\b(enrol+|randomi[sz]|recruit|includ|total of|underwent|particip|"
                         r"took part|identified|yielded|were studied|analy[sz]ed|comprised|"
                         r"consisted|received|were (given|treated|assigned|allocated|divided))",
                         re.I)


# What makes a time a study's length: "12-week", "for 6 months", "over a period of 3 months"
_LASTING = re.compile(r"-(week|month|day)|follow-?up|over|for|(period|course|duration) of", re.I)


# "Healthy adults (n = 235, 40-65 y old, ...)" opening a sentence: whom the study took,
# counted where they are named
_PEOPLE_THEN_N = re.compile(r"\W*(?:[A-Za-z-]+\s+){0,3}(?:adults|patients|participants|subjects|"
                            r"women|men|children|volunteers|individuals|people)\s*\(\s*[nN]\s*=\s*"
                            r"[\d,]+$")
# people who finished a study, of the more it enrolled: a report's head count is those it
# enrolled, which its participants section or abstract gives elsewhere
_COMPLETERS = re.compile(r"[^.;,\d]{0,20}?\b(?:completed|finished)\s+(?:the\s+)?(?:study|trial|"
                         r"treatment|protocol|follow-up)\b", re.I)
# people screened or assessed for eligibility, of whom the study took only some
_SCREENED = re.compile(r"[^.;\d]{0,40}?\b(?:(?:screened|assessed\s+for\s+(?:eligibility|inclusion)|"
                       r"approached|invited)\b|assessed\s*,)|"
                       # "Of the 166 volunteers, 72 (43%) were excluded": the pool before
                       # exclusions, unless the count was already the randomized
                       r"(?:(?!randomi[sz]|enrol|allocat|assigned)[^.;]){0,40}?\bwere\s+excluded\b"
                       r"(?!\s+from\s+(?:the\s+)?(?:final\s+)?analys)",
                       re.I)
# "Of 504 potential participants assessed, 48 ... were randomized": a pool, not a head count
_POTENTIAL = re.compile(r"\bpotential(?:ly eligible)?\b", re.I)


def _screened(text: str, q: Quantity, offset: int) -> bool:
    """Whether count `q` (in `text`, which starts at `offset`) counts people screened or
    assessed for a study rather than those it took."""
    return bool(_SCREENED.match(text, q.end - offset) or _POTENTIAL.search(q.text))
_METHODS_SECTION = re.compile(r"\W*(methods?|materials and methods|design|patients|participants|"
                             r"subjects|setting|study design)\b", re.I)
_IN_PEOPLE = re.compile(r"\b(in|among|on|of)\s+$", re.I)
_PEOPLE_LABEL = r"(?:patients|participants|subjects|study population|population|sample)"
_PEOPLE_SECTION = re.compile(rf"\W*(?:{_PEOPLE_LABEL}|design, setting,? and participants)\b",
                             re.I)
# what may stand before the count that opens such a sentence: the label, "A total of"
_LABEL_THEN_COUNT = re.compile(rf"\W*(?:{_PEOPLE_LABEL}\s*[:.]?\s*)?(?:a total of\s+)?$", re.I)


# "303 were randomized to d-mannose ... and 295 to placebo": one arm's count, not the trial's
_TO_AN_ARM = re.compile(r"\s+(?:to|into)\b(?:[^.;]|\.\d){0,80}?\band\s+\d[\d,]*\s+(?:[a-z]+\s+){0,2}?"
                        r"(?:to|into|in)\b", re.I)


_SEX = re.compile(r"\b(men|women|males|females|boys|girls)$", re.I)


def _part_of_next(text: str, offset: int, q: Quantity, nxt: list[Quantity]) -> bool:
    """'42 eyes of 21 patients', '60 scars in 30 patients': a count of parts of the people
    the next count counts, which is the head count."""
    if not nxt or nxt[0].unit != "participants":
        return False
    between = text[q.end - offset:nxt[0].start - offset]
    return re.fullmatch(r"\s+(?:of|in|from|among)\s+(?:the\s+)?", between) is not None


_PEOPLE_NOUN = re.compile(r"\b(?:patients|participants|subjects|adults|individuals|volunteers|"
                          r"people|children|men|women|males|females|cases)$", re.I)


def _pair(text: str, offset: int, q: Quantity, nxt: list[Quantity]) -> list[Quantity]:
    """'30 men and 30 women', '256 drug-treated and 250 placebo-treated subjects': two counts
    joined by 'and' (of the two sexes, or sharing the second's noun) are together the head
    count."""
    ctrl = next((n for n in nxt if n.unit == "participants"), None)
    if ctrl is not None and ctrl.value and re.search(r"\bcontrols$", ctrl.text, re.I) \
            and re.fullmatch(r"[^.;]{0,80}?\s+and\s+", text[q.end - offset:ctrl.start - offset]):
        # "40 boys with ADHD, aged 8-14 years, and 39 matched controls": cases and controls
        return [q, ctrl]
    nxt = nxt[:1]
    if not nxt or nxt[0].unit != "participants" or nxt[0].value is None:
        return []
    a, b = _SEX.search(q.text), _SEX.search(nxt[0].text)
    between = text[q.end - offset:nxt[0].start - offset]
    if a and b and a.group(1).lower() != b.group(1).lower() \
            and re.fullmatch(r"[^.;]{0,40}?\s+and\s+", between):
        return [q, nxt[0]]
    if re.fullmatch(r"\s+and\s+", between) and not _PEOPLE_NOUN.search(q.text):
        return [q, nxt[0]]
    return []


def _event_arms(qs: list[Quantity], text: str = "", offset: int = 0) -> list[Quantity]:
    """'14 of 53 children receiving X ..., compared with 25 of 54 receiving placebo': each
    arm's count told after its events, within one sentence of `text` (which starts at
    `offset`), together the head count; [] otherwise."""
    arms: list[Quantity] = []
    for prev, q in zip(qs, qs[1:], strict=False):
        if prev.role == "events" and q.role == "participants" and q.value:
            between = text[arms[-1].end - offset:q.start - offset] if arms else ""
            if arms and (q.start - arms[-1].end > 150 or re.search(r"[.;]\s", between)):
                break  # another sentence's count
            arms.append(q)
    return arms if len(arms) >= 2 else []


def read_held_groups(st: StudyRecord, body: list) -> bool:  # type: ignore[type-arg]
    """"The first group consisted of 23 patients ..." then "The second group consisted of 15
    patients": the groups' counts, sentence after sentence, are the head count, unless one
    already read is larger (a whole told before its groups). True when they set it."""
    held = _held_counts((u.text, u.start) for u, _ in body)
    if not held:
        return False
    total = int(sum(parse_number(g.text) or 0 for g in held))
    if st.participants is not None and st.participants >= total:
        return False
    st.participants, st.evidence["participants"] = total, held
    return True


def read_participants(st: StudyRecord, body: list) -> None:  # type: ignore[type-arg]
    """The head count of a report whose design sentences did not give it: the arms' own
    counts added up ("rosemary oil (n = 50) or minoxidil (n = 50)"), or the first count of
    people in a sentence about taking part, or else the only count of people it gives.
    `body` holds (unit, quantities) pairs."""
    if read_held_groups(st, body):
        return
    for u, qs in body:
        if groups := group_counts(u.text, u.start):
            st.participants = int(sum(parse_number(g.text) or 0 for g in groups))
            st.evidence["participants"] = groups
            return
        arms = next((int(q.value) for q in qs if q.unit == "arms" and q.value), None) or st.arms
        if (each := _per_arm_total(qs, arms)) is not None:
            # "47 patients in both treatment and control groups": one arm's count, every arm
            st.participants, q = each
            st.evidence["participants"] = [Span(q.start, q.end, q.text)]
            return
        people = [q for q in qs if q.unit == "participants" and q.role == "participants"
                  and q.value and not _screened(u.text, q, u.start)]
        if not people:
            continue
        arms = _arm_counts(people)
        paired = next((pr for i, q in enumerate(people)
                       if (pr := _pair(u.text, u.start, q, people[i + 1:i + 2]))), [])
        # every count is an arm's, or all but a leading whole ("N=40 ... (N=20) or (N=20)")
        whole_then_arms = len(arms) == len(people) - 1 \
            and people[0].value == sum(q.value or 0 for q in arms)
        if (arms and (len(arms) == len(people) or whole_then_arms)) or (arms := paired) or (arms := _event_arms(qs, u.text, u.start)):
            st.participants = int(sum(q.value or 0 for q in arms))
            st.evidence["participants"] = [Span(q.start, q.end, q.text) for q in arms]
            return
        in_methods = bool(u.section and _METHODS_SECTION.match(u.section)) \
            or bool(_METHODS_SECTION.match(u.text))
        # "... assessed in 14 outpatients", where a paper's methods say whom it studied
        studied = [q for q in people if in_methods and _IN_PEOPLE.search(
            u.text[max(0, q.start - u.start - 12):q.start - u.start])]
        taking_part = _HEAD_COUNT.search(u.text) is not None \
            or _PEOPLE_THEN_N.match(u.text[:people[0].end - u.start]) is not None
        # "PATIENTS: Ten women meeting criteria ...": under a label naming whom the study
        # took, a sentence opening with a count of people gives the head count
        if not (taking_part or studied) and (_PEOPLE_SECTION.match(u.section or "")
                                             or _PEOPLE_SECTION.match(u.text)) \
                and _LABEL_THEN_COUNT.match(u.text[:people[0].start - u.start]):
            taking_part = True
        if taking_part or studied:
            q = people[0] if taking_part else studied[0]
            st.participants = int(q.value or 0)
            st.evidence["participants"] = [Span(q.start, q.end, q.text)]
            return
    # "... in a group of 16 athletes": where no sentence says who took part, the one count of
    # people the report gives (however often) is its head count; of two, nothing says which
    # is the whole
    counted = [q for u, qs in body for q in qs if q.unit == "participants"
               and q.role == "participants" and q.value and not _screened(u.text, q, u.start)]
    if counted and len({q.value for q in counted}) == 1:
        q = counted[0]
        st.participants = int(q.value or 0)
        st.evidence["participants"] = [Span(q.start, q.end, q.text)]


def _per_arm_total(qs: list[Quantity], arms: int | None) -> tuple[int, Quantity] | None:
    """(head count, the count it comes from) when a count is told for each of `arms` arms
    alike ("30 per group", "47 patients in both groups"), else None."""
    q = next((q for q in qs if q.role == "per_group" and q.value), None)
    if q is None or not arms or arms < 2:
        return None
    return int(q.value or 0) * arms, q


def review_design(text: str) -> tuple[str, str] | None:
    """(design, reason) when `text` reads as a review's own methods, else None."""
    m = _REVIEW_METHODS.search(text)
    if not m:
        return None
    pooled = _POOLED.search(text)
    if pooled:
        return "meta_analysis", f"review methods ('{m.group(0)}') with pooled estimates " \
                                f"('{pooled.group(0)}')"
    return "systematic_review", f"review methods ('{m.group(0)}')"


# what a described study did with the studies it counts: analysed or pooled them
_ANALYSED = re.compile(r"\banaly[sz](?:is|ed|ing)\b|\bpool(?:ed|ing)\b|\bcombined\b", re.I)


def _studies_pooled(qs: list[Quantity]) -> Quantity | None:
    """The count of studies or trials a described study took in ("an analysis of 27
    separate studies", "a review of 14 trials"): a study of studies, a review, whatever
    word the retelling uses for it."""
    return next((q for q in qs if q.unit in ("studies", "trials") and q.value
                 and q.value >= 2 and q.role is None), None)


def read_study(key: str, text: str, offset: int, *, own: bool,
               quantities: list[Quantity] | None = None) -> StudyRecord:
    """Fill a StudyRecord from `text` (a document's study sentences, or one descriptor)."""
    st = StudyRecord(key=key, reported_in_own_source=own, extractor=VERSION)
    ev: dict[str, list[Span]] = {}
    design, why, m = design_of(text)
    within = _WITHIN.search(text)
    if design == "unknown" and within:
        design, why, m = "unknown", f"'{within.group(0)}' comparison without randomization", None
    st.design = design
    st.design_reason = why
    if m:
        ev["design"] = [_span(text, m, offset)]
    if _NOT_RANDOMIZED.search(text):
        st.randomized = False
    elif (r := _RANDOMIZED.search(text)):
        st.randomized = True
        ev["randomized"] = [_span(text, r, offset)]
    elif design == "rct" and m is not None:  # double-blind against a placebo
        st.randomized = True
        ev["randomized"] = [_span(text, m, offset)]
    if within:
        st.within_subject = True
        ev["within_subject"] = [_span(text, within, offset)]
    if (b := _BLIND.search(text)):
        st.blinding = b.group(0).lower()
        ev["blinding"] = [_span(text, b, offset)]
    qs = quantities if quantities is not None else find_quantities(text, offset)
    if design == "unknown" and not own and (pooled := _studies_pooled(qs)) is not None:
        st.design = "meta_analysis" if _ANALYSED.search(text) else "systematic_review"
        st.design_reason = f"a study of studies ('{pooled.text}')"
        ev["design"] = [Span(pooled.start, pooled.end, pooled.text)]
    # "41 participants were recruited, 35 randomised": those randomised are the trial's, and
    # the counts told before them the pool they came from
    randomized = next((q for q in qs if q.unit == "participants" and q.value
                       and _RANDOMIZED.search(q.text)
                       and not _TO_AN_ARM.match(text, q.end - offset)), None)
    for i, q in enumerate(qs):
        if q.unit == "participants" and q.role in ("participants", None) and st.participants is None \
                and q.value is not None and not _screened(text, q, offset) \
                and not (randomized is not None and q.start < randomized.start) \
                and not (own and _COMPLETERS.match(text, q.end - offset)) \
                and not _part_of_next(text, offset, q, qs[i + 1:i + 2]):
            arms = _arm_counts(qs[i:]) or _pair(text, offset, q, qs[i + 1:i + 3]) \
                or _event_arms(qs[max(0, i - 1):], text, offset)
            st.participants = int(sum(a.value or 0 for a in arms)) if arms else int(q.value)
            ev["participants"] = [Span(a.start, a.end, a.text) for a in arms or [q]]
        elif q.unit == "arms" and st.arms is None and q.value is not None:
            st.arms = int(q.value)
            ev["arms"] = [Span(q.start, q.end, q.text)]
        elif q.unit == "sessions" and st.sessions is None and q.value is not None:
            st.sessions = int(q.value)
            ev["sessions"] = [Span(q.start, q.end, q.text)]
        elif q.role == "interval" and st.interval is None:
            st.interval = f"{_fmt(q.value)} {q.unit}"
            ev["interval"] = [Span(q.start, q.end, q.text)]
        elif q.unit in ("weeks", "months", "days") and q.role is None and st.duration is None \
                and q.value is not None and _LASTING.search(
                    text[max(0, q.start - offset - 12):q.end - offset + 12]):
            st.duration = f"{_fmt(q.value)} {q.unit}"
            ev["duration"] = [Span(q.start, q.end, q.text)]
    if st.participants is not None and (sp := _SPLIT.search(text)) \
            and parse_number(sp.group("a")) == st.participants:
        # "349 patients were assigned to fish oil and 186 to placebo": the count read is one
        # arm's, and the study's is the two together
        st.participants += int(parse_number(sp.group("b")) or 0)
        ev["participants"] = [_span(text, sp, offset, "a"), _span(text, sp, offset, "b")]
    elif st.participants is None and (each := _per_arm_total(qs, st.arms)) is not None:
        st.participants = each[0]
    if (groups := group_counts(text, offset)) and (
            st.participants is None or st.participants == parse_number(groups[0].text)):
        st.participants = int(sum(parse_number(g.text) or 0 for g in groups))
        ev["participants"] = groups
    if st.arms is None and (al := _ALLOCATION.search(text)):
        n = _count_arms(al.group("arms"))
        if n:
            st.arms = n
            st.arm_descriptions = [p.strip() for p in re.split(r"\bor\b|,", al.group("arms"))
                                   if p.strip()][:n]
            ev["arms"] = [_span(text, al, offset, "arms")]
    if st.arms is None and (r := _RATIO.search(text)):
        st.arms = r.group("ratio").count(":") + 1  # "randomized 1:1:1": three arms
        ev["arms"] = [_span(text, r, offset, "ratio")]
    labels = {g.lower() for g in _GROUP_LABEL.findall(text)}
    if len(labels) >= 2 and (st.arms is None or len(labels) > st.arms):
        st.arms = len(labels)  # "Group 1 (laser), Group 2 (serum) and Group 3 (both)"
    if (c := _COMPARED.search(text)):
        st.intervention = c.group("a").strip()
        st.comparator = c.group("b").strip()
        ev["intervention"] = [_span(text, c, offset, "a")]
        ev["comparator"] = [_span(text, c, offset, "b")]
        if st.arms is None and st.within_subject:
            st.arms = 2
    if st.arms is None and st.within_subject:
        st.arms = 2
    if (cm := _CONDITION.search(text)):
        st.condition = cm.group("c").strip()
        ev["condition"] = [_span(text, cm, offset, "c")]
    outs = []
    for om in _OUTCOME_MEASURES.finditer(text):
        grp = "o" if om.group("o") else "p"
        outs.append(om.group(grp).strip())
        ev.setdefault("outcomes", []).append(_span(text, om, offset, grp))
    st.outcomes = outs + [o for o in lx.outcomes(text) if o not in " ".join(outs).lower()]
    st.registrations = sorted(set(re.findall(
        r"\b(NCT\d{8}|IRCT\d{6,}N?\d*|ISRCTN\d{8}|ACTRN\d{14})\b", text)))
    st.numbers = [q for q in qs if q.unit or q.role]
    if not own:
        ev["descriptor"] = [Span(offset, offset + len(text), text)]
    st.evidence = ev
    return st


# one arm's count, then the other's: "N were assigned to the X group and M to the Y group"
_SPLIT = re.compile(r"\b(?P<a>\d[\d,]*)\s+(?:[\w-]+\s+){0,2}?(?:were|was)\s+(?:randomly\s+)?"
                    r"(?:assigned|allocated|randomi[sz]ed|enrolled|included)\s+(?:to|in|into)\b"
                    r"[^;.]{0,90}?\band\s+(?P<b>\d[\d,]*)\s+(?:[\w-]+\s+)?(?:to|in|into)\s",
                    re.I)
# a count of people told group by group: "79 participants were in the 25-mg group, 75 in
# the 10-mg group, and 79 in the 1-mg group", "48 to the magnesium arm and 46 to placebo arm"
_IN_GROUP = re.compile(r"(?<![\d.,])\b(?P<n>\d[\d,]*)\s+(?P<who>(?:participants|patients|subjects|"
                       r"people|women|men|children|adults|volunteers)\s+)?(?:were\s+)?(?P<how>"
                       r"(?:randomly\s+)?(?:assigned|allocated|randomi[sz]ed)\s+)?(?:in|to|into)"
                       r"\s+the\s+(?:[\w-]+\s+){0,3}?(?:group|arm)\b", re.I)


# a group told by what it held: "The first group [onion-juice treated] consisted of 23 patients",
# "the placebo (PL) group included 11 patients"
_GROUP_HELD = re.compile(r"\bgroup\b(?:\s*[\[(][^\])]{0,40}[\])])?,?\s+(?:consisted\s+of|included|"
                         r"comprised|contained|was\s+made\s+up\s+of)\s+(?P<n>\d[\d,]*)\s+"
                         r"(?:participants|patients|subjects|people|women|men|children|adults|"
                         r"volunteers)\b", re.I)
_GROUPS_APART = 300  # characters at most between one group's count and the next's


def _held_counts(pieces: Iterable[tuple[str, int]]) -> list[Span]:
    """The counts of two or more groups told by what they held (`_GROUP_HELD`), each close
    to the one before, in texts given with the offsets they start at; [] otherwise."""
    held = [_span(text, m, offset, "n") for text, offset in pieces
            for m in _GROUP_HELD.finditer(text)]
    if len(held) < 2 or any(b.start - a.end > _GROUPS_APART
                            for a, b in zip(held, held[1:], strict=False)):
        return []
    return held


def group_counts(text: str, offset: int) -> list[Span]:
    """The counts of two or more groups told one after another in `text` (which starts at
    `offset`), together the head count; [] otherwise."""
    if held := _held_counts([(text, offset)]):
        return held
    run: list[re.Match[str]] = []
    for m in _IN_GROUP.finditer(text):
        if run and not re.fullmatch(r"\s*,?\s*(?:and\s+)?", text[run[-1].end():m.start()]):
            if len(run) >= 2:
                break
            run = []
        run.append(m)
    if len(run) < 2 or not (run[0].group("who") or run[0].group("how")):
        return []  # "fell by 30 in the laser group and 12 in the control group": no people
    return [_span(text, m, offset, "n") for m in run]


# the ratio of an allocation, each of its parts an arm: "randomized 1:1:1 to ..."
_RATIO = re.compile(r"\b(?:randomi[sz]ed|allocated|assigned)\b[^.;]{0,25}?\b(?:in\s+an?\s+)?"
                    r"(?P<ratio>[1-4](?:\s?:\s?[1-4]){1,4})\b", re.I)
# the groups a report names by label: "group A", "Group 2", "group III"
_GROUP_LABEL = re.compile(r"\b[Gg]roup\s+([A-F]|[1-6]|I{1,3}|IV|V)\b(?![.,]?\d)")
_N_ARM = re.compile(r"^\s*[nN]\s*=")


def _arm_counts(qs: list[Quantity]) -> list[Quantity]:
    """Each arm's own count, written one after the other ("rosemary oil (n = 50) or
    minoxidil (n = 50)"), which together are the study's head count; [] otherwise."""
    arms: list[Quantity] = []
    for q in qs:
        if q.unit != "participants" or q.role not in ("participants", None):
            continue
        if not _N_ARM.match(q.text) or (arms and q.start - arms[-1].end > 120):
            break
        arms.append(q)
    if len(arms) >= 3 and arms[0].value == sum(a.value or 0 for a in arms[1:]):
        # "cyclists (N=40) were randomized to quercetin (N=20) or placebo (N=20)": the
        # whole, then its arms
        return arms[1:]
    return arms if len(arms) >= 2 else []


def _fmt(v: float | None) -> str:
    if v is None:
        return "?"
    return str(int(v)) if float(v).is_integer() else str(v)


def spelled(s: str) -> float | None:
    return parse_number(s)
