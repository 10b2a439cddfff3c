"""Cue nouns with a clause: "President X's announcement that ...", "his campaign promise to ...", "the
recommendation of the Joint Chiefs to end ...".

Used by :func:`sitroom.extract.attribution.find_attributions` (``f`` is its record finder: ``add``, ``resolve``,
``speakers``, ``turns``, ``turn_speakers``, ``qspans``); the nouns are ``nouns`` of ``data/lexicon/reporting.yaml``.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.speakers import tok_span
from sitroom.extract.transcript import turn_at

_PRONOUNS = lexicon.table("reporting", "pronouns")


def cue_noun_clause(f, sent, tok: Token) -> None:
    """A cue noun with a "that" clause or a "to" infinitive, and whose it is: "President X's announcement that ...",
    "his campaign promise to ...", "the recommendation of the Joint Chiefs to end ...": the clause is the content,
    the possessor (or the "of"/"by" phrase that names someone) the source, the noun (with its compounds) the cue."""
    comp = next(
        (
            c
            for c in tok.children
            if c.dep_ in ("acl", "ccomp")
            and c.i > tok.i
            and any(m.dep_ in ("mark", "aux") and m.lower_ in ("that", "to") and m.i < c.i for m in c.children)
        ),
        None,
    )
    if comp is None or any(a <= tok.idx < b for a, b in f.qspans):
        return
    owner = next((x for x in tok.children if x.dep_ == "poss" and x.lower_ not in ("my", "our", "your")), None)
    if owner is None:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "by") and c.i < comp.i:
                g = next((x for x in c.children if x.dep_ == "pobj"), None)
                if g is not None and (g.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or g.pos_ == "PROPN"):
                    owner = g
    if owner is None:
        return
    src, who, kind, aid, role = f.resolve(owner)
    if owner.lower_ in _PRONOUNS and not who:  # "her promise": a possessive the resolver reads as an object
        turn = turn_at(f.turns, owner.idx)
        me = f.turn_speakers.get(turn) if turn else None
        who, kind = f.speakers.pronoun(owner, exclude=me[0] if me else None)
        role = f.speakers.info.get(who, {}).get("role") if who and kind == "person" else None
    case = [x for x in owner.children if x.dep_ == "case"]
    if case and owner.lower_ not in _PRONOUNS:  # "Yusuf's": the name without the possessive ending
        src = (src[0], min(src[1], case[0].idx))
        who, kind, aid = f.speakers.name_of(owner, *src)
        role = f.speakers.info.get(who, {}).get("role") if kind == "person" else None
    if not who:
        return
    left = min([tok.i] + [x.i for x in tok.children if x.dep_ == "compound" and x.i < tok.i])
    f.add(tok_span(list(comp.subtree)), src, tok_span(tok.doc[left : tok.i + 1]), who, kind, aid, role, None, sent)
