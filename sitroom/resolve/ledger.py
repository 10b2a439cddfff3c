"""The forecast ledger: every stored forecast, resolved against what the store later holds.

A forecast ("the Taliban could isolate Kabul within 30 days") names an actor, an
action, a target place, the day it was made and a deadline. It resolves:

* ``hit`` -- a situation event (:mod:`sitroom.resolve.situation`) that realises
  the action happened after the forecast was made and by its deadline: the
  actor (or anyone, when the forecast names none) at the target or a place
  inside it. ``lead_days`` is how many days before the deadline it came true,
  ``days_to_outcome`` how long after the forecast.
* ``miss`` -- the deadline has passed (the store holds reports published after
  it, or ``as_of`` is after it) and nothing realised it.
* ``open`` -- otherwise; also when the forecast has no target or no deadline it
  can be resolved by (``unresolvable`` says why).

What realises an action: taking (capture, overrun, seize, take, fall, enter,
control) is realised by a change of hands to the actor; surrounding (isolate,
encircle, besiege, surround, cut off, reach, advance) by a change of hands, by
fighting at the target, or by the actor reaching or surrounding it (an advance:
ACLED's "Strategic developments / Other", marked by extraction). A stronger
outcome realises a weaker one; a weaker one never realises a stronger one.

Who: a forecast naming an actor is realised by that actor's event. A change of
hands whose reports name no side ("Kabul fell just over a week ago") realises it
too when the store's context makes that actor *the side taking places*: in the
same country, over the ``CONTEXT_DAYS`` before the event, it took at least
``CONTEXT_MIN`` places and three in four of the takeovers naming a side
(``CONTEXT_SHARE``; the other side's regains count against it). The outcome
then keeps ``actor`` unknown (None), names the actor in ``actor_inferred`` and
says so in its ``reasoning``. Of several events realising a forecast the
earliest wins; on the same day the one reported first, then one naming the actor.

When: the outcome's ``date`` is the event's date (the vote of its dated reports:
"just over a week ago" in a 23 Aug briefing is 15 Aug); a report that only
presupposes it ("since Kabul fell to the Taliban", a question of 17 Aug) bounds
it by its publication day and dates nothing. ``learned_on`` is the first
publication day of a report of it (``first_reported``), ``dated_by`` the reports
whose own words date it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sitroom.days import day, iso
from sitroom.resolve.placekeys import Places
from sitroom.resolve.situation import TAKEOVER, SituationEvent, situation_events, source_of

TAKE = {
    "capture",
    "overrun",
    "seize",
    "take",
    "fall",
    "enter",
    "control",
    "conquer",
    "occupy",
    "overtake",
    "storm",
    "topple",
    "win",
    "oust",
}
SURROUND = {"isolate", "encircle", "besiege", "surround", "cut", "reach", "advance", "attack"}
_OUTCOMES = {"take": set(TAKEOVER), "surround": set(TAKEOVER) | {"Armed clash", "Headquarters or base established"}}


def _realises(cls: str, s: SituationEvent) -> bool:
    """Does situation event ``s`` realise a forecast action of class ``cls``?"""
    if s.sub_event_type in _OUTCOMES[cls]:
        return True
    # an advance on the target ("have reached Kabul", "surrounded Kabul from all sides") realises surrounding
    return cls == "surround" and any(r.row.get("advance") for r in s.reports)


CONTEXT_DAYS = 30  # how far back the side taking places is looked for
CONTEXT_MIN = 2  # takeovers naming that side needed to infer it for one that names none
CONTEXT_SHARE = 0.75  # its least share of the takeovers naming a side (regains by the other side count against it)


def _taking_side(evs: list[SituationEvent], s: SituationEvent, actor: str) -> tuple[int, int] | None:
    """(takeovers by ``actor``, takeovers naming any side) in ``s``'s country over the ``CONTEXT_DAYS`` before it,
    when ``actor`` took at least ``CONTEXT_MIN`` of them and at least ``CONTEXT_SHARE`` of them; else None."""
    when = s.date or s.first_reported
    if when is None:
        return None
    lo = when - timedelta(days=CONTEXT_DAYS)
    named = [
        e
        for e in evs
        if e is not s
        and e.actor1
        and e.sub_event_type in TAKEOVER
        and e.country == s.country
        and (e.date or e.first_reported) is not None
        and lo <= (e.date or e.first_reported) <= when
    ]
    mine = [e for e in named if e.actor1 == actor]
    if len(mine) < CONTEXT_MIN or len(mine) < CONTEXT_SHARE * len(named):
        return None
    return len(mine), len(named)


def action_class(what: str | None) -> str | None:
    """ "take" or "surround" from a forecast's ``what`` ("isolate Kabul" -> surround), else None."""
    if not what:
        return None
    verb = str(what).split()[0].casefold()
    if verb in TAKE:
        return "take"
    if verb in SURROUND:
        return "surround"
    return None


