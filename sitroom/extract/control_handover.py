"""A place handed over: "rebels handed over control of Kidal to the army", "handed the town back to the
government", "the town was handed over to the rebels", "transferred control of Kirkuk to federal troops", "the town of
Bani Walid surrendered to rebel fighters" (used by :mod:`sitroom.extract.control`; "ceded Lachin to Azerbaijani
forces" is read there as a loss whose "to X" gains the place).

ACLED's *Non-violent transfer of territory*: the party named after "to" gains the place, the one that hands it
over (the subject of the active, the agent of the passive) loses it. A place told as the subject of "surrender"
is the place given up. A handover told as agreed or promised ("agreed to hand over Aden") is no change yet: the
event stage reads it as the Agreement (:func:`sitroom.extract.irrealis.committed`). The verbs and their particles
are data (``control_handover_particles`` in ``data/lexicon/control.yaml``)."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.control_parties import child, party
from sitroom.extract.control_sides import _ARMED, _TERRITORY_KINDS, _event, _opponent
from sitroom.model import Event

_W = lexicon.words


def _gainer(ctx, trig: Token) -> str | None:
    """The party after "to": the parse's object of "to", else (a parse that read "to" as an infinitive's mark, "handed
    the town to Azerbaijani forces") the head noun of the words that follow it."""
    E = ctx.grammar
    to = E.prep_obj(trig, "to")
    if to is not None:
        return party(ctx, to) or E.actor_of(ctx, to)
    for t in trig.subtree:
        if t.lower_ != "to" or t.i < trig.i:
            continue
        head = None
        for n in t.doc[t.i + 1 : t.i + 8]:
            if n.pos_ in ("ADP", "PUNCT", "SCONJ", "CCONJ") or n.pos_ == "VERB" and n.dep_ != "amod":
                break
            if n.pos_ in ("NOUN", "PROPN"):
                head = n
        if head is not None:
            return party(ctx, head) or E.actor_of(ctx, head)
    return None


def handed_to(ctx, trig: Token) -> str | None:
    """The armed party a withdrawal's participle of handover gives the place to ("left their camp at Ber, handing it
    over to Malian authorities"; not "handed over their weapons to"), if any."""
    for c in trig.children:
        obj = child(c, "dobj")
        if (
            c.dep_ in ("advcl", "conj")
            and c.i > trig.i
            and handover_told(c)
            and (obj is None or obj.pos_ == "PRON" or obj.lemma_ == "control")
        ):
            got = _gainer(ctx, c)
            if got is not None and ctx.actor_kinds.get(got) in _ARMED:
                return got
    return None


def handover_told(tok: Token) -> bool:
    """Does the verb ``tok`` tell a handover with what its entry needs (``control_handover_particles``: "over" /
    "back" among its particles or adverbs, "to" a to-phrase, "control" its object)? "handed over", "handed the town
    to", "turned over", "transferred control"; not "turned to the army", "transferred the wounded"."""
    needs = lexicon.table("control", "control_handover_particles").get(tok.lemma_)
    if needs is None:
        return False
    if not needs:
        return True
    have = {c.lower_ for c in tok.children if c.dep_ in ("prt", "advmod")}
    have |= {"to" for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"}
    have |= {"control" for c in tok.children if c.dep_ in ("dobj", "obj") and c.lemma_ == "control"}
    return bool(have & set(needs))


def handed_over(ctx, sent: SpacySpan, trig: Token, headings, places_of) -> list[Event] | None:
    """The change of hands a handover verb tells, or None (no place handed over: the event stage reads the verb,
    "fighters surrendered to the army" is a change to the group's activity, "handed over the documents" nothing);
    [] for a verb that is only ever a handover ("transferred control") when no place is handed over."""
    E = ctx.grammar
    none: list[Event] | None = None if trig.lemma_ in _W("control", "control_handover_other_readings") else []
    if not handover_told(trig):
        return none
    # (not a dateline the parse made an object: "BAKU (AFP) - Armenia handed over Lachin to Azerbaijan")
    obj = next((c for c in trig.children if c.dep_ in ("dobj", "obj") and not E.in_dateline(ctx, c)), None)
    if obj is not None and obj.lemma_ == "control":  # "handed over control of the district to ..."
        obj = E.prep_obj(obj, "of", "over") or obj
    subjpass, subj = child(trig, "nsubjpass"), child(trig, "nsubj")
    if obj is not None:
        places, loser = places_of(ctx, obj), party(ctx, subj)
    elif subjpass is not None:  # "the town was handed over to the rebels (by the army)"
        places, loser = places_of(ctx, subjpass), party(ctx, E.prep_obj(trig, "by"))
    elif subj is not None and party(ctx, subj) is None:  # "the town of Bani Walid surrendered to rebel fighters"
        places, loser = places_of(ctx, subj), None
    else:
        return none
    places = [p for p in places if p.kind in _TERRITORY_KINDS]
    if not places:
        return none
    gainer = _gainer(ctx, trig)
    if gainer is not None and (gainer == loser or ctx.actor_kinds.get(gainer) not in _ARMED):
        gainer = None
    if loser is not None and ctx.actor_kinds.get(loser) not in _ARMED:
        loser = None
    if gainer is None and loser is not None:
        gainer = _opponent(ctx, loser, places[0])
    if gainer is None and loser is None:
        return none
    return _event(ctx, sent, trig, gainer, loser, places, "handover", headings)
