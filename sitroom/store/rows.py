"""Rows of the fact tables from an Article (the same for SQLite and PostgreSQL), and the values queries take:
days given as dates or ISO strings, and the keyset cursor of the events pages."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypedDict

from sitroom.days import iso
from sitroom.errors import ConfigError
from sitroom.model import Actor, Article, Claim, ControlStatus, Event, Fact, Forecast, Place, Quote, Span, TimeValue
from sitroom.store.schema import quote_columns, speaker_columns

__all__ = [
    "FACT_TABLES",
    "UNDATED",
    "ArticleRow",
    "CarrierRow",
    "ClaimRow",
    "ControlRow",
    "EventRow",
    "FactRow",
    "ForecastRow",
    "QuoteRow",
    "StoryRow",
    "cursor",
    "fact_rows",
    "insert_rows",
    "read_row",
    "parse_cursor",
    "query_day",
]

FACT_TABLES = ("events", "control", "claims", "forecasts", "quotes")
UNDATED = "~"  # events.day of an undated event in an undated article: sorts after every ISO date

# --------------------------------------------------------------------------- the rows the store's reads return
# Plain dicts (every caller reads them as such), typed here: each key's value has the type named, as
# :func:`read_row` leaves it (days are ISO text, as stored). Not total: a row made from an article before it is
# stored (the /machine view) lacks the joined article columns.


class FactRow(TypedDict, total=False):
    """The columns every fact table has, plus the article's columns a query joins in."""

    id: str  # = uid
    uid: str  # "{article_id}:{fact id}"
    article_id: str
    fact_id: str
    certainty: str
    source: str | None
    anonymous: bool
    outlet: str | None  # the attribution's outlet, else the article's
    cue: str | None
    evidence: str | None  # the lead evidence sentence
    evidence_start: int | None
    evidence_end: int | None
    n_evidence: int
    corrected: list[dict[str, Any]] | None  # the corrections that touched the row, oldest first
    published: str | None  # the article's
    article_outlet: str | None
    url: str | None
    title: str | None


class PlacedRow(FactRow, total=False):
    place_id: str | None
    place_name: str | None
    place_kind: str | None
    country: str | None
    lat: float | None
    lon: float | None
    gazetteer_id: str | None


class EventRow(PlacedRow, total=False):
    event_type: str
    sub_event_type: str | None
    actor1: str | None
    actor2: str | None
    mediator: str | None
    origin: str | None
    origin_name: str | None
    date: str | None
    date_earliest: str | None
    date_latest: str | None
    date_text: str | None
    date_value: str | None
    date_approximate: bool
    targets: list[str]
    counts: dict[str, str]
    background: bool
    heading: bool
    advance: bool
    summary: str


class ControlRow(PlacedRow, total=False):
    controller: str
    facility: str | None
    status: str
    since: str | None
    since_earliest: str | None
    since_latest: str | None
    since_text: str | None
    quantity: int | None


class ClaimRow(FactRow, total=False):
    kind: str
    what: str
    value: float | None
    unit: str | None
    comparator: str
    subject: str | None
    subject_name: str | None
    related: str | None
    related_name: str | None
    window: str | None
    window_earliest: str | None
    window_latest: str | None
    window_text: str | None
    actor: str | None
    also_stated: str | None


class ForecastRow(FactRow, total=False):
    by: str
    actor: str | None
    what: str
    target: str | None
    target_name: str | None
    lat: float | None
    lon: float | None
    modality: str
    horizon_days: int | None
    deadline: str | None
    made_on: str | None


class QuoteRow(FactRow, total=False):
    speaker: str
    role: str | None
    quote_outlet: str | None  # to whom it was said (``outlet`` is the fact's)
    text: str
    text_start: int
    text_end: int
    # schema 6 (issue 20, branch b20): the attribution's mode, speaker type, source and cue spans, linked facts
    mode: str | None
    speaker_type: str | None
    source_start: int | None
    source_end: int | None
    source_text: str | None
    cue_start: int | None
    cue_end: int | None
    cue_text: str | None
    facts: list[str]
    # schema 8: the resolved speaker's actor id (null when the speaker is no known actor)
    speaker_id: str | None


class ArticleRow(TypedDict):
    """An article's metadata (``Store.article_rows``)."""

    id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    dateline: str | None
    origin: str | None
    chars: int
    added: str


class CarrierRow(TypedDict):
    """One copy of a story (``Store.stories``): the stored one (``original``), or an ``exact`` or ``near`` copy."""

    article_id: str
    outlet: str | None
    url: str | None
    published: str | None
    title: str | None
    origin: str | None
    relation: str
    similarity: float | None
    added: str


class StoryRow(TypedDict):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    carriers: list[CarrierRow]


