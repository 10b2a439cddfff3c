"""Plain text: bytes → checked ``str`` → header metadata → :class:`~sitroom.model.Article`.

Checks, in order, each refusing with one :class:`~sitroom.errors.InputError`
subclass that names the input and the reason:

1. size: more bytes than ``4 * max_article_chars`` (UTF-8 uses at most 4 bytes a
   character) → :class:`InputTooLarge`, before anything is decoded;
2. NUL bytes, or undecodable bytes that are mostly not text → :class:`BinaryInput`;
3. not UTF-8 (a UTF-8 BOM is dropped) → :class:`EncodingError` with the byte offset
   and an ``iconv`` hint;
4. nothing but whitespace → :class:`EmptyInput`;
5. more than ``max_article_chars`` characters, or a line longer than
   ``max_line_chars`` → :class:`InputTooLarge` with the numbers.

Header convention (as in the shared VOA captures)::

    2021-08-08                                         ← line 1: ISO date alone = published
    Voice of America (VOA News; ...) | https://...     ← line 2: outlet before "(" or "|", first URL
    [Leading portion of the article; ...]              ← bracketed editorial notes: dropped

The header lines and the blank lines after them are not part of ``Article.text``;
everything after them is kept byte for byte (newlines normalised to ``\\n``), so
offsets into the text are offsets into the body as published.

Title: a short first paragraph on its own line ("Taliban Capture Large Parts of
Kunduz, 2 Other Provincial Capitals" followed by a blank line) with no final
punctuation becomes ``title`` when none was given. It *stays in the text*: the
headline is part of what the outlet published, its offsets stay valid, and the
resolve stage merges a headline with the sentence it summarises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sitroom.errors import BinaryInput, EmptyInput, EncodingError, InputTooLarge

_BOM = b"\xef\xbb\xbf"
_CONTROL = frozenset(set(range(0x00, 0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D} | {0x7F})
_ISO_DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*$")
_URL = re.compile(r"https?://[^\s<>\"'()\[\]]+")
_NOTE = re.compile(r"^\s*\[[^\[\]]*\]\s*$")
_OUTLET_LINE = re.compile(r"^\s*([^|()\[\]]{2,120}?)\s*(?:\(|\|)")
_FINAL_PUNCT = tuple(".!?:;,\u2026\"'\u201d\u2019)")


def _n(x: int) -> str:
    return f"{x:,}"


def check_size(origin: str, nbytes: int, max_chars: int) -> None:
    """Refuse before reading when the byte count alone proves the text is too long."""
    if nbytes > 4 * max_chars:
        raise InputTooLarge(
            origin,
            f"too large: {_n(nbytes)} bytes, more than the {_n(max_chars)}-character article limit allows",
            hint="split it into articles, or raise SITROOM_MAX_ARTICLE_CHARS",
        )


def refuse_utf16_and_nul(
    origin: str, data: bytes, *, what: str, expected: str, converted: str, not_what: str, give: str
) -> None:
    """The first checks on the bytes of any textual input: a UTF-16 byte-order mark (EncodingError) and a NUL byte
    (BinaryInput), each message naming the input, what it is (``what``: text, page) and what to give instead."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise EncodingError(
            origin,
            f"UTF-16 {what} (byte-order mark at offset 0), expected {expected}",
            hint=f"convert it: iconv -f UTF-16 -t UTF-8 '{origin}' > {converted}",
        )
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16:
            raise EncodingError(
                origin,
                f"{utf16} text without a byte-order mark (every other byte is NUL), expected UTF-8",
                hint=f"convert it: iconv -f {utf16} -t UTF-8 '{origin}' > converted.txt",
            )
        at = data.index(b"\x00")
        raise BinaryInput(origin, f"binary data, not {not_what} (NUL byte at offset {at})", hint=give)


