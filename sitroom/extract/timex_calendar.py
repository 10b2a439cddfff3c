"""The vocabulary and the calendar arithmetic of the temporal-expression rules (:mod:`sitroom.extract.timex_rules`).

Number and unit words (the words themselves are data: ``sitroom/data/lexicon``), the words that make a number a
quantity rather than a year or a day, date arithmetic (months, ISO weeks, the year nearest an anchor) and the
tense cues that tell a future month from a past one.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from sitroom.extract import lexicon
from sitroom.ingest import written_dates

# --------------------------------------------------------------------------- vocabulary

# the calendar's names and the written-out day forms are ingest's (a dateline's date is read there, before any
# extraction): sitroom.ingest.written_dates
_MONTH_NUM = written_dates.MONTH_NUM
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

MON_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)(?![A-Za-z])"

_NUM_WORDS = {
    **lexicon.table("numbers", "articles"),
    **lexicon.table("numbers", "cardinals"),
    **lexicon.table("numbers", "tens"),
    "hundred": lexicon.table("numbers", "scales")["hundred"],
    **lexicon.table("numbers", "duration_phrases"),
}
_VAGUE = lexicon.words("numbers", "vague_durations")
NUM = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|a\s+few|a\s+couple(?:\s+of)?|couple\s+of|a\s+dozen|dozens\s+of|half\s+an?|several|few|many|some"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|a\s+hundred"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|an?)"
)
UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|centuries|century)"
_UNIT_CODE = {
    "second": ("T", "S"),
    "minute": ("T", "M"),
    "hour": ("T", "H"),
    "day": ("", "D"),
    "week": ("", "W"),
    "fortnight": ("", "W"),
    "month": ("", "M"),
    "year": ("", "Y"),
    "decade": ("", "DE"),
    "centurie": ("", "CE"),
    "century": ("", "CE"),
}
_UNIT_DAYS = {
    "second": 1 / 86400,
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1,
    "week": 7,
    "fortnight": 14,
    "month": 30.44,
    "year": 365.25,
    "decade": 3652.5,
    "century": 36525,
    "centurie": 36525,
}

# words after a number that make it a quantity, never a year or a day
_COUNT_WORDS = (
    r"(?:km|kms|kilomet(?:er|re)s?|miles?|mi|metres?|meters?|m|feet|ft|yards?|acres?|hectares?|kg|kilograms?|tons?|tonnes?"
    r"|troops|soldiers|people|persons|inhabitants|residents|civilians|families|fighters|militants|insurgents|men|women|children"
    r"|refugees|police(?:men)?|officers|members|personnel|casualties|dead|killed|wounded|injured|prisoners|vehicles|tanks"
    r"|aircraft|planes|rockets|missiles|rounds|votes|seats|districts|provinces|cities|villages|capitals|dollars|euros|pounds"
    r"|afghanis|rupees|percent|per\s*cent|%|points|times|votes|units|houses|homes|buildings|schools|percent)"
)
QUANT_BEFORE = re.compile(
    r"(?i:\b(?:about|around|some|nearly|almost|approximately|roughly|over|under|more\s+than|less\s+than|fewer\s+than|at\s+least"
    r"|at\s+most|up\s+to|estimated|total\s+of|of\s+the|than|had|has|have|killed|wounded|with|and|or|to|by)\s*)$"
)
COUNT_AFTER = re.compile(r"\s*(?:-|\s)?" + _COUNT_WORDS + r"(?![A-Za-z])", re.I)
COUNT_AFTER_ADJ = re.compile(r"\s+(?:[a-z]+[\s-]+){1,2}" + _COUNT_WORDS + r"(?![A-Za-z])", re.I)

# --------------------------------------------------------------------------- helpers


def num(s: str) -> float | None:
    """Numeric value of a quantity word or digits; None for vague quantities."""
    t = re.sub(r"\s+", " ", s.strip().lower()).replace("-", " ")
    if t in _VAGUE:
        return None
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", t):
        return float(t.replace(",", ""))
    if t in _NUM_WORDS:
        return float(_NUM_WORDS[t])
    parts = t.split()
    if len(parts) == 2 and parts[0] in _NUM_WORDS and parts[1] in _NUM_WORDS:
        return float(_NUM_WORDS[parts[0]] + _NUM_WORDS[parts[1]])
    return None


def unit_key(u: str) -> str:
    u = u.lower()
    if u == "centuries":
        return "century"
    return u[:-1] if u.endswith("s") and u not in ("s",) else u


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def duration_value(n: float | None, unit: str) -> str:
    t, code = _UNIT_CODE[unit]
    if unit == "fortnight" and n is not None:
        n *= 2
    q = "X" if n is None else _fmt_num(n)
    return f"P{t}{q}{code}"


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    m += 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def shift(anchor: date, n: float, unit: str) -> date:
    """anchor + n units (n may be negative)."""
    if unit in ("month",):
        return add_months(anchor, int(round(n)))
    if unit in ("year",):
        return add_months(anchor, int(round(n * 12)))
    if unit == "decade":
        return add_months(anchor, int(round(n * 120)))
    if unit == "century":
        return add_months(anchor, int(round(n * 1200)))
    return anchor + timedelta(days=round(n * _UNIT_DAYS[unit]))


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def week_range(d: date) -> tuple[date, date]:
    start = d - timedelta(days=d.weekday())
    return start, start + timedelta(days=6)


def month_no(s: str) -> int:
    return _MONTH_NUM[s.strip().lower()[:3]]


def nearest_year(anchor: date, month: int, day: int) -> date | None:
    best = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((d - anchor).days) < abs((best - anchor).days):
            best = d
    return best


_SENT_BREAK = re.compile(r"[.!?\n]\s|[\n;]")
_FUTURE_CUE = re.compile(
    r"(?i)\b(?:will|shall|would|'ll|going\s+to|(?:is|are|was|were)\s+(?:due|expected|scheduled|set|slated|planned|planning|poised)\s+to"
    r"|plans?\s+to|planned\s+for|scheduled\s+for|expected\s+(?:on|by|in)|next|upcoming|coming|until|by|deadline|ahead\s+of)\b"
)
_PAST_CUE = re.compile(r"(?i)\b(?:had|was|were|did|ago|last|earlier|previous|since)\b")
SINCE_BEFORE = re.compile(r"(?i)\b(?:since|ago|last|earlier|in\s+early|in\s+late)\s+$")
FUTURE_AFTER = re.compile(r"(?i)\s*(?:deadline|target|date\s+for|timeline)\b")


def _clause_before(text: str, start: int, width: int = 90) -> str:
    lo = max(0, start - width)
    seg = text[lo:start]
    cut = None
    for m in _SENT_BREAK.finditer(seg):
        cut = m.end()
    return seg[cut:] if cut is not None else seg


def future_context(text: str, start: int, end: int) -> bool:
    """Future context: a modal or planning verb earlier in the clause, or a following 'deadline'."""
    if FUTURE_AFTER.match(text, end):
        return True
    before = _clause_before(text, start)
    cues = list(_FUTURE_CUE.finditer(before))
    if not cues:
        return False
    last = cues[-1]
    # "until"/"by" alone are future only when the clause has no past-tense cue after them
    word = last.group(0).lower()
    if word in ("until", "by", "ahead of"):
        return not _PAST_CUE.search(before) and bool(
            re.search(r"(?i)\b(?:will|would|shall|'ll|must|expected|plan)", before)
        )
    return True
