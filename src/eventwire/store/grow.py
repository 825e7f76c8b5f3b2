"""Big stores for load tests: copies of the stored (ingested) articles with shifted dates and ids.

Copy k of an article gets a new id (`hash`: a hash of the original's and k, so a rerun writes
the same copies), the caller id `REF~k`, the URL with `#copy-k`, an origin `grow:k:ORIGINAL`, and
every date moved k * shift_days later: the published date, each event's date value (a day, a
week, a month, a year or a range of them; "PAST_REF" and the like stay), its first and last day
and the day it is listed on, and the date inside the stored eventwire/1 event. Actors, mentions,
statements and events are copied with all their columns (whatever the schema holds), so a copy
reads exactly as its original does, k * shift_days later. The texts are the originals': the
copies are for measuring, not for reading.

Each copy of the whole seed is written in one transaction, by INSERT ... SELECT inside the
database for the tables whose rows only change their article, and by one bulk insert (COPY on
PostgreSQL) for the events, whose dates change. A copy that was interrupted left nothing; the
next run continues after the last complete copy.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Callable

from ..errors import UsageError
from .rows import date_span, published_day
from .schema import now

if TYPE_CHECKING:
    from .base import Store

ORIGIN = "grow:"          # origin prefix of a copy: grow:K:ORIGINAL-ORIGIN
MAX_COPIES = 100_000

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def shift_date(value: str | None, days: int) -> str | None:
    """A date value of the store (day, YYYY-MM, YYYY, YYYY-Www, a/b) moved `days` later; a day
    keeps what follows it (a time), a month, year or week becomes the one its first day moves
    into; anything else ("PAST_REF", text) is returned unchanged."""
    if not value or not days:
        return value
    if "/" in value:
        return "/".join(shift_date(part, days) or "" for part in value.split("/"))
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3])) + timedelta(days=days)
            return d.isoformat() + value[10:]
        if m := _MONTH.match(value):
            d = date(int(m[1]), int(m[2]), 1) + timedelta(days=days)
            return f"{d.year:04d}-{d.month:02d}"
        if m := _YEAR.match(value):
            return f"{(date(int(m[1]), 1, 1) + timedelta(days=days)).year:04d}"
        if m := _WEEK.match(value):
            y, w, _ = (date.fromisocalendar(int(m[1]), int(m[2]), 1) + timedelta(days=days)).isocalendar()
            return f"{y:04d}-W{w:02d}"
    except (ValueError, OverflowError):
        pass  # not a real date (2025-02-30): left as it is, as the store left it undated
    return value


def copy_hash(original: str, k: int) -> str:
    """The id of copy k of the article `original` (as long as a content hash)."""
    return hashlib.sha256(f"{original}\x00grow\x00{k}".encode()).hexdigest()[:len(original) or 24]


@dataclass
class GrowReport:
    seed_articles: int
    seed_events: int
    copies: list[int] = field(default_factory=list)   # the copy numbers written by this run
    articles: int = 0          # in the store at the end
    events: int = 0
    statements: int = 0
    actors: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["copies"] = len(self.copies)
        d["copy_range"] = [min(self.copies), max(self.copies)] if self.copies else None
        return d


def columns(store: "Store", table: str) -> list[str]:
    """The table's columns as the database has them (PostgreSQL's explicit rowid left out: the
    database numbers each row)."""
    cur = store.execute(f"SELECT * FROM {table} WHERE 1 = 0")
    return [d[0] for d in cur.description if d[0] != "rowid"]


class Grower:
    """Writes copies of the seed articles (every article that is not itself a copy)."""

    def __init__(self, store: "Store", shift_days: int = 7):
        if not 0 <= shift_days <= 3650:
            raise UsageError(f"--shift-days {shift_days} must be between 0 and 3650")
        self.store, self.shift_days = store, shift_days
        seed = ("(a.origin IS NULL OR a.origin NOT LIKE 'grow:%')")
        self.seed = [dict(zip(("hash", "ref", "url", "published", "origin"), r)) for r in store.execute(
            f"SELECT a.hash, a.ref, a.url, a.published, a.origin FROM articles a WHERE {seed} "
            "ORDER BY a.rowid")]
        if not self.seed:
            raise UsageError(f"{store.display} holds no ingested articles to copy; ingest some first "
                             "(eventwire ingest FILE --db DB --min-confidence 0)")
        self.event_cols = columns(store, "events")
        self.seed_events = [tuple(r) for r in store.execute(
            f"SELECT {', '.join('e.' + c for c in self.event_cols)} FROM events e "
            f"JOIN articles a ON a.hash = e.article WHERE {seed} ORDER BY e.rowid")]
        self.copy_cols = {t: columns(store, t) for t in ("articles", "actors", "mentions", "statements")}
        self.last_copy = max((int(o.split(":")[1]) for (o,) in store.execute(
            "SELECT DISTINCT substr(origin, 1, 16) FROM articles WHERE origin LIKE 'grow:%'")
            if o.split(":")[1].isdigit()), default=0)

    def _map_rows(self, k: int, stamp: str) -> list[tuple]:
        delta = k * self.shift_days
        out = []
        for a in self.seed:
            ref = None if a["ref"] is None else f"{a['ref']}~{k}"
            url = None if a["url"] is None else f"{a['url']}#copy-{k}"
            out.append((a["hash"], copy_hash(a["hash"], k), ref, url, shift_date(a["published"], delta),
                        f"{ORIGIN}{k}:{a['origin'] or ''}", stamp))
        return out

    def _event_rows(self, k: int, new_hash: dict[str, str], published: dict[str, str | None]) -> list[tuple]:
        delta = k * self.shift_days
        ix = {c: i for i, c in enumerate(self.event_cols)}
        rows = []
        for row in self.seed_events:
            r = list(row)
            art = r[ix["article"]]
            r[ix["article"]] = new_hash[art]
            value = shift_date(r[ix["date_value"]], delta)
            r[ix["date_value"]] = value
            start, end = date_span(value)
            r[ix["date_start"]], r[ix["date_end"]] = start, end
            pday = published_day(published[art])
            if "day" in ix:
                r[ix["day"]] = start or pday
                r[ix["day_end"]] = end or pday
            if "incident" in ix and r[ix["incident"]] is not None:
                r[ix["incident"]] = f"{r[ix['incident']]}~{k}"
            data = json.loads(r[ix["data"]])
            if isinstance(data.get("date"), dict):
                data["date"]["value"] = value
            if "incident" in data and data["incident"] is not None:
                data["incident"] = f"{data['incident']}~{k}"
            r[ix["data"]] = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            rows.append(tuple(r))
        return rows

    def _insert_select(self, table: str, overrides: dict[str, str]) -> None:
        cols = self.copy_cols[table]
        key = "hash" if table == "articles" else "article"
        exprs = [overrides.get(c, f"x.{c}") for c in cols]
        self.store.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} "
                           f"FROM {table} x JOIN grow_map m ON m.old = x.{key}")

    def write_copy(self, k: int) -> int:
        """Write copy k of every seed article in one transaction; the number of events written."""
        st = self.store
        maps = self._map_rows(k, now())
        new_hash = {m[0]: m[1] for m in maps}
        published = {m[0]: m[4] for m in maps}
        events = self._event_rows(k, new_hash, published)
        with st._lock:
            st.execute(st.ddl("CREATE TEMP TABLE IF NOT EXISTS grow_map (old TEXT PRIMARY KEY, new TEXT, "
                              "ref TEXT, url TEXT, published TEXT, origin TEXT, ingested_at TEXT)"))
            st.begin_write()
            try:
                st.execute("DELETE FROM grow_map")
                st.executemany("INSERT INTO grow_map VALUES (?, ?, ?, ?, ?, ?, ?)", maps)
                if st.execute("SELECT 1 FROM articles WHERE hash = ?", (maps[0][1],)).fetchone():
                    raise UsageError(f"copy {k} is already in {st.display}")
                self._insert_select("articles", {"hash": "m.new", "ref": "m.ref", "url": "m.url",
                                                 "published": "m.published", "origin": "m.origin",
                                                 "ingested_at": "m.ingested_at"})
                for table in ("actors", "mentions"):
                    self._insert_select(table, {"article": "m.new"})
                self._insert_select("statements", {"article": "m.new",
                                                   "day": "substr(m.published, 1, 10)"})
                st.bulk_insert("events", self.event_cols, events)
                st.execute("COMMIT")
            except BaseException:
                st._rollback()
                raise
        return len(events)


def grow(store: "Store", *, events: int | None = None, copies: int | None = None, shift_days: int = 7,
         progress: Callable[[int, int, float], None] | None = None) -> GrowReport:
    """Add copies of the seed until the store holds at least `events` events, or `copies` more
    copies; `progress(copy, events_in_store, seconds)` after each copy."""
    if (events is None) == (copies is None):
        raise UsageError("give either a number of events to reach or a number of copies to add")
    if copies is not None and not 0 <= copies <= MAX_COPIES:
        raise UsageError(f"--copies {copies} must be between 0 and {MAX_COPIES}")
    t0 = time.perf_counter()
    g = Grower(store, shift_days)
    report = GrowReport(seed_articles=len(g.seed), seed_events=len(g.seed_events))
    total = store.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    if events is not None and total < events and not g.seed_events:
        raise UsageError(f"{store.display}: the seed articles hold no events to copy; ingest with "
                         "--min-confidence 0 to keep every candidate event")
    k = g.last_copy
    while (copies is not None and len(report.copies) < copies) or (events is not None and total < events):
        k += 1
        if k > MAX_COPIES:
            raise UsageError(f"{store.display} already holds {MAX_COPIES} copies")
        total += g.write_copy(k)
        report.copies.append(k)
        if progress:
            progress(k, total, time.perf_counter() - t0)
    with store._lock:
        store.execute("ANALYZE")  # the planner's statistics, for the new sizes
    counts = store.stats()
    report.articles, report.events = counts["articles"], counts["events"]
    report.statements, report.actors = counts["statements"], counts["actors"]
    report.seconds = round(time.perf_counter() - t0, 1)
    return report
