"""JSON Lines (one article per line) and JSON (one article object, or a list of them).

Fields of an article record (others are ignored)::

    text                               required, a non-empty string
    title                              optional
    url | source_url                   optional
    outlet | source                    optional (else derived from the URL host, see hosts.json)
    date | published | publish_date    optional, ISO date or datetime

Each bad record is its own :class:`~sitroom.errors.InputError` naming
``file:line`` and the reason; the other records go on.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from sitroom.errors import EmptyInput, InputError, InputTooLarge, SitroomError
from sitroom.ingest.article import build_article
from sitroom.ingest.text import check_limits, decode
from sitroom.model import Article

TEXT_FIELDS = ("text",)
TITLE_FIELDS = ("title",)
URL_FIELDS = ("url", "source_url")
OUTLET_FIELDS = ("outlet", "source")
DATE_FIELDS = ("date", "published", "publish_date")

_TITLE_JUNK = re.compile(r"\\\s")  # "National\ \ Economic" (folded-YAML residue) → "National Economic"
_TITLE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})")  # "Biden\u2019s" left escaped twice


def clean_title(title: str) -> str | None:
    """Undo escaping residue seen in scraped titles; collapse whitespace."""

    def char(m: re.Match) -> str:
        c = int(m.group(1) or m.group(2), 16)
        return m.group(0) if 0xD800 <= c <= 0xDFFF or c < 0x20 else chr(c)

    t = _TITLE_ESCAPE.sub(char, title)
    return " ".join(_TITLE_JUNK.sub(" ", t).split()) or None


def _first(rec: dict[str, Any], names: tuple[str, ...], origin: str, what: str) -> str | None:
    for n in names:
        v = rec.get(n)
        if v is None or v == "":
            continue
        if not isinstance(v, str):
            raise InputError(origin, f"field {n!r} ({what}) must be a string, not {type(v).__name__}")
        return v
    return None


def article_from_record(rec: Any, origin: str, *, defaults: dict[str, Any], settings) -> Article:
    """One decoded JSON record → Article (raises InputError naming ``origin``)."""
    if not isinstance(rec, dict):
        raise InputError(origin, f"expected a JSON object with a 'text' field, got {type(rec).__name__}")
    text = _first(rec, TEXT_FIELDS, origin, "article text")
    if text is None:
        raise InputError(
            origin,
            "missing 'text' field" if "text" not in rec else "'text' is empty",
            hint="every record needs the article body in 'text'",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyInput(origin, "'text' holds only whitespace")
    check_limits(origin, text, max_chars=settings.max_article_chars, max_line=settings.max_line_chars)
    title = _first(rec, TITLE_FIELDS, origin, "title")
    if title:
        title = clean_title(title)
    return build_article(
        text,
        origin=origin,
        carried={
            "published": _first(rec, DATE_FIELDS, origin, "publication date"),
            "outlet": _first(rec, OUTLET_FIELDS, origin, "outlet"),
            "url": _first(rec, URL_FIELDS, origin, "URL"),
            "title": title,
        },
        defaults=defaults,
    )


def _line_limit(settings) -> int:
    # a record holds one article; JSON escaping can grow text up to 6x ("\u00e9")
    return 6 * settings.max_article_chars + 65536


#: a JSON Lines file with more blank lines than this is refused (a compressed file of newlines expands to
#: hundreds of millions of them: each costs a read and a strip, minutes of CPU before the size guards trip)
MAX_BLANK_LINES = 100_000
#: this many bad records in a row, none good: the rest of the file is not read (it is not JSON Lines)
MAX_BAD_RUN = 1_000


def read_jsonl(origin: str, stream: BinaryIO, *, defaults: dict[str, Any], settings) -> Iterator[Article | InputError]:
    limit = _line_limit(settings)
    lineno = 0
    seen_any = False
    blank = bad_run = 0
    while True:
        if blank > MAX_BLANK_LINES:
            yield InputTooLarge(
                origin,
                f"more than {MAX_BLANK_LINES:,} blank lines (at line {lineno:,}): not JSON Lines; the rest is not read",
                hint="one JSON record per line; remove the blank lines",
            )
            return
        if bad_run >= MAX_BAD_RUN:
            yield InputError(
                origin,
                f"{MAX_BAD_RUN:,} bad records in a row (up to line {lineno:,}): the rest is not read",
                hint="is this really a JSON Lines file?",
            )
            return
        raw = stream.readline(limit + 1)
        if not raw:
            break
        lineno += 1
        where = f"{origin}:{lineno}"
        if len(raw) > limit and not raw.endswith(b"\n"):
            while True:  # skip the rest of the line
                more = stream.readline(1 << 20)
                if not more or more.endswith(b"\n"):
                    break
            yield InputTooLarge(
                where,
                f"line longer than {limit:,} bytes",
                hint="one article per line; raise SITROOM_MAX_ARTICLE_CHARS if it is one",
            )
            seen_any = True
            continue
        if not raw.strip():
            blank += 1
            continue
        seen_any = True
        bad_run += 1
        try:
            line = decode(where, raw)
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(where, f"invalid JSON: {exc.msg} at column {exc.colno}") from None
            except RecursionError:
                raise InputError(where, "invalid JSON: nested too deeply") from None
            article = article_from_record(rec, where, defaults=defaults, settings=settings)
        except InputError as exc:
            yield exc
        except SitroomError as exc:
            yield InputError(where, str(exc))
        else:
            bad_run = 0
            yield article
    if not seen_any:
        yield EmptyInput(origin, "empty file" if lineno == 0 else "only blank lines, no records")


def read_json(origin: str, stream: BinaryIO, *, defaults: dict[str, Any], settings) -> Iterator[Article | InputError]:
    """A ``.json`` file: one article object, a list of them, or (leniently) JSON Lines."""
    limit = 6 * settings.max_article_chars * 16
    data = stream.read(limit + 1)
    if len(data) > limit:
        yield InputTooLarge(origin, f"JSON file larger than {limit:,} bytes", hint="split it, or use JSON Lines")
        return
    try:
        text = decode(origin, data)
    except InputError as exc:
        yield exc
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.lineno > 1 and text.lstrip().startswith("{"):
            yield from read_jsonl(origin, io.BytesIO(data), defaults=defaults, settings=settings)
            return
        yield InputError(origin, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    except RecursionError:
        yield InputError(origin, "invalid JSON: nested too deeply")
        return
    items = doc if isinstance(doc, list) else [doc]
    if not items:
        yield EmptyInput(origin, "an empty JSON list, no articles")
    for i, rec in enumerate(items, 1):
        where = f"{origin}#{i}" if isinstance(doc, list) else origin
        try:
            yield article_from_record(rec, where, defaults=defaults, settings=settings)
        except InputError as exc:
            yield exc
