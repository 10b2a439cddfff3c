"""The HTTP API and the map page: ``create_app(db)`` builds the FastAPI app, ``serve_forever`` runs it.

Over a store (:mod:`sitroom.store`), read-only unless the app has a write token:
then ``POST /api/articles`` (``Authorization: Bearer <token>``, compared in
constant time) extracts and stores one article; without one it answers 403.
Every endpoint is a plain ``def`` (store calls block; FastAPI runs them in its
thread pool). Each worker thread opens its own store connection, kept for the
life of the app.

Control (``/api/control``, ``/api/changes``), an event's happening across articles
(``/api/events/{id}/situation``), claim verdicts and forecast outcomes come from the
situation layer (:mod:`sitroom.resolve.situation`, ``claimcheck``, ``ledger``); the
API only shapes them, and keeps each answer while the store's counts stand still.

Caps: a page holds at most ``MAX_LIMIT`` items (422 beyond), an export at most
``MAX_EXPORT`` events (413 beyond: narrow the filters), a request body at most
``MAX_BODY`` bytes (413; 411 without a Content-Length).

Every error, whatever its cause (bad parameter, unknown id, unknown path, a
crash), is answered with one JSON shape::

    {"error": {"status": 422, "code": "invalid-parameter", "title": "...", "detail": "..."}}

The response models below are the OpenAPI document's schemas; ``tests/test_api.py``
validates real responses against them.
"""

from __future__ import annotations

import hmac
import logging
import os
import threading
import time
from contextlib import ExitStack, asynccontextmanager
from datetime import date, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sitroom.config import Settings
from sitroom.errors import ConfigError, SitroomError, StoreError
from sitroom.model import Certainty

log = logging.getLogger("sitroom.api")

WEB_DIR = Path(__file__).resolve().parent / "web"
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
MAX_OFFSET = 10_000_000
MAX_EXPORT = 100_000  # events in one export; more is refused with 413 (narrow the filters or page /api/events)
MAX_INSIDE = 20_000  # places inside a place (within=true): a country's villages beyond this are left out
WITHIN_DOC = ("with place: also events at the places inside it (its admin children from the gazetteer: a "
              "province's districts, cities and villages)")
MAX_BODY = 4 * 1024 * 1024  # bytes of a request body (POST /api/articles); more is refused with 413
MAX_ARTICLE_CHARS = 1_000_000
NAMES_TTL = 2.0  # seconds an actor-name lookup is reused
SITUATION_CACHE = 256  # situation-layer answers kept (each valid while the store's counts stand still)
TOKEN_ENV = "SITROOM_API_TOKEN"
MIN_TOKEN = 16  # characters: a shorter token is refused at start-up


class PlaceKind(str, Enum):
    """What /api/control and /api/changes can narrow places to (capital status comes from the gazetteer)."""

    provincial_capital = "provincial-capital"
    national_capital = "national-capital"
    capital = "capital"
    city = "city"
    district = "district"
    province = "province"
    country = "country"
    facility = "facility"


# --------------------------------------------------------------------------- response models


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(_Out):
    status: int = Field(description="HTTP status code")
    code: str = Field(description="stable machine-readable code, e.g. not-found, invalid-parameter, internal")
    title: str = Field(description="short human-readable summary")
    detail: str = Field(description="what was wrong with which input")


class ErrorResponse(_Out):
    error: ErrorBody


class Health(_Out):
    status: str
    version: str
    counts: dict[str, int]


class Evidence(_Out):
    """The sentence a fact was read from, with its offsets in the article text when known."""

    article_id: str | None = None
    sentence: str | None = None
    start: int | None = None
    end: int | None = None
    outlet: str | None = Field(None, description="the outlet that published the article")
    source: str | None = Field(None, description="who the outlet says said it")
    relayed_by: str | None = Field(None, description="news agency that relayed the report (DPA, AFP)")
    certainty: str | None = None


class EventOut(_Out):
    id: str
    article_id: str | None = None
    event_type: str
    sub_event_type: str | None = None
    actor1: str | None = None
    actor1_name: str | None = None
    actor2: str | None = None
    actor2_name: str | None = None
    date: str | None = None
    place: str | None = None
    place_kind: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    certainty: str
    background: bool = False
    targets: list[str] = Field(default_factory=list)
    summary: str | None = None
    fatalities: int | None = None
    evidence: Evidence


class Page(_Out):
    limit: int
    offset: int
    count: int = Field(description="number of items in this page")
    next_offset: int | None = Field(None, description="offset of the next page, null on the last page")


class EventPage(Page):
    items: list[EventOut]
    next_after: str | None = Field(None, description="keyset cursor: pass as `after` for the next page (cheaper than "
                                                      "a deep offset); null on the last page")


class ArticleSummary(_Out):
    id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    dateline: str | None = None


class ArticlePage(Page):
    items: list[ArticleSummary]


class ControlStatement(_Out):
    id: str
    article_id: str | None = None
    controller: str
    controller_name: str | None = None
    place: str | None = None
    facility: str | None = None
    status: str | None = None
    since: str | None = None
    quantity: int | None = None
    evidence: Evidence


class Source(Evidence):
    """One report of a fact: its evidence plus the article's publication day, title and address."""

    published: str | None = None
    title: str | None = None
    url: str | None = None
    uid: str | None = Field(None, description="the reported fact's id (an event id for an event)")


class Pocket(_Out):
    actor: str
    actor_name: str | None = None
    facility: str | None = None
    since: str | None = None
    learned: str | None = Field(None, description="publication day of the first report of it")
    evidence: Evidence


class Alternative(_Out):
    """One version of a disputed value, with the reports that give it."""

    value: str | float | int | bool | None = None
    kind: str | None = None
    status: str | None = None
    reports: list[str | None] = Field(default_factory=list, description="ids of the reports that give this value")
    outlets: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list, description="attributed sources giving this value")


class Change(_Out):
    date: str | None = None
    holder: str
    holder_name: str | None = None
    previous: str | None = Field(None, description="holder before this change, as the store knew it")
    previous_name: str | None = None
    event_id: str | None = None
    kind: str = Field(description="event sub-type, or 'statement' for a control statement")
    status: str | None = Field(None, description="held | claimed | contested")
    learned: str | None = Field(None, description="publication day of the first report of the change")
    evidence: Evidence
    sources: list[Source] = Field(default_factory=list, description="every report of the change")
    alternatives: dict[str, list[Alternative]] = Field(default_factory=dict,
                                                      description="reports that disagree about the change")


