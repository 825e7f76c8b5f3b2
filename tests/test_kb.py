"""The knowledge base: built-in data, office holders by date, user tables, Phoenix dictionaries."""
from __future__ import annotations

import pytest

from conftest import shared_path
from eventwire.errors import EventwireError
from eventwire.kb import KnowledgeBaseError, load_kb, normalise
from eventwire.kb.base import KnowledgeBase
from eventwire.kb.builtin import build_builtin
from eventwire.kb.loaders import (cameo_code, read_phoenix_actors, read_phoenix_agents,
                                  read_table)


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def ids(kb, text):
    return [h.entry_id for h in kb.lookup(text)]


def test_normalise_folds_case_dots_accents_and_article():
    assert normalise("the U.S.") == "us"
    assert normalise("Élysée  Palace") == "elysee palace"
    assert normalise("Russia\u2019s") == "russia's"
    assert normalise("Al - Shabaab") == "al-shabaab"


def test_every_country_has_an_entry_with_its_iso3_code(kb):
    import pycountry

    # left out on purpose: territories whose names mostly mean something else ("New Jersey")
    skipped = {"CXR", "GGY", "HMD", "IMN", "JEY", "NFK", "SHN"}
    missing = [c.alpha_3 for c in pycountry.countries
               if c.alpha_3 not in kb and c.alpha_3 not in skipped]
    assert missing == []
    assert not kb.lookup("Jersey")
    for iso3 in ("RUS", "UKR", "USA", "GBR", "CHN", "SDN", "MMR", "ISR", "IRN"):
        assert kb.get(iso3).kind == "country"


@pytest.mark.parametrize("name,iso3", [
    ("Britain", "GBR"), ("UK", "GBR"), ("U.S.", "USA"),
    ("the United States", "USA"),
    ("South Korea", "KOR"), ("Russia", "RUS"), ("Côte d'Ivoire", "CIV"), ("Burma", "MMR"),
    ("Türkiye", "TUR"), ("DRC", "COD")])
def test_alternative_country_names(kb, name, iso3):
    assert iso3 in ids(kb, name)


@pytest.mark.parametrize("word,iso3,how", [
    ("Russian", "RUS", "demonym"), ("Ukrainian", "UKR", "demonym"), ("Chinese", "CHN", "demonym"),
    ("Israelis", "ISR", "people"), ("Moscow", "RUS", "capital"), ("Kyiv", "UKR", "capital"),
    ("Kiev", "UKR", "capital"), ("Beijing", "CHN", "capital"), ("Tehran", "IRN", "capital"),
    ("the Kremlin", "RUS", "seat"), ("the White House", "USA", "seat"),
    ("Downing Street", "GBR", "seat"), ("Élysée", "FRA", "seat"),
    ("Elysee", "FRA", "seat")])
def test_demonyms_capitals_and_seats(kb, word, iso3, how):
    assert (iso3, how) in [(h.entry_id, h.how) for h in kb.lookup(word)]


def test_acronyms_match_upper_case_text_only(kb):
    assert sorted((h.entry_id, h.how) for h in kb.lookup("US")) == [("USA", "demonym"), ("USA", "name")]
    assert ids(kb, "us") == []
    assert ids(kb, "who") == []
    assert "organization:world-health-organization" in ids(kb, "WHO")


def test_ambiguous_capitals_are_not_governments(kb):
    assert ids(kb, "Victoria") == []
    assert ids(kb, "Kingston") == []


@pytest.mark.parametrize("name,sector", [
    ("UN", "IGO"), ("NATO", "IGO"), ("the European Union", "IGO"), ("OSCE", "IGO"),
    ("IAEA", "IGO"), ("IMF", "IGO"), ("African Union", "IGO"), ("ASEAN", "IGO"),
    ("the FBI", "COP"), ("IDF", "MIL"), ("Hamas", "REB"), ("Amnesty International", "NGO")])
def test_organisations_have_sectors(kb, name, sector):
    (hit, *_) = kb.lookup(name)
    entry = kb.get(hit.entry_id)
    assert entry.kind == "organization"
    assert entry.term_at("2025-06-04").sector == sector


