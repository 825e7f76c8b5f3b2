"""eventwire watch against a real HTTP server on loopback that serves a feed and pages and also
misbehaves (500s, slow answers, a feed that changes, malformed XML, an entity bomb, a huge page).
The pipeline is the real one (the spaCy model, loaded once per session); one end-to-end test runs
the whole CLI."""
from __future__ import annotations

import hashlib
import json
import threading
import time
import tracemalloc
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from eventwire.errors import FetchError
from eventwire.ingest.watch import PoliteClient, Watcher, WatchSettings, parse_interval
from eventwire.model import Result
from eventwire.store import Store
from eventwire.store import watch_state

PAGE_TEXT = ("The foreign ministers of {n} countries met in Geneva on Tuesday to discuss the "
             "ceasefire. Officials said the talks would continue next week. " * 3)
FEED_TEXT = "Summary from the feed for item {n}: ministers met in Geneva."
BOMB = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lol">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + ']><rss version="2.0"><channel><title>t</title><item><title>x</title>'
          '<link>http://example.invalid/x</link><description>&j;</description></item>'
          '</channel></rss>')
MB = 1024 * 1024


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):
        srv = self.server
        srv.hits[self.path] = srv.hits.get(self.path, 0) + 1
        srv.headers_seen.append((self.path, dict(self.headers)))
        route = self.path.split("?")[0]
        if route == "/feed.xml":
            return self._feed()
        if route.startswith("/a/"):
            n = route.rsplit("/", 1)[1]
            html = (f"<html lang='en'><head><title>Item {n}</title></head><body><article>"
                    f"<h1>Item {n}</h1><p>{PAGE_TEXT.format(n=n)}</p></article></body></html>")
            return self._send(200, html.encode(), "text/html")
        if route == "/500":
            return self._send(500, b"boom", "text/plain")
        if route == "/slow":
            time.sleep(3)
            return self._send(200, b"<html><body><p>late</p></body></html>", "text/html")
        if route == "/malformed.xml":
            return self._send(200, b"<<<this is &&& not <xml", "application/xml")
        if route == "/bomb.xml":
            return self._send(200, BOMB.encode(), "application/rss+xml")
        if route in ("/huge", "/huge-declared"):
            return self._huge(declared=route == "/huge-declared")
        return self._send(404, b"not found", "text/plain")

    def _send(self, status, body, ctype, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _feed(self):
        srv = self.server
        items = "".join(
            f"<item><title>Item {n}</title><link>{link}</link>"
            f"<description>{FEED_TEXT.format(n=n)}</description>"
            f"<pubDate>Tue, 03 Jun 2025 10:00:00 GMT</pubDate></item>"
            for n, link in srv.items)
        body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback News</title>'
                f"{items}</channel></rss>").encode()
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        if srv.conditional and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        self._send(200, body, "application/rss+xml",
                   {"ETag": etag, "Last-Modified": formatdate(usegmt=True)})

    def _huge(self, declared):
        size = 300 * MB
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if declared:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b"<p>" + b"x" * (64 * 1024 - 3)
        try:
            while self.server.sent < size:
                self.wfile.write(chunk)
                self.server.sent += len(chunk)
        except OSError:  # the client hung up at its limit: what we want
            pass


@pytest.fixture
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.block_on_close = False
    srv.hits, srv.headers_seen, srv.sent, srv.conditional = {}, [], 0, True
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    srv.base = base
    srv.items = [(1, f"{base}/a/1"), (2, f"{base}/a/2")]
    thread = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


class HookedPipeline:
    """The real pipeline, calling a hook on each article before it is processed."""

    def __init__(self, real, on_article=None):
        self.real, self.on_article = real, on_article

    def process(self, articles):
        for a in articles:
            if self.on_article:
                self.on_article(a)
            yield from self.real.process([a])


@pytest.fixture
def recorder(pipeline):
    return lambda on_article=None: HookedPipeline(pipeline, on_article)


FAST = dict(timeout=0.5, host_delay=0.0, retries=1, backoff=0.01, max_bytes=MB)


@pytest.fixture
def store(tmp_path):
    st = Store(tmp_path / "watch.db")
    yield st
    st.close()


def watcher(store, sources, pipeline, **settings):
    return Watcher(store, sources, settings=WatchSettings(**{**FAST, **settings}), pipeline=pipeline)


def texts(store):
    return sorted(r[0] for r in store.execute("SELECT text FROM articles"))


