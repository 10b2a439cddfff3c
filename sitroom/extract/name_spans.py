"""Place names inside actors' names: "White House", "Kabul government", "Islamic State Khorasan Province", "Sudan
People's Liberation Movement". Read by :func:`sitroom.extract.actors.find_actors` once the names are found; writes
nothing, returns the places that stay."""

from __future__ import annotations

from sitroom.extract import lexicon
from sitroom.model import Place


def places_outside_names(
    places: list[Place], names: list[tuple[int, int, str]], orgs: list[tuple[int, int]]
) -> list[Place]:
    """``places`` less those named inside an actor's name (``names``: start, end, actor kind) or an organisation's
    (``orgs``): a town's name inside any name is part of it; a country stays a place (it is also an actor), but not
    inside the longer name of a group that is no state's ("Sudan People's Liberation Movement" is no mention of
    Sudan); a demonym stays ("Syrian army"). An actor of kind "other" is an organisation ("IOM" is no Isle of Man)."""
    orgs = orgs + [(s, e) for s, e, k in names if k == "other"]
    state = lexicon.words("events", "state_kinds")

    def named_in(p: Place) -> bool:
        at, to = p.mention.start, p.mention.end
        if any(s <= at and to <= e for s, e in orgs):
            return True
        inside = [(s, e, k) for s, e, k in names if s <= at and to <= e and p.role != "demonym"]
        return any(p.kind != "country" or e - s > to - at and k not in state for s, e, k in inside)

    return [p for p in places if not named_in(p)]
