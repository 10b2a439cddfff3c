"""Temporal expressions: find them in raw text and normalise them to TIMEX3 values.

Rule-based and regex-only (no parser), compiled once at import. Every match is
anchored to a reference date -- the publication date, or the dateline date when
the article carries one ("KABUL, Afghanistan (Jan. 25, 2013) -- ... yesterday"
is 2013-01-24 when the caller passes the dateline date as ``anchor``).

Conventions follow the TIMEX3 guidelines as used in TempEval-3:

* the extent excludes signal words ("on", "in", "since", "within", "for") but
  includes modifiers ("around mid-July", "early Wednesday", "the past week",
  "two days ago");
* values: ``2021-08-12``, ``2021-08``, ``2021``, ``2021-W32``, ``2021-W31-WE``,
  ``2021-08-10TEV`` (parts of day: MO AF EV NI), ``2021-08-12T15:00``, ``199``
  (a decade), durations ``P30D`` ``P3W`` ``PT24H`` ``PXM`` (vague), sets
  ``P1D`` / ``XXXX-WXX-5``, and ``PAST_REF`` / ``PRESENT_REF`` / ``FUTURE_REF``;
* ``earliest``/``latest`` bound the days denoted. A deadline ("within 30 days",
  "the next 90 days") runs from the anchor to anchor + N; a look-back ("the past
  week") from anchor - N to the anchor; vague expressions ("a few months ago")
  get a bracket whose middle is the best guess and ``approximate=True``.

Numbers are dates only in date shapes: a number next to a unit or a count
("95 miles", "3,000 troops", "180,000 inhabitants") never becomes a year.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from sitroom.extract import lexicon
from sitroom.extract.actors import name_heads
from sitroom.ingest import written_dates
from sitroom.model import Span, TimeValue

__all__ = ["find_times", "normalise", "parse_date"]

# --------------------------------------------------------------------------- vocabulary

# the calendar's names and the written-out day forms are ingest's (a dateline's date is read there, before any
# extraction): sitroom.ingest.written_dates
_MONTH_NUM = written_dates.MONTH_NUM
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_MON = written_dates.MON  # month names, case-sensitive (capitalised), abbreviations with or without a dot
_MON_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)(?![A-Za-z])"
_WD, _DAY, _YEAR = written_dates.WD, written_dates.DAY, written_dates.YEAR

_NUM_WORDS = {
    **lexicon.table("numbers", "articles"), **lexicon.table("numbers", "cardinals"), **lexicon.table("numbers", "tens"),
    "hundred": lexicon.table("numbers", "scales")["hundred"], **lexicon.table("numbers", "duration_phrases"),
}
_VAGUE = lexicon.words("numbers", "vague_durations")
_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|a\s+few|a\s+couple(?:\s+of)?|couple\s+of|a\s+dozen|dozens\s+of|half\s+an?|several|few|many|some"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|a\s+hundred"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|an?)"
)
_UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|centuries|century)"
_UNIT_CODE = {
    "second": ("T", "S"), "minute": ("T", "M"), "hour": ("T", "H"), "day": ("", "D"), "week": ("", "W"),
    "fortnight": ("", "W"), "month": ("", "M"), "year": ("", "Y"), "decade": ("", "DE"), "centurie": ("", "CE"),
    "century": ("", "CE"),
}
_UNIT_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "fortnight": 14,
              "month": 30.44, "year": 365.25, "decade": 3652.5, "century": 36525, "centurie": 36525}

# words after a number that make it a quantity, never a year or a day
_COUNT_WORDS = (
    r"(?:km|kms|kilomet(?:er|re)s?|miles?|mi|metres?|meters?|m|feet|ft|yards?|acres?|hectares?|kg|kilograms?|tons?|tonnes?"
    r"|troops|soldiers|people|persons|inhabitants|residents|civilians|families|fighters|militants|insurgents|men|women|children"
    r"|refugees|police(?:men)?|officers|members|personnel|casualties|dead|killed|wounded|injured|prisoners|vehicles|tanks"
    r"|aircraft|planes|rockets|missiles|rounds|votes|seats|districts|provinces|cities|villages|capitals|dollars|euros|pounds"
    r"|afghanis|rupees|percent|per\s*cent|%|points|times|votes|units|houses|homes|buildings|schools|percent)"
)
_QUANT_BEFORE = re.compile(
    r"(?i:\b(?:about|around|some|nearly|almost|approximately|roughly|over|under|more\s+than|less\s+than|fewer\s+than|at\s+least"
    r"|at\s+most|up\s+to|estimated|total\s+of|of\s+the|than|had|has|have|killed|wounded|with|and|or|to|by)\s*)$"
)
_COUNT_AFTER = re.compile(r"\s*(?:-|\s)?" + _COUNT_WORDS + r"(?![A-Za-z])", re.I)
_COUNT_AFTER_ADJ = re.compile(r"\s+(?:[a-z]+[\s-]+){1,2}" + _COUNT_WORDS + r"(?![A-Za-z])", re.I)

# --------------------------------------------------------------------------- helpers


def _num(s: str) -> float | None:
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


def _unit_key(u: str) -> str:
    u = u.lower()
    if u == "centuries":
        return "century"
    return u[:-1] if u.endswith("s") and u not in ("s",) else u


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _duration_value(n: float | None, unit: str) -> str:
    t, code = _UNIT_CODE[unit]
    if unit == "fortnight" and n is not None:
        n *= 2
    q = "X" if n is None else _fmt_num(n)
    return f"P{t}{q}{code}"


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    m += 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _shift(anchor: date, n: float, unit: str) -> date:
    """anchor + n units (n may be negative)."""
    if unit in ("month",):
        return _add_months(anchor, int(round(n)))
    if unit in ("year",):
        return _add_months(anchor, int(round(n * 12)))
    if unit == "decade":
        return _add_months(anchor, int(round(n * 120)))
    if unit == "century":
        return _add_months(anchor, int(round(n * 1200)))
    return anchor + timedelta(days=round(n * _UNIT_DAYS[unit]))


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _week_range(d: date) -> tuple[date, date]:
    start = d - timedelta(days=d.weekday())
    return start, start + timedelta(days=6)


def _month_no(s: str) -> int:
    return _MONTH_NUM[s.strip().lower()[:3]]


def _nearest_year(anchor: date, month: int, day: int) -> date | None:
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
_SINCE_BEFORE = re.compile(r"(?i)\b(?:since|ago|last|earlier|in\s+early|in\s+late)\s+$")
_FUTURE_AFTER = re.compile(r"(?i)\s*(?:deadline|target|date\s+for|timeline)\b")


def _clause_before(text: str, start: int, width: int = 90) -> str:
    lo = max(0, start - width)
    seg = text[lo:start]
    cut = None
    for m in _SENT_BREAK.finditer(seg):
        cut = m.end()
    return seg[cut:] if cut is not None else seg


def _future(text: str, start: int, end: int) -> bool:
    """Future context: a modal or planning verb earlier in the clause, or a following 'deadline'."""
    if _FUTURE_AFTER.match(text, end):
        return True
    before = _clause_before(text, start)
    cues = list(_FUTURE_CUE.finditer(before))
    if not cues:
        return False
    last = cues[-1]
    # "until"/"by" alone are future only when the clause has no past-tense cue after them
    word = last.group(0).lower()
    if word in ("until", "by", "ahead of"):
        return not _PAST_CUE.search(before) and bool(re.search(r"(?i)\b(?:will|would|shall|'ll|must|expected|plan)", before))
    return True


# --------------------------------------------------------------------------- rules
# Each rule: compiled regex and a handler (match, text, anchor) -> dict | None. The dict holds
# TimeValue fields; optional key "_span" = (start, end) overrides the match's extent. Rules may
# overlap; the longest match at the earliest position wins.

#
# Speed: running every rule over a whole article costs ~4 ms per rule per 30 KB, so each rule names
# its triggers (lower-case substrings, or "#" for a digit) that every one of its matches contains;
# find_times locates the triggers with str.find and runs a rule only in windows around its triggers.

_Rule = tuple[re.Pattern[str], Callable[..., dict | None], bool]  # (regex, handler, needs_anchor)
_RULES: list[_Rule] = []
_PADS: list[tuple[int, int]] = []  # characters of context (before, after) a trigger that a match can reach
_TRIGGERS: dict[str, list[int]] = {}  # trigger substring -> rule indices

# trigger name -> (alternatives, lower-cased text?). Each rule names the triggers one of which every
# match of it contains. The case-sensitive alternatives are regexes, the lower-case ones literal words.
_TRIGGER_RX: dict[str, tuple[tuple[str, ...], bool]] = {
    "months": ((r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)",), False),
    "weekdays": ((r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day",), False),
    "years": ((r"(?:18|19|20)\d\d",), False),
    "clock": (("a.m", "p.m", "noon", "midnight"), True),
    "units": (("second", "minute", "hour", "day", "week", "fortnight", "month", "year", "decade", "centur"), True),
    "parts": (("morning", "afternoon", "evening", "night"), True),
    "reldays": (("today", "yesterday", "tomorrow", "tonight"), True),
    "seasons": (("week", "weekend", "month", "year", "spring", "summer", "autumn", "fall", "winter"), True),
    "sets": (("daily", "nightly", "annual", "hourly", "weekly", "monthly", "yearly", "every", "each", "once", "twice"), True),
    "deictic": (("now", "current", "present", "moment", "recent", "lately", "soon", "future", "past", "these days", "nowadays"), True),
}
_T_MONTHS = ("months",)
_T_UNITS = ("units",)
_T_PARTS = ("parts",)


def _rule(pattern: str, *, triggers: tuple[str, ...], flags: int = 0, needs_anchor: bool = True, pad: tuple[int, int] = (34, 34)):
    rx = re.compile(pattern, flags)

    def deco(fn):
        _RULES.append((rx, fn, needs_anchor))
        _PADS.append(pad)
        for t in triggers:
            _TRIGGERS.setdefault(t, []).append(len(_RULES) - 1)
        return fn

    return deco


def _day_tv(d: date, approx: bool = False, value: str | None = None, t: str = "DATE") -> dict:
    return {"value": value or d.isoformat(), "type": t, "earliest": d, "latest": d, "approximate": approx}


_APPROX = written_dates.APPROX
_APPROX_WORDS = {"around", "about", "approximately", "roughly", "circa", "some", "nearly", "almost"}


# ISO 8601: 2021-08-12 (not part of a longer code such as 2013-01-S-022)
@_rule(written_dates.ISO_DAY, needs_anchor=False, triggers=("years",))
def _iso(m, text, anchor):
    try:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return _day_tv(d)


# "Friday, Aug. 6, 2021", "Jan. 25, 2013", "August 12", "Aug. 8", "Sept. 11th"
@_rule(written_dates.MON_DAY, needs_anchor=False, triggers=_T_MONTHS)
def _mon_day(m, text, anchor):
    return _day_month(m, text, anchor)


# "12 Aug 2021", "12 August", "the 4th of July", "Friday, 6 August 2021"
@_rule(written_dates.DAY_MON, needs_anchor=False, triggers=_T_MONTHS)
def _day_mon(m, text, anchor):
    return _day_month(m, text, anchor)


def _day_month(m, text, anchor):
    if _COUNT_AFTER.match(text, m.end("d")) and not m["y"] and m.end("d") == m.end():
        return None
    mon = _month_no(m["mon"])
    day = int(re.match(r"\d+", m["d"]).group(0))
    approx = bool(m["approx"])
    if m["y"]:
        try:
            d = date(int(m["y"]), mon, day)
        except ValueError:
            return None
    elif anchor is not None:
        d = _nearest_year(anchor, mon, day)
        if d is None:
            return None
    else:
        if day > 31:
            return None
        return {"value": f"XXXX-{mon:02d}-{day:02d}", "type": "DATE", "approximate": approx}
    tv = _day_tv(d, approx)
    if approx:
        tv["earliest"], tv["latest"] = d - timedelta(days=3), d + timedelta(days=3)
    return tv


_PART = r"(?:(?P<part>early|late|mid-|mid\s+|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|end\s+of|beginning\s+of|start\s+of|middle\s+of)\s*)"


def _part_range(part: str | None, lo: date, hi: date) -> tuple[date, date, str | None]:
    """Sub-range of [lo, hi] for early / mid / late (thirds)."""
    if not part:
        return lo, hi, None
    p = re.sub(r"\s+", " ", part.lower()).strip().rstrip("-").replace("the ", "")
    n = (hi - lo).days + 1
    third = n / 3
    if p in ("early", "beginning of", "start of"):
        return lo, lo + timedelta(days=max(0, round(third) - 1)), "START"
    if p in ("late", "end of"):
        return hi - timedelta(days=max(0, round(third) - 1)), hi, "END"
    # mid, middle of
    mid = lo + timedelta(days=max(0, n // 2 - 1))  # the 15th of a month
    half = max(1, round(third / 2))
    return mid - timedelta(days=half), mid + timedelta(days=half), "MID"


# "August 2021", "early August 2021", "mid-2021" handled below
@_rule(r"(?<![\w])(?i:" + _APPROX + r")?(?i:" + _PART + r")?(?P<mon>" + _MON + r"),?\s+(?P<y>" + _YEAR + r")", needs_anchor=False, triggers=_T_MONTHS)
def _mon_year(m, text, anchor):
    if _COUNT_AFTER.match(text, m.end()):
        return None
    y, mon = int(m["y"]), _month_no(m["mon"])
    lo, hi, _ = _part_range(m["part"], date(y, mon, 1), _month_end(y, mon))
    return {"value": f"{y}-{mon:02d}", "type": "DATE", "earliest": lo, "latest": hi,
            "approximate": bool(m["approx"] or m["part"])}


# bare month: "in May", "a September deadline", "around mid-July", "late July", "last May"
@_rule(r"(?<![\w])(?i:" + _APPROX + r")?(?i:(?P<rel>last|next|this|this\s+coming|this\s+past|past|coming)\s+)?(?i:" + _PART + r")?(?P<mon>" + _MON_FULL + r")", triggers=_T_MONTHS)
def _month(m, text, anchor):
    mon = _month_no(m["mon"])
    name = m["mon"]
    rel = (m["rel"] or "").lower()
    if name in ("May", "March") and not (m["part"] or rel or m["approx"]):
        before = text[max(0, m.start() - 25) : m.start()]
        if not re.search(r"(?i)\b(?:in|since|until|till|by|of|from|to|through|during|before|after|between|and|or|early|late|mid|end|since)\s*$", before) \
                and not _FUTURE_AFTER.match(text, m.end()):
            return None
    if _COUNT_AFTER.match(text, m.end()) or re.match(r"\s+\d", text[m.end() : m.end() + 3]):
        return None
    future = rel in ("next", "coming", "this coming") or (rel == "" and not _SINCE_BEFORE.search(text, max(0, m.start() - 12), m.start()) and _future(text, m.start(), m.end()))
    if rel in ("last", "past", "this past"):
        y = anchor.year if mon < anchor.month else anchor.year - 1
    elif rel == "this":
        y = anchor.year
    elif future:
        y = anchor.year if mon >= anchor.month else anchor.year + 1
    else:
        y = anchor.year if mon <= anchor.month else anchor.year - 1
    lo, hi, _ = _part_range(m["part"], date(y, mon, 1), _month_end(y, mon))
    approx = bool(m["approx"] or m["part"])
    if m["approx"] and m["part"]:
        # "around mid-July": the middle +-5 days
        mid = lo + (hi - lo) / 2
        lo, hi = mid - timedelta(days=5), mid + timedelta(days=5)
    return {"value": f"{y}-{mon:02d}", "type": "DATE", "earliest": lo, "latest": hi, "approximate": approx}


# years: "in 2019", "early 2021", "mid-2020" (never "2000 troops", "$2019", "1,500")
@_rule(r"(?<![\w$£€.,/'-])(?i:" + _APPROX + r")?(?i:" + _PART + r")?(?P<y>(?:19|20)\d\d)(?![\w%-]|[.,]\d|\s*(?:per\s*cent|percent))", needs_anchor=False, triggers=("years",))
def _year(m, text, anchor):
    y = int(m["y"])
    if _COUNT_AFTER.match(text, m.end()):
        return None
    start_y = m.start("y")
    before = text[max(0, start_y - 30) : start_y]
    if not re.search(r"(?i)\b(?:in|since|until|by|from|during|of|before|after|between|and|to|through|early|late|mid)[\s-]*$", before) \
            and _COUNT_AFTER_ADJ.match(text, m.end()):
        return None  # "1900 provincial capitals"
    if not m["part"] and not m["approx"] and _QUANT_BEFORE.search(before) and not re.search(r"(?i)\b(?:in|since|of|by|to|and|or|until|from|than)\s*$", before):
        return None
    if m["approx"] and not m["part"]:
        # "about 2000" is a quantity far more often than a year
        if not re.search(r"(?i)\b(?:in|since|from|until|by)\s+$", text[max(0, m.start() - 8) : m.start()]):
            return None
    nxt = re.match(r"\s+([A-Za-z]+)", text[m.end() : m.end() + 30])
    if nxt and not m["part"]:
        w = nxt.group(1)
        if w.lower().endswith("s") and w.lower() not in ("was", "has", "is", "as", "its", "this", "thus", "us", "his", "plus", "elections", "talks", "accords", "olympics", "games", "protests", "attacks", "negotiations") \
                and not re.search(r"(?i)\b(?:in|since|until|by|from|during|of)\s*$", before):
            return None
    lo, hi, _ = _part_range(m["part"], date(y, 1, 1), date(y, 12, 31))
    return {"value": str(y), "type": "DATE", "earliest": lo, "latest": hi, "approximate": bool(m["part"] or m["approx"])}


# decades: "the 1990s"
@_rule(r"(?<![\w])(?i:(?:the\s+)?(?:early\s+|late\s+|mid-)?)(?P<dec>(?:19|20)\d)0s(?![\w])", needs_anchor=False, triggers=("years",))
def _decade(m, text, anchor):
    y = int(m["dec"]) * 10
    return {"value": m["dec"], "type": "DATE", "earliest": date(y, 1, 1), "latest": date(y + 9, 12, 31), "approximate": False}


_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}


# weekdays: "on Tuesday", "early Wednesday", "Tuesday evening", "next Tuesday", "last Friday"
@_rule(
    r"(?<![\w])(?i:(?P<rel>next|last|this\s+coming|this\s+past|this|past|coming)\s+)?(?i:(?P<mod>early|late|earlier|later)(?:\s+on)?\s+)?"
    r"(?P<wd>" + _WD + r")(?:'s)?(?i:\s+(?P<part>morning|afternoon|evening|night))?",
    triggers=("weekdays",))
def _weekday(m, text, anchor):
    wd = _WEEKDAYS.index(m["wd"].lower())
    rel = (m["rel"] or "").lower()
    delta = (anchor.weekday() - wd) % 7  # days back to the most recent such day (0 = anchor)
    if rel in ("next", "coming", "this coming"):
        d = anchor + timedelta(days=(wd - anchor.weekday()) % 7 or 7)
    elif rel in ("last", "past", "this past"):
        d = anchor - timedelta(days=delta or 7)
    elif _future(text, m.start(), m.end()) and not (m["mod"] or "").lower().startswith("earlier") \
            and not _SINCE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
        d = anchor + timedelta(days=(wd - anchor.weekday()) % 7 or 7)
    else:
        d = anchor - timedelta(days=delta)
    out = _day_tv(d)
    span = m.span()
    if m.group(0).endswith("'s"):
        span = (m.start(), m.end() - 2)
    elif m["wd"] and text[m.end("wd") : m.end("wd") + 2] == "'s" and not m["part"]:
        span = (m.start(), m.end("wd"))
    if m["part"]:
        out.update(value=f"{d.isoformat()}T{_PARTS_OF_DAY[m['part'].lower()]}", type="TIME")
    out["_span"] = span
    return out


# "every Friday": a set
@_rule(r"(?i:\b(?:every|each)\s+)(?P<wd>" + _WD + r")", needs_anchor=False, triggers=("weekdays",))
def _every_weekday(m, text, anchor):
    return {"value": f"XXXX-WXX-{_WEEKDAYS.index(m['wd'].lower()) + 1}", "type": "SET"}


_REL_DAY = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "the day before yesterday": -2, "the day after tomorrow": 2}


# relative days and parts of days
@_rule(
    r"(?i)(?<![\w])(?:(?P<mod>early|late|earlier|later)\s+)?(?P<rel>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight)"
    r"(?:\s+(?P<part>morning|afternoon|evening|night))?(?![\w])",
    triggers=("reldays",), pad=(30, 22))
def _rel_day(m, text, anchor):
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    d = anchor + timedelta(days=_REL_DAY[rel])
    out = _day_tv(d)
    part = (m["part"] or "").lower() or ("night" if rel == "tonight" else "")
    if part:
        out.update(value=f"{d.isoformat()}T{_PARTS_OF_DAY[part]}", type="TIME")
    if m.group(0).lower().endswith("'s"):
        out["_span"] = (m.start(), m.end() - 2)
    return out


@_rule(r"(?i)(?<![\w])(?:(?P<rel>last|this|early\s+this|late\s+last|late\s+this|earlier\s+this|later\s+this)\s+)(?P<part>morning|afternoon|evening|night)(?![\w])", triggers=_T_PARTS)
def _this_part(m, text, anchor):
    rel = m["rel"].lower()
    part = m["part"].lower()
    if "last" in rel:
        d = anchor - timedelta(days=1) if part in ("night", "evening") else anchor - timedelta(days=1)
        if part == "night":
            d = anchor - timedelta(days=1)
    else:
        d = anchor
    out = _day_tv(d)
    out.update(value=f"{d.isoformat()}T{_PARTS_OF_DAY[part]}", type="TIME")
    return out


# clock times: "3 p.m.", "10:30 a.m.", "noon", "midnight"
@_rule(r"(?i)(?<![\w:.])(?:(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|am|pm)(?![\w])|(?<![\w-])(?P<word>noon|midnight)(?![\w-]))", triggers=("clock",))
def _clock(m, text, anchor):
    if m["word"]:
        hh, mm = (12, 0) if m["word"].lower() == "noon" else (24, 0)
    else:
        hh = int(m["h"]) % 12 + (12 if m["ap"].lower().startswith("p") else 0)
        mm = int(m["mi"] or 0)
    d = anchor
    if hh == 24:
        hh = 0
        d = anchor + timedelta(days=1) if _future(text, m.start(), m.end()) else anchor
    end = m.end()
    # a sentence-final "p.m." keeps its dot inside the extent; nothing to trim
    return {"value": f"{d.isoformat()}T{hh:02d}:{mm:02d}", "type": "TIME", "earliest": d, "latest": d, "_span": (m.start(), end)}


# "last week", "this month", "earlier this year", "next year", "last weekend", "this summer"
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}


@_rule(
    r"(?i)(?<![\w])(?:(?P<mod>earlier|later|early|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|end\s+of)\s+)?"
    r"(?P<rel>last|this|next|past|coming|previous)\s+(?P<unit>week|weekend|month|year|spring|summer|autumn|fall|winter)(?![\w])",
    triggers=("seasons",), pad=(30, 12))
def _rel_period(m, text, anchor):
    rel, unit = m["rel"].lower(), m["unit"].lower()
    mod = (m["mod"] or "").lower()
    # "the past week" / "the last week" / "the coming week": a stretch, not a calendar unit
    if re.search(r"(?i)\bthe\s+$", text[max(0, m.start() - 4) : m.start()]) and not mod and rel in ("past", "last", "next", "coming"):
        return None  # handled by the stretch rule (it includes "the")
    if rel == "past" or rel == "previous":
        rel = "last"
    if rel == "coming":
        rel = "next"
    step = {"last": -1, "this": 0, "next": 1}[rel]
    approx = False
    if unit == "week":
        d = anchor + timedelta(days=7 * step)
        lo, hi = _week_range(d)
        value = _week(d)
    elif unit == "weekend":
        if step == -1 or (step == 0 and anchor.weekday() < 5 and not _future(text, m.start(), m.end())):
            sat = anchor - timedelta(days=(anchor.weekday() - 5) % 7 or 7)
        elif step == 0:
            sat = anchor - timedelta(days=anchor.weekday() - 5) if anchor.weekday() >= 5 else anchor + timedelta(days=5 - anchor.weekday())
        else:
            sat = anchor + timedelta(days=(5 - anchor.weekday()) % 7 or 7)
        lo, hi = sat, sat + timedelta(days=1)
        value = _week(sat) + "-WE"
    elif unit == "month":
        d = _add_months(anchor.replace(day=1), step)
        lo, hi = d, _month_end(d.year, d.month)
        value = f"{d.year}-{d.month:02d}"
    elif unit == "year":
        y = anchor.year + step
        lo, hi = date(y, 1, 1), date(y, 12, 31)
        value = str(y)
    else:  # seasons (northern hemisphere)
        code = _SEASONS[unit]
        y = anchor.year + step
        months = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}[code]
        if code == "WI":
            lo, hi = date(y, 12, 1), _month_end(y + 1, 2)
        else:
            lo, hi = date(y, months[0], 1), _month_end(y, months[1])
        value = f"{y}-{code}"
        approx = True
    if mod in ("earlier", "early", "the beginning of", "the start of"):
        if step == 0 and mod == "earlier":
            hi = min(hi, anchor)
        else:
            lo, hi, _ = _part_range("early", lo, hi)
        approx = True
    elif mod in ("later", "late", "the end of", "end of"):
        if step == 0 and mod == "later":
            lo = max(lo, anchor)
        else:
            lo, hi, _ = _part_range("late", lo, hi)
        approx = True
    elif mod == "the middle of":
        lo, hi, _ = _part_range("mid", lo, hi)
        approx = True
    return {"value": value, "type": "DATE", "earliest": lo, "latest": hi, "approximate": approx}


# "the spring", "this summer" handled above; "the spring" alone: the most recent such season
@_rule(r"(?i)(?<![\w])the\s+(?P<unit>spring|summer|autumn|fall|winter)(?![\w])", triggers=("seasons",), pad=(6, 8))
def _the_season(m, text, anchor):
    if re.match(r"\s+(?:of|offensive|session|campaign)\b", text[m.end() : m.end() + 12], re.I):
        return None
    code = _SEASONS[m["unit"].lower()]
    first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    y = anchor.year if (anchor.month >= first or code == "WI") else anchor.year - 1
    if code == "WI" and anchor.month < 12:
        y = anchor.year - 1
    if _future(text, m.start(), m.end()) and not (anchor.month >= first and anchor.month <= first + 2):
        y = anchor.year if anchor.month < first else anchor.year + 1
    lo = date(y, first, 1)
    hi = _month_end(y + 1, 2) if code == "WI" else _month_end(y, first + 2)
    return {"value": f"{y}-{code}", "type": "DATE", "earliest": lo, "latest": hi, "approximate": True}


# "for weeks", "over months", "in years": a vague duration (the signal word stays outside)
@_rule(r"(?i)(?<![\w])(?:for|over|in|within|after|lasted|took)\s+(?P<u>(?:days|weeks|months|years|decades))(?![\w-])(?!\s+(?:of|ago|later|earlier|before|after|to\s+come)\b)",
       needs_anchor=False, triggers=_T_UNITS, pad=(10, 12))
def _vague_units(m, text, anchor):
    return {"value": _duration_value(None, _unit_key(m["u"])), "type": "DURATION", "approximate": True, "_span": m.span("u")}


# stretches: "the past week", "the past two days", "the last 24 hours", "the next 30 days", "the coming weeks"
@_rule(
    r"(?i)(?<![\w])the\s+(?P<rel>past|last|next|coming|previous|following|first|final)\s+(?:(?P<n>" + _NUM + r")\s+)?(?P<unit>" + _UNIT + r")(?![\w])",
    triggers=_T_UNITS, pad=(34, 14))
def _stretch(m, text, anchor):
    rel = m["rel"].lower()
    unit = _unit_key(m["unit"])
    plural = m["unit"].lower().endswith("s") or m["unit"].lower() == "centuries"
    if rel in ("previous", "following", "first", "final"):
        # relative to another event, not to the anchor: a duration without a range
        n = _num(m["n"]) if m["n"] else (None if plural else 1)
        return {"value": _duration_value(n, unit), "type": "DURATION", "_no_anchor_ok": True}
    n = _num(m["n"]) if m["n"] else (None if plural else 1)
    vague = n is None
    span_n = n if n is not None else {"day": 5, "week": 3, "month": 3, "year": 3, "hour": 12, "minute": 30}.get(unit, 3)
    if rel in ("past", "last"):
        lo, hi = _shift(anchor, -span_n, unit), anchor
    else:
        lo, hi = anchor, _shift(anchor, span_n, unit)
    return {"value": _duration_value(n, unit), "type": "DURATION", "earliest": lo, "latest": hi, "approximate": vague}


# "just over a week ago", "a little over ten days ago", "more than a month ago", "nearly two weeks ago": a point
# off the plain "N units ago" day, to the past (over, more than) or towards the anchor (under, nearly, less than);
# "just", "a little", "slightly" keep it close (a tenth of the span), bare "over" / "more than" a quarter.
_AGO_NEAR = re.compile(r"(?i)^(?:just|a\s+little|slightly|a\s+bit|little|only)\s+")


def _ago_side(approx: str | None) -> tuple[int, bool] | None:
    """(direction, near) of an "ago" modifier: -1 further back, +1 nearer the anchor; None for none or "about"."""
    if not approx:
        return None
    a = " ".join(approx.lower().split())
    near = bool(_AGO_NEAR.match(a))
    core = _AGO_NEAR.sub("", a)
    if core in ("over", "more than"):
        return -1, near
    if core in ("under", "less than"):
        return 1, near
    if core in ("nearly", "almost"):
        return 1, True
    return None


def _ago_off(anchor: date, n: float, unit: str, direction: int, near: bool) -> dict:
    """The approximate point of "just over a week ago" (anchor Mon 23 Aug: a week ago is 16 Aug, just over it
    15 Aug, bounds 14..16 Aug); "less than N units ago" spans from N units back to the anchor. ``value`` keeps the
    unit's granularity (day, week, month, year) at the point; ``earliest``/``latest`` are symmetric around it, so
    :attr:`TimeValue.point` is the point."""
    base = _shift(anchor, -n, unit)
    span = (anchor - base).days
    if direction > 0 and not near:
        lo, hi, point = base, anchor, date.fromordinal((base.toordinal() + anchor.toordinal()) // 2)
    else:
        off = max(1, round(span * (0.1 if near else 0.25)))
        point = base + timedelta(days=direction * off)
        if point >= anchor:
            point = anchor - timedelta(days=1)
        lo, hi = point - timedelta(days=off), min(anchor, point + timedelta(days=off))
        if hi - point < point - lo:
            lo = point - (hi - point)
    if unit in ("week", "fortnight"):
        value = _week(point)
    elif unit == "month":
        value = f"{point.year}-{point.month:02d}"
    elif unit == "year":
        value = str(point.year)
    elif unit in ("decade", "century", "centurie"):
        value = str(point.year // 10)
    else:
        value = point.isoformat()
    return {"value": value, "type": "DATE", "earliest": lo, "latest": hi, "approximate": True}


# "two days ago", "a few months ago", "about a year ago"
def _ago(m, text, anchor):
    unit = _unit_key(m["unit"])
    n = _num(m["n"])
    approx = bool(m["approx"]) and m["approx"].lower() not in ("just", "only", "barely")
    if n is None:
        # vague: "a few months ago" ~ 2..6 months, "several years ago" ~ 2..7 years
        lo_n, hi_n = {"few": (2, 6), "several": (3, 8), "many": (4, 12), "some": (2, 8), "dozens": (24, 60)}.get(
            m["n"].lower().split()[-1] if m["n"].lower() != "dozens of" else "dozens", (2, 6))
        if m["n"].lower().startswith("a few") or m["n"].lower() == "few":
            lo_n, hi_n = 2, 6
        return {"value": "PAST_REF", "type": "DATE", "earliest": _shift(anchor, -hi_n, unit), "latest": _shift(anchor, -lo_n, unit), "approximate": True}
    mod = _ago_side(m["approx"])
    if mod is not None and unit not in ("hour", "minute", "second"):
        return _ago_off(anchor, n, unit, *mod)
    d = _shift(anchor, -n, unit)
    if unit in ("day", "hour", "minute", "second"):
        out = _day_tv(d, approx)
        if approx:
            w = max(1, round(n * 0.2))
            out["earliest"], out["latest"] = d - timedelta(days=w), d + timedelta(days=w)
        return out
    if unit in ("week", "fortnight"):
        lo, hi = _week_range(d)
        return {"value": _week(d), "type": "DATE", "earliest": lo, "latest": hi, "approximate": approx}
    if unit == "month":
        return {"value": f"{d.year}-{d.month:02d}", "type": "DATE", "earliest": d.replace(day=1), "latest": _month_end(d.year, d.month), "approximate": approx}
    if unit == "year":
        return {"value": str(d.year), "type": "DATE", "earliest": date(d.year, 1, 1), "latest": date(d.year, 12, 31), "approximate": approx}
    dec = d.year // 10
    return {"value": str(dec), "type": "DATE", "earliest": date(dec * 10, 1, 1), "latest": date(dec * 10 + 9, 12, 31), "approximate": True}


# durations: "30 days", "three weeks", "a two-day visit", "24 hours"; deadlines when preceded by "within"
_DEADLINE_BEFORE = re.compile(r"(?i)\b(?:within|in\s+less\s+than|in\s+under|in\s+no\s+more\s+than|in\s+the\s+next|over\s+the\s+next|within\s+the\s+next|by\s+the\s+end\s+of)\s*$")
_LOOKBACK_BEFORE = re.compile(r"(?i)\b(?:in\s+the\s+(?:past|last)|over\s+the\s+(?:past|last)|during\s+the\s+(?:past|last))\s*$")


@_rule(
    r"(?i)(?<![\w,.])(?:(?P<approx>(?:(?:just|a\s+little|slightly|a\s+bit|little|only)\s+)?(?:more\s+than|less\s+than|over|under)"
    r"|about|around|nearly|almost|some|roughly|approximately|up\s+to|at\s+least|just|only|barely)\s+)?"
    r"(?P<n>" + _NUM + r")(?P<sep>\s+|-)(?P<unit>" + _UNIT + r")(?P<ago>\s+(?:ago|earlier))?(?![\w-])",
    needs_anchor=False, triggers=_T_UNITS, pad=(36, 16),
)
def _duration(m, text, anchor):
    if m["ago"]:
        if anchor is None or m["sep"] == "-":
            return None
        return _ago(m, text, anchor)
    if m["approx"] and (m["approx"].lower() in ("just", "only", "barely") or re.search(r"(?i)\b(?:over|under)$", m["approx"])):
        # "over three days": the modifier is a signal, not part of the duration
        return _duration_plain(m, text, anchor, span=(m.start("n"), m.end()))
    return _duration_plain(m, text, anchor)


def _duration_plain(m, text, anchor, span=None):
    unit = _unit_key(m["unit"])
    n = _num(m["n"])
    if n is None and m["n"].lower() in ("some", "many") and not m["unit"].lower().endswith("s"):
        return None
    if n is not None and n > 1 and not m["unit"].lower().endswith("s") and "-" not in m.group(0)[len(m["n"]) if not m["approx"] else 0:]:
        # "30 day" without hyphen is odd; still a duration
        pass
    if re.match(r"\s+(?:old|of\s+age)\b", text[m.end() : m.end() + 10]):
        return {"value": _duration_value(n, unit), "type": "DURATION", "_no_anchor_ok": True}
    out: dict = {"value": _duration_value(n, unit), "type": "DURATION", "approximate": bool(m["approx"]) or n is None}
    if span:
        out["_span"] = span
        out["approximate"] = n is None
    if anchor is not None:
        before = text[max(0, m.start() - 30) : m.start()]
        span_n = n if n is not None else 3
        if _DEADLINE_BEFORE.search(before) or (re.search(r"(?i)\bin\s*$", before) and _future(text, m.start(), m.end())):
            out["earliest"], out["latest"] = anchor, _shift(anchor, span_n, unit)
        elif _LOOKBACK_BEFORE.search(before):
            out["earliest"], out["latest"] = _shift(anchor, -span_n, unit), anchor
    return out


# sets: "every day", "daily", "each week", "twice a week", "annually"
_SET_WORDS = {"daily": "P1D", "nightly": "TNI", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H"}


@_rule(r"(?i)(?<![\w-])(?:(?:every|each|per)\s+(?P<unit>day|night|week|month|year|hour|morning|evening)|(?P<freq>once|twice|three\s+times)\s+an?\s+(?P<unit2>day|week|month|year)|(?P<word>daily|nightly|weekly|monthly|annually|yearly|hourly))(?![\w-])", needs_anchor=False, triggers=("sets",), pad=(20, 20))
def _set(m, text, anchor):
    if m["word"]:
        return {"value": _SET_WORDS[m["word"].lower()], "type": "SET"}
    u = (m["unit"] or m["unit2"]).lower()
    if u in ("morning", "evening", "night"):
        return {"value": f"XXXX-XX-XXT{_PARTS_OF_DAY[u]}", "type": "SET"}
    code = {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y", "hour": "PT1H"}[u]
    return {"value": code, "type": "SET"}


# deictic references: now, currently, recently, soon, the future, recent weeks
@_rule(r"(?i)(?<![\w'-])(?:(?P<now>now|currently|at\s+present|right\s+now|these\s+days|nowadays|at\s+the\s+moment)|(?P<recently>recently|lately|in\s+recent\s+times)|(?P<future>soon|the\s+future|in\s+the\s+coming\s+(?P<cu>days|weeks|months|years)|the\s+coming\s+(?P<cu2>days|weeks|months|years))|(?P<past>the\s+past|(?:in\s+)?recent\s+(?P<ru>days|weeks|months|years)))(?![\w'-])", triggers=("deictic",), pad=(10, 22))
def _deictic(m, text, anchor):
    if m["now"]:
        if m["now"].lower() == "now" and re.match(r"\s*(?:that|-)", text[m.end() : m.end() + 6]):
            return None
        return {"value": "PRESENT_REF", "type": "DATE", "earliest": anchor, "latest": anchor}
    if m["recently"]:
        return {"value": "PAST_REF", "type": "DATE", "earliest": anchor - timedelta(days=30), "latest": anchor, "approximate": True}
    if m["future"]:
        u = (m["cu"] or m["cu2"] or "").lower()
        days = {"days": 7, "weeks": 30, "months": 180, "years": 1095}.get(u, 60 if "soon" in m["future"].lower() else 3650)
        start = m.start("future")
        span = (start, m.end())
        if m["future"].lower().startswith("in the coming"):
            span = (start + 3, m.end())
        return {"value": "FUTURE_REF", "type": "DATE", "earliest": anchor, "latest": anchor + timedelta(days=days), "approximate": True, "_span": span}
    u = (m["ru"] or "").lower()
    days = {"days": 7, "weeks": 28, "months": 120, "years": 1095}.get(u, 3650)
    span = (m.start(), m.end())
    if m["past"].lower().startswith("in "):
        span = (m.start() + 3, m.end())
    return {"value": "PAST_REF", "type": "DATE", "earliest": anchor - timedelta(days=days), "latest": anchor, "approximate": True, "_span": span}


# --------------------------------------------------------------------------- API




def _build_scanners() -> tuple[list[tuple[re.Pattern[str], list[int]]], list[tuple[str, list[int]]]]:
    """Case-sensitive trigger regexes, and lower-case root words for str.find.

    A root is a trigger word containing no other trigger word ("day" stands for "today",
    "these days"); it fires the rules of every trigger word it is part of.
    """
    cased = []
    for name, (alts, lower) in _TRIGGER_RX.items():
        if not lower and _TRIGGERS.get(name):
            cased.append((re.compile("|".join(alts)), list(_TRIGGERS[name])))
    word_rules: dict[str, list[int]] = {}
    for name, (alts, lower) in _TRIGGER_RX.items():
        if lower:
            for w in alts:
                word_rules.setdefault(w, []).extend(_TRIGGERS.get(name, []))
    roots = [w for w in word_rules if not any(o != w and o in w for o in word_rules)]
    lowered = []
    for r in roots:
        rules = sorted({i for w, rs in word_rules.items() if r in w for i in rs})
        if rules:
            lowered.append((r, rules))
    return cased, lowered


def _windows(text: str, anchor: date | None) -> list[tuple[int, int, int]]:
    """(rule index, start, end): merged windows around each rule's triggers."""
    hits: dict[int, list[int]] = {}
    for rx, rules in _SCAN_CASED:
        pos = [m.start() for m in rx.finditer(text)]
        if pos:
            for r in rules:
                hits.setdefault(r, []).extend(pos)
    low = text.lower()
    find = low.find
    for word, rules in _SCAN_LOWER:
        i = find(word)
        if i < 0:
            continue
        pos = []
        while i >= 0:
            pos.append(i)
            i = find(word, i + 1)
        for r in rules:
            hits.setdefault(r, []).extend(pos)
    out = []
    n = len(text)
    for r, positions in hits.items():
        if _RULES[r][2] and anchor is None:
            continue
        left, right = _PADS[r]
        positions.sort()
        s, e = max(0, positions[0] - left), min(n, positions[0] + right)
        for p in positions[1:]:
            if p - left <= e:
                e = min(n, p + right)
            else:
                out.append((r, s, e))
                s, e = max(0, p - left), min(n, p + right)
        out.append((r, s, e))
    return out


