"""Ingest: files, directories and stdin → :class:`~sitroom.model.Article` (text + metadata, no facts).

Public functions:

* :func:`article_from_text` -- one text (e.g. pasted by a user) → Article.
* :func:`read_paths` -- files, directories (recursive, sorted) and ``-`` (stdin) →
  a stream of Articles and :class:`~sitroom.errors.InputError` *instances* (yielded,
  not raised), one per input that cannot be read, so a batch goes on.

Metadata precedence, for every reader: what the input itself carries (a text
file's header, a JSONL record's fields) wins; the arguments (the CLI's
``--published/--outlet/--url``) fill what it does not carry; last come guesses
(a headline-like first paragraph as title, the outlet named after the URL's host
via ``hosts.json``). An explicit ``title=`` argument beats a guessed title.

Readers are chosen by file suffix from :data:`READERS` (text, JSONL, JSON, HTML
``.html/.htm``, RSS/Atom ``.rss/.atom/.xml``, WARC ``.warc``; each plain or
gzipped); stdin is sniffed; ``http(s)://`` inputs are fetched safely
(:mod:`sitroom.ingest.fetch`) and read as a page or a feed by content type. A
new format is one function ``reader(origin, stream, *, defaults, settings)``
yielding Articles or InputErrors, registered there (a reader with
``reads_gzip = True`` gets a ``.gz`` file undecompressed). Readers never read more than
their limit from a stream (see :mod:`sitroom.ingest.text`).
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from sitroom.config import Settings
from sitroom.errors import EmptyInput, InputError, SitroomError
from sitroom.model import Article

__all__ = ["article_from_text", "read_paths", "READERS", "DIRECTORY_SUFFIXES", "outlet_for_url", "parse_published"]

STDIN = "-"
STDIN_ORIGIN = "<stdin>"

Reader = Callable[..., Iterator["Article | InputError"]]


# --------------------------------------------------------------------------- metadata helpers


def parse_published(value: Any, origin: str = "<argument>") -> date | None:
    """A date, datetime or ISO string (``2021-08-12``, ``2021-08-12T10:00:00Z``) → date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        s = value.strip()
        try:
            return date.fromisoformat(s[:10]) if len(s) >= 10 and (len(s) == 10 or s[10] in "T ") else date.fromisoformat(s)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise InputError(origin, f"bad publication date {value!r} (expected an ISO date such as 2021-08-12)")


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


def _finish(text: str, *, origin: str | None, carried: dict[str, Any], defaults: dict[str, Any],
            guessed_title: str | None = None) -> Article:
    """Merge carried metadata, defaults and guesses into an Article (see the module doc for precedence)."""
    where = origin or "<text>"
    published = parse_published(carried.get("published"), where)
    if published is None:
        published = parse_published(defaults.get("published"), where)
    url = carried.get("url") or defaults.get("url") or None
    outlet = carried.get("outlet") or defaults.get("outlet") or outlet_for_url(url)
    title = carried.get("title") or defaults.get("title") or guessed_title
    return Article(text=text, title=title, url=url, outlet=outlet, published=published, origin=origin)


# --------------------------------------------------------------------------- plain text


def _article_from_decoded(text: str, origin: str | None, defaults: dict[str, Any], settings: Settings) -> Article:
    from sitroom.ingest.text import check_limits, guess_title, parse_header

    where = origin or "<text>"
    check_limits(where, text, max_chars=settings.max_article_chars, max_line=settings.max_line_chars)
    h = parse_header(text)
    body = text[h.body_start:]
    if not body.strip():
        raise EmptyInput(where, "only a header, no article text" if h.body_start else "only whitespace, no text")
    return _finish(
        body,
        origin=origin,
        carried={"published": h.published, "outlet": h.outlet, "url": h.url},
        defaults=defaults,
        guessed_title=guess_title(body),
    )


def article_from_text(text: str, *, published: Any = None, outlet: str | None = None, url: str | None = None,
                      title: str | None = None, origin: str | None = None, settings: Settings | None = None) -> Article:
    """One text → Article (no facts yet).

    Newlines are normalised to ``\\n`` and a leading BOM is dropped; a header (see
    :mod:`sitroom.ingest.text`) is read and removed; the rest is kept as is.
    Raises :class:`EmptyInput` or :class:`InputTooLarge` (naming ``origin``).
    """
    settings = settings or Settings()
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    defaults = {"published": published, "outlet": outlet, "url": url, "title": title}
    return _article_from_decoded(text, origin, defaults, settings)