def test_office_holders_follow_the_date(kb):
    assert kb.holder("RUS", "foreign minister", "2025-06-04").name == "Sergei Lavrov"
    assert kb.holder("GBR", "foreign secretary", "2024-01-15").name == "David Cameron"
    assert kb.holder("GBR", "foreign minister", "2024-09-01").name == "David Lammy"
    assert kb.holder("USA", "president", "2024-06-01").name == "Joe Biden"
    assert kb.holder("USA", "head of state", "2025-06-01").name == "Donald Trump"
    assert kb.holder("RUS", "defence minister", "2023-01-01").name == "Sergei Shoigu"
    assert kb.holder("RUS", "defense minister", "2025-01-01").name == "Andrei Belousov"
    assert kb.holder("UKR", "chief negotiator", "2025-06-04").name == "Rustem Umerov"
    assert kb.holder("IRN", "supreme leader", "2025-06-04").name == "Ali Khamenei"
    assert kb.holder("DEU", "chancellor", "2025-01-01").name == "Olaf Scholz"
    assert kb.holder("DEU", "head of government", "2025-06-01").name == "Friedrich Merz"


def test_g20_and_states_at_war_have_heads_and_ministers(kb):
    g20 = ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR",
           "MEX", "RUS", "SAU", "ZAF", "TUR", "GBR", "USA"]
    for iso3 in g20 + ["UKR", "ISR", "IRN"]:
        heads = [kb.holder(iso3, r, "2025-06-04") for r in ("head of state", "head of government")]
        assert any(heads), iso3
        assert kb.holder(iso3, "foreign minister", "2025-06-04"), iso3
        assert kb.holder(iso3, "defence minister", "2025-06-04"), iso3
    for iso3 in ("SDN", "MMR"):
        assert kb.holder(iso3, "head of state", "2025-06-04"), iso3


def test_person_terms_pick_the_role_held_on_the_date(kb):
    putin = kb.get("person:vladimir-putin")
    assert putin.term_at("2010-01-01").role == "head of government"
    assert putin.term_at("2025-06-04").role == "head of state"
    assert "person:vladimir-putin" in ids(kb, "Putin")  # unique surname


def test_role_nouns_and_titles(kb):
    assert kb.sector_of("troops") == ("MIL", "troops")
    assert kb.sector_of("Soldiers")[0] == "MIL"
    assert kb.sector_of("police")[0] == "COP"
    assert kb.sector_of("protesters")[0] == "OPP"
    assert kb.sector_of("rebels")[0] == "REB"
    assert kb.sector_of("court")[0] == "JUD"
    assert kb.title_of("Foreign Secretary") == "foreign minister"
    assert kb.title_of("Secretary of Defense") == "defence minister"


