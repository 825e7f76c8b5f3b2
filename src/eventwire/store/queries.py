"""Read queries over the store: filtered, paged, parameterised; rows come back as eventwire/1 dicts.

Filters arrive already validated and normalised (see eventwire.api); this module only builds SQL,
always with `?` parameters, never by pasting values into the statement.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterator

from .rows import actor_brief, article_dict

ESC = "\\"


def like(value: str) -> str:
    """A LIKE pattern that matches `value` as a plain substring (%, _ and \\ escaped)."""
    return "%" + value.replace(ESC, ESC * 2).replace("%", ESC + "%").replace("_", ESC + "_") + "%"


def _actor_cols(alias: str, prefix: str) -> str:
    return ", ".join(f"{alias}.{c} AS {prefix}_{c}"
                     for c in ("id", "name", "kind", "country", "sector", "canonical"))


_ARTICLE_COLS = ("a.hash AS hash, a.ref AS ref, a.title AS title, a.url AS url, a.source AS source, "
                 "a.published AS published, a.language AS language")
_PUBLISHED_DAY = "substr(a.published, 1, 10)"


class Where:
    """WHERE clauses and their parameters, built together so that they never drift apart."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


def _actor_match(w: Where, aliases: tuple[str, ...], value: str, extra: tuple[str, ...] = ()) -> None:
    cols = [f"{al}.{c}" for al in aliases for c in ("name", "canonical")] + list(extra)
    w.add("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in cols) + ")", *([like(value)] * len(cols)))


def _date_range(w: Where, start_col: str, end_col: str, since: str | None, until: str | None) -> None:
    if since:
        w.add(f"COALESCE({end_col}, {_PUBLISHED_DAY}) >= ?", since)
    if until:
        w.add(f"COALESCE({start_col}, {_PUBLISHED_DAY}) <= ?", until)


# --- events -------------------------------------------------------------------------------------

_EVENTS_FROM = """ FROM events e JOIN articles a ON a.hash = e.article
    LEFT JOIN actors s ON s.article = e.article AND s.id = e.source
    LEFT JOIN actors t ON t.article = e.article AND t.id = e.target"""


def _events_where(f: dict[str, Any]) -> Where:
    w = Where()
    if f.get("article"):
        w.add("e.article = ?", f["article"])
    if f.get("type"):
        w.add("e.type = ?", f["type"])
    if f.get("status"):
        w.add("e.status = ?", f["status"])
    if f.get("actor"):
        _actor_match(w, ("s", "t"), f["actor"])
    if f.get("country"):
        w.add("(s.country = ? OR t.country = ? OR e.location_country = ?)", *([f["country"]] * 3))
    if f.get("text"):
        w.add("(e.evidence_text LIKE ? ESCAPE '\\' OR e.issue LIKE ? ESCAPE '\\')", *([like(f["text"])] * 2))
    if f.get("min_confidence"):
        w.add("e.confidence >= ?", f["min_confidence"])
    _date_range(w, "e.date_start", "e.date_end", f.get("since"), f.get("until"))
    return w


def _order(prefix_date: str, newest_first: bool, tiebreak: str) -> str:
    direction = "DESC" if newest_first else "ASC"
    return f" ORDER BY {prefix_date} {direction}, {tiebreak}"


def _events_cursor(conn: sqlite3.Connection, filters: dict[str, Any], limit: int | None, offset: int,
                   newest_first: bool) -> sqlite3.Cursor:
    w = _events_where(filters)
    sql = (f"SELECT e.data AS data, {_ARTICLE_COLS}, {_actor_cols('s', 'source')}, "
           f"{_actor_cols('t', 'target')}" + _EVENTS_FROM + w.sql()
           + _order(f"COALESCE(e.date_start, {_PUBLISHED_DAY})", newest_first, "e.rowid")
           + " LIMIT ? OFFSET ?")
    return conn.execute(sql, [*w.params, -1 if limit is None else limit, offset])


