"""`check`: what does the evidence base say about a free-text statement?

A statement is read into its parts: the treatments it is about, the outcome
(efficacy, recovery, safety, satisfaction), the population, its numbers and
their direction, and, as a separate question, a regulatory status. A claim
bears on the statement only when it names the same treatments (its study's
title may name them for it), the same outcome and a compatible population;
a regulatory note never answers a question about efficacy, nor a trial's
figure one about approval.

Verdicts, each naming the claims it rests on and why:

- `supported`: the best evidence (a claim of randomized, non-randomized or
  review standing that no flag marks as a distorted retelling) matches the
  statement and agrees, numbers included;
- `contradicted`: the best evidence matches and disagrees, or its numbers differ;
- `misquoted`: the statement's numbers come from a retelling whose numbers do
  not match the study it retells;
- `unsupported`: only marketing, testimonials or untraced claims say it;
- `no_evidence`: nothing in the base bears on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from evidence import search as sx
from evidence.extract import lexicon as lx
from evidence.extract.claims import regulatory_status
from evidence.extract.lexicon import agency_in
from evidence.extract.numbers import find_quantities
from evidence.models import MISQUOTE_FLAGS

EXIT = {"supported": 0, "contradicted": 1, "misquoted": 1, "unsupported": 1, "no_evidence": 2}
VERDICTS = tuple(EXIT)
STRONG = sx.STRONG_CLASSES
# Flags that mark a claim as a retelling that does not say what its study says
NUMBER_DISTORTION = set(MISQUOTE_FLAGS)
DISTORTION = {*NUMBER_DISTORTION, "outcome_changed", "population_changed", "design_upgraded"}

OUTCOME_WORDS: dict[str, re.Pattern[str]] = {
    "safety": re.compile(r"\b(side[- ]effects?|adverse (events?|effects?|reactions?)|safe(ty|ly)?|"
                         r"complications?|risks?|harm(ful|s)?)\b", re.I),
    "recovery": re.compile(r"\b(downtime|recovery|recover|heal(ing)? time|back at work)\b", re.I),
    "satisfaction": re.compile(r"\bsatisf(ied|action)\b", re.I),
}
# What a claim reports as a side effect that happened ("erythema occurred", "redness")
HARM_SEEN = re.compile(r"\b(erythema|oedema|edema|redness|swelling|bruising|pain|infections?|"
                       r"irritation|hypersensitivity|dryness|adverse (events?|effects?)|"
                       r"side[- ]effects?)\b", re.I)
SERIOUS = re.compile(r"\b(serious|severe|major)\b", re.I)
WORSE = re.compile(r"\b(worsens?|worsened|worse|ineffective|no (benefit|effect|improvement|"
                   r"difference)|did not (improve|reduce|differ)|does not (improve|reduce|work)|"
                   r"doesn't (improve|reduce|work)|not effective)\b", re.I)
COMPARATIVE = re.compile(r"\b(outperform\w*|beats?|superior to)\b|"
                         r"\b(better|greater|larger|more|faster|higher)\b[^.;]{0,80}?\bthan\b", re.I)
GAIN = re.compile(r"\b(improv\w*|reduc\w*|benefits?|effective|shorten\w*|faster|better|"
                  r"outperform\w*|smoother|fewer)\b", re.I)
DENIED_STATUS = re.compile(r"\b(not|never|no\b[^.]{0,40}\bis)\s+(\w+[- ])?(approved|cleared|"
                           r"authori[sz]ed|licen[sc]ed)\b", re.I)
POPULATION_GROUPS: dict[str, tuple[str, ...]] = {
    "acne scars": ("acne scars", "atrophic acne scars", "atrophic scars", "post-acne scarring",
                   "icepick scars", "boxcar scars", "rolling scars"),
    "surgical scars": ("postoperative facial scars", "postoperative scars", "surgical scars",
                       "post-surgical"),
    "wounds": ("diabetic wound", "diabetic wounds", "chronic wounds", "wounds"),
    "raised scars": ("hypertrophic scars", "keloids"),
}
TIME_IN_DAYS = {"hours": 1 / 24, "hour": 1 / 24, "days": 1.0, "day": 1.0, "weeks": 7.0,
                "week": 7.0, "months": 30.0, "month": 30.0}


@dataclass
class Verdict:
    verdict: str  # one of VERDICTS
    summary: str
    supporting: list[dict[str, Any]] = field(default_factory=list)
    contradicting: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    parts: dict[str, Any] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return EXIT[self.verdict]

    @property
    def claims(self) -> list[int]:
        """The ids of the claims the verdict names, supporting first."""
        return [r["id"] for r in self.supporting + self.contradicting]

    def to_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "exit_code": self.exit_code, "summary": self.summary,
                "claims": self.claims, "reasons": self.reasons, "statement": self.parts,
                "supporting": self.supporting, "contradicting": self.contradicting}


# --- the statement's parts -------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    """A figure as an interval in a comparable unit (time in days)."""

    text: str
    unit: str
    low: float
    high: float


@dataclass(frozen=True)
class Parts:
    text: str
    treatments: frozenset[str]
    outcome: str  # efficacy | recovery | safety | satisfaction
    measures: frozenset[str]  # named outcome measures (texture, pigmentation, ...)
    populations: frozenset[str]
    numbers: tuple[Number, ...]
    negated: bool  # "has no side effects", "does not improve"
    comparison: tuple[frozenset[str], frozenset[str]] | None  # (better, worse)
    regulatory: str | None  # approved | not_approved, asked separately

    def to_json(self) -> dict[str, Any]:
        return {"treatments": sorted(self.treatments), "outcome": self.outcome,
                "measures": sorted(self.measures), "populations": sorted(self.populations),
                "numbers": [n.text for n in self.numbers], "negated": self.negated,
                "better": sorted(self.comparison[0]) if self.comparison else None,
                "than": sorted(self.comparison[1]) if self.comparison else None,
                "regulatory_status": self.regulatory}


def numbers_in(text: str) -> tuple[Number, ...]:
    """Percentages, counts and durations, as intervals; sample sizes and p-values left out."""
    out = []
    for q in find_quantities(text):
        if q.role in ("participants", "p_value", "ci") or q.unit in (None, "participants"):
            continue
        low = q.value if q.value is not None else q.low
        high = q.value if q.value is not None else (q.high if q.high is not None else q.low)
        if low is None or high is None:
            continue
        unit, scale = (("days", TIME_IN_DAYS[q.unit]) if q.unit in TIME_IN_DAYS else (q.unit, 1.0))
        out.append(Number(q.text, unit, low * scale, high * scale))
    return tuple(out)


def outcome_of(text: str, kind: str | None = None) -> str:
    if OUTCOME_WORDS["satisfaction"].search(text):
        return "satisfaction"
    if kind == "efficacy" and GAIN.search(text):
        return "efficacy"  # "a greater improvement, with no serious adverse events"
    for name, rx in OUTCOME_WORDS.items():
        if rx.search(text):
            return name
    if HARM_SEEN.search(text) and not GAIN.search(text):
        return "safety"  # "causes redness", "erythema occurred"
    if kind in ("safety", "recovery"):
        return kind
    return "efficacy"


SAME_MEASURE = {"redness": "erythema", "scar reduction": "scar improvement"}


def measures_in(text: str) -> frozenset[str]:
    """The outcome measures a text names, synonyms folded, downtime left to the outcome."""
    return frozenset(SAME_MEASURE.get(m, m) for m in lx.outcomes(text)) - {
        "downtime", "recovery", "healing"}


def population_groups(text: str) -> frozenset[str]:
    """The specific populations a text names; "scars" alone fits every scar group."""
    found = set(lx.populations(text))
    return frozenset(g for g, members in POPULATION_GROUPS.items() if found & set(members))


def sides(text: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """A comparison's winner and loser: the treatments before and after "better than"."""
    m = COMPARATIVE.search(text)
    if not m:
        return None
    win, lose = treatments_of(text[:m.start()]), treatments_of(text[m.end():])
    return (win, lose) if win and lose and win != lose else None


