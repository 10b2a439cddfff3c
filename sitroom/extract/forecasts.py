"""Forecasts: statements about the future with who made them, horizon and deadline.

Reads: the spaCy Doc, ``Article.times`` (durations such as "within 30 days"),
``Article.places``, the actor index. Writes: ``Article.forecasts``.

A forecast is a clause with a modal or future marker ("could", "will",
"is expected to", "possibly") whose verb carries a horizon ("within 30 days",
"by September"). The forecaster is the subject of the reporting verb that
governs it ("US defence officials have said ..."); "it" is resolved to the
most recent place.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from sitroom.extract import lexicon
from sitroom.extract.attribution import np_text, sentence_attribution
from sitroom.model import Article, Certainty, Forecast

_MODAL_POSSIBLE = {"could", "may", "might", "possibly", "perhaps", "can"}
_MODAL_LIKELY = {"will", "would", "likely", "expected", "probably", "shall"}
_REPORT = lexicon.tagged("reporting", "verbs", "forecast")


def _modality(verb: Token) -> str | None:
    found = None
    chain = [verb]
    if verb.dep_ == "conj":
        chain.append(verb.head)
    for v in chain:
        for c in v.children:
            w = c.lower_
            if c.dep_ in ("aux", "advmod") and w in _MODAL_POSSIBLE:
                return "possible" if found is None or v is verb else found
            if c.dep_ in ("aux", "advmod") and w in _MODAL_LIKELY:
                found = found or "likely"
    return found


def _reporter(verb: Token) -> Token | None:
    t = verb
    while t.dep_ in ("conj", "xcomp", "ccomp") and t.head.i != t.i:
        t = t.head
        if t.lemma_ in _REPORT:
            return next((c for c in t.children if c.dep_ == "nsubj"), None)
    return None


def find_forecasts(article: Article, doc: Doc, index) -> list[Forecast]:
    out: list[Forecast] = []
    if article.published is None:
        return out
    kinds = {a.id: a.kind for a in article.actors}
    for tv in article.times:
        if tv.span is None or tv.type != "DURATION" and not (tv.earliest and tv.earliest > article.published):
            continue
        span = doc.char_span(tv.span.start, tv.span.end, alignment_mode="expand")
        if span is None:
            continue
        # the verb the horizon attaches to
        verb = span.root
        while verb.pos_ not in ("VERB",) and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ != "VERB":
            continue
        modality = _modality(verb)
        if modality is None:
            continue
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None and verb.dep_ == "conj":
            subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        actor = index.first_in(subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text)) if subj is not None else None
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
        target = None
        obj_text = ""
        if obj is not None:
            if obj.lower_ in ("it", "them"):
                prev = [p for p in article.places if p.mention.end <= obj.idx and p.role not in ("demonym", "dateline")]
                target = prev[-1] if prev else None
                obj_text = target.name if target else obj.text
            else:
                target = next((p for p in article.places if obj.left_edge.idx <= p.mention.start <= obj.right_edge.idx and p.role != "demonym"), None)
                obj_text = np_text(obj)
        reporter = _reporter(verb)
        by = np_text(reporter) if reporter is not None else (article.outlet or "the outlet")
        att, _ = sentence_attribution(span.sent, index, kinds)
        made_on = article.published
        horizon = (tv.latest - made_on).days if tv.latest else None
        out.append(Forecast(
            id=f"f{len(out) + 1}", by=by, actor=actor, what=f"{verb.lemma_} {obj_text}".strip(), target=target.id if target else None,
            modality=modality, horizon_days=horizon, deadline=tv.latest, made_on=made_on,
            evidence=[article.span(span.sent.start_char, span.sent.end_char)], attribution=att, certainty=Certainty.REPORTED,
        ))
    return out

