"""Stores and a live server for the HTTP API and browser tests (imported by test_serve*/test_browser*).

The stored results are built by hand over texts written for these tests, so that every offset is
known; one more article goes through the real pipeline where a test asks for it.
"""
from __future__ import annotations

import pytest

from eventwire.model import (Actor, Article, DateValue, Event, Evidence, Location, Mention, Result,
                             Statement)

TALKS = (
    "Norland rejected a ceasefire proposal from Southland on Monday, officials in Port Ellis said. "
    "Southland had proposed a 30-day ceasefire at the talks in Lakeview. "
    "\"Our patience is over,\" said President Mara Voss of Southland. "
    "Southland accused Norland of shelling a border village, which Norland denied."
)
TALKS_TITLE = "Norland rejects Southland's ceasefire offer"

XSS_MARK = "window.__pwned"
PAYLOADS = [
    "<script>window.__pwned = 1; alert('script')</script>",
    "<img src=x onerror=\"window.__pwned = 2; alert('img')\">",
    "\"><svg onload=\"window.__pwned = 3\"></svg>",
    "<iframe src=\"javascript:window.__pwned=4\"></iframe>",
    "<a href=\"javascript:window.__pwned=5\">click</a>",
    "{{constructor.constructor('window.__pwned=6')()}}",
]
XSS_TEXT = (
    "The group " + PAYLOADS[1] + " attacked a depot. "
    + PAYLOADS[0] + " Officials said " + PAYLOADS[2] + " would respond. "
    + PAYLOADS[3] + " " + PAYLOADS[4] + " " + PAYLOADS[5]
)
XSS_TITLE = "<script>window.__pwned = 7</script><b>Bold title</b><img src=x onerror=alert(8)>"
XSS_ACTOR = "<img src=x onerror=\"window.__pwned = 9\">"


def span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def sentence(text: str, needle: str) -> tuple[int, int, int]:
    """(index, start, end) of the sentence of `text` that holds `needle` (sentences end in '. ')."""
    pos = text.index(needle)
    starts = [0] + [i + 2 for i in range(len(text)) if text.startswith(". ", i)]
    idx = max(i for i, s in enumerate(starts) if s <= pos)
    start = starts[idx]
    end = text.find(". ", start)
    end = len(text) if end < 0 else end + 1
    return idx, start, end


def actor(text: str, aid: str, name: str, needle: str, kind="country", country=None, sector="GOV"):
    s, e = span(text, needle)
    return Actor(id=aid, name=name, kind=kind, country=country, sector=sector,
                 mentions=[Mention(text=text[s:e], start=s, end=e, sentence=sentence(text, needle)[0])])


def event(text: str, eid: str, type_: str, trigger: str, src, tgt, *, status="asserted", date=None,
          responds_to=None, attributed_to=None, issue=None, after: int = 0, confidence=0.95) -> Event:
    ts, te = span(text, trigger, after)
    idx, s, e = sentence(text, text[ts:te])
    return Event(id=eid, type=type_, cameo=None, source=src, target=tgt,
                 evidence=Evidence(sentence=idx, start=s, end=e, text=text[s:e]),
                 status=status, responds_to=responds_to, attributed_to=attributed_to, issue=issue,
                 date=DateValue(value=date, precision="day" if date else None),
                 location=Location(), trigger=text[ts:te], trigger_start=ts, trigger_end=te,
                 confidence=confidence)  # above the event gate's default threshold, unless a test says


def talks_result() -> Result:
    t = TALKS
    art = Article(text=t, title=TALKS_TITLE, published="2025-06-04", source="Test Wire",
                  url="https://example.org/talks")
    actors = [actor(t, "a1", "Norland", "Norland", country="NLD"),
              actor(t, "a2", "Southland", "Southland", country="STH"),
              actor(t, "a3", "Mara Voss", "President Mara Voss", kind="person", country="STH")]
    q0, q1 = span(t, "Our patience is over,")
    c0, c1 = span(t, "said", q1)
    k0, k1 = span(t, "President Mara Voss")
    stmt = Statement(id="s1", speaker="a3", speaker_text=t[k0:k1], speaker_start=k0, speaker_end=k1,
                     cue="said", cue_start=c0, cue_end=c1, kind="direct", content=t[q0:q1],
                     start=q0, end=q1, sentence=sentence(t, "Our patience")[0], stance="neutral")
    events = [
        event(t, "e1", "REQUEST", "proposed", "a2", "a1", date="2025-06-02", issue="ceasefire"),
        event(t, "e2", "REJECT", "rejected", "a1", "a2", date="2025-06-02", responds_to="e1",
              issue="ceasefire", status="attributed"),
        event(t, "e3", "ACCUSE", "accused", "a2", "a1", date="2025-06-04"),
        event(t, "e4", "ASSAULT", "shelling", "a1", None, status="alleged", date="2025-06-03"),
    ]
    return Result(article=art, actors=actors, statements=[stmt], events=events)


