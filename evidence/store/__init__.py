"""The only package that touches the database."""

from evidence.store.db import SavedSource, Store

__all__ = ["SavedSource", "Store"]
