#!/usr/bin/env python3
"""Print the query plans (and timings) of the queries the web API runs, on a store of either kind.

    .venv/bin/python scripts/explain_queries.py --db /tmp/big.db
    .venv/bin/python scripts/explain_queries.py --db postgresql://USER@HOST/DB

SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN (ANALYZE, BUFFERS OFF). Each query is the SQL
that eventwire.store builds for the filter shown, with its parameters (see docs/scale.md).
"""
from __future__ import annotations

import argparse
import sys
import time


def cases(db):
    from eventwire import api
    from eventwire.store import queries  # the SQL builders

    f = api.event_filters
    w = queries._events_where
    yield "events, default threshold", queries._events_query(db, f(), 50, 0, True)
    yield "events, every event", queries._events_query(db, f(min_confidence="0"), 50, 0, True)
    yield "events, type", queries._events_query(db, f(type="ASSAULT"), 50, 0, True)
    yield "events, since/until (part 1: begun in the range)", queries._events_query(
        db, f(since="2016-01-01", until="2016-12-31"), 50, 0, True, since="starts")
    yield "events, since/until (part 2: begun before, going on)", queries._events_query(
        db, f(since="2024-01-01", until="2024-12-31"), 50, 0, True, since="spans")
    yield "events, country (actors joined)", queries._events_query(db, f(country="USA"), 50, 0, True)
    cw = w(db, f(min_confidence="0"))
    yield "count, every event", ("SELECT COUNT(*) FROM events e" + cw.joins() + cw.sql(), cw.params)
    tw = w(db, f(min_confidence="0"))
    yield "timeline, every event", ("SELECT e.date_value, e.type, COUNT(*) FROM events e" + tw.joins()
                                    + tw.sql() + " GROUP BY e.date_value, e.type", tw.params)
    aw = w(db, f())
    yield "threads: the answers", ("SELECT e.article, e.responds_to, e.id, e.date_value FROM events e"
                                   + aw.sql() + " AND e.responds_to IS NOT NULL"
                                   + queries._order("e.day", True, "e.rowid"), aw.params)
    names = ["map: countries", "map: places"]
    for (sql, params), name in zip(recorded(db, lambda: api.event_map(db, count="incidents")), names):
        yield name + " (incidents, default threshold)", (sql, params)
    names = ["incident timeline: per day and type", "incident timeline: per day", "incident timeline: undated"]
    for (sql, params), name in zip(recorded(db, lambda: api.event_timeline(db, count="incidents")), names):
        yield name + " (default threshold)", (sql, params)
    yield "statements", queries._statements_query(db, api.statement_filters(), 50, 0, True)
    yield "articles", ("SELECT a.hash FROM articles a" + queries._order(queries._PUBLISHED_DAY, True, "a.rowid")
                       + " LIMIT 50", [])


def recorded(db, call) -> list[tuple[str, list]]:
    """The SELECT statements (and parameters) that `call` runs on `db`, recorded as it runs them:
    for the views whose SQL is several queries built inside eventwire.store.aggregates."""
    ran: list[tuple[str, list]] = []
    real = db.execute

    def record(sql, params=None):
        if sql.lstrip().upper().startswith("SELECT"):
            ran.append((sql, list(params or [])))
        return real(sql, params)

    db.execute = record
    try:
        call()
    finally:
        db.execute = real
    return ran


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    args = ap.parse_args(argv)
    from eventwire.store import open_store

    db = open_store(args.db, create=False)
    pg = db.backend == "postgresql"
    for title, (sql, params) in cases(db):
        print(f"== {title}")
        t0 = time.perf_counter()
        if pg:
            rows = db.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params).fetchall()
            print("\n".join("   " + r[0] for r in rows))
        else:
            for r in db.execute("EXPLAIN QUERY PLAN " + sql, params):
                print("   " + r[3])
            db.execute(sql, params).fetchall()
        print(f"   ({(time.perf_counter() - t0) * 1000:.1f} ms with the plan)")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
