"""Across articles: one record per happening, and who controlled what, when.

Reads the store (its denormalised fact rows) and the gazetteer; writes nothing.

**Situation events.** Reports of the same happening in different articles become
one :class:`SituationEvent`: same ``event_type`` and ``sub_event_type``,
compatible actors (equal, or one unknown), the same place or one inside the
other's admin unit (gazetteer parents; a country or region never absorbs its
parts), and overlapping dates (one day of slack; an undated report covers the
week before its publication). Each keeps every report (article, outlet, source,
certainty, sentence), a corroboration count (independent reports: stories, so a
reprint counts once), the earliest report and the outlets. Where reports disagree
(date, second actor, counts, certainty) every version is kept in
``alternatives`` with the reports that give it; the headline value is the one
most reports give (ties: the earliest).

**Control over time.** A place's holder changes with takeovers (capture, regain,
non-violent transfer: ``TAKEOVER``) and with whole-place control statements.
Each change is bitemporal: ``valid_from`` is the day the text says it happened,
``learned`` the publication day of the first report of it. ``control_at(store,
day)`` replays the changes valid on ``day`` (optionally only those learned by
``known_on``); status is ``held``, ``claimed`` (every report of the change is a
party's claim), ``unconfirmed`` (a claim no report has confirmed for more than
``control_unconfirmed_days`` of ``data/lexicon/control.yaml``, 7 days: shown, not
dropped) or ``contested`` (another party holds a pocket inside: a facility
statement naming a different controller, a statement that the place is
contested, or a claim the other side denies). A later change supersedes an earlier
one; the previous holder is the one before it on the timeline, else the loser the
reports name. A takeover whose gainer no report names is kept, held by
``"unknown"``; a dated old change told in passing ("seized Kunduz last year") is
listed by ``changes`` at its date but does not set the holder in ``control_at``
(the text says nothing of what happened to the place since). Capital status comes from the gazetteer, never from a list of names.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sitroom.days import day, iso
from sitroom.extract.actors import same_outlet
from sitroom.resolve.stories import story_outlets

TAKEOVER = ("Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory")
SLACK_DAYS = 1  # two reports a day apart may tell of the same happening (time zones, "overnight")
UNDATED_DAYS = 7  # an undated report covers the week before its publication
MAX_SPAN_DAYS = 10  # a cluster never spans more than this many days of reported dates
_KIND_RANK = {"facility": 0, "city": 1, "district": 2, "province": 3, "region": 4, "country": 5}
_CONTAINERS = ("city", "district", "province")  # a country or region never absorbs its parts
_CERT_RANK = {"reported": 0, "claimed": 1, "hedged": 2, "unverified": 3, "denied": 4}
PLACE_KINDS = ("provincial-capital", "national-capital", "capital", "city", "district", "province", "country", "facility")


def evidence(r: dict) -> dict[str, Any]:
    """The API's evidence shape (``sitroom.serve.api.Evidence``) from a store fact row."""
    article_outlet = r.get("article_outlet")
    relayed = r.get("outlet")
    if same_outlet(relayed, article_outlet):  # "Voice of America" told by "VOA": itself, not a relay
        relayed = None
    return {"article_id": r.get("article_id"), "sentence": r.get("evidence"), "start": r.get("evidence_start"),
            "end": r.get("evidence_end"), "outlet": article_outlet, "source": r.get("source"), "relayed_by": relayed,
            "certainty": r.get("certainty")}


EVIDENCE_KEYS = ("article_id", "sentence", "start", "end", "outlet", "source", "relayed_by", "certainty")


def _ev(src: dict[str, Any] | None) -> dict[str, Any] | None:
    """Just the API's evidence fields of a source."""
    return None if src is None else {k: src.get(k) for k in EVIDENCE_KEYS}


def source_of(r: dict) -> dict[str, Any]:
    """One report of a fact: its evidence plus publication day and title."""
    return {**evidence(r), "published": r.get("published"), "title": r.get("title"), "url": r.get("url"),
            "uid": r.get("uid") or r.get("id")}


# --------------------------------------------------------------------------- places


