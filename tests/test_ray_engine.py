"""--engine ray: the same store as the local runner (one process, two processes), a killed actor
changes nothing in the final store, 2 actors on 2 logical CPUs do not starve, and a clear error
where Ray is not installed.

One local Ray with exactly 2 logical CPUs is started per module (the 2-core case, whatever the
machine); the engine finds it initialised and uses it. Every Ray run has a deadline, so a
starved actor pool fails the test instead of hanging the suite.
"""
from __future__ import annotations

import _thread
import json
import os
import signal
import sqlite3
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import cli
from eventwire.errors import EngineError, UsageError
from eventwire.model import Article
from eventwire.ray_engine import cpus_per_actor
from eventwire.runner import run

# Ray Data's own settings object warns about its deprecated fields whenever it is copied
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "examples"
RAY_CPUS = 2
DEADLINE_S = 300

# short wire stories written for these tests; each differs, so each has its own content hash
STORIES = [
    "The foreign minister of Norland said on Monday that talks with Estavia had collapsed.",
    "Estavia accused Norland of shelling two border villages, the defence ministry said.",
    "Dock workers in Port Velar protested against new shift rules on Tuesday.",
    "\"We will not sign this agreement,\" the prime minister told reporters in the capital.",
    "The government of Norland agreed to release twelve prisoners next week.",
    "Rain fell over the valley all afternoon.",
    "Police in Kenya detained 40 protesters after clashes outside parliament in Nairobi.",
    "Japan and Poland signed a trade agreement in Tokyo on Friday, officials said.",
    "Egypt called on both sides to respect the ceasefire, according to a statement.",
    "Rebels attacked an army convoy near the border, killing five soldiers, the army said.",
]


