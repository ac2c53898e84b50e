"""`check`: does the evidence base support a free-text statement?

Finds the claims that bear on the statement (sharing its treatment and at least
one other concept), keeps those of the same polarity as support and those of
the opposite polarity as contradiction, and answers with a verdict whose exit
code scripts can rely on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evidence import search as sx
from evidence.extract.claims import regulatory_status
from evidence.extract.lexicon import agency_in

EXIT = {"supported": 0, "not_supported": 1, "contradicted": 1, "no_evidence": 2}


@dataclass
class Verdict:
    verdict: str  # supported | not_supported | contradicted | no_evidence
    summary: str
    supporting: list[dict[str, Any]] = field(default_factory=list)
    contradicting: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT[self.verdict]

    def to_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "exit_code": self.exit_code, "summary": self.summary,
                "reasons": self.reasons, "supporting": self.supporting,
                "contradicting": self.contradicting}


def relevant(statement: str, results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claims that name the statement's treatment (if it names one) and another of its concepts."""
    ts = sx.terms(statement)
    treat = sx.treatment_terms(ts)
    other = [t for t in ts if t not in treat]
    out = []
    for r in results:
        hay = " ".join(filter(None, [r["text"], r.get("subject")]))
        if treat and not any(sx.mentions(hay, t) for t in treat):
            continue
        if other and not any(sx.mentions(hay, t) for t in other):
            continue
        out.append(r)
    return out


def decide(statement: str, results: list[dict[str, Any]], studies: dict[int, dict[str, Any]]
           ) -> Verdict:
    """The verdict from search results (both polarities) and the study cards behind them.

    A statement about regulatory status is answered by regulatory notes alone: a
    trial's figures say nothing about what an agency has approved."""
    status = _stance(regulatory_status(statement))
    if status is not None:
        return _decide_regulatory(statement, status, results)
    want_negative = sx.negated(statement)
    rel = relevant(statement, results)
    same = [r for r in rel if (r["polarity"] == "negative") == want_negative]
    opposite = [r for r in rel if (r["polarity"] == "negative") != want_negative]
    for r in rel:
        st = studies.get(r.get("study_id") or -1)
        r["study"] = st
    strong = [r for r in same if r["evidence_class"] in sx.STRONG_CLASSES]
    strong_against = [r for r in opposite if r["evidence_class"] in sx.STRONG_CLASSES]
    reasons = [_reason(r) for r in (strong or same)[:5]]
    if strong:
        v = Verdict("supported", f"supported by {strong[0]['evidence_class'].replace('_', ' ')} "
                    f"evidence ({len(strong)} claim{'s' if len(strong) > 1 else ''})", same, opposite)
    elif strong_against:
        v = Verdict("contradicted", "contradicted by " + strong_against[0]["evidence_class"]
                    .replace("_", " ") + " evidence", same, opposite)
        reasons = [_reason(r) for r in strong_against[:5]]
    elif same or opposite:
        classes = sorted({r["evidence_class"] for r in same + opposite}, key=sx.class_rank)
        v = Verdict("not_supported", "only " + ", ".join(c.replace("_", " ") for c in classes)
                    + " statements", same, opposite)
        reasons = [_reason(r) for r in (same or opposite)[:5]]
    else:
        v = Verdict("no_evidence", "no evidence in the base")
    v.reasons = reasons
    return v


def _reason(r: dict[str, Any]) -> str:
    st = r.get("study")
    design = ""
    if st:
        design = f"; {st['design']}" + (f", n={st['participants']}" if st.get("participants") else "")
        if st.get("within_subject"):
            design += ", split-face"
    flags = f"; flags: {', '.join(r['flags'])}" if r["flags"] else ""
    return (f"[{r['evidence_class']}] #{r['id']} {r['location']}{design}: "
            f"\u201c{r['text']}\u201d{flags}")


_STANCE = {"approved": "approved", "cleared": "approved", "not_approved": "not_approved",
           "prohibited": "not_approved"}


def _stance(status: str | None) -> str | None:
    return _STANCE.get(status or "")


def _decide_regulatory(statement: str, stance: str, results: list[dict[str, Any]]) -> Verdict:
    """Compare an approval statement with the regulatory claims on the same product and
    agency: a regulator's own note settles it; other pages' statements only report."""
    agency = agency_in(statement)
    notes = []
    for r in relevant(statement, [r for r in results if r.get("kind") == "regulatory"]):
        other = _stance(regulatory_status(r["text"]))
        named = r.get("agency") or agency_in(r["text"])
        if other is None or (agency and named != agency):
            continue
        notes.append((other == stance, r.get("source_kind") == "regulatory", r))
    agree = [r for same, _primary, r in notes if same]
    disagree = [r for same, _primary, r in notes if not same]
    primary_for = [r for same, primary, r in notes if same and primary]
    primary_against = [r for same, primary, r in notes if not same and primary]
    if primary_against:
        v = Verdict("contradicted", "contradicted by a regulator's note", agree, disagree)
        v.reasons = [_reason(r) for r in primary_against[:5]]
    elif primary_for:
        v = Verdict("supported", "supported by a regulator's note", agree, disagree)
        v.reasons = [_reason(r) for r in primary_for[:5]]
    elif notes:
        v = Verdict("not_supported", "only statements about regulation on other pages, no "
                    "regulator's note", agree, disagree)
        v.reasons = [_reason(r) for _s, _p, r in notes[:5]]
    else:
        v = Verdict("no_evidence", "no regulatory note in the base")
    return v