class Places:
    """Place keys and containment from the gazetteer (by ``gazetteer_id``), else from names."""

    def __init__(self, gazetteer=None) -> None:
        self._gaz = gazetteer
        self._loaded = gazetteer is not None
        self._chains: dict[str, tuple[str, ...]] = {}
        self._capitals: dict[str, dict[str, str]] = {}

    @property
    def gaz(self):
        if not self._loaded:
            self._loaded = True
            try:
                from sitroom.gazetteer import default_gazetteer

                self._gaz = default_gazetteer()
            except Exception:  # noqa: BLE001 - without a gazetteer, places compare by name only
                self._gaz = None
        return self._gaz

    @staticmethod
    def key(r: dict, prefix: str = "") -> str | None:
        gid = r.get(f"{prefix}gazetteer_id")
        if gid and r.get(f"{prefix}place_kind") == "facility" and r.get(f"{prefix}place_name"):
            # a site keeps the id of the town it lies in: it changes hands apart from that town
            return f"{gid}|site:{str(r.get(f'{prefix}place_name')).casefold()}"
        if gid:
            return str(gid)
        name = r.get(f"{prefix}place_name")
        if not name:
            return None
        return f"name:{str(name).casefold()}|{r.get(f'{prefix}country') or ''}"

    def entry(self, key: str | None):
        if not key or key.startswith("name:") or self.gaz is None:
            return None
        try:
            return self.gaz.get(key)
        except Exception:  # noqa: BLE001 - a broken index must not stop the picture
            return None

    def containers(self, key: str | None) -> tuple[str, ...]:
        """Keys of the admin units (district, province) that hold the place, nearest first."""
        if key is None:
            return ()
        if key in self._chains:
            return self._chains[key]
        chain: list[str] = []
        e = self.entry(key)
        if e is not None:
            try:
                chain = [a.id for a in self.gaz.ancestors(e) if a.kind in _CONTAINERS]
            except Exception:  # noqa: BLE001
                chain = []
        self._chains[key] = tuple(chain)
        return self._chains[key]

    def compatible(self, a: str | None, b: str | None) -> bool:
        """Same place, or one inside the other's admin unit."""
        if a is None or b is None:
            return False
        return a == b or a in self.containers(b) or b in self.containers(a)

    def inside(self, inner: str | None, outer: str | None) -> bool:
        return inner is not None and outer is not None and (inner == outer or outer in self.containers(inner))

    def capital_status(self, key: str | None) -> tuple[str | None, str | None]:
        """("provincial" | "national" | None, name of the unit) for a place, from the gazetteer's capitals."""
        e = self.entry(key)
        if e is None or e.kind != "city":
            return None, None
        caps = self._country_capitals(e.country)
        if e.id in caps:
            return "provincial", caps[e.id]
        if e.capital_of:
            unit = self.entry(e.capital_of)
            if unit is not None and unit.kind == "province":
                return "provincial", unit.name
            if unit is not None and unit.kind == "country":
                return "national", unit.name
        return None, None

    def is_national_capital(self, key: str | None) -> bool:
        e = self.entry(key)
        if e is None or not e.capital_of:
            return False
        unit = self.entry(e.capital_of)
        return unit is not None and unit.kind == "country"

    def _country_capitals(self, cc: str | None) -> dict[str, str]:
        """City id → province name, for every province of country ``cc`` with a capital in the gazetteer."""
        if not cc or self.gaz is None:
            return {}
        if cc not in self._capitals:
            out: dict[str, str] = {}
            try:
                country = self.gaz.country(cc)
                for prov in self.gaz.children(country.id, kind="province") if country else []:
                    cap = self.gaz.capital(prov)
                    if cap is not None:
                        out[cap.id] = prov.name
            except Exception:  # noqa: BLE001
                out = {}
            self._capitals[cc] = out
        return self._capitals[cc]

    def provincial_capitals(self, cc: str) -> dict[str, str]:
        """Every provincial capital of a country the gazetteer knows: city id → province name."""
        return dict(self._country_capitals(cc))

    def admin1(self, key: str | None) -> str | None:
        e = self.entry(key)
        return e.admin1 if e is not None else None


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
            "id": self.id, "event_type": self.event_type, "sub_event_type": self.sub_event_type,
            "actor1": self.actor1, "actor1_name": names.get(self.actor1 or "", self.actor1),
            "actor2": self.actor2, "actor2_name": names.get(self.actor2 or "", self.actor2),
            "place": self.place, "place_key": self.place_key, "place_kind": self.place_kind, "country": self.country,
            "lat": self.lat, "lon": self.lon, "date": iso(self.date), "date_earliest": iso(self.date_earliest),
            "date_latest": iso(self.date_latest), "first_reported": iso(self.first_reported),
            "certainty": self.certainty, "background": self.background, "outlets": self.outlets,
            "corroboration": self.corroboration, "carriers": self.carriers, "n_reports": len(self.reports),
            "reports": [source_of(r.row) for r in self.reports], "alternatives": self.alternatives,
        }