_STANCE = {"approved": "approved", "cleared": "approved", "not_approved": "not_approved",
           "prohibited": "not_approved"}


def treatments_of(text: str) -> frozenset[str]:
    """Treatment groups ("PRP + microneedling"), or the treatments named when no group fits."""
    return lx.canonical_treatments(text) or frozenset(
        m.group(1).lower() for m in lx.treatments(text))


def parts_of(statement: str) -> Parts:
    treatments = treatments_of(statement)
    return Parts(
        text=statement, treatments=treatments, outcome=outcome_of(statement),
        measures=measures_in(statement),
        populations=population_groups(statement), numbers=numbers_in(statement),
        negated=sx.negated(statement) or bool(WORSE.search(statement)),
        comparison=sides(statement), regulatory=_regulatory_stance(statement))


def _regulatory_stance(statement: str) -> str | None:
    stance = _STANCE.get(regulatory_status(statement) or "")
    if stance == "approved" and DENIED_STATUS.search(statement):
        return "not_approved"  # "exosomes are not FDA approved"
    return stance


# --- claims against the parts -------------------------------------------------------------


@dataclass
class Candidate:
    row: dict[str, Any]
    context: str  # the title of the study's document, which names what the claim leaves out
    study: dict[str, Any] | None

    @property
    def text(self) -> str:
        return " ".join(filter(None, [self.row["text"], self.row.get("subject")]))

    @property
    def strong(self) -> bool:
        return self.row["evidence_class"] in STRONG and not (set(self.row["flags"]) & DISTORTION)

    @property
    def weak(self) -> bool:
        return self.row["evidence_class"] not in STRONG


