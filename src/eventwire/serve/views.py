"""Record shapes the routes send beyond the store's: the article a record belongs to, and the
flat CSV rows and JSON lines of the exports.

The page's aggregate views (timeline, network, threads, map) are computed in SQL by the store
(eventwire.store.aggregates). Pure functions over the plain event dicts that eventwire.api
returns, so they are tested without a server.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Iterator


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
