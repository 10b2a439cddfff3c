"""When an event happened: the time in the trigger's own clause, a dated list item, the narrative's time.

``ctx`` is the event stage's context (article, doc, list items, the date of the last event read and where). A time
told in another sentence dates a happening only when it is close and compatible: in the same paragraph, or the
narrative's time (the last event's date, the lead's recent time) within the same speaker's turn of a transcript;
never a time after publication (a plan's "tomorrow"). A report's or a documentation's time (``documented``) dates
nothing it documents: that happening is dated only as before publication.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.certainty import REPORTING
from sitroom.extract.event_context import before_publication, documented
from sitroom.extract.transcript import Turn, find_turns, turn_at
from sitroom.model import Place, TimeValue

_W = lexicon.words


def vague(tv: TimeValue) -> bool:
    """ "recently", "now", "soon": a reference to a stretch of time, not a point the story can go on at."""
    return tv.value.endswith("_REF")


_SHIFTS = lexicon.table("events", "relative_shift_words")  # "later": +1, "earlier": -1
SHIFT_RE = re.compile(
    r"\s+(?P<w>"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_SHIFTS, key=len, reverse=True))
    + r")\b",
    re.I,
)
SPAN_RE = re.compile(r"^P(\d+)([DWMY])$")


def _shifted(d: date, n: int, unit: str) -> date:
    """``d`` moved by ``n`` days, weeks, months or years (a month's last day where the day does not exist)."""
    if unit in "DW":
        return d + timedelta(days=n * (7 if unit == "W" else 1))
    months = d.year * 12 + d.month - 1 + n * (12 if unit == "Y" else 1)
    y, m = divmod(months, 12)
    last = (date(y + (m + 1) // 12, (m + 1) % 12 + 1, 1) - timedelta(days=1)).day
    return date(y, m + 1, min(d.day, last))


def days_later(ctx, sent: SpacySpan, trig: Token) -> TimeValue | None:
    """ "August 6 and nine days later they have surrounded Kabul", "The Taliban took Zaranj on Aug. 6. A day later,
    they captured Sheberghan", "A year earlier, the militants had pulled out of X": a span of time after (or before)
    a time told earlier -- in the sentence, else the narrative's time (the last event's date, in the same speaker's
    turn) -- dates the trigger of its clause (that time moved by the span)."""
    text = ctx.article.text
    for tv in ctx.article.times:
        if tv.span is None or tv.type != "DURATION" or not (sent.start_char <= tv.span.start < sent.end_char):
            continue
        m, w = SPAN_RE.match(tv.value or ""), SHIFT_RE.match(text, tv.span.end)
        if m is None or w is None:
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
        start = base.span.start if base is not None and base.span is not None else tv.span.start
        if base is None:
            base = _told_before(ctx, sent)  # "M23 captured Goma in January. A month later, ...": January
        if base is None or base.earliest is None or base.latest is None:
            continue
        n = int(m.group(1)) * int(_SHIFTS[" ".join(w.group("w").lower().split())])
        lo, hi = _shifted(base.earliest, n, m.group(2)), _shifted(base.latest, n, m.group(2))
        pub = ctx.article.published
        if pub is not None and lo > pub:
            continue  # "a year later" than a time told before would be after the report: not this reading
        return TimeValue(
            text=text[start : w.end()],
            value=_range_value(lo, hi),
            earliest=lo,
            latest=hi,
            approximate=base.approximate or m.group(2) in "MY",
            span=ctx.article.span(start, w.end()),
            anchor=base.earliest,
        )
    return None


def _range_value(lo: date, hi: date) -> str:
    """The value of a time from ``lo`` to ``hi``: a day, a month, a year, else a stretch before the report."""
    if lo == hi:
        return lo.isoformat()
    if (lo.year, lo.month) == (hi.year, hi.month) and lo.day == 1 and (hi + timedelta(days=1)).day == 1:
        return lo.isoformat()[:7]
    if lo.year == hi.year and (lo.month, lo.day, hi.month, hi.day) == (1, 1, 12, 31):
        return str(lo.year)
    return "PAST_REF"


def _told_before(ctx, sent: SpacySpan) -> TimeValue | None:
    """The last time told before ``sent`` in its paragraph (in a transcript, the speaker's turn): a day, a month or a
    year a span "later" or "earlier" counts from; else the narrative's time (the last event's date)."""
    para = paragraph_start(ctx.article.text, sent.start_char)
    told = [
        tv
        for tv in ctx.article.times
        if tv.span is not None
        and tv.type == "DATE"
        and tv.earliest is not None
        and tv.latest is not None
        and not vague(tv)
        and para < tv.span.start < sent.start_char
        and not dateline_time(ctx, tv)
        and _lendable(ctx, tv)
        and _same_turn(ctx.article.text, tv.span.start, sent.start_char)
    ]
    if told:
        return told[-1]
    last = ctx.last_date
    if last is None or last.earliest is None or last.latest is None or vague(last):
        return None
    return last if _lendable(ctx, last) and _same_turn(ctx.article.text, ctx.last_date_at, sent.start_char) else None


def event_time(ctx, sent: SpacySpan, trig: Token) -> TimeValue | None:
    later = days_later(ctx, sent, trig)
    if later is not None:
        return later
    best, dist = None, 10**9
    reported = False  # a time of a report the trigger's happening is documented in
    for tv in ctx.article.times:
        if tv.span is None or tv.type not in ("DATE", "TIME") or tv.earliest is None or dateline_time(ctx, tv):
            continue
        if sent.start_char <= tv.span.start < sent.end_char:
            d = abs(tv.span.start - trig.idx)
            span = ctx.doc.char_span(tv.span.start, tv.span.end, alignment_mode="expand")
            if span is not None and documented(trig, span.root):
                # "released a report today documenting rape": the report's day is not the violence's
                reported = True
                continue
            if since_landmark(ctx, tv, trig) and not governs(trig, span):
                # "have captured Kherson, the first city to fall since the invasion began a week ago": the time
                # of a clause under "since" is the landmark's, never a happening's outside that clause
                continue
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
    if best is None and reported and ctx.article.published is not None:
        return before_publication(ctx.article.published)  # documented: before the report, on a day not told
    if best is None:
        # no time in the sentence: the narrative's time, the last one told earlier in the same paragraph (a time
        # after publication, "tomorrow", is a plan's, never lent to a happening; a text with no blank line at all
        # breaks its paragraphs with single line breaks: wire copy)
        para = paragraph_start(ctx.article.text, sent.start_char)
        for tv in ctx.article.times:
            if not _point_in_text(ctx, tv) or not _lendable(ctx, tv):
                continue
            if para < tv.span.start < sent.start_char:
                best = tv
    if (
        best is None
        and ctx.last_date is not None
        and ctx.last_date.text
        and _lendable(ctx, ctx.last_date)
        and _same_turn(ctx.article.text, ctx.last_date_at, sent.start_char)
    ):
        best = ctx.last_date  # the story goes on at the time last told (in a transcript, by the same speaker)
    if best is None:
        # no event dated yet: the last recent point in time the story has told since its dateline (in a
        # transcript, in the speaker's turn) ("A force stopped a vehicle ... yesterday. ... Four men were detained as
        # a result of the operation.")
        pub = ctx.article.published
        for tv in ctx.article.times:
            if not _point_in_text(ctx, tv) or not _lendable(ctx, tv):
                continue
            if (
                ctx.header_end <= tv.span.start < sent.start_char
                and not tv.approximate
                and (pub is None or tv.latest is None or tv.latest >= pub - timedelta(days=14))
                and _same_turn(ctx.article.text, tv.span.start, sent.start_char)
            ):
                best = tv
    return _done_by_report(ctx, trig, best)


def _done_by_report(ctx, trig: Token, tv: TimeValue | None) -> TimeValue | None:
    """A happening told done ("seized key cities this year", "took the town this month") lies in the part of its
    period before the report: the period's end is the publication day."""
    pub = ctx.article.published
    if tv is None or pub is None or tv.earliest is None or tv.latest is None or not tv.earliest <= pub < tv.latest:
        return tv
    if trig.tag_ not in ("VBD", "VBN") or any(c.dep_ == "aux" and c.tag_ == "MD" for c in trig.children):
        return tv
    return tv.model_copy(update={"latest": pub})


_PARA_RE = re.compile(r"\n[ \t\xa0]*\n")


@lru_cache(maxsize=8)
def _breaks(text: str) -> tuple[int, ...]:
    """Where the blank lines between paragraphs start (a text with none at all: its line breaks, wire copy)."""
    blank = tuple(m.start() for m in _PARA_RE.finditer(text))
    return blank or tuple(m.start() for m in re.finditer(r"\n", text))


def paragraph_start(text: str, offset: int) -> int:
    """Where the paragraph holding ``offset`` starts (the blank line before it; -1 for the first)."""
    br = _breaks(text)
    k = bisect_left(br, offset)
    return br[k - 1] if k else -1


@lru_cache(maxsize=8)
def _turns(text: str) -> tuple[Turn, ...]:
    return tuple(find_turns(text))


def _same_turn(text: str, at: int, offset: int) -> bool:
    """Are ``at`` and ``offset`` in the same speaker's turn? (Always in prose, which has none: a time told in a
    transcript's earlier turn, another speaker's or an answer to another question, dates nothing later.)"""
    turns = _turns(text)
    return not turns or turn_at(list(turns), at) == turn_at(list(turns), offset)


def _lendable(ctx, tv: TimeValue) -> bool:
    """May a time told in another sentence date this one's happening? Not one after publication ("tomorrow"), nor
    one of a happening its own sentence told as a landmark ("... was needed after the region held a referendum last
    month": the narrative does not go on last month)."""
    pub = ctx.article.published
    return (pub is None or tv.earliest is None or tv.earliest <= pub) and not _landmark_time(ctx, tv)


def _time_clause_verb(ctx, tv: TimeValue) -> Token | None:
    """The verb of the clause the time expression ``tv`` stands in, or None (no span, or none the parse aligns)."""
    if tv.span is None:
        return None
    span = ctx.doc.char_span(tv.span.start, tv.span.end, alignment_mode="expand")
    return clause_verb(span.root) if span is not None else None


def _landmark_time(ctx, tv: TimeValue) -> bool:
    """Is ``tv`` the time of a clause under a time preposition ("after the region held a referendum last month")?"""
    v = _time_clause_verb(ctx, tv)
    if v is None:
        return False
    preps = _W("events", "time_preps")
    if v.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in preps for c in v.children)
    return v.dep_ == "pcomp" and v.head.lower_ in preps


def since_landmark(ctx, tv: TimeValue, trig: Token) -> bool:
    """Is ``tv`` the time of a clause under "since" (``always_background_marks``) that hangs on another clause than
    ``trig``'s ("have captured Kherson, the first city to fall since the invasion began a week ago": the period of
    the falling, not the capture's time)? One that hangs on the trigger's clause opens its period ("have retaken
    several districts since the offensive began on Nov. 4": from then to the report)."""
    v = _time_clause_verb(ctx, tv)
    if v is None:
        return False
    marks = _W("events", "always_background_marks")
    return (
        v.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in marks for c in v.children)
        and clause_verb(v.head).i != clause_verb(trig).i
    )


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


def month_told(tok: Token) -> bool:
    """Is ``tok`` a month told as a time ("took Idlib in March", "in late March", "March 2015", "March last year"),
    no frame's noun (no march)?"""
    if tok.pos_ != "PROPN" or tok.ent_type_ != "DATE":
        return False
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return (before is not None and (before.pos_ == "ADP" or before.ent_type_ == "DATE")) or (
        after is not None
        and (after.like_num or after.ent_type_ == "DATE" or after.lower_ in _W("events", "month_year_relatives"))
    )
