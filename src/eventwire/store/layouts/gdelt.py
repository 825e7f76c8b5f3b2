"""GDELT 2.0 layouts: the Events table (61 columns, one row per incident) and the Mentions table
(16 columns, one row per event record), in GDELT's column order and names. docs/exports.md says
where each column comes from."""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from .codes import (cameo, country, day, fraction_date, gdelt_timestamp, goldstein, numeric_id,
                    quad_class, us_states)

_ACTOR_FIELDS = [("Code", "string"), ("Name", "string"), ("CountryCode", "string"),
                 ("KnownGroupCode", "string"), ("EthnicCode", "string"),
                 ("Religion1Code", "string"), ("Religion2Code", "string"),
                 ("Type1Code", "string"), ("Type2Code", "string"), ("Type3Code", "string")]
_GEO_FIELDS = [("Type", "int64"), ("FullName", "string"), ("CountryCode", "string"),
               ("ADM1Code", "string"), ("ADM2Code", "string"), ("Lat", "float64"),
               ("Long", "float64"), ("FeatureID", "string")]

EVENT_COLUMNS: list[tuple[str, str]] = [
    ("GLOBALEVENTID", "int64"), ("SQLDATE", "int64"), ("MonthYear", "int64"), ("Year", "int64"),
    ("FractionDate", "float64"),
    *[(f"Actor1{n}", t) for n, t in _ACTOR_FIELDS],
    *[(f"Actor2{n}", t) for n, t in _ACTOR_FIELDS],
    ("IsRootEvent", "int64"), ("EventCode", "string"), ("EventBaseCode", "string"),
    ("EventRootCode", "string"), ("QuadClass", "int64"), ("GoldsteinScale", "float64"),
    ("NumMentions", "int64"), ("NumSources", "int64"), ("NumArticles", "int64"),
    ("AvgTone", "float64"),
    *[(f"Actor1Geo_{n}", t) for n, t in _GEO_FIELDS],
    *[(f"Actor2Geo_{n}", t) for n, t in _GEO_FIELDS],
    *[(f"ActionGeo_{n}", t) for n, t in _GEO_FIELDS],
    ("DATEADDED", "int64"), ("SOURCEURL", "string"),
]

MENTION_COLUMNS: list[tuple[str, str]] = [
    ("GLOBALEVENTID", "int64"), ("EventTimeDate", "int64"), ("MentionTimeDate", "int64"),
    ("MentionType", "int64"), ("MentionSourceName", "string"), ("MentionIdentifier", "string"),
    ("SentenceID", "int64"), ("Actor1CharOffset", "int64"), ("Actor2CharOffset", "int64"),
    ("ActionCharOffset", "int64"), ("InRawText", "int64"), ("Confidence", "int64"),
    ("MentionDocLen", "int64"), ("MentionDocTone", "float64"),
    ("MentionDocTranslationInfo", "string"), ("Extras", "string"),
]

# GDELT's ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state
_GEO_TYPE = {("country", False): 1, ("country", True): 1, ("region", True): 2, ("city", True): 3,
             ("city", False): 4, ("region", False): 5}
WEB = 1  # MentionType: a web page (the only kind eventwire reads)


def _actor(n: int, r: dict[str, Any], role: str) -> dict[str, Any]:
    name, iso3, sector = r[f"{role}_name"], r[f"{role}_country"], r[f"{role}_sector"]
    code = f"{iso3 or ''}{sector or ''}" or None
    out = {f"Actor{n}{f}": None for f, _ in _ACTOR_FIELDS}
    out.update({f"Actor{n}Code": code, f"Actor{n}Name": name.upper() if name else None,
                f"Actor{n}CountryCode": iso3, f"Actor{n}Type1Code": sector})
    return out


def place(r: dict[str, Any]) -> dict[str, Any]:
    """The event's place: precision, admin1 and the rest, from the columns of schema step 4 and
    else from the stored eventwire/1 object (stores written before those columns were filled)."""
    loc = (json.loads(r["data"]).get("location") or {}) if r.get("data") else {}
    return {"name": r["location_name"] or loc.get("name"),
            "country": r["location_country"] or loc.get("country"),
            "lat": r["lat"] if r["lat"] is not None else loc.get("lat"),
            "lon": r["lon"] if r["lon"] is not None else loc.get("lon"),
            "admin1": r["location_admin1"] or loc.get("admin1"),
            "precision": r["location_precision"] or loc.get("precision"),
            "text": loc.get("text")}


def precision_of(p: dict[str, Any]) -> str | None:
    """city, region or country; a place stored without one is a country when it is named as the
    country (or not named), else a city."""
    if p["precision"] in ("city", "region", "country"):
        return p["precision"]
    if not (p["country"] or p["name"]):
        return None
    c = country(p["country"])
    if not p["name"] or (c is not None and p["name"].strip().lower() == c.name.lower()):
        return "country"
    return "city"


def _us_state(p: dict[str, Any], precision: str) -> str | None:
    states = us_states()
    for v in (p["admin1"], p["name"] if precision == "region" else None):
        if v and v.strip().lower() in states:
            return states[v.strip().lower()]
    return None


