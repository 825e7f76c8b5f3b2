"""Conversions between eventwire/1 records and store rows, both ways."""
from __future__ import annotations

import calendar
import json
import re
from datetime import date, timedelta
from typing import Any

from ..model import Result

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def date_span(value: str | None) -> tuple[str | None, str | None]:
    """First and last ISO day that a date value covers: a day, YYYY-MM, YYYY, YYYY-Www or a/b."""
    if not value:
        return None, None
    value = value.strip()
    if "/" in value:
        a, _, b = value.partition("/")
        return date_span(a)[0], date_span(b)[1]
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            return d, d
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1).isoformat(), date(y, mo, calendar.monthrange(y, mo)[1]).isoformat()
        if m := _YEAR.match(value):
            return f"{m[1]}-01-01", f"{m[1]}-12-31"
        if m := _WEEK.match(value):
            first = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return first.isoformat(), (first + timedelta(days=6)).isoformat()
    except ValueError:
        pass
    return None, None


def _json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def article_row(result: Result, ingested_at: str) -> tuple:
    a = result.article
    return (a.hash, a.id, a.title, a.url, a.source, a.published, a.language, a.author, a.origin,
            a.text, ingested_at)


def actor_rows(result: Result) -> tuple[list[tuple], list[tuple]]:
    h = result.article.hash
    actors, mentions = [], []
    for actor in result.actors:
        actors.append((h, actor.id, actor.name, actor.kind, actor.country, actor.sector, actor.role,
                       actor.kb_id, _json(actor.to_dict())))
        for m in actor.mentions:
            mentions.append((h, actor.id, m.text, m.start, m.end, m.sentence))
    return actors, mentions


def statement_rows(result: Result) -> list[tuple]:
    h = result.article.hash
    return [(h, s.id, s.speaker, s.speaker_text, s.speaker_start, s.speaker_end, s.cue, s.cue_start,
             s.cue_end, s.kind, s.content, s.start, s.end, s.sentence, s.stance, _json(s.to_dict()))
            for s in result.statements]


def event_rows(result: Result) -> list[tuple]:
    h = result.article.hash
    rows = []
    for e in result.events:
        start, end = date_span(e.date.value)
        ev = e.evidence
        rows.append((h, e.id, e.type, e.cameo, e.mode, e.issue, e.status, e.source, e.target,
                     e.attributed_to, e.responds_to, e.date.value, e.date.text, e.date.precision,
                     start, end, e.location.name, e.location.country, e.location.lat, e.location.lon,
                     e.location.admin1, e.location.precision, _json(e.quantities), e.confidence, ev.sentence, ev.start, ev.end, ev.text,
                     _json(e.to_dict())))
    return rows


# an article already stored (by another process, at the same moment) is left as it is
INSERT_ARTICLE = ("INSERT INTO articles (hash, ref, title, url, source, published, language, author, "
                  "origin, text, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (hash) DO NOTHING")
INSERT_ACTOR = ("INSERT INTO actors (article, id, name, kind, country, sector, role, canonical, data) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
INSERT_MENTION = ("INSERT INTO mentions (article, actor, text, char_start, char_end, sentence) "
                  "VALUES (?, ?, ?, ?, ?, ?)")
INSERT_STATEMENT = (
    "INSERT INTO statements (article, id, speaker, speaker_text, speaker_start, speaker_end, cue, "
    "cue_start, cue_end, kind, content, char_start, char_end, sentence, stance, data) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
INSERT_EVENT = (
    "INSERT INTO events (article, id, type, cameo, mode, issue, status, source, target, "
    "attributed_to, responds_to, date_value, date_text, date_precision, date_start, date_end, "
    "location_name, location_country, lat, lon, location_admin1, location_precision, quantities, "
    "confidence, evidence_sentence, evidence_start, evidence_end, evidence_text, data) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


# The days that order and filter events and statements (schema step 5), set after the rows
# are inserted: an event's own first and last day, else the article's published day.
SET_EVENT_DAYS = ("UPDATE events SET day = COALESCE(date_start, ?), day_end = COALESCE(date_end, ?) "
                  "WHERE article = ?")
SET_STATEMENT_DAYS = "UPDATE statements SET day = ? WHERE article = ?"
# each actor's mentions and events in its article (schema step 7), for the actors list
SET_ACTOR_COUNTS = (
    "UPDATE actors SET mention_count = (SELECT COUNT(*) FROM mentions m WHERE m.article = actors.article "
    "AND m.actor = actors.id), event_count = (SELECT COUNT(*) FROM events e WHERE "
    "e.article = actors.article AND (e.source = actors.id OR e.target = actors.id)) WHERE article = ?")


def published_day(published: str | None) -> str | None:
    """The article's day as the store compares it: the first 10 characters of `published`."""
    return None if published is None else published[:10]


def _copy(table: str, alias: str, fk: str, cols: tuple[str, ...], prefix: str) -> str:
    return ", ".join(f"{prefix}_{c} = (SELECT {alias}.{c} FROM actors {alias} WHERE {alias}.article = "
                     f"{table}.article AND {alias}.id = {table}.{fk})" for c in cols)


# the joined actors' columns that filters read, copied onto events and statements (step 8)
_ACTOR_COLS = ("name", "canonical", "country")
SET_EVENT_ACTORS = ("UPDATE events SET " + _copy("events", "s", "source", _ACTOR_COLS, "source") + ", "
                    + _copy("events", "t", "target", _ACTOR_COLS, "target") + " WHERE article = ?")
SET_STATEMENT_SPEAKERS = ("UPDATE statements SET " + _copy("statements", "sp", "speaker", _ACTOR_COLS, "speaker")
                          + " WHERE article = ?")


def after_insert(result: Result) -> list[tuple[str, list[tuple]]]:
    """The updates that complete an article's rows once they are inserted: days, actor counts,
    the actors' columns on events and statements."""
    h, day = result.article.hash, published_day(result.article.published)
    return [(SET_EVENT_DAYS, [(day, day, h)]), (SET_STATEMENT_DAYS, [(day, h)]),
            (SET_ACTOR_COUNTS, [(h,)] if result.actors else []),
            (SET_EVENT_ACTORS, [(h,)] if result.events else []),
            (SET_STATEMENT_SPEAKERS, [(h,)] if result.statements else [])]


ARTICLE_FIELDS = ("hash", "ref", "title", "url", "source", "published", "language")


def article_dict(row) -> dict[str, Any]:
    """The eventwire/1 article object of a stored article, plus its content hash."""
    return {"id": row["ref"] or row["hash"], "hash": row["hash"], "title": row["title"],
            "url": row["url"], "source": row["source"], "published": row["published"],
            "language": row["language"]}


def actor_brief(prefix: str, row) -> dict[str, Any] | None:
    """The joined actor columns `{prefix}_id, _name, ...` of a query row, or None."""
    if row[f"{prefix}_name"] is None and row[f"{prefix}_kind"] is None:
        return None
    return {"id": row[f"{prefix}_id"], "name": row[f"{prefix}_name"], "kind": row[f"{prefix}_kind"],
            "country": row[f"{prefix}_country"], "sector": row[f"{prefix}_sector"],
            "canonical": row[f"{prefix}_canonical"]}
