"""When an event happened: the time in the trigger's own clause, a dated list item, the narrative's time.

Moved out of :mod:`sitroom.extract.events` (same behaviour); ``ctx`` is the event stage's context (article, doc,
list items, the date of the last event read).
"""

from __future__ import annotations

import re
from datetime import timedelta

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitroom.extract.certainty import REPORTING
from sitroom.model import Place, TimeValue


def vague(tv: TimeValue) -> bool:
    """ "recently", "now", "soon": a reference to a stretch of time, not a point the story can go on at."""
    return tv.value.endswith("_REF")


LATER_RE = re.compile(r"\s+(?:later|after\s+that|afterwards)\b", re.I)
DAYS_RE = re.compile(r"^P(\d+)([DW])$")


def days_later(ctx, sent: SpacySpan, trig: Token) -> TimeValue | None:
    """ "August 6 and nine days later they have surrounded Kabul": a span of days after a date told earlier in the
    sentence, in the trigger's own clause, dates the trigger (the date plus the span)."""
    text = ctx.article.text
    for tv in ctx.article.times:
        if tv.span is None or tv.type != "DURATION" or not (sent.start_char <= tv.span.start < sent.end_char):
            continue
        m = DAYS_RE.match(tv.value or "")
        if m is None or not LATER_RE.match(text, tv.span.end):
            continue
        span = ctx.doc.char_span(tv.span.start, tv.span.end, alignment_mode="expand")
        if not governs(trig, span):
            continue
        base = max(
            (
                b
                for b in ctx.article.times
                if b.span is not None
                and b.type == "DATE"
                and b.earliest is not None
                and b.earliest == b.latest
                and sent.start_char <= b.span.start < tv.span.start
            ),
            key=lambda b: b.span.start,
            default=None,
        )
        if base is None:
            continue
        d = base.earliest + timedelta(days=int(m.group(1)) * (7 if m.group(2) == "W" else 1))
        return TimeValue(
            text=text[base.span.start : tv.span.end],
            value=d.isoformat(),
            earliest=d,
            latest=d,
            approximate=base.approximate,
            span=ctx.article.span(base.span.start, tv.span.end),
            anchor=base.earliest,
        )
    return None


def event_time(ctx, sent: SpacySpan, trig: Token) -> TimeValue | None:
    later = days_later(ctx, sent, trig)
    if later is not None:
        return later
    best, dist = None, 10**9
    for tv in ctx.article.times:
        if tv.span is None or tv.type not in ("DATE", "TIME") or tv.earliest is None or dateline_time(ctx, tv):
            continue
        if sent.start_char <= tv.span.start < sent.end_char:
            d = abs(tv.span.start - trig.idx)
            span = ctx.doc.char_span(tv.span.start, tv.span.end, alignment_mode="expand")
            if not governs(trig, span):
                # "targeted a leader responsible for an attack Jan. 7 ..., detaining four insurgents yesterday":
                # a time in the trigger's own clause dates it before one in another clause
                d += 10**5
            if reporting_time(ctx, tv, trig) and not (trig.pos_ == "NOUN" and tv.span.start > trig.idx):
                # "Today, forces confirmed a leader was arrested ... Sunday": Sunday; but a time after an event
                # noun dates the event ("yesterday confirmed the arrest of a leader ... Oct. 19": Oct. 19)
                d += 10**6
            if d < dist:
                best, dist = tv, d
    item_time, _ = list_item(ctx, trig.idx)
    if item_time is not None and (
        best is None or not governs(trig, ctx.doc.char_span(best.span.start, best.span.end, alignment_mode="expand"))
    ):
        # "Aug. 6 – Zaranj: The Taliban seize the city ..., after they escalated attacks in May": the item's date,
        # unless the sentence dates the trigger's own clause
        return item_time
    if best is None:
        # no time in the sentence: the narrative's time, the last one told earlier in the same paragraph
        # (a text with no blank line at all breaks its paragraphs with single line breaks: wire copy)
        text = ctx.article.text
        para = text.rfind("\n\n" if "\n\n" in text else "\n", 0, sent.start_char)
        for tv in ctx.article.times:
            if not _point_in_text(ctx, tv):
                continue
            if para < tv.span.start < sent.start_char:
                best = tv
    if best is None and ctx.last_date is not None and ctx.last_date.text:
        best = ctx.last_date  # the story goes on at the time last told
    if best is None:
        # no event dated yet: the last recent point in time the story has told since its dateline
        # ("A force stopped a vehicle ... yesterday. ... Four men were detained as a result of the operation.")
        pub = ctx.article.published
        for tv in ctx.article.times:
            if not _point_in_text(ctx, tv):
                continue
            if (
                ctx.header_end <= tv.span.start < sent.start_char
                and not tv.approximate
                and (pub is None or tv.latest is None or tv.latest >= pub - timedelta(days=14))
            ):
                best = tv
    return best


def _point_in_text(ctx, tv: TimeValue) -> bool:
    """A date or time the text states at a place of its own (not its dateline), bounded and not vague: one the
    narrative can go on at."""
    return not (
        tv.span is None or tv.type not in ("DATE", "TIME") or tv.earliest is None or dateline_time(ctx, tv) or vague(tv)
    )


def clause_verb(tok: Token) -> Token:
    h = tok
    for _ in range(8):
        if h.pos_ in ("VERB", "AUX") or h.head.i == h.i:
            return h
        h = h.head
    return h


def governs(trig: Token, span) -> bool:
    """Is the time ``span`` in ``trig``'s own clause (both reach the same verb first)?"""
    if span is None:
        return False
    return clause_verb(span.root).i == clause_verb(trig).i


def dateline_time(ctx, tv: TimeValue) -> bool:
    """The date of a dateline, "KABUL, Afghanistan (Jan. 22, 2013)": when the report was filed, not an event time."""
    text = ctx.article.text
    if tv.span is None:
        return False
    i = tv.span.start
    if i == 0 or text[i - 1] != "(" or ")" not in text[tv.span.end : tv.span.end + 2]:
        return False
    return any(i - 4 <= p.mention.end <= i - 1 for p in ctx.article.places)


def reporting_time(ctx, tv: TimeValue, trig: Token) -> bool:
    if tv.span is None:
        return False
    span = ctx.doc.char_span(tv.span.start, tv.span.end, alignment_mode="expand")
    if span is None:
        return False
    h = span.root.head
    for _ in range(3):
        if h.pos_ in ("VERB", "AUX"):
            return h.lemma_ in REPORTING and h.i != trig.i
        if h.head.i == h.i:
            return False
        h = h.head
    return False


def list_item(ctx, offset: int) -> tuple[TimeValue | None, Place | None]:
    for s, e, tv, p in ctx.list_items:
        if s <= offset < e:
            return tv, p
    return None, None
