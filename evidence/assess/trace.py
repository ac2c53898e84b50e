"""Tracing: which ingested study does a described study or a credited claim come from?

A citation decides at once (DOI, PMID, PMCID, registration id, title, volume and
first page). Without one, a described study is compared field by field with every
study a document reports about itself: design, participants, duration, sessions,
intervention, condition, year, and the numbers themselves. Each link records what matched and
what did not, so an editor can judge the trail. The result depends only on the
set of documents, never on the order they were ingested in.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from evidence.assess.journals import (
    journal_key,
    journals_printed,
    journals_told,
    same_journal,
    volume_pages,
)
from evidence.extract import lexicon as lx
from evidence.extract.reading import reading_view
from evidence.models import Claim, CorpusSource, Quantity, StudyRecord

VERSION = "evidence.trace.v42"  # v42: "X et al." names a report's first author: it agrees with a report whose citation gives another first author only by other facts; v41: trials named in brackets after "studies"/"trials", with a spaced number or one of a pair ("studies (SAKURA 1 and SAKURA 2)"), and a subtitle naming its trial (": PEARL Trial"); literature databases (CENTRAL, MEDLINE, EMBASE) and PMC/PMID are no trial; v40: a title's opening trial name is read only where a line of its own begins (a copy wrapped at a fixed width begins lines mid-sentence), and the disclaimer supplement sellers print quotes no report; v39: a head count far from the report's outweighs a journal, product or author in common alone, unless a result, the year, the length, quoted words or the trial's name agree too; v38: a report is read for the reports it names from its title and citing lines alone (`CitingText`), stored as such; v37: a report's own study is read for the report it cites (`cited_report`); v36: a head count told as a bound in round figures ("more than 800 women", "nearly 300") agrees with a count within a tenth of it; v35: a page and a report about the same thing (their most repeated words) count for a match, when a fact beyond the year agrees and the head counts do not disagree; v34: the journal of PubMed's short citation ("Kim et al. PLoS One. ."); v33: a quoted run is no proof of the study when the side tells three results or more and none is the report's (`FIGURES_AGAINST_QUOTE`); v32: reports whose heads are one text (`copies_of`); v31: words every report uses (associated, symptoms, scores, shown, change, investigation) are no page's topic nor distinctive; v30: one six-word run shared with a report is a phrase of the field and counts half; a quotation is seven words in a row; v29: the verbs that sell a product ("promote", "boost") are no page's topic; v28: a design both name that narrows (a review, a cohort) counts for a match; v27: a word opening the next sentence ("says Dr. Olsen. The ...") is no author's name; v26: a head count under 1,000 told in round figures ("200 women" of 202, "750 people" of 755); v25: words a line break hyphenated read whole; v24: a body's or database's name shared with a report quotes nothing; v23: a dose told that the report does not give counts a little against it; v22: a title opening on its design is cited by the words that follow; v21: head counts a person or two apart are flagged, not held against a match; v20: between two matches both certain, the one agreeing on more facts wins; v19: an author manuscript's journal, printed after the archive's name; v18: a length told in other units is the same length ("3 months", "84 days"); v17: one arm's count told as the whole trial's still points to the report; v16: two pages with distinct topics, neither naming the other's, are not one study without a citation; v15: a citation of a report's volume and first page; v14: distinctive words beyond the third still count; v13: blood pressures compared; v12: a product or strain code shared with a report; journals praised or named with "The"; v11: each agreeing figure counted once, a length not twice; a byline's "Surname AB" gives the surname; v10: a journal named over its issue line, "of the journal X"; v9: a head count agreeing with a group a report counts, where it gives no head count of its own; v8: results agreeing beyond the third still count; blood levels, weights and lengths are compared; v7: quotations of a report's whole abstract; v6: a trial named by both, as a citation; v5: the journal a page names in its lead (v4: the journal; v3: named authors, quoted runs, the same two arms)
THRESHOLD = 0.6


@dataclass(frozen=True)
class StudySide:
    """A statement on the study's side: one of its numbers, with its claim."""

    q: Quantity
    claim_id: int
    text: str
    start: int
    end: int


@dataclass
class Target:
    """An ingested study a claim may trace to, with what its document says."""

    study_id: int
    source: CorpusSource
    study: StudyRecord
    treatments: frozenset[str]
    populations: set[str]
    numbers_side: list[StudySide]
    outcomes: set[str]
    hedged: list[tuple[int, int, int, str]]  # (claim id, start, end, text) of hedged efficacy
    year: str | None
    terms: frozenset[str] = frozenset()  # the study's distinctive words (see `key_terms`)
    # its report's topic and distinctive words, over the whole head (`page_words`)
    page_topic: frozenset[str] = frozenset()
    page_terms: frozenset[str] = frozenset()
    _by_key: dict[tuple[object, ...], list[Quantity]] | None = field(
        default=None, repr=False, compare=False)
    _grams: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _journals: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _trials: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _counts: frozenset[int] | None = field(default=None, repr=False, compare=False)
    _codes: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _places: dict[str, int] | None = field(default=None, repr=False, compare=False)

    def places(self) -> dict[str, int]:
        """Where the report's citation line puts it in its journal (`volume_pages`), built once."""
        if self._places is None:
            self._places = volume_pages(self.source.text[:NAME_HEAD])
        return self._places

    def head_grams(self) -> frozenset[str]:
        """The distinctive runs of words of the report's head (its title, byline and
        opening), built once: a retelling sharing one quotes the report (`quoted_runs`)."""
        if self._grams is None:
            self._grams = quoted_runs(self.source.text[:QUOTE_HEAD])
        return self._grams

    def journals(self) -> frozenset[str]:
        """The journal the report is printed in, as its page names it (`journals_printed`)."""
        if self._journals is None:
            self._journals = journals_printed(self.source.text[:NAME_HEAD], self.source.publisher)
        return self._journals

    def trials(self) -> frozenset[str]:
        """The names the report gives its trial ("REFINE-1", "GAIT"), built once."""
        if self._trials is None:
            self._trials = trial_names(self.source.text[:NAME_HEAD])
        return self._trials

    def names_person(self, surname: str) -> bool:
        """Whether the report's head (where its byline stands) holds `surname` as a name."""
        return re.search(rf"\b{re.escape(surname)}\b", self.source.text[:NAME_HEAD]) is not None

    def may_lead(self, surname: str) -> bool:
        """Whether `surname` may be the report's first author: its own, where the report's
        citation gives one ("Kim et al." names the first author, not the fourth)."""
        first = self.study.citation.get("first_author", "")
        return not first or re.search(rf"\b{re.escape(surname)}\b", first) is not None

    def codes(self) -> frozenset[str]:
        """The product or strain codes the report's head names (`product_codes`), built once."""
        if self._codes is None:
            self._codes = product_codes(self.source.text[:NAME_HEAD])
        return self._codes

    def counts(self) -> frozenset[int]:
        """The groups of people the report counts ("30 men and women", "35 patients"), for a
        report whose own head count was not read (one telling of several studies)."""
        if self._counts is None:
            self._counts = frozenset(int(side.q.value) for side in self.numbers_side
                                     if side.q.unit == "participants" and side.q.value
                                     and side.q.role in (None, "participants"))
        return self._counts

    def figures_by_key(self) -> dict[tuple[object, ...], list[Quantity]]:
        """The study's own figures under their lookup keys (`_number_keys`), built once."""
        if self._by_key is None:
            self._by_key = {}
            for side in self.numbers_side:
                for k in _number_keys(side.q):
                    self._by_key.setdefault(k, []).append(side.q)
        return self._by_key

    def agrees(self, q: Quantity) -> bool:
        """Whether one of the study's own figures is the same number as `q` (`same_number`),
        looked up by key rather than compared with every figure."""
        return self.agrees_under(q, _number_keys(q, near=True))

    def agrees_under(self, q: Quantity, keys: tuple[tuple[object, ...], ...] | list[
            tuple[object, ...]]) -> bool:
        """`agrees`, with `q`'s lookup keys computed once by the caller (`ClaimSide.figures`)."""
        by_key = self.figures_by_key()
        return any(same_figure(q, mine) for k in keys for mine in by_key.get(k, ()))


@dataclass
class Match:
    target: Target
    confidence: float
    matched_on: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    cited: str | None = None  # the citation that decided it, if one did
    # the evidence summed with no cap, each agreeing figure counted in full: between two
    # matches both certain (confidence 1.0), the one with more facts in common wins
    strength: float = 0.0


