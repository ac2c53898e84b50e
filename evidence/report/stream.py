"""The report built from the store page by page, in memory that does not grow with the base.

`build_report` takes the whole export in memory; this path reads the store a
few sources at a time (`evidence.store.report_rows`), shapes each slice with
`evidence.export.build_export` and builds its source pages with the same
functions (`context`), so every page comes out byte for byte as from the
whole export. What pages listing the whole base need from the source pages
(claims' views, regulatory groups, one row per source) goes to a scratch file
(`spill`); studies come next, in slices of their own, then the index, the
flagged claims and the regulatory page, whose long lists are read back from
the scratch file while their templates are written out. `claims.json` and
`claims.csv` are written record by record in the export's own layout.
"""

from __future__ import annotations

import csv
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from jinja2 import Environment

from evidence.export import (
    CSV_COLUMNS,
    SECTIONS,
    build_export,
    csv_row,
    json_head,
    json_item,
    link_json,
    study_json,
)
from evidence.report import svg
from evidence.report.context import (
    CLAIM_KINDS,
    CLASSES,
    INDEX_LIMIT,
    SOURCE_KINDS,
    Count,
    FlaggedPage,
    IndexPage,
    Page,
    RegulatoryPage,
    Trace,
    cites_from_outside,
    class_parts,
    code_counts,
    counts_of,
    flag_rank,
    id_key,
    is_regulatory_statement,
    legend,
    own_report,
    reg_group,
    source_page,
    source_row,
    source_views,
    study_page,
    study_row,
    totals,
    trace,
)
from evidence.report.render import unwritable, write_page
from evidence.report.spill import Lazy, Spill
from evidence.report.views import ClaimView
from evidence.store.report_rows import ReportRows, SourceSlice, StudySlice


@dataclass(frozen=True)
class StreamedReport:
    """What templates see as `report` in a streamed build: the legend every page shows.
    (A whole-export build passes the full `ReportContext`; no page needs more.)"""

    legend: tuple[Count, ...] = field(default_factory=legend)


class _Section:
    """One list of `claims.json`, written record by record to a scratch file."""

    def __init__(self, name: str, fh: IO[str]):
        self.name, self.fh, self.count = name, fh, 0

    def add(self, record: dict[str, Any]) -> None:
        self.fh.write(("\n" if self.count == 0 else ",\n") + json_item(record))
        self.count += 1

    def copy_to(self, out: IO[str], last: bool) -> None:
        out.write(f'\n  "{self.name}": [')
        if self.count:
            self.fh.seek(0)
            while chunk := self.fh.read(1 << 16):
                out.write(chunk)
            out.write("\n  ]")
        else:
            out.write("]")
        out.write("\n}\n" if last else ",")


@dataclass
class _Totals:
    """Counts over the whole base, gathered while the source pages are written."""

    sources: int = 0
    claims: int = 0
    reviewed: int = 0
    statements: int = 0
    notes_total: int = 0
    biggest: int = 0
    flagged_reviewed: int = 0
    links: int = 0
    classes: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    source_kinds: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    notes: list[ClaimView] = field(default_factory=list)


