"""CSV rows over event records (no server, no store); the views' aggregates are tested in
tests/test_store_aggregates.py."""
from __future__ import annotations

import csv
import io

from eventwire.serve import views


def ev(eid, type_, date=None, src=None, tgt=None, article="h1", responds_to=None, country=None):
    actor = lambda name: name and {"id": name[:2], "name": name, "country": country, "canonical": None}  # noqa: E731
    return {"id": eid, "type": type_, "date": {"value": date}, "source": "a1", "target": "a2",
            "source_actor": actor(src), "target_actor": actor(tgt), "responds_to": responds_to,
            "article": {"id": "caller-id", "hash": article, "url": "https://example.org/a"},
            "evidence": {"sentence": 0, "start": 0, "end": 5, "text": "Hello, \"world\"\nnext"},
            "quantities": {"killed": 3}, "location": {"name": "Lakeview", "lat": 1.5}, "status": "asserted"}


def test_csv_lines_round_trip():
    text = "".join(views.csv_lines([ev("e1", "ASSAULT", "2025-06-03", src="Norland", tgt="Southland")]))
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert list(row) == views.CSV_COLUMNS
    assert row["article"] == "h1" and row["source_name"] == "Norland" and row["killed"] == "3"
    assert row["evidence"] == "Hello, \"world\"\nnext" and row["location"] == "Lakeview"
