"""Checks: each a pure function that returns the flags one claim deserves.

Flags carry a code, a severity, a message an editor can act on, and the
offsets on both sides (the claim's words, and the words on the other side of a
mismatch or conflict).
"""

from __future__ import annotations

import re

from evidence.assess.trace import _TIMES, StudySide, _fmt, same_figure, same_number
from evidence.extract import lexicon as lx
from evidence.models import FLAG_SEVERITY, Claim, Flag, Quantity, StudyRecord

VERSION = "evidence.checks.v3"  # v3: a length of time has no rival by shared words (another time point is no misquote); v2: a misquote's rival figure is one of like size and measure, not the claim's own, a confidence level or the same figure signed or rounded
SEVERITY = FLAG_SEVERITY
CHECKABLE_UNITS = ("%", "days", "weeks", "hours", "mm", "sessions", "months")
_STOP = {
    "the", "a", "an", "and", "or", "of", "in", "on", "with", "to", "for", "by", "at", "vs", "was",
    "were", "is", "are", "be", "been", "patients", "participants", "study", "trial", "side",
    "sides", "group", "groups", "treated", "treatment", "after", "than", "from", "their", "that",
    "this", "these", "all", "both", "each", "mean", "median", "who", "had", "has", "have",
}


def flag(code: str, message: str, start: int, end: int, *, rule: str = VERSION,
         **other: object) -> Flag:
    return Flag(code=code, severity=SEVERITY[code], message=message, start=start, end=end,
                rule=rule, **other)  # type: ignore[arg-type]


def measure_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _STOP}


# --- claim-level checks ------------------------------------------------------------------


def absolute_language(c: Claim, source_kind: str = "") -> list[Flag]:
    """Absolute or promotional wording; a regulator's notice warns about such wording, it
    does not use it to sell."""
    if not c.absolute or source_kind == "regulatory":
        return []
    return [flag("absolute_language", f"absolute or promotional wording: {', '.join(c.absolute)}",
                 c.start, c.end)]


UNTRACED_VERSION = "evidence.checks.untraced_number.v2"  # v2: outcome and safety figures only
OUTCOME_KINDS = ("efficacy", "safety", "recovery")  # claims whose figures are results
OUTCOME_UNITS = ("%", "days", "weeks", "hours", "months")  # not sessions, not needle depth


def untraced_number(c: Claim, evidence_class: str, traced: bool) -> list[Flag]:
    """A precise outcome or safety figure nobody has traced to a study. A protocol detail
    (sessions, intervals, needle depth, numbing time) is how a clinic works, not a result,
    and an editor's queue is no place for it."""
    if traced or evidence_class not in ("unverified", "attributed") or c.kind not in OUTCOME_KINDS:
        return []
    figures = [q for q in c.numbers if q.unit in OUTCOME_UNITS and q.role not in (
        "sessions", "interval", "participants")]
    if not figures:
        return []
    q = figures[0]
    return [flag("untraced_number", f"precise figure {_fmt(q)} with no study behind it",
                 q.start, q.end, rule=UNTRACED_VERSION)]


def small_sample(c: Claim, st: StudyRecord | None) -> list[Flag]:
    if st is None or not st.participants or st.participants >= 30 or c.kind in (
            "regulatory", "mechanism", "other"):
        return []
    return [flag("small_sample", f"the study behind it has {st.participants} participants (n < 30)",
                 c.start, c.end)]


def no_control(c: Claim, st: StudyRecord | None) -> list[Flag]:
    if st is None or c.kind not in ("efficacy", "recovery"):
        return []
    uncontrolled = st.arms == 1 or st.design in ("case_series",) or (
        st.design in ("cohort", "non_randomized_trial") and not st.comparator and not st.arms)
    if not uncontrolled:
        return []
    return [flag("no_control", f"the study behind it has no control group ({st.design})",
                 c.start, c.end)]


def unsourced_regulatory(c: Claim, source_kind: str, linked: bool) -> list[Flag]:
    if c.kind != "regulatory" or source_kind == "regulatory" or linked:
        return []
    who = c.agency or "a regulator"
    return [flag("unsourced_regulatory",
                 f"statement about {who} with no primary note from {who} in the evidence base",
                 c.start, c.end)]