def _fmt(q: Quantity) -> str:
    def n(v: float | None) -> str:
        if v is None:
            return "+"
        return str(int(v)) if float(v).is_integer() else f"{v:g}"
    unit = "" if q.unit in (None, "%") else f" {q.unit}"
    pct = "%" if q.unit == "%" else ""
    if q.value is not None:
        return f"{n(q.value)}{pct}{unit}"
    return f"{n(q.low)}-{n(q.high)}{pct}{unit}" if q.high is not None else f"{n(q.low)}+{unit}"


def same_number(a: Quantity, b: Quantity) -> bool:
    if (a.unit or "") != (b.unit or ""):
        return False
    if a.value is not None and b.value is not None:
        return abs(a.value - b.value) < 1e-6
    if a.value is None and b.value is None:
        return a.low == b.low and a.high == b.high
    return False


# Units a retelling and a report may use for one count ("10 studies" of "10 trials")
_UNIT_ALIASES = {"trials": "studies"}


def _unit(q: Quantity) -> str:
    return _UNIT_ALIASES.get(q.unit or "", q.unit or "")


def same_figure(a: Quantity, b: Quantity) -> bool:
    """Whether a retelling's figure is one of a study's, for tracing: `same_number`, with a
    change in percent agreeing by its size (a report's "-20.2%" is the "20.2%" a page says
    was lost) and a count of trials agreeing with the same count of studies. The checks
    compare numbers strictly (`same_number`)."""
    if _unit(a) != _unit(b):
        return False
    if a.value is not None and b.value is not None:
        size = abs if a.unit == "%" else float
        return abs(size(a.value) - size(b.value)) < 1e-6
    return a.value is None and b.value is None and a.low == b.low and a.high == b.high


_DAYS_PER = {"days": 1.0, "weeks": 7.0, "months": 365.25 / 12, "years": 365.25}
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s+(days|weeks|months|years)\s*$")
LENGTH_SLACK_DAYS = 8  # "84 days", "12 weeks" and "3 months" are one length, told three ways


def length_days(length: str | None) -> float | None:
    """A study's length ("12 weeks", "3 months") in days, or None for another form."""
    m = _LENGTH.match(length or "")
    return float(m.group(1)) * _DAYS_PER[m.group(2)] if m else None


def same_length(told: str | None, reported: str | None) -> bool:
    """Whether two lengths are one, in whatever units they are told: equal, or within
    LENGTH_SLACK_DAYS once in days (a page's "3 months" for a report's "84 days")."""
    if not told or not reported:
        return False
    if told == reported:
        return True
    a, b = length_days(told), length_days(reported)
    return a is not None and b is not None and abs(a - b) <= LENGTH_SLACK_DAYS


def length_keys(length: str | None) -> list[tuple[object, ...]]:
    """Lookup keys of a length, in whole months below and above it: two lengths that are
    `same_length` share one (they are less than a month apart)."""
    days = length_days(length)
    if days is None:
        return [("duration", length)] if length else []
    months = days / _DAYS_PER["months"]
    return [("length", k) for k in sorted({math.floor(months), math.ceil(months)})]


def near_count(told: int | None, reported: int | None) -> bool:
    """Two head counts a person or two apart (at most 3, and within 5%): one study counted at
    two moments, as randomized and as analysed."""
    if not told or not reported or told == reported:
        return False
    gap = abs(told - reported)
    return gap <= 3 and gap <= max(1, round(0.05 * reported))


ROUND_SLACK = 0.03  # a count under 1,000 told in round figures is within 3% of the one reported


def about_the_same_count(told: int | None, reported: int | None) -> bool:
    """A head count told in round figures ("some 26,000", "nearly 2,000", "200 women") of a
    reported one: `told` is a multiple of 100 (of 1,000 when it is one) and `reported`
    rounds to it; under 1,000, a multiple of 50 within `ROUND_SLACK` of `reported` ("750
    people" of 755)."""
    if not told or not reported or told < 100:
        return False
    if told < 1000:
        return told % 50 == 0 and told != reported \
            and abs(told - reported) <= ROUND_SLACK * reported
    if told % 100:
        return False
    grain = 1000 if told % 1000 == 0 else 100
    return _rounded(reported, grain) == told


BOUND_SLACK = 0.1  # "more than 800 women" of 848: a bound told in round figures, a tenth off at most


def _grain(n: int) -> int:
    """The place of a count's second digit: 10 for 800, 1,000 for 26,000."""
    return 10 ** max(0, len(str(n)) - 2)


def within_bound(told: int | None, bound: str | None, reported: int | None) -> bool:
    """Whether a head count told as a bound in round figures (two significant digits at
    most: "more than 800 women", "nearly 300", "over 3,000 people") holds the reported
    one, no more than `BOUND_SLACK` beyond it."""
    if not told or not reported or not bound or told % _grain(told):
        return False
    if bound == ">":
        return told < reported <= told * (1 + BOUND_SLACK)
    return told * (1 - BOUND_SLACK) <= reported < told


