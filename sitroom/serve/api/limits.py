"""The API's caps and timings (each refusal names the cap it hit)."""

from __future__ import annotations

MAX_LIMIT = 1000  # items in one page (422 beyond)
DEFAULT_LIMIT = 100
MAX_OFFSET = 10_000_000
MAX_EXPORT = 100_000  # events in one export; more is refused with 413 (narrow the filters or page /api/events)
MAX_INSIDE = 20_000  # places inside a place (within=true): a country's villages beyond this are left out
MAX_BODY = 4 * 1024 * 1024  # bytes of a request body (POST /api/articles); more is refused with 413
MAX_ARTICLE_CHARS = 1_000_000
NAMES_TTL = 2.0  # seconds an actor-name lookup is reused
SITUATION_CACHE = 256  # situation-layer answers kept (each valid while the store's counts stand still)
TOKEN_ENV = "SITROOM_API_TOKEN"
MIN_TOKEN = 16  # characters: a shorter token is refused at start-up
MAX_TOTAL = 100_000  # events a filtered query counts for its `total` at most (null beyond: the count would cost more than the page)
