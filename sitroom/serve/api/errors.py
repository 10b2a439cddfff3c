"""One JSON shape for every error, whatever its cause (a bad parameter, an unknown id or path, the store, a crash)::

{"error": {"status": 422, "code": "invalid-parameter", "title": "...", "detail": "..."}}
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitroom.errors import StoreError
from sitroom.serve.api.schemas import ErrorResponse
from sitroom.store.readonly import DAMAGE, damaged

log = logging.getLogger("sitroom.api")

TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    411: "Length required",
    413: "Too large",
    415: "Unsupported media type",
    422: "Invalid parameter",
    500: "Internal error",
    503: "Store unavailable",
}

ERR = {"model": ErrorResponse}
ERRS: dict[int | str, dict] = {404: ERR, 422: ERR, 500: ERR}  # what most routes may answer besides 200


class ApiError(Exception):
    def __init__(self, status: int, code: str, title: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.code, self.title, self.detail = status, code, title, detail
        self.headers = headers


def invalid(detail: str) -> ApiError:
    """A 422 for one parameter: ``detail`` starts with its name (``since: must not be after until``)."""
    return ApiError(422, "invalid-parameter", TITLES[422], detail)


def not_found(detail: str) -> ApiError:
    return ApiError(404, "not-found", TITLES[404], detail)


def bearer(request: Request, read_only: str, wanted: str) -> bytes:
    """The token a write request sends (``Authorization: Bearer <token>``). ``read_only``: the 403 detail of a
    server with no write token (empty when it has one); ``wanted``: the 401 detail naming the token expected."""
    if read_only:
        raise ApiError(403, "read-only", TITLES[403], read_only)
    scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "unauthorized", TITLES[401], wanted, headers={"WWW-Authenticate": 'Bearer realm="sitroom"'})
    return given.strip().encode("utf-8")


def error_json(status: int, code: str, title: str, detail: str) -> dict:
    return {"error": {"status": status, "code": code, "title": title, "detail": detail}}


def error_response(exc: ApiError) -> JSONResponse:
    return JSONResponse(
        error_json(exc.status, exc.code, exc.title, exc.detail), status_code=exc.status, headers=exc.headers
    )


def install_handlers(app: FastAPI, db: str) -> None:
    """Every error answered in the one shape; a store error names the store file, never its full path."""

    @app.exception_handler(ApiError)
    def _api_error(_req: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(StarletteHTTPException)
    def _http_error(_req: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {400: "bad-request", 404: "not-found", 405: "method-not-allowed"}.get(
            exc.status_code, f"http-{exc.status_code}"
        )
        title = TITLES.get(exc.status_code, "Error")
        detail = exc.detail if isinstance(exc.detail, str) else title
        return JSONResponse(
            error_json(exc.status_code, code, title, detail),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    def _validation_error(_req: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for e in exc.errors():
            loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{loc}: {e.get('msg')}" if loc else str(e.get("msg")))
        return JSONResponse(error_json(422, "invalid-parameter", TITLES[422], "; ".join(parts)), status_code=422)

    @app.exception_handler(StoreError)
    def _store_error(_req: Request, exc: StoreError) -> JSONResponse:
        log.error("store error: %s", exc)
        detail = str(exc).replace(str(Path(db).resolve()), Path(db).name).replace(db, Path(db).name)
        return JSONResponse(error_json(503, exc.code, TITLES[503], detail), status_code=503)

    for kind in DAMAGE:  # a read on a damaged store (flipped bytes): the store's error, not a crash
        app.add_exception_handler(kind, lambda req, exc: _store_error(req, damaged(db, exc)))

    @app.exception_handler(Exception)
    def _crash(_req: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return JSONResponse(
            error_json(500, "internal", TITLES[500], f"the server failed on this request ({type(exc).__name__})"),
            status_code=500,
        )
