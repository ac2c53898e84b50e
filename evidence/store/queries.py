"""Read-side queries and the review log: listings, one claim in full, search, decisions.

Everything returns plain dicts ready for the output helper; nothing here imports
the extraction pipeline, so the commands that use it start fast.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text

from evidence import audit
from evidence.errors import NotFound, UsageError
from evidence.reviews import DECISIONS, attach, review_json
from evidence.store.codec import fingerprint
from evidence.store.db import Store
from evidence.store.listings import (  # noqa: F401 - the listings, where callers look for them
    SEVERITY_ORDER,
    ClaimFilter,
    list_claims,
    list_sources,
    list_studies,
    review_queue,
    search,
)
from evidence.store.schema import (
    ClaimRow,
    FlagRow,
    LinkRow,
    ReviewLogRow,
    ReviewRow,
    SourceRow,
    StudyRow,
)


def _latest_ids():  # type: ignore[no-untyped-def]
    return select(SourceRow.id).where(SourceRow.is_latest)


def _load(store: Store) -> dict[str, Any]:
    """Latest sources, claims, flags, studies and all reviews, with review attachments."""
    with store.read_session() as s:
        sources = {r.id: r for r in s.execute(select(SourceRow).where(SourceRow.is_latest)).scalars()}
        claims = list(s.execute(select(ClaimRow).where(ClaimRow.source_id.in_(_latest_ids()))
                                .order_by(ClaimRow.source_id, ClaimRow.ordinal)).scalars())
        flags = list(s.execute(select(FlagRow).where(FlagRow.claim_id.in_(
            select(ClaimRow.id).where(ClaimRow.source_id.in_(_latest_ids()))))
            .order_by(FlagRow.id)).scalars())
        reviews = list(s.execute(select(ReviewRow).order_by(ReviewRow.id)).scalars())
    by_claim: dict[int, list[FlagRow]] = {}
    for f in flags:
        by_claim.setdefault(f.claim_id, []).append(f)
    attached = attach(claims, {k: v.doc_key for k, v in sources.items()}, reviews)
    return {"sources": sources, "claims": claims, "flags": by_claim, "attached": attached}


def claim_detail(store: Store, claim_id: int) -> dict[str, Any]:
    """One claim with its context, numbers, class, study, trail of links, flags and reviews."""
    with store.read_session() as s:
        c = s.get(ClaimRow, claim_id)
        if c is None:
            raise NotFound(f"no claim with id {claim_id}", input=str(claim_id))
        src = s.get(SourceRow, c.source_id)
        flags = list(s.execute(select(FlagRow).where(FlagRow.claim_id == c.id)
                               .order_by(FlagRow.id)).scalars())
        links = list(s.execute(select(LinkRow).where(LinkRow.from_claim == c.id)
                               .order_by(LinkRow.id)).scalars())
        study_id = c.traced_study_id or c.study_id
        study = s.get(StudyRow, study_id) if study_id else None
        study_src = s.get(SourceRow, study.source_id) if study else None
        others = {f.other_source_id: s.get(SourceRow, f.other_source_id)
                  for f in flags if f.other_source_id}
        siblings = list(s.execute(select(ClaimRow).where(ClaimRow.source_id == c.source_id)).scalars())
        reviews = list(s.execute(select(ReviewRow).where(ReviewRow.doc_key == src.doc_key)
                                 .order_by(ReviewRow.id)).scalars())
    att = attach(siblings, {src.id: src.doc_key}, reviews).get(c.id)
    a, b = c.start, c.end
    para = src.text.rfind("\n\n", 0, a)
    lo = max(para + 2 if para >= 0 else 0, a - 300)
    cut = src.text.find("\n\n", b)
    hi = min(cut if cut >= 0 else len(src.text), b + 300)
    return {
        "id": c.id, "text": c.text, "start": c.start, "end": c.end,
        "context": {"before": src.text[lo:a], "claim": src.text[a:b], "after": src.text[b:hi]},
        "source": {"id": src.id, "location": src.location, "version": src.version,
                   "kind": src.kind, "title": src.title},
        "section": c.section, "subject": c.subject, "kind": c.kind, "hedged": c.hedged,
        "numbers": list(c.numbers or []), "attribution": c.attribution, "agency": c.agency,
        "evidence_class": c.evidence_class, "class_reason": c.class_reason,
        "study": _study_card(study, study_src) if study else None,
        "links": [{"to_study": ln.to_study, "to_claim": ln.to_claim, "kind": ln.kind,
                   "confidence": ln.confidence, "matched_on": list(ln.matched_on),
                   "mismatches": list(ln.mismatches)} for ln in links],
        "flags": [{"code": f.code, "severity": f.severity, "message": f.message,
                   "start": f.start, "end": f.end, "other_text": f.other_text,
                   "other_source": others[f.other_source_id].location
                   if f.other_source_id in others and others[f.other_source_id] else None}
                  for f in flags],
        "review": review_json(att) if att else None,
        "review_history": [{"decision": r.decision, "editor": r.editor, "at": r.at.isoformat(),
                            "note": r.note, "text": r.claim_text} for r in att.history] if att else [],
        "extractor": c.extractor,
    }


def _study_card(st: StudyRow, src: SourceRow | None) -> dict[str, Any]:
    data = st.data or {}
    return {"id": st.id, "source": src.location if src else None,
            "title": src.title if src else None, "own": st.reported_in_own_source,
            "design": st.design, "randomized": st.randomized, "within_subject": st.within_subject,
            "blinding": st.blinding, "participants": st.participants, "arms": st.arms,
            "duration": st.duration, "intervention": data.get("intervention"),
            "comparator": data.get("comparator"), "condition": data.get("condition"),
            "outcomes": data.get("outcomes", [])}


# --- reviews ----------------------------------------------------------------------------------


def default_editor(explicit: str | None = None) -> str:
    if explicit:
        return explicit
    env = os.environ.get("EVIDENCE_EDITOR")
    if env:
        return env
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def record_review(store: Store, claim_id: int, decision: str, note: str,
                  editor: str | None = None) -> dict[str, Any]:
    """Append a decision to the reviews and its entry to the hash-chained review log, in one
    transaction; the latest decision stands."""
    if decision not in DECISIONS:
        raise UsageError(f"unknown decision {decision!r}", input=decision,
                         hint="use one of: " + ", ".join(DECISIONS))
    with store.session() as s:
        c = s.get(ClaimRow, claim_id)
        if c is None:
            raise NotFound(f"no claim with id {claim_id}", input=str(claim_id))
        row, entry = append_review(s, c, decision, note, default_editor(editor))
        return {"review_id": row.id, "claim_id": c.id, "decision": decision,
                "editor": row.editor, "at": row.at.isoformat(), "note": note,
                "old_status": entry.old_status}


def append_review(s: Any, c: ClaimRow, decision: str, note: str,
                  editor: str) -> tuple[ReviewRow, ReviewLogRow]:
    """Write one decision in the open write session `s`: its review row and its review-log
    entry, chained to the last entry. Every code path that records a decision calls this,
    so the log holds them all."""
    _lock_review_log(s)
    src = s.get(SourceRow, c.source_id)
    siblings = list(s.execute(select(ClaimRow).where(ClaimRow.source_id == c.source_id))
                    .scalars())
    earlier = list(s.execute(select(ReviewRow).where(ReviewRow.doc_key == src.doc_key)
                             .order_by(ReviewRow.id)).scalars())
    standing = attach(siblings, {src.id: src.doc_key}, earlier).get(c.id)
    row = ReviewRow(doc_key=src.doc_key, fingerprint=fingerprint(src.doc_key, c.text),
                    claim_id=c.id, claim_text=c.text, decision=decision, editor=editor,
                    note=note, at=datetime.now(UTC))
    s.add(row)
    s.flush()
    entry = {"review_id": row.id, "claim_id": c.id, "doc_key": row.doc_key,
             "fingerprint": row.fingerprint, "claim_text": c.text,
             "old_status": standing.status if standing else "unreviewed",
             "new_status": decision, "editor": editor, "at": row.at.isoformat(),
             "reason": note, "tool": audit.TOOL}
    prev = s.execute(select(ReviewLogRow.hash).order_by(ReviewLogRow.id.desc())
                     .limit(1)).scalar() or audit.GENESIS
    log = ReviewLogRow(**entry, prev_hash=prev, hash=audit.entry_hash(prev, entry))
    s.add(log)
    s.flush()
    return row, log


def _lock_review_log(s: Any) -> None:
    """One writer at a time appends to the chain: SQLite's BEGIN IMMEDIATE already ensures
    it; PostgreSQL locks the log against other writers (readers go on)."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("LOCK TABLE review_log IN EXCLUSIVE MODE"))


