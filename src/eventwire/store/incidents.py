"""Incidents in the store: linking each written article's event records to those already stored,
and reading incidents back (eventwire.resolve.incidents decides what is one incident).

Linking runs inside the article's write transaction, after its rows are inserted and before the
commit, so a killed process leaves an article with its links or no article at all. It holds the
store's linking lock (SQLite: the write lock every write takes; PostgreSQL: a transaction-level
advisory lock), so that two writers never link at once and each sees the other's committed
reports. Candidates come from `incident_blocks`, one row per (blocking key, report) with the
report's date window, looked up by key and window through an index; `incident_reports` holds each
report's features. A new record that relates to records of several incidents merges them, and
every record of the merged incident is relabelled with the id of the whole component.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any, Iterable

from ..errors import StoreError
from ..resolve.incident_reports import (LEAD_CHARS, Report, blocks, key_span, report_from_record,
                                        reports, shift, story_words)
from ..resolve.incidents import UnionFind, incident_id, joined, related

if TYPE_CHECKING:
    from ..model import Result
    from .base import Store

# the stored reports under some keys whose windows may overlap [lo, hi] (a window is at most the
# key's reach long, so its first day is at most that much before lo): (block IN keys) AND
# lo - reach <= b.lo <= hi AND b.hi >= lo, through the index on (block, lo)
_CANDIDATES = ("SELECT b.block, r.article, r.event, r.features FROM incident_blocks b "
               "JOIN incident_reports r ON r.article = b.article AND r.event = b.event "
               "WHERE b.block IN ({keys}) AND b.lo >= ? AND b.lo <= ? AND b.hi >= ?")
_INSERT_REPORT = "INSERT INTO incident_reports (article, event, features) VALUES (?, ?, ?)"
_INSERT_BLOCK = "INSERT INTO incident_blocks (block, lo, hi, article, event) VALUES (?, ?, ?, ?, ?)"


def link(db: "Store", result: "Result") -> None:
    """Link the events of `result`, whose rows the open write transaction has just inserted."""
    link_reports(db, result.article.hash, reports(result))


LOOKUP_KEYS = 400  # keys per lookup statement (SQLite allows 32,766 parameters; PostgreSQL more)


def link_reports(db: "Store", article: str, reps: list[Report]) -> None:
    if not reps:
        return
    db.lock_incidents()
    uf = joined(reps)  # the article's own reports among themselves
    own = {r.uid: blocks(r) for r in reps}
    # The article's keys in a few statements: keys with the same reach (PRINT_DAYS or
    # MAX_SPAN_DAYS) looked up together, over the union of their windows (the relation decides).
    by_key: dict[str, list[Report]] = defaultdict(list)
    reach: dict[int, list[str]] = defaultdict(list)
    window: dict[int, tuple[str, str]] = {}
    for r in reps:
        for key, lo, hi in own[r.uid]:
            if key not in by_key:
                span = key_span(key)
                reach[span].append(key)
                wlo, whi = window.get(span, (lo, hi))
                window[span] = (min(wlo, lo), max(whi, hi))
            by_key[key].append(r)
    seen: dict[str, Report] = {}
    done: set[tuple[str, str]] = set()
    for span in sorted(reach):
        lo, hi = window[span]
        keys = sorted(reach[span])
        for i in range(0, len(keys), LOOKUP_KEYS):
            chunk = keys[i:i + LOOKUP_KEYS]
            sql = _CANDIDATES.format(keys=", ".join("?" * len(chunk)))
            for key, art, ev, features in db.execute(sql, (*chunk, shift(lo, -span), hi, lo)):
                if art == article:
                    continue
                uid = f"{art}/{ev}"
                cand = seen.get(uid)
                if cand is None:
                    cand = seen[uid] = Report.from_json(art, ev, features)
                for r in by_key[key]:
                    if (r.uid, uid) not in done:
                        done.add((r.uid, uid))
                        if related(r, cand):
                            uf.union(r.uid, uid)
    _relabel(db, uf, {r.uid for r in reps})
    db.executemany(_INSERT_REPORT, [(r.article, r.event, r.to_json()) for r in reps])
    db.executemany(_INSERT_BLOCK, [(key, lo, hi, r.article, r.event)
                                   for r in reps for key, lo, hi in own[r.uid]])


def _relabel(db: "Store", uf: UnionFind, new: set[str]) -> None:
    """Give every record of each component touched (the new ones, and every member of each
    stored incident a new one joined) the component's id."""
    old_incident: dict[str, str | None] = {}
    for uid in uf.parent:
        if uid not in new:
            art, _, ev = uid.partition("/")
            row = db.execute("SELECT incident FROM events WHERE article = ? AND id = ?",
                             (art, ev)).fetchone()
            old_incident[uid] = row[0] if row else None
    # stored records of one incident are one component already, even when the new records met
    # them through different keys: without this, two components would relabel one incident
    first_of: dict[str, str] = {}
    for uid, old in sorted(old_incident.items()):
        if old:
            uf.union(first_of.setdefault(old, uid), uid)
    updates: list[tuple[str, str, str]] = []
    merges: list[tuple[str, str]] = []
    for members in uf.groups().values():
        olds = sorted({old_incident[m] for m in members if m not in new and old_incident[m]})
        everyone = [m for m in members if m in new or not old_incident[m]]
        for old in olds:
            everyone += [f"{a}/{e}" for a, e in
                         db.execute("SELECT article, id FROM events WHERE incident = ?", (old,))]
        iid = incident_id(everyone)
        merges += [(iid, old) for old in olds if old != iid]
        updates += [(iid, *m.split("/", 1)) for m in members if m in new or not old_incident[m]]
    for iid, old in merges:
        db.execute("UPDATE events SET incident = ? WHERE incident = ?", (iid, old))
    db.executemany("UPDATE events SET incident = ? WHERE article = ? AND id = ?", updates)


