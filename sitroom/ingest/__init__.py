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

Readers are chosen by file suffix from :data:`READERS` (:mod:`sitroom.ingest.readers`: text, JSONL, JSON, HTML
``.html/.htm``, RSS/Atom ``.rss/.atom/.xml``, WARC ``.warc``; each plain or
gzipped); stdin is sniffed; ``http(s)://`` inputs are fetched safely
(:mod:`sitroom.ingest.fetch`) and read as a page or a feed by content type. Articles are built by
:mod:`sitroom.ingest.article` (dates: :mod:`sitroom.ingest.dates`); directories are walked by
:mod:`sitroom.ingest.walk`. A new format is one function ``reader(origin, stream, *, defaults, settings)``
yielding Articles or InputErrors, registered there (a reader with
``reads_gzip = True`` gets a ``.gz`` file undecompressed). Readers never read more than
their limit from a stream (see :mod:`sitroom.ingest.text`).
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sitroom.config import Settings
from sitroom.errors import InputError, SitroomError
from sitroom.ingest.article import article_from_text, outlet_for_url
from sitroom.ingest.compressed import open_gzip
from sitroom.ingest.dates import parse_published
from sitroom.ingest.fetch import is_url, read_url
from sitroom.ingest.filekind import open_regular, os_reason, probe
from sitroom.ingest.readers import DIRECTORY_SUFFIXES, READERS, read_text, sniff_reader
from sitroom.ingest.stream import Prefixed
from sitroom.ingest.walk import format_suffix, input_files
from sitroom.model import Article

__all__ = ["article_from_text", "read_paths", "READERS", "DIRECTORY_SUFFIXES", "outlet_for_url", "parse_published"]

STDIN = "-"
STDIN_ORIGIN = "<stdin>"


def _read_file(path: Path, origin: str, defaults: dict[str, Any], settings: Settings) -> Iterator[Article | InputError]:
    reader = READERS.get(format_suffix(path), read_text)  # a file named explicitly is read as text by default

    try:
        with open_regular(path, origin) as f:  # a FIFO or a device is refused by name, never waited on
            size = os.fstat(f.fileno()).st_size
            if path.suffix.lower() == ".gz" and not getattr(reader, "reads_gzip", False):
                yield from reader(
                    origin, open_gzip(origin, f, compressed_size=size), defaults=defaults, settings=settings
                )
            else:
                yield from reader(origin, f, defaults=defaults, settings=settings, size=size)
    except OSError as exc:
        yield InputError(origin, f"cannot read: {os_reason(exc)}")


def _read_stdin(defaults: dict[str, Any], settings: Settings) -> Iterator[Article | InputError]:
    stream = sys.stdin.buffer
    head = stream.read(1024)
    if head.startswith(b"\x1f\x8b"):  # gzip on stdin: decompress (bounded), then sniff the content
        stream = open_gzip(STDIN_ORIGIN, io.BufferedReader(Prefixed(head, sys.stdin.buffer)))
        head = stream.read(1024)
    reader = sniff_reader(head)
    yield from reader(STDIN_ORIGIN, io.BufferedReader(Prefixed(head, stream)), defaults=defaults, settings=settings)


def read_paths(
    paths: Iterable[str],
    *,
    published: Any = None,
    outlet: str | None = None,
    url: str | None = None,
    settings: Settings | None = None,
    allow_private: bool = False,
) -> Iterator[Article | InputError]:
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
        if is_url(p) and not path.exists():
            yield from _guard(p, read_url(p, defaults=defaults, settings=settings, allow_private=allow_private))
            continue

        kind = probe(p)  # "dir", "file", or the InputError saying why not (permission, link loop, FIFO, ...)
        if kind == "dir":
            unreadable: list[InputError] = []
            files = input_files(path, unreadable)
            if not files and not unreadable:
                yield InputError(p, f"directory holds no {', '.join(sorted(DIRECTORY_SUFFIXES))} files")
            for f in files:
                yield from _guard(str(f), _read_file(f, str(f), defaults, settings))
            yield from unreadable
        elif kind == "file":
            yield from _guard(p, _read_file(path, p, defaults, settings))
        elif isinstance(kind, InputError):
            yield kind


def _guard(origin: str, items: Iterator[Article | InputError]) -> Iterator[Article | InputError]:
    """A reader's unexpected failure ends that input with an InputError, never the batch."""
    try:
        yield from items
    except SitroomError as exc:
        yield exc if isinstance(exc, InputError) else InputError(origin, str(exc))
    except (ValueError, UnicodeError, MemoryError, RecursionError) as exc:
        yield InputError(origin, f"cannot read ({type(exc).__name__}: {exc})")