def design_upgraded(c: Claim, st: StudyRecord | None, *, stub: StudyRecord | None = None,
                    other_source: int | None = None) -> list[Flag]:
    """The claim (or the stub it rests on) dresses the study up as stronger than it is."""
    if st is None:
        return []
    text = c.text
    m = re.search(r"\brandomi[sz]ed\b|\bRCT\b|\bcontrolled (clinical )?trial\b", text, re.I)
    if m and not st.randomized:
        return [flag("design_upgraded", f"called '{m.group(0)}' but the study is "
                     f"{st.design.replace('_', ' ')}", c.start + m.start(), c.start + m.end(),
                     other_source=other_source)]
    m = re.search(r"\b(study|trial)\b", text, re.I)
    if m and st.design in ("narrative_review", "systematic_review", "meta_analysis") \
            and not re.search(r"\breview|meta-analys", text, re.I):
        return [flag("design_upgraded", f"a {st.design.replace('_', ' ')} presented as a "
                     f"'{m.group(0)}'", c.start + m.start(), c.start + m.end(),
                     other_source=other_source)]
    m = re.search(r"\bclinically proven\b", text, re.I)
    if m and st.design != "rct":
        return [flag("design_upgraded", f"'clinically proven' on the strength of a "
                     f"{st.design.replace('_', ' ')}", c.start + m.start(), c.start + m.end(),
                     other_source=other_source)]
    return []


def _said(q: Quantity, own: list[Quantity]) -> bool:
    """Whether the claim itself gives figure `q` (in size): then `q` is the other arm or the
    other time point the claim also tells, not a rival to its figure."""
    sizes = {abs(v) for o in own for v in (o.value, o.low, o.high) if v is not None}
    return any(v is not None and abs(v) in sizes for v in (q.value, q.low, q.high))


def _decimals(v: float) -> int:
    return len(f"{v:g}".partition(".")[2])


def _rounded(q: Quantity, s: Quantity) -> bool:
    """Whether one figure is the other rounded ("28%" of a reported "28.1%", or a page's
    "95.7%" where the abstract rounds to "96%"): rounding is no misquote."""
    if q.unit != s.unit or q.value is None or s.value is None:
        return False
    a, b = abs(q.value), abs(s.value)
    if _decimals(b) > _decimals(a):
        return round(b, _decimals(a)) == a
    return _decimals(a) > _decimals(b) and round(a, _decimals(b)) == b


# a percentage that is a confidence level ("95% CI", "95 % confidence interval"), not a result
_CONFIDENCE = re.compile(r"\s*(?:CI\b|C\.I\.|confidence\b)", re.I)
RIVAL_WORDS = 2  # measure words a claim's figure and a study's must share to be one figure
RIVAL_RATIO = 2.0  # how far apart the two may be; beyond, they measure different things


def _comparable(q: Quantity, s: Quantity) -> bool:
    """Whether the study's figure can be the one the claim misquotes: of the same size, within
    a factor RIVAL_RATIO (a concentration of 0.03% is no rival to a 25% gain)."""
    a = max((abs(v) for v in (q.value, q.low, q.high) if v is not None), default=0.0)
    b = max((abs(v) for v in (s.value, s.low, s.high) if v is not None), default=0.0)
    return a > 0 and b > 0 and max(a, b) / min(a, b) <= RIVAL_RATIO


def compare_numbers(c: Claim, side: list[StudySide], other_source: int) -> tuple[
        list[Flag], list[str], list[str]]:
    """number_mismatch / numbers_not_in_source against the traced study's own statements.

    Returns (flags, matched descriptions, mismatch descriptions)."""
    flags: list[Flag] = []
    matched: list[str] = []
    mismatches: list[str] = []
    words = measure_words(c.text)
    for q in c.numbers:
        if q.unit not in CHECKABLE_UNITS:
            continue
        if any(same_number(q, s.q) or (q.unit == "%" and same_figure(q, s.q))
               or _rounded(q, s.q) for s in side):
            matched.append(_fmt(q))
            continue
        same_unit = [s for s in side if s.q.unit == q.unit and not _said(s.q, c.numbers)
                     and not _CONFIDENCE.match(s.text, s.q.end - s.start)]
        rival = None
        if q.role in ("intervention", "control"):
            rival = next((s for s in same_unit if s.q.role == q.role and _comparable(q, s.q)),
                         None)
        if rival is None and q.unit not in _TIMES:
            # (a length of time a page gives is most often another time point of the study,
            # "after 18 weeks" where the abstract tells week 9: no rival, only not in source)
            scored = sorted(((len(words & measure_words(s.text)), i, s)
                             for i, s in enumerate(same_unit) if _comparable(q, s.q)),
                            key=lambda x: (-x[0], x[1]))
            if scored and scored[0][0] >= RIVAL_WORDS:
                rival = scored[0][2]
        if rival is not None:
            msg = f"claimed {_fmt(q)} but the study reports {_fmt(rival.q)}"
            mismatches.append(f"number: {_fmt(q)} vs {_fmt(rival.q)}")
            flags.append(flag("number_mismatch", msg, q.start, q.end, other_source=other_source,
                              other_claim=rival.claim_id, other_start=rival.q.start,
                              other_end=rival.q.end, other_text=rival.text))
        else:
            mismatches.append(f"numbers not in source: {_fmt(q)}")
            flags.append(flag("numbers_not_in_source",
                              f"{_fmt(q)} appears nowhere in the traced study", q.start, q.end,
                              other_source=other_source))
    return flags, matched, mismatches