class PlaceControl(_Out):
    place: str
    gazetteer_id: str | None = None
    kind: str | None = None
    country: str | None = None
    admin1: str | None = Field(None, description="the province (admin-1 unit) the place lies in")
    lat: float | None = None
    lon: float | None = None
    capital: str | None = Field(None, description="provincial | national | null (from the gazetteer)")
    capital_of: str | None = None
    holder: str | None = None
    holder_name: str | None = None
    since: str | None = None
    learned: str | None = None
    status: str = Field(description="held | claimed | contested")
    pockets: list[Pocket] = Field(default_factory=list)
    history: list[Change] = Field(default_factory=list, description="changes of hands up to the day, oldest first")
    evidence: list[Evidence] = Field(default_factory=list)
    alternatives: dict[str, list[Alternative]] = Field(default_factory=dict)


class ControlOut(_Out):
    at: str | None
    first: str | None = Field(None, description="earliest day with a dated change in the store")
    last: str | None = Field(None, description="latest day with a dated change in the store")
    places: list[PlaceControl]
    statements: list[ControlStatement]


class ChangeOut(Change):
    place: str
    gazetteer_id: str | None = None
    place_kind: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    capital: str | None = None
    capital_of: str | None = None
    valid_from: str | None = None


class ChangesOut(_Out):
    since: str
    until: str
    changes: list[ChangeOut]


class SituationOut(_Out):
    """The happening an event report belongs to: every report of it across articles, and what they disagree on."""

    id: str
    event_id: str = Field(description="the event report asked about")
    event_type: str
    sub_event_type: str | None = None
    actor1: str | None = None
    actor1_name: str | None = None
    actor2: str | None = None
    actor2_name: str | None = None
    place: str | None = None
    date: str | None = None
    first_reported: str | None = None
    certainty: str
    corroboration: int = Field(description="independent reports (stories; a reprint counts once)")
    carriers: int = Field(description="copies seen, reprints included")
    outlets: list[str]
    reports: list[Source] = Field(description="every report of the happening, the one asked about included")
    alternatives: dict[str, list[Alternative]] = Field(
        default_factory=dict, description="fields the reports disagree on (date, actor2, certainty, counts.*): "
                                          "each version with the reports that give it")


class Carrier(_Out):
    article_id: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    title: str | None = None
    relation: str | None = Field(None, description="original | exact | near")
    similarity: float | None = None


class StoryOut(_Out):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    carriers: list[Carrier]


class StoryPage(Page):
    items: list[StoryOut]


class ClaimOut(_Out):
    id: str
    article_id: str | None = None
    kind: str | None = None
    what: str | None = None
    value: float | None = None
    unit: str | None = None
    comparator: str | None = None
    subject: str | None = None
    actor: str | None = None
    actor_name: str | None = None
    also_stated: str | None = None
    verdict: str | None = Field(None, description="consistent | inconsistent | cannot tell: checked against the "
                                                   "store and the gazetteer")
    reasoning: list[str] = Field(default_factory=list, description="the steps behind the verdict")
    evidence: Evidence


class ClaimPage(Page):
    items: list[ClaimOut]


class Outcome(_Out):
    """The event that resolved a forecast."""

    event_id: str | None = None
    date: str | None = None
    sub_event_type: str | None = None
    place: str | None = None
    actor: str | None = None
    actor_inferred: str | None = Field(None, description="when the reports name no actor: the side the ledger "
                                                          "infers from that side's recent takeovers (see reasoning)")
    first_reported: str | None = None
    learned_on: str | None = Field(None, description="the first publication day of a report of the outcome")
    date_earliest: str | None = None
    date_latest: str | None = None
    corroboration: int | None = None
    sources: list[Source] = Field(default_factory=list)
    dated_by: list[Source] = Field(default_factory=list, description="the reports whose own words give the date")
    reasoning: list[str] = Field(default_factory=list, description="why this event resolves the forecast")


class ForecastOut(_Out):
    id: str
    article_id: str | None = None
    by: str | None = None
    actor: str | None = None
    actor_name: str | None = None
    what: str | None = None
    target: str | None = None
    modality: str | None = None
    horizon_days: int | None = None
    deadline: str | None = None
    made_on: str | None = None
    status: str | None = Field(None, description="hit | miss | open, judged on the store's later events")
    unresolvable: str | None = Field(None, description="why the forecast cannot be resolved, if it cannot")
    lead_days: int | None = Field(None, description="days between the outcome and the deadline (hits)")
    days_to_outcome: int | None = None
    outcome: Outcome | None = None
    evidence: Evidence


class ForecastPage(Page):
    items: list[ForecastOut]


class QuoteOut(_Out):
    id: str
    article_id: str | None = None
    speaker: str | None = None
    role: str | None = None
    outlet: str | None = None
    text: str | None = None
    evidence: Evidence


class QuotePage(Page):
    items: list[QuoteOut]


class ArticleIn(_Out):
    """One article to ingest (POST /api/articles)."""

    text: str = Field(min_length=1, max_length=MAX_ARTICLE_CHARS, description="the article body, plain text")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=300)
    published: date | None = Field(None, description="publication day (YYYY-MM-DD)")


class ArticleCreated(_Out):
    id: str
    stored: bool = Field(description="false when the article (or a near-duplicate of it) was already stored")
    duplicate: str | None = Field(None, description="exact | near when it was a copy of a stored story")
    counts: dict[str, int] = Field(default_factory=dict, description="facts extracted, by kind")


class ArticleDetail(ArticleSummary):
    text: str
    events: list[EventOut]
    control: list[ControlStatement]
    claims: list[ClaimOut]
    forecasts: list[ForecastOut]
    quotes: list[QuoteOut]


# --------------------------------------------------------------------------- errors


class ApiError(Exception):
    def __init__(self, status: int, code: str, title: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.code, self.title, self.detail = status, code, title, detail
        self.headers = headers


_TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
           411: "Length required", 413: "Too large", 415: "Unsupported media type", 422: "Invalid parameter", 500: "Internal error",
           503: "Store unavailable"}


def _error_json(status: int, code: str, title: str, detail: str) -> dict:
    return {"error": {"status": status, "code": code, "title": title, "detail": detail}}


# --------------------------------------------------------------------------- row normalisation


