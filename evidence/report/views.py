"""Typed views of one claim, study or source, as the report's templates show them.

Each view is built once from the export dict and reused on every page that
shows it (its source page, the study it traces to, the flagged list), so a
claim reads the same wherever it appears. Views hold plain strings and
vetted links only; escaping is the templates' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from evidence.models import MISQUOTE_FLAGS
from evidence.report.links import (
    Href,
    claim_anchor,
    external,
    identifier_links,
    internal,
    slug,
    source_path,
    study_path,
)

CLASSES = ("randomized", "non_randomized", "review", "preclinical", "attributed",
           "expert_opinion", "unverified", "regulatory")
CLAIM_KINDS = ("efficacy", "safety", "recovery", "protocol", "study_design", "mechanism",
               "regulatory", "other")
SOURCE_KINDS = ("journal_article", "paper_summary", "preprint", "trial_registry", "commercial",
                "news", "regulatory", "other")
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
DESIGNS = {
    "rct": "randomized controlled trial", "non_randomized_trial": "non-randomized trial",
    "cohort": "cohort study", "case_control": "case-control study", "case_series": "case series",
    "systematic_review": "systematic review", "meta_analysis": "meta-analysis",
    "narrative_review": "narrative review", "preclinical": "preclinical study",
    "registry_record": "registry record", "unknown": "design not stated",
}


def label(value: str | None) -> str:
    """`expert_opinion` -> `expert opinion`: vocabulary words as people read them."""
    return (value or "unknown").replace("_", " ")


def css_class(evidence_class: str | None) -> str:
    """The CSS class of an evidence class; anything outside the contract's list is `other`,
    so data never chooses class names."""
    return evidence_class.replace("_", "-") if evidence_class in CLASSES else "other"


def misquoted(flags: object) -> bool:
    return any(code in MISQUOTE_FLAGS for code in flags or ())  # type: ignore[attr-defined]


def shown_class(c: dict[str, Any]) -> tuple[str, str]:
    """(CSS class, label) a claim is shown with: a retelling whose numbers mismatch its
    study is shown as misquoted, wherever it appears, not in its study's colour."""
    if misquoted(c.get("flags")):
        return "misquoted", "misquoted"
    return css_class(c.get("evidence_class")), label(c.get("evidence_class"))


def shown_location(location: str) -> str:
    """A location fit to publish: URLs and identifiers as they are, a relative path as
    given, an absolute local path only as its last folder and file name."""
    if "://" in location or not location.startswith(("/", "~")) and not (
            len(location) > 2 and location[1] == ":" and location[2] in "\\/"):
        return location
    parts = [p for p in location.replace("\\", "/").split("/") if p]
    return "/".join(parts[-2:])


def yes_no(value: bool | None) -> str:
    return "not stated" if value is None else ("yes" if value else "no")


def _num(x: Any) -> str:
    if isinstance(x, bool) or not isinstance(x, int | float):
        return str(x)
    return str(int(x)) if float(x).is_integer() else format(x, "g")


def format_number(n: dict[str, Any]) -> str:
    """`{"low": 3, "high": 5, "unit": "days"}` -> `3–5 days`, with its role and the words
    the document used when those differ."""
    unit = n.get("unit") or ""
    if "value" in n:
        core = _num(n["value"])
    elif "low" in n:
        core = f"{_num(n['low'])}–{_num(n['high'])}" if n.get("high") is not None \
            else f"{_num(n['low'])}+"
    else:
        core = "?"
    text = (core + ("" if unit == "%" or not unit else " ") + unit).strip()
    extras = [e for e in (n.get("role"),) if e]
    said = (n.get("text") or "").strip()
    if said and said != text:
        extras.append(f"“{said}”")
    return f"{text} ({', '.join(extras)})" if extras else text


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    link: Href | None = None


@dataclass(frozen=True)
class FlagView:
    code: str
    severity: str
    message: str
    other_text: str | None
    other: Href | None


@dataclass(frozen=True)
class ReviewView:
    decision: str
    editor: str
    at: str
    note: str
    reopened: bool
    out_of_date: str = ""  # what changed since the decision, when re-opened


@dataclass(frozen=True)
class StudyRef:
    link: Href
    summary: str