def bounds_holding(reported: int) -> list[int]:
    """Every round count (`within_bound`) that, told as a bound either way, holds
    `reported`: the keys under which a bound told finds the report."""
    out = []
    low, high = int(reported / (1 + BOUND_SLACK)), int(reported / (1 - BOUND_SLACK)) + 1
    for grain in {_grain(low), _grain(high)}:
        for r in range(-(-low // grain) * grain, high + 1, grain):
            if r != reported and (within_bound(r, ">", reported) or within_bound(r, "<", reported)):
                out.append(r)
    return sorted(set(out))


def _rounded(n: int, grain: int) -> int:
    return (n + grain // 2) // grain * grain


# A trial's name, as a report or a retelling gives it: "Arthritis Intervention Trial (GAIT)",
# "the REFINE-1 phase 3 trial", a title opening "SLEEPWELL-2, a randomized ..."
_TRIAL_NAME = re.compile(
    r"\b(?i:trials?|study|studies)\s*\((?P<a>[A-Z][A-Z0-9]{2,11}(?:[- ]?\d{1,2})?)(?:\)|,| and\b)|"
    # a title's subtitle naming its trial: "... after one year: PEARL Trial"
    r":[^\S\n]+(?P<d>[A-Z][A-Z0-9]{2,11}(?:[- ]\d{1,2})?)[^\S\n]+(?:Trial|Study)\b|"
    r"\b(?i:the)\s+(?P<b>[A-Z][A-Z0-9]{2,11}(?:[- ]\d{1,2})?)\s+(?:(?i:phase\s+\w+|clinical|"
    r"randomi[sz]ed|pivotal|landmark)\s+){0,2}(?i:trial|study)\b|"
    r"^\W*(?P<c>[A-Z][A-Z0-9]{2,11}(?:-\d{1,2})?)\s*[,:]\s+(?:an?|the|A|An|The)\s", re.M)
# capitals that name an agency, a test, a thing, a literature database or an abstract's
# section, never one trial
_NOT_A_TRIAL = frozenset(str.split("""FDA NIH USA MRI RCT BMI NEJM JAMA BMJ WHO CDC TGA MHRA
EMA COVID HIV LED IPL CBD NAD DNA RNA PRP THE AND NCT FTC NHS MADRS ABSTRACT BACKGROUND
INTRODUCTION OBJECTIVE OBJECTIVES AIM AIMS PURPOSE CONTEXT IMPORTANCE DESIGN SETTING
PARTICIPANTS INTERVENTIONS INTERVENTION METHODS RESULTS FINDINGS CONCLUSION CONCLUSIONS
MEANING DISCUSSION SUMMARY LIMITATIONS NOTE UPDATE CENTRAL MEDLINE EMBASE PMC PMID"""))


def first_surname(authors: list[str]) -> str | None:
    """The first author's surname, however the byline wrote the name: "Smith, J",
    "Jane Smith", or "Smith JA" (surname first, initials after, as indexes print them).
    None when no name of two letters or more is there: a lone initial names nobody."""
    if not authors:
        return None
    name = authors[0].split(",")[0].strip()
    words = name.split()
    if not words:
        return None
    if "," not in authors[0] and len(words) > 1 and _INITIALS.fullmatch(words[-1]):
        surname = words[0]  # "Nikolis A", "Smith JA"
    else:
        surname = words[-1] if "," not in authors[0] else name
    return surname if len(surname.strip(".")) >= 2 else None


_INITIALS = re.compile(r"(?:[A-Z]\.?){1,3}")


# A product's or a strain's code: letters and digits together, two of each at least, as makers
# and culture collections name them ("CGMCC1.3724", "MIMBb75", "KSM-66"); addresses and DOIs
# are taken out first, and codes every field shares are not codes of one product
_CODE = re.compile(r"(?<![\w./-])(?=(?:[A-Za-z.-]*\d){2})(?=(?:[\d.-]*[A-Za-z]){2})"
                   r"[A-Za-z][A-Za-z0-9]*(?:[.-][A-Za-z0-9]+)*(?![\w/-])")
_NOT_A_CODE = re.compile(r"^(?:COVID|SARS|IL|CD|NCT|PMC|PMID|ISRCTN|ACTRN|DRKS|CTRI|ISBN|ISSN|"
                         r"ORCID|HbA|GLP|HER|BRCA|TNF|HLA|DSM|ICD|SF|EQ|PHQ|GAD|WOMAC|VAS|"
                         r"UV|SPF|Q|CoQ|MMP|TGF|VEGF|IGF|H|T|E|A|B|D|K)[-]?\d", re.I)
_ADDRESS_OR_DOI = re.compile(r"https?://\S+|\b10\.\d{4,9}/\S+|\bdoi:\s*\S+", re.I)


def product_codes(text: str) -> frozenset[str]:
    """The codes of products or strains `text` names (`_CODE`), upper-cased."""
    if not re.search(r"[A-Za-z]\d|\d[A-Za-z]|[A-Za-z]-\d", text):
        return frozenset()
    text = _ADDRESS_OR_DOI.sub(" ", text)
    out = set()
    for m in _CODE.finditer(text):
        # a code and its parts that are codes themselves ("HI-MIMBb75" holds "MIMBb75")
        for code in [m.group(0), *m.group(0).split("-")]:
            if len(code) >= 5 and _CODE.fullmatch(code) and not _NOT_A_CODE.match(code):
                out.add(code.upper())
    return frozenset(out)


def trial_names(text: str) -> frozenset[str]:
    """The names `text` gives a trial (`_TRIAL_NAME`): shared by a retelling and a report,
    one names the other's trial, as a citation does."""
    if not re.search(r"[A-Z]{3}", text):
        return frozenset()
    return frozenset(n for m in _TRIAL_NAME.finditer(text)
                     if (n := m.group("a") or m.group("b") or m.group("c") or m.group("d"))
                     and re.sub(r"[- ]?\d+$", "", n) not in _NOT_A_TRIAL
                     and (m.group("c") is None or _OPENS_A_LINE_OF_ITS_OWN.search(
                         text, 0, m.start("c"))))


# what stands before a title's first word: nothing, a blank line or a finished line (in a
# copy wrapped at a fixed width, a line may begin in the middle of a sentence)
_OPENS_A_LINE_OF_ITS_OWN = re.compile(r"(?:\A|\n\s*\n|[.!?:)\]]\s*\n)[^\S\n]*\W*\Z")


def names_trial(text: str, name: str) -> bool:
    """Whether `text` names the trial `name` (not another of its family: "STEP" is not
    "STEP 4")."""
    return re.search(rf"\b{re.escape(name)}\b(?![- ]?\d)", text) is not None


def _citation_hit(text: str, t: Target) -> str | None:
    src = t.source
    low = text.lower()
    for name in sorted(t.trials()):
        if names_trial(text, name):
            return f"trial:{name}"
    if src.doi and src.doi in low:
        return f"doi:{src.doi}"
    if src.pmid and re.search(rf"\b{re.escape(src.pmid)}\b", text):
        return f"pmid:{src.pmid}"
    if src.pmcid and src.pmcid.lower() in low:
        return f"pmcid:{src.pmcid}"
    for reg in t.study.registrations + list(src.registrations):
        if reg in text:
            return f"registration:{reg}"
    cited = citable_title(src.title)
    if cited and cited in low:
        return "title"
    surname = first_surname(src.authors)
    if surname and t.year and re.search(rf"\b{re.escape(surname)}\b.{{0,40}}\b{t.year}\b", text):
        return f"first author and year:{surname} {t.year}"
    return None


def _place_hit(p: ClaimSide | CitingText, t: Target) -> str | None:
    """A citation of the report's volume and first page, printed within a year of its own."""
    mine = t.places()
    for place, year in sorted(p.places.items()):
        if place in mine and abs(mine[place] - year) <= 1:
            return f"volume and page:{place}"
    return None


# Words too common in reports and retellings to tell one study from another
_GENERIC = frozenset(str.split("""
about above after again against among analysis another appear applied assess assessed based
baseline before being between blind blinded changes clinical compared comparison conclusion
conducted control controlled could current daily day days design determine different double
during effect effects efficacy effective either evaluate evaluated evaluation evidence every
experience factors findings following found further group groups health healthy however human
improve improved improvement improvements increase increased individuals investigate
journal level levels major measured medical medicine methods months moreover multicenter
objective observed other outcome outcomes overall participants patients people percent
placebo period phase potential present previous primary published randomised randomized
randomly receive received reduce reduced reduction related report reported research result
results review safety several should showed significant significantly similar since single
small still studies study subjects support suggest therapy these those three through total
treated treatment treatments trial trials under using versus weeks which while within women
without years adults aged abstract background conclusions article author authors
university department hospital center centre volume issue pages copyright rights reserved
their there where would participant week month clinic doctor doctors people persons
double-blind placebo-controlled performed examined investigated demonstrated included
promote promotes promoted promoting enhance enhances enhanced boost boosts boosted benefit
benefits change changes changed score scores symptom symptoms shown shows associated
association associations investigation investigations
"""))
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{4,}")


def _distinctive(text: str) -> Iterator[str]:
    return (w for w in (m.group(0).lower().strip("-") for m in _WORD.finditer(text))
            if len(w) >= 5 and w not in _GENERIC and not w.endswith("ly"))


TITLE_CITED = 60  # characters of a report's title that, found in a page, cite it


def citable_title(title: str | None) -> str | None:
    """The part of a report's title that, quoted in a page, cites it: its first 60
    characters, lower-cased, from its first distinctive word on. A title opening on its
    design ("Randomized, double-blind, placebo-controlled clinical trial for ...") is cited
    by what follows, not by the words every trial report opens with; a title with fewer
    than two distinctive words cites nothing by itself."""
    if not title or len(title) <= 20:
        return None
    low = title.lower()
    first = next((m for m in _WORD.finditer(low) if next(_distinctive(m.group(0)), None)), None)
    if first is None:
        return None
    key = low[first.start():first.start() + TITLE_CITED] if \
        sum(1 for _ in _distinctive(low[:TITLE_CITED])) < 2 else low[:TITLE_CITED]
    return key if len(key) > 20 and sum(1 for _ in _distinctive(key)) >= 2 else None


def key_terms(text: str) -> frozenset[str]:
    """The distinctive words of a text: what was given to whom ("semaglutide", "rosemary",
    "telomere"), the words a retelling shares with the report it retells."""
    return frozenset(_distinctive(text))


TOPIC_GAIN = 0.1  # a page and a report about one thing (`topic`), given a fact of the study agrees
TOPIC_WORDS = 3  # a page's topic: its most repeated distinctive words, up to this many


def topic(text: str) -> frozenset[str]:
    """What a page is about: its most repeated distinctive words (each said at least twice),
    such as the substance and the complaint ("astaxanthin", "wrinkle"). Two pages alike in
    design, size and wording may still be about different things: when neither page names
    the other's topic at all, they are not telling of one study (`topics_apart`)."""
    counts = Counter(w for w in _distinctive(text) if w not in _FIELD_WORDS)
    return frozenset(w for w, n in counts.most_common(TOPIC_WORDS) if n >= 2)


# Words of a whole field or way of use, said often on pages about quite different things
_FIELD_WORDS = frozenset(str.split("""
topical dermatology dermatologist dermatologists cosmetic cosmetics supplement supplements
supplementation dietary nutrition products product skincare
"""))


def topics_apart(topic_a: frozenset[str], terms_a: frozenset[str], topic_b: frozenset[str],
                 terms_b: frozenset[str]) -> bool:
    """Whether two pages are about different things: each has a topic and neither names a
    word of the other's (a news item saying "Botox" for a paper's "botulinum toxin" still
    shares the complaint, which one-sided tests would miss)."""
    return bool(topic_a and topic_b) and topic_a.isdisjoint(terms_b) \
        and topic_b.isdisjoint(terms_a)


_PEOPLE_UNITS = ("participants",)
_TIMES = ("days", "weeks", "hours", "months")
FIGURES_AGAINST_QUOTE = 3  # results told, none agreeing, that outweigh a quoted run
MANY_FIGURES_GAIN = 0.2  # the most that results agreeing beyond the third add
_COMPARED_UNITS = ("%", "days", "weeks", "hours", "mm", "mg", "kg", "months", "studies",
                   "trials", "lb", "cm", "mcg", "IU", "mg/kg", "mg/day", "J/cm2", "hairs", "mmHg",
                   # blood levels: a result a retelling copies as the report printed it
                   "nmol/L", "µmol/L", "mmol/L", "pmol/L", "ng/mL", "pg/mL", "µg/L", "mg/dL",
                   "IU/L")


def compared(q: Quantity) -> bool:
    """A figure tracing compares: a result, dose, length or count of studies, or an age
    range ("aged 66-76 years"), which says whom a study took; a single age does not."""
    return q.unit in _COMPARED_UNITS or (q.unit == "years" and q.low is not None
                                         and q.high is not None)


@dataclass(frozen=True)
class ClaimSide:
    """What a described study or a credited claim says, read once: the features every
    comparison with a target needs, so scoring a candidate is set arithmetic."""

    stub: StudyRecord | None
    text: str
    low: str
    words: frozenset[str]  # the text's maximal runs of word characters
    numbers: list[Quantity]
    people: int | None  # the head count it tells
    treatments: frozenset[str]
    populations: frozenset[str]
    years: frozenset[str]
    terms: frozenset[str]
    # the journals its page's lead names for the studies it goes on to describe ("two studies
    # published in the Archives of Dermatology ... In the second study, ...")
    lead_journals: frozenset[str] = frozenset()
    # its page's topic (`topic`) and distinctive words (`key_terms`), read once per page
    page_topic: frozenset[str] = frozenset()
    page_terms: frozenset[str] = frozenset()
    # its head count told as a bound: ">" ("more than 800 women"), "<" ("nearly 300 women")
    people_bound: str | None = None
    # the figures tracing compares, each with its lookup keys: read once, not per target
    figures: tuple[tuple[Quantity, tuple[tuple[object, ...], ...]], ...] = field(
        init=False, repr=False, compare=False)
    # every key of `figures`: a target holding none of them agrees with none of the figures
    figure_keys: frozenset[tuple[object, ...]] = field(init=False, repr=False, compare=False)
    # the people it names as a study's authors ("Nguyen et al.", "Professor Efrati")
    names: frozenset[str] = field(init=False, repr=False, compare=False)
    # of those, the ones named as a paper's first author ("Nguyen et al.")
    first_authors: frozenset[str] = field(init=False, repr=False, compare=False)
    # its distinctive runs of words (`quoted_runs`): a report's title or sentence it quotes
    grams: frozenset[str] = field(init=False, repr=False, compare=False)
    # the journals it says a study appeared in
    journals: frozenset[str] = field(init=False, repr=False, compare=False)
    # the codes it names a product or strain by ("CGMCC1.3724", "KSM-66"): `product_codes`
    codes: frozenset[str] = field(init=False, repr=False, compare=False)
    # where its citations put a paper in its journal (`volume_pages`): "41:246" -> 2023
    places: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", product_codes(self.text))
        object.__setattr__(self, "places", volume_pages(self.text))
        named = list(_NAMED.finditer(self.text))
        object.__setattr__(self, "names", frozenset(next(g for g in m.groups() if g)
                                                    for m in named))
        # "Nguyen et al.": the name a citation gives its paper's first author
        object.__setattr__(self, "first_authors", frozenset(
            m.group(1) for m in named if m.group(1) and "et al" in m.group(0)))
        object.__setattr__(self, "grams", quoted_runs(self.text, names_out=True))
        object.__setattr__(self, "journals", journals_told(self.text) | self.lead_journals)
        object.__setattr__(self, "figures", tuple(
            (q, tuple(_number_keys(q, near=True))) for q in self.numbers if compared(q)))
        object.__setattr__(self, "figure_keys", frozenset(
            k for _, keys in self.figures for k in keys))


@dataclass
class CitingText:
    """A report's title and the lines of its head that cite, read for the reports they
    name (`cited_report`): only what finding a citation reads, so that reading it, and
    reading it back from a stored pass, costs next to nothing."""

    text: str
    low: str = field(init=False, repr=False, compare=False)
    words: frozenset[str] = field(init=False, repr=False, compare=False)
    places: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.low = self.text.lower()
        self.words = frozenset(_WORDS.findall(self.text))
        self.places = volume_pages(self.text)


def claim_side(stub: StudyRecord | None, text: str, numbers: list[Quantity],
               context: str = "", lead_journals: frozenset[str] = frozenset(),
               page: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
               ) -> ClaimSide:
    """Read a described study (or a bare credited claim) once for scoring. `lead_journals`:
    the journals its page's opening names (`journals_told`), and `page` its page's topic and
    distinctive words (`page_words`), each read once per page."""
    text = reading_view(text)  # words a line break hyphenated, whole
    if stub is not None:
        people = stub.participants
    else:  # a bare claim: the head count it tells, if any
        told = next((q.value for q in numbers if q.unit in _PEOPLE_UNITS
                     and q.role == "participants" and q.value), None)
        people = int(told) if told else None
    bound = next((q.comparator[0] for q in numbers if q.unit in _PEOPLE_UNITS and people
                  and q.value == people and q.comparator and q.comparator[0] in "<>"), None)
    return ClaimSide(
        stub=stub, text=text, low=text.lower(), words=frozenset(_WORDS.findall(text)),
        numbers=numbers, people=people,
        treatments=lx.canonical_treatments(" ".join(filter(None, [
            stub.intervention if stub else None, stub.comparator if stub else None, text]))),
        populations=frozenset(lx.populations(" ".join(filter(None, [
            stub.condition if stub else None, text])))),
        years=frozenset(_YEARS.findall(text)),
        terms=key_terms(f"{text} {context}"),
        lead_journals=lead_journals,
        page_topic=page[0], page_terms=page[1], people_bound=bound,
    )


def page_words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """A page's topic and distinctive words, as `claim_side` and `Target` hold them."""
    return topic(text), key_terms(text)


_STUB_FIELDS = ("participants", "randomized", "within_subject", "duration", "sessions")


def side_to_json(p: ClaimSide) -> dict[str, object]:
    """What scoring reads of a claim side, as JSON: stored with a pass's traces, so the next
    pass reads it instead of the document (`side_from_json` gives back an equal side)."""
    return {
        "stub": None if p.stub is None else {k: getattr(p.stub, k) for k in _STUB_FIELDS},
        "text": p.text,
        "numbers": [[q.unit, q.value, q.low, q.high, q.role] for q in p.numbers],
        "people": p.people,
        "treatments": sorted(p.treatments), "populations": sorted(p.populations),
        "years": sorted(p.years), "terms": sorted(p.terms), "journals": sorted(p.journals),
        "page_topic": sorted(p.page_topic), "page_terms": sorted(p.page_terms),
        "people_bound": p.people_bound,
    }


def side_from_json(d: dict) -> ClaimSide:  # type: ignore[type-arg]
    """The claim side `side_to_json` stored. Its stub carries only what scoring reads of one
    (`_STUB_FIELDS`), and its numbers no places in the text."""
    text = d["text"]
    stub = d["stub"]
    return ClaimSide(
        stub=None if stub is None else StudyRecord(key="", reported_in_own_source=False, **stub),
        text=text, low=text.lower(), words=frozenset(_WORDS.findall(text)),
        numbers=[Quantity(unit=u, start=0, end=0, text="", value=v, low=lo, high=hi, role=r)
                 for u, v, lo, hi, r in d["numbers"]],
        people=d["people"], treatments=frozenset(d["treatments"]),
        populations=frozenset(d["populations"]), years=frozenset(d["years"]),
        terms=frozenset(d["terms"]), lead_journals=frozenset(d.get("journals", ())),
        page_topic=frozenset(d.get("page_topic", ())),
        page_terms=frozenset(d.get("page_terms", ())), people_bound=d.get("people_bound"))


_WORDS = re.compile(r"\w+")
_YEARS = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")

# A person a retelling names as a study's author: "Nguyen et al.", "Efrati and colleagues",
# "Professor Shai Efrati", "lead author Dr. Jane Roe"; the surname is kept
# (a first name has no full stop and an initial is one letter, so "Dr. Olsen. The powder ..."
# names Olsen, not "The")
_SURNAME = r"([A-Z][a-zA-Z'’-]{2,})"
_NAMED = re.compile(
    rf"\b{_SURNAME}(?:'s|’s)?\s+(?:et al\b|and (?:colleagues|co-?workers|(?:his|her|their) "
    rf"(?:team|colleagues)))|"
    rf"\b(?:(?:lead|senior|first|study|principal) (?:author|leader|investigator|researcher)s?,?\s+)?"
    rf"(?:Professor|Prof\.|Dr\.?|Doctor)\s+(?:[A-Z][a-z]+\s+|[A-Z]\.\s*){{0,2}}{_SURNAME}\b|"
    rf"\b(?:lead|senior|first|study|principal) (?:author|leader|investigator|researcher)s?,?\s+"
    rf"(?:[A-Z][a-z]+\s+|[A-Z]\.\s*){{0,2}}{_SURNAME}\b")
NAME_HEAD = 1500  # a report's byline stands within its first characters
QUOTE_HEAD = 3000  # its title and abstract, where a retelling's quotations come from
_RUN = 6  # words in a run
# runs a side must share with a report to quote it: seven words in a row at least, as one
# six-word run is often a phrase of the field ("the severity of glabellar lines")
QUOTED_RUNS = 2
# words of a licence or a page's furniture, which reports share with each other
_FURNITURE = re.compile(r"licen[cs]|copyright|creative|commons|rights?$|reserved|distribut|"
                        r"permit|unrestricted|cookie|subscri")
_FURNITURE_HEADS = frozenset(("lice", "copy", "crea", "comm", "righ", "rese", "dist", "perm",
                              "unre", "cook", "subs"))  # what `_FURNITURE` words start with
# the disclaimer supplement sellers print under their products, which sellers share with
# each other ("These statements have not been evaluated by ... This product is not intended
# to diagnose, treat, cure or prevent any disease.")
_DISCLAIMER = re.compile(r"\bthese statements have not been evaluated by[^.]*\.?|"
                         r"[^.]*\bintended to diagnose,?\s+treat,?\s+cure,?\s+or\s+prevent\s+"
                         r"any\s+disease\.?", re.I)


def quoted_runs(text: str, names_out: bool = False) -> frozenset[str]:
    """The runs of six words of `text` holding three distinctive words (`key_terms`) or
    more: a report's title or sentence retold word for word shares one with the report,
    whereas retellings of the same topic share single words, not runs of them.

    `names_out`: leave out runs whose distinctive words are all capitalised, as a body's or
    a database's name is ("the Centers for Disease Control and Prevention", "the National
    Poison Data System"): reports of many studies print such a name, so sharing it quotes
    none of them."""
    if "diagnose" in text or "evaluated" in text:
        text = _DISCLAIMER.sub(" ", text)
    raw = _WORDS.findall(text)
    words = [w.lower() for w in raw]
    # running counts of distinctive, capitalised distinctive and furniture words, so each
    # run is a few subtractions
    good, caps, bad = [0], [0], [0]
    for w, r in zip(words, raw, strict=True):
        distinctive = len(w) >= 5 and w.isalpha() and w not in _GENERIC
        good.append(good[-1] + distinctive)
        caps.append(caps[-1] + (distinctive and r[0].isupper()))
        bad.append(bad[-1] + (w[:4] in _FURNITURE_HEADS and _FURNITURE.match(w) is not None))
    return frozenset(" ".join(words[i:i + _RUN]) for i in range(len(words) - _RUN + 1)
                     if (n := good[i + _RUN] - good[i]) >= 3 and bad[i + _RUN] == bad[i]
                     and not (names_out and caps[i + _RUN] - caps[i] == n))


_SEARCHED_REVIEWS = frozenset(("systematic_review", "meta_analysis"))
# designs a retelling names that narrow which study it means (a randomized trial counts
# through `randomized`; "unknown" and a registry record say nothing of the study)
_TOLD_DESIGNS = _SEARCHED_REVIEWS | {"non_randomized_trial", "cohort", "case_control",
                                     "case_series", "preclinical"}


def same_design(stub: StudyRecord, st: StudyRecord) -> str | None:
    """The design a described study and a report share, when the retelling names one that
    narrows: "a meta-analysis of 27 studies" of a pooled review, "a cohort of nurses" of a
    cohort. A systematic review and a meta-analysis are one design told two ways (a review
    that pools is called either)."""
    told, reported = stub.design, st.design
    if told not in _TOLD_DESIGNS or reported not in _TOLD_DESIGNS:
        return None
    if told == reported or (told in _SEARCHED_REVIEWS and reported in _SEARCHED_REVIEWS):
        return reported
    return None


def _same_arms(stub: StudyRecord | None, st: StudyRecord) -> str | None:
    """The two treatments a described study compared, when the report's arms are those two
    ("compared rosemary oil with minoxidil" and arms "rosemary oil (n = 50)", "minoxidil 2%")."""
    if stub is None or not stub.intervention or not stub.comparator:
        return None
    arms = [key_terms(a) for a in st.arm_descriptions] or [
        key_terms(a) for a in (st.intervention, st.comparator) if a]
    told = [key_terms(stub.intervention), key_terms(stub.comparator)]
    if len(arms) < 2 or not all(told):
        return None
    first = [i for i, a in enumerate(arms) if a & told[0]]
    second = [i for i, a in enumerate(arms) if a & told[1]]
    if any(i != j for i in first for j in second):
        return f"{stub.intervention} / {stub.comparator}"
    return None


def score(stub: StudyRecord | None, text: str, numbers: list[Quantity], t: Target,
          context: str = "", min_hits: int = 1) -> Match:
    """How well a described study (or a bare credited claim) fits an ingested study.

    `context` is what the retelling says around it (its page's title): the words that
    name the treatment are often there rather than in the sentence."""
    return score_side(claim_side(stub, text, numbers, context), t, min_hits)


def score_side(p: ClaimSide, t: Target, min_hits: int = 1, may_cite: bool = True) -> Match:
    """`score` for a claim side read once; `may_cite` False when the claim side is known to share no
    citation key with the target (see `TargetIndex`)."""
    m = Match(t, 0.0)
    cite = (_citation_hit(p.text, t) or _place_hit(p, t)) if may_cite else None
    if cite:
        m.confidence = 1.0
        m.cited = cite
        m.matched_on.append(cite)
    st = t.study
    stub = p.stub
    s = 0.0
    if stub is not None:
        if stub.within_subject:
            if st.within_subject:
                s += 0.2
                m.matched_on.append("within_subject")
            else:
                s -= 0.2
                m.mismatches.append("design: split-face comparison vs parallel groups")
        if stub.randomized and st.randomized:
            s += 0.1
            m.matched_on.append("randomized")
        if design := same_design(stub, st):
            s += 0.1
            m.matched_on.append(f"design:{design}")
        s += _compare_people(m, p.people, t, 0.3, 0.2, p.people_bound)
        if stub.duration and st.duration and stub.duration != st.duration \
                and same_length(stub.duration, st.duration):
            m.matched_on.append(f"duration:{st.duration} (told as {stub.duration})")
            s += 0.15
        else:
            s += _compare(m, "duration", stub.duration, st.duration, 0.15, 0.1)
        s += _compare(m, "sessions", stub.sessions, st.sessions, 0.1, 0.0)
    else:
        s += _compare_people(m, p.people, t, 0.3, 0.1, p.people_bound)
    treat = p.treatments
    if treat and t.treatments:
        shared = treat & t.treatments
        if shared:
            s += 0.2
            m.matched_on.append("intervention:" + ",".join(sorted(shared)))
        else:
            s -= 0.3
            m.mismatches.append(f"intervention: {', '.join(sorted(treat))} vs "
                                f"{', '.join(sorted(t.treatments))}")
    pops = p.populations
    if pops and t.populations:
        if pops & t.populations:
            s += 0.1
            m.matched_on.append("condition:" + ",".join(sorted(pops & t.populations)))
        else:
            s -= 0.1
            m.mismatches.append(f"condition: {', '.join(sorted(pops))} vs "
                                f"{', '.join(sorted(t.populations))}")
    years = p.years
    if years and t.year:
        if t.year in years:
            s += 0.15
            m.matched_on.append(f"year:{t.year}")
        else:
            s -= 0.1
            m.mismatches.append(f"year: {', '.join(sorted(years))} vs {t.year}")
    if not cite and topics_apart(p.page_topic, p.page_terms, t.page_topic, t.page_terms):
        s -= 0.3
        m.mismatches.append(f"topic: {', '.join(sorted(p.page_topic))} vs "
                            f"{', '.join(sorted(t.page_topic))}")
    shared_terms = p.terms & t.terms
    if shared_terms:
        s += _terms_gain(len(shared_terms))
        m.matched_on.append("terms:" + ",".join(sorted(shared_terms)[:4]))
    arms = _same_arms(stub, st)
    if arms:
        s += 0.2
        m.matched_on.append(f"arms:{arms}")
    authors = sorted(n for n in p.names if t.names_person(n)
                     and (n not in p.first_authors or t.may_lead(n)))
    if authors:
        s += 0.25
        m.matched_on.append("author:" + ",".join(authors))
    journal = next((j for j in sorted(p.journals) if any(same_journal(j, mine)
                                                         for mine in t.journals())), None)
    if journal:  # a journal narrows more than a year does: many studies share a year
        s += 0.3
        m.matched_on.append(f"journal:{journal}")
    code = min(p.codes & t.codes(), default=None)
    if code:  # a product's code narrows like a journal: few studies test one strain
        s += 0.2
        m.matched_on.append(f"product:{code}")
    quoted = p.grams & t.head_grams()
    if quoted:
        # one six-word run is often a phrase of the field ("the apnea hypopnea index"):
        # it counts half, and a quotation is seven words in a row at least
        s += 0.3 if len(quoted) >= QUOTED_RUNS else 0.15
        m.matched_on.append(f"{'quoted' if len(quoted) >= QUOTED_RUNS else 'phrase'}:"
                            f"{min(quoted)}")
    hits = [] if t.figures_by_key().keys().isdisjoint(p.figure_keys) else [
        q for q, keys in p.figures if t.agrees_under(q, keys)]
    figures = 0
    if hits:
        # each figure once, and not the study's length again when its duration already agreed
        told_length = stub.duration if stub is not None and any(
            x.startswith("duration:") for x in m.matched_on) else None
        distinct = {(q.value, q.low, q.high, q.unit) for q in hits if _fmt(q) != told_length}
        s += min(0.3, 0.1 * len(distinct))
        figures = len(distinct)
        # beyond three, each further result in common still counts a little: a page copying
        # a report's table of results agrees with it figure after figure (times aside, which
        # many studies share)
        results = {(q.value, q.low, q.high, q.unit) for q in hits if q.unit not in _TIMES}
        s += min(MANY_FIGURES_GAIN, 0.05 * max(0, len(results) - 3))
        m.matched_on.append("numbers:" + ",".join(_fmt(q) for q in hits))
    common_topic = p.page_topic & t.page_topic
    if common_topic and (hits or any(x.startswith(("participants:", "duration:"))
                                     for x in m.matched_on)) \
            and not any(x.startswith("participants:") for x in m.mismatches):
        # both pages are about the same thing (their most repeated words), and a fact of the
        # study beyond its year agrees with none against it
        s += TOPIC_GAIN
        m.matched_on.append("topic:" + ",".join(sorted(common_topic)))
    if (dose := _other_dose(p, t)) is not None:
        s -= 0.1
        m.mismatches.append(dose)
    if not cite:
        # shared words and a design say what a study is about, not which study it is:
        # without a citation, a link also needs a head count, a number or a year in common
        # (a whole page offers many figures, so there two must agree for one to count)
        # a result or dose agreeing counts whole; a time such as "12 weeks" is shared by
        # too many studies to count for more than half
        weight = sum(0.5 if q.unit in ("days", "weeks", "hours", "months") else 1.0
                     for q in {(q.value, q.low, q.high, q.unit): q for q in hits}.values())
        # a quoted run is the field's wording, not this study's, when the side tells several
        # results and none of them is the report's
        told = sum(1 for q, _ in p.figures if q.unit not in _TIMES and q.unit in _COMPARED_UNITS)
        proofs = ("participants", "year", "duration", "author", "journal", "product") + (
            ("quoted",) if hits or told < FIGURES_AGAINST_QUOTE else ())
        factual = any(x.split(":")[0] in proofs for x in m.matched_on) or weight >= min_hits
        # the head counts differ by more than who was counted when (`_compare_people` records
        # no other difference of them)
        far_count = not near_count(p.people, st.participants) and any(
            x.startswith("participants:") for x in m.mismatches)
        if far_count and not hits and not any(x.startswith(_FACTS_OF_THE_STUDY)
                                                for x in m.matched_on) \
                and len({x.split(":")[0] for x in m.matched_on} & _NAMES_OF_THE_REPORT) < 2:
            # a head count far from the report's is a sign of another study: a journal, a
            # product or an author in common does not outweigh it alone, unless a fact of the
            # study itself (a result, its year, length, quoted words, trial name) agrees too
            factual = False
        m.confidence = max(0.0, min(1.0, s)) if factual else min(s, THRESHOLD - 0.05)
    m.strength = s + 0.1 * figures + (1.0 if cite else 0.0)
    return m


_FACTS_OF_THE_STUDY = ("year:", "duration:", "quoted:", "trial:")
_NAMES_OF_THE_REPORT = {"journal", "author", "product"}

_DOSES = ("mg", "mg/day")  # a dose, once or per day (as "250 mg" and "250 mg/d" are told)


def _other_dose(p: ClaimSide, t: Target) -> str | None:
    """The mismatch when the side tells doses in milligrams and the report gives doses, none
    of them the side's: of two reports of one substance, the one given at the dose told is
    likelier the one retold (a misquoted dose still counts against a match only a little)."""
    told = {q.value for q, _ in p.figures if q.unit in _DOSES and q.value is not None}
    if not told:
        return None
    theirs = {side.q.value for side in t.numbers_side
              if side.q.unit in _DOSES and side.q.value is not None}
    if not theirs or not told.isdisjoint(theirs):
        return None
    return (f"dose: {', '.join(f'{v:g} mg' for v in sorted(told))} vs "
            f"{', '.join(f'{v:g} mg' for v in sorted(theirs))}")


def _terms_gain(shared: int) -> float:
    """What distinctive words in common add: 0.15, 0.25, 0.3 for one to three, and a little
    for each further one (up to MANY_TERMS_GAIN more), so that a retelling sharing a dozen of a
    report's words outranks one sharing the few words every study of its field uses."""
    if shared < 3:
        return (0.0, 0.15, 0.25)[shared]
    return 0.3 + min(MANY_TERMS_GAIN, 0.02 * (shared - 3))


MANY_TERMS_GAIN = 0.1


def ceiling(p: ClaimSide, t: Target) -> float:
    """An upper bound of `score_side(p, t, may_cite=False).confidence`, from equality and
    set tests alone: each fact counts as `score_side` counts it, the shared terms by their
    number, and the figures in full where any of their lookup keys is shared. A
    candidate whose ceiling is below the threshold, or below the best match found so far,
    cannot change the outcome and is not scored."""
    st = t.study
    stub = p.stub
    s = 0.0
    if p.people and st.participants:  # as `_compare_people`
        s += 0.3 if p.people == st.participants or about_the_same_count(
            p.people, st.participants) or within_bound(
                p.people, p.people_bound, st.participants) \
            else 0.15 if p.people in t.counts() \
            else 0.0 if near_count(p.people, st.participants) \
            else -0.2 if stub is not None else -0.1
    elif p.people and p.people in t.counts():  # as `_compare_people`
        s += 0.3
    if stub is not None:
        if stub.within_subject:
            s += 0.2 if st.within_subject else -0.2
        if stub.randomized and st.randomized:
            s += 0.1
        if same_design(stub, st):
            s += 0.1
        if stub.duration and st.duration:
            s += 0.15 if same_length(stub.duration, st.duration) else -0.1
        if stub.sessions and st.sessions and stub.sessions == st.sessions:
            s += 0.1
    if p.treatments and t.treatments:
        s += 0.2 if not p.treatments.isdisjoint(t.treatments) else -0.3
    if p.populations and t.populations:
        s += 0.1 if not p.populations.isdisjoint(t.populations) else -0.1
    if p.years and t.year:
        s += 0.15 if t.year in p.years else -0.1
    if not p.page_topic.isdisjoint(t.page_topic):
        s += TOPIC_GAIN
    shared = len(p.terms & t.terms)
    if shared:
        s += _terms_gain(shared)
    if p.figures and not t.figures_by_key().keys().isdisjoint(p.figure_keys):
        results = {(q.value, q.low, q.high, q.unit) for q, _ in p.figures if q.unit not in _TIMES}
        s += 0.3 + min(MANY_FIGURES_GAIN, 0.05 * max(0, len(results) - 3))
    if stub is not None and stub.intervention and stub.comparator:
        s += 0.2
    if p.names:
        s += 0.25
    if p.grams and not p.grams.isdisjoint(t.head_grams()):
        s += 0.3
    if p.journals and t.journals():
        s += 0.3
    if p.codes and not p.codes.isdisjoint(t.codes()):
        s += 0.2
    return max(0.0, min(1.0, s))


SLACK = 1e-9  # sums of the same gains in another order may differ in the last bit


def best_match(stub: StudyRecord | None, text: str, numbers: list[Quantity],
               targets: list[Target] | TargetIndex, exclude_source: int, context: str = "",
               min_hits: int = 1, seen: set[int] | None = None) -> Match | None:
    """The best-fitting target above the threshold (ties broken by location, not by id).

    Given a `TargetIndex`, only the targets it names as candidates are scored: those
    that can pass the threshold at all. The outcome is the same as scoring every one.
    `seen` collects the sources of the targets scored: a target not among them could not
    change the outcome."""
    return best_of(claim_side(stub, text, numbers, context), targets, exclude_source, min_hits,
                   seen)


def candidate_pool(p: ClaimSide, targets: list[Target] | TargetIndex,
                   min_hits: int = 1) -> list[tuple[Target, bool]]:
    """The targets to score for `p`, each with whether it may be cited: a `TargetIndex`'s
    candidates, or every target of a list."""
    if isinstance(targets, TargetIndex):
        return targets.candidates(p, min_hits)
    return [(t, True) for t in targets]


def best_of(p: ClaimSide, targets: list[Target] | TargetIndex, exclude_source: int,
            min_hits: int = 1, seen: set[int] | None = None) -> Match | None:
    """`best_match` for a claim side read once."""
    pool = candidate_pool(p, targets, min_hits)
    if seen is not None:
        seen.update(t.source.id for t, _ in pool)
    bounded = isinstance(targets, TargetIndex)  # a list is scored in full, to compare with
    best: Match | None = None
    for t, may_cite in pool:
        if t.source.id == exclude_source:
            continue
        if bounded and not may_cite and ceiling(p, t) < max(
                THRESHOLD, best.confidence if best else 0.0) - SLACK:
            continue
        m = score_side(p, t, min_hits, may_cite)
        if m.confidence < THRESHOLD:
            continue
        if best is None or outranks(m, best):
            best = m
    return best


def cited_report(c: CitingText, targets: list[Target] | TargetIndex, exclude_source: int,
                 ) -> list[Match]:
    """The reports `c` names (by DOI, PMID, title, trial name, first author and year, or
    volume and page), each as a certain match, in a fixed order. Facts never make one: this
    reads which reports a text names, not which it is like. A text naming more than
    `MOST_CITED` reports is a list of references (or one of many copies alike in title):
    which of them it tells of, its citations cannot say, and none is given."""
    pool = [targets.targets[i] for i in sorted(targets.cited(c))] \
        if isinstance(targets, TargetIndex) else targets
    named: list[Match] = []
    for t in pool:
        if t.source.id != exclude_source and (hit := _citation_hit(c.text, t) or _place_hit(c, t)):
            named.append(Match(t, 1.0, [hit], cited=hit))
            if len(named) > MOST_CITED:
                return []
    return sorted(named, key=lambda m: _rank(m.target))


MOST_CITED = 3


def outranks(m: Match, other: Match) -> bool:
    """Whether match `m` beats `other`: higher confidence, then more evidence (`strength`),
    then the location's rank (so the winner never depends on ingestion order)."""
    return (m.confidence, m.strength, -_rank(m.target)) > \
        (other.confidence, other.strength, -_rank(other.target))


class TargetIndex:
    """The targets under the keys a claim side must share with one to pass the threshold.

    A target scores at or above THRESHOLD only with a citation (DOI, PMID, PMCID,
    registration, title, first author and year, volume and first page) or, without one, with a head count, a
    year, a length or one of its compared figures in common (`score_side`: short of
    those, confidence stays below the threshold whatever else agrees). So a claim side is
    scored against the targets sharing one of those keys, and never against the rest;
    keys that cannot be indexed exactly put their target among every claim side's candidates."""

    def __init__(self, targets: list[Target]):
        self.targets = targets
        self.always: set[int] = set()
        # last characters -> key -> targets (copies of one paper share their keys)
        self.in_low: dict[str, dict[str, list[int]]] = {}
        self.in_text: dict[str, dict[str, list[int]]] = {}
        self.low_keys: list[tuple[str, int]] = []  # the keys of `in_low`, and of `in_text`
        self.text_keys: list[tuple[str, int]] = []
        self.by_word: dict[str, list[tuple[int, str | None]]] = {}  # word -> target, with year
        self.by_fact: dict[tuple[object, ...], list[int]] = {}
        self._by_gram: dict[str, list[int]] | None = None  # built when first asked
        self._by_name: dict[str, list[int]] = {}  # a surname -> the reports naming it
        self.by_place: dict[str, list[int]] = {}  # "volume:first page" -> the reports there
        for i, t in enumerate(targets):
            self._add_citations(i, t)
            st = t.study
            facts: list[tuple[object, ...]] = []
            if t.year:
                facts.append(("year", t.year))
            if st.participants:
                facts.append(("people", st.participants))
                # told in round figures (`about_the_same_count`)
                if st.participants >= 1000:
                    facts += [("people", _rounded(st.participants, g)) for g in (100, 1000)]
                else:
                    low = st.participants // 50 * 50
                    facts += [("people", r) for r in (low, low + 50)
                              if about_the_same_count(r, st.participants)]
                # told as a bound (`within_bound`)
                facts += [("people", r) for r in bounds_holding(st.participants)]
            # a group the report counts (`_compare_people`): its count, or one arm's told as
            # the whole trial's
            facts += [("people", n) for n in sorted(t.counts())]
            facts += length_keys(st.duration)
            facts += [("journal", journal_key(j)) for j in t.journals()]
            facts += [("product", c) for c in sorted(t.codes())]
            facts += [k for side in t.numbers_side if compared(side.q)
                      for k in _number_keys(side.q)]
            for k in dict.fromkeys(facts):
                self.by_fact.setdefault(k, []).append(i)

    def _add_citations(self, i: int, t: Target) -> None:
        src = t.source
        lows = [src.doi or "", (src.pmcid or "").lower()]
        if cited := citable_title(src.title):
            lows.append(cited)
        for key in filter(None, lows):
            self._substring(self.in_low, key, i)
        for reg in t.study.registrations + list(src.registrations) + sorted(t.trials()):
            self._substring(self.in_text, reg, i)
        if src.pmid:
            self._word(src.pmid, i, None)
        for place in t.places():
            self.by_place.setdefault(place, []).append(i)
        if src.authors and t.year:
            surname = first_surname(src.authors)
            if not surname:
                self.always.add(i)
                return
            if _WORDS.fullmatch(t.year):
                self._word(surname, i, t.year)
            else:
                self.always.add(i)

    def _substring(self, table: dict[str, dict[str, list[int]]], key: str, i: int) -> None:
        if len(key) < _GRAM:
            self.always.add(i)
        else:
            # by its last characters: keys alike in their first ("10.1" of every DOI, "the "
            # of titles) would share one long list; a text holding a key holds all its parts
            table.setdefault(key[-_GRAM:], {}).setdefault(key, []).append(i)
            (self.low_keys if table is self.in_low else self.text_keys).append((key, i))

    def _word(self, word: str, i: int, year: str | None) -> None:
        # `\bword\b` finds a word made of word characters only as a whole run of them
        if _WORDS.fullmatch(word):
            self.by_word.setdefault(word, []).append((i, year))
        else:
            self.always.add(i)

    def cited(self, p: ClaimSide | CitingText) -> set[int]:
        """The targets `p` may cite: those sharing a citation key with it (DOI, PMCID,
        title, registration or trial name, PMID, first author with year, volume and page)."""
        cited = set(self.always)
        for text, table, keys_ in ((p.low, self.in_low, self.low_keys),
                                   (p.text, self.in_text, self.text_keys)):
            if len(keys_) <= _FEW_KEYS:  # a few keys (a pass's new studies): each looked for
                cited.update(i for key, i in keys_ if key in text)
            else:  # many: only those whose last characters the text has
                if len(table) < len(text):  # fewer endings than the text has places
                    buckets = [by_key for gram, by_key in table.items() if gram in text]
                else:
                    buckets = [table[g] for g in {text[k:k + _GRAM]
                                                  for k in range(len(text) - _GRAM + 1)}
                               if g in table]
                for by_key in buckets:
                    for key, ids in by_key.items():
                        if key in text:
                            cited.update(ids)
        words = p.words
        shared = [w for w in words if w in self.by_word] if len(words) <= len(self.by_word) \
            else [w for w in self.by_word if w in words]
        for w in shared:
            cited.update(i for i, year in self.by_word[w] if year is None or year in words)
        for place in p.places:
            cited.update(self.by_place.get(place, ()))
        return cited

    def candidates(self, p: ClaimSide, min_hits: int = 1) -> list[tuple[Target, bool]]:
        """The targets that may reach the threshold for `p`, in the order given, each with
        whether it may be cited (sharing no citation key, it cannot be)."""
        if min_hits <= 0:  # then every target counts as sharing a fact
            return [(t, True) for t in self.targets]
        cited = self.cited(p)
        found = set(cited)
        keys: list[tuple[object, ...]] = [("year", y) for y in p.years]
        if p.people:
            keys.append(("people", p.people))
        if p.stub is not None:
            keys += length_keys(p.stub.duration)
        keys += [("journal", journal_key(j)) for j in p.journals]
        keys += [("product", c) for c in p.codes]
        for q in p.numbers:
            if compared(q):
                keys += _number_keys(q, near=True)
        for k in keys:
            found.update(self.by_fact.get(k, ()))
        for name in p.names:
            if name not in self._by_name:
                self._by_name[name] = [i for i, t in enumerate(self.targets)
                                       if t.names_person(name)]
            found.update(self._by_name[name])
        if p.grams:
            by_gram = self.by_gram()
            for g in p.grams:
                found.update(by_gram.get(g, ()))
        return [(self.targets[i], i in cited) for i in sorted(found)]

    def by_gram(self) -> dict[str, list[int]]:
        """Each run of a report's head (`head_grams`) -> the reports holding it, built once."""
        if self._by_gram is None:
            self._by_gram = {}
            for i, t in enumerate(self.targets):
                for g in t.head_grams():
                    self._by_gram.setdefault(g, []).append(i)
        return self._by_gram

    def copies_of(self, i: int) -> list[tuple[int, int]]:
        """The other reports whose heads are copies of target `i`'s, each with the runs they
        share (see `is_copy`) and telling the same findings: a seller's page reprinting a
        paper's abstract, a repository's copy of it."""
        mine = self.targets[i]
        grams = mine.head_grams()
        by_gram = self.by_gram()
        shared: Counter[int] = Counter()
        for g in grams:
            holders = by_gram.get(g, ())
            if len(holders) <= COPY_SHARED_BY:
                shared.update(j for j in holders if j != i)
        return [(j, n) for j, n in sorted(shared.items())
                if self.targets[j].source.id != mine.source.id
                and is_copy(n, len(grams), len(self.targets[j].head_grams()))
                and same_findings(mine, self.targets[j])]


# A report's head repeated by another: at least this many runs in common, and at least this
# share of the smaller head's runs. Two reports of one field share a few runs (a group's
# methods sentence, a scale's name) and a small share of their heads; a reprint of an
# abstract shares most of it. A run more reports hold than `COPY_SHARED_BY` is a phrase
# of the field or a big site's furniture (and counting it would cost more than it tells);
# pages of a smaller site share their menus too, so the two must also tell the same
# findings (`same_findings`).
COPY_RUNS = 12
COPY_SHARE = 0.25
COPY_SHARED_BY = 50
COPY_FIGURES = 3


def same_findings(a: Target, b: Target) -> bool:
    """Whether two reports tell the same study's facts: the same head count, or three
    figures in common. Pages of one site share its menus and notices word for word, and
    papers of one group their methods; a copy of a report repeats its results too."""
    if a.study.participants and a.study.participants == b.study.participants:
        return True
    return len(_figures(a) & _figures(b)) >= COPY_FIGURES


def _figures(t: Target) -> set[tuple[object, ...]]:
    return {(s.q.unit, s.q.value, s.q.low, s.q.high) for s in t.numbers_side}


def is_copy(shared: int, runs: int, other_runs: int) -> bool:
    """Whether two reports' heads sharing `shared` rare runs (of `runs` and `other_runs`)
    are one text, copied."""
    return shared >= COPY_RUNS and shared >= COPY_SHARE * min(runs, other_runs)


_GRAM = 4
_FEW_KEYS = 64  # up to this many citation keys, looking each up beats listing a text's grams


def _number_keys(q: Quantity, near: bool = False) -> list[tuple[object, ...]]:
    """Keys under which `same_number` agreement is found: a value by its 1e-5 bucket (and,
    looking up, the buckets beside it, as values within 1e-6 may straddle two), a range
    as it is. A value that is not finite agrees with nothing."""
    unit = _unit(q)
    if q.value is None:
        return [("range", unit, q.low, q.high)]
    if not math.isfinite(q.value):
        return []
    b = math.floor((abs(q.value) if unit == "%" else q.value) * 1e5)  # as `same_figure`
    return [("value", unit, b + d) for d in ((-1, 0, 1) if near else (0,))]


def _rank(t: Target) -> int:
    # stable across ingestion orders: derived from the document's location, not its id
    return _location_rank(t.source.location)


@lru_cache(maxsize=1 << 16)
def _location_rank(location: str) -> int:
    """`_rank` of a location, computed once: every comparison of two matches asks for it."""
    return sum(ord(ch) * (i + 1) for i, ch in enumerate(location[-60:]))


def describe_claim_numbers(c: Claim) -> list[Quantity]:
    return [q for q in c.numbers if q.unit]


def _compare_people(m: Match, told: int | None, t: Target, gain: float, loss: float,
                    bound: str | None = None) -> float:
    """`_compare` of head counts, where a count told in round figures agrees with the
    count it rounds (`about_the_same_count`) or, told as a bound ("more than 800 women"),
    with a count within it (`within_bound`), and, for a report giving no head count of
    its own (it tells of several studies), one of the groups it counts agreeing is the
    report's count agreeing."""
    reported = t.study.participants
    if reported is None:
        if told and told in t.counts():
            m.matched_on.append(f"participants:{told} (a group the report counts)")
            return gain
        return 0.0
    if about_the_same_count(told, reported) and told != reported:
        m.matched_on.append(f"participants:~{reported}")
        return gain
    if within_bound(told, bound, reported):
        m.matched_on.append(f"participants:{reported} (told as {bound}{told})")
        return gain
    if near_count(told, reported):
        # "50 women" of a report that randomized 51: who was counted (randomized, treated,
        # analysed) differs by a person or two; a discrepancy to flag, not another study
        m.mismatches.append(f"participants: {told} vs {reported}")
        return 0.0
    if told and told != reported and told in t.counts():
        # one arm's count told as the whole trial's ("34 men" of two arms of 34): the page
        # misquotes this report (a check flags it), it does not describe another
        m.matched_on.append(f"participants:{told} (one of the report's groups)")
        return gain / 2
    return _compare(m, "participants", told, reported, gain, loss)


def _compare(m: Match, name: str, claimed: object, reported: object, gain: float,
             loss: float) -> float:
    """Score one fact both sides state: `gain` when they agree, `-loss` (and a recorded
    mismatch) when they differ, nothing when either side is silent."""
    if not claimed or not reported:
        return 0.0
    if claimed == reported:
        m.matched_on.append(f"{name}:{reported}")
        return gain
    m.mismatches.append(f"{name}: {claimed} vs {reported}")
    return -loss
