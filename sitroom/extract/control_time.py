"""Time of a change of control told beside another happening (used by :mod:`sitroom.extract.control`): a change
named by a noun with no date of its own happened before the report; a time in a relative clause dates that clause;
a change told in a past-perfect relative clause with no time of its own is an earlier, undated change."""

from __future__ import annotations

from datetime import date, timedelta

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.event_context import before_publication, is_background, on_publication
from sitroom.extract.event_time import clause_verb, governs
from sitroom.extract.timex_calendar import num
from sitroom.model import Event, Place, TimeValue

_W = lexicon.words


def own_time(ctx, trig: Token) -> bool:
    """Does a time of the article belong to the change the noun ``trig`` names (:func:`nominal_time`)?"""
    return any(
        tv.span is not None and tv.type in ("DATE", "TIME") and nominal_time(ctx, trig, tv.span.start, tv.span.end)
        for tv in ctx.article.times
    )


def nominal_time(ctx, trig: Token, start: int, end: int) -> bool:
    """Is the time at ``start``-``end`` told of the change the noun ``trig`` names? Inside the noun's phrase ("the
    capture of Gao on Monday"); between a subject noun's phrase and its verb, where the parse hangs it on the verb
    ("The fall of Hama on Thursday stunned the capital"); or in the clause of the verb that claims or completes the
    change the noun names ("completed their takeover of Hama on Thursday", "announced the capture of X on Monday")."""
    lo, hi = trig.left_edge.idx, trig.right_edge.idx + len(trig.right_edge.text)
    if lo <= start < hi:
        return True
    verb = trig.head
    if verb.i == trig.i or verb.pos_ not in ("VERB", "AUX"):
        return False
    if trig.dep_ in ("nsubj", "nsubjpass") and hi <= start and end <= verb.idx:
        # not a time of a clause set in between ("The capture of X, the army said on Saturday, was a blow")
        return governs(verb, ctx.doc.char_span(start, end, alignment_mode="expand"))
    if trig.dep_ in ("dobj", "obj") and verb.lemma_ in _W("control", "control_nominal_owner_verbs"):
        return governs(verb, ctx.doc.char_span(start, end, alignment_mode="expand"))
    return False


def same_place(ctx, pid: str | None, place: Place) -> bool:
    p = ctx.article.place(pid) if pid else None
    return p is not None and (p.id == place.id or p.name == place.name)


def told_before(ctx, trig: Token, evs: list[Event]) -> list[Event]:
    """ "Bunagana's capture gives the rebels control of a key crossing", "the town's fall": a change named by a
    noun with no time in its own phrase is one that happened before the report (most often the one the article
    told), not at the narrative's last time (a sentence before may tell of last year)."""
    pub = ctx.article.published
    for e in evs:
        d = e.date
        if pub is None or d is None or d.span is not None and nominal_time(ctx, trig, d.span.start, d.span.end):
            continue
        e.date = before_publication(pub)
        e.background = False
    return evs


def clause_of(ctx, span_start: int, span_end: int) -> Token | None:
    span = ctx.doc.char_span(span_start, span_end, alignment_mode="expand")
    return clause_verb(span.root) if span is not None else None


def not_a_relative_clauses_time(ctx, sent: SpacySpan, trig: Token, d: TimeValue | None) -> TimeValue | None:
    """ "regained control of Palma, the town that insurgents stormed on March 24": a time in a relative clause
    dates that clause's happening, not the change the main clause tells; the sentence's other time (the day of
    the report), else the publication day."""
    if d is None or d.span is None or not sent.start_char <= d.span.start < sent.end_char:
        return d
    v = clause_of(ctx, d.span.start, d.span.end)
    if v is None or v.dep_ != "relcl" or v.i == clause_verb(trig).i or trig.i in {t.i for t in v.subtree}:
        return d
    for tv in ctx.article.times:
        if (
            tv is not d
            and tv.span is not None
            and tv.type in ("DATE", "TIME")
            and tv.earliest is not None
            and sent.start_char <= tv.span.start < sent.end_char
        ):
            w = clause_of(ctx, tv.span.start, tv.span.end)
            if w is not None and w.dep_ != "relcl":
                return tv
    pub = ctx.article.published
    if pub is None:
        return d
    return on_publication(pub)


