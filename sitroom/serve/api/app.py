"""The app factory: handlers, the write guard and security headers, the routers, the page's static files; and
``serve_forever`` to run it.

Read-only unless the app has a write token: then ``POST /api/articles`` (``Authorization: Bearer <token>``,
compared in constant time) extracts and stores one article; without one it answers 403. Who may write and how
large a body may be are checked before the body is read.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from xstatic.pkg import leaflet

import sitroom
from sitroom.config import Settings
from sitroom.errors import ConfigError
from sitroom.serve.api.context import ApiContext, known_params
from sitroom.serve.api.errors import ERR, TITLES, ApiError, bearer, error_response, install_handlers
from sitroom.serve.api.limits import MAX_BODY, MAX_EXPORT, MIN_TOKEN, TOKEN_ENV
from sitroom.serve.api.routes import (
    articles,
    claims,
    control,
    corrections,
    events,
    export,
    forecasts,
    meta,
    quotes,
    stories,
)
from sitroom.serve.api.routes.meta import WEB_DIR
from sitroom.store import open_store

# no inline script, no remote anything: the page must work offline and never run article text
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(
    db: str,
    settings: Settings | None = None,
    *,
    token: str | None = None,
    max_export: int = MAX_EXPORT,
    tokens: dict[str, str] | None = None,
) -> FastAPI:
    """The FastAPI app over the store at ``db`` (one connection per worker thread, opened on first use).

    Read-only unless ``token`` is given: then ``POST /api/articles`` ingests one article for a request that
    sends ``Authorization: Bearer <token>``. ``max_export``: the most events one export may hold (413 beyond).
    ``tokens``: named write tokens for corrections (name → token; the name is the correction's author)."""
    settings = settings or Settings()
    ctx = ApiContext(db, settings, version=app_version(), token=token, max_export=max_export, writable=bool(tokens))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        ctx.stores.close()

    app = FastAPI(
        title="sitroom",
        lifespan=lifespan,
        version=ctx.version,
        responses={422: ERR, 500: ERR},
        dependencies=[Depends(known_params)],
        description="The sourced situation picture: events, control, claims, forecasts and quotes, "
        "each with its evidence sentence, outlet, attributed source and certainty.",
    )
    app.state.settings = settings
    app.state.stores = ctx.stores
    app.state.ctx = ctx
    app.state.writers = corrections.writers(token, tokens)
    install_handlers(app, db)

    @app.middleware("http")
    async def _guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if request.method == "POST" and request.url.path.rstrip("/") == "/api/articles":
            try:  # before the body is read: who may write, and how much
                authorise(request, ctx.token_bytes)
                check_body_size(request)
                check_json_body(request)
            except ApiError as exc:
                resp: Response = error_response(exc)
            else:
                resp = await call_next(request)
        else:
            resp = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            resp.headers.setdefault(k, v)
        return resp

    for module in (meta, articles, events, control, claims, forecasts, quotes, stories, export, corrections):
        app.include_router(module.router)
    app.mount("/static/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="leaflet")
    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    return app


def authorise(request: Request, token_bytes: bytes | None) -> None:
    """Writes need the server's token (constant-time compare); a server without one is read-only."""
    given = bearer(
        request,
        ""
        if token_bytes is not None
        else "this server is read-only: start it with "
        "`sitroom serve --token-file FILE` (or SITROOM_API_TOKEN) to accept articles",
        "send the server's token as `Authorization: Bearer <token>`",
    )
    if token_bytes is None or not hmac.compare_digest(given, token_bytes):
        raise ApiError(403, "forbidden", TITLES[403], "the token does not match the server's")


def check_json_body(request: Request) -> None:
    """The article comes as JSON: any other declared media type is 415, not a validation error."""
    media = (request.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
    if media != "application/json" and not (media.startswith("application/") and media.endswith("+json")):
        raise ApiError(
            415,
            "unsupported-media-type",
            TITLES[415],
            f"send the article as JSON (Content-Type: application/json), not {media or 'no type'!r}",
        )


def check_body_size(request: Request) -> None:
    size = request.headers.get("content-length")
    if size is None or not size.isdigit():
        raise ApiError(411, "length-required", TITLES[411], "send the body with a Content-Length header")
    if int(size) > MAX_BODY:
        raise ApiError(
            413, "body-too-large", TITLES[413], f"the body has {int(size)} bytes; the server accepts at most {MAX_BODY}"
        )


def load_token(token_file: str | None = None, env: dict[str, str] | None = None) -> str | None:
    """The write token: the first line of ``token_file``, else ``$SITROOM_API_TOKEN``, else None (read-only).

    ConfigError when the file cannot be read or the token is shorter than MIN_TOKEN characters."""
    env = dict(os.environ) if env is None else env
    if token_file:
        try:
            raw = Path(token_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"--token-file {token_file}: cannot read it ({exc.__class__.__name__})",
                hint="give a readable text file whose first line is the token",
            ) from None
        lines = raw.strip().splitlines()
        token, where = (lines[0].strip() if lines else ""), f"--token-file {token_file}"
    elif env.get(TOKEN_ENV):
        token, where = env[TOKEN_ENV].strip(), TOKEN_ENV
    else:
        return None
    if len(token) < MIN_TOKEN or any(c.isspace() for c in token):
        raise ConfigError(
            f"{where}: the token must be at least {MIN_TOKEN} characters with no spaces",
            hint="make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'",
        )
    return token


def app_version() -> str:
    try:
        return version("sitroom")
    except PackageNotFoundError:  # running from a source tree
        return sitroom.__version__


def serve_forever(
    db: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    settings: Settings | None = None,
    token: str | None = None,
    tokens: dict[str, str] | None = None,
) -> None:
    """Serve the API and the map until interrupted (read-only unless ``token`` is given)."""
    import uvicorn  # the server extra; only this function needs it

    with open_store(
        db, create=False, read_only=token is None
    ):  # fail now, with the store's own message, if it cannot be read
        pass
    uvicorn.run(create_app(db, settings, token=token, tokens=tokens), host=host, port=port, log_level="warning")