def read_text(origin: str, stream: BinaryIO, *, defaults: dict[str, Any], settings: Settings,
              size: int | None = None) -> Iterator[Article | InputError]:
    from sitroom.ingest.text import check_size, decode

    try:
        if size is not None:
            check_size(origin, size, settings.max_article_chars)
        limit = 4 * settings.max_article_chars
        data = stream.read(limit + 1)
        check_size(origin, len(data), settings.max_article_chars)
        yield _article_from_decoded(decode(origin, data), origin, defaults, settings)
    except InputError as exc:
        yield exc


def _read_jsonl(origin: str, stream: BinaryIO, *, defaults: dict[str, Any], settings: Settings,
                size: int | None = None) -> Iterator[Article | InputError]:
    from sitroom.ingest.jsonl import read_jsonl

    head = stream.read(4) if hasattr(stream, "read") else b""
    if b"\x00" in head:  # UTF-16/32 or binary: refuse the whole file once, not line by line
        from sitroom.ingest.text import decode

        try:
            decode(origin, head + stream.read(65536))
        except InputError as exc:
            yield exc
        return
    yield from read_jsonl(origin, _Prefixed(head, stream), defaults=defaults, settings=settings)


def _read_json(origin: str, stream: BinaryIO, *, defaults: dict[str, Any], settings: Settings,
               size: int | None = None) -> Iterator[Article | InputError]:
    from sitroom.ingest.jsonl import read_json

    yield from read_json(origin, stream, defaults=defaults, settings=settings)


def _read_html(origin: str, stream: BinaryIO, *, defaults: dict[str, Any], settings: Settings,
               size: int | None = None) -> Iterator[Article | InputError]:
    from sitroom.ingest.html import read_html

    yield from read_html(origin, stream, defaults=defaults, settings=settings, size=size)


def _read_feed(origin: str, stream: BinaryIO, *, defaults: dict[str, Any], settings: Settings,
               size: int | None = None) -> Iterator[Article | InputError]:
    from sitroom.ingest.feed import read_feed

    yield from read_feed(origin, stream, defaults=defaults, settings=settings, size=size)


def _read_warc(origin: str, stream: BinaryIO, *, defaults: dict[str, Any], settings: Settings,
               size: int | None = None) -> Iterator[Article | InputError]:
    from sitroom.ingest.warc import read_warc

    yield from read_warc(origin, stream, defaults=defaults, settings=settings, size=size)


_read_warc.reads_gzip = True  # type: ignore[attr-defined]  # .warc.gz: one gzip member per record, undone per record

#: file suffix → reader; directories are searched for these suffixes
READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".jsonl": _read_jsonl,
    ".json": _read_json,
    ".html": _read_html,  # sitroom.ingest.html
    ".htm": _read_html,
    ".rss": _read_feed,  # sitroom.ingest.feed
    ".atom": _read_feed,
    ".xml": _read_feed,
    ".warc": _read_warc,  # sitroom.ingest.warc (.warc.gz too)
}
DIRECTORY_SUFFIXES = frozenset(READERS)