def test_feed_that_gains_an_item_gives_each_article_once(server, store, tmp_path, recorder):
    feed = f"{server.base}/feed.xml"
    w = watcher(store, [feed], recorder())
    r1 = w.poll(feed)
    assert (r1.status, r1.new, r1.seen, r1.fallback) == ("ok", 2, 0, 0)
    server.items.append((3, f"{server.base}/a/3"))
    r2 = w.poll(feed)
    assert (r2.status, r2.new, r2.seen) == ("ok", 1, 2)
    assert w.poll(feed).status == "not modified"  # the ETag matched: nothing parsed
    assert store.stats()["articles"] == 3
    assert all("foreign ministers" in t for t in texts(store))  # the pages' text, not the feed's
    assert server.hits["/a/1"] == 1 and server.hits["/a/3"] == 1  # each page fetched once
    w.close()
    store.close()

    # a restart, and a server that ignores validators: the URLs stored keep every item out
    server.conditional = False
    again = Store(tmp_path / "watch.db")
    w2 = watcher(again, [feed], recorder())
    r3 = w2.poll(feed)
    assert (r3.new, r3.seen) == (0, 3)
    assert again.stats()["articles"] == 3 and server.hits["/a/1"] == 1
    w2.close()
    again.close()


def test_conditional_requests_send_the_saved_validators(server, store, recorder):
    feed = f"{server.base}/feed.xml"
    w = watcher(store, [feed], recorder())
    w.poll(feed)
    state = watch_state.source_state(store, feed)
    assert state["etag"].startswith('"') and state["last_modified"]
    w.poll(feed)
    sent = [h for path, h in server.headers_seen if path == "/feed.xml"][-1]
    assert sent["If-None-Match"] == state["etag"]
    assert sent["If-Modified-Since"] == state["last_modified"]
    assert "eventwire" in sent["User-Agent"]
    w.close()


def test_a_page_that_fails_falls_back_to_the_feed_text(server, store, recorder):
    server.items = [(1, f"{server.base}/500"), (2, f"{server.base}/slow")]
    feed = f"{server.base}/feed.xml"
    w = watcher(store, [feed], recorder(), timeout=0.3, retries=1)
    t0 = time.monotonic()
    r = w.poll(feed)
    assert time.monotonic() - t0 < 2.5  # the slow page timed out (twice), it was not waited for
    assert (r.new, r.fallback, len(r.rejected)) == (2, 2, 0)
    assert texts(store) == [FEED_TEXT.format(n=1), FEED_TEXT.format(n=2)]
    assert server.hits["/500"] == 2  # one retry with backoff
    w.close()


def test_a_feed_that_answers_500_fails_the_poll_and_stats_shows_it(server, store, tmp_path, recorder):
    from eventwire.cli import cli

    bad = f"{server.base}/500"
    feed = f"{server.base}/feed.xml"
    w = watcher(store, [bad, feed], recorder())
    reports = w.poll_all()
    assert [r.status for r in reports] == ["failed", "ok"]
    assert "HTTP 500" in reports[0].error and "2 tries" in reports[0].error
    assert reports[1].new == 2  # one dead source does not stop the others
    w.close()
    out = CliRunner().invoke(cli, ["stats", "--db", str(tmp_path / "watch.db"),
                                   "--format", "json"])
    assert out.exit_code == 0, out.output
    sources = {s["source"]: s for s in json.loads(out.output)["sources"]}
    assert sources[bad]["status"] == "failed" and "HTTP 500" in sources[bad]["last_error"]
    assert sources[bad]["errors"] == 1 and sources[feed]["new_articles"] == 2
    table = CliRunner().invoke(cli, ["stats", "--db", str(tmp_path / "watch.db")])
    assert "watched sources" in table.output and "failed" in table.output


def test_malformed_xml_fails_with_a_reason(server, store, recorder):
    src = f"{server.base}/malformed.xml"
    r = watcher(store, [src], recorder()).poll(src)
    assert r.status == "failed" and "not an RSS or Atom feed" in r.error
    assert store.stats()["articles"] == 0 and store.stats()["errors"] == 1


def test_an_entity_bomb_is_refused_without_expanding(server, store, recorder):
    src = f"{server.base}/bomb.xml"
    tracemalloc.start()
    t0 = time.monotonic()
    try:
        r = watcher(store, [src], recorder()).poll(src)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - t0 < 1.0 and peak < 5 * MB
    assert r.status == "failed" and "entit" in r.error
    assert store.stats()["articles"] == 0


