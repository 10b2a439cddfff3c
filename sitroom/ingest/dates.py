"""Publication dates as inputs carry them (an ISO date or datetime, a ``date``/``datetime``) → ``date``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sitroom.errors import InputError

__all__ = ["parse_published"]


def parse_published(value: Any, origin: str = "<argument>") -> date | None:
    """A date, datetime or ISO string (``2021-08-12``, ``2021-08-12T10:00:00Z``) → date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        s = value.strip()
        try:
            return date.fromisoformat(s[:10]) if len(s) >= 10 and (len(s) == 10 or s[10] in "T ") else date.fromisoformat(s)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise InputError(origin, f"bad publication date {value!r} (expected an ISO date such as 2021-08-12)")
