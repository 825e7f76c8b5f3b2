"""The store on each backend: idempotent, per-article atomic writes; migrations; rejections; exports."""
from __future__ import annotations

import csv
import json
import sqlite3

import pytest

import eventwire
from eventwire.errors import InputError, StoreError
from eventwire.model import Actor
from eventwire.store import SCHEMA_VERSION, Store
from eventwire.store.rows import date_span
from store_helpers import make_result


@pytest.fixture
def store(db_url):  # each test that takes it runs on SQLite and on PostgreSQL (conftest.db_url)
    with Store(db_url) as s:
        yield s


def test_open_creates_schema_with_wal_and_recorded_migrations(tmp_path):
    s = eventwire.open(str(tmp_path / "new.db"))
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    versions = [r[0] for r in s.conn.execute("SELECT version FROM migrations")]
    assert versions == list(range(1, SCHEMA_VERSION + 1))
    s.close()
    again = Store(tmp_path / "new.db")  # reopening applies nothing twice
    assert [r[0] for r in again.conn.execute("SELECT version FROM migrations")] == versions
    again.close()


def test_a_store_from_a_newer_eventwire_is_refused(tmp_path):
    p = tmp_path / "future.db"
    Store(p).close()
    with sqlite3.connect(p) as c:
        c.execute("INSERT INTO migrations VALUES (?, 'future', 'now')", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        Store(p)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    p = tmp_path / "notes.db"
    p.write_bytes(b"this is not sqlite at all, just some text" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        Store(p)


def test_query_never_creates_a_store(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        Store(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_write_is_idempotent_by_content_hash(store):
    res = make_result(n_events=2)
    assert store.has(res.article.hash) is False
    assert store.write(res) is True
    before = store.stats()
    assert before == {"articles": 1, "events": 2, "statements": 1, "actors": 2, "errors": 0}
    again = make_result(n_events=2)  # a new object with the same title and text
    assert store.write(again) is False
    assert store.stats() == before
    assert store.has(res.article.hash)


def test_a_failure_in_the_middle_of_a_write_leaves_nothing(store):
    store.write(make_result("Eastland", "Westland"))
    before = store.stats()
    bad = make_result("Norland", "Southland", n_events=3)
    bad.events[2].evidence = None  # fails after the article, actors and statements went in
    with pytest.raises(StoreError, match="not|could not"):
        store.write(bad)
    assert not store.has(bad.article.hash)
    assert store.stats() == before
    # a database-level failure (two actors with one id) rolls back the same way
    dup = make_result("Northland", "Southland")
    dup.actors.append(Actor("a1", "Someone else"))
    with pytest.raises(StoreError, match="not stored"):
        store.write(dup)
    assert not store.has(dup.article.hash)
    assert store.stats() == before
    # and the store still works afterwards
    assert store.write(make_result("Northland", "Southland"))
    assert store.stats()["articles"] == before["articles"] + 1


def test_rejections_are_logged_once_and_counted(store):
    err = InputError("bad JSONL line: Expecting value", "dump.jsonl", 7)
    assert store.log_rejection(err) is True
    assert store.log_rejection(InputError("bad JSONL line: Expecting value", "dump.jsonl", 7)) is False
    store.log_rejection(InputError("empty text", "a.txt"))
    store.log_rejection(InputError("bad JSONL line: Expecting value", "dump.jsonl", 9))
    assert store.stats()["errors"] == 3
    groups = store.rejections_by_reason()
    assert groups[0] == {"reason": "bad JSONL line: Expecting value", "count": 2,
                         "example": "dump.jsonl:7"}
    assert {g["reason"] for g in groups} == {"bad JSONL line: Expecting value", "empty text"}


def test_article_round_trip_by_hash_and_by_caller_id(store):
    res = make_result(ref="wire-42")
    store.write(res)
    rec = store.article(res.article.hash)
    assert rec == store.article("wire-42")
    assert rec["schema"] == "eventwire/1"
    assert rec["article"]["id"] == "wire-42" and rec["article"]["hash"] == res.article.hash
    assert rec["article"]["text"] == res.article.text
    # a stored event also carries its incident (linked when stored; docs/incidents.md)
    incident = store.execute("SELECT incident FROM events WHERE article = ?",
                             (res.article.hash,)).fetchone()[0]
    assert incident and rec["events"] == [{**e.to_dict(), "incident": incident} for e in res.events]
    assert rec["statements"] == [s.to_dict() for s in res.statements]
    assert rec["actors"] == [a.to_dict() for a in res.actors]
    assert store.article("nope") is None


@pytest.mark.parametrize("value,span", [
    ("2024-03-04", ("2024-03-04", "2024-03-04")),
    ("2024-02", ("2024-02-01", "2024-02-29")),
    ("2023", ("2023-01-01", "2023-12-31")),
    ("2025-06-07/2025-06-08", ("2025-06-07", "2025-06-08")),
    ("2025-W23", ("2025-06-02", "2025-06-08")),
    ("2025-06-04T10:00:00", ("2025-06-04", "2025-06-04")),
    ("soon", (None, None)),
    (None, (None, None)),
])
def test_date_span(value, span):
    assert date_span(value) == span


def _fill(store):
    store.write(make_result("Norland", "Southland", "REJECT", "2024-03-04", title="one"))
    store.write(make_result("Eastland", "Westland", "ASSAULT", "2024-05-20", "alleged",
                            published="2024-05-21", country="EAS", quote="the attack was planned"))
    store.write(make_result("Northland", "Norland", "AGREE", None, "expected",
                            published="2024-07-01", country="NTH", n_events=2))


def test_exports_read_back(store, tmp_path):
    _fill(store)
    n_events = store.stats()["events"]
    assert store.export("jsonl", tmp_path / "a.jsonl") == 3
    lines = [json.loads(x) for x in (tmp_path / "a.jsonl").read_text("utf-8").splitlines()]
    assert [r["schema"] for r in lines] == ["eventwire/1"] * 3
    assert sum(len(r["events"]) for r in lines) == n_events
    assert "text" not in lines[0]["article"]

    assert store.export("csv", tmp_path / "e.csv") == n_events
    with open(tmp_path / "e.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == n_events
    assault = next(r for r in rows if r["type"] == "ASSAULT")
    assert assault["source_name"] == "Eastland" and assault["source_country"] == "EAS"
    assert assault["target_name"] == "Westland" and assault["status"] == "alleged"
    assert assault["date"] == "2024-05-20" and float(assault["lat"]) == pytest.approx(46.2)
    assert assault["evidence"].startswith("Eastland rejected")
    assert assault["url"] == "https://example.org/eastland/assault"

    pq = pytest.importorskip("pyarrow.parquet")
    assert store.export("parquet", tmp_path / "e.parquet") == n_events
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == n_events
    assert set(table.column("type").to_pylist()) == {"REJECT", "ASSAULT", "AGREE"}
    assert str(table.schema.field("lat").type) == "double"

    assert store.export("csv", tmp_path / "s.csv", table="statements") == 3
    with open(tmp_path / "s.csv", newline="", encoding="utf-8") as fh:
        srows = list(csv.DictReader(fh))
    assert {r["content"] for r in srows} == {"talks would go on", "the attack was planned"}


def test_parquet_export_of_an_empty_store_has_the_columns(store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    assert store.export("parquet", tmp_path / "empty.parquet") == 0
    table = pq.read_table(tmp_path / "empty.parquet")
    assert table.num_rows == 0 and "evidence" in table.column_names
