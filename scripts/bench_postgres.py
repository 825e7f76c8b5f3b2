#!/usr/bin/env python3
"""PostgreSQL against SQLite: the same `eventwire ingest` command into each, runs interleaved,
medians reported; then the store's share alone (writing parsed results, no NLP).

    .venv/bin/python scripts/bench_postgres.py ../shared/data/corpus/allsides/sample_wire_500.jsonl
        [--limit 100] [--repeats 3] [--pg-url postgresql://USER@HOST/DB]

Without --pg-url it starts a throwaway PostgreSQL server (Debian's binaries, tests/pg_server.py)
with the server's default durability settings, and removes it afterwards. With --pg-url each run
uses a new database made with CREATE DATABASE (the user needs CREATEDB).
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
EVENTWIRE = [sys.executable, "-c", "from eventwire.cli import main; main()"]


class Databases:
    """New, empty PostgreSQL databases on a given server or on a throwaway one."""

    def __init__(self, url: str | None):
        self.url, self.server, self.n = url, None, 0
        if url is None:
            from pg_server import PgServer, find_bindir

            bindir = find_bindir()
            if bindir is None:
                sys.exit("no PostgreSQL binaries: apt-get install postgresql, or give --pg-url")
            # the server's own defaults (fsync on): what a team's server runs
            self.server = PgServer(bindir, settings="").start()

    def new(self) -> str:
        if self.server is not None:
            return self.server.new_database("bench")
        from urllib.parse import urlsplit, urlunsplit

        import psycopg

        self.n += 1
        name = f"eventwire_bench_{int(time.time())}_{self.n}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return urlunsplit(urlsplit(self.url)._replace(path="/" + name))

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()


def ingest(src: Path, db: str) -> float:
    t0 = time.perf_counter()
    p = subprocess.run(EVENTWIRE + ["ingest", str(src), "--db", db, "--no-progress",
                                    "--summary", "json"], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode not in (0, 3):
        sys.exit(f"ingest into {db} failed ({p.returncode}): {p.stderr[-2000:]}")
    summary = json.loads(p.stdout.strip().splitlines()[-1])
    print(f"  {db.split('@')[-1][:60]:60} stored {summary['stored']} in {wall:.1f} s", flush=True)
    return wall


def write_only(src: Path, dbs: Databases, tmp: Path, repeats: int) -> dict[str, list[float]]:
    """Seconds to write the parsed results of `src` into a new store, per backend."""
    from eventwire.pipeline import default_pipeline
    from eventwire.store import Store
    from eventwire.store.loader import read_all

    arts = [a for a in read_all([str(src)]) if not isinstance(a, Exception)]
    results = [r for r in default_pipeline().process(arts) if hasattr(r, "article")]
    times: dict[str, list[float]] = {"sqlite": [], "postgresql": []}
    for i in range(repeats):
        for backend, db in (("sqlite", str(tmp / f"w{i}.db")), ("postgresql", dbs.new())):
            with Store(db) as store:
                t0 = time.perf_counter()
                for r in results:
                    store.write(r)
                times[backend].append(time.perf_counter() - t0)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source")
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--pg-url", default=None)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="eventwire-bench-"))
    src = tmp / "input.jsonl"
    with open(args.source, encoding="utf-8") as fh, open(src, "w", encoding="utf-8") as out:
        for i, line in enumerate(fh):
            if i >= args.limit:
                break
            out.write(line)
    dbs = Databases(args.pg_url)
    try:
        warm = tmp / "warm.jsonl"  # one unrecorded run first: the model's files into the page cache
        warm.write_text("".join(src.read_text("utf-8").splitlines(keepends=True)[:5]), "utf-8")
        ingest(warm, str(tmp / "warm.db"))
        walls: dict[str, list[float]] = {"sqlite": [], "postgresql": []}
        for i in range(args.repeats):  # interleaved, so that a busy moment hits both alike
            walls["sqlite"].append(ingest(src, str(tmp / f"run{i}.db")))
            walls["postgresql"].append(ingest(src, dbs.new()))
        writes = write_only(src, dbs, tmp, args.repeats)
    finally:
        dbs.close()
        shutil.rmtree(tmp, ignore_errors=True)
    med = {k: statistics.median(v) for k, v in walls.items()}
    wmed = {k: statistics.median(v) for k, v in writes.items()}
    n = args.limit
    print(f"ingest of {n} articles, median of {args.repeats}: sqlite {med['sqlite']:.1f} s, "
          f"postgresql {med['postgresql']:.1f} s ({med['postgresql'] / med['sqlite']:.3f}x)")
    print(f"  runs: sqlite {[round(x, 1) for x in walls['sqlite']]}, "
          f"postgresql {[round(x, 1) for x in walls['postgresql']]}")
    print(f"writes alone, {n} parsed articles, median of {args.repeats}: "
          f"sqlite {wmed['sqlite'] * 1000 / n:.2f} ms/article, "
          f"postgresql {wmed['postgresql'] * 1000 / n:.2f} ms/article")


if __name__ == "__main__":
    main()
