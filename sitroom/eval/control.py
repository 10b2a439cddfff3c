"""Who holds what, as one article tells it.

Reads ``Article.events`` (captures, regains, transfers) and ``Article.control``
(standing states, pockets such as a facility held inside a captured city).
Returns one :class:`PlaceControl` per place: the holder after the article's
changes of hands, and ``contested`` when another party is said to hold a part
of it (Ghazni's intelligence headquarters).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitroom.model import Article

TAKEOVER = {"Non-state actor overtakes territory", "Government regains territory", "Non-violent transfer of territory"}


@dataclass
class PlaceControl:
    place: str  # place id in the article
    name: str
    holder: str | None
    status: str  # held | contested
    since: str | None = None
    pockets: list[tuple[str, str]] = field(default_factory=list)  # (actor id, facility)
    evidence: list[str] = field(default_factory=list)


def _same_place(article: Article, a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    if a == b:
        return True
    pa, pb = article.place(a), article.place(b)
    return bool(pa and pb and (pa.gazetteer_id and pa.gazetteer_id == pb.gazetteer_id or pa.name == pb.name))


def place_control(article: Article) -> list[PlaceControl]:
    out: list[PlaceControl] = []
    for e in article.events:
        if e.sub_event_type not in TAKEOVER or e.place is None or e.actor1 is None or e.background:
            continue
        p = article.place(e.place)
        pc = next((x for x in out if _same_place(article, x.place, e.place)), None)
        if pc is None:
            pc = PlaceControl(
                place=e.place,
                name=p.name if p else e.place,
                holder=e.actor1,
                status="held",
                since=e.date.point.isoformat() if e.date and e.date.point else None,
            )
            out.append(pc)
        else:
            pc.holder = e.actor1
        pc.evidence += [s.text for s in e.evidence[:1]]
    for k in article.control:
        pc = next((x for x in out if _same_place(article, x.place, k.place)), None)
        if pc is None:
            continue
        if k.controller != pc.holder and k.facility:
            pc.pockets.append((k.controller, k.facility))
            pc.status = "contested"
            pc.evidence += [s.text for s in k.evidence[:1]]
    return out
