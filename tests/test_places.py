"""Places from the sentence, resolved with the offline gazetteer."""
from __future__ import annotations

import pytest

from eventwire.eval.temporal import make_event
from eventwire.resolve.gazetteer import gazetteer
from eventwire.resolve.places import location_for, resolve_places


@pytest.mark.parametrize("name, country, precision", [
    ("Istanbul", "TUR", "city"), ("Kiev", "UKR", "city"), ("Russia", "RUS", "country"),
    ("Georgia", "GEO", "country"), ("Crimea", "UKR", "region"), ("Washington", "USA", "city"),
])
def test_gazetteer_lookup(name, country, precision):
    p = gazetteer().lookup(name)
    assert (p.country, p.precision) == (country, precision)
    assert p.lat is not None and p.lon is not None


def test_gazetteer_is_built_once_and_misses_are_none():
    assert gazetteer() is gazetteer()
    assert gazetteer().lookup("Nowhereville Upon Nothing") is None
    assert gazetteer().lookup("Black Sea").country is None  # a sea belongs to no one country


def _loc(nlp, text, trigger, **kw):
    doc = nlp(text)
    return location_for(doc, make_event(doc, trigger, **kw))


@pytest.mark.parametrize("text, trigger, name, country, precision", [
    ("Envoys met in Vienna on Tuesday.", "met", "Vienna", "AUT", "city"),
    ("The Lisbon talks broke up without a result.", "talks", "Lisbon", "PRT", "city"),
    ("Drones struck a depot in the Kursk region.", "struck", "Kursk region", "RUS", "region"),
    ("Shells landed in Turkish border villages overnight.", "landed", "Turkey", "TUR", "country"),
    ("Rebels shelled Aleppo at dawn.", "shelled", "Aleppo", "SYR", "city"),
    ("Protesters marched through Belgrade.", "marched", "Belgrade", "SRB", "city"),
    ("The army withdrew from Kherson.", "withdrew", "Kherson", "UKR", "city"),
])
def test_event_location(nlp, text, trigger, name, country, precision):
    loc = _loc(nlp, text, trigger)
    assert (loc.name, loc.country, loc.precision) == (name, country, precision)
    assert loc.text and loc.start is not None and loc.end > loc.start


@pytest.mark.parametrize("text, trigger", [
    ("Ukraine rejected the offer.", "rejected"),                     # the actor is not the place
    ("Poland's president criticised the decision.", "criticised"),   # nor its possessor
    ("Kyiv accepted the terms.", "accepted"),
    ("The EU extended its sanctions on Moscow.", "extended"),         # a target, not a place
    ("Both navies accepted a Black Sea truce.", "accepted"),           # the scope of a deal
])
def test_no_place(nlp, text, trigger):
    assert _loc(nlp, text, trigger).name is None


def test_speakers_place_is_not_the_events(nlp):
    loc = _loc(nlp, "Missiles hit a hospital in Kharkiv, officials in Kyiv said.", "hit")
    assert loc.name == "Kharkiv"


def test_place_of_another_clause_is_skipped(nlp):
    text = "The militias will carry out a detainee swap brokered at the Doha summit."
    assert _loc(nlp, text, "swap").name is None
    assert _loc(nlp, text, "summit").name == "Doha"


def test_source_actor_mentions_are_excluded(nlp):
    doc = nlp("Turkey hosted talks in Antalya.")
    ev = make_event(doc, "hosted", source="a1")

    class Registry:  # the registry's shape: actors with mentions
        class A:
            id = "a1"
            mentions = [type("M", (), {"start": 0, "end": 6})()]
        actors = [A]

    resolve_places(doc, [ev], Registry())
    assert ev.location.name == "Antalya"


@pytest.mark.parametrize("text, trigger", [
    ("The senator defended the plan at the White House.", "defended"),   # a building, not Casablanca
    ("Several U.S. senators asked for a delay.", "asked"),                 # a modifier of people
])
def test_names_that_are_not_event_places(nlp, text, trigger):
    assert _loc(nlp, text, trigger).country in (None, "USA")
    assert _loc(nlp, text, trigger).name != "Casablanca"
    if "senators" in text:
        assert _loc(nlp, text, trigger).name is None


def test_located_noun_modifier(nlp):
    loc = _loc(nlp, "Farmers blocked the highway to the Tbilisi airport.", "blocked")
    assert (loc.name, loc.country) == ("Tbilisi", "GEO")


def test_a_person_named_like_a_town_is_not_a_place(nlp):
    # "Bush" is also the alternate name of a town in Egypt
    assert _loc(nlp, "Support for President George W. Bush fell sharply.", "fell").name is None
