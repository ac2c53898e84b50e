"""The review desk's reads and writes: flagged claims with their standing decisions and
assignments, the decision log, and decisions that refuse to overwrite one made meanwhile.

A decision is optimistic: the editor's page carries the id of the latest review it
showed for each claim (`base`). In one write transaction (SQLite: `BEGIN IMMEDIATE`;
PostgreSQL: the review log's lock, which every decision writer takes) the desk checks
that no review was added since and then appends through `queries.append_review`, which
also writes the hash-chained review log entry; otherwise nothing is written and the
first decision is returned, so two editors deciding at once never lose either's work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection
from sqlmodel import Session

from evidence.desk.model import (
    Conflicted,
    DecisionRequest,
    DeskClaim,
    DeskFlag,
    HistoryEntry,
    Standing,
    Stored,
)
from evidence.errors import EvidenceError, NotFound, UsageError
from evidence.reviews import attach
from evidence.store.codec import fingerprint
from evidence.store.db import Store
from evidence.store.queries import _lock_review_log, append_review
from evidence.store.schema import AssignmentRow, ClaimRow, FlagRow, ReviewRow, SourceRow
from evidence.verdicts import NAMES

SOURCE, CLAIM, FLAG = SourceRow.__table__, ClaimRow.__table__, FlagRow.__table__
REVIEW, ASSIGNMENT = ReviewRow.__table__, AssignmentRow.__table__


class DecisionConflict(EvidenceError):
    """Another editor decided one of these claims after this editor's page was loaded."""

    code = "E303"
    hint = "read the decision that stands, then decide again if you still disagree"
    exit_code = 5

    def __init__(self, conflicts: Sequence[Conflicted]):
        first = conflicts[0]
        super().__init__(f"already decided: {first.first.verdict} by {first.first.editor} "
                         f"at {first.first.at}", input=f"claim {first.claim_id}")
        self.conflicts = tuple(conflicts)


def _iso(at: Any) -> str:
    if isinstance(at, str):
        return at
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.isoformat()


def _standing(att: Any) -> Standing:
    r = att.review
    return Standing(r.id, r.decision, r.editor, _iso(r.at), r.note or "", att.reopened,
                    getattr(att, "why", ""))


def _latest_sources(conn: Connection) -> dict[int, Any]:
    rows = conn.execute(select(SOURCE.c.id, SOURCE.c.doc_key, SOURCE.c.location, SOURCE.c.title,
                               SOURCE.c.kind).where(SOURCE.c.is_latest)).all()
    return {r.id: r for r in rows}


