"""The temporal-expression rules for periods, durations and sets.

"last week", "the past two days", "two days ago", "within 30 days", "for weeks", "every day", "recently": the
rules of :mod:`sitroom.extract.timex_rules`' table that measure a stretch of time rather than name a point on the
calendar. They register in its table after its own rules (the order breaks ties between equal matches).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from sitroom.extract.timex_calendar import (
    NUM,
    UNIT,
    add_months,
    duration_value,
    future_context,
    iso_week,
    month_end,
    num,
    shift,
    unit_key,
    week_range,
)
from sitroom.extract.timex_rules import PARTS_OF_DAY, UNIT_TRIGGERS, day_value, part_range, rule

# "last week", "this month", "earlier this year", "next year", "last weekend", "this summer", "earlier in the week"
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}


@rule(
    r"(?i)(?<![\w])(?:(?P<mod>earlier|later|early|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|end\s+of)\s+(?:in\s+)?)?"
    r"(?P<rel>last|this|next|past|coming|previous|(?<=earlier\sin\s)the)\s+"
    r"(?P<unit>week|weekend|month|year|spring|summer|autumn|fall|winter)(?![\w])",
    triggers=("seasons",),
    pad=(30, 12),
)
def _rel_period(m, text, anchor):
    rel, unit = m["rel"].lower(), m["unit"].lower()
    mod = (m["mod"] or "").lower()
    if rel == "the":
        rel = "this"  # "earlier in the week": this one's part before the anchor ("later in the month" of a past
        # narrative is no time after the report)
    elif re.search(r"(?i)\bin\s*$", m.group(0)[: m.start("rel") - m.start()]):
        return None  # "early in last year" is no phrase of this rule
    # "the past week" / "the last week" / "the coming week": a stretch, not a calendar unit
    if (
        re.search(r"(?i)\bthe\s+$", text[max(0, m.start() - 4) : m.start()])
        and not mod
        and rel in ("past", "last", "next", "coming")
    ):
        return None  # handled by the stretch rule (it includes "the")
    if rel == "past" or rel == "previous":
        rel = "last"
    if rel == "coming":
        rel = "next"
    step = {"last": -1, "this": 0, "next": 1}[rel]
    approx = False
    if unit == "week":
        d = anchor + timedelta(days=7 * step)
        lo, hi = week_range(d)
        value = iso_week(d)
    elif unit == "weekend":
        if step == -1 or (step == 0 and anchor.weekday() < 5 and not future_context(text, m.start(), m.end())):
            sat = anchor - timedelta(days=(anchor.weekday() - 5) % 7 or 7)
        elif step == 0:
            sat = (
                anchor - timedelta(days=anchor.weekday() - 5)
                if anchor.weekday() >= 5
                else anchor + timedelta(days=5 - anchor.weekday())
            )
        else:
            sat = anchor + timedelta(days=(5 - anchor.weekday()) % 7 or 7)
        lo, hi = sat, sat + timedelta(days=1)
        value = iso_week(sat) + "-WE"
    elif unit == "month":
        d = add_months(anchor.replace(day=1), step)
        lo, hi = d, month_end(d.year, d.month)
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
            lo, hi = date(y, 12, 1), month_end(y + 1, 2)
        else:
            lo, hi = date(y, months[0], 1), month_end(y, months[1])
        value = f"{y}-{code}"
        approx = True
    if mod in ("earlier", "early", "the beginning of", "the start of"):
        if step == 0 and mod == "earlier":
            hi = min(hi, anchor)
        else:
            lo, hi, _ = part_range("early", lo, hi)
        approx = True
    elif mod in ("later", "late", "the end of", "end of"):
        if step == 0 and mod == "later":
            lo = max(lo, anchor)
        else:
            lo, hi, _ = part_range("late", lo, hi)
        approx = True
    elif mod == "the middle of":
        lo, hi, _ = part_range("mid", lo, hi)
        approx = True
    return {"value": value, "type": "DATE", "earliest": lo, "latest": hi, "approximate": approx}


# "over the weekend", "at the weekend", "during the weekend": the weekend the report is in or just before it (the next
# one in a plan's words)
@rule(r"(?i)(?:(?<=over\s)|(?<=at\s)|(?<=during\s))the\s+weekend(?![\w])", triggers=("seasons",), pad=(8, 10))
def _the_weekend(m, text, anchor):
    if anchor.weekday() >= 5:
        sat = anchor - timedelta(days=anchor.weekday() - 5)
    elif future_context(text, m.start(), m.end()):
        sat = anchor + timedelta(days=5 - anchor.weekday())
    else:
        sat = anchor - timedelta(days=(anchor.weekday() - 5) % 7 or 7)
    return {"value": iso_week(sat) + "-WE", "type": "DATE", "earliest": sat, "latest": sat + timedelta(days=1)}


# "the spring", "this summer" handled above; "the spring" alone: the most recent such season
@rule(r"(?i)(?<![\w])the\s+(?P<unit>spring|summer|autumn|fall|winter)(?![\w])", triggers=("seasons",), pad=(6, 8))
def _the_season(m, text, anchor):
    if re.match(r"\s+(?:of|offensive|session|campaign)\b", text[m.end() : m.end() + 12], re.I):
        return None
    code = _SEASONS[m["unit"].lower()]
    first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    y = anchor.year if (anchor.month >= first or code == "WI") else anchor.year - 1
    if code == "WI" and anchor.month < 12:
        y = anchor.year - 1
    if future_context(text, m.start(), m.end()) and not (anchor.month >= first and anchor.month <= first + 2):
        y = anchor.year if anchor.month < first else anchor.year + 1
    lo = date(y, first, 1)
    hi = month_end(y + 1, 2) if code == "WI" else month_end(y, first + 2)
    return {"value": f"{y}-{code}", "type": "DATE", "earliest": lo, "latest": hi, "approximate": True}


# "for weeks", "over months", "in years": a vague duration (the signal word stays outside)
@rule(
    r"(?i)(?<![\w])(?:for|over|in|within|after|lasted|took)\s+(?P<u>(?:days|weeks|months|years|decades))(?![\w-])(?!\s+(?:of|ago|later|earlier|before|after|to\s+come)\b)",
    needs_anchor=False,
    triggers=UNIT_TRIGGERS,
    pad=(10, 12),
)
def _vague_units(m, text, anchor):
    return {
        "value": duration_value(None, unit_key(m["u"])),
        "type": "DURATION",
        "approximate": True,
        "_span": m.span("u"),
    }


# stretches: "the past week", "the past two days", "the last 24 hours", "the next 30 days", "the coming weeks"
@rule(
    r"(?i)(?<![\w])the\s+(?P<rel>past|last|next|coming|previous|following|first|final)\s+(?:(?P<n>"
    + NUM
    + r")\s+)?(?P<unit>"
    + UNIT
    + r")(?![\w])",
    triggers=UNIT_TRIGGERS,
    pad=(34, 14),
)
def _stretch(m, text, anchor):
    rel = m["rel"].lower()
    unit = unit_key(m["unit"])
    plural = m["unit"].lower().endswith("s") or m["unit"].lower() == "centuries"
    if rel in ("previous", "following", "first", "final"):
        # relative to another event, not to the anchor: a duration without a range
        n = num(m["n"]) if m["n"] else (None if plural else 1)
        return {"value": duration_value(n, unit), "type": "DURATION", "_no_anchor_ok": True}
    n = num(m["n"]) if m["n"] else (None if plural else 1)
    vague = n is None
    span_n = n if n is not None else {"day": 5, "week": 3, "month": 3, "year": 3, "hour": 12, "minute": 30}.get(unit, 3)
    if rel in ("past", "last"):
        lo, hi = shift(anchor, -span_n, unit), anchor
    else:
        lo, hi = anchor, shift(anchor, span_n, unit)
    return {"value": duration_value(n, unit), "type": "DURATION", "earliest": lo, "latest": hi, "approximate": vague}


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
    base = shift(anchor, -n, unit)
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
        value = iso_week(point)
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
    unit = unit_key(m["unit"])
    n = num(m["n"])
    approx = bool(m["approx"]) and m["approx"].lower() not in ("just", "only", "barely")
    if n is None:
        # vague: "a few months ago" ~ 2..6 months, "several years ago" ~ 2..7 years
        lo_n, hi_n = {"few": (2, 6), "several": (3, 8), "many": (4, 12), "some": (2, 8), "dozens": (24, 60)}.get(
            m["n"].lower().split()[-1] if m["n"].lower() != "dozens of" else "dozens", (2, 6)
        )
        if m["n"].lower().startswith("a few") or m["n"].lower() == "few":
            lo_n, hi_n = 2, 6
        return {
            "value": "PAST_REF",
            "type": "DATE",
            "earliest": shift(anchor, -hi_n, unit),
            "latest": shift(anchor, -lo_n, unit),
            "approximate": True,
        }
    mod = _ago_side(m["approx"])
    if mod is not None and unit not in ("hour", "minute", "second"):
        return _ago_off(anchor, n, unit, *mod)
    d = shift(anchor, -n, unit)
    if unit in ("day", "hour", "minute", "second"):
        out = day_value(d, approx)
        if approx:
            w = max(1, round(n * 0.2))
            out["earliest"], out["latest"] = d - timedelta(days=w), d + timedelta(days=w)
        return out
    if unit in ("week", "fortnight"):
        lo, hi = week_range(d)
        return {"value": iso_week(d), "type": "DATE", "earliest": lo, "latest": hi, "approximate": approx}
    if unit == "month":
        return {
            "value": f"{d.year}-{d.month:02d}",
            "type": "DATE",
            "earliest": d.replace(day=1),
            "latest": month_end(d.year, d.month),
            "approximate": approx,
        }
    if unit == "year":
        return {
            "value": str(d.year),
            "type": "DATE",
            "earliest": date(d.year, 1, 1),
            "latest": date(d.year, 12, 31),
            "approximate": approx,
        }
    dec = d.year // 10
    return {
        "value": str(dec),
        "type": "DATE",
        "earliest": date(dec * 10, 1, 1),
        "latest": date(dec * 10 + 9, 12, 31),
        "approximate": True,
    }


# durations: "30 days", "three weeks", "a two-day visit", "24 hours"; deadlines when preceded by "within"
_DEADLINE_BEFORE = re.compile(
    r"(?i)\b(?:within|in\s+less\s+than|in\s+under|in\s+no\s+more\s+than|in\s+the\s+next|over\s+the\s+next|within\s+the\s+next|by\s+the\s+end\s+of)\s*$"
)
_LOOKBACK_BEFORE = re.compile(
    r"(?i)\b(?:in\s+the\s+(?:past|last)|over\s+the\s+(?:past|last)|during\s+the\s+(?:past|last))\s*$"
)


@rule(
    r"(?i)(?<![\w,.])(?:(?P<approx>(?:(?:just|a\s+little|slightly|a\s+bit|little|only)\s+)?(?:more\s+than|less\s+than|over|under)"
    r"|about|around|nearly|almost|some|roughly|approximately|up\s+to|at\s+least|just|only|barely)\s+)?"
    r"(?P<n>" + NUM + r")(?P<sep>\s+|-)(?P<unit>" + UNIT + r")(?P<ago>\s+(?:ago|earlier))?(?![\w-])",
    needs_anchor=False,
    triggers=UNIT_TRIGGERS,
    pad=(36, 16),
)
def _duration(m, text, anchor):
    if m["ago"]:
        if anchor is None or m["sep"] == "-":
            return None
        return _ago(m, text, anchor)
    if m["approx"] and (
        m["approx"].lower() in ("just", "only", "barely") or re.search(r"(?i)\b(?:over|under)$", m["approx"])
    ):
        # "over three days": the modifier is a signal, not part of the duration
        return _duration_plain(m, text, anchor, span=(m.start("n"), m.end()))
    return _duration_plain(m, text, anchor)


# "which they had seized days earlier", "the town fell weeks ago": a bare plural unit counts a few of them, as
# "a few days earlier" does (2 to 6 units before the anchor, approximate); not a quantity of them ("hundreds of
# years ago")
@rule(
    r"(?i)(?<![\w,.])(?<!\bof\s)(?P<unit>days|weeks|months|years)\s+(?:ago|earlier)(?![\w-])",
    triggers=UNIT_TRIGGERS,
    pad=(16, 16),
)
def _bare_ago(m, text, anchor):
    unit = unit_key(m["unit"])
    return {
        "value": "PAST_REF",
        "type": "DATE",
        "earliest": shift(anchor, -6, unit),
        "latest": shift(anchor, -2, unit),
        "approximate": True,
    }


def _duration_plain(m, text, anchor, span=None):
    unit = unit_key(m["unit"])
    n = num(m["n"])
    if n is None and m["n"].lower() in ("some", "many") and not m["unit"].lower().endswith("s"):
        return None
    if (
        n is not None
        and n > 1
        and not m["unit"].lower().endswith("s")
        and "-" not in m.group(0)[len(m["n"]) if not m["approx"] else 0 :]
    ):
        # "30 day" without hyphen is odd; still a duration
        pass
    if re.match(r"\s+(?:old|of\s+age)\b", text[m.end() : m.end() + 10]):
        return {"value": duration_value(n, unit), "type": "DURATION", "_no_anchor_ok": True}
    out: dict = {"value": duration_value(n, unit), "type": "DURATION", "approximate": bool(m["approx"]) or n is None}
    if span:
        out["_span"] = span
        out["approximate"] = n is None
    if anchor is not None:
        before = text[max(0, m.start() - 30) : m.start()]
        span_n = n if n is not None else 3
        if _DEADLINE_BEFORE.search(before) or (
            re.search(r"(?i)\bin\s*$", before) and future_context(text, m.start(), m.end())
        ):
            out["earliest"], out["latest"] = anchor, shift(anchor, span_n, unit)
        elif _LOOKBACK_BEFORE.search(before):
            out["earliest"], out["latest"] = shift(anchor, -span_n, unit), anchor
    return out


# sets: "every day", "daily", "each week", "twice a week", "annually"
_SET_WORDS = {
    "daily": "P1D",
    "nightly": "TNI",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
}


@rule(
    r"(?i)(?<![\w-])(?:(?:every|each|per)\s+(?P<unit>day|night|week|month|year|hour|morning|evening)|(?P<freq>once|twice|three\s+times)\s+an?\s+(?P<unit2>day|week|month|year)|(?P<word>daily|nightly|weekly|monthly|annually|yearly|hourly))(?![\w-])",
    needs_anchor=False,
    triggers=("sets",),
    pad=(20, 20),
)
def _set(m, text, anchor):
    if m["word"]:
        return {"value": _SET_WORDS[m["word"].lower()], "type": "SET"}
    u = (m["unit"] or m["unit2"]).lower()
    if u in ("morning", "evening", "night"):
        return {"value": f"XXXX-XX-XXT{PARTS_OF_DAY[u]}", "type": "SET"}
    code = {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y", "hour": "PT1H"}[u]
    return {"value": code, "type": "SET"}


# deictic references: now, currently, recently, soon, the future, recent weeks
@rule(
    r"(?i)(?<![\w'-])(?:(?P<now>now|currently|at\s+present|right\s+now|these\s+days|nowadays|at\s+the\s+moment)|(?P<recently>recently|lately|in\s+recent\s+times)|(?P<future>soon|the\s+future|in\s+the\s+coming\s+(?P<cu>days|weeks|months|years)|the\s+coming\s+(?P<cu2>days|weeks|months|years))|(?P<past>the\s+past|(?:in\s+)?recent\s+(?P<ru>days|weeks|months|years)))(?![\w'-])",
    triggers=("deictic",),
    pad=(10, 22),
)
def _deictic(m, text, anchor):
    if m["now"]:
        if m["now"].lower() == "now" and re.match(r"\s*(?:that|-)", text[m.end() : m.end() + 6]):
            return None
        return {"value": "PRESENT_REF", "type": "DATE", "earliest": anchor, "latest": anchor}
    if m["recently"]:
        return {
            "value": "PAST_REF",
            "type": "DATE",
            "earliest": anchor - timedelta(days=30),
            "latest": anchor,
            "approximate": True,
        }
    if m["future"]:
        u = (m["cu"] or m["cu2"] or "").lower()
        days = {"days": 7, "weeks": 30, "months": 180, "years": 1095}.get(
            u, 60 if "soon" in m["future"].lower() else 3650
        )
        start = m.start("future")
        span = (start, m.end())
        if m["future"].lower().startswith("in the coming"):
            span = (start + 3, m.end())
        return {
            "value": "FUTURE_REF",
            "type": "DATE",
            "earliest": anchor,
            "latest": anchor + timedelta(days=days),
            "approximate": True,
            "_span": span,
        }
    u = (m["ru"] or "").lower()
    days = {"days": 7, "weeks": 28, "months": 120, "years": 1095}.get(u, 3650)
    span = (m.start(), m.end())
    if m["past"].lower().startswith("in "):
        span = (m.start() + 3, m.end())
    return {
        "value": "PAST_REF",
        "type": "DATE",
        "earliest": anchor - timedelta(days=days),
        "latest": anchor,
        "approximate": True,
        "_span": span,
    }
