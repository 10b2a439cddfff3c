"""``/api/events`` (filtered, paged by offset or keyset cursor) and ``/api/events/{id}/situation``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam

from sitroom.days import day
from sitroom.errors import SitroomError
from sitroom.resolve.placekeys import Places
from sitroom.resolve.situation import MAX_SPAN_DAYS, SLACK_DAYS, TAKEOVER, UNDATED_DAYS, merge_reports
from sitroom.resolve.stories import story_outlets
from sitroom.serve.api.context import ApiContext, EventFilters, Paging, event_filters, get_ctx, paging
from sitroom.serve.api.errors import ERRS, invalid, not_found
from sitroom.serve.api.schemas import EventPage, SituationOut
from sitroom.serve.api.shaping import event_out, row_id, situation_out
from sitroom.store import cursor, parse_cursor

router = APIRouter(tags=["events"])


@router.get("/api/events", response_model=EventPage, responses=ERRS)
def events(
    f: EventFilters = Depends(event_filters),
    p: Paging = Depends(paging),
    after: str | None = Query(None, max_length=400, description="keyset cursor: next_after of the previous page"),
    ctx: ApiContext = Depends(get_ctx),
) -> dict:
    f.check()
    try:
        key = parse_cursor(after) if after is not None else None
    except SitroomError:
        raise invalid("after: not a cursor (pass the next_after value of the previous page)") from None
    rows = ctx.events(f, limit=p.limit + 1, offset=p.offset, after=key)
    n = ctx.names()
    page = p.page([event_out(r, n) for r in rows], ctx.events_total(f))
    page["next_after"] = cursor(rows[p.limit - 1]) if len(rows) > p.limit else None
    return page


@router.get("/api/events/{event_id}/situation", response_model=SituationOut, responses=ERRS)
def event_situation(event_id: str = PathParam(..., max_length=400), ctx: ApiContext = Depends(get_ctx)) -> SituationOut:
    """The happening this event report belongs to: the other reports (other articles, outlets, sources) that
    corroborate it, and the values they dispute."""
    store = ctx.store()
    aid = event_id.rpartition(":")[0]
    row = next((r for r in store.events(article_id=aid) if row_id(r) == event_id), None) if aid else None
    if row is None:
        raise not_found(f"no event with id {event_id!r}")
    d = day(row.get("date")) or day(row.get("published"))
    since = until = None
    if d is not None:  # a happening never spans more than this; its reports lie within the window
        pad = timedelta(days=MAX_SPAN_DAYS + UNDATED_DAYS + SLACK_DAYS)
        since, until = d - pad, d + pad
    sub = row.get("sub_event_type") or row.get("event_type")

    def compute() -> list:
        subs = TAKEOVER if sub in TAKEOVER else (sub,)  # the takeover sub-types merge as one (kind_group)
        rows: list[Any] = [
            r for s in subs for r in store.events(event_type=s, since=since, until=until)
        ]  # merge_reports reads dicts
        if not any(row_id(r) == event_id for r in rows):
            rows.append(row)  # an undated report: on its own, the window holds only dated ones
        return merge_reports(rows, Places(), story_outlets(store))

    merged = ctx.cached("situation", (sub, since, until), compute)
    hit = next((s for s in merged if any(row_id(r.row) == event_id for r in s.reports)), None)
    if hit is None:  # pragma: no cover - merge_reports keeps every report
        raise not_found(f"no event with id {event_id!r}")
    return situation_out(hit, event_id, ctx.names())
