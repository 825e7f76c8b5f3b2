"""The SQLite backend (the default): one embedded file in WAL mode, pragmas, BEGIN IMMEDIATE."""
from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterator

from ..errors import StoreError, StoreNotFound
from .base import DEFAULT_DB, Store
from .schema import migrate
from .url import locate

BUSY_TIMEOUT_MS = 30_000  # a second writer (another ingest, the web server) waits, it does not fail


class SQLiteStore(Store):
    """An eventwire store in a SQLite file (or ":memory:")."""

    backend = "sqlite"
    LIKE = "LIKE"    # SQLite's LIKE ignores the case of ASCII letters
    NO_LIMIT = -1
    Error = sqlite3.Error

    def __init__(self, db: str | os.PathLike = DEFAULT_DB, *, create: bool = True):
        loc = locate(db)
        self.path = self.display = loc.target
        if self.path != ":memory:":
            p = Path(self.path)
            if not p.exists() and not create:
                raise StoreNotFound(f"{self.path}: no store here; create one with "
                                    f"`eventwire ingest SOURCE --db {self.path}` or `eventwire demo`")
            if p.is_dir():
                raise StoreError(f"{self.path} is a folder; give the path of a .db file")
            if not p.parent.exists():
                raise StoreError(f"{self.path}: the folder {p.parent} does not exist; create it first")
        self._lock = threading.RLock()
        try:
            # isolation_level=None: we open transactions ourselves, so each write is exactly one
            self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                        isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
                # WAL + NORMAL: a killed process loses nothing committed; only power loss may
                self.conn.execute("PRAGMA synchronous = NORMAL")
            migrate(self, self.path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open as an eventwire store ({exc}); "
                             "give the path of an eventwire .db file or a new file name") from exc

    def execute(self, statement: str, params: tuple | list | None = None):
        return self.conn.execute(statement, () if params is None else params)

    def begin_write(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def begin_migration(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def has_table(self, name: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                 (name,)).fetchone() is not None

    def data_version(self) -> int:
        with self.reading():
            return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def executemany(self, statement: str, params: list[tuple]) -> None:
        self.conn.executemany(statement, params)

    def stream(self, statement: str, params: list[Any]) -> Iterator[Any]:
        return iter(self.conn.execute(statement, params))  # a SQLite cursor steps row by row

    def integrity_check(self) -> str:
        with self._lock:
            return self.conn.execute("PRAGMA integrity_check").fetchone()[0]