def _treatments(c: Candidate) -> frozenset[str]:
    return treatments_of(c.text) | treatments_of(c.context)


def _populations(c: Candidate) -> frozenset[str]:
    return population_groups(c.text) or population_groups(c.context)


def bears_on(p: Parts, c: Candidate, *, loose: bool = False) -> bool:
    """Same treatments, same outcome, a compatible population, and not a regulatory note.

    `loose`: one of the statement's treatments is enough (for what weaker sources say,
    which seldom repeat the setting: "exosome gel shortens downtime" after a laser)."""
    if c.row["kind"] == "regulatory":
        return False
    named = _treatments(c)
    if p.treatments and not (p.treatments <= named or loose and p.treatments & named):
        return False
    if not p.treatments and sum(sx.mentions(c.text, t) for t in sx.terms(p.text)) < 2:
        return False  # no treatment named: at least two of the statement's concepts
    claim_outcome = outcome_of(c.text, c.row["kind"])
    if p.outcome == "safety":
        if c.row["kind"] not in ("safety", "recovery", "efficacy", "other") \
                or claim_outcome != "safety":
            return False
    elif claim_outcome != p.outcome:
        return False
    if p.outcome == "efficacy" and c.row["kind"] not in ("efficacy", "other", "mechanism"):
        return False
    if not p.numbers and len(re.findall(r"[^\W\d_]{2,}", c.row["text"])) < 3:
        return False  # a bare table cell ("40") says something only about a number asked for
    measures = measures_in(c.text)
    if p.measures and measures and not p.measures & measures:
        return False
    pops = _populations(c)
    if p.populations and pops and not p.populations & pops:
        return False
    return not (p.comparison and sides(c.row["text"]) is None)


def _agree(a: Number, b: Number) -> bool:
    if a.unit != b.unit:
        return False
    tol = 0.051 if a.unit == "%" else 1e-6
    return a.low >= b.low - tol and a.high <= b.high + tol


def numbers_agree(stated: tuple[Number, ...], claim: tuple[Number, ...]) -> bool | None:
    """True when every stated figure is one the claim gives; False when the claim gives
    figures of the same unit and none fits; None when the claim has none to compare."""
    verdicts = []
    for s in stated:
        same_unit = [n for n in claim if n.unit == s.unit]
        if not same_unit:
            continue
        verdicts.append(any(_agree(s, n) for n in same_unit))
    if not verdicts:
        return None
    return all(verdicts)


def _direction_agrees(p: Parts, c: Candidate) -> bool | None:
    """Does the claim say the same thing about the outcome as the statement? None when it
    neither agrees nor disagrees ("no serious adverse events" against "no side effects")."""
    text = c.text
    if p.outcome == "safety":
        denied = sx.negated(text) or bool(re.fullmatch(r"\s*(0|none)\s*", c.row["text"]))
        serious_asked = bool(SERIOUS.search(p.text))
        serious_said = bool(SERIOUS.search(text))
        if denied:  # "no (serious) adverse events"
            if serious_said and not serious_asked:
                return None
            return p.negated
        if not HARM_SEEN.search(text):
            return None
        if serious_asked and not serious_said:
            return None  # mild redness says nothing of serious harm
        return not p.negated
    if p.comparison:
        claim = sides(c.row["text"])
        if claim is None or claim[0] not in (p.comparison[0], p.comparison[1]):
            return None
        return claim[0] == p.comparison[0]
    claim_negative = bool(WORSE.search(text)) or bool(sx.polarity_near(text, GAIN_WORDS))
    return claim_negative == p.negated


GAIN_WORDS = ("improv", "reduc", "benefit", "effective", "shorten", "faster", "outperform")


# --- the verdict --------------------------------------------------------------------------


