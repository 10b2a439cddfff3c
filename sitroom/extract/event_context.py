"""Happenings told as context, and times a sentence lends no event.

A happening the sentence uses as a landmark in time is told as context, not as news: a known happening (a definite
event noun) as the object of a time preposition ("after the fall of X", "following the assassination", "before the
fall of Kabul"), any as the object of "in the wake of", the verb of a "since" clause ("since the capital fell"), an
event noun told as earlier ("prior negotiations", "previous attacks") or a main clause in the past perfect with an
adverb of anteriority ("the fighting had previously taken place in the north"); a happening the sentence introduces
after a time word ("treated for burns after an attack with ...", "after a helicopter dropped ...") is news. It is background (``Event.background``), dated to its own
time when its clause says it, else only as before the text was published; a "since" landmark always, the others
unless the sentence reports news beside them (the sentence's other events: "the rebels withdrew from the port
following an air strike by the army" tells the strike as part of the news), and never one told as happening the
same day ("hours after", "shortly after").

A report or a documentation (``report_nouns``, ``documentation_verbs``: "a report released today documenting
rape ...") lends its own date to nothing it documents: the violence happened before, on a day the sentence does not
give. The vocabulary is the ``events`` lexicon's (time section).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.certainty import REPORTING
from sitroom.model import Event, TimeValue

_W = lexicon.words

SINCE = "since"  # a landmark that is background whatever the sentence tells beside it
AFTER = "after"  # a landmark that is background unless the sentence reports news beside it
NEWS_DAYS = 14  # a happening this many days before publication or fewer is news (as event_build dates background)


def before_publication(pub: date) -> TimeValue:
    """A time told only as before the text was published ("since Kabul fell", "before the fall of X"): no earlier
    bound."""
    return TimeValue(text="", value="PAST_REF", earliest=None, latest=pub, approximate=True, anchor=pub)


def on_publication(pub: date) -> TimeValue:
    """The publication day, as the time of a happening the text tells with no time of its own (approximate)."""
    return TimeValue(text="", value=pub.isoformat(), earliest=pub, latest=pub, approximate=True, anchor=pub)


def is_background(tv: TimeValue | None, pub: date | None) -> bool:
    """Is a happening dated ``tv`` history told as background: its latest day more than ``NEWS_DAYS`` before the
    publication day ``pub`` (the rule the event stage dates every event by, and the control stage re-dates by)."""
    return pub is not None and tv is not None and tv.latest is not None and tv.latest < pub - timedelta(days=NEWS_DAYS)


def _mark_kind(word: Token) -> str:
    return SINCE if word.lower_ in _W("events", "always_background_marks") else AFTER


def _same_day(word: Token) -> bool:
    """ "hours after", "shortly after", "just after": the landmark is told as the same day's news."""
    measures = _W("events", "same_day_measures")
    before = word.doc[word.i - 1] if word.i > 0 else None
    return (before is not None and before.lower_ in measures) or any(
        c.dep_ in ("npadvmod", "advmod") and c.lower_ in measures for c in (*word.children, *word.head.children)
    )


def _nominal_landmark(trig: Token) -> Token | None:
    """The time preposition whose object ``trig`` (an event noun) is, through "the wake of", "weeks of" or "a
    spate of": "after the fall of X", "in the wake of the attack", "following a spate of attacks"."""
    t = trig
    for _ in range(4):
        if t.dep_ not in ("pobj", "dobj") or t.head.i == t.i:
            return None
        p = t.head
        if p.lower_ in _W("events", "time_preps") and (t.dep_ == "pobj" or p.lower_ == "following"):
            return p  # "following" may be parsed as a verb with the event as its object
        if t.dep_ == "pobj" and p.lower_ == "of" and p.head.pos_ == "NOUN":
            h = p.head  # "the wake of", "weeks of", "a spate of"
            if h.lower_ in _W("events", "time_prep_nouns") or h.lemma_ in _W("events", "happening_containers"):
                if h.dep_ == "pobj" and h.head.lower_ == "in" and h.lower_ in _W("events", "always_background_marks"):
                    return h  # "in the wake of", "in the aftermath of": a cause told as context
                t = h
                continue
        return None
    return None


def _clausal_landmark(trig: Token) -> Token | None:
    """The subordinator of the time clause ``trig`` heads: "since Kabul fell", "after the rebels took the town"."""
    if trig.pos_ not in ("VERB", "AUX"):
        return None
    subs = _W("events", "time_subordinators")
    if trig.dep_ == "advcl":
        return next((c for c in trig.children if c.dep_ == "mark" and c.lower_ in subs), None)
    if trig.dep_ == "pcomp" and trig.head.lower_ in subs:
        return trig.head  # "since Kabul fell" parsed as a preposition with a clause
    return None


def landmark(trig: Token) -> tuple[str, Token] | None:
    """Is ``trig``'s happening told as context? Its kind (:data:`SINCE` or :data:`AFTER`) and the phrase that tells
    it (a time in that phrase is the happening's own), or None."""
    nominal = trig.pos_ in ("NOUN", "PROPN")
    word = _nominal_landmark(trig) if nominal else _clausal_landmark(trig)
    if word is not None:
        kind = _mark_kind(word)
        if _same_day(word) or kind == AFTER and not (nominal and _definite(trig)):
            # "hours after gunmen killed ...": the same day's news; "treated for burns after an attack with ...",
            # "after a helicopter dropped ...": a happening the sentence introduces is news, only a known one ("the
            # assassination", "the fall of X") is a landmark
            return None
        return kind, (word if nominal else trig)
    if trig.pos_ == "NOUN" and any(
        c.dep_ == "amod" and c.lower_ in _W("events", "earlier_modifiers") for c in trig.children
    ):
        return SINCE, trig  # "prior negotiations", "previous attacks": told as earlier than the news
    era = _past_era(trig)
    if era is not None:
        return SINCE, era  # "released as part of the prisoner swap when Biden was Vice President"
    verb = trig.head if trig.pos_ == "NOUN" and trig.dep_ in ("nsubj", "nsubjpass") else trig
    if (
        past_perfect(verb)
        and _main_clause(verb)
        and any(c.dep_ == "advmod" and c.lower_ in _W("events", "anteriority_adverbs") for c in verb.children)
        and not _reported(verb)
    ):
        return AFTER, verb  # "militants had attacked the post", "the fighting had taken place in the north"
    return None


