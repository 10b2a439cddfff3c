"""Calendar days written out in full: ``2021-08-12``, ``Aug. 12, 2021``, ``Friday, 6 August 2021``.

The patterns here are the calendar vocabulary of the time tagger (:mod:`sitroom.extract.timex` builds its day
rules from them) and of ingest, which reads the date of a dateline before any extraction runs
(:func:`full_date`). They live at ingest's floor so that both read days with one grammar and imports run one
way (extract may import ingest, never the reverse).
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["APPROX", "DAY", "DAY_MON", "ISO_DAY", "MON", "MON_DAY", "MONTH_NUM", "WD", "YEAR", "full_date"]

MONTH_NUM = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# month names, case-sensitive (capitalised), abbreviations with or without a dot
MON = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?\.?|July?\.?|Aug(?:ust|\.)?"
    r"|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)(?![A-Za-z])"
)
WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![A-Za-z])"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w])"
YEAR = r"(?:1[89]\d\d|20\d\d)(?![\w])"
APPROX = (
    r"(?:(?P<approx>around|about|approximately|roughly|circa|some|nearly|almost|as\s+early\s+as|as\s+late\s+as)\s+)"
)

# ISO 8601: 2021-08-12 (not part of a longer code such as 2013-01-S-022)
ISO_DAY = r"(?<![\w-])(?P<y>(?:1[89]|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\w-])"
# "Friday, Aug. 6, 2021", "Jan. 25, 2013", "August 12", "Aug. 8", "Sept. 11th"
MON_DAY = (
    r"(?<![\w])" + r"(?i:" + APPROX + r")?"
    r"(?:(?P<wd>" + WD + r"),?\s+)?(?P<mon>" + MON + r")\s*(?P<d>" + DAY + r")(?!\s*[-\u2013/]\s*\d|:\d|,\d{3})"
    r"(?:(?:,\s*|\s+)(?P<y>" + YEAR + r"))?"
)
# "12 Aug 2021", "12 August", "the 4th of July", "Friday, 6 August 2021"
DAY_MON = (
    r"(?<![\w,.])" + r"(?i:" + APPROX + r")?"
    r"(?:(?P<wd>" + WD + r"),?\s+)?(?:the\s+)?(?P<d>" + DAY + r")(?:\s+of)?\s+(?P<mon>" + MON + r")"
    r"(?:,?\s+(?P<y>" + YEAR + r"))?"
)

_FULL = [re.compile(p) for p in (ISO_DAY, MON_DAY, DAY_MON)]


def month_no(s: str) -> int:
    """A month name or abbreviation → its number."""
    return MONTH_NUM[s.strip().lower()[:3]]


def _day_of(m: re.Match[str]) -> date | None:
    """The day a match names when it is a whole calendar day: a year given, not hedged ("about Aug. 6, 2021")."""
    if not m["y"] or m.groupdict().get("approx"):
        return None
    mon = int(m["m"]) if "m" in m.re.groupindex else month_no(m["mon"])
    d = re.match(r"\d+", m["d"])
    try:
        return date(int(m["y"]), mon, int(d.group(0))) if d else None
    except ValueError:
        return None


def full_date(text: str) -> date | None:
    """The first whole calendar day in ``text`` (a year given, not hedged); None when there is none. For each
    form the first such match counts; of the forms, the one starting first wins."""
    if not text:
        return None
    best: tuple[int, date] | None = None
    for rx in _FULL:
        for m in rx.finditer(text):
            d = _day_of(m)
            if d is not None:
                if best is None or m.start() < best[0]:
                    best = (m.start(), d)
                break
    return best[1] if best else None
