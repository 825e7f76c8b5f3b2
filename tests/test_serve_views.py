"""Timeline, network, threads and CSV rows over event records (no server, no store)."""
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


def test_timeline_counts_days_and_types():
    events = [ev("e1", "REJECT", "2025-06-02"), ev("e2", "REJECT", "2025-06-02"),
              ev("e3", "AGREE", "2025-06-07/2025-06-08"), ev("e4", "AGREE", "2025-06"), ev("e5", "AID")]
    tl = views.timeline(events)
    assert tl["days"] == [{"date": "2025-06-02", "counts": {"REJECT": 2}, "total": 2},
                          {"date": "2025-06-07", "counts": {"AGREE": 1}, "total": 1}]
    assert tl["undated"] == 2 and tl["types"] == ["REJECT", "AGREE"]


def test_network_weights_and_keys():
    events = [ev("e1", "ACCUSE", src="Norland", tgt="Southland"),
              ev("e2", "ACCUSE", src="Norland", tgt="Southland", article="h2"),
              ev("e3", "REJECT", src="Southland", tgt="Norland"),
              ev("e4", "ASSAULT", src="Norland", tgt=None)]
    net = views.network(events)
    assert {(e["type"], e["weight"]) for e in net["edges"]} == {("ACCUSE", 2), ("REJECT", 1)}
    assert [n["label"] for n in net["nodes"]] == ["Norland", "Southland"]
    assert net["nodes"][0]["weight"] == 3
    assert views.network(events, max_edges=1)["truncated"] is True


def test_threads_pair_answers_within_one_article():
    events = [ev("e1", "REQUEST", "2025-06-02"), ev("e2", "REJECT", "2025-06-04", responds_to="e1"),
              ev("e1", "REQUEST", article="h2"), ev("e9", "AGREE", article="h3", responds_to="e1")]
    th = views.threads(events)
    assert len(th) == 2
    first = next(t for t in th if t["article"] == "h1")
    assert first["proposal"]["type"] == "REQUEST" and [a["id"] for a in first["answers"]] == ["e2"]
    orphan = next(t for t in th if t["article"] == "h3")
    assert orphan["proposal"] is None  # e1 of h3 is not among the events given


def test_csv_lines_round_trip():
    text = "".join(views.csv_lines([ev("e1", "ASSAULT", "2025-06-03", src="Norland", tgt="Southland")]))
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert list(row) == views.CSV_COLUMNS
    assert row["article"] == "h1" and row["source_name"] == "Norland" and row["killed"] == "3"
    assert row["evidence"] == "Hello, \"world\"\nnext" and row["location"] == "Lakeview"
