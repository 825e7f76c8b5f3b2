#!/usr/bin/env python
"""Fuzz every reader with generated hostile input and report what broke.

    .venv/bin/python scripts/fuzz_readers.py --n 100000 [--seed 1] [--out DIR]

Inputs come from the hypothesis strategies in tests/hostile_inputs.py: documents of every format
(text, JSONL, JSON, CSV, TSV, HTML, RSS, Atom), damaged, sometimes gzipped or cut, under true,
false or no extensions, read by name or with a forced --format; folders of them with sidecars;
arbitrary bytes. Each goes through eventwire.ingest.read_source from a real file, as `eventwire
ingest` reads it, under a time limit. A finding is: an exception out of the reader, a rejection
from the per-file catch-all ("unexpected error", a crash in disguise), an Article that breaks the
contract, an input over the time limit, or one during which the process grew by over --rss-mb.
Each finding is saved under --out (the files, base64, in one JSON each) to be replayed with
--replay FILE. Exit code 1 when anything was found.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import logging
import resource
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import seed as hypothesis_seed  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from eventwire.errors import InputError, UsageError  # noqa: E402
from eventwire.ingest import read_source  # noqa: E402
from eventwire.model import Article  # noqa: E402
from hostile_inputs import (FORMATS, FileCase, Timeout, file_case, folder_case, hostile,  # noqa: E402
                            problems, time_limit)

READERS = ("text", "jsonl", "json", "csv", "tsv", "html", "feed")
CHUNK = 2_000  # examples per hypothesis run: its bookkeeping grows with the examples of a run


@st.composite
def case(draw) -> tuple[str, list[FileCase], str | None, str]:
    """(kind, files, forced format, target) for one input."""
    kind = draw(st.sampled_from(["file"] * 6 + ["forced"] * 2 + ["folder", "bytes"]))
    if kind == "file":
        f = draw(file_case())
        return f"file:{f.fmt}", [f], None, f.name
    if kind == "forced":
        fmt, reader = draw(st.sampled_from(FORMATS)), draw(st.sampled_from(READERS))
        return f"forced:{reader}", [FileCase("input.bin", draw(hostile(fmt)), fmt)], reader, \
            "input.bin"
    if kind == "folder":
        return "folder", draw(folder_case()), None, ""
    return "bytes", [FileCase("download", draw(st.binary(max_size=8192)), "text")], None, \
        "download"


class Fuzz:
    def __init__(self, out: Path, timeout: float, rss_mb: float):
        self.out, self.timeout, self.rss_mb = out, timeout, rss_mb
        self.count = 0
        self.kinds: Counter = Counter()
        self.outcomes: Counter = Counter()
        self.findings: dict[str, dict] = {}
        self.slowest: list[tuple[float, str]] = []

    def run_one(self, kind: str, files: list[FileCase], fmt: str | None, target: str) -> None:
        self.count += 1
        self.kinds[kind.split(":")[0]] += 1
        found: list[str] = []
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory() as d:
            root = Path(d)
            for f in files:
                f.write(root)
            try:
                with time_limit(self.timeout):
                    items = list(read_source(str(root / target), fmt=fmt))
            except Timeout:
                items, found = [], [f"hang: over {self.timeout} s"]
            except (InputError, UsageError) as exc:  # raised, where readers should yield
                items, found = [], [f"raised {type(exc).__name__}: {exc}"]
            except Exception as exc:
                tb = traceback.extract_tb(exc.__traceback__)[-1]
                items = []
                found = [f"crash {type(exc).__name__} at {Path(tb.filename).name}:{tb.lineno}: "
                         f"{str(exc)[:200]}"]
        seconds = time.perf_counter() - t0
        grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
        if grew > self.rss_mb:
            found.append(f"memory: the process grew by {grew:.0f} MB")
        found += problems(items)
        self.outcomes["articles"] += sum(isinstance(i, Article) for i in items)
        self.outcomes["rejections"] += sum(isinstance(i, InputError) for i in items)
        self.slowest = sorted(self.slowest + [(seconds, kind)], reverse=True)[:5]
        for problem in found:
            self.record(problem, kind, files, fmt, target)

    def record(self, problem: str, kind: str, files: list[FileCase], fmt: str | None,
               target: str) -> None:
        signature = problem.split(":")[0] + ":" + problem.split(":")[1][:80] \
            if ":" in problem else problem
        entry = self.findings.setdefault(signature, {"problem": problem, "count": 0, "kind": kind})
        entry["count"] += 1
        if entry["count"] == 1:
            self.out.mkdir(parents=True, exist_ok=True)
            name = hashlib.sha256(signature.encode()).hexdigest()[:12] + ".json"
            (self.out / name).write_text(json.dumps({
                "problem": problem, "kind": kind, "format": fmt, "target": target,
                "files": [{"name": f.name, "data": base64.b64encode(f.data).decode()}
                          for f in files]}, indent=1))
            entry["saved"] = str(self.out / name)
            print(f"  finding: {problem} ({kind}) -> {entry['saved']}", flush=True)


def replay(path: Path) -> int:
    """Read a saved finding again and print what comes out."""
    saved = json.loads(path.read_text())
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        for f in saved["files"]:
            FileCase(f["name"], base64.b64decode(f["data"]), "").write(root)
        items = list(read_source(str(root / saved["target"]), fmt=saved["format"]))
    for item in items:
        print(type(item).__name__, getattr(item, "reason", None) or getattr(item, "text", "")[:80])
    print("problems:", problems(items) or "none")
    return 1 if problems(items) else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="inputs to generate (default 100000)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the first run of inputs")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per input before it "
                    "counts as a hang (default 30)")
    ap.add_argument("--rss-mb", type=float, default=500.0, help="growth of the process during "
                    "one input that counts as a finding (default 500 MB)")
    default_out = Path(tempfile.gettempdir()) / "eventwire-fuzz-findings"
    ap.add_argument("--out", type=Path, default=default_out,
                    help=f"folder for the inputs behind findings (default {default_out})")
    ap.add_argument("--replay", type=Path, help="read one saved finding again and stop")
    args = ap.parse_args(argv)
    if args.replay:
        return replay(args.replay)
    logging.disable(logging.CRITICAL)  # readers log malformed feeds and recovered crashes
    import warnings

    warnings.simplefilter("ignore")
    fuzz = Fuzz(args.out, args.timeout, args.rss_mb)
    t0 = time.perf_counter()
    runs = 0
    while fuzz.count < args.n:
        todo = min(CHUNK, args.n - fuzz.count)

        @hypothesis_seed(args.seed + runs)
        @settings(max_examples=todo, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(c=case())
        def one(c):
            fuzz.run_one(*c)

        before = fuzz.count
        one()
        runs += 1
        if fuzz.count == before:
            break  # hypothesis found nothing new to generate
        elapsed = time.perf_counter() - t0
        print(f"{fuzz.count:,} inputs, {elapsed:,.0f} s, {fuzz.count / elapsed:,.0f}/s, "
              f"{len(fuzz.findings)} findings", flush=True)
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = {"inputs": fuzz.count, "seconds": round(elapsed, 1),
              "per_second": round(fuzz.count / elapsed, 1), "peak_rss_mb": round(peak),
              "kinds": dict(fuzz.kinds), "outcomes": dict(fuzz.outcomes),
              "slowest": [{"seconds": round(s, 2), "kind": k} for s, k in fuzz.slowest],
              "findings": list(fuzz.findings.values())}
    print(json.dumps(report, indent=1))
    print(f"fuzz_readers: inputs={fuzz.count} seconds={elapsed:.0f} findings={len(fuzz.findings)}")
    return 1 if fuzz.findings else 0


if __name__ == "__main__":
    sys.exit(main())