def _s(v: Any) -> str | None:
    if v is None:
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def _f(v: Any) -> float | None:
    try:
        return None if v is None or v == "" else float(v)
    except (TypeError, ValueError):
        return None


def _i(v: Any) -> int | None:
    try:
        return None if v is None or v == "" else int(v)
    except (TypeError, ValueError):
        return None


def _as_dict(obj: Any) -> dict:
    if obj is None:
        return {}
    if isinstance(obj, dict):
        return obj
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    return dict(obj)


class Lookup(dict):
    """Actor id → name, plus each article's outlet and publication day (for evidence and control)."""

    def __init__(self, names: dict[str, str], articles: list[dict] | None = None) -> None:
        super().__init__(names)
        self.outlets: dict[str, str | None] = {}
        self.published: dict[str, str | None] = {}
        for a in articles or []:
            self.outlets[str(a.get("id"))] = _s(a.get("outlet"))
            self.published[str(a.get("id"))] = _s(a.get("published"))


def _rid(r: dict) -> str:
    return str(r.get("uid") or r.get("id"))


def _evidence(r: dict, names: dict | None = None) -> Evidence:
    ev = r.get("evidence")
    start = r.get("evidence_start")
    end = r.get("evidence_end")
    if isinstance(ev, list):  # Span dicts straight from the model
        ev = ev[0] if ev else None
    if isinstance(ev, dict):
        start, end, ev = ev.get("start"), ev.get("end"), ev.get("text")
    att = r.get("attribution") if isinstance(r.get("attribution"), dict) else {}
    cert = r.get("certainty")
    aid = _s(r.get("article_id"))
    article_outlet = _s(r.get("article_outlet")) or (getattr(names, "outlets", {}).get(aid or "") if names is not None else None)
    # the store's ``outlet`` column is the attribution's outlet (DPA), else the article's own outlet
    relayed = _s(r.get("outlet") if "outlet" in r else att.get("outlet"))
    if relayed and article_outlet and relayed == article_outlet:
        relayed = None
    return Evidence(
        article_id=aid,
        sentence=_s(ev),
        start=_i(start),
        end=_i(end),
        outlet=article_outlet,
        source=_s(r.get("source") if "source" in r else att.get("source")),
        relayed_by=relayed,
        certainty=_s(cert.value if isinstance(cert, Certainty) else cert),
    )


def _fatalities(counts: Any) -> int | None:
    if not isinstance(counts, dict):
        return None
    import re

    total = None
    for k, v in counts.items():
        if k in ("killed", "dead", "deaths", "fatalities"):
            m = re.search(r"\d[\d,]*", str(v))
            if m:
                total = (total or 0) + int(m.group(0).replace(",", ""))
    return total


def _targets(v: Any) -> list[str]:
    if not v:
        return []
    if isinstance(v, str):
        import json

        try:
            v = json.loads(v)
        except ValueError:
            return [v]
    return [str(x) for x in v] if isinstance(v, list) else [str(v)]


def _counts(v: Any) -> Any:
    if isinstance(v, str):
        import json

        try:
            return json.loads(v)
        except ValueError:
            return None
    return v


def event_out(r: dict, names: dict[str, str]) -> EventOut:
    a1, a2 = _s(r.get("actor1")), _s(r.get("actor2"))
    admin = r.get("admin")
    admin1 = r.get("admin1")
    if admin1 is None and isinstance(admin, list) and len(admin) > 1:
        admin1 = admin[1]
    cert = r.get("certainty") or "reported"
    return EventOut(
        id=_rid(r),
        article_id=_s(r.get("article_id")),
        event_type=str(r.get("event_type") or ""),
        sub_event_type=_s(r.get("sub_event_type")),
        actor1=a1, actor1_name=names.get(a1 or "", a1),
        actor2=a2, actor2_name=names.get(a2 or "", a2),
        date=_s(r.get("date")),
        place=_s(r.get("place_name")),
        place_kind=_s(r.get("place_kind")),
        country=_s(r.get("country")),
        admin1=_s(admin1),
        lat=_f(r.get("lat")), lon=_f(r.get("lon")),
        certainty=_s(cert.value if isinstance(cert, Certainty) else cert) or "reported",
        background=bool(r.get("background")),
        targets=_targets(r.get("targets")),
        summary=_s(r.get("summary")) or None,
        fatalities=_fatalities(_counts(r.get("counts"))),
        evidence=_evidence(r, names),
    )


def control_out(r: dict, names: dict[str, str]) -> ControlStatement:
    c = str(r.get("controller") or "")
    return ControlStatement(
        id=_rid(r), article_id=_s(r.get("article_id")), controller=c, controller_name=names.get(c, c),
        place=_s(r.get("place_name")), facility=_s(r.get("facility")), status=_s(r.get("status")),
        since=_s(r.get("since")), quantity=_i(r.get("quantity")), evidence=_evidence(r, names))


def claim_out(r: dict, names: dict[str, str]) -> ClaimOut:
    a = _s(r.get("actor"))
    return ClaimOut(
        id=_rid(r), article_id=_s(r.get("article_id")), kind=_s(r.get("kind")), what=_s(r.get("what")),
        value=_f(r.get("value")), unit=_s(r.get("unit")), comparator=_s(r.get("comparator")),
        subject=_s(r.get("subject_name") or r.get("subject")), actor=a, actor_name=names.get(a or "", a),
        also_stated=_s(r.get("also_stated")), evidence=_evidence(r, names))


def forecast_out(r: dict, names: dict[str, str]) -> ForecastOut:
    a = _s(r.get("actor"))
    return ForecastOut(
        id=_rid(r), article_id=_s(r.get("article_id")), by=_s(r.get("by")), actor=a,
        actor_name=names.get(a or "", a), what=_s(r.get("what")), target=_s(r.get("target_name") or r.get("target")),
        modality=_s(r.get("modality")), horizon_days=_i(r.get("horizon_days")), deadline=_s(r.get("deadline")),
        made_on=_s(r.get("made_on")), evidence=_evidence(r, names))


def quote_out(r: dict, names: dict | None = None) -> QuoteOut:
    text = r.get("text")
    if isinstance(text, dict):
        text = text.get("text")
    return QuoteOut(
        id=_rid(r), article_id=_s(r.get("article_id")), speaker=_s(r.get("speaker")), role=_s(r.get("role")),
        outlet=_s(r.get("quote_outlet") if "quote_outlet" in r else r.get("outlet")), text=_s(text),
        evidence=_evidence(r if "quote_outlet" in r else {**r, "outlet": None}, names))


