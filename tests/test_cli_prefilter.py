"""`--prefilter` on `extract` and `ingest`: the same records as without it on text the project wrote."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

TEXT = ("The weather in the capital was mild on Sunday, and the markets were closed for the holiday. "
        "Many families spent the afternoon in the parks along the river.\n\n"
        "Later that day, the interior minister of Norland said police had arrested twelve protesters "
        "outside parliament. \"We will not tolerate violence,\" she told reporters. Southland's army "
        "shelled a border village overnight, killing two civilians, according to local officials.")


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.model
def test_extract_with_prefilter_gives_the_same_records():
    base = ["extract", "--text", TEXT, "--published", "2024-05-06", "--format", "json"]
    plain, filtered = cli(*base), cli(*base, "--prefilter")
    assert plain.returncode == 0 and filtered.returncode == 0, plain.stderr + filtered.stderr
    a, b = json.loads(plain.stdout), json.loads(filtered.stdout)
    assert a["events"] and a["statements"]
    assert a == b


@pytest.mark.model
def test_ingest_with_prefilter_stores_the_same_counts(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x1", "text": TEXT, "published": "2024-05-06"}) + "\n")
    counts = []
    for flag in ([], ["--prefilter"]):
        db = tmp_path / f"s{len(counts)}.db"
        out = cli("ingest", str(src), "--db", str(db), "--no-progress", *flag)
        assert out.returncode == 0, out.stderr
        con = sqlite3.connect(db)
        counts.append(tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                            for t in ("articles", "events", "statements")))
        con.close()
    assert counts[0] == counts[1] and counts[0][1] > 0
