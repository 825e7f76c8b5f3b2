"""Exports in the field's own layouts (GDELT 2.0 Events and Mentions, ACLED-style, POLECAT-style)
as CSV, TSV and Parquet: a real store built from the project's example articles with the real
pipeline, on SQLite and on PostgreSQL, exported, loaded back (csv, pyarrow, DuckDB) and checked
column by column; the export filters; incidents collapsing into one row; flat memory.
"""
from __future__ import annotations

import csv
import re
import tracemalloc
from datetime import date

import pytest
from click.testing import CliRunner

from eventwire.cli import cli, main
from eventwire.model import Actor, Article, DateValue, Event, Evidence, Location, Mention, Result
from eventwire.store import Store
from eventwire.store.layouts import LAYOUTS, codes

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

# The layouts as their owners publish them, written out here so that the test fails on drift.
_ACTOR = ("Code Name CountryCode KnownGroupCode EthnicCode Religion1Code Religion2Code Type1Code "
          "Type2Code Type3Code").split()
_GEO = "Type FullName CountryCode ADM1Code ADM2Code Lat Long FeatureID".split()
GDELT_EVENTS = (["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
                + [f"Actor1{f}" for f in _ACTOR] + [f"Actor2{f}" for f in _ACTOR]
                + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                   "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
                + [f"{p}Geo_{f}" for p in ("Actor1", "Actor2", "Action") for f in _GEO]
                + ["DATEADDED", "SOURCEURL"])
GDELT_MENTIONS = ("GLOBALEVENTID EventTimeDate MentionTimeDate MentionType MentionSourceName "
                  "MentionIdentifier SentenceID Actor1CharOffset Actor2CharOffset ActionCharOffset "
                  "InRawText Confidence MentionDocLen MentionDocTone MentionDocTranslationInfo "
                  "Extras").split()
ACLED = ("event_id_cnty event_date year time_precision disorder_type event_type sub_event_type "
         "actor1 assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting "
         "iso region country admin1 admin2 admin3 location latitude longitude geo_precision "
         "source source_scale notes fatalities tags timestamp").split()
POLECAT = ["Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code",
           "Contexts", "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector",
           "Actor Sectors", "Actor Title", "Actor Name Raw", "Wikipedia Actor ID",
           "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector",
           "Recipient Sectors", "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
           "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude",
           "GeoNames ID", "Raw Placename", "Feature Type", "Source", "Publication Date",
           "Story People", "Story Organizations", "Story Locations", "Language", "Version",
           "Story ID", "Headline", "Event Text"]
PUBLISHED = {"gdelt-events": GDELT_EVENTS, "gdelt-mentions": GDELT_MENTIONS, "acled": ACLED,
             "polecat": POLECAT}

INTS = {"gdelt-events": {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent",
                         "QuadClass", "NumMentions", "NumSources", "NumArticles", "Actor1Geo_Type",
                         "Actor2Geo_Type", "ActionGeo_Type", "DATEADDED"},
        "gdelt-mentions": {"GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType",
                           "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
                           "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen"},
        "acled": {"year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp"},
        "polecat": set()}
FLOATS = {"gdelt-events": {"FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat",
                           "Actor1Geo_Long", "Actor2Geo_Lat", "Actor2Geo_Long", "ActionGeo_Lat",
                           "ActionGeo_Long"},
          "gdelt-mentions": {"MentionDocTone"}, "acled": {"latitude", "longitude"},
          "polecat": {"Intensity", "Latitude", "Longitude"}}
DATES = {"gdelt-events": set(), "gdelt-mentions": set(), "acled": {"event_date"},
         "polecat": {"Event Date", "Publication Date"}}
INCIDENT_ROWS = {"gdelt-events", "acled"}  # the others have one row per event record


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


# --- a real store from the example articles, with some incidents set by hand -------------------

def _events(store) -> list[dict]:
    cur = store.execute(
        "SELECT e.article AS article, e.id AS id, e.incident AS incident, e.type AS type, "
        "e.confidence AS confidence, e.date_start AS date_start, e.date_end AS date_end, "
        "e.location_country AS location_country, a.published AS published, a.source AS outlet "
        "FROM events e JOIN articles a ON a.hash = e.article ORDER BY e.rowid")
    return [{k: r[k] for k in r.keys()} for r in cur]


def _set_incidents(store) -> dict:
    """Link a few records into incidents by hand (the linker may not exist yet, or may link them
    otherwise): two records of one article, two records of two articles from different outlets;
    the rest stay NULL, each its own incident. Two records get places of a known kind."""
    store.execute("UPDATE events SET incident = NULL")
    ev = _events(store)
    by_article: dict[str, list[dict]] = {}
    for e in ev:
        by_article.setdefault(e["article"], []).append(e)
    arts = list(by_article)
    same = by_article[arts[0]][:2]
    cross = [by_article[arts[1]][0], by_article[arts[2]][0]]
    for inc, members in (("inc-same-article", same), ("inc-two-outlets", cross)):
        for m in members:
            store.execute("UPDATE events SET incident = ? WHERE article = ? AND id = ?",
                          (inc, m["article"], m["id"]))
    store.execute("UPDATE articles SET source = ? WHERE hash = ?", ("Other Wire", arts[2]))
    city, region = by_article[arts[3]][0], by_article[arts[4]][0]
    store.execute("UPDATE events SET location_name = 'Austin', location_country = 'USA', "
                  "location_admin1 = 'Texas', location_precision = 'city', lat = 30.27, "
                  "lon = -97.74 WHERE article = ? AND id = ?", (city["article"], city["id"]))
    store.execute("UPDATE events SET location_name = 'Kharkiv Oblast', location_country = 'UKR', "
                  "location_admin1 = 'Kharkiv Oblast', location_precision = 'region', lat = 49.5, "
                  "lon = 36.5 WHERE article = ? AND id = ?", (region["article"], region["id"]))
    return {"same": same, "cross": cross, "city": city, "region": region, "articles": arts}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def examples(request, tmp_path_factory):
    """(db, store, hand-set incidents) for the example articles ingested with every candidate
    event (--min-confidence 0), once per backend."""
    from eventwire.cli.store_cmds import example_paths

    if request.param == "sqlite":
        db = str(tmp_path_factory.mktemp("exports") / "examples.db")
    else:
        db = request.getfixturevalue("pg_server").new_database("exports")
    r = run("ingest", *example_paths(), "--db", db, "--format", "text", "--summary", "json",
            "--min-confidence", "0")
    assert r.exit_code == 0, r.output
    store = Store(db, create=False)
    linked = _set_incidents(store)
    yield db, store, linked
    store.close()


def _key(e: dict):
    return e["incident"] or (e["article"], e["id"])


def expected(store, pred=lambda e: True) -> tuple[int, int]:
    """(incidents, records) among the stored records that `pred` keeps, counted in Python."""
    recs = [e for e in _events(store) if pred(e)]
    return len({_key(e) for e in recs}), len(recs)


def read_csv(path, tsv=False) -> tuple[list[str], list[dict]]:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter="\t" if tsv else ",")
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def export(db, table, fmt, path, *filters):
    r = run("export", "--db", db, "--table", table, "--format", fmt, "-o", path, *filters)
    assert r.exit_code == 0, r.output
    return r


