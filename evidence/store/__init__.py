"""The only package that touches the database.

`Store` is loaded on first use, so the listing commands, which read through
`evidence.store.reader`, never import SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from evidence.store.db import SavedSource, Store

__all__ = ["SavedSource", "Store"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from evidence.store import db

        return getattr(db, name)
    raise AttributeError(f"module 'evidence.store' has no attribute {name!r}")
