"""``/api/health`` and the map page."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from sitroom.serve.api.context import ApiContext, get_ctx
from sitroom.serve.api.schemas import Health

WEB_DIR = Path(__file__).resolve().parents[2] / "web"  # sitroom/serve/web: the page, its script, styles and maps

router = APIRouter()


@router.get("/api/health", response_model=Health, tags=["meta"])
def health(ctx: ApiContext = Depends(get_ctx)) -> Health:
    counts = {k: int(v) for k, v in ctx.store().count().items()}
    return Health(status="ok", version=ctx.version, counts=counts)


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8")
