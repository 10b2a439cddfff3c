"""Publication dates as inputs carry them (an ISO date or datetime, a ``date``/``datetime``) → ``date``; and the
guesses for an input that carries none: a day in its file name, or a full date in its dateline."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from sitroom.errors import InputError
from sitroom.ingest.written_dates import full_date

__all__ = ["date_from_dateline", "date_from_name", "parse_published"]

# a day in a file name: 2021-08-12, 2021_08_12, 2021.08.12 or 20210812, not inside a longer number
_NAME_DAY = re.compile(r"(?<!\d)((?:19|20)\d\d)([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")
DATELINE_CHARS = 200  # how far into the text a dateline's date may lie


def date_from_name(origin: str | None) -> date | None:
    """The day a file name holds (``ghazni-2021-08-12.txt``, ``20210812_kabul.html``), else None. Only the
    name: a folder's date says when it was filed, not when the text was published."""
    if not origin:
        return None
    name = re.sub(r":\d+$", "", PurePath(origin).name)  # a JSONL line's origin is file:line
    for m in _NAME_DAY.finditer(name):
        try:
            return date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            continue
    return None


def date_from_dateline(text: str) -> date | None:
    """A full calendar day (with its year) in the text's dateline: the first line, when it is short
    ("KABUL, Aug. 12, 2021 (Reuters) -", "12 August 2021 — ..."). A yearless day is not enough."""
    head = text.lstrip()[:DATELINE_CHARS].split("\n", 1)[0]
    if not head:
        return None
    day = full_date(head)
    return day if day is not None and 1900 <= day.year <= date.today().year + 1 else None


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
            return (
                date.fromisoformat(s[:10])
                if len(s) >= 10 and (len(s) == 10 or s[10] in "T ")
                else date.fromisoformat(s)
            )
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise InputError(origin, f"bad publication date {value!r} (expected an ISO date such as 2021-08-12)")
