"""The review queue: filter flagged claims, count what each filter would show, group
near-identical claims and put the groups in the order an editor should take them.

Pure functions over `DeskClaim` records. The order is severity first (the worst flag a
group carries), then reach: how many documents repeat the claim, since a sentence
copied onto forty clinic pages misleads more readers than one on a single page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from evidence.desk.grouping import GroupKey, group_key
from evidence.desk.model import DeskClaim

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
STATUSES = ("unreviewed", "decided", "all")


def severity(c: DeskClaim) -> str:
    return min((f.severity for f in c.flags), key=lambda s: SEVERITY_ORDER.get(s, 9),
               default="low")


@dataclass(frozen=True)
class Filters:
    """The queue's filters, as the query string carries them. Empty means "any"."""

    flag: str = ""
    severity: str = ""
    evidence_class: str = ""
    source: str = ""  # a source id, or part of its location
    study: str = ""
    editor: str = ""  # assigned to, or decided by
    status: str = "unreviewed"

    @classmethod
    def from_query(cls, q: Any) -> Filters:
        """From a mapping such as Starlette's QueryParams; unknown keys are ignored."""
        vals = {f.name: str(q.get(_param(f.name), "") or "").strip() for f in fields(cls)}
        if vals["status"] not in STATUSES:
            vals["status"] = "unreviewed"
        return cls(**vals)

    def to_query(self, **change: str) -> dict[str, str]:
        """The query-string pairs of these filters (with `change` applied), defaults left out."""
        d = replace(self, **change)
        out = {}
        for f in fields(d):
            v = getattr(d, f.name)
            if v and not (f.name == "status" and v == "unreviewed"):
                out[_param(f.name)] = v
        return out

    def active(self) -> dict[str, str]:
        return self.to_query()


def _param(name: str) -> str:
    return "class" if name == "evidence_class" else name


# One test per filter; facets are counted with every other filter applied.
_TESTS: dict[str, Callable[[DeskClaim, str], bool]] = {
    "flag": lambda c, v: v in {f.code for f in c.flags},
    "severity": lambda c, v: severity(c) == v,
    "evidence_class": lambda c, v: c.evidence_class == v,
    "source": lambda c, v: v == str(c.source_id) or v in c.location,
    "study": lambda c, v: v == str(c.study_id),
    "editor": lambda c, v: c.assignee == v or bool(c.standing and c.standing.editor == v),
    "status": lambda c, v: (v == "all" or (v == "decided") == c.decided),
}


def _active(f: Filters, skip: str = "") -> list[tuple[Callable[[DeskClaim, str], bool], str]]:
    return [(test, getattr(f, name)) for name, test in _TESTS.items()
            if name != skip and getattr(f, name)]


def matches(c: DeskClaim, f: Filters, *, skip: str = "") -> bool:
    return all(test(c, value) for test, value in _active(f, skip))


def _facet_values(c: DeskClaim, name: str) -> Iterable[str]:
    if name == "flag":
        return sorted({f.code for f in c.flags})
    if name == "severity":
        return [severity(c)]
    if name == "evidence_class":
        return [c.evidence_class]
    if name == "source":
        return [str(c.source_id)]
    if name == "study":
        return [str(c.study_id)] if c.study_id else []
    if name == "editor":
        return sorted({e for e in (c.assignee, c.standing.editor if c.standing else "") if e})
    return ["decided" if c.decided else "unreviewed", "all"]


def facets(claims: Sequence[DeskClaim], f: Filters) -> dict[str, dict[str, int]]:
    """For each filter, value -> how many claims it would show with the other filters kept."""
    out: dict[str, dict[str, int]] = {}
    for name in _TESTS:
        counter: Counter[str] = Counter()
        tests = _active(f, skip=name)
        for c in claims:
            if all(test(c, value) for test, value in tests):
                counter.update(_facet_values(c, name))
        out[_param(name)] = dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
    return out


@dataclass(frozen=True)
class Group:
    """Claims with the same wording, numbers and polarity: one item for the editor."""

    key: GroupKey
    claims: tuple[DeskClaim, ...]  # by id

    @property
    def lead(self) -> DeskClaim:
        return self.claims[0]

    @property
    def severity(self) -> str:
        return min((severity(c) for c in self.claims), key=lambda s: SEVERITY_ORDER.get(s, 9))

    @property
    def reach(self) -> int:
        """How many documents say it."""
        return len({c.source_id for c in self.claims})

    @property
    def flag_codes(self) -> tuple[str, ...]:
        return tuple(sorted({f.code for c in self.claims for f in c.flags}))

    @property
    def assignees(self) -> tuple[str, ...]:
        return tuple(sorted({c.assignee for c in self.claims if c.assignee}))

    def sort_key(self) -> tuple[int, int, int]:
        return (SEVERITY_ORDER.get(self.severity, 9), -self.reach, self.lead.id)

    def to_json(self) -> dict[str, Any]:
        return {"lead": self.lead.id, "severity": self.severity, "reach": self.reach,
                "size": len(self.claims), "flags": list(self.flag_codes),
                "assignees": list(self.assignees), "text": self.lead.text,
                "claims": [claim_json(c) for c in self.claims]}


def claim_json(c: DeskClaim) -> dict[str, Any]:
    return {"id": c.id, "source_id": c.source_id, "location": c.location,
            "evidence_class": c.evidence_class, "shown_as": c.shown_as, "kind": c.kind,
            "text": c.text,
            "study_id": c.study_id, "severity": severity(c) if c.flags else None,
            "flags": [{"code": f.code, "severity": f.severity, "message": f.message}
                      for f in c.flags],
            "standing": c.standing.to_json() if c.standing else None,
            "base": c.base, "assignee": c.assignee or None}


def group(claims: Iterable[DeskClaim]) -> list[Group]:
    """Near-identical claims together, groups in queue order."""
    by_key: dict[GroupKey, list[DeskClaim]] = {}
    for c in sorted(claims, key=lambda c: c.id):
        by_key.setdefault(group_key(c.text), []).append(c)
    groups = [Group(k, tuple(v)) for k, v in by_key.items()]
    return sorted(groups, key=Group.sort_key)


@dataclass(frozen=True)
class Queue:
    filters: Filters
    groups: tuple[Group, ...]
    claims: int  # claims the filters show
    facets: dict[str, dict[str, int]]
    total_flagged: int

    def to_json(self) -> dict[str, Any]:
        return {"filters": self.filters.active(), "claims": self.claims,
                "items": len(self.groups), "flagged_claims": self.total_flagged,
                "facets": self.facets, "groups": [g.to_json() for g in self.groups]}


def build_queue(claims: Sequence[DeskClaim], f: Filters) -> Queue:
    tests = _active(f)
    shown = [c for c in claims if all(test(c, value) for test, value in tests)]
    return Queue(f, tuple(group(shown)), len(shown), facets(claims, f), len(claims))
