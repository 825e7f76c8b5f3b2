"""`eventwire ingest` and `demo` with the real model and the real process: summaries, exit codes,
reruns that store nothing new, and a kill -9 in the middle that a rerun repairs completely."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import cli

pytestmark = pytest.mark.model

EVENTWIRE = [sys.executable, "-c", "from eventwire.cli import main; main()"]
COUNTRIES = ["Norway", "Chile", "Kenya", "Japan", "Poland", "Egypt", "Peru", "Vietnam", "Ghana",
             "Canada", "Turkey", "Brazil", "India", "Spain", "Jordan"]
CITIES = ["Geneva", "Vienna", "Nairobi", "Lima", "Oslo", "Doha"]


def article(i: int) -> dict:
    """A short made-up wire story; every one differs (so every one has its own content hash)."""
    a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 7 + 3) % len(COUNTRIES)]
    city = CITIES[i % len(CITIES)]
    text = (f"Officials from {a} and {b} met in {city} on Monday for a {i + 2}th round of talks. "
            f"The foreign minister of {a} said that the talks had been useful. "
            f"{b} rejected a proposal to extend the ceasefire by {i + 10} days. "
            f"Hundreds of people protested outside the venue, and police detained {i + 3} of them. "
            f"The delegation of {b} accused {a} of violating the earlier agreement.")
    return {"id": f"story-{i}", "title": f"Talks in {city}, round {i + 2}", "text": text,
            "published": f"2024-0{1 + i % 9}-1{i % 10}", "source": "Made-up Wire"}


def write_jsonl(path: Path, rows: list, extra_lines: tuple[str, ...] = ()) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
        for line in extra_lines:
            fh.write(line + "\n")
    return path


def proc(args, cwd, **kw):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("EVENTWIRE_DB", None)
    return subprocess.Popen(EVENTWIRE + list(args), cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def finish(p: subprocess.Popen, timeout: float = 300) -> tuple[str, str]:
    """Wait for the process; kill it (and fail) when it hangs, so no test leaves one behind."""
    try:
        return p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        pytest.fail(f"{p.args[3:]} did not finish in {timeout} s; stderr: {err[-2000:]}")


def snapshot(db: Path) -> dict:
    """What a store holds, per article: (events, statements, actors, mentions) by content hash."""
    c = sqlite3.connect(db)
    try:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
        out = {}
        for (h,) in c.execute("SELECT hash FROM articles"):
            out[h] = tuple(c.execute(f"SELECT COUNT(*) FROM {t} WHERE article = ?", (h,)).fetchone()[0]
                           for t in ("events", "statements", "actors", "mentions"))
        n_articles = c.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        assert n_articles == len(out)  # no article twice
        for t in ("events", "statements", "actors"):
            total, distinct = c.execute(
                f"SELECT COUNT(*), COUNT(DISTINCT article || '/' || id) FROM {t}").fetchone()
            assert total == distinct
        return out
    finally:
        c.close()


def count_articles(db: Path) -> int:
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return c.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            c.close()
    except sqlite3.Error:
        return 0  # not created or not migrated yet


def test_ingest_summary_exit_code_and_rerun(tmp_path, pipeline):
    src = write_jsonl(tmp_path / "in.jsonl", [article(i) for i in range(3)] + [article(0)],
                      extra_lines=('{"id": "broken", "text": ', '{"id": "empty", "text": "   "}'))
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    r = runner.invoke(cli, ["ingest", str(src), "--db", db, "--summary", "json"])
    assert r.exit_code == 3, r.output
    summary = json.loads(r.stdout.strip().splitlines()[-1])
    assert summary["stored"] == 3 and summary["skipped"] == 1 and summary["rejected"] == 2
    reasons = " ".join(x["reason"] for x in summary["reasons"])
    assert "json" in reasons.lower() and "empty" in reasons
    r2 = runner.invoke(cli, ["ingest", str(src), "--db", db, "--summary", "json"])
    again = json.loads(r2.stdout.strip().splitlines()[-1])
    assert again["stored"] == 0 and again["skipped"] == 4
    stats = json.loads(runner.invoke(cli, ["stats", "--db", db, "--format", "json"]).stdout)
    assert stats["articles"] == 3 and stats["errors"] == 2  # rejections are not logged twice
    table = runner.invoke(cli, ["ingest", str(src), "--db", db, "--progress"])
    assert "skipped 4" in table.stdout and "rejected 2" in table.stdout
    assert "articles/s" in table.stderr and "ETA" in table.stderr  # the bar goes to stderr
    assert "articles/s" not in runner.invoke(cli, ["ingest", str(src), "--db", db]).stderr


def test_exit_codes_of_the_real_process(tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", [article(i) for i in range(2)])
    bad = write_jsonl(tmp_path / "bad.jsonl", [article(5)], extra_lines=("not json",))
    db = tmp_path / "p.db"
    p = proc(["ingest", str(good), "--db", str(db)], tmp_path)
    out, err = finish(p)
    assert p.returncode == 0, err
    assert "stored 2" in out
    p = proc(["ingest", str(bad), "--db", str(db)], tmp_path)
    out, err = finish(p)
    assert p.returncode == 3, err
    assert "not json" not in out and "bad.jsonl" in out  # the reason and where
    p = proc(["ingest", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "new.db")], tmp_path)
    out, err = finish(p)
    assert p.returncode == 2 and "missing.jsonl" in err
    assert not (tmp_path / "new.db").exists()
    p = proc(["events", "--db", str(db), "--since", "someday"], tmp_path)
    finish(p)
    assert p.returncode == 2


@pytest.mark.slow
def test_kill_9_during_ingest_then_rerun_equals_one_uninterrupted_run(tmp_path):
    n = 30
    src = write_jsonl(tmp_path / "wire.jsonl", [article(i) for i in range(n)])
    args = ["ingest", str(src), "--batch-size", "1", "--no-progress"]

    killed_db = tmp_path / "killed.db"
    p = proc(args + ["--db", str(killed_db)], tmp_path)
    stored_at_kill = 0
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and p.poll() is None:
        stored_at_kill = count_articles(killed_db)
        if stored_at_kill >= 3:
            p.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    finish(p, 60)
    assert p.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    part = snapshot(killed_db)
    assert 3 <= len(part) < n, f"{len(part)} of {n} articles stored when killed"

    p = proc(args + ["--db", str(killed_db)], tmp_path)
    out, err = finish(p)
    assert p.returncode == 0, err
    assert f"skipped {len(part)}" in out

    clean_db = tmp_path / "clean.db"
    p = proc(args + ["--db", str(clean_db)], tmp_path)
    out, err = finish(p)
    assert p.returncode == 0, err

    repaired, clean = snapshot(killed_db), snapshot(clean_db)
    assert len(clean) == n
    assert repaired == clean
    # the articles stored before the kill are complete: the same counts as in the clean run
    assert {h: clean[h] for h in part} == part


def test_examples_ship_with_metadata():
    from eventwire.cli.store_cmds import example_paths

    paths = example_paths()
    assert 6 <= len(paths) <= 10
    for p in map(Path, paths):
        meta = json.loads(p.with_suffix(".json").read_text("utf-8"))
        assert set(meta) >= {"title", "published", "source"}
        assert len(meta["published"]) == 10 and p.read_text("utf-8").strip()


def test_demo_stores_the_examples_and_shows_them(tmp_path, pipeline):
    from eventwire.cli.store_cmds import example_paths

    db = str(tmp_path / "demo.db")
    r = CliRunner().invoke(cli, ["demo", "--db", db])
    assert r.exit_code == 0, r.output
    n = len(example_paths())
    assert f"stored {n} new articles" in r.output
    titles = [json.loads(Path(p).with_suffix(".json").read_text("utf-8"))["title"] for p in example_paths()]
    assert all(t[:30] in r.output for t in titles)
    stats = json.loads(CliRunner().invoke(cli, ["stats", "--db", db, "--format", "json"]).output)
    assert stats["articles"] == n and stats["statements"] > n
    # the events stored are exactly those the event gate keeps at its default threshold
    from eventwire import api

    kept = sum(len(res.events) for p in example_paths() for res in api.extract_source(p, fmt="text")[0])
    assert stats["events"] == kept > 0
    again = CliRunner().invoke(cli, ["demo", "--db", db])
    assert again.exit_code == 0 and f"skipped {n} already stored" in again.output
    assert json.loads(CliRunner().invoke(cli, ["stats", "--db", db, "--format", "json"]).output) == stats


def test_a_long_input_is_streamed_with_repeats_still_skipped(tmp_path, pipeline, monkeypatch):
    """Past PREREAD new articles the input is read as the pipeline takes it: the progress bar
    gets no total, and repeats within the input are still skipped, also after the set of
    recent hashes has been cleared."""
    from eventwire.store import Store, loader

    monkeypatch.setattr(loader, "PREREAD", 2)
    monkeypatch.setattr(loader, "SEEN_LIMIT", 2)
    rows = [article(i) for i in range(5)] + [article(1), article(4)]
    src = write_jsonl(tmp_path / "long.jsonl", rows, extra_lines=('{"id": "x", "text": ""}',))
    totals, done = [], []

    def progress(total):
        (done if totals else totals).append(total)

    read = []
    real_read_all = loader.read_all

    def counting_read_all(sources, fmt=None):  # records when each item is read
        for item in real_read_all(sources, fmt):
            read.append(len(done))
            yield item

    monkeypatch.setattr(loader, "read_all", counting_read_all)
    summary = loader.ingest(Store(tmp_path / "s.db"), [str(src)], progress=progress, batch_size=2)
    assert totals == [None]  # more than PREREAD new articles: the total is unknown
    assert summary.stored == 5 and summary.skipped == 2 and len(summary.rejected) == 1
    # the second article(1) comes after the hash set was cleared: the store has its first copy
    assert len(done) == 5
    assert read[-1] > 0, "the whole input was read before the first article was done"
    short = loader.ingest(Store(tmp_path / "s2.db"), [str(src)], progress=lambda t: None)
    assert short.stored == 5