def _past_era(trig: Token) -> Token | None:
    """The clause of a past era the happening is set in: "when X was <an office>" or "when X were in power" on the
    trigger's verb (for an event noun, the verb it hangs on, a few steps up)."""
    verb = trig
    for _ in range(4):
        if verb.pos_ == "VERB" or verb.head.i == verb.i:
            break
        verb = verb.head
    for c in verb.children:
        if (
            c.dep_ == "advcl"
            and c.lemma_ == "be"
            and c.tag_ == "VBD"
            and any(m.dep_ in ("advmod", "mark") and m.lower_ in _W("events", "past_era_marks") for m in c.children)
            and _era_predicate(c)
        ):
            return c
    return None


def _era_predicate(be: Token) -> bool:
    """Does the past "be" name an office held ("was Vice President") or a state held ("were in power")?"""
    for c in be.children:
        if c.dep_ == "attr" and c.lemma_.lower() in _W("events", "past_era_offices"):
            return True
        if c.dep_ == "prep" and any(
            g.dep_ == "pobj" and g.lemma_.lower() in _W("events", "past_era_states") for g in c.children
        ):
            return True
    return False


def past_perfect(trig: Token) -> bool:
    """ "had seized", "had been killed": a happening told as before the time of the narrative."""
    return (
        trig.pos_ == "VERB"
        and trig.tag_ == "VBN"
        and any(c.dep_ == "aux" and c.lower_ == "had" for c in trig.children)
        and not any(c.dep_ == "aux" and c.lower_ in _W("events", "modals") for c in trig.children)
    )


def _definite(noun: Token) -> bool:
    """ "the assassination", "their defeat", "Kunduz's fall": a happening the reader is taken to know."""
    return any(
        c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in _W("events", "anaphoric_determiners") for c in noun.children
    )


def _main_clause(verb: Token) -> bool:
    """The sentence's own clause (not a relative clause "men who had been shot", whose happening the narrative
    comes upon)."""
    return verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT"


def _reported(trig: Token) -> bool:
    """Told in reported speech, where a past perfect is the reporter's past shifted back ("police said militants had
    attacked the post", "militants had attacked the post, police said")."""
    if any(a.lemma_ in REPORTING for a in trig.ancestors):
        return True
    return any(c.dep_ in ("parataxis", "ccomp", "advcl") and c.lemma_ in REPORTING for c in trig.children) or any(
        t.lower_ in _W("reporting", "source_preps")
        for t in trig.sent  # "according to police"
    )


def dated_within(e: Event, phrase: Token) -> bool:
    """Is ``e``'s date told inside ``phrase`` (its subtree)?"""
    span = e.date.span if e.date is not None else None
    if span is None:
        return False
    end = phrase.right_edge.idx + len(phrase.right_edge.text)
    return phrase.left_edge.idx <= span.start < end


def _recent(tv: TimeValue | None, pub: date) -> bool:
    """Within the news: at most ``NEWS_DAYS`` before publication."""
    return tv is not None and tv.latest is not None and tv.latest >= pub - timedelta(days=NEWS_DAYS)


@dataclass
class _Told:
    kind: str
    date: TimeValue | None
    background: bool


class ContextMarks:
    """The events of one sentence told as context, marked background until the sentence is read whole."""

    def __init__(self) -> None:
        self._told: dict[int, tuple[Event, _Told]] = {}

    def mark(self, e: Event, kind: str, own_date: bool, pub: date | None) -> None:
        """``e`` is told as context: background, dated only as before publication unless its clause dates it; an
        "after" landmark its own phrase dates within the news ("after Thursday's blast") is news."""
        if kind == AFTER and own_date and pub is not None and _recent(e.date, pub):
            return
        self._told[id(e)] = (e, _Told(kind, e.date, e.background))
        e.background = True
        if not own_date and pub is not None:
            e.date = before_publication(pub)

    def settle(self, sentence_events: list[Event]) -> None:
        """The sentence is read: an "after" landmark beside news of the sentence is news itself (its date and
        background as first read)."""
        news = any(id(e) not in self._told for e in sentence_events)
        for e in sentence_events:
            told = self._told.get(id(e))
            if told is not None and news and told[1].kind == AFTER:
                e.date, e.background = told[1].date, told[1].background
        self._told.clear()


def documented(trig: Token, time_root: Token) -> bool:
    """Is ``trig`` told inside a report or a documentation whose clause holds the time ``time_root``? ("released a
    report today documenting rape": today is the report's day, not the rape's)."""
    anc = {a.i for a in time_root.ancestors} | {time_root.i}
    h = trig
    for _ in range(10):
        if h.head.i == h.i:
            return False
        h = h.head
        if h.i in anc:
            return False  # reached the time's own clause without passing a report
        if h.lemma_ in _W("events", "documentation_verbs") and h.pos_ == "VERB":
            return True
        if h.pos_ == "NOUN" and h.lower_ in _W("events", "report_nouns"):
            return True
    return False