def stories_jsonl(path: Path) -> Path:
    rows = [{"id": f"s{i}", "text": t, "published": f"2025-03-{10 + i:02d}", "title": f"Story {i}"}
            for i, t in enumerate(STORIES)]
    rows += [{"id": "empty", "text": "  "}, rows[0]]  # one rejected, one repeat
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def store_records(db: Path) -> dict[str, list]:
    """Every row of every table, with the clock columns (*_at) and the log's row ids left out,
    sorted: two stores hold the same records exactly when these are equal."""
    c = sqlite3.connect(db)
    try:
        out = {}
        tables = [r[0] for r in c.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'migrations'")]
        for t in tables:
            cols = [r[1] for r in c.execute(f"PRAGMA table_info({t})")
                    if not r[1].endswith("_at") and not (t == "ingest_log" and r[1] == "id")]
            rows = c.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall()
            out[t] = sorted(rows, key=repr)
        return out
    finally:
        c.close()


@contextmanager
def deadline(seconds: float = DEADLINE_S):
    """Fail (rather than hang) when the block takes longer than `seconds`."""
    fired = threading.Event()

    def fire():
        fired.set()
        _thread.interrupt_main()

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except KeyboardInterrupt:
        if not fired.is_set():
            raise
    finally:
        timer.cancel()
    if fired.is_set():
        pytest.fail(f"the Ray run did not finish in {seconds} s (an actor pool that starves?)")


@pytest.fixture(scope="module")
def ray_cluster():
    ray = pytest.importorskip("ray", reason="--engine ray needs `pip install 'eventwire[ray]'`")
    pytest.importorskip("ray.data")
    ray.init(address="local", num_cpus=RAY_CPUS, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def ingest(args: list[str]) -> dict:
    # every event candidate is stored (no gate threshold), so that there is more to compare
    r = CliRunner().invoke(cli, ["ingest", *args, "--summary", "json", "--no-progress",
                                 "--min-confidence", "0"])
    assert r.exit_code == 3, r.output  # the empty story is rejected
    return json.loads(r.stdout.strip().splitlines()[-1])


@pytest.mark.model
@pytest.mark.slow
def test_local_two_processes_and_ray_give_identical_stores(tmp_path, ray_cluster):
    src = [str(EXAMPLES), str(stories_jsonl(tmp_path / "stories.jsonl"))]
    runs = {"local": [], "local-2": ["--processes", "2"],
            # as many actors as logical CPUs: each must take only a share of one (deadline)
            "ray": ["--engine", "ray", "--processes", str(RAY_CPUS), "--batch-size", "3"]}
    stores, summaries = {}, {}
    for name, extra in runs.items():
        db = tmp_path / f"{name}.db"
        with deadline():
            summaries[name] = ingest([*src, "--db", str(db), *extra])
        stores[name] = store_records(db)
    n = len(list(EXAMPLES.glob("*.txt"))) + len(STORIES)
    for s in summaries.values():
        assert (s["stored"], s["skipped"], s["rejected"]) == (n, 1, 1)
    local = stores["local"]
    assert len(local["articles"]) == n and len(local["events"]) >= n
    assert len(local["statements"]) >= n // 2
    for name in ("local-2", "ray"):
        for table, rows in local.items():
            assert stores[name][table] == rows, f"{name}: table {table} differs"
    # a rerun with Ray stores nothing new
    with deadline():
        again = CliRunner().invoke(cli, ["ingest", *src, "--db", str(tmp_path / "ray.db"),
                                         "--engine", "ray", "--summary", "json",
                                         "--min-confidence", "0"])
    assert json.loads(again.stdout.strip().splitlines()[-1])["stored"] == 0
    assert store_records(tmp_path / "ray.db") == local


def _actor_pids() -> list[int]:
    """Processes below this one (the local Ray's workers) that hold a BatchWorker actor."""
    parents: dict[int, int] = {}
    titles: dict[int, str] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            status = (d / "status").read_text()
            titles[int(d.name)] = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("PPid:"):
                parents[int(d.name)] = int(line.split()[1])

    def below_me(pid: int) -> bool:
        seen = set()
        while pid in parents and pid not in seen:
            seen.add(pid)
            pid = parents[pid]
            if pid == os.getpid():
                return True
        return False

    return [p for p, t in titles.items() if "BatchWorker" in t and below_me(p)]


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="finds Ray's actors in /proc")
def test_killing_an_actor_mid_run_changes_nothing(tmp_path, ray_cluster, pipeline):
    from eventwire import api
    from eventwire.store import Store

    src = [str(EXAMPLES), str(stories_jsonl(tmp_path / "stories.jsonl"))]
    clean = Store(tmp_path / "clean.db")
    api.ingest(clean, src, batch_size=1, min_confidence=0)
    clean.close()

    killed: list[int] = []
    done = 0

    def progress(total):
        nonlocal done
        if total is not None:
            return
        done += 1
        if not killed:  # after the first article is stored, one actor dies (kill -9)
            pids = _actor_pids()
            assert pids, "no actor process found"
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    store = Store(tmp_path / "ray.db")
    with deadline():
        summary = api.ingest(store, src, batch_size=1, engine="ray", processes=RAY_CPUS,
                             progress=progress, min_confidence=0)
    store.close()
    n = len(list(EXAMPLES.glob("*.txt"))) + len(STORIES)
    assert killed and not Path(f"/proc/{killed[0]}").exists()
    assert done == n  # every article came through (the empty one is rejected when read)
    assert summary.stored == n and len(summary.rejected) == 1
    assert store_records(tmp_path / "ray.db") == store_records(tmp_path / "clean.db")


def test_without_ray_the_engine_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    with pytest.raises(EngineError, match=r"pip install 'eventwire\[ray\]'"):
        list(run([Article(text="Norland rejected the offer.")], engine="ray"))
    src = stories_jsonl(tmp_path / "s.jsonl")
    r = CliRunner().invoke(cli, ["ingest", str(src), "--db", str(tmp_path / "s.db"),
                                 "--engine", "ray"])
    assert r.exit_code == 1
    assert "eventwire[ray]" in str(r.exception) or "eventwire[ray]" in r.output
    assert not (tmp_path / "s.db").exists()  # checked before a store is created


def test_engine_settings_are_checked(tmp_path):
    with pytest.raises(UsageError, match="--engine"):
        list(run([], engine="spark"))
    with pytest.raises(UsageError, match="--ray-address needs --engine ray"):
        list(run([], ray_address="127.0.0.1:6379"))
    r = CliRunner().invoke(cli, ["ingest", str(stories_jsonl(tmp_path / "s.jsonl")),
                                 "--db", str(tmp_path / "s.db"), "--ray-address", "auto"])
    assert r.exit_code != 0 and "--ray-address needs --engine ray" in str(r.exception)


def test_each_actor_takes_a_share_that_leaves_a_cpu_free():
    assert cpus_per_actor(2, 2) == 0.5            # the 2-core case: never every logical CPU
    assert cpus_per_actor(2, 1) == 1.0
    assert cpus_per_actor(1, 1) == 0.5
    assert cpus_per_actor(16, 16) == 0.937
    assert cpus_per_actor(64, 8) == 1.0
    for cpus in (1, 2, 3, 4, 8, 16, 96):
        for actors in (1, 2, cpus, 2 * cpus, 256):
            assert cpus_per_actor(cpus, actors) * actors < cpus


@pytest.mark.model
@pytest.mark.slow
def test_bench_times_ray_beside_the_processes(ray_cluster):
    from eventwire import bench

    with deadline():
        r = bench.bench(EXAMPLES, n_articles=4, runs=1, engine="ray")
    ra = r["ray"]
    assert ra["actors"] == RAY_CPUS and ra["cpus_per_actor"] == 0.5
    assert ra["found"] == r["eventwire"]["found"]  # the same events and statements
    assert ra["start_up_seconds"] > 0 and ra["seconds_end_to_end"] > 0 and ra["articles_per_s"]
    assert ra["actor_peak_rss_mb"] and min(ra["actor_peak_rss_mb"]) > 100  # each holds a model
    assert "Ray Data, 2 actors" in bench.throughput_md(r, "eventwire bench --engine ray")


@pytest.mark.model
@pytest.mark.slow
def test_ray_into_postgresql_stores_what_local_stores_into_sqlite(tmp_path, ray_cluster, pg_server):
    from eventwire.store import Store

    src = [str(EXAMPLES), str(stories_jsonl(tmp_path / "stories.jsonl"))]
    local_db, pg_db = str(tmp_path / "local.db"), pg_server.new_database()
    ingest([*src, "--db", local_db])
    with deadline():
        ingest([*src, "--db", pg_db, "--engine", "ray", "--processes", str(RAY_CPUS), "--batch-size", "3"])

    def records(db):
        with Store(db, create=False) as st:
            recs = [{**r, "article": {k: v for k, v in r["article"].items() if k != "ingested_at"}}
                    for r in st.records(with_text=True)]
            return sorted(recs, key=lambda r: r["article"]["hash"]), st.stats()

    local, pg = records(local_db), records(pg_db)
    assert local[1]["events"] >= len(STORIES) and local == pg
