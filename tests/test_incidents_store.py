"""Incidents in the store, on SQLite and PostgreSQL: linked as articles are written, the same partition
whatever the order, with several writers at once, after a kill -9 and a rerun, after re-ingesting;
the `incidents` command, the API and the HTTP routes."""
from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire import api
from eventwire.cli import cli
from eventwire.errors import UsageError
from eventwire.resolve import incident_reports as feats
from eventwire.resolve import incidents as inc
from eventwire.store import Store
from eventwire.store.incidents import partition, relink
from incident_helpers import EXPECTED_GROUPS, random_articles, story_articles

ROOT = Path(__file__).resolve().parents[1]
PY = [sys.executable, "-c"]


def expected_partition(results) -> dict[str, str]:
    """The incidents by the rule over all pairs, with no store and no blocking."""
    return inc.partition([r for res in results for r in feats.reports(res)])


def stored(db_url, results) -> dict[str, str]:
    with Store(db_url) as s:
        for res in results:
            s.write(res)
        return partition(s)


def fresh(db_url, name: str) -> str:
    """Another new store beside `db_url` (a second SQLite file, another PostgreSQL database)."""
    if db_url.startswith("postgresql"):
        base, _, db = db_url.rpartition("/")
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{db}_{name}"')
        return f"{base}/{db}_{name}"
    return str(Path(db_url).with_name(f"{name}.db"))


def test_linking_in_the_store_equals_the_rule_over_all_pairs(db_url):
    results = story_articles()
    got = stored(db_url, results)
    assert got == expected_partition(results)
    refs = {f"{res.article.id}/{e.id}": f"{res.article.hash}/{e.id}" for res in results
            for e in res.events}
    for group in EXPECTED_GROUPS:
        assert len({got[refs[r]] for r in group}) == 1, group
    assert len(set(got.values())) < len(got)


def test_the_partition_is_the_same_in_any_order_and_bridges_relabel(db_url):
    results = random_articles(70, seed=21) + story_articles()
    want = expected_partition(results)
    assert stored(db_url, results) == want
    rng = random.Random(8)
    for n in range(2):
        order = results[:]
        rng.shuffle(order) if n else order.reverse()
        assert stored(fresh(db_url, f"order{n}"), order) == want


def test_the_chain_is_linked_when_its_middle_comes_last(db_url):
    by_ref = {res.article.id: res for res in story_articles()}
    with Store(db_url) as s:
        s.write(by_ref["c1"])
        s.write(by_ref["c3"])
        before = partition(s)
        assert len(set(before.values())) == 2  # nothing relates the two ends
        s.write(by_ref["c2"])
        after = partition(s)
    assert len(set(after.values())) == 1
    assert set(after.values()) == {inc.incident_id(after)}


def test_rewriting_and_relinking_change_nothing(db_url):
    results = random_articles(40, seed=4)
    with Store(db_url) as s:
        for res in results:
            assert s.write(res)
        first = partition(s)
        assert not any(s.write(res) for res in results)  # re-ingested: skipped whole
        assert partition(s) == first
        assert relink(s) == len(set(first.values()))
        assert partition(s) == first
        n_reports = s.execute("SELECT COUNT(*) FROM incident_reports").fetchone()[0]
        assert n_reports == s.stats()["events"]


WRITER = """
import json, sys, time
from eventwire.store import Store
from incident_helpers import random_articles
url, picks, pause = sys.argv[1], [int(i) for i in sys.argv[2].split(",")], float(sys.argv[3])
results = random_articles(60, seed=13)
with Store(url) as s:
    for i in picks:
        s.write(results[i])
        print(i, flush=True)
        time.sleep(pause)
"""