def relink(db: "Store") -> int:
    """Link every stored event record again from nothing, article by article in storing order
    (after a change of the rule, or for a store written before incidents existed); in one
    transaction, so the store has the old incidents or the new ones. Returns the incidents."""
    with db._lock:
        try:
            db.begin_write()
            db.lock_incidents()
            db.execute("DELETE FROM incident_blocks")
            db.execute("DELETE FROM incident_reports")
            db.execute("UPDATE events SET incident = NULL")
            hashes = [r[0] for r in db.execute("SELECT hash FROM articles ORDER BY rowid").fetchall()]
            for h in hashes:
                link_reports(db, h, stored_reports(db, h))
            n = db.execute("SELECT COUNT(DISTINCT incident) FROM events").fetchone()[0]
            db.execute("COMMIT")
            return n
        except BaseException as exc:
            db._rollback()
            if isinstance(exc, db.Error):
                raise StoreError(f"{db.display}: incidents were not relinked ({exc}); the old ones "
                                 "are kept. Another process may hold the store: try again") from exc
            raise


def stored_reports(db: "Store", article: str) -> list[Report]:
    """The reports of one stored article, rebuilt from its stored records."""
    row = db.execute("SELECT published, title, substr(text, 1, ?) FROM articles WHERE hash = ?",
                     (LEAD_CHARS, article)).fetchone()
    published, story = (row[0], story_words(row[1], row[2])) if row else (None, frozenset())
    actors = {d["id"]: d for d in (json.loads(r[0]) for r in db.execute(
        "SELECT data FROM actors WHERE article = ? ORDER BY rowid", (article,)))}
    return [report_from_record(article, published, json.loads(r[0]), actors, story)
            for r in db.execute("SELECT data FROM events WHERE article = ? ORDER BY rowid", (article,))]


def unlinked(db: "Store") -> int:
    """Event records without an incident (stored before incidents existed: see `relink`)."""
    return db.execute("SELECT COUNT(*) FROM events WHERE incident IS NULL").fetchone()[0]


def partition(db: "Store") -> dict[str, str]:
    """Every event record's incident, `article/event` -> incident id (for tests and checks)."""
    return {f"{a}/{e}": i for a, e, i in db.execute("SELECT article, id, incident FROM events")}


# --- reading incidents ------------------------------------------------------------------------
# The filters are the events' (eventwire.store.queries builds them; its `day` and `day_end` are an
# event's first and last day, else its article's published day).

# An incident's row is built from its records that match the filters: one query reads them, with
# the columns the row needs (the actors' names are copied onto the events, schema step 8).
_RECORD_COLS = ("SELECT e.incident AS incident, e.day AS day, e.day_end AS day_end, "
                "e.article AS article, a.source AS outlet, "
                "COALESCE(substr(a.published, 1, 10), substr(a.ingested_at, 1, 10)) AS seen, "
                "e.type AS type, e.status AS status, e.location_name AS location_name, "
                "e.location_country AS location_country, e.source_name AS s_name, "
                "e.source_canonical AS s_canonical, e.target_name AS t_name, "
                "e.target_canonical AS t_canonical FROM events e JOIN articles a ON a.hash = e.article")


def _where(db: "Store", filters: dict[str, Any]):
    """The events' WHERE for `filters`, for linked records only."""
    from .queries import _events_where

    w = _events_where(db, filters)
    w.add("e.incident IS NOT NULL")
    return w


