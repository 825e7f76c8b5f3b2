"""Ingest while serving (issue 14, item 3): a real `eventwire serve` and a real `eventwire ingest`
on the same store, while client threads poll the API. Every answer must be 2xx and consistent:
an article, once visible, is complete and never changes; every event's actors are in its record;
the counts never go down; no "database is locked" reaches a client. Once per backend."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from eventwire.serve.server import free_port
from eventwire.store import open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "examples"
EVENTWIRE = [sys.executable, "-m", "eventwire"]
MY_TEXTS = [
    "Norland rejected a ceasefire proposal from Southland on Monday, officials in Port Ellis said. "
    "Southland had proposed a 30-day ceasefire at the talks in Lakeview.",
    "The government of Chile accused Peru of violating a fishing agreement on Tuesday. "
    "Peru denied the accusation and demanded talks.",
    "Protesters gathered outside the parliament in Tbilisi on Sunday to demand new elections. "
    "Police arrested twelve people, the interior ministry said.",
]
COPIES = 4  # of each text, each with its own title (and so its own content hash)


def write_input(folder: Path) -> tuple[Path, int]:
    texts = []
    for txt in sorted(EXAMPLES.glob("*.txt")):
        meta = json.loads(txt.with_suffix(".json").read_text())
        texts.append((meta["title"], txt.read_text(encoding="utf-8"), meta.get("published")))
    texts += [(f"Wire item {i}", t, "2025-03-0%d" % (i + 1)) for i, t in enumerate(MY_TEXTS)]
    path = folder / "articles.jsonl"
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for copy in range(COPIES):
            for title, text, published in texts:
                rec = {"id": f"c{copy}-{n}", "title": f"{title} (copy {copy})", "text": text,
                       "published": published, "source": "concurrency test"}
                f.write(json.dumps(rec) + "\n")
                n += 1
    return path, n


def write_feed(folder: Path, n: int = 6) -> Path:
    """An RSS file whose entries carry their text and no link (so watch fetches nothing)."""
    from xml.sax.saxutils import escape

    items = "".join(
        f"<item><title>Feed item {i}</title><pubDate>Mon, 0{i % 9 + 1} Mar 2025 10:00:00 GMT"
        f"</pubDate><description>{escape(MY_TEXTS[i % len(MY_TEXTS)] + f' Report number {i}.')}"
        "</description></item>" for i in range(n))
    path = folder / "feed.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title>'
                    f"{items}</channel></rss>", encoding="utf-8")
    return path


def get(url: str) -> tuple[int, object]:
    try:
        with urllib.request.urlopen(url, timeout=20) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        body = exc.read()
        try:
            return exc.code, json.loads(body)
        except ValueError:
            return exc.code, body.decode("utf-8", "replace")


def check_record(rec: dict, problems: list[str], where: str) -> None:
    actors = {a["id"] for a in rec.get("actors", [])}
    statements = {s["id"] for s in rec.get("statements", [])}
    for ev in rec.get("events", []):
        for role in ("source", "target"):
            if ev.get(role) and ev[role] not in actors:
                problems.append(f"{where}: event {ev['id']} {role} {ev[role]} is not among the actors")
        if ev.get("attributed_to") and ev["attributed_to"] not in statements:
            problems.append(f"{where}: event {ev['id']} attributed to a missing statement")
        if not ev.get("incident"):  # linking is part of the article's write transaction
            problems.append(f"{where}: event {ev['id']} is visible without an incident")


def content(rec: dict) -> dict:
    """A record without its events' incident ids: a later article that reports the same event may
    join two incidents and relabel the older records (docs/incidents.md); nothing else may change."""
    return {**rec, "events": [{k: v for k, v in ev.items() if k != "incident"} for ev in rec.get("events", [])]}


class Clients:
    """Threads that poll the API until told to stop, recording every problem they see."""

    def __init__(self, base: str, n: int = 4):
        self.base = base
        self.stop = threading.Event()
        self.problems: list[str] = []
        self.requests = 0
        self.records: dict[str, dict] = {}   # hash -> the record first seen
        self.listed: dict[str, dict] = {}    # hash -> counts seen in /api/articles
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(i,), daemon=True) for i in range(n)]

    def fail(self, msg: str) -> None:
        with self.lock:
            if len(self.problems) < 50:
                self.problems.append(msg)

    def call(self, path: str):
        status, body = get(self.base + path)
        with self.lock:
            self.requests += 1
        if not 200 <= status < 300:
            self.fail(f"GET {path}: {status} {body}")
            return None
        return body

    def run(self, i: int) -> None:
        last_stats: dict[str, int] = {}
        while not self.stop.is_set():
            stats = self.call("/api/stats")
            if stats is not None:
                for k, v in last_stats.items():
                    if stats[k] < v:
                        self.fail(f"stats went down: {k} {v} -> {stats[k]}")
                last_stats = stats
            events = self.call("/api/events?limit=200&min_confidence=0")
            for ev in (events or {}).get("items", []):
                for role in ("source", "target"):
                    if ev.get(role) and not ev.get(f"{role}_actor"):
                        self.fail(f"event {ev['uid']}: {role} actor {ev[role]} missing")
            self.call("/api/timeline?min_confidence=0")
            listing = self.call("/api/articles?limit=1000")
            for art in (listing or {}).get("items", [])[i::2]:
                h = art["hash"]
                rec = self.call(f"/api/article/{h}")
                if rec is None:
                    continue
                check_record(rec, self.problems, f"article {h}")
                counts = {"events": len(rec["events"]), "statements": len(rec["statements"]),
                          "actors": len(rec["actors"])}
                listed = {k: art[k] for k in counts}
                if listed != counts:
                    self.fail(f"article {h}: listed with {listed}, its record has {counts}")
                with self.lock:
                    first = self.records.setdefault(h, content(rec))
                if first != content(rec):
                    self.fail(f"article {h}: its record changed after it was visible")

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=30)


def wait_up(base: str, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited: {proc.stdout.read()}")
        try:
            if get(base + "/api/health")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError("serve did not start")


@pytest.mark.model
def test_ingest_while_serving(db_url, tmp_path):
    source, n = write_input(tmp_path)
    feed, n_feed = write_feed(tmp_path), 6
    open_store(db_url).close()  # the server needs an existing (empty) store
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    serve = subprocess.Popen([*EVENTWIRE, "serve", "--db", db_url, "--port", str(port),
                              "--log-level", "warning"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        wait_up(base, serve)
        with Clients(base, n=8) as clients:
            started = time.monotonic()
            # a second writer at the same time: watch --once on a feed file
            watch = subprocess.Popen([*EVENTWIRE, "watch", str(feed), "--once", "--db", db_url],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     env=env)
            ingest = subprocess.run([*EVENTWIRE, "ingest", str(source), "--db", db_url],
                                    capture_output=True, text=True, timeout=90, env=env)
            watch_out, _ = watch.communicate(timeout=90)
            time.sleep(0.5)  # a few more polls after the last commit
        took = time.monotonic() - started
        print(f"{clients.requests} requests by {len(clients.threads)} clients during an ingest of "
              f"{n} articles in {took:.1f} s; {len(clients.records)} articles seen")
        assert ingest.returncode in (0, 3), ingest.stdout + ingest.stderr
        assert "locked" not in (ingest.stdout + ingest.stderr).lower()
        assert watch.returncode in (0, 3), watch_out
        assert "locked" not in watch_out.lower(), watch_out
        assert not clients.problems, "\n".join(clients.problems[:20])
        assert clients.requests > 20, f"only {clients.requests} requests in {took:.1f} s"
        final = get(base + "/api/stats")[1]
        assert final["articles"] == n + n_feed, (final, ingest.stdout, watch_out)
        # every article is now seen complete, with the same record as when it was first seen
        for h, first in clients.records.items():
            assert content(get(f"{base}/api/article/{h}")[1]) == first
    finally:
        serve.terminate()
        try:
            out, _ = serve.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            serve.kill()
            out, _ = serve.communicate()
    assert "database is locked" not in out, out[-2000:]
    assert "Traceback" not in out, out[-2000:]


def test_multi_query_reads_are_snapshots(db_url):
    """stats() and article() read several tables: each must see one moment of the store, never
    an article counted in one table and not yet in the next (the other connection writes)."""
    from store_helpers import make_result

    open_store(db_url).close()
    done = threading.Event()
    seen: list[str] = []
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with open_store(db_url) as w:
                for i in range(150):
                    w.write(make_result(title=f"snapshot {i}", n_events=3))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            done.set()

    writer = threading.Thread(target=write)
    reads = 0
    with open_store(db_url, create=False) as r:
        writer.start()
        while not done.is_set() or reads < 5:
            s = r.stats()
            reads += 1
            want = {"events": 3 * s["articles"], "statements": s["articles"], "actors": 2 * s["articles"]}
            got = {k: s[k] for k in want}
            if got != want:
                seen.append(f"stats {s}")
            for h in r.hashes()[-3:]:
                rec = r.article(h)
                if (len(rec["events"]), len(rec["actors"]), len(rec["statements"])) != (3, 2, 1):
                    seen.append(f"article {h} incomplete")
            if len(seen) > 10:
                break
        writer.join(timeout=60)
    assert not errors, errors
    assert not seen, seen[:5]
    assert reads >= 5


def test_a_locked_store_is_a_clear_error(tmp_path, monkeypatch):
    """A lock held past the busy timeout reaches the caller as a StoreError (HTTP 503) that says
    what happened, never as a raw "database is locked" (a 500 in the server)."""
    import sqlite3

    from eventwire.errors import StoreError
    from eventwire.serve.app import status_for

    store = open_store(str(tmp_path / "s.db"))

    def locked(*a, **k):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store, "execute", locked)
    for read in (store.stats, lambda: store.article("x"), lambda: store.events()):
        with pytest.raises(StoreError, match="could not be read .*try again") as err:
            read()
        assert status_for(err.value) == 503
    monkeypatch.undo()
    assert store.stats()["articles"] == 0  # the connection is still usable
    store.close()
