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
    # a demonym that only the knowledge base's countries.csv lists
    ("Shells landed in Ghanaian border villages overnight.", "landed", "Ghana", "GHA", "country"),
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
    from eventwire.extractors.actors import ActorRegistry

    doc = nlp("Turkey hosted talks in Antalya.")
    registry = ActorRegistry(doc)
    registry.collect()
    turkey = registry.actor_for_span(doc[0:1])
    ev = make_event(doc, "hosted", source=turkey.id)
    resolve_places(doc, [ev], registry)
    assert ev.location.name == "Antalya"
    assert ev.location.basis == "clause"


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


# --- the gazetteer: readings and the choice among them -------------------------------------------

def _context(*names):
    from eventwire.resolve.gazetteer import GeoContext

    ctx = GeoContext()
    for n in names:
        ctx.add(gazetteer().lookup(n), n)
    return ctx


@pytest.mark.parametrize("name, others, country, admin1", [
    ("Paris", [], "FRA", "Île-de-France"),
    ("Paris", ["Houston", "Texas"], "USA", "Texas"),            # Paris, Texas
    ("Tripoli", [], "LBY", "Tripoli"),
    ("Tripoli", ["Beirut"], "LBN", None),                        # Tripoli, Lebanon
    ("Georgia", [], "GEO", None),
    ("Georgia", ["Atlanta", "Savannah"], "USA", "Georgia"),      # the US state
    ("Concord", ["New Hampshire"], "USA", "New Hampshire"),
])
def test_ambiguous_names_are_read_in_the_articles_light(name, others, country, admin1):
    place = gazetteer().resolve(name, _context(*others))
    assert place.country == country
    if admin1:
        assert place.admin1 == admin1


def test_a_name_is_not_its_own_evidence():
    # "Georgia" counted once in the context must not vote for itself
    ctx = _context("Georgia")
    assert gazetteer().resolve("Georgia", ctx).country == "GEO"
    assert gazetteer().resolve("Georgia", _context("Atlanta")).country == "USA"


def test_cities_carry_their_first_level_region():
    g = gazetteer()
    assert g.lookup("Houston").admin1 == "Texas"
    assert g.lookup("Kursk").admin1 == "Kursk Oblast"
    assert g.lookup("Lagos").country == "NGA"
    # a region named like a country is the country without context; a region by its name
    assert g.lookup("Bavaria").precision == "region"
    assert g.lookup("Texas").admin1 == "Texas"


def test_a_region_loses_to_the_city_it_is_named_after():
    g = gazetteer()
    assert g.lookup("Kherson").precision == "city"
    assert g.lookup("New York").precision == "city"
    region = g.resolve("Kherson", None, region_word="region")
    assert region.precision == "region" and region.country == "UKR"


def test_a_small_town_needs_the_article_to_be_about_its_country():
    g = gazetteer()
    assert g.resolve("Exeter", None).country == "GBR"
    # Exeter, New Hampshire (under 15,000 people) only when the article is about New Hampshire
    assert g.resolve("Exeter", _context("New Hampshire"), at=500).country in ("USA",)


def test_seas_and_areas_across_countries_are_supranational():
    for name in ("Black Sea", "Middle East", "Gulf of Oman"):
        p = gazetteer().lookup(name)
        assert p.country is None and p.precision == "supranational"


# --- datelines -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, words, country, admin1", [
    ("KABUL, Afghanistan (AP) — Gunmen opened fire on Friday.", "KABUL", "AFG", None),
    ("By Jane Doe\n\nWASHINGTON (Reuters) - The Senate voted.", "WASHINGTON", "USA",
     "District of Columbia"),
    ("EL PASO, Texas (AP) — Aiming to play the part.", "EL PASO", "USA", "Texas"),
    ("PARIS, Texas (AP) — The council met.", "PARIS", "USA", "Texas"),
    ("PARIS – Ministers met.", "PARIS", "FRA", None),
    ("PHILADELPHIA, July 25 (UPI) — The committee apologised.", "PHILADELPHIA", "USA", None),
    ("KUWAIT: The opposition stepped up its campaign.", "KUWAIT", "KWT", None),
])
def test_datelines(text, words, country, admin1):
    from eventwire.resolve.datelines import find_dateline

    d = find_dateline(text)
    (dp,) = d.places
    assert text[dp.start:dp.end] == words
    assert dp.place.country == country
    if admin1:
        assert dp.place.admin1 == admin1


