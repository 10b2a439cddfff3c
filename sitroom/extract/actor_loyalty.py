"""Whose side an armed description is on by whom it follows: "fighters loyal to President Hadi", "soldiers who back
his former deputy, Riek Machar" (a registry actor one of whose ``leaders`` is named, or a head of state's forces or
pro-government militia)."""

from __future__ import annotations

import re
from collections import Counter

from sitroom.extract.actor_registry import ActorDef, Lexicon, in_scope

# "fighters loyal to President Hadi", "soldiers who back his former deputy, Riek Machar": whose side they are on
_LOYAL_TO = re.compile(
    r",?\s+(?:who\s+(?:are\s+|remain\s+)?)?(?:loyal\s+to|backing|back|support|supporting|allied\s+with)\s+"
    r"(?P<who>[^.;:()\n]{2,80}?)(?=\s+(?:are|were|is|was|have|has|had|and|in|on|at|who|said|say)\b|[.;:,]|$)"
)
_HEAD_OF_STATE = re.compile(r"\b(?:President|Prime\s+Minister|King|Emir|government|regime)\b")


def loyal_to(lex: Lexicon, text: str, end: int, kind: str, countries: Counter, year: int | None) -> ActorDef | None:
    """The actor a descriptor at ``end`` names by whom it follows: a registry actor one of whose ``leaders`` is
    named ("forces loyal to Riek Machar"), or, loyal to a head of state or government, that state's forces (for
    "forces", "troops", "soldiers") or the registry's pro-government militia in the theatre (for "fighters",
    "militiamen")."""
    m = _LOYAL_TO.match(text, end)
    if m is None:
        return None
    who = m.group("who")
    named = who
    rest = text[m.end("who") : m.end("who") + 60]
    if rest.startswith(","):  # "his former deputy, Riek Machar, who was dismissed": the name in apposition
        named += " " + rest[1:].split(",")[0]
    for a in lex.actors.values():
        if (
            a.leaders
            and in_scope(a, countries, year)
            and any(re.search(r"\b" + re.escape(n.split()[-1]) + r"\b", named) for n in a.leaders)
        ):
            return a
    if not _HEAD_OF_STATE.search(who) or not countries:
        return None
    cc = countries.most_common(1)[0][0]
    if kind == "state-forces":
        return lex.by_country(cc, ("state-forces",), year)
    return next(
        (
            a
            for a in lex.actors.values()
            if a.pro_government and a.kind == "non-state-armed" and in_scope(a, countries, year) and cc in a.scope()
        ),
        None,
    )
