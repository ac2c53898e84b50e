"""The review log: every editor decision as a hash-chained entry.

Each entry records the claim, the status that stood before and the one decided,
the editor, the UTC time, the reason and the tool version, and the hash of the
entry before it, so changing, removing or reordering any entry breaks the chain
from there on. The database refuses UPDATE and DELETE on the log as well; the
chain is what shows tampering done around the database.

Pure functions: the store writes and reads the rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from evidence import __version__

GENESIS = "0" * 64  # the previous hash of the first entry
TOOL = f"evidence {__version__}"
FIELDS = ("review_id", "claim_id", "doc_key", "fingerprint", "claim_text", "old_status",
          "new_status", "editor", "at", "reason", "tool")


def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    """sha256 over the previous hash and the entry's fields in canonical JSON."""
    body = json.dumps([entry[f] for f in FIELDS], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    problem: str | None  # the first break found, or None when the chain is intact


def check_chain(rows: Iterable[Any]) -> ChainCheck:
    """Walk the entries in id order: each must link to the one before and match its hash."""
    prev = GENESIS
    n = 0
    for n, row in enumerate(rows, 1):
        entry = {f: getattr(row, f) for f in FIELDS}
        if row.prev_hash != prev:
            return ChainCheck(n, f"entry {row.id} does not follow the entry before it "
                                 f"(a previous entry was changed, removed or reordered)")
        if entry_hash(prev, entry) != row.hash:
            return ChainCheck(n, f"entry {row.id} (review {row.review_id}) does not match "
                                 f"its hash: it was changed after it was written")
        prev = row.hash
    return ChainCheck(n, None)


@dataclass(frozen=True)
class Replayed:
    """A review as the log tells it, shaped like a review row for `reviews.attach`."""

    id: int
    doc_key: str
    fingerprint: str
    claim_id: int
    claim_text: str
    decision: str
    editor: str
    note: str
    at: Any


def replay(rows: Iterable[Any]) -> list[Replayed]:
    """The reviews the log records, in order: attaching them to the current claims gives
    the current statuses, whatever the review table says."""
    return [Replayed(r.review_id, r.doc_key, r.fingerprint, r.claim_id, r.claim_text,
                     r.new_status, r.editor, r.reason, r.at) for r in rows]