def incidents(db: "Store", filters: dict[str, Any], limit: int | None, offset: int = 0,
              newest_first: bool = True) -> list[dict[str, Any]]:
    """One row per incident with at least one record matching the filters (the event filters),
    built from those records: type, source, target, date span, place, first seen, counts.

    Newest first, incidents come in the order of their latest matching record (its `day`, then
    storing order), oldest first in that of their earliest: the order in which a walk down the
    events' day index meets them. So a page reads the matching records in that index's order
    only until it has met enough incidents, and summarises just those (through the incident
    index), whatever the size of the store."""
    ids = _ordered_ids(db, filters, None if limit is None else offset + limit, newest_first)
    ids = ids[offset:] if limit is None else ids[offset:offset + limit]
    out: list[dict[str, Any]] = []
    for i in range(0, len(ids), LOOKUP_KEYS):
        chunk = ids[i:i + LOOKUP_KEYS]
        records = _records(db, filters, chunk)
        out += [_summary(iid, records[iid]) for iid in chunk]
    return out


def first_window(wanted: int) -> int:
    """The records read for the first `wanted` incidents: a few more than that, since most
    incidents have one record; each further read takes 4 times more."""
    return wanted + wanted // 4 + 8


def _ordered_ids(db: "Store", filters: dict[str, Any], wanted: int | None,
                 newest_first: bool) -> list[str]:
    """The ids of the incidents with a matching record, in the listing's order: the first
    `wanted` (all when None). Read in growing windows of records, so a page stops early."""
    from .queries import _order

    w = _where(db, filters)
    sql = ("SELECT e.incident FROM events e" + w.joins() + w.sql()
           + _order("e.day", newest_first, "e.rowid"))
    seen: dict[str, None] = {}
    if wanted is None:
        for (iid,) in db.stream(sql, w.params):
            seen.setdefault(iid, None)
        return list(seen)
    start, size = 0, first_window(wanted)
    while len(seen) < wanted:
        rows = db.execute(sql + " LIMIT ? OFFSET ?", [*w.params, size, start]).fetchall()
        for (iid,) in rows:
            seen.setdefault(iid, None)
        if len(rows) < size:
            break
        start, size = start + size, size * 4
    return list(seen)[:wanted]


def count_incidents(db: "Store", filters: dict[str, Any]) -> int:
    w = _where(db, filters)
    return db.execute("SELECT COUNT(DISTINCT e.incident) FROM events e" + w.joins() + w.sql(),
                      w.params).fetchone()[0]


def _records(db: "Store", filters: dict[str, Any], ids: list[str]) -> dict[str, list[Any]]:
    """The matching records of the incidents `ids` (through the incident index): what their
    rows are built from."""
    w = _where(db, filters)
    w.add(f"e.incident IN ({', '.join('?' * len(ids))})", *ids)
    out: dict[str, list[Any]] = defaultdict(list)
    for r in db.execute(_RECORD_COLS + w.joins() + w.sql(), w.params):
        out[r["incident"]].append(r)
    return out


def _most(values: Iterable[str | None]) -> str | None:
    """The most frequent value, ties to the smallest (so the answer is the same every time)."""
    c = Counter(v for v in values if v)
    if not c:
        return None
    return min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _summary(iid: str, rows: list[Any]) -> dict[str, Any]:
    place = _most(r["location_name"] for r in rows)
    country = _most(r["location_country"] for r in rows if not place or r["location_name"] == place)
    return {"id": iid, "type": _most(r["type"] for r in rows),
            "status": _most(r["status"] for r in rows),
            # canonical when any record knows it, else the name most records give
            "source": _most(r["s_canonical"] for r in rows) or _most(r["s_name"] for r in rows),
            "target": _most(r["t_canonical"] for r in rows) or _most(r["t_name"] for r in rows),
            # the first and last day the records give (each record's day: its own first day,
            # else its article's), the earliest publication day, and the counts
            "date_start": min((r["day"] for r in rows if r["day"]), default=None),
            "date_end": max((r["day_end"] for r in rows if r["day_end"]), default=None),
            "place": place, "country": country,
            "first_seen": min((r["seen"] for r in rows if r["seen"]), default=None),
            "events": len(rows), "articles": len({r["article"] for r in rows}),
            "sources": len({r["outlet"] for r in rows if r["outlet"]})}


def incident(db: "Store", iid: str) -> dict[str, Any] | None:
    """One incident (its summary over all its records) with every one of its event records:
    the eventwire/1 event with its article (title, outlet, date), evidence and offsets."""
    from .queries import _EVENT_ROW, event_dict

    records = [event_dict(r) for r in db.execute(
        _EVENT_ROW + " WHERE e.incident = ? ORDER BY e.day ASC NULLS FIRST, a.rowid, e.rowid",
        (iid,))]
    if not records:
        return None
    out = _summary(iid, _records(db, {}, [iid])[iid])
    out["records"] = records
    return out
