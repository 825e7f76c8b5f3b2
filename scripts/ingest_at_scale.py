#!/usr/bin/env python3
"""One resumable `eventwire ingest` of N articles of the allsides corpus, with memory over time.

    .venv/bin/python scripts/ingest_at_scale.py --db /tmp/scale.db [--articles 10000] [--processes 2]
    .venv/bin/python scripts/ingest_at_scale.py --db postgresql://... (or --pg: a throwaway server)

It writes the first N articles of ../shared/data/corpus/allsides/articles.jsonl.gz to a JSONL file,
runs `eventwire ingest FILE --db DB --processes P --summary json` (the command a user runs; run it
again after an interruption and it does only what is left), samples the resident memory of the
ingest process and its workers every --every seconds, and prints articles/s, the memory curve and
the store's size.
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "allsides" / "articles.jsonl.gz"


def tree_rss_mb(pid: int) -> tuple[float, float]:
    """(resident MB of the process, largest resident MB among its descendants)."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,rss="], capture_output=True, text=True).stdout
    rows = [tuple(int(x) for x in line.split()) for line in out.splitlines() if line.strip()]
    children: dict[int, list[int]] = {}
    rss = {}
    for p, pp, r in rows:
        children.setdefault(pp, []).append(p)
        rss[p] = r
    todo, seen = list(children.get(pid, [])), []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(children.get(p, []))
    return rss.get(pid, 0) / 1024, max((rss.get(p, 0) for p in seen), default=0) / 1024


def store_size(db: str) -> str:
    if db.startswith("postgres"):
        import psycopg

        with psycopg.connect(db) as conn:
            n = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        return f"{n / 1e6:.0f} MB (pg_database_size)"
    total = sum(Path(db + suf).stat().st_size for suf in ("", "-wal") if Path(db + suf).exists())
    return f"{total / 1e6:.0f} MB (file + WAL)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db")
    ap.add_argument("--pg", action="store_true", help="start a throwaway PostgreSQL server for --db")
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--every", type=float, default=30.0)
    ap.add_argument("--min-confidence", default=None,
                    help="passed to ingest (default: the event gate's threshold)")
    ap.add_argument("--input", default=str(Path(tempfile.gettempdir()) / "eventwire-scale.jsonl"))
    args = ap.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is absent: this needs ../shared/data beside the checkout")
    if not Path(args.input).exists() or sum(1 for _ in open(args.input)) != args.articles:
        with gzip.open(CORPUS, "rt", encoding="utf-8") as src, open(args.input, "w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i >= args.articles:
                    break
                d = json.loads(line)
                dst.write(json.dumps({"id": d["id"], "title": d.get("title"), "text": d.get("text"),
                                      "published": d.get("date"), "source": d.get("source"),
                                      "url": d.get("url")}) + "\n")
    server = None
    db = args.db
    if args.pg:
        sys.path.insert(0, str(ROOT / "tests"))
        from pg_server import PgServer, find_bindir

        server = PgServer(find_bindir(), settings="").start()  # the server's default durability
        db = server.new_database("scale")
    cmd = [sys.executable, "-c", "from eventwire.cli import main; main()", "ingest", args.input,
           "--db", db, "--processes", str(args.processes), "--no-progress", "--summary", "json"]
    if args.min_confidence is not None:
        cmd += ["--min-confidence", str(args.min_confidence)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    curve = []
    while proc.poll() is None:
        time.sleep(args.every)
        parent, worker = tree_rss_mb(proc.pid)
        curve.append((round(time.perf_counter() - t0), round(parent), round(worker)))
        print(f"{curve[-1][0]:>6} s  parent {curve[-1][1]:>5} MB  largest worker {curve[-1][2]:>5} MB", flush=True)
    out = proc.stdout.read()
    secs = time.perf_counter() - t0
    summary = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    stored = summary.get("stored", 0)
    print(json.dumps({"command": " ".join(cmd[3:]), "exit": proc.returncode, "summary": summary,
                      "seconds": round(secs, 1), "articles_per_s": round(stored / secs, 2) if secs else None,
                      "store": store_size(db), "memory_curve_s_parent_worker_mb": curve,
                      # linking incidents, timed inside the writes (docs/incidents.md)
                      "linking_share_of_ingest": round(summary.get("linking_seconds", 0.0)
                                                       / summary["seconds"], 4)
                      if summary.get("seconds") else None}, indent=1))
    if server is not None:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