@pytest.mark.parametrize("path", ["/huge", "/huge-declared"])
def test_a_page_far_over_the_limit_is_streamed_and_refused(server, path):
    client = PoliteClient(WatchSettings(**FAST))
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="over the limit"):
            client.get(server.base + path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        client.close()
    assert peak < 8 * MB  # the 300 MB page was never held
    assert server.sent < 32 * MB


def test_a_huge_page_in_a_feed_falls_back_to_the_feed_text(server, store, recorder):
    server.items = [(1, f"{server.base}/huge")]
    feed = f"{server.base}/feed.xml"
    r = watcher(store, [feed], recorder()).poll(feed)
    assert (r.new, r.fallback) == (1, 1) and texts(store) == [FEED_TEXT.format(n=1)]


def test_the_per_host_delay_spaces_requests(server):
    client = PoliteClient(WatchSettings(**{**FAST, "host_delay": 0.3}))
    t0 = time.monotonic()
    client.get(f"{server.base}/a/1")
    client.get(f"{server.base}/a/2")
    assert time.monotonic() - t0 >= 0.3
    client.close()


def test_stop_finishes_the_article_in_hand_and_keeps_the_rest_for_later(server, store, recorder):
    server.items.append((3, f"{server.base}/a/3"))
    feed = f"{server.base}/feed.xml"
    stop = threading.Event()
    signals = []

    def signal_once(article):  # SIGTERM arrives while the first article is parsed
        if not signals:
            signals.append(article)
            stop.set()

    pipe = recorder(on_article=signal_once)
    w = Watcher(store, [feed], settings=WatchSettings(**FAST), pipeline=pipe, stop=stop)
    assert w.run(every=60) and stop.is_set()  # returned at once instead of waiting 60 s
    state = watch_state.source_state(store, feed)
    assert state["status"] == "interrupted" and state["etag"] is None  # no validators saved
    assert store.stats()["articles"] == 1
    stop.clear()
    r = w.poll(feed)
    assert (r.new, r.seen) == (2, 1) and store.stats()["articles"] == 3
    w.close()


def test_a_feed_file_and_entries_without_links(tmp_path, store, recorder):
    feed = tmp_path / "local.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>'
                    "<item><title>One</title><description>Ministers met in Rome.</description>"
                    "</item></channel></rss>", encoding="utf-8")
    w = watcher(store, [str(feed)], recorder())
    assert w.poll(str(feed)).new == 1
    r = w.poll(str(feed))  # no link: the content hash keeps it out
    assert (r.new, r.seen) == (0, 1) and store.stats()["articles"] == 1
    missing = w.poll(str(tmp_path / "nope.rss"))
    assert missing.status == "failed" and "cannot read" in missing.error


def test_parse_interval():
    assert [parse_interval(v) for v in ("90", "90s", "15m", "1h")] == [90, 90, 900, 3600]
    for bad in ("", "0", "-5m", "soon", "nan"):
        with pytest.raises(ValueError):
            parse_interval(bad)


@pytest.mark.model
def test_cli_watch_once_end_to_end(server, tmp_path, pipeline):
    from eventwire.cli import cli

    db = str(tmp_path / "cli.db")
    feed = f"{server.base}/feed.xml"
    args = ["watch", feed, "--db", db, "--once", "--host-delay", "0", "--timeout", "5"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert f"poll {feed}: ok, 2 new, 0 seen, 0 rejected" in first.output
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 0 and "not modified" in second.output
    with Store(db) as st:
        assert st.stats()["articles"] == 2 and st.stats()["events"] >= 1
    bad = CliRunner().invoke(cli, ["watch", f"{server.base}/bomb.xml", "--db", db, "--once"])
    assert bad.exit_code == 3
    assert CliRunner().invoke(cli, ["watch", feed, "--db", db, "--every", "soon"]).exit_code == 2


def test_sigterm_stops_a_running_watch_cleanly(server, tmp_path):
    import os
    import signal
    import subprocess
    import sys

    src = f"{server.base}/bomb.xml"  # fails fast and needs no model
    proc = subprocess.Popen([sys.executable, "-m", "eventwire", "watch", src, "--db",
                             str(tmp_path / "sig.db"), "--every", "1h"],
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()  # the poll's log line: it is now waiting for the next
        assert f"poll {src}: failed" in line
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
    assert "stopping" in proc.stderr.read()


def test_watch_state_is_kept_by_both_backends(server, db_url, recorder):
    feed = f"{server.base}/feed.xml"
    with Store(db_url) as st:
        w = watcher(st, [feed, f"{server.base}/500"], recorder())
        assert [r.status for r in w.poll_all()] == ["ok", "failed"]
        w.close()
    server.items.append((3, f"{server.base}/a/3"))
    with Store(db_url) as st:  # a restart
        w = watcher(st, [feed], recorder())
        r = w.poll(feed)
        assert (r.new, r.seen) == (1, 2) and w.poll(feed).status == "not modified"
        assert st.stats()["articles"] == 3
        by_source = {p["source"]: p for p in watch_state.polls(st)}
        assert by_source[feed]["status"] == "not modified"
        assert by_source[f"{server.base}/500"]["errors"] == 1
        w.close()
