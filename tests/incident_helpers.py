"""Hand-built reports of a few fictional incidents, for the incident tests (no spaCy model needed)."""
from __future__ import annotations

import random

from eventwire.model import Actor, Article, DateValue, Event, Evidence, Location, Result, TextSpan

# (name, kind, country, sector, canonical id)
ACTORS = {
    "ru-army": ("Russian forces", "organization", "RUS", "MIL", "RUSMIL"),
    "ru-army2": ("the Russian military", "organization", "RUS", "MIL", "RUSMIL"),
    "russia": ("Russia", "country", "RUS", None, "RUS"),
    "ukraine": ("Ukraine", "country", "UKR", None, "UKR"),
    "ua-gov": ("Kyiv", "organization", "UKR", "GOV", "UKRGOV"),
    "france": ("France", "country", "FRA", None, "FRA"),
    "germany": ("Germany", "country", "DEU", None, "DEU"),
    "putin": ("Vladimir Putin", "person", "RUS", "GOV", "person:vladimir-putin"),
    "putin2": ("Putin", "person", "RUS", "GOV", None),
    "lavrov": ("Sergei Lavrov", "person", "RUS", "GOV", "person:sergei-lavrov"),
    "hclinton": ("Hillary Clinton", "person", "USA", None, None),
    "bclinton": ("Bill Clinton", "person", "USA", None, None),
    "clinton": ("Clinton", "person", "USA", None, None),
    "obama": ("Barack Obama", "person", "USA", None, None),
    "obama2": ("Mr. Obama", "person", "USA", None, None),
    "ru-gov": ("the Russian government", "organization", "RUS", "GOV", "RUSGOV"),
    "fr-gov": ("the French government", "organization", "FRA", "GOV", "FRAGOV"),
    "senate": ("Senate", "organization", None, None, None),
    "officials": ("officials", "organization", None, None, None),
}


def actor(aid: str, key: str) -> Actor:
    name, kind, country, sector, canon = ACTORS[key]
    return Actor(aid, name, kind, country, sector, kb_id=canon)


def event(eid: str, etype: str, source: str | None, target: str | None, date: str | None,
          text: str, *, fallback: bool = False, status: str = "asserted", place: str | None = None,
          country: str | None = None, precision: str | None = None, issue: str | None = None,
          obj: str | None = None, sentence: int = 0, trigger: str | None = None) -> Event:
    return Event(eid, etype, None, source, target, Evidence(sentence, 0, len(text), text),
                 status=status, issue=issue,
                 date=DateValue(date, None if fallback else date, "day", fallback),
                 location=Location(place, country, precision=precision),
                 object=TextSpan(obj, 0, len(obj)) if obj else None, confidence=0.9,
                 trigger=trigger)


def article(ref: str, published: str, outlet: str, actors: dict[str, str],
            events: list[Event]) -> Result:
    """One article whose events refer to `actors` (per-article id -> key of ACTORS)."""
    text = ""
    for e in events:  # the evidence sentences one after another; offsets point into the text
        text += ("" if not text else " ")
        e.evidence = Evidence(e.evidence.sentence, len(text), len(text) + len(e.evidence.text),
                              e.evidence.text)
        text += e.evidence.text
    text += f" ({ref})"
    art = Article(text=text, id=ref, title=ref, published=published, source=outlet)
    return Result(art, [actor(aid, key) for aid, key in actors.items()], [], events)


