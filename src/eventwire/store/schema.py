"""The store's schema: an ordered list of recorded migrations, and the code that applies them."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable, Union

from ..errors import StoreError

if TYPE_CHECKING:
    from .base import Store


def _actor_trigrams(db: "Store") -> None:
    """PostgreSQL only: a trigram index over the actors' names and ids copied onto the events, so
    that an actor substring (`--actor minister`) is found through it. Without it PostgreSQL's
    planner, which expects a handful of matches, reads the whole table in parallel for each page
    (0.8 s at a million events, every core busy); SQLite checks the substring in the events_day
    index it walks anyway. The pg_trgm extension ships with PostgreSQL and is trusted (a database
    owner may create it); where it cannot be created, the store works without the index."""
    if db.backend != "postgresql":
        return
    db.execute("SAVEPOINT trigrams")
    try:
        db.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        db.execute("CREATE INDEX events_actor_names ON events USING gin (source_name gin_trgm_ops, "
                   "source_canonical gin_trgm_ops, target_name gin_trgm_ops, "
                   "target_canonical gin_trgm_ops)")
        db.execute("RELEASE SAVEPOINT trigrams")
    except db.Error:
        db.execute("ROLLBACK TO SAVEPOINT trigrams")


Step = Union[str, Callable[["Store"], None]]

# Append only: each step runs once, in order, and is recorded in the `migrations` table.
# Never edit a released step; add a new one that alters what the old one made. A step is a
# statement in SQLite's dialect (`db.ddl` translates it) or a function of the store.
MIGRATIONS: list[tuple[int, str, list[Step]]] = [
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
    # Lists are read newest first and views filter by date: the day an event or statement is
    # placed on is stored with it (an event's own first and last day, else its article's
    # published day), so that an index serves the order and the date range without a join.
    # An index column DESC lists NULLs last and ties in storing order (PostgreSQL: see ddl()).
    (5, "event and statement days; indexes for lists and views at scale", [
        "ALTER TABLE events ADD COLUMN day TEXT",       # COALESCE(date_start, published day)
        "ALTER TABLE events ADD COLUMN day_end TEXT",   # COALESCE(date_end, published day)
        "ALTER TABLE statements ADD COLUMN day TEXT",   # the article's published day
        "UPDATE events SET "
        "day = COALESCE(date_start, (SELECT substr(a.published, 1, 10) FROM articles a "
        "WHERE a.hash = events.article)), "
        "day_end = COALESCE(date_end, (SELECT substr(a.published, 1, 10) FROM articles a "
        "WHERE a.hash = events.article))",
        "UPDATE statements SET day = (SELECT substr(a.published, 1, 10) FROM articles a "
        "WHERE a.hash = statements.article)",
        "DROP INDEX events_type",                       # prefixes of the two below
        "DROP INDEX events_status",
        # day_end and confidence ride along: `since` and the confidence threshold are checked in
        # the index, without reading the (large) event rows that fail them
        "CREATE INDEX events_day ON events(day DESC, day_end, confidence)",
        "CREATE INDEX events_type_day ON events(type, day DESC, day_end, confidence)",
        "CREATE INDEX events_status_day ON events(status, day DESC, day_end, confidence)",
        # the answers (1 event in 100): all the threads view reads of them, in the index
        "CREATE INDEX events_answers ON events(day DESC, day_end, confidence, type, status, article, "
        "responds_to, id, date_value) WHERE responds_to IS NOT NULL",
        "CREATE INDEX events_dated ON events(date_value, type, confidence)",  # the timeline
        # events that began before a `since` and go on past it (a week, a month, a range)
        "CREATE INDEX events_spans ON events(day_end) WHERE day_end > COALESCE(day, '')",
        "CREATE INDEX statements_day ON statements(day DESC)",
        "CREATE INDEX articles_day ON articles((substr(published, 1, 10)) DESC)",
    ]),
    # Linking incidents (eventwire.store.incidents): each event record's features, and one row
    # per blocking key with the record's date window, found by key and window through an index.
    (6, "incident linking: report features and blocking keys", [
        """CREATE TABLE incident_reports (
            article  TEXT NOT NULL,
            event    TEXT NOT NULL,
            features TEXT NOT NULL,                -- JSON (eventwire.resolve.incidents.Report)
            PRIMARY KEY (article, event),
            FOREIGN KEY (article, event) REFERENCES events(article, id) ON DELETE CASCADE
        )""",
        """CREATE TABLE incident_blocks (
            block   TEXT NOT NULL,                 -- type class and an actor or place key
            lo      TEXT NOT NULL,                 -- first and last day of the record's window
            hi      TEXT NOT NULL,
            article TEXT NOT NULL,
            event   TEXT NOT NULL,
            FOREIGN KEY (article, event) REFERENCES events(article, id) ON DELETE CASCADE
        )""",
        "CREATE INDEX incident_blocks_key ON incident_blocks(block, lo)",
    ]),
    # The actors list sums each actor's mentions and events over its articles: counted once per
    # article when it is stored, not for every actor row at every read.
    (7, "per-article mention and event counts of actors", [
        "ALTER TABLE actors ADD COLUMN mention_count INTEGER",
        "ALTER TABLE actors ADD COLUMN event_count INTEGER",
        "UPDATE actors SET "
        "mention_count = (SELECT COUNT(*) FROM mentions m WHERE m.article = actors.article "
        "AND m.actor = actors.id), "
        "event_count = (SELECT COUNT(*) FROM events e WHERE e.article = actors.article "
        "AND (e.source = actors.id OR e.target = actors.id))",
    ]),
    # Filters on an event's actors (actor, country), the network and the statements' speaker
    # filters read these copies of the joined actor's columns, made when the article is stored:
    # a filter over a million events then reads no actor row (the rows shown still join them).
    (8, "the source's, target's and speaker's name, id and country on events and statements", [
        "ALTER TABLE events ADD COLUMN source_name TEXT",
        "ALTER TABLE events ADD COLUMN source_canonical TEXT",
        "ALTER TABLE events ADD COLUMN source_country TEXT",
        "ALTER TABLE events ADD COLUMN target_name TEXT",
        "ALTER TABLE events ADD COLUMN target_canonical TEXT",
        "ALTER TABLE events ADD COLUMN target_country TEXT",
        "ALTER TABLE statements ADD COLUMN speaker_name TEXT",
        "ALTER TABLE statements ADD COLUMN speaker_canonical TEXT",
        "ALTER TABLE statements ADD COLUMN speaker_country TEXT",
        "UPDATE events SET "
        "source_name = (SELECT s.name FROM actors s WHERE s.article = events.article AND s.id = events.source), "
        "source_canonical = (SELECT s.canonical FROM actors s WHERE s.article = events.article "
        "AND s.id = events.source), "
        "source_country = (SELECT s.country FROM actors s WHERE s.article = events.article "
        "AND s.id = events.source), "
        "target_name = (SELECT t.name FROM actors t WHERE t.article = events.article AND t.id = events.target), "
        "target_canonical = (SELECT t.canonical FROM actors t WHERE t.article = events.article "
        "AND t.id = events.target), "
        "target_country = (SELECT t.country FROM actors t WHERE t.article = events.article "
        "AND t.id = events.target)",
        "UPDATE statements SET "
        "speaker_name = (SELECT sp.name FROM actors sp WHERE sp.article = statements.article "
        "AND sp.id = statements.speaker), "
        "speaker_canonical = (SELECT sp.canonical FROM actors sp WHERE sp.article = statements.article "
        "AND sp.id = statements.speaker), "
        "speaker_country = (SELECT sp.country FROM actors sp WHERE sp.article = statements.article "
        "AND sp.id = statements.speaker)",
        # the countries and names ride along in the order of the lists, and the key: a page is
        # chosen from the index alone (a country or an actor filter checked there), and only
        # its rows are read
        "DROP INDEX events_day",
        "CREATE INDEX events_day ON events(day DESC, day_end, confidence, source_country, "
        "target_country, location_country, source_name, source_canonical, target_name, "
        "target_canonical, article, id)",
        "DROP INDEX statements_day",
        "CREATE INDEX statements_day ON statements(day DESC, kind, speaker_country)",
    ]),
    # The page's map and its incident counts (eventwire.store.aggregates): the countries are
    # grouped in the order of events_location_country, the places read from a partial index of
    # the located events, and the timeline's index carries the incident; each holds the
    # confidence and the incident, so that none of them reads an event row.
    (9, "indexes for the map and for counting incidents", [
        "DROP INDEX IF EXISTS events_location_country",
        "CREATE INDEX events_location_country ON events(location_country, confidence, incident)",
        "CREATE INDEX events_places ON events(location_country, location_name, lat, lon, "
        "location_precision, confidence, incident) WHERE lat IS NOT NULL",
        "DROP INDEX IF EXISTS events_dated",
        "CREATE INDEX events_dated ON events(date_value, type, confidence, incident)",
    ]),
    # A page of events or incidents filtered by type or status is chosen from its index alone:
    # the threshold, `since`, the key and the incident ride along, so a rare type does not read
    # the event row of every less confident one on its way (the day index takes the incident too).
    (10, "event pages and incident lists chosen from the indexes alone", [
        "DROP INDEX IF EXISTS events_type_day",
        "CREATE INDEX events_type_day ON events(type, day DESC, day_end, confidence, article, id, "
        "incident)",
        "DROP INDEX IF EXISTS events_status_day",
        "CREATE INDEX events_status_day ON events(status, day DESC, day_end, confidence, article, "
        "id, incident)",
        "DROP INDEX IF EXISTS events_day",
        "CREATE INDEX events_day ON events(day DESC, day_end, confidence, source_country, "
        "target_country, location_country, source_name, source_canonical, target_name, "
        "target_canonical, article, id, incident)",
    ]),
    (11, "PostgreSQL: a trigram index for the actor filter", [_actor_trigrams]),
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
            for step in steps:
                if callable(step):
                    step(db)
                else:
                    db.execute(db.ddl(step))
            db.execute("INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
                       (version, name, now()))
            db.execute("COMMIT")
        except db.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StoreError(f"{path}: migration {version} ({name}) failed: {exc}") from exc
        applied.append(version)
    return applied
