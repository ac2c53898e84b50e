"""Put each claim that cites a study beside what the study itself says.

A claim on a clinic page that traces to a trial is only useful to an editor
next to the trial's own sentence on the same point. The assessment already
names that sentence when it raised a flag against it; otherwise the study's
statement sharing the most numbers, then the most words, with the claim is
taken. Pure functions over export dicts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

_WORD = re.compile(r"[a-z0-9]{3,}")
MIN_OVERLAP = 0.25


@dataclass(frozen=True)
class Statement:
    """The study's side: one of its own claims (`claim_id`), or a descriptor text."""

    text: str
    claim_id: Any = None
    why: str = ""


def _number_keys(c: dict[str, Any]) -> set[tuple[Any, ...]]:
    keys = set()
    for n in c.get("numbers") or []:
        if not isinstance(n, dict):
            continue
        if "value" in n:
            keys.add((n.get("value"), n.get("unit")))
        elif "low" in n:
            keys.add((n.get("low"), n.get("high"), n.get("unit")))
    return keys


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def best_statement(claim: dict[str, Any], candidates: Sequence[dict[str, Any]]) -> Statement | None:
    """The study statement to show beside `claim`, chosen from `candidates` (claims of the
    study's own report, in document order)."""
    by_id = {c["id"]: c for c in candidates}
    for f in claim.get("flag_details") or []:
        other = by_id.get(f.get("other_claim_id"))
        if other is not None:
            return Statement(other["text"], other["id"], f"named by the {f['code']} check")
    nums, words = _number_keys(claim), _words(claim["text"])
    best: tuple[float, int, dict[str, Any]] | None = None
    for i, c in enumerate(candidates):
        shared = len(nums & _number_keys(c))
        other_words = _words(c["text"])
        union = words | other_words
        overlap = len(words & other_words) / len(union) if union else 0.0
        if not shared and overlap < MIN_OVERLAP:
            continue
        score = shared + overlap
        if best is None or score > best[0]:
            best = (score, i, c)
    if best is None:
        return None
    c = best[2]
    return Statement(c["text"], c["id"], "closest statement in the study's report")


def descriptor(study: dict[str, Any]) -> Statement | None:
    """How a document that only mentions a study describes it (for studies not ingested)."""
    found = (study.get("evidence") or {}).get("descriptor") or []
    if found and isinstance(found[0], dict) and found[0].get("text"):
        return Statement(str(found[0]["text"]), None, "how the citing page describes the study")
    return None