def _tv(prefix: str, tv: TimeValue | None) -> dict[str, Any]:
    if tv is None:
        return {prefix: None, f"{prefix}_earliest": None, f"{prefix}_latest": None, f"{prefix}_text": None}
    p = tv.point
    return {
        prefix: p.isoformat() if p else None,
        f"{prefix}_earliest": iso(tv.earliest),
        f"{prefix}_latest": iso(tv.latest),
        f"{prefix}_text": tv.text,
    }


def _place_cols(p: Place | None, pid: str | None) -> dict[str, Any]:
    if p is None:
        return {
            "place_id": pid,
            "place_name": None,
            "place_kind": None,
            "country": None,
            "lat": None,
            "lon": None,
            "gazetteer_id": None,
        }
    return {
        "place_id": p.id,
        "place_name": p.name,
        "place_kind": p.kind,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
        "gazetteer_id": p.gazetteer_id,
    }


def _name_of(a: Article, ref: str | None) -> str | None:
    """Display name for a place-or-actor id (or the text itself when it is neither)."""
    if ref is None:
        return None
    p = a.place(ref)
    if p is not None:
        return p.name
    act = a.actor(ref)
    return act.name if act is not None else ref


def _lead_evidence(a: Article, f: Fact) -> Span | None:
    """The evidence span the store shows for a fact: the first that names the fact's place (the item of a list
    rather than its header, the sentence that says where), else the first."""
    if not f.evidence:
        return None
    ref = getattr(f, "place", None)
    p = a.place(ref) if ref else None
    if p is not None and len(f.evidence) > 1:
        for ev in f.evidence:
            if p.mention is not None and ev.start <= p.mention.start and p.mention.end <= ev.end:
                return ev
        for ev in f.evidence:
            if p.name and p.name.lower() in ev.text.lower():
                return ev
    return f.evidence[0]


def _fact_common(a: Article, f: Fact) -> dict[str, Any]:
    ev = _lead_evidence(a, f)
    return {
        "uid": f"{a.id}:{f.id}",
        "article_id": a.id,
        "fact_id": f.id,
        "certainty": f.certainty.value,
        "source": f.attribution.source,
        "anonymous": int(f.attribution.anonymous),
        "outlet": f.attribution.outlet or a.outlet,
        "cue": f.attribution.cue,
        "evidence": ev.text if ev else None,
        "evidence_start": ev.start if ev else None,
        "evidence_end": ev.end if ev else None,
        "n_evidence": len(f.evidence),
    }


def _actor_row(a: Article, act: Actor) -> dict[str, Any]:
    """The ``actors`` row of one actor."""
    return {
        "article_id": a.id,
        "id": act.id,
        "name": act.name,
        "kind": act.kind,
        "country": act.country,
        "mentions": len(act.mentions),
    }


def _place_row(a: Article, p: Place) -> dict[str, Any]:
    """The ``places`` row of one place."""
    return {
        "article_id": a.id,
        "id": p.id,
        "mention": p.mention.text,
        "mention_start": p.mention.start,
        "mention_end": p.mention.end,
        "name": p.name,
        "kind": p.kind,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
        "gazetteer_id": p.gazetteer_id,
        "geonameid": p.geonameid,
        "admin": json.dumps(p.admin, ensure_ascii=False),
        "role": p.role,
        "confidence": p.confidence,
    }


def _event_row(a: Article, e: Event) -> dict[str, Any]:
    """The ``events`` row of one event; ``day`` is its date or else the publication day."""
    row = {
        **_fact_common(a, e),
        **_place_cols(a.place(e.place), e.place),
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1,
        "actor2": e.actor2,
        "mediator": e.mediator,
        "origin": e.origin,
        "origin_name": _name_of(a, e.origin),
        **_tv("date", e.date),
        "date_value": e.date.value if e.date else None,
        "date_approximate": int(bool(e.date and e.date.approximate)),
        "targets": json.dumps(e.targets, ensure_ascii=False),
        "counts": json.dumps(e.counts, ensure_ascii=False),
        "background": int(e.background),
        "summary": e.summary,
        "heading": int(e.heading),
        "advance": int(e.advance),
    }
    row["day"] = row["date"] or iso(a.published) or UNDATED
    return row


def _control_row(a: Article, c: ControlStatus) -> dict[str, Any]:
    """The ``control`` row of one control statement."""
    return {
        **_fact_common(a, c),
        **_place_cols(a.place(c.place), c.place),
        "controller": c.controller,
        "facility": c.facility,
        "status": c.status,
        **_tv("since", c.since),
        "quantity": c.quantity,
    }


