"""Which flagged claims are the same claim said again, so one decision can cover them.

Clinic and vendor pages copy each other: the same sentence, word for word or with a
different dash, case or spacing, turns up on dozens of pages. Two claims are one
group when their normalised wording and their numbers are the same and they have the
same polarity. Numbers are compared as values ("1,000" = "1000", "52 %" = "52%"), never
rounded, and a negation keeps a claim apart from its affirmation, so "reduces scarring
by 40%" never shares a verdict with "reduces scarring by 45%" or "does not reduce
scarring".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from evidence.search import negated

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_NOT_WORD = re.compile(r"[^\w#%+<>=]+")


@dataclass(frozen=True, order=True)
class GroupKey:
    wording: str  # normalised words, each number replaced by '#'
    numbers: tuple[str, ...]  # the numbers, in order, as canonical values
    negative: bool


def _canonical(number: str) -> str:
    if _THOUSANDS.match(number):
        number = number.replace(",", "")
    number = number.replace(",", ".")  # a decimal comma
    if "." in number:
        number = number.rstrip("0").rstrip(".") or "0"
    return number.lstrip("0") or "0"


@lru_cache(maxsize=65536)  # pure, and the queue asks again on every page load
def group_key(text: str) -> GroupKey:
    """The identity of a claim's wording for grouping (see the module docstring)."""
    norm = unicodedata.normalize("NFKC", text).lower()
    for d in _DASHES:
        norm = norm.replace(d, "-")
    numbers = tuple(_canonical(m) for m in _NUMBER.findall(norm))
    wording = _NUMBER.sub("#", norm)
    wording = re.sub(r"\s*%", "%", wording)
    wording = " ".join(_NOT_WORD.sub(" ", wording).split())
    return GroupKey(wording, numbers, negated(text))
