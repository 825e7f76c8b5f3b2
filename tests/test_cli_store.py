"""The store commands through click's CliRunner and main(): output forms, filters, exit codes."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from eventwire.cli import cli, main
from eventwire.store import Store
from store_helpers import make_result


@pytest.fixture
def db(db_url):  # a SQLite file, then a PostgreSQL URL (conftest.db_url)
    path = db_url
    with Store(path) as s:
        s.write(make_result("Norland", "Southland", "REJECT", "2024-03-04"))
        s.write(make_result("Eastland", "Westland", "ASSAULT", "2024-05-20", "alleged",
                            published="2024-05-21", country="EAS", quote="the attack was planned"))
        from eventwire.errors import InputError
        s.log_rejection(InputError("empty text", "in/empty.txt"))
    return str(path)


def run(*args, env=None):
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result


def exit_code(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    return exc.value.code, capsys.readouterr()


def test_stats_json_has_exactly_the_contract_keys(db):
    r = run("stats", "--db", db, "--format", "json")
    assert r.exit_code == 0
    assert json.loads(r.output) == {"articles": 2, "events": 2, "statements": 2, "actors": 4, "errors": 1}


def test_stats_table_lists_rejections_by_reason(db):
    r = run("stats", "--db", db)
    assert r.exit_code == 0
    assert "articles" in r.output and "empty text" in r.output and "in/empty.txt" in r.output


def test_db_from_the_environment(db):
    r = run("stats", "--format", "json", env={"EVENTWIRE_DB": db})
    assert json.loads(r.output)["articles"] == 2


def test_events_jsonl_with_filters(db):
    r = run("events", "--db", db, "--format", "jsonl", "--type", "assault")
    rows = [json.loads(x) for x in r.output.splitlines()]
    assert [e["type"] for e in rows] == ["ASSAULT"]
    assert rows[0]["status"] == "alleged" and rows[0]["source_actor"]["name"] == "Eastland"
    r = run("events", "--db", db, "--format", "jsonl", "--until", "2024-04")
    assert [json.loads(x)["type"] for x in r.output.splitlines()] == ["REJECT"]


def test_events_csv_has_flat_columns(db):
    r = run("events", "--db", db, "--format", "csv", "--actor", "south")
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert len(rows) == 1
    assert rows[0]["source_name"] == "Norland" and rows[0]["target_name"] == "Southland"
    assert rows[0]["cameo"] == "12" and rows[0]["location"] == "Geneva"


def test_events_table_is_readable(db):
    r = run("events", "--db", db)
    assert r.exit_code == 0
    assert "REJECT" in r.output and "ASSAULT" in r.output and "Norland" in r.output
    assert "no events match" in run("events", "--db", db, "--type", "AID").output


def test_statements_command(db):
    r = run("statements", "--db", db, "--format", "jsonl", "--text", "attack")
    rows = [json.loads(x) for x in r.output.splitlines()]
    assert [s["content"] for s in rows] == ["the attack was planned"]
    r = run("statements", "--db", db)
    assert "talks would go on" in r.output


def test_export_each_format(db, tmp_path):
    out = tmp_path / "e.parquet"
    r = run("export", "--db", db, "--format", "parquet", "-o", str(out))
    assert r.exit_code == 0
    pq = pytest.importorskip("pyarrow.parquet")
    assert pq.read_table(out).num_rows == 2
    r = run("export", "--db", db, "--format", "jsonl")
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(recs) == 2 and all(x["schema"] == "eventwire/1" for x in recs)
    r = run("export", "--db", db, "--format", "csv", "--table", "statements", "-o", str(tmp_path / "s.csv"))
    assert len(list(csv.DictReader(open(tmp_path / "s.csv", encoding="utf-8")))) == 2


@pytest.mark.parametrize("argv,match", [
    (["events", "--since", "last tuesday"], "--since"),
    (["events", "--type", "PARTY"], "--type"),
    (["statements", "--kind", "shouted"], "--kind"),
    (["export", "--format", "parquet"], "-o"),
    (["events", "--limit", "-3"], "limit"),
])
def test_usage_errors_exit_2(db, capsys, argv, match):
    code, out = exit_code(argv + ["--db", db], capsys)
    assert code == 2
    assert match in out.err


def test_a_missing_store_is_a_usage_error_and_is_not_created(tmp_path, capsys):
    missing = tmp_path / "nothing.db"
    code, out = exit_code(["events", "--db", str(missing)], capsys)
    assert code == 2 and "no store here" in out.err
    assert not missing.exists()
