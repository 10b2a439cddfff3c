"""The one date helper: a day from whatever a store row, a model or the situation layer holds, and back to ISO."""

from __future__ import annotations

from datetime import date
from typing import Any

__all__ = ["day", "iso"]


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


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
