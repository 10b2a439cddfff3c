"""The HTTP API and the map page: ``create_app(db)`` builds the FastAPI app, ``serve_forever`` runs it.

Read-only over a store (:mod:`sitroom.store`). Every endpoint is a plain ``def``
(store calls block; FastAPI runs them in its thread pool). Each worker thread
opens its own store connection, kept for the life of the app.

Every error, whatever its cause (bad parameter, unknown id, unknown path, a
crash), is answered with one JSON shape::

    {"error": {"status": 422, "code": "invalid-parameter", "title": "...", "detail": "..."}}

The response models below are the OpenAPI document's schemas; ``tests/test_api.py``
validates real responses against them.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import ExitStack, asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sitroom.config import Settings
from sitroom.errors import SitroomError, StoreError
from sitroom.model import Certainty

log = logging.getLogger("sitroom.api")

WEB_DIR = Path(__file__).resolve().parent / "web"
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
MAX_EXPORT = 100_000
NAMES_TTL = 2.0  # seconds an actor-name lookup is reused
TAKEOVER = {"Non-state actor overtakes territory", "Government regains territory", "Non-violent transfer of territory"}


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


class Pocket(_Out):
    actor: str
    actor_name: str | None = None
    facility: str | None = None
    evidence: Evidence


class Change(_Out):
    date: str | None = None
    holder: str
    holder_name: str | None = None
    event_id: str | None = None
    kind: str = Field(description="event sub-type, or 'statement' for a control statement")
    evidence: Evidence


class PlaceControl(_Out):
    place: str
    kind: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    holder: str | None = None
    holder_name: str | None = None
    since: str | None = None
    status: str = Field(description="held | contested")
    pockets: list[Pocket] = Field(default_factory=list)
    history: list[Change] = Field(default_factory=list, description="changes of hands up to the day, oldest first")
    evidence: list[Evidence] = Field(default_factory=list)


class ControlOut(_Out):
    at: str | None
    first: str | None = Field(None, description="earliest day with a dated change in the store")
    last: str | None = Field(None, description="latest day with a dated change in the store")
    places: list[PlaceControl]
    statements: list[ControlStatement]


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
    evidence: Evidence


class ClaimPage(Page):
    items: list[ClaimOut]


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


class ArticleDetail(ArticleSummary):
    text: str
    events: list[EventOut]
    control: list[ControlStatement]
    claims: list[ClaimOut]
    forecasts: list[ForecastOut]
    quotes: list[QuoteOut]


# --------------------------------------------------------------------------- errors


class ApiError(Exception):
    def __init__(self, status: int, code: str, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.title, self.detail = status, code, title, detail


_TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 422: "Invalid parameter",
           500: "Internal error", 503: "Store unavailable"}


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


# --------------------------------------------------------------------------- control on a day


def _place_key(r: dict) -> str | None:
    gid = r.get("gazetteer_id")
    if gid:
        return f"g:{gid}"
    name = r.get("place_name")
    if not name:
        return None
    return f"n:{str(name).casefold()}|{r.get('country') or ''}"


def _day(v: Any) -> date | None:
    if v is None:
        return None
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def control_on(events: list[dict], statements: list[dict], at: date | None, names: dict[str, str]) -> ControlOut:
    """Who held each place on day ``at``: replay dated takeovers (capture, regain, transfer) up to that day,
    then standing control statements (a facility held by another party makes the place contested; a
    whole-place statement names the holder when no takeover says otherwise)."""
    changes = []
    for r in events:
        if r.get("sub_event_type") not in TAKEOVER or r.get("background") or not r.get("actor1"):
            continue
        d, key = _day(r.get("date")), _place_key(r)
        if d is None or key is None:
            continue
        changes.append((d, key, r))
    changes.sort(key=lambda x: (x[0], str(x[2].get("id"))))
    days = [d for d, _, _ in changes]
    first = min(days).isoformat() if days else None
    last = max(days).isoformat() if days else None
    if at is None and days:
        at = max(days)
    places: dict[str, PlaceControl] = {}
    latest: dict[str, date] = {}
    for d, key, r in changes:
        if at is not None and d > at:
            continue
        a = str(r["actor1"])
        ev = event_out(r, names)
        pc = places.get(key)
        if pc is None:
            pc = places[key] = PlaceControl(place=str(r.get("place_name")), kind=_s(r.get("place_kind")),
                                            country=_s(r.get("country")), lat=_f(r.get("lat")), lon=_f(r.get("lon")),
                                            status="held")
        if pc.holder != a:
            pc.since = d.isoformat()
        pc.holder, pc.holder_name = a, names.get(a, a)
        pc.history.append(Change(date=d.isoformat(), holder=a, holder_name=names.get(a, a), event_id=ev.id,
                                 kind=str(r.get("sub_event_type")), evidence=ev.evidence))
        pc.evidence.append(ev.evidence)
        pc.pockets = []
        pc.status = "held"
        latest[key] = d
    out_statements = []
    for r in statements:
        st = control_out(r, names)
        out_statements.append(st)
        key = _place_key(r)
        if key is None:
            continue
        d = (_day(r.get("published")) or _day(getattr(names, "published", {}).get(str(r.get("article_id"))))
             or _day(r.get("since")))
        if at is not None and d is not None and d > at:
            continue
        pc = places.get(key)
        if pc is not None and d is not None and latest.get(key) and d < latest[key]:
            continue  # a later change of hands supersedes it
        if st.facility:
            if pc is not None and pc.holder != st.controller:
                pc.pockets.append(Pocket(actor=st.controller, actor_name=st.controller_name, facility=st.facility,
                                         evidence=st.evidence))
                pc.status = "contested"
                pc.evidence.append(st.evidence)
            continue
        if pc is None:
            pc = places[key] = PlaceControl(place=str(r.get("place_name")), kind=_s(r.get("place_kind")),
                                            country=_s(r.get("country")), lat=_f(r.get("lat")), lon=_f(r.get("lon")),
                                            holder=st.controller, holder_name=st.controller_name,
                                            since=st.since or (d.isoformat() if d else None),
                                            status="contested" if st.status == "contested" else "held")
            pc.history.append(Change(date=pc.since, holder=st.controller, holder_name=st.controller_name,
                                     kind="statement", evidence=st.evidence))
            pc.evidence.append(st.evidence)
    ordered = sorted(places.values(), key=lambda p: (p.country or "", p.place))
    return ControlOut(at=at.isoformat() if at else None, first=first, last=last, places=ordered,
                      statements=out_statements)


# --------------------------------------------------------------------------- app


class _Stores:
    """One store connection per worker thread (SQLite connections are thread-bound)."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._local = threading.local()
        self._all: list[ExitStack] = []
        self._lock = threading.Lock()

    def get(self):
        store = getattr(self._local, "store", None)
        if store is None:
            from sitroom.store import open_store

            stack = ExitStack()
            try:
                store = stack.enter_context(open_store(self.db, create=False))
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