def _bases(reviews: Iterable[Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in reviews:
        out[r.fingerprint] = max(out.get(r.fingerprint, 0), r.id)
    return out


def _assignees(rows: Iterable[Any]) -> dict[str, str]:
    out: dict[str, tuple[int, str]] = {}
    for r in rows:
        if r.fingerprint not in out or r.id > out[r.fingerprint][0]:
            out[r.fingerprint] = (r.id, r.editor)
    return {fp: e for fp, (_, e) in out.items()}


def load_desk(store: Store, claim_ids: Iterable[int] | None = None) -> list[DeskClaim]:
    """Every flagged claim of the latest versions (or just `claim_ids`, flagged or not),
    with flags, standing decision, base and assignee, in document order."""
    wanted = set(claim_ids) if claim_ids is not None else None
    with store.reading() as conn:
        sources = _latest_sources(conn)
        claims = conn.execute(
            select(CLAIM.c.id, CLAIM.c.source_id, CLAIM.c.text, CLAIM.c.fingerprint, CLAIM.c.kind,
                   CLAIM.c.evidence_class, CLAIM.c.study_id, CLAIM.c.traced_study_id)
            .where(CLAIM.c.source_id.in_(list(sources)))
            .order_by(CLAIM.c.source_id, CLAIM.c.ordinal)).all()
        flag_q = select(FLAG.c.claim_id, FLAG.c.code, FLAG.c.severity, FLAG.c.message)
        if wanted is not None:
            flag_q = flag_q.where(FLAG.c.claim_id.in_(list(wanted)))
        else:
            flag_q = flag_q.where(FLAG.c.claim_id.in_(
                select(CLAIM.c.id).where(CLAIM.c.source_id.in_(list(sources)))))
        flags = conn.execute(flag_q.order_by(FLAG.c.id)).all()
        reviews = conn.execute(select(REVIEW).order_by(REVIEW.c.id)).all()
        assigned = conn.execute(select(ASSIGNMENT.c.id, ASSIGNMENT.c.fingerprint,
                                       ASSIGNMENT.c.editor)).all()
    by_claim: dict[int, list[DeskFlag]] = {}
    for f in flags:
        by_claim.setdefault(f.claim_id, []).append(DeskFlag(f.code, f.severity, f.message))
    attached = attach(list(claims), {k: v.doc_key for k, v in sources.items()}, list(reviews))
    bases, assignees = _bases(reviews), _assignees(assigned)
    out = []
    for c in claims:
        if (wanted is None and c.id not in by_claim) or (wanted is not None and c.id not in wanted):
            continue
        src, att = sources[c.source_id], attached.get(c.id)
        out.append(DeskClaim(
            id=c.id, source_id=c.source_id, location=src.location, title=src.title or "",
            source_kind=src.kind, text=c.text, kind=c.kind, evidence_class=c.evidence_class,
            study_id=c.traced_study_id or c.study_id, flags=tuple(by_claim.get(c.id, ())),
            standing=_standing(att) if att else None, base=bases.get(c.fingerprint, 0),
            assignee=assignees.get(c.fingerprint, "")))
    return out


def study_statements(store: Store, study_id: int) -> list[dict[str, Any]]:
    """The claims of the report a study is published in (its own words), in order, as the
    export shapes them: id, text, numbers."""
    with store.reading() as conn:
        row = conn.execute(text("SELECT source_id, traced_to FROM study WHERE id = :i"),
                           {"i": study_id}).first()
        if row is None:
            return []
        source_id = row.source_id
        if row.traced_to:  # a stub: the words are those of the study it was traced to
            target = conn.execute(text("SELECT source_id FROM study WHERE id = :i"),
                                  {"i": row.traced_to}).first()
            source_id = target.source_id if target else source_id
        rows = conn.execute(select(CLAIM.c.id, CLAIM.c.text, CLAIM.c.numbers)
                            .where(CLAIM.c.source_id == source_id)
                            .order_by(CLAIM.c.ordinal)).all()
    return [{"id": r.id, "text": r.text, "numbers": list(r.numbers or [])} for r in rows]


def history(store: Store, *, editor: str | None = None, claim_ids: Iterable[int] | None = None,
            limit: int = 200) -> list[HistoryEntry]:
    """Decisions and assignments, newest first, each mapped to the claim that now carries
    its wording. Filter by editor (who decided or assigned) or by claims."""
    with store.reading() as conn:
        sources = _latest_sources(conn)
        claims = conn.execute(select(CLAIM.c.id, CLAIM.c.source_id, CLAIM.c.fingerprint)
                              .where(CLAIM.c.source_id.in_(list(sources)))).all()
        fps: set[str] | None = None
        if claim_ids is not None:
            ids = set(claim_ids)
            fps = {c.fingerprint for c in claims if c.id in ids}
        rq = select(REVIEW).order_by(REVIEW.c.id.desc())
        aq = select(ASSIGNMENT).order_by(ASSIGNMENT.c.id.desc())
        if editor:
            rq = rq.where(REVIEW.c.editor == editor)
            aq = aq.where((ASSIGNMENT.c.editor == editor) | (ASSIGNMENT.c.assigned_by == editor))
        if fps is not None:
            rq = rq.where(REVIEW.c.fingerprint.in_(list(fps)))
            aq = aq.where(ASSIGNMENT.c.fingerprint.in_(list(fps)))
        reviews = conn.execute(rq.limit(limit)).all()
        assigns = conn.execute(aq.limit(limit)).all()
    by_fp = {c.fingerprint: c for c in claims}
    out = []
    for r in reviews:
        c = by_fp.get(r.fingerprint)
        out.append(HistoryEntry(r.id, c.id if c else None, r.claim_text,
                                sources[c.source_id].location if c else r.doc_key,
                                r.decision, r.editor, r.note or "", _iso(r.at)))
    for a in assigns:
        c = by_fp.get(a.fingerprint)
        who = f"assigned to {a.editor}" if a.editor else "unassigned"
        out.append(HistoryEntry(a.id, c.id if c else None, "",
                                sources[c.source_id].location if c else a.doc_key,
                                who, a.assigned_by, "", _iso(a.at), "assignment"))
    out.sort(key=lambda h: h.at, reverse=True)
    return out[:limit]


def counts(store: Store) -> dict[str, int]:
    with store.reading() as conn:
        return {"reviews": conn.execute(select(func.count()).select_from(REVIEW)).scalar_one(),
                "assignments": conn.execute(select(func.count())
                                            .select_from(ASSIGNMENT)).scalar_one()}


# --- writes -----------------------------------------------------------------------------------


def _targets(s: Session, claim_ids: Sequence[int]) -> list[tuple[Any, Any]]:
    out = []
    for cid in claim_ids:
        c = s.get(ClaimRow, cid)
        if c is None:
            raise NotFound(f"no claim with id {cid}", input=str(cid),
                           hint="reload the queue: the document may have changed")
        out.append((c, s.get(SourceRow, c.source_id)))
    return out


def _standing_of(s: Session, fp: str) -> Standing | None:
    r = s.execute(select(ReviewRow).where(ReviewRow.fingerprint == fp)
                  .order_by(ReviewRow.id.desc()).limit(1)).scalars().first()
    return Standing(r.id, r.decision, r.editor, _iso(r.at), r.note) if r else None


def decide(store: Store, req: DecisionRequest) -> Stored:
    """Append `req.verdict` to the review log of every claim in the request, or of none:
    raises DecisionConflict (with the first decision) if any claim was decided since its
    `base`, NotFound for a claim that no longer exists."""
    if req.verdict not in NAMES:
        raise UsageError(f"unknown verdict {req.verdict!r}", input=req.verdict,
                         hint="use one of: " + ", ".join(NAMES))
    if not req.claims:
        raise UsageError("no claim to decide", hint="pick at least one claim")
    editor = req.editor.strip()
    if not editor:
        raise UsageError("a decision needs the editor's name", input="editor",
                         hint="fill in the editor field")
    with store.session() as s:
        _lock_review_log(s)  # PostgreSQL: decision writers take turns; SQLite: BEGIN IMMEDIATE
        targets = _targets(s, [cid for cid, _ in req.claims])
        fps = [fingerprint(src.doc_key, c.text) for c, src in targets]
        conflicts = []
        for (cid, base), fp in zip(req.claims, fps, strict=True):
            now_standing = _standing_of(s, fp)
            if now_standing is not None and now_standing.review_id != base:
                conflicts.append(Conflicted(cid, now_standing))
        if conflicts:
            raise DecisionConflict(conflicts)
        rows, seen = [], set()
        for (c, _src), fp in zip(targets, fps, strict=True):
            if fp in seen:  # the same wording twice in one document: one decision
                continue
            seen.add(fp)
            row, _entry = append_review(s, c, req.verdict, req.note, editor)
            rows.append(row)
        at = rows[0].at if rows else datetime.now(UTC)
        return Stored(tuple(r.id for r in rows), tuple(cid for cid, _ in req.claims),
                      req.verdict, editor, _iso(at), req.note)


def assign(store: Store, claim_ids: Sequence[int], editor: str, assigned_by: str) -> int:
    """Assign claims to `editor` (an empty name takes them back); returns rows written."""
    if not claim_ids:
        raise UsageError("no claim to assign", hint="pick at least one claim")
    now = datetime.now(UTC)
    with store.session() as s:
        targets = _targets(s, claim_ids)
        seen = set()
        for c, src in targets:
            fp = fingerprint(src.doc_key, c.text)
            if fp in seen:
                continue
            seen.add(fp)
            s.add(AssignmentRow(doc_key=src.doc_key, fingerprint=fp, claim_id=c.id,
                                editor=editor.strip(), assigned_by=assigned_by.strip() or "?",
                                at=now))
        return len(seen)
