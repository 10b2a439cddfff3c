"""Corrections over HTTP: the CLI's operations behind the write token, the author taken from the token's name.

Routes (added to the app by :func:`add_routes`):

- ``GET  /api/facts/{id}/history`` — the machine's version, the current one and every correction;
- ``POST /api/facts/{id}/corrections`` — reject, amend, merge (``other``) or split a fact;
- ``POST /api/articles/{article_id}/facts`` — add a fact the extractor missed, with its evidence span;
- ``POST /api/corrections/{ref}/revert`` — undo a correction (number or uuid);
- ``GET  /api/corrections`` — every correction, newest first; ``GET /api/review`` — facts worth a look.

Writes need ``Authorization: Bearer <token>``: the server's token (author ``SITROOM_API_TOKEN_NAME``, else
"api") or one of the named tokens of ``sitroom serve --tokens FILE`` (lines ``NAME TOKEN``). Two clients
correcting one fact are serialised by the store's writer lock: both corrections are kept in its history and
the later one is the value shown (its ``replaced`` holds the earlier one's value).
"""

# no `from __future__ import annotations`: FastAPI reads the routes' annotations (Request) at definition

import hmac
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sitroom.errors import ConfigError

NAME_ENV = "SITROOM_API_TOKEN_NAME"
MAX_CORRECTION_BODY = 64 * 1024
Scalar = str | int | float | bool | None


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CorrectionIn(_In):
    action: Literal["reject", "amend", "merge", "split"] = Field(description="what to do with the fact")
    set: dict[str, Scalar] = Field(default_factory=dict, description="fields to set (amend, split, merge): type, "
                                   "sub_type, actor1, actor2, place, lat, lon, date, fatalities, certainty ...")
    other: str | None = Field(None, max_length=400, description="merge: the id of the fact that tells the same "
                                                                "happening (it is folded into this one)")
    evidence: list[int] | None = Field(None, min_length=2, max_length=2, description="split: [start, end] of the "
                                                                                     "second happening's sentence")
    note: str = Field("", max_length=4000, description="why")


class AddIn(_In):
    kind: Literal["events", "control", "claims", "forecasts", "quotes"]
    set: dict[str, Scalar] = Field(default_factory=dict)
    evidence: list[int] = Field(min_length=2, max_length=2, description="[start, end] in the article's text")
    note: str = Field("", max_length=4000)


class RevertIn(_In):
    note: str = Field("", max_length=4000)


class CorrectionOut(BaseModel):
    id: int
    uuid: str
    target: str
    article_id: str
    kind: str
    action: str
    fields: dict[str, Any] = Field(default_factory=dict)
    replaced: dict[str, Any] = Field(default_factory=dict)
    other: str | None = None
    other_article_id: str | None = None
    evidence: list[int] | None = None
    author: str
    note: str = ""
    at: str
    status: str | None = Field(None, description="in force | reverted")


class HistoryOut(BaseModel):
    id: str
    kind: str
    status: str = Field(description="machine | corrected | added | rejected | merged | not found")
    machine: dict[str, Any] | None = Field(None, description="the fact as the extractor stored it")
    current: dict[str, Any] | None = Field(None, description="the fact as every view shows it")
    corrections: list[CorrectionOut]


class CorrectionPage(BaseModel):
    limit: int
    offset: int
    count: int
    next_offset: int | None = None
    items: list[CorrectionOut]


class ReviewItem(BaseModel):
    """A fact worth an analyst's look, with the reasons."""

    id: str
    kind: str
    reasons: list[str]
    published: str | None = None
    summary: str
    evidence: str | None = None
    corrected: bool = False


class ReviewPage(BaseModel):
    count: int
    items: list[ReviewItem]


def mark_of(r: dict) -> dict[str, Any]:
    """``corrected`` and ``correction`` (the latest: "amend by ana: note") of a store row."""
    marks = r.get("corrected")
    if not marks or not isinstance(marks, list):
        return {"corrected": False, "correction": None}
    last = marks[-1]
    text = f"{last.get('action')} by {last.get('by')}"
    if last.get("fields"):
        text += f" ({', '.join(last['fields'])})"
    if last.get("note"):
        text += f": {last['note']}"
    return {"corrected": True, "correction": text}


