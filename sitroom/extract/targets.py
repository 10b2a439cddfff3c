"""Target forecasts: the place a party is said to go for next, kept for the ledger to resolve.

"The next target is likely to be Homs", "Homs could be the rebels' next target", "analysts said the insurgents
would head to Damascus": a copula naming a place as a party's target (``target_nouns``), or a modal or future verb
of motion towards a place (``target_motion_verbs`` with ``target_motion_preps``), is the forecast "take <place>" by
that party (the target noun's possessor or "of", else the verb's subject), open ``target_horizon_days`` when the
text states no horizon. :func:`sitroom.extract.forecasts.find_forecasts` adds them; the vocabulary is in
``sitroom/data/lexicon/forecasts.yaml``.
"""

from __future__ import annotations

from datetime import timedelta

from spacy.tokens import Doc, Token

from sitroom.extract import lexicon
from sitroom.extract.certainty import sentence_attribution
from sitroom.extract.nlp import span_text
from sitroom.model import Article, Certainty, Forecast, Place

_W = lexicon.words


def _place_in(article: Article, tok: Token | None) -> Place | None:
    if tok is None:
        return None
    lo, hi = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
    return next(
        (
            p
            for p in article.places
            if lo <= p.mention.start < hi and p.role not in ("demonym", "dateline") and p.kind != "country"
        ),
        None,
    )


def _modal(verb: Token) -> str | None:
    """ "likely" / "possible" for a verb under a modal or "likely to", else None (a fact, not a forecast)."""
    possible, likely, future = _W("forecasts", "possible"), _W("forecasts", "likely"), _W("forecasts", "future")
    for t in (verb, verb.head):
        for c in t.children:
            if c.dep_ in ("aux", "advmod", "acomp") and c.lower_ in possible:
                return "possible"
            if c.lower_ in likely or c.dep_ in ("aux",) and c.lower_ in future:
                return "likely"
        if t.lemma_ in likely:
            return "likely"
    return None


def _target(article: Article, sent) -> tuple[Token, Place, Token | None, str] | None:
    """(verb, place, party phrase, modality) of a target forecast in ``sent``, or None."""
    nouns = _W("forecasts", "target_nouns")
    for tok in sent:
        if tok.lemma_ in nouns and tok.pos_ == "NOUN":
            # "the next target is (likely to be) Homs" / "Homs could be the next target"
            verb = tok.head
            if tok.dep_ not in ("nsubj", "attr") or verb.lemma_ != "be":
                continue
            own = {t.i for t in tok.subtree}
            # the copula's subject, also up a raising chain: "Homs was likely / is expected to be the next target"
            heads = [verb]
            while heads[-1].dep_ in ("xcomp", "acomp") and heads[-1].head.i != heads[-1].i:
                heads.append(heads[-1].head)
            other = [t for t in verb.subtree if t.i not in own and t.dep_ == "attr"] + [
                c for h in heads for c in h.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in own
            ]
            place = next((p for c in other if (p := _place_in(article, c)) is not None), None)
            mod = _modal(verb) or next((_modal(t) for t in verb.subtree if t.lemma_ == "be" and _modal(t)), None)
            if mod is None and not any(c.lower_ in _W("forecasts", "target_next") for c in tok.children):
                continue  # "the target of the airstrike was a warehouse": a fact, not what comes next
            mod = mod or "likely"
            party = next((c for c in tok.children if c.dep_ == "poss"), None)
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            party = party or next((g for g in (of.children if of is not None else []) if g.dep_ == "pobj"), None)
            if place is not None:
                return verb, place, party, mod
        if tok.pos_ == "VERB" and tok.lemma_ in _W("forecasts", "target_motion_verbs"):
            mod = _modal(tok)
            prep = next(
                (c for c in tok.children if c.dep_ == "prep" and c.lower_ in _W("forecasts", "target_motion_preps")),
                None,
            )
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            place = _place_in(article, pobj)
            if mod is not None and place is not None:
                return tok, place, next((c for c in tok.children if c.dep_ == "nsubj"), None), mod
    return None


def target_forecasts(article: Article, doc: Doc, index, first_id: int) -> list[Forecast]:
    """The target forecasts of ``article`` (ids from ``f<first_id>``)."""
    if article.published is None:
        return []
    out: list[Forecast] = []
    kinds = {a.id: a.kind for a in article.actors}
    days = int(lexicon.table("forecasts", "target_horizon_days")["days"])
    for sent in doc.sents:
        if span_text(sent).rstrip().endswith("?"):
            continue
        hit = _target(article, sent)
        if hit is None:
            continue
        verb, place, party, modality = hit
        if any(c.dep_ == "neg" for c in verb.children):
            continue
        actor = (
            index.first_in(party.left_edge.idx, party.right_edge.idx + len(party.right_edge.text))
            if party is not None
            else None
        )
        att, _ = sentence_attribution(sent, index, kinds)
        out.append(
            Forecast(
                id=f"f{first_id + len(out)}",
                by=att.source or article.outlet or "the outlet",
                actor=actor,
                what=f"take {place.name}",
                target=place.id,
                modality=modality,
                horizon_days=days,
                deadline=article.published + timedelta(days=days),
                made_on=article.published,
                evidence=[article.span(sent.start_char, sent.end_char)],
                attribution=att,
                certainty=Certainty.REPORTED,
            )
        )
    return out
