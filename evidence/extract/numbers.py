"""Numbers as data: values, ranges, comparisons, sample sizes, sessions, statistics.

`find_quantities(text)` is a pure function from a sentence to `Quantity`s with
offsets into that text. It understands digits with decimal points or decimal
commas, unicode minus and dashes, spelled-out numbers ("Seventy-five",
"two-week"), ranges ("3–5", "3 to 5", "between 3 and 5"), open ranges ("12+"),
p-values, confidence intervals (kept as intervals), odds/risk ratios and mean
differences. Spans already claimed by a more specific pattern are not read
again by a more general one.
"""

from __future__ import annotations

import re

from evidence.models import Quantity

VERSION = "evidence.numbers.v1"

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_ONES)}
WORD_VALUES.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
WORD_VALUES.update({"hundred": 100, "a dozen": 12, "dozen": 12, "single": 1, "once": 1,
                    "twice": 2, "both": 2})

_TENS_RX = "|".join(_TENS)
_ONES_RX = "|".join(sorted(_ONES[1:], key=len, reverse=True))
WORDNUM = rf"(?:(?:{_TENS_RX})(?:[-\s](?:{'|'.join(_ONES[1:10])}))?|{_ONES_RX}|(?:one |a )?hundred)"
DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:[.,]\d+)?|[.,]\d+)"
NUM = rf"(?:[-−–]?\s?{DIGITS}|{WORDNUM})"
DASH = r"\s*(?:–|—|-|−|to|and)\s*"

UNITS: dict[str, str] = {
    "%": "%", "percent": "%", "per cent": "%", "percentage points": "%",
    "day": "days", "days": "days", "d": "days",
    "week": "weeks", "weeks": "weeks", "wk": "weeks", "wks": "weeks",
    "month": "months", "months": "months", "mo": "months",
    "year": "years", "years": "years", "yr": "years", "yrs": "years",
    "hour": "hours", "hours": "hours", "h": "hours", "hr": "hours", "hrs": "hours",
    "minute": "minutes", "minutes": "minutes", "min": "minutes", "mins": "minutes",
    "mm": "mm", "millimeter": "mm", "millimeters": "mm", "millimetre": "mm", "millimetres": "mm",
    "cm": "cm", "µm": "µm", "um": "µm", "nm": "nm", "ml": "ml", "mL": "ml", "mg": "mg",
    "session": "sessions", "sessions": "sessions", "treatment": "sessions",
    "treatments": "sessions", "treatment sessions": "sessions", "visits": "sessions",
    "patient": "participants", "patients": "participants", "participant": "participants",
    "participants": "participants", "subject": "participants", "subjects": "participants",
    "volunteers": "participants", "individuals": "participants", "people": "participants",
    "women": "participants", "men": "participants", "adults": "participants",
    "cases": "participants", "eyes": "participants", "scars": "scars",
    "arm": "arms", "arms": "arms", "group": "arms", "groups": "arms",
    "J/cm2": "J/cm2", "J/cm²": "J/cm2", "mJ": "mJ", "nm ": "nm",
}
_UNIT_WORDS = sorted((u for u in UNITS if u not in ("%",)), key=len, reverse=True)
UNIT_RX = r"(?:%|" + "|".join(re.escape(u) for u in _UNIT_WORDS) + r")"
# Words that may stand between a count and its noun: "25 adult patients", "three consecutive sessions"
ADJ = r"(?:(?:adult|consecutive|eligible|healthy|female|male|treatment|monthly|weekly|" \
      r"additional|further|separate|total|evaluable|randomi[sz]ed|enrolled|Korean|Asian|" \
      r"Caucasian|Iranian|Chinese|Indian|Egyptian|Brazilian)\s+){0,2}"

_FLAGS = re.I


