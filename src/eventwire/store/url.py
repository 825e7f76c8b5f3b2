"""Where a store lives (the --db value) and which backend opens it.

    eventwire.db, ./data/wire.db        a SQLite file
    sqlite:///data/wire.db              the same, as a URL (sqlite:////abs/path.db for an absolute path)
    :memory:, sqlite://                 a SQLite store in memory
    postgresql://USER@HOST:PORT/DB      a PostgreSQL database (postgres:// too; any libpq URL)
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from ..errors import UsageError

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
POSTGRES_SCHEMES = ("postgresql", "postgres")
EXAMPLES = "a file path, sqlite:///PATH or postgresql://USER@HOST:PORT/DATABASE"


@dataclass(frozen=True)
class Location:
    backend: str   # "sqlite" or "postgresql"
    target: str    # the SQLite path (or ":memory:"), or the PostgreSQL URL as given
    display: str   # for messages and logs: a URL's password hidden


def is_url(db: str | os.PathLike) -> bool:
    return bool(_SCHEME.match(str(db)))


def redact(url: str) -> str:
    """The URL with its password (if any) shown as ***."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.split("@", 1)[-1] if "@" in url else url
    if parts.password is None:
        return url
    userinfo, _, hostinfo = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{hostinfo}"))


def locate(db: str | os.PathLike) -> Location:
    """The backend and target of a --db value; a UsageError when it is not one we can open."""
    value = os.fspath(db)
    m = _SCHEME.match(value)
    if not m:
        return Location("sqlite", value, value)
    scheme = m.group(1).lower()
    if scheme == "sqlite":
        # SQLAlchemy's form: sqlite:///relative.db, sqlite:////absolute.db, sqlite:// for memory
        rest = value[len(m.group(0)):]
        if rest in ("", "/:memory:"):
            return Location("sqlite", ":memory:", value)
        if not rest.startswith("/"):
            raise UsageError(f"--db {value}: a SQLite URL has three slashes and a path: "
                             "sqlite:///relative/path.db or sqlite:////absolute/path.db")
        path = rest[1:]
        if not path:
            raise UsageError(f"--db {value}: the SQLite URL names no file")
        return Location("sqlite", path, value)
    if scheme in POSTGRES_SCHEMES:
        return Location("postgresql", value, redact(value))
    raise UsageError(f"--db {redact(value)}: {scheme}:// is not a kind of store eventwire knows; "
                     f"give {EXAMPLES}")


def backend_class(backend: str) -> type:
    """The Store subclass for a backend name (imported only when used)."""
    if backend == "sqlite":
        from .sqlite import SQLiteStore

        return SQLiteStore
    if backend == "postgresql":
        from .postgresql import PostgresStore

        return PostgresStore
    raise UsageError(f"unknown store backend {backend!r}; give {EXAMPLES}")
