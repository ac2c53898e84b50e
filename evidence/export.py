"""The export contract (`evidence-export/1`) as JSON, JSON Lines and CSV.

Built from a store snapshot by pure functions, so the report and the CLI share
exactly what editors' scripts consume. Fields beyond the contract are only
ever added, never renamed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from evidence.reviews import attach, review_json

FORMAT = "evidence-export/1"


def study_json(st: Any) -> dict[str, Any]:
    """One study row as the contract's study object."""
    d = dict(st.data or {})
    return {
        "id": st.id,
        "source_id": st.source_id,
        "reported_in_own_source": st.reported_in_own_source,
        "design": st.design,
        "randomized": st.randomized,
        "within_subject": st.within_subject,
        "blinding": st.blinding,
        "participants": st.participants,
        "arms": st.arms,
        "duration": st.duration,
        "traced_to": st.traced_to,
        "arm_descriptions": d.get("arm_descriptions", []),
        "sessions": d.get("sessions"),
        "interval": d.get("interval"),
        "intervention": d.get("intervention"),
        "comparator": d.get("comparator"),
        "condition": d.get("condition"),
        "outcomes": d.get("outcomes", []),
        "registrations": d.get("registrations", []),
        "citation": d.get("citation", {}),
        "design_reason": d.get("design_reason", ""),
        "evidence": d.get("evidence", {}),
        "extractor": st.extractor,
        "dates": d.get("dates", {}),
    }


def build_export(snap: dict[str, list]) -> dict[str, Any]:
    """The contract's top-level object from `Store.snapshot()`."""
    studies = [study_json(st) for st in snap["studies"]]
    own = {}
    for st in studies:
        if st["reported_in_own_source"] and st["source_id"] not in own:
            own[st["source_id"]] = st
    flags_by_claim: dict[int, list[Any]] = {}
    for f in snap["flags"]:
        flags_by_claim.setdefault(f.claim_id, []).append(f)
    attached = attach(snap["claims"], {s.id: s.doc_key for s in snap["sources"]}, snap["reviews"])
    sources = []
    for s in snap["sources"]:
        sources.append({
            "id": s.id, "location": s.location, "version": s.version,
            "content_hash": s.content_hash, "text": s.text, "title": s.title,
            "authors": list(s.authors or []), "publisher": s.publisher,
            "published": s.published, "doi": s.doi, "pmid": s.pmid, "pmcid": s.pmcid,
            "kind": s.kind, "kind_reason": s.kind_reason, "study": own.get(s.id),
            "site": s.site, "url": s.url, "registrations": list(s.registrations or []),
            "media_type": s.media_type, "parser": s.parser, "extractor": s.extractor,
            "ingested_at": s.ingested_at.isoformat() if s.ingested_at else None,
            "notes": list(s.notes or []),
            "identifier": (s.meta or {}).get("identifier"),
            "retrieved_from": list((s.meta or {}).get("retrieved_from") or []),
            "pages": (s.meta or {}).get("pages"),
            "also_at": list((s.meta or {}).get("also_at") or []),  # the same bytes elsewhere
        })
    claims = []
    for c in snap["claims"]:
        data = c.data or {}
        flags = flags_by_claim.get(c.id, [])
        review = attached.get(c.id)
        claims.append({
            "id": c.id, "source_id": c.source_id, "start": c.start, "end": c.end,
            "text": c.text, "section": c.section, "subject": c.subject, "kind": c.kind,
            "evidence_class": c.evidence_class, "class_reason": c.class_reason,
            "hedged": c.hedged, "numbers": list(c.numbers or []),
            "attribution": c.attribution, "agency": c.agency,
            "study_id": c.traced_study_id or c.study_id,
            "flags": sorted({f.code for f in flags}),
            "review": review_json(review) if review else None,
            "extractor": c.extractor,
            "assessor": c.assessor,
            "fingerprint": c.fingerprint,
            "own_study_id": c.study_id,
            "hedges": data.get("hedges", []),
            "absolute": data.get("absolute", []),
            "negated": data.get("negated", False),
            "attribution_kind": data.get("attribution_kind"),
            "regulatory_status": data.get("regulatory_status"),
            "block_kind": data.get("block_kind"),
            "site_voice": data.get("site_voice", False),
            "background": data.get("background", False),
            "flag_details": [
                {"code": f.code, "severity": f.severity, "message": f.message,
                 "start": f.start, "end": f.end, "other_source_id": f.other_source_id,
                 "other_claim_id": f.other_claim_id,
                 "other_start": f.other_start, "other_end": f.other_end,
                 "other_text": f.other_text, "rule": f.rule}
                for f in flags
            ],
        })
    return {"format": FORMAT, "sources": sources, "studies": studies, "claims": claims,
            "links": [link_json(ln) for ln in snap["links"]]}


def link_json(ln: Any) -> dict[str, Any]:
    """One link row as the contract's link object."""
    d: dict[str, Any] = {}
    if ln.from_claim is not None:
        d["from_claim"] = ln.from_claim
    if ln.from_study is not None:
        d["from_study"] = ln.from_study
    d.update({"to_study": ln.to_study, "confidence": round(ln.confidence, 3),
              "matched_on": list(ln.matched_on), "mismatches": list(ln.mismatches),
              "kind": ln.kind, "to_claim": ln.to_claim, "to_source": ln.to_source,
              "rule": ln.rule})
    return d


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


SECTIONS = ("sources", "studies", "claims", "links")


def json_item(record: dict[str, Any]) -> str:
    """One record as `to_json` prints it inside its section's list, so a writer can emit
    the export record by record and still match `to_json` byte for byte. JSON escapes
    newlines inside strings, so every line break here is the layout's own."""
    return "\n".join("    " + line
                     for line in json.dumps(record, ensure_ascii=False, indent=2).split("\n"))


def json_head() -> str:
    """What `to_json` prints before the first section."""
    return "{\n  \"format\": " + json.dumps(FORMAT) + ","


def to_jsonl(data: dict[str, Any]) -> Iterator[str]:
    """One record per line, each tagged with its `type`."""
    for key, typ in (("sources", "source"), ("studies", "study"), ("claims", "claim"),
                     ("links", "link")):
        for rec in data[key]:
            yield json.dumps({"type": typ, **rec}, ensure_ascii=False)


CSV_COLUMNS = ["id", "source_id", "location", "start", "end", "text", "section", "subject",
               "kind", "evidence_class", "class_reason", "hedged", "numbers", "attribution",
               "agency", "study_id", "flags", "review_decision", "extractor"]


def to_csv(data: dict[str, Any]) -> str:
    """One row per claim; lists are JSON-encoded in their cell."""
    loc = {s["id"]: s["location"] for s in data["sources"]}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for c in data["claims"]:
        w.writerow(csv_row(c, loc.get(c["source_id"])))
    return buf.getvalue()


def csv_row(c: dict[str, Any], location: str | None) -> list[Any]:
    """One claim's CSV row (`location`: its source's)."""
    return [
        c["id"], c["source_id"], location, c["start"], c["end"], c["text"],
        c["section"] or "", c["subject"] or "", c["kind"], c["evidence_class"],
        c["class_reason"], str(bool(c["hedged"])).lower(),
        json.dumps(c["numbers"], ensure_ascii=False), c["attribution"] or "",
        c["agency"] or "", c["study_id"] or "", ";".join(c["flags"]),
        (c["review"] or {}).get("decision", ""), c["extractor"],
    ]