def parse_number(s: str) -> float | None:
    """A number written with digits (decimal point or comma, unicode minus) or in words."""
    t = s.strip().lower().replace("−", "-").replace("–", "-").replace(" ", "")
    if not t:
        return None
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+", t):
        return float(t.replace(",", ""))
    if re.fullmatch(r"-?\d*[.,]\d+|-?\d+", t):
        return float(t.replace(",", "."))
    w = s.strip().lower().replace("-", " ")
    w = re.sub(r"\s+", " ", w)
    if w in WORD_VALUES:
        return float(WORD_VALUES[w])
    parts = w.split(" ")
    total = 0
    for i, p in enumerate(parts):
        if p in ("a", "one") and parts[i + 1:i + 2] == ["hundred"]:
            continue
        if p not in WORD_VALUES:
            return None
        v = WORD_VALUES[p]
        total = total * v if v == 100 and total else total + v
    return float(total) if parts else None


def _unit(u: str | None) -> str | None:
    if u is None:
        return None
    u = u.strip()
    return UNITS.get(u) or UNITS.get(u.lower()) or u.lower()


class _Finder:
    """Collects quantities, refusing any that overlap a span already taken."""

    def __init__(self, text: str, offset: int):
        self.text = text
        self.offset = offset
        self.taken: list[tuple[int, int]] = []
        self.out: list[Quantity] = []

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.taken)

    def add(self, s: int, e: int, *, value: float | None = None, low: float | None = None,
            high: float | None = None, unit: str | None = None, role: str | None = None,
            comparator: str = "=", take: tuple[int, int] | None = None) -> None:
        ts, te = take or (s, e)
        if not self.free(ts, te):
            return
        self.taken.append((ts, te))
        self.out.append(Quantity(unit=unit, start=self.offset + s, end=self.offset + e,
                                 text=self.text[s:e], value=value, low=low, high=high,
                                 role=role, comparator=comparator))


_P_VALUE = re.compile(r"\b[pP]\s*(?:-?value)?\s*(<|>|=|≤|≥|<=|>=)\s*(0?[.,]\d+|\d(?:[.,]\d+)?(?:\s*[x×]\s*10\S+)?)")
_CI = re.compile(
    rf"\b(\d{{2}})\s*%\s*(?:CI|confidence interval)\s*[:,=]?\s*[\[(]?\s*({NUM})\s*(?:–|—|-|−|to|,|;)\s*({NUM})\s*[\])]?",
    _FLAGS)
_CI_BARE = re.compile(rf"\bCI\s*[:,=]?\s*[\[(]?\s*({NUM})\s*(?:–|—|to|,|;|-)\s*({NUM})\s*[\])]?", _FLAGS)
_RATIO = re.compile(
    rf"\b(aOR|OR|RR|HR|IRR|SMD|WMD|MD|odds ratio|risk ratio|relative risk|hazard ratio|"
    rf"mean difference|standardi[sz]ed mean difference)\s*(?:of|was|=|:|,)?\s*({NUM})(?![\d])")
_RATIO_ROLE = {"or": "odds_ratio", "aor": "odds_ratio", "odds ratio": "odds_ratio",
               "rr": "risk_ratio", "risk ratio": "risk_ratio", "relative risk": "risk_ratio",
               "irr": "risk_ratio", "hr": "hazard_ratio", "hazard ratio": "hazard_ratio",
               "md": "mean_difference", "wmd": "mean_difference",
               "mean difference": "mean_difference", "smd": "mean_difference",
               "standardized mean difference": "mean_difference",
               "standardised mean difference": "mean_difference"}
_N_EQUALS = re.compile(r"\b[nN]\s*=\s*(\d[\d,]*)")
_PER_GROUP = re.compile(rf"\b({NUM})\s+(?:patients\s+|participants\s+|subjects\s+)?(?:per|in each|each)\s+(?:group|arm)\b", _FLAGS)
_BETWEEN = re.compile(rf"\bbetween\s+({NUM})\s*(%|{UNIT_RX})?\s+and\s+({NUM})\s*({UNIT_RX})\b", _FLAGS)
_RANGE = re.compile(
    rf"(?<![\w.])({NUM})\s*(%|{UNIT_RX})?\s*(?:–|—|-|−|to)\s*({NUM})\s*[-\s]?({UNIT_RX})(?![\w])",
    _FLAGS)
