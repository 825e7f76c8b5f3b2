"""Store commands: ingest, events, incidents, statements, stats, export, demo (thin layers over
eventwire.api)."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from . import EXIT_REJECTED

DEFAULT_DB = "eventwire.db"

db_option = click.option(
    "--db", default=DEFAULT_DB, envvar="EVENTWIRE_DB", show_default=True, show_envvar=True,
    type=click.Path(dir_okay=False),
    help="The store: a SQLite file (a path or sqlite:///PATH) or a PostgreSQL database "
         "(postgresql://USER@HOST:PORT/DATABASE).")
limit_options = [
    click.option("--limit", type=click.IntRange(0, 10_000), default=50, show_default=True,
                 help="At most this many rows."),
    click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many rows first."),
    click.option("--oldest-first", is_flag=True, help="Order by date ascending (default: newest first)."),
    click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]), default="table",
                 show_default=True, help="Output format."),
]
date_options = [
    click.option("--since", help="On or after this date (YYYY-MM-DD, YYYY-MM or YYYY)."),
    click.option("--until", help="On or before this date (YYYY-MM-DD, YYYY-MM or YYYY)."),
]
CONFIDENCE_HELP = "Only events at least this confident (0 to 1; default: the event gate's threshold)."


def event_filter_options(article: str, *, country: str = "", text: str = "",
                         confidence: str = CONFIDENCE_HELP) -> list:
    """The filters of `events`, `incidents` and `export` (the keyword arguments of api.event_filters);
    the strings complete the help where a command reads a filter its own way."""
    return [
        click.option("--type", "type_", help="PLOVER event type (AGREE, REJECT, ASSAULT, ...)."),
        click.option("--actor", help="Source or target actor: a substring of its name or canonical id."),
        click.option("--country", help="ISO country code of the source, the target or the location" + country + "."),
        click.option("--status", help="asserted, attributed, alleged, denied, expected, hypothetical, negated."),
        *date_options,
        click.option("--text", help="A substring of the evidence sentence or the issue" + text + "."),
        click.option("--article", help=article),
        click.option("--min-confidence", type=float, default=None, help=confidence),
    ]


def _apply(options):
    def deco(f):
        for opt in reversed(options):
            f = opt(f)
        return f
    return deco


def _open(db: str, create: bool = False):
    from ..errors import StoreNotFound, UsageError
    from ..store import open_store

    try:
        return open_store(db, create=create)  # the backend is picked from --db
    except StoreNotFound as exc:
        raise UsageError(f"{exc}, or point --db / EVENTWIRE_DB at an existing store") from exc


@contextmanager
def _progress(enabled: bool) -> Iterator:
    """A progress callback for api.ingest: a rich bar on stderr with articles/s and ETA."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn,
                               TextColumn, TimeElapsedColumn)
    from rich.text import Text

    # The pipeline finishes articles in bursts (one nlp.pipe batch at a time), so rich's windowed
    # speed swings widely; the average since the start gives a steady rate and an honest ETA.
    class RateAndEta(ProgressColumn):
        def render(self, task) -> Text:
            elapsed = task.elapsed or 0.0
            if not task.completed or not elapsed:
                return Text("-- articles/s  ETA --:--")
            rate = task.completed / elapsed
            if task.total is None:  # a long input, streamed: no total to count down from
                return Text(f"{rate:.2f} articles/s")
            left = max(0.0, task.total - task.completed) / rate
            return Text(f"{rate:.2f} articles/s  ETA {int(left // 60):d}:{int(left % 60):02d}")

    bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   RateAndEta(),
                   console=Console(stderr=True, force_terminal=True), transient=False)
    task = None

    def step(total: int | None) -> None:
        nonlocal task
        if task is None:
            task = bar.add_task("ingest", total=total)
        else:
            bar.advance(task)

    with bar:
        yield step


def _check_sources(sources) -> None:
    """Fail before creating a store when a named file is missing (a typo, usually)."""
    from ..errors import UsageError

    for src in sources:
        if src != "-" and "://" not in src and not Path(src).exists():
            raise UsageError(f"{src}: no such file or folder; check the path")


# where the pipeline runs (ingest and bench): this machine's processes, or Ray Data
engine_options = [
    click.option("--engine", type=click.Choice(["local", "ray"]), default="local",
                 show_default=True,
                 help="local: this process or --processes worker processes; ray: Ray Data, one "
                      "actor per --processes (default: one per CPU of the cluster); needs "
                      "`pip install 'eventwire[ray]'`."),
    click.option("--ray-address", default=None, metavar="ADDR",
                 help="With --engine ray: the Ray cluster to run on (HOST:6379, ray://HOST:10001 "
                      "or auto; default: $RAY_ADDRESS, else a local Ray started for this command "
                      "and stopped after it)."),
]


def _check_engine(engine: str, ray_address: str | None) -> None:
    """Fail before creating a store when --engine ray cannot run (Ray missing) or is misused."""
    from ..errors import UsageError

    if engine == "ray":
        from ..ray_engine import import_ray

        import_ray()
    elif ray_address:
        raise UsageError("--ray-address needs --engine ray")