def _target_key(store, places: Places, f: dict, cache: dict) -> tuple[str | None, str | None]:
    aid = str(f.get("article_id"))
    if aid not in cache:
        cache[aid] = store.get(aid)
    a = cache[aid]
    p = a.place(f.get("target")) if a is not None and f.get("target") else None
    if p is None:
        return None, None
    return (p.gazetteer_id or places.key({"place_name": p.name, "country": p.country})), p.name


def forecast_ledger(store, *, as_of: Any = None, gazetteer=None) -> dict[str, Any]:
    """``{"as_of", "forecasts": [...], "track_record": [...]}``: each forecast with status and outcome, and per
    forecaster hits, misses, open, hit rate over resolved forecasts and mean lead time.

    ``as_of`` (default: the latest publication day in the store) decides whether a deadline has passed.
    """
    places = Places(gazetteer) if gazetteer is not None else Places()
    rows = store.forecasts()
    pubs = [day(r.get("published")) for r in store.article_rows()]
    horizon = day(as_of) or max((p for p in pubs if p), default=None)
    names = store.actor_names()
    evs = [s for s in situation_events(store, places=places) if s.place_key and not s.background]
    cache: dict = {}
    items = []
    for f in rows:
        made = day(f.get("made_on")) or day(f.get("published"))
        deadline = day(f.get("deadline"))
        cls = action_class(f.get("what"))
        key, target = _target_key(store, places, f, cache)
        item = _forecast_item(f, names, made=made, deadline=deadline, key=key, target=target)
        why = _why_unresolvable(f, made=made, deadline=deadline, key=key, cls=cls)
        if why:
            item["unresolvable"] = why
            items.append(item)
            continue
        assert made is not None and deadline is not None and key is not None and cls is not None
        hit, hit_ctx = _first_hit(evs, places, f, cls=cls, made=made, deadline=deadline, key=key)
        if hit is not None:
            item.update(_hit_fields(hit, hit_ctx, f, names, made=made, deadline=deadline))
        elif horizon is not None and horizon > deadline:
            item["status"] = "miss"
        items.append(item)
    return {"as_of": iso(horizon), "forecasts": items, "track_record": _track_record(items)}


def _forecast_item(
    f: dict, names: dict, *, made: date | None, deadline: date | None, key: str | None, target: str | None
) -> dict[str, Any]:
    """A forecast's ledger entry, still open and without outcome."""
    return {
        "id": f.get("uid") or f.get("id"),
        "article_id": f.get("article_id"),
        "by": f.get("by"),
        "actor": f.get("actor"),
        "actor_name": names.get(f.get("actor") or "", f.get("actor")),
        "what": f.get("what"),
        "target": target,
        "target_gazetteer_id": key,
        "modality": f.get("modality"),
        "made_on": iso(made),
        "deadline": iso(deadline),
        "horizon_days": f.get("horizon_days"),
        "status": "open",
        "outcome": None,
        "lead_days": None,
        "days_to_outcome": None,
        "unresolvable": None,
        "evidence": source_of(f),
    }


def _why_unresolvable(
    f: dict, *, made: date | None, deadline: date | None, key: str | None, cls: str | None
) -> str | None:
    """Why a forecast cannot be resolved (no target, no deadline, no date made, no rule), else None."""
    why = None
    if key is None:
        why = "no target place"
    elif deadline is None or made is None:
        why = "no deadline" if deadline is None else "no date it was made"
    elif cls is None:
        why = f"no rule for the action {str(f.get('what') or '').split()[:1]}"
    return why


