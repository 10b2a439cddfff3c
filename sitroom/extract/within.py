"""Resolve within one article: mentions of the same happening become one event.

Reads and writes ``Article.events``. Two events are the same happening when
they have the same type and sub-type, compatible actors (equal, or one
unknown), compatible places (equal, one unknown, or one inside the other's
admin chain) and overlapping dates. A glued heading ("Taliban take key
headquarters") merges into the nearest following event it is compatible with, else into the first event of its
sub-type (a headline tells the story's happening; one whose sub-type the body never tells is left out).
Merging keeps every evidence sentence, the union of targets, counts combined
(an additional count such as "two more" is added, a repeated one keeps the
larger figure), the
most specific place and date, and the most specific attribution (a happening a question presupposes takes the
attribution of a mention that tells it, where there is one).
"""

from __future__ import annotations

from sitroom.extract.counts import combine, parse_quantity
from sitroom.model import Article, Attribution, Certainty, Event

_CERTAINTY_RANK = {
    Certainty.REPORTED: 0,
    Certainty.CLAIMED: 1,
    Certainty.HEDGED: 2,
    Certainty.UNVERIFIED: 3,
    Certainty.DENIED: 4,
}


def _place_compatible(article: Article, a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    pa, pb = article.place(a), article.place(b)
    if pa is None or pb is None:
        return False
    if pa.gazetteer_id and pa.gazetteer_id == pb.gazetteer_id:
        return True
    if pa.name == pb.name:  # "Ghazni" the city and "the province" of the same name
        return True
    # one inside the other: "Zabul province" and "Qalat district" (Zabul)
    return pa.name in pb.admin[1:] or pb.name in pa.admin[1:]


def _dates_overlap(a: Event, b: Event) -> bool:
    if a.date is None or b.date is None or a.date.earliest is None or b.date.earliest is None:
        return True
    return a.date.earliest <= (b.date.latest or b.date.earliest) and b.date.earliest <= (
        a.date.latest or a.date.earliest
    )


def _distinct_sites(article: Article, a: Event, b: Event) -> bool:
    """Two changes of hands of which one is a site ("Camp Deroux", "the port of Mukalla") and the other another
    place: the site and the town it lies in change hands apart."""
    if a.place == b.place or a.place is None or b.place is None or "territory" not in (a.sub_event_type or ""):
        return False
    pa, pb = article.place(a.place), article.place(b.place)
    return pa is not None and pb is not None and "facility" in (pa.kind, pb.kind) and pa.name != pb.name


def same_happening(article: Article, a: Event, b: Event) -> bool:
    """Two mentions of one happening (see the module doc); a party's denial of a change of hands is a report of its
    own, kept apart from the claim it denies (the situation layer weighs the two: contested)."""
    if (a.certainty is Certainty.DENIED) != (b.certainty is Certainty.DENIED) and "territory" in (
        a.sub_event_type or ""
    ):
        return False
    return not _distinct_sites(article, a, b) and (
        a.event_type == b.event_type
        and a.sub_event_type == b.sub_event_type
        and (a.actor1 is None or b.actor1 is None or a.actor1 == b.actor1)
        and _place_compatible(article, a.place, b.place)
        and _dates_overlap(a, b)
        and a.background == b.background
    )


def _width(e: Event) -> int:
    if e.date is None or e.date.earliest is None:
        return 10**6
    w = ((e.date.latest or e.date.earliest) - e.date.earliest).days
    return w + (1 if e.date.approximate else 0)


def _specificity(att: Attribution) -> int:
    return (2 if att.source else 0) + (1 if att.outlet else 0)


def merge_counts(keep: Event, other: Event) -> None:
    """``other``'s evidence and counts added to ``keep``'s: "two more" adds to the count already told; a repeated
    count keeps the larger figure."""
    keep.evidence += [s for s in other.evidence if s not in keep.evidence]
    for k, v in other.counts.items():
        q = parse_quantity(v)
        keep.counts[k] = combine(keep.counts.get(k), v, add=bool(q and q.additional)) or v


def merge_into(article: Article, keep: Event, other: Event) -> None:
    merge_counts(keep, other)
    keep.targets += [t for t in other.targets if t not in keep.targets]
    keep.actor1 = keep.actor1 or other.actor1
    keep.actor2 = keep.actor2 or other.actor2
    keep.mediator = keep.mediator or other.mediator
    keep.origin = keep.origin or other.origin
    if keep.place is None or (other.place and _kind_rank(article, other.place) < _kind_rank(article, keep.place)):
        keep.place = other.place or keep.place
    if _width(other) < _width(keep):
        keep.date = other.date
    asked_keep, asked_other = keep.attribution.cue == "question", other.attribution.cue == "question"
    if asked_keep != asked_other:
        # what a question takes as given ("... since Kabul fell?") yields to the same happening told outright
        # in the text ("before the fall of Kabul"), whichever came first
        if asked_keep:
            keep.attribution, keep.certainty = other.attribution, other.certainty
    elif _specificity(other.attribution) > _specificity(keep.attribution):
        keep.attribution = other.attribution
        keep.certainty = other.certainty
    elif _CERTAINTY_RANK[other.certainty] > _CERTAINTY_RANK[keep.certainty] and other.attribution == keep.attribution:
        keep.certainty = other.certainty


def _kind_rank(article: Article, place_id: str) -> int:
    p = article.place(place_id)
    return {"facility": 0, "city": 1, "district": 2, "province": 3, "region": 4, "country": 5}.get(
        p.kind if p else None, 6
    )


def merge_events(article: Article) -> Article:
    """Collapse mentions of one happening into one event (in text order of first mention)."""
    events = list(article.events)
    heads = [e for e in events if e.heading]
    body = [e for e in events if not e.heading]
    merged: list[Event] = []
    for e in body:
        target = next((m for m in merged if same_happening(article, m, e)), None)
        if target is None:
            merged.append(e)
        else:
            merge_into(article, target, e)
    for h in heads:
        start = h.evidence[0].start if h.evidence else 0
        after = [m for m in merged if any(s.start >= start for s in m.evidence) and same_happening(article, m, h)]
        target = after[0] if after else next((m for m in merged if same_happening(article, m, h)), None)
        if target is None:
            # a headline tells the story's happening: the first of its sub-type, whatever the words it names
            target = next(
                (m for m in merged if m.sub_event_type == h.sub_event_type and m.background == h.background), None
            )
        if target is not None:
            merge_into(article, target, h)
            target.evidence.sort(key=lambda s: s.start)
    for i, e in enumerate(merged, 1):
        e.id = f"e{i}"
    article.events = merged
    return article