def _action_geo(r: dict[str, Any]) -> dict[str, Any]:
    out = {f"ActionGeo_{f}": None for f, _ in _GEO_FIELDS}
    out["ActionGeo_Type"] = 0
    p = place(r)
    precision = precision_of(p)
    if precision is None:
        return out
    c = country(p["country"])
    us = (p["country"] or "").upper() == "USA"
    cname = c.name if c else p["country"]
    if precision == "country":
        full = cname
    elif precision == "region":
        full = ", ".join(x for x in (p["name"], cname) if x)
    else:
        full = ", ".join(x for x in (p["name"], p["admin1"], cname) if x)
    fips = c.fips if c else None
    state = _us_state(p, precision) if us else None
    adm1 = fips if precision == "country" else (f"US{state}" if state else None)
    out.update({"ActionGeo_Type": _GEO_TYPE[(precision, us)], "ActionGeo_FullName": full,
                "ActionGeo_CountryCode": fips, "ActionGeo_ADM1Code": adm1,
                "ActionGeo_Lat": p["lat"], "ActionGeo_Long": p["lon"],
                # GDELT's feature ids are GNS/GNIS ids for cities, which a GeoNames gazetteer lacks
                "ActionGeo_FeatureID": adm1 if precision != "city" else None})
    return out


def event_date(r: dict[str, Any]):
    """The incident's day: its representative record's first day, else the publication day."""
    return day(r["date_start"]) or day(r["published"]) or day(r["first_seen"])


def event_row(r: dict[str, Any]) -> dict[str, Any]:
    """A GDELT Events row from an incident row (source.incident_rows)."""
    d = event_date(r)
    code = cameo(r["cameo"])
    row: dict[str, Any] = {
        "GLOBALEVENTID": numeric_id(r["inc"]),
        "SQLDATE": int(d.strftime("%Y%m%d")) if d else None,
        "MonthYear": d.year * 100 + d.month if d else None, "Year": d.year if d else None,
        "FractionDate": fraction_date(d) if d else None}
    row.update(_actor(1, r, "source"))
    row.update(_actor(2, r, "target"))
    row.update({
        # GDELT's root event: found in the lead paragraph; here, the first sentence of an article
        "IsRootEvent": 1 if r["first_sentence"] == 0 else 0,
        "EventCode": code and code.code, "EventBaseCode": code and code.base,
        "EventRootCode": code and code.root, "QuadClass": quad_class(code and code.root),
        "GoldsteinScale": goldstein(code),
        "NumMentions": r["n_mentions"], "NumSources": r["n_sources"], "NumArticles": r["n_articles"],
        "AvgTone": None})  # eventwire measures no tone
    for n in (1, 2):  # GDELT places actors by the place named nearest to them; eventwire does not
        row.update({f"Actor{n}Geo_{f}": None for f, _ in _GEO_FIELDS})
        row[f"Actor{n}Geo_Type"] = 0
    row.update(_action_geo(r))
    row["DATEADDED"] = gdelt_timestamp(r["first_seen"])
    row["SOURCEURL"] = r["url"] or r["source"]
    return row


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host or None


def extras(r: dict[str, Any]) -> str:
    """eventwire's own keys for the record (key=value;...: no quotes, so TSV readers need none):
    the event id (article hash/event id), its PLOVER type, status and linked incident."""
    pairs = [("event", f"{r['hash']}/{r['event_id']}"), ("type", r["type"]),
             ("status", r["status"]), ("incident", r["incident"])]
    return ";".join(f"{k}={v}" for k, v in pairs if v)


def mention_row(r: dict[str, Any]) -> dict[str, Any]:
    """A GDELT Mentions row from an event record row (source.record_rows)."""
    data = json.loads(r["data"])
    a1, a2 = r["source_offset"], r["target_offset"]
    has1, has2 = data.get("source") is not None, data.get("target") is not None
    trigger = data.get("trigger_start")
    sentence = r["evidence_sentence"]
    conf = r["confidence"]
    return {
        "GLOBALEVENTID": numeric_id(r["inc"]),
        "EventTimeDate": gdelt_timestamp(r["first_seen"]),
        "MentionTimeDate": gdelt_timestamp(r["published"] or r["ingested_at"]),
        "MentionType": WEB,
        "MentionSourceName": _host(r["url"]) or r["source"],
        "MentionIdentifier": r["url"] or r["ref"] or r["hash"],
        "SentenceID": sentence + 1 if isinstance(sentence, int) else None,
        "Actor1CharOffset": a1 if a1 is not None else -1,
        "Actor2CharOffset": a2 if a2 is not None else -1,
        "ActionCharOffset": trigger if isinstance(trigger, int) else -1,
        # found in the raw text: each actor the event has is named in its own sentence
        "InRawText": int((not has1 or a1 is not None) and (not has2 or a2 is not None)),
        "Confidence": round(conf * 100) if conf is not None else None,
        "MentionDocLen": r["doc_len"],
        "MentionDocTone": None,
        "MentionDocTranslationInfo": None,
        "Extras": extras(r),
    }
