"""The only code that talks to the database.

`Store` owns an engine (SQLite file by default, PostgreSQL by URL) and offers
the few operations the pipeline needs. A document is stored with all of its
claims and studies or not at all: in its own transaction, or, inside
`Store.batch()`, in its own savepoint of a transaction shared by a few dozen
documents (one commit instead of one per document). An assessment pass
rewrites the derived rows of the claims it covers in one transaction.

SQLite: WAL, foreign keys on, and `BEGIN IMMEDIATE` for every transaction so
two writers queue on the busy timeout instead of failing with "database is
locked" halfway through.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Select,
    Table,
    and_,
    bindparam,
    create_engine,
    delete,
    event,
    exists,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlmodel import Session

from evidence.errors import StoreError, UsageError
from evidence.models import (
    Assessment,
    Corpus,
    CorpusClaim,
    CorpusSource,
    CorpusStudy,
    ExtractionResult,
    Focus,
    RawDocument,
)
from evidence.settings import db_problem, db_url
from evidence.store import codec
from evidence.store.migrations import FTS_COLUMNS, migrate
from evidence.store.schema import (
    ClaimRow,
    FlagRow,
    LinkRow,
    ReviewRow,
    SourceRow,
    StudyRow,
    TraceRow,
)

CLAIM = ClaimRow.__table__
FLAG = FlagRow.__table__
LINK = LinkRow.__table__
SOURCE = SourceRow.__table__
STUDY = StudyRow.__table__
TRACE = TraceRow.__table__
# A stored document's claims into the full-text index (SQLite; PostgreSQL indexes by itself)
_INDEX_CLAIMS = text(f"INSERT INTO claim_fts(rowid, {FTS_COLUMNS}) "
                     f"SELECT id, {FTS_COLUMNS} FROM claim WHERE source_id = :sid")
# A document's versions; the latest is picked from them in Python. With `is_latest` in
# the WHERE clause SQLite's planner walks that low-selectivity index (every latest row)
# instead of the one on doc_key, so each lookup grew with the base.
_VERSIONS = select(SOURCE.c.id, SOURCE.c.version, SOURCE.c.content_hash, SOURCE.c.kind,
                   SOURCE.c.is_latest).where(SOURCE.c.doc_key == bindparam("key"))


def _latest(conn: Connection, doc_key: str) -> Row | None:  # type: ignore[type-arg]
    """id, version, content_hash and kind of a document's latest version, if any."""
    return next((r for r in conn.execute(_VERSIONS, {"key": doc_key}) if r.is_latest), None)


@dataclass(frozen=True)
class SavedSource:
    id: int
    version: int
    status: str  # new | updated | unchanged | same (these bytes are stored at another location)
    claims: int = 0
    studies: int = 0


