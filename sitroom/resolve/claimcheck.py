"""Check numeric and aggregate claims against the store and the gazetteer.

Each stored claim gets a verdict -- ``consistent``, ``inconsistent`` or
``cannot tell`` -- with the reasoning spelled out step by step and the facts it
used. The store is a lower bound on what happened (it holds only what was
reported and read), so a count or share the store falls short of is "cannot
tell", never "inconsistent"; a count the store already exceeds is inconsistent.

Rules by claim kind:

* ``distance`` -- great-circle distance between the two places' gazetteer points
  (:func:`sitroom.gazetteer.distance_km`): within 10 % is consistent (straight
  line), 1.1-1.6 times is consistent with a road distance, shorter than 0.9 times
  or longer than 2 times is inconsistent, in between cannot tell.
* ``count`` of capitals fallen in a window ("the tenth provincial capital to
  fall in the past week"): distinct provincial capitals (gazetteer capital
  status) that changed hands to the claim's actor in the window. For an ordinal,
  with the subject's own capture day d: consistent when fewer than N fell before
  d and at least N by d; without the subject, when at least N fell in the window.
* ``share`` of capitals held ("more than a quarter of provincial capitals"):
  capitals the actor held on the publication day over all provincial capitals of
  the country in the gazetteer; capitals another party is known to hold give the
  upper bound.
* ``population``: the gazetteer's population of the place; within a factor of 1.5
  is consistent, beyond a factor of 2 inconsistent.
* anything else: cannot tell, saying why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from sitroom.days import day, iso
from sitroom.gazetteer import distance_km
from sitroom.resolve.control import control_at
from sitroom.resolve.placekeys import Places
from sitroom.resolve.situation import TAKEOVER, merge_reports, source_of
from sitroom.resolve.stories import story_outlets

VERDICTS = ("consistent", "inconsistent", "cannot tell")
_MILES_KM = 1.609344


def _verdict(claim: dict, verdict: str, reasoning: list[str], **facts: Any) -> dict[str, Any]:
    return {
        "claim": {
            k: claim.get(k)
            for k in (
                "id",
                "article_id",
                "kind",
                "what",
                "value",
                "unit",
                "comparator",
                "subject_name",
                "related_name",
                "window_earliest",
                "window_latest",
                "actor",
                "also_stated",
                "published",
                "certainty",
            )
        },
        "verdict": verdict,
        "reasoning": reasoning,
        "facts": facts,
        "evidence": source_of(claim),
    }


class _Ctx:
    def __init__(self, store, gazetteer=None) -> None:
        self.store = store
        self.places = Places(gazetteer) if gazetteer is not None else Places()
        self._articles: dict[str, Any] = {}
        self._captures = None
        self.names = store.actor_names()

    def article(self, aid: str):
        if aid not in self._articles:
            self._articles[aid] = self.store.get(aid)
        return self._articles[aid]

    def place(self, claim: dict, field: str):
        ref = claim.get(field)
        a = self.article(str(claim.get("article_id")))
        return a.place(ref) if a is not None and ref else None

    def point(self, p) -> tuple[float, float, str] | None:
        if p is None:
            return None
        e = self.places.entry(p.gazetteer_id)
        if e is not None:
            return e.lat, e.lon, f"{e.name} ({e.kind}, gazetteer {e.id})"
        if p.lat is not None and p.lon is not None:
            return p.lat, p.lon, f"{p.name} (as resolved in the article)"
        return None

    def name(self, actor: str | None) -> str:
        return self.names.get(actor or "", actor or "any party")


def _km(value: float, unit: str | None) -> float:
    return value * _MILES_KM if unit == "mi" else value


def check_distance(ctx: _Ctx, c: dict) -> dict[str, Any]:
    a, b = ctx.point(ctx.place(c, "subject")), ctx.point(ctx.place(c, "related"))
    if c.get("value") is None:
        return _verdict(c, "cannot tell", ["the claim carries no number"])
    claimed = _km(float(c["value"]), c.get("unit"))
    if a is None or b is None:
        missing = "the place it is measured from" if a is None else "the place it is measured to"
        return _verdict(c, "cannot tell", [f"claimed {claimed:g} km", f"{missing} was not identified or has no point"])
    gc = distance_km(a[0], a[1], b[0], b[1])
    ratio = claimed / gc if gc else float("inf")
    steps = [
        f"claimed {claimed:g} km" + (f" (also stated: {c['also_stated']})" if c.get("also_stated") else ""),
        f"great-circle distance {a[2]} to {b[2]}: {gc:.0f} km",
        f"claimed / great-circle = {ratio:.2f}",
    ]
    if 0.9 <= ratio <= 1.1:
        v, why = "consistent", "within 10% of the straight-line distance"
    elif 1.1 < ratio <= 1.6:
        v, why = "consistent", "longer than the straight line by a margin typical of a road distance (1.1-1.6x)"
    elif ratio < 0.9:
        v, why = "inconsistent", "shorter than the straight line between the two places, which no route can be"
    elif ratio > 2.0:
        v, why = "inconsistent", "more than twice the straight-line distance"
    else:
        v, why = "cannot tell", "1.6-2x the straight line: possible for a winding road, not typical"
    return _verdict(c, v, steps + [why], great_circle_km=round(gc, 1), claimed_km=claimed, ratio=round(ratio, 3))


_CAPITALS_RE = re.compile(r"\b(provincial )?capitals?\b", re.I)


def _captures(ctx: _Ctx, actor: str | None, d1: date | None, d2: date | None) -> list[tuple[date, str, str, Any]]:
    """(day, place key, place name, sources) of the first takeover of each provincial capital by ``actor`` in
    [d1, d2]; a capital that fell and was retaken still fell."""
    if ctx._captures is None:
        rows = [r for sub in TAKEOVER for r in ctx.store.events(event_type=sub)]
        ctx._captures = [
            s
            for s in merge_reports(rows, ctx.places, story_outlets(ctx.store))
            if s.place_key and s.actor1 and not s.background and s.certainty != "denied"
        ]
    out: dict[str, tuple[date, str, str, Any]] = {}
    for s in ctx._captures:
        when = s.date or s.first_reported
        if when is None or (actor and s.actor1 != actor):
            continue
        if d1 and when < d1 or d2 and when > d2:
            continue
        if ctx.places.capital_status(s.place_key)[0] != "provincial":
            continue
        if s.place_key not in out or when < out[s.place_key][0]:
            out[s.place_key] = (when, s.place_key, str(s.place), [source_of(r.row) for r in s.reports])
    return sorted(out.values(), key=lambda x: (x[0], x[2]))


def check_count(ctx: _Ctx, c: dict) -> dict[str, Any]:
    what = str(c.get("what") or "")
    if not _CAPITALS_RE.search(what) or "fall" not in what:
        return _verdict(c, "cannot tell", [f"a count of {what!r}: the store keeps no tally of that to compare with"])
    n = int(c["value"]) if c.get("value") is not None else None
    d1, d2 = day(c.get("window_earliest")), day(c.get("window_latest"))
    pub = day(c.get("published"))
    if n is None:
        return _verdict(c, "cannot tell", ["the claim carries no number"])
    if d1 is None or d2 is None:
        return _verdict(c, "cannot tell", [f"claimed: {n} {what}", "the claim gives no time window to count over"])
    if pub and d2 > pub:
        d2 = pub
    actor = c.get("actor")
    caps = _captures(ctx, actor, d1, d2)
    listing = "; ".join(f"{d.isoformat()} {name}" for d, _, name, _ in caps) or "none"
    steps = [
        f"claimed: number {n} of provincial capitals to fall to {ctx.name(actor)} between {d1} and {d2}",
        f"the store holds {len(caps)} provincial capitals (capital status from the gazetteer) taken by "
        f"{ctx.name(actor)} in that window: {listing}",
    ]
    subj = ctx.place(c, "subject")
    skey = subj.gazetteer_id if subj is not None else None
    own = next((x for x in caps if x[1] == skey), None)
    facts = {
        "window": [iso(d1), iso(d2)],
        "count": len(caps),
        "capitals": [
            {"date": d.isoformat(), "place": name, "gazetteer_id": key, "sources": src} for d, key, name, src in caps
        ],
    }
    if own is not None:
        before = sum(1 for x in caps if x[0] < own[0])
        upto = sum(1 for x in caps if x[0] <= own[0])
        steps.append(f"the subject, {own[2]}, fell on {own[0]}: {before} fell before that day and {upto} by its end")
        if before < n <= upto:
            return _verdict(c, "consistent", steps + [f"so it can be number {n}"], **facts)
        if before >= n:
            return _verdict(
                c, "inconsistent", steps + [f"{before} had already fallen, so it cannot be number {n}"], **facts
            )
        return _verdict(
            c,
            "cannot tell",
            steps + [f"the store knows of only {upto} by then; it may lack reports of earlier falls"],
            **facts,
        )
    if subj is not None:
        steps.append(
            f"the claim's subject ({subj.name}) has no capture of a provincial capital in the window, "
            "so the count is checked over the whole window"
        )
    if len(caps) >= n:
        return _verdict(c, "consistent", steps + [f"at least {n} fell in the window, so an {n}th fell in it"], **facts)
    return _verdict(c, "cannot tell", steps + [f"the store knows of only {len(caps)}; it may lack reports"], **facts)


def check_share(ctx: _Ctx, c: dict) -> dict[str, Any]:
    what = str(c.get("what") or "")
    if not _CAPITALS_RE.search(what):
        return _verdict(c, "cannot tell", [f"a share of {what!r}: the store keeps no total to divide by"])
    v = c.get("value")
    on = day(c.get("published"))
    actor = c.get("actor")
    if v is None or on is None:
        return _verdict(c, "cannot tell", ["the claim has no number or its article no publication date"])
    subj = ctx.place(c, "subject")
    cc = subj.country if subj is not None else None
    if cc is None:
        a = ctx.article(str(c.get("article_id")))
        counts: dict[str, int] = {}
        for p in a.places if a else []:
            if p.country and p.role == "mention":
                counts[p.country] = counts.get(p.country, 0) + 1
        cc = max(counts, key=counts.get) if counts else None
    if cc is None:
        return _verdict(c, "cannot tell", ["the country the claim is about was not identified"])
    caps = ctx.places.provincial_capitals(cc)
    total = len(caps)
    if not total:
        return _verdict(c, "cannot tell", [f"the gazetteer lists no provincial capitals for {cc}"])
    state = control_at(ctx.store, on, kind="provincial-capital", gazetteer=ctx.places.gaz)
    state = [p for p in state if p["gazetteer_id"] in caps]
    mine = [p for p in state if actor is None or p["holder"] == actor]
    others = [p for p in state if actor is not None and p["holder"] != actor and p["status"] != "contested"]
    lo, hi = len(mine) / total, (total - len(others)) / total
    cmp = c.get("comparator") or "="
    steps = [
        f"claimed: share {cmp} {v:.3g} of provincial capitals held by {ctx.name(actor)} on {on}",
        f"the gazetteer lists {total} provincial capitals in {cc}",
        f"the store has {len(mine)} held by {ctx.name(actor)} on {on}: "
        + (", ".join(p["place"] for p in mine) or "none")
        + f" -> at least {len(mine)}/{total} = {lo:.0%}",
        f"{len(others)} are known to be held by another party -> at most {total - len(others)}/{total} = {hi:.0%}",
    ]
    facts = {
        "total": total,
        "held": len(mine),
        "held_by_others": len(others),
        "lower": round(lo, 4),
        "upper": round(hi, 4),
        "capitals": [{"place": p["place"], "since": p["since"], "sources": p["sources"]} for p in mine],
    }
    if cmp in (">", ">="):
        ok = lo > v if cmp == ">" else lo >= v
        bad = hi <= v if cmp == ">" else hi < v
    elif cmp in ("<", "<="):
        ok = hi < v if cmp == "<" else hi <= v
        bad = lo >= v if cmp == "<" else lo > v
    else:  # = or ~: within one capital of the claimed share
        tol = 1 / total + (0.05 if cmp == "~" else 0)
        ok = abs(lo - v) <= tol and abs(hi - v) <= tol
        bad = lo - v > tol or v - hi > tol
    if ok:
        return _verdict(c, "consistent", steps + ["the store's count already satisfies the claim"], **facts)
    if bad:
        return _verdict(
            c, "inconsistent", steps + ["no completion of the store's count can satisfy the claim"], **facts
        )
    return _verdict(c, "cannot tell", steps + ["the store's counts leave both answers open"], **facts)


def check_population(ctx: _Ctx, c: dict) -> dict[str, Any]:
    p = ctx.place(c, "subject")
    e = ctx.places.entry(p.gazetteer_id) if p is not None else None
    if c.get("value") is None or e is None or not e.population:
        return _verdict(c, "cannot tell", ["no gazetteer population for the place"])
    r = float(c["value"]) / e.population
    steps = [
        f"claimed {c['value']:,.0f}",
        f"gazetteer population of {e.name} ({e.kind}): {e.population:,}",
        f"ratio {r:.2f}",
    ]
    if 1 / 1.5 <= r <= 1.5:
        return _verdict(
            c,
            "consistent",
            steps + ["within a factor of 1.5 (estimates differ by year and boundary)"],
            gazetteer_population=e.population,
            ratio=round(r, 3),
        )
    if r > 2 or r < 0.5:
        return _verdict(
            c,
            "inconsistent",
            steps + ["off by more than a factor of 2"],
            gazetteer_population=e.population,
            ratio=round(r, 3),
        )
    return _verdict(
        c,
        "cannot tell",
        steps + ["between 1.5x and 2x: estimates differ this much"],
        gazetteer_population=e.population,
        ratio=round(r, 3),
    )


CHECKS = {"distance": check_distance, "count": check_count, "share": check_share, "population": check_population}


def check_claim(store, claim: Mapping[str, Any], *, gazetteer=None, ctx: _Ctx | None = None) -> dict[str, Any]:
    """Verdict, reasoning and facts for one stored claim row."""
    ctx = ctx or _Ctx(store, gazetteer)
    fn = CHECKS.get(str(claim.get("kind")))
    if fn is None:
        return _verdict(
            claim,
            "cannot tell",
            [f"a {claim.get('kind')} claim: nothing in the store or gazetteer to check it against"],
        )
    return fn(ctx, claim)


def check_claims(store, *, kind: str | None = None, gazetteer=None) -> list[dict[str, Any]]:
    """Every stored claim (optionally of one kind) with its verdict, by publication date."""
    ctx = _Ctx(store, gazetteer)
    return [check_claim(store, c, ctx=ctx) for c in store.claims(kind=kind)]
