"""What the desk's claim page shows, built from plain data: the claim in its context,
the study's own words beside it with the numbers that differ marked, the flags with
their reasons, the group it belongs to, and its history.

Templates get these records and nothing else (no session, no queries), and every
page's JSON twin is the same record as data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evidence.desk.model import DeskClaim, HistoryEntry
from evidence.desk.queue import Group, claim_json
from evidence.report.highlight import Piece, mark, mismatch_needles
from evidence.report.tracing import best_statement
from evidence.verdicts import VERDICTS, label


@dataclass(frozen=True)
class StudySide:
    """The study's own words on the claim's point, and where they come from."""

    study_id: int
    title: str
    design: str
    participants: int | None
    text: str
    pieces: tuple[Piece, ...]
    why: str


@dataclass(frozen=True)
class ClaimPage:
    detail: dict[str, Any]  # as `evidence show --json` gives it
    before: str
    claim_pieces: tuple[Piece, ...]
    after: str
    mismatches: tuple[str, ...]
    study: StudySide | None
    group: Group | None
    history: tuple[HistoryEntry, ...]
    desk: DeskClaim | None  # the claim as the desk sees it (None: it no longer exists)

    @property
    def id(self) -> int:
        return int(self.detail["id"])

    @property
    def decide_targets(self) -> tuple[DeskClaim, ...]:
        """The claims one decision on this page covers: the whole group, or the claim."""
        if self.group is not None:
            return self.group.claims
        return (self.desk,) if self.desk is not None else ()

    def to_json(self) -> dict[str, Any]:
        d = dict(self.detail)
        d["mismatches"] = list(self.mismatches)
        d["study_says"] = ({"study_id": self.study.study_id, "text": self.study.text,
                            "marked": [p.text for p in self.study.pieces if p.marked],
                            "why": self.study.why} if self.study else None)
        d["claim_marked"] = [p.text for p in self.claim_pieces if p.marked]
        d["desk"] = claim_json(self.desk) if self.desk else None
        d["group"] = self.group.to_json() if self.group else None
        d["history"] = [h.to_json() for h in self.history]
        return d


def _mismatches(detail: dict[str, Any]) -> tuple[str, ...]:
    out: list[str] = []
    for ln in detail.get("links") or []:
        if ln.get("kind") == "study":
            out.extend(m for m in ln.get("mismatches") or [] if m not in out)
    return tuple(out)


def _study_side(detail: dict[str, Any], statements: list[dict[str, Any]],
                theirs: list[str]) -> StudySide | None:
    study = detail.get("study")
    if not study:
        return None
    named = next((f for f in detail.get("flags") or [] if f.get("other_text")), None)
    if named is not None:
        text, why = str(named["other_text"]), f"named by the {named['code']} check"
    else:
        st = best_statement({"text": detail["text"], "numbers": detail.get("numbers") or []},
                            statements)
        if st is None:
            return None
        text, why = st.text, st.why
    return StudySide(int(study["id"]), study.get("title") or "", study.get("design") or "",
                     study.get("participants"), text, mark(text, theirs), why)


def claim_page(detail: dict[str, Any], statements: list[dict[str, Any]],
               desk: DeskClaim | None, group: Group | None,
               history: list[HistoryEntry]) -> ClaimPage:
    mismatches = _mismatches(detail)
    ours: list[str] = []
    theirs: list[str] = []
    for m in mismatches:
        a, b = mismatch_needles(m)
        ours += a
        theirs += b
    ctx = detail["context"]
    return ClaimPage(detail, ctx["before"], mark(ctx["claim"], ours), ctx["after"], mismatches,
                     _study_side(detail, statements, theirs),
                     group if group is not None and len(group.claims) > 1 else None,
                     tuple(history), desk)


def verdict_choices() -> list[dict[str, str]]:
    return [{"name": v.name, "key": v.key, "label": v.label, "meaning": v.meaning}
            for v in VERDICTS]


__all__ = ["ClaimPage", "StudySide", "claim_page", "label", "verdict_choices"]
