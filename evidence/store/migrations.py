"""Named, ordered schema migrations, recorded in `evidence_migrations`.

Each step is a function of a SQLAlchemy connection and runs once, in its own
transaction, on SQLite and PostgreSQL alike. Later steps must be written
against the schema as the earlier steps left it (add columns with
`add_column_if_missing`, never by editing an applied step).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, inspect, text

from evidence.audit import GENESIS, TOOL, entry_hash
from evidence.store import schema
from evidence.store.versions import MIGRATION_NAMES, RANK_KEYS_INDEX

Migration = Callable[[Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


def add_column_if_missing(conn: Connection, table: str, column: str, ddl_type: str) -> None:
    cols = {c["name"] for c in inspect(conn).get_columns(table)}
    if column not in cols:
        conn.execute(text(f'ALTER TABLE {table} ADD COLUMN "{column}" {ddl_type}'))


@migration
def m001_initial(conn: Connection) -> None:
    tables = [
        schema.SourceRow.__table__, schema.StudyRow.__table__, schema.ClaimRow.__table__,
        schema.LinkRow.__table__, schema.FlagRow.__table__, schema.ReviewRow.__table__,
    ]
    schema.SQLModel.metadata.create_all(conn, tables=tables)


@migration
def m002_review_append_only(conn: Connection) -> None:
    """Reviews are history: the database itself refuses to change or delete one."""
    if conn.dialect.name == "sqlite":
        for op in ("UPDATE", "DELETE"):
            conn.execute(text(
                f"CREATE TRIGGER IF NOT EXISTS review_no_{op.lower()} BEFORE {op} ON review "
                f"BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END"
            ))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(
            "CREATE OR REPLACE FUNCTION evidence_review_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'reviews are append-only'; END; $$ LANGUAGE plpgsql"
        ))
        conn.execute(text("DROP TRIGGER IF EXISTS review_append_only ON review"))
        conn.execute(text(
            "CREATE TRIGGER review_append_only BEFORE UPDATE OR DELETE ON review "
            "FOR EACH ROW EXECUTE FUNCTION evidence_review_append_only()"
        ))


def applied(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        if not inspect(conn).has_table("evidence_migrations"):
            return []
        return [r[0] for r in conn.execute(text("SELECT name FROM evidence_migrations ORDER BY name"))]


def _serialise(conn: Connection) -> None:
    """Make concurrent migrators take turns. SQLite: every write transaction already began
    IMMEDIATE (one writer at a time); PostgreSQL: a transaction-scoped advisory lock."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('evidence_migrations'))"))


def migrate(engine: Engine) -> list[str]:
    """Apply the steps not yet applied; return their names.

    Safe when several processes open a new database at once: each step runs in a
    transaction that first takes its turn and then checks again that no other process
    applied it meanwhile. A database that is up to date is only read."""
    reader = engine.execution_options(evidence_read_only=True)
    if set(applied(reader)) >= {name for name, _ in MIGRATIONS}:
        return []
    with engine.begin() as conn:
        _serialise(conn)
        schema.SQLModel.metadata.create_all(conn, tables=[schema.MigrationRow.__table__])
    ran = []
    for name, fn in MIGRATIONS:
        with engine.begin() as conn:
            _serialise(conn)
            if conn.execute(text("SELECT 1 FROM evidence_migrations WHERE name = :n"),
                            {"n": name}).first():
                continue
            fn(conn)
            conn.execute(
                schema.MigrationRow.__table__.insert().values(name=name, applied_at=datetime.now(UTC))
            )
        ran.append(name)
    return ran


