"""The page in headless Chromium (Debian's /usr/bin/chromium through Playwright) over a live server.

Without Chromium or Playwright these tests skip, saying so; under `make test` (which sets
EVENTWIRE_REQUIRE_BROWSER=1 after installing Chromium) they fail instead: the XSS guard is
never skipped there."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from page_guards import TRAPS
from test_serve_fixtures import (HOSTILE_OUTLET, HOSTILE_PLACE, TALKS, TALKS_TITLE,  # noqa: F401
                                 XSS_ACTOR, XSS_TEXT, XSS_TITLE, Live, hand_store, live, placed_live,
                                 placed_store, talks_result, write_store, xss_result)

CHROMIUM = os.environ.get("EVENTWIRE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

pytestmark = pytest.mark.browser


def unavailable(reason: str):
    """Skip, or fail where the browser tests are required (make test)."""
    if os.environ.get("EVENTWIRE_REQUIRE_BROWSER", "") not in ("", "0"):
        pytest.fail(f"{reason}; EVENTWIRE_REQUIRE_BROWSER is set (make test): the browser tests, "
                    "the XSS guard among them, must run", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        unavailable(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium) "
                    "to run the browser tests")
    try:
        from playwright import sync_api
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Watched:
    """A page that records dialogs, console errors and requests that leave the server."""

    def __init__(self, browser, base: str):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.add_init_script(TRAPS)  # records any markup written, by any means (page_guards)
        self.base = base
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: None if r.url.startswith(base) or r.url.startswith("data:")
                     else self.foreign.append(r.url))

    def open(self, route: str = "") -> None:
        self.page.goto(self.base + "/" + route)
        self.settle()

    def go(self, route: str) -> None:
        self.page.evaluate("r => { location.hash = r; }", route)
        self.settle()

    def settle(self, view: str | None = None) -> None:
        # a click changes the hash and the page routes on hashchange, a moment later: when the
        # view to arrive at is known, wait for it, not just for any settled view
        self.page.wait_for_function(
            "v => document.body.dataset.view && !document.body.dataset.loading"
            " && (!v || (document.body.dataset.view === v && location.hash.startsWith('#/' + v)))",
            arg=view)

    def routes(self) -> int:
        return int(self.page.evaluate("() => document.body.dataset.routes || '0'"))

    def after(self, action) -> None:
        """Run `action` (a click that changes the route) and wait until the page has routed."""
        n = self.routes()
        action()
        self.page.wait_for_function(
            "n => +(document.body.dataset.routes || 0) > n && !document.body.dataset.loading", arg=n)

    def pwned(self):
        return self.page.evaluate("() => window.__pwned")

    def markup_written(self) -> list[str]:
        return self.page.evaluate("() => [...window.__markupSinks]")


@pytest.fixture()
def page(browser, live):
    w = Watched(browser, live.url)
    yield w
    w.page.close()
    assert not w.foreign, f"the page requested other hosts: {w.foreign}"


def spans_text(page, attr: str, ident: str) -> str:
    return page.evaluate(
        "([a, id]) => [...document.querySelectorAll('#article-text [' + a + ']')]"
        ".filter(n => n.getAttribute(a).split(' ').includes(id)).map(n => n.textContent).join('')",
        [attr, ident])


def check_highlights(page, rec: dict) -> int:
    """Every event and statement of the record is highlighted exactly at its offsets."""
    text = rec["article"]["text"]
    assert page.locator("#article-text").text_content() == text
    checked = 0
    for ev in rec["events"]:
        e = ev["evidence"]
        assert spans_text(page, "data-evidence", ev["id"]) == text[e["start"]:e["end"]]
        if ev.get("trigger_start") is not None:
            assert spans_text(page, "data-trigger", ev["id"]) == text[ev["trigger_start"]:ev["trigger_end"]]
            statuses = page.evaluate(
                "id => [...document.querySelectorAll('#article-text [data-trigger]')]"
                ".filter(n => n.dataset.trigger.split(' ').includes(id)).map(n => n.dataset.status)", ev["id"])
            assert ev["status"] in statuses
        checked += 1
    for st in rec["statements"]:
        assert spans_text(page, "data-content", st["id"]) == text[st["start"]:st["end"]]
        if st.get("cue_start") is not None:
            assert spans_text(page, "data-cue", st["id"]) == text[st["cue_start"]:st["cue_end"]]
        if st.get("speaker_start") is not None:
            assert spans_text(page, "data-speaker", st["id"]) == text[st["speaker_start"]:st["speaker_end"]]
        checked += 1
    return checked


def test_filter_table_open_article_and_screenshot(page, live, tmp_path):
    p = page.page
    page.open()
    rows = p.locator("#events tbody tr[data-event]")
    assert rows.count() == 5
    p.select_option("#f-type", "REJECT")
    page.after(lambda: p.click("#f-apply"))
    assert "type=REJECT" in p.url
    assert rows.count() == 1
    assert "Norland" in rows.first.text_content() and "attributed" in rows.first.text_content()
    p.fill("#f-actor", "Voss")
    page.after(lambda: p.click("#f-apply"))
    assert rows.count() == 0 and "No events match" in p.locator("#events tbody").text_content()
    page.after(lambda: p.click("#f-reset"))
    p.fill("#f-text", "shelling")
    page.after(lambda: p.click("#f-apply"))
    assert rows.count() == 2
    assert p.get_attribute("#export-csv", "href") == "/api/export.csv?text=shelling"
    # open the article of the ASSAULT row
    page.after(p.locator("#events tbody tr", has_text="ASSAULT").locator("a.article-link").click)
    assert p.locator("#article-title").text_content() == TALKS_TITLE
    rec = live.get(f"/api/article/{talks_result().article.hash}").json()
    assert check_highlights(p, rec) == 5
    assert p.locator("#article-events li[data-event]").count() == 4
    assert p.locator("#article-text .hl.trigger.focus").count() >= 1  # the opened event is focused
    assert "alleged" in p.locator("#article-events li[data-event='e4']").text_content()
    shot = tmp_path / "article.png"
    p.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert not page.errors and page.markup_written() == []


def test_timeline_network_and_threads(page):
    p = page.page
    page.open("#/timeline")
    assert p.locator("#timeline-svg g.bar").count() == 4  # four days with events
    assert p.locator("#timeline-svg g.bar[data-day='2025-06-02'] rect").count() == 2  # two types
    page.after(p.locator("#timeline-svg g.bar[data-day='2025-06-04']").click)
    assert "since=2025-06-04" in p.url and "until=2025-06-04" in p.url
    assert p.locator("#events tbody tr[data-event]").count() == 1
    page.go("#/network")
    assert p.locator("#network-svg g.node").count() >= 3
    assert p.locator("#network-svg path.edge").count() >= 3
    page.go("#/threads")
    threads = p.locator("#threads .thread")
    assert threads.count() == 1
    assert "REQUEST" in threads.first.text_content() and "REJECT" in threads.first.text_content()
    page.go("#/events?since=2025-99-99")
    assert "not a date" in p.locator("#error").text_content()
    assert not page.errors and page.markup_written() == []


def test_html_and_script_payloads_never_run(page, live):
    p = page.page
    xss = xss_result()
    incident = live.get("/api/events", type="ASSAULT").json()["items"][0]["incident"]
    for route in ("#/events", "#/articles", "#/network", "#/timeline", "#/threads",
                  f"#/article/{xss.article.hash}", "#/events?actor=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
                  "#/map", "#/events?unit=incidents", "#/timeline?unit=incidents", f"#/incident/{incident}"):
        page.open(route)
        assert page.pwned() is None, route
        assert page.markup_written() == [], route  # no markup written, however it is spelled
    # shown as text, where they belong
    page.open(f"#/article/{xss.article.hash}")
    assert p.locator("#article-title").text_content() == XSS_TITLE
    assert p.locator("#article-text").text_content() == XSS_TEXT
    assert XSS_ACTOR in p.locator("#article-events").text_content()
    rec = live.get(f"/api/article/{xss.article.hash}").json()
    assert check_highlights(p, rec) == 2
    page.open("#/events?type=ASSAULT")
    assert XSS_ACTOR in p.locator("#events tbody").text_content()
    page.open("#/articles")
    assert XSS_TITLE in p.locator("#articles tbody").text_content()
    # no element the payloads describe exists, and the javascript: URL became no link
    counts = p.evaluate("""() => ({
        injected: document.querySelectorAll('main img, main iframe, main script, main svg script, main b, '
                                            + '#article-text *:not(span)').length,
        jslinks: [...document.querySelectorAll('a')].filter(a => a.href.startsWith('javascript:')).length})""")
    assert counts == {"injected": 0, "jslinks": 0}
    page.open(f"#/article/{xss.article.hash}")
    assert p.locator("#article-meta a").count() == 0
    assert page.pwned() is None and page.dialogs == [] and not page.errors
    assert page.markup_written() == []


@pytest.fixture()
def placed_page(browser, placed_live):
    w = Watched(browser, placed_live.url)
    yield w
    w.page.close()
    assert not w.foreign, f"the page requested other hosts: {w.foreign}"


def test_incident_view_shows_every_report_with_its_evidence_and_outlet(placed_page, placed_live):
    page, p = placed_page, placed_page.page
    page.open("#/events")
    assert p.locator("#events tbody tr[data-event]").count() == 6 and p.locator("#incidents").is_hidden()
    # the switch collapses the table to incidents
    page.after(lambda: p.select_option("#f-unit", "incidents"))
    assert "unit=incidents" in p.url and p.locator("#events").is_hidden()
    rows = p.locator("#incidents tbody tr[data-incident]")
    assert rows.count() == 4
    strike = p.locator("#incidents tbody tr", has_text="ASSAULT")
    cells = strike.locator("td").all_text_contents()
    assert cells[0] == "2025-06-09" and cells[4] == "Odesa (UKR)" and cells[5:8] == ["3", "3", "3"]
    assert HOSTILE_PLACE + " (KEN)" in p.locator("#incidents tbody").text_content()  # markup shown as text
    page.after(strike.locator("a").click)
    assert p.url.split("#")[1].startswith("/incident/")
    iid = p.url.split("/incident/")[1]
    want = placed_live.get(f"/api/incidents/{iid}").json()["records"]
    items = p.locator("#incident-records li")
    assert items.count() == len(want) == 3
    assert "3 reports in 3 articles from 3 outlets" in p.locator("#incident-meta").text_content()
    for i, rec in enumerate(want):
        li = items.nth(i)
        assert li.get_attribute("data-uid") == rec["uid"]
        assert li.locator(".outlet").text_content() == rec["article"]["source"]
        # the evidence sentence, with the trigger marked where its offsets put it
        assert li.locator(".evidence").text_content() == rec["evidence"]["text"]
        assert li.locator("mark.trigger").text_content() == rec["trigger"]
        assert li.locator("a").get_attribute("href") == f"#/article/{rec['article']['hash']}?event={rec['id']}"
    assert HOSTILE_OUTLET in p.locator("#incident-records").text_content()
    # a report opens its article with the event in focus
    page.after(items.nth(0).locator("a").click)
    assert p.locator("#article-text .hl.trigger.focus").text_content() == want[0]["trigger"]
    # each report in the events table links to its incident
    page.open("#/events?type=ASSAULT")
    links = p.locator("#events a.incident-link")
    assert links.count() == 3 and {links.nth(i).get_attribute("href") for i in range(3)} == {f"#/incident/{iid}"}
    assert page.pwned() is None and page.markup_written() == [] and not page.errors and page.dialogs == []


def test_timeline_counts_incidents_when_switched(placed_page):
    page, p = placed_page, placed_page.page
    page.open("#/timeline")
    bar = "#timeline-svg g.bar[data-day='2025-06-09'] rect[data-type='ASSAULT'] title"
    assert p.locator(bar).text_content() == "2025-06-09: 3 ASSAULT"
    page.after(lambda: p.select_option("#f-unit", "incidents"))
    assert "#/timeline?" in p.url and "unit=incidents" in p.url
    assert p.locator(bar).text_content() == "2025-06-09: 1 ASSAULT"
    assert p.locator("#timeline-title").text_content() == "Incidents per day by type"
    # a bar lists that day's incidents
    page.after(p.locator("#timeline-svg g.bar[data-day='2025-06-09']").click)
    assert "unit=incidents" in p.url and p.locator("#incidents tbody tr[data-incident]").count() == 1
    assert not page.errors and page.markup_written() == []


def test_map_colours_countries_and_places_events(placed_page, placed_live):
    page, p = placed_page, placed_page.page
    page.open("#/map")
    country = "#map-svg g.country[data-country='{}']".format
    fills = p.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#map-svg g.country')]
        .map(g => [g.dataset.country, [g.getAttribute('fill'), +g.dataset.count]]))""")
    assert len(fills) >= 240
    coloured = {c for c, (_, n) in fills.items() if n}
    assert coloured == {"UKR", "CHE", "FRA", "KEN"}
    empty = fills["DEU"][0]
    assert all(f != empty for c, (f, _) in fills.items() if c in coloured)
    assert fills["UKR"][1] == 3 and fills["UKR"][0] != fills["CHE"][0]  # the busiest, darkest
    assert all(f == empty for c, (f, n) in fills.items() if c not in coloured)
    # a point per city, in the projection of the shapes: Odesa's inside Ukraine's outline, Geneva
    # between France and Switzerland
    points = p.locator("#map-svg circle.place")
    assert points.count() == 3
    inside = p.evaluate("""([name, code]) => {
        const c = document.querySelector('#map-svg circle.place[data-place="' + CSS.escape(name) + '"]');
        const b = document.querySelector('#map-svg g.country[data-country="' + code + '"]').getBBox();
        const x = +c.getAttribute('cx'), y = +c.getAttribute('cy');
        return x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height; }""", ["Odesa", "UKR"])
    assert inside
    assert p.evaluate("""() => { const c = document.querySelector('#map-svg circle.place[data-place="Odesa"]');
        const b = document.querySelector('#map-svg g.country[data-country="DEU"]').getBBox();
        return +c.getAttribute('cx') > b.x + b.width; }""")  # east of Germany
    # the markup-named place is a point whose name is text
    hostile = p.locator("#map-svg circle.place[data-country='KEN'] title")
    assert hostile.text_content().startswith(HOSTILE_PLACE + " (KEN): 1 event")
    assert p.locator("#map-countries tbody tr").count() == 4
    assert "6 events in 4 countries" in p.locator("#map-note").text_content()
    # the filters change the map
    p.select_option("#f-type", "ASSAULT")
    page.after(lambda: p.click("#f-apply"))
    assert "#/map?" in p.url and "type=ASSAULT" in p.url
    assert p.locator("#map-svg g.country.has-events").count() == 1
    assert p.locator(country("UKR")).get_attribute("data-count") == "3"
    assert p.locator(country("CHE")).get_attribute("fill") == empty
    assert points.count() == 1
    # counting incidents: three reports, one strike
    page.after(lambda: p.select_option("#f-unit", "incidents"))
    assert p.locator(country("UKR")).get_attribute("data-count") == "1"
    assert p.locator("#map-svg circle.place title").text_content() == "Odesa (UKR): 1 incident (city)"
    # a country opens its events
    page.after(lambda: p.locator(country("UKR")).dispatch_event("click"))
    assert "country=UKR" in p.url and "unit=incidents" in p.url
    assert p.locator("#incidents tbody tr[data-incident]").count() == 1
    assert page.pwned() is None and page.markup_written() == [] and not page.errors and page.dialogs == []