def _first_hit(
    evs: list[SituationEvent], places: Places, f: dict, *, cls: str, made: date, deadline: date, key: str
) -> tuple[SituationEvent | None, tuple[int, int] | None]:
    """The situation event realising the forecast (earliest; same day: known first, then naming the actor) and,
    when it names no side, the context that makes the forecast's actor the side taking places."""
    hit, hit_ctx, hit_rank = None, None, None
    for s in evs:
        when = s.date or s.first_reported
        if when is None or not (made < when <= deadline):
            continue
        if not _realises(cls, s):
            continue
        ctx = None
        if f.get("actor") and s.actor1 != f.get("actor"):
            if s.actor1 is not None or s.sub_event_type not in TAKEOVER:
                continue
            ctx = _taking_side(evs, s, f.get("actor"))
            if ctx is None:
                continue
        if not places.inside(s.place_key, key):
            continue
        # the earliest outcome; on the same day the one known first (then one naming the actor)
        rank = (when, s.first_reported or date.max, ctx is not None)
        if hit is None or rank < hit_rank:
            hit, hit_ctx, hit_rank = s, ctx, rank
    return hit, hit_ctx


def _hit_fields(
    hit: SituationEvent, hit_ctx: tuple[int, int] | None, f: dict, names: dict, *, made: date, deadline: date
) -> dict[str, Any]:
    """The fields of a hit entry: status, lead and days to outcome, and the outcome with its reasoning."""
    when = hit.date or hit.first_reported
    dated_by = [source_of(r.row) for r in hit.reports if r.dated and r.point == hit.date] if hit.date else []
    why = [
        f"{hit.sub_event_type} at {hit.place} dated {iso(when)}"
        + (
            f" by {len(dated_by)} report(s) whose words date it"
            if dated_by
            else " (no report dates it: its first report's day)"
        ),
        f"first reported {iso(hit.first_reported)} in {hit.corroboration} independent report(s)",
    ]
    if hit_ctx is not None:
        why.append(
            f"no report names who took it; {names.get(f.get('actor'), f.get('actor'))} is the side "
            f"taking places in {hit.country} then ({hit_ctx[0]} of {hit_ctx[1]} takeovers naming a "
            f"side in the {CONTEXT_DAYS} days before): accepted with the actor unknown"
        )
    return dict(
        status="hit",
        lead_days=(deadline - when).days,
        days_to_outcome=(when - made).days,
        outcome={
            "event_id": hit.id,
            "date": iso(when),
            "sub_event_type": hit.sub_event_type,
            "place": hit.place,
            "actor": hit.actor1,
            "actor_inferred": f.get("actor") if hit_ctx is not None else None,
            "first_reported": iso(hit.first_reported),
            "learned_on": iso(hit.first_reported),
            "date_earliest": iso(hit.date_earliest),
            "date_latest": iso(hit.date_latest),
            "corroboration": hit.corroboration,
            "sources": [source_of(r.row) for r in hit.reports],
            "dated_by": dated_by,
            "reasoning": why,
        },
    )


def _track_record(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per forecaster: forecasts, hits, misses, open, unresolvable, hit rate over resolved, mean lead days."""
    record: dict[str, dict[str, Any]] = {}
    for it in items:
        by = str(it["by"] or "unknown")
        r = record.setdefault(
            by.casefold(),
            {
                "by": by,
                "forecasts": 0,
                "hits": 0,
                "misses": 0,
                "open": 0,
                "unresolvable": 0,
                "hit_rate": None,
                "mean_lead_days": None,
            },
        )
        r["forecasts"] += 1
        if it["unresolvable"]:
            r["unresolvable"] += 1
        r[{"hit": "hits", "miss": "misses", "open": "open"}[it["status"]]] += 1
    for by, r in record.items():
        resolved = r["hits"] + r["misses"]
        r["hit_rate"] = round(r["hits"] / resolved, 3) if resolved else None
        leads = [
            it["lead_days"]
            for it in items
            if str(it["by"] or "unknown").casefold() == by and it["lead_days"] is not None
        ]
        r["mean_lead_days"] = round(sum(leads) / len(leads), 1) if leads else None
    track = sorted(record.values(), key=lambda r: (-(r["hits"] + r["misses"]), -r["forecasts"], r["by"]))
    return track
