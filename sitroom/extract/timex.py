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

The rule table is :mod:`sitroom.extract.timex_rules` (points on the calendar) and
:mod:`sitroom.extract.timex_periods` (periods, durations, sets), their vocabulary and date arithmetic
:mod:`sitroom.extract.timex_calendar`; this module runs the table over a text.
"""

from __future__ import annotations

import re
from datetime import date

# the period rules register in the table after the date rules when their module is imported (the order breaks
# ties between equal matches): imported for that
from sitroom.extract import timex_periods  # noqa: F401
from sitroom.extract.actor_registry import name_heads
from sitroom.extract.timex_rules import ABSOLUTE_DAY_RULES, PADS, RULES, TRIGGER_RX, TRIGGERS
from sitroom.model import Span, TimeValue

__all__ = ["find_times", "normalise", "parse_date"]

# --------------------------------------------------------------------------- API


def _build_scanners() -> tuple[list[tuple[re.Pattern[str], list[int]]], list[tuple[str, list[int]]]]:
    """Case-sensitive trigger regexes, and lower-case root words for str.find.

    A root is a trigger word containing no other trigger word ("day" stands for "today",
    "these days"); it fires the rules of every trigger word it is part of.
    """
    cased = []
    for name, (alts, lower) in TRIGGER_RX.items():
        if not lower and TRIGGERS.get(name):
            cased.append((re.compile("|".join(alts)), list(TRIGGERS[name])))
    word_rules: dict[str, list[int]] = {}
    for name, (alts, lower) in TRIGGER_RX.items():
        if lower:
            for w in alts:
                word_rules.setdefault(w, []).extend(TRIGGERS.get(name, []))
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
        if RULES[r][2] and anchor is None:
            continue
        left, right = PADS[r]
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
        rx, fn, _ = RULES[order]
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
    """ "5 a.m. on Wednesday", "Wednesday at 5 a.m.": the clock time takes that day."""
    for i, t in enumerate(times):
        if t.type != "TIME" or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", t.value):
            continue
        for j in (i + 1, i - 1):
            if not 0 <= j < len(times):
                continue
            o = times[j]
            if (
                o.type != "DATE"
                or o.earliest is None
                or o.earliest != o.latest
                or not re.fullmatch(r"\d{4}-\d\d-\d\d", o.value)
            ):
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


def parse_date(text: str, anchor: date | None = None) -> date | None:
    """First absolute calendar day in ``text`` ("Jan. 25, 2013", "12 Aug 2021", "2021-08-12").

    A yearless date ("Aug. 8", "June 14") needs ``anchor`` (it takes the year
    that puts it nearest the anchor); without one it is not a date.
    """
    if not text:
        return None
    best: tuple[int, date] | None = None
    for rx, fn, _ in ABSOLUTE_DAY_RULES:
        for m in rx.finditer(text):
            res = fn(m, text, anchor)
            if res and res.get("earliest") and not res.get("approximate"):
                if best is None or m.start() < best[0]:
                    best = (m.start(), res["earliest"])
                break
    return best[1] if best else None
