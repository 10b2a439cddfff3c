"""Whose side an armed description is on: by whom it follows ("fighters loyal to President Hadi", "soldiers who back
his former deputy, Riek Machar": a registry actor one of whose ``leaders`` is named, or a head of state's forces or
pro-government militia), by the state it backs ("pro-Russian forces"), by the state forces it is joined to
("Somali and African Union forces")."""

from __future__ import annotations

import re
from collections import Counter

from sitroom.extract import lexicon
from sitroom.extract.actor_registry import ActorDef, Lexicon, fold_name, in_scope
from sitroom.extract.nlp import ents_of

# "fighters loyal to President Hadi", "soldiers who back his former deputy, Riek Machar": whose side they are on
_LOYAL_TO = re.compile(
    r",?\s+(?:who\s+(?:are\s+|remain\s+)?)?(?:"
    + "|".join(
        r"\s+".join(map(re.escape, w.split()))
        for w in sorted(lexicon.words("actors", "loyalty_phrases"), key=len, reverse=True)
    )
    + r")\s+"
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
        if a.leaders and (
            # a leader's full name is theirs anywhere ("rebels loyal to Riek Machar" in a text whose town the
            # gazetteer puts elsewhere); a surname alone only in the group's theatre and years
            a.active(year)
            and any(re.search(r"\b" + re.escape(n) + r"\b", named) for n in a.leaders if " " in n)
            or in_scope(a, countries, year)
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


def loyal_to_person(lex: Lexicon, doc, text: str, end: int, countries: Counter) -> ActorDef | None:
    """The armed following of a person the registry does not know, named by a description at ``end`` ("fighters
    loyal to David Yau Yau", "forces loyal to the renegade general Laurent Nkunda"): the person whose name (a
    PERSON entity of the parse) opens the phrase after "loyal to", after lower-case words only; a non-state armed
    actor of the text's main country. None for a head of state or government (:func:`loyal_to` decides those), a
    leader the registry lists anywhere, or a phrase that names no person."""
    m = _LOYAL_TO.match(text, end)
    if m is None or doc is None or _HEAD_OF_STATE.search(m.group("who")):
        return None
    s, e = m.start("who"), m.end("who")
    person = next((x for x in ents_of(doc) if s <= x.start_char < e), None)
    if (
        person is None
        or person.label_ != "PERSON"
        or not all(w[:1].islower() for w in text[s : person.start_char].split())
        or any(n.split()[-1] in person.text for a in lex.actors.values() for n in a.leaders)
    ):
        return None
    name = person.text
    cc = countries.most_common(1)[0][0] if countries else None
    slug = re.sub(r"[^a-z0-9]+", "-", fold_name(name)).strip("-")[:40]
    return ActorDef(f"x-loyal-{slug}", f"Forces loyal to {name}", "non-state-armed", cc)


def proxy_force(lex: Lexicon, demonym: str, countries: Counter, year: int | None) -> ActorDef:
    """The non-state force a text calls "pro-<demonym> forces": the registry's group with a "pro-<demonym> ..." alias
    in the text's theatre and year, else a learned one of that name in the text's main country."""
    want = fold_name(f"pro-{demonym}")
    for a in lex.actors.values():
        if (
            a.kind == "non-state-armed"
            and in_scope(a, countries, year)
            and any(fold_name(x).startswith(want + " ") for x in a.aliases)
        ):
            return a
    cc = countries.most_common(1)[0][0] if countries else None
    return ActorDef(
        f"x-pro-{re.sub(r'[^a-z0-9]+', '-', fold_name(demonym)).strip('-')[:48]}-forces",
        f"Pro-{demonym} forces",
        "non-state-armed",
        cc,
    )


def conjoined_forces(tail: str, heads: frozenset[str]) -> bool:
    """ "Somali and African Union forces": a demonym joined to another party's forces by "and" is its state's
    forces too (``heads``: the state followers)."""
    return re.match(r"\s+and\s+(?:[\w.'-]+\s+){1,3}?(?:" + "|".join(sorted(heads)) + r")\b", tail) is not None
