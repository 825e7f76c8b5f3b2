"""ActorRegistry with the real spaCy model: names, titles, apposition, pronouns, metonyms, dates."""
from __future__ import annotations

import pytest

from conftest import shared_path
from eventwire.extractors.actors import ActorRegistry
from eventwire.kb import load_kb

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def registry_for(nlp):
    kb = load_kb()

    def build(text: str, published: str | None = "2025-06-04") -> ActorRegistry:
        reg = ActorRegistry(nlp(text), kb=kb, published=published)
        reg.collect()
        return reg

    return build


def by_mention(reg: ActorRegistry, text: str, nth: int = 0):
    """The actor whose mention text is `text` (the nth such mention in the document)."""
    found = sorted(((m.start, a) for a in reg.used() for m in a.mentions if m.text == text),
                   key=lambda x: x[0])
    seen = [(a.name, [m.text for m in a.mentions]) for a in reg.used()]
    assert len(found) > nth, f"no mention {text!r}: {seen}"
    return found[nth][1]


def span_of(reg: ActorRegistry, text: str):
    start = reg.doc.text.index(text)
    span = reg.doc.char_span(start, start + len(text), alignment_mode="expand")
    assert span is not None
    return span


def test_mentions_index_the_text_exactly(registry_for):
    reg = registry_for("Russian troops shelled the town, and the Kremlin blamed Kyiv.")
    assert reg.used()
    for actor in reg.used():
        for m in actor.mentions:
            assert reg.doc.text[m.start:m.end] == m.text


def test_example_article_actors(registry_for):
    path = shared_path("examples", "ceasefire-2025-06-04.txt")
    reg = registry_for(path.read_text(encoding="utf-8"), "2025-06-04")
    putin = by_mention(reg, "Russian President Vladimir Putin")
    assert (putin.name, putin.kind, putin.country, putin.sector) == (
        "Vladimir Putin", "person", "RUS", "GOV")
    assert putin.role == "head of state"
    assert sum(m.text == "Putin" for m in putin.mentions) >= 3  # all Putin mentions: one actor
    for mention, name in [("Russian Foreign Minister Sergei Lavrov", "Sergei Lavrov"),
                          ("Vladimir Medinsky", "Vladimir Medinsky")]:
        a = by_mention(reg, mention)
        assert (a.name, a.country, a.sector) == (name, "RUS", "GOV")
    assert by_mention(reg, "Vladimir Medinsky").role == "chief negotiator"
    zelensky = by_mention(reg, "Ukrainian President Volodymyr Zelensky")
    assert (zelensky.country, zelensky.sector) == ("UKR", "GOV")
    kyiv = by_mention(reg, "Kyiv")
    assert (kyiv.country, kyiv.sector) == ("UKR", "GOV")  # "Kyiv would use any pause": acting
    assert by_mention(reg, "Ukrainian forces").sector == "MIL"
    assert by_mention(reg, "Russian troops").country == "RUS"
    assert by_mention(reg, "Moscow").sector == "GOV"
    # the events engineer's calls land on the same actors
    assert reg.actor_for_span(span_of(reg, "Putin further")[:1]) is putin
    assert reg.actor_for_span(span_of(reg, "The Kyiv regime")) is kyiv


def test_apposition_title_and_country(registry_for):
    reg = registry_for("Freedonia's chief negotiator, Marta Velasquez-Orr, rejected the plan. "
                       "Velasquez-Orr later left the talks.")
    a = reg.actor_for_span(span_of(reg, "Freedonia's chief negotiator, Marta Velasquez-Orr"))
    assert a.kind == "person" and a.role == "chief negotiator" and a.sector == "GOV"
    assert a.name.startswith("Marta")
    assert reg.actor_for_span(span_of(reg, "Velasquez-Orr later")[:-1]) is a