def events(conn: sqlite3.Connection, filters: dict[str, Any], limit: int | None, offset: int = 0,
           newest_first: bool = True) -> list[dict[str, Any]]:
    return [event_dict(r) for r in _events_cursor(conn, filters, limit, offset, newest_first)]


def iter_events(conn: sqlite3.Connection, filters: dict[str, Any],
                newest_first: bool = False) -> Iterator[dict[str, Any]]:
    """Every matching event from one cursor (an export: no paging, memory stays flat)."""
    for r in _events_cursor(conn, filters, None, 0, newest_first):
        yield event_dict(r)


def event_dict(r: sqlite3.Row) -> dict[str, Any]:
    d = json.loads(r["data"])
    art = article_dict(r)
    d["uid"] = f"{art['hash']}/{d['id']}"
    d["article"] = art
    d["source_actor"] = actor_brief("source", r)
    d["target_actor"] = actor_brief("target", r)
    return d


def count_events(conn: sqlite3.Connection, filters: dict[str, Any]) -> int:
    w = _events_where(filters)
    return conn.execute("SELECT COUNT(*)" + _EVENTS_FROM + w.sql(), w.params).fetchone()[0]


# --- statements ---------------------------------------------------------------------------------

_STATEMENTS_FROM = """ FROM statements st JOIN articles a ON a.hash = st.article
    LEFT JOIN actors sp ON sp.article = st.article AND sp.id = st.speaker"""


def _statements_where(f: dict[str, Any]) -> Where:
    w = Where()
    if f.get("article"):
        w.add("st.article = ?", f["article"])
    if f.get("kind"):
        w.add("st.kind = ?", f["kind"])
    if f.get("speaker"):
        _actor_match(w, ("sp",), f["speaker"], extra=("st.speaker_text",))
    if f.get("country"):
        w.add("sp.country = ?", f["country"])
    if f.get("text"):
        w.add("st.content LIKE ? ESCAPE '\\'", like(f["text"]))
    _date_range(w, _PUBLISHED_DAY, _PUBLISHED_DAY, f.get("since"), f.get("until"))
    return w


def _statements_cursor(conn: sqlite3.Connection, filters: dict[str, Any], limit: int | None,
                       offset: int, newest_first: bool) -> sqlite3.Cursor:
    w = _statements_where(filters)
    sql = (f"SELECT st.data AS data, {_ARTICLE_COLS}, {_actor_cols('sp', 'speaker')}"
           + _STATEMENTS_FROM + w.sql()
           + _order(_PUBLISHED_DAY, newest_first, "st.rowid") + " LIMIT ? OFFSET ?")
    return conn.execute(sql, [*w.params, -1 if limit is None else limit, offset])


def statement_dict(r: sqlite3.Row) -> dict[str, Any]:
    d = json.loads(r["data"])
    art = article_dict(r)
    d["uid"] = f"{art['hash']}/{d['id']}"
    d["article"] = art
    d["speaker_actor"] = actor_brief("speaker", r)
    return d


def statements(conn: sqlite3.Connection, filters: dict[str, Any], limit: int | None, offset: int = 0,
               newest_first: bool = True) -> list[dict[str, Any]]:
    return [statement_dict(r) for r in _statements_cursor(conn, filters, limit, offset, newest_first)]


def iter_statements(conn: sqlite3.Connection, filters: dict[str, Any],
                    newest_first: bool = False) -> Iterator[dict[str, Any]]:
    for r in _statements_cursor(conn, filters, None, 0, newest_first):
        yield statement_dict(r)


def count_statements(conn: sqlite3.Connection, filters: dict[str, Any]) -> int:
    w = _statements_where(filters)
    return conn.execute("SELECT COUNT(*)" + _STATEMENTS_FROM + w.sql(), w.params).fetchone()[0]


# --- actors -------------------------------------------------------------------------------------

