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


def test_short_load_run(live):
    rep = run_load(live.url, clients=3, seconds=1.5)
    assert rep.requests > 0 and rep.errors == 0
    assert rep.median_ms is not None and rep.p95_ms >= rep.median_ms
    assert rep.summary_line().startswith("loadtest: clients=3 ")


def test_load_errors_are_counted():
    port = free_port()  # nothing listens there
    rep = run_load(f"http://127.0.0.1:{port}", clients=2, seconds=1, max_requests=20)
    assert rep.errors > 0 and rep.median_ms is None


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
