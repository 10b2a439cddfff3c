"""The rule table of the temporal expressions, and its rules for points on the calendar.

Each rule: compiled regex and a handler (match, text, anchor) -> dict | None (see below). The rules register
themselves in :data:`RULES` at import (with :func:`rule`), with the context they reach (:data:`PADS`) and the
trigger words that every one of their matches contains (:data:`TRIGGERS`, :data:`TRIGGER_RX`);
:mod:`sitroom.extract.timex` runs them. Here: calendar dates, months, years, decades, weekdays, relative days,
parts of days, clock times. The rules for periods, durations and sets (:mod:`sitroom.extract.timex_periods`)
register after these.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from sitroom.extract.timex_calendar import (
    COUNT_AFTER,
    COUNT_AFTER_ADJ,
    FUTURE_AFTER,
    MON_FULL,
    QUANT_BEFORE,
    SINCE_BEFORE,
    WEEKDAYS,
    future_context,
    month_end,
    month_no,
    nearest_year,
)
from sitroom.ingest import written_dates

_MON = written_dates.MON  # month names, case-sensitive (capitalised), abbreviations with or without a dot
_WD, _DAY, _YEAR = written_dates.WD, written_dates.DAY, written_dates.YEAR

# Each rule: compiled regex and a handler (match, text, anchor) -> dict | None. The dict holds
# TimeValue fields; optional key "_span" = (start, end) overrides the match's extent. Rules may
# overlap; the longest match at the earliest position wins.

#
# Speed: running every rule over a whole article costs ~4 ms per rule per 30 KB, so each rule names
# its triggers (lower-case substrings, or "#" for a digit) that every one of its matches contains;
# find_times locates the triggers with str.find and runs a rule only in windows around its triggers.

_Rule = tuple[re.Pattern[str], Callable[..., dict | None], bool]  # (regex, handler, needs_anchor)
RULES: list[_Rule] = []
PADS: list[tuple[int, int]] = []  # characters of context (before, after) a trigger that a match can reach
TRIGGERS: dict[str, list[int]] = {}  # trigger substring -> rule indices

# trigger name -> (alternatives, lower-cased text?). Each rule names the triggers one of which every
# match of it contains. The case-sensitive alternatives are regexes, the lower-case ones literal words.
TRIGGER_RX: dict[str, tuple[tuple[str, ...], bool]] = {
    "months": ((r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)",), False),
    "weekdays": ((r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day",), False),
    "years": ((r"(?:18|19|20)\d\d",), False),
    "clock": (("a.m", "p.m", "noon", "midnight"), True),
    "units": (("second", "minute", "hour", "day", "week", "fortnight", "month", "year", "decade", "centur"), True),
    "parts": (("morning", "afternoon", "evening", "night"), True),
    "reldays": (("today", "yesterday", "tomorrow", "tonight"), True),
    "seasons": (("week", "weekend", "month", "year", "spring", "summer", "autumn", "fall", "winter"), True),
    "sets": (
        ("daily", "nightly", "annual", "hourly", "weekly", "monthly", "yearly", "every", "each", "once", "twice"),
        True,
    ),
    "deictic": (
        ("now", "current", "present", "moment", "recent", "lately", "soon", "future", "past", "these days", "nowadays"),
        True,
    ),
}
_T_MONTHS = ("months",)
UNIT_TRIGGERS = ("units",)
_T_PARTS = ("parts",)


def rule(
    pattern: str,
    *,
    triggers: tuple[str, ...],
    flags: int = 0,
    needs_anchor: bool = True,
    pad: tuple[int, int] = (34, 34),
):
    rx = re.compile(pattern, flags)

    def deco(fn):
        RULES.append((rx, fn, needs_anchor))
        PADS.append(pad)
        for t in triggers:
            TRIGGERS.setdefault(t, []).append(len(RULES) - 1)
        return fn

    return deco


def day_value(d: date, approx: bool = False, value: str | None = None, t: str = "DATE") -> dict:
    return {"value": value or d.isoformat(), "type": t, "earliest": d, "latest": d, "approximate": approx}


_APPROX = written_dates.APPROX
_APPROX_WORDS = {"around", "about", "approximately", "roughly", "circa", "some", "nearly", "almost"}


# ISO 8601: 2021-08-12 (not part of a longer code such as 2013-01-S-022)
@rule(written_dates.ISO_DAY, needs_anchor=False, triggers=("years",))
def _iso(m, text, anchor):
    try:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return day_value(d)


# "Friday, Aug. 6, 2021", "Jan. 25, 2013", "August 12", "Aug. 8", "Sept. 11th"
@rule(written_dates.MON_DAY, needs_anchor=False, triggers=_T_MONTHS)
def _mon_day(m, text, anchor):
    return _day_month(m, text, anchor)


# "12 Aug 2021", "12 August", "the 4th of July", "Friday, 6 August 2021"
@rule(written_dates.DAY_MON, needs_anchor=False, triggers=_T_MONTHS)
def _day_mon(m, text, anchor):
    return _day_month(m, text, anchor)


def _day_month(m, text, anchor):
    if COUNT_AFTER.match(text, m.end("d")) and not m["y"] and m.end("d") == m.end():
        return None
    mon = month_no(m["mon"])
    day = int(re.match(r"\d+", m["d"]).group(0))
    approx = bool(m["approx"])
    if m["y"]:
        try:
            d = date(int(m["y"]), mon, day)
        except ValueError:
            return None
    elif anchor is not None:
        d = nearest_year(anchor, mon, day)
        if d is None:
            return None
        if d > anchor and _SINCE.search(text, max(0, m.start() - 12), m.start()):
            d = _year_before(d)  # "since May 17" in a January report: the May before it, never after
    else:
        if day > 31:
            return None
        return {"value": f"XXXX-{mon:02d}-{day:02d}", "type": "DATE", "approximate": approx}
    tv = day_value(d, approx)
    if approx:
        tv["earliest"], tv["latest"] = d - timedelta(days=3), d + timedelta(days=3)
    return tv


_SINCE = re.compile(r"(?i)\bsince\s+$")  # "since May 17": a day before the anchor


def _year_before(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # February 29
        return d


_PART = r"(?:(?P<part>early|late|mid-|mid\s+|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|end\s+of|beginning\s+of|start\s+of|middle\s+of)\s*)"


def part_range(part: str | None, lo: date, hi: date) -> tuple[date, date, str | None]:
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
@rule(
    r"(?<![\w])(?i:" + _APPROX + r")?(?i:" + _PART + r")?(?P<mon>" + _MON + r"),?\s+(?P<y>" + _YEAR + r")",
    needs_anchor=False,
    triggers=_T_MONTHS,
)
def _mon_year(m, text, anchor):
    if COUNT_AFTER.match(text, m.end()):
        return None
    y, mon = int(m["y"]), month_no(m["mon"])
    lo, hi, _ = part_range(m["part"], date(y, mon, 1), month_end(y, mon))
    return {
        "value": f"{y}-{mon:02d}",
        "type": "DATE",
        "earliest": lo,
        "latest": hi,
        "approximate": bool(m["approx"] or m["part"]),
    }


# bare month: "in May", "a September deadline", "around mid-July", "late July", "last May", "in January last year"
@rule(
    r"(?<![\w])(?i:"
    + _APPROX
    + r")?(?i:(?P<rel>last|next|this|this\s+coming|this\s+past|past|coming)\s+)?(?i:"
    + _PART
    + r")?(?P<mon>"
    + MON_FULL
    + r")(?i:\s+(?:of\s+)?(?P<yrel>last|this|next)\s+year(?![\w'\u2019]))?",
    triggers=_T_MONTHS,
)
def _month(m, text, anchor):
    mon = month_no(m["mon"])
    name = m["mon"]
    rel = (m["rel"] or "").lower()
    if name in ("May", "March") and not (m["part"] or rel or m["approx"]):
        before = text[max(0, m.start() - 25) : m.start()]
        if not re.search(
            r"(?i)\b(?:in|since|until|till|by|of|from|to|through|during|before|after|between|and|or|early|late|mid|end|since)\s*$",
            before,
        ) and not FUTURE_AFTER.match(text, m.end()):
            return None
    if COUNT_AFTER.match(text, m.end()) or re.match(r"\s+\d", text[m.end() : m.end() + 3]):
        return None
    future = rel in ("next", "coming", "this coming") or (
        rel == ""
        and not SINCE_BEFORE.search(text, max(0, m.start() - 12), m.start())
        and future_context(text, m.start(), m.end())
    )
    if m["yrel"]:  # "in January last year", "in March of this year", "next June" told as "June next year"
        y = anchor.year + {"last": -1, "this": 0, "next": 1}[m["yrel"].lower()]
    elif rel in ("last", "past", "this past"):
        y = anchor.year if mon < anchor.month else anchor.year - 1
    elif rel == "this":
        y = anchor.year
    elif future:
        y = anchor.year if mon >= anchor.month else anchor.year + 1
    else:
        y = anchor.year if mon <= anchor.month else anchor.year - 1
    lo, hi, _ = part_range(m["part"], date(y, mon, 1), month_end(y, mon))
    approx = bool(m["approx"] or m["part"])
    if m["approx"] and m["part"]:
        # "around mid-July": the middle +-5 days
        mid = lo + (hi - lo) / 2
        lo, hi = mid - timedelta(days=5), mid + timedelta(days=5)
    return {"value": f"{y}-{mon:02d}", "type": "DATE", "earliest": lo, "latest": hi, "approximate": approx}


# years: "in 2019", "early 2021", "mid-2020" (never "2000 troops", "$2019", "1,500")
@rule(
    r"(?<![\w$£€.,/'-])(?i:"
    + _APPROX
    + r")?(?i:"
    + _PART
    + r")?(?P<y>(?:19|20)\d\d)(?![\w%-]|[.,]\d|\s*(?:per\s*cent|percent))",
    needs_anchor=False,
    triggers=("years",),
)
def _year(m, text, anchor):
    y = int(m["y"])
    if COUNT_AFTER.match(text, m.end()):
        return None
    start_y = m.start("y")
    before = text[max(0, start_y - 30) : start_y]
    if not re.search(
        r"(?i)\b(?:in|since|until|by|from|during|of|before|after|between|and|to|through|early|late|mid)[\s-]*$", before
    ) and COUNT_AFTER_ADJ.match(text, m.end()):
        return None  # "1900 provincial capitals"
    if (
        not m["part"]
        and not m["approx"]
        and QUANT_BEFORE.search(before)
        and not re.search(r"(?i)\b(?:in|since|of|by|to|and|or|until|from|than)\s*$", before)
    ):
        return None
    if m["approx"] and not m["part"]:
        # "about 2000" is a quantity far more often than a year
        if not re.search(r"(?i)\b(?:in|since|from|until|by)\s+$", text[max(0, m.start() - 8) : m.start()]):
            return None
    nxt = re.match(r"\s+([A-Za-z]+)", text[m.end() : m.end() + 30])
    if nxt and not m["part"]:
        w = nxt.group(1)
        if (
            w.lower().endswith("s")
            and w.lower()
            not in (
                "was",
                "has",
                "is",
                "as",
                "its",
                "this",
                "thus",
                "us",
                "his",
                "plus",
                "elections",
                "talks",
                "accords",
                "olympics",
                "games",
                "protests",
                "attacks",
                "negotiations",
            )
            and not re.search(r"(?i)\b(?:in|since|until|by|from|during|of)\s*$", before)
        ):
            return None
    lo, hi, _ = part_range(m["part"], date(y, 1, 1), date(y, 12, 31))
    return {
        "value": str(y),
        "type": "DATE",
        "earliest": lo,
        "latest": hi,
        "approximate": bool(m["part"] or m["approx"]),
    }


# decades: "the 1990s"
@rule(
    r"(?<![\w])(?i:(?:the\s+)?(?:early\s+|late\s+|mid-)?)(?P<dec>(?:19|20)\d)0s(?![\w])",
    needs_anchor=False,
    triggers=("years",),
)
def _decade(m, text, anchor):
    y = int(m["dec"]) * 10
    return {
        "value": m["dec"],
        "type": "DATE",
        "earliest": date(y, 1, 1),
        "latest": date(y + 9, 12, 31),
        "approximate": False,
    }


PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}


# weekdays: "on Tuesday", "early Wednesday", "Tuesday evening", "next Tuesday", "last Friday"
@rule(
    r"(?<![\w])(?i:(?P<rel>next|last|this\s+coming|this\s+past|this|past|coming)\s+)?(?i:(?P<mod>early|late|earlier|later)(?:\s+on)?\s+)?"
    r"(?P<wd>" + _WD + r")(?:'s)?(?i:\s+(?P<part>morning|afternoon|evening|night))?",
    triggers=("weekdays",),
)
def _weekday(m, text, anchor):
    wd = WEEKDAYS.index(m["wd"].lower())
    rel = (m["rel"] or "").lower()
    delta = (anchor.weekday() - wd) % 7  # days back to the most recent such day (0 = anchor)
    if rel in ("next", "coming", "this coming"):
        d = anchor + timedelta(days=(wd - anchor.weekday()) % 7 or 7)
    elif rel in ("last", "past", "this past"):
        d = anchor - timedelta(days=delta or 7)
    elif (
        future_context(text, m.start(), m.end())
        and not (m["mod"] or "").lower().startswith("earlier")
        and not SINCE_BEFORE.search(text, max(0, m.start() - 12), m.start())
    ):
        d = anchor + timedelta(days=(wd - anchor.weekday()) % 7 or 7)
    else:
        d = anchor - timedelta(days=delta)
    out = day_value(d)
    span = m.span()
    if m.group(0).endswith("'s"):
        span = (m.start(), m.end() - 2)
    elif m["wd"] and text[m.end("wd") : m.end("wd") + 2] == "'s" and not m["part"]:
        span = (m.start(), m.end("wd"))
    if m["part"]:
        out.update(value=f"{d.isoformat()}T{PARTS_OF_DAY[m['part'].lower()]}", type="TIME")
    out["_span"] = span
    return out


# "every Friday": a set
@rule(r"(?i:\b(?:every|each)\s+)(?P<wd>" + _WD + r")", needs_anchor=False, triggers=("weekdays",))
def _every_weekday(m, text, anchor):
    return {"value": f"XXXX-WXX-{WEEKDAYS.index(m['wd'].lower()) + 1}", "type": "SET"}


_REL_DAY = {
    "today": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "tonight": 0,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
}


# relative days and parts of days
@rule(
    r"(?i)(?<![\w])(?:(?P<mod>early|late|earlier|later)\s+)?(?P<rel>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight)"
    r"(?:\s+(?P<part>morning|afternoon|evening|night))?(?![\w])",
    triggers=("reldays",),
    pad=(30, 22),
)
def _rel_day(m, text, anchor):
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    d = anchor + timedelta(days=_REL_DAY[rel])
    out = day_value(d)
    part = (m["part"] or "").lower() or ("night" if rel == "tonight" else "")
    if part:
        out.update(value=f"{d.isoformat()}T{PARTS_OF_DAY[part]}", type="TIME")
    if m.group(0).lower().endswith("'s"):
        out["_span"] = (m.start(), m.end() - 2)
    return out


@rule(
    r"(?i)(?<![\w])(?:(?P<rel>last|this|early\s+this|late\s+last|late\s+this|earlier\s+this|later\s+this)\s+)(?P<part>morning|afternoon|evening|night)(?![\w])",
    triggers=_T_PARTS,
)
def _this_part(m, text, anchor):
    rel = m["rel"].lower()
    part = m["part"].lower()
    if "last" in rel:
        d = anchor - timedelta(days=1) if part in ("night", "evening") else anchor - timedelta(days=1)
        if part == "night":
            d = anchor - timedelta(days=1)
    else:
        d = anchor
    out = day_value(d)
    out.update(value=f"{d.isoformat()}T{PARTS_OF_DAY[part]}", type="TIME")
    return out


# clock times: "3 p.m.", "10:30 a.m.", "noon", "midnight"
@rule(
    r"(?i)(?<![\w:.])(?:(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|am|pm)(?![\w])|(?<![\w-])(?P<word>noon|midnight)(?![\w-]))",
    triggers=("clock",),
)
def _clock(m, text, anchor):
    if m["word"]:
        hh, mm = (12, 0) if m["word"].lower() == "noon" else (24, 0)
    else:
        hh = int(m["h"]) % 12 + (12 if m["ap"].lower().startswith("p") else 0)
        mm = int(m["mi"] or 0)
    d = anchor
    if hh == 24:
        hh = 0
        d = anchor + timedelta(days=1) if future_context(text, m.start(), m.end()) else anchor
    end = m.end()
    # a sentence-final "p.m." keeps its dot inside the extent; nothing to trim
    return {
        "value": f"{d.isoformat()}T{hh:02d}:{mm:02d}",
        "type": "TIME",
        "earliest": d,
        "latest": d,
        "_span": (m.start(), end),
    }


# the rules that read an absolute calendar day (parse_date)
ABSOLUTE_DAY_RULES = [r for r in RULES if r[1] in (_iso, _mon_day, _day_mon)]
