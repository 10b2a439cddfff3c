"""What kind of thing a path is, asked once and answered with a named error when it is not a readable file.

Ingest reads regular files only. A FIFO, a socket or a device would block a read forever (a FIFO with no
writer) or never end (``/dev/zero``), so it is refused by name. The checks are made on the opened file
descriptor (opened non-blocking, so opening a FIFO returns at once), so a file swapped for a FIFO between the
check and the read is still caught. A path that cannot be looked at says why: permission denied, a symbolic
link loop, a dangling link, or nothing there.

* :func:`probe` -- ``"dir"``, ``"file"``, or the InputError for a path given on the command line;
* :func:`open_regular` -- open a file for reading, refusing anything but a regular file;
* :func:`walk_error` -- the InputError for a folder (or file) that ``os.walk`` could not read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from sitroom.errors import InputError

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
_NOT_REGULAR_HINT = "give a regular file; to read a pipe, send it to stdin: `... | sitroom ingest -`"


def kind_of(mode: int) -> str:
    """``a named pipe (FIFO)``, ``a socket``, ... for a mode that is not a regular file or folder."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def not_regular(origin: str, mode: int) -> InputError:
    return InputError(origin, f"not a regular file: {kind_of(mode)}", hint=_NOT_REGULAR_HINT)


def os_reason(exc: OSError) -> str:
    """A short reason for an OSError met while looking at or reading a path."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (too many levels of symbolic links)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno == errno.ENOTDIR:
        return "a part of the path is not a directory"
    return exc.strerror or str(exc)


def probe(p: str) -> str | InputError:
    """``"dir"`` or ``"file"`` for an input path, else the InputError saying why it cannot be read."""
    try:
        st = os.stat(p)
    except OSError as exc:
        if exc.errno == errno.ENOENT and os.path.islink(p):
            return InputError(p, f"a symbolic link to {os.readlink(p)!r}, which does not exist")
        return InputError(p, os_reason(exc))
    except ValueError as exc:  # a NUL byte in the path
        return InputError(p, f"not a path ({exc})")
    if stat.S_ISDIR(st.st_mode):
        return "dir"
    if stat.S_ISREG(st.st_mode):
        return "file"
    return not_regular(p, st.st_mode)


def open_regular(path: Path | str, origin: str) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file; InputError naming ``origin`` otherwise. Opened
    non-blocking (a FIFO does not wait for a writer), then switched back to blocking for the read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(origin, f"cannot read: {os_reason(exc)}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise not_regular(origin, st.st_mode)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def walk_error(exc: OSError) -> InputError:
    """The InputError for what ``os.walk`` could not list (its ``onerror`` argument)."""
    where = exc.filename if exc.filename is not None else "?"
    return InputError(
        str(where),
        f"cannot read this folder: {os_reason(exc)}; its files were not ingested",
        hint="fix its permissions (chmod) or leave it out",
    )