def xss_result() -> Result:
    t = XSS_TEXT
    art = Article(text=t, id="\"><script>window.__pwned=10</script>", title=XSS_TITLE,
                  published="2025-06-05", source="<b onmouseover=\"window.__pwned=11\">Wire</b>",
                  url="javascript:window.__pwned=12")
    actors = [actor(t, "a1", XSS_ACTOR, "The group", kind="group", country="XSS", sector="REB"),
              actor(t, "a2", "<script>window.__pwned=13</script>", "a depot", kind="other")]
    o0, o1 = span(t, "Officials")
    c0, c1 = span(t, "said", o1)
    s0, s1 = span(t, PAYLOADS[2])
    stmt = Statement(id="s1", speaker="a2", speaker_text=t[o0:o1], speaker_start=o0, speaker_end=o1,
                     cue="said", cue_start=c0, cue_end=c1, kind="indirect", content=t[s0:s1],
                     start=s0, end=s1, sentence=sentence(t, "Officials")[0], stance="neutral")
    ev = event(t, "e1", "ASSAULT", "attacked", "a1", "a2", date="2025-06-05",
               issue="<img src=x onerror=\"window.__pwned=14\">")
    return Result(article=art, actors=actors, statements=[stmt], events=[ev])


def write_store(path, results) -> str:
    import eventwire

    with eventwire.open(str(path)) as store:
        for res in results:
            store.write(res)
    return str(path)


class Live:
    """A running server (thread) over a store, with an httpx client."""

    def __init__(self, db: str, token: str | None = None):
        import httpx

        from eventwire.serve import create_app
        from eventwire.serve.server import BackgroundServer

        self.db = db
        self.server = BackgroundServer(create_app(db, ingest_token=token)).start()
        self.url = self.server.url
        self.client = httpx.Client(base_url=self.url, timeout=60)

    def get(self, path, **params):
        return self.client.get(path, params=params or None)

    def close(self):
        self.client.close()
        self.server.stop()


@pytest.fixture(scope="module")
def hand_store(tmp_path_factory) -> str:
    return write_store(tmp_path_factory.mktemp("serve") / "hand.db", [talks_result(), xss_result()])


@pytest.fixture(scope="module")
def live(hand_store):
    srv = Live(hand_store)
    yield srv
    srv.close()


# --- placed events and incidents (the map and the incident view) -------------------------------
# Three outlets report one strike on Odesa (one incident of three records: both actors by their
# knowledge-base ids, the same day and place), one of them under a name full of markup; talks in
# Geneva (a city), an event placed only in France (a country: coloured, no point) and one in a
# place whose name is markup.

HOSTILE_OUTLET = "<b onmouseover=\"window.__pwned=20\">Harbour Wire</b>"
HOSTILE_PLACE = "<img src=x onerror=\"window.__pwned=21\">Nairobi"
ODESA = dict(name="Odesa", country="UKR", lat=46.47747, lon=30.73262, precision="city")
GENEVA = dict(name="Geneva", country="CHE", lat=46.20222, lon=6.14569, precision="city")


def _placed(ev: Event, **where) -> Event:
    ev.location = Location(**where)
    return ev


def _strike(outlet: str, published: str, verb: str, extra: str = "") -> tuple[str, Article]:
    text = f"Southland's army {verb} the port of Odesa on Monday, Norland said. {extra}".strip()
    return text, Article(text=text, title=f"Odesa port {verb}", published=published, source=outlet,
                         url=f"https://example.org/odesa-{verb}")


def placed_results() -> list[Result]:
    out = []
    for outlet, published, verb, extra in [
            ("Wire One", "2025-06-10", "shelled", "Norland asked for talks in Geneva."),
            (HOSTILE_OUTLET, "2025-06-10", "attacked", ""),
            ("Wire Three", "2025-06-11", "struck", "Protesters accused Norland of neglect in France. "
             "Officials accused Southland of sabotage there.")]:
        t, art = _strike(outlet, published, verb, extra)
        army = actor(t, "a1", "Southland's army", "Southland's army", kind="organization",
                     country="STH", sector="MIL")
        army.kb_id = "STHMIL"
        norland = actor(t, "a2", "Norland", "Norland", country="NLD")
        norland.kb_id = "NLD"
        actors = [army, norland]
        events = [_placed(event(t, "e1", "ASSAULT", verb, "a1", "a2", date="2025-06-09"), **ODESA)]
        if "Geneva" in t:
            events.append(_placed(event(t, "e2", "REQUEST", "asked", "a2", None, date="2025-06-10",
                                        issue="talks"), **GENEVA))
        if "France" in t:
            protesters = actor(t, "a3", "Protesters", "Protesters", kind="group", country=None, sector="CVL")
            officials = actor(t, "a4", "Officials", "Officials", kind="group", country=None, sector="GOV")
            actors += [protesters, officials]
            events.append(_placed(event(t, "e2", "ACCUSE", "accused", "a3", "a2", date="2025-06-11"),
                                  name="France", country="FRA", lat=48.85341, lon=2.3488,
                                  precision="country"))
            events.append(_placed(event(t, "e3", "ACCUSE", "accused", "a4", "a1", date="2025-06-11",
                                        after=t.index("Officials")),
                                  name=HOSTILE_PLACE, country="KEN", lat=-1.28333, lon=36.81667,
                                  precision="city"))
        out.append(Result(article=art, actors=actors, statements=[], events=events))
    return out


@pytest.fixture(scope="module")
def placed_store(tmp_path_factory) -> str:
    return write_store(tmp_path_factory.mktemp("placed") / "placed.db", placed_results())


@pytest.fixture(scope="module")
def placed_live(placed_store):
    srv = Live(placed_store)
    yield srv
    srv.close()
