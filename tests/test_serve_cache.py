"""Cached answers of the aggregate routes: kept while the store is unchanged, dropped as soon as
another connection commits (SQLite and PostgreSQL), computed once for concurrent requests."""
from __future__ import annotations

import threading
import time

from eventwire.serve.cache import AnswerCache
from eventwire.store import open_store
from test_serve_fixtures import Live, talks_result, write_store, xss_result


class Version:
    def __init__(self):
        self.value = 0

    def __call__(self):
        return self.value


def test_answers_are_kept_until_the_version_moves():
    version, calls = Version(), []
    cache = AnswerCache(version)

    def compute(tag):
        calls.append(tag)
        return f"{tag}@{version.value}".encode()

    assert cache.get("a", lambda: compute("a")) == b"a@0"
    assert cache.get("a", lambda: compute("a")) == b"a@0"
    assert calls == ["a"] and cache.stats()["hits"] == 1
    version.value = 1
    assert cache.get("a", lambda: compute("a")) == b"a@1"
    assert calls == ["a", "a"] and cache.stats()["invalidations"] == 1


def test_an_answer_computed_while_the_store_changed_is_not_kept():
    version = Version()
    cache = AnswerCache(version)

    def slow():
        version.value += 1  # a commit lands while the answer is computed
        return b"maybe stale"

    assert cache.get("a", slow) == b"maybe stale"
    assert cache.get("a", lambda: b"fresh") == b"fresh"
    assert cache.get("a", lambda: b"again") == b"fresh"


def test_concurrent_misses_compute_once():
    cache, calls = AnswerCache(Version()), []
    started = threading.Event()

    def compute():
        calls.append(1)
        started.set()
        time.sleep(0.3)
        return b"x"

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", compute))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [b"x"] * 8 and len(calls) == 1


def test_least_recently_used_answers_go_first_and_off_means_off():
    cache = AnswerCache(Version(), max_entries=2)
    for key in "abc":
        cache.get(key, lambda key=key: key.encode())
    assert cache.stats()["entries"] == 2
    assert cache.get("a", lambda: b"recomputed") == b"recomputed"
    off, calls = AnswerCache(Version(), max_entries=0), []
    for _ in range(3):
        off.get("a", lambda: calls.append(1) or b"x")
    assert len(calls) == 3


def test_data_version_moves_with_another_connections_commit(db_url):
    write_store(db_url, [talks_result()])
    reader = open_store(db_url)
    first = reader.data_version()
    reader.stats()
    assert reader.data_version() == first  # reads change nothing
    with open_store(db_url) as writer:
        writer.write(xss_result())
    assert reader.data_version() != first
    second = reader.data_version()
    with open_store(db_url) as writer:
        assert writer.write(xss_result()) is False  # already stored: nothing committed
    assert reader.data_version() == second
    reader.close()


def test_served_views_follow_a_write_at_once(db_url):
    db = write_store(db_url, [talks_result()])
    srv = Live(db)
    try:
        def views():
            return {path: srv.get(path, **params).json() for path, params in [
                ("/api/timeline", {}), ("/api/network", {}), ("/api/threads", {}), ("/api/stats", {}),
                ("/api/actors", {}), ("/api/events", {"total": "true", "limit": "1"})]}

        before = views()
        assert views() == before  # served again (from the cache) unchanged
        assert before["/api/stats"]["events"] == 4 and before["/api/events"]["total"] == 4
        with open_store(db_url) as writer:  # another connection, as another process would
            writer.write(xss_result())
        after = views()
        assert after["/api/stats"]["events"] == 5 and after["/api/events"]["total"] == 5
        assert sum(d["total"] for d in after["/api/timeline"]["days"]) == \
            sum(d["total"] for d in before["/api/timeline"]["days"]) + 1
        assert len(after["/api/actors"]["items"]) == len(before["/api/actors"]["items"]) + 2
        assert after["/api/network"] != before["/api/network"]
    finally:
        srv.close()


def test_the_cache_changes_no_answer(tmp_path):
    import httpx

    from eventwire.serve import create_app
    from eventwire.serve.server import BackgroundServer

    db = write_store(tmp_path / "c.db", [talks_result(), xss_result()])
    paths = ["/api/timeline", "/api/network?min_confidence=0", "/api/threads", "/api/actors",
             "/api/stats", "/api/events?total=true&type=ASSAULT"]
    answers, apps = {}, {}
    for cache in (True, False):
        apps[cache] = create_app(db, cache=cache)
        with BackgroundServer(apps[cache]) as srv, httpx.Client(base_url=srv.url) as client:
            answers[cache] = [client.get(p).json() for p in paths for _ in range(2)]
    assert answers[True] == answers[False]
    assert apps[True].state.answers.stats()["hits"] == len(paths)
    assert apps[False].state.answers.stats() == {"entries": 0, "bytes": 0, "hits": 0, "misses": 0,
                                                 "invalidations": 0}
