"""From the export dict to one typed context per page of the report.

Pure: no database, no jinja, no files. The templates receive these
dataclasses and nothing else, so a page cannot query anything and a test can
check what a page will show without rendering it. Every list is sorted by
ids or offsets, so one export always gives the same pages in the same order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from evidence.report import highlight, svg, tracing
from evidence.report.jsonld import claim_review
from evidence.report.links import (
    Href,
    claim_anchor,
    internal,
    slug,
    source_path,
    study_path,
)
from evidence.report.views import (
    CLAIM_KINDS,
    CLASSES,
    SEVERITY_RANK,
    SOURCE_KINDS,
    ClaimView,
    Fact,
    SourceHeader,
    StudyCard,
    claim_link,
    claim_view,
    css_class,
    label,
    shown_class,
    source_header,
    source_title,
    study_card,
    study_summary,
    study_title,
)

INDEX_LIMIT = 25
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "base-uri 'none'; form-action 'none'")


def id_key(value: Any) -> tuple[int, int, str]:
    """Integer ids in numeric order, then any other ids by text."""
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return (0, int(value), "")
    return (1, 0, str(value))


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int
    css: str = ""


@dataclass(frozen=True)
class Page:
    """What every page has: where it is written, how it reaches the root, its title."""

    path: str
    root: str
    title: str
    nav: str


@dataclass(frozen=True)
class SourcePage(Page):
    source: SourceHeader
    segments: tuple[highlight.Segment, ...]
    claims: tuple[ClaimView, ...]
    classes: tuple[Count, ...]
    bar: svg.StackedBar
    unplaced: tuple[ClaimView, ...]


@dataclass(frozen=True)
class Trace:
    """A claim that traces to the study, beside the study's own statement."""

    claim: ClaimView
    claim_pieces: tuple[highlight.Piece, ...]
    statement: tracing.Statement | None
    statement_link: Href | None
    statement_pieces: tuple[highlight.Piece, ...]
    mismatches: tuple[str, ...]
    matched_on: tuple[str, ...]
    confidence: str | None


@dataclass(frozen=True)
class Mention:
    """Another document's description of the study, traced to it."""

    study: Href
    source: Href
    text: str


@dataclass(frozen=True)
class StudyPage(Page):
    card: StudyCard
    source: Href
    traced_to: Href | None
    mentions: tuple[Mention, ...]
    traces: tuple[Trace, ...]


@dataclass(frozen=True)
class FlaggedPage(Page):
    claims: tuple[ClaimView, ...]
    codes: tuple[Count, ...]
    reviewed: int


@dataclass(frozen=True)
class RegLink:
    note: Href
    text: str
    mismatches: tuple[str, ...]
    matched_on: tuple[str, ...]


@dataclass(frozen=True)
class RegStatement:
    claim: ClaimView
    notes: tuple[RegLink, ...]


@dataclass(frozen=True)
class RegGroup:
    title: str
    source: Href | None
    kind: str
    primary: tuple[ClaimView, ...] = ()
    statements: tuple[RegStatement, ...] = ()


@dataclass(frozen=True)
class RegulatoryPage(Page):
    primary: tuple[RegGroup, ...]
    commercial: tuple[RegGroup, ...]
    elsewhere: tuple[RegGroup, ...]


@dataclass(frozen=True)
class SourceRow:
    link: Href
    kind: str
    published: str
    claims: int
    flagged: int
    bar: svg.StackedBar


@dataclass(frozen=True)
class StudyRow:
    link: Href
    summary: str
    source: Href
    own: bool
    traces: int


@dataclass(frozen=True)
class IndexPage(Page):
    totals: tuple[Fact, ...]
    classes: tuple[Count, ...]
    chart: svg.BarChart
    kinds: tuple[Count, ...]
    source_kinds: tuple[Count, ...]
    flag_codes: tuple[Count, ...]
    flagged: tuple[ClaimView, ...]
    flagged_total: int
    notes: tuple[ClaimView, ...]
    notes_total: int
    statements_total: int
    sources: tuple[SourceRow, ...]
    studies: tuple[StudyRow, ...]