def earlier_than_its_sentence(ctx, trig: Token, e: Event) -> None:
    """ "withdrew from Walikale, which they had seized days earlier", "Merowe, where the group had seized an air
    base": a past perfect in a relative clause tells a change before the sentence's news; with no time of its own
    clause it is not dated by the sentence's time: an earlier change, undated (history, not who holds it now)."""
    if trig.dep_ != "relcl" or not any(
        c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ == "VBD" for c in trig.children
    ):
        return
    d = e.date
    told = ctx.doc.char_span(d.span.start, d.span.end, alignment_mode="expand") if d and d.span else None
    if told is not None and clause_verb(told.root).i == trig.i:
        return  # the time is its own clause's
    latest = d.earliest if d is not None and d.earliest is not None else ctx.article.published
    if latest is None:
        return
    e.date = before_publication(latest)  # no earlier bound, at the latest on that day
    e.background = True


def since_range(ctx, d: TimeValue | None, trig: Token | None = None) -> TimeValue | None:
    """ "has retaken several districts since the fighting began on Sept. 27", "has seized 11 towns since Monday":
    a time that opens a period ("since") bounds the change from below, the report from above; it is not the day.
    A change that is itself the clause under "since" ("has held Paletwa since it captured the town in January",
    "since the Taliban captured Ghazni on Thursday") opens the period: its own time is its day."""
    pub = ctx.article.published
    if d is None or d.span is None or d.earliest is None or pub is None or d.earliest >= pub:
        return d
    span = ctx.doc.char_span(d.span.start, d.span.end, alignment_mode="expand")
    if span is None:
        return d
    root = span.root
    if trig is not None and trig.dep_ == "relcl" and trig.head.i in {t.i for t in span}:
        return d  # "has been under al-Shabab control since April, when the militants seized it": April is its day
    opens = root.head.dep_ == "prep" and root.head.lower_ == "since"
    v = clause_verb(root)
    opens = opens or (
        any(c.dep_ == "mark" and c.lower_ == "since" for c in v.children) and (trig is None or v.i != trig.i)
    )
    if not opens:
        return d
    return d.model_copy(update={"latest": pub, "approximate": True})


def _measure(phrase: Token, word: Token) -> tuple[int, int] | None:
    """ "weeks after", "two days before", "a month after": the days the measure before ``word`` (on it or on the
    clause ``phrase`` it marks) spans (least, most), from the lexicon's units; a bare plural is a few (2 to 6)."""
    units = lexicon.table("control", "control_offset_units")
    m = next((c for t in (word, phrase) for c in t.children if c.dep_ in ("npadvmod", "advmod") and c.i < word.i), None)
    if m is None or m.lemma_.lower() not in units:
        return None
    size = int(units[m.lemma_.lower()])
    count = next((c for c in m.children if c.dep_ in ("nummod", "det")), None)
    n = (
        num(count.text)
        if count is not None and count.lower_ not in lexicon.table("numbers", "articles")
        else (1 if count else None)
    )
    if n is None:
        return (2 * size, 6 * size) if m.tag_ == "NNS" else None
    return (int(n * size), int(n * size))


