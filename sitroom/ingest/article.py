"""Building an Article from a text and its metadata, the same way for every reader.

Metadata precedence (see :mod:`sitroom.ingest`): what the input carries wins; the defaults (the CLI's
``--published/--outlet/--url``) fill what it does not carry; guesses come last (a headline-like first paragraph as
title, the outlet named after the URL's host via ``hosts.json``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sitroom.config import Settings
from sitroom.errors import EmptyInput
from sitroom.ingest.dates import date_from_dateline, date_from_name, parse_published
from sitroom.ingest.text import check_limits, guess_title, parse_header
from sitroom.model import Article

__all__ = ["article_from_decoded", "article_from_text", "build_article", "outlet_for_url"]


@lru_cache(maxsize=1)
def _hosts() -> dict[str, str]:
    with open(Path(__file__).with_name("hosts.json"), encoding="utf-8") as f:
        return {k.lower(): v for k, v in json.load(f).items() if not k.startswith("_")}


def outlet_for_url(url: str | None) -> str | None:
    """Outlet named after the URL's host: the table's name for it or a parent domain, else the bare host."""
    if not url:
        return None
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if not host:
        return None
    if host.startswith("www."):
        host = host[4:]
    table = _hosts()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        name = table.get(".".join(parts[i:]))
        if name:
            return name
    return host


def build_article(
    text: str,
    *,
    origin: str | None,
    carried: dict[str, Any],
    defaults: dict[str, Any],
    guessed_title: str | None = None,
) -> Article:
    """Merge carried metadata, defaults and guesses into an Article (see the module doc for precedence)."""
    where = origin or "<text>"
    published = parse_published(carried.get("published"), where)
    if published is None:
        published = parse_published(defaults.get("published"), where)
    guessed = None
    if published is None:  # last: a day in the file name, then a full date in the dateline
        published = date_from_name(origin)
        guessed = "the file name" if published else None
    if published is None:
        published = date_from_dateline(text)
        guessed = "the dateline" if published else None
    url = carried.get("url") or defaults.get("url") or None
    outlet = carried.get("outlet") or defaults.get("outlet") or outlet_for_url(url)
    title = carried.get("title") or defaults.get("title") or guessed_title
    art = Article(text=text, title=title, url=url, outlet=outlet, published=published, origin=origin)
    art.published_from = guessed
    return art


def article_from_decoded(text: str, origin: str | None, defaults: dict[str, Any], settings: Settings) -> Article:
    """An already decoded text (newlines normalised) → Article: its header read and removed, the limits checked."""
    where = origin or "<text>"
    check_limits(where, text, max_chars=settings.max_article_chars, max_line=settings.max_line_chars)
    h = parse_header(text)
    body = text[h.body_start :]
    if not body.strip():
        raise EmptyInput(where, "only a header, no article text" if h.body_start else "only whitespace, no text")
    return build_article(
        body,
        origin=origin,
        carried={"published": h.published, "outlet": h.outlet, "url": h.url},
        defaults=defaults,
        guessed_title=guess_title(body),
    )


def article_from_text(
    text: str,
    *,
    published: Any = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    origin: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """One text → Article (no facts yet).

    Newlines are normalised to ``\\n`` and a leading BOM is dropped; a header (see
    :mod:`sitroom.ingest.text`) is read and removed; the rest is kept as is.
    Raises :class:`EmptyInput` or :class:`InputTooLarge` (naming ``origin``).
    """
    settings = settings or Settings()
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    defaults = {"published": published, "outlet": outlet, "url": url, "title": title}
    return article_from_decoded(text, origin, defaults, settings)
