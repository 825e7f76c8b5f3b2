"""The two store backends: picking one from --db, PostgreSQL's dialect, its errors, several writers
at once, and the same stored records and query results from SQLite and from PostgreSQL.

The PostgreSQL tests run against a real server that the test session starts (conftest.pg_server).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire import api
from eventwire.cli import cli
from eventwire.errors import StoreError, StoreNotFound, StoreUnreachable, UsageError
from eventwire.store import SCHEMA_VERSION, Store, locate, open_store, redact
from eventwire.store.schema import MIGRATIONS
from pg_server import free_port
from store_helpers import make_result

ROOT = Path(__file__).resolve().parents[1]
PY = [sys.executable, "-c"]


# --- picking the backend (no server needed) -------------------------------------------------------

@pytest.mark.parametrize("db,backend,target", [
    ("eventwire.db", "sqlite", "eventwire.db"),
    ("data/wire.db", "sqlite", "data/wire.db"),
    ("sqlite:///data/wire.db", "sqlite", "data/wire.db"),
    ("sqlite:////tmp/wire.db", "sqlite", "/tmp/wire.db"),
    ("sqlite://", "sqlite", ":memory:"),
    (":memory:", "sqlite", ":memory:"),
    ("postgresql://ew@db.example:5432/events", "postgresql", "postgresql://ew@db.example:5432/events"),
    ("postgres://ew@db.example/events", "postgresql", "postgres://ew@db.example/events"),
    ("POSTGRESQL://db.example/events", "postgresql", "POSTGRESQL://db.example/events"),
])
def test_the_backend_comes_from_the_db_value(db, backend, target):
    loc = locate(db)
    assert (loc.backend, loc.target) == (backend, target)


@pytest.mark.parametrize("db,match", [
    ("mysql://u@h/db", "mysql:// is not a kind of store"),
    ("sqlite://relative.db", "three slashes"),
])
def test_a_db_value_no_backend_takes_is_a_usage_error(db, match):
    with pytest.raises(UsageError, match=match):
        locate(db)
    with pytest.raises(UsageError, match=match):
        Store(db)


def test_passwords_never_reach_messages():
    assert redact("postgresql://ew:s3cret@h:5432/db") == "postgresql://ew:***@h:5432/db"
    assert redact("postgresql://ew@h/db") == "postgresql://ew@h/db"
    assert locate("postgresql://ew:s3cret@h/db").display == "postgresql://ew:***@h/db"
    with pytest.raises(UsageError) as exc:
        locate("mysql://root:s3cret@h/db")
    assert "s3cret" not in str(exc.value)


def test_sqlite_url_and_path_open_the_same_file(tmp_path):
    with Store(f"sqlite:///{tmp_path}/a.db") as s:
        assert type(s).__name__ == "SQLiteStore" and s.path == f"{tmp_path}/a.db"
        s.write(make_result())
    with open_store(tmp_path / "a.db", create=False) as s:
        assert s.stats()["articles"] == 1
    with pytest.raises(StoreNotFound):
        open_store(f"sqlite:///{tmp_path}/absent.db", create=False)


def test_postgresql_dialect_translations():
    from eventwire.store.postgresql import ddl, translate

    assert translate("SELECT '?', x FROM t WHERE a = ? AND b LIKE ? ESCAPE '\\'") == \
        "SELECT '?', x FROM t WHERE a = %s AND b LIKE %s ESCAPE '\\'"
    assert translate("SELECT '50%' WHERE a = ?") == "SELECT '50%%' WHERE a = %s"
    for _, _, steps in MIGRATIONS:
        for sql in steps:
            if callable(sql):  # a step of its own (PostgreSQL's trigram index), no translation
                continue
            out = ddl(sql)
            assert "REAL" not in out.replace("DOUBLE PRECISION", "") and "--" not in out
            if sql.lstrip().startswith("CREATE TABLE"):
                # SQLite's implicit rowid is explicit: storing order, and ORDER BY rowid, work
                assert ("rowid BIGINT GENERATED ALWAYS AS IDENTITY" in out) != \
                    ("INTEGER PRIMARY KEY" in sql)
                assert 'TEXT COLLATE "C"' in out


# --- PostgreSQL: opening, migrations, errors ---------------------------------------------------

def test_postgresql_store_is_created_with_recorded_migrations(pg_server):
    url = pg_server.new_database()
    s = Store(url)
    assert type(s).__name__ == "PostgresStore" and s.path == url
    versions = [r[0] for r in s.execute("SELECT version FROM migrations ORDER BY version")]
    assert versions == list(range(1, SCHEMA_VERSION + 1)) and s.schema_version() == SCHEMA_VERSION
    names = [r[0] for r in s.execute("SELECT name FROM migrations ORDER BY version")]
    assert names == [name for _, name, _ in MIGRATIONS]
    cols = {(r[0], r[1]): r[2] for r in s.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema()")}
    assert cols[("events", "lat")] == "double precision" and cols[("events", "rowid")] == "bigint"
    assert s.execute("SHOW synchronous_commit").fetchone()[0] == "off"
    s.close()
    again = Store(url, create=False)  # reopening applies nothing twice
    assert [r[0] for r in again.execute("SELECT version FROM migrations ORDER BY version")] == versions
    again.close()


def test_several_processes_open_a_new_database_at_once(pg_server):
    url = pg_server.new_database()
    code = ("import sys; from eventwire.store import Store; "
            "s = Store(sys.argv[1]); print(s.schema_version()); s.close()")
    procs = [subprocess.Popen(PY + [code, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [e for _, e in outs]
    assert {o.strip() for o, _ in outs} == {str(SCHEMA_VERSION)}
    with Store(url) as s:
        row = s.execute("SELECT COUNT(*), COUNT(DISTINCT version) FROM migrations").fetchone()
        assert tuple(row) == (SCHEMA_VERSION, SCHEMA_VERSION)


def test_a_postgresql_store_from_a_newer_eventwire_is_refused(pg_server):
    url = pg_server.new_database()
    with Store(url) as s:
        s.execute("INSERT INTO migrations VALUES (?, 'future', 'now')", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        Store(url)


def test_queries_never_create_a_postgresql_store(pg_server, capsys):
    url = pg_server.new_database()
    with pytest.raises(StoreNotFound, match="no eventwire store in this database"):
        Store(url, create=False)
    from eventwire.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["events", "--db", url])
    assert exc.value.code == 2 and "no eventwire store" in capsys.readouterr().err
    import psycopg

    with psycopg.connect(url) as conn:  # nothing was created
        assert conn.execute("SELECT to_regclass('migrations')").fetchone()[0] is None


def test_an_unreachable_server_is_a_clear_error(pg_server, capsys):
    from eventwire.cli import main

    url = f"postgresql://postgres@127.0.0.1:{free_port()}/events?connect_timeout=5"
    with pytest.raises(StoreUnreachable, match="cannot connect to PostgreSQL.*server is running"):
        Store(url)
    with pytest.raises(SystemExit) as exc:
        main(["stats", "--db", url])
    err = capsys.readouterr().err
    assert exc.value.code == 1 and err.startswith("error:") and "Traceback" not in err
    with pytest.raises(StoreUnreachable, match="createdb"):  # the server is there, the database not
        Store(pg_server.url("no_such_database"))


@pytest.mark.parametrize("url,match", [
    ("postgresql://postgres@127.0.0.1:notaport/db", "port 'notaport' is not a number"),
    ("postgresql://[::1/db", "not a PostgreSQL URL"),
    ("postgresql://postgres@127.0.0.1/db?colour=blue", "not a PostgreSQL URL"),
])
def test_a_malformed_url_is_a_usage_error(url, match, capsys):
    pytest.importorskip("psycopg")
    from eventwire.cli import main

    with pytest.raises(UsageError, match=match):
        Store(url)
    with pytest.raises(SystemExit) as exc:
        main(["events", "--db", url])
    assert exc.value.code == 2


def test_without_psycopg_a_postgresql_store_says_what_to_install(tmp_path):
    code = ("import sys; sys.modules['psycopg'] = None\n"  # as if it were not installed
            "from eventwire.cli import main; main(['stats', '--db', 'postgresql://u:pw@h/db'])")
    p = subprocess.run(PY + [code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 1
    assert "pip install 'eventwire[postgres]'" in p.stderr and "pw@" not in p.stderr
    # SQLite needs no psycopg
    code = ("import sys; sys.modules['psycopg'] = None\n"
            "from eventwire.cli import main; main(['demo', '--help'])")
    assert subprocess.run(PY + [code], capture_output=True, timeout=120).returncode == 0


# --- several writers at once -------------------------------------------------------------------

WRITER = """
import json, sys
from eventwire.store import Store
from store_helpers import make_result
url, names = sys.argv[1], sys.argv[2].split(",")
with Store(url) as s:
    stored = [n for n in names if s.write(make_result(n, "Southland", n_events=3))]
