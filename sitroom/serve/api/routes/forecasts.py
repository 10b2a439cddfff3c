"""``/api/forecasts``: forecasts with their outcome from the ledger (:mod:`sitroom.resolve.ledger`)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from sitroom.resolve.ledger import forecast_ledger
from sitroom.serve.api.context import ApiContext, Paging, get_ctx, paging
from sitroom.serve.api.errors import ERRS
from sitroom.serve.api.schemas import ForecastPage
from sitroom.serve.api.shaping import forecast_out, opt_int, opt_str, outcome_out

router = APIRouter(tags=["forecasts"])


@router.get("/api/forecasts", response_model=ForecastPage, responses=ERRS)
def forecasts(p: Paging = Depends(paging), ctx: ApiContext = Depends(get_ctx)) -> dict:
    """Forecasts with their outcome: hit (the event, lead time), miss (deadline passed) or open."""
    store = ctx.store()
    n = ctx.names()
    ledger = ctx.cached("ledger", (), lambda: {str(f["id"]): f for f in forecast_ledger(store)["forecasts"]})
    out = []
    for r in store.forecasts(limit=p.limit + 1, offset=p.offset):
        f = forecast_out(r, n)
        led = ledger.get(f.id) or {}
        f.status, f.unresolvable = opt_str(led.get("status")), opt_str(led.get("unresolvable"))
        f.lead_days, f.days_to_outcome = opt_int(led.get("lead_days")), opt_int(led.get("days_to_outcome"))
        f.outcome = outcome_out(led.get("outcome"))
        out.append(f)
    return p.page(out, ctx.store().count().get("forecasts"))
