"""Reads for the static report, one slice of the evidence base at a time.

`Store.snapshot` loads every latest row at once, which the report outgrew: a
base of a few thousand documents held all their texts, claims and flags in
memory for the whole build. The report instead reads a few dozen sources at a
time, each slice with exactly the rows `evidence.export.build_export` needs
for those sources (so its pages come out as from the full snapshot), plus the
few rows of other documents its claims point to. Every read of one build
happens in one transaction, so the pages agree with each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, exists, func, or_, select, union
from sqlalchemy.engine import Connection

from evidence.store.db import CLAIM, FLAG, LINK, SOURCE, STUDY, Store
from evidence.store.schema import ReviewRow

REVIEW = ReviewRow.__table__
# every column the export reads; never the raw bytes or the parsed blocks
_SOURCE_COLUMNS = [c for c in SOURCE.c if c.name not in ("raw", "blocks")]
_TITLE_COLUMNS = [SOURCE.c.id, SOURCE.c.title, SOURCE.c.location]
SOURCES_PER_SLICE = 32
STUDIES_PER_SLICE = 32


def _latest() -> Select:  # type: ignore[type-arg]
    return select(SOURCE.c.id).where(SOURCE.c.is_latest)


@dataclass
class SourceSlice:
    """Rows of a few latest sources, shaped as `Store.snapshot()` (its `snapshot`), and the
    rows of other documents they refer to: studies their claims cite, claims their flags
    and regulatory links name (id, source_id, text), sources their links name
    (id, title, location)."""

    snapshot: dict[str, list[Any]]
    ref_studies: list[Any] = field(default_factory=list)
    ref_claims: list[Any] = field(default_factory=list)
    ref_sources: list[Any] = field(default_factory=list)


@dataclass
class StudySlice:
    """A few latest studies with what their pages show beside them: the studies they were
    traced to, the stubs traced to them (`mentions`, by id), the titles of the sources of
    all of these, their links from claims (by id), and the ids of the claims citing them
    (`citing`: pairs of study id and claim id, by the claim's own or traced study)."""

    studies: list[Any]
    traced_to: list[Any]
    mentions: list[Any]
    sources: list[Any]
    links: list[Any]
    citing: list[tuple[int, int]]


class ReportRows:
    """The report's reads over one open read transaction (see `report_rows`)."""

    def __init__(self, conn: Connection):
        self.conn = conn

    def counts(self) -> tuple[int, int]:
        """How many latest sources and studies: the report's page count before it starts."""
        sources = self.conn.execute(select(func.count()).select_from(SOURCE)
                                    .where(SOURCE.c.is_latest)).scalar_one()
        studies = self.conn.execute(select(func.count()).select_from(STUDY)
                                    .where(STUDY.c.source_id.in_(_latest()))).scalar_one()
        return int(sources), int(studies)

    def source_slices(self, size: int | None = None) -> Iterator[SourceSlice]:
        """The latest sources by id, `size` (SOURCES_PER_SLICE) at a time, each with its
        own rows."""
        size = size or SOURCES_PER_SLICE
        after = 0
        while True:
            sources = list(self.conn.execute(
                select(*_SOURCE_COLUMNS).where(SOURCE.c.is_latest, SOURCE.c.id > after)
                .order_by(SOURCE.c.id).limit(size)))
            if not sources:
                return
            after = sources[-1].id
            yield self._source_slice(sources)

    def _source_slice(self, sources: list[Any]) -> SourceSlice:
        c = self.conn
        ids = [s.id for s in sources]
        claim_ids = select(CLAIM.c.id).where(CLAIM.c.source_id.in_(ids))
        studies = list(c.execute(select(STUDY).where(STUDY.c.source_id.in_(ids))
                                 .order_by(STUDY.c.id)))
        claims = list(c.execute(select(CLAIM).where(CLAIM.c.source_id.in_(ids))
                                .order_by(CLAIM.c.source_id, CLAIM.c.ordinal)))
        flags = list(c.execute(select(FLAG).where(FLAG.c.claim_id.in_(claim_ids))
                               .order_by(FLAG.c.claim_id, FLAG.c.id)))
        study_ids = [st.id for st in studies]
        links = list(c.execute(select(LINK).where(
            or_(LINK.c.from_claim.in_(claim_ids), LINK.c.from_study.in_(study_ids)))
            .order_by(LINK.c.id)))
        snapshot = {"sources": sources, "studies": studies, "claims": claims, "flags": flags,
                    "links": links, "reviews": self._reviews(ids)}
        cited = {cl.traced_study_id or cl.study_id for cl in claims} - {None, *study_ids}
        named = ({f.other_claim_id for f in flags} | {ln.to_claim for ln in links}) - {None}
        to_sources = {ln.to_source for ln in links} - {None}
        return SourceSlice(
            snapshot,
            ref_studies=self._in_latest(select(STUDY), STUDY, sorted(cited)),
            ref_claims=self._in_latest(select(CLAIM.c.id, CLAIM.c.source_id, CLAIM.c.text),
                                       CLAIM, sorted(named)),
            ref_sources=list(c.execute(select(*_TITLE_COLUMNS).where(
                SOURCE.c.is_latest, SOURCE.c.id.in_(sorted(to_sources))))) if to_sources else [],
        )

    def _in_latest(self, query: Select, table: Any, ids: list[int]) -> list[Any]:  # type: ignore[type-arg]
        """Rows of `table` with these ids that belong to a latest source."""
        if not ids:
            return []
        return list(self.conn.execute(query.where(table.c.id.in_(ids),
                                                  table.c.source_id.in_(_latest()))
                                      .order_by(table.c.id)))

    def _reviews(self, source_ids: list[int]) -> list[Any]:
        """The reviews `evidence.reviews.attach` would give these sources' claims out of all
        reviews: those of their claims' fingerprints, and those of their documents whose
        fingerprint no latest claim has any more (re-opened on a changed claim)."""
        fps = select(CLAIM.c.fingerprint).where(CLAIM.c.source_id.in_(source_ids))
        keys = select(SOURCE.c.doc_key).where(SOURCE.c.id.in_(source_ids))
        gone = ~exists().where(CLAIM.c.fingerprint == REVIEW.c.fingerprint,
                               CLAIM.c.source_id.in_(_latest()))
        return list(self.conn.execute(select(REVIEW).where(or_(
            REVIEW.c.fingerprint.in_(fps), REVIEW.c.doc_key.in_(keys) & gone))
            .order_by(REVIEW.c.id)))

    def study_slices(self, size: int | None = None) -> Iterator[StudySlice]:
        """The latest studies by id, `size` (STUDIES_PER_SLICE) at a time (see `StudySlice`)."""
        size = size or STUDIES_PER_SLICE
        after = 0
        while True:
            studies = list(self.conn.execute(
                select(STUDY).where(STUDY.c.source_id.in_(_latest()), STUDY.c.id > after)
                .order_by(STUDY.c.id).limit(size)))
            if not studies:
                return
            after = studies[-1].id
            yield self._study_slice(studies)

    def _study_slice(self, studies: list[Any]) -> StudySlice:
        c = self.conn
        ids = [st.id for st in studies]
        traced_to = self._in_latest(select(STUDY), STUDY, sorted(
            {st.traced_to for st in studies} - {None}))
        mentions = list(c.execute(select(STUDY).where(
            STUDY.c.traced_to.in_(ids), STUDY.c.source_id.in_(_latest()))
            .order_by(STUDY.c.id)))
        source_ids = {st.source_id for st in (*studies, *traced_to, *mentions)}
        sources = list(c.execute(select(*_TITLE_COLUMNS).where(
            SOURCE.c.is_latest, SOURCE.c.id.in_(sorted(source_ids)))))
        latest_claims = select(CLAIM.c.id).where(CLAIM.c.source_id.in_(_latest()))
        links = list(c.execute(select(LINK).where(LINK.c.to_study.in_(ids),
                                                  LINK.c.from_claim.in_(latest_claims))
                               .order_by(LINK.c.id)))
        cited = func.coalesce(CLAIM.c.traced_study_id, CLAIM.c.study_id)
        by_claim = select(cited.label("study"), CLAIM.c.id).where(
            cited.in_(ids), CLAIM.c.source_id.in_(_latest()))
        by_link = select(LINK.c.to_study.label("study"), LINK.c.from_claim).where(
            LINK.c.to_study.in_(ids), LINK.c.from_claim.in_(latest_claims))
        citing = [(int(r[0]), int(r[1])) for r in c.execute(union(by_claim, by_link))]
        return StudySlice(studies, traced_to, mentions, sources, links, sorted(citing))

    def links(self) -> Iterator[Any]:
        """Every link of a latest claim or study, by id, as the export lists them."""
        claim_ids = select(CLAIM.c.id).where(CLAIM.c.source_id.in_(_latest()))
        study_ids = select(STUDY.c.id).where(STUDY.c.source_id.in_(_latest()))
        after = 0
        while True:
            rows = list(self.conn.execute(select(LINK).where(
                or_(LINK.c.from_claim.in_(claim_ids), LINK.c.from_study.in_(study_ids)),
                LINK.c.id > after).order_by(LINK.c.id).limit(2000)))
            if not rows:
                return
            after = rows[-1].id
            yield from rows



@contextmanager
def report_rows(store: Store) -> Iterator[ReportRows]:
    """One read transaction for a whole report build (a consistent snapshot on
    PostgreSQL; on SQLite a deferred transaction, which takes no lock)."""
    engine = store.reader
    if engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with engine.connect() as conn, conn.begin():
        yield ReportRows(conn)
