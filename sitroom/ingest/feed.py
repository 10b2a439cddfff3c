"""RSS (0.9x, 1.0, 2.0) and Atom (0.3, 1.0) feeds → one :class:`~sitroom.model.Article` per entry (``feedparser``).

Files ``.rss``, ``.atom`` and ``.xml``, plain or gzipped, and feeds fetched from URLs (:mod:`sitroom.ingest.fetch`).

Per entry:

* text: the longest of the entry's ``content`` items, else its ``summary``/``description``, with HTML stripped
  (:func:`sitroom.ingest.html.html_to_text`: tags removed, ``<script>``/``<style>`` content dropped, blocks as
  paragraphs); an entry with neither is read from its title alone;
* title: the entry title (HTML stripped);
* url: the entry link (absolute http(s) only), else the container's URL is *not* used (it names the feed, not the
  story), else ``--url``;
* published: ``published``, else ``updated``, else ``created``, as a calendar date in the feed's own time zone
  (RFC 822 or ISO 8601; other formats through feedparser's UTC time), else ``--published``;
* outlet: the feed's title, else named after the host of the feed's link (or the entry link), else ``--outlet``.

Each bad entry is its own :class:`~sitroom.errors.InputError` named ``origin#N`` (N counts entries from 1); the
other entries go on. A feed file larger than ``64 * max_article_chars`` bytes is refused
(:class:`InputTooLarge`); bytes that are no feed at all are one InputError ("not an RSS or Atom feed"); a feed
without entries is :class:`EmptyInput`. ``feedparser`` is only ever given the bytes (never a name or URL it could
open itself); its HTML sanitiser is off because no markup survives ours (it would unwrap ``<template>`` and
the like, keeping their content).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from datetime import date, datetime, timezone
from typing import Any, BinaryIO

from sitroom.errors import BinaryInput, EmptyInput, InputError, InputTooLarge, SitroomError
from sitroom.ingest.article import build_article, outlet_for_url
from sitroom.ingest.html import absolute_http, html_to_text, one_line
from sitroom.ingest.text import check_limits

__all__ = ["read_feed", "articles_from_feed", "looks_like_feed", "max_feed_bytes"]

_FEED_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*|<\?[^>]*>\s*)*"
    rb"<\s*(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF)\b",
    re.S,
)


def max_feed_bytes(settings: Any) -> int:
    """Largest feed read, in bytes: room for many entries (a feed is a list of articles)."""
    return 64 * settings.max_article_chars


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes are an RSS, RDF or Atom document."""
    return bool(_FEED_START.match(head.removeprefix(b"\xef\xbb\xbf")[:65536]))


def _http(url: Any) -> str | None:
    return absolute_http(url)


def _local_date(raw: Any) -> date | None:
    """The calendar date as the feed wrote it (its own time zone): RFC 822 or ISO 8601."""
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 100:
        return None
    try:
        return parsedate_to_datetime(raw.strip()).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    try:
        return datetime.fromisoformat(raw.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _date(entry: Any) -> date | None:
    # dict.get: feedparser's own get() maps a missing "published" to "updated" with a DeprecationWarning
    for key in ("published", "updated", "created"):
        d = _local_date(dict.get(entry, key))
        if d is not None:
            return d
    for key in ("published_parsed", "updated_parsed", "created_parsed"):  # other formats feedparser knows
        t = dict.get(entry, key)
        if t:
            try:
                return datetime(*t[:6], tzinfo=timezone.utc).date()
            except (TypeError, ValueError, OverflowError):
                continue
    return None


def _entry_text(entry: Any) -> str:
    best = ""
    for c in entry.get("content") or []:
        value = c.get("value") if hasattr(c, "get") else None
        if isinstance(value, str):
            text = html_to_text(value)
            if len(text) > len(best):
                best = text
    if not best:
        summary = entry.get("summary") or entry.get("description")
        if isinstance(summary, str):
            best = html_to_text(summary)
    return best


def articles_from_feed(
    data: bytes, origin: str, *, defaults: dict[str, Any], settings: Any, url: str | None = None
) -> Iterator[Any]:
    """A feed's bytes → Articles and per-entry InputErrors (``url``: where the feed was fetched from)."""
    import feedparser

    if not data.strip():
        yield EmptyInput(
            origin,
            "empty file" if not data else "only whitespace, no feed",
            hint="nothing to read; remove it from the input list",
        )
        return
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        at = data.index(b"\x00")
        yield BinaryInput(origin, f"binary data, not a feed (NUL byte at offset {at})", hint="give an RSS or Atom file")
        return
    try:
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    except RecursionError:
        yield InputError(origin, "not a readable feed (nested too deeply)")
        return
    except Exception as exc:  # noqa: BLE001 - a third-party parser on hostile bytes: this input fails, not the batch
        yield InputError(origin, f"not a readable feed ({type(exc).__name__}: {exc})")
        return
    entries = list(parsed.get("entries") or [])
    version = parsed.get("version") or ""
    if not entries:
        if not version:
            why = parsed.get("bozo_exception")
            yield InputError(
                origin,
                "not an RSS or Atom feed" + (f" ({one_line(str(why), 200)})" if why else ""),
                hint="give an RSS 2.0, RSS 1.0 or Atom document",
            )
        else:
            yield EmptyInput(origin, f"the feed ({version}) holds no entries")
        return
    feed = parsed.get("feed") or {}
    feed_outlet = one_line(html_to_text(feed.get("title") or ""), 200) if isinstance(feed.get("title"), str) else None
    feed_host = _http(feed.get("link")) or _http(url)
    for i, entry in enumerate(entries, 1):
        where = f"{origin}#{i}"
        try:
            title_raw = entry.get("title")
            title = one_line(html_to_text(title_raw)) if isinstance(title_raw, str) else None
            text = _entry_text(entry) or (title or "")
            if not text.strip():
                raise EmptyInput(where, "feed entry without text, summary or title")
            check_limits(where, text, max_chars=settings.max_article_chars, max_line=settings.max_line_chars)
            link = _http(entry.get("link"))
            outlet = feed_outlet or outlet_for_url(feed_host or link)
            yield build_article(
                text,
                origin=where,
                carried={"published": _date(entry), "outlet": outlet, "url": link, "title": title},
                defaults=defaults,
            )
        except InputError as exc:
            yield exc
        except SitroomError as exc:
            yield InputError(where, str(exc))
        except (ValueError, TypeError, AttributeError, RecursionError) as exc:
            yield InputError(where, f"cannot read the feed entry ({type(exc).__name__}: {exc})")


def read_feed(
    origin: str, stream: BinaryIO, *, defaults: dict[str, Any], settings: Any, size: int | None = None
) -> Iterator[Any]:
    """A ``.rss``/``.atom``/``.xml`` file (or gzipped): Articles, one per entry, and InputErrors."""
    limit = max_feed_bytes(settings)
    if size is not None and size > limit:
        yield InputTooLarge(
            origin,
            f"feed of {size:,} bytes, more than the {limit:,}-byte feed limit",
            hint="split it, or raise SITROOM_MAX_ARTICLE_CHARS",
        )
        return
    data = stream.read(limit + 1)
    if len(data) > limit:
        yield InputTooLarge(
            origin,
            f"feed larger than the {limit:,}-byte feed limit",
            hint="split it, or raise SITROOM_MAX_ARTICLE_CHARS",
        )
        return
    yield from articles_from_feed(data, origin, defaults=defaults, settings=settings)
