"""Conversions between pipeline dataclasses and table rows.

Kept apart from the queries so the shape of stored JSON is decided in one place.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, fields
from typing import Any

from evidence.models import Block, Claim, Quantity, Span, StudyRecord

_CLAIM_DATA = ("hedges", "absolute", "negated", "attribution_kind", "regulatory_status",
               "block_kind", "site_voice", "outcome_terms", "population_terms",
               "intervention_terms", "study_ref", "background")


def fingerprint(doc_key: str, text: str) -> str:
    """Identity of a claim across re-extraction: its document and its normalised wording."""
    norm = unicodedata.normalize("NFKC", text).lower()
    norm = re.sub(r"\s+", " ", norm).strip()
    return hashlib.sha256(f"{doc_key}\x00{norm}".encode()).hexdigest()[:32]


def quantity_to_json(q: Quantity) -> dict[str, Any]:
    d = q.to_contract()
    d["text"] = q.text
    return d


def quantity_from_json(d: dict[str, Any]) -> Quantity:
    return Quantity(
        unit=d.get("unit"), start=d.get("start", 0), end=d.get("end", 0), text=d.get("text", ""),
        value=d.get("value"), low=d.get("low"), high=d.get("high"), role=d.get("role"),
        comparator=d.get("comparator", "="),
    )


def claim_to_row(claim: Claim, *, source_id: int, ordinal: int, doc_key: str,
                 study_id: int | None) -> dict[str, Any]:
    """Column values of a claim row (inserted in bulk, so a plain dict)."""
    return {
        "source_id": source_id, "ordinal": ordinal, "start": claim.start, "end": claim.end,
        "text": claim.text, "section": claim.section, "subject": claim.subject,
        "kind": claim.kind, "hedged": claim.hedged,
        "numbers": [quantity_to_json(q) for q in claim.numbers],
        "attribution": claim.attribution, "agency": claim.agency, "study_id": study_id,
        "data": {k: getattr(claim, k) for k in _CLAIM_DATA},
        "fingerprint": fingerprint(doc_key, claim.text), "extractor": claim.extractor,
        "evidence_class": "unverified", "class_reason": "", "traced_study_id": None,
        "assessor": "",
    }


def claim_from_row(row: Any) -> Claim:
    data = row.data or {}
    return Claim(
        start=row.start, end=row.end, text=row.text, kind=row.kind, section=row.section,
        subject=row.subject, hedged=row.hedged,
        numbers=[quantity_from_json(d) for d in row.numbers or []],
        attribution=row.attribution, agency=row.agency, extractor=row.extractor,
        **{k: data[k] for k in _CLAIM_DATA if k in data},
    )


def study_to_row(study: StudyRecord, *, source_id: int) -> dict[str, Any]:
    """Column values of a study row (inserted with Core, so a plain dict)."""
    data = asdict(study)
    for k in ("key", "reported_in_own_source", "design", "randomized", "within_subject",
              "blinding", "participants", "arms", "duration", "extractor"):
        data.pop(k, None)
    return {
        "source_id": source_id, "key": study.key,
        "reported_in_own_source": study.reported_in_own_source, "design": study.design,
        "randomized": study.randomized, "within_subject": study.within_subject,
        "blinding": study.blinding, "participants": study.participants, "arms": study.arms,
        "duration": study.duration, "data": data, "traced_to": None, "extractor": study.extractor,
    }


def study_from_row(row: Any) -> StudyRecord:
    data = dict(row.data or {})
    names = {f.name for f in fields(StudyRecord)}
    kwargs = {k: v for k, v in data.items() if k in names}
    kwargs["evidence"] = {k: [Span(**s) for s in v] for k, v in data.get("evidence", {}).items()}
    kwargs["numbers"] = [Quantity(**n) for n in data.get("numbers", [])]
    return StudyRecord(
        key=row.key, reported_in_own_source=row.reported_in_own_source, design=row.design,
        randomized=row.randomized, within_subject=row.within_subject, blinding=row.blinding,
        participants=row.participants, arms=row.arms, duration=row.duration,
        extractor=row.extractor, **kwargs,
    )


def blocks_to_json(blocks: list[Block]) -> list[list[Any]]:
    """Compact form: [kind, start, end, level, content_start, table, row, col]."""
    return [[b.kind, b.start, b.end, b.level, b.content_start, b.table, b.row, b.col] for b in blocks]


def blocks_from_json(data: list[list[Any]]) -> list[Block]:
    return [Block(k, s, e, level=lv, content_start=cs, table=t, row=r, col=c)
            for k, s, e, lv, cs, t, r, c in data]
