"""Where a town the gazetteer lacks lies, by its text (:func:`context_place`): a place in its own phrase ("the
village of X in Y province", "X, a town 40 km north of Y"), a unit of its sentence, never the neighbour across a
border phrase (:func:`across_border`: "a town on the border with Uganda"). Read by
:func:`sitroom.extract.sites.unlisted_town`."""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.name_runs import relative_location
from sitroom.model import Place

_W = lexicon.words


def across_border(t: Token) -> bool:
    """Is ``t`` in the neighbour a border phrase names ("on the border with Uganda", "near the frontier with
    Turkey", "near the Jordanian border"), the one place a town on that border does not lie in?"""
    if t.dep_ in ("amod", "compound") and t.head.lemma_ in _W("places", "border_nouns"):
        return True  # "near the Jordanian border", "the Ugandan border"
    w = t
    for _ in range(3):  # "Uganda" -> "with" -> "border" (through a compound of the name: "South Sudan")
        if w.head.i == w.i:
            return False
        if w.dep_ == "pobj" and w.head.lower_ in _W("places", "border_preps"):
            return w.head.head.lemma_ in _W("places", "border_nouns")
        w = w.head
    return False


def context_place(ctx, tok: Token, name: list[Token]) -> Place | None:
    """The named unit a town the gazetteer lacks lies in, by the text: a place in its own phrase ("the village of X
    in Y province", "X, a town 40 km north of Y", "X in northern Y"), else a province, district or region the
    sentence names; the country is the last resort (the caller falls back to the text's main country)."""
    E = ctx.grammar
    skip = {t.i for t in name}
    heads = [tok, *(c for c in tok.children if c.dep_ == "appos")]
    if name[-1].head.lower_ in _W("places", "directions") and name[-1].head.i not in skip:
        heads.append(name[-1].head)  # "Ishaqi north of Baghdad": the direction word the name hangs on
    found: list[Place] = []
    ref = relative_location(name[-1])
    p = E.place_of_token(ctx, ref) if ref is not None else None
    if p is not None:
        found.append(p)  # "Kamanyola, 50 km south of Bukavu": the point of Bukavu
    for h in heads:
        for t in h.subtree:
            if t.i in skip or across_border(t):
                continue
            p = E.place_of_token(ctx, t)
            if p is not None and p.role not in ("unlisted", "site") and p.kind != "facility" and p not in found:
                found.append(p)
    if not found:  # "seized X district south of Y", "X in northern Y": the locative words right after the phrase
        doc = tok.doc
        j = max(tok.right_edge.i, name[-1].i) + 1
        for t in doc[j : min(len(doc), j + 7)]:
            if t.is_sent_start or t.pos_ in ("VERB", "AUX") or t.is_punct and t.text not in ("-",):
                break
            if across_border(t):
                continue
            p = E.place_of_token(ctx, t)
            if p is not None and p.role not in ("unlisted", "site") and p.kind != "facility":
                found.append(p)
                break
    if not found:  # a province, district or region of the sentence, else the last one named before it
        sent = tok.sent
        units = [
            p
            for p in ctx.article.places
            if p.mention.start < sent.end_char
            and p.role in ("mention", "anaphor")
            and p.kind in ("province", "district", "region")
            and p.country
        ]
        here = [p for p in units if p.mention.start >= sent.start_char]
        found = here[:1] or units[-1:]
    units = [p for p in found if p.kind != "country"]
    return units[0] if units else (found[0] if found else None)