def _report(r: dict, places: Places, stories: dict[str, str]) -> Report:
    pub = day(r.get("published"))
    e, l = day(r.get("date_earliest")) or day(r.get("date")), day(r.get("date_latest")) or day(r.get("date"))
    dated = e is not None
    if not dated:
        l = pub or date.max
        e = (pub - timedelta(days=UNDATED_DAYS)) if pub else date.min
    aid = str(r.get("article_id"))
    return Report(row=r, key=places.key(r), start=e, end=l or e, dated=dated, published=pub, story=aid,
                  carried_by=list(stories.get(aid, ())))


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
    slack = timedelta(days=SLACK_DAYS)
    for c in cluster:
        if not _actors_ok(c.row.get("actor1"), r.row.get("actor1")):
            return False
        if not places.compatible(c.key, r.key):
            return False
    if not any(c.start - slack <= r.end and r.start <= c.end + slack for c in cluster):
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


def _fits_agg(cluster: list[Report], agg: _Agg, r: Report, places: Places) -> bool:
    """:func:`_fits`, from the cluster's aggregate."""
    a1 = r.row.get("actor1")
    if a1 is not None and (len(agg.actors) > 1 or (agg.actors and a1 not in agg.actors)):
        return False
    if not all(places.compatible(k, r.key) for k in agg.keys):
        return False
    slack = timedelta(days=SLACK_DAYS)
    if not any(c.start - slack <= r.end and r.start <= c.end + slack for c in cluster):
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
    """Most-reported value (ties: earliest first report) and, when reports disagree, every version."""
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
        return (-stories, first, str(v))

    ordered = sorted(by.items(), key=rank)
    alts = []
    if len(ordered) > 1:
        for v, rs in ordered:
            alts.append({"value": v.isoformat() if isinstance(v, date) else v,
                         "reports": [r.row.get("uid") or r.row.get("id") for r in rs],
                         "outlets": sorted({o for r in rs for o in (r.row.get("article_outlet"), r.row.get("outlet")) if o}),
                         "sources": sorted({r.row.get("source") for r in rs if r.row.get("source")})})
    return ordered[0][0], alts


def _build(cluster: list[Report]) -> SituationEvent:
    first = cluster[0].row
    alternatives: dict[str, list[dict[str, Any]]] = {}
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
    outlets = sorted({o for r in cluster for o in (r.row.get("article_outlet"), r.row.get("outlet"), *r.carried_by)
                      if o})
    pubs = [r.published for r in cluster if r.published]
    earliest = min((r.start for r in dated), default=None)
    latest = max((r.end for r in dated), default=None)
    ident = hashlib.sha1("|".join([str(first.get("event_type")), str(first.get("sub_event_type")), str(key),
                                   str(min(r.row.get("uid") or "" for r in cluster))]).encode()).hexdigest()[:12]
    return SituationEvent(
        id=f"s{ident}", event_type=str(first.get("event_type")), sub_event_type=first.get("sub_event_type"),
        actor1=a1, actor2=a2, place=prow.get("place_name") if key else None, place_key=key,
        place_kind=prow.get("place_kind") if key else None, country=prow.get("country") if key else None,
        lat=prow.get("lat") if key else None, lon=prow.get("lon") if key else None, date=d,
        date_earliest=earliest, date_latest=latest, first_reported=min(pubs) if pubs else None,
        certainty=best_cert, background=all(bool(r.row.get("background")) for r in cluster), outlets=outlets,
        corroboration=_independent(cluster), carriers=sum(max(1, len(r.carried_by)) for r in
                                                                    {r.story: r for r in cluster}.values()),
        reports=sorted(cluster, key=lambda r: (r.published or date.max, str(r.row.get("uid")))),
        alternatives=alternatives,
    )


