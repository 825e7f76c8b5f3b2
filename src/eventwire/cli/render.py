"""Readable tables (rich) for results, stored events and statements, stats and ingest summaries."""
from __future__ import annotations

from typing import Any, Iterable

from rich.console import Console
from rich.table import Table

EVIDENCE_WIDTH = 90


PIPE_WIDTH = 150  # tables written to a file or a pipe get room instead of the 80-column default


def console(stderr: bool = False) -> Console:
    c = Console(stderr=stderr, highlight=False)
    if not c.is_terminal:
        c = Console(stderr=stderr, highlight=False, width=PIPE_WIDTH)
    return c


def _short(text: str | None, width: int = EVIDENCE_WIDTH) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _actor_label(a: dict[str, Any] | None) -> str:
    if not a:
        return "-"
    name = a.get("name") or a.get("id") or "?"
    code = " ".join(x for x in (a.get("country"), a.get("sector")) if x)
    return f"{name} ({code})" if code else name


def _date(d: dict[str, Any] | None) -> str:
    d = d or {}
    v = d.get("value") or "-"
    return f"{v}*" if d.get("fallback") else v


def _events_table(title: str | None, rows: Iterable[dict[str, Any]], with_article: bool) -> Table:
    t = Table(title=title, title_justify="left", show_lines=False, expand=False)
    for col in ("date", "type"):
        t.add_column(col, no_wrap=True, min_width=len("ASSAULT") if col == "type" else None)
    for col in ("source", "target"):
        t.add_column(col, max_width=26, overflow="fold")
    t.add_column("status", no_wrap=True, min_width=len("attributed"))
    if with_article:
        t.add_column("article", max_width=24, overflow="fold")
    t.add_column("evidence", overflow="fold", min_width=30)
    for e in rows:
        cells = [_date(e.get("date")), e["type"], _actor_label(e.get("source_actor")),
                 _actor_label(e.get("target_actor")), e.get("status") or "-"]
        if with_article:
            art = e.get("article") or {}
            cells.append(art.get("title") or art.get("id") or "-")
        cells.append(_short((e.get("evidence") or {}).get("text")))
        t.add_row(*cells)
    return t


def _statements_table(title: str | None, rows: Iterable[dict[str, Any]], with_article: bool) -> Table:
    t = Table(title=title, title_justify="left")
    t.add_column("speaker", max_width=30, overflow="fold")
    t.add_column("cue", max_width=14, overflow="fold")
    t.add_column("kind", no_wrap=True, min_width=len("indirect"))
    if with_article:
        t.add_column("article", max_width=24, overflow="fold")
    t.add_column("content", overflow="fold", min_width=30)
    for s in rows:
        sp = s.get("speaker_actor")
        speaker = _actor_label(sp) if sp else (s.get("speaker_text") or "-")
        cells = [speaker, s.get("cue") or "-", s.get("kind") or "-"]
        if with_article:
            art = s.get("article") or {}
            cells.append(art.get("title") or art.get("id") or "-")
        cells.append(_short(s.get("content")))
        t.add_row(*cells)
    return t


