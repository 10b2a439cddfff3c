"""Store rows and situation-layer dicts → the API's response models (:mod:`sitroom.serve.api.schemas`).

Shared by the API's routes and by :mod:`sitroom.serve.export`, so the exports, the API and the page agree on every
field. The store hands rows as dicts whose values may be dates, JSON text or model objects; the ``opt_*`` helpers
turn each value into the schema's type or None.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar, get_args

from pydantic import BaseModel

from sitroom.extract.actors import same_outlet
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
    QuoteFact,
    QuoteOut,
    SituationOut,
    Source,
    StoryOut,
)
from sitroom.store.versions import PREFIX, fatalities

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


_OPTIONAL: dict[type, Callable[[Any], Any]] = {str: opt_str, int: opt_int, float: opt_float}
M = TypeVar("M", bound=BaseModel)
EVIDENCE_FIELDS = "article_id sentence start end outlet source relayed_by certainty"


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
    att = r.get("attribution")
    if not isinstance(att, dict):
        att = {}
    cert = r.get("certainty")
    aid = opt_str(r.get("article_id"))
    article_outlet = opt_str(r.get("article_outlet")) or (
        getattr(names, "outlets", {}).get(aid or "") if names is not None else None
    )
    # the store's ``outlet`` column is the attribution's outlet (DPA), else the article's own outlet
    relayed = opt_str(r.get("outlet") if "outlet" in r else att.get("outlet"))
    if same_outlet(relayed, article_outlet):  # "VOA" in a Voice of America article is not a relay
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
    """The deaths a fact's counts state (store.versions.fatalities: the one reading of the count keys)."""
    return fatalities(counts) if isinstance(counts, dict) else None


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


def mark_of(r: dict) -> dict[str, Any]:
    """``corrected`` and ``correction`` (the latest in force: "amend by ana (date): note") of a store row (schema 5:
    the row's ``corrected`` holds the corrections that touched it, oldest first)."""
    marks = r.get("corrected")
    if not marks or not isinstance(marks, list):
        return {"corrected": False, "correction": None}
    last = marks[-1]
    text = f"{last.get('action')} by {last.get('by')}"
    if last.get("fields"):
        text += f" ({', '.join(last['fields'])})"
    if last.get("note"):
        text += f": {last['note']}"
    return {"corrected": True, "correction": text}


def from_row(model: type[M], r: dict, plain: str, **given: Any) -> M:
    """``model`` from a row or dict: each field named in ``plain`` (space-separated) taken from the key of the same
    name, turned into the field's type (an optional str, int or float: ``opt_str``, ``opt_int``, ``opt_float``);
    the other fields as ``given``."""
    kw = {name: _coerce(model, name)(r.get(name)) for name in plain.split()}
    return model(**kw, **given)


@cache
def _coerce(model: type[BaseModel], name: str) -> Callable[[Any], Any]:
    kinds = set(get_args(model.model_fields[name].annotation)) - {type(None)}
    if len(kinds) != 1 or not (to := _OPTIONAL.get(kinds.pop())):
        raise TypeError(f"{model.__name__}.{name} is not an optional str, int or float: give it explicitly")
    return to


def _named(names: dict | None, actor: str | None) -> dict[str, str | None]:
    return {"actor": actor, "actor_name": (names or {}).get(actor or "", actor)}


def event_out(r: dict, names: dict[str, str]) -> EventOut:
    a1, a2 = opt_str(r.get("actor1")), opt_str(r.get("actor2"))
    admin = r.get("admin")
    admin1 = r.get("admin1")
    if admin1 is None and isinstance(admin, list) and len(admin) > 1:
        admin1 = admin[1]
    cert = r.get("certainty") or "reported"
    return from_row(
        EventOut,
        r,
        "article_id sub_event_type date place_kind country lat lon",
        id=row_id(r),
        event_type=str(r.get("event_type") or ""),
        actor1=a1,
        actor1_name=names.get(a1 or "", a1),
        actor2=a2,
        actor2_name=names.get(a2 or "", a2),
        place=opt_str(r.get("place_name")),
        admin1=opt_str(admin1),
        certainty=opt_str(cert.value if isinstance(cert, Certainty) else cert) or "reported",
        background=bool(r.get("background")),
        targets=_targets(r.get("targets")),
        summary=opt_str(r.get("summary")) or None,
        fatalities=_fatalities(_counts(r.get("counts"))),
        evidence=evidence_out(r, names),
        **mark_of(r),
    )


def control_out(r: dict, names: dict[str, str]) -> ControlStatement:
    c = str(r.get("controller") or "")
    return from_row(
        ControlStatement,
        r,
        "article_id facility status since quantity",
        id=row_id(r),
        controller=c,
        controller_name=names.get(c, c),
        place=opt_str(r.get("place_name")),
        evidence=evidence_out(r, names),
        **mark_of(r),
    )


def claim_out(r: dict, names: dict[str, str]) -> ClaimOut:
    return from_row(
        ClaimOut,
        r,
        "article_id kind what value unit comparator also_stated",
        id=row_id(r),
        subject=opt_str(r.get("subject_name") or r.get("subject")),
        **_named(names, opt_str(r.get("actor"))),
        evidence=evidence_out(r, names),
        **mark_of(r),
    )


def forecast_out(r: dict, names: dict[str, str]) -> ForecastOut:
    return from_row(
        ForecastOut,
        r,
        "article_id by what modality horizon_days deadline made_on",
        id=row_id(r),
        target=opt_str(r.get("target_name") or r.get("target")),
        **_named(names, opt_str(r.get("actor"))),
        evidence=evidence_out(r, names),
        **mark_of(r),
    )