def merge_reports(rows: list[dict], places: Places | None = None, stories: dict[str, list[str]] | None = None) -> list[SituationEvent]:
    """Cluster event rows (from any number of articles) into situation events, ordered by date then place."""
    places = places or Places()
    stories = stories or {}
    groups: dict[tuple[str, str | None], list[Report]] = {}
    for r in rows:
        rep = _report(r, places, stories)
        groups.setdefault((str(r.get("event_type")), r.get("sub_event_type")), []).append(rep)
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
                for w in (weeks if weeks != ("wide",) else ("all",)):
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


def _until(rows: list[dict], known_on: Any) -> list[dict]:
    k = day(known_on)
    if k is None:
        return rows
    return [r for r in rows if (day(r.get("published")) or date.min) <= k]


def situation_events(store, *, event_type: str | None = None, actor: str | None = None, since: Any = None,
                     until: Any = None, known_on: Any = None, places: Places | None = None) -> list[SituationEvent]:
    """Situation events from every stored report (``event_type`` may be a type or sub-type).

    ``since``/``until`` filter the merged events by their date (inclusive); ``known_on`` uses only reports
    published by that day (what the store would have said then); ``actor`` is an id or name (actor1 or actor2).
    """
    rows = _until(store.events(event_type=event_type), known_on)
    evs = merge_reports(rows, places, story_outlets(store))
    ids = _actor_ids(store, actor) if actor else None
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


def _actor_ids(store, actor: str) -> set[str]:
    want = actor.casefold()
    ids = {actor}
    for i, n in store.actor_names().items():
        if i.casefold() == want or str(n).casefold() == want:
            ids.add(i)
    return ids


# --------------------------------------------------------------------------- control over time


@dataclass
class Change:
    """A change of hands (or a standing statement) for one place: bitemporal."""

    place_key: str
    place: str
    place_kind: str | None
    country: str | None
    lat: float | None
    lon: float | None
    holder: str
    valid_from: date | None
    learned: date | None
    kind: str  # event sub-type, or "statement"
    status: str  # held | claimed | contested
    sources: list[dict[str, Any]]
    event_id: str | None = None
    alternatives: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    loser: str | None = None  # who the reports say lost it (actor2 of the takeover), when they say
    background: bool = False  # told as an old happening ("took Kabul in 1996"): history, not who holds it now

    def to_dict(self, names: dict[str, str], previous: str | None = None) -> dict[str, Any]:
        previous = previous or (self.loser if self.loser != self.holder else None)
        return {"date": iso(self.valid_from), "valid_from": iso(self.valid_from), "learned": iso(self.learned),
                "place": self.place, "gazetteer_id": None if self.place_key.startswith("name:") else self.place_key,
                "holder": self.holder, "holder_name": names.get(self.holder, self.holder),
                "previous": previous, "previous_name": names.get(previous, previous) if previous else None,
                "kind": self.kind, "status": self.status, "event_id": self.event_id,
                "evidence": _ev(self.sources[0]) if self.sources else None, "sources": [dict(s) for s in self.sources],
                "alternatives": copy.deepcopy(self.alternatives)}  # copies: the Change may be memoised


@dataclass
class _Pocket:
    place_key: str
    actor: str
    facility: str | None
    valid_from: date | None
    learned: date | None
    sources: list[dict[str, Any]]


UNKNOWN_HOLDER = "unknown"  # holder of a place taken by an actor the reports do not name


