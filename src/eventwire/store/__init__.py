"""The SQLite store: one connection, idempotent per-article atomic writes, queries and exports."""
from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError, StoreError
from ..model import Result
from . import queries, rows
from .schema import SCHEMA_VERSION, migrate, now

__all__ = ["Store", "SCHEMA_VERSION"]

BUSY_TIMEOUT_MS = 30_000  # a second writer (another ingest, the web server) waits, it does not fail


class Store:
    """An eventwire store in a SQLite file (or ":memory:"), created and migrated on open.

    Writes are keyed by the article's content hash: `write` stores one article's whole result in
    one transaction, and writing the same article again changes nothing.
    """

    def __init__(self, path: str | os.PathLike = "eventwire.db", *, create: bool = True):
        self.path = str(path)
        if self.path != ":memory:":
            p = Path(self.path)
            if not p.exists() and not create:
                raise StoreError(f"{self.path}: no store here; create one with "
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
            migrate(self.conn, self.path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open as an eventwire store ({exc}); "
                             "give the path of an eventwire .db file or a new file name") from exc

    # --- lifecycle ------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    # --- writes ---------------------------------------------------------------------------------

    def has(self, hash: str) -> bool:  # noqa: A002 - the content hash is the article's key
        with self._lock:
            return self.conn.execute("SELECT 1 FROM articles WHERE hash = ?", (hash,)).fetchone() is not None

    def write(self, result: Result) -> bool:
        """Store one article's result in one transaction; False when it was already stored."""
        h = result.article.hash
        with self._lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                if self.conn.execute("SELECT 1 FROM articles WHERE hash = ?", (h,)).fetchone():
                    self.conn.execute("ROLLBACK")
                    return False
                self.conn.execute(rows.INSERT_ARTICLE, rows.article_row(result, now()))
                actor_rows, mention_rows = rows.actor_rows(result)
                self.conn.executemany(rows.INSERT_ACTOR, actor_rows)
                self.conn.executemany(rows.INSERT_MENTION, mention_rows)
                self.conn.executemany(rows.INSERT_STATEMENT, rows.statement_rows(result))
                self.conn.executemany(rows.INSERT_EVENT, rows.event_rows(result))
                self.conn.execute("COMMIT")
                return True
            except BaseException as exc:
                # anything at all (a bad record, a full disk, Ctrl-C): nothing of this article stays
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"{self.path}: article {result.article.id} "
                                     f"({result.article.origin or h}) was not stored: {exc}") from exc
                if isinstance(exc, Exception):
                    raise StoreError(f"article {result.article.id} ({result.article.origin or h}) "
                                     f"could not be converted for the store: {exc!r}") from exc
                raise

    def log_rejection(self, err: InputError) -> bool:
        """Record a rejected input item; False when the same item and reason were already logged."""
        position = "" if err.position is None else str(err.position)
        with self._lock:
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO ingest_log (source, position, reason, logged_at) "
                "VALUES (?, ?, ?, ?)", (err.source or "<input>", position, err.reason, now()))
            return cur.rowcount == 1

    # --- reads ----------------------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        """Counts: articles, events, statements, actors (per article), errors (rejected items)."""
        with self._lock:
            c = self.conn
            return {
                "articles": c.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
                "events": c.execute("SELECT COUNT(*) FROM events").fetchone()[0],
                "statements": c.execute("SELECT COUNT(*) FROM statements").fetchone()[0],
                "actors": c.execute("SELECT COUNT(*) FROM actors").fetchone()[0],
                "errors": c.execute("SELECT COUNT(*) FROM ingest_log").fetchone()[0],
            }

    def rejections(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Rejected items, newest first: source, position, reason, logged_at."""
        with self._lock:
            cur = self.conn.execute("SELECT source, position, reason, logged_at FROM ingest_log "
                                    "ORDER BY id DESC LIMIT ?", (-1 if limit is None else limit,))
            return [dict(r) for r in cur]

    def rejections_by_reason(self) -> list[dict[str, Any]]:
        """Rejected items grouped by reason, most frequent first, with one example each."""
        with self._lock:
            cur = self.conn.execute(
                "SELECT reason, COUNT(*) AS count, MIN(source || CASE WHEN position = '' THEN '' "
                "ELSE ':' || position END) AS example FROM ingest_log GROUP BY reason "
                "ORDER BY count DESC, reason")
            return [dict(r) for r in cur]

    def events(self, limit: int | None = 100, offset: int = 0, *, newest_first: bool = True,
               **filters: Any) -> list[dict[str, Any]]:
        with self._lock:
            return queries.events(self.conn, filters, limit, offset, newest_first)

    def iter_events(self, *, newest_first: bool = False, **filters: Any) -> Iterator[dict[str, Any]]:
        """Every matching event, streamed from one cursor (for exports; use from one thread)."""
        return queries.iter_events(self.conn, filters, newest_first)

    def iter_statements(self, *, newest_first: bool = False, **filters: Any) -> Iterator[dict[str, Any]]:
        return queries.iter_statements(self.conn, filters, newest_first)

    def count_events(self, **filters: Any) -> int:
        with self._lock:
            return queries.count_events(self.conn, filters)

    def statements(self, limit: int | None = 100, offset: int = 0, *, newest_first: bool = True,
                   **filters: Any) -> list[dict[str, Any]]:
        with self._lock:
            return queries.statements(self.conn, filters, limit, offset, newest_first)

    def count_statements(self, **filters: Any) -> int:
        with self._lock:
            return queries.count_statements(self.conn, filters)

    def actors(self, limit: int | None = 100, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
        with self._lock:
            return queries.actors(self.conn, filters, limit, offset)

    def articles(self, limit: int | None = 100, offset: int = 0, *, newest_first: bool = True,
                 **filters: Any) -> list[dict[str, Any]]:
        with self._lock:
            return queries.articles(self.conn, filters, limit, offset, newest_first)

    def article(self, id: str) -> dict[str, Any] | None:  # noqa: A002
        """One article (by content hash or caller id) with its text, actors, statements, events."""
        with self._lock:
            return queries.article(self.conn, id)

    def records(self, with_text: bool = False) -> Iterator[dict[str, Any]]:
        """Every stored article as an eventwire/1 record, in storing order."""
        # the lock is held per article, not across yields: a slow consumer blocks no other thread
        with self._lock:
            keys = [r[0] for r in self.conn.execute("SELECT hash FROM articles ORDER BY rowid")]
        for h in keys:
            with self._lock:
                rec = queries.article(self.conn, h)
            if rec is None:  # cannot happen today: nothing deletes articles
                continue
            if not with_text:
                rec["article"].pop("text", None)
            yield rec

    def hashes(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self.conn.execute("SELECT hash FROM articles ORDER BY rowid")]

    def integrity_check(self) -> str:
        with self._lock:
            return self.conn.execute("PRAGMA integrity_check").fetchone()[0]

    def schema_version(self) -> int:
        with self._lock:
            return self.conn.execute("SELECT MAX(version) FROM migrations").fetchone()[0]

    # --- export ---------------------------------------------------------------------------------

    def export(self, fmt: str, path: str | os.PathLike | None = None, *, table: str = "events",
               min_confidence: float = 0.0) -> int:
        """Write the store as jsonl (eventwire/1 records), csv or parquet (flat rows); return the count.

        `path` None writes jsonl/csv to standard output. `table` picks the flat rows for csv and
        parquet: events (GDELT/ACLED-like columns) or statements.
        """
        from .export import export

        return export(self, fmt, path, table=table, min_confidence=min_confidence)
