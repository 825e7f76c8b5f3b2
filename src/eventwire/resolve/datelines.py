"""The dateline of an article: where the reporter filed from ("KABUL, Afghanistan (AP) —", "PARIS –").

A dateline opens a line near the top of the text (after a title, a byline or photo captions): a
place in capitals, optionally a qualifier (a country, a state, an AP state abbreviation), optionally
a date ("PHILADELPHIA, July 25 (UPI) —"), optionally the agency in parentheses, then a dash or a
colon ("KUWAIT: ..."). "FILE - In this photo" and "UPDATE -" are not datelines:
the place must be one the gazetteer knows. Several places ("BEIJING/WASHINGTON") are kept apart;
the events decide which, if any, applies (see places.resolve_places).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import US_STATE_ABBREVIATIONS, GeoContext, Place, gazetteer

SEARCH_CHARS = 2500  # a dateline comes before the story's first paragraph ends
_NAME = r"[A-Z][A-Z.'’\-]*(?:[ ][A-Z][A-Z.'’\-]*){0,3}"
# "WASHINGTON (Reuters) - ", "SAN JUAN, Puerto Rico (AP) — ", "PARIS – ", "BEIJING/WASHINGTON -"
_DATE = (r"(?:,[ \t]*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d{1,2}"
         r"(?:,[ \t]*\d{4})?)?")
_CAPS = re.compile(
    rf"(?m)^[ \t]*(?P<places>{_NAME}(?:/{_NAME})*)"
    r"(?:,[ \t]*(?P<qual>(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d)"
    r"[A-Z][A-Za-z.'’\-]*(?:[ ][A-Z][A-Za-z.'’\-]*){0,2}))?" + _DATE +
    r"[ \t]*(?:\((?P<agency>[A-Za-z][A-Za-z .&\-]{0,30})\))?[ \t]*(?:[-–—―]{1,2}|:)[ \t]+(?=\S)")
# "Kabul, Afghanistan (AP) - ": in mixed case only with an agency, which marks it as a dateline
_TITLED = re.compile(
    r"(?m)^[ \t]*(?P<places>[A-Z][a-z'’\-]+(?:[ ][A-Z][a-z'’\-]+){0,2})"
    r"(?:,[ \t]*(?P<qual>[A-Z][A-Za-z.'’\-]*(?:[ ][A-Z][A-Za-z.'’\-]*){0,2}))?"
    r"[ \t]*\((?P<agency>[A-Za-z][A-Za-z .&\-]{0,30})\)[ \t]*[-–—―]{1,2}[ \t]+(?=\S)")
# "Washington (CNN) President Barack Obama ...", "ISTANBUL (CNN)The bomber": a wire service's name
# marks a dateline even without the dash (other parentheses need it: "EU (European Union) leaders")
WIRE_SERVICES = ("CNN", "AP", "Reuters", "AFP", "UPI", "dpa", "Xinhua", "Bloomberg", "TASS",
                 "Yonhap", "Kyodo", "ANI", "IANS", "PTI", "Anadolu", "BBC", "NPR")
_WIRE = re.compile(
    r"(?m)^[ \t]*(?P<places>[A-Z][A-Za-z'’\-]+(?:[ ][A-Z][A-Za-z'’\-]+){0,2})"
    r"(?:,[ \t]*(?P<qual>[A-Z][A-Za-z.'’\-]*(?:[ ][A-Z][A-Za-z.'’\-]*){0,2}))?"
    r"[ \t]*\((?P<agency>" + "|".join(WIRE_SERVICES) + r")\)[ \t]*(?=[A-Z\"“‘'])")
NOT_PLACES = {"FILE", "UPDATE", "UPDATED", "EXCLUSIVE", "ANALYSIS", "OPINION", "WATCH", "LIVE",
              "BREAKING", "PHOTO", "VIDEO", "EDITOR'S NOTE", "EDITORS NOTE", "CORRECTION",
              "FACTBOX", "REFILE", "INSIGHT", "COMMENTARY", "REVIEW", "NOTE", "AP", "NEW"}


@dataclass
class DatelinePlace:
    place: Place
    start: int
    end: int
    text: str


@dataclass
class Dateline:
    places: list[DatelinePlace]
    start: int     # the whole dateline, up to and including its dash
    end: int
    agency: str | None = None


def qualifier_place(text: str | None) -> Place | None:
    """The place after the comma: a country, a US state (or its AP abbreviation), a region."""
    if not text:
        return None
    gz = gazetteer()
    key = text.strip().lower()
    if key in US_STATE_ABBREVIATIONS:
        return gz.us_state(US_STATE_ABBREVIATIONS[key])
    return gz.country(text) or gz.us_state(text) or gz.admin1_region(text)


def find_dateline(text: str, context: GeoContext | None = None) -> Dateline | None:
    """The article's dateline, its places resolved (qualifier first, then the article's other
    places), or None when the text has none."""
    head = text[:SEARCH_CHARS]
    for pattern in (_CAPS, _TITLED, _WIRE):
        for m in pattern.finditer(head):
            found = _read(m, context)
            if found is not None:
                return found
    return None


def _read(m: re.Match, context: GeoContext | None) -> Dateline | None:
    names = m.group("places")
    if names.strip().upper() in NOT_PLACES:
        return None
    qual = qualifier_place(m.group("qual"))
    if m.group("qual") and qual is None:
        return None  # "WASHINGTON, Senate leaders said -": not a dateline's qualifier
    gz = gazetteer()
    out: list[DatelinePlace] = []
    pos = m.start("places")
    for part in names.split("/"):
        start = pos + len(part) - len(part.lstrip())
        word = part.strip()
        pos += len(part) + 1
        if word.upper() in NOT_PLACES:
            return None
        place = gz.resolve(word, context, within=qual, towns=True if qual is not None else None)
        if place is None:
            return None
        out.append(DatelinePlace(place, start, start + len(word), word))
    if len(out) == 1 and qual is not None and out[0].place.country != qual.country:
        return None  # the name and its qualifier disagree: not a place we know
    return Dateline(out, m.start("places"), m.end(), m.group("agency"))
