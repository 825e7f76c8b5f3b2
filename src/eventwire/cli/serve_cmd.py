"""`eventwire serve` (the HTTP API and the web page) and `eventwire loadtest` (its benchmark)."""
from __future__ import annotations

import json
import os

import click

DEFAULT_DB = "eventwire.db"


@click.command()
@click.option("--db", default=lambda: os.environ.get("EVENTWIRE_DB", DEFAULT_DB), show_default="eventwire.db",
              help="The store to serve: a SQLite file or postgresql://... (env EVENTWIRE_DB).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the store to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--ingest-token", envvar="EVENTWIRE_INGEST_TOKEN", default=None,
              help="Enable POST /api/ingest, requiring this bearer token (env EVENTWIRE_INGEST_TOKEN). "
                   "Without it the server is read-only.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes sharing the port (one per core suits a busy server).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Keep the answers of the aggregate routes (counts, timeline, network, threads, "
                   "actors) until the store changes.")
def serve(db, host, port, ingest_token, log_level, workers, cache):
    """Serve the store at --db: the web page at / and the JSON API under /api (schema at /openapi.json)."""
    from ..serve import create_app
    from ..serve.server import LOOPBACK, serve_forever
    from ..store import redact

    app = create_app(db, ingest_token=ingest_token, cache=cache)  # checks the store now
    mode = "ingest enabled (token required)" if ingest_token else "read-only"
    procs = f", {workers} worker processes" if workers > 1 else ""
    click.echo(f"eventwire: serving {redact(db)} ({mode}{procs}) on http://{host}:{port}/", err=True)
    if host not in LOOPBACK:
        click.echo(f"warning: {host} is not a loopback address: anyone who can reach this machine "
                   "can read the store", err=True)
    if workers > 1:  # each worker builds its own application from these (app_from_environment)
        os.environ["EVENTWIRE_SERVE_DB"] = db
        os.environ["EVENTWIRE_SERVE_CACHE"] = "1" if cache else "0"
        if ingest_token:
            os.environ["EVENTWIRE_INGEST_TOKEN"] = ingest_token
    serve_forever(app, host=host, port=port, log_level=log_level, workers=workers)


@click.command()
@click.option("--db", default=lambda: os.environ.get("EVENTWIRE_DB", DEFAULT_DB), show_default="eventwire.db",
              help="The store to serve for the test (started on a free loopback port).")
@click.option("--url", default=None, help="Test a server already running on loopback instead.")
@click.option("--clients", default=20, show_default=True, type=click.IntRange(1, 200))
@click.option("--seconds", default=30.0, show_default=True, type=click.FloatRange(1, 600))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes of the server the test starts (as `serve --workers`).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Whether the server the test starts keeps aggregate answers (as `serve`).")
@click.option("--endpoints", default=None, metavar="NAME,...",
              help="Load only these endpoints (default: all; the table lists their names).")
@click.option("--warmup", default=1, show_default=True, type=click.IntRange(0, 10),
              help="Ask for each URL of the mix this many times before the timed run (its figures: "
                   "first_med, first_max); each server process keeps its own cache.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def loadtest(db, url, clients, seconds, workers, cache, endpoints, warmup, as_json):
    """Benchmark every route of the page and the API: concurrent clients on loopback, bounded in time.

    Each endpoint (events with varied filters, statements, actors, articles, one article, the
    timeline, network and threads views, exports of 100 events, health, stats, the page's files,
    ...) takes its turn. Prints, per endpoint, the requests, errors, median and 95th-percentile
    latency, then one line `loadtest: clients=.. seconds=.. requests=.. rps=.. median_ms=..
    p95_ms=.. errors=.. worst=NAME worst_p95_ms=..`. Exit code 1 when any request failed.
    """
    from ..serve.loadtest import ServerProcess, run_load

    only = {e.strip() for e in endpoints.split(",") if e.strip()} if endpoints else None
    if url:
        report = run_load(url, clients=clients, seconds=seconds, endpoints=only, warmup=warmup)
    else:
        if "://" not in db and not os.path.isfile(db):
            raise click.UsageError(f"{db}: no store there; create one with `eventwire ingest SOURCE --db {db}`")
        with ServerProcess(db, workers=workers, cache=cache) as srv:
            report = run_load(srv.url, clients=clients, seconds=seconds, endpoints=only, warmup=warmup,
                              server_pid=srv.proc.pid)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        for line in report.table():
            click.echo(line)
        for kind, n in sorted(report.error_kinds.items()):
            click.echo(f"  errors {kind}: {n}")
        if report.not_loaded:
            click.echo(f"  routes not in the mix: {', '.join(report.not_loaded)}")
        click.echo(report.cpu_line())
    click.echo(report.summary_line())
    if report.errors:
        raise SystemExit(1)