def _with_actors(record: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    """Events and statements of one eventwire/1 record with their actors joined in."""
    actors = {a["id"]: a for a in record.get("actors", [])}
    events = [{**e, "source_actor": actors.get(e.get("source")), "target_actor": actors.get(e.get("target"))}
              for e in record.get("events", [])]
    statements = [{**s, "speaker_actor": actors.get(s.get("speaker"))} for s in record.get("statements", [])]
    return events, statements


def record_tables(record: dict[str, Any], out: Console | None = None) -> None:
    """One article's eventwire/1 record: a heading, its events and its statements."""
    out = out or console()
    art = record.get("article", {})
    head = art.get("title") or art.get("id")
    meta = " · ".join(x for x in (art.get("source"), art.get("published")) if x)
    out.print(f"[bold]{head}[/bold]" + (f"  [dim]{meta}[/dim]" if meta else ""))
    events, statements = _with_actors(record)
    out.print(f"  {len(record.get('actors', []))} actors, {len(statements)} statements, "
              f"{len(events)} events")
    if events:
        out.print(_events_table(None, events, with_article=False))
    if statements:
        out.print(_statements_table(None, statements, with_article=False))
    out.print()


def results_table(results: Iterable[Any], out: Console | None = None) -> None:
    """`extract --format table`: each Result as readable tables (dates with * are the fallback)."""
    out = out or console()
    for r in results:
        record_tables(r.to_dict() if hasattr(r, "to_dict") else r, out)


def events_table(rows: list[dict[str, Any]], out: Console | None = None, title: str | None = None) -> None:
    out = out or console()
    if not rows:
        out.print("no events match")
        return
    out.print(_events_table(title, rows, with_article=True))


def statements_table(rows: list[dict[str, Any]], out: Console | None = None,
                     title: str | None = None) -> None:
    out = out or console()
    if not rows:
        out.print("no statements match")
        return
    out.print(_statements_table(title, rows, with_article=True))


def incidents_table(rows: list[dict[str, Any]], out: Console | None = None,
                    title: str | None = None) -> None:
    """`eventwire incidents`: one row per incident (date span, type, actors, place, counts)."""
    out = out or console()
    if not rows:
        out.print("no incidents match")
        return
    t = Table(title=title, title_justify="left")
    t.add_column("dates", no_wrap=True)
    t.add_column("type", no_wrap=True, min_width=len("ASSAULT"))
    t.add_column("source", max_width=26, overflow="fold")
    t.add_column("target", max_width=26, overflow="fold")
    t.add_column("place", max_width=20, overflow="fold")
    t.add_column("first seen", no_wrap=True)
    for col in ("events", "articles", "sources"):
        t.add_column(col, justify="right")
    t.add_column("incident", no_wrap=True)
    for r in rows:
        start, end = r.get("date_start") or "-", r.get("date_end") or "-"
        place = ", ".join(x for x in (r.get("place"), r.get("country")) if x) or "-"
        t.add_row(start if start == end else f"{start}/{end}", r.get("type") or "-",
                  r.get("source") or "-", r.get("target") or "-", place,
                  r.get("first_seen") or "-", str(r["events"]), str(r["articles"]),
                  str(r["sources"]), r["id"])
    out.print(t)


def stats_table(stats: dict[str, int], reasons: list[dict[str, Any]], path: str,
                out: Console | None = None) -> None:
    out = out or console()
    t = Table(title=f"store {path}", title_justify="left")
    t.add_column("what")
    t.add_column("count", justify="right")
    for k, v in stats.items():
        t.add_row(k, f"{v:,}")
    out.print(t)
    if reasons:
        out.print(rejections_table([(r["reason"], r["count"], r["example"]) for r in reasons]))


def watch_table(sources: list[dict[str, Any]], out: Console | None = None) -> None:
    """The last poll of each source that `eventwire watch` follows."""
    out = out or console()
    t = Table(title="watched sources (last poll)", title_justify="left")
    for col in ("source", "polled at", "status", "new", "seen", "errors", "last error"):
        t.add_column(col, justify="right" if col in ("new", "seen", "errors") else "left",
                     overflow="fold")
    for s in sources:
        t.add_row(s["source"], s["polled_at"] or "", s["status"] or "", str(s["new_articles"]),
                  str(s["seen"]), str(s["errors"]), s["last_error"] or "")
    out.print(t)


def rejections_table(reasons: list[tuple[str, int, str]], title: str = "rejected items by reason") -> Table:
    t = Table(title=title, title_justify="left")
    t.add_column("count", justify="right")
    t.add_column("reason", overflow="fold")
    t.add_column("example", overflow="fold")
    for reason, n, example in reasons:
        t.add_row(str(n), reason, example)
    return t


def ingest_summary(summary: Any, path: str, out: Console | None = None) -> None:
    out = out or console()
    timing = f"{summary.seconds:.1f} s"
    if summary.processed and summary.seconds:
        timing += f", {summary.processed / summary.seconds:.2f} articles/s"
    out.print(f"stored {summary.stored:,} new articles in {path}; skipped {summary.skipped:,} "
              f"already stored; rejected {len(summary.rejected):,} ({timing})")
    if summary.rejected:
        out.print(rejections_table(summary.reasons()))
