"""What the routes share: the store connections, the caches, the pipeline (for writes) and the common parameters.

One :class:`ApiContext` per app, on ``app.state.ctx``; a route takes it with ``ctx: ApiContext = Depends(get_ctx)``.
Every endpoint is a plain ``def`` (store calls block; FastAPI runs them in its thread pool), so each worker thread
opens its own store connection (:class:`Stores`), kept for the life of the app.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from fastapi import Query, Request

from sitroom.config import Settings
from sitroom.errors import ConfigError, SitroomError, StoreError
from sitroom.gazetteer import default_gazetteer
from sitroom.model import Certainty
from sitroom.serve.api.errors import invalid
from sitroom.serve.api.limits import (
    DEFAULT_LIMIT,
    MAX_INSIDE,
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_TOTAL,
    NAMES_TTL,
    SITUATION_CACHE,
)
from sitroom.serve.api.shaping import Lookup
from sitroom.store import Store, open_store
from sitroom.store.rows import EventRow

if TYPE_CHECKING:
    from sitroom.pipeline import Pipeline

T = TypeVar("T")

WITHIN_DOC = (
    "with place: also events at the places inside it (its admin children from the gazetteer: a "
    "province's districts, cities and villages)"
)


class Stores:
    """One store connection per worker thread (SQLite connections are thread-bound)."""

    def __init__(self, db: str, read_only: bool = False) -> None:
        self.db = db
        self.read_only = read_only  # a server without a write token opens its store mode=ro
        self._local = threading.local()
        self._all: list[ExitStack] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            stack = ExitStack()
            try:
                store = stack.enter_context(open_store(self.db, create=False, read_only=self.read_only))
            except SitroomError:
                raise
            except Exception as exc:  # noqa: BLE001 - a broken file is a store error for the client
                raise StoreError(f"{Path(self.db).name}: cannot open the store: {exc}") from exc
            self._local.store = store
            with self._lock:
                self._all.append(stack)
        return store

    def close(self) -> None:
        with self._lock:
            for s in self._all:
                try:
                    s.close()
                except Exception:  # noqa: BLE001 - closing on shutdown, from another thread
                    pass
            self._all.clear()


class ApiContext:
    """The app's shared state: stores, the actor-name lookup and the situation-layer answers (both cached)."""

    def __init__(
        self, db: str, settings: Settings, *, version: str, token: str | None, max_export: int, writable: bool = False
    ) -> None:
        self.db = db
        self.settings = settings
        self.version = version
        self.token_bytes = token.encode("utf-8") if token else None
        self.max_export = max_export
        # a server with no write token (for articles or corrections) opens its store mode=ro
        self.stores = Stores(db, read_only=not (writable or token))
        self._lookup: tuple[float, Lookup] | None = None
        self._situation: dict[tuple, tuple] = {}
        self._lock = threading.Lock()
        self.write_lock = threading.Lock()  # one extraction at a time: the pipeline is shared, the machine is small

    def store(self) -> Store:
        return self.stores.get()

    def pipeline(self) -> Pipeline:
        # imported on the first write, not with the app: importing the pipeline loads spaCy (about 1.3 s and its
        # memory), which a read-only server never needs
        from sitroom.pipeline import default_pipeline

        return default_pipeline()

    def names(self) -> Lookup:
        """Actor id → name, cached for NAMES_TTL seconds (an ingest adds names while we serve)."""
        now = time.monotonic()
        with self._lock:
            hit = self._lookup
            if hit is not None and now - hit[0] < NAMES_TTL:
                return hit[1]
        lk = Lookup(self.store().actor_names())
        with self._lock:
            self._lookup = (now, lk)
        return lk

    def forget_names(self) -> None:
        with self._lock:
            self._lookup = None

    def cached(self, name: str, args: tuple, compute: Callable[[], T]) -> T:
        """Situation-layer answers (they replay the whole store) reused while the store's counts stand still."""
        version = (tuple(sorted(self.store().count().items())), self.store().corrections_version())
        key = (name, args)
        with self._lock:
            hit = self._situation.get(key)
            if hit is not None and hit[0] == version:
                return hit[1]
        value = compute()
        with self._lock:
            if len(self._situation) >= SITUATION_CACHE:
                self._situation.pop(next(iter(self._situation)))
            self._situation[key] = (version, value)
        return value

    def inside(self, place: str | None, within: bool) -> list[str] | None:
        """With ``within``: the gazetteer ids of every place inside ``place`` (any gazetteer entry of that name or
        id: a province's districts, cities and villages), so the events filter takes its admin children too."""
        if not within:
            return None
        if place is None:
            raise invalid("within: needs place (the place to look inside)")
        return default_gazetteer().inside(place, limit=MAX_INSIDE)

    def events_total(self, f: EventFilters) -> int | None:
        """How many event rows the filters match (all pages)."""
        store = self.store()
        if not any(v is not None for v in (f.since, f.until, f.type, f.actor, f.place, f.bbox, f.certainty)):
            return int(store.count().get("events", 0))
        fn = getattr(store, "count_events", None)
        if fn is None:
            return None
        n = fn(**self.event_filters(f), at_most=MAX_TOTAL + 1)
        return n if n <= MAX_TOTAL else None  # more than that: counting them all would cost more than the page

    def events(self, f: EventFilters, *, limit: int, offset: int, after: tuple | None = None) -> list[EventRow]:
        """The store's event rows for the filters (a page of them)."""
        return self.store().events(**self.event_filters(f), limit=limit, offset=offset, after=after)

    def event_filters(self, f: EventFilters) -> dict[str, Any]:
        """The query's filters as the store's ``events`` and ``count_events`` take them."""
        return {
            "since": f.since,
            "until": f.until,
            "event_type": f.type,
            "actor": f.actor,
            "place": f.place,
            "bbox": parse_bbox(f.bbox),
            "certainty": f.certainty.value if f.certainty else None,
            "inside": self.inside(f.place, f.within),
        }


