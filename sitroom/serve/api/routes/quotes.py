"""``/api/quotes``: who said what, with the sentence and outlet."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from sitroom.serve.api.context import ApiContext, Paging, get_ctx, paging
from sitroom.serve.api.errors import ERRS
from sitroom.serve.api.schemas import QuotePage
from sitroom.serve.api.shaping import quote_control, quote_out

router = APIRouter(tags=["quotes"])


@router.get("/api/quotes", response_model=QuotePage, responses=ERRS)
def quotes(p: Paging = Depends(paging), ctx: ApiContext = Depends(get_ctx)) -> dict:
    n = ctx.names()
    store = ctx.store()
    rows = store.quotes(limit=p.limit + 1, offset=p.offset)
    control = quote_control(store, rows)  # the control facts read inside the contents: their place and side
    return p.page([quote_out(r, n, control) for r in rows], store.count().get("quotes"))