def test_apposition_with_known_person(registry_for):
    reg = registry_for("Ukraine's top diplomat, Andrii Sybiha, met his Turkish counterpart.")
    a = reg.actor_for_span(span_of(reg, "Ukraine's top diplomat"))
    assert a.name == "Andrii Sybiha"
    assert (a.country, a.sector, a.role) == ("UKR", "GOV", "foreign minister")


def test_title_refers_back_to_the_named_minister(registry_for):
    reg = registry_for("Chilean Foreign Minister Ana Pereira arrived on Monday. "
                       "The foreign minister said talks would resume.", "2019-05-01")
    pereira = by_mention(reg, "Chilean Foreign Minister Ana Pereira")
    assert (pereira.name, pereira.country, pereira.sector, pereira.role) == (
        "Ana Pereira", "CHL", "GOV", "foreign minister")
    assert by_mention(reg, "The foreign minister") is pereira


@pytest.mark.parametrize("published,name", [
    ("2024-01-20", "David Cameron"), ("2024-10-01", "David Lammy"),
    ("2025-10-01", "Yvette Cooper")])
def test_title_without_name_uses_the_office_holder_on_the_date(registry_for, published, name):
    reg = registry_for("The British foreign secretary warned of new sanctions.", published)
    a = by_mention(reg, "The British foreign secretary")
    assert (a.name, a.country, a.sector, a.role) == (name, "GBR", "GOV", "foreign minister")


def test_russian_foreign_minister_in_2025_is_lavrov(registry_for):
    reg = registry_for("The Russian foreign minister spoke to reporters.", "2025-06-04")
    assert by_mention(reg, "The Russian foreign minister").name == "Sergei Lavrov"


def test_pronoun_and_short_name_resolve_to_the_person(registry_for):
    reg = registry_for("Bolivian President Luis Arce spoke on Tuesday. He said Arce's government "
                       "would not resign. Later he left.")
    arce = by_mention(reg, "Bolivian President Luis Arce")
    assert arce.country == "BOL" and arce.sector == "GOV" and arce.role == "head of state"
    assert by_mention(reg, "He") is arce
    assert reg.actor_for_span(span_of(reg, "he left")[:1]) is arce


@pytest.mark.parametrize("phrase,country,sector", [
    ("Ukrainian forces", "UKR", "MIL"), ("Russian troops", "RUS", "MIL"),
    ("the Russian cabinet", "RUS", "GOV"), ("Chinese diplomats", "CHN", "GOV"),
    ("Sudanese guerrillas", "SDN", "REB"), ("Georgian protesters", "GEO", "OPP"),
    ("Kenyan police", "KEN", "COP"), ("a Turkish tribunal", "TUR", "JUD"),
    ("the Indian army", "IND", "MIL"), ("Brazilian journalists", "BRA", "MED"),
    ("the Iranian opposition", "IRN", "OPP"), ("Colombian militants", "COL", "REB")])
def test_demonym_and_role_noun(registry_for, phrase, country, sector):
    reg = registry_for(f"{phrase[0].upper()}{phrase[1:]} said on Sunday that the talks had failed.")
    a = reg.actor_for_span(reg.doc[0: len(phrase.split())])
    assert (a.country, a.sector) == (country, sector)


@pytest.mark.parametrize("text,mention,country,sector", [
    ("The Kremlin said the offer was void.", "The Kremlin", "RUS", "GOV"),
    ("Moscow rejected the proposal.", "Moscow", "RUS", "GOV"),
    ("Washington imposed new tariffs.", "Washington", "USA", "GOV"),
    ("Beijing protested the visit.", "Beijing", "CHN", "GOV"),
    ("Downing Street declined to comment.", "Downing Street", "GBR", "GOV"),
    ("The White House announced a pause.", "The White House", "USA", "GOV"),
    ("Tehran denied the report.", "Tehran", "IRN", "GOV")])
def test_metonyms_acting_politically(registry_for, text, mention, country, sector):
    a = by_mention(registry_for(text), mention)
    assert (a.country, a.sector) == (country, sector)