def article_summary(r: dict) -> ArticleSummary:
    return ArticleSummary(id=_rid(r), title=_s(r.get("title")), outlet=_s(r.get("outlet")), url=_s(r.get("url")),
                          published=_s(r.get("published")), dateline=_s(r.get("dateline")))


# --------------------------------------------------------------------------- the situation layer's dicts


def _day(v: Any) -> date | None:
    if v is None:
        return None
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None



def _evd(d: dict | None) -> Evidence:
    d = d or {}
    return Evidence(article_id=_s(d.get("article_id")), sentence=_s(d.get("sentence")), start=_i(d.get("start")),
                    end=_i(d.get("end")), outlet=_s(d.get("outlet")), source=_s(d.get("source")),
                    relayed_by=_s(d.get("relayed_by")), certainty=_s(d.get("certainty")))


def _src(d: dict) -> Source:
    return Source(**_evd(d).model_dump(), published=_s(d.get("published")), title=_s(d.get("title")),
                  url=_s(d.get("url")), uid=_s(d.get("uid")))


def _alts(alts: dict | None) -> dict[str, list[Alternative]]:
    out: dict[str, list[Alternative]] = {}
    for k, versions in (alts or {}).items():
        lst = []
        for v in versions or []:
            val = v.get("value")
            if not isinstance(val, (str, int, float, bool)) and val is not None:
                val = str(val)
            srcs = v.get("sources") or []
            if srcs and isinstance(srcs[0], dict):  # a disputed holder keeps its reports whole
                reports = [_s(x.get("uid")) for x in srcs]
                srcs = sorted({str(x["source"]) for x in srcs if x.get("source")})
            else:
                reports = [_s(r) for r in v.get("reports") or []]
                srcs = [str(x) for x in srcs]
            lst.append(Alternative(value=val, kind=_s(v.get("kind")), status=_s(v.get("status")), reports=reports,
                                   outlets=[str(o) for o in v.get("outlets") or []], sources=srcs))
        out[str(k)] = lst
    return out


def change_out(h: dict) -> Change:
    return Change(date=_s(h.get("date")), holder=str(h.get("holder")), holder_name=_s(h.get("holder_name")),
                  previous=_s(h.get("previous")), previous_name=_s(h.get("previous_name")),
                  event_id=_s(h.get("event_id")), kind=str(h.get("kind")), status=_s(h.get("status")),
                  learned=_s(h.get("learned")), evidence=_evd(h.get("evidence")),
                  sources=[_src(x) for x in h.get("sources") or []], alternatives=_alts(h.get("alternatives")))


def place_control_out(p: dict) -> PlaceControl:
    """A row of :func:`sitroom.resolve.situation.control_at` as the API's model."""
    return PlaceControl(
        place=str(p.get("place")), gazetteer_id=_s(p.get("gazetteer_id")), kind=_s(p.get("kind")),
        country=_s(p.get("country")), admin1=_s(p.get("admin1")), lat=_f(p.get("lat")), lon=_f(p.get("lon")),
        capital=_s(p.get("capital")), capital_of=_s(p.get("capital_of")), holder=_s(p.get("holder")),
        holder_name=_s(p.get("holder_name")), since=_s(p.get("since")), learned=_s(p.get("learned")),
        status=str(p.get("status") or "held"),
        pockets=[Pocket(actor=str(k.get("actor")), actor_name=_s(k.get("actor_name")), facility=_s(k.get("facility")),
                        since=_s(k.get("since")), learned=_s(k.get("learned")), evidence=_evd(k.get("evidence")))
                 for k in p.get("pockets") or []],
        history=[change_out(h) for h in p.get("history") or []],
        evidence=[_evd(e) for e in p.get("evidence") or [] if e],
        alternatives=_alts(p.get("alternatives")))


def changes_out(c: dict) -> ChangeOut:
    base = change_out(c).model_dump()
    return ChangeOut(**base, place=str(c.get("place")), gazetteer_id=_s(c.get("gazetteer_id")),
                     place_kind=_s(c.get("place_kind")), country=_s(c.get("country")), lat=_f(c.get("lat")),
                     lon=_f(c.get("lon")), capital=_s(c.get("capital")), capital_of=_s(c.get("capital_of")),
                     valid_from=_s(c.get("valid_from")))


def situation_out(s, event_id: str, names: dict[str, str]) -> SituationOut:
    d = s.to_dict(names)
    return SituationOut(
        id=d["id"], event_id=event_id, event_type=str(d["event_type"]), sub_event_type=_s(d["sub_event_type"]),
        actor1=_s(d["actor1"]), actor1_name=_s(d["actor1_name"]), actor2=_s(d["actor2"]),
        actor2_name=_s(d["actor2_name"]), place=_s(d["place"]), date=_s(d["date"]),
        first_reported=_s(d["first_reported"]), certainty=str(d["certainty"] or "reported"),
        corroboration=int(d["corroboration"]), carriers=int(d["carriers"]), outlets=[str(o) for o in d["outlets"]],
        reports=[_src(r) for r in d["reports"]], alternatives=_alts(d["alternatives"]))


def story_out(st: dict) -> StoryOut:
    return StoryOut(id=str(st.get("id")), title=_s(st.get("title")), outlet=_s(st.get("outlet")),
                    published=_s(st.get("published")),
                    carriers=[Carrier(article_id=_s(c.get("article_id")), outlet=_s(c.get("outlet")),
                                      url=_s(c.get("url")), published=_s(c.get("published")),
                                      title=_s(c.get("title")), relation=_s(c.get("relation")),
                                      similarity=_f(c.get("similarity")))
                              for c in st.get("carriers") or []])


def outcome_out(o: dict | None) -> Outcome | None:
    if not o:
        return None
    return Outcome(event_id=_s(o.get("event_id")), date=_s(o.get("date")), sub_event_type=_s(o.get("sub_event_type")),
                   place=_s(o.get("place")), actor=_s(o.get("actor")), actor_inferred=_s(o.get("actor_inferred")),
                   first_reported=_s(o.get("first_reported")), learned_on=_s(o.get("learned_on")),
                   date_earliest=_s(o.get("date_earliest")), date_latest=_s(o.get("date_latest")),
                   corroboration=_i(o.get("corroboration")), sources=[_src(x) for x in o.get("sources") or []],
                   dated_by=[_src(x) for x in o.get("dated_by") or []],
                   reasoning=[str(x) for x in o.get("reasoning") or []])


