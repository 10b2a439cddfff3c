"""Events told by a title-case headline ("Hamas Rocket Kills One Israeli, New Air Strikes Hit Gaza Targets",
"Somali Militants Attack Government Soldiers"), which the tagger misreads as a string of proper nouns.

The headline is parsed again with its ordinary words in lower case, at the same character offsets (the text before
it is blanked), and read by the event stage's own sentence reader; the names of places and actors keep their case.
A reading adds only the sub-event types the first reading of that headline did not give; where it reads any event,
a sub-type of the first reading that rests on people taken (``headline_person_subtypes``) and that it does not give
is dropped (the tagger's misreading of "Rebels Seize Key Town Of Goma" makes "Seize Key Town" a person and the
seizure an abduction). Changes of control in
such headlines are ``sitroom.extract.control.headline_events``'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from sitroom.config import Settings
from sitroom.extract import headline_verbs, lexicon
from sitroom.extract.control_sides import TAKEOVER
from sitroom.extract.nlp import load_nlp
from sitroom.model import Event

_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")
_MINOR = lexicon.words("events", "headline_minor_words")
_PERSON_SUBTYPES = lexicon.words("events", "headline_person_subtypes")


def title_case(s: str) -> bool:
    """Most words capitalised (small function words aside), at least three words, not shouting in capitals."""
    words = [w for w in _WORD.findall(s) if w.lower() not in _MINOR]
    caps = [w for w in words if w[0].isupper()]
    return len(words) >= 3 and len(caps) >= 0.75 * len(words) and not all(w.isupper() for w in words)


def _spans(article) -> list[tuple[int, int]]:
    spans = [(h.start, h.end) for h in article.headings]
    if article.title and article.text.startswith(article.title):
        spans.append((0, len(article.title)))
    return sorted(set(spans))


def headline_events(ctx, events: list[Event], read: Callable) -> tuple[list[Event], list[Event]]:
    """The events of the article's title-case headlines read again in sentence case (``read(ctx, sent, out)`` is
    the event stage's sentence reader): (the first reading's events kept, the events the second reading adds)."""
    art = ctx.article
    keep = [(p.mention.start, p.mention.end) for p in art.places] + [
        (m.span.start, m.span.end) for a in art.actors for m in a.mentions
    ]
    out: list[Event] = []
    misread: set[int] = set()
    for s, e in _spans(art):
        text = art.text[s:e]
        if not title_case(text):
            continue
        chars = [c if any(a <= s + i < b for a, b in keep) else c.lower() for i, c in enumerate(text)]
        if chars:
            chars[0] = text[0]
        nlp = load_nlp(Settings().spacy_model)
        doc = nlp(" " * s + "".join(chars))
        had = {ev.sub_event_type for ev in events if ev.evidence and s <= ev.evidence[0].start < e}
        found = _read(ctx, doc, read)
        again = {ev.sub_event_type for ev in found}
        if again:  # people taken that the sentence-case reading does not see were the tagger's misreading
            misread |= {
                id(ev)
                for ev in events
                if ev.evidence
                and s <= ev.evidence[0].start < e
                and ev.sub_event_type in _PERSON_SUBTYPES
                and ev.sub_event_type not in again
            }
        if not found and not had:
            # "Taliban overrun key district": a present-tense verb the tagger read as a noun, read as the verb
            found = next((f for f in (_read(ctx, d, read) for d in headline_verbs.readings(nlp, doc, s, e)) if f), [])
            # a change of hands read so must be one the body tells of the same place: the headline's names are
            # the weakest reading of a place ("Taliban Overrun Key District in Helmand Province": "Key")
            found = [f for f in found if f.sub_event_type not in TAKEOVER or _told_in_body(f, events)]
        for ev in found:
            if ev.sub_event_type not in had:
                had.add(ev.sub_event_type)
                out.append(ev)
    return [ev for ev in events if id(ev) not in misread], out


def _told_in_body(ev: Event, events: list[Event]) -> bool:
    return any(
        b.sub_event_type == ev.sub_event_type and not b.heading and (ev.place is None or b.place == ev.place)
        for b in events
    )


def _read(ctx, doc, read: Callable) -> list[Event]:
    hctx = replace(ctx, doc=doc)
    found: list[Event] = []
    for sent in doc.sents:
        if sent.text.strip():
            read(hctx, sent, found)
    return found