def story_articles() -> list[Result]:
    """Reports of a few incidents by several outlets, with traps: the same army on another day and
    in another city, two governments rejecting one plan, two Clintons, a chain of reports that
    only a middle report connects."""
    kharkiv = dict(place="Kharkiv", country="UKR", precision="city")
    return [
        # incident 1: a strike on Kharkiv on 2025-06-03, reported three ways
        article("w1", "2025-06-03", "Wire One", {"a1": "ru-army", "a2": "ukraine"}, [
            event("e1", "ASSAULT", "a1", None, "2025-06-03",
                  "Russian forces shelled Kharkiv on Tuesday, killing three civilians.", **kharkiv),
            event("e2", "ACCUSE", "a2", "a1", "2025-06-03",
                  "Ukraine accused Russian forces of targeting homes in Kharkiv.", issue="shelling"),
        ]),
        article("w2", "2025-06-04", "Wire Two", {"a1": "ru-army2"}, [
            event("e1", "ASSAULT", "a1", None, "2025-06-03",
                  "The Russian military struck the city of Kharkiv on Tuesday.", **kharkiv),
        ]),
        # the same army, another day, the same city: another incident
        article("w3", "2025-06-06", "Wire One", {"a1": "ru-army"}, [
            event("e1", "ASSAULT", "a1", None, "2025-06-05",
                  "Russian forces shelled Kharkiv again on Thursday.", **kharkiv),
        ]),
        # the same army, the same day, another city: another incident
        article("w4", "2025-06-04", "Wire Three", {"a1": "ru-army"}, [
            event("e1", "ASSAULT", "a1", None, "2025-06-03",
                  "Russian forces shelled Odesa on Tuesday.", place="Odesa", country="UKR",
                  precision="city"),
        ]),
        # incident 2: Russia rejects a ceasefire; the lead and a later sentence, and another outlet
        article("w5", "2025-06-04", "Wire Two", {"a1": "russia", "a2": "putin"}, [
            event("e1", "REJECT", "a1", None, "2025-06-04", "Russia rejected a full ceasefire.",
                  fallback=True, issue="ceasefire", sentence=0),
            event("e2", "REJECT", "a2", None, "2025-06-04",
                  "Putin said a full ceasefire would only let Ukraine rearm.", fallback=True,
                  issue="ceasefire", sentence=3),
        ]),
        article("w6", "2025-06-05", "Wire Three", {"a1": "putin2"}, [
            event("e1", "REJECT", "a1", None, "2025-06-04",
                  "On Wednesday Putin rejected calls for a ceasefire.", issue="ceasefire"),
        ]),
        # two governments reject the same plan on the same day: two incidents
        article("w7", "2025-06-04", "Wire One", {"a1": "france", "a2": "germany"}, [
            event("e1", "REJECT", "a1", None, "2025-06-04", "France rejected the tariff plan.",
                  issue="tariff plan"),
            event("e2", "REJECT", "a2", None, "2025-06-04", "Germany also rejected the tariff plan.",
                  issue="tariff plan", sentence=1),
        ]),
        # Clintons: Hillary's accusation, reported twice; Bill's, on the same day, another (of
        # another matter: a bare "Clinton" fits both, and would chain the two; see docs/incidents.md)
        article("w8", "2016-09-09", "Wire One", {"a1": "hclinton", "a2": "obama"}, [
            event("e1", "ACCUSE", "a1", None, "2016-09-09",
                  "Hillary Clinton criticized the tax plan at a fundraiser on Friday.",
                  obj="the tax plan"),
        ]),
        article("w9", "2016-09-10", "Wire Two", {"a1": "clinton"}, [
            event("e1", "ACCUSE", "a1", None, "2016-09-09",
                  "Clinton attacked the tax plan on Friday.", obj="his tax plan"),
        ]),
        article("w10", "2016-09-10", "Wire Three", {"a1": "bclinton"}, [
            event("e1", "ACCUSE", "a1", None, "2016-09-09",
                  "Bill Clinton criticized the trade deal on Friday.", obj="the trade deal"),
        ]),
        # a chain: r1 and r3 share nothing; r2 names both the army and its target
        article("c1", "2025-07-01", "Wire One", {"a1": "ru-army"}, [
            event("e1", "ASSAULT", "a1", None, "2025-07-01", "Russian forces opened fire at dawn.")]),
        article("c2", "2025-07-02", "Wire Two", {"a1": "ru-army", "a2": "ua-gov"}, [
            event("e1", "ASSAULT", "a1", "a2", "2025-07-01",
                  "Russian forces attacked Kyiv's positions on Tuesday.")]),
        article("c3", "2025-07-02", "Wire Three", {"a1": "ua-gov", "a2": "officials"}, [
            event("e1", "ASSAULT", "a2", "a1", "2025-07-01",
                  "Officials said positions held by Kyiv came under attack.")]),
        # a planned meeting and the meeting held, both dated
        article("m1", "2025-08-01", "Wire One", {"a1": "lavrov", "a2": "france"}, [
            event("e1", "CONSULT", "a1", "a2", "2025-08-04", "Lavrov will meet French envoys on Monday.",
                  status="expected")]),
        article("m2", "2025-08-05", "Wire Two", {"a1": "france", "a2": "lavrov"}, [
            event("e1", "CONSULT", "a1", "a2", "2025-08-04", "French envoys met Lavrov on Monday.")]),
        # did not happen: stays alone
        article("n1", "2025-08-05", "Wire Three", {"a1": "lavrov", "a2": "france"}, [
            event("e1", "CONSULT", "a1", "a2", "2025-08-04", "Lavrov did not meet French envoys.",
                  status="negated")]),
    ]


