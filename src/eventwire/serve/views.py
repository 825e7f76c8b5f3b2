"""Views the page needs over event records: timeline, network, threads and flat export rows.

Pure functions over the plain event dicts that eventwire.api returns (eventwire/1 shape plus the
store's article link), so they are tested without a server.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from typing import Any, Iterable, Iterator

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def article_id(ev: dict[str, Any]) -> str | None:
    """The id of the article an event or statement record comes from."""
    art = ev.get("article")
    if isinstance(art, dict):  # the store's article link: the content hash is the unique key
        return art.get("hash") or art.get("id")
    return art or ev.get("article_id") or ev.get("article_hash")


def actor_label(ev: dict[str, Any], role: str) -> tuple[str, str] | None:
    """(key, label) of the source or target actor of an event; None when there is none.

    The key joins the same actor across articles (canonical id, else name and country); the
    label is what a person reads.
    """
    if f"{role}_actor" in ev:  # the store's joined actor; the bare id only means something per article
        info = ev[f"{role}_actor"]
        if not isinstance(info, dict):
            return None
        return _label(info.get("name"), info.get("country"), info.get("canonical"), None)
    info = ev.get(role) if isinstance(ev.get(role), dict) else {}
    name = info.get("name") or ev.get(f"{role}_name") or ev.get(f"{role}_text")
    country = info.get("country") or ev.get(f"{role}_country")
    canonical = info.get("canonical") or info.get("kb_id") or ev.get(f"{role}_canonical")
    raw = ev.get(role) if isinstance(ev.get(role), str) else None
    return _label(name, country, canonical, raw)


def _label(name, country, canonical, raw) -> tuple[str, str] | None:
    if not (name or canonical or raw):
        return None
    label = name or canonical or raw
    if country and country not in str(label):
        label = f"{label} ({country})"
    key = canonical or f"{(name or raw or '').strip().lower()}|{country or ''}"
    return key, str(label)


def event_day(ev: dict[str, Any]) -> str | None:
    """The day (YYYY-MM-DD) an event happened, or None when it is not known to the day.

    A range counts on its first day; a month or year alone is not placed on the daily timeline.
    """
    date = ev.get("date")
    value = date.get("value") if isinstance(date, dict) else (date or ev.get("date_value"))
    if isinstance(value, str) and _DAY.match(value):
        return value[:10]
    return None


def timeline(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Events per day by type: {"days": [{"date", "counts": {type: n}, "total"}], "types", "undated"}."""
    per_day: dict[str, Counter] = defaultdict(Counter)
    types: Counter = Counter()
    undated = 0
    for ev in events:
        day = event_day(ev)
        if day is None:
            undated += 1
            continue
        per_day[day][ev.get("type") or "?"] += 1
        types[ev.get("type") or "?"] += 1
    days = [{"date": d, "counts": dict(c), "total": sum(c.values())} for d, c in sorted(per_day.items())]
    return {"days": days, "types": [t for t, _ in types.most_common()], "undated": undated}


def network(events: Iterable[dict[str, Any]], max_edges: int = 200) -> dict[str, Any]:
    """Who acts on whom: edges source -> target by type, weighted by the number of events."""
    weights: Counter = Counter()
    labels: dict[str, str] = {}
    for ev in events:
        src, tgt = actor_label(ev, "source"), actor_label(ev, "target")
        if not src or not tgt:
            continue
        labels.setdefault(src[0], src[1])
        labels.setdefault(tgt[0], tgt[1])
        weights[(src[0], tgt[0], ev.get("type") or "?")] += 1
    top = weights.most_common(max_edges)
    degree: Counter = Counter()
    for (s, t, _), w in top:
        degree[s] += w
        degree[t] += w
    nodes = [{"id": k, "label": labels[k], "weight": w} for k, w in degree.most_common()]
    edges = [{"source": s, "target": t, "type": ty, "weight": w} for (s, t, ty), w in top]
    return {"nodes": nodes, "edges": edges, "truncated": len(weights) > len(top)}