@click.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--format", "fmt", default=None,
              help="Reader for every source (text, jsonl, csv, html, feed, ...); default: from each name.")
@click.option("--model", default=None, help="spaCy model name or path (default: en_core_web_md).")
@click.option("--processes", "-p", type=click.IntRange(1, 256), default=None,
              help="Worker processes for the pipeline (default 1); with --engine ray, Ray actors "
                   "(default: one per CPU of the cluster).")
@_apply(engine_options)
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=None,
              help="Articles per nlp.pipe batch (default 32).")
@click.option("--progress/--no-progress", default=None,
              help="Show the progress bar (default: only when standard error is a terminal).")
@click.option("--summary", "summary_fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Form of the final summary on standard output.")
@click.option("--min-confidence", type=float, default=None,
              help="Store only events at least this confident (0 to 1; default: the event gate's "
                   "threshold; 0 stores every candidate).")
def ingest(sources, db, fmt, model, processes, engine, ray_address, batch_size, progress,
           summary_fmt, min_confidence):
    """Read SOURCE... (files, folders, - for standard input) into the store at --db.

    \b
    Articles already stored (same content hash) are skipped before parsing, so running the same
    command again after an interruption only does the work that is left. Each article is written
    in one transaction. Exit code 0: all stored or skipped; 3: some items were rejected (listed in
    the summary and in `eventwire stats`); 2: usage error.
    """
    from .. import api
    from .render import ingest_summary

    _check_sources(sources)
    _check_engine(engine, ray_address)
    store = _open(db, create=True)
    show = sys.stderr.isatty() if progress is None else progress
    with _progress(show) as step:
        summary = api.ingest(store, list(sources), fmt=fmt, model=model, processes=processes,
                             batch_size=batch_size, progress=step, min_confidence=min_confidence,
                             engine=engine, ray_address=ray_address)
    if summary_fmt == "json":
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        ingest_summary(summary, store.display)
    store.close()
    if summary.rejected:
        sys.exit(EXIT_REJECTED)


def _write_rows(rows, fmt, flat, columns, render) -> None:
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        from ..store.export import write_csv

        write_csv((flat(r) for r in rows), [c for c, _ in columns], sys.stdout)
    else:
        render(rows)


@click.command()
@db_option
@_apply(event_filter_options("Only events of this article (content hash)."))
@_apply(limit_options)
def events(db, type_, actor, country, status, since, until, text, article, min_confidence, limit, offset,
           oldest_first, fmt):
    """List stored events, newest first, with filters."""
    from .. import api
    from ..store.export import EVENT_COLUMNS, flat_event
    from .render import events_table

    store = _open(db)
    rows = api.query_events(store, type=type_, actor=actor, country=country, status=status,
                            since=since, until=until, text=text, article=article,
                            min_confidence=min_confidence, limit=limit,
                            offset=offset, newest_first=not oldest_first)
    _write_rows(rows, fmt, flat_event, EVENT_COLUMNS, events_table)


INCIDENT_COLUMNS = ["id", "type", "status", "source", "target", "date_start", "date_end", "place",
                    "country", "first_seen", "events", "articles", "sources"]


@click.command()
@db_option
@_apply(event_filter_options(
    "Only incidents that this article (content hash) reports.",
    confidence="Only event records at least this confident (0 to 1; default: the event gate's threshold)."))
@click.option("--relink", is_flag=True,
              help="First link every stored event record into incidents again, from nothing (for a "
                   "store written before incidents existed, or after an upgrade of the rule).")
@_apply(limit_options)
def incidents(db, type_, actor, country, status, since, until, text, article, min_confidence, relink,
              limit, offset, oldest_first, fmt):
    """List incidents: the real-world events that the stored event records report, one row each.

    \b
    An incident groups every record, in one article or many, that reports the same event
    (docs/incidents.md). The filters are those of `events`; an incident is listed when one of
    its records matches, and its row (type, source, target, date span, place, first seen, and the
    numbers of event records, articles and outlets) describes the records that match.
    """
    from .. import api
    from .render import incidents_table

    store = _open(db)
    if relink:
        n = api.relink_incidents(store)
        click.echo(f"linked {api.stats(store)['events']:,} event records into {n:,} incidents",
                   err=True)
    rows = api.incidents(store, type=type_, actor=actor, country=country, status=status,
                         since=since, until=until, text=text, article=article,
                         min_confidence=min_confidence, limit=limit, offset=offset,
                         newest_first=not oldest_first)
    _write_rows(rows, fmt, dict, [(c, "") for c in INCIDENT_COLUMNS], incidents_table)
    missing = api.unlinked_events(store)
    if missing:
        click.echo(f"note: {missing:,} event records stored before incidents existed are in no "
                   f"incident; run `eventwire incidents --db {db} --relink` to link them", err=True)