def outcome_changed(c: Claim, study_outcomes: set[str], other_source: int) -> list[Flag]:
    claimed = set(lx.outcomes(c.text))
    if not claimed or not study_outcomes or claimed & study_outcomes:
        return []
    return [flag("outcome_changed", f"names {', '.join(sorted(claimed))}, which the study did not "
                 f"measure (it measured {', '.join(sorted(study_outcomes)[:4])})", c.start, c.end,
                 other_source=other_source)]


def population_changed(c: Claim, context_pops: set[str], *, other_source: int | None = None,
                       where: str = "the study") -> list[Flag]:
    claimed = set(lx.populations(c.text)) - {"scars", "wounds"}
    if not claimed or not context_pops or claimed & context_pops:
        return []
    return [flag("population_changed", f"evidence about {', '.join(sorted(claimed))} offered where "
                 f"{where} concerns {', '.join(sorted(context_pops)[:3])}", c.start, c.end,
                 other_source=other_source)]


def hedge_dropped(c: Claim, hedged_side: list[tuple[int, int, int, str]],
                  other_source: int | None) -> list[Flag]:
    """An unhedged efficacy claim whose source says the same thing with a hedge."""
    if c.hedged or c.kind != "efficacy" or not hedged_side:
        return []
    words = measure_words(c.text)
    best = max(hedged_side, key=lambda h: (len(words & measure_words(h[3])), -h[1]))
    if len(words & measure_words(best[3])) < 2:
        return []
    cid, s, e, text = best
    return [flag("hedge_dropped", "stated firmly, but the source hedges it: "
                 f"\u201c{text[:120]}\u201d", c.start, c.end, other_source=other_source,
                 other_claim=cid, other_start=s, other_end=e, other_text=text)]


CONFLICT_VALUES = 3  # other values named per figure; more are counted, not flagged
CONFLICT_FLAGS = 1000  # internal_conflict flags per document at most


def internal_conflicts(items: list[tuple[int, Claim, frozenset[str], bool, Quantity]]) -> dict[
        int, list[Flag]]:
    """Different values for the same treatment and measure in one document.

    items: (claim id, claim, treatments, exclusive, quantity) for each time figure of a
    downtime or recovery statement.

    Figures are grouped by treatments and by value, so the work grows with the number of
    figures times the number of treatment groups, never with its square: each figure is
    flagged once for each of the first CONFLICT_VALUES other values given for its
    treatment (a page that repeats one section a thousand times gets a flag per figure,
    not a million), the last flag counts the values left out, and flagging stops at
    CONFLICT_FLAGS per document with a flag that says so."""
    groups: dict[tuple[frozenset[str], bool], dict[tuple, list[int]]] = {}
    for i, (cid, _c, t, x, q) in enumerate(items):
        if t:
            reps = groups.setdefault((t, x), {}).setdefault(_as_days(q), [])
            if not reps or (len(reps) == 1 and items[reps[0]][0] != cid):
                reps.append(i)  # the first figure, and the first of another claim
    keys = list(groups)
    out: dict[int, list[Flag]] = {}
    made = 0
    for cid, _c, ta, xa, qa in items:
        if not ta:
            continue
        own = _as_days(qa)
        others: dict[tuple, int] = {}  # value -> the first figure giving it, in item order
        for tb, xb in keys:
            if not (ta == tb if (xa or xb) else (ta <= tb or tb <= ta)):
                continue
            for value, reps in groups[(tb, xb)].items():
                j = next((r for r in reps if items[r][0] != cid), None)
                if value != own and j is not None and (value not in others or j < others[value]):
                    others[value] = j
        if not others:
            continue
        shown = sorted(others.values())[:CONFLICT_VALUES]
        left = len(others) - len(shown)
        for n, j in enumerate(shown):
            _, cb, tb, _, qb = items[j]
            more = f" (and {left} other value{'s' if left > 1 else ''})" if left and \
                n == len(shown) - 1 else ""
            made += 1
            if made == CONFLICT_FLAGS:
                more += (f"; conflict checking stopped at {CONFLICT_FLAGS} flags on this page, "
                         f"so later figures were not compared")
            out.setdefault(cid, []).append(flag(
                "internal_conflict",
                f"{', '.join(sorted(ta | tb))} downtime given as {_fmt(qa)} here and "
                f"{_fmt(qb)} elsewhere on the page{more}", qa.start, qa.end,
                other_claim=None, other_start=qb.start, other_end=qb.end, other_text=cb.text))
            if made >= CONFLICT_FLAGS:
                return out
    return out


def _as_days(q: Quantity) -> tuple[float | None, float | None]:
    f = {"days": 1.0, "hours": 1 / 24, "weeks": 7.0, "months": 30.0}.get(q.unit or "", 1.0)
    if q.value is not None:
        return (round(q.value * f, 3), round(q.value * f, 3))
    return (round((q.low or 0) * f, 3), round(q.high * f, 3) if q.high is not None else None)