def decide(statement: str, claims: list[dict[str, Any]], studies: dict[int, dict[str, Any]],
           titles: dict[int, str] | None = None,
           explain: Callable[[int], list[str]] | None = None) -> Verdict:
    """The verdict on `statement` from every claim row, the study cards and source titles.

    `explain(claim_id)` gives a flagged claim's messages (what its study says instead)."""
    titles = titles or {}
    explain = explain or (lambda _cid: [])
    p = parts_of(statement)
    if not p.treatments and not sx.terms(statement):
        v = Verdict("no_evidence", "the statement names nothing to look for")
        v.parts = p.to_json()
        return v
    if p.regulatory is not None:
        v = _decide_regulatory(statement, p.regulatory, claims)
        v.parts = p.to_json()
        return v
    cands = []
    for r in claims:
        st = studies.get(r.get("study_id") or -1)
        # a study's own report is about what its title names; a retelling about its own page
        context = titles.get(st["source_id"] if st and st["source_id"] == r["source_id"]
                             else r["source_id"], "")
        if not (st and st["source_id"] == r["source_id"]):
            context = f"{context or ''} {r.get('section') or ''}"  # "Microneedling + Exosomes"
        cands.append(Candidate(r, context or "", st))
    v = _decide(p, [c for c in cands if bears_on(p, c)], cands, explain,
                [c for c in cands if not c.strong and bears_on(p, c, loose=True)])
    v.parts = p.to_json()
    return v


def _decide(p: Parts, rel: list[Candidate], every: list[Candidate],
            explain: Callable[[int], list[str]], loose: list[Candidate]) -> Verdict:
    # 1. The statement's numbers taken from a retelling that mismatches its study
    if p.numbers:
        quoted = [c for c in every if numbers_agree(p.numbers, numbers_in(c.row["text"]))
                  and (not p.treatments or p.treatments <= _treatments(c))]
        misquoted = [c for c in quoted if set(c.row["flags"]) & NUMBER_DISTORTION]
        if misquoted and not any(c.strong for c in quoted if c in rel):
            v = _verdict("misquoted", "the statement's numbers come from a retelling whose "
                         "numbers do not match its study", misquoted, [])
            v.reasons = [_reason(c, explain(c.row["id"])) for c in misquoted[:5]]
            return v
    strong = [c for c in rel if c.strong]
    if strong:
        agree, differ = [], []
        for c in strong:
            direction = _direction_agrees(p, c)
            if direction is None:
                continue
            nums = numbers_agree(p.numbers, numbers_in(c.row["text"])) if p.numbers else None
            if nums is False or not direction:
                differ.append(c)
            elif p.numbers and nums is None:
                continue
            else:
                agree.append(c)
        if differ and (not agree or p.outcome == "safety" and p.negated):
            why = "its numbers differ" if p.numbers and any(
                numbers_agree(p.numbers, numbers_in(c.row["text"])) is False for c in differ) \
                else "it says otherwise"
            v = _verdict("contradicted", f"the best evidence bears on the statement and {why} "
                         f"({_classes(differ)})", agree, differ)
            v.reasons = [_reason(c) for c in differ[:5]]
            return v
        if agree:
            v = _verdict("supported", f"supported ({_classes(agree)})", agree, differ)
            v.reasons = [_reason(c) for c in agree[:5]]
            return v
        quoting = [c for c in rel if not c.strong
                   and numbers_agree(p.numbers, numbers_in(c.row["text"]))] if p.numbers else []
        if quoting:
            v = _verdict("unsupported", f"only {_kinds(quoting)} claims give this figure; the best "
                         "evidence does not", quoting, [])
            v.reasons = [_reason(c) for c in quoting[:5]]
            return v
        unfigured = [c for c in strong if p.numbers and _direction_agrees(p, c)
                     and numbers_agree(p.numbers, numbers_in(c.row["text"])) is None]
        if unfigured:
            v = _verdict("unsupported", "the best evidence bears on the statement but gives "
                         f"no such figure ({_classes(unfigured)})", [], [])
            v.supporting = [_row(c) for c in unfigured]
            v.reasons = [_reason(c) for c in unfigured[:5]]
            return v
    weak = [c for c in rel if not c.strong] or loose
    if p.numbers:
        weak = [c for c in weak if numbers_agree(p.numbers, numbers_in(c.row["text"]))] or weak
    concepts = sx.terms(p.text)
    weak.sort(key=lambda c: (_direction_agrees(p, c) is not True,
                             -sum(sx.mentions(c.text, t) for t in concepts), c.row["id"]))
    if weak:
        distorted = [c for c in weak if not c.weak]
        what = ", ".join(sorted({c.row["evidence_class"].replace("_", " ") for c in weak
                                 if c.weak}, key=sx.class_rank))
        summary = "only " + (f"{what} claims say it" if what else "")
        if distorted:
            summary += (" and " if what else "") + "retellings that do not match their study"
        v = _verdict("unsupported", summary.strip(), weak, [])
        v.reasons = [_reason(c, explain(c.row["id"]) if not c.weak else []) for c in weak[:5]]
        return v
    return _verdict("no_evidence", "nothing in the base bears on the statement", [], [])


