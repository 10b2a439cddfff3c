"""Nominals of a change of control (issue 13): "the capture of Gao (by X)", "Kunduz's fall (to X)", "the liberation
of the city by government troops", "the recapture by Iraqi forces of Tikrit", "the liberation of several towns,
including X and Y", "the withdrawal of X from Y", "the rebels' loss of Y". The nouns are ``control_nominals`` of the
control lexicon; who gains is the "by" / "to" phrase or the possessor, else the subject of a verb that claims or
completes the change (``control_nominal_owner_verbs``), else the change the article told of that place, else the
article's salient actor of the side.

Reads: the parse, the article's places and actors (through ``ctx``). Writes: the events it returns."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.control_frames import unreal_nominal
from sitroom.extract.control_parties import child, party
from sitroom.extract.control_sides import (
    _ARMED,
    _TERRITORY_KINDS,
    WITHDRAW,
    _event,
    _opponent,
    _salient_of_side,
    annexer,
)
from sitroom.extract.control_time import own_time, same_place, told_before
from sitroom.model import Event

_W = lexicon.words


def nominal(ctx, sent: SpacySpan, trig: Token, headings, places_of, parts, from_place) -> list[Event] | None:
    """ "the capture of Gao (by X)", "Kunduz's fall (to X)", "the withdrawal of X from Y" (``places_of``, ``parts``
    and ``from_place``: the control module's readers of a phrase's places)."""
    E = ctx.grammar

    kind = lexicon.table("control", "control_nominals").get(trig.lemma_)
    if kind is None:
        return None
    if any(c.dep_ == "det" and c.lower_ in ("no", "any") for c in trig.children) or unreal_nominal(trig):
        return []  # "no capture", "the attempted seizure of Y", "the threat of a takeover of Y"
    v = trig.head.head if trig.dep_ == "pobj" else trig.head
    if v.pos_ in ("VERB", "AUX") and E.is_modal_or_negated(v) and trig.dep_ in ("dobj", "pobj", "nsubj"):
        return []  # "could prevent the fall of Y", "will not allow the capture of Y"
    poss, of, by = _arguments(ctx, trig)
    if kind == "lose":
        to = by if by is not None and by.head.lower_ == "to" else None  # "the loss of Y to X": X gains it
        return _loss(ctx, sent, trig, of, poss or (by if to is None else None), to, headings, places_of)
    if kind == WITHDRAW:
        loser = E.actor_of(ctx, of) or E.actor_of(ctx, poss)
        if loser is None and trig.dep_ in ("dobj", "obj") and (of is None or child(of, "poss") is not None):
            # "the army announced the regrouping of its forces from Y": whose forces, the one who announces it
            loser = party(ctx, E.child(trig.head, "nsubj"))
        places = from_place(ctx, trig, ("from",))
        if loser is None or ctx.actor_kinds.get(loser) not in _ARMED or not places:
            return []
        gainer = _opponent(ctx, loser, places[0])
        return _event(ctx, sent, trig, gainer, loser, places, "withdrawal", headings)
    places = places_of(ctx, of) or (places_of(ctx, poss) if poss is not None and E.actor_of(ctx, poss) is None else [])
    if not places and of is not None and of.lemma_ in lexicon.table("control", "control_town_nouns"):
        # "the liberation of key towns in northern Iraq, including Rabia and Zummar": the towns it names
        places = [p for p in parts(ctx, trig) if p.kind in ("city", "district")]
    places = [p for p in places if p.kind in _TERRITORY_KINDS]
    if not places:
        return []
    gainer = E.actor_of(ctx, by) or (E.actor_of(ctx, poss) if poss is not None and not places_of(ctx, poss) else None)
    if (
        gainer is None
        and trig.dep_ in ("dobj", "obj")
        and trig.head.pos_ == "VERB"
        and trig.head.lemma_ in _W("control", "control_nominal_owner_verbs")
    ):
        # "Russia claims (the) capture of Bakhmut", "the army completed the recapture of X": who claims or completes it
        gainer = party(ctx, E.child(trig.head, "nsubj"))
    if gainer is None and trig.dep_ in ("nsubj", "nsubjpass") and trig.head.lemma_ == "be":
        # "the fall of Nyala is the RSF's most significant gain": whose gain it is
        outcome = next((c for c in trig.head.children if c.dep_ == "attr"), None)
        if outcome is not None and outcome.lemma_ in _W("control", "control_outcome_nouns"):
            gainer = party(ctx, E.child(outcome, "poss"))
    if gainer is not None and ctx.actor_kinds.get(gainer) not in _ARMED:
        gainer = None
    if trig.lemma_ in _W("control", "control_annex"):
        gainer = annexer(ctx, sent, places[0]) or gainer  # "Russia's annexation of Crimea"
        if gainer is not None:
            return _event(ctx, sent, trig, gainer, None, places, "capture", headings)
    if gainer is None and not own_time(ctx, trig):
        # "called the capture of the city a turning point": the change the article told of that place
        told = [x for x in ctx.takeovers if x.actor1 and same_place(ctx, x.place, places[0])]
        told = [x for x in told if not x.background] or told  # the news before a change recalled
        gainer = told[-1].actor1 if told else None
    if gainer is None and trig.lemma_ != "fall":
        # "the capture of Gao": the article's salient actor of the side; "the fall of Kabul" names no side at all
        gainer = _salient_of_side(ctx, "state" if kind == "regain" else "non-state", places[0])
    evs = _event(ctx, sent, trig, gainer, None, places, "recapture" if kind == "regain" else "capture", headings)
    return told_before(ctx, trig, evs)


def _loss(
    ctx, sent: SpacySpan, trig: Token, of: Token | None, owner: Token | None, to: Token | None, headings, places_of
) -> list[Event]:
    """ "a string of defeats for Haftar that began with the loss of the al-Watiya air base", "the rebels' loss of
    Y": the place is lost by its owner (a possessor or "by X"), else by the party the phrase around it tells of (the
    "for X" of the defeat it belongs to, the subject of the clause that suffered it); the other side gains it, or the
    party it was lost ``to`` ("after the loss of Dessie and Kombolcha to Tigrayan rebels")."""
    places = [p for p in places_of(ctx, of) if p.kind in _TERRITORY_KINDS]
    if not places:
        return []  # "the loss of life", "the loss of 20 soldiers"
    gainer = party(ctx, to)
    if ctx.actor_kinds.get(gainer) in _ARMED:
        loser = party(ctx, owner)
        loser = loser if ctx.actor_kinds.get(loser) in _ARMED and loser != gainer else None
        return _event(ctx, sent, trig, gainer, loser, places, "expel", headings)
    loser = party(ctx, owner)
    t = trig
    for _ in range(5):
        if loser is not None or t.head.i == t.i:
            break
        t = t.head
        preps = [c for c in t.children if c.dep_ == "prep" and c.lower_ in _W("control", "control_loss_owner_preps")]
        owners = [x for c in preps for x in c.children if x.dep_ == "pobj"]
        if t.pos_ in ("VERB", "AUX"):
            owners += [c for c in t.children if c.dep_ == "nsubj" and c.lower_ not in _W("events", "relative_pronouns")]
        loser = next((a for x in owners for a in [party(ctx, x)] if ctx.actor_kinds.get(a) in _ARMED), None)
    if loser is None or ctx.actor_kinds.get(loser) not in _ARMED:
        return []
    return _event(ctx, sent, trig, _opponent(ctx, loser, places[0]), loser, places, "expel", headings)


def _arguments(ctx, trig: Token) -> tuple[Token | None, Token | None, Token | None]:
    """The possessor, the "of" phrase (the place) and the "by" / "to" phrase (the gainer) of a nominal, also where the
    parse hangs them elsewhere."""
    E = ctx.grammar
    poss = E.child(trig, "poss")
    of = E.prep_obj(trig, "of")
    by = E.prep_obj(trig, "by") or E.prep_obj(trig, "to")
    nxt = trig.doc[trig.i + 1] if trig.i + 1 < len(trig.doc) else None
    if by is None and of is None and nxt is not None and nxt.lower_ == "by" and nxt.dep_ in ("prep", "agent"):
        by = E.child(nxt, "pobj")  # "supported the recapture by Iraqi forces of Tikrit": "by" hung on the verb
    if of is None and by is not None and E.actor_of(ctx, by) is not None:
        of = E.prep_obj(by, "of")  # "the retaking by Iraqi forces of Tikrit": the parse hangs the place on the agent
    after = trig.doc[of.right_edge.i + 1] if of is not None and of.right_edge.i + 1 < len(trig.doc) else None
    if by is None and after is not None and after.lower_ in ("by", "to") and after.dep_ in ("prep", "agent"):
        by = E.child(after, "pobj")  # "the anniversary of the fall of Mosul to IS": the parse hung "to" elsewhere
    return poss, of, by