print(json.dumps(stored))
"""


def test_concurrent_writers_lose_and_double_nothing(db_url):
    """Processes writing overlapping articles at once: each is stored exactly once, whole."""
    Store(db_url).close()  # created first, as `eventwire ingest` does
    names = [f"Land{i}" for i in range(60)]
    shares = [names[0:40], names[20:60], names[10:50], names[::2]]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests")}
    procs = [subprocess.Popen(PY + [WRITER, db_url, ",".join(share)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for share in shares]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * len(procs), [e[-2000:] for _, e in outs]
    stored = [n for out, _ in outs for n in json.loads(out)]
    assert sorted(stored) == sorted(names)  # each article stored by exactly one writer
    with Store(db_url) as s:
        assert s.stats() == {"articles": 60, "events": 180, "statements": 60, "actors": 120,
                             "errors": 0}
        assert all(len(s.article(h)["events"]) == 3 for h in s.hashes())


def test_rejections_from_several_threads_are_logged_once(db_url):
    from eventwire.errors import InputError

    with Store(db_url) as s:
        errs = [InputError("bad line", "dump.jsonl", i % 7) for i in range(70)]
        with ThreadPoolExecutor(4) as pool:
            logged = list(pool.map(s.log_rejection, errs))
        assert sum(logged) == 7 and s.stats()["errors"] == 7


# --- the same results from both backends -------------------------------------------------------

TABLES = {  # every stored column but the time of storing, in storing order
    "articles": "hash, ref, title, url, source, published, language, author, origin, text",
    "actors": "article, id, name, kind, country, sector, role, canonical, data",
    "mentions": "article, actor, text, char_start, char_end, sentence",
    "statements": "article, id, speaker, speaker_text, speaker_start, speaker_end, cue, cue_start, "
                  "cue_end, kind, content, char_start, char_end, sentence, stance, data",
    "events": "article, id, type, cameo, mode, issue, status, source, target, attributed_to, "
              "responds_to, date_value, date_text, date_precision, date_start, date_end, "
              "location_name, location_country, lat, lon, quantities, confidence, "
              "evidence_sentence, evidence_start, evidence_end, evidence_text, data",
    "ingest_log": "source, position, reason",
}


def contents(store) -> dict:
    """Everything a store holds and answers, in a form to compare across backends."""
    out = {t: [tuple(r) for r in store.execute(f"SELECT {cols} FROM {t} ORDER BY rowid")]
           for t, cols in TABLES.items() if t != "ingest_log"}
    out["ingest_log"] = [tuple(r) for r in store.execute(
        f"SELECT {TABLES['ingest_log']} FROM ingest_log ORDER BY id")]
    out["records"] = [{**r, "article": {k: v for k, v in r["article"].items() if k != "ingested_at"}}
                      for r in store.records(with_text=True)]
    out["stats"] = store.stats()
    out["events"] = list(store.iter_events())
    out["statements"] = list(store.iter_statements())
    out["events_newest"] = api.query_events(store, limit=10_000, min_confidence=0)
    out["actors"] = api.query_actors(store, limit=10_000)
    out["articles"] = [{k: v for k, v in r.items() if k != "ingested_at"}
                       for r in api.query_articles(store, limit=10_000)]
    out["rejections"] = store.rejections_by_reason()
    for name, filters in [("alleged", {"status": "alleged"}), ("text", {"text": "minister"}),
                          ("since", {"since": "2024-05"}), ("actor", {"actor": "A"})]:
        out[f"events_{name}"] = [e["uid"] for e in api.query_events(store, min_confidence=0,
                                                                      limit=10_000, **filters)]
    return out


def exported(store, tmp_path, name) -> dict:
    files = {}
    for fmt, table in (("jsonl", "events"), ("csv", "events"), ("csv", "statements")):
        path = tmp_path / f"{name}-{table}.{fmt}"
        store.export(fmt, path, table=table)
        text = path.read_text("utf-8")
        if fmt == "jsonl":  # the time of storing differs; nothing else may
            text = [{**r, "article": {k: v for k, v in r["article"].items() if k != "ingested_at"}}
                    for r in map(json.loads, text.splitlines())]
        files[(fmt, table)] = text
    return files


def test_hand_built_results_read_back_the_same_from_both(tmp_path, pg_server):
    from eventwire.errors import InputError

    results = [make_result("Norland", "Southland", "REJECT", "2024-03-04", title="one"),
               make_result("Eastland", "Westland", "ASSAULT", "2024-05-20", "alleged",
                           published="2024-05-21", country="EAS", quote="the 100% attack"),
               make_result("Ärland", "Åland", "AGREE", None, "expected", published=None,
                           country=None, n_events=2, ref="wire-3"),
               make_result("alpha", "Beta", "REQUEST", "2024", published="2024-01-01")]
    stores = [Store(tmp_path / "a.db"), Store(pg_server.new_database())]
    for s in stores:
        for r in results:
            s.write(r)
        s.log_rejection(InputError("empty text", "in/empty.txt"))
        s.log_rejection(InputError("bad JSONL line", "dump.jsonl", 3))
    a, b = (contents(s) for s in stores)
    assert a.keys() == b.keys()
    for key in a:
        assert a[key] == b[key], key
    assert exported(stores[0], tmp_path, "sqlite") == exported(stores[1], tmp_path, "pg")


@pytest.mark.model
def test_the_example_articles_give_the_same_store_on_both(tmp_path, pipeline, pg_server):
    """`eventwire ingest` of the project's example articles into SQLite and into PostgreSQL:
    every stored record, every query answer and every export is the same."""
    from eventwire.cli.store_cmds import example_paths

    paths = example_paths()
    bad = tmp_path / "empty.txt"
    bad.write_text("   ", encoding="utf-8")
    dbs = [str(tmp_path / "examples.db"), pg_server.new_database("examples")]
    for db in dbs:
        # --min-confidence 0: every candidate event is stored, so there is more to compare
        r = CliRunner().invoke(cli, ["ingest", *paths, str(bad), "--db", db, "--format", "text",
                                     "--summary", "json", "--min-confidence", "0"])
        assert r.exit_code == 3, r.output
        assert json.loads(r.stdout.strip().splitlines()[-1])["stored"] == len(paths)
    stores = [Store(db, create=False) for db in dbs]
    a, b = (contents(s) for s in stores)
    assert len(a["events"]) >= len(paths) and len(a["statements"]) >= len(paths)
    for key in a:
        assert a[key] == b[key], key
    assert exported(stores[0], tmp_path, "sqlite") == exported(stores[1], tmp_path, "pg")
    printed = [[CliRunner().invoke(cli, [cmd, "--db", db, "--format", fmt, *more]).output
                for cmd, fmt, more in (("events", "jsonl", ["--min-confidence", "0"]),
                                       ("statements", "csv", []), ("stats", "json", []))]
               for db in dbs]
    assert printed[0] == printed[1]  # and the command line prints the same


def test_the_web_api_answers_the_same_from_both(tmp_path, pg_server):
    from test_serve_fixtures import Live, talks_result, xss_result, write_store

    dbs = [write_store(tmp_path / "hand.db", [talks_result(), xss_result()]),
           write_store(pg_server.new_database("serve"), [talks_result(), xss_result()])]
    answers = []
    for db in dbs:
        live = Live(db)
        try:
            got = {}
            for path in ("/api/events", "/api/statements", "/api/actors", "/api/timeline",
                         "/api/network", "/api/threads", "/api/stats"):
                # every hand-built event, whatever the event gate's default threshold
                params = {"min_confidence": "0"} if path in ("/api/events", "/api/timeline",
                                                             "/api/network", "/api/threads") else {}
                r = live.get(path, **params)
                assert r.status_code == 200, (db, path, r.text)
                got[path] = r.json()
            assert len(got["/api/events"]["items"]) == 5
            got["/api/articles"] = [{k: v for k, v in a.items() if k != "ingested_at"}
                                    for a in live.get("/api/articles").json()["items"]]
            answers.append(got)
        finally:
            live.close()
    assert answers[0] == answers[1]


# --- concurrent ingests with the real pipeline ---------------------------------------------------

@pytest.mark.model
@pytest.mark.slow
def test_two_ingests_into_one_postgresql_at_once(tmp_path, pg_server):
    from test_cli_ingest import article, finish, proc, write_jsonl

    url = pg_server.new_database("ingest")
    first = write_jsonl(tmp_path / "first.jsonl", [article(i) for i in range(0, 8)])
    second = write_jsonl(tmp_path / "second.jsonl", [article(i) for i in range(4, 12)])
    procs = [proc(["ingest", str(src), "--db", url, "--summary", "json", "--batch-size", "2"],
                  tmp_path) for src in (first, second)]
    outs = [finish(p) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e[-2000:] for _, e in outs]
    summaries = [json.loads(o.strip().splitlines()[-1]) for o, _ in outs]
    # the 4 shared articles: stored by one, skipped (before or after parsing) by the other
    assert sum(s["stored"] for s in summaries) == 12
    assert sum(s["skipped"] for s in summaries) == 4
    with Store(url, create=False) as s:
        assert s.stats()["articles"] == 12
        dup = s.execute("SELECT COUNT(*) FROM (SELECT article, id FROM events GROUP BY article, id "
                        "HAVING COUNT(*) > 1) d").fetchone()[0]
        assert dup == 0
    # and the store is the one a single ingest of everything makes
    alone = pg_server.new_database("alone")
    p = proc(["ingest", str(first), str(second), "--db", alone], tmp_path)
    finish(p)
    assert p.returncode == 0
    with Store(url) as s, Store(alone) as t:
        def per_article(store):
            return {h: (len(r["events"]), len(r["statements"]), len(r["actors"]),
                        [e["type"] for e in r["events"]])
                    for h in store.hashes() for r in [store.article(h)]}
        assert per_article(s) == per_article(t)


def test_an_article_postgresql_cannot_hold_is_rejected_not_fatal(tmp_path, pg_server):
    src = tmp_path / "nul.jsonl"
    src.write_text(json.dumps({"id": "n1", "text": "Norland rejected the offer \u0000 on Monday."})
                   + "\n", encoding="utf-8")
    url = pg_server.new_database()
    r = CliRunner().invoke(cli, ["ingest", str(src), "--db", url, "--summary", "json"])
    assert r.exit_code == 3, r.output
    summary = json.loads(r.stdout.strip().splitlines()[-1])
    assert summary["stored"] == 0 and summary["rejected"] == 1
    assert "NUL character" in summary["reasons"][0]["reason"]
    with Store(url) as s:
        assert s.stats()["errors"] == 1 and s.stats()["articles"] == 0


def test_a_shared_server_with_an_owner_and_a_reader(pg_server, tmp_path):
    """The set-up docs/scale.md describes: a database the ingesting role owns, a role that reads."""
    import psycopg

    n = pg_server.new_database().rsplit("/", 1)[1]  # a unique suffix for names on this server
    owner, reader, dbname = f"ew_{n}", f"an_{n}", f"shared_{n}"
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {owner} LOGIN")
        conn.execute(f"CREATE ROLE {reader} LOGIN")
        conn.execute(f"CREATE DATABASE {dbname} ENCODING 'UTF8' TEMPLATE template0 OWNER {owner}")
    with psycopg.connect(pg_server.url(dbname), autocommit=True) as conn:
        conn.execute(f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} GRANT SELECT ON TABLES TO {reader}")
    as_owner = pg_server.url(dbname).replace("postgres@", f"{owner}@")
    as_reader = pg_server.url(dbname).replace("postgres@", f"{reader}@")
    with pytest.raises(StoreError, match="must own the database"):  # nothing there to read yet
        Store(as_reader)
    with Store(as_owner) as s:
        assert s.write(make_result())
    with Store(as_reader, create=False) as s:
        assert s.stats()["articles"] == 1 and s.export("csv", tmp_path / "e.csv") == 1
        with pytest.raises(StoreError, match="permission denied"):
            s.write(make_result("Eastland", "Westland"))
        assert s.stats()["articles"] == 1
