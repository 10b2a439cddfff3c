"""Progress bars show on a terminal only: piped or logged, a long loop prints nothing but its own output."""

from __future__ import annotations

import io

import pytest

from sitroom.engine import on_terminal


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_quiet_when_piped():
    out = io.StringIO()
    assert list(on_terminal(range(5), desc="eval x", err=out)) == [0, 1, 2, 3, 4]
    assert out.getvalue() == ""


def test_a_bar_on_a_terminal():
    out = _Terminal()
    assert list(on_terminal(list(range(5)), desc="eval x", err=out)) == [0, 1, 2, 3, 4]
    assert "eval x" in out.getvalue() and "/5" in out.getvalue()  # the bar, cleared when done


# --------------------------------------------------------------------------- the commands that use it

# A text written for this test (not from ../shared) and its gold folder in the project's format: the three evals
# that score a gold folder run on it in a second or two.
_TEXT = (
    "2020-03-02\nExample Wire | https://example.org/kidal\n\nRebels seize Kidal\n\n"
    'Rebels captured the town of Kidal on Sunday, local officials said. "We control the town," a rebel '
    "spokesman told reporters.\n"
)


def _tiny_gold(tmp_path):
    import json

    shared = tmp_path / "shared"
    (shared / "corpus" / "t").mkdir(parents=True)
    (shared / "corpus" / "t" / "001_2020-03-02_kidal.txt").write_text(_TEXT, encoding="utf-8")
    gold = tmp_path / "gold" / "t"
    gold.mkdir(parents=True)
    done = {"kind": "done", "file": "t/001_2020-03-02_kidal.txt", "kinds": ["event", "change", "attribution"]}
    (gold / "001.jsonl").write_text(json.dumps(done) + "\n", encoding="utf-8")
    split = tmp_path / "gold" / "split.yaml"
    split.write_text("tune:\n  mali: ['001']\nheld: {}\n", encoding="utf-8")
    return shared, gold, split


def _eval_args(stage, tmp_path, shared_dir):
    from pathlib import Path

    root = Path(__file__).resolve().parent
    shared, gold, split = _tiny_gold(tmp_path)
    return {
        "timex": ["timex", str(root / "data" / "timex")],
        "isaf": ["isaf", str(shared_dir / "eval" / "isaf-dev" / "isaf_dev.jsonl"), "--limit", "2"],
        "geoparse": ["geoparse", str(shared_dir / "eval" / "geovirus"), "--gold-spans", "--limit", "1"],
        "plover": ["plover", str(root / "fixtures" / "eval" / "plover_mini.json")],
        "petrarch": ["petrarch", str(root / "fixtures" / "eval" / "petrarch_mini.xml")],
        "situation": ["situation", str(gold), "--shared", str(shared), "--split", str(split)],
        "attribution": ["attribution", str(gold), "--shared", str(shared), "--split", str(split)],
        "events": ["events", str(gold), "--shared", str(shared), "--split", str(split)],
    }[stage]


@pytest.mark.parametrize(
    "stage", ["timex", "isaf", "geoparse", "plover", "petrarch", "situation", "attribution", "events"]
)
def test_eval_commands_show_progress_on_a_terminal_only(stage, tmp_path, shared, monkeypatch, capsys):
    import sys

    from sitroom.serve.cli import main

    argv = ["eval", *_eval_args(stage, tmp_path, shared)]
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert main(argv) == 0
    bar = sys.stderr.getvalue()
    assert f"eval {stage}" in bar and "doc" in bar, bar  # label, count and unit of the bar
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    assert main(argv) == 0
    assert piped.getvalue() == ""  # piped or logged: the metrics on stdout and nothing else
    assert capsys.readouterr().out.strip()


def test_ingest_shows_progress_on_a_terminal_only(tmp_path):
    """`sitroom ingest` with stderr on a terminal (a pseudo-terminal here) draws its bar; piped, stderr stays
    empty and stdout holds the one summary line."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    src = tmp_path / "kidal.txt"
    src.write_text(_TEXT, encoding="utf-8")
    cmd = [sys.executable, "-m", "sitroom.serve.cli", "ingest", str(src), "--db"]
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # a terminal 120 columns wide
    try:
        run = subprocess.run([*cmd, str(tmp_path / "a.sqlite")], stdout=subprocess.PIPE, stderr=slave, timeout=600)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    assert run.returncode == 0
    assert b"ingest" in seen and b"art" in seen, seen  # the bar: label and unit
    piped = subprocess.run([*cmd, str(tmp_path / "b.sqlite")], capture_output=True, text=True, timeout=600)
    assert piped.returncode == 0 and piped.stderr == "", piped.stderr
    assert piped.stdout.startswith("ingest: 1 articles read, 1 stored")
