"""An ACLED-style table: ACLED's 31 columns, one row per incident, filled where eventwire has a
value and empty where it has none. Event types come from PLOVER type, mode, CAMEO code and the
actors' sectors only where the mapping is defensible (docs/exports.md lists it)."""
from __future__ import annotations

import json
from typing import Any

from .codes import cameo, country, day, numeric_id, one_line, unix_seconds
from .gdelt import event_date, place, precision_of

COLUMNS: list[tuple[str, str]] = [
    ("event_id_cnty", "string"), ("event_date", "date32"), ("year", "int64"),
    ("time_precision", "int64"), ("disorder_type", "string"), ("event_type", "string"),
    ("sub_event_type", "string"), ("actor1", "string"), ("assoc_actor_1", "string"),
    ("inter1", "string"), ("actor2", "string"), ("assoc_actor_2", "string"), ("inter2", "string"),
    ("interaction", "string"), ("civilian_targeting", "string"), ("iso", "int64"),
    ("region", "string"), ("country", "string"), ("admin1", "string"), ("admin2", "string"),
    ("admin3", "string"), ("location", "string"), ("latitude", "float64"),
    ("longitude", "float64"), ("geo_precision", "int64"), ("source", "string"),
    ("source_scale", "string"), ("notes", "string"), ("fatalities", "int64"), ("tags", "string"),
    ("timestamp", "int64"),
]

POLITICAL_VIOLENCE, DEMONSTRATIONS, STRATEGIC = ("Political violence", "Demonstrations",
                                                 "Strategic developments")
BATTLES, REMOTE, VAC = "Battles", "Explosions/Remote violence", "Violence against civilians"

# ACLED's actor categories in the order of its old numeric codes 1-8 (interaction lists the
# lower one first: "State forces-Civilians")
INTER_ORDER = ["State forces", "Rebel group", "Political militia", "Identity militia", "Rioters",
               "Protesters", "Civilians", "External/Other forces"]
STATE = {"GOV", "MIL", "COP", "SPY", "JUD", "LEG"}
ARMED = STATE | {"REB", "INS", "SEP", "UAF"}
NON_COMBATANT = {"CVL", "REF", "LAB", "EDU", "HLH", "AGR", "BUS", "MED", "DEV", "ENV", "NGO"}
_SECTOR_INTER = {**{s: "State forces" for s in STATE}, "REB": "Rebel group", "INS": "Rebel group",
                 "SEP": "Rebel group", "UAF": "Political militia",
                 **{s: "Civilians" for s in NON_COMBATANT - {"NGO"}},
                 "IGO": "External/Other forces", "NGO": "External/Other forces"}

# by CAMEO code (the most specific first), then by PLOVER mode: (disorder, event, sub-event)
_BY_CODE = {
    "1831": (POLITICAL_VIOLENCE, REMOTE, "Suicide bomb"),
    "1832": (POLITICAL_VIOLENCE, REMOTE, "Remote explosive/landmine/IED"),
    "1833": (POLITICAL_VIOLENCE, REMOTE, "Remote explosive/landmine/IED"),
    "183": (POLITICAL_VIOLENCE, REMOTE, "Remote explosive/landmine/IED"),
    "195": (POLITICAL_VIOLENCE, REMOTE, "Air/drone strike"),
    "194": (POLITICAL_VIOLENCE, REMOTE, "Shelling/artillery/missile attack"),
    "2041": (POLITICAL_VIOLENCE, REMOTE, "Chemical weapon"),
    "181": (POLITICAL_VIOLENCE, VAC, "Abduction/forced disappearance"),
    "1821": (POLITICAL_VIOLENCE, VAC, "Sexual violence"),
    "202": (POLITICAL_VIOLENCE, VAC, "Attack"),
    "1712": (STRATEGIC, STRATEGIC, "Looting/property destruction"),
    "171": (STRATEGIC, STRATEGIC, "Looting/property destruction"),
    "173": (STRATEGIC, STRATEGIC, "Arrests"),
    "145": (DEMONSTRATIONS, "Riots", "Violent demonstration"),
    "141": (DEMONSTRATIONS, "Protests", "Peaceful protest"),
    "142": (DEMONSTRATIONS, "Protests", "Peaceful protest"),
    "057": (STRATEGIC, STRATEGIC, "Agreement"),
}
_BY_MODE = {
    "suicide-attack": _BY_CODE["1831"], "explosives": _BY_CODE["183"],
    "heavy-weapons": _BY_CODE["194"], "unconventional": _BY_CODE["2041"],
    "abduct": _BY_CODE["181"], "sexual": _BY_CODE["1821"], "massacre": _BY_CODE["202"],
    "arrest": _BY_CODE["173"], "riot": _BY_CODE["145"], "demo": _BY_CODE["141"],
    "hunger": _BY_CODE["142"],
}
# the PLOVER types (and only those) whose records the codes above may classify
_TYPES_BY_CODE = {"ASSAULT", "COERCE", "PROTEST", "SUPPORT"}