@dataclass(frozen=True)
class ReportContext:
    index: IndexPage
    flagged: FlaggedPage
    regulatory: RegulatoryPage
    sources: tuple[SourcePage, ...]
    studies: tuple[StudyPage, ...]
    legend: tuple[Count, ...] = field(default=())

    def pages(self) -> list[Page]:
        return [self.index, self.flagged, self.regulatory, *self.sources, *self.studies]


def _counts(values: list[str], order: tuple[str, ...], *, keep_zero: bool) -> tuple[Count, ...]:
    return counts_of(Counter(values), order, keep_zero=keep_zero)


def counts_of(c: Counter[str], order: tuple[str, ...], *, keep_zero: bool) -> tuple[Count, ...]:
    """Counts in the vocabulary's order, then any other values by name."""
    keys = [k for k in order if keep_zero or c.get(k)] + sorted(k for k in c if k not in order)
    return tuple(Count(k, label(k), c.get(k, 0), css_class(k)) for k in keys)


def _code_counts(flagged: list[ClaimView]) -> tuple[Count, ...]:
    return code_counts(Counter(f.code for v in flagged for f in v.flags))


def code_counts(codes: Counter[str]) -> tuple[Count, ...]:
    """Flag codes, most frequent first."""
    return tuple(Count(k, label(k), n)
                 for k, n in sorted(codes.items(), key=lambda kv: (-kv[1], kv[0])))