def _writer(db_url, picks, pause=0.0):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests")}
    return subprocess.Popen(PY + [WRITER, db_url, ",".join(map(str, picks)), str(pause)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_concurrent_writers_give_the_partition_of_one_writer(db_url):
    """Four processes write overlapping shares at once; linking is serialised by the store's
    lock, so the incidents are those of all the articles, however the writes interleave."""
    results = random_articles(60, seed=13)
    Store(db_url).close()
    idx = list(range(60))
    shares = [idx[0:40], idx[20:60][::-1], idx[10:50], idx[::2]]
    procs = [_writer(db_url, share) for share in shares]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [e[-2000:] for _, e in outs]
    with Store(db_url) as s:
        assert s.stats()["articles"] == 60
        assert partition(s) == expected_partition(results)


def test_a_killed_ingest_rerun_gives_the_same_incidents(db_url):
    results = random_articles(60, seed=13)
    Store(db_url).close()
    proc = _writer(db_url, list(range(60)), pause=0.05)
    done = 0
    while done < 15:  # let it store some articles, then kill -9 in the middle of the run
        line = proc.stdout.readline()
        assert line, proc.stderr.read()[-2000:]
        done += 1
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    with Store(db_url) as s:
        n = s.stats()["articles"]
        assert 15 <= n < 60
        # nothing half-done: every stored record has its incident and its features
        assert s.execute("SELECT COUNT(*) FROM events WHERE incident IS NULL").fetchone()[0] == 0
        assert s.execute("SELECT COUNT(*) FROM incident_reports").fetchone()[0] == s.stats()["events"]
    rerun = _writer(db_url, list(range(60)))
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err[-2000:]
    with Store(db_url) as s:
        assert s.stats()["articles"] == 60
        assert partition(s) == expected_partition(results)


# --- reading incidents ---------------------------------------------------------------------------

@pytest.fixture
def story_db(db_url):
    with Store(db_url) as s:
        for res in story_articles():
            s.write(res)
    return db_url


def test_incidents_rows_count_records_articles_and_outlets(story_db):
    rows = api.incidents(story_db, limit=None, min_confidence=0)
    assert sum(r["events"] for r in rows) == api.stats(story_db)["events"]
    assert len(rows) == api.count_incidents(story_db, min_confidence=0)
    strike = [r for r in rows if r["type"] == "ASSAULT" and r["date_start"] == "2025-06-03"
              and r["place"] == "Kharkiv"]
    assert len(strike) == 1
    s = strike[0]
    assert (s["events"], s["articles"], s["sources"]) == (2, 2, 2)
    assert s["source"] == "RUSMIL" and s["country"] == "UKR" and s["first_seen"] == "2025-06-03"
    reject = [r for r in rows if r["type"] == "REJECT" and r["source"] == "RUS"]
    assert [(r["events"], r["articles"], r["sources"]) for r in reject] == [(3, 2, 2)]
    assert reject[0]["date_start"] == "2025-06-04"
    # filters are the events' filters: an incident is listed when one of its records matches
    only = api.incidents(story_db, actor="Putin", type="REJECT", min_confidence=0)
    assert [r["id"] for r in only] == [reject[0]["id"]] and only[0]["events"] == 2
    assert api.incidents(story_db, since="2025-07-01", until="2025-07-31", min_confidence=0)[0]["events"] == 3
    dates = [r["date_start"] for r in api.incidents(story_db, limit=None, min_confidence=0,
                                                     newest_first=False)]
    assert dates == sorted(dates)


def test_incidents_come_in_the_order_of_their_newest_record_and_page_alike(story_db, monkeypatch):
    """Newest first, an incident comes where its newest matching record comes in the events'
    list (oldest first: its oldest); pages read only a window of records and agree with the
    whole listing, also when a page needs several windows."""
    from eventwire.store import incidents as store_incidents

    monkeypatch.setattr(store_incidents, "first_window", lambda wanted: 1)
    for newest in (True, False):
        for filters in ({"min_confidence": 0}, {"min_confidence": 0, "type": "REJECT"}):
            evs = api.query_events(story_db, limit=None, newest_first=newest, **filters)
            want = list(dict.fromkeys(e["incident"] for e in evs))
            rows = api.incidents(story_db, limit=None, newest_first=newest, **filters)
            assert [r["id"] for r in rows] == want and len(want) >= 2
            for size in (1, 2, 3):
                paged = []
                for offset in range(0, len(want) + size, size):
                    paged += api.incidents(story_db, limit=size, offset=offset,
                                           newest_first=newest, **filters)
                assert paged == rows


def test_one_incident_with_every_record_and_its_evidence(story_db):
    rows = api.incidents(story_db, limit=None, min_confidence=0, type="REJECT", actor="Putin")
    one = api.get_incident(story_db, rows[0]["id"])
    assert one["id"] == rows[0]["id"] and one["events"] == 3 and len(one["records"]) == 3
    for rec in one["records"]:
        assert rec["incident"] == one["id"]
        art = api.get_article(story_db, rec["article"]["hash"])
        ev = rec["evidence"]
        assert art["article"]["text"][ev["start"]:ev["end"]] == ev["text"]
        assert rec["article"]["source"] in ("Wire Two", "Wire Three")
    assert api.get_incident(story_db, "0" * 16) is None


def test_events_and_records_carry_their_incident(story_db):
    evs = api.query_events(story_db, limit=None, min_confidence=0)
    assert evs and all(e["incident"] for e in evs)
    with Store(story_db) as s:
        for rec in s.records():
            for e in rec["events"]:
                assert e["incident"] == partition(s)[f"{rec['article']['hash']}/{e['id']}"]


def test_incidents_command_table_csv_jsonl(story_db):
    def run(*args):
        r = CliRunner().invoke(cli, ["incidents", "--db", story_db, "--min-confidence", "0", *args],
                               catch_exceptions=False)
        assert r.exit_code == 0, r.output
        return r.stdout

    lines = [json.loads(x) for x in run("--format", "jsonl", "--limit", "100").splitlines()]
    assert len(lines) == api.count_incidents(story_db, min_confidence=0)
    assert set(lines[0]) >= {"id", "type", "source", "target", "date_start", "date_end", "place",
                             "first_seen", "events", "articles", "sources"}
    rows = list(csv.DictReader(io.StringIO(run("--format", "csv", "--type", "ASSAULT"))))
    assert rows and {r["type"] for r in rows} == {"ASSAULT"}
    table = run("--type", "REJECT", "--actor", "Putin")
    assert "REJECT" in table and "2025-06-04" in table
    ev = CliRunner().invoke(cli, ["events", "--db", story_db, "--format", "jsonl",
                                  "--min-confidence", "0"], catch_exceptions=False)
    assert all(json.loads(x)["incident"] for x in ev.stdout.splitlines())
    bad = CliRunner().invoke(cli, ["incidents", "--db", story_db, "--since", "soon"])
    assert isinstance(bad.exception, UsageError) and "--since 'soon'" in str(bad.exception)


def test_a_store_written_before_incidents_is_told_to_relink(story_db):
    with Store(story_db) as s:
        want = partition(s)
        s.execute("UPDATE events SET incident = NULL")
        s.execute("DELETE FROM incident_blocks")
        s.execute("DELETE FROM incident_reports")
    r = CliRunner().invoke(cli, ["incidents", "--db", story_db, "--min-confidence", "0"],
                           catch_exceptions=False)
    assert "--relink" in r.stderr and "no incidents match" in r.stdout
    r = CliRunner().invoke(cli, ["incidents", "--db", story_db, "--relink", "--format", "jsonl"],
                           catch_exceptions=False)
    assert "linked" in r.stderr and "--relink" not in r.stderr
    with Store(story_db) as s:
        assert partition(s) == want


def test_http_incidents_routes(tmp_path):
    from test_serve_fixtures import Live

    db = str(tmp_path / "story.db")
    stored(db, story_articles())
    srv = Live(db)
    try:
        page = srv.get("/api/incidents", min_confidence="0", total="true", limit="3").json()
        assert page["total"] == api.count_incidents(db, min_confidence=0)
        assert len(page["items"]) == 3 and page["next_offset"] == 3
        first = page["items"][0]
        one = srv.get(first["incident_url"]).json()
        assert one["id"] == first["id"] and len(one["records"]) == one["events"]
        assert all(r["article_url"].startswith("/api/article/") for r in one["records"])
        assert srv.get("/api/incidents", type="PARTY").status_code == 400
        assert srv.get("/api/incidents/" + "f" * 16).status_code == 404
    finally:
        srv.close()


@pytest.mark.model  # parses with the real pipeline
def test_real_ingest_in_two_orders_and_two_processes_gives_one_partition(tmp_path):
    """The real pipeline over the example articles plus three short reports of one strike:
    `eventwire ingest` in two orders, and with two worker processes, gives the same incidents,
    and the three reports of the strike are one incident."""
    from eventwire.cli.store_cmds import example_paths

    reports = [
        {"id": "s1", "published": "2025-06-04", "source": "Wire One",
         "text": "Russian forces shelled the city of Kharkiv on Tuesday, killing three civilians, "
                 "Ukrainian officials said."},
        {"id": "s2", "published": "2025-06-04", "source": "Wire Two",
         "text": "Russian forces shelled Kharkiv on Tuesday and three civilians were killed, the "
                 "regional governor said."},
        {"id": "s3", "published": "2025-06-05", "source": "Wire Three",
         "text": "On Tuesday Russian forces shelled Kharkiv, killing three people."},
    ]
    for path in example_paths():  # the examples as JSONL records, with their sidecar metadata
        meta = json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))
        reports.append({"id": Path(path).stem, "text": Path(path).read_text(encoding="utf-8"),
                        "title": meta.get("title"), "published": meta.get("published"),
                        "source": meta.get("source")})
    runs = {"forward": (reports, []), "backward": (reports[::-1], []),
            "processes": (reports[3:] + reports[:3], ["--processes", "2"])}
    parts = {}
    for name, (items, extra) in runs.items():
        src, db = tmp_path / f"{name}.jsonl", str(tmp_path / f"{name}.db")
        src.write_text("".join(json.dumps(r) + "\n" for r in items), encoding="utf-8")
        p = subprocess.run([sys.executable, "-c", "from eventwire.cli import main; main()",
                            "ingest", str(src), "--db", db, "--no-progress", "--batch-size", "2",
                            "--min-confidence", "0.3", *extra],
                           capture_output=True, text=True, timeout=600)
        assert p.returncode == 0, p.stderr[-2000:]
        with Store(db) as s:
            parts[name] = partition(s)
            strike = s.execute(
                "SELECT e.incident FROM events e JOIN articles a ON a.hash = e.article "
                "WHERE a.ref IN ('s1', 's2', 's3') AND e.type = 'ASSAULT' "
                "AND e.data LIKE '%\"trigger\":\"shelled\"%'").fetchall()
        assert len(strike) >= 3 and len({r[0] for r in strike}) == 1
    assert parts["forward"] == parts["backward"] == parts["processes"]


def test_many_orders_in_memory_give_one_partition():
    """Many random orders of one set (in-memory SQLite, fast): every order gives the partition of
    the rule over all pairs. (An order where a new article meets one stored incident through two
    unrelated records once split that incident between two labels.)"""
    results = random_articles(60, seed=13)
    want = expected_partition(results)
    rng = random.Random(31)
    for _ in range(25):
        order = results[:]
        rng.shuffle(order)
        with Store(":memory:") as s:
            for res in order:
                s.write(res)
            assert partition(s) == want
