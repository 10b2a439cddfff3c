"""A toll told in a sentence of its own after its happening, with no trigger: "The dead included two lawmakers and
the owner of the hotel.", "Officials put the death toll at around 400.", "Two of the hostages were found dead.",
"State TV claimed heavy rebel casualties."

Wire reports tell a happening, then its toll in the next sentence or two. Such a sentence names no one acting and
no act; read alone it is no event, but it tells the happening told just before again: it joins that happening's
evidence (the words in ``toll_words`` of ``lexicon/events.yaml``). Only a sentence the relevance gate lets through,
that gave no event of its own, whose toll word is not under a modal, negated or conditional clause, and only when
the sentences just before told exactly one kind of happening that kills.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Span, Token

from sitroom.extract import lexicon
from sitroom.extract.irrealis import is_modal_or_negated
from sitroom.model import Article, Event

_KILLING_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests")
_REACH = 2  # the happening was told at most this many sentences before


def toll_word(sent: Span) -> Token | None:
    """The word of ``sent`` that tells a toll, told as happened, or None."""
    words = lexicon.words("events", "toll_words")
    false = lexicon.words("events", "toll_false_neighbours")
    for tok in sent:
        if tok.lower_ not in words or tok.pos_ not in ("NOUN", "ADJ", "PROPN"):
            continue
        near = {c.lower_ for c in tok.children} | {tok.head.lower_}
        if near & false:
            continue
        clause = tok
        while clause.pos_ not in ("VERB", "AUX") and clause.head is not clause:
            clause = clause.head
        if (
            is_modal_or_negated(tok)
            or is_modal_or_negated(clause)
            or any(c.dep_ == "mark" and c.lower_ == "if" for c in clause.children)
        ):
            continue
        return tok
    return None


def join_tolls(article: Article, events: list[Event], sents: list[Span], told: dict[int, bool]) -> None:
    """Each toll sentence that gave no event joins the evidence of the one kind of killing happening told in the
    ``_REACH`` sentences before it (``told``: the gate's verdict by sentence start token)."""
    by_sent: dict[int, list[Event]] = {}
    starts = [s.start_char for s in sents]
    for e in events:
        for ev in e.evidence if not e.heading else []:
            k = bisect_right(starts, ev.start) - 1
            if k >= 0 and e not in by_sent.setdefault(k, []):
                by_sent[k].append(e)
    for k, sent in enumerate(sents):
        if k in by_sent or not told.get(sent.start) or toll_word(sent) is None:
            continue
        before = [
            e
            for j in range(max(0, k - _REACH), k)
            for e in by_sent.get(j, [])
            if not e.background
            and e.event_type in _KILLING_TYPES
            and e.sub_event_type not in lexicon.words("events", "toll_nonlethal_subtypes")
        ]
        if not before or len({e.sub_event_type for e in before}) != 1:
            continue
        before[-1].evidence.append(article.span(sent.start_char, sent.end_char))