def decode(origin: str, data: bytes) -> str:
    """UTF-8 bytes → str with ``\\n`` newlines; raises Binary/Encoding/EmptyInput."""
    refuse_utf16_and_nul(
        origin,
        data,
        what="text",
        expected="UTF-8",
        converted="converted.txt",
        not_what="text",
        give="give a plain text, JSONL or JSON file",
    )
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        sample = data[:65536]
        odd = sum(1 for b in sample if b in _CONTROL or b >= 0x80)
        if sample and odd / len(sample) > 0.30:
            raise BinaryInput(
                origin,
                f"binary data, not text ({odd * 100 // len(sample)}% of the first "
                f"{_n(len(sample))} bytes are control or non-ASCII bytes)",
                hint="give a plain text, JSONL or JSON file",
            ) from None
        bad = data[exc.start : exc.start + 1].hex()
        raise EncodingError(
            origin,
            f"not valid UTF-8: byte 0x{bad} at offset {exc.start} ({exc.reason})",
            hint=f"convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8 '{origin}' > converted.txt",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyInput(
            origin,
            "empty file" if not text else "only whitespace, no text",
            hint="nothing to read; remove it from the input list",
        )
    controls = sum(1 for ch in text[:65536] if ord(ch) in _CONTROL)
    if controls > 32 and controls / min(len(text), 65536) > 0.10:
        raise BinaryInput(
            origin,
            f"binary data, not text ({_n(controls)} control characters)",
            hint="give a plain text, JSONL or JSON file",
        )
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """``UTF-16LE``/``UTF-16BE`` when the bytes look like UTF-16 text of a Latin script without a BOM: nearly
    every byte at odd (LE) or even (BE) offsets is NUL and nearly none at the others; else None."""
    sample = data[:65536]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.7 and zeros_even < 0.05:
        return "UTF-16LE"
    if zeros_even > 0.7 and zeros_odd < 0.05:
        return "UTF-16BE"
    return None


def check_limits(origin: str, text: str, *, max_chars: int, max_line: int) -> None:
    if len(text) > max_chars:
        raise InputTooLarge(
            origin,
            f"too large: {_n(len(text))} characters, the limit is {_n(max_chars)}",
            hint="split it into articles, or raise SITROOM_MAX_ARTICLE_CHARS",
        )
    pos = 0
    lineno = 1
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        if end - pos > max_line:
            raise InputTooLarge(
                origin,
                f"line {lineno} is {_n(end - pos)} characters long, the limit is {_n(max_line)}",
                hint="this does not look like an article; raise SITROOM_MAX_LINE_CHARS if it is one",
            )
        if nl < 0:
            break
        pos = nl + 1
        lineno += 1


@dataclass
class Header:
    """Metadata a text file carries in its first lines, and where its body starts."""

    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    body_start: int = 0  # character offset of the body in the decoded text


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def parse_header(text: str) -> Header:
    """Read the date / outlet-and-URL / editorial-note header, if the text has one."""
    h = Header()
    lines = _lines(text[:20000])
    if not lines:
        return h
    m = _ISO_DAY.match(lines[0][1])
    if not m:
        return h
    try:
        h.published = date.fromisoformat(m.group(1))
    except ValueError:
        return h  # "2021-13-45" is not a date line; keep the text as it is
    i = 1
    if i < len(lines):
        line = lines[i][1]
        url = _URL.search(line)
        om = _OUTLET_LINE.match(line)
        if "|" in line and (url or om):
            if om and not _URL.match(om.group(1).strip()):
                h.outlet = om.group(1).strip() or None
            if url:
                h.url = url.group(0).rstrip(".,;:")
            i += 1
    while i < len(lines) and (not lines[i][1].strip() or _NOTE.match(lines[i][1])):
        i += 1
    h.body_start = lines[i][0] if i < len(lines) else len(text)
    return h


def guess_title(body: str) -> str | None:
    """The first paragraph if it looks like a headline: one short line, no final punctuation. A text that is that
    line alone is a headline-only article (a feed item, a wire flash): the line is its title too, so that a
    title-case headline is read as one ("Rebels Seize Key Town As Army Retreats") and not as a string of names."""
    stripped = body.lstrip("\n")
    para, sep, rest = stripped.partition("\n\n")
    if sep and not rest.strip():
        return None
    line = para.strip()
    if "\n" in line or not (10 <= len(line) <= 160):
        return None
    words = line.split()
    if len(words) < 3 or len(words) > 25 or line.endswith(_FINAL_PUNCT):
        return None
    if not (line[0].isupper() or line[0].isdigit()) or line.lower().startswith("by "):
        return None
    if _ISO_DAY.match(line) or _URL.search(line):
        return None
    return line
