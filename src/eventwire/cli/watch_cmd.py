"""The watch command: follow RSS/Atom feeds into the store (a thin layer over ingest.watch)."""
from __future__ import annotations

import logging
import signal
import sys
import threading

import click

from . import EXIT_REJECTED
from .store_cmds import _open, db_option


def _interval(ctx, param, value: str) -> float:
    from ..ingest.watch import parse_interval

    try:
        return parse_interval(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an interval; give e.g. 90s, 15m or 1h")


@click.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--every", default="15m", show_default=True, callback=_interval,
              help="Time between two polls of the sources (90s, 15m, 1h).")
@click.option("--once", is_flag=True, help="Poll every source once and exit (for cron).")
@click.option("--model", default=None, help="spaCy model name or path (default: en_core_web_md).")
@click.option("--timeout", type=click.FloatRange(0.1), default=20.0, show_default=True,
              help="Seconds allowed for one request (a feed or a page).")
@click.option("--max-size", "max_mb", type=click.FloatRange(0.001), default=32.0,
              show_default=True, help="Largest feed or page read, in MB.")
@click.option("--host-delay", type=click.FloatRange(0), default=1.0, show_default=True,
              help="Seconds between two requests to one host.")
@click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True,
              help="Further tries after a timeout, a connection error, 429 or 5xx.")
@click.option("--min-confidence", type=float, default=None,
              help="Store only events at least this confident (default: the event gate's "
                   "threshold).")
def watch(sources, db, every, once, model, timeout, max_mb, host_delay, retries, min_confidence):
    """Follow RSS/Atom feeds (URLs or files): store each new entry's article once.

    \b
    Each new entry's page is fetched and its text extracted; when the page fails, the feed's
    own text is stored. Entries are remembered in the store by URL and content hash, so no
    article is ingested twice across polls and restarts. One log line per poll on standard
    error; `eventwire stats` shows each source's last poll. SIGTERM or Ctrl-C finishes the
    article in hand and stops. Exit code 0: every poll went through; 3: a source failed or
    items were rejected (with --once).
    """
    from ..api import confidence_threshold
    from ..ingest.watch import Watcher, WatchSettings

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("eventwire.ingest")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    store = _open(db, create=True)
    settings = WatchSettings(timeout=timeout, max_bytes=int(max_mb * 1024 * 1024),
                             host_delay=host_delay, retries=retries,
                             min_confidence=confidence_threshold(min_confidence))
    stop = threading.Event()

    def on_signal(signum, frame):
        if stop.is_set():  # a second signal: stop now (the store rolls back the article)
            raise KeyboardInterrupt
        click.echo("stopping after the article in hand (again to stop now)", err=True)
        stop.set()

    main_thread = threading.current_thread() is threading.main_thread()
    old = {}
    if main_thread:
        for sig in (signal.SIGTERM, signal.SIGINT):
            old[sig] = signal.signal(sig, on_signal)
    watcher = Watcher(store, list(sources), settings=settings, model=model, stop=stop)
    try:
        reports = watcher.run(every, once=once)
    except KeyboardInterrupt:  # the second signal: the article in hand was rolled back
        raise click.exceptions.Abort() from None
    finally:
        watcher.close()
        store.close()
        for sig, h in old.items():
            signal.signal(sig, h)
        logger.removeHandler(handler)
    if once and any(r.status == "failed" or r.rejected for r in reports):
        sys.exit(EXIT_REJECTED)