def test_the_markup_traps_catch_every_spelling(page):
    """The run-time guard can fail: each way of writing markup is recorded."""
    page.open("#/events")
    assert page.markup_written() == []
    page.page.evaluate("""() => {
        const n = document.createElement("div");
        n["inner" + "HTML"] = "<b>x</b>";
        n.insertAdjacentHTML("beforeend", "<i>y</i>");
        document.body.appendChild(n);
        n.outerHTML = "<span></span>";
        new DOMParser().parseFromString("<p></p>", "text/html");
        document.createRange().createContextualFragment("<p></p>");
    }""")
    assert page.markup_written() == ["innerHTML", "insertAdjacentHTML", "outerHTML", "parseFromString",
                                     "createContextualFragment"]


@pytest.mark.model
def test_real_extraction_highlighted(browser, extract_text, tmp_path):
    text = ("The foreign minister of Norland, Anna Berg, said on Tuesday that Norland rejected the "
            "ceasefire offer. Southland's army attacked a border post on Monday, killing three soldiers. "
            "\"We will not negotiate under fire,\" Berg told reporters.")
    res = extract_text(text, "2024-03-06")
    assert res.events, "the pipeline found no event in the test text"
    db = write_store(tmp_path / "real.db", [res])
    srv = Live(db)
    try:
        w = Watched(browser, srv.url)
        w.open(f"#/article/{res.article.hash}")
        rec = srv.get(f"/api/article/{res.article.hash}").json()
        assert check_highlights(w.page, rec) == len(res.events) + len(res.statements)
        assert w.page.locator("#article-events li[data-event]").count() == len(res.events)
        assert not w.errors and not w.foreign
        w.page.close()
    finally:
        srv.close()


