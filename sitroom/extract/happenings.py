"""One happening read twice across its parts: looting told inside a riot, a death toll told after the happening.

ACLED codes looting and destruction during a riot as the riot (its Looting/property destruction sub-type is for
looting outside riots), and a toll told with no one acting ("At least 40 people have been killed.") counts the
victims of the happening the sentences before told, not a new attack. Both are folded into that happening: its
counts, its evidence; the part is no event of its own. The event stage calls :func:`absorb_parts` once the
article's sentences are read (``tolls``: id() of events told by a verb of killing or wounding with no subject and
no agent).
"""

from __future__ import annotations

from bisect import bisect_right

from sitroom.extract.within import merge_counts
from sitroom.model import Event

# a toll with no attacker, typed by the victims alone
_GENERIC = ("Armed clash", "Attack")
# happenings that kill: a toll told after one of them counts its victims
_KILLING_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests")
_RIOTS = "Riots"
_CIVILIANS = "Violence against civilians"
_LOOTING = "Looting/property destruction"
_TOLL_REACH = 2  # a toll counts the victims of a happening told at most this many sentences before


def _sentence_of(starts: list[int], e: Event) -> int:
    return bisect_right(starts, e.evidence[0].start) - 1 if e.evidence else -1


def _overlap(a: Event, b: Event) -> bool:
    if a.date is None or b.date is None or a.date.earliest is None or b.date.earliest is None:
        return True
    return a.date.earliest <= (b.date.latest or b.date.earliest) and b.date.earliest <= (
        a.date.latest or a.date.earliest
    )


def _compatible(a: Event, b: Event) -> bool:
    """Same place (or one untold), same background, overlapping dates (or one undated)."""
    return (
        (a.place is None or b.place is None or a.place == b.place) and a.background == b.background and _overlap(a, b)
    )


def _fold(keep: Event, part: Event) -> None:
    merge_counts(keep, part)
    keep.actor2 = keep.actor2 or part.actor2
    keep.place = keep.place or part.place


def absorb_parts(events: list[Event], sentence_starts: list[int], tolls: set[int]) -> list[Event]:
    """``events`` without the parts folded into their happening (ids renumbered)."""
    gone: set[int] = set()
    sent = {id(e): _sentence_of(sentence_starts, e) for e in events}
    for i, e in enumerate(events):
        if e.background or e.heading:
            continue
        if e.sub_event_type == _LOOTING:
            # "days of looting and unrest", "rioters torched cars and looted shops": the riot's looting
            riot = next(
                (
                    r
                    for r in events
                    if r.event_type == _RIOTS and id(r) not in gone and sent[id(r)] == sent[id(e)] and _compatible(r, e)
                ),
                None,
            )
            if riot is not None:
                _fold(riot, e)
                gone.add(id(e))
            continue
        if id(e) in tolls and e.sub_event_type in _GENERIC and e.actor1 is None and e.counts:
            # "At least 117 people there have been killed." after the riots it counts
            before = [
                h
                for h in events[:i]
                if id(h) not in gone
                and not h.heading
                and h.event_type in _KILLING_TYPES
                and not (e.sub_event_type == "Armed clash" and h.event_type == _CIVILIANS)  # fighters killed
                and 0 < sent[id(e)] - sent[id(h)] <= _TOLL_REACH
                and _compatible(h, e)
            ]
            if before and len({h.sub_event_type for h in before}) == 1:
                _fold(before[-1], e)
                gone.add(id(e))
    out = [e for e in events if id(e) not in gone]
    for k, e in enumerate(out, 1):
        e.id = f"e{k}"
    return out
