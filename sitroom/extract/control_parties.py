"""The parties of a change of control in one clause, read from the parse: the actor a phrase is (:func:`party`), the
subject of a trigger (a dateline the parse made a first subject, the object of a causative), the armed patient a
pronoun that leaves stands for, and the gainer the sentence names for a loss. Used by :mod:`sitroom.extract.control`
(moved out of it when it reached the 700-line limit)."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.control_sides import _ARMED, EXPEL

_W = lexicon.words


def party(ctx, tok: Token | None) -> str | None:
    """The actor a phrase *is* (not one it mentions): the mention at its head ("the Taliban", "they"), or the owner
    of an armed head noun ("U.S. troops", "al-Shabab fighters"); "23 U.S. military flights" is no party."""
    if tok is None:
        return None
    m = next((m for m in ctx.index.mentions if m.start <= tok.idx < m.end), None)
    if m is not None:
        return m.actor
    of = ctx.grammar.prep_obj(tok, "of")
    if of is not None and (tok.like_num or tok.pos_ == "NUM" or tok.lemma_ in _W("control", "control_quantity_heads")):
        return party(ctx, of)  # "hundreds of Seleka fighters", "some of the rebels"
    lex = ctx.index.lex
    heads = lex.vocab.followers | _W("control", "control_party_heads") if lex.vocab is not None else frozenset()
    if tok.lower_ in heads or tok.lemma_ in heads:
        E = ctx.grammar

        return E.actor_of(ctx, tok)
    # "GOMA, Congo - M23 rebels withdrew": a dateline the parse made the subject, the party in apposition to it
    return next((a for c in tok.children if c.dep_ == "appos" for a in [party(ctx, c)] if a is not None), None)


def child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def subject(trig: Token) -> Token | None:
    subjs = [c for c in trig.children if c.dep_ == "nsubj"]
    s = subjs[-1] if subjs else None  # a dateline the parse made a first subject ("GOMA, Congo - M23 withdrew")
    if s is None and trig.dep_ in ("xcomp", "conj", "ccomp", "advcl") and trig.head.pos_ in ("VERB", "AUX"):
        h = trig.head
        if trig.dep_ == "xcomp" and child(h, "dobj", "obj") is not None:
            return child(h, "dobj", "obj")  # "forced al-Shabab to retreat": the object retreats
        s = child(h, "nsubj") or (child(h, "nsubjpass") if trig.dep_ != "advcl" else None)
    return s if s is not None else done_gerund_subject(trig)


def done_gerund_subject(trig: Token) -> Token | None:
    """The subject of the clause a gerund of a done action hangs on ("After seizing Saraqeb, government troops pushed
    north", "Since losing Aleppo, the rebels have been ..."; ``control_done_gerund_preps``, not "before retaking"):
    the gerund's own; None for any other token."""
    if trig.dep_ != "pcomp" or trig.tag_ != "VBG" or trig.head.lower_ not in _W("control", "control_done_gerund_preps"):
        return None
    v = trig.head.head
    return child(v, "nsubj") or child(v, "nsubjpass") if v.pos_ in ("VERB", "AUX") else None


def patient_before(ctx, trig: Token, subj: Token | None) -> str | None:
    """ "X inflicted heavy casualties on Y before they abandoned Z", "X attacked Y until they withdrew": a pronoun
    that leaves a place after the clause it hangs on hit someone is the party that was hit (the armed patient of
    that clause), not its agent."""
    if subj is None or subj.pos_ != "PRON" or trig.dep_ not in ("advcl", "conj") or trig.head.pos_ != "VERB":
        return None
    h = trig.head
    cands = [c for c in h.children if c.dep_ in ("dobj", "obj")]
    cands += [
        g
        for t in (h, *cands)
        for c in t.children
        if c.dep_ == "prep" and c.lower_ in ("on", "against", "upon")
        for g in c.children
        if g.dep_ == "pobj"
    ]
    agent = party(ctx, child(h, "nsubj"))
    for c in cands:
        a = party(ctx, c)
        if a is not None and a != agent and ctx.actor_kinds.get(a) in _ARMED:
            return a
    return None


def gainer_in_clause(ctx, sent: SpacySpan, trig: Token, loser: str | None) -> str | None:
    """The gainer the sentence names for a loss: the subject of the causative it hangs on ("forced X to retreat"),
    or the agent of a defeat or an offensive ("following their defeat by the Islamic Courts militia")."""
    E = ctx.grammar

    h = trig.head
    takes = lexicon.table("control", "control_triggers")
    # "X took control of Y as Z withdrew", "Z withdrew as X entered the city": who takes it in the clause it goes with
    for v in [h] * (trig.dep_ in ("advcl", "conj")) + [c for c in trig.children if c.dep_ in ("advcl", "conj")]:
        if v.pos_ == "VERB" and takes.get(v.lemma_) in ("capture", "regain"):
            g = party(ctx, subject(v))
            if g and g != loser and ctx.actor_kinds.get(g) in _ARMED:
                return g
    if (
        trig.dep_ == "xcomp"
        and h.lemma_ in lexicon.table("control", "control_triggers")
        and lexicon.table("control", "control_triggers")[h.lemma_] == EXPEL
    ):
        g = E.actor_of(ctx, E.child(h, "nsubj"))
        if g and g != loser:
            return g
    for t in sent:
        if t.lemma_ in ("defeat", "offensive", "advance", "assault", "push") and t.pos_ == "NOUN":
            g = E.actor_of(ctx, E.prep_obj(t, "by"))
            if g and g != loser and ctx.actor_kinds.get(g) in _ARMED:
                return g
    return None