def create_app(db: str, settings: Settings | None = None):
    """The FastAPI app over the store at ``db`` (opened read-only per worker thread on first use)."""
    from fastapi import FastAPI, Query, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import FileResponse, JSONResponse, Response
    from fastapi.staticfiles import StaticFiles
    from starlette.exceptions import HTTPException as StarletteHTTPException

    settings = settings or Settings()
    version = _version()
    stores = _Stores(db)
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
        return JSONResponse(_error_json(exc.status, exc.code, exc.title, exc.detail), status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    def _http_error(_req: Request, exc: StarletteHTTPException):
        code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, f"http-{exc.status_code}")
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

    @app.exception_handler(Exception)
    def _crash(_req: Request, exc: Exception):
        log.exception("unhandled error")
        return JSONResponse(_error_json(500, "internal", "Internal error",
                                        f"the server failed on this request ({type(exc).__name__})"), status_code=500)

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        resp = await call_next(request)
        # no inline script, no remote anything: the page must work offline and never run article text
        resp.headers.setdefault("Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        return resp

    meta_cache: dict[str, Any] = {}
    meta_lock = threading.Lock()

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

    def events_rows(*, since, until, type_, actor, place, bbox, certainty, limit, offset, after=None) -> list[dict]:
        store = stores.get()
        return store.events(since=since, until=until, event_type=type_, actor=actor, place=place, bbox=bbox,
                            certainty=certainty.value if certainty else None, limit=limit, offset=offset,
                            **({"after": after} if after is not None else {}))

    # ---- endpoints

    @app.get("/api/health", response_model=Health, tags=["meta"])
    def health() -> Health:
        counts = {k: int(v) for k, v in stores.get().count().items()}
        return Health(status="ok", version=version, counts=counts)

    @app.get("/api/articles", response_model=ArticlePage, tags=["articles"])
    def articles(limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=10_000_000)):
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
        place: str | None = Query(None, max_length=200, description="place name"),
        bbox: str | None = Query(None, max_length=200, description="minlon,minlat,maxlon,maxlat"),
        certainty: Certainty | None = Query(None),
        limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=10_000_000),
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
                           certainty=certainty, limit=limit + 1, offset=offset, after=key)
        n = names()
        page = _page([event_out(r, n) for r in rows], limit, offset)
        page["next_after"] = cursor(rows[limit - 1]) if len(rows) > limit else None
        return page

    @app.get("/api/control", response_model=ControlOut, responses=errs, tags=["control"])
    def control(at: date | None = Query(None, description="the day (YYYY-MM-DD); default: the latest change")):
        store = stores.get()
        changes = [r for sub in sorted(TAKEOVER) for r in store.events(event_type=sub, background=False)]
        return control_on(changes, store.control(), at, names())

    @app.get("/api/claims", response_model=ClaimPage, responses=errs, tags=["claims"])
    def claims(limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=10_000_000)):
        store = stores.get()
        n = names()
        return _page([claim_out(r, n) for r in store.claims(limit=limit + 1, offset=offset)], limit, offset)

    @app.get("/api/forecasts", response_model=ForecastPage, responses=errs, tags=["forecasts"])
    def forecasts(limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=10_000_000)):
        store = stores.get()
        n = names()
        return _page([forecast_out(r, n) for r in store.forecasts(limit=limit + 1, offset=offset)], limit, offset)

    @app.get("/api/quotes", response_model=QuotePage, responses=errs, tags=["quotes"])
    def quotes(limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=10_000_000)):
        n = names()
        return _page([quote_out(r, n) for r in stores.get().quotes(limit=limit + 1, offset=offset)], limit, offset)

    # ---- exports

    def _export_rows(since, until, type_, actor, place, bbox, certainty, limit):
        rows = events_rows(since=since, until=until, type_=type_, actor=actor, place=place, bbox=_bbox(bbox),
                           certainty=certainty, limit=limit, offset=0)
        n = names()
        return [event_out(r, n) for r in rows]

    def _export(fmt: str):
        from sitroom.serve import export as ex

        media = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json", "jsonl": "application/x-ndjson"}

        def endpoint(
            since: date | None = Query(None), until: date | None = Query(None),
            type: str | None = Query(None, max_length=200), actor: str | None = Query(None, max_length=200),
            place: str | None = Query(None, max_length=200), bbox: str | None = Query(None, max_length=200),
            certainty: Certainty | None = Query(None),
            limit: int = Query(MAX_EXPORT, ge=1, le=MAX_EXPORT),
        ):
            rows = _export_rows(since, until, type, actor, place, bbox, certainty, limit)
            body = {"csv": ex.to_acled_csv, "geojson": ex.to_geojson, "jsonl": ex.to_jsonl}[fmt](rows)
            return Response(body, media_type=media[fmt],
                            headers={"Content-Disposition": f'attachment; filename="sitroom-events.{fmt}"'})

        endpoint.__name__ = f"export_{fmt}"
        app.get(f"/api/export/events.{fmt}", response_class=Response, responses={
            200: {"content": {media[fmt].split(";")[0]: {}}, "description": f"events as {fmt}"}, 422: err},
            tags=["export"])(endpoint)

    for fmt in ("csv", "geojson", "jsonl"):
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


def serve_forever(db: str, host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None) -> None:
    """Serve the API and the map until interrupted."""
    import uvicorn

    from sitroom.store import open_store

    with open_store(db, create=False):  # fail now, with the store's own message, if it cannot be read
        pass
    uvicorn.run(create_app(db, settings), host=host, port=port, log_level="warning")
