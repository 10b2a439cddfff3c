"""Store rows and situation-layer dicts → the API's response models (:mod:`sitroom.serve.api.schemas`).

Shared by the API's routes and by :mod:`sitroom.serve.export`, so the exports, the API and the page agree on every
field. The store's rows come typed (:mod:`sitroom.store.rows`) and are read as they are; the situation layer's dicts
may hold dates or numbers as text, and the ``opt_*`` helpers (through :func:`from_row`) turn each of their values
into the schema's type or None.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, TypeVar, cast, get_args

from pydantic import BaseModel

from sitroom.resolve.situation import evidence
from sitroom.serve.api.schemas import (
    Alternative,
    ArticleDetail,
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
from sitroom.store.rows import ArticleRow, ClaimRow, ControlRow, EventRow, ForecastRow, QuoteRow, StoryRow
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


def row_id(r: Mapping[str, Any]) -> str:
    return str(r.get("uid") or r.get("id"))


def evidence_out(r: Mapping[str, Any], names: dict | None = None) -> Evidence:
    """A store row's evidence in the one shape the situation layer gives it (:func:`sitroom.resolve.situation.evidence`);
    a row made from an article rather than read from the store has no ``article_outlet``: ``names`` gives it."""
    if not r.get("article_outlet") and names is not None:
        r = {**r, "article_outlet": getattr(names, "outlets", {}).get(opt_str(r.get("article_id")) or "")}
    return evidence_from_dict(evidence(cast(dict, r)))


def mark_of(r: Mapping[str, Any]) -> dict[str, Any]:
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


def from_row(model: type[M], r: Mapping[str, Any], plain: str, **given: Any) -> M:
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


def _fact(model: type[M], r: Mapping[str, Any], names: dict | None, plain: str, **given: Any) -> M:
    """A fact's model from its store row: ``article_id`` and the fields in ``plain`` (space-separated) as the store
    typed them (:mod:`sitroom.store.rows`: no coercion here), the uid, the evidence and the correction marks, the
    other fields as ``given``."""
    same = {name: r.get(name) for name in ("article_id", *plain.split())}
    return model(**same, id=row_id(r), evidence=evidence_out(r, names), **given, **mark_of(r))


def event_out(r: EventRow, names: dict[str, str]) -> EventOut:
    """An event row as the API's model (``admin1`` is the exports': the store keeps no province per row)."""
    a1, a2 = r.get("actor1"), r.get("actor2")
    return _fact(
        EventOut,
        r,
        names,
        "sub_event_type date place_kind country lat lon background heading advance",
        event_type=r.get("event_type") or "",
        actor1=a1,
        actor1_name=names.get(a1 or "", a1),
        actor2=a2,
        actor2_name=names.get(a2 or "", a2),
        place=r.get("place_name"),
        certainty=r.get("certainty") or "reported",
        targets=r.get("targets") or [],
        summary=r.get("summary") or None,
        fatalities=fatalities(r.get("counts") or {}),
    )


def control_out(r: ControlRow, names: dict[str, str]) -> ControlStatement:
    c = r.get("controller") or ""
    return _fact(
        ControlStatement,
        r,
        names,
        "facility status since quantity",
        controller=c,
        controller_name=names.get(c, c),
        place=r.get("place_name"),
    )


def claim_out(r: ClaimRow, names: dict[str, str]) -> ClaimOut:
    return _fact(
        ClaimOut,
        r,
        names,
        "kind what value unit comparator also_stated",
        subject=r.get("subject_name") or r.get("subject"),
        **_named(names, r.get("actor")),
    )


def forecast_out(r: ForecastRow, names: dict[str, str]) -> ForecastOut:
    return _fact(
        ForecastOut,
        r,
        names,
        "by what modality horizon_days deadline made_on",
        target=r.get("target_name") or r.get("target"),
        **_named(names, r.get("actor")),
    )


def _quote_facts(r: Mapping[str, Any], control: Mapping[str, Any], names: dict | None) -> list[QuoteFact]:
    """The facts linked to an attribution (the row's list of fact ids), as API ids; a control fact found in
    ``control`` (uid → control row) with its place, side (the holder's name) and facility."""
    ids = r.get("facts")
    aid = r.get("article_id")
    out = []
    for fid in ids if isinstance(ids, list) else []:
        kind = PREFIX.get(str(fid)[:1])
        if kind and kind != "quotes" and kind != "places":
            uid = f"{aid}:{fid}" if aid else str(fid)
            c = control.get(uid) if kind == "control" else None
            held = {}
            if c is not None:
                side = c.get("controller")
                held = {
                    "place": c.get("place_name"),
                    "side": (names or {}).get(side or "", side),
                    "facility": c.get("facility"),
                    "status": c.get("status"),
                }
            out.append(QuoteFact(id=uid, kind=kind, **held))
    return out


def quote_control(store: Any, rows: list[QuoteRow]) -> dict[str, Any]:
    """The control rows the attributions of ``rows`` hold inside their contents, by uid (read per article)."""
    articles = {
        r.get("article_id") for r in rows if any(PREFIX.get(str(f)[:1]) == "control" for f in r.get("facts") or [])
    }
    return {row_id(c): c for aid in sorted(a for a in articles if a) for c in store.control(article_id=aid)}


def quote_out(r: QuoteRow, names: dict | None = None, control: Mapping[str, Any] | None = None) -> QuoteOut:
    return QuoteOut(
        id=row_id(r),
        article_id=r.get("article_id"),
        speaker=r.get("speaker"),
        speaker_type=r.get("speaker_type"),
        speaker_id=r.get("speaker_id"),
        role=r.get("role"),
        outlet=r.get("quote_outlet"),
        text=r.get("text"),
        mode=r.get("mode"),
        source=r.get("source_text"),
        source_start=r.get("source_start"),
        source_end=r.get("source_end"),
        cue=r.get("cue_text"),
        cue_start=r.get("cue_start"),
        cue_end=r.get("cue_end"),
        facts=_quote_facts(r, control or {}, names),
        evidence=evidence_out(r, names),
        **mark_of(r),
    )


def article_detail(article: Any, rows: Mapping[str, list[Any]], names: dict[str, str]) -> ArticleDetail:
    """An article with its facts: ``rows`` by table, as the store's queries return them (``rows.read_row``)."""
    a = as_dict(article)
    return ArticleDetail(
        **article_summary(a).model_dump(),
        text=str(a.get("text") or ""),
        events=[event_out(r, names) for r in rows["events"]],
        control=[control_out(r, names) for r in rows["control"]],
        claims=[claim_out(r, names) for r in rows["claims"]],
        forecasts=[forecast_out(r, names) for r in rows["forecasts"]],
        quotes=[quote_out(r, names, {row_id(c): c for c in rows["control"]}) for r in rows["quotes"]],
    )


def article_summary(r: ArticleRow | dict[str, Any]) -> ArticleSummary:
    """An article's summary from its store row, or from the article as JSON (``as_dict``)."""
    return ArticleSummary(
        id=str(r["id"]),
        title=r.get("title"),
        outlet=r.get("outlet"),
        url=r.get("url"),
        published=r.get("published"),
        dateline=r.get("dateline"),
    )


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
        approximate=bool(p.get("approximate")),
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
        approximate=bool(c.get("approximate")),
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


def story_out(st: StoryRow) -> StoryOut:
    return StoryOut(
        id=st["id"],
        title=st["title"],
        outlet=st["outlet"],
        published=st["published"],
        carriers=[
            Carrier(
                article_id=c["article_id"],
                outlet=c["outlet"],
                url=c["url"],
                published=c["published"],
                title=c["title"],
                relation=c["relation"],
                similarity=c["similarity"],
            )
            for c in st["carriers"]
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