@dataclass(frozen=True)
class ClaimView:
    """One claim, with everything its detail card shows."""

    id: Any
    key: str
    anchor: str
    link: Href
    source_id: Any
    source: Href
    source_kind: str
    start: int
    end: int
    text: str
    section: str | None
    subject: str | None
    kind: str
    css: str
    evidence_class: str
    class_label: str
    class_reason: str
    hedged: bool
    numbers: tuple[str, ...]
    attribution: str | None
    agency: str | None
    regulatory_status: str | None
    study: StudyRef | None
    flags: tuple[FlagView, ...]
    severity: str | None
    review: ReviewView | None
    jsonld: dict[str, Any] | None
    overlaps: tuple[Href, ...]
    highlighted: bool

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    @property
    def cell(self) -> str | None:
        """A table cell's row and column ("Microneedling + PRP · Downtime"), which its bare
        text ("1–2 days") needs wherever it is listed."""
        return self.subject if self.subject and " · " in self.subject else None

    @property
    def flag_codes(self) -> tuple[FlagView, ...]:
        """One flag per code, most severe first, for a listing's flags column (the card
        lists every message: two mismatched numbers are two messages, one code)."""
        seen: dict[str, FlagView] = {}
        for f in self.flags:
            seen.setdefault(f.code, f)
        return tuple(seen.values())


def source_title(s: dict[str, Any]) -> str:
    return (s.get("title") or "").strip() or shown_location(s["location"])


def study_title(st: dict[str, Any]) -> str:
    cite = st.get("citation") or {}
    if cite.get("title"):
        return str(cite["title"])
    return f"Study {st['id']}: {DESIGNS.get(st.get('design') or 'unknown', label(st.get('design')))}"


def study_summary(st: dict[str, Any]) -> str:
    """`randomized controlled trial, n=40, 16 weeks, within-subject, assessor-blinded`."""
    parts = [DESIGNS.get(st.get("design") or "unknown", label(st.get("design")))]
    if st.get("participants") is not None:
        parts.append(f"n={st['participants']}")
    if st.get("duration"):
        parts.append(str(st["duration"]))
    if st.get("within_subject"):
        parts.append("within-subject")
    if st.get("blinding"):
        parts.append(str(st["blinding"]))
    return ", ".join(parts)


def study_ref(st: dict[str, Any]) -> StudyRef:
    return StudyRef(internal(study_title(st), study_path(st["id"])), study_summary(st))


def claim_link(c: dict[str, Any]) -> Href:
    return internal(f"#{c['id']}", f"{source_path(c['source_id'])}#{claim_anchor(c['id'])}")


def _flag(f: dict[str, Any], claims: dict[Any, dict[str, Any]]) -> FlagView:
    other_id = f.get("other_claim_id")
    other = claim_link(claims[other_id]) if other_id in claims else None
    if other is None and f.get("other_source_id") is not None:
        other = internal(f"source {f['other_source_id']}", source_path(f["other_source_id"]))
    return FlagView(f["code"], f.get("severity") or "low", f.get("message") or "",
                    f.get("other_text"), other)


def _review(r: dict[str, Any] | None) -> ReviewView | None:
    if not r:
        return None
    return ReviewView(r.get("decision") or "", r.get("editor") or "", r.get("at") or "",
                      r.get("note") or "", bool(r.get("reopened")), r.get("out_of_date") or "")


def _class_reason(c: dict[str, Any]) -> str:
    reason = c.get("class_reason") or ""
    if misquoted(c.get("flags")):
        return (f"its numbers do not match the study it was traced to "
                f"(class {label(c.get('evidence_class'))}: {reason})")
    return reason


# How sides or patients were allocated is the design, not an arm ("allocated by a
# computer-generated sequence")
ALLOCATION = re.compile(r"\b(allocat\w*|randomi[sz]\w*|computer-generated|sealed envelopes?|"
                        r"block randomi[sz]ation|coin toss)\b", re.I)


def claim_view(c: dict[str, Any], source: dict[str, Any], studies: dict[Any, dict[str, Any]],
               claims: dict[Any, dict[str, Any]], *, jsonld: dict[str, Any] | None,
               overlaps: tuple[Any, ...], highlighted: bool) -> ClaimView:
    flags = tuple(sorted(dict.fromkeys(_flag(f, claims) for f in c.get("flag_details") or []),
                         key=lambda f: (SEVERITY_RANK.get(f.severity, 9), f.code)))  # once each
    if not flags and c.get("flags"):
        flags = tuple(FlagView(code, "low", "", None, None) for code in c["flags"])
    st = studies.get(c.get("study_id"))
    return ClaimView(
        id=c["id"], key=slug(c["id"]), anchor=claim_anchor(c["id"]), link=claim_link(c),
        source_id=source["id"],
        source=internal(source_title(source), source_path(source["id"])),
        source_kind=source.get("kind") or "other",
        start=c["start"], end=c["end"], text=c["text"], section=c.get("section"),
        subject=c.get("subject"), kind=c.get("kind") or "other",
        css=shown_class(c)[0], evidence_class=c.get("evidence_class") or "",
        class_label=shown_class(c)[1], class_reason=_class_reason(c),
        hedged=bool(c.get("hedged")),
        numbers=tuple(format_number(n) for n in c.get("numbers") or [] if isinstance(n, dict)),
        attribution=c.get("attribution"), agency=c.get("agency"),
        regulatory_status=c.get("regulatory_status"),
        study=study_ref(st) if st else None,
        flags=flags, severity=flags[0].severity if flags else None,
        review=_review(c.get("review")), jsonld=jsonld,
        overlaps=tuple(claim_link(claims[o]) for o in overlaps if o in claims),
        highlighted=highlighted,
    )