@pytest.mark.parametrize("text, words, country", [
    ("Washington (CNN) President Barack Obama is locking horns with a critic.", "Washington", "USA"),
    ("Istanbul (CNN)The suicide bomber belonged to ISIS, officials said.", "Istanbul", "TUR"),
    ("WASHINGTON ― President Barack Obama made history on Tuesday.", "WASHINGTON", "USA"),
])
def test_datelines_of_other_styles(text, words, country):
    from eventwire.resolve.datelines import find_dateline

    (dp,) = find_dateline(text).places
    assert (text[dp.start:dp.end], dp.place.country) == (words, country)


@pytest.mark.parametrize("text", [
    "EU (European Union) leaders met on Friday.",   # parentheses without a dash: a wire's name only
    "FILE - In this June 20, 2019 file photo, the court is seen.",
    "UPDATE - The story was changed.",
    "Officials said on Monday that talks - if any - would resume.",
])
def test_not_datelines(text):
    from eventwire.resolve.datelines import find_dateline

    assert find_dateline(text) is None


def test_several_dateline_places_are_kept_apart():
    from eventwire.resolve.datelines import find_dateline

    d = find_dateline("BEIJING/WASHINGTON (Reuters) - China denied the reports.")
    assert [p.place.country for p in d.places] == ["CHN", "USA"]


# --- the article's evidence: the whole pipeline on texts written for these tests -----------------

def _events(extract_text, text, published="2025-06-04"):
    res = extract_text(text, published)
    return res, {e.trigger: e for e in res.events}


def test_dateline_places_current_events_not_background_ones(extract_text):
    text = ("KABUL, Afghanistan (AP) — Gunmen opened fire on a wedding party on Tuesday, killing "
            "twelve people. Police arrested three suspects. Last year the militants had attacked a "
            "school in 2024.")
    res, by = _events(extract_text, text)
    fired = next(e for e in res.events if e.trigger_start < text.index("Police"))
    assert (fired.location.name, fired.location.country, fired.location.basis) == \
        ("Kabul", "AFG", "dateline")
    assert text[fired.location.start:fired.location.end] == "KABUL"
    old = [e for e in res.events if e.trigger_start > text.index("Last year")]
    assert old and all(e.location.basis != "dateline" for e in old)


def test_a_statement_takes_the_dateline_only_from_a_speaker_at_home(extract_text):
    text = ("MOSCOW (Reuters) - Ukraine accused Russia on Tuesday of violating the truce. "
            "Russia's foreign ministry rejected the accusation on Tuesday.")
    res, _ = _events(extract_text, text)
    accuse = next(e for e in res.events if e.type == "ACCUSE")
    assert accuse.location.name is None
    reject = next((e for e in res.events if e.type == "REJECT"), None)
    if reject is not None:
        assert reject.location.country == "RUS"


def test_a_state_arresting_at_home_is_placed_in_its_country(extract_text):
    res, _ = _events(extract_text, "Iranian authorities arrested a journalist on Monday.")
    arrest = next(e for e in res.events if e.type == "COERCE")
    assert (arrest.location.country, arrest.location.precision, arrest.location.basis) == \
        ("IRN", "country", "actor")
    assert arrest.location.text and "Iran" in arrest.location.text


def test_cross_border_acts_take_no_place_from_the_actor(extract_text):
    res, _ = _events(extract_text, "The United States imposed new sanctions on Iran on Monday.")
    sanction = next(e for e in res.events if e.trigger and "sanctions" in e.trigger)
    assert sanction.location.name is None


def test_a_qualified_name_is_read_with_its_qualifier(extract_text):
    res, _ = _events(extract_text, "Protesters rallied in Paris, Texas, on Saturday.")
    protest = next(e for e in res.events if e.type == "PROTEST")
    assert (protest.location.name, protest.location.country, protest.location.admin1) == \
        ("Paris", "USA", "Texas")


def test_the_same_event_in_the_next_sentence(extract_text):
    text = ("Rebels shelled Khartoum on Monday. The army said it had struck rebel positions with "
            "artillery on Monday.")
    res, _ = _events(extract_text, text)
    struck = next(e for e in res.events if e.trigger and e.trigger.startswith("struck"))
    assert (struck.location.name, struck.location.basis) == ("Khartoum", "context")
    assert text[struck.location.start:struck.location.end] == "Khartoum"


