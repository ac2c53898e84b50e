"""Scratch files of one streamed report build: what later pages need from earlier ones.

A source page is built from its own document, but the flagged list, the
regulatory page, the index and every study page show claims from all over the
base, exactly as their source pages show them (a claim's view depends on its
whole document: where its text sits, which review it inherits). Holding those
views until the end is what made the report's memory grow with the base, so
they go to a private SQLite file in a temporary folder as each source page is
written, and the later pages read them back in the order they list them. It
is the report's own scratch space, deleted with the build, never the evidence
database.
"""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
_SCHEMA = """
CREATE TABLE claim (id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL, start INTEGER NOT NULL,
                    end_ INTEGER NOT NULL, rank INTEGER, view BLOB NOT NULL, claim BLOB);
CREATE INDEX claim_flagged ON claim (rank, source_id, start, id) WHERE rank IS NOT NULL;
CREATE INDEX claim_source ON claim (source_id, start, end_, id);
CREATE TABLE item (list TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL,
                   PRIMARY KEY (list, seq));
"""
_CHUNK = 500  # ids per IN (...) read


def _dump(obj: Any) -> bytes:
    return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


class Spill:
    """Claims' views (and export dicts) by id, and named lists of pickled items."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="evidence-report-")
        self.db = sqlite3.connect(Path(self._dir.name) / "spill.db")
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.executescript(_SCHEMA)
        self._seq: dict[str, int] = {}

    def close(self) -> None:
        self.db.close()
        self._dir.cleanup()

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- claims ------------------------------------------------------------------

    def add_claims(self, rows: Iterable[tuple[Any, Any, int, int, int | None, Any, Any]]) -> None:
        """(id, source_id, start, end, flagged rank or None, view, export dict or None)."""
        self.db.executemany(
            "INSERT INTO claim VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(i, s, a, b, r, _dump(v), None if c is None else _dump(c))
             for i, s, a, b, r, v, c in rows])

    def flagged(self, limit: int = -1) -> Iterator[Any]:
        """Views of flagged claims, most severe first, then by source, offset and id."""
        for (blob,) in self.db.execute(
                "SELECT view FROM claim WHERE rank IS NOT NULL "
                "ORDER BY rank, source_id, start, id LIMIT ?", (limit,)):
            yield pickle.loads(blob)

    def flagged_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM claim WHERE rank IS NOT NULL")
                   .fetchone()[0])

    def claims(self, ids: Sequence[Any]) -> dict[Any, tuple[Any, dict[str, Any] | None]]:
        """id -> (view, export dict) for those of `ids` kept."""
        out: dict[Any, tuple[Any, dict[str, Any] | None]] = {}
        for i in range(0, len(ids), _CHUNK):
            part = list(ids[i:i + _CHUNK])
            q = f"SELECT id, view, claim FROM claim WHERE id IN ({','.join('?' * len(part))})"
            for cid, view, claim in self.db.execute(q, part):
                out[cid] = (pickle.loads(view), None if claim is None else pickle.loads(claim))
        return out

    def source_claims(self, source_id: Any) -> list[dict[str, Any]]:
        """A source's kept export dicts in document order (start, end, id)."""
        return [pickle.loads(c) for (c,) in self.db.execute(
            "SELECT claim FROM claim WHERE source_id = ? AND claim IS NOT NULL "
            "ORDER BY start, end_, id", (source_id,))]

    # --- lists -------------------------------------------------------------------

    def append(self, name: str, item: Any) -> None:
        seq = self._seq.get(name, 0)
        self.db.execute("INSERT INTO item VALUES (?, ?, ?)", (name, seq, _dump(item)))
        self._seq[name] = seq + 1

    def count(self, name: str) -> int:
        return self._seq.get(name, 0)

    def items(self, name: str) -> Iterator[Any]:
        for (blob,) in self.db.execute("SELECT data FROM item WHERE list = ? ORDER BY seq",
                                       (name,)):
            yield pickle.loads(blob)


class Lazy(Sequence[T]):
    """A page's long list, read back from the spill each time a template walks it, so a
    page of tens of thousands of claims never sits in memory. Templates only iterate,
    test and count it; indexing reads up to the item."""

    def __init__(self, size: int, read: Callable[[], Iterator[T]]):
        self._size = size
        self._read = read

    def __len__(self) -> int:
        return self._size

    def __bool__(self) -> bool:
        return self._size > 0

    def __iter__(self) -> Iterator[T]:
        return self._read()

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(self)[index]
        for i, item in enumerate(self):
            if i == (index if index >= 0 else self._size + index):
                return item
        raise IndexError(index)
