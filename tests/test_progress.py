"""Progress bars show on a terminal only: piped or logged, a long loop prints nothing but its own output."""

from __future__ import annotations

import io

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
