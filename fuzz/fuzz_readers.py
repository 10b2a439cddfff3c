"""Coverage-guided fuzzing of every reader (atheris): ``make fuzz`` (needs the ``fuzz`` extra: pip install atheris).

    python fuzz/fuzz_readers.py -atheris_runs=100000 [-max_len=4096] [corpus_dir ...]

The first byte of each input picks a reader (``.txt``, ``.jsonl``, ``.json``, ``.html``, ``.rss``, ``.warc``) and
whether the rest is fed gzipped (through :class:`sitroom.ingest.compressed.BoundedGzip`) or as is; the WARC reader
is also given the rest as a raw ``.warc.gz`` (its own per-record gzip handling). For the HTML, feed and WARC readers
a small prefix (a document start, a WARC header) is put in front half of the time so the fuzzer reaches their
parsers quickly. Contract, as in
tests/test_fuzz_readers.py: a reader yields Articles and InputErrors and raises nothing but InputError (the
documented error type; ``read_paths`` turns it into an item for that input only). Anything else is a crash.
Small limits (4,000 characters an article, 1,500 a line) so the limit paths are reached.
"""

from __future__ import annotations

import gzip
import io
import sys

import atheris

with atheris.instrument_imports(include=["sitroom.ingest"]):
    import sitroom.ingest.feed  # noqa: F401
    import sitroom.ingest.html  # noqa: F401
    import sitroom.ingest.jsonl  # noqa: F401  (imported lazily by the readers: instrument them here)
    import sitroom.ingest.text  # noqa: F401
    import sitroom.ingest.warc  # noqa: F401
    from sitroom.config import Settings
    from sitroom.errors import InputError
    from sitroom.ingest import READERS
    from sitroom.ingest.compressed import open_gzip
    from sitroom.model import Article

SETTINGS = Settings(max_article_chars=4000, max_line_chars=1500)
DEFAULTS = {"published": None, "outlet": None, "url": None}
SUFFIXES = (".txt", ".jsonl", ".json", ".html", ".rss", ".warc")
PREFIXES = {
    ".html": b"<!DOCTYPE html><html><head><title>t</title></head><body><article><p>",
    ".rss": b'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title><item><description>',
    ".warc": b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/\r\nContent-Length: 60\r\n\r\n"
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>",
}


def TestOneInput(data: bytes) -> None:
    if not data:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    mode = (data[0] // len(SUFFIXES)) % 3  # 0 plain, 1 gzip of the rest, 2 the rest taken as a gzip stream
    body = data[1:]
    if suffix in PREFIXES and data[0] >= 128:
        body = PREFIXES[suffix] + body
    origin = f"fuzz{suffix}"
    stream: io.BufferedIOBase = io.BytesIO(body)
    if mode == 1:
        stream = open_gzip(origin, io.BytesIO(gzip.compress(body, compresslevel=1)), compressed_size=len(body) + 20)
    elif mode == 2 and suffix != ".warc":
        stream = open_gzip(origin, stream, compressed_size=len(body))
    elif mode == 2:  # .warc.gz as read from a file: the raw members go to the WARC reader
        stream = io.BytesIO(gzip.compress(body, compresslevel=1) if data[0] & 1 else body)
    try:
        for item in READERS[suffix](origin, stream, defaults=DEFAULTS, settings=SETTINGS):
            if isinstance(item, Article):
                if not item.id or len(item.text) > SETTINGS.max_article_chars or not item.text.strip():
                    raise AssertionError(f"article outside the limits: {len(item.text)} chars")
            elif not isinstance(item, InputError):
                raise AssertionError(f"reader yielded {type(item).__name__}")
    except InputError:
        pass


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