def test_readme_screenshot(browser):
    """Remakes docs/screenshot.png from a store (the demo's): off unless both variables are set.

    EVENTWIRE_SCREENSHOT_DB=eventwire.db EVENTWIRE_SCREENSHOT=docs/screenshot.png \
        pytest tests/test_browser.py -k readme
    """
    db, target = os.environ.get("EVENTWIRE_SCREENSHOT_DB"), os.environ.get("EVENTWIRE_SCREENSHOT")
    if not (db and target):
        pytest.skip("set EVENTWIRE_SCREENSHOT_DB and EVENTWIRE_SCREENSHOT to remake the README picture")
    srv = Live(db)
    try:
        arts = srv.get("/api/articles", limit=1000).json()["items"]
        best = max(arts, key=lambda a: (a["events"] + a["statements"], a["hash"]))
        w = Watched(browser, srv.url)
        w.open(f"#/article/{best['hash']}")
        rec = srv.get(f"/api/article/{best['hash']}").json()
        assert check_highlights(w.page, rec) == len(rec["events"]) + len(rec["statements"])
        w.page.screenshot(path=str(Path(target)))
        assert not w.errors and not w.foreign
        w.page.close()
    finally:
        srv.close()


@pytest.mark.parametrize("required", [False, True])
def test_without_chromium_the_guard_skips_only_outside_make_test(tmp_path, required):
    import subprocess
    import sys

    env = {**os.environ, "EVENTWIRE_CHROMIUM": str(tmp_path / "no-chromium"),
           "EVENTWIRE_REQUIRE_BROWSER": "1" if required else ""}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__,
                          "-k", "payloads_never_run"], cwd=Path(__file__).parent.parent, env=env,
                         capture_output=True, text=True, timeout=300)
    if required:
        assert run.returncode != 0 and "must run" in run.stdout, run.stdout[-2000:]
    else:
        assert run.returncode == 0 and "1 skipped" in run.stdout, run.stdout[-2000:]
