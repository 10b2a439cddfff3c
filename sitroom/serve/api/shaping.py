"""Store rows and situation-layer dicts → the API's response models (:mod:`sitroom.serve.api.schemas`).

Shared by the API's routes and by :mod:`sitroom.serve.export`, so the exports, the API and the page agree on every
field. The store hands rows as dicts whose values may be dates, JSON text or model objects; the ``opt_*`` helpers
turn each value into the schema's type or None.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sitroom.model import Certainty
from sitroom.serve.api.schemas import (
    Alternative,
    ArticleSummary,
    Carrier,
    Change,
    ChangeOut,
    ClaimOut,
    ControlStatement,
    EventOut,
    Evidence,
    ForecastOut,
    Outcome,
    PlaceControl,
    Pocket,
    QuoteOut,
    SituationOut,
    Source,
    StoryOut,
)


# --------------------------------------------------------------------------- values


def opt_str(v: Any) -> str | None:
    if v is None:
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def opt_float(v: Any) -> float | None:
    try:
        return None if v is None or v == "" else float(v)
    except (TypeError, ValueError):
        return None


def opt_int(v: Any) -> int | None:
    try:
        return None if v is None or v == "" else int(v)
    except (TypeError, ValueError):
        return None


def as_dict(obj: Any) -> dict:
    if obj is None:
        return {}
    if isinstance(obj, dict):
        return obj
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    return dict(obj)


class Lookup(dict):
    """Actor id → name, plus each article's outlet and publication day (for evidence and control)."""

    def __init__(self, names: dict[str, str], articles: list[dict] | None = None) -> None:
        super().__init__(names)
        self.outlets: dict[str, str | None] = {}
        self.published: dict[str, str | None] = {}
        for a in articles or []:
            self.outlets[str(a.get("id"))] = opt_str(a.get("outlet"))
            self.published[str(a.get("id"))] = opt_str(a.get("published"))


def row_id(r: dict) -> str:
    return str(r.get("uid") or r.get("id"))


def evidence_out(r: dict, names: dict | None = None) -> Evidence:
    ev = r.get("evidence")
    start = r.get("evidence_start")
    end = r.get("evidence_end")
    if isinstance(ev, list):  # Span dicts straight from the model
        ev = ev[0] if ev else None
    if isinstance(ev, dict):
        start, end, ev = ev.get("start"), ev.get("end"), ev.get("text")
    att = r.get("attribution") if isinstance(r.get("attribution"), dict) else {}
    cert = r.get("certainty")
    aid = opt_str(r.get("article_id"))
    article_outlet = opt_str(r.get("article_outlet")) or (getattr(names, "outlets", {}).get(aid or "") if names is not None else None)
    # the store's ``outlet`` column is the attribution's outlet (DPA), else the article's own outlet
    relayed = opt_str(r.get("outlet") if "outlet" in r else att.get("outlet"))
    if relayed and article_outlet and relayed == article_outlet:
        relayed = None
    return Evidence(
        article_id=aid,
        sentence=opt_str(ev),
        start=opt_int(start),
        end=opt_int(end),
        outlet=article_outlet,
        source=opt_str(r.get("source") if "source" in r else att.get("source")),
        relayed_by=relayed,
        certainty=opt_str(cert.value if isinstance(cert, Certainty) else cert),
    )


def _fatalities(counts: Any) -> int | None:
    if not isinstance(counts, dict):
        return None
    total = None
    for k, v in counts.items():
        if k in ("killed", "dead", "deaths", "fatalities"):
            m = re.search(r"\d[\d,]*", str(v))
            if m:
                total = (total or 0) + int(m.group(0).replace(",", ""))
    return total


def _targets(v: Any) -> list[str]:
    if not v:
        return []
    if isinstance(v, str):
        try:
            v = json.loads(v)
        except ValueError:
            return [v]
    return [str(x) for x in v] if isinstance(v, list) else [str(v)]


def _counts(v: Any) -> Any:
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return None
    return v


def event_out(r: dict, names: dict[str, str]) -> EventOut:
    a1, a2 = opt_str(r.get("actor1")), opt_str(r.get("actor2"))
    admin = r.get("admin")
    admin1 = r.get("admin1")
    if admin1 is None and isinstance(admin, list) and len(admin) > 1:
        admin1 = admin[1]
    cert = r.get("certainty") or "reported"
    return EventOut(
        id=row_id(r),
        article_id=opt_str(r.get("article_id")),
        event_type=str(r.get("event_type") or ""),
        sub_event_type=opt_str(r.get("sub_event_type")),
        actor1=a1, actor1_name=names.get(a1 or "", a1),
        actor2=a2, actor2_name=names.get(a2 or "", a2),
        date=opt_str(r.get("date")),
        place=opt_str(r.get("place_name")),
        place_kind=opt_str(r.get("place_kind")),
        country=opt_str(r.get("country")),
        admin1=opt_str(admin1),
        lat=opt_float(r.get("lat")), lon=opt_float(r.get("lon")),
        certainty=opt_str(cert.value if isinstance(cert, Certainty) else cert) or "reported",
        background=bool(r.get("background")),
        targets=_targets(r.get("targets")),
        summary=opt_str(r.get("summary")) or None,
        fatalities=_fatalities(_counts(r.get("counts"))),
        evidence=evidence_out(r, names),
    )