@migration
def m003_claim_search(conn: Connection) -> None:
    """Full-text search over claims: FTS5 on SQLite (kept in step by triggers), a GIN index
    on PostgreSQL."""
    if conn.dialect.name == "sqlite":
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS claim_fts USING fts5("
            "text, subject, section, content='claim', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')"))
        conn.execute(text(
            "CREATE TRIGGER IF NOT EXISTS claim_fts_ai AFTER INSERT ON claim BEGIN "
            "INSERT INTO claim_fts(rowid, text, subject, section) "
            "VALUES (new.id, new.text, new.subject, new.section); END"))
        conn.execute(text(
            "CREATE TRIGGER IF NOT EXISTS claim_fts_ad AFTER DELETE ON claim BEGIN "
            "INSERT INTO claim_fts(claim_fts, rowid, text, subject, section) "
            "VALUES ('delete', old.id, old.text, old.subject, old.section); END"))
        conn.execute(text(
            "CREATE TRIGGER IF NOT EXISTS claim_fts_au AFTER UPDATE OF text, subject, section "
            "ON claim BEGIN "
            "INSERT INTO claim_fts(claim_fts, rowid, text, subject, section) "
            "VALUES ('delete', old.id, old.text, old.subject, old.section); "
            "INSERT INTO claim_fts(rowid, text, subject, section) "
            "VALUES (new.id, new.text, new.subject, new.section); END"))
        conn.execute(text("INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')"))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(
            "CREATE INDEX IF NOT EXISTS claim_text_search ON claim USING gin "
            "(to_tsvector('english', coalesce(text, '') || ' ' || coalesce(subject, '')))"))