@pytest.mark.model
@pytest.mark.parametrize("table", list(PUBLISHED))
def test_each_layout_loads_back_with_its_columns_types_and_rows(examples, table, tmp_path):
    db, store, _ = examples
    n_incidents, n_records = expected(store)
    n = n_incidents if table in INCIDENT_ROWS else n_records
    assert n_records >= 40 and n_incidents == n_records - 2  # the hand-set incidents collapse
    columns = PUBLISHED[table]

    for fmt in ("csv", "tsv"):
        path = tmp_path / f"{table}.{fmt}"
        r = export(db, table, fmt, path, "--min-confidence", "0")
        unit = "incidents" if table in INCIDENT_ROWS else "event records"
        assert f"exported {n} {unit}" in r.stderr
        header, rows = read_csv(path, tsv=fmt == "tsv")
        assert header == columns
        assert len(rows) == n
        if fmt == "tsv":  # one line per row: no tab or line break inside a field
            assert len(path.read_text("utf-8").splitlines()) == n + 1
        for row in rows:
            for col in INTS[table]:
                if row[col] != "":
                    int(row[col])  # a whole number, not 1.0
            for col in FLOATS[table]:
                if row[col] != "":
                    float(row[col])
            for col in DATES[table]:
                date.fromisoformat(row[col])  # every row has its dates

    path = tmp_path / f"{table}.parquet"
    export(db, table, "parquet", path, "--min-confidence", "0")
    t = pq.read_table(path)
    assert t.column_names == columns and t.num_rows == n
    for field in t.schema:
        want = ("int64" if field.name in INTS[table] else "double" if field.name in FLOATS[table]
                else "date32[day]" if field.name in DATES[table] else "string")
        assert str(field.type) == want, field.name