def test_capital_as_a_place_is_not_an_actor(registry_for):
    reg = registry_for("The delegates met in Moscow and later flew to Beijing.")
    assert not [a for a in reg.used() if a.country in ("RUS", "CHN")]
    # asked explicitly, the place still names its country, without a sector
    a = reg.actor_for_span(span_of(reg, "Moscow"))
    assert (a.country, a.sector) == ("RUS", None)


def test_kremlin_moscow_and_government_are_one_actor(registry_for):
    reg = registry_for("The Kremlin rejected the plan. Moscow said the Russian government "
                       "would answer later.")
    assert by_mention(reg, "The Kremlin") is by_mention(reg, "Moscow") is by_mention(
        reg, "the Russian government")


def test_arbitrary_noun_phrases_become_actors(registry_for):
    reg = registry_for("Last week's U.S. Supreme Court ruling dismayed the FBI and a group of ranchers.")
    court = reg.actor_for_span(span_of(reg, "Last week's U.S. Supreme Court ruling"))
    assert (court.country, court.sector) == ("USA", "JUD")
    fbi = reg.actor_for_span(span_of(reg, "the FBI"))
    assert (fbi.country, fbi.sector, fbi.kind) == ("USA", "COP", "organization")
    other = reg.actor_for_span(span_of(reg, "a group"))
    assert other.country is None and other.name
    assert other in reg.used()


def test_international_organisations(registry_for):
    reg = registry_for("NATO and the African Union urged restraint, and the IAEA sent inspectors.")
    for name in ("NATO", "the African Union", "the IAEA"):
        a = reg.actor_for_span(span_of(reg, name))
        assert a.sector == "IGO" and a.country is None and a.kb_id


def test_date_dependent_name_resolution(registry_for):
    early = registry_for("Vladimir Putin met the governors.", "2010-03-01")
    late = registry_for("Vladimir Putin met the governors.", "2025-03-01")
    assert by_mention(early, "Vladimir Putin").role == "head of government"
    assert by_mention(late, "Vladimir Putin").role == "head of state"


def test_registry_without_kb_uses_the_default(nlp):
    reg = ActorRegistry(nlp("The Kremlin said it would reply."), kb=None, published=None)
    reg.collect()
    assert by_mention(reg, "The Kremlin").country == "RUS"