@migration
def m004_claim_search_per_document(conn: Connection) -> None:
    """SQLite indexes a document's claims for search in one statement when it stores them
    (`Store.save_document`): a trigger per inserted row costs five times as much."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TRIGGER IF EXISTS claim_fts_ai"))


@migration
def m005_source_assessed(conn: Connection) -> None:
    """A stored version waits for assessment until a pass covers it (`source.assessed`);
    versions stored before the mark existed get one pass."""
    add_column_if_missing(conn, "source", "assessed", "BOOLEAN NOT NULL DEFAULT FALSE")
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_source_assessed ON source (assessed)"))


@migration
def m006_review_log(conn: Connection) -> None:
    """The hash-chained review log (`evidence.audit`), append-only like reviews; the
    decisions recorded before it existed are entered first, in order."""
    schema.SQLModel.metadata.create_all(conn, tables=[schema.ReviewLogRow.__table__])
    _append_only(conn, "review_log", "review log entries are append-only")
    prev = GENESIS
    standing: dict[str, str] = {}
    log = schema.ReviewLogRow.__table__
    for r in conn.execute(text("SELECT id, claim_id, doc_key, fingerprint, claim_text, "
                               "decision, editor, note, at FROM review ORDER BY id")):
        at = r.at if isinstance(r.at, str) else r.at.isoformat()
        entry = {"review_id": r.id, "claim_id": r.claim_id, "doc_key": r.doc_key,
                 "fingerprint": r.fingerprint, "claim_text": r.claim_text,
                 "old_status": standing.get(r.fingerprint, "unreviewed"),
                 "new_status": r.decision, "editor": r.editor, "at": at, "reason": r.note,
                 "tool": f"{TOOL} (entered from the review table)"}
        digest = entry_hash(prev, entry)
        conn.execute(log.insert().values(**entry, prev_hash=prev, hash=digest))
        prev = digest
        standing[r.fingerprint] = r.decision


def _append_only(conn: Connection, table: str, message: str) -> None:
    """The database itself refuses to change or delete a row of `table`."""
    if conn.dialect.name == "sqlite":
        for op in ("UPDATE", "DELETE"):
            conn.execute(text(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(
            f"CREATE OR REPLACE FUNCTION evidence_{table}_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql"))
        conn.execute(text(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}"))
        conn.execute(text(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION evidence_{table}_append_only()"))


@migration
def m007_claim_assignment(conn: Connection) -> None:
    """Claims assigned to editors on the review desk (append-only, by fingerprint)."""
    schema.SQLModel.metadata.create_all(conn, tables=[schema.AssignmentRow.__table__])
    _append_only(conn, "assignment", "assignments are append-only")


@migration
def m008_claim_order(conn: Connection) -> None:
    """Claims in listing order (document, then position), so `evidence claims` streams its
    first rows from the index instead of sorting every claim first."""
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_claim_source_ordinal "
                      "ON claim (source_id, ordinal)"))


@migration
def m009_trace(conn: Connection) -> None:
    """Each traced subject's best match and side (`schema.TraceRow`), so a new study report
    is scored against those instead of every document being read and traced again. Bases made
    before it have none: a pass reads and traces in full the documents a new report meets,
    and `evidence reassess` stores them all."""
    schema.SQLModel.metadata.create_all(conn, tables=[schema.TraceRow.__table__])


@migration
def m010_claim_rank_keys(conn: Connection) -> None:
    """What `evidence query` ranks and filters every full-text hit by (class, kind, source),
    beside the claim id, so that ranking a hundred thousand hits reads this narrow index
    instead of as many wide claim rows."""
    conn.execute(text(f"CREATE INDEX IF NOT EXISTS {RANK_KEYS_INDEX} "
                      "ON claim (id, evidence_class, kind, source_id)"))



# the claim columns the full-text index holds (`Store.save_document` fills it by them)
FTS_COLUMNS = "text, subject, section, evidence_class"
_FTS_OLD = "old.text, old.subject, old.section, old.evidence_class"
_FTS_NEW = "new.text, new.subject, new.section, new.evidence_class"


@migration
def m011_claim_search_latest_by_class(conn: Connection) -> None:
    """The full-text index holds the latest versions' claims only, with each claim's evidence
    class as a column (one token: `_` joins words), so that `evidence query` finds and ranks
    a class's hits from the index alone: no claim or source row is read per hit, and a
    class is never scored when the classes before it fill the listing. Triggers keep it in step when a claim's text or class changes
    and when a version stops (or starts) being the latest; `Store.save_document` indexes
    a new version's claims in one statement."""
    if conn.dialect.name != "sqlite":
        return
    for old in ("claim_fts_ai", "claim_fts_ad", "claim_fts_au", "claim_fts_latest"):
        conn.execute(text(f"DROP TRIGGER IF EXISTS {old}"))
    conn.execute(text("DROP TABLE IF EXISTS claim_fts"))
    conn.execute(text(
        f"CREATE VIRTUAL TABLE claim_fts USING fts5({FTS_COLUMNS}, content='claim', "
        "content_rowid='id', tokenize=\"porter unicode61 remove_diacritics 2 tokenchars '_'\")"))
    latest = "(SELECT is_latest FROM source WHERE id = {}.source_id)"
    conn.execute(text(
        "CREATE TRIGGER claim_fts_ad AFTER DELETE ON claim "
        f"WHEN {latest.format('old')} BEGIN "
        f"INSERT INTO claim_fts(claim_fts, rowid, {FTS_COLUMNS}) "
        f"VALUES ('delete', old.id, {_FTS_OLD}); END"))
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in FTS_COLUMNS.split(", "))
    conn.execute(text(
        f"CREATE TRIGGER claim_fts_au AFTER UPDATE OF {FTS_COLUMNS} ON claim "
        f"WHEN ({changed}) AND {latest.format('new')} BEGIN "
        f"INSERT INTO claim_fts(claim_fts, rowid, {FTS_COLUMNS}) "
        f"VALUES ('delete', old.id, {_FTS_OLD}); "
        f"INSERT INTO claim_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, {_FTS_NEW}); END"))
    conn.execute(text(
        "CREATE TRIGGER claim_fts_latest AFTER UPDATE OF is_latest ON source "
        "WHEN old.is_latest IS NOT new.is_latest BEGIN "
        f"INSERT INTO claim_fts(claim_fts, rowid, {FTS_COLUMNS}) "
        f"SELECT 'delete', id, {FTS_COLUMNS} FROM claim "
        "WHERE source_id = new.id AND NOT new.is_latest; "
        f"INSERT INTO claim_fts(rowid, {FTS_COLUMNS}) SELECT id, {FTS_COLUMNS} FROM claim "
        "WHERE source_id = new.id AND new.is_latest; END"))
    conn.execute(text(
        f"INSERT INTO claim_fts(rowid, {FTS_COLUMNS}) "
        f"SELECT c.id, c.{FTS_COLUMNS.replace(', ', ', c.')} FROM claim c "
        "JOIN source s ON s.id = c.source_id WHERE s.is_latest"))


if tuple(name for name, _ in MIGRATIONS) != MIGRATION_NAMES:  # the listings' fast path reads it
    raise RuntimeError("evidence/store/versions.py must list the migrations in order")