def load_tokens(path: str | None) -> dict[str, str]:
    """Named write tokens from ``path`` (lines ``NAME TOKEN``; blank lines and ``#`` comments skipped)."""
    from sitroom.serve.api import MIN_TOKEN

    if not path:
        return {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"--tokens {path}: cannot read it ({exc.__class__.__name__})") from None
    out: dict[str, str] = {}
    for i, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[1]) < MIN_TOKEN:
            raise ConfigError(f"--tokens {path}:{i}: expected NAME TOKEN (a token of {MIN_TOKEN}+ characters)")
        if parts[0] in out:
            raise ConfigError(f"--tokens {path}:{i}: the name {parts[0]!r} is given twice")
        out[parts[0]] = parts[1]
    return out


def add_routes(app, stores, *, token: str | None, tokens: dict[str, str] | None, on_change=None) -> None:
    """Add the correction routes to ``app`` (``stores.get()``: this thread's store; ``on_change()``: drop caches
    after a write)."""
    from fastapi import Body, Path as PathParam, Query, Request

    from sitroom.serve.api import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, ApiError, ErrorResponse, _TITLES

    named = dict(tokens or {})
    if token:
        named.setdefault(os.environ.get(NAME_ENV) or "api", token)
    keys = [(n, t.encode("utf-8")) for n, t in named.items()]
    err = {"model": ErrorResponse}
    write_errs = {400: err, 401: err, 403: err, 404: err, 413: err, 422: err, 503: err}

    def author(request: Request) -> str:
        if not keys:
            raise ApiError(403, "read-only", _TITLES[403], "this server is read-only: start it with `sitroom serve "
                           "--token-file FILE` or `--tokens FILE` to accept corrections")
        scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise ApiError(401, "unauthorized", _TITLES[401], "send a write token as `Authorization: Bearer <token>`",
                           headers={"WWW-Authenticate": 'Bearer realm="sitroom"'})
        g = given.strip().encode("utf-8")
        who = None
        for name, key in keys:  # compare with every token (constant time each), so timing names none
            if hmac.compare_digest(g, key):
                who = name
        if who is None:
            raise ApiError(403, "forbidden", _TITLES[403], "the token does not match any of the server's")
        size = request.headers.get("content-length")
        if size is not None and size.isdigit() and int(size) > MAX_CORRECTION_BODY:
            raise ApiError(413, "body-too-large", _TITLES[413], f"a correction is at most {MAX_CORRECTION_BODY} bytes")
        return who

    def fail(exc: ConfigError) -> ApiError:
        msg = str(exc)
        if "no article" in msg or "no such" in msg:
            return ApiError(404, "not-found", "Not found", msg)
        return ApiError(422, "invalid-parameter", "Invalid parameter", msg)

    def done(rec: dict) -> CorrectionOut:
        if on_change is not None:
            on_change()
        return CorrectionOut(**{k: rec.get(k) for k in CorrectionOut.model_fields if k in rec})

    @app.get("/api/facts/{fact_id}/history", response_model=HistoryOut, responses={404: err, 422: err},
             tags=["corrections"])
    def fact_history(fact_id: str = PathParam(..., max_length=400)):
        """The fact as the machine read it, as it is shown now, and every correction of it (oldest first)."""
        try:
            h = stores.get().history(fact_id)
        except ConfigError as exc:
            raise fail(exc) from None
        return HistoryOut(**{**h, "corrections": [CorrectionOut(**{k: c.get(k) for k in CorrectionOut.model_fields
                                                                    if k in c}) for c in h["corrections"]]})

    @app.post("/api/facts/{fact_id}/corrections", response_model=CorrectionOut, status_code=201,
              responses=write_errs, tags=["corrections"])
    def correct_fact(request: Request, fact_id: str = PathParam(..., max_length=400), body: CorrectionIn = Body(...)):
        """Reject, amend, merge or split a fact (needs a write token; the author is the token's name)."""
        who = author(request)
        try:
            rec = stores.get().correct(fact_id, body.action, fields=body.set, other=body.other,
                                       evidence=body.evidence, note=body.note, by=who)
        except ConfigError as exc:
            raise fail(exc) from None
        return done(rec)

    @app.post("/api/articles/{article_id}/facts", response_model=CorrectionOut, status_code=201,
              responses=write_errs, tags=["corrections"])
    def add_fact(request: Request, article_id: str = PathParam(..., max_length=200), body: AddIn = Body(...)):
        """Add a fact the extractor missed, read from ``evidence`` (needs a write token)."""
        who = author(request)
        try:
            rec = stores.get().correct(article_id, "add", kind=body.kind, fields=body.set, evidence=body.evidence,
                                       note=body.note, by=who)
        except ConfigError as exc:
            raise fail(exc) from None
        return done(rec)

    @app.post("/api/corrections/{ref}/revert", response_model=CorrectionOut, status_code=201,
              responses=write_errs, tags=["corrections"])
    def revert_correction(request: Request, ref: str = PathParam(..., max_length=64),
                          body: RevertIn = Body(default_factory=RevertIn)):
        """Undo a correction (its number or uuid) with a correction of its own (needs a write token)."""
        who = author(request)
        try:
            rec = stores.get().revert(ref, note=body.note, by=who)
        except ConfigError as exc:
            raise fail(exc) from None
        return done(rec)

    from sitroom.serve.api import ArticleDetail

    @app.get("/api/articles/{article_id}/machine", response_model=ArticleDetail, responses={404: err},
             tags=["corrections"])
    def machine_article(article_id: str = PathParam(..., max_length=200)):
        """The article's facts as the extractor stored them, before any correction."""
        from sitroom.serve.api import (_as_dict, article_summary, claim_out, control_out, event_out, forecast_out,
                                       quote_out)
        from sitroom.store.sqlite import _rows

        store = stores.get()
        a = store.machine(article_id)
        if a is None:
            raise ApiError(404, "not-found", "Not found", f"no article with id {article_id!r}")
        n = store.actor_names()
        n.update({x.id: x.name for x in a.actors})
        extra = {"published": a.published.isoformat() if a.published else None, "article_outlet": a.outlet,
                 "url": a.url, "title": a.title}
        rows = {t: [{**r, **extra, "id": r["uid"]} for r in rs] for t, rs in _rows(a).items() if t not in ("actors",
                                                                                                         "places")}
        return ArticleDetail(**article_summary(_as_dict(a)).model_dump(), text=a.text,
                             events=[event_out(r, n) for r in rows["events"]],
                             control=[control_out(r, n) for r in rows["control"]],
                             claims=[claim_out(r, n) for r in rows["claims"]],
                             forecasts=[forecast_out(r, n) for r in rows["forecasts"]],
                             quotes=[quote_out(r, n) for r in rows["quotes"]])

    @app.get("/api/corrections", response_model=CorrectionPage, tags=["corrections"])
    def list_corrections(limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
                         offset: int = Query(0, ge=0, le=MAX_OFFSET),
                         target: str | None = Query(None, max_length=400)):
        rows = stores.get().corrections(target=target, limit=limit + 1, offset=offset)
        more = len(rows) > limit
        items = [CorrectionOut(**{k: c.get(k) for k in CorrectionOut.model_fields if k in c}) for c in rows[:limit]]
        return CorrectionPage(limit=limit, offset=offset, count=len(items),
                              next_offset=offset + limit if more else None, items=items)

    @app.get("/api/review", response_model=ReviewPage, tags=["corrections"])
    def review_list(since_hours: float = Query(24, ge=0, le=24 * 3650),
                    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)):
        """Facts worth an analyst's look (low certainty, background, contested, implausible, new)."""
        from sitroom.store.corrections import review

        items = review(stores.get(), since_hours=since_hours or None, limit=limit)
        out = [ReviewItem(**{**i, "published": str(i["published"]) if i.get("published") else None}) for i in items]
        return ReviewPage(count=len(out), items=out)
