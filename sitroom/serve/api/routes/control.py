"""``/api/control`` (who held each place on a day) and ``/api/changes`` (what changed hands between two days),
both replayed by the situation layer (:mod:`sitroom.resolve.control`)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query

from sitroom.resolve.control import changes, control_at, control_extent
from sitroom.serve.api.context import ApiContext, check_days, get_ctx, situation_call
from sitroom.serve.api.errors import ERRS
from sitroom.serve.api.limits import MAX_LIMIT
from sitroom.serve.api.schemas import ChangesOut, ControlOut, PlaceKind
from sitroom.serve.api.shaping import changes_out, control_out, opt_str, place_control_out

router = APIRouter(tags=["control"])


@router.get("/api/control", response_model=ControlOut, responses=ERRS)
def control(
    at: date | None = Query(None, description="the day (YYYY-MM-DD); default: the latest change of hands"),
    kind: PlaceKind | None = Query(
        None, description="provincial-capital, national-capital, capital (from the gazetteer) or a place kind"
    ),
    actor: str | None = Query(None, max_length=200, description="only places this actor (id or name) held"),
    known_on: date | None = Query(None, description="use only reports published by this day"),
    ctx: ApiContext = Depends(get_ctx),
) -> ControlOut:
    """Who held each place on a day, replayed by the situation layer (:func:`control_at`)."""
    store = ctx.store()
    first, last = ctx.cached("extent", (known_on,), lambda: control_extent(store, known_on=known_on))
    day_ = at or (date.fromisoformat(last) if last else date.today())
    rows = ctx.cached(
        "control",
        (day_, kind, actor, known_on),
        lambda: situation_call(
            control_at, store, day_, kind=kind.value if kind else None, actor=actor, known_on=known_on
        ),
    )
    n = ctx.names()
    statements = [
        control_out(r, n)
        for r in store.control(limit=MAX_LIMIT)
        if (opt_str(r.get("published")) or "")[:10] <= day_.isoformat()
    ]
    return ControlOut(
        at=day_.isoformat(), first=first, last=last, places=[place_control_out(p) for p in rows], statements=statements
    )


@router.get("/api/changes", response_model=ChangesOut, responses=ERRS)
def control_changes(
    since: date = Query(..., description="first day (YYYY-MM-DD), by the day the change took effect"),
    until: date = Query(..., description="last day (YYYY-MM-DD)"),
    kind: PlaceKind | None = Query(None, description="as for /api/control"),
    actor: str | None = Query(None, max_length=200, description="only changes to or from this actor"),
    known_on: date | None = Query(None, description="use only reports published by this day"),
    ctx: ApiContext = Depends(get_ctx),
) -> ChangesOut:
    """What changed hands between two days (:func:`sitroom.resolve.control.changes`)."""
    check_days(since, until)
    store = ctx.store()
    rows = ctx.cached(
        "changes",
        (since, until, kind, actor, known_on),
        lambda: situation_call(
            changes, store, since, until, kind=kind.value if kind else None, actor=actor, known_on=known_on
        ),
    )
    return ChangesOut(since=since.isoformat(), until=until.isoformat(), changes=[changes_out(c) for c in rows])