def test_the_setting_when_no_event_of_the_lead_is_placed(extract_text):
    text = ("Heavy fighting broke out in Khartoum on Monday. The army said it had struck rebel "
            "positions with artillery on Monday.")
    res, _ = _events(extract_text, text)
    struck = next(e for e in res.events if e.trigger and e.trigger.startswith("struck"))
    assert (struck.location.name, struck.location.basis) == ("Khartoum", "setting")


def test_the_setting_of_an_article_without_dateline(extract_text):
    text = ("Thousands of workers marched through Lisbon on Saturday against the port plan. "
            "Police detained fourteen people on Saturday.")
    res, _ = _events(extract_text, text)
    detained = next(e for e in res.events if e.type == "COERCE")
    assert (detained.location.name, detained.location.country) == ("Lisbon", "PRT")
    assert detained.location.basis in ("setting", "context")


def test_caption_places_are_not_evidence(extract_text):
    text = ("SEOUL (Reuters) - North Korea fired a missile into the sea on Monday.\n\n"
            "People watch a report on the launch at a railway station in Seoul, May 29, 2017. "
            "REUTERS/Staff\n\nThe launch was the third this month.")
    res, _ = _events(extract_text, text)
    fired = next(e for e in res.events if e.trigger and e.trigger.startswith("fired"))
    assert fired.location.country != "KOR"


# --- statements: where they were said, not what they speak of --------------------------------------

@pytest.mark.parametrize("text, trigger, cameo, name", [
    ("The minister said in Kyiv that talks would resume.", "said", "010", "Kyiv"),
    ("Lula told reporters in Brasilia that he rejected the plan.", "told", "010", "Brasília"),
    ("Speaking in Kyiv, the minister accused Russia of lying.", "accused", "112", "Kyiv"),
    ("At a news conference in Cairo, Clinton urged both sides to hold fire.", "urged", "020", "Cairo"),
    ("On the sidelines of the summit in Brussels, Merkel criticized the plan.", "criticized", "111",
     "Brussels"),
    ("The administration expressed support for the government in Egypt.", "expressed", "051", None),
    ("She called for a ban on oil drilling in Arctic waters.", "called", "020", None),
    ("The minister issued a statement on the attack in Kabul.", "statement", "010", None),
])
def test_a_statement_is_placed_where_it_was_said(nlp, text, trigger, cameo, name):
    assert _loc(nlp, text, trigger, cameo=cameo).name == name


def test_a_place_in_another_events_relative_clause_is_not_the_events(nlp):
    text = ("Trump's complaint that allies are not paying does echo Barack Obama, who in his address "
            "in Hanover, Germany, this week, scolded Europeans.")
    assert _loc(nlp, text, "complaint", cameo="114").name is None
    assert _loc(nlp, text, "scolded", cameo="111").country == "DEU"
    text = "The strike on the depot followed a raid by militants who had attacked a checkpoint in Kherson."
    assert _loc(nlp, text, "strike").name is None
    assert _loc(nlp, text, "attacked").name == "Kherson"


def test_the_country_points_back_to_the_country_named_before(nlp):
    from eventwire.resolve.toponyms import article_context

    doc = nlp("Fighting in Yemen escalated in 2015. The Houthis seized control of much of the west "
              "of the country.")
    ev = make_event(doc, "seized", cameo="190")
    loc = location_for(doc, ev, context=article_context(doc))
    assert (loc.country, loc.precision, loc.text) == ("YEM", "country", "Yemen")
    # without a country named before it, "the country" is no place
    doc = nlp("The Houthis seized control of much of the west of the country.")
    ev = make_event(doc, "seized", cameo="190")
    assert location_for(doc, ev, context=article_context(doc)).name is None


def test_there_is_the_place_named_just_before(extract_text):
    text = ("MOSCOW (Reuters) - Thousands of protesters rallied on a square in Minsk on Sunday. Police "
            "detained dozens of them there on Sunday.")
    res, _ = _events(extract_text, text, published="2025-06-01")
    detained = next(e for e in res.events if e.type == "COERCE")
    assert (detained.location.name, detained.location.country) == ("Minsk", "BLR")
    assert text[detained.location.start:detained.location.end] == "Minsk"


