"""``/api/export/events.{csv,geojson,jsonl,parquet}``: the filtered events in one file (:mod:`sitroom.serve.export`),
at most the server's export cap (413 beyond: narrow the filters or page /api/events)."""

from __future__ import annotations

from enum import Enum
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from sitroom.serve import export as ex
from sitroom.serve.api.context import ApiContext, EventFilters, event_filters, get_ctx
from sitroom.serve.api.errors import ERR, ApiError
from sitroom.serve.api.limits import MAX_EXPORT
from sitroom.serve.api.shaping import event_out

router = APIRouter(tags=["export"])


class ExportMode(str, Enum):
    """Rows of an export: one per happening (ACLED-style) or one per event report."""

    happenings = "happenings"
    reports = "reports"


FORMATS = ("csv", "geojson", "jsonl", "parquet")


def too_large(detail: str) -> ApiError:
    return ApiError(413, "export-too-large", "Too large", detail)


def export_route(fmt: str) -> None:
    """Register the export endpoint for one format."""

    def endpoint(
        f: EventFilters = Depends(event_filters),
        limit: int | None = Query(
            None,
            ge=1,
            le=MAX_EXPORT,
            description=f"at most this many events (the server refuses an export of more than {MAX_EXPORT} with 413)",
        ),
        mode: ExportMode | None = Query(
            None,
            description="happenings: one row per happening, ACLED-style (the default); reports: one row per event "
            "report with its happening_id (JSONL is always per report)",
        ),
        ctx: ApiContext = Depends(get_ctx),
    ) -> Response:
        f.check()
        if limit is not None and limit > ctx.max_export:
            raise too_large(
                f"limit: {limit} is above this server's export cap of {ctx.max_export} events: narrow "
                f"the export with since/until/type/actor/place/bbox, or page through /api/events"
            )
        cap = limit or ctx.max_export
        rows: list[Any] = ctx.events(f, limit=cap + (0 if limit else 1), offset=0)  # the export reads dicts
        if len(rows) > cap:
            raise too_large(
                f"the export would hold more than {cap} events (the server's cap): narrow it with "
                f"since/until/type/actor/place/bbox, pass limit, or page through /api/events"
            )
        body, _, _ = ex.render(
            fmt, ctx.store(), rows, shape=event_out, names=ctx.names(), mode=mode.value if mode else None
        )
        return Response(
            body,
            media_type=ex.MEDIA[fmt],
            headers={"Content-Disposition": f'attachment; filename="sitroom-events.{fmt}"'},
        )

    endpoint.__name__ = f"export_{fmt}"
    router.get(
        f"/api/export/events.{fmt}",
        response_class=Response,
        responses={
            200: {"content": {ex.MEDIA[fmt].split(";")[0]: {}}, "description": f"events as {fmt}"},
            413: ERR,
            422: ERR,
        },
    )(endpoint)


for _fmt in FORMATS:
    export_route(_fmt)
