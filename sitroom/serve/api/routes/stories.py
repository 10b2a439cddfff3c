"""``/api/stories``: an article and its exact and near-duplicate copies (:mod:`sitroom.ingest.dedup`)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from sitroom.serve.api.context import ApiContext, Paging, get_ctx, paging
from sitroom.serve.api.errors import ERRS
from sitroom.serve.api.schemas import StoryPage
from sitroom.serve.api.shaping import story_out

router = APIRouter(tags=["articles"])


@router.get("/api/stories", response_model=StoryPage, responses=ERRS)
def stories(
    p: Paging = Depends(paging),
    min_carriers: int = Query(1, ge=1, le=1000, description="only stories carried this many times"),
    ctx: ApiContext = Depends(get_ctx),
) -> dict:
    """Stories: an article and its exact and near-duplicate copies (reprints by other outlets), the stored
    copy first."""
    store = ctx.store()
    if min_carriers <= 1:
        return p.page([story_out(st) for st in store.stories(limit=p.limit + 1, offset=p.offset)])
    rows = [
        st for st in ctx.cached("stories", (), lambda: store.stories()) if len(st.get("carriers") or []) >= min_carriers
    ]
    return p.page([story_out(st) for st in rows[p.offset : p.offset + p.limit + 1]], len(rows))
