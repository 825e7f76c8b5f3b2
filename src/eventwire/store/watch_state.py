"""What `eventwire watch` remembers in the store: each source's validators and last poll, and the
entry URLs already ingested (tables of migration 3; the SQL is shared by both backends)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .schema import now

if TYPE_CHECKING:
    from .base import Store

_UPSERT_POLL = """INSERT INTO watch_sources
    (source, etag, last_modified, polled_at, status, new_articles, seen, errors, last_error)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (source) DO UPDATE SET etag = excluded.etag,
        last_modified = excluded.last_modified, polled_at = excluded.polled_at,
        status = excluded.status, new_articles = excluded.new_articles, seen = excluded.seen,
        errors = excluded.errors, last_error = excluded.last_error"""


def source_state(store: "Store", source: str) -> dict[str, Any] | None:
    """The source's row (etag, last_modified, status, ...), or None before its first poll."""
    with store._lock:
        row = store.execute("SELECT source, etag, last_modified, polled_at, status, new_articles, "
                            "seen, errors, last_error FROM watch_sources WHERE source = ?",
                            (source,)).fetchone()
    return dict(row) if row is not None else None


def record_poll(store: "Store", source: str, *, status: str, etag: str | None,
                last_modified: str | None, new: int, seen: int, errors: int,
                last_error: str | None) -> None:
    with store._lock:
        store.execute(_UPSERT_POLL, (source, etag, last_modified, now(), status, new, seen,
                                     errors, last_error))


def url_seen(store: "Store", url: str) -> bool:
    with store._lock:
        row = store.execute("SELECT 1 FROM watch_urls WHERE url = ?", (url,)).fetchone()
    return row is not None


def mark_url(store: "Store", url: str, source: str, article: str | None) -> None:
    """Remember an entry's URL as done (stored, already stored, or rejected: never retried)."""
    with store._lock:
        store.execute("INSERT INTO watch_urls (url, source, article, seen_at) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT (url) DO NOTHING", (url, source, article, now()))


def polls(store: "Store") -> list[dict[str, Any]]:
    """The last poll of every watched source, by source."""
    with store._lock:
        cur = store.execute("SELECT source, polled_at, status, new_articles, seen, errors, "
                            "last_error FROM watch_sources ORDER BY source")
        return [dict(r) for r in cur]