_SCAN_CASED, _SCAN_LOWER = _build_scanners()


_NEXT_WORD = re.compile(r"[ \t]+([A-Z][\w'-]*)")


def _in_name(text: str, end: int) -> bool:
    """A date inside an organisation's name: "the March 23 Movement", "the 6 April Youth Movement" (the word after
    it is a head noun of names, from the actor vocabulary)."""
    m = _NEXT_WORD.match(text, end)
    if not m:
        return False
    return m.group(1) in name_heads()


def find_times(text: str, anchor: date | None, *, offset: int = 0) -> list[TimeValue]:
    """Every temporal expression in ``text``, normalised against ``anchor``.

    Spans are ``offset`` + position in ``text``. Without an anchor only
    absolute dates, durations and sets are returned.
    """
    if not text:
        return []
    cands: list[tuple[int, int, int, dict]] = []
    for order, ws, we in _windows(text, anchor):
        rx, fn, _ = _RULES[order]
        for m in rx.finditer(text, ws, we):
            try:
                res = fn(m, text, anchor)
            except (ValueError, OverflowError, KeyError, IndexError):
                res = None
            if res is None:
                continue
            s, e = res.pop("_span", m.span())
            res.pop("_no_anchor_ok", None)
            # trim whitespace and dangling punctuation at the edges
            while s < e and text[s].isspace():
                s += 1
            while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
                e -= 1
            if e > s and not _in_name(text, e):
                cands.append((s, e, order, res))
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    out: list[TimeValue] = []
    last_end = -1
    for s, e, _, res in cands:
        if s < last_end:
            continue
        last_end = e
        exp = text[s:e]
        out.append(TimeValue(text=exp, span=Span(start=offset + s, end=offset + e, text=exp), anchor=anchor, **res))
    _clock_days(text, out, offset)
    return out