@dataclass(frozen=True)
class SourceHeader:
    id: Any
    title: str
    kind: str
    kind_label: str
    kind_reason: str
    facts: tuple[Fact, ...]
    identifiers: tuple[Href, ...]
    dates: tuple[Fact, ...]
    notes: tuple[str, ...]
    study: StudyRef | None


def source_header(s: dict[str, Any]) -> SourceHeader:
    """The header of a source page: what it is, where it came from, when."""
    where = shown_location(s["location"])
    facts = [Fact("location", where, external(where, s["location"]))]
    facts += [Fact("also at", shown_location(str(a)), external(shown_location(str(a)), str(a)))
              for a in (s.get("also_at") or [])]
    url = s.get("url")
    if url and url != s["location"]:
        facts.append(Fact("URL", url, external(url, url)))
    for key, name in (("publisher", "publisher"), ("site", "site")):
        if s.get(key) and (key != "site" or s.get("site") != s.get("publisher")):
            facts.append(Fact(name, str(s[key])))
    if s.get("authors"):
        facts.append(Fact("authors", "; ".join(str(a) for a in s["authors"])))
    facts.append(Fact("version", str(s.get("version", 1))))
    if s.get("content_hash"):
        facts.append(Fact("content hash", str(s["content_hash"])))
    dates = []
    if s.get("published"):
        dates.append(Fact("published", str(s["published"])))
    if s.get("ingested_at"):
        dates.append(Fact("ingested", str(s["ingested_at"])))
    own = s.get("study")
    return SourceHeader(
        id=s["id"], title=source_title(s), kind=s.get("kind") or "other",
        kind_label=label(s.get("kind")), kind_reason=s.get("kind_reason") or "",
        facts=tuple(facts),
        identifiers=identifier_links(s.get("doi"), s.get("pmid"), s.get("pmcid"),
                                     list(s.get("registrations") or [])),
        dates=tuple(dates), notes=tuple(str(n) for n in s.get("notes") or []),
        study=study_ref(own) if own else None,
    )


@dataclass(frozen=True)
class StudyCard:
    id: Any
    title: str
    summary: str
    own: bool
    facts: tuple[Fact, ...]
    outcomes: tuple[str, ...]
    arms: tuple[str, ...]
    identifiers: tuple[Href, ...]
    design_reason: str


def study_card(st: dict[str, Any]) -> StudyCard:
    """The design card: what kind of study, how large, how long, measuring what."""
    facts = [
        Fact("design", DESIGNS.get(st.get("design") or "unknown", label(st.get("design")))),
        Fact("randomized", yes_no(st.get("randomized"))),
        Fact("within-subject", yes_no(st.get("within_subject"))),
        Fact("blinding", st.get("blinding") or "not stated"),
        Fact("n", "not stated" if st.get("participants") is None else str(st["participants"])),
        Fact("arms", "not stated" if st.get("arms") is None else str(st["arms"])),
        Fact("duration", st.get("duration") or "not stated"),
    ]
    for key in ("sessions", "interval", "intervention", "comparator", "condition"):
        if st.get(key) not in (None, ""):
            facts.append(Fact(key, str(st[key])))
    cite = st.get("citation") or {}
    for key in ("first_author", "year"):
        if cite.get(key):
            facts.append(Fact(label(key), str(cite[key])))
    return StudyCard(
        id=st["id"], title=study_title(st), summary=study_summary(st),
        own=bool(st.get("reported_in_own_source")), facts=tuple(facts),
        outcomes=tuple(str(o) for o in st.get("outcomes") or []),
        arms=tuple(str(a) for a in st.get("arm_descriptions") or [] if not ALLOCATION.search(str(a))),
        identifiers=identifier_links(cite.get("doi"), cite.get("pmid"), cite.get("pmcid"),
                                     list(st.get("registrations") or [])),
        design_reason=st.get("design_reason") or "",
    )
