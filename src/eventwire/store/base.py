"""The store's interface and the SQL that every backend shares; sqlite.py and postgresql.py add
only their differences (connection, placeholders, settings, DDL types, transactions, streaming).

SQL here is written once, with `?` placeholders; a backend translates what its driver needs.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Iterator

from ..errors import InputError, StoreError
from ..model import Article, Result
from . import queries, rows
from .schema import now

DEFAULT_DB = "eventwire.db"


class Store:
    """An eventwire store, created and migrated on open.

    `Store(db)` picks the backend from `db`: a file path, `sqlite:///PATH` or ":memory:" is a
    SQLite store, `postgresql://...` a PostgreSQL one (see eventwire.store.url). Writes are keyed
    by the article's content hash: `write` stores one article's whole result in one transaction,
    and writing the same article again changes nothing, also from several processes at once.
    """

    # --- what each backend defines ------------------------------------------------------------
    backend = ""                 # "sqlite" or "postgresql"
    LIKE = "LIKE"                # the operator of an ASCII-case-insensitive LIKE
    NO_LIMIT: Any = -1           # the LIMIT parameter that means "no limit"
    Error: type[Exception] = Exception  # the driver's root exception
    conn: Any
    _lock: Any                   # an RLock: one thread at a time on the connection
    path: str                    # what was given to open it (a path or the URL)
    display: str                 # the same for messages and logs (a URL's password hidden)

    def __new__(cls, db: str | os.PathLike = DEFAULT_DB, *, create: bool = True):
        if cls is Store:  # the factory: the backend comes from the --db value
            from .url import backend_class, locate

            cls = backend_class(locate(db).backend)
        return super().__new__(cls)

    def __init__(self, db: str | os.PathLike = DEFAULT_DB, *, create: bool = True):
        raise NotImplementedError  # only reached by a subclass that forgot its own

    def ddl(self, statement: str) -> str:
        """A schema statement (written for SQLite) in this backend's types."""
        return statement

    def execute(self, statement: str, params: tuple | list | None = None):
        """Run one statement of the shared SQL (`?` placeholders); its cursor."""
        raise NotImplementedError

    def begin_write(self) -> None:
        """Open a write transaction (SQLite: take the write lock now, not at the first write)."""
        raise NotImplementedError

    def start_article(self, row: tuple) -> bool:
        """Open the article's transaction and insert its row; False when it is already stored.

        ON CONFLICT DO NOTHING: a concurrent writer of the same article waits for the first
        one's commit and then finds it stored; nothing is written twice."""
        self.begin_write()
        return self.execute(rows.INSERT_ARTICLE, row).rowcount == 1

    def finish_article(self, parts: list[tuple[str, list[tuple]]], then=None) -> None:
        """Insert the article's other rows, (statement, rows) in order, call `then()` (linking
        incidents) in the same transaction, and commit."""
        for statement, params in parts:
            self.executemany(statement, params)
        if then is not None:
            then()
        self.execute("COMMIT")

    def lock_incidents(self) -> None:
        """Hold the lock that makes linking incidents one writer at a time, to the commit
        (SQLite: the write transaction, BEGIN IMMEDIATE, already is that lock)."""

    def begin_migration(self) -> None:
        """Open a transaction that no other process can run a migration beside."""
        raise NotImplementedError

    def begin_read(self) -> None:
        """Open a read transaction: its queries all see the store as of one moment."""
        self.execute("BEGIN")

    @property
    def in_transaction(self) -> bool:
        raise NotImplementedError

    def has_table(self, name: str) -> bool:
        raise NotImplementedError

    def executemany(self, statement: str, params: list[tuple]) -> None:
        raise NotImplementedError

    def stream(self, statement: str, params: list[Any]) -> Iterator[Any]:
        """Rows of a large query without holding them all in memory (for exports)."""
        raise NotImplementedError

    def data_version(self) -> Any:
        """A value that changes whenever a commit by another connection (another process, or
        this process's writer) becomes visible to this one; equal values: the same data. Cached
        answers are keyed on it (a connection never sees its own writes change it)."""
        raise NotImplementedError

    def bulk_insert(self, table: str, cols: list[str], rows: list[tuple]) -> None:
        """Insert many rows inside the caller's transaction, the fastest way the backend has."""
        marks = ", ".join("?" * len(cols))
        self.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", rows)

    # --- shared ---------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.display!r})"

    def _rollback(self) -> None:
        """Undo the open transaction, if any; where the connection is gone, the server dropped
        the transaction with it and there is nothing to undo."""
        try:
            if self.in_transaction:
                self.execute("ROLLBACK")
        except self.Error:
            pass

    @contextmanager
    def reading(self, snapshot: bool = False) -> Iterator[None]:
        """Hold the connection for a read; `snapshot`: its queries see one moment of the store
        (a read transaction), so a read of several tables never sees an article in one table
        and not yet in the next while another process writes. A driver error (a lock held
        longer than the busy timeout, a lost connection) becomes a StoreError that says so."""
        with self._lock:
            own = snapshot and not self.in_transaction
            try:
                if own:
                    self.begin_read()
                yield
                if own:
                    self.execute("COMMIT")
            except BaseException as exc:
                if own:
                    self._rollback()
                if isinstance(exc, self.Error):
                    raise StoreError(f"{self.display}: the store could not be read ({exc}); "
                                     "another process may hold it locked: try again") from exc
                raise

    # --- writes ---------------------------------------------------------------------------------

    def unstorable(self, article: Article) -> str | None:
        """Why this backend cannot store the article (the ingest rejects it unparsed), or None."""
        return None

    def has(self, hash: str) -> bool:  # noqa: A002 - the content hash is the article's key
        with self._lock:
            return self.execute("SELECT 1 FROM articles WHERE hash = ?", (hash,)).fetchone() is not None

    def write(self, result: Result) -> bool:
        """Store one article's result in one transaction; False when it was already stored."""
        h = result.article.hash
        with self._lock:
            try:
                article = rows.article_row(result, now())
                actor_rows, mention_rows = rows.actor_rows(result)
                parts = [(rows.INSERT_ACTOR, actor_rows), (rows.INSERT_MENTION, mention_rows),
                         (rows.INSERT_STATEMENT, rows.statement_rows(result)),
                         (rows.INSERT_EVENT, rows.event_rows(result)), *rows.after_insert(result)]
                if not self.start_article(article):
                    self.execute("ROLLBACK")
                    return False
                self.finish_article(parts, then=(lambda: self._link(result)) if result.events else None)
                return True
            except BaseException as exc:
                # anything at all (a bad record, a full disk, Ctrl-C): nothing of this article stays
                self._rollback()
                if isinstance(exc, self.Error):
                    raise StoreError(f"{self.display}: article {result.article.id} "
                                     f"({result.article.origin or h}) was not stored: {exc}") from exc
                if isinstance(exc, Exception):
                    raise StoreError(f"article {result.article.id} ({result.article.origin or h}) "
                                     f"could not be converted for the store: {exc!r}") from exc
                raise

    linking_seconds = 0.0  # time this Store has spent linking incidents (docs/incidents.md)

    def _link(self, result: Result) -> None:
        from time import perf_counter

        from .incidents import link

        t0 = perf_counter()
        link(self, result)
        self.linking_seconds += perf_counter() - t0

    def log_rejection(self, err: InputError) -> bool:
        """Record a rejected input item; False when the same item and reason were already logged."""
        position = "" if err.position is None else str(err.position)
        with self._lock:
            cur = self.execute(
                "INSERT INTO ingest_log (source, position, reason, logged_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (source, position, reason) DO NOTHING",
                (err.source or "<input>", position, err.reason, now()))
            return cur.rowcount == 1

    # --- reads ----------------------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        """Counts: articles, events, statements, actors (per article), errors (rejected items)."""
        with self.reading(snapshot=True):
            return {key: self.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                    for key, table in (("articles", "articles"), ("events", "events"),
                                       ("statements", "statements"), ("actors", "actors"),
                                       ("errors", "ingest_log"))}

    def rejections(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Rejected items, newest first: source, position, reason, logged_at."""
        with self.reading():
            cur = self.execute("SELECT source, position, reason, logged_at FROM ingest_log "
                               "ORDER BY id DESC LIMIT ?", (self.NO_LIMIT if limit is None else limit,))
            return [dict(r) for r in cur]

    def rejections_by_reason(self) -> list[dict[str, Any]]:
        """Rejected items grouped by reason, most frequent first, with one example each."""
        with self.reading():
            cur = self.execute(
                "SELECT reason, COUNT(*) AS count, MIN(source || CASE WHEN position = '' THEN '' "
                "ELSE ':' || position END) AS example FROM ingest_log GROUP BY reason "
                "ORDER BY count DESC, reason")
            return [dict(r) for r in cur]

    def events(self, limit: int | None = 100, offset: int = 0, *, newest_first: bool = True,
               **filters: Any) -> list[dict[str, Any]]:
        with self.reading():
            return queries.events(self, filters, limit, offset, newest_first)

    def iter_events(self, *, newest_first: bool = False, limit: int | None = None,
                    **filters: Any) -> Iterator[dict[str, Any]]:
        """Every matching event (or the first `limit`), streamed from one cursor (for exports;
        use from one thread)."""
        return queries.iter_events(self, filters, newest_first, limit)

    def iter_statements(self, *, newest_first: bool = False, **filters: Any) -> Iterator[dict[str, Any]]:
        return queries.iter_statements(self, filters, newest_first)

    def count_events(self, **filters: Any) -> int:
        with self.reading():
            return queries.count_events(self, filters)

    def timeline(self, unit: str = "events", **filters: Any) -> dict[str, Any]:
        """Matching events (or incidents) per day and type (eventwire.store.aggregates.timeline)."""
        from . import aggregates

        with self.reading(snapshot=unit != "events"):  # incidents: several queries, one moment
            return aggregates.timeline(self, filters, unit)

    def map(self, unit: str = "events", max_places: int = 2000, **filters: Any) -> dict[str, Any]:
        """Matching events (or incidents) per country and place (eventwire.store.aggregates.event_map)."""
        from . import aggregates

        with self.reading(snapshot=True):
            return aggregates.event_map(self, filters, unit, max_places)

    def network(self, max_edges: int = 150, **filters: Any) -> dict[str, Any]:
        """Matching events per source, target and type (eventwire.store.aggregates.network)."""
        from . import aggregates

        with self.reading():
            return aggregates.network(self, filters, max_edges)

    def threads(self, limit: int = 100, **filters: Any) -> dict[str, Any]:
        """Answered proposals among the matching events (eventwire.store.aggregates.threads)."""
        from . import aggregates

        with self.reading(snapshot=True):  # several queries: one moment of the store
            return aggregates.threads(self, filters, limit)

    def statements(self, limit: int | None = 100, offset: int = 0, *, newest_first: bool = True,
                   **filters: Any) -> list[dict[str, Any]]:
        with self.reading():
            return queries.statements(self, filters, limit, offset, newest_first)

    def count_statements(self, **filters: Any) -> int:
        with self.reading():
            return queries.count_statements(self, filters)

    def actors(self, limit: int | None = 100, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
        with self.reading():
            return queries.actors(self, filters, limit, offset)

    def articles(self, limit: int | None = 100, offset: int = 0, *, newest_first: bool = True,
                 **filters: Any) -> list[dict[str, Any]]:
        with self.reading():
            return queries.articles(self, filters, limit, offset, newest_first)

    def article(self, id: str) -> dict[str, Any] | None:  # noqa: A002
        """One article (by content hash or caller id) with its text, actors, statements, events."""
        with self.reading(snapshot=True):
            return queries.article(self, id)

    def records(self, with_text: bool = False) -> Iterator[dict[str, Any]]:
        """Every stored article as an eventwire/1 record, in storing order."""
        # the lock is held per article, not across yields: a slow consumer blocks no other thread
        keys = self.hashes()
        for h in keys:
            with self.reading(snapshot=True):
                rec = queries.article(self, h)
            if rec is None:  # cannot happen today: nothing deletes articles
                continue
            if not with_text:
                rec["article"].pop("text", None)
            yield rec

    def hashes(self) -> list[str]:
        """Every stored article's content hash, in storing order."""
        with self.reading():
            return [r[0] for r in self.execute("SELECT hash FROM articles ORDER BY rowid")]

    def schema_version(self) -> int:
        with self.reading():
            return self.execute("SELECT MAX(version) FROM migrations").fetchone()[0]

    # --- export ---------------------------------------------------------------------------------

    def export(self, fmt: str, path: str | os.PathLike | None = None, *, table: str = "events",
               min_confidence: float = 0.0, **filters: Any) -> int:
        """Write the store as jsonl (eventwire/1 records), csv, tsv or parquet; return the count.

        `path` None writes jsonl/csv/tsv to standard output. `table` picks the rows for csv, tsv
        and parquet: events or statements (flat rows), or a layout of the field (gdelt-events,
        gdelt-mentions, acled, polecat; docs/exports.md). `filters` are the events query's.
        """
        from .export import export

        return export(self, fmt, path, table=table, min_confidence=min_confidence, **filters)
