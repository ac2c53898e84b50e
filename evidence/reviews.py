"""Which editor decision belongs to which current claim.

Reviews are stored append-only against a claim's fingerprint (its document and
normalised wording), never against a row id, so re-extraction cannot overwrite
them. When a changed document alters a reviewed claim's wording, the review is
attached to the most similar claim of the new version and shown as re-opened;
it is never deleted.

A re-opened review no longer stands: it is shown as "review out of date", with why
(the negation changed, a number changed, or only the wording), and never as the
decision it was, so a confirmation cannot follow a claim into its own negation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from evidence.search import negated
from evidence.verdicts import NAMES as VERDICT_NAMES

# The verdict scale first; the decisions recorded before it stay accepted and readable.
DECISIONS = (*VERDICT_NAMES, "confirmed", "disputed", "dismissed")
REOPEN_SIMILARITY = 60.0
OUT_OF_DATE = "out of date"
_NUMBER = re.compile(  # figures, and numbers written as words ("three sessions")
    r"\d+(?:[.,]\d+)*|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twen|thir|for|fif|six|seven|eigh|"
    r"nine)ty|hundred|thousand|half|twice|double|triple)\b", re.I)


@dataclass(frozen=True)
class Attached:
    review: Any  # a ReviewRow
    reopened: bool
    history: tuple[Any, ...]  # every review of this claim, oldest first
    why: str = ""  # what changed since the decision, when re-opened

    @property
    def status(self) -> str:
        """The decision that stands, or "out of date (was DECISION)" for a re-opened one."""
        if self.reopened:
            return f"{OUT_OF_DATE} (was {self.review.decision})"
        return str(self.review.decision)


def what_changed(reviewed: str, now: str) -> str:
    """Why a review no longer fits a claim's new wording: polarity first, then numbers."""
    if negated(reviewed) != negated(now):
        return "the negation changed"
    if sorted(n.lower() for n in _NUMBER.findall(reviewed)) != sorted(
            n.lower() for n in _NUMBER.findall(now)):
        return "a number changed"
    return "the wording changed"


def attach(claims: list[Any], doc_keys: dict[int, str], reviews: list[Any]) -> dict[int, Attached]:
    """claim id -> its latest review (and history). `claims` are claim rows of the latest
    versions, `doc_keys` maps their source ids to document keys, `reviews` all review rows."""
    by_fp: dict[str, list[Any]] = {}
    for r in sorted(reviews, key=lambda r: r.id):
        by_fp.setdefault(r.fingerprint, []).append(r)
    out: dict[int, Attached] = {}
    current_fps = {c.fingerprint for c in claims}
    for c in claims:
        hist = by_fp.get(c.fingerprint)
        if hist:
            out[c.id] = Attached(hist[-1], False, tuple(hist))
    orphans = [h for fp, h in by_fp.items() if fp not in current_fps]
    if not orphans:
        return out
    by_doc: dict[str, list[Any]] = {}
    for c in claims:
        by_doc.setdefault(doc_keys.get(c.source_id, ""), []).append(c)
    from rapidfuzz import fuzz  # noqa: PLC0415 - only when a reviewed claim's text changed

    for hist in sorted(orphans, key=lambda h: h[-1].id):
        last = hist[-1]
        candidates = [c for c in by_doc.get(last.doc_key, []) if c.id not in out]
        scored = sorted(((fuzz.ratio(last.claim_text, c.text), -c.id, c) for c in candidates),
                        key=lambda x: (x[0], x[1]), reverse=True)
        if scored and scored[0][0] >= REOPEN_SIMILARITY:
            claim = scored[0][2]
            out[claim.id] = Attached(last, True, tuple(hist), what_changed(last.claim_text,
                                                                             claim.text))
    return out


def review_json(a: Attached) -> dict[str, Any]:
    r = a.review
    d: dict[str, Any] = {"decision": r.decision, "editor": r.editor, "at": r.at.isoformat(),
                         "note": r.note, "reopened": a.reopened}
    if a.reopened:
        d["reviewed_text"] = r.claim_text
        d["out_of_date"] = a.why
    return d