def control_out(r: dict, names: dict[str, str]) -> ControlStatement:
    c = str(r.get("controller") or "")
    return ControlStatement(
        id=row_id(r), article_id=opt_str(r.get("article_id")), controller=c, controller_name=names.get(c, c),
        place=opt_str(r.get("place_name")), facility=opt_str(r.get("facility")), status=opt_str(r.get("status")),
        since=opt_str(r.get("since")), quantity=opt_int(r.get("quantity")), evidence=evidence_out(r, names))


def claim_out(r: dict, names: dict[str, str]) -> ClaimOut:
    a = opt_str(r.get("actor"))
    return ClaimOut(
        id=row_id(r), article_id=opt_str(r.get("article_id")), kind=opt_str(r.get("kind")), what=opt_str(r.get("what")),
        value=opt_float(r.get("value")), unit=opt_str(r.get("unit")), comparator=opt_str(r.get("comparator")),
        subject=opt_str(r.get("subject_name") or r.get("subject")), actor=a, actor_name=names.get(a or "", a),
        also_stated=opt_str(r.get("also_stated")), evidence=evidence_out(r, names))


def forecast_out(r: dict, names: dict[str, str]) -> ForecastOut:
    a = opt_str(r.get("actor"))
    return ForecastOut(
        id=row_id(r), article_id=opt_str(r.get("article_id")), by=opt_str(r.get("by")), actor=a,
        actor_name=names.get(a or "", a), what=opt_str(r.get("what")), target=opt_str(r.get("target_name") or r.get("target")),
        modality=opt_str(r.get("modality")), horizon_days=opt_int(r.get("horizon_days")), deadline=opt_str(r.get("deadline")),
        made_on=opt_str(r.get("made_on")), evidence=evidence_out(r, names))


def quote_out(r: dict, names: dict | None = None) -> QuoteOut:
    text = r.get("text")
    if isinstance(text, dict):
        text = text.get("text")
    return QuoteOut(
        id=row_id(r), article_id=opt_str(r.get("article_id")), speaker=opt_str(r.get("speaker")), role=opt_str(r.get("role")),
        outlet=opt_str(r.get("quote_outlet") if "quote_outlet" in r else r.get("outlet")), text=opt_str(text),
        cue=opt_str(r["cue"] if "cue" in r else (r.get("attribution") or {}).get("cue")),
        evidence=evidence_out(r if "quote_outlet" in r else {**r, "outlet": None}, names))


def article_summary(r: dict) -> ArticleSummary:
    return ArticleSummary(id=row_id(r), title=opt_str(r.get("title")), outlet=opt_str(r.get("outlet")), url=opt_str(r.get("url")),
                          published=opt_str(r.get("published")), dateline=opt_str(r.get("dateline")))


# --------------------------------------------------------------------------- the situation layer's dicts


def evidence_from_dict(d: dict | None) -> Evidence:
    d = d or {}
    return Evidence(article_id=opt_str(d.get("article_id")), sentence=opt_str(d.get("sentence")), start=opt_int(d.get("start")),
                    end=opt_int(d.get("end")), outlet=opt_str(d.get("outlet")), source=opt_str(d.get("source")),
                    relayed_by=opt_str(d.get("relayed_by")), certainty=opt_str(d.get("certainty")))


def source_out(d: dict) -> Source:
    return Source(**evidence_from_dict(d).model_dump(), published=opt_str(d.get("published")), title=opt_str(d.get("title")),
                  url=opt_str(d.get("url")), uid=opt_str(d.get("uid")))


def alternatives_out(alts: dict | None) -> dict[str, list[Alternative]]:
    out: dict[str, list[Alternative]] = {}
    for k, versions in (alts or {}).items():
        lst = []
        for v in versions or []:
            val = v.get("value")
            if not isinstance(val, (str, int, float, bool)) and val is not None:
                val = str(val)
            srcs = v.get("sources") or []
            if srcs and isinstance(srcs[0], dict):  # a disputed holder keeps its reports whole
                reports = [opt_str(x.get("uid")) for x in srcs]
                srcs = sorted({str(x["source"]) for x in srcs if x.get("source")})
            else:
                reports = [opt_str(r) for r in v.get("reports") or []]
                srcs = [str(x) for x in srcs]
            lst.append(Alternative(value=val, kind=opt_str(v.get("kind")), status=opt_str(v.get("status")), reports=reports,
                                   outlets=[str(o) for o in v.get("outlets") or []], sources=srcs))
        out[str(k)] = lst
    return out


