"""Facts linked to the attribution records whose content holds them (after :mod:`sitroom.extract.attribution`).

Reads: the article's quotes (attribution records) and its events, control, claims and forecasts.
Writes: each fact's ``attribution.quote`` (and its source when the fact had none or a pronoun), each record's
``facts``.
"""

from __future__ import annotations

from sitroom.extract import lexicon
from sitroom.extract.speakers import names_no_one
from sitroom.model import Article, Forecast

_PRONOUNS = lexicon.table("reporting", "pronouns")
_RELATIVES = lexicon.words("reporting", "relatives")


def link_facts(article: Article) -> None:
    """Link each fact read from inside an attribution's content to it.

    The fact's ``attribution.quote`` names the record; a fact told with no source of its own (or a pronoun as
    source) takes the record's resolved speaker, and so does a forecaster named by a pronoun or a transcript's
    turn marker ("he", "they", "Q"); one left unresolved is an "unnamed source", as a quote's would be.
    Certainty stays what the sentence reading gave.
    """
    recs = sorted(article.quotes, key=lambda q: q.text.end - q.text.start)
    for fact in [*article.events, *article.control, *article.claims, *article.forecasts]:
        ev = fact.evidence[0] if fact.evidence else None
        if ev is None:
            continue
        for q in recs:  # the innermost content that holds the fact's sentence or overlaps most of it
            s, e = max(ev.start, q.text.start), min(ev.end, q.text.end)
            if e - s >= 0.5 * min(ev.end - ev.start, q.text.end - q.text.start):
                src = (fact.attribution.source or "").lower()
                speaker = q.attribution.source
                if fact.attribution.source is None and speaker:
                    fact.attribution = q.attribution.model_copy()
                elif src in _PRONOUNS or src in _RELATIVES:
                    fact.attribution.source, fact.attribution.anonymous = speaker, q.attribution.anonymous
                if isinstance(fact, Forecast) and names_no_one(fact.by) and speaker:
                    fact.by = " ".join(speaker.split())
                fact.attribution.quote = q.id
                if fact.id not in q.facts:
                    q.facts.append(fact.id)
                break
    for f in article.forecasts:
        if names_no_one(f.by):
            f.by = "unnamed source"


def relink_events(article: Article) -> None:
    """After events are merged and renumbered (:func:`sitroom.extract.within.merge_events`), a record's event links
    are the events whose own attribution names it (an id kept from before the merge would name another event)."""
    for q in article.quotes:
        q.facts = [f for f in q.facts if not f.startswith("e")]
    by_id = {q.id: q for q in article.quotes}
    for e in article.events:
        rec = by_id.get(e.attribution.quote or "")
        if rec is not None and e.id not in rec.facts:
            rec.facts.append(e.id)