EXPECTED_GROUPS = [  # article/event refs that must share an incident
    {"w1/e1", "w2/e1"}, {"w5/e1", "w5/e2", "w6/e1"}, {"w8/e1", "w9/e1"},
    {"c1/e1", "c2/e1", "c3/e1"}, {"m1/e1", "m2/e1"},
]
EXPECTED_APART = [  # pairs that must not
    ("w1/e1", "w3/e1"), ("w1/e1", "w4/e1"), ("w7/e1", "w7/e2"), ("w8/e1", "w10/e1"),
    ("w9/e1", "w10/e1"), ("m2/e1", "n1/e1"), ("w1/e1", "w1/e2"),
]


def random_articles(n: int, seed: int) -> list[Result]:
    """`n` articles drawn from a small world (few actors, days, places, issues), so that many
    reports are related and chains form; for order and blocking properties, not for quality."""
    rng = random.Random(seed)
    keys = ["ru-army", "ru-army2", "russia", "ukraine", "ua-gov", "putin", "putin2", "lavrov",
            "france", "clinton", "hclinton", "bclinton", "senate", None]
    types = ["ASSAULT", "COERCE", "ACCUSE", "PROTEST", "REJECT", "CONSULT", "REQUEST"]
    statuses = ["asserted", "asserted", "alleged", "expected", "negated"]
    places = [None, None, ("Kharkiv", "UKR", "city"), ("Odesa", "UKR", "city"), ("Ukraine", "UKR", "country")]
    issues = [None, None, "ceasefire", "prisoner exchange"]
    words = ["port", "bridge", "talks", "convoy", "border", "grain", "drone", "prisoners", "villages"]
    out = []
    for i in range(n):
        pub = f"2025-06-{rng.randint(3, 8):02d}"
        actors, events = {}, []
        for j in range(rng.randint(1, 4)):
            def pick():
                k = rng.choice(keys)
                if k is None:
                    return None
                aid = f"a{len(actors) + 1}"
                actors[aid] = k
                return aid
            src, tgt = pick(), pick()
            fallback = rng.random() < 0.4
            day = pub if fallback else f"2025-06-{rng.randint(1, 8):02d}"
            if not fallback and rng.random() < 0.15:
                day = "2025-06"
            place = rng.choice(places)
            text = " ".join(rng.sample(words, 4)) + f" report {i}-{j}."
            if rng.random() < 0.3:  # a sentence that other outlets print too (near duplicates)
                text = " ".join(words[:6]) + (" report." if rng.random() < 0.5 else f" report {i}.")
            events.append(event(f"e{j + 1}", rng.choice(types), src, tgt, day, text, fallback=fallback,
                                status=rng.choice(statuses), issue=rng.choice(issues),
                                place=place[0] if place else None,
                                country=place[1] if place else None,
                                precision=place[2] if place else None, sentence=j,
                                trigger=rng.choice(["attacked", "said", "met", "urged"])))
        out.append(article(f"r{i}", pub, f"Outlet {i % 3}", actors, events))
    return out