def classify(r: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(disorder_type, event_type, sub_event_type) for an incident's representative record."""
    typ = r["type"]
    if typ == "MOBILIZE":  # troop movements and alerts: a change in an armed group's activity
        return STRATEGIC, STRATEGIC, "Change to group/activity"
    if typ not in _TYPES_BY_CODE:
        return None, None, None
    code = cameo(r["cameo"])
    for key in (code.code, code.base) if code else ():
        if key in _BY_CODE:
            return _BY_CODE[key]
    if r["mode"] in _BY_MODE and typ != "SUPPORT":
        return _BY_MODE[r["mode"]]
    if typ != "ASSAULT":
        return None, None, None
    # an attack by an armed actor: on another armed actor a battle, on non-combatants violence
    # against civilians; otherwise only its disorder type is sure
    src, tgt = r["source_sector"], r["target_sector"]
    if src in ARMED and tgt in ARMED:
        return POLITICAL_VIOLENCE, BATTLES, "Armed clash"
    if src in ARMED and (tgt in NON_COMBATANT or (r["target_kind"] == "person" and not tgt)):
        return POLITICAL_VIOLENCE, VAC, "Attack"
    return POLITICAL_VIOLENCE, None, None


def _inter(r: dict[str, Any], role: str, event_type: str | None, where: str | None) -> str | None:
    if event_type is None or (r[f"{role}_name"] is None and r[f"{role}_sector"] is None):
        return None
    if role == "source" and event_type in ("Protests", "Riots"):
        return "Protesters" if event_type == "Protests" else "Rioters"
    if event_type == VAC and role == "target":
        return "Civilians"
    sector = r[f"{role}_sector"]
    label = _SECTOR_INTER.get(sector or "")
    if label == "State forces" and where and r[f"{role}_country"] and r[f"{role}_country"] != where:
        return "External/Other forces"  # a state's forces outside their own country
    return label


def _interaction(inter1: str | None, inter2: str | None) -> str | None:
    if not inter1 and not inter2:
        return None
    if not inter1 or not inter2:
        return f"{inter1 or inter2} only"
    a, b = sorted((inter1, inter2), key=INTER_ORDER.index)
    return f"{a}-{b}"


def time_precision(r: dict[str, Any]) -> int:
    """ACLED's 1 (the day), 2 (within a week) or 3 (within a month or longer)."""
    data = json.loads(r["data"])
    if not r["date_start"] or (data.get("date") or {}).get("fallback"):
        return 2  # no date in the text: the article's day, which the event preceded by little
    start, end = day(r["date_start"]), day(r["date_end"]) or day(r["date_start"])
    span = (end - start).days if start and end else 0
    return 1 if span == 0 else 2 if span <= 6 else 3


def _outlets(value: Any) -> list[str]:
    items = json.loads(value) if isinstance(value, str) else (value or [])
    return sorted({x for x in items if x})


def row(r: dict[str, Any]) -> dict[str, Any]:
    """An ACLED-style row from an incident row (source.incident_rows)."""
    d = event_date(r)
    p = place(r)
    c = country(p["country"])
    disorder, event_type, sub = classify(r)
    inter1 = _inter(r, "source", event_type, p["country"])
    inter2 = _inter(r, "target", event_type, p["country"])
    civilians = event_type == VAC or (event_type == REMOTE and inter2 == "Civilians")
    precision = precision_of(p)
    tags = [f"plover={r['type']}"] + [f"{k}={r[k]}" for k in ("mode", "status") if r[k]]
    return {
        "event_id_cnty": f"{(p['country'] or 'XXX').upper()}{numeric_id(r['inc'])}",
        "event_date": d, "year": d.year if d else None, "time_precision": time_precision(r),
        "disorder_type": disorder, "event_type": event_type, "sub_event_type": sub,
        "actor1": r["source_name"], "assoc_actor_1": None, "inter1": inter1,
        "actor2": r["target_name"], "assoc_actor_2": None, "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilians else None,
        "iso": c.numeric if c else None, "region": None,
        "country": c.name if c else p["country"], "admin1": p["admin1"], "admin2": None,
        "admin3": None, "location": p["name"], "latitude": p["lat"], "longitude": p["lon"],
        "geo_precision": {"city": 1, "region": 2, "country": 3}.get(precision or ""),
        "source": "; ".join(_outlets(r["outlets"])) or None, "source_scale": None,
        "notes": one_line(r["evidence_text"]),
        "fatalities": r["killed"],
        "tags": "; ".join(tags),
        "timestamp": unix_seconds(r["last_stored"]),
    }
