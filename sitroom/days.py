"""The one date helper: a day from whatever a store row, a model or the situation layer holds, and back to ISO; and
a day as a command-line argument."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any, overload

__all__ = ["arg_day", "day", "iso"]


def day(v: Any) -> date | None:
    """A date from a date, datetime or ISO string (None when it is none of them)."""
    if v is None or v == "":
        return None
    if isinstance(v, date):
        return v if type(v) is date else date(v.year, v.month, v.day)
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


@overload
def iso(d: date) -> str: ...
@overload
def iso(d: Any) -> Any: ...
def iso(d: Any) -> Any:
    """A date (or datetime) as ISO text; anything else as it is (None, or a value already written as text)."""
    return d.isoformat() if isinstance(d, date) else d


def arg_day(value: str) -> date:
    """A ``YYYY-MM-DD`` command-line argument (argparse's ``type``): the day, or argparse's error naming it."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (expected YYYY-MM-DD)") from None