def test_user_csv_extends_and_overrides(tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text(
        "# my actors\n"
        "name,aliases,kind,country,sector,role,title,start,end\n"
        "Ana Quillfeather,Quillfeather,person,XYZ,GOV,head of state,president,"
        "2020-01-01,2023-12-31\n"
        "Ana Quillfeather,,person,XYZ,OPP,opposition leader,,2024-01-01,\n"
        "Lantern Brigade,the Lanterns,organization,UKR,REB,,,,\n", encoding="utf-8")
    kb = load_kb([f])
    (hit,) = kb.lookup("Quillfeather")
    ana = kb.get(hit.entry_id)
    assert ana.term_at("2022-05-05").sector == "GOV"
    assert ana.term_at("2025-05-05").role == "opposition leader"
    assert kb.holder("XYZ", "president", "2021-01-01") is ana
    assert kb.get(kb.lookup("the Lanterns")[0].entry_id).term_at(None).sector == "REB"
    assert kb.get("RUS") is not None  # the built-in entries are still there
    assert load_kb([f]) is kb  # cached per process


def test_user_yaml_with_nested_terms(tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text(
        "actors:\n"
        "  - name: Borin Vastle\n"
        "    aliases: [Vastle]\n"
        "    terms:\n"
        "      - {country: RUS, sector: GOV, role: foreign minister, title: foreign minister,\n"
        "         start: 2030-01-01}\n", encoding="utf-8")
    kb = load_kb([f])
    assert kb.holder("RUS", "foreign minister", "2030-05-01").name == "Borin Vastle"
    assert kb.holder("RUS", "foreign minister", "2025-05-01").name == "Sergei Lavrov"


@pytest.mark.parametrize("content,needle", [
    ("name,country,start\nX,RUS,05/06/2024\n", "YYYY-MM-DD"),
    ("name,country\nX,Russia\n", "alpha-3"),
    ("alias,country\nX,RUS\n", "'name' column"),
    ("name,kind\nX,planet\n", "kind"),
])
def test_bad_user_rows_name_the_file_and_row(tmp_path, content, needle):
    f = tmp_path / "bad.csv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as exc:
        read_table(f)
    assert needle in str(exc.value)
    assert "bad.csv" in str(exc.value)
    assert isinstance(exc.value, EventwireError)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(KnowledgeBaseError, match="no such knowledge-base file"):
        load_kb([tmp_path / "nope.csv"])


def test_cameo_codes():
    assert cameo_code("RUSGOV") == ("RUS", "GOV")
    assert cameo_code("IGOUNO") == (None, "IGO")
    assert cameo_code("ELI") == (None, "ELI")
    assert cameo_code("AFG") == ("AFG", None)


def test_phoenix_format_written_here(tmp_path):
    f = tmp_path / "Test.actors.txt"
    f.write_text(
        "# comment\n"
        "FREEDONIA_  [FRD]\n"
        "+FREEDONIAN_\n"
        "RUFUS_T_FIREFLY_  # a leader\n"
        "+FIREFLY_\n"
        "\t[FRDELI 300101-330630]\n"
        "\t[FRDGOV >330701]\n"
        "\t[FRDELI]\n"
        "SYLVANIA_ [SYL]\n"
        "SYL._\n", encoding="utf-8")
    entries = {e.name: e for e in read_phoenix_actors(f)}
    assert entries["Freedonia"].kind == "country"
    firefly = entries["Rufus T Firefly"]
    assert firefly.kind == "person"
    assert firefly.term_at("1934-01-01").sector == "GOV"
    assert firefly.term_at("1931-01-01").sector == "ELI"
    assert "SYL." in entries["Sylvania"].aliases  # a code-less primary phrase is a synonym


def test_phoenix_agents_written_here(tmp_path):
    f = tmp_path / "Test.agents.txt"
    f.write_text("!PERSON! = MAN, WOMAN\nCONGRESS!PERSON! [~LEG]\nTROOP [~MIL]\n"
                 "POLICE {} [~COP]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\n",
                 encoding="utf-8")
    pairs = set(read_phoenix_agents(f))
    assert {("congressman", "LEG"), ("congresswoman", "LEG"), ("troop", "MIL"),
            ("troops", "MIL"), ("police", "COP"), ("attorneys general", "GOV")} <= pairs
    assert ("polices", "COP") not in pairs


def test_phoenix_dictionaries_from_shared_data():
    folder = shared_path("data", "cameo", "phoenix-dictionaries")
    kb = build_builtin()
    from eventwire.kb import add_file

    add_file(kb, folder / "Phoenix.International.actors.txt")
    add_file(kb, folder / "Phoenix.MilNonState.actors.txt")
    add_file(kb, folder / "Phoenix.agents.txt")
    annan = kb.get(next(h.entry_id for h in kb.lookup("Kofi Annan")))
    # [IGOUNO 970101-061231] then [ELI]: Secretary-General to the last day of 2006, an elder after
    assert annan.term_at("2000-01-01").sector == "IGO"
    assert annan.term_at("2006-12-31").sector == "IGO"
    assert annan.term_at("2007-01-01").sector == "ELI" and annan.term_at("2010-01-01").sector == "ELI"
    taliban = [kb.get(h.entry_id) for h in kb.lookup("Taliban")]
    assert any(e.term_at(None) and e.term_at(None).country == "AFG" for e in taliban)
    assert kb.sector_of("gendarmerie")[0] == "COP"
    assert kb.problems  # the published files hold a few malformed dates: reported, skipped


def test_phoenix_countries_dictionary_dates():
    path = shared_path("data", "cameo", "phoenix-dictionaries", "Phoenix.Countries.actors.txt")
    entries = read_phoenix_actors(path, problems=[])
    by_name = {e.name: e for e in entries}
    putin = by_name["Vladimir Putin"]
    assert putin.term_at("2005-01-01").country == "RUS"
    assert putin.term_at("2005-01-01").sector == "GOV"
    assert putin.term_at("1990-01-01").sector == "ELI"
    assert by_name["Afghanistan"].kind == "country"
    assert len(entries) > 5000


def test_empty_kb_behaves():
    kb = KnowledgeBase()
    kb.finish()
    assert kb.lookup("Russia") == []
    assert kb.holder("RUS", "president", "2025-01-01") is None


def test_surname_aliases_are_unique_and_not_first_names_or_suffixes(kb):
    assert ids(kb, "Lavrov") == ["person:sergei-lavrov"]
    assert "person:ferdinand-marcos-jr" in ids(kb, "Marcos")
    assert ids(kb, "Jr") == []          # a suffix is not a surname
    assert ids(kb, "Dan") == []         # too short: mostly a first name
    assert ids(kb, "Charles") == []     # "King Charles III" is not found by "Charles"
    assert not any(h.how == "surname" for h in kb.lookup("Kim"))
