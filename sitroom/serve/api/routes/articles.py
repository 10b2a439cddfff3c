"""``/api/articles``: the stored articles, one article with its facts, and the one write (``POST``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer

from sitroom.errors import SitroomError
from sitroom.ingest import article_from_text
from sitroom.serve.api.context import ApiContext, Paging, get_ctx, paging
from sitroom.serve.api.errors import ERR, ERRS, ApiError, not_found
from sitroom.serve.api.schemas import ArticleCreated, ArticleDetail, ArticleIn, ArticlePage
from sitroom.serve.api.shaping import article_detail, article_summary

router = APIRouter(tags=["articles"])

FACT_KINDS = ("events", "control", "claims", "forecasts", "quotes")


@router.get("/api/articles", response_model=ArticlePage)
def articles(p: Paging = Depends(paging), ctx: ApiContext = Depends(get_ctx)) -> dict:
    rows = ctx.store().article_rows(limit=p.limit + 1, offset=p.offset)
    return p.page([article_summary(r) for r in rows], ctx.store().count().get("articles"))


@router.get("/api/articles/{article_id}", response_model=ArticleDetail, responses=ERRS)
def article(article_id: str, ctx: ApiContext = Depends(get_ctx)) -> ArticleDetail:
    if len(article_id) > 200:
        raise not_found("no article with that id")
    store = ctx.store()
    got = store.get(article_id)
    if got is None:
        raise not_found(f"no article with id {article_id!r}")
    rows = {kind: getattr(store, kind)(article_id=got.id) for kind in FACT_KINDS}
    return article_detail(got, rows, ctx.names())


# who may write and how much is checked before the body is read (sitroom.serve.api.app's middleware); the
# dependency below only declares the bearer scheme in the OpenAPI document
@router.post(
    "/api/articles",
    response_model=ArticleCreated,
    status_code=201,
    responses={
        200: {"model": ArticleCreated, "description": "already stored (a copy): nothing new"},
        400: ERR,
        401: ERR,
        403: ERR,
        411: ERR,
        413: ERR,
        415: ERR,
        422: ERR,
        500: ERR,
        503: ERR,
    },
    dependencies=[
        Depends(
            HTTPBearer(
                auto_error=False,
                scheme_name="token",
                description="the server's write token (sitroom serve --token-file)",
            )
        )
    ],
)
def add_article(body: ArticleIn, ctx: ApiContext = Depends(get_ctx)) -> ArticleCreated | JSONResponse:
    """Ingest one article (extract and store). Disabled unless the server was started with a token
    (``sitroom serve --token-file F`` or ``SITROOM_API_TOKEN``); send ``Authorization: Bearer <token>``.
    201 when stored; 200 with ``stored: false`` when it (or a near-duplicate) is already stored."""
    try:
        art = article_from_text(
            body.text,
            published=body.published,
            outlet=body.outlet,
            url=body.url,
            title=body.title,
            origin="api",
            settings=ctx.settings,
        )
    except SitroomError as exc:
        raise ApiError(422, getattr(exc, "code", "bad-input"), "Invalid article", str(exc)) from None
    store = ctx.store()
    with ctx.write_lock:
        copy = store.carry(art)
        if copy:
            return JSONResponse(ArticleCreated(id=art.id, stored=False, duplicate=copy).model_dump(), status_code=200)
        try:
            pipe = ctx.pipeline()
            with pipe.nlp.memory_zone():
                pipe.run(art)
        except SitroomError as exc:
            raise ApiError(
                422, getattr(exc, "code", "bad-input"), "Invalid article", f"the article could not be read: {exc}"
            ) from None
        stored = store.add(art)
    ctx.forget_names()
    counts = {k: len(getattr(art, k)) for k in FACT_KINDS}
    out = ArticleCreated(id=art.id, stored=stored, duplicate=None if stored else "exact", counts=counts)
    return out if stored else JSONResponse(out.model_dump(), status_code=200)
