"""`eventwire serve` and `eventwire loadtest`: options, refusals, and a tiny load run."""
from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest
from click.testing import CliRunner

from eventwire.cli import cli
from eventwire.errors import UsageError
from eventwire.serve.loadtest import filter_mix, run_load
from eventwire.serve.server import free_port
from test_serve_fixtures import hand_store, live  # noqa: F401


def test_commands_are_registered():
    runner = CliRunner()
    out = runner.invoke(cli, ["serve", "--help"]).output
    assert "--db" in out and "--ingest-token" in out and "--port" in out
    out = runner.invoke(cli, ["loadtest", "--help"]).output
    assert "--clients" in out and "--seconds" in out


def test_serve_refuses_a_missing_store(tmp_path):
    res = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert res.exit_code != 0 and isinstance(res.exception, UsageError)
    assert "no store there" in str(res.exception)


def test_loadtest_is_loopback_only_and_bounded():
    with pytest.raises(UsageError, match="loopback"):
        run_load("http://192.0.2.1:8000", clients=1, seconds=1)
    with pytest.raises(UsageError, match="clients"):
        run_load("http://127.0.0.1:9", clients=0, seconds=1)
    with pytest.raises(UsageError, match="seconds"):
        run_load("http://127.0.0.1:9", clients=1, seconds=10_000)


def test_filter_mix_is_valid_for_the_api(live):
    for params in filter_mix():
        r = live.get("/api/events", **params)
        assert r.status_code == 200, (params, r.text)
    assert len(filter_mix()) > 100 and any(p.get("min_confidence") == "0" for p in filter_mix())


def test_short_load_run_covers_every_route(live):
    rep = run_load(live.url, clients=3, seconds=3, warmup=1)
    assert rep.requests > 0 and rep.errors == 0, rep.error_kinds
    assert rep.median_ms is not None and rep.p95_ms >= rep.median_ms
    assert rep.summary_line().startswith("loadtest: clients=3 ")
    by_name = {e.name: e for e in rep.endpoints}
    # every GET route of the schema is in the mix, and each endpoint was measured
    assert rep.not_loaded == []
    for name in ("page", "health", "stats", "events", "events+total", "statements", "actors", "articles",
                 "article", "timeline", "network", "threads", "export.csv", "export.jsonl", "schema",
                 "timeline.incidents", "map", "map.incidents", "map.shapes"):
        e = by_name[name]
        assert e.requests > 0 and e.errors == 0 and e.p95_ms >= e.median_ms > 0, name
        assert e.first_max_ms is not None and e.first_max_ms >= e.first_median_ms, name
    assert "worst=" in rep.summary_line() and len(rep.table()) == len(rep.endpoints) + 1


def test_load_errors_are_counted_per_endpoint(live, monkeypatch):
    from eventwire.serve import loadtest

    real = loadtest.endpoints

    def with_a_broken_one(*args):
        return real(*args) + [loadtest.Endpoint("broken", "/api/nothing", ["/api/nothing"])]

    monkeypatch.setattr(loadtest, "endpoints", with_a_broken_one)
    rep = run_load(live.url, clients=2, seconds=1.5, endpoints={"broken", "health"}, warmup=0)
    by_name = {e.name: e for e in rep.endpoints}
    assert by_name["broken"].errors == by_name["broken"].requests > 0
    assert by_name["broken"].error_kinds == {"HTTP 404": by_name["broken"].errors}
    assert by_name["broken"].median_ms is None and by_name["health"].errors == 0
    assert rep.errors == by_name["broken"].errors


def test_load_on_nothing_says_so():
    port = free_port()  # nothing listens there
    with pytest.raises(UsageError, match="no eventwire server answers"):
        run_load(f"http://127.0.0.1:{port}", clients=2, seconds=1, max_requests=20)


def test_serve_command_runs_a_server(hand_store):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", "from eventwire.cli import main; main()", "serve",
                             "--db", hand_store, "--port", str(port), "--log-level", "warning"],
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert r.json()["counts"]["articles"] == 2 and r.json()["read_only"] is True
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "read-only" in err
