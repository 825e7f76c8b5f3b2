"""Exports of the store: eventwire/1 JSONL; flat rows (events, statements) and the field's own
layouts (store/layouts: GDELT 2.0 Events and Mentions, ACLED-style, POLECAT-style) as CSV, TSV or
Parquet, streamed row by row so that a store of any size exports in flat memory."""
from __future__ import annotations

import csv
import json
import os
import sys
from typing import TYPE_CHECKING, Any, Iterator

from ..errors import StoreError, UsageError

if TYPE_CHECKING:
    from . import Store

FORMATS = ("jsonl", "csv", "tsv", "parquet")
FLAT_TABLES = ("events", "statements")
PAGE = 5000
# filters that only event rows have (statements are filtered by date, text, article and country)
EVENT_ONLY_FILTERS = ("type", "actor", "status")

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
    # added later, so at the end: where readers take columns by position they still line up
    ("location_admin1", "string"), ("location_precision", "string"), ("incident", "string"),
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
                "published": art["published"], "location_admin1": loc.get("admin1"),
                "location_precision": loc.get("precision"), "incident": d.get("incident")})
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


def tables() -> tuple[str, ...]:
    """What `--table` may name: the flat rows, then the field's layouts."""
    from .layouts import LAYOUTS

    return (*FLAT_TABLES, *LAYOUTS)


def _rows(store: "Store", table: str,
          filters: dict[str, Any]) -> tuple[list[tuple[str, str]], Iterator[dict[str, Any]]]:
    from .layouts import LAYOUTS

    if table == "events":
        return EVENT_COLUMNS, (flat_event(d) for d in store.iter_events(**filters))
    if table == "statements":
        keep = {k: v for k, v in filters.items() if k in ("country", "text", "article", "since", "until")}
        return STATEMENT_COLUMNS, (flat_statement(d) for d in store.iter_statements(**keep))
    layout = LAYOUTS[table]
    return layout.columns, layout.rows(store, filters)


def _one_line(value: Any) -> Any:
    # TSV has no quoting that every tool reads: a field never holds a tab or a line break
    return " ".join(value.split()) if isinstance(value, str) else value


def write_csv(rows: Iterator[dict[str, Any]], columns: list[str], fh, *, tsv: bool = False) -> int:
    """Rows as CSV (RFC 4180, header first) or, with `tsv`, tab-separated with one line per row."""
    if tsv:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore", delimiter="\t",
                           lineterminator="\n")
    else:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
    w.writeheader()
    n = 0
    for r in rows:
        w.writerow({k: _one_line(v) for k, v in r.items()} if tsv else r)
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


def _check(fmt: str, table: str, path, filters: dict[str, Any]) -> None:
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if table not in tables():
        raise UsageError(f"unknown export table {table!r}; choose one of {', '.join(tables())}")
    if fmt == "parquet" and path is None:
        raise UsageError("parquet is a binary format: give an output file with -o FILE.parquet")
    given = sorted(k for k, v in filters.items() if v not in (None, ""))
    if fmt == "jsonl" and given:
        raise UsageError(f"jsonl exports whole articles and takes only --min-confidence, not "
                         f"--{given[0]}; filter with --format csv, tsv or parquet")
    if fmt == "jsonl" and table != "events":
        raise UsageError(f"jsonl exports whole articles (eventwire/1 records), not --table {table}; "
                         "choose --format csv, tsv or parquet for it")
    bad = [k for k in given if k in EVENT_ONLY_FILTERS]
    if table == "statements" and bad:
        raise UsageError(f"--{bad[0]} filters events; statements take --since, --until, --text, "
                         "--article and --country (the speaker's)")


def export(store: "Store", fmt: str, path: str | os.PathLike | None = None, *,
           table: str = "events", min_confidence: float = 0.0, **filters: Any) -> int:
    """Write the store as `fmt`; return the number of rows (articles for jsonl).

    `filters` are the `events` query's (type, actor, country, status, since, until, text,
    article), already validated (eventwire.api.event_filters); with `min_confidence` they pick the
    event records that the rows are made of."""
    path = None if path is None or str(path) == "-" else str(path)
    _check(fmt, table, path, filters)
    filters = {**filters, "min_confidence": min_confidence}
    try:
        if fmt == "parquet":
            cols, rows = _rows(store, table, filters)
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
            cols, rows = _rows(store, table, filters)
            return write_csv(rows, [c for c, _ in cols], fh, tsv=fmt == "tsv")
        finally:
            if path:
                fh.close()
    except OSError as exc:
        raise StoreError(f"cannot write the export to {path or 'standard output'}: {exc}") from exc