_OPEN = re.compile(rf"(?<![\w.])({NUM})\s*\+\s*({UNIT_RX})(?![\w])", _FLAGS)
_HYPHEN_UNIT = re.compile(rf"(?<![\w.])({NUM})-(day|week|month|year|hour|minute|session|arm|mm)s?\b", _FLAGS)
_VALUE_UNIT = re.compile(rf"(?<![\w.])({NUM})\s*{ADJ}({UNIT_RX})(?![\w])", _FLAGS)
_SESSIONS_LOOSE = re.compile(
    rf"(?<![\w.])({NUM})\s+((?:(?!(?:of|at|in|after|before|per|every|and|or|to|with|for|each|"
    rf"the|a|an|weeks?|days?|months?|hours?)\b)[\w₂-]+\s+){{1,3}})(sessions|treatments)\b", _FLAGS)
_BARE_PERCENT = re.compile(rf"(?<![\w.])({NUM})\s*(?:%|percent\b)", _FLAGS)
_INTERVAL_WORD = re.compile(r"\b(monthly|weekly|fortnightly|biweekly|daily)\s+(intervals?|sessions|treatments)\b", _FLAGS)
_INTERVAL_WORD_VALUES = {"monthly": (1, "months"), "weekly": (1, "weeks"), "fortnightly": (2, "weeks"),
                         "biweekly": (2, "weeks"), "daily": (1, "days")}
_COMPARE = re.compile(r"\b(vs\.?|versus|compared (?:with|to)|than|against|relative to)\b", _FLAGS)


def _num(s: str) -> float | None:
    return parse_number(s)