class StreamBuilder:
    """One streamed build: `run` writes every page and file and returns the page count."""

    def __init__(self, env: Environment, rows: ReportRows, out_dir: Path, spill: Spill,
                 scratch: ExitStack, step: Callable[[str], Any]):
        self.env, self.rows, self.out_dir, self.spill, self.step = env, rows, out_dir, spill, step
        self.report = StreamedReport()
        self.totals = _Totals()
        self.written: set[str] = set()

        def part() -> IO[str]:
            return scratch.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))

        self.json = {name: _Section(name, part()) for name in SECTIONS}
        self.csv = scratch.enter_context(  # closed with the build's scratch files
            open(out_dir / "claims.csv", "w", encoding="utf-8", newline=""))  # noqa: SIM115
        self.csv_writer = csv.writer(self.csv, lineterminator="\n")
        self.csv_writer.writerow(CSV_COLUMNS)

    def _write(self, page: Page) -> None:
        write_page(self.env, page, self.report, self.out_dir)
        self.written.add(page.path)
        self.step(page.path)

    def run(self) -> int:
        for piece in self.rows.source_slices():
            self._sources(piece)
        for study_piece in self.rows.study_slices():
            self._studies(study_piece)
        for ln in self.rows.links():
            self.json["links"].add(link_json(ln))
        self.totals.links = self.json["links"].count
        self._write(self._index())
        self._write(self._flagged())
        self._write(self._regulatory())
        with open(self.out_dir / "claims.json", "w", encoding="utf-8", newline="\n") as out:
            out.write(json_head())
            for i, name in enumerate(SECTIONS):
                self.json[name].copy_to(out, last=i == len(SECTIONS) - 1)
        return len(self.written)

    # --- sources -----------------------------------------------------------------

    def _sources(self, piece: SourceSlice) -> None:
        data = build_export(piece.snapshot)
        studies = {st["id"]: st for st in data["studies"]}
        studies.update((st.id, study_json(st)) for st in piece.ref_studies
                       if st.id not in studies)
        claims_by_id: dict[Any, dict[str, Any]] = {
            r.id: {"id": r.id, "source_id": r.source_id, "text": r.text} for r in piece.ref_claims}
        claims_by_id.update((c["id"], c) for c in data["claims"])
        sources_by_id: dict[Any, dict[str, Any]] = {
            r.id: {"id": r.id, "title": r.title, "location": r.location} for r in piece.ref_sources}
        sources_by_id.update((s["id"], s) for s in data["sources"])
        by_source: dict[Any, list[dict[str, Any]]] = {s["id"]: [] for s in data["sources"]}
        for c in sorted(data["claims"], key=lambda c: (c["start"], c["end"], id_key(c["id"]))):
            by_source[c["source_id"]].append(c)
        reg_links: dict[Any, list[dict[str, Any]]] = {}
        cites_by_link: set[Any] = set()
        for ln in data["links"]:
            if ln.get("kind") == "regulatory" and ln.get("from_claim") is not None:
                reg_links.setdefault(ln["from_claim"], []).append(ln)
            if ln.get("to_study") is not None:
                cites_by_link.add(ln.get("from_claim"))
        for s in data["sources"]:
            self.json["sources"].add(s)
            claims = by_source[s["id"]]
            segments, views = source_views(s, claims, studies, claims_by_id)
            self._write(source_page(s, claims, tuple(views[c["id"]] for c in claims), segments))
            self._keep(s, claims, views, cites_by_link)
            got = reg_group(s, claims, views, reg_links, claims_by_id, sources_by_id)
            if got is not None:
                self.spill.append(got[0], got[1])
        for c in data["claims"]:
            self.json["claims"].add(c)
            self.csv_writer.writerow(csv_row(c, sources_by_id[c["source_id"]]["location"]))

    def _keep(self, s: dict[str, Any], claims: list[dict[str, Any]],
              views: dict[Any, ClaimView], cites_by_link: set[Any]) -> None:
        """Count a source's claims into the totals and spill what later pages show of them."""
        t = self.totals
        t.sources += 1
        t.claims += len(claims)
        t.biggest = max(t.biggest, len(claims))
        t.source_kinds[s.get("kind") or ""] += 1
        regulatory = s.get("kind") == "regulatory"
        flagged = 0
        rows = []
        for c in claims:
            v = views[c["id"]]
            t.classes[c.get("evidence_class") or ""] += 1
            t.kinds[c.get("kind") or ""] += 1
            t.reviewed += bool(c.get("review"))
            t.statements += is_regulatory_statement(c) and not regulatory
            flagged += bool(c.get("flags"))
            if v.flags:
                t.codes.update(f.code for f in v.flags)
                t.flagged_reviewed += bool(v.review)
            cited = c.get("study_id") is not None or c["id"] in cites_by_link
            if v.flags or cited or s.get("study"):
                rows.append((c["id"], c["source_id"], c["start"], c["end"],
                             flag_rank(v) if v.flags else None, v,
                             c if cited or s.get("study") else None))
        self.spill.add_claims(rows)
        if regulatory:
            t.notes_total += len(claims)
            t.notes.extend(views[c["id"]] for c in claims[:INDEX_LIMIT - len(t.notes)])
        light = {k: s.get(k) for k in ("id", "title", "location", "kind", "published")}
        self.spill.append("sources", (light, len(claims), flagged,
                                      class_parts(Counter(c.get("evidence_class") or ""
                                                          for c in claims))))

    # --- studies -----------------------------------------------------------------

    def _studies(self, piece: StudySlice) -> None:
        studies = {st.id: study_json(st) for st in (*piece.traced_to, *piece.studies)}
        sources = {r.id: {"id": r.id, "title": r.title, "location": r.location}
                   for r in piece.sources}
        mentions: dict[Any, list[dict[str, Any]]] = {}
        for m in piece.mentions:
            if m.traced_to != m.id:
                mentions.setdefault(m.traced_to, []).append(study_json(m))
        links: dict[Any, dict[Any, dict[str, Any]]] = {}
        for ln in map(link_json, piece.links):
            links.setdefault(ln["to_study"], {}).setdefault(ln["from_claim"], ln)
        citing: dict[Any, list[Any]] = {}
        for stid, cid in piece.citing:
            citing.setdefault(stid, []).append(cid)
        for row in piece.studies:
            st = studies[row.id]
            self.json["studies"].add(st)
            kept = self.spill.claims(citing.get(st["id"], []))
            target = own_report(st, studies)
            own = self.spill.source_claims(target["source_id"]) if target else []
            own_by_id = {c["id"]: c for c in own}
            cited = sorted(((v, c) for v, c in kept.values()
                            if c is not None and cites_from_outside(c, st)),
                           key=lambda vc: (id_key(vc[1]["source_id"]), vc[1]["start"],
                                           id_key(vc[1]["id"])))
            traces: tuple[Trace, ...] = tuple(
                trace(c, v, st, own, links.get(st["id"], {}).get(c["id"]), own_by_id)
                for v, c in cited)
            page = study_page(st, sources.get(st["source_id"]),
                              studies.get(st.get("traced_to")),
                              [(m, sources.get(m["source_id"])) for m in mentions.get(st["id"], [])],
                              traces)
            self._write(page)
            self.spill.append("studies", study_row(page))

    # --- whole-base pages ----------------------------------------------------------

    def _index(self) -> IndexPage:
        t, spill = self.totals, self.spill
        flagged_total = spill.flagged_count()
        classes = counts_of(t.classes, CLASSES, keep_zero=True)
        biggest = t.biggest

        def rows() -> Iterator[Any]:
            for light, n, flagged, parts in spill.items("sources"):
                yield source_row(light, n, flagged, parts, biggest)

        return IndexPage(
            path="index.html", root="", title="Evidence report", nav="index",
            totals=totals(t.sources, t.claims, spill.count("studies"), flagged_total,
                          t.reviewed, t.links),
            classes=classes, chart=svg.bar_chart([(c.css, c.label, c.count) for c in classes]),
            kinds=counts_of(t.kinds, CLAIM_KINDS, keep_zero=False),
            source_kinds=counts_of(t.source_kinds, SOURCE_KINDS, keep_zero=False),
            flag_codes=code_counts(t.codes),
            flagged=tuple(spill.flagged(INDEX_LIMIT)), flagged_total=flagged_total,
            notes=tuple(t.notes), notes_total=t.notes_total,
            statements_total=t.statements,
            sources=Lazy(spill.count("sources"), rows),
            studies=Lazy(spill.count("studies"), lambda: spill.items("studies")),
        )

    def _flagged(self) -> FlaggedPage:
        spill = self.spill
        return FlaggedPage(
            path="flagged.html", root="", title="Flagged claims", nav="flagged",
            claims=Lazy(spill.flagged_count(), spill.flagged), codes=code_counts(self.totals.codes),
            reviewed=self.totals.flagged_reviewed,
        )

    def _regulatory(self) -> RegulatoryPage:
        spill = self.spill

        def section(name: str) -> Lazy[Any]:
            return Lazy(spill.count(name), lambda: spill.items(name))

        return RegulatoryPage(path="regulatory.html", root="", title="Regulatory notes",
                              nav="regulatory", primary=section("primary"),
                              commercial=section("commercial"), elsewhere=section("elsewhere"))


def stream_site(env: Environment, rows: ReportRows, out_dir: Path,
                step: Callable[[str], Any]) -> tuple[int, set[str]]:
    """Write every page and the export files from `rows`; return the page count and the
    pages written (so stale ones can be removed)."""
    try:
        with ExitStack() as scratch:
            spill = scratch.enter_context(Spill())
            builder = StreamBuilder(env, rows, out_dir, spill, scratch, step)
            return builder.run(), builder.written
    except OSError as exc:
        raise unwritable(out_dir, exc) from None