@pytest.mark.model
def test_gdelt_events_are_incidents_and_mentions_their_records(examples, tmp_path):
    db, store, linked = examples
    export(db, "gdelt-events", "parquet", tmp_path / "ev.parquet", "--min-confidence", "0")
    export(db, "gdelt-mentions", "parquet", tmp_path / "mn.parquet", "--min-confidence", "0")
    ev = pq.read_table(tmp_path / "ev.parquet").to_pylist()
    mn = pq.read_table(tmp_path / "mn.parquet").to_pylist()
    ids = [r["GLOBALEVENTID"] for r in ev]
    assert len(set(ids)) == len(ids)
    assert {r["GLOBALEVENTID"] for r in mn} == set(ids)  # every mention belongs to an event
    assert sum(r["NumMentions"] for r in ev) == len(mn)
    by_id = {r["GLOBALEVENTID"]: r for r in ev}
    for m in mn:  # the time an event was first seen is the same in both tables
        assert m["EventTimeDate"] == by_id[m["GLOBALEVENTID"]]["DATEADDED"]
        assert 0 <= m["Confidence"] <= 100 and m["MentionType"] == 1

    cross = by_id[codes.numeric_id("i:inc-two-outlets")]
    assert (cross["NumMentions"], cross["NumArticles"], cross["NumSources"]) == (2, 2, 2)
    same = by_id[codes.numeric_id("i:inc-same-article")]
    assert (same["NumMentions"], same["NumArticles"], same["NumSources"]) == (2, 1, 1)
    lone = linked["city"]  # a record without an incident is an incident of its own
    city = by_id[codes.numeric_id(f"r:{lone['article']}/{lone['id']}")]
    assert city["NumMentions"] == 1
    assert (city["ActionGeo_Type"], city["ActionGeo_FullName"], city["ActionGeo_CountryCode"],
            city["ActionGeo_ADM1Code"], city["ActionGeo_FeatureID"]) == (
        3, "Austin, Texas, United States", "US", "USTX", None)
    assert city["ActionGeo_Lat"] == pytest.approx(30.27)
    r = linked["region"]
    region = by_id[codes.numeric_id(f"r:{r['article']}/{r['id']}")]
    assert (region["ActionGeo_Type"], region["ActionGeo_CountryCode"]) == (5, "UP")

    for row in ev:
        code, base, root = row["EventCode"], row["EventBaseCode"], row["EventRootCode"]
        assert re.fullmatch(r"\d{3,4}", code) and base == code[:3] and root == code[:2]
        assert row["QuadClass"] == codes.quad_class(root)
        assert -10 <= row["GoldsteinScale"] <= 10
        assert row["AvgTone"] is None and row["Actor1Geo_Type"] == 0
        assert str(row["SQLDATE"]).startswith(str(row["Year"]))
    assert any(row["EventCode"].startswith("0") for row in ev)  # leading zeros kept
    assert any(row["Actor1CountryCode"] and row["Actor1Type1Code"] for row in ev)

    # what the records say, seen from the Mentions table
    texts = dict(store.execute("SELECT hash, text FROM articles").fetchall())
    for m in mn:
        extras = dict(kv.split("=", 1) for kv in m["Extras"].split(";"))
        article, event_id = extras["event"].split("/")
        assert m["MentionDocLen"] == len(texts[article])
        if m["ActionCharOffset"] >= 0:
            trigger = store.execute("SELECT data FROM events WHERE article = ? AND id = ?",
                                    (article, event_id)).fetchone()[0]
            assert f'"trigger_start":{m["ActionCharOffset"]}' in trigger.replace(" ", "")