@dataclass(frozen=True)
class LogCheck:
    entries: int
    claims: int  # current claims whose status the replay reproduced
    problem: str | None


def verify_review_log(store: Store) -> LogCheck:
    """Check the review log: its hash chain, that it holds every decision, and that
    replaying it gives every current claim's review status."""
    with store.read_session() as s:
        log = list(s.execute(select(ReviewLogRow).order_by(ReviewLogRow.id)).scalars())
        review_ids = set(s.execute(select(ReviewRow.id)).scalars())
    chain = audit.check_chain(log)
    if chain.problem:
        return LogCheck(chain.entries, 0, chain.problem)
    logged = {e.review_id for e in log}
    if review_ids - logged:
        first = min(review_ids - logged)
        return LogCheck(len(log), 0, f"review {first} has no log entry "
                                     f"({len(review_ids - logged)} decisions missing)")
    if logged - review_ids:
        return LogCheck(len(log), 0, f"log entry for review {min(logged - review_ids)} "
                                     f"has no review row")
    d = _load(store)
    keys = {k: v.doc_key for k, v in d["sources"].items()}
    replayed = attach(d["claims"], keys, audit.replay(log))
    current = d["attached"]
    for cid in sorted(set(replayed) | set(current)):
        was, now = replayed.get(cid), current.get(cid)
        if (was and was.status) != (now and now.status):
            return LogCheck(len(log), 0, f"replaying the log gives claim {cid} the status "
                                         f"{was.status if was else 'unreviewed'!r}, but it is "
                                         f"{now.status if now else 'unreviewed'!r}")
    return LogCheck(len(log), len(current), None)
