"""Print a random sample of stored events for a person to judge (precision on real news).

    .venv/bin/python scripts/audit_events.py --db STORE.db [--n 60] [--seed 20261127]

Each line gives the type, CAMEO code, mode, trigger, source and target names and status, with the
evidence sentence below; the judge marks each as a real event of that type or not. The gold sets
in ../shared/data hold only sentences with an event, so they say nothing about events coded where
there is none; this sample does. Nothing here is scored automatically.
"""
from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="an eventwire store (eventwire ingest ... --db)")
    ap.add_argument("--n", type=int, default=60, help="events to sample")
    ap.add_argument("--seed", type=int, default=20261127)
    args = ap.parse_args(argv)
    try:
        conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
        rows = conn.execute("SELECT article, data FROM events ORDER BY article, id").fetchall()
    except sqlite3.Error as exc:
        print(f"audit_events: {args.db}: {exc}; give the path of a store made by eventwire ingest",
              file=sys.stderr)
        return 2
    if not rows:
        print(f"audit_events: {args.db} holds no events", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    for i, (article, data) in enumerate(rng.sample(rows, min(args.n, len(rows)))):
        ev = json.loads(data)
        names = dict(conn.execute("SELECT id, name FROM actors WHERE article = ?", (article,)))
        print(f"[{i}] {ev['type']} {ev['cameo']} {ev.get('mode')} trigger={ev['trigger']!r} "
              f"source={names.get(ev['source'])!r} target={names.get(ev['target'])!r} {ev['status']}")
        print("    " + ev["evidence"]["text"].replace("\n", " ")[:400])
    return 0


if __name__ == "__main__":
    sys.exit(main())
