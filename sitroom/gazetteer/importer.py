"""Import official GeoNames dump files into the index: full coverage for users who download them.

    from sitroom.gazetteer.importer import import_files
    import_files(index_path, ["admin1CodesASCII.txt", "AF.zip", "alternateNamesV2.zip"])

Accepted files (plain or zipped, as GeoNames publishes them):

* ``allCountries.zip``, per-country ``XX.zip``, ``cities500.zip`` ... -- the main table (19 tab-separated
  columns: geonameid, name, asciiname, alternatenames, latitude, longitude, feature class, feature code,
  country code, cc2, admin1 code, admin2 code, admin3, admin4, population, elevation, dem, timezone,
  modification date);
* ``admin1CodesASCII.txt`` and ``admin2Codes.txt`` -- ``CC.A1[.A2] <tab> name <tab> ascii name <tab> geonameid``,
  used to attach imported places to their province and district;
* ``alternateNamesV2.zip`` / ``alternateNames.zip`` -- ``id, geonameid, language, name, ...``; names in
  Latin script for places in the index are added (language codes such as ``link`` or ``post`` are skipped).

Places already in the index keep their entry and point (their feature code is updated: PPLA, PPLC ...; GeoNames'
own point, where it differs, is kept beside it as the source ``geonames``, see ``Gazetteer.other_points``); new ones are
added with kind ``city`` (class P), ``province`` (ADM1), ``district`` (ADM2), ``country`` (PCLI ...) or
``region`` (everything else: rivers, regions, mountains ...). ``sitroom gazetteer build --force`` discards
imported rows, and so does the rebuild that follows a change of the index schema (it logs a warning naming the
files imported before); import again after a rebuild.
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitroom.errors import GazetteerError
from sitroom.gazetteer.geo import grid_cell
from sitroom.gazetteer.names import is_latin_name, name_key

_SKIP_LANG = {"link", "post", "iata", "icao", "faac", "fr_1793", "abbr", "wkdt", "tcid", "unlc", "phon", "piny"}
_COUNTRY_CODES = {"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL"}


def _lines(path: Path) -> Iterator[str]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if info.filename.lower().endswith(".txt") and not info.filename.lower().startswith("readme"):
                    with z.open(info) as f:
                        yield from io.TextIOWrapper(f, encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as f:
            yield from f


def _kind_of(path: Path) -> str:
    n = path.name.lower()
    if n.startswith("admin1codes") or n.startswith("admin2codes"):
        return "admin"
    if n.startswith("alternatenames"):
        return "alternates"
    return "main"


def import_files(index: Path, files: Iterable[str | Path]) -> str:
    """Import GeoNames dump ``files`` into the index at ``index``; returns a one-line summary."""
    index = Path(index)
    if not index.exists():
        raise GazetteerError(f"{index}: no index to import into", hint="run `sitroom gazetteer build` first")
    paths = [Path(f) for f in files]
    for p in paths:
        if not p.exists():
            raise GazetteerError(f"{p}: no such file")
    order = sorted(paths, key=lambda p: {"admin": 0, "main": 1, "alternates": 2}[_kind_of(p)])
    con = sqlite3.connect(index)
    stats = {"added": 0, "updated": 0, "names": 0}
    try:
        admin: dict[str, str] = {}  # "AF.08" / "AF.08.601" -> entry id
        for p in order:
            kind = _kind_of(p)
            try:
                if kind == "admin":
                    for line in _lines(p):
                        r = line.rstrip("\n").split("\t")
                        if len(r) >= 4 and r[3].isdigit():
                            admin[r[0]] = f"gn:{r[3]}"
                elif kind == "main":
                    _import_main(con, _lines(p), admin, stats)
                else:
                    _import_alternates(con, _lines(p), stats)
            except (OSError, zipfile.BadZipFile, UnicodeDecodeError, ValueError, IndexError) as exc:
                raise GazetteerError(f"{p}: not a GeoNames dump file ({exc})") from exc
        con.execute("INSERT OR REPLACE INTO meta VALUES ('imports', ?)", (",".join(p.name for p in paths),))
        con.commit()
    finally:
        con.close()
    return f"{stats['added']} places added, {stats['updated']} updated, {stats['names']} names added"


def _import_main(con: sqlite3.Connection, lines: Iterable[str], admin: dict[str, str], stats: dict) -> None:
    country_id = dict(con.execute("SELECT country, id FROM entries WHERE kind = 'country'").fetchall())
    for line in lines:
        r = line.rstrip("\n").split("\t")
        if len(r) < 15 or not r[0].isdigit():
            continue
        gid, name, alts = int(r[0]), r[1], r[3]
        lat, lon, fclass, fcode, cc = float(r[4]), float(r[5]), r[6], r[7], r[8]
        a1, a2, pop = r[10], r[11], int(r[14] or 0)
        eid = f"gn:{gid}"
        have = con.execute("SELECT lat, lon FROM entries WHERE id = ?", (eid,)).fetchone()
        if have:
            con.execute("UPDATE entries SET feature = ? WHERE id = ?", (fcode, eid))
            if have[0] is None or abs(have[0] - lat) > 0.01 or abs(have[1] - lon) > 0.01:
                # the entry keeps the point it reports; GeoNames' own is kept beside it
                con.execute("INSERT OR REPLACE INTO points VALUES (?, 'geonames', ?, ?)", (eid, lat, lon))
            stats["updated"] += 1
        else:
            if fclass == "P":
                kind = "city"
            elif fcode == "ADM1":
                kind = "province"
            elif fcode == "ADM2":
                kind = "district"
            elif fcode in _COUNTRY_CODES:
                kind = "country"
            else:
                kind = "region"
            prov = admin.get(f"{cc}.{a1}") if a1 else None
            dist = admin.get(f"{cc}.{a1}.{a2}") if a1 and a2 else None
            parent = {"province": None, "district": prov, "country": None}.get(kind, dist or prov)
            parent = parent or (country_id.get(cc) if kind != "country" else None)
            admin1 = None
            if prov:
                row = con.execute("SELECT name FROM entries WHERE id = ?", (prov,)).fetchone()
                admin1 = row[0] if row else None
            con.execute(
                "INSERT INTO entries (id, name, kind, country, lat, lon, population, geonameid, parent_id, admin1,"
                " capital_of, feature, cell) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
                (
                    eid,
                    name,
                    kind,
                    cc or None,
                    lat,
                    lon,
                    pop,
                    gid,
                    parent,
                    admin1 if kind != "province" else name,
                    fcode,
                    grid_cell(lat, lon),
                ),
            )
            stats["added"] += 1
        keys = {name_key(name)} | {name_key(a) for a in alts.split(",") if a and is_latin_name(a)}
        for k in keys:
            if k:
                cur = con.execute("INSERT OR IGNORE INTO names VALUES (?, ?)", (k, eid))
                stats["names"] += cur.rowcount


def _import_alternates(con: sqlite3.Connection, lines: Iterable[str], stats: dict) -> None:
    for line in lines:
        r = line.rstrip("\n").split("\t")
        if len(r) < 4 or not r[1].isdigit() or r[2] in _SKIP_LANG or not is_latin_name(r[3]):
            continue
        eid = f"gn:{r[1]}"
        if not con.execute("SELECT 1 FROM entries WHERE id = ?", (eid,)).fetchone():
            continue
        k = name_key(r[3])
        if k:
            cur = con.execute("INSERT OR IGNORE INTO names VALUES (?, ?)", (k, eid))
            stats["names"] += cur.rowcount