def _shift(day: date, days: int) -> date:
    """``day`` moved by ``days``; an offset past either end of the calendar ("3,000 years after") stops there."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.min if days < 0 else date.max


def off_its_landmark(ctx, trig: Token, e: Event) -> None:
    """ "seized the police headquarters in April, weeks after Russia annexed Crimea", "shelled Marib on Monday, days
    after they seized Harib": a change told in a phrase "N units after / before" another happening lies that far
    before (after) the time of the clause the phrase hangs on, when it has no time of its own."""
    d = e.date
    if d is None or d.earliest is None or d.latest is None:
        return
    marks = lexicon.table("control", "control_offset_marks")
    word = phrase = None
    t = trig
    for _ in range(4):
        mark = next((c for c in t.children if c.dep_ == "mark" and c.lower_ in marks), None)
        if t.dep_ == "advcl" and mark is not None:
            word, phrase = mark, t  # "days after they seized Harib"
            break
        if t.head.i == t.i:
            return
        if t.head.lower_ in marks and t.dep_ in ("pobj", "pcomp"):
            word = phrase = t.head  # "weeks after Russia annexed Crimea" (a noun phrase to the parse)
            break
        t = t.head
    if word is None or phrase is None:
        return
    lo_i, hi_i = phrase.left_edge.idx, phrase.right_edge.idx + len(phrase.right_edge.text)
    if d.span is not None and lo_i <= d.span.start < hi_i:
        return  # the time is the phrase's own ("weeks after Russia annexed Crimea in March")
    span = _measure(phrase, word)
    if span is None:
        return
    lo, hi = span
    if int(marks[word.lower_]) < 0:
        earliest, latest = _shift(d.earliest, -hi), _shift(d.latest, -lo)
    else:
        earliest, latest = _shift(d.earliest, lo), _shift(d.latest, hi)
    pub = ctx.article.published
    if pub is not None and latest > pub:
        latest = pub
    e.date = TimeValue(text="", value="PAST_REF", earliest=earliest, latest=latest, approximate=True, anchor=pub)
    e.background = is_background(e.date, pub)


def not_another_sides_time(ctx, sent: SpacySpan, e: Event) -> None:
    """ "Haftar's forces took Gharyan on Thursday. Government troops said they had driven his fighters out of Ain
    Zara.": a change of hands whose own sentence tells no time is not dated by the time an earlier sentence told for
    another party's change of hands (that time is that change's; the narrative does not go on at it for the other
    side): it is the report's news, told on the day of the report. The same party's next change goes on at its
    time ("The insurgents also took Taloqan")."""
    d, pub = e.date, ctx.article.published
    if (
        d is None
        or d.span is None
        or pub is None
        or e.actor1 is None
        or sent.start_char <= d.span.start < sent.end_char
    ):
        return
    if any(
        t.date is not None
        and t.date.span is not None
        and t.date.span.start == d.span.start
        and t.actor1 is not None
        and t.actor1 != e.actor1
        for t in ctx.takeovers
    ):
        e.date = on_publication(pub)
        e.background = False


def _years_of(anniv: Token) -> int | None:
    """The years an anniversary counts: "the third anniversary" (the lexicon's ordinals), "the 10th anniversary",
    "the one-year anniversary"; a bare "the anniversary" is one year (None: not a count the text gives)."""
    ordinals = lexicon.table("numbers", "ordinals")
    for c in anniv.children:
        if c.dep_ not in ("amod", "nummod", "compound"):
            continue
        w = c.lower_
        if w in ordinals:
            return int(ordinals[w])
        digits = w.rstrip("stndrh")
        if digits.isdigit() and w != digits:
            return int(digits)
        hyphen = c.i + 1 < len(c.doc) and c.nbor(1).lower_ == "-"  # "one - year" ("sad", the text's last word: none)
        n = num(w.split("-")[0]) if "-year" in w or hyphen else None
        if n is not None:
            return int(n)
    return 1


def anniversary_of(trig: Token) -> Token | None:
    """The anniversary noun whose "of" phrase ``trig`` is ("the third anniversary of the capture of Palma")."""
    head = trig.head
    if trig.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_ in _W("control", "control_anniversary_nouns"):
        return head.head
    return None


def on_its_anniversary(ctx, trig: Token, e: Event) -> None:
    """ "marked on Sunday the third anniversary of the insurgents' capture of Palma": a change named as what an
    anniversary (``control_anniversary_nouns``) counts from happened that many years before the anniversary's day
    (its clause's time, else the report's), on about the same day: background."""
    anniv = anniversary_of(trig)
    if anniv is None:
        return
    years = _years_of(anniv)
    day = e.date.point if e.date is not None and e.date.point is not None else ctx.article.published
    if years is None or day is None:
        return
    if not 0 <= years < day.year:  # "the 2,500th anniversary of the capture of Babylon": before the calendar's year 1
        e.date, e.background = None, True
        return
    try:
        then = day.replace(year=day.year - years)
    except ValueError:  # Feb. 29
        then = day.replace(year=day.year - years, day=28)
    e.date = TimeValue(
        text="",
        value=then.isoformat(),
        earliest=then - timedelta(days=3),
        latest=then + timedelta(days=3),
        approximate=True,
        anchor=ctx.article.published,
    )
    e.background = True