def threads(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Proposals, demands and offers with the events that answer them (via responds_to).

    `responds_to` names an event of the same article, so threads are keyed by (article, event id).
    """
    by_key: dict[tuple[str | None, str], dict[str, Any]] = {}
    answers: dict[tuple[str | None, str], list[dict[str, Any]]] = defaultdict(list)
    for ev in events:
        aid = article_id(ev)
        by_key[(aid, ev.get("id"))] = ev
        if ev.get("responds_to"):
            answers[(aid, ev["responds_to"])].append(ev)
    out = []
    for key, answer_list in answers.items():
        out.append({"article": key[0], "proposal_id": key[1], "proposal": by_key.get(key),
                    "answers": answer_list})
    out.sort(key=lambda th: (str(event_day(th["proposal"] or th["answers"][0]) or ""), str(th["article"])),
             reverse=True)
    return out


def with_actors(ev: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """An event of an article record in the shape of the store's event rows (actors joined)."""
    actors = {a.get("id"): a for a in record.get("actors", [])}
    art = {k: v for k, v in (record.get("article") or {}).items() if k != "text"}

    def brief(aid):
        a = actors.get(aid)
        return a and {"id": aid, "name": a.get("name"), "kind": a.get("kind"),
                      "country": a.get("country"), "sector": a.get("sector"),
                      "canonical": a.get("canonical")}

    return {**ev, "article": art, "source_actor": brief(ev.get("source")),
            "target_actor": brief(ev.get("target"))}


# --- exports -------------------------------------------------------------------------------

CSV_COLUMNS = [
    "article", "id", "date", "date_precision", "type", "cameo", "mode", "status",
    "source", "source_name", "source_country", "target", "target_name", "target_country",
    "issue", "attributed_to", "responds_to", "location", "location_country", "lat", "lon",
    "killed", "injured", "confidence", "evidence_start", "evidence_end", "evidence", "url",
]


def csv_row(ev: dict[str, Any]) -> dict[str, Any]:
    """One flat CSV row (GDELT/ACLED-like columns) for an event record."""
    date = ev.get("date") if isinstance(ev.get("date"), dict) else {}
    loc = ev.get("location") if isinstance(ev.get("location"), dict) else {}
    evid = ev.get("evidence") if isinstance(ev.get("evidence"), dict) else {}
    qty = ev.get("quantities") if isinstance(ev.get("quantities"), dict) else {}
    art = ev.get("article") if isinstance(ev.get("article"), dict) else {}
    row: dict[str, Any] = {
        "article": article_id(ev), "id": ev.get("id"),
        "date": date.get("value"), "date_precision": date.get("precision"),
        "issue": ev.get("issue"), "location": loc.get("name"), "location_country": loc.get("country"),
        "lat": loc.get("lat"), "lon": loc.get("lon"),
        "killed": qty.get("killed"), "injured": qty.get("injured"),
        "evidence_start": evid.get("start"), "evidence_end": evid.get("end"),
        "evidence": evid.get("text"), "url": art.get("url") or ev.get("url"),
    }
    for key in ("type", "cameo", "mode", "status", "attributed_to", "responds_to", "confidence"):
        row[key] = ev.get(key)
    for role in ("source", "target"):
        val = ev.get(role)
        row[role] = val.get("id") if isinstance(val, dict) else val
        got = actor_label(ev, role)
        info = ev.get(f"{role}_actor") if isinstance(ev.get(f"{role}_actor"), dict) else {}
        if isinstance(val, dict):
            info = val
        row[f"{role}_name"] = info.get("name") or ev.get(f"{role}_name") or (got[1] if got else None)
        row[f"{role}_country"] = info.get("country") or ev.get(f"{role}_country")
    return row


def csv_lines(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The CSV export, header first, one chunk per event (streamed)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    yield buf.getvalue()
    for ev in events:
        buf.seek(0)
        buf.truncate()
        writer.writerow(csv_row(ev))
        yield buf.getvalue()


def jsonl_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for rec in records:
        yield json.dumps(rec, ensure_ascii=False, default=str) + "\n"
