"""Workers die with their parent; SIGTERM and SIGINT stop ``sitroom ingest --workers 2`` cleanly (issue 16).

A real ``sitroom ingest --workers 2`` subprocess over the shared VOA texts is stopped once its workers are busy:
by SIGKILL (no handler runs: the workers, the forkserver and the resource tracker must still go, by themselves),
and by SIGTERM and SIGINT (exit 128 + signal, a message, no traceback, the store consistent, a rerun resumes).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitroom.store.check import check_store

pytestmark = pytest.mark.slow

CLI = [sys.executable, "-m", "sitroom.serve.cli"]


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            kids.setdefault(ppid, []).append(int(d))
    return kids


def descendants(pid: int) -> set[int]:
    kids, out, todo = _children(), set(), [pid]
    while todo:
        for c in kids.get(todo.pop(), []):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie is dead (a container's init may not reap it at once)


def start(paths: list[str], db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*CLI, "ingest", *paths, "--db", str(db), "--workers", "2", "--batch-size", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
    )  # SIGABRT on a hang shows where


def wait_busy(proc: subprocess.Popen, timeout: float = 300) -> set[int]:
    """Wait until the run has its worker processes with their pipelines loaded (each over 150 MB resident)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        kids = descendants(proc.pid)
        big = [k for k in kids if _rss_mb(k) > 150]
        if len(big) >= 2:
            return kids
        time.sleep(0.5)
    raise AssertionError("the workers did not start")


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def wait_stored(db: Path, timeout: float = 300) -> None:
    """Wait until the run has stored its first article (read through a read-only connection)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            try:
                if con.execute("SELECT count(*) FROM articles").fetchone()[0] >= 1:
                    return
            finally:
                con.close()
        except sqlite3.Error:
            pass  # not created yet, or its schema not yet written
        time.sleep(0.05)
    raise AssertionError("the run stored no article")


def wait_gone(pids: set[int], timeout: float = 30) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = {p for p in pids if alive(p)}
        if not left:
            return left
        time.sleep(0.2)
    return {p for p in pids if alive(p)}


@pytest.fixture(scope="module")
def corpus(shared) -> list[str]:
    return [str(shared / "corpus" / "afghanistan-2021" / "voa")]


def test_workers_die_with_a_killed_parent(corpus, tmp_path):
    proc = start(corpus, tmp_path / "s.sqlite")
    kids = wait_busy(proc)
    proc.kill()
    proc.wait()
    left = wait_gone(kids)
    for p in left:  # do not leave them behind even when the test fails
        os.kill(p, signal.SIGKILL)
    assert not left, f"{len(left)} of {len(kids)} processes outlived their parent"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_run_cleanly_and_a_rerun_resumes(corpus, tmp_path, sig):
    db = tmp_path / "s.sqlite"
    proc = start(corpus, db)
    kids = wait_busy(proc)
    wait_stored(db)  # mid-run: its first article is stored, so its handlers are in place and some work is left
    proc.send_signal(sig)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)
        _, err = proc.communicate()
        raise AssertionError(f"the run did not stop within 60 s of the signal:\n{err}") from None
    left = wait_gone(kids)
    for p in left:
        os.kill(p, signal.SIGKILL)
    assert proc.returncode == 128 + sig, err
    assert "Traceback" not in err and f"stopped by {signal.Signals(sig).name}" in err and "resume" in err, err
    assert not left, f"{len(left)} worker processes outlived the stop"
    report = check_store(str(db))
    assert report.ok, report.text()
    r = subprocess.run([*CLI, "ingest", *corpus, "--db", str(db)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    con = sqlite3.connect(db)
    n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    open_runs = con.execute("SELECT count(*) FROM runs WHERE finished IS NULL").fetchone()[0]
    con.close()
    assert n == len(list(Path(corpus[0]).glob("*.txt"))) and open_runs == 0
