"""``sitroom eval seed``: the seed article against its acceptance spec.

Runs the real pipeline on ``seed/ghazni-2021-08-12.txt`` (published date from
``seed/expected.yaml``) and checks every fact the spec lists, with its
tolerances: places within 25 km and of the right kind, dates within their
tolerance, canonical actors, certainty, sources, quotes, claims, forecasts.
Both files are read in place; nothing from them is built into the product.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from sitroom.errors import EvalError
from sitroom.model import Article, Event

PLACE_KM = 25.0


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""
    optional: bool = False


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _norm(s: str) -> str:
    """Case-, accent- and whitespace-insensitive form ("Ghaznī" == "Ghazni")."""
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", s.replace("\u2019", "'")).strip().casefold()


def _date(v) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v))


def load_seed(shared: Path) -> tuple[str, dict]:
    seed = shared / "seed"
    spec_path = seed / "expected.yaml"
    try:
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        text = (seed / spec["article"]["file"]).read_text(encoding="utf-8")
    except (OSError, KeyError, yaml.YAMLError) as exc:
        raise EvalError(
            f"cannot read the seed spec under {seed}: {exc}", hint="pass --shared pointing at the shared folder"
        ) from exc
    return text, spec


def _actor_id(doc: Article, canonical: str) -> str | None:
    for a in doc.actors:
        if _norm(a.name) == _norm(canonical):
            return a.id
    return None


def _place_ok(doc: Article, place_id: str | None, name: str, kind: str | None = None) -> bool:
    p = doc.place(place_id)
    if p is None:
        return False
    return _norm(name) in (_norm(p.name), _norm(p.mention.text)) and (kind is None or p.kind == kind)


def _date_ok(ev_date, want, tol_days: int) -> bool:
    if ev_date is None or ev_date.point is None:
        return False
    return abs((ev_date.point - _date(want)).days) <= tol_days


def _events_of(doc: Article, type_text: str) -> list[Event]:
    t = type_text.lower()
    out = []
    for e in doc.events:
        et = f"{e.event_type} / {e.sub_event_type or ''}".lower()
        if "negotiation" in t and e.event_type == "Negotiation":
            out.append(e)
        elif "displacement" in t and e.event_type == "Displacement":
            out.append(e)
        elif t.split(" (")[0] in et or (("/" not in t) and e.event_type.lower() == t.strip()):
            out.append(e)
    return out


def check_seed(doc: Article, spec: dict) -> list[Check]:
    checks: list[Check] = []
    add = checks.append
    art = spec["article"]
    add(Check("article.dateline", _norm(doc.dateline or "") == _norm(art["dateline"]), f"got {doc.dateline!r}"))
    heads = {_norm(h.text) for h in doc.headings}
    for h in art.get("glued_headings", []):
        add(Check(f"article.heading {h!r}", _norm(h) in heads, f"headings: {sorted(heads)}"))
    outlets = {s.name for s in doc.sources}
    for o in art.get("outlets_cited", []):
        add(Check(f"article.outlet {o}", o in outlets, f"outlets: {sorted(outlets)}"))

    # places
    for want in spec.get("places", []):
        mention = _norm(want["mention"])
        cands = [
            p
            for p in doc.places
            if _norm(p.mention.text) == mention or (mention.startswith("the ") and mention in _norm(p.mention.text))
        ]
        ok, detail = False, f"mentions found: {[(p.mention.text, p.kind, p.name) for p in cands][:4]}"
        for p in cands:
            if p.kind != want["kind"] or (want.get("country") and p.country != want["country"]):
                continue
            if "lat" in want and (p.lat is None or _km(p.lat, p.lon, want["lat"], want["lon"]) > PLACE_KM):
                continue
            ok = True
        add(Check(f"place {want['mention']} ({want['kind']})", ok, detail, bool(want.get("optional"))))
    dateline_ids = {p.id for p in doc.places if p.role == "dateline"}
    bad = [e.id for e in doc.events if e.place in dateline_ids]
    add(Check("no event located at the dateline", not bad, f"events at dateline: {bad}"))

    # actors
    for want in spec.get("actors", []):
        aid = _actor_id(doc, want["canonical"])
        actor = doc.actor(aid)
        add(Check(f"actor {want['canonical']}", actor is not None, f"actors: {[a.name for a in doc.actors]}"))
        if actor is None:
            continue
        found = [_norm(m.span.text) for m in actor.mentions]
        for form in want.get("mentions", []):
            f = _norm(form.split(" (")[0])
            ok = any(f in m or m in f for m in found)
            add(Check(f"actor {want['canonical']} mention {form!r}", ok, f"mentions: {sorted(set(found))}"))
    for o in art.get("outlets_cited", []):
        add(Check(f"outlet {o} is not an actor", all(_norm(a.name) != _norm(o) for a in doc.actors)))

    # events and states
    pub = _date(art["published"])
    for want in spec.get("events", []):
        checks += _check_event(doc, want, pub)

    # claims
    for want in spec.get("claims", []):
        checks += _check_claim(doc, want)

    # forecasts
    for want in spec.get("forecasts", []):
        verb = want["what"].split()[1]
        cands = [f for f in doc.forecasts if verb.lower() in f.what.lower()]
        f = cands[0] if cands else None
        name = f"forecast {want['what']!r}"
        add(Check(name, f is not None, f"forecasts: {[x.what for x in doc.forecasts]}"))
        if f is None:
            continue
        add(Check(f"{name} by", _norm(want["by"]) in _norm(f.by), f"by {f.by!r}"))
        add(Check(f"{name} actor", f.actor == _actor_id(doc, want["what"].split()[0]), f"actor {f.actor}"))
        add(Check(f"{name} horizon", f.horizon_days == want["within_days"], f"horizon {f.horizon_days}"))
        add(Check(f"{name} deadline", f.deadline == _date(want["deadline"]), f"deadline {f.deadline}"))
        if want.get("modality"):
            add(Check(f"{name} modality", f.modality == want["modality"], f"modality {f.modality}"))

    # quotes
    for want in spec.get("quotes", []):
        # the seed's quotes are quoted passages: the attribution records in quotation marks (not paraphrase)
        qs = [q for q in doc.quotes if _norm(want["speaker"]) == _norm(q.speaker) and q.mode != "indirect"]
        name = f"quotes by {want['speaker']!r}"
        if "count" in want:
            add(Check(f"{name} count", len(qs) == want["count"], f"got {len(qs)}: {[q.speaker for q in doc.quotes]}"))
        for fw in want.get("first_words", []):
            add(Check(f"{name} {fw[:30]!r}", any(_norm(q.text.text).startswith(_norm(fw)) for q in qs)))
        if want.get("outlet"):
            add(
                Check(
                    f"{name} outlet",
                    bool(qs) and all(q.outlet == want["outlet"] for q in qs),
                    f"{[q.outlet for q in qs]}",
                )
            )
        if want.get("role"):
            add(
                Check(
                    f"{name} role",
                    bool(qs) and all(q.role and _norm(want["role"]) == _norm(q.role) for q in qs),
                    f"{[q.role for q in qs][:1]}",
                )
            )
    return checks


def _sources_ok(fact, wanted: list[str]) -> tuple[bool, str]:
    att = fact.attribution
    have = [_norm(att.source or ""), _norm(att.outlet or "")]
    ok = True
    for w in wanted:
        w0 = _norm(re.sub(r"\s*\(.*\)", "", w))
        ok &= any(w0 == h or (w0 and w0 in h) for h in have)
    return ok, f"attribution {att.source!r} via {att.outlet!r}"


def _check_event(doc: Article, want: dict, pub: date) -> list[Check]:
    kind = want.get("kind")
    if kind == "control-status":
        return _check_control_status(doc, want)
    if kind == "claim-by-actor":
        return _check_claim_by_actor(doc, want)
    if kind == "background":
        return _check_background(doc, want, pub)
    return _check_typed_event(doc, want)


def _check_control_status(doc: Article, want: dict) -> list[Check]:
    """A control record: controller, facility, place, certainty, since, effect."""
    out: list[Check] = []
    add = out.append
    name = f"event {want['id']}"
    ctl = _actor_id(doc, want["controller"])
    key = (
        "intelligence"
        if "intelligence" in want["place"]
        else "police district"
        if "police district" in want["place"]
        else want["place"]
    )
    ks = [k for k in doc.control if k.controller == ctl and k.facility and key in k.facility.lower()]
    add(Check(name, bool(ks), f"control: {[(k.controller, k.facility) for k in doc.control]}"))
    if ks:
        k = ks[0]
        add(
            Check(
                f"{name} place",
                _place_ok(doc, k.place, "Ghazni") if "Ghazni" in want["place"] else True,
                f"place {k.place}",
            )
        )
        if want.get("certainty"):
            add(Check(f"{name} certainty", k.certainty.value == want["certainty"], k.certainty.value))
        if want.get("since"):
            s = want["since"]
            add(
                Check(
                    f"{name} since",
                    _date_ok(k.since, s["value"], s["tolerance_days"]),
                    f"since {k.since.point if k.since else None}",
                )
            )
        if want.get("effect"):
            from sitroom.eval.control import place_control

            states = [pc for pc in place_control(doc) if _norm(pc.name) == "ghazni"]
            add(
                Check(
                    f"{name} effect: contested",
                    bool(states) and states[0].status == "contested",
                    f"states {[(pc.name, pc.holder, pc.status) for pc in place_control(doc)]}",
                )
            )
    return out


def _check_claim_by_actor(doc: Article, want: dict) -> list[Check]:
    """An assertion made by the named actor, with its certainty."""
    out: list[Check] = []
    add = out.append
    name = f"event {want['id']}"
    aid = _actor_id(doc, want["actor"])
    cs = [c for c in doc.claims if c.kind == "assertion" and c.actor == aid]
    add(Check(name, bool(cs), f"assertions: {[(c.actor, c.what[:30]) for c in doc.claims if c.kind == 'assertion']}"))
    if cs and want.get("certainty"):
        add(Check(f"{name} certainty", cs[0].certainty.value == want["certainty"], cs[0].certainty.value))
    return out


def _check_background(doc: Article, want: dict, pub: date) -> list[Check]:
    """A background event, dated away from the publication date."""
    out: list[Check] = []
    add = out.append
    name = f"event {want['id']}"
    evs = [e for e in doc.events if any("withdrawal" in s.text for s in e.evidence)]
    add(Check(name, bool(evs), "no event from the withdrawal sentence"))
    if evs:
        e = evs[0]
        d = want["date"]
        add(Check(f"{name} is background", e.background, f"background={e.background}"))
        add(
            Check(
                f"{name} date",
                _date_ok(e.date, d["value"], d["tolerance_days"]) and e.date.point != pub,
                f"date {e.date.point if e.date else None}",
            )
        )
    return out


def _check_typed_event(doc: Article, want: dict) -> list[Check]:
    """An event of the wanted type (actor1, place), then its fields."""
    out: list[Check] = []
    add = out.append
    name = f"event {want['id']}"
    evs = _events_of(doc, want["type"])
    a1 = _actor_id(doc, want["actor1"]) if want.get("actor1") else None
    if a1:
        evs = [e for e in evs if e.actor1 == a1]
    place_name = re.sub(r"\s*\(.*\)", "", want.get("place", ""))
    if place_name:
        evs = [e for e in evs if _place_ok(doc, e.place, place_name)]
    add(Check(name, bool(evs), f"events: {[(e.event_type, e.sub_event_type, e.actor1, e.place) for e in doc.events]}"))
    if not evs:
        return out
    return out + _check_event_fields(doc, want, evs)


def _check_event_fields(doc: Article, want: dict, evs: list[Event]) -> list[Check]:
    """The wanted fields of the first matching event."""
    out: list[Check] = []
    add = out.append
    name = f"event {want['id']}"
    e = evs[0]
    if want["id"] == "ghazni-captured" or "must_merge" in want:
        add(Check(f"{name} is one event", len(evs) == 1, f"{len(evs)} events"))
    if "(city)" in want.get("place", ""):
        add(Check(f"{name} place kind city", doc.place(e.place).kind == "city", doc.place(e.place).kind))
    if want.get("date"):
        d = want["date"]
        add(
            Check(
                f"{name} date",
                _date_ok(e.date, d["value"], d["tolerance_days"]),
                f"date {e.date.point if e.date else None}",
            )
        )
    if want.get("certainty"):
        add(Check(f"{name} certainty", e.certainty.value == want["certainty"], e.certainty.value))
    if want.get("sources"):
        ok, detail = _sources_ok(e, want["sources"])
        add(Check(f"{name} sources", ok, detail))
    if want.get("evidence"):
        add(Check(f"{name} evidence", any(_norm(want["evidence"]) in _norm(s.text) for s in e.evidence)))
    for m in want.get("must_merge", []):
        add(
            Check(
                f"{name} merges {m[:30]!r}",
                any(_norm(m) in _norm(s.text) for s in e.evidence),
                f"{len(e.evidence)} evidence sentences",
            )
        )
    for t in want.get("targets", []):
        add(Check(f"{name} target {t!r}", any(_norm(t) in _norm(x) for x in e.targets), f"targets {e.targets}"))
    if want.get("actor2"):
        add(Check(f"{name} actor2", e.actor2 == _actor_id(doc, want["actor2"]), f"actor2 {e.actor2}"))
    if want.get("mediator"):
        add(
            Check(
                f"{name} mediator",
                e.mediator is not None and _norm(doc.actor(e.mediator).name) == _norm(want["mediator"]),
                f"mediator {e.mediator}",
            )
        )
    if want.get("to"):
        add(Check(f"{name} to", _place_ok(doc, e.place, want["to"]), f"place {e.place}"))
    if want.get("from"):
        o = doc.place(e.origin)
        add(
            Check(
                f"{name} from",
                _norm(want["from"]) in _norm(o.mention.text if o else (e.origin or "")),
                f"origin {e.origin}",
            )
        )
    if want.get("who"):
        add(Check(f"{name} who", any(_norm(want["who"]) in _norm(v) for v in e.counts.values()), f"counts {e.counts}"))
    return out


def _check_claim(doc: Article, want: dict) -> list[Check]:
    name = f"claim {want['what']!r}"
    what = want["what"]
    cands = []
    for c in doc.claims:
        if c.value is None:
            continue
        if what.startswith("distance") and c.kind == "distance":
            cands.append(c)
        elif what.startswith("share") and c.kind == "share":
            cands.append(c)
        elif what.startswith("population") and c.kind == "population":
            cands.append(c)
        elif c.kind == "count" and any(w in c.what for w in what.split() if len(w) > 6):
            cands.append(c)
    want_v = want["value"]
    out = []
    if isinstance(want_v, str) and want_v.startswith(">"):
        a, b = want_v[1:].strip().split("/")
        ok = [c for c in cands if c.comparator in (">", ">=") and abs(c.value - int(a) / int(b)) < 1e-6]
    else:
        ok = [
            c for c in cands if abs(c.value - float(want_v)) < 1e-6 and (not want.get("unit") or c.unit == want["unit"])
        ]
    out.append(Check(name, bool(ok), f"candidates: {[(c.kind, c.what, c.value, c.unit) for c in cands]}"))
    if ok and want.get("also_stated"):
        out.append(
            Check(
                f"{name} also stated",
                _norm(ok[0].also_stated or "").startswith(_norm(want["also_stated"]).split()[0]),
                f"{ok[0].also_stated}",
            )
        )
    if ok and want.get("window"):
        lo, hi = (date.fromisoformat(x) for x in want["window"].split(".."))
        w = ok[0].window
        out.append(
            Check(
                f"{name} window",
                w is not None
                and w.earliest is not None
                and abs((w.earliest - lo).days) <= 1
                and abs((w.latest - hi).days) <= 1,
                f"window {(w.earliest, w.latest) if w else None}",
            )
        )
    return out


def run_seed(shared: Path) -> tuple[Article, list[Check]]:
    from sitroom.ingest import article_from_text
    from sitroom.pipeline import default_pipeline

    text, spec = load_seed(shared)
    art = spec["article"]
    doc = default_pipeline().run(
        article_from_text(text, published=_date(art["published"]), origin=str(shared / "seed" / art["file"]))
    )
    return doc, check_seed(doc, spec)


def main(shared: Path) -> int:
    _, checks = run_seed(shared)
    width = max(len(c.name) for c in checks)
    for c in checks:
        mark = "ok  " if c.ok else ("opt " if c.optional else "FAIL")
        print(f"{mark} {c.name:<{width}}  {'' if c.ok else c.detail}")
    req = [c for c in checks if not c.optional]
    passed = sum(c.ok for c in req)
    print(
        f"seed: {passed}/{len(req)} required checks pass; optional: {sum(c.ok for c in checks if c.optional)}/{sum(c.optional for c in checks)}"
    )
    return 0 if passed == len(req) else 1


__all__ = ["Check", "check_seed", "run_seed", "main"]
