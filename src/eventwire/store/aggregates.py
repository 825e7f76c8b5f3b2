"""The page's views over the events that match a filter, aggregated in SQL: the timeline (events
or incidents per day and type), the network (events per source, target and type), the threads
(proposals with the events that answer them) and the map (events or incidents per country and
per place). Each reads every matching event, with no cap; Python only
shapes the grouped rows (a few per day, actor pair or thread) into the answer.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from .queries import _events_where, _order, events_by_key

if TYPE_CHECKING:
    from .base import Store

_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")


def event_day(date_value: str | None) -> str | None:
    """The day an event is drawn on: its date value's day when the value starts with one (a day,
    or a range from that day); a month, a year, a week or no date: None (undated)."""
    return date_value[:10] if date_value and _DAY.match(date_value) else None


def timeline(db: "Store", filters: dict[str, Any], unit: str = "events") -> dict[str, Any]:
    """{"days": [{"date", "counts": {type: n}, "total"}], "types", "undated", "unit"}: days in
    date order, types by their number of events (ties by name); `unit` "incidents" counts the
    incidents instead (incident_timeline)."""
    if unit != "events":
        _counter(unit)  # a bad unit is an error
        return incident_timeline(db, filters)
    w = _events_where(db, filters)
    # grouped by the stored date value (in the order of the events_dated index, which also holds
    # the type and the confidence: no sort, no row read); the day is taken from it here
    rows = db.execute("SELECT e.date_value, e.type, COUNT(*) FROM events e" + w.joins() + w.sql()
                      + " GROUP BY e.date_value, e.type", w.params)
    per_day: dict[str, dict[str, int]] = defaultdict(dict)
    types: Counter = Counter()
    undated = 0
    for value, type_, n in rows:
        d = event_day(value)
        if d is None:
            undated += n
            continue
        per_day[d][type_ or "?"] = per_day[d].get(type_ or "?", 0) + n
        types[type_ or "?"] += n
    days = [{"date": d, "counts": dict(sorted(c.items())), "total": sum(c.values())}
            for d, c in sorted(per_day.items())]
    return {"days": days, "types": sorted(types, key=lambda t: (-types[t], t)), "undated": undated,
            "unit": "events"}


def actor_key(name: str | None, country: str | None, canonical: str | None) -> tuple[str, str] | None:
    """(key, label) of an event's actor, None when it has neither name nor canonical id.

    The key joins the same actor across articles (canonical id, else name and country); the
    label is what a person reads: the name (else the id), with the country when it adds one."""
    if not (name or canonical):
        return None
    label = str(name or canonical)
    if country and country not in label:
        label = f"{label} ({country})"
    return canonical or f"{(name or '').strip().lower()}|{country or ''}", label


def network(db: "Store", filters: dict[str, Any], max_edges: int = 150) -> dict[str, Any]:
    """Who acts on whom: {"nodes": [{"id", "label", "weight"}], "edges": [{"source", "target",
    "type", "weight"}], "truncated"}.

    Edges are the `max_edges` heaviest (source key, target key, type) groups, ties by key; a
    node's weight is the weight of its kept edges, its label the one most of its events carry
    (ties: the first in sorting order)."""
    w = _events_where(db, filters)
    # an actor counts when it has a name or an id; its columns are copied onto the event (step 8)
    for role in ("source", "target"):
        w.add(f"(e.{role}_name <> '' OR e.{role}_canonical <> '')")
    cols = ("e.source_name, e.source_country, e.source_canonical, e.target_name, e.target_country, "
            "e.target_canonical, e.type")
    rows = db.execute(f"SELECT {cols}, COUNT(*) FROM events e" + w.joins() + w.sql() + f" GROUP BY {cols}",
                      w.params)
    weights: Counter = Counter()
    label_votes: dict[str, Counter] = defaultdict(Counter)
    for sn, sc, scan, tn, tc, tcan, type_, n in rows:
        src, tgt = actor_key(sn, sc, scan), actor_key(tn, tc, tcan)
        if not src or not tgt:
            continue
        label_votes[src[0]][src[1]] += n
        label_votes[tgt[0]][tgt[1]] += n
        weights[(src[0], tgt[0], type_ or "?")] += n
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:max_edges]
    degree: Counter = Counter()
    for (s, t, _), n in top:
        degree[s] += n
        degree[t] += n
    labels = {k: min(v, key=lambda lab: (-v[lab], lab)) for k, v in label_votes.items() if k in degree}
    nodes = [{"id": k, "label": labels[k], "weight": n}
             for k, n in sorted(degree.items(), key=lambda kv: (-kv[1], labels[kv[0]], kv[0]))]
    edges = [{"source": s, "target": t, "type": ty, "weight": n} for (s, t, ty), n in top]
    return {"nodes": nodes, "edges": edges, "truncated": len(weights) > len(top)}


def threads(db: "Store", filters: dict[str, Any], limit: int = 100) -> dict[str, Any]:
    """Proposals, demands and offers with the events that answer them (`responds_to`, within one
    article): {"items": [{"article", "proposal_id", "proposal", "answers"}], "total"}.

    A thread is an answered event's key (article, event id) with the matching events that answer
    it, newest first; `proposal` is the answered event's record, also when the filter leaves it
    out (a filter on REJECT still shows what was rejected), or None when the article lacks it.
    Threads are ordered by the day of the proposal when it matches the filter, else of their
    newest answer (the undated last), then by article, newest first."""
    w = _events_where(db, filters)
    answers: dict[tuple[str, str], list[tuple[str, str | None]]] = {}
    for art, responds_to, eid, value in db.execute(
            "SELECT e.article, e.responds_to, e.id, e.date_value FROM events e" + w.joins() + w.sql()
            + (" AND" if w.clauses else " WHERE") + " e.responds_to IS NOT NULL"
            + _order("e.day", True, "e.rowid"), w.params):
        answers.setdefault((art, responds_to), []).append((eid, value))
    # the answered events that match the filter themselves (joined from the matching answers)
    wp = _events_where(db, filters)   # the proposal, as e, s and t
    wa = _events_where(db, filters, "r", "rs", "rt")  # the answer
    matching: dict[tuple[str, str], str | None] = {}
    if answers:
        for art, eid, value in db.execute(
                "SELECT DISTINCT e.article, e.id, e.date_value FROM events r" + wa.joins()
                + " JOIN events e ON e.article = r.article AND e.id = r.responds_to" + wp.joins()
                + " WHERE r.responds_to IS NOT NULL" + "".join(f" AND {c}" for c in wa.clauses + wp.clauses),
                [*wa.params, *wp.params]):
            matching[(art, eid)] = value

    def sort_day(key: tuple[str, str]) -> str:
        value = matching[key] if key in matching else answers[key][0][1]
        return event_day(value) or ""

    # stable: threads with the same day and article keep the order of their newest answers
    order = sorted(answers, key=lambda k: (sort_day(k), k[0]), reverse=True)
    shown = order[:limit]
    records = events_by_key(db, [k for k in shown] + [(k[0], eid) for k in shown for eid, _ in answers[k]])
    items = [{"article": art, "proposal_id": pid, "proposal": records.get((art, pid)),
              "answers": [records[(art, eid)] for eid, _ in answers[(art, pid)] if (art, eid) in records]}
             for art, pid in shown]
    return {"items": items, "total": len(answers)}


# --- counting incidents, and the map ------------------------------------------------------------
# `unit` "events" counts event records (reports); "incidents" counts the distinct incidents that
# the matching records report (eventwire.store.incidents), so that twelve reports of one strike
# count once. Records not linked yet (a store written before incidents: `eventwire incidents
# --relink`) have no incident and are not counted as incidents.

UNITS = ("events", "incidents")
# a date value that starts with a day (a day, or a range from a day): the timeline's `event_day`
_DAY_LIKE = "e.date_value LIKE '____-__-__%'"


def _counter(unit: str) -> str:
    if unit not in UNITS:
        raise ValueError(f"unit {unit!r}: one of {', '.join(UNITS)}")
    return "COUNT(*)" if unit == "events" else "COUNT(DISTINCT e.incident)"


def incident_timeline(db: "Store", filters: dict[str, Any]) -> dict[str, Any]:
    """The timeline's answer counting incidents: per day and type, the incidents with a matching
    record of that type dated to that day; a day's `total` counts each of its incidents once
    (an incident whose records on one day carry two types is in both counts, once in the
    total), `undated` the incidents with a matching record that has no day-precise date. An
    incident whose reports give different days counts on each of them."""
    # (no "incident IS NOT NULL": COUNT(DISTINCT) skips NULLs, and the clause would lead the
    # planner to the incident index and a read of every row; groups of unlinked records count 0)
    w = _events_where(db, filters)
    base = " FROM events e" + w.joins() + w.sql() + (" AND" if w.clauses else " WHERE")
    dated = base + f" {_DAY_LIKE}"
    per_day: dict[str, dict[str, int]] = defaultdict(dict)
    types: Counter = Counter()
    for day, type_, n in db.execute("SELECT substr(e.date_value, 1, 10) AS d, e.type, "
                                    "COUNT(DISTINCT e.incident)" + dated + " GROUP BY d, e.type",
                                    w.params):
        if n:
            per_day[day][type_ or "?"] = n
            types[type_ or "?"] += n
    totals = dict(db.execute("SELECT substr(e.date_value, 1, 10) AS d, COUNT(DISTINCT e.incident)"
                             + dated + " GROUP BY d", w.params).fetchall())
    undated = db.execute("SELECT COUNT(DISTINCT e.incident)" + base
                         + f" (e.date_value IS NULL OR NOT {_DAY_LIKE})", w.params).fetchone()[0]
    days = [{"date": d, "counts": dict(sorted(c.items())), "total": totals[d]}
            for d, c in sorted(per_day.items())]
    return {"days": days, "types": sorted(types, key=lambda t: (-types[t], t)), "undated": undated,
            "unit": "incidents"}


def event_map(db: "Store", filters: dict[str, Any], unit: str = "events",
              max_places: int = 2000) -> dict[str, Any]:
    """Where the matching events happened: {"unit", "countries": [{"country", "count"}],
    "without_country", "places": [{"name", "country", "lat", "lon", "precision", "count"}],
    "truncated"}.

    `countries` groups by the event's location country (ISO alpha-3; not the actors'), most
    first, ties by code; `without_country` counts the matching events (or incidents with a
    matching record) that have none. `places` groups by the place (name, country, coordinates,
    precision) of the events located more precisely than a country (a city, a region, a sea),
    the `max_places` with most events (ties by name, country, lat, lon); `truncated` says
    whether there were more. Counting incidents, one in two countries (reports that disagree)
    counts in each."""
    n = _counter(unit)
    w = _events_where(db, filters)  # unlinked records: NULL incidents, which COUNT(DISTINCT) skips
    where = " FROM events e" + w.joins() + w.sql()
    countries, without = [], 0
    for country, count in db.execute(f"SELECT e.location_country, {n}" + where
                                     + " GROUP BY e.location_country", w.params):
        if not count:
            continue
        if country:
            countries.append({"country": country, "count": count})
        else:
            without = count
    countries.sort(key=lambda c: (-c["count"], c["country"]))
    cols = "e.location_name, e.location_country, e.lat, e.lon, e.location_precision"
    rows = db.execute(
        f"SELECT {cols}, {n} AS n" + where + (" AND" if w.clauses else " WHERE")
        + " e.lat IS NOT NULL AND e.lon IS NOT NULL AND COALESCE(e.location_precision, '') <> 'country'"
        + f" GROUP BY {cols} HAVING {n} > 0 ORDER BY n DESC, e.location_name ASC NULLS FIRST, "
        "e.location_country ASC NULLS FIRST, e.lat, e.lon, e.location_precision ASC NULLS FIRST "
        "LIMIT ?", [*w.params, max_places + 1]).fetchall()
    places = [{"name": name, "country": country, "lat": lat, "lon": lon, "precision": precision,
               "count": count} for name, country, lat, lon, precision, count in rows[:max_places]]
    return {"unit": unit, "countries": countries, "without_country": without, "places": places,
            "truncated": len(rows) > max_places}
