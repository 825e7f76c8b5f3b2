"""The store: `Store(db)` opens (creating and migrating) the store that `db` names, a SQLite file
or a PostgreSQL database; one interface (store/base.py), each backend only its differences."""
from __future__ import annotations

from .base import DEFAULT_DB, Store
from .schema import SCHEMA_VERSION
from .url import is_url, locate, redact

__all__ = ["Store", "open_store", "SCHEMA_VERSION", "DEFAULT_DB", "is_url", "locate", "redact"]


def open_store(db=DEFAULT_DB, *, create: bool = True) -> Store:
    """The store at `db` (a path, sqlite:///PATH, ":memory:" or postgresql://...), opened by its
    backend; `create=False` refuses to make a new one (StoreNotFound)."""
    return db if isinstance(db, Store) else Store(db, create=create)