@pytest.mark.model
def test_acled_and_polecat_rows(examples, tmp_path):
    db, store, linked = examples
    export(db, "acled", "csv", tmp_path / "a.csv", "--min-confidence", "0")
    _, acled = read_csv(tmp_path / "a.csv")
    by_id = {r["event_id_cnty"]: r for r in acled}
    cross = next(r for k, r in by_id.items() if k.endswith(str(codes.numeric_id("i:inc-two-outlets"))))
    assert cross["source"] == "Other Wire; eventwire examples (fictional)"
    city = linked["city"]
    austin = next(r for r in acled if r["location"] == "Austin")
    key = f"r:{city['article']}/{city['id']}"
    assert austin["event_id_cnty"] == f"USA{codes.numeric_id(key)}"
    assert (austin["country"], austin["iso"], austin["admin1"], austin["geo_precision"]) == (
        "United States", "840", "Texas", "1")
    kharkiv = next(r for r in acled if r["location"] == "Kharkiv Oblast")
    assert (kharkiv["geo_precision"], kharkiv["iso"]) == ("2", "804")
    assert {r["time_precision"] for r in acled} <= {"1", "2", "3"}
    assert all(r["tags"].startswith("plover=") for r in acled)
    kinds = {r["disorder_type"] for r in acled}
    assert {"Demonstrations", "Strategic developments", "Political violence"} <= kinds
    shelling = [r for r in acled if r["sub_event_type"] == "Shelling/artillery/missile attack"]
    assert shelling and shelling[0]["fatalities"] == "5"  # "killing at least five civilians"

    export(db, "polecat", "csv", tmp_path / "p.csv", "--min-confidence", "0")
    _, pol = read_csv(tmp_path / "p.csv")
    ev = {(e["article"], e["id"]): e for e in _events(store)}
    for r in pol:
        article, event_id = r["Event ID"].split("/")
        assert r["Event Type"] == ev[(article, event_id)]["type"] and r["Story ID"] == article
        assert r["Quad Code"] in {"VERBAL COOPERATION", "MATERIAL COOPERATION", "VERBAL CONFLICT",
                                  "MATERIAL CONFLICT"}
    raw = [r for r in pol if r["Actor Name Raw"]]
    assert raw and all(r["Actor Name Raw"] in r["Event Text"] for r in raw)