def _class_parts(claims: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    return class_parts(Counter(x.get("evidence_class") or "" for x in claims))


def class_parts(classes: Counter[str]) -> list[tuple[str, str, int]]:
    """(CSS class, label, count) of a source's claims by evidence class, for its bar."""
    return [(c.css, c.label, c.count) for c in counts_of(classes, CLASSES, keep_zero=False)]


def flag_rank(v: ClaimView) -> int:
    """Where a flagged claim's worst flag puts it in the flagged list (most severe first)."""
    return SEVERITY_RANK.get(v.severity or "", 9)


def is_regulatory_statement(c: dict[str, Any]) -> bool:
    return c.get("kind") == "regulatory" or c.get("evidence_class") == "regulatory"


def legend() -> tuple[Count, ...]:
    return tuple(Count(k, label(k), 0, css_class(k)) for k in CLASSES) + (
        Count("misquoted", "misquoted (numbers do not match the study)", 0, "misquoted"),)


# --- one page's parts, shared by the whole-export build and the streamed one -----------


def source_views(source: dict[str, Any], claims: list[dict[str, Any]],
                 studies: dict[Any, dict[str, Any]], claims_by_id: dict[Any, dict[str, Any]]
                 ) -> tuple[tuple[highlight.Segment, ...], dict[Any, ClaimView]]:
    """A source's text cut at its claims, and the view of each claim (in document order).
    `studies` and `claims_by_id` must hold every study and claim the claims refer to."""
    keys = {slug(c["id"]): c["id"] for c in claims}
    spans = [highlight.Span(c["start"], c["end"], slug(c["id"]), shown_class(c)[0])
             for c in claims]
    segs = highlight.split(source.get("text") or "", spans)
    placed = {s.key for s in segs if s.first}
    over = highlight.overlaps(segs)
    views = {}
    for c in claims:
        k = slug(c["id"])
        st = studies.get(c.get("study_id"))
        views[c["id"]] = claim_view(
            c, source, studies, claims_by_id,
            jsonld=claim_review(c, source, st, "#" + claim_anchor(c["id"])),
            overlaps=tuple(keys[o] for o in over.get(k, ())), highlighted=k in placed)
    return segs, views


def source_page(s: dict[str, Any], claims: list[dict[str, Any]], views: tuple[ClaimView, ...],
                segments: tuple[highlight.Segment, ...]) -> SourcePage:
    return SourcePage(
        path=source_path(s["id"]), root="../", title=source_title(s), nav="sources",
        source=source_header(s), segments=segments, claims=views,
        classes=_counts([c.get("evidence_class") or "" for c in claims], CLASSES,
                        keep_zero=False),
        bar=svg.stacked_bar(_class_parts(claims), len(claims), width=320),
        unplaced=tuple(v for v in views if not v.highlighted),
    )


def own_report(st: dict[str, Any], studies: dict[Any, dict[str, Any]]) -> dict[str, Any] | None:
    """The study whose own report holds the statements `st` is compared with: itself, or
    the study a mention was traced to; None when neither was ingested as its own report."""
    target = st
    if not st.get("reported_in_own_source") and st.get("traced_to") in studies:
        target = studies[st["traced_to"]]
    return target if target.get("reported_in_own_source") else None


def cites_from_outside(c: dict[str, Any], st: dict[str, Any]) -> bool:
    """Whether a claim citing the study is shown on its page: not one of its own report's."""
    return not (st.get("reported_in_own_source") and c["source_id"] == st["source_id"])


def trace(c: dict[str, Any], view: ClaimView, st: dict[str, Any], own: list[dict[str, Any]],
          link: dict[str, Any] | None, claims_by_id: dict[Any, dict[str, Any]]) -> Trace:
    """A citing claim beside the study's statement (`own`: its report's claims, in order)."""
    mismatches = tuple(link["mismatches"]) if link else ()
    stmt = tracing.best_statement(c, own) if own else tracing.descriptor(st)
    claim_needles: list[str] = []
    study_needles: list[str] = []
    for m in mismatches:
        left, right = highlight.mismatch_needles(m)
        claim_needles += left
        study_needles += right
    return Trace(
        claim=view,
        claim_pieces=highlight.mark(c["text"], claim_needles),
        statement=stmt,
        statement_link=(claim_link(claims_by_id[stmt.claim_id])
                        if stmt and stmt.claim_id in claims_by_id else None),
        statement_pieces=highlight.mark(stmt.text, study_needles) if stmt else (),
        mismatches=mismatches,
        matched_on=tuple(link["matched_on"]) if link else (),
        confidence=f"{link['confidence']:.2f}" if link else None,
    )


def study_page(st: dict[str, Any], src: dict[str, Any] | None, traced: dict[str, Any] | None,
               mentions: list[tuple[dict[str, Any], dict[str, Any] | None]],
               traces: tuple[Trace, ...]) -> StudyPage:
    """A study's page (`mentions`: the stubs traced to it, each with its source)."""
    shown = []
    for other, osrc in mentions:
        d = tracing.descriptor(other)
        shown.append(Mention(
            internal(study_title(other), study_path(other["id"])),
            internal(source_title(osrc) if osrc else f"source {other['source_id']}",
                     source_path(other["source_id"])),
            d.text if d else study_summary(other)))
    return StudyPage(
        path=study_path(st["id"]), root="../", title=study_title(st), nav="studies",
        card=study_card(st),
        source=internal(source_title(src) if src else f"source {st['source_id']}",
                        source_path(st["source_id"])),
        traced_to=internal(study_title(traced), study_path(traced["id"])) if traced else None,
        mentions=tuple(shown), traces=traces,
    )


def reg_group(s: dict[str, Any], claims: list[dict[str, Any]], views: dict[Any, ClaimView],
              reg_links: dict[Any, list[dict[str, Any]]], claims_by_id: dict[Any, dict[str, Any]],
              sources_by_id: dict[Any, dict[str, Any]]) -> tuple[str, RegGroup] | None:
    """A source's group on the regulatory page and its section (primary, commercial or
    elsewhere), or None when it says nothing about regulation."""
    link = internal(source_title(s), source_path(s["id"]))
    kind = s.get("kind") or "other"
    if kind == "regulatory":
        if not claims:
            return None
        return "primary", RegGroup(source_title(s), link, kind,
                                   primary=tuple(views[c["id"]] for c in claims))
    rows = tuple(RegStatement(views[c["id"]], _reg_notes(reg_links.get(c["id"], []),
                                                         claims_by_id, sources_by_id))
                 for c in claims if is_regulatory_statement(c))
    if not rows:
        return None
    return ("commercial" if kind == "commercial" else "elsewhere"), \
        RegGroup(source_title(s), link, kind, statements=rows)


def _reg_notes(links: list[dict[str, Any]], claims_by_id: dict[Any, dict[str, Any]],
               sources_by_id: dict[Any, dict[str, Any]]) -> tuple[RegLink, ...]:
    out = []
    for ln in links:
        note = claims_by_id.get(ln.get("to_claim"))
        if note is not None:
            href, text = claim_link(note), note["text"]
        elif ln.get("to_source") in sources_by_id:
            s = sources_by_id[ln["to_source"]]
            href, text = internal(source_title(s), source_path(s["id"])), ""
        else:
            continue
        out.append(RegLink(href, text, tuple(ln.get("mismatches") or ()),
                           tuple(ln.get("matched_on") or ())))
    return tuple(out)


def source_row(s: dict[str, Any], claims: int, flagged: int,
               parts: list[tuple[str, str, int]], biggest: int) -> SourceRow:
    return SourceRow(internal(source_title(s), source_path(s["id"])), label(s.get("kind")),
                     str(s.get("published") or ""), claims, flagged,
                     svg.stacked_bar(parts, biggest))


def study_row(p: StudyPage) -> StudyRow:
    return StudyRow(internal(p.card.title, p.path), p.card.summary, p.source, p.card.own,
                    len(p.traces))


def totals(sources: int, claims: int, studies: int, flagged: int, reviewed: int,
           links: int) -> tuple[Fact, ...]:
    return (Fact("sources", str(sources)), Fact("claims", str(claims)),
            Fact("studies", str(studies)), Fact("flagged claims", str(flagged)),
            Fact("reviewed claims", str(reviewed)), Fact("links", str(links)))


class _Builder:
    """Indexes the export once; each method assembles one kind of page."""

    def __init__(self, data: dict[str, Any]):
        self.sources = {s["id"]: s for s in data["sources"]}
        self.studies = {st["id"]: st for st in data["studies"]}
        self.claims = {c["id"]: c for c in data["claims"]}
        self.links = list(data["links"])
        self.by_source: dict[Any, list[dict[str, Any]]] = {sid: [] for sid in self.sources}
        for c in sorted(data["claims"], key=lambda c: (c["start"], c["end"], id_key(c["id"]))):
            self.by_source.setdefault(c["source_id"], []).append(c)
        self.by_study: dict[Any, dict[Any, dict[str, Any]]] = {}
        for c in data["claims"]:
            if c.get("study_id") is not None:
                self.by_study.setdefault(c["study_id"], {})[c["id"]] = c
        self.study_links: dict[Any, dict[Any, dict[str, Any]]] = {}
        for ln in self.links:
            if ln.get("to_study") is not None and ln.get("from_claim") in self.claims:
                self.study_links.setdefault(ln["to_study"], {}).setdefault(ln["from_claim"], ln)
                self.by_study.setdefault(ln["to_study"], {})[ln["from_claim"]] = \
                    self.claims[ln["from_claim"]]
        self.mentions: dict[Any, list[dict[str, Any]]] = {}
        for st in sorted(self.studies.values(), key=lambda x: id_key(x["id"])):
            if st.get("traced_to") is not None and st["traced_to"] != st["id"]:
                self.mentions.setdefault(st["traced_to"], []).append(st)
        self.views: dict[Any, ClaimView] = {}
        self.segments: dict[Any, tuple[highlight.Segment, ...]] = {}
        for sid, claims in self.by_source.items():
            if sid in self.sources:
                self.segments[sid], views = source_views(self.sources[sid], claims,
                                                         self.studies, self.claims)
                self.views.update(views)

    # --- per-item pages ------------------------------------------------------

    def source_page(self, sid: Any) -> SourcePage:
        claims = self.by_source.get(sid, [])
        return source_page(self.sources[sid], claims,
                           tuple(self.views[c["id"]] for c in claims), self.segments.get(sid, ()))

    def _traced_claims(self, st: dict[str, Any]) -> list[dict[str, Any]]:
        """Claims that cite the study (by their own study or a link), outside its own report."""
        out = [c for c in self.by_study.get(st["id"], {}).values() if c["id"] in self.views
               and cites_from_outside(c, st)]
        return sorted(out, key=lambda c: (id_key(c["source_id"]), c["start"], id_key(c["id"])))

    def study_page(self, stid: Any) -> StudyPage:
        st = self.studies[stid]
        target = own_report(st, self.studies)
        own = self.by_source.get(target["source_id"], []) if target else []
        links = self.study_links.get(stid, {})
        mentions = [(other, self.sources.get(other["source_id"]))
                    for other in self.mentions.get(stid, [])]
        traces = tuple(trace(c, self.views[c["id"]], st, own, links.get(c["id"]), self.claims)
                       for c in self._traced_claims(st))
        return study_page(st, self.sources.get(st["source_id"]),
                          self.studies.get(st.get("traced_to")), mentions, traces)

    # --- whole-base pages ----------------------------------------------------

    def flagged_views(self) -> list[ClaimView]:
        views = [v for v in self.views.values() if v.flags]
        return sorted(views, key=lambda v: (flag_rank(v), id_key(v.source_id), v.start,
                                            id_key(v.id)))

    def flagged_page(self) -> FlaggedPage:
        views = self.flagged_views()
        return FlaggedPage(
            path="flagged.html", root="", title="Flagged claims", nav="flagged",
            claims=tuple(views), codes=_code_counts(views),
            reviewed=sum(1 for v in views if v.review),
        )

    def regulatory_page(self) -> RegulatoryPage:
        reg_links: dict[Any, list[dict[str, Any]]] = {}
        for ln in self.links:
            if ln.get("kind") == "regulatory" and ln.get("from_claim") is not None:
                reg_links.setdefault(ln["from_claim"], []).append(ln)
        groups: dict[str, list[RegGroup]] = {"primary": [], "commercial": [], "elsewhere": []}
        for sid in sorted(self.sources, key=id_key):
            got = reg_group(self.sources[sid], self.by_source.get(sid, []), self.views,
                            reg_links, self.claims, self.sources)
            if got is not None:
                groups[got[0]].append(got[1])
        return RegulatoryPage(path="regulatory.html", root="", title="Regulatory notes",
                              nav="regulatory", primary=tuple(groups["primary"]),
                              commercial=tuple(groups["commercial"]),
                              elsewhere=tuple(groups["elsewhere"]))

    def index_page(self, studies: tuple[StudyPage, ...]) -> IndexPage:
        claims = sorted(self.claims.values(), key=lambda c: (str(c["source_id"]), c["start"]))
        classes = _counts([c.get("evidence_class") or "" for c in claims], CLASSES, keep_zero=True)
        flagged = self.flagged_views()
        notes = [self.views[c["id"]] for sid in sorted(self.sources, key=id_key)
                 if self.sources[sid].get("kind") == "regulatory"
                 for c in self.by_source.get(sid, [])]
        statements = sum(1 for c in claims if is_regulatory_statement(c)
                         and self.sources.get(c["source_id"], {}).get("kind") != "regulatory")
        biggest = max((len(v) for v in self.by_source.values()), default=0)
        rows = []
        for sid in sorted(self.sources, key=id_key):
            s, cl = self.sources[sid], self.by_source.get(sid, [])
            rows.append(source_row(s, len(cl), sum(1 for c in cl if c.get("flags")),
                                   _class_parts(cl), biggest))
        reviewed = sum(1 for c in claims if c.get("review"))
        return IndexPage(
            path="index.html", root="", title="Evidence report", nav="index",
            totals=totals(len(self.sources), len(claims), len(self.studies), len(flagged),
                          reviewed, len(self.links)),
            classes=classes, chart=svg.bar_chart([(c.css, c.label, c.count) for c in classes]),
            kinds=_counts([c.get("kind") or "" for c in claims], CLAIM_KINDS, keep_zero=False),
            source_kinds=_counts([s.get("kind") or "" for s in self.sources.values()],
                                 SOURCE_KINDS, keep_zero=False),
            flag_codes=_code_counts(flagged),
            flagged=tuple(flagged[:INDEX_LIMIT]), flagged_total=len(flagged),
            notes=tuple(notes[:INDEX_LIMIT]), notes_total=len(notes),
            statements_total=statements, sources=tuple(rows),
            studies=tuple(study_row(p) for p in studies),
        )


def build_context(data: dict[str, Any]) -> ReportContext:
    """Every page's context from one export dict (`evidence.export.build_export`)."""
    b = _Builder(data)
    sources = tuple(b.source_page(sid) for sid in sorted(b.sources, key=id_key))
    studies = tuple(b.study_page(stid) for stid in sorted(b.studies, key=id_key))
    return ReportContext(index=b.index_page(studies), flagged=b.flagged_page(),
                         regulatory=b.regulatory_page(), sources=sources, studies=studies,
                         legend=legend())