_ANY_NUMBER = re.compile(rf"\d|\b(?:{WORDNUM})\b|\b(?:monthly|weekly|fortnightly|biweekly|daily)\b",
                         _FLAGS)


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Every quantity in `text`, in text order; offsets are `offset` + position in `text`."""
    if not _ANY_NUMBER.search(text):
        return []
    f = _Finder(text, offset)
    has_digit = any(ch.isdigit() for ch in text)
    if has_digit and ("CI" in text or "confidence interval" in text):
        _stats(f, text)
    if has_digit and ("p" in text or "P" in text):
        for m in _P_VALUE.finditer(text):
            v = _num(m.group(2).split("x")[0].split("×")[0])
            cmp = {"≤": "<=", "≥": ">="}.get(m.group(1), m.group(1))
            if v is not None:
                f.add(m.start(), m.end(), value=v, role="p_value", comparator=cmp)
    if has_digit:
        for m in _RATIO.finditer(text):
            v = _num(m.group(2))
            if v is not None:
                f.add(m.start(), m.end(), value=v, role=_RATIO_ROLE[m.group(1).lower()])
        if "=" in text:
            for m in _N_EQUALS.finditer(text):
                v = _num(m.group(1))
                if v is not None:
                    f.add(m.start(), m.end(), value=v, unit="participants", role="participants")
    return _general(f, text, offset)


def _stats(f: _Finder, text: str) -> None:
    for m in _CI.finditer(text):
        lo, hi = _num(m.group(2)), _num(m.group(3))
        if lo is not None and hi is not None:
            f.add(m.start(), m.end(), low=lo, high=hi, unit=None, role="ci")
    for m in _CI_BARE.finditer(text):
        lo, hi = _num(m.group(1)), _num(m.group(2))
        if lo is not None and hi is not None:
            f.add(m.start(), m.end(), low=lo, high=hi, unit=None, role="ci")


def _general(f: _Finder, text: str, offset: int) -> list[Quantity]:
    for m in _PER_GROUP.finditer(text):
        v = _num(m.group(1))
        if v is not None:
            f.add(m.start(), m.end(), value=v, unit="participants", role="per_group")
    for m in _BETWEEN.finditer(text):
        lo, hi = _num(m.group(1)), _num(m.group(3))
        if lo is not None and hi is not None:
            f.add(m.start(), m.end(), low=lo, high=hi, unit=_unit(m.group(4)))
    for m in _RANGE.finditer(text):
        u1, u2 = _unit(m.group(2)), _unit(m.group(4))
        if u1 and u1 != u2:
            continue
        lo, hi = _num(m.group(1)), _num(m.group(3))
        if lo is None or hi is None or lo > hi:
            continue
        if re.search(r"\band\b", m.group(0)) and not re.search(r"\bbetween\b", text[max(0, m.start() - 9):m.start()]):
            continue  # "3 and 5 days" only as "between 3 and 5 days"
        f.add(m.start(), m.end(), low=lo, high=hi, unit=u2, role=_role_for(u2))
    for m in _OPEN.finditer(text):
        lo = _num(m.group(1))
        if lo is not None:
            f.add(m.start(), m.end(), low=lo, high=None, unit=_unit(m.group(2)))
    for m in _HYPHEN_UNIT.finditer(text):
        v = _num(m.group(1))
        if v is not None:
            u = _unit(m.group(2) + "s")
            f.add(m.start(), m.end(), value=v, unit=u, role=_interval_role(text, m.end(), u))
    for m in _VALUE_UNIT.finditer(text):
        v = _num(m.group(1))
        u = _unit(m.group(2))
        if v is None or u is None:
            continue
        if u == "sessions" and m.group(2).lower().startswith("treatment") and not _is_count_context(text, m):
            continue
        f.add(m.start(), m.end(), value=v, unit=u, role=_role_for(u) or _interval_role(text, m.end(), u))
    for m in _SESSIONS_LOOSE.finditer(text):
        v = _num(m.group(1))
        if v is not None:
            f.add(m.start(), m.end(), value=v, unit="sessions", role="sessions")
    for m in _BARE_PERCENT.finditer(text):
        v = _num(m.group(1))
        if v is not None:
            f.add(m.start(), m.end(), value=v, unit="%")
    for m in _INTERVAL_WORD.finditer(text):
        v, u = _INTERVAL_WORD_VALUES[m.group(1).lower()]
        f.add(m.start(), m.end(), value=float(v), unit=u, role="interval")
    out = sorted(f.out, key=lambda q: q.start)
    return _assign_arms(text, offset, out)


def _is_count_context(text: str, m: re.Match[str]) -> bool:
    """'5 treatments' is a count of sessions; '2 treatments (A and B)' less so, but rare."""
    return True


def _role_for(unit: str | None) -> str | None:
    if unit == "participants":
        return "participants"
    if unit == "arms":
        return "arms"
    if unit == "sessions":
        return "sessions"
    return None


def _interval_role(text: str, end: int, unit: str | None) -> str | None:
    if unit not in ("days", "weeks", "months"):
        return None
    tail = text[end:end + 14].lower()
    if re.match(r"\s*(apart|intervals?|between)", tail):
        return "interval"
    head = text[max(0, end - 40):end].lower()
    if re.search(r"\b(every|each)\s+\S*$", head) or re.search(r"\bat\s+\S+$", head) and "interval" in tail:
        return "interval"
    return None


def _assign_arms(text: str, offset: int, qs: list[Quantity]) -> list[Quantity]:
    """In "A vs. B" comparisons, mark the first value intervention and the second control."""
    out = list(qs)
    for m in _COMPARE.finditer(text):
        pos = offset + m.start()
        before = [i for i, q in enumerate(out) if q.end <= pos and q.role is None]
        after = [i for i, q in enumerate(out) if q.start >= offset + m.end() and q.role is None]
        if not before or not after:
            continue
        a, b = before[-1], after[0]
        if out[a].unit != out[b].unit:
            continue
        out[a] = _with_role(out[a], "intervention")
        out[b] = _with_role(out[b], "control")
    return out


def _with_role(q: Quantity, role: str) -> Quantity:
    return Quantity(unit=q.unit, start=q.start, end=q.end, text=q.text, value=q.value, low=q.low,
                    high=q.high, role=role, comparator=q.comparator)