@pytest.mark.model
def test_duckdb_reads_the_exports(examples, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    db, store, _ = examples
    for table in PUBLISHED:
        export(db, table, "parquet", tmp_path / f"{table}.parquet", "--min-confidence", "0")
    export(db, "gdelt-events", "tsv", tmp_path / "ev.tsv", "--min-confidence", "0")
    con = duckdb.connect()
    n_inc, n_rec = expected(store)
    ev, mn = tmp_path / "gdelt-events.parquet", tmp_path / "gdelt-mentions.parquet"
    got = con.execute(f"SELECT COUNT(*), COUNT(DISTINCT e.GLOBALEVENTID) FROM '{ev}' e "
                      f"JOIN '{mn}' m USING (GLOBALEVENTID)").fetchone()
    assert got == (n_rec, n_inc)
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{ev}')").fetchall())
    assert (types["EventCode"], types["NumMentions"], types["GoldsteinScale"]) == (
        "VARCHAR", "BIGINT", "DOUBLE")
    acled = tmp_path / "acled.parquet"
    assert con.execute(f"SELECT typeof(event_date) FROM '{acled}' LIMIT 1").fetchone()[0] == "DATE"
    # the TSV as GDELT users read theirs, the codes as text so that "040" stays "040"
    codes_tsv = con.execute(
        f"SELECT EventCode FROM read_csv('{tmp_path / 'ev.tsv'}', delim='\t', header=true, "
        "types={'EventCode': 'VARCHAR'})").fetchall()
    assert sorted(c for (c,) in codes_tsv) == sorted(
        r["EventCode"] for r in pq.read_table(ev).to_pylist())


@pytest.mark.model
@pytest.mark.parametrize("filters,pred", [
    (["--type", "ASSAULT"], lambda e: e["type"] == "ASSAULT"),
    (["--min-confidence", "0.5"], lambda e: (e["confidence"] or 0) >= 0.5),
    (["--since", "2025-06-01"],
     lambda e: (e["date_end"] or e["published"][:10]) >= "2025-06-01"),
    (["--country", "CHE"], lambda e: e["location_country"] == "CHE"),
])
def test_the_export_filters_pick_the_records(examples, tmp_path, filters, pred):
    db, store, _ = examples
    more = [] if "--min-confidence" in filters else ["--min-confidence", "0"]
    if filters[0] == "--country":  # the source's or target's country counts too
        pred = _country_pred(store, "CHE")
    n_incidents, n_records = expected(store, pred)
    assert 0 < n_records < expected(store)[1]
    for table in PUBLISHED:
        export(db, table, "csv", tmp_path / "f.csv", *filters, *more)
        _, rows = read_csv(tmp_path / "f.csv")
        assert len(rows) == (n_incidents if table in INCIDENT_ROWS else n_records), table
    _, rows = (export(db, "polecat", "csv", tmp_path / "f.csv", *filters, *more),
               read_csv(tmp_path / "f.csv")[1])
    if filters[0] == "--type":
        assert {r["Event Type"] for r in rows} == {"ASSAULT"}
    if filters[0] == "--since":
        assert min(r["Event Date"] for r in rows) >= "2025-05"  # a week or month may start earlier


def _country_pred(store, iso3):
    hits = {(r[0], r[1]) for r in store.execute(
        "SELECT e.article, e.id FROM events e "
        "LEFT JOIN actors s ON s.article = e.article AND s.id = e.source "
        "LEFT JOIN actors t ON t.article = e.article AND t.id = e.target "
        "WHERE s.country = ? OR t.country = ? OR e.location_country = ?", (iso3, iso3, iso3))}
    return lambda e: (e["article"], e["id"]) in hits


@pytest.mark.model
def test_filters_that_do_not_apply_are_usage_errors(examples, capsys):
    db, _, _ = examples
    for argv, match in ((["--format", "jsonl", "--type", "ASSAULT"], "jsonl"),
                        (["--format", "jsonl", "--table", "acled"], "jsonl"),
                        (["--format", "csv", "--table", "statements", "--type", "AGREE"], "--type"),
                        (["--format", "csv", "--table", "acled", "--type", "PARTY"], "--type"),
                        (["--format", "parquet", "--table", "polecat"], "-o")):
        with pytest.raises(SystemExit) as exc:
            main(["export", "--db", db, *argv])
        err = capsys.readouterr().err
        assert exc.value.code == 2 and match in err, (argv, err)


def test_the_cli_offers_every_table_the_store_exports():
    from eventwire.cli.store_cmds import EXPORT_TABLES
    from eventwire.store.export import tables

    assert EXPORT_TABLES == list(tables()) == ["events", "statements", *LAYOUTS]


# --- hand-built records: the mappings one by one, and both backends the same ----------------

def _result(n: int, source: tuple, target: tuple, etype: str, cameo: str, mode=None, *,
            incident=None, killed=None, outlet="Wire A", place=None, published="2024-05-21",
            date_value="2024-05-20", url=None) -> Result:
    s1 = f"{source[0]} attacked {target[0]} near the market, the report {n} said."
    art = Article(text=s1, id=f"art-{n}", title=f"Report {n}", published=published, source=outlet,
                  url=url)
    t0 = s1.index(target[0])
    a1 = Actor("a1", source[0], source[1], source[2], source[3],
               mentions=[Mention(source[0], 0, len(source[0]), 0)])
    a2 = Actor("a2", target[0], target[1], target[2], target[3],
               mentions=[Mention(target[0], t0, t0 + len(target[0]), 0)])
    trig = s1.index("attacked")
    ev = Event("e1", etype, cameo, "a1", "a2", Evidence(0, 0, len(s1), s1), mode=mode,
               date=DateValue(date_value, "on Monday", "day"), location=place or Location(),
               quantities={"killed": killed} if killed is not None else {}, confidence=0.9,
               trigger="attacked", trigger_start=trig, trigger_end=trig + 8)
    ev.incident = incident
    return Result(art, [a1, a2], [], [ev])


ARMY = ("Northland army", "organization", "NOR", "MIL")
VILLAGERS = ("villagers", "group", None, "CVL")
REBELS = ("the Front", "group", "SOU", "REB")


def _hand_results() -> list[Result]:
    odesa = Location("Odesa", "UKR", 46.48, 30.72, "city", admin1="Odesa Oblast")
    return [
        # one incident in two reports from two outlets, the killed counts differ
        _result(1, ARMY, VILLAGERS, "ASSAULT", "1823", incident="x1", killed=7, place=odesa),
        _result(2, ARMY, VILLAGERS, "ASSAULT", "1823", incident="x1", killed=5, outlet="Wire B",
                published="2024-05-22", url="https://www.wire-b.example/2024/attack"),
        _result(3, ARMY, REBELS, "ASSAULT", "193", "firearms", date_value="2024-05"),
        _result(4, ("protesters", "group", "UKR", None), ARMY, "PROTEST", "145", "riot"),
        _result(5, ARMY, REBELS, "AGREE", "030"),
    ]


def _write(store, results):
    """Store the results, then give their records the incidents they were built with (after
    every write: the linker, where it runs, links records as they are stored)."""
    for r in results:
        store.write(r)
    for r in results:
        store.execute("UPDATE events SET incident = ? WHERE article = ?",
                      (r.events[0].incident, r.article.hash))


def test_acled_mapping_of_hand_built_incidents(tmp_path):
    store = Store(tmp_path / "hand.db")
    _write(store, _hand_results())
    store.export("csv", tmp_path / "a.csv", table="acled")
    _, rows = read_csv(tmp_path / "a.csv")
    assert len(rows) == 4  # reports 1 and 2 are one incident
    by_type = {r["tags"].split(";")[0]: r for r in rows}
    vac = next(r for r in rows if r["event_type"] == "Violence against civilians")
    assert (vac["sub_event_type"], vac["inter1"], vac["inter2"], vac["interaction"],
            vac["civilian_targeting"]) == ("Attack", "External/Other forces", "Civilians",
                                          "Civilians-External/Other forces", "Civilian targeting")
    assert vac["fatalities"] == "5"  # the most conservative report
    assert vac["source"] == "Wire A; Wire B" and vac["time_precision"] == "1"
    assert (vac["country"], vac["iso"], vac["admin1"], vac["location"], vac["geo_precision"]) == (
        "Ukraine", "804", "Odesa Oblast", "Odesa", "1")
    clash = next(r for r in rows if r["event_type"] == "Battles")
    assert (clash["sub_event_type"], clash["interaction"], clash["time_precision"]) == (
        "Armed clash", "State forces-Rebel group", "3")  # a month
    riot = next(r for r in rows if r["event_type"] == "Riots")
    assert (riot["disorder_type"], riot["sub_event_type"], riot["inter1"]) == (
        "Demonstrations", "Violent demonstration", "Rioters")
    agree = by_type["plover=AGREE"]  # no defensible ACLED type: empty, not guessed
    assert agree["event_type"] == agree["disorder_type"] == agree["inter1"] == ""

    store.export("csv", tmp_path / "e.csv", table="gdelt-events")
    _, ev = read_csv(tmp_path / "e.csv")
    inc = next(r for r in ev if r["NumMentions"] == "2")
    assert (inc["NumArticles"], inc["NumSources"], inc["EventCode"], inc["EventRootCode"],
            inc["QuadClass"], inc["GoldsteinScale"]) == ("2", "2", "1823", "18", "4", "-10.0")
    assert (inc["Actor1Code"], inc["Actor1Name"], inc["Actor2Code"], inc["IsRootEvent"]) == (
        "NORMIL", "NORTHLAND ARMY", "CVL", "1")
    assert (inc["SQLDATE"], inc["DATEADDED"], inc["FractionDate"]) == (
        "20240520", "20240521000000", "2024.3836")  # the first report's day; 2024 + (4*30+20)/365
    assert inc["SOURCEURL"] == "Wire A"  # the first report has no URL: its outlet
    store.export("csv", tmp_path / "m.csv", table="gdelt-mentions")
    _, mn = read_csv(tmp_path / "m.csv")
    web = next(r for r in mn if r["MentionIdentifier"].startswith("https://"))
    assert (web["MentionSourceName"], web["SentenceID"], web["Actor1CharOffset"],
            web["InRawText"], web["Confidence"], web["EventTimeDate"], web["MentionTimeDate"]) == (
        "wire-b.example", "1", "0", "1", "90", "20240521000000", "20240522000000")
    store.close()


def test_the_flat_events_export_carries_place_detail_and_incident(tmp_path):
    store = Store(tmp_path / "flat.db")
    _write(store, _hand_results())
    store.export("tsv", tmp_path / "e.tsv", table="events")
    header, rows = read_csv(tmp_path / "e.tsv", tsv=True)
    assert header[-3:] == ["location_admin1", "location_precision", "incident"]
    odesa = [r for r in rows if r["location"] == "Odesa"]
    assert [(r["location_admin1"], r["location_precision"], r["incident"]) for r in odesa] == [
        ("Odesa Oblast", "city", "x1")]
    assert float(odesa[0]["lat"]) == pytest.approx(46.48)
    store.close()


def test_the_same_exports_from_sqlite_and_postgresql(tmp_path, pg_server):
    stores = [Store(tmp_path / "a.db"), Store(pg_server.new_database("layouts"))]
    out = []
    for i, s in enumerate(stores):
        _write(s, _hand_results())
        files = {}
        for table in PUBLISHED:
            for fmt in ("csv", "tsv"):
                path = tmp_path / f"{i}-{table}.{fmt}"
                s.export(fmt, path, table=table)
                _, rows = read_csv(path, tsv=fmt == "tsv")
                for r in rows:
                    r.pop("timestamp", None)  # ACLED's: when the rows were stored
                files[(table, fmt)] = rows
        out.append(files)
        s.close()
    assert out[0] == out[1]


def test_codes():
    assert codes.cameo("18") == ("180", "180", "18")
    assert codes.cameo("0874") == ("0874", "087", "08")
    assert codes.cameo("21") is None and codes.cameo("x12") is None and codes.cameo(None) is None
    assert [codes.quad_class(f"{n:02d}") for n in (1, 5, 6, 8, 9, 13, 14, 20)] == [1, 1, 2, 2, 3, 3, 4, 4]
    g = codes.goldstein
    assert g(codes.cameo("0874")) == 10.0 and g(codes.cameo("0871")) == 9.0  # listed, else base
    assert g(codes.cameo("106")) == -5.0  # a base not listed takes its root's value
    table = codes.goldstein_table()
    assert all(-10 <= v <= 10 for v in table.values())
    assert {f"{n:02d}" for n in range(1, 21)} <= set(table)
    assert codes.fraction_date(date(2014, 2, 18)) == 2014.1315
    assert codes.country("RUS") == ("RUS", "Russia", 643, "RS")
    assert codes.gdelt_timestamp("2025-06-04T10:15:00+02:00") == 20250604081500


def test_an_export_streams_in_flat_memory(tmp_path):
    """Python's memory while exporting grows with a page of rows, not with the store: the same
    peak (within a factor) for 2,000 and for 20,000 event records."""
    peaks = []
    for n in (2_000, 20_000):
        store = Store(tmp_path / f"big{n}.db")
        _write(store, [_result(0, ARMY, VILLAGERS, "ASSAULT", "190")])
        # n copies of the record, each its own incident, written by the database itself
        store.execute(
            "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?) "
            "INSERT INTO events (article, id, type, cameo, source, target, date_value, date_start, "
            "date_end, quantities, confidence, evidence_sentence, evidence_start, evidence_end, "
            "evidence_text, data) SELECT article, 'c' || i, type, cameo, source, target, "
            "date_value, date_start, date_end, quantities, confidence, evidence_sentence, "
            "evidence_start, evidence_end, evidence_text, data FROM events, k", (n - 1,))
        tracemalloc.start()
        for table in ("gdelt-events", "gdelt-mentions"):
            assert store.export("csv", tmp_path / "big.csv", table=table) == n
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        store.close()
    assert peaks[1] < 2 * peaks[0], peaks