@click.command()
@db_option
@click.option("--speaker", help="A substring of the speaker's name, canonical id or mention.")
@click.option("--country", help="ISO country code of the speaker.")
@click.option("--kind", help="direct, indirect or mixed.")
@_apply(date_options)
@click.option("--text", help="A substring of the statement's content.")
@click.option("--article", help="Only statements of this article (content hash).")
@_apply(limit_options)
def statements(db, speaker, country, kind, since, until, text, article, limit, offset,
               oldest_first, fmt):
    """List stored statements (who said what), newest first, with filters."""
    from .. import api
    from ..store.export import STATEMENT_COLUMNS, flat_statement
    from .render import statements_table

    store = _open(db)
    rows = api.query_statements(store, speaker=speaker, country=country, kind=kind, since=since,
                                until=until, text=text, article=article, limit=limit,
                                offset=offset, newest_first=not oldest_first)
    _write_rows(rows, fmt, flat_statement, STATEMENT_COLUMNS, statements_table)


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(db, fmt):
    """Counts of articles, events, statements, actors and rejected items (errors) in the store,
    and the last poll of each source that `eventwire watch` follows."""
    from .. import api
    from ..store.watch_state import polls
    from .render import stats_table, watch_table

    store = _open(db)
    counts = api.stats(store)
    sources = polls(store)
    if fmt == "json":
        click.echo(json.dumps({**counts, "sources": sources} if sources else counts))
    else:
        stats_table(counts, store.rejections_by_reason(), store.display)
        if sources:
            watch_table(sources)


EXPORT_TABLES = ["events", "statements", "gdelt-events", "gdelt-mentions", "acled", "polecat"]


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "tsv", "parquet"]), required=True,
              help="jsonl: one eventwire/1 record per article; csv, tsv, parquet: the rows of --table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Output file (default: standard output; required for parquet).")
@click.option("--table", type=click.Choice(EXPORT_TABLES), default="events", show_default=True,
              help="Rows for csv, tsv and parquet: events or statements (eventwire's flat columns); "
                   "gdelt-events (GDELT 2.0 Events, one row per incident), gdelt-mentions (GDELT "
                   "2.0 Mentions, one row per event record), acled (ACLED's columns, one row per "
                   "incident), polecat (POLECAT's columns, one row per event record). "
                   "docs/exports.md maps every column.")
@_apply(event_filter_options("Only the rows of this article (content hash).",
                             country=" (statements: of the speaker)", text=" (statements: of the content)"))
def export(db, fmt, output, table, type_, actor, country, status, since, until, text, article,
           min_confidence):
    """Export the store, or the events that match the filters, as JSONL, CSV, TSV or Parquet.

    \b
    The field's layouts are made of event records: an incident (the records that report one
    real-world event) is one row of gdelt-events and acled, and each of its records one row of
    gdelt-mentions and polecat; the filters pick the records. Rows are streamed: a store of any
    size exports in flat memory.
    """
    from ..api import event_filters
    from ..store.layouts import LAYOUTS

    filters = event_filters(type=type_, actor=actor, country=country, status=status, since=since,
                            until=until, text=text, article=article, min_confidence=min_confidence)
    threshold = filters.pop("min_confidence")
    store = _open(db)
    n = store.export(fmt, output, table=table, min_confidence=threshold, **filters)
    unit = "articles" if fmt == "jsonl" else LAYOUTS[table].unit if table in LAYOUTS else table
    click.echo(f"exported {n:,} {unit} to {output or 'standard output'}", err=True)


def example_paths() -> list[str]:
    """The built-in example articles (package data), sorted by name."""
    from importlib.resources import files

    folder = files("eventwire") / "examples"
    return sorted(str(p) for p in folder.iterdir() if p.name.endswith(".txt"))


@click.command()
@db_option
@click.option("--model", default=None, help="spaCy model name or path (default: en_core_web_md).")
def demo(db, model):
    """Ingest the built-in example articles into --db and show what was found."""
    from .. import api
    from ..store.loader import read_all
    from .render import console, ingest_summary, record_tables

    paths = example_paths()
    store = _open(db, create=True)
    summary = api.ingest(store, paths, fmt="text", model=model)
    out = console()
    ingest_summary(summary, store.display, out)
    hashes = [a.hash for a in read_all(paths, "text") if not isinstance(a, Exception)]
    records = [r for r in (api.get_article(store, h) for h in hashes) if r is not None]
    records.sort(key=lambda r: r["article"].get("published") or "")
    n_ev = sum(len(r["events"]) for r in records)
    n_st = sum(len(r["statements"]) for r in records)
    n_ac = sum(len(r["actors"]) for r in records)
    out.print(f"\n[bold]{len(records)} example articles[/bold]: {n_ac} actors, {n_st} statements, "
              f"{n_ev} events (dates marked * are the publication date)\n")
    for rec in records:
        record_tables(rec, out)
    from ..extractors.gate import default_threshold

    out.print(f"Events are stored when the event gate is at least {default_threshold():.2f} confident "
              "that they are real (precision first); `eventwire ingest ... --min-confidence 0.3` "
              "stores more, less surely (docs/model_card_gate.md).\n")
    out.print(f"Explore the store: eventwire events --db {db} --type REJECT\n"
              f"                   eventwire statements --db {db} --speaker minister\n"
              f"                   eventwire export --db {db} --format csv -o events.csv")
    store.close()
    if summary.rejected:
        sys.exit(EXIT_REJECTED)