_JOIN = re.compile(r"(?i)\s*(?:,\s*|\s+on\s+|\s+at\s+|\s+)?$")


def _clock_days(text: str, times: list[TimeValue], offset: int) -> None:
    """"5 a.m. on Wednesday", "Wednesday at 5 a.m.": the clock time takes that day."""
    for i, t in enumerate(times):
        if t.type != "TIME" or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", t.value):
            continue
        for j in (i + 1, i - 1):
            if not 0 <= j < len(times):
                continue
            o = times[j]
            if o.type != "DATE" or o.earliest is None or o.earliest != o.latest or not re.fullmatch(r"\d{4}-\d\d-\d\d", o.value):
                continue
            a, b = (t, o) if j > i else (o, t)
            gap = text[a.span.end - offset : b.span.start - offset]
            if len(gap) <= 5 and re.fullmatch(r"\s*(?:,|on|at|,\s*at)?\s*", gap, re.I):
                t.value = o.value + t.value[10:]
                t.earliest = t.latest = o.earliest
                break


def normalise(expression: str, anchor: date | None) -> TimeValue | None:
    """The normalised value of one expression (signal words such as "within" or "since" may be included)."""
    found = find_times(expression, anchor)
    if not found:
        return None
    return max(found, key=lambda t: (t.span.end - t.span.start, -t.span.start))


_ABS_RULES = [r for r in _RULES if r[1] in (_iso, _mon_day, _day_mon)]


def parse_date(text: str, anchor: date | None = None) -> date | None:
    """First absolute calendar day in ``text`` ("Jan. 25, 2013", "12 Aug 2021", "2021-08-12").

    A yearless date ("Aug. 8", "June 14") needs ``anchor`` (it takes the year
    that puts it nearest the anchor); without one it is not a date.
    """
    if not text:
        return None
    best: tuple[int, date] | None = None
    for rx, fn, _ in _ABS_RULES:
        for m in rx.finditer(text):
            res = fn(m, text, anchor)
            if res and res.get("earliest") and not res.get("approximate"):
                if best is None or m.start() < best[0]:
                    best = (m.start(), res["earliest"])
                break
    return best[1] if best else None
