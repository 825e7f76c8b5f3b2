"""The rows the field's layouts are made of, streamed from the store with the `events` filters:
one per incident (aggregated in SQL, GROUP BY incident) or one per event record.

An event record whose `incident` is NULL (a store built before incidents were linked) is an
incident of its own. Both backends run the same SQL except two expressions, in _DIALECT.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from ..queries import _ARTICLE_COLS, _events_where

if TYPE_CHECKING:
    from ..base import Store

# every row needs its article and both actors; the `events` filters (queries._events_where) name
# them as e, a, s and t
_EVENTS_FROM = """ FROM events e JOIN articles a ON a.hash = e.article
    LEFT JOIN actors s ON s.article = e.article AND s.id = e.source
    LEFT JOIN actors t ON t.article = e.article AND t.id = e.target"""

# the incident an event record belongs to; the prefixes keep linked ids and lone records apart
INCIDENT_KEY = ("CASE WHEN e.incident IS NULL THEN 'r:' || e.article || '/' || e.id "
                "ELSE 'i:' || e.incident END")

# what SQLite and PostgreSQL spell differently: quantities.killed read from the JSON column
# (whole numbers only), and the distinct outlets of an incident as a JSON array
_DIALECT = {
    "sqlite": {
        "killed": "CASE WHEN json_type(e.quantities, '$.killed') = 'integer' "
                  "THEN json_extract(e.quantities, '$.killed') END",
        "outlets": "json_group_array(DISTINCT f.outlet)",
    },
    "postgresql": {
        "killed": "CASE WHEN jsonb_typeof(CAST(e.quantities AS jsonb) -> 'killed') = 'number' "
                  "AND (CAST(e.quantities AS jsonb) ->> 'killed') ~ '^-?[0-9]+$' "
                  "THEN CAST(CAST(e.quantities AS jsonb) ->> 'killed' AS BIGINT) END",
        "outlets": "json_agg(DISTINCT f.outlet)",
    },
}

_EVENT_COLS = ("e.data AS data, e.article AS event_article, e.id AS event_id, e.incident AS incident, "
               "e.type AS type, e.cameo AS cameo, e.mode AS mode, e.status AS status, "
               "e.date_start AS date_start, e.date_end AS date_end, "
               "e.date_precision AS date_precision, e.location_name AS location_name, "
               "e.location_country AS location_country, e.lat AS lat, e.lon AS lon, "
               "e.location_admin1 AS location_admin1, e.location_precision AS location_precision, "
               "e.evidence_sentence AS evidence_sentence, e.evidence_text AS evidence_text, "
               "e.confidence AS confidence")


def _actor_cols(alias: str, prefix: str) -> str:
    return ", ".join(f"{alias}.{c} AS {prefix}_{c}"
                     for c in ("name", "kind", "country", "sector", "canonical", "role"))


def _dicts(cursor) -> Iterator[dict[str, Any]]:
    keys = None
    for r in cursor:
        keys = keys or r.keys()
        yield dict(zip(keys, r))


def _day_order(alias_e: str = "e", alias_a: str = "a") -> str:
    return f"COALESCE({alias_e}.date_start, substr({alias_a}.published, 1, 10)) ASC NULLS FIRST"


def incident_rows(db: "Store", filters: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One row per incident among the event records that match `filters`: the counts of its
    records (n_mentions), articles and outlets (sources), when it was first published or stored
    (first_seen), the lowest killed count any record gives, the outlets (JSON array), and the
    columns of one representative record: the earliest published, then the most confident."""
    w = _events_where(db, filters)
    d = _DIALECT[db.backend]
    sql = f"""WITH f AS (
            SELECT {INCIDENT_KEY} AS inc, e.article AS art, e.id AS eid, a.source AS outlet,
                   a.published AS pub, a.ingested_at AS ing, e.confidence AS conf,
                   e.evidence_sentence AS sent, {d['killed']} AS killed
            {_EVENTS_FROM}{w.sql()}),
        g AS (
            SELECT f.inc AS inc, COUNT(*) AS n_mentions, COUNT(DISTINCT f.art) AS n_articles,
                   COUNT(DISTINCT COALESCE(f.outlet, f.art)) AS n_sources,
                   MIN(COALESCE(f.pub, f.ing)) AS first_seen, MAX(f.ing) AS last_stored,
                   MIN(f.sent) AS first_sentence, MIN(f.killed) AS killed,
                   {d['outlets']} AS outlets
            FROM f GROUP BY f.inc),
        r AS (
            SELECT f.inc AS inc, f.art AS art, f.eid AS eid,
                   ROW_NUMBER() OVER (PARTITION BY f.inc ORDER BY f.pub ASC NULLS LAST,
                                      f.conf DESC NULLS LAST, f.art, f.eid) AS rn
            FROM f)
        SELECT g.inc AS inc, g.n_mentions AS n_mentions, g.n_articles AS n_articles,
               g.n_sources AS n_sources, g.first_seen AS first_seen, g.last_stored AS last_stored,
               g.first_sentence AS first_sentence, g.killed AS killed, g.outlets AS outlets,
               {_EVENT_COLS}, {_ARTICLE_COLS}, {_actor_cols('s', 'source')},
               {_actor_cols('t', 'target')}
        FROM g JOIN r ON r.inc = g.inc AND r.rn = 1
        JOIN events e ON e.article = r.art AND e.id = r.eid
        JOIN articles a ON a.hash = e.article
        LEFT JOIN actors s ON s.article = e.article AND s.id = e.source
        LEFT JOIN actors t ON t.article = e.article AND t.id = e.target
        ORDER BY {_day_order()}, g.inc"""
    return _dicts(db.stream(sql, w.params))


def _offset(role: str) -> str:
    """The first mention of the event's `role` actor inside its evidence sentence."""
    return (f"(SELECT MIN(m.char_start) FROM mentions m WHERE m.article = e.article "
            f"AND m.actor = e.{role} AND m.char_start >= e.evidence_start "
            f"AND m.char_end <= e.evidence_end)")


def _raw_name(role: str) -> str:
    return (f"(SELECT m.text FROM mentions m WHERE m.article = e.article AND m.actor = e.{role} "
            f"AND m.char_start >= e.evidence_start AND m.char_end <= e.evidence_end "
            f"ORDER BY m.char_start LIMIT 1)")


def record_rows(db: "Store", filters: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One row per matching event record, with its incident key, the incident's first_seen
    (over the matching records, as incident_rows counts it), the article's length, and the
    offsets and words of its actors' mentions in the evidence sentence."""
    w = _events_where(db, filters)
    sql = (f"SELECT {INCIDENT_KEY} AS inc, "
           f"MIN(COALESCE(a.published, a.ingested_at)) OVER (PARTITION BY {INCIDENT_KEY}) "
           f"AS first_seen, a.ingested_at AS ingested_at, LENGTH(a.text) AS doc_len, "
           f"{_EVENT_COLS}, {_ARTICLE_COLS}, {_actor_cols('s', 'source')}, "
           f"{_actor_cols('t', 'target')}, {_offset('source')} AS source_offset, "
           f"{_offset('target')} AS target_offset, {_raw_name('source')} AS source_raw, "
           f"{_raw_name('target')} AS target_raw"
           + _EVENTS_FROM + w.sql() + f" ORDER BY {_day_order()}, e.rowid")
    return _dicts(db.stream(sql, w.params))
