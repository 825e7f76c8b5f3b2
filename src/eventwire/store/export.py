"""Exports of the store: eventwire/1 JSONL, and flat CSV/Parquet rows with GDELT/ACLED-like columns."""
from __future__ import annotations

import csv
import json
import os
import sys
from typing import TYPE_CHECKING, Any, Iterator

from ..errors import StoreError, UsageError

if TYPE_CHECKING:
    from . import Store

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("events", "statements")
PAGE = 5000

# (column, parquet type) in output order; the names follow GDELT/ACLED habits where they exist
EVENT_COLUMNS: list[tuple[str, str]] = [
    ("event_id", "string"), ("article_id", "string"), ("article_ref", "string"),
    ("date", "string"), ("date_start", "string"), ("date_end", "string"),
    ("date_precision", "string"), ("date_text", "string"),
    ("type", "string"), ("cameo", "string"), ("mode", "string"), ("issue", "string"),
    ("source_name", "string"), ("source_country", "string"), ("source_sector", "string"),
    ("source_kind", "string"), ("source_canonical", "string"),
    ("target_name", "string"), ("target_country", "string"), ("target_sector", "string"),
    ("target_kind", "string"), ("target_canonical", "string"), ("object", "string"),
    ("status", "string"), ("attributed_to", "string"), ("responds_to", "string"),
    ("location", "string"), ("location_country", "string"), ("lat", "float64"), ("lon", "float64"),
    ("killed", "int64"), ("injured", "int64"), ("quantities", "string"), ("confidence", "float64"),
    ("evidence", "string"), ("evidence_start", "int64"), ("evidence_end", "int64"),
    ("title", "string"), ("url", "string"), ("publisher", "string"), ("published", "string"),
]

STATEMENT_COLUMNS: list[tuple[str, str]] = [
    ("statement_id", "string"), ("article_id", "string"), ("article_ref", "string"),
    ("published", "string"), ("speaker_name", "string"), ("speaker_country", "string"),
    ("speaker_sector", "string"), ("speaker_kind", "string"), ("speaker_text", "string"),
    ("cue", "string"), ("kind", "string"), ("stance", "string"), ("content", "string"),
    ("start", "int64"), ("end", "int64"), ("title", "string"), ("url", "string"),
    ("publisher", "string"),
]


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _actor(prefix: str, a: dict[str, Any] | None) -> dict[str, Any]:
    a = a or {}
    return {f"{prefix}_{k}": a.get(k) for k in ("name", "country", "sector", "kind", "canonical")}


def flat_event(d: dict[str, Any]) -> dict[str, Any]:
    """One event as returned by the event queries, as a flat row (EVENT_COLUMNS)."""
    from .rows import date_span

    art, date, loc, ev = d["article"], d.get("date") or {}, d.get("location") or {}, d["evidence"]
    q = d.get("quantities") or {}
    start, end = date_span(date.get("value"))
    row = {"event_id": d["uid"], "article_id": art["hash"], "article_ref": art["id"],
           "date": date.get("value"), "date_start": start, "date_end": end,
           "date_precision": date.get("precision"), "date_text": date.get("text"),
           "type": d["type"], "cameo": d.get("cameo"), "mode": d.get("mode"), "issue": d.get("issue")}
    row.update(_actor("source", d.get("source_actor")))
    row.update(_actor("target", d.get("target_actor")))
    row.update({"object": (d.get("object") or {}).get("text"),
                "status": d.get("status"), "attributed_to": d.get("attributed_to"),
                "responds_to": d.get("responds_to"), "location": loc.get("name"),
                "location_country": loc.get("country"), "lat": loc.get("lat"), "lon": loc.get("lon"),
                "killed": _int(q.get("killed")), "injured": _int(q.get("injured")),
                "quantities": json.dumps(q, ensure_ascii=False) if q else None,
                "confidence": d.get("confidence"), "evidence": ev.get("text"),
                "evidence_start": ev.get("start"), "evidence_end": ev.get("end"),
                "title": art["title"], "url": art["url"], "publisher": art["source"],
                "published": art["published"]})
    return row


def flat_statement(d: dict[str, Any]) -> dict[str, Any]:
    """One statement as returned by the statement queries, as a flat row (STATEMENT_COLUMNS)."""
    art, sp = d["article"], d.get("speaker_actor") or {}
    return {"statement_id": d["uid"], "article_id": art["hash"], "article_ref": art["id"],
            "published": art["published"], "speaker_name": sp.get("name"),
            "speaker_country": sp.get("country"), "speaker_sector": sp.get("sector"),
            "speaker_kind": sp.get("kind"), "speaker_text": d.get("speaker_text"), "cue": d.get("cue"),
            "kind": d.get("kind"), "stance": d.get("stance"), "content": d.get("content"),
            "start": d.get("start"), "end": d.get("end"), "title": art["title"], "url": art["url"],
            "publisher": art["source"]}


def _flat_rows(store: "Store", table: str,
               min_confidence: float) -> tuple[list[tuple[str, str]], Iterator[dict[str, Any]]]:
    if table == "events":
        return EVENT_COLUMNS, (flat_event(d) for d in store.iter_events(min_confidence=min_confidence))
    return STATEMENT_COLUMNS, (flat_statement(d) for d in store.iter_statements())


def write_csv(rows: Iterator[dict[str, Any]], columns: list[str], fh) -> int:
    w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
    w.writeheader()
    n = 0
    for r in rows:
        w.writerow(r)
        n += 1
    return n


def _write_parquet(rows: Iterator[dict[str, Any]], cols: list[tuple[str, str]], path: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # a declared dependency; only a broken install gets here
        raise StoreError("parquet export needs pyarrow: pip install pyarrow") from exc
    schema = pa.schema([(name, getattr(pa, typ)()) for name, typ in cols])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for r in rows:
            batch.append(r)
            if len(batch) >= PAGE:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        # an empty store still gives a valid file with the columns
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        n += len(batch)
    return n


def export(store: "Store", fmt: str, path: str | os.PathLike | None = None, *,
           table: str = "events", min_confidence: float = 0.0) -> int:
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if table not in TABLES:
        raise UsageError(f"unknown export table {table!r}; choose one of {', '.join(TABLES)}")
    if fmt == "parquet" and path is None:
        raise UsageError("parquet is a binary format: give an output file with -o FILE.parquet")
    path = None if path is None or str(path) == "-" else str(path)
    try:
        if fmt == "parquet":
            cols, rows = _flat_rows(store, table, min_confidence)
            return _write_parquet(rows, cols, path)
        fh = open(path, "w", encoding="utf-8", newline="") if path else sys.stdout
        try:
            if fmt == "jsonl":
                n = 0
                for rec in store.records():
                    rec["events"] = [e for e in rec["events"] if (e.get("confidence") or 0) >= min_confidence]
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    n += 1
                return n
            cols, rows = _flat_rows(store, table, min_confidence)
            return write_csv(rows, [c for c, _ in cols], fh)
        finally:
            if path:
                fh.close()
    except OSError as exc:
        raise StoreError(f"cannot write the export to {path}: {exc}") from exc
