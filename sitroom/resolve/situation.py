"""Across articles: one record per happening.

Reads the store (its denormalised fact rows) and the gazetteer; writes nothing.

**Situation events.** Reports of the same happening in different articles become
one :class:`SituationEvent`: same ``event_type`` and ``sub_event_type`` (every
takeover sub-type counts as one: a change of hands typed differently by two
sentences is one change, :func:`kind_group`), compatible actors (equal, or one unknown), the same place or one inside the
other's admin unit (gazetteer parents; a country or region never absorbs its
parts), and overlapping dates (one day of slack; an undated report covers the
week before its publication). Each keeps every report (article, outlet, source,
certainty, sentence), a corroboration count (independent reports: stories, so a
reprint counts once), the earliest report and the outlets. Where reports disagree
(date, second actor, counts, certainty) every version is kept in
``alternatives`` with the reports that give it (the sub-type too); the headline value is the one
most reports give (ties: the earliest).

Places and their containment: :mod:`sitroom.resolve.placekeys`; who controlled what, when:
:mod:`sitroom.resolve.control`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sitroom.days import day, iso
from sitroom.extract.outlets import same_outlet
from sitroom.resolve.placekeys import Places
from sitroom.resolve.stories import story_outlets

TAKEOVER = ("Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory")
SLACK_DAYS = 1  # two reports a day apart may tell of the same happening (time zones, "overnight")
UNDATED_DAYS = 7  # an undated report covers the week before its publication
MAX_SPAN_DAYS = 10  # a cluster never spans more than this many days of reported dates
_KIND_RANK = {"facility": 0, "city": 1, "district": 2, "province": 3, "region": 4, "country": 5}
_CERT_RANK = {"reported": 0, "claimed": 1, "hedged": 2, "unverified": 3, "denied": 4}


def evidence(r: dict) -> dict[str, Any]:
    """The API's evidence shape (``sitroom.serve.api.Evidence``) from a store fact row."""
    article_outlet = r.get("article_outlet")
    relayed = r.get("outlet")
    if same_outlet(relayed, article_outlet):  # "Voice of America" told by "VOA": itself, not a relay
        relayed = None
    return {
        "article_id": r.get("article_id"),
        "sentence": r.get("evidence"),
        "start": r.get("evidence_start"),
        "end": r.get("evidence_end"),
        "outlet": article_outlet,
        "source": r.get("source"),
        "relayed_by": relayed,
        "certainty": r.get("certainty"),
    }


EVIDENCE_KEYS = ("article_id", "sentence", "start", "end", "outlet", "source", "relayed_by", "certainty")


def evidence_fields(src: dict[str, Any] | None) -> dict[str, Any] | None:
    """Just the API's evidence fields of a source."""
    return None if src is None else {k: src.get(k) for k in EVIDENCE_KEYS}


def source_of(r: dict) -> dict[str, Any]:
    """One report of a fact: its evidence plus publication day and title."""
    return {
        **evidence(r),
        "published": r.get("published"),
        "title": r.get("title"),
        "url": r.get("url"),
        "uid": r.get("uid") or r.get("id"),
    }


# --------------------------------------------------------------------------- situation events


