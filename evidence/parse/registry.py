"""A ClinicalTrials.gov record (API v2 JSON) to stored text and a study's structured facts.

The record is written out as a registry page reads ("Label: value" fields,
arms as "Experimental: label", outcome measures as numbered lines), so the
text parser and the extractor treat it as any registry page; `raw` keeps the
JSON as fetched. The fields a registry states outright (allocation, masking,
enrolment, arms, primary outcomes, dates) are also kept as `study_facts`, which
fill the record's own study after extraction: a registry entry is a structured
record, not prose to be guessed at.
"""

from __future__ import annotations

import json
from typing import Any

from evidence.errors import InputError
from evidence.models import DocumentMeta, RawDocument, StudyRecord

PARSER = "evidence.parse.registry.v1"
MEDIA_TYPE = "application/json"
_ARM_TYPES = {
    "EXPERIMENTAL": "Experimental", "ACTIVE_COMPARATOR": "Active Comparator",
    "PLACEBO_COMPARATOR": "Placebo Comparator", "SHAM_COMPARATOR": "Sham Comparator",
    "NO_INTERVENTION": "No Intervention", "OTHER": "Other",
}
_MASKING = {"NONE": "none (open label)", "SINGLE": "single-blind", "DOUBLE": "double-blind",
            "TRIPLE": "triple-blind", "QUADRUPLE": "quadruple-blind"}


def _words(value: object) -> str:
    """An API enum in words: RANDOMIZED -> Randomized, PARALLEL -> Parallel."""
    return str(value).replace("_", " ").capitalize() if value else ""


def _date(d: dict | None) -> str | None:
    return d.get("date") if isinstance(d, dict) and isinstance(d.get("date"), str) else None


