"""Control over time: who held each place on a day, and the changes of hands.

A place's holder changes with takeovers (capture, regain,
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
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sitroom.days import day, iso
from sitroom.resolve.placekeys import Places
from sitroom.resolve.situation import (
    SLACK_DAYS,
    TAKEOVER,
    UNDATED_DAYS,
    actor_ids,
    evidence_fields,
    merge_reports,
    published_by,
    source_of,
)
from sitroom.resolve.stories import story_outlets

PLACE_KINDS = (
    "provincial-capital",
    "national-capital",
    "capital",
    "city",
    "district",
    "province",
    "country",
    "facility",
)


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
        return {
            "date": iso(self.valid_from),
            "valid_from": iso(self.valid_from),
            "learned": iso(self.learned),
            "place": self.place,
            "gazetteer_id": None if self.place_key.startswith("name:") else self.place_key,
            "holder": self.holder,
            "holder_name": names.get(self.holder, self.holder),
            "previous": previous,
            "previous_name": names.get(previous, previous) if previous else None,
            "kind": self.kind,
            "status": self.status,
            "event_id": self.event_id,
            "evidence": evidence_fields(self.sources[0]) if self.sources else None,
            "sources": [dict(s) for s in self.sources],
            "alternatives": copy.deepcopy(self.alternatives),
        }  # copies: the Change may be memoised


@dataclass
class _Pocket:
    place_key: str
    actor: str
    facility: str | None
    valid_from: date | None
    learned: date | None
    sources: list[dict[str, Any]]


def approximate(key: str, lat: float | None) -> bool:
    """Is the point of a place approximate: a place the gazetteer lacks (keyed by its name) that has a point all the
    same, the point of the unit the text places it in (``sitroom.extract.sites.unlisted_town``)?"""
    return key.startswith("name:") and lat is not None


UNKNOWN_HOLDER = "unknown"  # holder of a place taken by an actor the reports do not name


def _near(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= SLACK_DAYS


def unconfirmed_after_days() -> int:
    """Days after which a claim that no other report confirms shows as ``unconfirmed`` (control.yaml)."""
    from sitroom.extract import lexicon

    return int(lexicon.table("control", "control_unconfirmed_days").get("days", 7))


def _status_of(certainties: list[str]) -> str:
    return "claimed" if certainties and all(c == "claimed" for c in certainties) else "held"


def control_changes(
    store, *, known_on: Any = None, places: Places | None = None
) -> tuple[list[Change], list[_Pocket], Places]:
    """Every change of hands and standing statement in the store, oldest first, plus facility pockets.

    Memoised per store state (:func:`_state`: an article or a carrier added or removed, by this process or any
    other, is a new state), ``known_on`` and gazetteer, ``MEMO_SIZE`` entries: the map and the API ask for many days
    of one store, and on 100k events this replay costs seconds. Callers get fresh lists; the ``Change`` objects
    are shared, so they must not be changed (``Change.to_dict`` and :func:`control_at` hand out copies)."""
    places = places or Places()
    state = _state(store)
    if state is None:
        return _control_changes(store, known_on=known_on, places=places)
    gaz = places.loaded_gazetteer
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
    rows = published_by([r for sub in TAKEOVER for r in store.events(event_type=sub)], known_on)
    denied = [r for r in rows if r.get("certainty") == "denied"]
    rows = [r for r in rows if r.get("certainty") != "denied"]
    rows = _named_gainers(rows, places, {a["id"]: a["kind"] for a in store.actor_rows()})
    changes: list[Change] = []
    for s in merge_reports(rows, places, story_outlets(store)):
        if s.place_key is None:
            continue
        if s.background and s.date is None:
            continue  # an old change the text does not date: nothing to place on the timeline
        certs = [r.row.get("certainty") or "reported" for r in s.reports if r.row.get("actor1") in (None, s.actor1)]
        status = _status_of(certs)
        denials = [
            r
            for r in denied
            if places.compatible(places.key(r), s.place_key)
            and r.get("actor1") in (None, s.actor1)
            and _near(day(r.get("date")), s.date)
        ]
        if denials:
            status = "contested"  # one side claims it, the other denies it
        changes.append(
            Change(
                place_key=s.place_key,
                place=str(s.place),
                place_kind=s.place_kind,
                country=s.country,
                lat=s.lat,
                lon=s.lon,
                # a takeover whose gainer the text does not name is kept: the holder is unknown, the place changed hands
                holder=s.actor1 or UNKNOWN_HOLDER,
                valid_from=s.date or s.first_reported,
                learned=s.first_reported,
                kind=str(s.sub_event_type),
                status=status,
                sources=[source_of(r.row) for r in s.reports] + [source_of(r) for r in denials],
                event_id=s.id,
                alternatives=s.alternatives,
                loser=s.actor2,
                background=s.background,
            )
        )
    pockets: list[_Pocket] = []
    for r in published_by(store.control(), known_on):
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
        changes.append(
            Change(
                place_key=key,
                place=str(r.get("place_name")),
                place_kind=r.get("place_kind"),
                country=r.get("country"),
                lat=r.get("lat"),
                lon=r.get("lon"),
                holder=str(r["controller"]),
                valid_from=since or pub,
                learned=pub,
                kind="statement",
                status=status,
                sources=src,
            )
        )
    changes = _fold_repeats(_settle_same_day(changes))
    changes.sort(key=lambda c: (c.valid_from or date.max, c.learned or date.max, c.kind == "statement", c.place_key))
    return changes, pockets, places


def _made_up(actor: str | None) -> bool:
    """An actor the article made up from a description ("Southern separatists", "Islamist fighters": ``x-``) or its
    country's unidentified armed group (``armed-``)."""
    return bool(actor) and str(actor).startswith(("x-", "armed-"))


