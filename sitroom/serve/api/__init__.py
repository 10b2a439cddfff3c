"""The HTTP API and the map page: ``create_app(db)`` builds the FastAPI app, ``serve_forever`` runs it.

Over a store (:mod:`sitroom.store`), read-only unless the app has a write token (see :mod:`.app`).

- :mod:`.app` -- the app factory: error handlers, the write guard and security headers, the routers, static files;
  ``serve_forever``, ``load_token``.
- :mod:`.routes` -- one router per resource (articles, events, control, claims, forecasts, quotes, stories, export,
  meta).
- :mod:`.schemas` -- the response models (the OpenAPI document's schemas); :mod:`.shaping` -- store rows and
  situation-layer dicts → those models, shared with :mod:`sitroom.serve.export`.
- :mod:`.context` -- what routes share (store connections, caches, common parameters); :mod:`.errors` -- the one
  JSON error shape; :mod:`.limits` -- the caps.

Control (``/api/control``, ``/api/changes``), an event's happening across articles
(``/api/events/{id}/situation``), claim verdicts and forecast outcomes come from the situation layer
(:mod:`sitroom.resolve.situation`, ``control``, ``claimcheck``, ``ledger``); the API only shapes them, and keeps each answer while
the store's counts stand still.

Caps: a page holds at most ``MAX_LIMIT`` items (422 beyond), an export at most ``MAX_EXPORT`` events (413 beyond:
narrow the filters), a request body at most ``MAX_BODY`` bytes (413; 411 without a Content-Length).

The schemas, shaping and limits import without FastAPI (the ``server`` extra), so ``sitroom export`` works without
it; the app and its routes are loaded on first use of ``create_app``/``serve_forever``/``load_token``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitroom.serve.api.limits import MAX_BODY, MAX_EXPORT, MAX_LIMIT, TOKEN_ENV
from sitroom.serve.api.schemas import (
    Change,
    ErrorResponse,
    EventOut,
    Evidence,
    PlaceControl,
    Pocket,
)
from sitroom.serve.api.shaping import event_out

if TYPE_CHECKING:
    from sitroom.serve.api.app import create_app, load_token, serve_forever

__all__ = [
    "create_app",
    "serve_forever",
    "load_token",
    "event_out",
    "TOKEN_ENV",
    "MAX_BODY",
    "MAX_EXPORT",
    "MAX_LIMIT",
    "Change",
    "ErrorResponse",
    "EventOut",
    "Evidence",
    "PlaceControl",
    "Pocket",
]

_APP_NAMES = {"create_app", "serve_forever", "load_token"}


def __getattr__(name: str) -> Any:
    if name in _APP_NAMES:  # lazy: FastAPI is the optional server extra (see the module doc)
        from sitroom.serve.api import app

        return getattr(app, name)
    raise AttributeError(name)
