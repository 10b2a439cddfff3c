"""Gzip input (``.txt.gz``, ``.jsonl.gz``, ``.json.gz``; gzip on stdin) with a decompression limit.

The readers never read more than their own limits (see :mod:`sitroom.ingest.text`), but a JSON Lines file may
hold many articles, so a small compressed file could expand without end (a "zip bomb"). :class:`BoundedGzip`
decompresses on demand, at most the bytes asked for at a time, and refuses the input with
:class:`~sitroom.errors.InputTooLarge` once it has produced more than

* ``SITROOM_MAX_DECOMPRESSED`` bytes in all (default 256 MiB), or
* ``MAX_RATIO`` times the compressed size, past the first ``RATIO_FLOOR`` bytes (text compresses about 3-10
  times; a bomb thousands of times).

A damaged or truncated gzip stream is an :class:`~sitroom.errors.InputError` ("not a valid gzip file"). Either
refusal ends that input only; articles read from it before the refusal stand.
"""

from __future__ import annotations

import gzip
import io
import zlib
from typing import BinaryIO

from sitroom.config import env_number
from sitroom.errors import InputError, InputTooLarge

GZIP_MAGIC = b"\x1f\x8b"
MAX_RATIO = 100
RATIO_FLOOR = 8 * 1024 * 1024


def max_decompressed() -> int:

    return env_number("SITROOM_MAX_DECOMPRESSED", 256 * 1024 * 1024)


class BoundedGzip(io.RawIOBase):
    """A read-only stream of the decompressed bytes of ``raw``, refusing past the limits above."""

    def __init__(
        self,
        origin: str,
        raw: BinaryIO,
        *,
        compressed_size: int | None = None,
        max_bytes: int | None = None,
        max_ratio: int = MAX_RATIO,
        ratio_floor: int = RATIO_FLOOR,
    ) -> None:
        self.origin = origin
        self._gz = gzip.GzipFile(fileobj=raw, mode="rb")
        self.compressed_size = compressed_size
        self.max_bytes = max_decompressed() if max_bytes is None else max_bytes
        self.max_ratio = max_ratio
        self.ratio_floor = ratio_floor
        self.total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        want = min(len(b), 1 << 20)
        try:
            data = self._gz.read(want)  # decompresses at most ``want`` bytes
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(
                self.origin,
                f"not a valid gzip file ({exc or type(exc).__name__})",
                hint="check the download; `gzip -t FILE` tests it",
            ) from None
        n = len(data)
        self.total += n
        if self.total > self.max_bytes:
            raise InputTooLarge(
                self.origin,
                f"decompresses to more than {self.max_bytes:,} bytes",
                hint="a compressed input this large is refused (zip bomb guard); split it, or raise "
                "SITROOM_MAX_DECOMPRESSED",
            )
        if (
            self.compressed_size
            and self.total > self.ratio_floor
            and self.total > self.max_ratio * self.compressed_size
        ):
            raise InputTooLarge(
                self.origin,
                f"decompresses to more than {self.max_ratio} times its {self.compressed_size:,} compressed bytes",
                hint="refused as a likely zip bomb; news text compresses far less",
            )
        b[:n] = data
        return n

    def close(self) -> None:
        try:
            self._gz.close()
        finally:
            super().close()


def open_gzip(origin: str, raw: BinaryIO, *, compressed_size: int | None = None) -> io.BufferedReader:
    return io.BufferedReader(BoundedGzip(origin, raw, compressed_size=compressed_size), buffer_size=1 << 16)
