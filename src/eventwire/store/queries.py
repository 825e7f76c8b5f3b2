"""Read queries over the store: filtered, paged, parameterised; rows come back as eventwire/1 dicts.

Filters arrive already validated and normalised (see eventwire.api); this module only builds SQL,
always with `?` parameters, never by pasting values into the statement. Every function takes the
store (`db`), which runs the SQL in its backend's dialect (eventwire.store.base): its LIKE
operator and its "no limit" value are the only dialect this module asks for.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterator

from .rows import actor_brief, article_dict

if TYPE_CHECKING:
    from .base import Store

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

    def __init__(self, db: "Store") -> None:
        self.like_op = db.LIKE
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def like(self, col: str) -> str:
        """`col` matches a `like()` pattern: a substring, ignoring the case of ASCII letters."""
        return f"{col} {self.like_op} ? ESCAPE '\\'"

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


def _actor_match(w: Where, aliases: tuple[str, ...], value: str, extra: tuple[str, ...] = ()) -> None:
    cols = [f"{al}.{c}" for al in aliases for c in ("name", "canonical")] + list(extra)
    w.add("(" + " OR ".join(w.like(c) for c in cols) + ")", *([like(value)] * len(cols)))


def _date_range(w: Where, start_col: str, end_col: str, since: str | None, until: str | None) -> None:
    if since:
        w.add(f"COALESCE({end_col}, {_PUBLISHED_DAY}) >= ?", since)
    if until:
        w.add(f"COALESCE({start_col}, {_PUBLISHED_DAY}) <= ?", until)


# --- events -------------------------------------------------------------------------------------

_EVENTS_FROM = """ FROM events e JOIN articles a ON a.hash = e.article
    LEFT JOIN actors s ON s.article = e.article AND s.id = e.source
    LEFT JOIN actors t ON t.article = e.article AND t.id = e.target"""


def _events_where(db: "Store", f: dict[str, Any]) -> Where:
    w = Where(db)
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
        w.add(f"({w.like('e.evidence_text')} OR {w.like('e.issue')})", *([like(f["text"])] * 2))
    if f.get("min_confidence"):
        w.add("e.confidence >= ?", f["min_confidence"])
    _date_range(w, "e.date_start", "e.date_end", f.get("since"), f.get("until"))
    return w


def _order(prefix_date: str, newest_first: bool, tiebreak: str) -> str:
    # NULLS spelled out: SQLite sorts them first, PostgreSQL last, unless told
    direction = "DESC NULLS LAST" if newest_first else "ASC NULLS FIRST"
    return f" ORDER BY {prefix_date} {direction}, {tiebreak}"


def _limit(db: "Store", limit: int | None, offset: int) -> list[Any]:
    return [db.NO_LIMIT if limit is None else limit, offset]


def _events_query(db: "Store", filters: dict[str, Any], limit: int | None, offset: int,
                  newest_first: bool) -> tuple[str, list[Any]]:
    w = _events_where(db, filters)
    sql = (f"SELECT e.data AS data, {_ARTICLE_COLS}, {_actor_cols('s', 'source')}, "
           f"{_actor_cols('t', 'target')}" + _EVENTS_FROM + w.sql()
           + _order(f"COALESCE(e.date_start, {_PUBLISHED_DAY})", newest_first, "e.rowid")
           + " LIMIT ? OFFSET ?")
    return sql, [*w.params, *_limit(db, limit, offset)]


def events(db: "Store", filters: dict[str, Any], limit: int | None, offset: int = 0,
           newest_first: bool = True) -> list[dict[str, Any]]:
    return [event_dict(r) for r in db.execute(*_events_query(db, filters, limit, offset, newest_first))]


def iter_events(db: "Store", filters: dict[str, Any],
                newest_first: bool = False) -> Iterator[dict[str, Any]]:
    """Every matching event from one cursor (an export: no paging, memory stays flat)."""
    for r in db.stream(*_events_query(db, filters, None, 0, newest_first)):
        yield event_dict(r)


def event_dict(r) -> dict[str, Any]:
    d = json.loads(r["data"])
    art = article_dict(r)
    d["uid"] = f"{art['hash']}/{d['id']}"
    d["article"] = art
    d["source_actor"] = actor_brief("source", r)
    d["target_actor"] = actor_brief("target", r)
    return d


def count_events(db: "Store", filters: dict[str, Any]) -> int:
    w = _events_where(db, filters)
    return db.execute("SELECT COUNT(*)" + _EVENTS_FROM + w.sql(), w.params).fetchone()[0]


# --- statements ---------------------------------------------------------------------------------

_STATEMENTS_FROM = """ FROM statements st JOIN articles a ON a.hash = st.article
    LEFT JOIN actors sp ON sp.article = st.article AND sp.id = st.speaker"""


def _statements_where(db: "Store", f: dict[str, Any]) -> Where:
    w = Where(db)
    if f.get("article"):
        w.add("st.article = ?", f["article"])
    if f.get("kind"):
        w.add("st.kind = ?", f["kind"])
    if f.get("speaker"):
        _actor_match(w, ("sp",), f["speaker"], extra=("st.speaker_text",))
    if f.get("country"):
        w.add("sp.country = ?", f["country"])
    if f.get("text"):
        w.add(w.like("st.content"), like(f["text"]))
    _date_range(w, _PUBLISHED_DAY, _PUBLISHED_DAY, f.get("since"), f.get("until"))
    return w


def _statements_query(db: "Store", filters: dict[str, Any], limit: int | None,
                      offset: int, newest_first: bool) -> tuple[str, list[Any]]:
    w = _statements_where(db, filters)
    sql = (f"SELECT st.data AS data, {_ARTICLE_COLS}, {_actor_cols('sp', 'speaker')}"
           + _STATEMENTS_FROM + w.sql()
           + _order(_PUBLISHED_DAY, newest_first, "st.rowid") + " LIMIT ? OFFSET ?")
    return sql, [*w.params, *_limit(db, limit, offset)]


def statement_dict(r) -> dict[str, Any]:
    d = json.loads(r["data"])
    art = article_dict(r)
    d["uid"] = f"{art['hash']}/{d['id']}"
    d["article"] = art
    d["speaker_actor"] = actor_brief("speaker", r)
    return d


def statements(db: "Store", filters: dict[str, Any], limit: int | None, offset: int = 0,
               newest_first: bool = True) -> list[dict[str, Any]]:
    return [statement_dict(r)
            for r in db.execute(*_statements_query(db, filters, limit, offset, newest_first))]


def iter_statements(db: "Store", filters: dict[str, Any],
                    newest_first: bool = False) -> Iterator[dict[str, Any]]:
    for r in db.stream(*_statements_query(db, filters, None, 0, newest_first)):
        yield statement_dict(r)


def count_statements(db: "Store", filters: dict[str, Any]) -> int:
    w = _statements_where(db, filters)
    return db.execute("SELECT COUNT(*)" + _STATEMENTS_FROM + w.sql(), w.params).fetchone()[0]


# --- actors -------------------------------------------------------------------------------------

def actors(db: "Store", filters: dict[str, Any], limit: int | None,
           offset: int = 0) -> list[dict[str, Any]]:
    """Actors across articles, one row per canonical id (or name when unresolved), busiest first."""
    w = Where(db)
    if f := filters.get("name"):
        _actor_match(w, ("ac",), f)
    for col in ("country", "sector", "kind"):
        if filters.get(col):
            w.add(f"ac.{col} = ?", filters[col])
    _date_range(w, _PUBLISHED_DAY, _PUBLISHED_DAY, filters.get("since"), filters.get("until"))
    # CAST(SUM(...)): PostgreSQL sums counts as NUMERIC, which is not a JSON number
    sql = ("SELECT COALESCE(ac.canonical, ac.name) AS key, MAX(ac.name) AS name, "
           "MAX(ac.canonical) AS canonical, MAX(ac.kind) AS kind, MAX(ac.country) AS country, "
           "MAX(ac.sector) AS sector, COUNT(DISTINCT ac.article) AS articles, "
           "CAST(SUM((SELECT COUNT(*) FROM mentions m WHERE m.article = ac.article "
           "AND m.actor = ac.id)) AS BIGINT) AS mentions, "
           "CAST(SUM((SELECT COUNT(*) FROM events e WHERE e.article = ac.article "
           "AND (e.source = ac.id OR e.target = ac.id))) AS BIGINT) AS events "
           "FROM actors ac JOIN articles a ON a.hash = ac.article" + w.sql()
           + " GROUP BY key ORDER BY articles DESC, mentions DESC, key ASC NULLS FIRST "
           "LIMIT ? OFFSET ?")
    rows = db.execute(sql, [*w.params, *_limit(db, limit, offset)])
    return [{k: r[k] for k in ("name", "canonical", "kind", "country", "sector", "articles",
                               "mentions", "events")} for r in rows]


# --- articles -----------------------------------------------------------------------------------

def articles(db: "Store", filters: dict[str, Any], limit: int | None, offset: int = 0,
             newest_first: bool = True) -> list[dict[str, Any]]:
    w = Where(db)
    if f := filters.get("text"):
        w.add(f"({w.like('a.title')} OR {w.like('a.text')})", like(f), like(f))
    if f := filters.get("source"):
        w.add(w.like("a.source"), like(f))
    _date_range(w, _PUBLISHED_DAY, _PUBLISHED_DAY, filters.get("since"), filters.get("until"))
    sql = (f"SELECT {_ARTICLE_COLS}, a.ingested_at AS ingested_at, "
           "(SELECT COUNT(*) FROM events e WHERE e.article = a.hash) AS events, "
           "(SELECT COUNT(*) FROM statements st WHERE st.article = a.hash) AS statements, "
           "(SELECT COUNT(*) FROM actors ac WHERE ac.article = a.hash) AS actors "
           "FROM articles a" + w.sql() + _order(_PUBLISHED_DAY, newest_first, "a.rowid")
           + " LIMIT ? OFFSET ?")
    out = []
    for r in db.execute(sql, [*w.params, *_limit(db, limit, offset)]):
        d = article_dict(r)
        d.update(ingested_at=r["ingested_at"], events=r["events"], statements=r["statements"],
                 actors=r["actors"])
        out.append(d)
    return out


def article(db: "Store", key: str) -> dict[str, Any] | None:
    """One stored article as its eventwire/1 record with `article.text`, by hash or caller id."""
    row = db.execute(f"SELECT {_ARTICLE_COLS}, a.text AS text, a.origin AS origin, "
                       "a.ingested_at AS ingested_at FROM articles a WHERE a.hash = ?", (key,)).fetchone()
    if row is None:
        row = db.execute(f"SELECT {_ARTICLE_COLS}, a.text AS text, a.origin AS origin, "
                           "a.ingested_at AS ingested_at FROM articles a WHERE a.ref = ? "
                           "ORDER BY a.rowid LIMIT 1", (key,)).fetchone()
    if row is None:
        return None
    return record(db, row)


def record(db: "Store", row) -> dict[str, Any]:
    from ..model import SCHEMA

    art = article_dict(row)
    for k in ("text", "origin", "ingested_at"):
        if k in row.keys():
            art[k] = row[k]
    h = row["hash"]

    def load(table: str) -> list[dict[str, Any]]:
        return [json.loads(r[0]) for r in
                db.execute(f"SELECT data FROM {table} WHERE article = ? ORDER BY rowid", (h,))]

    return {"schema": SCHEMA, "article": art, "actors": load("actors"),
            "statements": load("statements"), "events": load("events")}
