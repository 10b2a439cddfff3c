"""``/api/claims``: claims with a verdict (checked against the store and the gazetteer) and its reasoning."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Depends

from sitroom.resolve.claimcheck import check_claim
from sitroom.serve.api.context import ApiContext, Paging, get_ctx, paging
from sitroom.serve.api.errors import ERRS
from sitroom.serve.api.schemas import ClaimPage
from sitroom.serve.api.shaping import claim_out, opt_str

router = APIRouter(tags=["claims"])


@router.get("/api/claims", response_model=ClaimPage, responses=ERRS)
def claims(p: Paging = Depends(paging), ctx: ApiContext = Depends(get_ctx)) -> dict:
    """Claims with a verdict (checked against the store and the gazetteer) and its reasoning."""
    store = ctx.store()
    n = ctx.names()
    out = []
    for r in store.claims(limit=p.limit + 1, offset=p.offset):
        c = claim_out(r, n)
        v = ctx.cached("claim", (c.id,), partial(check_claim, store, r))
        c.verdict, c.reasoning = opt_str(v.get("verdict")), [str(x) for x in v.get("reasoning") or []]
        out.append(c)
    return p.page(out, ctx.store().count().get("claims"))