def _near(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= SLACK_DAYS


def unconfirmed_after_days() -> int:
    """Days after which a claim that no other report confirms shows as ``unconfirmed`` (control.yaml)."""
    from sitroom.extract import lexicon

    return int(lexicon.table("control", "control_unconfirmed_days").get("days", 7))


def _status_of(certainties: list[str]) -> str:
    return "claimed" if certainties and all(c == "claimed" for c in certainties) else "held"


def control_changes(store, *, known_on: Any = None, places: Places | None = None) -> tuple[list[Change], list[_Pocket], Places]:
    """Every change of hands and standing statement in the store, oldest first, plus facility pockets.

    Memoised per store state (:func:`_state`: an article or a carrier added or removed, by this process or any
    other, is a new state), ``known_on`` and gazetteer, ``MEMO_SIZE`` entries: the map and the API ask for many days
    of one store, and on 100k events this replay costs seconds. Callers get fresh lists; the ``Change`` objects
    are shared, so they must not be changed (``Change.to_dict`` and :func:`control_at` hand out copies)."""
    places = places or Places()
    state = _state(store)
    if state is None:
        return _control_changes(store, known_on=known_on, places=places)
    gaz = places._gaz if places._loaded else None
    key = (state, day(known_on), id(gaz))
    with _MEMO_LOCK:  # the API may answer from several threads
        hit = _MEMO.get(key)
        if hit is not None and hit[0] is gaz:
            _MEMO.move_to_end(key)
            return list(hit[1]), list(hit[2]), places
    changes, pockets, places = _control_changes(store, known_on=known_on, places=places)
    with _MEMO_LOCK:
        _MEMO[key] = (gaz, changes, pockets)
        while len(_MEMO) > MEMO_SIZE:
            _MEMO.popitem(last=False)
    return list(changes), list(pockets), places


MEMO_SIZE = 8
_MEMO: OrderedDict = OrderedDict()
_MEMO_LOCK = threading.Lock()


def _state(store) -> tuple | None:
    """The store's state key (``Store.state_key``), or None when the store cannot tell (then nothing is memoised)."""
    fn = getattr(store, "state_key", None)
    if fn is None:
        return None
    try:
        return fn()
    except Exception:  # noqa: BLE001 - no memo rather than no answer
        return None


def _control_changes(store, *, known_on: Any = None, places: Places) -> tuple[list[Change], list[_Pocket], Places]:
    rows = _until([r for sub in TAKEOVER for r in store.events(event_type=sub)], known_on)
    denied = [r for r in rows if r.get("certainty") == "denied"]
    rows = [r for r in rows if r.get("certainty") != "denied"]
    changes: list[Change] = []
    for s in merge_reports(rows, places, story_outlets(store)):
        if s.place_key is None:
            continue
        if s.background and s.date is None:
            continue  # an old change the text does not date: nothing to place on the timeline
        certs = [r.row.get("certainty") or "reported" for r in s.reports if r.row.get("actor1") in (None, s.actor1)]
        status = _status_of(certs)
        denials = [r for r in denied if places.compatible(places.key(r), s.place_key)
                   and r.get("actor1") in (None, s.actor1) and _near(day(r.get("date")), s.date)]
        if denials:
            status = "contested"  # one side claims it, the other denies it
        changes.append(Change(
            place_key=s.place_key, place=str(s.place), place_kind=s.place_kind, country=s.country, lat=s.lat, lon=s.lon,
            # a takeover whose gainer the text does not name is kept: the holder is unknown, the place changed hands
            holder=s.actor1 or UNKNOWN_HOLDER, valid_from=s.date or s.first_reported, learned=s.first_reported,
            kind=str(s.sub_event_type), status=status,
            sources=[source_of(r.row) for r in s.reports] + [source_of(r) for r in denials], event_id=s.id,
            alternatives=s.alternatives, loser=s.actor2, background=s.background))
    pockets: list[_Pocket] = []
    for r in _until(store.control(), known_on):
        key = places.key(r)
        if key is None or not r.get("controller") or r.get("certainty") == "denied":
            continue
        pub = day(r.get("published"))
        since = day(r.get("since"))
        src = [source_of(r)]
        if r.get("facility"):
            pockets.append(_Pocket(key, str(r["controller"]), r.get("facility"), since or pub, pub, src))
            continue
        status = r.get("status") or "held"
        if r.get("certainty") == "claimed" and status == "held":
            status = "claimed"
        changes.append(Change(
            place_key=key, place=str(r.get("place_name")), place_kind=r.get("place_kind"), country=r.get("country"),
            lat=r.get("lat"), lon=r.get("lon"), holder=str(r["controller"]), valid_from=since or pub, learned=pub,
            kind="statement", status=status, sources=src))
    changes = _settle_same_day(changes)
    changes.sort(key=lambda c: (c.valid_from or date.max, c.learned or date.max, c.kind == "statement", c.place_key))
    return changes, pockets, places


def _weight(c: Change) -> tuple[int, int, date]:
    stories = len({s.get("article_id") for s in c.sources})
    return (stories, 1 if c.status == "held" else 0, c.learned or date.min)


def _settle_same_day(changes: list[Change]) -> list[Change]:
    """Reports that give one place different new holders on the same day: the better-supported one stands
    (more independent reports, then reported over claimed, then the later report); the place is ``contested``
    when the support is equal, and every version is kept in ``alternatives["holder"]``."""
    by: dict[tuple[str, date | None], list[Change]] = {}
    for c in changes:
        if c.kind != "statement":
            by.setdefault((c.place_key, c.valid_from), []).append(c)
    drop: set[int] = set()
    for group in by.values():
        if len({c.holder for c in group}) < 2:
            continue
        ranked = sorted(group, key=_weight, reverse=True)
        win = ranked[0]
        if _weight(ranked[1])[:2] == _weight(win)[:2]:
            win.status = "contested"
        win.alternatives = {**win.alternatives, "holder": [
            {"value": c.holder, "kind": c.kind, "status": c.status, "reports": [s.get("uid") for s in c.sources],
             "outlets": sorted({s.get("outlet") for s in c.sources if s.get("outlet")}),
             "sources": c.sources} for c in ranked]}
        drop.update(id(c) for c in ranked[1:])
    return [c for c in changes if id(c) not in drop]


def _kind_ok(places: Places, key: str, place_kind: str | None, kind: str | None) -> bool:
    if kind is None:
        return True
    if kind == "provincial-capital":
        return places.capital_status(key)[0] == "provincial"
    if kind == "national-capital":
        return places.capital_status(key)[0] == "national" or places.is_national_capital(key)
    if kind == "capital":
        return places.capital_status(key)[0] is not None or places.is_national_capital(key)
    return place_kind == kind


def control_at(store, day_: Any, kind: str | None = None, actor: str | None = None, *, place: str | None = None,
               known_on: Any = None, gazetteer=None) -> list[dict[str, Any]]:
    """Who held each place on ``day_``, as the store tells it (optionally as it was known on ``known_on``).

    ``kind``: ``provincial-capital`` / ``national-capital`` / ``capital`` (from the gazetteer) or a place kind
    (city, district, province, ...); ``actor``: holder id or name; ``place``: a place name or gazetteer id.
    Each item: place, gazetteer_id, kind, country, admin1, lat, lon, capital ("provincial"/"national"/None),
    capital_of, holder, holder_name, status (held | claimed | contested), since (valid-from day of the current
    holding), learned (first publication of it), sources (every report, API evidence shape plus published),
    evidence (first source per change), pockets (another party's facility inside), history (changes up to the
    day, oldest first, each with previous holder) and alternatives (reports that disagree about the change).
    """
    at = day(day_)
    if at is None:
        from sitroom.errors import ConfigError

        raise ConfigError(f"not a date: {day_!r}", hint="expected YYYY-MM-DD")
    if kind is not None and kind not in PLACE_KINDS:
        from sitroom.errors import ConfigError

        raise ConfigError(f"unknown place kind {kind!r}", hint="one of " + ", ".join(PLACE_KINDS))
    places = Places(gazetteer) if gazetteer is not None else Places()
    changes, pockets, places = control_changes(store, known_on=known_on, places=places)
    names = store.actor_names()
    state: dict[str, dict[str, Any]] = {}
    for c in changes:
        if c.background:
            continue  # an old change told in passing says nothing of who holds the place since (see changes())
        if c.valid_from is not None and c.valid_from > at:
            continue
        if c.valid_from is None and (c.learned is None or c.learned > at):
            continue
        st = state.get(c.place_key)
        if st is None:
            st = state[c.place_key] = {"change": None, "history": [], "holder": None, "since": None}
        prev = st["holder"]
        if c.kind == "statement" and prev is not None and prev != c.holder and st["change"] is not None \
                and (c.learned or date.min) < (st["change"].learned or date.min):
            # an older statement does not undo a change of hands learned later
            continue
        st["history"].append((c, prev))  # made into dicts only for the places returned
        if prev != c.holder:
            st["since"] = c.valid_from
        st["holder"] = c.holder
        st["change"] = c
    ids = _actor_ids(store, actor) if actor else None
    want_place = place.casefold() if place else None
    out = []
    for key, st in state.items():
        c: Change = st["change"]
        if ids is not None and c.holder not in ids:
            continue
        if not _kind_ok(places, key, c.place_kind, kind):
            continue
        if want_place and want_place not in (key.casefold(), c.place.casefold()):
            continue
        status = c.status
        pk = []
        for p in pockets:
            if p.actor == c.holder or (p.valid_from and p.valid_from > at):
                continue
            if p.learned and c.learned and p.learned < (c.valid_from or c.learned):
                continue  # a pocket reported before this holding began belongs to an earlier state
            if not places.compatible(p.place_key, key):
                continue
            pk.append({"actor": p.actor, "actor_name": names.get(p.actor, p.actor), "facility": p.facility,
                       "since": iso(p.valid_from), "learned": iso(p.learned), "evidence": _ev(p.sources[0]),
                       "sources": [dict(s) for s in p.sources]})
        if pk:
            status = "contested"
        if status == "claimed" and c.learned is not None and (at - c.learned).days > unconfirmed_after_days():
            status = "unconfirmed"  # only a party's claim, and no report confirmed it since
        cap, cap_of = places.capital_status(key)
        if cap is None and places.is_national_capital(key):
            cap = "national"
        st["history"] = [h.to_dict(names, previous=pv) for h, pv in st["history"]]
        sources = [s for h in st["history"] if h["holder"] == c.holder for s in h["sources"]]
        out.append({
            "place": c.place, "gazetteer_id": None if key.startswith("name:") else key, "kind": c.place_kind,
            "country": c.country, "admin1": places.admin1(key), "lat": c.lat, "lon": c.lon, "capital": cap,
            "capital_of": cap_of, "holder": c.holder, "holder_name": names.get(c.holder, c.holder), "status": status,
            "since": iso(st["since"]), "learned": iso(min((day(h["learned"]) for h in st["history"]
                                                             if h["holder"] == c.holder and h["learned"]), default=None)),
            "sources": sources, "evidence": [h["evidence"] for h in st["history"] if h["evidence"]],
            "pockets": pk, "history": st["history"], "alternatives": copy.deepcopy(c.alternatives),
        })
    out.sort(key=lambda p: (p["country"] or "", p["place"]))
    return out


def control_extent(store, *, known_on: Any = None, gazetteer=None) -> tuple[str | None, str | None]:
    """(first, last) valid-from day of any change of hands in the store (None, None when there is none)."""
    places = Places(gazetteer) if gazetteer is not None else Places()
    days = [c.valid_from for c in control_changes(store, known_on=known_on, places=places)[0]
            if c.valid_from is not None and c.kind != "statement" and not c.background]
    return (iso(min(days)), iso(max(days))) if days else (None, None)


def capitals_held(store, actor: str, day_: Any, *, known_on: Any = None, gazetteer=None) -> list[dict[str, Any]]:
    """Provincial capitals (gazetteer capital status) ``actor`` held on ``day_``."""
    return control_at(store, day_, kind="provincial-capital", actor=actor, known_on=known_on, gazetteer=gazetteer)


def changes(store, d1: Any, d2: Any, *, kind: str | None = None, actor: str | None = None, known_on: Any = None,
            gazetteer=None) -> list[dict[str, Any]]:
    """What changed hands between ``d1`` and ``d2`` (inclusive, by valid-from day), oldest first.

    Each item is a change (``Change.to_dict``) with the previous holder as the store knew it, plus place kind,
    country and capital status. Standing statements that name no new holder are left out.
    """
    a, b = day(d1), day(d2)
    if a is None or b is None:
        from sitroom.errors import ConfigError

        raise ConfigError(f"not a date range: {d1!r}..{d2!r}", hint="expected YYYY-MM-DD for both")
    if a > b:
        from sitroom.errors import ConfigError

        raise ConfigError(f"--from {a} is after --to {b}")
    places = Places(gazetteer) if gazetteer is not None else Places()
    all_changes, _, places = control_changes(store, known_on=known_on, places=places)
    names = store.actor_names()
    ids = _actor_ids(store, actor) if actor else None
    holder: dict[str, str] = {}
    out = []
    for c in all_changes:
        prev = holder.get(c.place_key)
        holder[c.place_key] = c.holder
        if c.valid_from is None or not (a <= c.valid_from <= b):
            continue
        if prev == c.holder:
            continue  # a repeat or a statement of the standing holder
        if ids is not None and c.holder not in ids and prev not in ids:
            continue
        if not _kind_ok(places, c.place_key, c.place_kind, kind):
            continue
        cap, cap_of = places.capital_status(c.place_key)
        out.append({**c.to_dict(names, previous=prev), "place_kind": c.place_kind, "country": c.country,
                    "lat": c.lat, "lon": c.lon, "capital": cap, "capital_of": cap_of})
    return out
