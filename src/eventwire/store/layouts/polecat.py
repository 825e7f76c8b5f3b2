"""A POLECAT-style table: POLECAT's 40 published columns in their order, one row per event record
(POLECAT codes each story's events), then the three that its later weekly files add (Story ID,
Headline, Event Text). Columns eventwire has no value for stay empty (docs/exports.md)."""
from __future__ import annotations

from typing import Any

from ... import __version__
from .codes import PLOVER_QUAD, day, one_line
from .gdelt import event_date, place, precision_of

_PARTY = ["{} Name", "{} Country", "{} COW", "Primary {} Sector", "{} Sectors", "{} Title",
          "{} Name Raw", "Wikipedia {} ID"]


def _party_columns(who: str) -> list[tuple[str, str]]:
    return [(name.format(who), "string") for name in _PARTY]


COLUMNS: list[tuple[str, str]] = [
    ("Event ID", "string"), ("Event Date", "date32"), ("Event Type", "string"),
    ("Event Mode", "string"), ("Intensity", "float64"), ("Quad Code", "string"),
    ("Contexts", "string"),
    *_party_columns("Actor"), *_party_columns("Recipient"),
    ("Placename", "string"), ("City", "string"), ("District", "string"), ("Province", "string"),
    ("Country", "string"), ("Latitude", "float64"), ("Longitude", "float64"),
    ("GeoNames ID", "string"), ("Raw Placename", "string"), ("Feature Type", "string"),
    ("Source", "string"), ("Publication Date", "date32"), ("Story People", "string"),
    ("Story Organizations", "string"), ("Story Locations", "string"), ("Language", "string"),
    ("Version", "string"),
    ("Story ID", "string"), ("Headline", "string"), ("Event Text", "string"),
]


def _party(who: str, r: dict[str, Any], role: str) -> dict[str, Any]:
    sector = r[f"{role}_sector"]
    return {f"{who} Name": r[f"{role}_name"], f"{who} Country": r[f"{role}_country"],
            f"{who} COW": None, f"Primary {who} Sector": sector, f"{who} Sectors": sector,
            f"{who} Title": r[f"{role}_role"] if r[f"{role}_kind"] == "person" else None,
            f"{who} Name Raw": r[f"{role}_raw"], f"Wikipedia {who} ID": None}


def row(r: dict[str, Any]) -> dict[str, Any]:
    """A POLECAT-style row from an event record row (source.record_rows)."""
    p = place(r)
    precision = precision_of(p)
    out: dict[str, Any] = {
        "Event ID": f"{r['hash']}/{r['event_id']}", "Event Date": event_date(r),
        "Event Type": r["type"], "Event Mode": r["mode"], "Intensity": None,
        "Quad Code": PLOVER_QUAD.get(r["type"]), "Contexts": None}
    out.update(_party("Actor", r, "source"))
    out.update(_party("Recipient", r, "target"))
    out.update({
        "Placename": p["name"], "City": p["name"] if precision == "city" else None,
        "District": None,
        "Province": p["admin1"] or (p["name"] if precision == "region" else None),
        "Country": p["country"], "Latitude": p["lat"], "Longitude": p["lon"], "GeoNames ID": None,
        "Raw Placename": p["text"], "Feature Type": None,
        "Source": r["source"], "Publication Date": day(r["published"]),
        "Story People": None, "Story Organizations": None, "Story Locations": None,
        "Language": r["language"], "Version": f"eventwire {__version__}",
        "Story ID": r["hash"], "Headline": one_line(r["title"]),
        "Event Text": one_line(r["evidence_text"])})
    return out
