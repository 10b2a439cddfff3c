"""How wide the place a change of hands was read at is, against its object (issue 13): a country, a province or the
dateline's town where the object names a town the gazetteer lacks, or a country the object only modifies. Read by
:mod:`sitroom.extract.control`."""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.sites import proper
from sitroom.model import Event


def placed_in_unit(ctx, e: Event) -> bool:
    """Is the event placed in a unit wider than a town: a country, a province or a region?"""
    p = ctx.article.place(e.place) if e.place else None
    return p is not None and p.kind in ("country", "province", "region")


def wider_than(ctx, e: Event, obj: Token) -> bool:
    """Is the event placed in a unit wider than a town (a country, a province, a region) or only where the story was
    filed (its dateline) while its object is a
    proper name that is no detected place ("seized Boulkessi in northern Burkina Faso": the town, not the country)?"""
    p = ctx.article.place(e.place) if e.place else None
    return (
        p is not None
        and (placed_in_unit(ctx, e) or p.role == "dateline" or p.id in ctx.dateline_ids)
        and (proper(obj) or obj.lemma_ in lexicon.table("control", "control_town_nouns"))
        and ctx.grammar.place_of_token(ctx, obj) is None
    )


def country_of_site(ctx, e: Event, obj: Token) -> bool:
    """Is the event placed in a country that the object only modifies ("Ukraine's navy headquarters")?"""
    p = ctx.article.place(e.place) if e.place else None
    return p is not None and p.kind == "country" and ctx.grammar.place_of_token(ctx, obj) is None
