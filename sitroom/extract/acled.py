"""ACLED's actor codes from sitroom's actor kinds, through one table (``inter_codes`` of
``sitroom/data/lexicon/events.yaml``): ``inter1`` and ``inter2`` of an event's two actors, and their ``interaction``.

Codes: 1 State forces, 2 Rebel groups, 3 Political militias, 4 Identity militias, 5 Rioters, 6 Protesters,
7 Civilians, 8 External/Other forces; 0 when there is no actor. An actor whose kind the table does not know takes
the code of the event it acts in (``inter_by_event_type``: the protesters of a protest, the rioters of a riot), else 0.
"""

from __future__ import annotations

from sitroom.extract import lexicon


def inter_code(kind: str | None, event_type: str | None, present: bool = True) -> int:
    """ACLED's inter code of an actor of ``kind`` in an event of ``event_type`` (0: no actor, or unknown kind)."""
    if not present:
        return 0
    codes = lexicon.table("events", "inter_codes")
    if kind and kind in codes:
        return int(codes[kind])
    return int(lexicon.table("events", "inter_by_event_type").get(event_type or "", 0))


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: the two inter codes, lower first (``inter1 * 10`` with no second actor)."""
    if not inter2:
        return inter1 * 10
    a, b = sorted((inter1, inter2))
    return a * 10 + b if a else b * 10


def codes(
    kind1: str | None, kind2: str | None, event_type: str | None, actor1: bool = True, actor2: bool = True
) -> tuple[int, int, int]:
    """(inter1, inter2, interaction) of an event whose actors are of ``kind1`` and ``kind2``."""
    i1, i2 = inter_code(kind1, event_type, actor1), inter_code(kind2, event_type, actor2)
    return i1, i2, interaction(i1, i2)


def takeover_sub_type(kind: str | None, pro_government: bool = False) -> str:
    """ACLED's sub-type of a takeover by an actor of ``kind``: "Government regains territory" when the state's side
    takes it (state forces, a government, international forces, or an affiliate: a militia on the state's side,
    registry ``pro_government``), else "Non-state actor overtakes territory"."""
    if pro_government or (kind is not None and kind in lexicon.words("events", "state_kinds")):
        return "Government regains territory"
    return "Non-state actor overtakes territory"