# --------------------------------------------------------------------------- app


class _Stores:
    """One store connection per worker thread (SQLite connections are thread-bound)."""

    def __init__(self, db: str, read_only: bool = False) -> None:
        self.db = db
        self.read_only = read_only  # a server without a write token opens its store mode=ro
        self._local = threading.local()
        self._all: list[ExitStack] = []
        self._lock = threading.Lock()

    def get(self):
        store = getattr(self._local, "store", None)
        if store is None:
            from sitroom.store import open_store

            stack = ExitStack()
            try:
                store = stack.enter_context(open_store(self.db, create=False, read_only=self.read_only))
            except SitroomError:
                raise
            except Exception as exc:  # noqa: BLE001 - a broken file is a store error for the client
                raise StoreError(f"{Path(self.db).name}: cannot open the store: {exc}") from exc
            self._local.store = store
            with self._lock:
                self._all.append(stack)
        return store

    def close(self) -> None:
        with self._lock:
            for s in self._all:
                try:
                    s.close()
                except Exception:  # noqa: BLE001 - closing on shutdown, from another thread
                    pass
            self._all.clear()


def _page(items: list, limit: int, offset: int) -> dict:
    more = len(items) > limit
    items = items[:limit]
    return {"limit": limit, "offset": offset, "count": len(items), "next_offset": offset + limit if more else None,
            "items": items}


def _bbox(v: str | None) -> tuple[float, float, float, float] | None:
    if v is None:
        return None
    parts = v.split(",")
    try:
        x0, y0, x1, y1 = (float(p) for p in parts)
    except ValueError:
        raise ApiError(422, "invalid-parameter", "Invalid parameter",
                       "bbox: expected four numbers minlon,minlat,maxlon,maxlat") from None
    if not (-180 <= x0 <= 180 and -180 <= x1 <= 180 and -90 <= y0 <= 90 and -90 <= y1 <= 90 and x0 <= x1 and y0 <= y1):
        raise ApiError(422, "invalid-parameter", "Invalid parameter",
                       "bbox: needs -180<=minlon<=maxlon<=180 and -90<=minlat<=maxlat<=90")
    return x0, y0, x1, y1


def load_token(token_file: str | None = None, env: dict[str, str] | None = None) -> str | None:
    """The write token: the first line of ``token_file``, else ``$SITROOM_API_TOKEN``, else None (read-only).

    ConfigError when the file cannot be read or the token is shorter than MIN_TOKEN characters."""
    env = os.environ if env is None else env
    if token_file:
        try:
            raw = Path(token_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"--token-file {token_file}: cannot read it ({exc.__class__.__name__})",
                              hint="give a readable text file whose first line is the token") from None
        lines = raw.strip().splitlines()
        token, where = (lines[0].strip() if lines else ""), f"--token-file {token_file}"
    elif env.get(TOKEN_ENV):
        token, where = env[TOKEN_ENV].strip(), TOKEN_ENV
    else:
        return None
    if len(token) < MIN_TOKEN or any(c.isspace() for c in token):
        raise ConfigError(f"{where}: the token must be at least {MIN_TOKEN} characters with no spaces",
                          hint="make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'")
    return token


