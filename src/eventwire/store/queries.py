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

    def __init__(self, db: "Store", join: str = "") -> None:
        self.like_op = db.LIKE
        self.clauses: list[str] = []
        self.params: list[Any] = []
        self.join = join          # what a clause may need joined (the actors of an event, ...)
        self.needs_join = False   # whether one does

    def joins(self) -> str:
        return self.join if self.needs_join else ""

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
# An event is listed and filtered on its own columns: `day` (its first day, else the published
# day) orders it and bounds `until`, `day_end` bounds `since`; so the article is joined only for
# the rows shown, and the actors only when a filter names them.

_EVENT_ACTORS = """ LEFT JOIN actors {s} ON {s}.article = {e}.article AND {s}.id = {e}.source
    LEFT JOIN actors {t} ON {t}.article = {e}.article AND {t}.id = {e}.target"""

# `since` keeps the events whose span reaches it (day_end >= since). Newest first, a page of them
# is read in two parts: those that begin on or after `since` (a range of the events_day index),
# then those that began before it and go on (few: the events_spans index, sorted).
_SINCE = {
    "overlap": ["{e}.day_end >= ?"],
    "starts": ["{e}.day >= ?", "{e}.day_end >= ?"],
    "spans": ["COALESCE({e}.day, '') < ?", "{e}.day_end >= ?", "{e}.day_end > COALESCE({e}.day, '')"],
}
_SINCE_ORDER = {"overlap": "{e}.day", "starts": "{e}.day", "spans": "COALESCE({e}.day, '')"}


def _events_where(db: "Store", f: dict[str, Any], e: str = "e", s: str = "s", t: str = "t",
                  since: str = "overlap") -> Where:
    w = Where(db, _EVENT_ACTORS.format(e=e, s=s, t=t))
    if f.get("article"):
        w.add(f"{e}.article = ?", f["article"])
    if f.get("type"):
        w.add(f"{e}.type = ?", f["type"])
    if f.get("status"):
        w.add(f"{e}.status = ?", f["status"])
    if f.get("actor"):  # the actors' columns copied onto the event (schema step 8): no join
        cols = [f"{e}.{role}_{c}" for role in ("source", "target") for c in ("name", "canonical")]
        w.add("(" + " OR ".join(w.like(c) for c in cols) + ")", *([like(f["actor"])] * len(cols)))
    if f.get("country"):
        w.add(f"({e}.source_country = ? OR {e}.target_country = ? OR {e}.location_country = ?)",
              *([f["country"]] * 3))
    if f.get("text"):
        w.add(f"({w.like(e + '.evidence_text')} OR {w.like(e + '.issue')})", *([like(f["text"])] * 2))
    if f.get("min_confidence"):
        w.add(f"{e}.confidence >= ?", f["min_confidence"])
    if f.get("since"):
        for clause in _SINCE[since]:
            w.add(clause.format(e=e), *([f["since"]] if "?" in clause else []))
    if f.get("until"):
        w.add(f"{e}.day <= ?", f["until"])
    return w


def _order(prefix_date: str, newest_first: bool, tiebreak: str) -> str:
    # NULLS spelled out: SQLite sorts them first, PostgreSQL last, unless told
    direction = "DESC NULLS LAST" if newest_first else "ASC NULLS FIRST"
    return f" ORDER BY {prefix_date} {direction}, {tiebreak}"


def _limit(db: "Store", limit: int | None, offset: int) -> list[Any]:
    return [db.NO_LIMIT if limit is None else limit, offset]


_EVENT_ROW = (f"SELECT e.data AS data, e.incident AS incident, {_ARTICLE_COLS}, "
              f"{_actor_cols('s', 'source')}, "
              f"{_actor_cols('t', 'target')} FROM events e JOIN articles a ON a.hash = e.article"
              + _EVENT_ACTORS.format(e="e", s="s", t="t"))