class _Prefixed(io.RawIOBase):
    """A stream with some already-read bytes put back in front (for sniffing stdin)."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        if self._prefix:
            n = min(len(b), len(self._prefix))
            b[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read(len(b))
        n = len(data)
        b[:n] = data
        return n

    def readline(self, size: int | None = -1) -> bytes:  # type: ignore[override]
        if not self._prefix:
            return self._rest.readline(size if size is not None else -1)
        return super().readline(size if size is not None else -1)


def _sniff_reader(head: bytes) -> Reader:
    from sitroom.ingest.feed import looks_like_feed
    from sitroom.ingest.html import looks_like_html

    s = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if s.startswith(b"{"):
        return _read_jsonl
    if s.startswith(b"["):
        return _read_json
    if s.startswith(b"WARC/"):
        return _read_warc
    if looks_like_feed(s):
        return _read_feed
    if s.startswith(b"<") and looks_like_html(s):
        return _read_html
    return read_text


# --------------------------------------------------------------------------- paths


def _walk(directory: Path, errors: list[InputError] | None = None) -> list[Path]:
    """The readable-suffix files under ``directory``, sorted; a folder that cannot be listed is appended to
    ``errors`` (an InputError naming it), never skipped silently."""
    from sitroom.ingest.filekind import walk_error

    found = []
    onerror = (lambda exc: errors.append(walk_error(exc))) if errors is not None else None
    for root, dirs, files in os.walk(directory, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith(".") and _suffix(Path(name)) in DIRECTORY_SUFFIXES:
                found.append(Path(root) / name)
    return sorted(found)


def _suffix(path: Path) -> str:
    """The format suffix: ``.txt`` for ``a.txt`` and ``a.txt.gz`` (gzip is read through a limit, see compressed)."""
    suffix = path.suffix.lower()
    return Path(path.stem).suffix.lower() if suffix == ".gz" else suffix


def _read_file(path: Path, origin: str, defaults: dict[str, Any], settings: Settings) -> Iterator[Article | InputError]:
    reader = READERS.get(_suffix(path), read_text)  # a file named explicitly is read as text by default
    from sitroom.ingest.filekind import open_regular

    try:
        with open_regular(path, origin) as f:
            size = os.fstat(f.fileno()).st_size
            if path.suffix.lower() == ".gz" and not getattr(reader, "reads_gzip", False):
                from sitroom.ingest.compressed import open_gzip

                yield from reader(origin, open_gzip(origin, f, compressed_size=size), defaults=defaults,
                                  settings=settings)
            else:
                yield from reader(origin, f, defaults=defaults, settings=settings, size=size)
    except OSError as exc:
        from sitroom.ingest.filekind import os_reason

        yield InputError(origin, f"cannot read: {os_reason(exc)}")


def _read_stdin(defaults: dict[str, Any], settings: Settings) -> Iterator[Article | InputError]:
    stream = sys.stdin.buffer
    head = stream.read(1024)
    if head.startswith(b"\x1f\x8b"):  # gzip on stdin: decompress (bounded), then sniff the content
        from sitroom.ingest.compressed import open_gzip

        stream = open_gzip(STDIN_ORIGIN, io.BufferedReader(_Prefixed(head, sys.stdin.buffer)))
        head = stream.read(1024)
    reader = _sniff_reader(head)
    yield from reader(STDIN_ORIGIN, io.BufferedReader(_Prefixed(head, stream)), defaults=defaults, settings=settings)


def read_paths(paths: Iterable[str], *, published: Any = None, outlet: str | None = None, url: str | None = None,
               settings: Settings | None = None, allow_private: bool = False) -> Iterator[Article | InputError]:
    """Articles from files, directories and ``-`` (stdin), in order; an unreadable input is yielded as its InputError.

    Directories are searched recursively, in sorted order, for ``.txt``, ``.text``,
    ``.md``, ``.jsonl``, ``.json``, ``.html``, ``.htm``, ``.rss``, ``.atom``, ``.xml``
    and ``.warc`` files, plain or gzipped (``.jsonl.gz``: see
    :mod:`sitroom.ingest.compressed`), hidden files and folders skipped.
    ``published``/``outlet``/``url`` fill what an input does not carry. An ``http(s)://`` input is fetched
    (:mod:`sitroom.ingest.fetch`: public addresses only unless ``allow_private``) and read as a page or a feed.
    """
    settings = settings or Settings()
    defaults = {"published": parse_published(published, "--published"), "outlet": outlet, "url": url}
    for p in paths:
        p = str(p)
        if p == STDIN:
            yield from _guard(STDIN_ORIGIN, _read_stdin(defaults, settings))
            continue
        path = Path(p)
        from sitroom.ingest.fetch import is_url
        from sitroom.ingest.filekind import probe

        if is_url(p) and not path.exists():
            from sitroom.ingest.fetch import read_url

            yield from _guard(p, read_url(p, defaults=defaults, settings=settings, allow_private=allow_private))
            continue
        kind = probe(p)
        if kind == "dir":
            unreadable: list[InputError] = []
            files = _walk(path, unreadable)
            if not files and not unreadable:
                yield InputError(p, f"directory holds no {', '.join(sorted(DIRECTORY_SUFFIXES))} files")
            for f in files:
                yield from _guard(str(f), _read_file(f, str(f), defaults, settings))
            yield from unreadable
        elif kind == "file":
            yield from _guard(p, _read_file(path, p, defaults, settings))
        else:
            yield kind


def _guard(origin: str, items: Iterator[Article | InputError]) -> Iterator[Article | InputError]:
    """A reader's unexpected failure ends that input with an InputError, never the batch."""
    try:
        yield from items
    except SitroomError as exc:
        yield exc if isinstance(exc, InputError) else InputError(origin, str(exc))
    except (ValueError, UnicodeError, MemoryError, RecursionError) as exc:
        yield InputError(origin, f"cannot read ({type(exc).__name__}: {exc})")
