"""A bounded hostile test of the faults of issue 16, on this machine only (no network beyond loopback).

    python bench/hostile.py --shared ../shared [--flips 15] [--out /tmp/hostile]

Parts, each counted as inputs tried / crashes (a traceback, or an exit code outside the documented ones) / hangs
(no answer within the part's timeout) / rows lost:

1. bad files read by the readers (in this process, each under a 20 s alarm): FIFO, devices, an unreadable
   folder (as ``nobody`` when run as root), symlink loop and dangling link, UTF-16 with and without BOM, binary,
   empty, a line over the limit, gzip bombs of newlines and of blank lines, truncated gzip, bad JSON, deep JSON,
   truncated and garbage WARC, XXE and billion-laughs feeds; each must yield InputErrors (no exception) and
   no article from a bad input;
2. one real ``sitroom ingest`` over all of them plus one good article: exit 1, no traceback, the good one stored;
3. damaged stores: a small store with ``--flips`` random bytes flipped (seeded), then ``check``, ``report`` and
   ``export``: exit 0/1/2, never a traceback;
4. bad settings: each of six bad environment values: exit 2, one message, no traceback;
5. signals: ``ingest --workers 2`` killed with SIGKILL and stopped with SIGTERM: no process left behind, and
   a rerun stores every article once (rows lost = expected - stored).
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = [sys.executable, "-m", "sitroom.serve.cli"]
GOOD = "2021-08-08\n\nTaliban fighters captured the city of Kunduz on Sunday, officials said.\n"


class Tally:
    def __init__(self, name: str) -> None:
        self.name, self.tried, self.crashes, self.hangs, self.lost, self.notes = name, 0, 0, 0, 0, []

    def line(self) -> str:
        return (
            f"| {self.name} | {self.tried} | {self.crashes} | {self.hangs} | {self.lost} | "
            f"{'; '.join(self.notes[:3]) or '-'} |"
        )


def bad_inputs(d: Path) -> list[Path]:
    out = []

    def w(name: str, data: bytes) -> None:
        (d / name).write_bytes(data)
        out.append(d / name)

    os.mkfifo(d / "fifo.txt")
    out.append(d / "fifo.txt")
    (d / "zero.txt").symlink_to("/dev/zero")
    out.append(d / "zero.txt")
    (d / "loop.txt").symlink_to(d / "loop.txt")
    out.append(d / "loop.txt")
    (d / "dangling.txt").symlink_to(d / "nothing.txt")
    out.append(d / "dangling.txt")
    locked = d / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text(GOOD)
    locked.chmod(0)
    out.append(locked)
    w("utf16.txt", GOOD.encode("utf-16"))
    w("utf16le.txt", GOOD.encode("utf-16-le"))
    w("utf16be.txt", GOOD.encode("utf-16-be"))
    w("binary.txt", bytes(range(256)) * 64)
    w("empty.txt", b"")
    w("blank.txt", b"   \n\n\t\n")
    w("nul.txt", b"abc\x00def" * 10)
    w("cp1252.txt", "Caf\xe9 in Kunduz, officials said.".encode("cp1252"))
    w("longline.txt", b"x" * 300_000)
    w("huge.txt", b"a " * 2_100_000)
    w("newlines.jsonl.gz", gzip.compress(b"\n" * 50_000_000, 9))
    w("spaces.jsonl.gz", gzip.compress((b" " * 1023 + b"\n") * 30_000, 9))
    w("truncated.txt.gz", gzip.compress(GOOD.encode() * 100)[:-40])
    w("notgzip.txt.gz", b"\x1f\x8bnot really")
    w("bad.jsonl", b'{"text": "ok"\n[1,2]\n{"text": 5}\n{"nope": 1}\n' + b"junk\n" * 2000)
    w("deep.json", b"[" * 100_000 + b"]" * 100_000)
    w("deep.jsonl", b'{"a":' * 50_000 + b"1" + b"}" * 50_000)
    w("cut.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\n")
    w("garbage.warc", b"WARC/1.0\r\nContent-Length: x\r\n\r\n" + os.urandom(2000))
    w(
        "xxe.xml",
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><description>&x;</description></item></channel></rss>",
    )
    w(
        "laughs.rss",
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9))
        + b"]><rss><channel><item><description>&j;</description></item></channel></rss>",
    )
    w("html.html", b"<html><body>" + b"<div>" * 100_000 + b"</body></html>")
    w("surrogates.jsonl", b'{"text": "\\ud800 Kunduz fell, officials said."}\n')
    return out


def as_nobody(fn):
    if os.geteuid() != 0:
        return fn()
    import pwd

    nb = pwd.getpwnam("nobody")
    os.setegid(nb.pw_gid)
    os.seteuid(nb.pw_uid)
    try:
        return fn()
    finally:
        os.seteuid(0)
        os.setegid(0)


def part_readers(d: Path) -> Tally:
    from sitroom.errors import InputError
    from sitroom.ingest import read_paths
    from sitroom.model import Article

    t = Tally("bad files, readers")

    def alarm(*_):
        raise TimeoutError

    signal.signal(signal.SIGALRM, alarm)
    for p in bad_inputs(d):
        t.tried += 1
        signal.alarm(20)
        try:
            items = (
                as_nobody(lambda p=p: list(read_paths([str(p)]))) if p.name == "locked" else list(read_paths([str(p)]))
            )
            errs = [x for x in items if isinstance(x, InputError)]
            if not errs or any(
                isinstance(x, Article) and x.origin == str(p) and p.name not in ("surrogates.jsonl",) for x in items
            ):
                t.notes.append(f"{p.name}: {len(errs)} errors, {len(items) - len(errs)} articles")
        except TimeoutError:
            t.hangs += 1
            t.notes.append(f"{p.name}: hang")
        except Exception as exc:  # noqa: BLE001 - a crash is what we count
            t.crashes += 1
            t.notes.append(f"{p.name}: {type(exc).__name__}")
        finally:
            signal.alarm(0)
    return t


def run(args: list[str], timeout: float = 600, env: dict | None = None) -> tuple[int | None, str]:
    try:
        r = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)
        return r.returncode, r.stdout + r.stderr
    except subprocess.TimeoutExpired:
        return None, ""


def part_cli(d: Path, work: Path) -> Tally:
    t = Tally("bad files, `sitroom ingest`")
    (d / "good.txt").write_text(GOOD)
    t.tried = len(list(d.iterdir()))
    code, out = run([*CLI, "ingest", str(d), "--db", str(work / "cli.sqlite")], timeout=900)
    if code is None:
        t.hangs += 1
    elif code != 1 or "Traceback" in out:
        t.crashes += 1
        t.notes.append(f"exit {code}")
    n = sqlite3.connect(work / "cli.sqlite").execute("SELECT count(*) FROM articles").fetchone()[0]
    t.lost = 1 - n if n < 1 else 0
    t.notes.append(f"exit {code}, {n} article stored")
    return t


def part_stores(shared: Path, work: Path, flips: int, seed: int = 16) -> Tally:
    t = Tally("damaged stores (check, report, export)")
    base = work / "base.sqlite"
    run([*CLI, "ingest", str(shared / "corpus" / "afghanistan-2021" / "voa"), "--db", str(base)], timeout=900)
    data = base.read_bytes()
    rng = random.Random(seed)
    codes: dict[str, dict[int | None, int]] = {}
    for i in range(flips):
        b = bytearray(data)
        for _ in range(rng.choice((1, 4, 16))):
            b[rng.randrange(100, len(b))] ^= 1 << rng.randrange(8)
        bad = work / f"flip{i}.sqlite"
        bad.write_bytes(bytes(b))
        for cmd in (["check"], ["report"], ["export", "--format", "jsonl", "-o", str(work / "x.jsonl")]):
            t.tried += 1
            code, out = run([*CLI, *cmd, "--db", str(bad)], timeout=300)
            codes.setdefault(cmd[0], {}).setdefault(code, 0)
            codes[cmd[0]][code] += 1
            if code is None:
                t.hangs += 1
            elif "Traceback" in out or code not in (0, 1, 2):
                t.crashes += 1
                t.notes.append(f"{cmd[0]} flip{i}: exit {code}")
    t.notes.append(
        ", ".join(f"{c}: " + " ".join(f"exit {k}×{v}" for k, v in sorted(m.items(), key=str)) for c, m in codes.items())
    )
    return t


def part_settings(work: Path) -> Tally:
    t = Tally("bad settings")
    for k, v in (
        ("SITROOM_MAX_ARTICLE_CHARS", "abc"),
        ("SITROOM_MAX_ARTICLE_CHARS", "-1"),
        ("SITROOM_MAX_LINE_CHARS", "0"),
        ("SITROOM_FETCH_TIMEOUT", "nan"),
        ("SITROOM_WORKERS", "two"),
        ("SITROOM_MAX_SENTENCES", "1e9x"),
    ):
        t.tried += 1
        code, out = run([*CLI, "ingest", str(work), "--db", str(work / "s.sqlite")], env={**os.environ, k: v})
        if code != 2 or "Traceback" in out or out.count(k) != 1:
            t.crashes += 1
            t.notes.append(f"{k}={v}: exit {code}")
    return t


def _descendants(pid: int) -> set[int]:
    kids: dict[int, list[int]] = {}
    for e in os.listdir("/proc"):
        if e.isdigit():
            try:
                ppid = int(Path(f"/proc/{e}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(e))
    out, todo = set(), [pid]
    while todo:
        for c in kids.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"
    except OSError:
        return False


def part_signals(shared: Path, work: Path) -> Tally:
    t = Tally("signals, `ingest --workers 2`")
    voa = shared / "corpus" / "afghanistan-2021" / "voa"
    expected = len(list(voa.glob("*.txt")))
    for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
        t.tried += 1
        db = work / f"sig{sig}.sqlite"
        p = subprocess.Popen(
            [*CLI, "ingest", str(voa), "--db", str(db), "--workers", "2", "--batch-size", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 600
        kids: set[int] = set()
        while time.monotonic() < deadline and p.poll() is None:
            kids = _descendants(p.pid)
            if len(kids) >= 4:  # resource tracker, forkserver, two workers
                time.sleep(8)
                kids |= _descendants(p.pid)
                break
            time.sleep(0.5)
        p.send_signal(sig)
        try:
            _, err = p.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            t.hangs += 1
            p.kill()
            err = ""
        if "Traceback" in err:
            t.crashes += 1
        time.sleep(5)
        left = [k for k in kids if _alive(k)]
        for k in left:
            os.kill(k, signal.SIGKILL)
        code, out = run([*CLI, "ingest", str(voa), "--db", str(db)], timeout=900)
        n = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
        t.lost += max(0, expected - n)
        t.notes.append(
            f"{signal.Signals(sig).name}: exit {p.returncode}, {len(left)} of {len(kids)} processes "
            f"left, rerun exit {code}, {n}/{expected} stored"
        )
    return t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.environ.get("SITROOM_SHARED", "../shared"))
    ap.add_argument("--flips", type=int, default=15)
    ap.add_argument("--out", default=None, help="working folder (default: a new temporary one, removed after)")
    args = ap.parse_args()
    shared = Path(args.shared).resolve()
    work = Path(args.out or tempfile.mkdtemp(prefix="sitroom-hostile-"))
    work.mkdir(parents=True, exist_ok=True)
    work.chmod(0o755)
    bad = work / "bad"
    bad.mkdir()
    bad.chmod(0o755)
    t0 = time.time()
    tallies = [part_readers(bad), part_settings(work / "bad")]
    tallies.append(part_cli(bad, work))
    tallies.append(part_stores(shared, work, args.flips))
    tallies.append(part_signals(shared, work))
    print("| part | inputs tried | crashes | hangs | rows lost | notes |\n|---|---|---|---|---|---|")
    for t in tallies:
        print(t.line())
    print(f"\n{time.time() - t0:.0f} s")
    (bad / "locked").chmod(0o755)
    if not args.out:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