def _events_query(db: "Store", filters: dict[str, Any], limit: int | None, offset: int,
                  newest_first: bool, stream: bool = False, since: str = "overlap") -> tuple[str, list[Any]]:
    if stream:  # an export: one query, its rows read in order as they come
        w = _events_where(db, filters)
        sql = _EVENT_ROW + w.sql() + _order("e.day", newest_first, "e.rowid")
        return (sql, w.params) if limit is None else (sql + " LIMIT ?", [*w.params, limit])
    # a page is chosen on the events (and their actors, if filtered on) in the order of the
    # events_day index; only its rows are joined to their article and actors
    w = _events_where(db, filters, "p", "ps", "pt", since)
    page = ("SELECT p.article AS article, p.id AS id FROM events p" + w.joins() + w.sql()
            + _order(_SINCE_ORDER[since].format(e="p"), newest_first, "p.rowid") + " LIMIT ? OFFSET ?")
    sql = (_EVENT_ROW + f" JOIN ({page}) pg ON pg.article = e.article AND pg.id = e.id"
           + _order("e.day", newest_first, "e.rowid"))
    return sql, [*w.params, *_limit(db, limit, offset)]


def events(db: "Store", filters: dict[str, Any], limit: int | None, offset: int = 0,
           newest_first: bool = True) -> list[dict[str, Any]]:
    if not (filters.get("since") and newest_first and limit is not None):
        return [event_dict(r) for r in db.execute(*_events_query(db, filters, limit, offset, newest_first))]
    rows = list(db.execute(*_events_query(db, filters, limit, offset, True, since="starts")))
    if len(rows) < limit:  # the page goes on into the events that began before `since`
        skip = 0 if rows else offset - _count(db, filters, "starts")
        rows += db.execute(*_events_query(db, filters, limit - len(rows), max(0, skip), True,
                                          since="spans"))
    return [event_dict(r) for r in rows]


