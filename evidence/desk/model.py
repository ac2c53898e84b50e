"""Plain records the review desk passes between the store, the queue logic and the pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evidence.models import MISQUOTE_FLAGS


@dataclass(frozen=True)
class DeskFlag:
    code: str
    severity: str
    message: str


@dataclass(frozen=True)
class Standing:
    """The decision that stands on a claim (or the one a changed claim re-opened)."""

    review_id: int
    verdict: str
    editor: str
    at: str
    note: str
    reopened: bool = False
    out_of_date: str = ""  # what changed since, when re-opened

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"review_id": self.review_id, "verdict": self.verdict,
                             "editor": self.editor, "at": self.at, "note": self.note,
                             "reopened": self.reopened}
        if self.reopened:
            d["out_of_date"] = self.out_of_date
        return d


@dataclass(frozen=True)
class DeskClaim:
    """One flagged claim as the queue needs it. `base` is the id of the latest review on the
    claim's current wording (0: none): a decision is accepted only if it is still that."""

    id: int
    source_id: int
    location: str
    title: str
    source_kind: str
    text: str
    kind: str
    evidence_class: str
    study_id: int | None
    flags: tuple[DeskFlag, ...]
    standing: Standing | None
    base: int
    assignee: str = ""

    @property
    def decided(self) -> bool:
        return self.standing is not None and not self.standing.reopened

    @property
    def shown_as(self) -> str:
        """The class as listings and the report show it: a claim whose numbers do not
        match its study is "misquoted", whatever study it traces to."""
        if any(f.code in MISQUOTE_FLAGS for f in self.flags):
            return "misquoted"
        return self.evidence_class


@dataclass(frozen=True)
class HistoryEntry:
    """One line of the decision log, with the claim it now belongs to (None when the
    wording it was made on is gone)."""

    review_id: int
    claim_id: int | None
    claim_text: str
    location: str
    verdict: str
    editor: str
    note: str
    at: str
    kind: str = "decision"  # decision | assignment

    def to_json(self) -> dict[str, Any]:
        return {"type": self.kind, "id": self.review_id, "claim_id": self.claim_id,
                "claim_text": self.claim_text, "location": self.location,
                "verdict": self.verdict, "editor": self.editor, "note": self.note,
                "at": self.at}


@dataclass(frozen=True)
class DecisionRequest:
    """An editor's verdict on one claim or a group. `claims` pairs each claim id with the
    `base` the editor saw, so a decision made meanwhile by someone else is a conflict."""

    claims: tuple[tuple[int, int], ...]
    verdict: str
    note: str
    editor: str


@dataclass(frozen=True)
class Stored:
    review_ids: tuple[int, ...]
    claim_ids: tuple[int, ...]
    verdict: str
    editor: str
    at: str
    note: str

    def to_json(self) -> dict[str, Any]:
        return {"review_ids": list(self.review_ids), "claim_ids": list(self.claim_ids),
                "verdict": self.verdict, "editor": self.editor, "at": self.at,
                "note": self.note}


@dataclass(frozen=True)
class Conflicted:
    """A claim someone decided after the editor loaded it: the decision that got there first."""

    claim_id: int
    first: Standing
    extra: dict[str, Any] = field(default_factory=dict)
