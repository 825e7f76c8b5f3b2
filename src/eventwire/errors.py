"""The exception tree: every error eventwire raises on purpose derives from EventwireError.

EventwireError
├── UsageError          bad arguments or settings (a person must change the command)
├── InputError          one input item cannot be read (carries source and position)
│   └── ArticleRejected one article is unusable (empty, binary, too large, ...)
├── ModelError          the spaCy pipeline cannot be loaded
├── StoreError          the store (SQLite or PostgreSQL) cannot be opened, migrated or written
│   ├── StoreNotFound   there is no store at --db, and the command does not create one
│   └── StoreUnreachable the PostgreSQL server cannot be reached or refuses the connection
├── DataMissingError    an evaluation or benchmark data set is not where it was expected
├── EngineError         the batch engine (Ray, for --engine ray) is missing, unreachable or failed
└── FetchError          a URL could not be fetched (network code, injectable transport)
"""
from __future__ import annotations


class EventwireError(Exception):
    """Root of all eventwire errors."""

    exit_code = 1


class UsageError(EventwireError):
    exit_code = 2


class InputError(EventwireError):
    """An input item could not be read; the batch goes on without it."""

    def __init__(self, reason: str, source: str | None = None, position: str | int | None = None):
        self.reason = reason
        self.source = source
        self.position = position
        where = source or "<input>"
        if position is not None:
            where = f"{where}:{position}"
        super().__init__(f"{where}: {reason}")


class ArticleRejected(InputError):
    pass


class ModelError(EventwireError):
    pass


class StoreError(EventwireError):
    pass


class StoreNotFound(StoreError):
    """No store at --db (a missing file, a database without eventwire's tables): a usage error."""

    exit_code = 2


class StoreUnreachable(StoreError):
    """The PostgreSQL server cannot be reached, or refuses the connection or the login."""


class DataMissingError(EventwireError):
    exit_code = 2


class FetchError(InputError):
    pass


class EngineError(EventwireError):
    """The batch engine cannot run: Ray is not installed, the cluster cannot be reached, or the
    run failed there (the message says which and what to do)."""