def _quote_facts(r: dict) -> list[QuoteFact]:
    """The facts linked to an attribution (a row's JSON list of fact ids, or the model's list), as API ids."""
    ids = r.get("facts")
    if isinstance(ids, str):
        try:
            ids = json.loads(ids)
        except ValueError:
            ids = []
    aid = r.get("article_id")
    out = []
    for fid in ids if isinstance(ids, list) else []:
        kind = PREFIX.get(str(fid)[:1])
        if kind and kind != "quotes" and kind != "places":
            out.append(QuoteFact(id=f"{aid}:{fid}" if aid else str(fid), kind=kind))
    return out


def quote_out(r: dict, names: dict | None = None) -> QuoteOut:
    text = r.get("text")
    if isinstance(text, dict):
        text = text.get("text")
    src, cue = r.get("source"), r.get("cue")  # Span dicts straight from the model, or the row's columns
    src = (
        src
        if isinstance(src, dict)
        else {"text": r.get("source_text"), "start": r.get("source_start"), "end": r.get("source_end")}
    )
    cue = (
        cue
        if isinstance(cue, dict)
        else {"text": r.get("cue_text"), "start": r.get("cue_start"), "end": r.get("cue_end")}
    )
    return from_row(
        QuoteOut,
        r,
        "article_id speaker role speaker_type mode",
        id=row_id(r),
        outlet=opt_str(r.get("quote_outlet") if "quote_outlet" in r else r.get("outlet")),
        text=opt_str(text),
        source=opt_str(src.get("text")),
        source_start=opt_int(src.get("start")),
        source_end=opt_int(src.get("end")),
        cue=opt_str(cue.get("text") or (r.get("attribution") or {}).get("cue")),
        cue_start=opt_int(cue.get("start")),
        cue_end=opt_int(cue.get("end")),
        facts=_quote_facts(r),
        evidence=evidence_out(r if "quote_outlet" in r else {**r, "outlet": None}, names),
        **mark_of(r),
    )


def article_summary(r: dict) -> ArticleSummary:
    return from_row(ArticleSummary, r, "title outlet url published dateline", id=row_id(r))


# --------------------------------------------------------------------------- the situation layer's dicts


def evidence_from_dict(d: dict | None) -> Evidence:
    return from_row(Evidence, d or {}, EVIDENCE_FIELDS)


def source_out(d: dict) -> Source:
    return from_row(Source, d, f"{EVIDENCE_FIELDS} published title url uid")


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
            lst.append(
                from_row(
                    Alternative,
                    v,
                    "kind status",
                    value=val,
                    reports=reports,
                    outlets=[str(o) for o in v.get("outlets") or []],
                    sources=srcs,
                )
            )
        out[str(k)] = lst
    return out


CHANGE_FIELDS = "date holder_name previous previous_name event_id status learned"


def _change_parts(h: dict) -> dict[str, Any]:
    return {
        "holder": str(h.get("holder")),
        "kind": str(h.get("kind")),
        "evidence": evidence_from_dict(h.get("evidence")),
        "sources": [source_out(x) for x in h.get("sources") or []],
        "alternatives": alternatives_out(h.get("alternatives")),
    }


def change_out(h: dict) -> Change:
    return from_row(Change, h, CHANGE_FIELDS, **_change_parts(h))


def place_control_out(p: dict) -> PlaceControl:
    """A row of :func:`sitroom.resolve.control.control_at` as the API's model."""
    return from_row(
        PlaceControl,
        p,
        "gazetteer_id kind country admin1 lat lon capital capital_of holder holder_name since learned",
        place=str(p.get("place")),
        status=str(p.get("status") or "held"),
        pockets=[
            from_row(
                Pocket,
                k,
                "actor_name facility since learned",
                actor=str(k.get("actor")),
                evidence=evidence_from_dict(k.get("evidence")),
            )
            for k in p.get("pockets") or []
        ],
        history=[change_out(h) for h in p.get("history") or []],
        evidence=[evidence_from_dict(e) for e in p.get("evidence") or [] if e],
        alternatives=alternatives_out(p.get("alternatives")),
    )


def changes_out(c: dict) -> ChangeOut:
    return from_row(
        ChangeOut,
        c,
        f"{CHANGE_FIELDS} gazetteer_id place_kind country lat lon capital capital_of valid_from",
        place=str(c.get("place")),
        **_change_parts(c),
    )


def situation_out(s: Any, event_id: str, names: dict[str, str]) -> SituationOut:
    d = s.to_dict(names)
    return from_row(
        SituationOut,
        d,
        "sub_event_type actor1 actor1_name actor2 actor2_name place date first_reported",
        id=d["id"],
        event_id=event_id,
        event_type=str(d["event_type"]),
        certainty=str(d["certainty"] or "reported"),
        corroboration=int(d["corroboration"]),
        carriers=int(d["carriers"]),
        outlets=[str(o) for o in d["outlets"]],
        reports=[source_out(r) for r in d["reports"]],
        alternatives=alternatives_out(d["alternatives"]),
    )


def story_out(st: dict) -> StoryOut:
    return from_row(
        StoryOut,
        st,
        "title outlet published",
        id=str(st.get("id")),
        carriers=[
            from_row(Carrier, c, "article_id outlet url published title relation similarity")
            for c in st.get("carriers") or []
        ],
    )


def outcome_out(o: dict | None) -> Outcome | None:
    if not o:
        return None
    return from_row(
        Outcome,
        o,
        "event_id date sub_event_type place actor actor_inferred first_reported learned_on date_earliest "
        "date_latest corroboration",
        sources=[source_out(x) for x in o.get("sources") or []],
        dated_by=[source_out(x) for x in o.get("dated_by") or []],
        reasoning=[str(x) for x in o.get("reasoning") or []],
    )
