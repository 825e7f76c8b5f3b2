"""The store's schema: an ordered list of recorded migrations, and the code that applies them."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from ..errors import StoreError

if TYPE_CHECKING:
    from .base import Store

# Append only: each step runs once, in order, and is recorded in the `migrations` table.
# Never edit a released step; add a new one that alters what the old one made.
MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "initial schema", [
        """CREATE TABLE articles (
            hash        TEXT PRIMARY KEY,          -- content hash (eventwire.model.content_id)
            ref         TEXT,                      -- the caller's id, echoed as article.id
            title       TEXT,
            url         TEXT,
            source      TEXT,
            published   TEXT,
            language    TEXT,
            author      TEXT,
            origin      TEXT,                      -- where it was read from: path[:position]
            text        TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        )""",
        "CREATE INDEX articles_published ON articles(published)",
        "CREATE INDEX articles_ref ON articles(ref)",
        """CREATE TABLE actors (
            article   TEXT NOT NULL REFERENCES articles(hash) ON DELETE CASCADE,
            id        TEXT NOT NULL,               -- per-article actor id (a1, a2, ...)
            name      TEXT,
            kind      TEXT,
            country   TEXT,
            sector    TEXT,
            role      TEXT,
            canonical TEXT,                        -- knowledge-base id, when resolved
            data      TEXT NOT NULL,               -- the eventwire/1 actor object (JSON)
            PRIMARY KEY (article, id)
        )""",
        "CREATE INDEX actors_canonical ON actors(canonical)",
        "CREATE INDEX actors_name ON actors(name)",
        "CREATE INDEX actors_country ON actors(country)",
        """CREATE TABLE mentions (
            article    TEXT NOT NULL,
            actor      TEXT NOT NULL,
            text       TEXT,
            char_start INTEGER,
            char_end   INTEGER,
            sentence   INTEGER,
            FOREIGN KEY (article, actor) REFERENCES actors(article, id) ON DELETE CASCADE
        )""",
        "CREATE INDEX mentions_actor ON mentions(article, actor)",
        """CREATE TABLE statements (
            article       TEXT NOT NULL REFERENCES articles(hash) ON DELETE CASCADE,
            id            TEXT NOT NULL,
            speaker       TEXT,
            speaker_text  TEXT,
            speaker_start INTEGER,
            speaker_end   INTEGER,
            cue           TEXT,
            cue_start     INTEGER,
            cue_end       INTEGER,
            kind          TEXT,
            content       TEXT,
            char_start    INTEGER,
            char_end      INTEGER,
            sentence      INTEGER,
            stance        TEXT,
            data          TEXT NOT NULL,           -- the eventwire/1 statement object (JSON)
            PRIMARY KEY (article, id)
        )""",
        """CREATE TABLE events (
            article           TEXT NOT NULL REFERENCES articles(hash) ON DELETE CASCADE,
            id                TEXT NOT NULL,
            type              TEXT NOT NULL,
            cameo             TEXT,
            mode              TEXT,
            issue             TEXT,
            status            TEXT,
            source            TEXT,                -- actor id within the article
            target            TEXT,
            attributed_to     TEXT,                -- statement id within the article
            responds_to       TEXT,                -- event id within the article
            date_value        TEXT,
            date_text         TEXT,
            date_precision    TEXT,
            date_start        TEXT,                -- first day the date covers (for --since/--until)
            date_end          TEXT,                -- last day the date covers
            location_name     TEXT,
            location_country  TEXT,
            lat               REAL,
            lon               REAL,
            quantities        TEXT,                -- JSON object
            confidence        REAL,
            evidence_sentence INTEGER,
            evidence_start    INTEGER,
            evidence_end      INTEGER,
            evidence_text     TEXT,
            data              TEXT NOT NULL,       -- the eventwire/1 event object (JSON)
            PRIMARY KEY (article, id)
        )""",
        "CREATE INDEX events_type ON events(type)",
        "CREATE INDEX events_status ON events(status)",
        "CREATE INDEX events_dates ON events(date_start, date_end)",
        """CREATE TABLE ingest_log (
            id        INTEGER PRIMARY KEY,
            source    TEXT NOT NULL,
            position  TEXT NOT NULL DEFAULT '',
            reason    TEXT NOT NULL,
            logged_at TEXT NOT NULL,
            UNIQUE (source, position, reason)      -- a rerun does not log the same item twice
        )""",
    ]),
    (2, "index on event confidence (--min-confidence)", [
        "CREATE INDEX events_confidence ON events(confidence)",
    ]),
    (3, "feed watch state (eventwire watch)", [
        """CREATE TABLE watch_sources (
            source        TEXT PRIMARY KEY,          -- a feed URL or file, as given to watch
            etag          TEXT,                      -- validators for the next conditional GET
            last_modified TEXT,
            polled_at     TEXT,                      -- when the last poll ended
            status        TEXT,                      -- ok, not modified, failed, interrupted
            new_articles  INTEGER NOT NULL DEFAULT 0,  -- stored by the last poll
            seen          INTEGER NOT NULL DEFAULT 0,  -- entries already ingested
            errors        INTEGER NOT NULL DEFAULT 0,  -- items rejected by the last poll
            last_error    TEXT
        )""",
        """CREATE TABLE watch_urls (
            url     TEXT PRIMARY KEY,                -- an entry's link, ingested once
            source  TEXT NOT NULL,
            article TEXT,                            -- its content hash; NULL when it was rejected
            seen_at TEXT NOT NULL
        )""",
    ]),
    (4, "incidents and place detail on events", [
        "ALTER TABLE events ADD COLUMN incident TEXT",          # incident id (see resolve/incidents)
        "ALTER TABLE events ADD COLUMN location_admin1 TEXT",   # first-level region of the place
        "ALTER TABLE events ADD COLUMN location_precision TEXT",  # city, region, country
        "CREATE INDEX events_incident ON events(incident)",
        "CREATE INDEX events_location_country ON events(location_country)",
    ]),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


MIGRATIONS_TABLE = """CREATE TABLE IF NOT EXISTS migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"""


def applied_versions(db: "Store") -> list[int]:
    if not db.has_table("migrations"):
        try:  # under the migration lock: two processes may open a new PostgreSQL store at once
            db.begin_migration()
            db.execute(db.ddl(MIGRATIONS_TABLE))
            db.execute("COMMIT")
        except db.Error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
    return [r[0] for r in db.execute("SELECT version FROM migrations ORDER BY version")]


def migrate(db: "Store", path: str = "<store>") -> list[int]:
    """Apply the steps not yet recorded, each in its own transaction; return the versions applied.

    The steps are written in SQLite's dialect; `db.ddl` gives each backend's types."""
    done = set(applied_versions(db))
    if done and max(done) > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: the store has schema version {max(done)}, newer than this eventwire "
            f"understands ({SCHEMA_VERSION}); upgrade eventwire to open it")
    applied = []
    for version, name, steps in MIGRATIONS:
        if version in done:
            continue
        try:
            db.begin_migration()
            # another process may have applied it while we waited for the lock
            if db.execute("SELECT 1 FROM migrations WHERE version = ?", (version,)).fetchone():
                db.execute("COMMIT")
                continue
            for sql in steps:
                db.execute(db.ddl(sql))
            db.execute("INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
                       (version, name, now()))
            db.execute("COMMIT")
        except db.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StoreError(f"{path}: migration {version} ({name}) failed: {exc}") from exc
        applied.append(version)
    return applied
