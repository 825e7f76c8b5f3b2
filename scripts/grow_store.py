#!/usr/bin/env python3
"""Grow a store to a given number of events with copies of its ingested articles (load tests).

    .venv/bin/python scripts/grow_store.py --db /tmp/big.db --events 1000000 \
        --seed ../shared/data/corpus/allsides/sample_wire_500.jsonl
    .venv/bin/python scripts/grow_store.py --db postgresql://USER@HOST/DB --events 1000000 --seed ...

With --seed, a store without articles first gets the seed file ingested (`eventwire ingest FILE
--min-confidence 0`: every candidate event is kept, so that copies multiply events faster; the
API's default confidence threshold still hides most of them, `min_confidence=0` shows all).
Then copy after copy of the ingested articles is added, each k * --shift-days later than the
original (eventwire.store.grow), until the store holds --events events (or --copies more
copies). Run it again to continue or to grow further. See docs/scale.md.
"""
from __future__ import annotations

import argparse
import json
import sys
import time


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="a SQLite file or postgresql://... URL")
    goal = ap.add_mutually_exclusive_group(required=True)
    goal.add_argument("--events", type=int, help="grow until the store holds this many events")
    goal.add_argument("--copies", type=int, help="add this many copies of the seed")
    ap.add_argument("--seed", help="a file to ingest first when the store holds no articles")
    ap.add_argument("--processes", type=int, default=2, help="worker processes for the seed ingest")
    ap.add_argument("--shift-days", type=int, default=7, help="copy k is k * this many days later")
    args = ap.parse_args(argv)

    from eventwire import api
    from eventwire.errors import EventwireError
    from eventwire.store import open_store, redact
    from eventwire.store.grow import grow

    try:
        store = open_store(args.db)
        if args.seed and store.stats()["articles"] == 0:
            t0 = time.perf_counter()
            summary = api.ingest(store, [args.seed], processes=args.processes, min_confidence=0)
            print(f"seed: {args.seed}: stored {summary.stored} articles in "
                  f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)

        def progress(k: int, events: int, seconds: float) -> None:
            print(f"copy {k}: {events:,} events, {seconds:.0f} s", file=sys.stderr, flush=True)

        report = grow(store, events=args.events, copies=args.copies, shift_days=args.shift_days,
                      progress=progress)
        store.close()
    except EventwireError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(json.dumps({"db": redact(args.db), **report.to_dict()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