def test_user_file_feeds_the_registry(nlp, tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text("name,aliases,kind,country,sector,role,title,start,end\n"
                 "Lantern Brigade,the Lanterns,organization,UKR,REB,,,,\n", encoding="utf-8")
    reg = ActorRegistry(nlp("The Lanterns attacked a convoy."), kb=load_kb([f]))
    reg.collect()
    a = by_mention(reg, "The Lanterns")
    assert (a.name, a.country, a.sector) == ("Lantern Brigade", "UKR", "REB")


def test_actor_at_prefers_the_tightest_mention(registry_for):
    reg = registry_for("Russian President Vladimir Putin met Ukrainian officials.")
    putin = by_mention(reg, "Russian President Vladimir Putin")
    start = reg.doc.text.index("Putin")
    assert reg.actor_at(start, start + 5) is putin
    assert reg.actor_at(0, 1) is putin
    assert reg.actor_at(len(reg.doc.text) - 1, len(reg.doc.text)) is None


def test_we_in_a_quote_is_the_speakers_country(registry_for):
    reg = registry_for("Ukraine asked for a truce. \u201cWhy should we stop now?\u201d "
                       "Russian President Vladimir Putin said.")
    we = reg.actor_for_span(span_of(reg, "we"))
    assert (we.kind, we.country) == ("country", "RUS")


@pytest.mark.parametrize("text,mention,sector", [
    ("Rebel forces shelled the town.", "Rebel forces", "REB"),
    ("Opposition fighters took the bridge.", "Opposition fighters", "REB"),
    ("Riot police dispersed the crowd.", "Riot police", "COP"),
    ("Gunmen stormed the hotel.", "Gunmen", "UAF")])
def test_sector_of_modifier_and_head(registry_for, text, mention, sector):
    a = by_mention(registry_for(text), mention)
    assert a.sector == sector


def test_names_inside_person_names_are_not_countries_or_titles(registry_for):
    reg = registry_for("Chad Miller and Peter King met reporters.")
    for name in ("Chad Miller", "Peter King"):
        a = by_mention(reg, name)
        assert a.kind == "person" and a.country is None and a.role is None


def test_environment_variable_adds_files(tmp_path, monkeypatch):
    f = tmp_path / "env.csv"
    f.write_text("name,aliases,kind,country,sector\nOrchid Front,,organization,MMR,REB\n",
                 encoding="utf-8")
    monkeypatch.setenv("EVENTWIRE_KB", str(f))
    kb = load_kb()
    assert kb.lookup("Orchid Front")
    monkeypatch.delenv("EVENTWIRE_KB")
    assert not load_kb().lookup("Orchid Front")


def test_two_people_with_one_surname_stay_apart(registry_for):
    reg = registry_for("Bill Clinton met Hillary Clinton. Obama arrived, and Barack Obama spoke.")
    assert by_mention(reg, "Bill Clinton") is not by_mention(reg, "Hillary Clinton")
    assert by_mention(reg, "Obama") is by_mention(reg, "Barack Obama")
    assert by_mention(reg, "Obama").name == "Barack Obama"


def test_phoenix_dictionary_feeds_the_registry(nlp):
    folder = shared_path("data", "cameo", "phoenix-dictionaries")
    kb = load_kb([folder / "Phoenix.International.actors.txt"])
    text = "Kofi Annan urged both sides to return to the talks."
    early = ActorRegistry(nlp(text), kb=kb, published="2003-03-01")
    early.collect()
    annan = by_mention(early, "Kofi Annan")
    assert (annan.kind, annan.sector, annan.country) == ("person", "IGO", None)
    assert annan.kb_id.startswith("phoenix:")


def test_a_surname_inside_a_longer_name_is_someone_else(registry_for):
    # "Ahmed" is the surname of one KB person (Abiy Ahmed), not of this president
    reg = registry_for("Sudanese President Ahmed Hassan Idris addressed the assembly.")
    a = by_mention(reg, "Sudanese President Ahmed Hassan Idris")
    assert "Abiy" not in a.name
    assert (a.country, a.sector) == ("SDN", "GOV")


def test_multiword_country_name_with_of(registry_for):
    # the whole name, not "the Congo" (COG) inside it
    reg = registry_for("The Democratic Republic of the Congo closed its border.")
    a = reg.actor_for_span(span_of(reg, "The Democratic Republic of the Congo"))
    assert a.country == "COD"


def test_odd_spans_and_a_pipeline_without_parser(registry_for):
    import spacy

    reg = registry_for("Russia attacked. Ukraine responded with drones.")
    assert reg.actor_for_span(reg.doc[0:5]).country == "RUS"  # crosses a sentence boundary
    assert reg.actor_for_span(reg.doc[2:2]).mentions == []    # empty span: no mention
    blank = spacy.blank("en")("The Kremlin said Moscow would reply.")
    bare = ActorRegistry(blank, published="2025-06-04")
    bare.collect()  # no tags, no parse: nothing collected, nothing raised
    assert bare.actor_for_span(blank[0:2]).country == "RUS"
    assert bare.sentence_of(blank[3:4]) == 0


def test_former_office_holders_are_elites_unless_titled(registry_for):
    late = registry_for("Boris Johnson criticised the budget.", "2025-03-01")
    johnson = by_mention(late, "Boris Johnson")
    assert (johnson.country, johnson.sector, johnson.role) == (
        "GBR", "ELI", "former head of government")
    titled = registry_for("Prime Minister Boris Johnson criticised the budget.", "2025-03-01")
    assert by_mention(titled, "Prime Minister Boris Johnson").sector == "GOV"
    during = registry_for("Boris Johnson criticised the budget.", "2021-03-01")
    assert by_mention(during, "Boris Johnson").sector == "GOV"


def test_gsr_style_scoring_on_records_written_here(nlp):
    from eventwire.kb.evaluate import score_gsr, time_collect

    records = [
        {"date": "2025-06-04", "text": "Russian troops shelled a village near the border.",
         "source": [{"actorText": "Russian troops", "code": "RUS", "sector": "MIL"}]},
        {"date": "2025-06-04", "text": "The Kremlin rejected a proposal from Kyiv.",
         "source": [{"actorText": "The Kremlin", "code": "RUS", "sector": "GOV"}],
         "target": [{"actorText": "Kyiv", "code": "UKR", "sector": "MIL"}]},  # wrong on purpose
    ]
    scores = score_gsr(records, nlp)
    assert (scores["countries"], scores["sectors"]) == (3, 3)
    assert scores["country_accuracy"] == 1.0
    assert abs(scores["sector_accuracy"] - 2 / 3) < 1e-9
    import time

    from eventwire.extractors.actors import ActorRegistry

    calls = []
    real = ActorRegistry.collect

    def slow_collect(self, *a, **kw):  # 50 ms more per article: the clock must see them
        calls.append(1)
        time.sleep(0.05)
        return real(self, *a, **kw)

    ActorRegistry.collect = slow_collect
    try:
        timing = time_collect([r["text"] for r in records], ["2025-06-04"] * 2, nlp)
    finally:
        ActorRegistry.collect = real
    assert timing["articles"] == 2 and len(calls) == 2
    assert 0.1 <= timing["collect_s"] < 5 and 0 < timing["parse_s"] < 5
    assert timing["ratio"] == pytest.approx(timing["collect_s"] / timing["parse_s"])


def test_a_generic_name_names_its_entry_only_where_the_article_allows(registry_for):
    # a US story: the Democratic Party and Congress are the US ones
    us = registry_for("Democrats in Congress criticized the deal on Tuesday.")
    assert us.actor_for_span(span_of(us, "Democrats")).kb_id == "organization:democratic-party"
    assert us.actor_for_span(span_of(us, "Congress")).country == "USA"
    # a story that names another country twice and never the US: not the US party
    ug = registry_for("The Democratic Party signed a deal with the ruling party. Ugandans were "
                      "surprised, and the Ugandan press called it a betrayal.")
    dp = ug.actor_for_span(span_of(ug, "The Democratic Party"))
    assert dp.kb_id is None and dp.country != "USA"
    # another country's demonym in the phrase, or a common noun in lower case
    co = registry_for("The Colombian Congress approved the budget on Monday.")
    assert co.actor_for_span(span_of(co, "The Colombian Congress")).country == "COL"
    party = registry_for("The party held its congress in Durban.")
    assert party.actor_for_span(span_of(party, "its congress")).kb_id is None


def test_a_user_file_marks_generic_names_with_a_tilde(nlp, tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text("name,aliases,kind,country,sector,role,title,start,end\n"
                 "~National Assembly,~the Assembly,organization,KEN,LEG,,,,\n", encoding="utf-8")
    kb = load_kb([f])
    entry = kb.get("organization:national-assembly")
    assert entry.name == "National Assembly" and "the Assembly" in entry.aliases
    assert [h.how for h in kb.lookup("National Assembly")] == ["generic"]
    kenya = ActorRegistry(nlp("Kenyan MPs said the National Assembly in Nairobi would vote."), kb=kb)
    kenya.collect()
    assert by_mention(kenya, "the National Assembly").country == "KEN"
    france = ActorRegistry(nlp("The National Assembly voted in Paris, and French and Belgian "
                               "ministers welcomed it in France."), kb=kb)
    france.collect()
    assert france.actor_for_span(span_of(france, "The National Assembly")).kb_id is None
