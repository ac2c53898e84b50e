"""Query understanding for `query` and `check`: synonyms, polarity, ranking order.

Pure functions of strings. A small domain vocabulary widens a search (downtime
finds "recovery time"), and polarity keeps "reduces" apart from "does not
reduce": a claim is only ever grouped with a query of the same polarity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SYNONYMS: list[tuple[str, ...]] = [
    ("downtime", "recovery time", "healing time"),
    ("scar", "scars", "scarring"),
    ("exosome", "exosomes", "extracellular vesicle", "extracellular vesicles"),
    ("prp", "platelet-rich plasma", "platelet rich plasma"),
    ("co₂", "co2", "carbon dioxide"),
    ("microneedling", "micro-needling", "collagen induction therapy"),
    ("side effect", "side effects", "adverse event", "adverse events", "adverse effects"),
    ("redness", "erythema"),
    ("shorten", "shorter", "faster", "quicker", "reduce", "reduced"),
]
TREATMENT_GROUPS = {
    "exosomes": ("exosome", "exosomes", "extracellular vesicle", "extracellular vesicles", "exos"),
    "prp": ("prp", "platelet-rich plasma", "platelet rich plasma"),
    "microneedling": ("microneedling", "micro-needling", "collagen induction therapy"),
    "laser": ("laser", "lasers", "co2", "co₂", "nd:yag", "erbium"),
    "stem cells": ("stem cell", "stem cells"),
}
CLASS_ORDER = ["randomized", "non_randomized", "review", "preclinical", "regulatory",
               "attributed", "expert_opinion", "unverified"]
STRONG_CLASSES = {"randomized", "non_randomized", "review"}
NEGATORS = re.compile(
    r"\b(not|no|never|none|without|neither|nor|cannot|can't|doesn't|don't|didn't|isn't|"
    r"aren't|wasn't|weren't|won't|fails? to|failed to)\b", re.I)
STOPWORDS = {
    "a", "an", "the", "and", "or", "of", "in", "on", "for", "to", "with", "after", "before",
    "by", "is", "are", "was", "were", "be", "it", "its", "that", "this", "than", "does", "do",
    "did", "can", "may", "will", "not", "no", "never", "treatment", "treatments", "therapy",
}
_WORD = re.compile(r"[\w₂+-]+", re.U)


@dataclass(frozen=True)
class Term:
    """One concept of a query, with the phrases that stand for it."""

    phrases: tuple[str, ...]


def expand(word: str) -> tuple[str, ...]:
    w = word.lower()
    for group in SYNONYMS:
        if w in group:
            return group
    return (w,)


def terms(text: str) -> list[Term]:
    """The concepts of a free-text query, stop words dropped, synonyms attached."""
    out: list[Term] = []
    seen: set[tuple[str, ...]] = set()
    low = text.lower()
    used: set[str] = set()
    for group in SYNONYMS:  # multi-word phrases first
        for phrase in group:
            if " " in phrase and re.search(rf"\b{re.escape(phrase)}\b", low):
                if group not in seen:
                    out.append(Term(group))
                    seen.add(group)
                used.update(phrase.split())
    for w in _WORD.findall(low):
        if w in STOPWORDS or w in used or len(w) < 2:
            continue
        group = expand(w)
        if group not in seen:
            out.append(Term(group))
            seen.add(group)
    return out


def negated(text: str) -> bool:
    """True when the statement denies rather than asserts ("does not reduce")."""
    return bool(NEGATORS.search(text))


def polarity_near(text: str, phrases: tuple[str, ...]) -> bool | None:
    """Is the matched phrase negated in `text` (a negator within four words before it)?
    None when no phrase occurs."""
    low = text.lower()
    for p in phrases:
        stem = re.sub(r"(es|s|ed|ing)$", "", p) if len(p) > 4 else p
        for m in re.finditer(rf"\b{re.escape(stem)}", low):
            before = low[max(0, m.start() - 40):m.start()].split()[-4:]
            return any(NEGATORS.fullmatch(w.strip(".,;:")) for w in before)
    return None


def fts5_query(ts: list[Term], *, any_term: bool = False) -> str:
    """An FTS5 MATCH expression: each concept is an OR of its phrases; concepts are ANDed."""
    def quote(p: str) -> str:
        return '"' + p.replace('"', '""') + '"'

    groups = ["(" + " OR ".join(quote(p) for p in t.phrases) + ")" for t in ts]
    return (" OR " if any_term else " AND ").join(groups)


def tsquery(ts: list[Term], *, any_term: bool = False) -> str:
    """A PostgreSQL to_tsquery expression with the same shape."""
    def phrase(p: str) -> str:
        words = [re.sub(r"[^\w]", "", w) for w in p.split()]
        words = [w for w in words if w]
        return " <-> ".join(words)

    groups = ["(" + " | ".join(phrase(p) for p in t.phrases if phrase(p)) + ")" for t in ts]
    groups = [g for g in groups if g != "()"]
    return (" | " if any_term else " & ").join(groups)


def treatment_terms(ts: list[Term]) -> list[Term]:
    """The concepts of a query that name a treatment."""
    names = {p for group in TREATMENT_GROUPS.values() for p in group}
    return [t for t in ts if set(t.phrases) & names]


def mentions(text: str, t: Term) -> bool:
    low = text.lower()
    return any(re.search(rf"(?<![\w-]){re.escape(p)}", low) for p in t.phrases)


def class_rank(cls: str) -> int:
    return CLASS_ORDER.index(cls) if cls in CLASS_ORDER else len(CLASS_ORDER)