def events_by_key(db: "Store", keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """The event records of (article, event id) pairs, unfiltered, keyed by the pair."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    wanted = set(keys)
    arts = sorted({a for a, _ in wanted})
    for i in range(0, len(arts), 500):
        chunk = arts[i:i + 500]
        in_chunk = set(chunk)
        ids = sorted({eid for a, eid in wanted if a in in_chunk})
        sql = (_EVENT_ROW + f" WHERE e.article IN ({', '.join('?' * len(chunk))}) "
               f"AND e.id IN ({', '.join('?' * len(ids))})")
        for r in db.execute(sql, [*chunk, *ids]):
            d = event_dict(r)
            key = (d["article"]["hash"], d["id"])
            if key in wanted:
                out[key] = d
    return out


def iter_events(db: "Store", filters: dict[str, Any], newest_first: bool = False,
                limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Every matching event (or the first `limit`) from one cursor: an export, no paging, memory
    stays flat."""
    for r in db.stream(*_events_query(db, filters, limit, 0, newest_first, stream=True)):
        yield event_dict(r)


def event_dict(r) -> dict[str, Any]:
    d = json.loads(r["data"])
    if "incident" in r.keys():  # linked when stored (eventwire.store.incidents), not in `data`
        d["incident"] = r["incident"]
    art = article_dict(r)
    d["uid"] = f"{art['hash']}/{d['id']}"
    d["article"] = art
    d["source_actor"] = actor_brief("source", r)
    d["target_actor"] = actor_brief("target", r)
    return d


def _count(db: "Store", filters: dict[str, Any], since: str = "overlap") -> int:
    w = _events_where(db, filters, since=since)
    return db.execute("SELECT COUNT(*) FROM events e" + w.joins() + w.sql(), w.params).fetchone()[0]


def count_events(db: "Store", filters: dict[str, Any]) -> int:
    if filters.get("since"):  # the two parts, each through its index
        return _count(db, filters, "starts") + _count(db, filters, "spans")
    return _count(db, filters)


# --- statements ---------------------------------------------------------------------------------
# As events: `day` (the article's published day) orders and filters; the speaker is joined only
# when a filter names it, the article and the speaker only for the rows shown.

_SPEAKER = " LEFT JOIN actors {sp} ON {sp}.article = {st}.article AND {sp}.id = {st}.speaker"


def _statements_where(db: "Store", f: dict[str, Any], st: str = "st", sp: str = "sp") -> Where:
    w = Where(db, _SPEAKER.format(st=st, sp=sp))
    if f.get("article"):
        w.add(f"{st}.article = ?", f["article"])
    if f.get("kind"):
        w.add(f"{st}.kind = ?", f["kind"])
    if f.get("speaker"):  # the speaker's columns copied onto the statement (step 8): no join
        cols = [f"{st}.speaker_name", f"{st}.speaker_canonical", f"{st}.speaker_text"]
        w.add("(" + " OR ".join(w.like(c) for c in cols) + ")", *([like(f["speaker"])] * len(cols)))
    if f.get("country"):
        w.add(f"{st}.speaker_country = ?", f["country"])
    if f.get("text"):
        w.add(w.like(f"{st}.content"), like(f["text"]))
    if f.get("since"):
        w.add(f"{st}.day >= ?", f["since"])
    if f.get("until"):
        w.add(f"{st}.day <= ?", f["until"])
    return w


def _statements_query(db: "Store", filters: dict[str, Any], limit: int | None,
                      offset: int, newest_first: bool) -> tuple[str, list[Any]]:
    rows = (f"SELECT st.data AS data, {_ARTICLE_COLS}, {_actor_cols('sp', 'speaker')} "
            "FROM statements st JOIN articles a ON a.hash = st.article" + _SPEAKER.format(st="st", sp="sp"))
    if limit is None and not offset:  # everything (an export), one query read in order
        w = _statements_where(db, filters)
        return rows + w.sql() + _order("st.day", newest_first, "st.rowid"), w.params
    w = _statements_where(db, filters, "p", "psp")
    page = ("SELECT p.article AS article, p.id AS id FROM statements p" + w.joins() + w.sql()
            + _order("p.day", newest_first, "p.rowid") + " LIMIT ? OFFSET ?")
    sql = (rows + f" JOIN ({page}) pg ON pg.article = st.article AND pg.id = st.id"
           + _order("st.day", newest_first, "st.rowid"))
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
    return db.execute("SELECT COUNT(*) FROM statements st" + w.joins() + w.sql(), w.params).fetchone()[0]


# --- actors -------------------------------------------------------------------------------------

def actors(db: "Store", filters: dict[str, Any], limit: int | None,
           offset: int = 0) -> list[dict[str, Any]]:
    """Actors across articles, one row per canonical id (or name when unresolved), busiest first.

    Mentions and events are each actor row's counts in its article, stored with it (step 7)."""
    w = Where(db, " JOIN articles a ON a.hash = ac.article")
    if f := filters.get("name"):
        _actor_match(w, ("ac",), f)
    for col in ("country", "sector", "kind"):
        if filters.get(col):
            w.add(f"ac.{col} = ?", filters[col])
    if filters.get("since") or filters.get("until"):
        w.needs_join = True
        _date_range(w, _PUBLISHED_DAY, _PUBLISHED_DAY, filters.get("since"), filters.get("until"))
    # CAST(SUM(...)): PostgreSQL sums integers as NUMERIC, which is not a JSON number
    sql = ("SELECT COALESCE(ac.canonical, ac.name) AS key, MAX(ac.name) AS name, "
           "MAX(ac.canonical) AS canonical, MAX(ac.kind) AS kind, MAX(ac.country) AS country, "
           "MAX(ac.sector) AS sector, COUNT(DISTINCT ac.article) AS articles, "
           "CAST(SUM(ac.mention_count) AS BIGINT) AS mentions, "
           "CAST(SUM(ac.event_count) AS BIGINT) AS events "
           "FROM actors ac" + w.joins() + w.sql()
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
    # the page first (in the order of the articles_day index), then the counts of its rows only:
    # PostgreSQL would count for every row that OFFSET skips
    page = ("SELECT a.hash AS hash FROM articles a" + w.sql()
            + _order(_PUBLISHED_DAY, newest_first, "a.rowid") + " LIMIT ? OFFSET ?")
    sql = (f"SELECT {_ARTICLE_COLS}, a.ingested_at AS ingested_at, "
           "(SELECT COUNT(*) FROM events e WHERE e.article = a.hash) AS events, "
           "(SELECT COUNT(*) FROM statements st WHERE st.article = a.hash) AS statements, "
           "(SELECT COUNT(*) FROM actors ac WHERE ac.article = a.hash) AS actors "
           f"FROM articles a JOIN ({page}) pg ON pg.hash = a.hash"
           + _order(_PUBLISHED_DAY, newest_first, "a.rowid"))
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

    events = []
    for data, incident in db.execute("SELECT data, incident FROM events WHERE article = ? "
                                     "ORDER BY rowid", (h,)):
        events.append({**json.loads(data), "incident": incident})
    return {"schema": SCHEMA, "article": art, "actors": load("actors"),
            "statements": load("statements"), "events": events}
