"""The indexes serve the web API's queries: the plans name them, on SQLite and on PostgreSQL.

SQLite's planner is checked as it is. PostgreSQL's choice depends on its statistics (on a store
of a few rows a sequential scan is cheapest), so there the check is that the index *can* serve
the query: with sequential scans and sorts priced out, the plan uses it."""
from __future__ import annotations

import pytest

from eventwire import api
from eventwire.store import open_store, queries
from test_store_aggregates import article

F = api.event_filters


def plans(db) -> dict[str, str]:
    w = queries._events_where
    cases = {
        "events_day": queries._events_query(db, F(), 50, 0, True),
        "events_type_day": queries._events_query(db, F(type="ASSAULT"), 50, 0, True),
        "events_status_day": queries._events_query(db, F(status="alleged"), 50, 0, True),
        "events_spans": queries._events_query(db, F(since="2024-03-05"), 50, 0, True, since="spans"),
        "statements_day": queries._statements_query(db, api.statement_filters(), 50, 0, True),
        "articles_day": ("SELECT a.hash FROM articles a"
                         + queries._order(queries._PUBLISHED_DAY, True, "a.rowid") + " LIMIT 50", []),
    }
    tw = w(db, F(min_confidence="0"))
    cases["events_dated"] = ("SELECT e.date_value, e.type, COUNT(*) FROM events e" + tw.sql()
                             + " GROUP BY e.date_value, e.type", tw.params)
    aw = w(db, F())
    cases["events_answers"] = ("SELECT e.article, e.responds_to, e.id, e.date_value FROM events e"
                               + aw.sql() + " AND e.responds_to IS NOT NULL"
                               + queries._order("e.day", True, "e.rowid"), aw.params)
    out = {}
    for index, (sql, params) in cases.items():
        if db.backend == "postgresql":
            out[index] = "\n".join(r[0] for r in db.execute("EXPLAIN " + sql, params))
        else:
            out[index] = "\n".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params))
    return out


def test_an_actor_substring_is_found_through_the_trigram_index_on_postgresql(db_url):
    """PostgreSQL: the actor filter can use the trigram index of schema step 11 (SQLite checks
    it in the events_day index, above); the answers are those of the plain scan."""
    st = open_store(db_url)
    if st.backend != "postgresql":
        st.close()
        pytest.skip("a PostgreSQL index")
    for i in range(6):
        st.write(article(i))
    st.execute("ANALYZE")
    sql, params = queries._events_query(st, F(actor="land", min_confidence="0"), 50, 0, True)
    scanned = [r["data"] for r in st.execute(sql, params)]
    for scan in ("seqscan", "indexscan", "indexonlyscan"):  # leaves the bitmap scans
        st.execute(f"SET enable_{scan} = off")
    plan = "\n".join(r[0] for r in st.execute("EXPLAIN " + sql, params))
    assert "events_actor_names" in plan, plan
    assert [r["data"] for r in st.execute(sql, params)] == scanned and scanned
    st.close()


def test_each_query_uses_its_index(db_url):
    st = open_store(db_url)
    for i in range(6):
        st.write(article(i))
    if st.backend == "postgresql":
        st.execute("ANALYZE")
        st.execute("SET enable_seqscan = off")
        st.execute("SET enable_bitmapscan = off")
        st.execute("SET enable_sort = off")
    found = plans(st)
    for index, plan in found.items():
        assert index in plan, f"{index} is not used:\n{plan}"
    if st.backend == "sqlite":
        # the page is read in the order of the index (only ties of a day are sorted), and the
        # timeline and the answers are read from their indexes alone
        assert "USE TEMP B-TREE FOR ORDER BY" not in found["events_day"].split("SCAN pg")[0]
        assert "COVERING INDEX events_dated" in found["events_dated"]
        assert "COVERING INDEX events_answers" in found["events_answers"]
    st.close()


@pytest.mark.parametrize("index", ["events_day", "events_type_day", "events_answers"])
def test_postgresql_index_order_matches_sqlite(index):
    """An index with a DESC column lists NULLs last and ends with the rowid on PostgreSQL."""
    from eventwire.store.postgresql import ddl
    from eventwire.store.schema import MIGRATIONS

    sql = [s for _, _, steps in MIGRATIONS for s in steps
           if isinstance(s, str) and f"INDEX {index} " in s][-1]  # the last
    out = ddl(sql)
    assert "DESC NULLS LAST" in out and "rowid)" in out