def test_a_statement_takes_the_dateline_from_a_speaker_the_opening_puts_there(extract_text):
    text = ("ATLANTIC CITY — Hillary Clinton descended on this struggling seaside town on Wednesday, "
            "delivering a critique of her rival's casino ventures.\n\n"
            "Clinton, for her part, praised the city's mayor on Wednesday.")
    res, _ = _events(extract_text, text, published="2016-07-06")
    praise = next(e for e in res.events if e.type == "SUPPORT")
    assert (praise.location.basis, praise.location.country) == ("dateline", "USA")


def test_a_foreign_actor_of_the_opening_is_not_put_at_the_dateline(extract_text):
    text = ("SEOUL (Reuters) - North Korea's pledge to dismantle its nuclear test site sounds like a "
            "big step forward, experts said on Monday.\n\n"
            "North Korea praised the talks on Monday.")
    res, _ = _events(extract_text, text, published="2018-05-14")
    assert all(e.location.basis != "dateline" for e in res.events if e.type == "SUPPORT")


def test_meetings_nearby_are_the_same_only_with_a_party_in_common(extract_text):
    text = ("Donald Trump met with Mexican President Enrique Pena Nieto on Wednesday. First Trump "
            "went to Louisiana to meet the flood victims.")
    res, _ = _events(extract_text, text, published="2016-09-01")
    met = next(e for e in res.events if e.trigger and e.trigger.startswith("met"))
    assert met.location.basis != "context"


def test_the_setting_is_where_the_lead_is_not_where_later_paragraphs_are(extract_text):
    text = ("A Manitoba woman who killed her daughter has been granted escorted absences from "
            "prison. The parole board of Canada allows her visits with family members. "
            "The board met on Monday.\n\n"
            "Her lawyer flew to Phoenix. He later visited Dallas, Houston and Phoenix again. "
            "Kematch was sentenced to life in prison on Monday.")
    res, _ = _events(extract_text, text, published="2022-08-01")
    sentenced = next(e for e in res.events if e.trigger and e.trigger.startswith("sentenced"))
    assert (sentenced.location.country, sentenced.location.basis) == ("CAN", "setting")


def test_a_citys_other_name_that_is_its_only_country_evidence(nlp):
    from eventwire.resolve.toponyms import article_context

    doc = nlp("Opposition parties have threatened to arrest the Joburg mayor. The parties camped "
              "outside the police station.")
    ctx = article_context(doc)
    assert [(p.name, p.country) for *_, p in ctx.mentions] == [("Johannesburg", "ZAF")]


def test_bbc_captions_are_captions():
    from eventwire.resolve.place_evidence import caption_spans

    text = ("Image copyright EPA Image caption A satellite image of the site\n\n"
            "The United States has issued satellite images.")
    assert caption_spans(text) == [(0, text.index("\n"))]


def test_acled_geo_precision():
    from eventwire.resolve.places import acled_geo_precision

    assert [acled_geo_precision(p) for p in ("city", "region", "country", "supranational", None)] == \
        [1, 3, None, None, None]


def test_toponyms_alone(nlp):
    from eventwire.resolve.toponyms import article_context, resolve_toponym

    text = ("The minister flew from Nairobi, Kenya to Kampala. Floods hit eastern Australia and the "
            "Algerian Sahara stayed dry.")
    doc = nlp(text)
    ctx = article_context(doc)

    def at(words):
        i = text.index(words)
        return resolve_toponym(doc, i, i + len(words), ctx)

    assert at("Nairobi, Kenya").country == "KEN"
    assert at("Kampala").country == "UGA"
    assert at("eastern Australia").country == "AUS"
    assert at("Algerian Sahara").country == "DZA"
    assert at("minister") is None


# --- the store keeps the place detail -------------------------------------------------------------

def test_store_keeps_admin1_and_precision(db_url):
    from eventwire.model import Location
    from eventwire.store import Store
    from store_helpers import make_result

    res = make_result()
    res.events[0].location = Location("Paris", "USA", 33.66, -95.56, "city", "Paris", 0, 5,
                                      admin1="Texas", basis="clause")
    with Store(db_url) as s:
        s.write(res)
        row = s.execute("SELECT location_name, location_country, lat, lon, location_admin1, "
                        "location_precision FROM events").fetchone()
        assert tuple(row) == ("Paris", "USA", 33.66, -95.56, "Texas", "city")
        (ev,) = s.events(limit=None)
    loc = ev["location"]  # what the API and the page are given
    assert (loc["admin1"], loc["precision"], loc["basis"], loc["lat"], loc["lon"]) == \
        ("Texas", "city", "clause", 33.66, -95.56)
