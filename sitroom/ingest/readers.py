"""The readers by format: file suffix → reader (:data:`READERS`), and the sniffer that picks one for stdin.

A reader is ``reader(origin, stream, *, defaults, settings, size=None)`` yielding Articles or InputErrors; a reader
with ``reads_gzip = True`` gets a ``.gz`` file undecompressed. Readers never read more than their limit from a
stream (see :mod:`sitroom.ingest.text`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, cast

from sitroom.config import Settings
from sitroom.errors import InputError
from sitroom.ingest.article import article_from_decoded
from sitroom.ingest.feed import looks_like_feed, read_feed
from sitroom.ingest.html import looks_like_html, read_html
from sitroom.ingest.jsonl import read_json, read_jsonl
from sitroom.ingest.stream import Prefixed
from sitroom.ingest.text import check_size, decode
from sitroom.ingest.warc import read_warc
from sitroom.model import Article

__all__ = ["READERS", "DIRECTORY_SUFFIXES", "Reader", "read_text", "sniff_reader"]

Reader = Callable[..., Iterator["Article | InputError"]]


def read_text(
    origin: str, stream: BinaryIO, *, defaults: dict[str, Any], settings: Settings, size: int | None = None
) -> Iterator[Article | InputError]:
    try:
        if size is not None:
            check_size(origin, size, settings.max_article_chars)
        limit = 4 * settings.max_article_chars
        data = stream.read(limit + 1)
        check_size(origin, len(data), settings.max_article_chars)
        yield article_from_decoded(decode(origin, data), origin, defaults, settings)
    except InputError as exc:
        yield exc


def _read_jsonl(
    origin: str, stream: BinaryIO, *, defaults: dict[str, Any], settings: Settings, size: int | None = None
) -> Iterator[Article | InputError]:
    head = stream.read(4) if hasattr(stream, "read") else b""
    if b"\x00" in head:  # UTF-16/32 or binary: refuse the whole file once, not line by line
        try:
            decode(origin, head + stream.read(65536))
        except InputError as exc:
            yield exc
        return
    yield from read_jsonl(origin, cast(BinaryIO, Prefixed(head, stream)), defaults=defaults, settings=settings)


def _read_json(
    origin: str, stream: BinaryIO, *, defaults: dict[str, Any], settings: Settings, size: int | None = None
) -> Iterator[Article | InputError]:
    yield from read_json(origin, stream, defaults=defaults, settings=settings)


def _read_warc(
    origin: str, stream: BinaryIO, *, defaults: dict[str, Any], settings: Settings, size: int | None = None
) -> Iterator[Article | InputError]:
    yield from read_warc(origin, stream, defaults=defaults, settings=settings, size=size)


_read_warc.reads_gzip = True  # type: ignore[attr-defined]  # .warc.gz: one gzip member per record, undone per record

#: file suffix → reader; directories are searched for these suffixes
READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".jsonl": _read_jsonl,
    ".json": _read_json,
    ".html": read_html,  # sitroom.ingest.html
    ".htm": read_html,
    ".rss": read_feed,  # sitroom.ingest.feed
    ".atom": read_feed,
    ".xml": read_feed,
    ".warc": _read_warc,  # sitroom.ingest.warc (.warc.gz too)
}
DIRECTORY_SUFFIXES = frozenset(READERS)


def sniff_reader(head: bytes) -> Reader:
    """The reader for a stream without a name (stdin), by its first bytes."""
    s = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if s.startswith(b"{"):
        return _read_jsonl
    if s.startswith(b"["):
        return _read_json
    if s.startswith(b"WARC/"):
        return _read_warc
    if looks_like_feed(s):
        return read_feed
    if s.startswith(b"<") and looks_like_html(s):
        return read_html
    return read_text