def make_engine(db: str) -> Engine:
    url = db_url(db)
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT})
            _sqlite_pragmas(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except ValueError as exc:  # what the URL parser lets through: a bad port, an open bracket
        raise StoreError("malformed database URL", input=shown(db),
                         hint="write it as postgresql+psycopg://USER@HOST:PORT/DB") from exc
    except (ArgumentError, ImportError, SQLAlchemyError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StoreError(f"cannot use database URL: {first}", input=shown(db)) from exc
    return engine


def shown(db: str) -> str:
    """`--db` as it may be printed: a URL's password masked."""
    return re.sub(r"(://[^:/@\s]*:)[^@/\s]*@", r"\1***@", db)


BUSY_TIMEOUT = 30.0  # seconds a SQLite writer waits for another's short transaction


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
        cur.execute("PRAGMA foreign_keys=ON")
        if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            cur.execute("PRAGMA journal_mode=WAL")  # once per file; later opens only read it
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # Writers take the lock up front and queue on the busy timeout; readers never lock.
        read = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")


READ_ONLY = "evidence_read_only"  # execution option: a deferred (reading) transaction


def _missing_sqlite_file(db: str) -> bool:
    url = db_url(db)
    if not url.startswith("sqlite"):
        return False
    path = url.split(":///", 1)[1] if ":///" in url else ""
    return bool(path) and not os.path.exists(path.split("?", 1)[0])


def _migrate_waiting(engine: Engine) -> None:
    """`migrate`, tried again while another process holds the new file's lock.

    Processes opening one new SQLite file at once race to set it up (its journal mode, its
    first tables); SQLite answers "database is locked" at once, without waiting its busy
    timeout, when two of them would otherwise wait on each other. The step that lost is
    tried again after a short pause, for up to BUSY_TIMEOUT in all."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    pause = 0.02
    while True:
        try:
            migrate(engine)
            return
        except OperationalError as exc:
            if "locked" not in str(exc.orig) or time.monotonic() + pause > deadline:
                raise
            engine.dispose()  # a connection that lost the race starts afresh
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


class Store:
    """Database access for one run. Create with `Store.open(db)`; close when done."""

    def __init__(self, engine: Engine, label: str):
        self.engine = engine
        self.reader = engine.execution_options(**{READ_ONLY: True})
        self.label = label
        self._batch: _Batch | None = None

    @classmethod
    def open(cls, db: str, *, create: bool = True) -> Store:
        """Open (and migrate) a database. With `create=False` a SQLite file that does not
        exist is an error instead of a new, empty database (commands that only read)."""
        check_db(db)
        if not create and _missing_sqlite_file(db):
            raise StoreError("cannot open database: no such file", input=db,
                             hint="check --db / EVIDENCE_DB; `evidence ingest` creates a database")
        engine = make_engine(db)
        try:
            _migrate_waiting(engine)
        except OperationalError as exc:
            engine.dispose()
            first = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
            raise StoreError(f"cannot open database: {first}", input=shown(db)) from exc
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(f"cannot open database: {exc.__class__.__name__}",
                             input=shown(db)) from exc
        return cls(engine, db)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session that only reads: on SQLite a deferred transaction, which takes no lock."""
        with Session(self.reader, expire_on_commit=False) as s:
            yield s  # closing ends the transaction and keeps the loaded rows readable

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.reader.connect() as conn, conn.begin():
            yield conn

    # --- documents ---------------------------------------------------------

    def latest(self, doc_key: str) -> Row | None:  # type: ignore[type-arg]
        """id, version, content_hash and kind of the latest version of a document, if any
        (one saved earlier in the open batch included)."""
        if self._batch is not None:
            return _latest(self._batch.connection(), doc_key)
        with self.reading() as conn:
            return _latest(conn, doc_key)

    @contextmanager
    def batch(self, size: int = 64) -> Iterator[None]:
        """Save the documents of the block in shared transactions of `size` documents.

        Each document still goes in whole or not at all (a savepoint each), and
        what was saved is committed on the way out, whatever ends the block."""
        if self._batch is not None:
            yield
            return
        self._batch = _Batch(self.engine, size)
        try:
            yield
        finally:
            batch, self._batch = self._batch, None
            batch.commit()

    def flush(self) -> None:
        """Commit the documents saved so far in a batch, so other readers see them."""
        if self._batch is not None:
            self._batch.commit()

    @contextmanager
    def _document_transaction(self) -> Iterator[Connection]:
        if self._batch is None:
            with self.engine.begin() as conn:
                yield conn
        else:
            with self._batch.savepoint() as conn:
                yield conn

    def save_document(self, doc_key: str, doc: RawDocument, content_hash: str,
                      extraction: ExtractionResult) -> SavedSource:
        """Store a new version of a document with its studies and claims, atomically.

        Plain Core statements in one transaction: the ORM would track every row
        it inserts, and a document is written once and never read back here."""
        with self._document_transaction() as conn:
            prev = _latest(conn, doc_key)
            if prev is not None and prev.content_hash == content_hash:
                return SavedSource(prev.id or 0, prev.version, "unchanged")
            if prev is None and (twin := _same_content(conn, content_hash)) is not None:
                _add_location(conn, twin, doc.location)
                return SavedSource(twin.id, twin.version, "same")
            version = (prev.version + 1) if prev else 1
            if prev is not None:
                conn.execute(update(SOURCE).where(SOURCE.c.id == bindparam("prev"))
                             .values(is_latest=False), {"prev": prev.id})
            m = doc.meta
            source_id = conn.execute(insert(SOURCE), {
                "doc_key": doc_key, "location": doc.location, "version": version,
                "is_latest": True, "content_hash": content_hash, "raw": doc.raw, "text": doc.text,
                "media_type": doc.media_type, "title": m.title, "authors": list(m.authors),
                "publisher": m.publisher, "site": m.site, "published": m.published, "doi": m.doi,
                "pmid": m.pmid, "pmcid": m.pmcid, "registrations": list(m.registrations),
                "url": doc.final_url or m.url, "kind": doc.kind, "kind_reason": doc.kind_reason,
                "blocks": codec.blocks_to_json(doc.blocks),
                "meta": {"provenance": m.provenance, "og_type": m.og_type,
                         "jsonld_types": m.jsonld_types, "citation_meta": m.citation_meta,
                         "pages": m.pages, "identifier": m.identifier,
                         "retrieved_from": m.retrieved_from},
                "notes": list(doc.notes), "parser": doc.parser, "extractor": extraction.extractor,
                "ingested_at": datetime.now(UTC), "assessed": False,
            }).inserted_primary_key[0]
            study_ids: dict[str, int] = {}
            for st in extraction.studies:
                study_ids[st.key] = conn.execute(
                    insert(STUDY), codec.study_to_row(st, source_id=source_id)
                ).inserted_primary_key[0]
            rows = [codec.claim_to_row(c, source_id=source_id, ordinal=i, doc_key=doc_key,
                                       study_id=study_ids.get(c.study_ref or ""))
                    for i, c in enumerate(extraction.claims)]
            _insert_many(conn, CLAIM, rows)
            if rows and conn.dialect.name == "sqlite":
                conn.execute(_INDEX_CLAIMS, {"sid": source_id})
            return SavedSource(source_id, version, "updated" if prev else "new",
                               len(extraction.claims), len(extraction.studies))

    # --- assessment ----------------------------------------------------------

    def corpus(self, whole: bool = False, narrow: bool = False) -> Corpus:
        """The latest documents the next assessment pass needs, with their claims and studies
        (every latest document when `whole`).

        A claim's assessment depends on its own document and on the documents
        claims are traced to (those that report their own study, and regulators'
        notes). So the pass needs the documents whose claims were never assessed
        plus those reference documents; when a reference document is among the
        new ones, or replaced one, every latest document is returned, as any
        trace may change, with a `Focus` naming the documents to assess again.
        `narrow` returns only the fresh documents and the reference ones even then:
        the caller reads the others it needs with `corpus_of`."""
        self.flush()
        with self.reading() as conn:
            scope = select(SOURCE.c.id).where(SOURCE.c.is_latest) if whole \
                else _assessment_scope(conn)
            focus = None if whole else _focus(conn)
            if narrow and focus is not None:
                scope = select(SOURCE.c.id).where(SOURCE.c.id.in_(scope), or_(
                    SOURCE.c.id.in_(_narrow_scope(conn)), SOURCE.c.id.in_(list(focus.fresh))))
            return _load(conn, scope, focus)

    def corpus_of(self, ids: Iterable[int]) -> Corpus:
        """The documents `ids` with their claims and studies (no focus)."""
        with self.reading() as conn:
            return _load(conn, select(SOURCE.c.id).where(SOURCE.c.id.in_(sorted(ids))), None)

    def latest_ids(self, assessed: bool = False) -> set[int]:
        """The ids of the latest version of every document (`assessed`: of those an
        assessment pass has covered; one stored since the pass began waits for the next)."""
        self.flush()
        latest = select(SOURCE.c.id).where(SOURCE.c.is_latest)
        with self.reading() as conn:
            return {r[0] for r in conn.execute(latest.where(SOURCE.c.assessed) if assessed
                                               else latest)}

    def sources_with_claims(self, kind: str) -> set[int]:
        """The latest documents with a claim of `kind`."""
        latest = select(SOURCE.c.id).where(SOURCE.c.is_latest)
        with self.reading() as conn:
            return {r[0] for r in conn.execute(select(CLAIM.c.source_id).where(
                CLAIM.c.kind == kind, CLAIM.c.source_id.in_(latest)).distinct())}

    def needs_assessment(self) -> bool:
        """Whether a stored version waits for an assessment pass (one was interrupted)."""
        self.flush()
        with self.reading() as conn:
            return conn.execute(select(SOURCE.c.id).where(SOURCE.c.is_latest, ~SOURCE.c.assessed)
                                .limit(1)).first() is not None

    def traces(self, rule: str) -> dict[int, dict[tuple[str, int], tuple[int | None, float,
                                                                     dict[str, Any]]]]:
        """What the passes stored of the latest documents' traced subjects, made by `rule`
        (see `TraceRow`), by document: (subject, id) -> (study or None, confidence, side).
        A document is present only when all its subjects are (empty when it has none)."""
        self.flush()
        latest = select(SOURCE.c.id).where(SOURCE.c.is_latest)
        out: dict[int, dict[tuple[str, int], tuple[int | None, float, dict[str, Any]]]] = {}
        with self.reading() as conn:
            rows = conn.execute(select(
                TRACE.c.source_id, TRACE.c.subject, TRACE.c.subject_id, TRACE.c.to_study,
                TRACE.c.confidence, TRACE.c.side).where(
                    TRACE.c.rule == rule, TRACE.c.source_id.in_(latest))).all()
        for r in rows:
            if r.subject == "doc":
                out.setdefault(r.source_id, {})
        for r in rows:
            if r.subject != "doc" and r.source_id in out:
                out[r.source_id][(r.subject, r.subject_id)] = (r.to_study, r.confidence, r.side)
        return out

    def apply_assessment(self, a: Assessment, sources: Iterable[int] = (),
                         traces: dict[int, dict[tuple[str, int], tuple[int | None, float,
                                                                      dict[str, Any]]]]
                         | None = None, rule: str = "") -> None:
        """Replace the derived rows (classes, flags, stub traces) of the claims and stubs the
        assessment covers, in one transaction, and mark `sources` (those the pass read) as
        assessed in the same transaction.

        `traces` (by document: every traced subject's best match, made by `rule`) replace
        the stored ones of those documents; those of versions no longer the latest go.

        Links are rewritten whole, in the order a pass over every document makes
        them (by claim, a study link before a regulatory one, then by stub), so the
        stored order never depends on how the passes were split."""
        self.flush()
        with self.engine.begin() as conn:
            _execute_many(conn, "DELETE FROM flag WHERE claim_id = {}",
                          [(cid,) for cid in a.claims])
            _execute_many(conn, "UPDATE claim SET evidence_class = {}, class_reason = {}, "
                          "traced_study_id = {}, assessor = {} WHERE id = {}",
                          [(ca.evidence_class, ca.class_reason, ca.traced_study_id, a.assessor,
                            ca.claim_id) for ca in a.claims.values()])
            flags = [{"claim_id": ca.claim_id, "code": f.code, "severity": f.severity,
                      "message": f.message, "start": f.start, "end": f.end,
                      "other_source_id": f.other_source, "other_claim_id": f.other_claim,
                      "other_start": f.other_start, "other_end": f.other_end,
                      "other_text": f.other_text, "rule": f.rule}
                     for ca in a.claims.values() for f in ca.flags]
            _insert_many(conn, FLAG, flags)
            stubs = [{"sid": k, "target": v} for k, v in a.stub_traces.items()]
            if stubs:
                conn.execute(update(STUDY).where(STUDY.c.id == bindparam("sid"))
                             .values(traced_to=bindparam("target")), stubs)
            _rewrite_links(conn, a)
            if traces is not None:
                _rewrite_traces(conn, traces, rule)
            _execute_many(conn, "UPDATE source SET assessed = {} WHERE id = {}",
                          [(True, sid) for sid in sources])

    # --- reading -------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self.read_session() as s:
            latest = select(SourceRow.id).where(SourceRow.is_latest)
            return {
                "sources": s.execute(select(func.count()).select_from(SourceRow)
                                  .where(SourceRow.is_latest)).scalar_one(),
                "versions": s.execute(select(func.count()).select_from(SourceRow)).scalar_one(),
                "claims": s.execute(select(func.count()).select_from(ClaimRow)
                                 .where(ClaimRow.source_id.in_(latest))).scalar_one(),
                "studies": s.execute(select(func.count()).select_from(StudyRow)
                                  .where(StudyRow.source_id.in_(latest))).scalar_one(),
                "flags": s.execute(select(func.count()).select_from(FlagRow)
                                .where(FlagRow.claim_id.in_(
                                    select(ClaimRow.id).where(ClaimRow.source_id.in_(latest)))))
                .scalar_one(),
            }

    def breakdown(self) -> dict[str, dict[str, int]]:
        """Claims per evidence class and flags per code, over the latest versions."""
        with self.read_session() as s:
            latest = select(SourceRow.id).where(SourceRow.is_latest)
            classes = dict(s.execute(
                select(ClaimRow.evidence_class, func.count()).where(ClaimRow.source_id.in_(latest))
                .group_by(ClaimRow.evidence_class).order_by(ClaimRow.evidence_class)).all())
            flags = dict(s.execute(
                select(FlagRow.code, func.count()).where(FlagRow.claim_id.in_(
                    select(ClaimRow.id).where(ClaimRow.source_id.in_(latest))))
                .group_by(FlagRow.code).order_by(FlagRow.code)).all())
        return {"classes": classes, "flags": flags}

    def snapshot(self) -> dict[str, list]:
        """Every latest row the export needs, as detached objects, read in one session."""
        with self.read_session() as s:
            latest = select(SourceRow.id).where(SourceRow.is_latest)
            sources = list(s.execute(select(SourceRow).where(SourceRow.is_latest)
                                  .order_by(SourceRow.id)).scalars())
            studies = list(s.execute(select(StudyRow).where(StudyRow.source_id.in_(latest))
                                  .order_by(StudyRow.id)).scalars())
            claims = list(s.execute(select(ClaimRow).where(ClaimRow.source_id.in_(latest))
                                 .order_by(ClaimRow.source_id, ClaimRow.ordinal)).scalars())
            claim_ids = select(ClaimRow.id).where(ClaimRow.source_id.in_(latest))
            study_ids = select(StudyRow.id).where(StudyRow.source_id.in_(latest))
            flags = list(s.execute(select(FlagRow).where(FlagRow.claim_id.in_(claim_ids))
                                .order_by(FlagRow.claim_id, FlagRow.id)).scalars())
            links = list(s.execute(select(LinkRow).where(
                LinkRow.from_claim.in_(claim_ids) | LinkRow.from_study.in_(study_ids))
                .order_by(LinkRow.id)).scalars())
            reviews = list(s.execute(select(ReviewRow).order_by(ReviewRow.id)).scalars())
        return {"sources": sources, "studies": studies, "claims": claims, "flags": flags,
                "links": links, "reviews": reviews}


# --- one document, many locations ---------------------------------------------------------

# every version with these bytes (few); `is_latest` is checked in Python, as for _VERSIONS
_SAME_CONTENT = select(SOURCE.c.id, SOURCE.c.version, SOURCE.c.location, SOURCE.c.meta,
                       SOURCE.c.is_latest).where(
    SOURCE.c.content_hash == bindparam("hash")).order_by(SOURCE.c.id)


def _same_content(conn: Connection, content_hash: str) -> Row | None:  # type: ignore[type-arg]
    """The latest stored document with exactly these bytes, whatever its location: a copy
    of a file elsewhere is the same source, so one trial never counts twice."""
    return next((r for r in conn.execute(_SAME_CONTENT, {"hash": content_hash}) if r.is_latest),
                None)


def _add_location(conn: Connection, twin: Row, location: str) -> None:  # type: ignore[type-arg]
    """Keep another location of a stored document in its `meta["also_at"]`."""
    meta = dict(twin.meta or {})
    also = list(meta.get("also_at") or [])
    if location != twin.location and location not in also:
        meta["also_at"] = [*also, location]
        conn.execute(update(SOURCE).where(SOURCE.c.id == bindparam("sid")).values(meta=meta),
                     {"sid": twin.id})


# --- assessment scope and links (used by Store.corpus and Store.apply_assessment) ------

_SOURCE_FIELDS = [SOURCE.c[k] for k in (
    "id", "kind", "location", "text", "title", "authors", "publisher", "published", "doi",
    "pmid", "pmcid", "url", "registrations")]
_CLAIM_FIELDS = [CLAIM.c[k] for k in (
    "id", "source_id", "study_id", "start", "end", "text", "kind", "section", "subject",
    "hedged", "numbers", "attribution", "agency", "extractor", "data")]
_LINK_FIELDS = [LINK.c[k] for k in (
    "from_claim", "from_study", "to_study", "to_claim", "to_source", "kind", "confidence",
    "matched_on", "mismatches", "rule")]


BATCH_SECONDS = 1.0  # a shared write transaction is committed after this long, however small


class _Batch:
    """One connection whose transaction is committed every `size` documents, or after
    BATCH_SECONDS, so other writers (an editor's review) never wait long for the lock."""

    def __init__(self, engine: Engine, size: int):
        self.engine = engine
        self.size = size
        self.conn: Connection | None = None
        self.pending = 0
        self.opened = 0.0

    def connection(self) -> Connection:
        if self.conn is None:
            self.conn = self.engine.connect()
            self.conn.begin()
            self.opened = time.monotonic()
        return self.conn

    @contextmanager
    def savepoint(self) -> Iterator[Connection]:
        conn = self.connection()
        with conn.begin_nested():
            yield conn
        self.pending += 1
        if self.pending >= self.size or time.monotonic() - self.opened > BATCH_SECONDS:
            self.commit()

    def commit(self) -> None:
        conn, self.conn = self.conn, None
        self.pending = 0
        if conn is not None:
            try:
                conn.commit()
            finally:
                conn.close()


def _focus(conn: Connection) -> Focus:
    """Which documents the pass must assess again (see `Focus`): those never assessed, and
    those with a link to a version that is no longer the latest; the reference documents
    among the first are the changed ones."""
    latest = select(SOURCE.c.id).where(SOURCE.c.is_latest)
    fresh_q = select(SOURCE.c.id).where(SOURCE.c.is_latest, or_(
        SOURCE.c.id.in_(select(CLAIM.c.source_id).where(CLAIM.c.assessor == "")),
        ~SOURCE.c.assessed,
        ~exists().where(CLAIM.c.source_id == SOURCE.c.id)))
    fresh = {r[0] for r in conn.execute(fresh_q)}
    old = select(SOURCE.c.id).where(~SOURCE.c.is_latest)
    gone = or_(LINK.c.to_study.in_(select(STUDY.c.id).where(STUDY.c.source_id.in_(old))),
               LINK.c.to_claim.in_(select(CLAIM.c.id).where(CLAIM.c.source_id.in_(old))))
    fresh |= {r[0] for r in conn.execute(
        select(CLAIM.c.source_id).join(LINK, LINK.c.from_claim == CLAIM.c.id)
        .where(gone, CLAIM.c.source_id.in_(latest)).distinct())}
    fresh |= {r[0] for r in conn.execute(
        select(STUDY.c.source_id).join(LINK, LINK.c.from_study == STUDY.c.id)
        .where(gone, STUDY.c.source_id.in_(latest)).distinct())}
    own_study = select(STUDY.c.source_id).where(STUDY.c.reported_in_own_source)
    reference = {r[0] for r in conn.execute(select(SOURCE.c.id).where(
        SOURCE.c.is_latest, or_(SOURCE.c.kind == "regulatory", SOURCE.c.id.in_(own_study))))}
    changed = fresh & reference
    older = SOURCE.alias("older")
    renewed = {r[0] for r in conn.execute(select(SOURCE.c.id).where(
        SOURCE.c.id.in_(sorted(changed)), exists().where(
            older.c.doc_key == SOURCE.c.doc_key, older.c.id != SOURCE.c.id)))} if changed else set()
    return Focus(frozenset(fresh), frozenset(changed), frozenset(renewed))


def _assessment_scope(conn: Connection) -> Select:  # type: ignore[type-arg]
    """Ids of the latest sources an assessment pass needs (see `Store.corpus`)."""
    latest = select(SOURCE.c.id).where(SOURCE.c.is_latest)
    unassessed = select(CLAIM.c.source_id).where(CLAIM.c.assessor == "",
                                                 CLAIM.c.source_id.in_(latest)).union(
        select(SOURCE.c.id).where(SOURCE.c.is_latest, ~SOURCE.c.assessed))  # marked waiting
    claimless = select(SOURCE.c.id).where(
        SOURCE.c.is_latest, ~exists().where(CLAIM.c.source_id == SOURCE.c.id))
    own_study = select(STUDY.c.source_id).where(STUDY.c.reported_in_own_source)
    reference = or_(SOURCE.c.kind == "regulatory", SOURCE.c.id.in_(own_study))
    fresh = or_(SOURCE.c.id.in_(unassessed), SOURCE.c.id.in_(claimless))
    older = SOURCE.alias("older")
    changed_reference = select(SOURCE.c.id).where(SOURCE.c.is_latest, or_(
        and_(SOURCE.c.id.in_(unassessed), reference),
        and_(SOURCE.c.id.in_(claimless), SOURCE.c.id.in_(own_study)),
        and_(fresh, exists().where(
            older.c.doc_key == SOURCE.c.doc_key, ~older.c.is_latest,
            or_(older.c.kind == "regulatory", older.c.id.in_(own_study)))),
    )).limit(1)
    if conn.execute(changed_reference).first() is not None:
        return latest
    return select(SOURCE.c.id).where(SOURCE.c.is_latest,
                                     or_(SOURCE.c.id.in_(unassessed), reference))


def _narrow_scope(conn: Connection) -> Select:  # type: ignore[type-arg]
    """Ids of the latest sources a pass reads whatever changed: those not assessed yet and
    the reference documents (see `Store.corpus`)."""
    latest = select(SOURCE.c.id).where(SOURCE.c.is_latest)
    unassessed = select(CLAIM.c.source_id).where(CLAIM.c.assessor == "",
                                                 CLAIM.c.source_id.in_(latest)).union(
        select(SOURCE.c.id).where(SOURCE.c.is_latest, ~SOURCE.c.assessed))
    claimless = select(SOURCE.c.id).where(
        SOURCE.c.is_latest, ~exists().where(CLAIM.c.source_id == SOURCE.c.id))
    own_study = select(STUDY.c.source_id).where(STUDY.c.reported_in_own_source)
    return select(SOURCE.c.id).where(SOURCE.c.is_latest, or_(
        SOURCE.c.id.in_(unassessed), SOURCE.c.id.in_(claimless), SOURCE.c.kind == "regulatory",
        SOURCE.c.id.in_(own_study)))


def _rewrite_links(conn: Connection, a: Assessment) -> None:
    """Replace the links of the latest claims and stubs: those the assessment covers by its
    own, the others kept, all in the order a whole pass makes them."""
    latest = select(SOURCE.c.id).where(SOURCE.c.is_latest)
    claim_ids = select(CLAIM.c.id).where(CLAIM.c.source_id.in_(latest))
    study_ids = select(STUDY.c.id).where(STUDY.c.source_id.in_(latest))
    current = or_(LINK.c.from_claim.in_(claim_ids), LINK.c.from_study.in_(study_ids))
    kept = [dict(r._mapping) for r in conn.execute(select(*_LINK_FIELDS).where(current))
            if r.from_claim not in a.claims and r.from_study not in a.stub_traces
            and r.from_study not in a.copies]
    new = [{"from_claim": ln.from_claim, "from_study": ln.from_study,
            "to_study": ln.to_study, "to_claim": ln.to_claim, "to_source": ln.to_source,
            "kind": ln.kind, "confidence": ln.confidence, "matched_on": ln.matched_on,
            "mismatches": ln.mismatches, "rule": ln.rule} for ln in a.links]
    if not kept and not new:
        conn.execute(delete(LINK).where(current))
        return
    conn.execute(delete(LINK).where(current))
    _insert_many(conn, LINK, sorted(kept + new, key=_link_order))


def _rewrite_traces(conn: Connection,
                    traces: dict[int, dict[tuple[str, int], tuple[int | None, float,
                                                                 dict[str, Any]]]],
                    rule: str) -> None:
    """Replace the stored traces of the documents in `traces` (each marked whole by a "doc"
    row), and drop those of versions no longer the latest (no pass reads them again)."""
    _execute_many(conn, "DELETE FROM trace WHERE source_id = {}", [(sid,) for sid in traces])
    conn.execute(delete(TRACE).where(TRACE.c.source_id.in_(
        select(SOURCE.c.id).where(~SOURCE.c.is_latest))))
    rows = []
    for sid, subjects in traces.items():
        rows.append({"source_id": sid, "subject": "doc", "subject_id": sid, "to_study": None,
                     "confidence": 0.0, "side": {}, "rule": rule})
        rows += [{"source_id": sid, "subject": what, "subject_id": sub_id, "to_study": to_study,
                  "confidence": confidence, "side": side, "rule": rule}
                 for (what, sub_id), (to_study, confidence, side) in subjects.items()]
    _insert_many(conn, TRACE, rows)


def _load(conn: Connection, scope: Select, focus: Focus | None) -> Corpus:  # type: ignore[type-arg]
    """The documents of `scope` with their claims and studies, in id order."""
    sources = {
        r.id: CorpusSource(
            id=r.id, kind=r.kind, location=r.location, text=r.text, title=r.title,
            authors=list(r.authors or []), publisher=r.publisher, published=r.published,
            doi=r.doi, pmid=r.pmid, pmcid=r.pmcid, url=r.url,
            registrations=list(r.registrations or []),
        )
        for r in conn.execute(select(*_SOURCE_FIELDS).where(SOURCE.c.id.in_(scope))
                              .order_by(SOURCE.c.id))
    }
    studies = [
        CorpusStudy(r.id, r.source_id, codec.study_from_row(r))
        for r in conn.execute(select(STUDY).where(STUDY.c.source_id.in_(scope))
                              .order_by(STUDY.c.id))
    ]
    claims = [
        CorpusClaim(r.id, r.source_id, codec.claim_from_row(r), r.study_id)
        for r in conn.execute(select(*_CLAIM_FIELDS).where(CLAIM.c.source_id.in_(scope))
                              .order_by(CLAIM.c.id))
    ]
    return Corpus(sources, studies, claims, focus)


def _link_order(link: dict) -> tuple[int, int, int]:  # type: ignore[type-arg]
    """Claims' links by claim (study link first), then stubs' links by stub."""
    if link["from_claim"] is not None:
        return 0, link["from_claim"], 0 if link["kind"] == "study" else 1
    return 1, link["from_study"], 0


# --- bulk writes straight through the driver ----------------------------------------

_INSERT_SQL: dict[tuple[str, str, tuple[str, ...]], str] = {}


def _insert_many(conn: Connection, table: Table, rows: Sequence[dict]) -> None:  # type: ignore[type-arg]
    """Insert rows (dicts with the same keys) with one driver `executemany`.

    SQLAlchemy's per-row parameter processing costs more than the database's
    own work on these bulk rows; JSON columns are serialised here as its JSON
    type would (`json.dumps`), and the other columns these rows use (text,
    numbers, booleans, NULL) need no conversion on either dialect."""
    if not rows:
        return
    cols = tuple(rows[0])
    key = (conn.dialect.name, table.name, cols)
    sql = _INSERT_SQL.get(key)
    if sql is None:
        quote = conn.dialect.identifier_preparer.quote
        sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in cols)}) "
               f"VALUES ({', '.join(['{}'] * len(cols))})")
        _INSERT_SQL[key] = sql
    as_json = [isinstance(table.c[c].type, JSON) for c in cols]
    dumps = json.dumps
    params = [tuple(dumps(r[c]) if j else r[c] for c, j in zip(cols, as_json, strict=True))
              for r in rows]
    _execute_many(conn, sql, params)


def _execute_many(conn: Connection, sql: str, params: list[tuple]) -> None:  # type: ignore[type-arg]
    """Run `sql` (with `{}` for each parameter) once per tuple, in the open transaction."""
    if not params:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    cursor = conn.connection.cursor()
    try:
        cursor.executemany(sql.format(*[mark] * sql.count("{}")), params)
    except Exception as exc:
        raise StoreError(f"cannot write to the database: {str(exc).splitlines()[0]}",
                         input=conn.engine.url.render_as_string(hide_password=True)) from exc
    finally:
        cursor.close()


def check_db(db: str) -> None:
    """Refuse a `--db` that would silently store nothing (bad usage, exit 64)."""
    problem = db_problem(db)
    if problem:
        raise UsageError(problem, input=repr(db),
                         hint="give a file path such as evidence.db, or a postgresql+psycopg:// URL")
