"""A town whose country the text states next to it: "Boni, Mali" (the country after a comma) or "the Malian town of
Boni" (a people's adjective before a place noun). Its candidates in that country win; with none there, the town is
one the gazetteer lacks, not a namesake abroad ("Boni" is no Bonn): it is left unresolved, for a change of control
to keep by its name in the stated country. Called by :func:`sitroom.extract.place_resolution.resolve` after the
picks, like the stated region ("Lere in the Timbuktu region")."""

from __future__ import annotations

import re

from sitroom.extract.place_mentions import KIND_WORDS, Mention

_NOUNS = "|".join(sorted((re.escape(w) for w in KIND_WORDS), key=len, reverse=True))
# "Malian town of ", "Malian border town ", "Ukrainian village of " (between the demonym and the name)
_DEMONYM_GAP = re.compile(rf"\s+(?:[a-z-]+\s+)?(?:{_NOUNS})(?:\s+of)?\s+", re.I)


def outside_stated_country(mentions: list[Mention], todo: list[Mention], text: str) -> None:
    """Re-pick (or leave unresolved) each town of ``todo`` resolved outside the country the text states for it."""
    demonyms = [m for m in mentions if m.role == "demonym" and m.best is not None]
    for m in todo:
        b = m.best
        if b is None or b.kind == "country" or not b.country:
            continue
        stated = next((h.best.country for h in m.parent_hint if h.best is not None and h.best.kind == "country"), None)
        if stated is None:
            d = next((d for d in demonyms if d.end <= m.start and _DEMONYM_GAP.fullmatch(text[d.end : m.start])), None)
            stated = d.best.country if d is not None and d.best is not None else None
        if stated is None or b.country == stated:
            continue
        there = [c for c in m.cands if c.country == stated and c.kind != "country"]
        if there:
            m.best = max(there, key=lambda c: m.scores.get(c.id, 0.0))
            m.reason = f"in {stated}, where the text places it"
            continue
        m.best, m.confidence = None, 0.0
        m.reason = f"no place of this name in {stated}, where the text places it"
