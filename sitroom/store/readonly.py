"""Opening a SQLite store for reading only, and naming a damaged store.

Every read command (``report``, ``check``, ``export``, the situation commands, ``serve`` without a write token)
opens its store with :func:`connect_ro`: a ``file:...?mode=ro`` URI, so nothing -- not even a schema -- is ever
written by a command that only reads. A store in a read-only folder cannot get the ``-shm`` file WAL mode wants;
then (and only then) it is opened ``immutable=1``: no process can be writing a store in a folder nobody may write
(a ``-wal`` file left there by a killed writer is not read; ``sitroom check`` says so).

:func:`damaged` is the one message for a store whose pages or text cannot be read (a byte-flipped file gives
``UnicodeDecodeError`` or ``database disk image is malformed`` from deep inside a query): a StoreError naming the
file and telling to run ``sitroom check``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sitroom.errors import StoreError

#: what a damaged store raises from inside a query (sqlite3 decodes TEXT as UTF-8; a flipped byte fails there)
DAMAGE = (sqlite3.DatabaseError, UnicodeDecodeError)


def is_damage(exc: BaseException) -> bool:
    """Whether an error from a read says the file's pages or text are damaged (not: locked, missing, full)."""
    if isinstance(exc, UnicodeDecodeError):
        return True
    msg = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and any(
        s in msg for s in ("malformed", "not a database", "could not decode", "corrupt", "out of memory")
    )


def damaged(path: str, exc: BaseException) -> StoreError:
    """The StoreError for a store that cannot be read (damaged pages, text that is not UTF-8)."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
    return StoreError(
        f"{path}: the store cannot be read, it looks damaged ({type(exc).__name__}: {first})",
        hint=f"run `sitroom check --db {path}` for details; restore a backup or rebuild it with `sitroom ingest`",
    )


def _writable(path: Path) -> bool:
    effective = os.access in os.supports_effective_ids  # the process's effective user, as the kernel checks
    return os.access(path, os.W_OK, effective_ids=effective)


def _usable(con: sqlite3.Connection) -> None:
    con.execute("SELECT count(*) FROM sqlite_master").fetchone()


def connect_ro(path: str, *, timeout: float = 30.0) -> sqlite3.Connection:
    """A read-only connection to the SQLite file at ``path`` (``mode=ro``; ``immutable=1`` when the folder is not
    writable and ``mode=ro`` cannot open it). sqlite3 errors propagate (the caller names the store)."""
    uri = Path(path).resolve().as_uri()
    con = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout, isolation_level=None)
    try:
        _usable(con)
        return con
    except sqlite3.OperationalError:
        con.close()
        folder, shm = Path(path).resolve().parent, Path(f"{path}-shm")
        if _writable(folder) and (not shm.exists() or _writable(shm)):
            raise
    con = sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=timeout, isolation_level=None)
    try:
        _usable(con)
    except BaseException:
        con.close()
        raise
    return con
