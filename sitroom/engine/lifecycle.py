"""Worker processes that die with their parent, and a clean stop on SIGTERM/SIGINT.

* :func:`stop_on_signals` (the calling process, around a run): SIGTERM, SIGINT and SIGHUP raise :class:`Stopped`
  (a KeyboardInterrupt), so every ``with``/``finally`` on the way out runs: the article being written is rolled
  back whole, the journal keeps the run open (rerunning the same command resumes it), the store is closed. While
  local worker processes run, the handler does not raise where the main thread happens to be (it may hold a lock
  of the process pool, and the way out needs that lock): it records the signal and kills the workers
  (:func:`register`); the engine, seeing its pool broken, asks :func:`requested` and raises :class:`Stopped` itself.
* :func:`watch_parent` (each worker, once, from its initializer): a daemon thread waits on a pidfd of the process
  that started the run and ends the worker the moment that process is gone -- even after SIGKILL, which no
  handler sees. Without it a worker blocks forever on its task queue (every worker holds the queue's write end,
  so it never reads EOF), keeping the forkserver and the resource tracker alive with it. Where pidfds are missing
  (not Linux, or Linux before 5.3) the thread polls the parent's pid once a second instead.
* :func:`quiet_interrupts`: a worker ignores SIGINT (Ctrl-C reaches the whole process group; the parent decides).
"""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = [
    "Stopped",
    "stop_on_signals",
    "watch_parent",
    "quiet_interrupts",
    "register",
    "unregister",
    "requested",
    "check",
]

SIGNALS = tuple(
    s
    for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGINT", None), getattr(signal, "SIGHUP", None))
    if s is not None
)


class Stopped(KeyboardInterrupt):
    """The run was stopped by a signal; ``signum`` says which (the exit code is 128 + signum)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


_STOP: list[int] = []  # the signal that asked the run to stop, once one has
_KILLERS: dict[int, Callable[[], None]] = {}  # id -> kill the workers of a running local pool


def register(key: int, kill: Callable[[], None]) -> None:
    """While registered, a stop signal calls ``kill`` (end the workers) instead of raising in the main thread."""
    _KILLERS[key] = kill


def unregister(key: int) -> None:
    _KILLERS.pop(key, None)


def requested() -> int | None:
    """The signal number that asked the run to stop, if one has."""
    return _STOP[0] if _STOP else None


def check() -> None:
    """Raise :class:`Stopped` if a stop signal has come."""
    if _STOP:
        raise Stopped(_STOP[0])


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM/SIGINT/SIGHUP stop the run (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: object) -> None:
        first = not _STOP
        if first:
            _STOP.append(signum)
        if _KILLERS and first:
            for kill in list(_KILLERS.values()):
                kill()
            return  # the engine raises Stopped when it sees its workers gone
        raise Stopped(signum)

    _STOP.clear()
    old = {s: signal.signal(s, handler) for s in SIGNALS}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
        _STOP.clear()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _wait_for_exit(pid: int) -> None:
    try:
        fd = os.pidfd_open(pid)  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])  # readable when the process has ended
        return
    parent = os.getppid()
    while _alive(pid) and os.getppid() == parent:
        time.sleep(1.0)


def watch_parent(pid: int | None) -> None:
    """End this process (``os._exit``) as soon as process ``pid`` is gone. Call once per process."""
    if not pid or pid == os.getpid() or not _alive(pid):
        return

    def watch() -> None:
        _wait_for_exit(pid)
        os._exit(1)

    threading.Thread(target=watch, name="sitroom-parent-watch", daemon=True).start()


def quiet_interrupts() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
