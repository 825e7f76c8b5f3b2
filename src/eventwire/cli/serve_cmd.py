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
def serve(db, host, port, ingest_token, log_level):
    """Serve the store at --db: the web page at / and the JSON API under /api (schema at /openapi.json)."""
    from ..serve import create_app
    from ..serve.server import LOOPBACK, serve_forever
    from ..store import redact

    app = create_app(db, ingest_token=ingest_token)
    mode = "ingest enabled (token required)" if ingest_token else "read-only"
    click.echo(f"eventwire: serving {redact(db)} ({mode}) on http://{host}:{port}/", err=True)
    if host not in LOOPBACK:
        click.echo(f"warning: {host} is not a loopback address: anyone who can reach this machine "
                   "can read the store", err=True)
    serve_forever(app, host=host, port=port, log_level=log_level)


@click.command()
@click.option("--db", default=lambda: os.environ.get("EVENTWIRE_DB", DEFAULT_DB), show_default="eventwire.db",
              help="The store to serve for the test (started on a free loopback port).")
@click.option("--url", default=None, help="Test a server already running on loopback instead.")
@click.option("--clients", default=20, show_default=True, type=click.IntRange(1, 200))
@click.option("--seconds", default=30.0, show_default=True, type=click.FloatRange(1, 600))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def loadtest(db, url, clients, seconds, as_json):
    """Benchmark GET /api/events with varied filters: concurrent clients on loopback, bounded in time.

    Prints median and 95th-percentile latency, requests/s and errors, ending with one line
    `loadtest: clients=.. seconds=.. requests=.. rps=.. median_ms=.. p95_ms=.. errors=..`.
    """
    from ..serve.loadtest import ServerProcess, run_load

    if url:
        report = run_load(url, clients=clients, seconds=seconds)
    else:
        if "://" not in db and not os.path.isfile(db):
            raise click.UsageError(f"{db}: no store there; create one with `eventwire ingest SOURCE --db {db}`")
        with ServerProcess(db) as srv:
            report = run_load(srv.url, clients=clients, seconds=seconds)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        for kind, n in sorted(report.error_kinds.items()):
            click.echo(f"  errors {kind}: {n}")
    click.echo(report.summary_line())
    if report.errors:
        raise SystemExit(1)