def _kinds(cs: list[Candidate]) -> str:
    names = sorted({c.row["evidence_class"] for c in cs}, key=sx.class_rank)
    return ", ".join(x.replace("_", " ") for x in names)


def _classes(cs: list[Candidate]) -> str:
    names = sorted({c.row["evidence_class"] for c in cs}, key=sx.class_rank)
    n = len(cs)
    return f"{', '.join(x.replace('_', ' ') for x in names)} evidence, {n} claim{'s' if n > 1 else ''}"


def _verdict(verdict: str, summary: str, supporting: list[Candidate],
             contradicting: list[Candidate]) -> Verdict:
    return Verdict(verdict, summary, [_row(c) for c in supporting],
                   [_row(c) for c in contradicting])


def _row(c: Candidate) -> dict[str, Any]:
    return {**c.row, "study": c.study}


def _reason(c: Candidate | dict[str, Any], messages: list[str] | None = None) -> str:
    r = c.row if isinstance(c, Candidate) else c
    st = c.study if isinstance(c, Candidate) else None
    design = ""
    if st:
        design = f"; {st['design']}" + (f", n={st['participants']}" if st.get("participants") else "")
        if st.get("within_subject"):
            design += ", split-face"
    flags = f"; flags: {', '.join(r['flags'])}" if r["flags"] else ""
    said = "".join(f"; {m}" for m in (messages or [])[:2])
    return (f"[{r['evidence_class']}] #{r['id']} {r['location']}{design}: "
            f"\u201c{r['text']}\u201d{flags}{said}")


def _decide_regulatory(statement: str, stance: str, rows: list[dict[str, Any]]) -> Verdict:
    """Compare an approval statement with the regulatory claims on the same product and
    agency: a regulator's own note settles it; other pages' statements only report."""
    agency = agency_in(statement)
    treat = lx.canonical_treatments(statement)
    notes = []
    for r in rows:
        if r.get("kind") != "regulatory":
            continue
        if treat and not treat & lx.canonical_treatments(r["text"] + " " + (r.get("subject") or "")):
            continue
        other = _STANCE.get(regulatory_status(r["text"]) or "")
        named = r.get("agency") or agency_in(r["text"])
        if other is None or (agency and named and named != agency):
            continue
        notes.append((other == stance, r.get("source_kind") == "regulatory", r))
    agree = [r for same, _primary, r in notes if same]
    disagree = [r for same, _primary, r in notes if not same]
    primary_for = [r for same, primary, r in notes if same and primary]
    primary_against = [r for same, primary, r in notes if not same and primary]
    if primary_for and primary_against:  # both: the notes about the use the statement names
        pops = population_groups(statement)
        primary_for = [r for r in primary_for if population_groups(r["text"]) == pops] or primary_for
        primary_against = [r for r in primary_against if population_groups(r["text"]) == pops]
    if primary_against:
        v = Verdict("contradicted", "contradicted by a regulator's note", agree, disagree)
        v.reasons = [_reason(r) for r in primary_against[:5]]
    elif primary_for:
        v = Verdict("supported", "supported by a regulator's note", agree, disagree)
        v.reasons = [_reason(r) for r in primary_for[:5]]
    elif notes:
        v = Verdict("unsupported", "only statements about regulation on other pages, no "
                    "regulator's note", agree, disagree)
        v.reasons = [_reason(r) for _s, _p, r in notes[:5]]
    else:
        v = Verdict("no_evidence", "no regulatory note in the base")
    return v


def check(store: Any, statement: str) -> Verdict:
    """Read the base and decide: every latest claim, the study cards, the titles of the
    documents that report them, and the messages of flagged claims."""
    from evidence.store.queries import claim_detail, list_claims, list_sources, list_studies

    rows = list_claims(store)
    studies = {s["id"]: s for s in list_studies(store)}
    titles = {s["id"]: s["title"] or "" for s in list_sources(store)}

    def explain(cid: int) -> list[str]:
        return [f["message"] for f in claim_detail(store, cid)["flags"]
                if f["code"] in NUMBER_DISTORTION | DISTORTION]

    return decide(statement, rows, studies, titles, explain)
