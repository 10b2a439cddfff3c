"""WARC and WARC.gz (as in CC-NEWS) → one :class:`~sitroom.model.Article` per HTML response (``warcio``).

Which records are read: ``response`` records with HTTP status 200 and an HTML payload (``text/html``,
``application/xhtml+xml``, or no type and HTML markup), and ``resource`` records of an HTML type; their payload
(chunked transfer and gzip/deflate/br content encodings undone by warcio) goes to :mod:`sitroom.ingest.html`.
Everything else (``warcinfo``, ``request``, ``metadata``, ``revisit``, images, PDFs, redirects, 404s) is skipped
without a message. The record's ``WARC-Target-URI`` is the URL and its ``WARC-Date`` the publication date when the
page carries none (the page's canonical URL and its own date win).

Framing is done here, record by record, and each record's bytes are handed to warcio's record parser; so a
damaged record is one :class:`~sitroom.errors.InputError` named ``origin#N`` (N counts records from 1) and the
rest of the file goes on:

* a gzip member that does not decompress (``.warc.gz``: one member per record, as WARC writers do) → that record's
  error; reading resumes at the next gzip member;
* a record that does not start with a ``WARC/`` version line, or without a valid ``Content-Length`` → an error,
  then the next ``WARC/`` line is searched for;
* a record shorter than its ``Content-Length`` (a truncated file) → that record's error (it is the last).

Limits (zip-bomb guard, as :mod:`sitroom.ingest.compressed`): a ``.warc.gz`` file decompresses to at most
``MAX_RATIO`` times its compressed size past the first ``RATIO_FLOOR`` bytes, and a compressed stream of unknown
size (stdin) to at most ``SITROOM_MAX_DECOMPRESSED`` bytes (default 256 MiB), else the rest of the input is refused
with :class:`InputTooLarge`. A file's total is otherwise not capped (a CC-NEWS file is about 1 GB compressed and is
read record by record, in bounded memory); a record whose
content is larger than ``max_record_bytes`` (the HTML page limit plus 64 KiB of headers) is not read: skipped, or
an :class:`InputTooLarge` for that record if it is an HTML response; header lines are at most 64 KiB.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO, cast

from sitroom.errors import EmptyInput, InputError, InputTooLarge
from sitroom.ingest.compressed import MAX_RATIO, RATIO_FLOOR, max_decompressed
from sitroom.ingest.html import article_from_html, looks_like_html, max_page_bytes
from sitroom.ingest.stream import Prefixed

__all__ = ["read_warc", "max_record_bytes", "looks_like_warc"]

GZIP_MEMBER = b"\x1f\x8b\x08"
MAX_HEADER_LINE = 65536
MAX_HEADER_LINES = 512
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class _Corrupt(Exception):
    """A gzip member that does not decompress (raised by the source; the reader makes it a record's InputError)."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(reason)
        self.offset = offset
        self.reason = reason


def max_record_bytes(settings: Any) -> int:
    return max_page_bytes(settings) + 65536


def looks_like_warc(head: bytes) -> bool:
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def _plain_chunks(raw: BinaryIO) -> Iterator[bytes]:
    while True:
        data = raw.read(1 << 16)
        if not data:
            return
        yield data


def _gzip_chunks(raw: BinaryIO) -> Iterator[bytes | _Corrupt]:
    """Decompressed bytes of consecutive gzip members, at most 1 MiB a step. A member that does not decompress
    yields one _Corrupt and reading resumes at the next gzip member header after it; a member cut off by the end
    of the file yields a _Corrupt and ends."""
    buf = b""
    pos = 0  # offset of buf[0] in the compressed file
    eof = False
    reported = False  # one error per run of bad members

    def more() -> bool:
        nonlocal buf, eof
        if eof:
            return False
        chunk = raw.read(1 << 16)
        if not chunk:
            eof = True
            return False
        buf += chunk
        return True

    def seek_member(start: int) -> bool:
        nonlocal buf, pos
        while True:
            at = buf.find(GZIP_MEMBER, start)
            if at >= 0:
                pos += at
                buf = buf[at:]
                return True
            keep = buf[-2:]
            pos += len(buf) - len(keep)
            buf, start = keep, 0
            if not more():
                return False

    while True:
        while len(buf) < 3 and more():
            pass
        if not buf:
            return
        if not buf.startswith(GZIP_MEMBER):
            if not reported:
                yield _Corrupt(pos, "not a gzip member (damaged data between records)")
                reported = True
            if not seek_member(1):
                return
            continue
        member_start = pos
        d = zlib.decompressobj(31)
        try:
            while not d.eof:
                if not buf and not more():
                    yield _Corrupt(member_start, "truncated gzip member (the file ends inside it)")
                    return
                out = d.decompress(buf, 1 << 20)
                consumed = len(buf) - len(d.unused_data if d.eof else d.unconsumed_tail)
                pos += consumed
                buf = buf[consumed:]
                if out:
                    yield out
            reported = False
        except zlib.error as exc:
            if not reported:
                yield _Corrupt(member_start, f"gzip member does not decompress ({exc})")
                reported = True
            if not seek_member(1 if pos == member_start else 0):
                return


class _Source:
    """Buffered reads over the decompressed bytes, counting them against the file's limits."""

    def __init__(
        self, origin: str, chunks: Iterator[Any], *, compressed: bool, compressed_size: int | None, settings: Any
    ) -> None:
        self.origin = origin
        self.chunks = chunks
        self.buf = bytearray()
        self.offset = 0  # decompressed offset of buf[0]
        self.total = 0
        self.done = False
        self.compressed = compressed
        self.compressed_size = compressed_size
        self.max_total = max_decompressed()
        self.max_ratio, self.ratio_floor = MAX_RATIO, RATIO_FLOOR

    def _fill(self) -> bool:
        if self.done:
            return False
        try:
            item = next(self.chunks)
        except StopIteration:
            self.done = True
            return False
        if isinstance(item, _Corrupt):
            raise item
        self.total += len(item)
        if self.compressed and not self.compressed_size and self.total > self.max_total:
            raise InputTooLarge(
                self.origin,
                f"decompresses to more than {self.max_total:,} bytes",
                hint="a WARC this large is refused (zip bomb guard); split it, or raise SITROOM_MAX_DECOMPRESSED",
            )
        if (
            self.compressed
            and self.compressed_size
            and self.total > self.ratio_floor
            and self.total > self.max_ratio * self.compressed_size
        ):
            raise InputTooLarge(
                self.origin,
                f"decompresses to more than {self.max_ratio} times its {self.compressed_size:,} compressed bytes",
                hint="refused as a likely zip bomb; web pages compress far less",
            )
        self.buf += item
        return True

    def readline(self, limit: int) -> bytes:
        """Up to and including b"\\n", at most ``limit`` bytes."""
        start = 0
        while True:
            nl = self.buf.find(b"\n", start)
            if nl >= 0 and nl < limit:
                return self._take(nl + 1)
            if len(self.buf) >= limit:
                return self._take(limit)
            start = len(self.buf)
            if not self._fill():
                return self._take(len(self.buf))

    def read(self, n: int) -> bytes:
        while len(self.buf) < n and self._fill():
            pass
        return self._take(min(n, len(self.buf)))

    def skip(self, n: int) -> int:
        """Discard up to ``n`` bytes without keeping them; returns how many were there."""
        skipped = 0
        while skipped < n:
            if not self.buf and not self._fill():
                break
            k = min(n - skipped, len(self.buf))
            self._take(k)
            skipped += k
        return skipped

    def peek(self, n: int) -> bytes:
        while len(self.buf) < n and self._fill():
            pass
        return bytes(self.buf[:n])

    def drop(self) -> None:
        """Forget what is buffered (after a corrupt member: its bytes are not trusted)."""
        self.offset += len(self.buf)
        self.buf.clear()

    def _take(self, n: int) -> bytes:
        out = bytes(self.buf[:n])
        del self.buf[:n]
        self.offset += n
        return out


def _headers(lines: list[bytes]) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.decode("utf-8", "replace").partition(":")
        if sep:
            out.setdefault(name.strip().lower(), value.strip())
    return out


def _http_content_type(block_head: bytes) -> tuple[int | None, str]:
    """Status and media type from the start of an HTTP response block (best effort, for the skip decision)."""
    head = block_head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    lines = head.decode("latin-1").splitlines()
    status = None
    if lines and lines[0].upper().startswith("HTTP/"):
        parts = lines[0].split()
        if len(parts) > 1 and parts[1].isdigit():
            status = int(parts[1])
    media = ""
    for line in lines[1:]:
        k, _, v = line.partition(":")
        if k.strip().lower() == "content-type":
            media = v.split(";")[0].strip().lower()
            break
    return status, media


def _article(
    record_bytes: bytes, where: str, headers: dict[str, str], *, defaults: dict[str, Any], settings: Any
) -> Any:
    """One response/resource record → Article, or None to skip it; raises InputError for a bad record."""
    from warcio.recordloader import ArcWarcRecordLoader

    limit = max_page_bytes(settings)
    try:
        record = ArcWarcRecordLoader().parse_record_stream(io.BytesIO(record_bytes), known_format="warc")
        rec_type = record.rec_type
        charset = None
        if rec_type == "response":
            http = record.http_headers
            if http is None:
                return None
            status = http.get_statuscode()
            if status != "200":
                return None
            ctype = http.get_header("Content-Type") or ""
        elif rec_type == "resource":
            ctype = record.rec_headers.get_header("Content-Type") or ""
        else:
            return None
        media = ctype.split(";")[0].strip().lower()
        for part in ctype.split(";")[1:]:
            k, _, v = part.partition("=")
            if k.strip().lower() == "charset":
                charset = v.strip().strip("\"'") or None
        payload = record.content_stream().read(limit + 1)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - warcio on a damaged record: this record fails, not the file
        raise InputError(where, f"corrupt WARC record ({type(exc).__name__}: {exc})") from None
    if media and media not in _HTML_TYPES:
        return None
    if not media and not looks_like_html(payload[:65536]):
        return None
    if len(payload) > limit:
        raise InputTooLarge(
            where, f"HTML payload larger than the {limit:,}-byte page limit", hint="raise SITROOM_MAX_ARTICLE_CHARS"
        )
    return article_from_html(
        payload,
        where,
        defaults=defaults,
        settings=settings,
        url=headers.get("warc-target-uri"),
        published=headers.get("warc-date"),
        charset=charset,
    )


def _truncated(where: str, got: int, length: int) -> InputError:
    return InputError(
        where,
        f"truncated WARC record: {got:,} of its {length:,} bytes (Content-Length runs past the end of the file)",
        hint="the download was cut short; fetch the file again",
    )


def read_warc(
    origin: str, stream: BinaryIO, *, defaults: dict[str, Any], settings: Any, size: int | None = None
) -> Iterator[Any]:
    """A ``.warc`` or ``.warc.gz`` file (raw: this reader undoes the per-record gzip itself)."""
    head = stream.read(3)
    compressed = head.startswith(GZIP_MEMBER[:2])
    rest = cast(BinaryIO, Prefixed(head, stream))
    chunks = _gzip_chunks(rest) if compressed else _plain_chunks(rest)
    src = _Source(origin, chunks, compressed=compressed, compressed_size=size, settings=settings)
    rec_limit = max_record_bytes(settings)
    n = 0  # records seen
    found = False  # any WARC record at all
    garbage_reported = False
    try:
        while True:
            in_record = False
            try:
                line = src.readline(MAX_HEADER_LINE)
                if not line:
                    break
                if not line.strip():
                    continue
                if not line.startswith(b"WARC/"):
                    if not found:
                        yield InputError(
                            origin,
                            "not a WARC file (it does not start with a WARC/ version line)",
                            hint="give a .warc or .warc.gz file",
                        )
                        return
                    if not garbage_reported:
                        n += 1
                        garbage_reported = True
                        yield InputError(
                            f"{origin}#{n}",
                            f"corrupt WARC data at byte {src.offset - len(line):,} "
                            "(no WARC/ version line); skipped to the next record",
                        )
                    continue
                garbage_reported = False
                found = True
                n += 1
                in_record = True
                where = f"{origin}#{n}"
                lines = [line]
                while True:
                    h = src.readline(MAX_HEADER_LINE)
                    if not h:
                        raise InputError(where, "truncated WARC record (the file ends in its headers)")
                    if not h.strip():
                        break
                    if len(lines) >= MAX_HEADER_LINES or (len(h) >= MAX_HEADER_LINE and not h.endswith(b"\n")):
                        raise InputError(where, "corrupt WARC record (headers too long)")
                    lines.append(h)
                headers = _headers(lines)
                length_text = headers.get("content-length", "")
                if not length_text.isdigit():
                    yield InputError(where, f"corrupt WARC record (Content-Length {length_text or 'missing'!r})")
                    continue
                length = int(length_text)
                rec_type = headers.get("warc-type", "").lower()
                if length > rec_limit:
                    status, media = _http_content_type(src.peek(16384)) if rec_type == "response" else (None, "")
                    got = src.skip(length)
                    if rec_type == "response" and status == 200 and media in _HTML_TYPES:
                        yield InputTooLarge(
                            where,
                            f"WARC record of {length:,} bytes, more than the {rec_limit:,}-byte record limit",
                            hint="raise SITROOM_MAX_ARTICLE_CHARS",
                        )
                    if got < length:
                        yield _truncated(where, got, length)
                        break
                    continue
                block = src.read(length)
                if len(block) < length:  # whatever its type: the file ends early, and the reader says so
                    yield _truncated(where, len(block), length)
                    break
                if rec_type not in ("response", "resource"):
                    continue
                try:
                    art = _article(
                        b"".join(lines) + b"\r\n" + block, where, headers, defaults=defaults, settings=settings
                    )
                except InputError as exc:
                    yield exc
                    continue
                if art is not None:
                    yield art
            except _Corrupt as c:
                src.drop()
                if not in_record:
                    n += 1
                found = True
                yield InputError(
                    f"{origin}#{n}",
                    f"corrupt WARC record at compressed byte {c.offset:,}: {c.reason}",
                    hint=None if "truncated" in c.reason else "the rest of the file is read",
                )
    except InputError as exc:  # the file's limits, or the stream under us (a damaged outer gzip): ends this input
        yield exc
        return
    if not found:
        yield EmptyInput(
            origin,
            "empty file" if src.total == 0 else "only blank lines, no WARC records",
            hint="nothing to read; remove it from the input list",
        )


read_warc.reads_gzip = True  # type: ignore[attr-defined]  # the dispatcher hands .warc.gz over undecompressed
