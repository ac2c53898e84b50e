"""Read-only SQL for the listing commands, with rows streamed as the database yields them.

A listing must start in about the time the command line itself takes to load, and
its first row must not wait for the whole evidence base. So a SQLite file is read
with the standard library's `sqlite3` (importing SQLAlchemy and the table models
costs several times Typer's own start-up), and any other database goes through
SQLAlchemy Core with the very same SQL text. Either way rows are plain tuples,
never ORM objects.

The fast path only reads a database that needs nothing first: every schema
migration applied and no assessment left waiting. Otherwise `open_fast` returns
None and the caller opens the full `Store`, which migrates and finishes the work.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from typing import Any

from evidence.settings import db_url
from evidence.store.versions import MIGRATION_NAMES

Row = tuple[Any, ...]
CHUNK = 500  # rows fetched per round trip; also the batch of a per-row lookup


class Reader:
    """One read-only connection: `rows(sql, params)` yields tuples. `dialect` is
    "sqlite" or "postgresql", for the few SQL functions the two spell differently."""

    def __init__(self, dialect: str, sqlite_conn: sqlite3.Connection | None = None,
                 sa_conn: Any = None):
        self.dialect = dialect
        self._sqlite = sqlite_conn
        self._sa = sa_conn

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> Iterator[Row]:
        params = params or {}
        if self._sqlite is not None:
            cur = self._sqlite.execute(sql, params)
            try:
                while batch := cur.fetchmany(CHUNK):
                    yield from batch
            finally:
                with suppress(sqlite3.ProgrammingError):  # the listing closed the file first
                    cur.close()
            return
        from sqlalchemy import text  # noqa: PLC0415 - only off the SQLite fast path

        result = self._sa.execution_options(stream_results=True, yield_per=CHUNK).execute(
            text(sql), params)
        try:
            for r in result:
                yield tuple(r)
        finally:
            result.close()

    def contains(self, column: str, param: str) -> str:
        """SQL for "`param` occurs in `column`", case-sensitive like Python's `in`."""
        fn = "instr" if self.dialect == "sqlite" else "strpos"
        return f"{fn}({column}, :{param}) > 0"


def open_fast(db: str) -> Reader | None:
    """A reader on a SQLite file that is ready to read, or None (a server database, a
    missing file, a schema to migrate, an assessment to finish)."""
    url = db_url(db)
    if not url.startswith("sqlite:///") or "?" in url:
        return None
    path = url[len("sqlite:///"):]
    if not path or not os.path.isfile(path):
        return None
    try:
        conn = sqlite3.connect(path, timeout=30.0, isolation_level=None,
                               check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        conn.execute("BEGIN")  # one consistent view for the whole listing; takes no lock
        done = {r[0] for r in conn.execute("SELECT name FROM evidence_migrations")}
        waiting = conn.execute("SELECT 1 FROM source WHERE is_latest AND NOT assessed "
                               "LIMIT 1").fetchone()
    except sqlite3.Error:
        conn.close()
        return None
    if not done >= set(MIGRATION_NAMES) or waiting:
        conn.close()
        return None
    return Reader("sqlite", sqlite_conn=conn)


@contextmanager
def of_store(source: Any) -> Iterator[Reader]:
    """A reader on an open `Store` (any backend), inside one read transaction; a `Reader`
    given instead is used as it is."""
    if isinstance(source, Reader):
        yield source
        return
    with source.reading() as conn:
        yield Reader(conn.dialect.name, sa_conn=conn)


def close(reader: Reader) -> None:
    if reader._sqlite is not None:
        reader._sqlite.close()


def from_json(v: Any) -> Any:
    """A JSON column's value: SQLite hands back the text, PostgreSQL the decoded value."""
    return json.loads(v) if isinstance(v, str) else v


def from_time(v: Any) -> Any:
    """A timestamp column's value: SQLite hands back the stored text."""
    return datetime.fromisoformat(v) if isinstance(v, str) else v
