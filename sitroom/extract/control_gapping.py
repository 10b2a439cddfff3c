"""Places a verb of taking governs after "and" with the verb left out (gapping): "captured Gao in March and Timbuktu
in April", "seized Bunagana, a town on the border, and later that year Rutshuru and Kiwanja", "took Avdiivka in
February, and last year, after the longest battle of the war, Bakhmut". The parse hangs such a name anywhere (a
conjunct of the date, an apposition of "year", an adverb of the verb); what decides is the shape: after the verb's
object, an "and" of the verb's own clause, then no verb before the name. Each place comes with the time told in its
own stretch ("in April", "later that year"), or none (the verb's time holds). Used by
:func:`sitroom.extract.control.refine`."""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.event_context import is_background
from sitroom.extract.event_time import clause_verb
from sitroom.extract.sites import proper, unlisted_town
from sitroom.model import Event, Place, TimeValue

_W = lexicon.words
_SHIFTS = lexicon.table("events", "relative_shift_words")
_KINDS = ("city", "district", "facility")
_NAME_DEPS = ("compound", "amod", "poss", "nmod")  # a name modifying another noun ("Timbuktu residents")


def gapped_places(
    ctx, sent: SpacySpan, trig: Token, obj: Token | None, when: TimeValue | None
) -> list[tuple[Place, TimeValue | None]]:
    """The places taken by ``trig`` that a gapped coordination names after its object ``obj``, each with the time
    its own stretch tells (None: none told; ``when`` is the verb's time)."""
    if obj is None and trig.lemma_ == "fall":
        obj = next((c for c in trig.children if c.dep_ == "nsubj"), None)  # "Aleppo fell ... and Hama on December 5"
    if obj is None or trig.pos_ != "VERB":
        return []
    E = ctx.grammar
    start = max(obj.right_edge.i, trig.i) + 1
    listed = {obj.i, *(c.i for c in obj.conjuncts)}
    conj = next(
        (t for t in sent if t.i >= start and t.lower_ == "and" and t.dep_ == "cc" and clause_verb(t).i == trig.i), None
    )
    if conj is None or conj.head.i in listed:
        return []  # "seized the palace, the airport and much of the centre": the object's own list
    end = next((t.i for t in sent if t.i > conj.i and (t.pos_ in ("VERB", "AUX") or t.text == ";")), sent.end)
    seen = set(obj.conjuncts) | {obj}
    out: list[tuple[Place, TimeValue | None]] = []
    for t in sent.doc[conj.i + 1 : end]:
        if t in seen or t.ent_type_ in ("DATE", "TIME") or t.dep_ in _NAME_DEPS or clause_verb(t).i != trig.i:
            continue
        if t.dep_ == "pobj" or t.head.pos_ == "ADP":
            continue  # "and, officials in Bamako said, ...": a place a preposition names is no object taken
        if any(a.pos_ in ("VERB", "AUX") and a.i != trig.i for a in t.ancestors if a.i > trig.i and a.i < t.i):
            continue
        p = E.place_of_token(ctx, t)
        places = [p] if p is not None else []
        if p is None and proper(t):
            # a name the tagger calls a person only where the gazetteer lists it ("and Goma in November")
            loose = ("ORG", "GPE", "PERSON") if _listed_here(ctx, t.text) else ("ORG", "GPE")
            places = unlisted_town(ctx, t, loose=loose)
        for q in places:
            if q.kind in _KINDS and all(q.id != x.id for x, _ in out):
                out.append((q, _own_time(ctx, sent.doc[conj.i : end], when)))
    return out


def _own_time(ctx, stretch: SpacySpan, when: TimeValue | None) -> TimeValue | None:
    """The time the gapped stretch tells: its own date ("and Timbuktu in April"); after the verb's time and before
    the report where it says only "later" ("and later that year Rutshuru"); else None (the verb's time holds)."""
    lo, hi = stretch.start_char, stretch.end_char
    own = next(
        (
            tv
            for tv in ctx.article.times
            if tv.span is not None
            and tv.type in ("DATE", "TIME")
            and lo <= tv.span.start < hi
            and tv.earliest
            # "and Ramadi a week earlier": a span from the verb's time, not from the report's day
            and tv.text.split()[-1].lower() not in _SHIFTS
        ),
        None,
    )
    pub = ctx.article.published
    if own is not None and when is not None and when.earliest is not None:
        return _in_years_of(own, when)
    if own is not None or pub is None or when is None or when.earliest is None:
        return own
    if not any(t.lower_ in _W("events", "sequence_later_words") for t in stretch):
        return None
    return TimeValue(text="", value="PAST_REF", earliest=when.earliest, latest=pub, approximate=True, anchor=pub)


def gapped_changes(ctx, sent: SpacySpan, trig: Token, obj: Token | None, e: Event, listed: set[str]) -> list[Event]:
    """Copies of the change ``e`` for the places a gapped coordination after ``obj`` names (not ``e``'s own place nor
    one ``listed`` already), each at the time its stretch tells."""
    out = []
    for p, tv in gapped_places(ctx, sent, trig, obj, e.date):
        if p.id != e.place and p.id not in listed:
            when = {"date": tv, "background": is_background(tv, ctx.article.published)} if tv else {}
            out.append(e.model_copy(update={"place": p.id, **when}))
    return out


def _listed_here(ctx, name: str) -> bool:
    """Does the gazetteer list ``name`` as a town or district of a country the text names (by a place or a party)?"""
    if ctx.gaz is None:
        return False
    countries = {p.country for p in ctx.article.places if p.country}
    countries |= {a.country for a in ctx.article.actors if a.country}
    return any(ctx.gaz.lookup(name, kinds=("city", "district"), country=cc) for cc in countries)


def _in_years_of(own: TimeValue, when: TimeValue) -> TimeValue:
    """A month told without its year in the gapped stretch ("Bunagana in July 2012 and Goma in November") is in the
    verb's year, or the next one when the month comes before the verb's."""
    told, base = own.earliest, when.earliest
    if re.search(r"\b\d{4}\b", own.text) or not re.fullmatch(r"\d{4}-\d{2}", own.value or ""):
        return own
    if told is None or base is None:
        return own
    year = base.year + (1 if told.month < base.month else 0)
    lo = told.replace(year=year)
    hi = (date(year + told.month // 12, told.month % 12 + 1, 1)) - timedelta(days=1)
    return own.model_copy(update={"value": lo.isoformat()[:7], "earliest": lo, "latest": hi})