@dataclass
class Report:
    """One article's account of a happening (a store event row)."""

    row: dict
    key: str | None
    start: date
    end: date
    dated: bool
    published: date | None
    story: str  # independent report: a reprint is a carrier of its story, never a second report
    carried_by: list[str] = field(default_factory=list)  # outlets that carried the story

    @property
    def point(self) -> date | None:
        return day(self.row.get("date")) if self.dated else None

    @property
    def mid(self) -> date:
        return date.fromordinal((self.start.toordinal() + self.end.toordinal()) // 2)


@dataclass
class SituationEvent:
    id: str
    event_type: str
    sub_event_type: str | None
    actor1: str | None
    actor2: str | None
    place: str | None
    place_key: str | None
    place_kind: str | None
    country: str | None
    lat: float | None
    lon: float | None
    date: date | None
    date_earliest: date | None
    date_latest: date | None
    first_reported: date | None
    certainty: str
    background: bool
    outlets: list[str]
    corroboration: int  # independent reports (stored articles; reprints are not counted again)
    carriers: int  # copies seen, reprints included
    reports: list[Report] = field(default_factory=list)
    alternatives: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def report_rows(self) -> list[dict]:
        return [r.row for r in self.reports]

    def to_dict(self, names: dict[str, str] | None = None) -> dict[str, Any]:
        names = names or {}
        return {
            "id": self.id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1,
            "actor1_name": names.get(self.actor1 or "", self.actor1),
            "actor2": self.actor2,
            "actor2_name": names.get(self.actor2 or "", self.actor2),
            "place": self.place,
            "place_key": self.place_key,
            "place_kind": self.place_kind,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "date": iso(self.date),
            "date_earliest": iso(self.date_earliest),
            "date_latest": iso(self.date_latest),
            "first_reported": iso(self.first_reported),
            "certainty": self.certainty,
            "background": self.background,
            "outlets": self.outlets,
            "corroboration": self.corroboration,
            "carriers": self.carriers,
            "n_reports": len(self.reports),
            "reports": [source_of(r.row) for r in self.reports],
            "alternatives": self.alternatives,
        }


def _report(r: dict, places: Places, stories: dict[str, str]) -> Report:
    pub = day(r.get("published"))
    e, l = day(r.get("date_earliest")) or day(r.get("date")), day(r.get("date_latest")) or day(r.get("date"))
    dated = e is not None
    if not dated:
        l = pub or date.max
        e = (pub - timedelta(days=UNDATED_DAYS)) if pub else date.min
    aid = str(r.get("article_id"))
    return Report(
        row=r,
        key=places.key(r),
        start=e,
        end=l or e,
        dated=dated,
        published=pub,
        story=aid,
        carried_by=list(stories.get(aid, ())),
    )


def _independent(cluster: list[Report]) -> int:
    """Independent reports in a cluster: stories (a reprint is a carrier of its story), where two articles that
    tell it in the same sentence are one story too (versions of one text, a factbox repeated in an update)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in cluster:
        sentence = " ".join(str(r.row.get("evidence") or "").lower().split())
        story = find("story:" + r.story)
        if sentence:
            parent[story] = find("said:" + sentence)
    return len({find("story:" + r.story) for r in cluster})


def _actors_ok(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _fits(cluster: list[Report], r: Report, places: Places) -> bool:
    for c in cluster:
        if not _actors_ok(c.row.get("actor1"), r.row.get("actor1")):
            return False
        if not places.compatible(c.key, r.key):
            return False
    if not any(_overlaps(c, r) for c in cluster):
        return False
    points = [c.mid for c in cluster if c.dated] + ([r.mid] if r.dated else [])
    if points and (max(points) - min(points)).days > MAX_SPAN_DAYS:
        return False
    return True


class _Agg:
    """What :func:`_fits` needs of a cluster, kept up to date as reports join it (so a test costs O(1) in the
    cluster's size, apart from the interval overlap): its non-null actor1 values, its place keys, and the
    earliest and latest midpoint of its dated reports."""

    __slots__ = ("actors", "keys", "lo", "hi")

    def __init__(self) -> None:
        self.actors: set[str] = set()
        self.keys: set[str] = set()
        self.lo: date | None = None
        self.hi: date | None = None

    def add(self, r: Report) -> None:
        a1 = r.row.get("actor1")
        if a1 is not None:
            self.actors.add(a1)
        self.keys.add(r.key)
        if r.dated:
            m = r.mid
            self.lo = m if self.lo is None or m < self.lo else self.lo
            self.hi = m if self.hi is None or m > self.hi else self.hi


def _overlaps(a: Report, b: Report) -> bool:
    """Do two reports' intervals overlap, with the slack? (In day numbers: an undated report of an undated article
    spans date.min..date.max, where a date plus the slack would overflow.)"""
    return (
        a.start.toordinal() - SLACK_DAYS <= b.end.toordinal() and b.start.toordinal() <= a.end.toordinal() + SLACK_DAYS
    )


def _fits_agg(cluster: list[Report], agg: _Agg, r: Report, places: Places) -> bool:
    """:func:`_fits`, from the cluster's aggregate."""
    a1 = r.row.get("actor1")
    if a1 is not None and (len(agg.actors) > 1 or (agg.actors and a1 not in agg.actors)):
        return False
    if not all(places.compatible(k, r.key) for k in agg.keys):
        return False
    if not any(_overlaps(c, r) for c in cluster):
        return False
    lo, hi = agg.lo, agg.hi
    if r.dated:
        m = r.mid
        lo = m if lo is None or m < lo else lo
        hi = m if hi is None or m > hi else hi
    return lo is None or (hi - lo).days <= MAX_SPAN_DAYS


def _weeks(r: Report) -> tuple[Any, ...]:
    """The weeks (ordinal // 7) a report's interval touches with slack, or ("wide",) for more than a year."""
    a = (r.start - timedelta(days=SLACK_DAYS)).toordinal() // 7 if r.start > date.min + timedelta(days=7) else 0
    b = (r.end + timedelta(days=SLACK_DAYS)).toordinal() // 7 if r.end < date.max - timedelta(days=7) else 10**7
    if b - a > 53:
        return ("wide",)
    return tuple(range(a, b + 1))


def _vote(values: list[tuple[Any, Report]]) -> tuple[Any, list[dict[str, Any]]]:
    """Most-reported value (independent stories, then reports; ties: earliest first report) and, when reports
    disagree, every version."""
    by: dict[Any, list[Report]] = {}
    for v, r in values:
        if v is None:
            continue
        by.setdefault(v, []).append(r)
    if not by:
        return None, []
    if len(by) == 1:  # every report agrees: no alternatives to rank
        return next(iter(by)), []

    def rank(item):
        v, rs = item
        stories = len({r.story for r in rs})
        first = min((r.published or date.max) for r in rs)
        return (-stories, -len(rs), first, str(v))  # equal stories: the value more of their sentences give

    ordered = sorted(by.items(), key=rank)
    alts = []
    if len(ordered) > 1:
        for v, rs in ordered:
            alts.append(
                {
                    "value": v.isoformat() if isinstance(v, date) else v,
                    "reports": [r.row.get("uid") or r.row.get("id") for r in rs],
                    "outlets": sorted({o for r in rs for o in (r.row.get("article_outlet"), r.row.get("outlet")) if o}),
                    "sources": sorted({r.row.get("source") for r in rs if r.row.get("source")}),
                }
            )
    return ordered[0][0], alts


def _build(cluster: list[Report]) -> SituationEvent:
    alternatives: dict[str, list[dict[str, Any]]] = {}
    # the sub-type most reports give (one group may mix the takeover sub-types: kind_group); its row gives the type
    sub, alt = _vote([(r.row.get("sub_event_type"), r) for r in cluster])
    if alt:
        alternatives["sub_event_type"] = alt
    first = next((r.row for r in cluster if r.row.get("sub_event_type") == sub), cluster[0].row)
    # the most specific place, the most reported at that rank
    placed = [r for r in cluster if r.key]
    best_rank = min((_KIND_RANK.get(r.row.get("place_kind"), 6) for r in placed), default=6)
    at_rank = [r for r in placed if _KIND_RANK.get(r.row.get("place_kind"), 6) == best_rank]
    key, _ = _vote([(r.key, r) for r in at_rank])
    prow = next((r.row for r in at_rank if r.key == key), first)
    a1, _ = _vote([(r.row.get("actor1"), r) for r in cluster])
    a2, alt2 = _vote([(r.row.get("actor2"), r) for r in cluster])
    if alt2:
        alternatives["actor2"] = alt2
    dated = [r for r in cluster if r.dated]
    d, alt = _vote([(r.point, r) for r in dated])
    if alt:
        alternatives["date"] = alt
    _, alt = _vote([(r.row.get("certainty"), r) for r in cluster])
    best_cert = min((r.row.get("certainty") or "reported" for r in cluster), key=lambda c: _CERT_RANK.get(c, 9))
    if alt:
        alternatives["certainty"] = alt
    counts: dict[str, list[tuple[Any, Report]]] = {}
    for r in cluster:
        raw = r.row.get("counts")
        if isinstance(raw, str):
            import json

            try:
                raw = json.loads(raw)
            except ValueError:
                raw = {}
        for k, v in (raw or {}).items():
            counts.setdefault(k, []).append((v, r))
    for k, vals in counts.items():
        _, alt = _vote(vals)
        if alt:
            alternatives[f"counts.{k}"] = alt
    outlets = sorted(
        {o for r in cluster for o in (r.row.get("article_outlet"), r.row.get("outlet"), *r.carried_by) if o}
    )
    pubs = [r.published for r in cluster if r.published]
    earliest = min((r.start for r in dated), default=None)
    latest = max((r.end for r in dated), default=None)
    ident = hashlib.sha1(
        "|".join(
            [
                str(first.get("event_type")),
                str(first.get("sub_event_type")),
                str(key),
                str(min(r.row.get("uid") or "" for r in cluster)),
            ]
        ).encode()
    ).hexdigest()[:12]
    return SituationEvent(
        id=f"s{ident}",
        event_type=str(first.get("event_type")),
        sub_event_type=first.get("sub_event_type"),
        actor1=a1,
        actor2=a2,
        place=prow.get("place_name") if key else None,
        place_key=key,
        place_kind=prow.get("place_kind") if key else None,
        country=prow.get("country") if key else None,
        lat=prow.get("lat") if key else None,
        lon=prow.get("lon") if key else None,
        date=d,
        date_earliest=earliest,
        date_latest=latest,
        first_reported=min(pubs) if pubs else None,
        certainty=best_cert,
        background=all(bool(r.row.get("background")) for r in cluster),
        outlets=outlets,
        corroboration=_independent(cluster),
        carriers=sum(max(1, len(r.carried_by)) for r in {r.story: r for r in cluster}.values()),
        reports=sorted(cluster, key=lambda r: (r.published or date.max, str(r.row.get("uid")))),
        alternatives=alternatives,
    )


def kind_group(r: dict) -> tuple[str, str | None]:
    """The reports that may tell one happening: the same event type and sub-type, except that every takeover
    sub-type is one group -- a change of hands one sentence types "Government regains territory" and another
    "Non-violent transfer of territory" (a withdrawal told by the loser) is one change, whose sub-type is voted
    (:func:`_build`)."""
    if r.get("sub_event_type") in TAKEOVER:
        return ("takeover", None)
    return (str(r.get("event_type")), r.get("sub_event_type"))


def merge_reports(
    rows: list[dict], places: Places | None = None, stories: dict[str, list[str]] | None = None
) -> list[SituationEvent]:
    """Cluster event rows (from any number of articles) into situation events, ordered by date then place."""
    places = places or Places()
    stories = stories or {}
    groups: dict[tuple[str, str | None], list[Report]] = {}
    for r in rows:
        rep = _report(r, places, stories)
        groups.setdefault(kind_group(r), []).append(rep)
    out: list[SituationEvent] = []
    for reps in groups.values():
        reps.sort(key=lambda r: (not r.dated, r.start, r.published or date.max, str(r.row.get("uid"))))
        clusters: list[list[Report]] = []
        aggs: list[_Agg] = []
        # candidates by (place or admin unit, week): a report can only join a cluster one of whose reports it
        # overlaps (with slack), so looking in the weeks it touches finds every cluster it may join
        index: dict[tuple[str, Any], list[int]] = {}
        for r in reps:
            if r.key is None:  # an event with no place is its own record
                clusters.append([r])
                aggs.append(_Agg())
                continue
            keys = (r.key, *places.containers(r.key))
            weeks = _weeks(r)
            cand: set[int] = set()
            for k in keys:
                for w in weeks if weeks != ("wide",) else ("all",):
                    cand.update(index.get((k, w), ()))
                cand.update(index.get((k, "wide"), ()))
            target = next((i for i in sorted(cand) if _fits_agg(clusters[i], aggs[i], r, places)), None)
            if target is None:
                clusters.append([r])
                aggs.append(_Agg())
                target = len(clusters) - 1
            else:
                clusters[target].append(r)
            aggs[target].add(r)
            for k in keys:
                for w in (*weeks, "all"):
                    lst = index.setdefault((k, w), [])
                    if not lst or lst[-1] != target:
                        lst.append(target)
        out += [_build(c) for c in clusters]
    out.sort(key=lambda s: (s.date or s.first_reported or date.max, s.place or "", s.id))
    return out


def published_by(rows: list[dict], known_on: Any) -> list[dict]:
    k = day(known_on)
    if k is None:
        return rows
    return [r for r in rows if (day(r.get("published")) or date.min) <= k]


def situation_events(
    store,
    *,
    event_type: str | None = None,
    actor: str | None = None,
    since: Any = None,
    until: Any = None,
    known_on: Any = None,
    places: Places | None = None,
) -> list[SituationEvent]:
    """Situation events from every stored report (``event_type`` may be a type or sub-type).

    ``since``/``until`` filter the merged events by their date (inclusive); ``known_on`` uses only reports
    published by that day (what the store would have said then); ``actor`` is an id or name (actor1 or actor2).
    """
    rows = published_by(store.events(event_type=event_type), known_on)
    evs = merge_reports(rows, places, story_outlets(store))
    ids = actor_ids(store, actor) if actor else None
    d1, d2 = day(since), day(until)
    out = []
    for s in evs:
        if ids is not None and s.actor1 not in ids and s.actor2 not in ids:
            continue
        when = s.date or s.first_reported
        if d1 and (when is None or when < d1):
            continue
        if d2 and (when is None or when > d2):
            continue
        out.append(s)
    return out


def actor_ids(store, actor: str) -> set[str]:
    want = actor.casefold()
    ids = {actor}
    for i, n in store.actor_names().items():
        if i.casefold() == want or str(n).casefold() == want:
            ids.add(i)
    return ids
