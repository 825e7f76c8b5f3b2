"""Answers of the aggregate routes (counts, timeline, network, threads, actors) kept in memory
and dropped as soon as the store changes.

Every lookup first reads the store's data version (Store.data_version: SQLite's
`PRAGMA data_version` on a connection of the cache's own, PostgreSQL's current snapshot), and
a version other than the one the entries were computed under empties the cache. An answer
is computed after the version was read, so it is never older than the version it is filed
under; one computed while the version moved on is returned but not kept. Concurrent requests
for the same missing answer wait for the one that computes it.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable

MAX_ENTRIES = 512
MAX_BYTES = 64 * 1024 * 1024


class AnswerCache:
    """A least-recently-used map of answers (bytes), valid for one data version of the store."""

    def __init__(self, version: Callable[[], Any], max_entries: int = MAX_ENTRIES,
                 max_bytes: int = MAX_BYTES):
        self._version = version
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._lock = threading.Lock()
        self._valid_for: Any = object()         # the version the entries were computed under
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0
        self._pending: dict[Hashable, threading.Event] = {}
        self.hits = self.misses = self.invalidations = 0

    @property
    def enabled(self) -> bool:
        return self.max_entries > 0

    def _check(self, version: Any) -> None:  # under the lock
        if version != self._valid_for:
            if self._entries:
                self.invalidations += 1
            self._entries.clear()
            self._bytes = 0
            self._valid_for = version

    def get(self, key: Hashable, compute: Callable[[], bytes]) -> bytes:
        """The answer for `key`, computed by `compute()` unless a valid one is kept."""
        if not self.enabled:
            return compute()
        while True:
            version = self._version()
            with self._lock:
                self._check(version)
                if key in self._entries:
                    self._entries.move_to_end(key)
                    self.hits += 1
                    return self._entries[key]
                waiting = self._pending.get(key)
                if waiting is None:
                    mine = self._pending[key] = threading.Event()
                    self.misses += 1
                    break
            waiting.wait(timeout=600)  # then look again: kept, or computed under an older version
        try:
            value = compute()
            with self._lock:
                if self._valid_for == version and len(value) <= self.max_bytes // 4:
                    if key in self._entries:
                        self._bytes -= len(self._entries[key])
                    self._entries[key] = value
                    self._bytes += len(value)
                    while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                        _, old = self._entries.popitem(last=False)
                        self._bytes -= len(old)
            return value
        finally:
            with self._lock:
                if self._pending.get(key) is mine:
                    del self._pending[key]
            mine.set()

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"entries": len(self._entries), "bytes": self._bytes, "hits": self.hits,
                    "misses": self.misses, "invalidations": self.invalidations}
