"""Derive ``basemap.geojson`` (country outlines) from Natural Earth via the ``world-atlas`` npm package.

Natural Earth data is in the public domain; ``world-atlas`` (ISC licence, Mike Bostock) redistributes
it as TopoJSON. This script decodes the TopoJSON (no dependencies) and writes a small GeoJSON:
1:50m outlines for countries near the region of interest, 1:110m for the rest of the world,
coordinates rounded to 0.01 degree. Run it when the basemap needs rebuilding::

    cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python sitroom/serve/web/derive_basemap.py "$PWD/package" sitroom/serve/web/basemap.geojson
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REGION = (40.0, 15.0, 85.0, 45.0)  # minlon, minlat, maxlon, maxlat: detailed outlines here


def _arcs(topo: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def _ring(arcs, idxs, nd):
    pts: list[tuple[float, float]] = []
    for i in idxs:
        a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(a if not pts else a[1:])
    ring, last = [], None
    for x, y in pts:
        p = [round(x, nd), round(y, nd)]
        if p != last:
            ring.append(p)
            last = p
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring if len(ring) >= 4 else None


def _geometry(arcs, g, nd):
    if g["type"] == "Polygon":
        rings = [r for r in (_ring(arcs, r, nd) for r in g["arcs"]) if r]
        return {"type": "Polygon", "coordinates": rings} if rings else None
    if g["type"] == "MultiPolygon":
        polys = []
        for poly in g["arcs"]:
            rings = [r for r in (_ring(arcs, r, nd) for r in poly) if r]
            if rings:
                polys.append(rings)
        return {"type": "MultiPolygon", "coordinates": polys} if polys else None
    return None


def _bbox(geom):
    xs, ys = [], []
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    for poly in polys:
        for x, y in poly[0]:
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def _features(path: Path, nd: int):
    topo = json.loads(path.read_text(encoding="utf-8"))
    arcs = _arcs(topo)
    for g in topo["objects"]["countries"]["geometries"]:
        geom = _geometry(arcs, g, nd)
        if geom:
            yield {
                "type": "Feature",
                "properties": {"name": g.get("properties", {}).get("name", ""), "iso_n3": g.get("id")},
                "geometry": geom,
            }


def _near(geom) -> bool:
    x0, y0, x1, y1 = _bbox(geom)
    return not (x1 < REGION[0] or x0 > REGION[2] or y1 < REGION[1] or y0 > REGION[3])


def derive(package: Path) -> dict:
    detailed = {
        f["properties"]["name"]: f for f in _features(package / "countries-50m.json", 2) if _near(f["geometry"])
    }
    feats = list(detailed.values())
    feats += [f for f in _features(package / "countries-110m.json", 1) if f["properties"]["name"] not in detailed]
    return {
        "type": "FeatureCollection",
        "properties": {"source": "Natural Earth 4.1.0 Admin 0 countries (public domain) via world-atlas 2.0.2 (ISC)"},
        "features": feats,
    }


if __name__ == "__main__":
    pkg, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.write_text(json.dumps(derive(pkg), separators=(",", ":")), encoding="utf-8")
    print(out, out.stat().st_size, "bytes")