def _named_gainers(rows: list[dict], places: Places, kinds: dict[str, str]) -> list[dict]:
    """One article's takeover told once with the group's name and once with a description of it ("Yemen Separatists
    Seize Presidential Palace" of the STC, "Southern separatists took control of the presidential palace" on the
    same day): the description's report gets the one named gainer of the same side that the article gives the same
    place within a day, so the two merge as one change (copies of the rows; an article naming two such gainers, or
    none, leaves the description as it is)."""
    from sitroom.extract import lexicon

    state = lexicon.words("events", "state_kinds")

    def side(a: str | None) -> bool | None:
        return None if a is None or a not in kinds else kinds[a] in state

    by_article: dict[Any, list[dict]] = {}
    for r in rows:
        by_article.setdefault(r.get("article_id"), []).append(r)
    out: list[dict] = []
    for same in by_article.values():
        named = [r for r in same if r.get("actor1") and not _made_up(r.get("actor1"))]
        for r in same:
            a = r.get("actor1")
            if named and _made_up(a) and side(a) is not None:
                key = places.key(r)
                fits = {
                    n["actor1"]
                    for n in named
                    if side(n["actor1"]) == side(a)
                    and places.compatible(places.key(n), key)
                    and _near(day(n.get("date")), day(r.get("date")))
                }
                if len(fits) == 1:
                    r = {**r, "actor1": fits.pop()}
            out.append(r)
    return out


def _fold_repeats(changes: list[Change]) -> list[Change]:
    """A place taken again by the holder that took it days before, with no other holder between, is the same change
    told again (the loser's statement on Saturday of a withdrawal the gainer's report dates Thursday, a second
    article a few days on): its reports join the first change, which keeps its day. Days within ``UNDATED_DAYS``
    only; a background change (history) never folds, and a retaking after another holder is a change of its own."""
    out: list[Change] = []
    last: dict[str, Change] = {}
    for c in sorted(changes, key=lambda c: (c.valid_from or date.max, c.learned or date.max)):
        if c.kind == "statement" or c.background:
            out.append(c)
            continue
        prev = last.get(c.place_key)
        if (
            prev is not None
            and prev.holder == c.holder
            and c.holder != UNKNOWN_HOLDER
            and prev.valid_from is not None
            and c.valid_from is not None
            and (c.valid_from - prev.valid_from).days <= UNDATED_DAYS
        ):
            prev.sources = prev.sources + [s for s in c.sources if s not in prev.sources]
            prev.learned = min((d for d in (prev.learned, c.learned) if d), default=None)
            if prev.status == "claimed" and c.status != "claimed":
                prev.status = c.status
            continue
        last[c.place_key] = c
        out.append(c)
    return out


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
        win.alternatives = {
            **win.alternatives,
            "holder": [
                {
                    "value": c.holder,
                    "kind": c.kind,
                    "status": c.status,
                    "reports": [s.get("uid") for s in c.sources],
                    "outlets": sorted({s.get("outlet") for s in c.sources if s.get("outlet")}),
                    "sources": c.sources,
                }
                for c in ranked
            ],
        }
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