def change_out(h: dict) -> Change:
    return Change(date=opt_str(h.get("date")), holder=str(h.get("holder")), holder_name=opt_str(h.get("holder_name")),
                  previous=opt_str(h.get("previous")), previous_name=opt_str(h.get("previous_name")),
                  event_id=opt_str(h.get("event_id")), kind=str(h.get("kind")), status=opt_str(h.get("status")),
                  learned=opt_str(h.get("learned")), evidence=evidence_from_dict(h.get("evidence")),
                  sources=[source_out(x) for x in h.get("sources") or []], alternatives=alternatives_out(h.get("alternatives")))


def place_control_out(p: dict) -> PlaceControl:
    """A row of :func:`sitroom.resolve.situation.control_at` as the API's model."""
    return PlaceControl(
        place=str(p.get("place")), gazetteer_id=opt_str(p.get("gazetteer_id")), kind=opt_str(p.get("kind")),
        country=opt_str(p.get("country")), admin1=opt_str(p.get("admin1")), lat=opt_float(p.get("lat")), lon=opt_float(p.get("lon")),
        capital=opt_str(p.get("capital")), capital_of=opt_str(p.get("capital_of")), holder=opt_str(p.get("holder")),
        holder_name=opt_str(p.get("holder_name")), since=opt_str(p.get("since")), learned=opt_str(p.get("learned")),
        status=str(p.get("status") or "held"),
        pockets=[Pocket(actor=str(k.get("actor")), actor_name=opt_str(k.get("actor_name")), facility=opt_str(k.get("facility")),
                        since=opt_str(k.get("since")), learned=opt_str(k.get("learned")), evidence=evidence_from_dict(k.get("evidence")))
                 for k in p.get("pockets") or []],
        history=[change_out(h) for h in p.get("history") or []],
        evidence=[evidence_from_dict(e) for e in p.get("evidence") or [] if e],
        alternatives=alternatives_out(p.get("alternatives")))


def changes_out(c: dict) -> ChangeOut:
    base = change_out(c).model_dump()
    return ChangeOut(**base, place=str(c.get("place")), gazetteer_id=opt_str(c.get("gazetteer_id")),
                     place_kind=opt_str(c.get("place_kind")), country=opt_str(c.get("country")), lat=opt_float(c.get("lat")),
                     lon=opt_float(c.get("lon")), capital=opt_str(c.get("capital")), capital_of=opt_str(c.get("capital_of")),
                     valid_from=opt_str(c.get("valid_from")))


def situation_out(s, event_id: str, names: dict[str, str]) -> SituationOut:
    d = s.to_dict(names)
    return SituationOut(
        id=d["id"], event_id=event_id, event_type=str(d["event_type"]), sub_event_type=opt_str(d["sub_event_type"]),
        actor1=opt_str(d["actor1"]), actor1_name=opt_str(d["actor1_name"]), actor2=opt_str(d["actor2"]),
        actor2_name=opt_str(d["actor2_name"]), place=opt_str(d["place"]), date=opt_str(d["date"]),
        first_reported=opt_str(d["first_reported"]), certainty=str(d["certainty"] or "reported"),
        corroboration=int(d["corroboration"]), carriers=int(d["carriers"]), outlets=[str(o) for o in d["outlets"]],
        reports=[source_out(r) for r in d["reports"]], alternatives=alternatives_out(d["alternatives"]))


def story_out(st: dict) -> StoryOut:
    return StoryOut(id=str(st.get("id")), title=opt_str(st.get("title")), outlet=opt_str(st.get("outlet")),
                    published=opt_str(st.get("published")),
                    carriers=[Carrier(article_id=opt_str(c.get("article_id")), outlet=opt_str(c.get("outlet")),
                                      url=opt_str(c.get("url")), published=opt_str(c.get("published")),
                                      title=opt_str(c.get("title")), relation=opt_str(c.get("relation")),
                                      similarity=opt_float(c.get("similarity")))
                              for c in st.get("carriers") or []])


def outcome_out(o: dict | None) -> Outcome | None:
    if not o:
        return None
    return Outcome(event_id=opt_str(o.get("event_id")), date=opt_str(o.get("date")), sub_event_type=opt_str(o.get("sub_event_type")),
                   place=opt_str(o.get("place")), actor=opt_str(o.get("actor")), actor_inferred=opt_str(o.get("actor_inferred")),
                   first_reported=opt_str(o.get("first_reported")), learned_on=opt_str(o.get("learned_on")),
                   date_earliest=opt_str(o.get("date_earliest")), date_latest=opt_str(o.get("date_latest")),
                   corroboration=opt_int(o.get("corroboration")), sources=[source_out(x) for x in o.get("sources") or []],
                   dated_by=[source_out(x) for x in o.get("dated_by") or []],
                   reasoning=[str(x) for x in o.get("reasoning") or []])