def actors(conn: sqlite3.Connection, filters: dict[str, Any], limit: int | None,
           offset: int = 0) -> list[dict[str, Any]]:
    """Actors across articles, one row per canonical id (or name when unresolved), busiest first."""
    w = Where()
    if f := filters.get("name"):
        _actor_match(w, ("ac",), f)
    for col in ("country", "sector", "kind"):
        if filters.get(col):
            w.add(f"ac.{col} = ?", filters[col])
    _date_range(w, _PUBLISHED_DAY, _PUBLISHED_DAY, filters.get("since"), filters.get("until"))
    sql = ("SELECT COALESCE(ac.canonical, ac.name) AS key, MAX(ac.name) AS name, "
           "MAX(ac.canonical) AS canonical, MAX(ac.kind) AS kind, MAX(ac.country) AS country, "
           "MAX(ac.sector) AS sector, COUNT(DISTINCT ac.article) AS articles, "
           "SUM((SELECT COUNT(*) FROM mentions m WHERE m.article = ac.article AND m.actor = ac.id)) "
           "AS mentions, "
           "SUM((SELECT COUNT(*) FROM events e WHERE e.article = ac.article "
           "AND (e.source = ac.id OR e.target = ac.id))) AS events "
           "FROM actors ac JOIN articles a ON a.hash = ac.article" + w.sql()
           + " GROUP BY key ORDER BY articles DESC, mentions DESC, key LIMIT ? OFFSET ?")
    rows = conn.execute(sql, [*w.params, -1 if limit is None else limit, offset])
    return [{k: r[k] for k in ("name", "canonical", "kind", "country", "sector", "articles",
                               "mentions", "events")} for r in rows]


# --- articles -----------------------------------------------------------------------------------

def articles(conn: sqlite3.Connection, filters: dict[str, Any], limit: int | None, offset: int = 0,
             newest_first: bool = True) -> list[dict[str, Any]]:
    w = Where()
    if f := filters.get("text"):
        w.add("(a.title LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\')", like(f), like(f))
    if f := filters.get("source"):
        w.add("a.source LIKE ? ESCAPE '\\'", like(f))
    _date_range(w, _PUBLISHED_DAY, _PUBLISHED_DAY, filters.get("since"), filters.get("until"))
    sql = (f"SELECT {_ARTICLE_COLS}, a.ingested_at AS ingested_at, "
           "(SELECT COUNT(*) FROM events e WHERE e.article = a.hash) AS events, "
           "(SELECT COUNT(*) FROM statements st WHERE st.article = a.hash) AS statements, "
           "(SELECT COUNT(*) FROM actors ac WHERE ac.article = a.hash) AS actors "
           "FROM articles a" + w.sql() + _order(_PUBLISHED_DAY, newest_first, "a.rowid")
           + " LIMIT ? OFFSET ?")
    out = []
    for r in conn.execute(sql, [*w.params, -1 if limit is None else limit, offset]):
        d = article_dict(r)
        d.update(ingested_at=r["ingested_at"], events=r["events"], statements=r["statements"],
                 actors=r["actors"])
        out.append(d)
    return out


def article(conn: sqlite3.Connection, key: str) -> dict[str, Any] | None:
    """One stored article as its eventwire/1 record with `article.text`, by hash or caller id."""
    row = conn.execute(f"SELECT {_ARTICLE_COLS}, a.text AS text, a.origin AS origin, "
                       "a.ingested_at AS ingested_at FROM articles a WHERE a.hash = ?", (key,)).fetchone()
    if row is None:
        row = conn.execute(f"SELECT {_ARTICLE_COLS}, a.text AS text, a.origin AS origin, "
                           "a.ingested_at AS ingested_at FROM articles a WHERE a.ref = ? "
                           "ORDER BY a.rowid LIMIT 1", (key,)).fetchone()
    if row is None:
        return None
    return record(conn, row)


def record(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    from ..model import SCHEMA

    art = article_dict(row)
    for k in ("text", "origin", "ingested_at"):
        if k in row.keys():
            art[k] = row[k]
    h = row["hash"]

    def load(table: str) -> list[dict[str, Any]]:
        return [json.loads(r[0]) for r in
                conn.execute(f"SELECT data FROM {table} WHERE article = ? ORDER BY rowid", (h,))]

    return {"schema": SCHEMA, "article": art, "actors": load("actors"),
            "statements": load("statements"), "events": load("events")}
