"""Streams for readers that sniff: bytes already read, put back in front of the rest."""

from __future__ import annotations

import io
from typing import BinaryIO

__all__ = ["Prefixed"]


class Prefixed(io.RawIOBase):
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
