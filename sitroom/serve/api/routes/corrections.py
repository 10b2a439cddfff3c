"""Corrections over HTTP: the CLI's operations behind the write token, the author taken from the token's name.

Routes:

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

from __future__ import annotations

import hmac
import os
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from sitroom.errors import ConfigError
from sitroom.serve.api.context import ApiContext, get_ctx
from sitroom.serve.api.errors import ERR, TITLES, ApiError, bearer, not_found
from sitroom.serve.api.limits import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, MIN_TOKEN
from sitroom.serve.api.schemas import ArticleDetail
from sitroom.serve.api.shaping import article_detail
from sitroom.store.corrections import review
from sitroom.store.rows import fact_rows, read_row

NAME_ENV = "SITROOM_API_TOKEN_NAME"
MAX_CORRECTION_BODY = 64 * 1024
Scalar = str | int | float | bool | None


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CorrectionIn(_In):
    action: Literal["reject", "amend", "merge", "split"] = Field(description="what to do with the fact")
    set: dict[str, Scalar] = Field(
        default_factory=dict,
        description="fields to set (amend, split, merge): type, "
        "sub_type, actor1, actor2, place, lat, lon, date, fatalities, certainty ...",
    )
    other: str | None = Field(
        None,
        max_length=400,
        description="merge: the id of the fact that tells the same happening (it is folded into this one)",
    )
    evidence: list[int] | None = Field(
        None, min_length=2, max_length=2, description="split: [start, end] of the second happening's sentence"
    )
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


def load_tokens(path: str | None) -> dict[str, str]:
    """Named write tokens from ``path`` (lines ``NAME TOKEN``; blank lines and ``#`` comments skipped)."""
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


def writers(token: str | None, tokens: dict[str, str] | None) -> list[tuple[str, bytes]]:
    """(name, token) pairs that may write corrections: the named tokens, and the server's token as
    ``$SITROOM_API_TOKEN_NAME`` (else "api")."""
    named = dict(tokens or {})
    if token:
        named.setdefault(os.environ.get(NAME_ENV) or "api", token)
    return [(n, t.encode("utf-8")) for n, t in named.items()]


router = APIRouter(tags=["corrections"])
WRITE_ERRS: dict[int | str, dict] = {400: ERR, 401: ERR, 403: ERR, 404: ERR, 413: ERR, 422: ERR, 503: ERR}


def author(request: Request) -> str:
    """The name of the write token the request sends (constant-time compares); ApiError when it sends none."""
    keys = getattr(request.app.state, "writers", None) or []
    g = bearer(
        request,
        ""
        if keys
        else "this server is read-only: start it with `sitroom serve "
        "--token-file FILE` or `--tokens FILE` to accept corrections",
        "send a write token as `Authorization: Bearer <token>`",
    )
    who = None
    for name, key in keys:  # compare with every token (constant time each), so the timing names none
        if hmac.compare_digest(g, key):
            who = name
    if who is None:
        raise ApiError(403, "forbidden", TITLES[403], "the token does not match any of the server's")
    size = request.headers.get("content-length")
    if size is not None and size.isdigit() and int(size) > MAX_CORRECTION_BODY:
        raise ApiError(413, "body-too-large", TITLES[413], f"a correction is at most {MAX_CORRECTION_BODY} bytes")
    return who


def _fail(exc: ConfigError) -> ApiError:
    msg = str(exc)
    if "no article" in msg or "no such" in msg:
        return not_found(msg)
    return ApiError(422, "invalid-parameter", TITLES[422], msg)


def _out(rec: dict) -> CorrectionOut:
    return CorrectionOut(**{k: rec.get(k) for k in CorrectionOut.model_fields if k in rec})


def _done(ctx: ApiContext, rec: dict) -> CorrectionOut:
    ctx.forget_names()  # a correction may name a new actor
    return _out(rec)


@router.get("/api/facts/{fact_id}/history", response_model=HistoryOut, responses={404: ERR, 422: ERR})
def fact_history(fact_id: str = PathParam(..., max_length=400), ctx: ApiContext = Depends(get_ctx)) -> HistoryOut:
    """The fact as the machine read it, as it is shown now, and every correction of it (oldest first)."""
    try:
        h = ctx.store().history(fact_id)
    except ConfigError as exc:
        raise _fail(exc) from None
    return HistoryOut(**{**h, "corrections": [_out(c) for c in h["corrections"]]})


@router.post("/api/facts/{fact_id}/corrections", response_model=CorrectionOut, status_code=201, responses=WRITE_ERRS)
def correct_fact(
    request: Request,
    body: CorrectionIn,
    fact_id: str = PathParam(..., max_length=400),
    ctx: ApiContext = Depends(get_ctx),
) -> CorrectionOut:
    """Reject, amend, merge or split a fact (needs a write token; the author is the token's name)."""
    who = author(request)
    try:
        rec = ctx.store().correct(
            fact_id, body.action, fields=body.set, other=body.other, evidence=body.evidence, note=body.note, by=who
        )
    except ConfigError as exc:
        raise _fail(exc) from None
    return _done(ctx, rec)


@router.post("/api/articles/{article_id}/facts", response_model=CorrectionOut, status_code=201, responses=WRITE_ERRS)
def add_fact(
    request: Request, body: AddIn, article_id: str = PathParam(..., max_length=200), ctx: ApiContext = Depends(get_ctx)
) -> CorrectionOut:
    """Add a fact the extractor missed, read from ``evidence`` (needs a write token)."""
    who = author(request)
    try:
        rec = ctx.store().correct(
            article_id, "add", kind=body.kind, fields=body.set, evidence=body.evidence, note=body.note, by=who
        )
    except ConfigError as exc:
        raise _fail(exc) from None
    return _done(ctx, rec)


@router.post("/api/corrections/{ref}/revert", response_model=CorrectionOut, status_code=201, responses=WRITE_ERRS)
def revert_correction(
    request: Request,
    ref: str = PathParam(..., max_length=64),
    body: RevertIn | None = None,
    ctx: ApiContext = Depends(get_ctx),
) -> CorrectionOut:
    """Undo a correction (its number or uuid) with a correction of its own (needs a write token)."""
    who = author(request)
    try:
        rec = ctx.store().revert(ref, note=body.note if body else "", by=who)
    except ConfigError as exc:
        raise _fail(exc) from None
    return _done(ctx, rec)


@router.get("/api/articles/{article_id}/machine", response_model=ArticleDetail, responses={404: ERR})
def machine_article(
    article_id: str = PathParam(..., max_length=200), ctx: ApiContext = Depends(get_ctx)
) -> ArticleDetail:
    """The article's facts as the extractor stored them, before any correction."""
    store = ctx.store()
    a = store.machine(article_id)
    if a is None:
        raise not_found(f"no article with id {article_id!r}")
    n = dict(ctx.names())
    n.update({x.id: x.name for x in a.actors})
    extra = {
        "published": a.published.isoformat() if a.published else None,
        "article_outlet": a.outlet,
        "url": a.url,
        "title": a.title,
    }
    rows = {
        t: [read_row({**r, **extra}) for r in rs] for t, rs in fact_rows(a).items() if t not in ("actors", "places")
    }
    return article_detail(a, rows, n)


@router.get("/api/corrections", response_model=CorrectionPage)
def list_corrections(
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    target: str | None = Query(None, max_length=400),
    ctx: ApiContext = Depends(get_ctx),
) -> CorrectionPage:
    """Every correction, newest first, each in force or reverted."""
    rows = ctx.store().corrections(target=target, limit=limit + 1, offset=offset)
    items = [_out(c) for c in rows[:limit]]
    return CorrectionPage(
        limit=limit,
        offset=offset,
        count=len(items),
        next_offset=offset + limit if len(rows) > limit else None,
        items=items,
    )


@router.get("/api/review", response_model=ReviewPage)
def review_list(
    since_hours: float = Query(24, ge=0, le=24 * 3650),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    ctx: ApiContext = Depends(get_ctx),
) -> ReviewPage:
    """Facts worth an analyst's look (low certainty, background, contested, implausible, new)."""
    items = review(ctx.store(), since_hours=since_hours or None, limit=limit)
    out = [ReviewItem(**{**i, "published": str(i["published"]) if i.get("published") else None}) for i in items]
    return ReviewPage(count=len(out), items=out)
