"""Who acted in a happening named by a noun, and at whom: the agent and the target of an event noun.

Wire reports name many happenings by nouns rather than verbs, with the party that acted in a "by" phrase and the
target in an "on" / "against" phrase: "continuing attacks by Fulani militias on farming villages", "an ambush by
jihadists on a gendarmerie patrol", "the abduction of 14 aid workers by gunmen", "shelling by government forces".
A noun whose agent is named tells a happening (someone did it), unless the phrase leaves it unasserted: "fears
attacks by the militants", "warned of possible attacks by the rebels", "denied any attacks by the army",
"to prevent attacks by ...".

This module reads the parse and the words of ``sitroom/data/lexicon/events.yaml`` only; it decides nothing about
actors' kinds, places or dates (``sitroom.extract.event_build`` does).
"""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.extract import lexicon


def _w(section: str) -> frozenset[str]:
    return lexicon.words("events", section)


def _pobj(tok: Token, preps: frozenset[str]) -> Token | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _names_agent(tok: Token) -> bool:
    """Does the phrase headed by ``tok`` name who acts: a name ("Boko Haram", "M23"), or people who bear arms
    ("gunmen", "government forces", "Fulani militias")?"""
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("ORG", "NORP", "GPE"):
        return True
    heads = {tok.lemma_.lower(), tok.lower_}
    heads |= {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod") and c.pos_ == "PROPN"}
    return bool(heads & _w("armed_people_nouns"))


def unasserted(tok: Token) -> bool:
    """Is the event noun ``tok`` told as possible, denied, feared or averted rather than happened: "possible
    attacks", "any attacks", "fears attacks", "warned of attacks", "to prevent attacks", "protect them from
    attacks"? The noun's own modifiers, then the verb governing it through prepositions (at most three steps)."""
    for c in tok.children:
        if c.dep_ == "det" and c.lower_ in _w("hypothetical_determiners"):
            return True
        if c.dep_ == "amod" and c.lower_ in _w("unasserting_adjectives") | _w("hypothetical_adjectives"):
            return True
    t = tok
    for _ in range(3):
        if t.dep_ not in ("dobj", "obj", "pobj", "prep", "conj", "nsubjpass") or t.head.i == t.i:
            return False
        t = t.head
        if t.pos_ in ("VERB", "AUX", "ADJ") or t.dep_ == "ROOT":
            lemma = t.lemma_.lower()
            return lemma in _w("unasserting_verbs") or lemma in _w("averting_verbs")
    return False


def agent(tok: Token) -> Token | None:
    """The head of the "by" phrase that names who acted in the happening the noun ``tok`` names, or None (not a
    noun, no such phrase, the phrase names no agent, or the happening is unasserted)."""
    if tok.pos_ != "NOUN":
        return None
    by = _pobj(tok, frozenset({"by"}))
    if by is None or not _names_agent(by) or unasserted(tok):
        return None
    return by


def target(tok: Token) -> Token | None:
    """The head of the "on" / "against" phrase of the event noun ``tok`` ("attacks on refugees"), or None."""
    if tok.pos_ != "NOUN":
        return None
    return _pobj(tok, _w("noun_target_preps"))