def _holdings(changes: list[Change], at: date) -> dict[str, dict[str, Any]]:
    """Replay the changes valid on ``at``, oldest first: per place key its current change, holder, since
    (valid-from day of the current holding) and history (each change with the holder before it)."""
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
        if (
            c.kind == "statement"
            and prev is not None
            and prev != c.holder
            and st["change"] is not None
            and (c.learned or date.min) < (st["change"].learned or date.min)
        ):
            # an older statement does not undo a change of hands learned later
            continue
        st["history"].append((c, prev))  # made into dicts only for the places returned
        if prev != c.holder:
            st["since"] = c.valid_from
        st["holder"] = c.holder
        st["change"] = c
    return state


def _pockets_of(
    c: Change, key: str, pockets: list[_Pocket], at: date, places: Places, names: dict[str, str]
) -> list[dict[str, Any]]:
    """Another party's facilities inside the place held under change ``c`` on ``at``."""
    pk = []
    for p in pockets:
        if p.actor == c.holder or (p.valid_from and p.valid_from > at):
            continue
        if p.learned and c.learned and p.learned < (c.valid_from or c.learned):
            continue  # a pocket reported before this holding began belongs to an earlier state
        if not places.compatible(p.place_key, key):
            continue
        pk.append(
            {
                "actor": p.actor,
                "actor_name": names.get(p.actor, p.actor),
                "facility": p.facility,
                "since": iso(p.valid_from),
                "learned": iso(p.learned),
                "evidence": evidence_fields(p.sources[0]),
                "sources": [dict(s) for s in p.sources],
            }
        )
    return pk


def control_at(
    store,
    day_: Any,
    kind: str | None = None,
    actor: str | None = None,
    *,
    place: str | None = None,
    known_on: Any = None,
    gazetteer=None,
) -> list[dict[str, Any]]:
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
    state = _holdings(changes, at)
    ids = actor_ids(store, actor) if actor else None
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
        pk = _pockets_of(c, key, pockets, at, places, names)
        if pk:
            status = "contested"
        if status == "claimed" and c.learned is not None and (at - c.learned).days > unconfirmed_after_days():
            status = "unconfirmed"  # only a party's claim, and no report confirmed it since
        cap, cap_of = places.capital_status(key)
        if cap is None and places.is_national_capital(key):
            cap = "national"
        st["history"] = [h.to_dict(names, previous=pv) for h, pv in st["history"]]
        sources = [s for h in st["history"] if h["holder"] == c.holder for s in h["sources"]]
        out.append(
            {
                "place": c.place,
                "gazetteer_id": None if key.startswith("name:") else key,
                "kind": c.place_kind,
                "country": c.country,
                "admin1": places.admin1(key),
                "lat": c.lat,
                "lon": c.lon,
                "approximate": approximate(key, c.lat),
                "capital": cap,
                "capital_of": cap_of,
                "holder": c.holder,
                "holder_name": names.get(c.holder, c.holder),
                "status": status,
                "since": iso(st["since"]),
                "learned": iso(
                    min(
                        (day(h["learned"]) for h in st["history"] if h["holder"] == c.holder and h["learned"]),
                        default=None,
                    )
                ),
                "sources": sources,
                "evidence": [h["evidence"] for h in st["history"] if h["evidence"]],
                "pockets": pk,
                "history": st["history"],
                "alternatives": copy.deepcopy(c.alternatives),
            }
        )
    out.sort(key=lambda p: (p["country"] or "", p["place"]))
    return out


def control_extent(store, *, known_on: Any = None, gazetteer=None) -> tuple[str | None, str | None]:
    """(first, last) valid-from day of any change of hands in the store (None, None when there is none)."""
    places = Places(gazetteer) if gazetteer is not None else Places()
    days = [
        c.valid_from
        for c in control_changes(store, known_on=known_on, places=places)[0]
        if c.valid_from is not None and c.kind != "statement" and not c.background
    ]
    return (iso(min(days)), iso(max(days))) if days else (None, None)


def capitals_held(store, actor: str, day_: Any, *, known_on: Any = None, gazetteer=None) -> list[dict[str, Any]]:
    """Provincial capitals (gazetteer capital status) ``actor`` held on ``day_``."""
    return control_at(store, day_, kind="provincial-capital", actor=actor, known_on=known_on, gazetteer=gazetteer)


def changes(
    store, d1: Any, d2: Any, *, kind: str | None = None, actor: str | None = None, known_on: Any = None, gazetteer=None
) -> list[dict[str, Any]]:
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
    ids = actor_ids(store, actor) if actor else None
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
        out.append(
            {
                **c.to_dict(names, previous=prev),
                "place_kind": c.place_kind,
                "country": c.country,
                "lat": c.lat,
                "lon": c.lon,
                "approximate": approximate(c.place_key, c.lat),
                "capital": cap,
                "capital_of": cap_of,
            }
        )
    return out