def _claim_row(a: Article, k: Claim) -> dict[str, Any]:
    """The ``claims`` row of one claim."""
    return {
        **_fact_common(a, k),
        "kind": k.kind,
        "what": k.what,
        "value": k.value,
        "unit": k.unit,
        "comparator": k.comparator,
        "subject": k.subject,
        "subject_name": _name_of(a, k.subject),
        "related": k.related,
        "related_name": _name_of(a, k.related),
        **_tv("window", k.window),
        "actor": k.actor,
        "also_stated": k.also_stated,
    }


def _forecast_row(a: Article, f: Forecast) -> dict[str, Any]:
    """The ``forecasts`` row of one forecast."""
    tp = a.place(f.target)
    return {
        **_fact_common(a, f),
        "by": f.by,
        "actor": f.actor,
        "what": f.what,
        "target": f.target,
        "target_name": _name_of(a, f.target),
        "lat": tp.lat if tp else None,
        "lon": tp.lon if tp else None,
        "modality": f.modality,
        "horizon_days": f.horizon_days,
        "deadline": iso(f.deadline),
        "made_on": iso(f.made_on),
    }


def _quote_row(a: Article, q: Quote) -> dict[str, Any]:
    """The ``quotes`` row of one quote."""
    return {
        **_fact_common(a, q),
        "outlet": q.outlet or q.attribution.outlet or a.outlet,
        "speaker": q.speaker,
        "role": q.role,
        "quote_outlet": q.outlet,
        "text": q.text.text,
        "text_start": q.text.start,
        "text_end": q.text.end,
        **quote_columns(q.model_dump(include={"mode", "speaker_type", "source", "cue", "facts"})),
        **speaker_columns({"speaker_id": q.speaker_id}),
    }


def fact_rows(a: Article) -> dict[str, list[dict[str, Any]]]:
    """The denormalised rows of one article, by table."""
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in ("actors", "places", *FACT_TABLES)}
    out.update(
        {
            "actors": [_actor_row(a, act) for act in a.actors],
            "places": [_place_row(a, p) for p in a.places],
            "events": [_event_row(a, e) for e in a.events],
            "control": [_control_row(a, c) for c in a.control],
            "claims": [_claim_row(a, k) for k in a.claims],
            "forecasts": [_forecast_row(a, f) for f in a.forecasts],
            "quotes": [_quote_row(a, q) for q in a.quotes],
        }
    )
    return out


BOOL_COLUMNS = ("background", "anonymous", "date_approximate", "heading", "advance")
JSON_COLUMNS = ("targets", "counts", "corrected", "facts")  # written as JSON text: read back decoded


def read_row(d: dict[str, Any]) -> dict[str, Any]:
    """A fact row as the store's queries return it (``d``: the columns of one row, or a row of :func:`fact_rows`):
    ``id`` the fact's uid, the flags as bools, the JSON columns decoded (``targets`` a list, ``counts`` a dict,
    ``corrected`` the corrections that touched it), the sort key ``day`` left out. Changes ``d``, returns it."""
    d.pop("day", None)  # the sort key (schema 3), not a field
    d["id"] = d["uid"]
    for b in BOOL_COLUMNS:
        if b in d:
            d[b] = bool(d[b])
    for j in JSON_COLUMNS:
        if isinstance(d.get(j), str) and d[j]:
            d[j] = json.loads(d[j])
    return d


def insert_rows(con: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(_q(c) for c in cols)}) VALUES ({', '.join(':' + c for c in cols)})"
    con.executemany(sql, rows)


def _q(col: str) -> str:
    return f'"{col}"'


def query_day(v: Any, name: str) -> str:
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    try:
        return date.fromisoformat(str(v)).isoformat()
    except ValueError:
        raise ConfigError(f"{name}: not a date: {v!r}", hint="expected YYYY-MM-DD") from None


def cursor(row: Mapping[str, Any]) -> str:
    """The keyset cursor after an event row (as ``Store.events`` returns it): ``day|uid``."""
    day = row.get("date") or iso(row.get("published")) or UNDATED
    return f"{day}|{row['uid']}"


def parse_cursor(after: Any) -> tuple[str, str]:
    """``"day|uid"`` or ``(day, uid)`` → (day, uid); ConfigError when it is neither."""
    if isinstance(after, str):
        day, sep, uid = after.partition("|")
        if sep and uid and (day == UNDATED or _is_day(day)):
            return day, uid
    elif isinstance(after, (tuple, list)) and len(after) == 2 and all(isinstance(x, str) for x in after):
        return after[0], after[1]
    raise ConfigError(
        f"after: not a cursor: {str(after)[:80]!r}", hint="pass the next_after value of the previous page"
    )


def _is_day(s: str) -> bool:
    try:
        date.fromisoformat(s)
    except ValueError:
        return False
    return len(s) == 10