def registry_document(location: str, raw: bytes, *, url: str | None = None) -> RawDocument:
    """Parse a ClinicalTrials.gov v2 study record (raises InputError when it is not one)."""
    from evidence.parse import parse_plain

    try:
        data = json.loads(raw)
        p = data["protocolSection"]
        ident = p["identificationModule"]
        nct = ident["nctId"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError("not a ClinicalTrials.gov study record", input=location) from exc
    text, facts = render(p)
    doc = parse_plain(location, text.encode("utf-8"), url=url or f"https://clinicaltrials.gov/study/{nct}")
    doc.raw = raw
    doc.media_type = MEDIA_TYPE
    doc.parser = PARSER
    doc.study_facts = facts
    meta: DocumentMeta = doc.meta
    meta.title = ident.get("briefTitle") or meta.title
    meta.provenance["title"] = "registry briefTitle"
    if nct not in meta.registrations:
        meta.registrations = [nct, *meta.registrations]
    sponsor = (p.get("sponsorCollaboratorsModule") or {}).get("leadSponsor") or {}
    if sponsor.get("name"):
        meta.publisher = sponsor["name"]
        meta.provenance["publisher"] = "registry leadSponsor"
    first = _date((p.get("statusModule") or {}).get("studyFirstPostDateStruct"))
    if first:
        meta.published = first
        meta.provenance["published"] = "registry studyFirstPostDate"
    doc.kind, doc.kind_reason = "trial_registry", f"a ClinicalTrials.gov record ({nct})"
    return doc


def render(p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The record as registry text, and the structured facts of its study."""
    ident = p.get("identificationModule") or {}
    status = p.get("statusModule") or {}
    sponsors = p.get("sponsorCollaboratorsModule") or {}
    desc = p.get("descriptionModule") or {}
    conditions = p.get("conditionsModule") or {}
    design = p.get("designModule") or {}
    info = design.get("designInfo") or {}
    masking = info.get("maskingInfo") or {}
    enrol = design.get("enrollmentInfo") or {}
    arms = (p.get("armsInterventionsModule") or {}).get("armGroups") or []
    outcomes = p.get("outcomesModule") or {}
    elig = p.get("eligibilityModule") or {}
    out: list[str] = [f"ClinicalTrials.gov ID: {ident.get('nctId', '')}", ""]
    if ident.get("briefTitle"):
        out += [f"Study Title: {ident['briefTitle']}", ""]
    if ident.get("officialTitle"):
        out += [f"Official Title: {ident['officialTitle']}", ""]
    if desc.get("briefSummary"):
        out += ["Brief Summary:", " ".join(desc["briefSummary"].split()), ""]
    dates = {
        "start": _date(status.get("startDateStruct")),
        "primary_completion": _date(status.get("primaryCompletionDateStruct")),
        "completion": _date(status.get("completionDateStruct")),
        "first_posted": _date(status.get("studyFirstPostDateStruct")),
        "last_update": _date(status.get("lastUpdatePostDateStruct")),
    }
    fields = [("Recruitment Status", _words(status.get("overallStatus"))),
              ("First Posted", dates["first_posted"]), ("Last Update Posted", dates["last_update"]),
              ("Study Start", dates["start"]), ("Primary Completion", dates["primary_completion"]),
              ("Study Completion", dates["completion"]),
              ("Sponsor", (sponsors.get("leadSponsor") or {}).get("name"))]
    fields += [("Collaborator", c.get("name")) for c in sponsors.get("collaborators") or []]
    fields += [("Conditions", "; ".join(conditions.get("conditions") or []))]
    out += [f"{k}: {v}" for k, v in fields if v] + ["", "Study Design"]
    count = enrol.get("count")
    kind = "Estimated" if enrol.get("type") == "ESTIMATED" else "Actual"
    who = ", ".join(_words(w) for w in masking.get("whoMasked") or [])
    mask = _words(masking.get("masking")) + (f" ({who})" if who else "")
    design_fields = [("Study Type", _words(design.get("studyType"))),
                     ("Phase", ", ".join(_words(x) for x in design.get("phases") or [])),
                     ("Enrollment", f"{count} participants" if isinstance(count, int) else None),
                     ("Allocation", _words(info.get("allocation"))),
                     ("Intervention Model", _words(info.get("interventionModel"))),
                     ("Masking", mask),
                     ("Primary Purpose", _words(info.get("primaryPurpose")))]
    out += [f"{k} ({kind}): {v}" if k == "Enrollment" else f"{k}: {v}"
            for k, v in design_fields if v] + [""]
    arm_lines = []
    if arms:
        out.append("Arms and Interventions")
        for arm in arms:
            label = arm.get("label", "")
            out.append(f"{_ARM_TYPES.get(arm.get('type', ''), 'Other')}: {label}")
            if arm.get("description"):
                out.append("    " + " ".join(arm["description"].split()))
            arm_lines.append(label)
        out.append("")
    primary = [o for o in outcomes.get("primaryOutcomes") or [] if o.get("measure")]
    for title, items in (("Primary Outcome Measures:", primary),
                         ("Secondary Outcome Measures:", outcomes.get("secondaryOutcomes") or [])):
        if items:
            out.append(title)
            for i, o in enumerate(items, 1):
                frame = f" [Time Frame: {o['timeFrame']}]" if o.get("timeFrame") else ""
                out.append(f"{i}. {o.get('measure', '')}{frame}")
            out.append("")
    if elig.get("eligibilityCriteria"):
        out += ["Eligibility Criteria", elig["eligibilityCriteria"].strip(), ""]
    allocation = info.get("allocation")
    facts: dict[str, Any] = {
        "randomized": True if allocation == "RANDOMIZED" else False if allocation == "NON_RANDOMIZED"
        else None,
        "blinding": _MASKING.get(masking.get("masking", "")),
        "participants": count if isinstance(count, int) else None,
        "arms": len(arms) or None,
        "arm_descriptions": arm_lines,
        "outcomes": [o["measure"] for o in primary],
        "registrations": [ident.get("nctId")] if ident.get("nctId") else [],
        "dates": {k: v for k, v in dates.items() if v},
        "condition": "; ".join(conditions.get("conditions") or []) or None,
    }
    return "\n".join(out).rstrip() + "\n", facts


def apply_facts(study: StudyRecord, facts: dict[str, Any]) -> None:
    """Fill a registry record's own study with what the registry states outright; the
    extractor's reading of the text stays where the registry says nothing."""
    for name in ("randomized", "blinding", "participants", "arms", "condition"):
        if facts.get(name) is not None:
            setattr(study, name, facts[name])
    for name in ("arm_descriptions", "outcomes", "registrations"):
        if facts.get(name):
            setattr(study, name, list(facts[name]))
    if facts.get("dates"):
        study.dates = dict(facts["dates"])
    study.design = "registry_record"
    study.design_reason = "a trial registry record"
    if PARSER not in study.extractor:
        study.extractor = f"{study.extractor}+{PARSER}" if study.extractor else PARSER