def get_ctx(request: Request) -> ApiContext:
    return request.app.state.ctx


def situation_call(fn: Callable[..., T], *args: Any, **kw: Any) -> T:
    """A situation-layer call whose ConfigError (a bad kind or actor) is the client's 422."""
    try:
        return fn(*args, **kw)
    except ConfigError as exc:
        raise invalid(str(exc)) from None


# --------------------------------------------------------------------------- parameters


@dataclass
class Paging:
    limit: int
    offset: int

    def page(self, items: list, total: int | None = None) -> dict:
        """A page of ``items`` (fetched with ``limit + 1`` to learn whether another page follows), with the
        ``total`` the query matches across all pages."""
        more = len(items) > self.limit
        items = items[: self.limit]
        return {
            "limit": self.limit,
            "offset": self.offset,
            "count": len(items),
            "total": total,
            "next_offset": self.offset + self.limit if more else None,
            "items": items,
        }


def paging(
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=MAX_OFFSET)
) -> Paging:
    return Paging(limit, offset)


@dataclass
class EventFilters:
    since: date | None
    until: date | None
    type: str | None
    actor: str | None
    place: str | None
    within: bool
    bbox: str | None
    certainty: Certainty | None

    def check(self) -> None:
        """Refuse what the parameters' own types cannot (call it in the route, after FastAPI's validation)."""
        check_days(self.since, self.until)
        check_event_type(self.type)


def event_filters(
    since: date | None = Query(None, description="first day (YYYY-MM-DD)"),
    until: date | None = Query(None, description="last day (YYYY-MM-DD)"),
    type: str | None = Query(None, max_length=200, description="ACLED event_type or sub_event_type"),
    actor: str | None = Query(None, max_length=200, description="actor id (actor1 or actor2)"),
    place: str | None = Query(None, max_length=200, description="place name or gazetteer id"),
    within: bool = Query(False, description=WITHIN_DOC),
    bbox: str | None = Query(None, max_length=200, description="minlon,minlat,maxlon,maxlat"),
    certainty: Certainty | None = Query(None),
) -> EventFilters:
    return EventFilters(since, until, type, actor, place, within, bbox, certainty)


@lru_cache(maxsize=1)
def event_types() -> tuple[str, ...]:
    """Every event type and sub-type an event may have (the extractor's taxonomy; imported on the first request
    that filters by type: the extractor's module brings spaCy's)."""
    from sitroom.extract.events import TAXONOMY

    return tuple(dict.fromkeys([*TAXONOMY, *(s for subs in TAXONOMY.values() for s in subs)]))


def check_event_type(v: str | None) -> None:
    """``type``: an event type or sub-type, exactly; anything else is a 422 naming the valid values."""
    if v is None or v in event_types():
        return
    close = [t for t in event_types() if t.lower() == v.strip().lower()]
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise invalid(f"type: {v!r} is not an event type or sub-type{hint}; valid values: {', '.join(event_types())}")


def known_params(request: Request) -> None:
    """A query parameter the endpoint does not take is a 422 (a typo must not silently widen a query); the page
    (``/``) keeps its own state in its query string."""
    dep = getattr(request.scope.get("route"), "dependant", None)
    if dep is None or not request.query_params or not request.url.path.startswith("/api/"):
        return
    allowed: set[str] = set()
    todo = [dep]
    while todo:
        d = todo.pop()
        allowed.update(p.alias for p in d.query_params)
        todo.extend(d.dependencies)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        takes = ", ".join(sorted(allowed)) or "no parameters"
        raise invalid(f"{unknown[0]}: not a parameter of {request.url.path} (it takes {takes})")


def check_days(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise invalid("since: must not be after until")


def parse_bbox(v: str | None) -> tuple[float, float, float, float] | None:
    if v is None:
        return None
    parts = v.split(",")
    try:
        x0, y0, x1, y1 = (float(p) for p in parts)
    except ValueError:
        raise invalid("bbox: expected four numbers minlon,minlat,maxlon,maxlat") from None
    if not (-180 <= x0 <= 180 and -180 <= x1 <= 180 and -90 <= y0 <= 90 and -90 <= y1 <= 90 and x0 <= x1 and y0 <= y1):
        raise invalid("bbox: needs -180<=minlon<=maxlon<=180 and -90<=minlat<=maxlat<=90")
    return x0, y0, x1, y1