def create_app(db: str, settings: Settings | None = None, *, token: str | None = None,
               max_export: int = MAX_EXPORT):
    """The FastAPI app over the store at ``db`` (one connection per worker thread, opened on first use).

    Read-only unless ``token`` is given: then ``POST /api/articles`` ingests one article for a request that
    sends ``Authorization: Bearer <token>``. ``max_export``: the most events one export may hold (413 beyond)."""
    from fastapi import Depends, FastAPI, Path as PathParam, Query, Request
    from fastapi.security import HTTPBearer
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import FileResponse, JSONResponse, Response
    from fastapi.staticfiles import StaticFiles
    from starlette.exceptions import HTTPException as StarletteHTTPException

    settings = settings or Settings()
    version = _version()
    stores = _Stores(db, read_only=token is None)
    err = {"model": ErrorResponse}
    errs = {404: err, 422: err, 500: err}
    @asynccontextmanager
    async def lifespan(_app):
        yield
        stores.close()

    app = FastAPI(title="sitroom", lifespan=lifespan, version=version, responses={422: err, 500: err},
                  description="The sourced situation picture: events, control, claims, forecasts and quotes, "
                              "each with its evidence sentence, outlet, attributed source and certainty.")
    app.state.settings = settings
    app.state.stores = stores

    @app.exception_handler(ApiError)
    def _api_error(_req: Request, exc: ApiError):
        return JSONResponse(_error_json(exc.status, exc.code, exc.title, exc.detail), status_code=exc.status,
                            headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    def _http_error(_req: Request, exc: StarletteHTTPException):
        code = {400: "bad-request", 404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, f"http-{exc.status_code}")
        title = _TITLES.get(exc.status_code, "Error")
        detail = exc.detail if isinstance(exc.detail, str) else title
        return JSONResponse(_error_json(exc.status_code, code, title, detail), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    def _validation_error(_req: Request, exc: RequestValidationError):
        parts = []
        for e in exc.errors():
            loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{loc}: {e.get('msg')}" if loc else str(e.get("msg")))
        return JSONResponse(_error_json(422, "invalid-parameter", "Invalid parameter", "; ".join(parts)),
                            status_code=422)

    @app.exception_handler(StoreError)
    def _store_error(_req: Request, exc: StoreError):
        log.error("store error: %s", exc)
        detail = str(exc).replace(str(Path(db).resolve()), Path(db).name).replace(db, Path(db).name)
        return JSONResponse(_error_json(503, exc.code, _TITLES[503], detail), status_code=503)

    from sitroom.store.readonly import DAMAGE, damaged

    for kind in DAMAGE:  # a read on a damaged store (flipped bytes): the store's error, not a crash
        app.add_exception_handler(kind, lambda req, exc: _store_error(req, damaged(db, exc)))

    @app.exception_handler(Exception)
    def _crash(_req: Request, exc: Exception):
        log.exception("unhandled error")
        return JSONResponse(_error_json(500, "internal", "Internal error",
                                        f"the server failed on this request ({type(exc).__name__})"), status_code=500)

    token_bytes = token.encode("utf-8") if token else None

    def _authorise(request: Request) -> None:
        """Writes need the server's token (constant-time compare); a server without one is read-only."""
        if token_bytes is None:
            raise ApiError(403, "read-only", _TITLES[403], "this server is read-only: start it with "
                           "`sitroom serve --token-file FILE` (or SITROOM_API_TOKEN) to accept articles")
        scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise ApiError(401, "unauthorized", _TITLES[401], "send the server's token as `Authorization: Bearer "
                           "<token>`", headers={"WWW-Authenticate": 'Bearer realm="sitroom"'})
        if not hmac.compare_digest(given.strip().encode("utf-8"), token_bytes):
            raise ApiError(403, "forbidden", _TITLES[403], "the token does not match the server's")

    def _json_only(request: Request) -> None:
        """The article comes as JSON: any other declared media type is 415, not a validation error."""
        media = (request.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
        if media != "application/json" and not (media.startswith("application/") and media.endswith("+json")):
            raise ApiError(415, "unsupported-media-type", _TITLES[415],
                           f"send the article as JSON (Content-Type: application/json), not {media or 'no type'!r}")

    def _refuse(exc: ApiError):
        return JSONResponse(_error_json(exc.status, exc.code, exc.title, exc.detail), status_code=exc.status,
                            headers=exc.headers)

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        if request.method == "POST" and request.url.path.rstrip("/") == "/api/articles":
            # before the body is read: who may write, and how much
            try:
                _authorise(request)
                size = request.headers.get("content-length")
                if size is None or not size.isdigit():
                    raise ApiError(411, "length-required", "Length required",
                                   "send the body with a Content-Length header")
                if int(size) > MAX_BODY:
                    raise ApiError(413, "body-too-large", _TITLES[413],
                                   f"the body has {int(size)} bytes; the server accepts at most {MAX_BODY}")
                _json_only(request)
            except ApiError as exc:
                resp = _refuse(exc)
            else:
                resp = await call_next(request)
        else:
            resp = await call_next(request)
        # no inline script, no remote anything: the page must work offline and never run article text
        resp.headers.setdefault("Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        return resp

    meta_cache: dict[str, Any] = {}
    situation_cache: dict[tuple, tuple] = {}
    meta_lock = threading.Lock()
    write_lock = threading.Lock()

    def pipeline():
        from sitroom.pipeline import default_pipeline

        return default_pipeline()

    def names() -> Lookup:
        """Actor id → name, cached for NAMES_TTL seconds (an ingest adds names while we serve)."""
        now = time.monotonic()
        with meta_lock:
            hit = meta_cache.get("lookup")
            if hit is not None and now - hit[0] < NAMES_TTL:
                return hit[1]
        lk = Lookup(stores.get().actor_names())
        with meta_lock:
            meta_cache["lookup"] = (now, lk)
        return lk

    def inside(place: str | None, within: bool) -> list[str] | None:
        """With ``within``: the gazetteer ids of every place inside ``place`` (any gazetteer entry of that name or
        id: a province's districts, cities and villages), so the events filter takes its admin children too."""
        if not within:
            return None
        if place is None:
            raise ApiError(422, "invalid-parameter", "Invalid parameter", "within: needs place (the place to look inside)")
        from sitroom.gazetteer import default_gazetteer

        return default_gazetteer().inside(place, limit=MAX_INSIDE)

    def events_rows(*, since, until, type_, actor, place, bbox, certainty, limit, offset, after=None,
                    within: bool = False) -> list[dict]:
        store = stores.get()
        return store.events(since=since, until=until, event_type=type_, actor=actor, place=place, bbox=bbox,
                            certainty=certainty.value if certainty else None, limit=limit, offset=offset,
                            inside=inside(place, within), **({"after": after} if after is not None else {}))

    # ---- endpoints

    @app.get("/api/health", response_model=Health, tags=["meta"])
    def health() -> Health:
        counts = {k: int(v) for k, v in stores.get().count().items()}
        return Health(status="ok", version=version, counts=counts)

    @app.get("/api/articles", response_model=ArticlePage, tags=["articles"])
    def articles(limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        rows = stores.get().article_rows(limit=limit + 1, offset=offset)
        return _page([article_summary(r) for r in rows], limit, offset)

    @app.get("/api/articles/{article_id}", response_model=ArticleDetail, responses=errs, tags=["articles"])
    def article(article_id: str):
        if len(article_id) > 200:
            raise ApiError(404, "not-found", "Not found", "no article with that id")
        store = stores.get()
        got = store.get(article_id)
        if got is None:
            raise ApiError(404, "not-found", "Not found", f"no article with id {article_id!r}")
        a = _as_dict(got)
        n = names()
        aid = str(a.get("id") or article_id)
        return ArticleDetail(
            **article_summary(a).model_dump(), text=str(a.get("text") or ""),
            events=[event_out(r, n) for r in store.events(article_id=aid)],
            control=[control_out(r, n) for r in store.control(article_id=aid)],
            claims=[claim_out(r, n) for r in store.claims(article_id=aid)],
            forecasts=[forecast_out(r, n) for r in store.forecasts(article_id=aid)],
            quotes=[quote_out(r, n) for r in store.quotes(article_id=aid)],
        )

    @app.get("/api/events", response_model=EventPage, responses=errs, tags=["events"])
    def events(
        since: date | None = Query(None, description="first day (YYYY-MM-DD)"),
        until: date | None = Query(None, description="last day (YYYY-MM-DD)"),
        type: str | None = Query(None, max_length=200, description="ACLED event_type or sub_event_type"),
        actor: str | None = Query(None, max_length=200, description="actor id (actor1 or actor2)"),
        place: str | None = Query(None, max_length=200, description="place name or gazetteer id"),
        within: bool = Query(False, description=WITHIN_DOC),
        bbox: str | None = Query(None, max_length=200, description="minlon,minlat,maxlon,maxlat"),
        certainty: Certainty | None = Query(None),
        limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
        after: str | None = Query(None, max_length=400, description="keyset cursor: next_after of the previous page"),
    ):
        if since and until and since > until:
            raise ApiError(422, "invalid-parameter", "Invalid parameter", "since: must not be after until")
        from sitroom.store.sqlite import cursor, parse_cursor

        try:
            key = parse_cursor(after) if after is not None else None
        except SitroomError:
            raise ApiError(422, "invalid-parameter", "Invalid parameter",
                           "after: not a cursor (pass the next_after value of the previous page)") from None
        rows = events_rows(since=since, until=until, type_=type, actor=actor, place=place, bbox=_bbox(bbox),
                           certainty=certainty, limit=limit + 1, offset=offset, after=key, within=within)
        n = names()
        page = _page([event_out(r, n) for r in rows], limit, offset)
        page["next_after"] = cursor(rows[limit - 1]) if len(rows) > limit else None
        return page

    def cached(name: str, args: tuple, compute):
        """Situation-layer answers (they replay the whole store) reused while the store's counts stand still."""
        version = tuple(sorted(stores.get().count().items()))
        key = (name, args)
        with meta_lock:
            hit = situation_cache.get(key)
            if hit is not None and hit[0] == version:
                return hit[1]
        value = compute()
        with meta_lock:
            if len(situation_cache) >= SITUATION_CACHE:
                situation_cache.pop(next(iter(situation_cache)))
            situation_cache[key] = (version, value)
        return value

    def _situation_call(fn, *args, **kw):
        try:
            return fn(*args, **kw)
        except ConfigError as exc:
            raise ApiError(422, "invalid-parameter", "Invalid parameter", str(exc)) from None

    @app.get("/api/control", response_model=ControlOut, responses=errs, tags=["control"])
    def control(
        at: date | None = Query(None, description="the day (YYYY-MM-DD); default: the latest change of hands"),
        kind: PlaceKind | None = Query(None, description="provincial-capital, national-capital, capital (from the "
                                                          "gazetteer) or a place kind"),
        actor: str | None = Query(None, max_length=200, description="only places this actor (id or name) held"),
        known_on: date | None = Query(None, description="use only reports published by this day"),
    ):
        """Who held each place on a day, replayed by the situation layer (:func:`control_at`)."""
        from sitroom.resolve.situation import control_at, control_extent

        store = stores.get()
        first, last = cached("extent", (known_on,), lambda: control_extent(store, known_on=known_on))
        day_ = at or (date.fromisoformat(last) if last else date.today())
        rows = cached("control", (day_, kind, actor, known_on), lambda: _situation_call(
            control_at, store, day_, kind=kind.value if kind else None, actor=actor, known_on=known_on))
        n = names()
        statements = [control_out(r, n) for r in store.control(limit=MAX_LIMIT)
                      if (_s(r.get("published")) or "")[:10] <= day_.isoformat()]
        return ControlOut(at=day_.isoformat(), first=first, last=last, places=[place_control_out(p) for p in rows],
                          statements=statements)

    @app.get("/api/changes", response_model=ChangesOut, responses=errs, tags=["control"])
    def control_changes(
        since: date = Query(..., description="first day (YYYY-MM-DD), by the day the change took effect"),
        until: date = Query(..., description="last day (YYYY-MM-DD)"),
        kind: PlaceKind | None = Query(None, description="as for /api/control"),
        actor: str | None = Query(None, max_length=200, description="only changes to or from this actor"),
        known_on: date | None = Query(None, description="use only reports published by this day"),
    ):
        """What changed hands between two days (:func:`sitroom.resolve.situation.changes`)."""
        from sitroom.resolve.situation import changes

        if since > until:
            raise ApiError(422, "invalid-parameter", "Invalid parameter", "since: must not be after until")
        store = stores.get()
        rows = cached("changes", (since, until, kind, actor, known_on), lambda: _situation_call(
            changes, store, since, until, kind=kind.value if kind else None, actor=actor, known_on=known_on))
        return ChangesOut(since=since.isoformat(), until=until.isoformat(), changes=[changes_out(c) for c in rows])

    @app.get("/api/events/{event_id}/situation", response_model=SituationOut, responses=errs, tags=["events"])
    def event_situation(event_id: str = PathParam(..., max_length=400)):
        """The happening this event report belongs to: the other reports (other articles, outlets, sources) that
        corroborate it, and the values they dispute."""
        from sitroom.resolve.situation import MAX_SPAN_DAYS, SLACK_DAYS, UNDATED_DAYS, Places, _stories, merge_reports

        store = stores.get()
        aid = event_id.rpartition(":")[0]
        row = next((r for r in store.events(article_id=aid) if _rid(r) == event_id), None) if aid else None
        if row is None:
            raise ApiError(404, "not-found", "Not found", f"no event with id {event_id!r}")
        d = _day(row.get("date")) or _day(row.get("published"))
        window = {}
        if d is not None:  # a happening never spans more than this; its reports lie within the window
            pad = timedelta(days=MAX_SPAN_DAYS + UNDATED_DAYS + SLACK_DAYS)
            window = {"since": d - pad, "until": d + pad}
        sub = row.get("sub_event_type") or row.get("event_type")

        def compute():
            rows = store.events(event_type=sub, **window)
            if not any(_rid(r) == event_id for r in rows):
                rows.append(row)  # an undated report: on its own, the window holds only dated ones
            return merge_reports(rows, Places(), _stories(store))

        merged = cached("situation", (sub, tuple(sorted(window.items()))), compute)
        hit = next((s for s in merged if any(_rid(r.row) == event_id for r in s.reports)), None)
        if hit is None:  # pragma: no cover - merge_reports keeps every report
            raise ApiError(404, "not-found", "Not found", f"no event with id {event_id!r}")
        return situation_out(hit, event_id, names())

    @app.get("/api/claims", response_model=ClaimPage, responses=errs, tags=["claims"])
    def claims(limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Claims with a verdict (checked against the store and the gazetteer) and its reasoning."""
        from sitroom.resolve.claimcheck import check_claim

        store = stores.get()
        n = names()
        out = []
        for r in store.claims(limit=limit + 1, offset=offset):
            c = claim_out(r, n)
            v = cached("claim", (c.id,), lambda r=r: check_claim(store, r))
            c.verdict, c.reasoning = _s(v.get("verdict")), [str(x) for x in v.get("reasoning") or []]
            out.append(c)
        return _page(out, limit, offset)

    @app.get("/api/forecasts", response_model=ForecastPage, responses=errs, tags=["forecasts"])
    def forecasts(limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Forecasts with their outcome: hit (the event, lead time), miss (deadline passed) or open."""
        from sitroom.resolve.ledger import forecast_ledger

        store = stores.get()
        n = names()
        ledger = cached("ledger", (), lambda: {str(f["id"]): f for f in forecast_ledger(store)["forecasts"]})
        out = []
        for r in store.forecasts(limit=limit + 1, offset=offset):
            f = forecast_out(r, n)
            led = ledger.get(f.id) or {}
            f.status, f.unresolvable = _s(led.get("status")), _s(led.get("unresolvable"))
            f.lead_days, f.days_to_outcome = _i(led.get("lead_days")), _i(led.get("days_to_outcome"))
            f.outcome = outcome_out(led.get("outcome"))
            out.append(f)
        return _page(out, limit, offset)

    @app.get("/api/quotes", response_model=QuotePage, responses=errs, tags=["quotes"])
    def quotes(limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        n = names()
        return _page([quote_out(r, n) for r in stores.get().quotes(limit=limit + 1, offset=offset)], limit, offset)

    @app.get("/api/stories", response_model=StoryPage, responses=errs, tags=["articles"])
    def stories(limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                min_carriers: int = Query(1, ge=1, le=1000, description="only stories carried this many times")):
        """Stories: an article and its exact and near-duplicate copies (reprints by other outlets), the stored
        copy first."""
        from sitroom.ingest.dedup import stories as story_rows

        store = stores.get()
        if min_carriers <= 1:
            return _page([story_out(st) for st in story_rows(store, limit=limit + 1, offset=offset)], limit, offset)
        rows = [st for st in cached("stories", (), lambda: story_rows(store))
                if len(st.get("carriers") or []) >= min_carriers]
        return _page([story_out(st) for st in rows[offset:offset + limit + 1]], limit, offset)

    # ---- writing (off unless the server has a token)

    @app.post("/api/articles", response_model=ArticleCreated, status_code=201, tags=["articles"],
              responses={200: {"model": ArticleCreated, "description": "already stored (a copy): nothing new"},
                         400: err, 401: err, 403: err, 411: err, 413: err, 415: err, 422: err, 500: err, 503: err},
              dependencies=[Depends(HTTPBearer(auto_error=False, scheme_name="token",
                                               description="the server's write token (sitroom serve --token-file)"))])
    def add_article(body: ArticleIn):
        """Ingest one article (extract and store). Disabled unless the server was started with a token
        (``sitroom serve --token-file F`` or ``SITROOM_API_TOKEN``); send ``Authorization: Bearer <token>``.
        201 when stored; 200 with ``stored: false`` when it (or a near-duplicate) is already stored."""
        from sitroom.ingest import article_from_text

        try:
            art = article_from_text(body.text, published=body.published, outlet=body.outlet, url=body.url,
                                    title=body.title, origin="api", settings=settings)
        except SitroomError as exc:
            raise ApiError(422, getattr(exc, "code", "bad-input"), "Invalid article", str(exc)) from None
        store = stores.get()
        with write_lock:  # one extraction at a time: the pipeline is shared, the machine is small
            copy = store.carry(art)
            if copy:
                return JSONResponse(ArticleCreated(id=art.id, stored=False, duplicate=copy).model_dump(),
                                    status_code=200)
            try:
                pipe = pipeline()
                with pipe.nlp.memory_zone():
                    pipe.run(art)
            except SitroomError as exc:
                raise ApiError(422, getattr(exc, "code", "bad-input"), "Invalid article",
                               f"the article could not be read: {exc}") from None
            stored = store.add(art)
        with meta_lock:
            meta_cache.pop("lookup", None)
        counts = {k: len(getattr(art, k)) for k in ("events", "control", "claims", "forecasts", "quotes")}
        out = ArticleCreated(id=art.id, stored=stored, duplicate=None if stored else "exact", counts=counts)
        return out if stored else JSONResponse(out.model_dump(), status_code=200)

    # ---- exports

    def _export(fmt: str):
        from sitroom.serve import export as ex

        def endpoint(
            since: date | None = Query(None), until: date | None = Query(None),
            type: str | None = Query(None, max_length=200), actor: str | None = Query(None, max_length=200),
            place: str | None = Query(None, max_length=200), within: bool = Query(False, description=WITHIN_DOC),
            bbox: str | None = Query(None, max_length=200), certainty: Certainty | None = Query(None),
            limit: int | None = Query(None, ge=1, le=MAX_EXPORT, description=f"at most this many events (the "
                                      f"server refuses an export of more than {MAX_EXPORT} with 413)"),
        ):
            if since and until and since > until:
                raise ApiError(422, "invalid-parameter", "Invalid parameter", "since: must not be after until")
            if limit is not None and limit > max_export:
                raise ApiError(413, "export-too-large", "Too large",
                               f"limit: {limit} is above this server's export cap of {max_export} events: narrow "
                               f"the export with since/until/type/actor/place/bbox, or page through /api/events")
            cap = limit or max_export
            rows = events_rows(since=since, until=until, type_=type, actor=actor, place=place, bbox=_bbox(bbox),
                               certainty=certainty, limit=cap + (0 if limit else 1), offset=0, within=within)
            if len(rows) > cap:
                raise ApiError(413, "export-too-large", "Too large",
                               f"the export would hold more than {cap} events (the server's cap): narrow it with "
                               f"since/until/type/actor/place/bbox, pass limit, or page through /api/events")
            n = names()
            body = ex.WRITERS[fmt]([event_out(r, n) for r in rows])
            return Response(body, media_type=ex.MEDIA[fmt],
                            headers={"Content-Disposition": f'attachment; filename="sitroom-events.{fmt}"'})

        endpoint.__name__ = f"export_{fmt}"
        app.get(f"/api/export/events.{fmt}", response_class=Response, responses={
            200: {"content": {ex.MEDIA[fmt].split(";")[0]: {}}, "description": f"events as {fmt}"},
            413: err, 422: err}, tags=["export"])(endpoint)

    for fmt in ("csv", "geojson", "jsonl", "parquet"):
        _export(fmt)

    # ---- the page

    from xstatic.pkg import leaflet

    app.mount("/static/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="leaflet")
    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8")

    return app


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("sitroom")
    except Exception:  # noqa: BLE001 - running from a source tree
        import sitroom

        return getattr(sitroom, "__version__", "0")


def serve_forever(db: str, host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None,
                  token: str | None = None) -> None:
    """Serve the API and the map until interrupted (read-only unless ``token`` is given)."""
    import uvicorn

    from sitroom.store import open_store

    with open_store(db, create=False):  # fail now, with the store's own message, if it cannot be read
        pass
    uvicorn.run(create_app(db, settings, token=token), host=host, port=port, log_level="warning")
