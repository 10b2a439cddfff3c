"""Analyst corrections applied to an article: the one place where a human's word overrides the machine's.

A correction (a row of the store's ``corrections`` table, :mod:`sitroom.store.corrections`) names its target
by the fact's uid (``ARTICLE:e3``, ``ARTICLE:k1``, ``ARTICLE:p2`` for a place resolution, ``ARTICLE:@taliban``
for an actor resolution) and keeps an *anchor*: the evidence span and a few identifying fields of the machine's
fact when it was corrected. ``apply`` (:mod:`sitroom.store.applying`) takes the machine's article (the stored
document, untouched) and the corrections that concern it, and returns the corrected article plus a mark per
corrected fact. The store writes the corrected article's rows, so every view (report, situation, API, map,
exports) reads the corrected picture and everything derived from it (control over time, claim checks, forecast
outcomes) is re-resolved.

Fact ids are assigned in reading order ("e1", "e2", ...): the same text and extractor give the same ids, but a
new extractor version may number differently. A correction is therefore matched to the machine's fact by its
anchor (same evidence sentence, then the most identifying fields in common, the old id breaking ties), not by
the id alone, so it survives a re-extraction. A correction whose fact is gone is an orphan: kept, listed, not
applied.

Actions: ``reject`` (the fact leaves every view), ``amend`` (fields set), ``merge`` (the ``other`` happening is
folded into the target: it leaves the views, its evidence joins the target's when both are in one article),
``split`` (a copy of the target with some fields set becomes a fact of its own), ``add`` (a fact the extractor
missed, with its evidence span), ``revert`` (undoes an earlier correction; reverting a revert restores it).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sitroom.errors import ConfigError
from sitroom.model import (
    Actor,
    Article,
    Certainty,
    Claim,
    ControlStatus,
    Event,
    Forecast,
    Place,
    Quote,
    Span,
    TimeValue,
)

ACTIONS = ("reject", "amend", "merge", "split", "add", "revert")

# fact id prefix -> kind (the store's table); "@" marks an actor resolution
PREFIX = {"e": "events", "k": "control", "c": "claims", "f": "forecasts", "q": "quotes", "p": "places"}
LETTER = {v: k for k, v in PREFIX.items()}
KINDS = (*PREFIX.values(), "actors")
FACT_KINDS = ("events", "control", "claims", "forecasts", "quotes")
MODEL = {"events": Event, "control": ControlStatus, "claims": Claim, "forecasts": Forecast, "quotes": Quote}
LIST = {
    "events": "events",
    "control": "control",
    "claims": "claims",
    "forecasts": "forecasts",
    "quotes": "quotes",
    "places": "places",
    "actors": "actors",
}

# the fields a correction may set, per kind: name as the analyst writes it -> the model's attribute
FIELDS: dict[str, dict[str, str]] = {
    "events": {
        "type": "event_type",
        "event_type": "event_type",
        "sub_type": "sub_event_type",
        "sub_event_type": "sub_event_type",
        "actor1": "actor1",
        "actor2": "actor2",
        "mediator": "mediator",
        "place": "place",
        "lat": "lat",
        "lon": "lon",
        "date": "date",
        "fatalities": "fatalities",
        "certainty": "certainty",
        "background": "background",
        "summary": "summary",
    },
    "control": {
        "controller": "controller",
        "actor": "controller",
        "status": "status",
        "place": "place",
        "lat": "lat",
        "lon": "lon",
        "since": "since",
        "facility": "facility",
        "certainty": "certainty",
    },
    "claims": {
        "kind": "kind",
        "what": "what",
        "value": "value",
        "unit": "unit",
        "comparator": "comparator",
        "actor": "actor",
        "certainty": "certainty",
    },
    "forecasts": {
        "by": "by",
        "actor": "actor",
        "what": "what",
        "target": "target",
        "place": "target",
        "modality": "modality",
        "deadline": "deadline",
        "horizon_days": "horizon_days",
        "certainty": "certainty",
    },
    "quotes": {"speaker": "speaker", "role": "role", "certainty": "certainty"},
    "places": {
        "name": "name",
        "place": "name",
        "lat": "lat",
        "lon": "lon",
        "country": "country",
        "kind": "kind",
        "gazetteer_id": "gazetteer_id",
    },
    "actors": {"id": "id", "actor": "id", "name": "name"},
}

# which extractor component a corrected field speaks about (``sitroom eval corrections``)
COMPONENT = {
    "event_type": "events (typing)",
    "sub_event_type": "events (typing)",
    "actor1": "actors (roles)",
    "actor2": "actors (roles)",
    "mediator": "actors (roles)",
    "controller": "actors (roles)",
    "actor": "actors (roles)",
    "place": "places (resolution)",
    "target": "places (resolution)",
    "lat": "places (resolution)",
    "lon": "places (resolution)",
    "name": "places (resolution)",
    "country": "places (resolution)",
    "kind": "claims",
    "gazetteer_id": "places (resolution)",
    "date": "times",
    "since": "times",
    "deadline": "times",
    "horizon_days": "times",
    "fatalities": "counts",
    "value": "counts",
    "certainty": "attribution (certainty)",
    "background": "events (background)",
    "speaker": "quotes (speaker)",
    "role": "quotes (speaker)",
    "by": "forecasts",
    "what": "claims",
    "modality": "forecasts",
    "status": "control",
    "facility": "control",
    "summary": "events",
    "unit": "counts",
    "comparator": "counts",
    "id": "actors (resolution)",
}


_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


# --------------------------------------------------------------------------- ids


def split_uid(uid: str) -> tuple[str, str, str]:
    """``ARTICLE:FACT`` → (article id, fact id, kind); ConfigError naming the id when it is not one."""
    u = str(uid or "").strip()
    aid, sep, fid = u.rpartition(":")
    if not sep or not aid or not fid:
        raise ConfigError(f"{uid!r}: not a fact id", hint="give ARTICLE:FACT as the views show it, e.g. 3f2a…:e2")
    if fid.startswith("@") and len(fid) > 1:
        return aid, fid, "actors"
    kind = PREFIX.get(fid[:1])
    if kind is None or not re.fullmatch(r"[a-z][A-Za-z0-9._-]*", fid):
        raise ConfigError(
            f"{uid!r}: not a fact id",
            hint="a fact id starts with e (event), k (control), c (claim), "
            "f (forecast), q (quote), p (place) or @ (an actor of that article)",
        )
    return aid, fid, kind


def new_fact_id(kind: str, action: str, uuid: str, base: str | None = None) -> str:
    """The id of a fact a correction makes: ``e3s1a2b3c4`` (split of e3), ``ex1a2b3c4`` (added)."""
    if action == "split" and base:
        return f"{base}s{uuid[:8]}"
    return f"{LETTER[kind]}x{uuid[:8]}"


# --------------------------------------------------------------------------- reading a fact


def facts(article: Article, kind: str) -> list[Any]:
    return getattr(article, LIST[kind])


def find(article: Article, kind: str, fid: str) -> Any | None:
    if kind == "actors":
        return article.actor(fid[1:] if fid.startswith("@") else fid)
    for f in facts(article, kind):
        if f.id == fid:
            return f
    return None


def _span_of(kind: str, f: Any) -> tuple[int | None, int | None]:
    if kind == "places":
        return f.mention.start, f.mention.end
    if kind == "actors":
        return None, None
    ev = f.evidence[0] if f.evidence else None
    return (ev.start, ev.end) if ev else (None, None)


def _place_name(article: Article, pid: str | None) -> str | None:
    p = article.place(pid)
    return p.name if p else None


def signature(article: Article, kind: str, f: Any) -> dict[str, Any]:
    """The fields that identify a fact besides its sentence (for matching it after a re-extraction)."""
    if kind == "events":
        return {
            "event_type": f.event_type,
            "sub_event_type": f.sub_event_type,
            "actor1": f.actor1,
            "actor2": f.actor2,
            "place": _place_name(article, f.place),
            "date": f.date.value if f.date else None,
        }
    if kind == "control":
        return {
            "controller": f.controller,
            "place": _place_name(article, f.place),
            "status": f.status,
            "facility": f.facility,
        }
    if kind == "claims":
        return {"kind": f.kind, "what": f.what, "value": f.value}
    if kind == "forecasts":
        return {"by": f.by, "what": f.what, "target": _place_name(article, f.target)}
    if kind == "quotes":
        return {"speaker": f.speaker, "text_start": f.text.start}
    if kind == "places":
        return {"name": f.name, "mention": f.mention.text}
    return {"id": f.id}


def anchor(article: Article, kind: str, fid: str) -> dict[str, Any]:
    """What identifies fact ``fid`` of the machine's article beyond its id (see the module doc)."""
    f = find(article, kind, fid)
    if f is None:
        return {"fact_id": fid}
    start, end = _span_of(kind, f)
    return {"fact_id": fid, "start": start, "end": end, "sig": signature(article, kind, f)}


def locate(article: Article, kind: str, anc: dict[str, Any]) -> Any | None:
    """The machine's fact an anchor names in this (perhaps re-extracted) article, or None (an orphan)."""
    fid = str(anc.get("fact_id") or "")
    if kind == "actors" or "start" not in anc:
        return find(article, kind, fid) if fid else None
    start, end, sig = anc.get("start"), anc.get("end"), anc.get("sig") or {}

    def score(f: Any) -> int:
        mine = signature(article, kind, f)
        return sum(2 for k, v in sig.items() if v is not None and mine.get(k) == v) + (1 if f.id == fid else 0)

    same = [f for f in facts(article, kind) if _span_of(kind, f) == (start, end)]
    if same:
        return max(same, key=score)
    if start is None or end is None:
        return find(article, kind, fid)
    near = [
        f for f in facts(article, kind) if (s := _span_of(kind, f))[0] is not None and s[0] < end and start < s[1]
    ]  # overlapping sentence
    best = max(near, key=score, default=None)
    return best if best is not None and score(best) >= 2 else None


def view(article: Article, kind: str, f: Any) -> dict[str, Any]:
    """The analyst's fields of a fact as a plain dict (what a correction records as replaced)."""
    if kind == "actors":
        return {"id": f.id, "name": f.name}
    if kind == "places":
        return {
            "name": f.name,
            "lat": f.lat,
            "lon": f.lon,
            "country": f.country,
            "kind": f.kind,
            "gazetteer_id": f.gazetteer_id,
        }
    out: dict[str, Any] = {}
    for attr in dict.fromkeys(FIELDS[kind].values()):
        if attr in ("lat", "lon"):
            p = article.place(getattr(f, "place", None))
            out[attr] = getattr(p, attr) if p else None
        elif attr in ("place", "target"):
            out[attr] = _place_name(article, getattr(f, attr))
        elif attr == "fatalities":
            out[attr] = fatalities(f.counts)
        elif attr in ("date", "since"):
            tv = getattr(f, attr)
            out[attr] = (tv.point.isoformat() if tv.point else tv.value) if tv else None
        elif attr == "certainty":
            out[attr] = f.certainty.value
        else:
            v = getattr(f, attr)
            out[attr] = v.isoformat() if isinstance(v, date) else v
    return out


def fatalities(counts: dict[str, str]) -> int | None:
    total = None
    for k, v in counts.items():
        if k in ("killed", "dead", "deaths", "fatalities"):
            m = re.search(r"\d[\d,]*", str(v))
            if m:
                total = (total or 0) + int(m.group(0).replace(",", ""))
    return total


# --------------------------------------------------------------------------- setting fields


def check_fields(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields under their model names, values checked; ConfigError naming the field and the reason."""
    table = FIELDS.get(kind)
    if table is None:
        raise ConfigError(f"{kind}: not a kind of fact", hint=f"one of {', '.join(KINDS)}")
    out: dict[str, Any] = {}
    for name, value in fields.items():
        attr = table.get(str(name).strip().lower().replace("-", "_"))
        if attr is None:
            raise ConfigError(f"--set {name}: not a field of {kind}", hint=f"settable: {', '.join(sorted(table))}")
        out[attr] = _coerce(kind, attr, value)
    return out


def _taxonomy() -> dict[str, tuple[str, ...]]:
    from sitroom.extract.events import TAXONOMY

    return TAXONOMY


def _blank(v: Any) -> bool:
    return v is None or isinstance(v, str) and v.strip().lower() in ("", "none", "null", "-")


def _coerce(kind: str, attr: str, v: Any) -> Any:
    where = f"--set {attr}={v!r}"
    if isinstance(v, dict):  # a place as a correction records it (resolve_place)
        if attr not in ("place", "target", "name") or not isinstance(v.get("name"), str) or not v["name"].strip():
            raise ConfigError(f"{where[:60]}: not a value")
        return {k: v[k] for k in PLACE_KEYS if k in v}
    if attr == "event_type":
        if _blank(v) or str(v).strip() not in _taxonomy():
            raise ConfigError(f"{where}: not an event type", hint=f"one of {', '.join(_taxonomy())}")
        return str(v).strip()
    if attr == "sub_event_type" and not _blank(v):
        s = str(v).strip()
        if not any(s in subs for subs in _taxonomy().values()):
            raise ConfigError(
                f"{where}: not a sub-event type",
                hint="one of ACLED's sub-event types, e.g. Armed clash, Air/drone strike, Attack",
            )
        return s
    if attr == "certainty":
        try:
            return Certainty(str(v).strip().lower()).value
        except ValueError:
            raise ConfigError(f"{where}: not a certainty", hint=", ".join(c.value for c in Certainty)) from None
    if attr in ("lat", "lon", "value"):
        if _blank(v) and attr == "value":
            return None
        try:
            x = float(v)
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: not a number") from None
        lim = 90 if attr == "lat" else 180 if attr == "lon" else float("inf")
        if not -lim <= x <= lim or x != x:
            raise ConfigError(f"{where}: out of range")
        return x
    if attr in ("fatalities", "horizon_days"):
        if _blank(v):
            return None
        try:
            n = int(str(v).replace(",", "").strip())
        except ValueError:
            raise ConfigError(f"{where}: not a whole number") from None
        if n < 0:
            raise ConfigError(f"{where}: must not be negative")
        return n
    if attr in ("date", "since", "deadline"):
        if _blank(v):
            return None
        s = str(v).strip()
        if not _DAY.match(s):
            raise ConfigError(f"{where}: not a date", hint="YYYY-MM-DD, YYYY-MM or YYYY")
        try:
            _bounds(s)
        except ValueError:
            raise ConfigError(f"{where}: not a date", hint="YYYY-MM-DD, YYYY-MM or YYYY") from None
        if attr == "deadline" and len(s) != 10:
            raise ConfigError(f"{where}: a deadline is a day", hint="YYYY-MM-DD")
        return s
    if attr == "background":
        s = str(v).strip().lower()
        if s in ("1", "true", "yes", "y"):
            return True
        if s in ("0", "false", "no", "n", ""):
            return False
        raise ConfigError(f"{where}: not a yes/no value")
    if attr == "status":
        s = str(v).strip().lower()
        if s not in ("held", "contested", "claimed"):
            raise ConfigError(f"{where}: not a control status", hint="held, contested or claimed")
        return s
    if attr == "modality":
        s = str(v).strip().lower()
        if s not in ("likely", "possible", "certain"):
            raise ConfigError(f"{where}: not a modality", hint="likely, possible or certain")
        return s
    if attr in ("event_type", "what", "by", "speaker", "controller", "id") and _blank(v):
        raise ConfigError(f"{where}: must not be empty")
    if _blank(v):
        return None
    s = str(v).strip()
    if len(s) > 500:
        raise ConfigError(f"{where[:40]}…: longer than 500 characters")
    return s


def _bounds(s: str) -> tuple[date, date]:
    if len(s) == 10:
        d = date.fromisoformat(s)
        return d, d
    if len(s) == 7:
        y, m = int(s[:4]), int(s[5:7])
        first = date(y, m, 1)
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        return first, date.fromordinal(nxt.toordinal() - 1)
    y = int(s)
    return date(y, 1, 1), date(y, 12, 31)


def _time(s: str | None) -> TimeValue | None:
    if s is None:
        return None
    lo, hi = _bounds(s)
    return TimeValue(text=s, value=s, earliest=lo, latest=hi)


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.casefold()).strip("-") or "actor"


def actor_ref(article: Article, ref: str | None, lexicon: Any) -> str | None:
    """An actor given by id or name → its id, adding it to the article's actors when it is new there."""
    if ref is None:
        return None
    for a in article.actors:
        if ref in (a.id,) or ref.casefold() == a.name.casefold():
            return a.id
    name, kind, country, aid = ref, "other", None, None
    if lexicon is not None:
        d = lexicon.actors.get(ref) or lexicon.actors.get(lexicon.alias_map.get(ref.casefold(), ""))
        if d is None:  # the alias map's keys are folded
            from sitroom.extract.actor_registry import fold_name

            d = lexicon.actors.get(lexicon.alias_map.get(fold_name(ref), ""))
        if d is not None:
            aid, name, kind, country = d.id, d.name, d.kind, d.country
    aid = aid or _slug(ref)
    if article.actor(aid) is None:
        article.actors.append(Actor(id=aid, name=name, kind=kind, country=country))
    return aid


PLACE_KEYS = ("name", "kind", "country", "lat", "lon", "gazetteer_id", "geonameid")


def resolve_place(article: Article, name: str, gazetteer: Any) -> dict[str, Any]:
    """A place an analyst named as the record a correction keeps (so applying it again never depends on the
    gazetteer of the day): the entry :func:`pick` chooses, else the name alone."""
    entry = pick(_safe_lookup(gazetteer, name), name, article) if gazetteer is not None else None
    if entry is None:
        return {"name": name}
    return {
        "name": entry.name,
        "kind": entry.kind,
        "country": entry.country,
        "lat": entry.lat,
        "lon": entry.lon,
        "gazetteer_id": entry.id,
        "geonameid": entry.geonameid,
    }


def _new_place(article: Article, value: Any, near: Any, uuid: str, gazetteer: Any) -> Place:
    """The place of a correction (a record from :func:`resolve_place`, or a bare name resolved now)."""
    rec = value if isinstance(value, dict) else resolve_place(article, str(value), gazetteer)
    mention = near if isinstance(near, Span) else Span(start=0, end=0, text="")
    pid = f"px{uuid[:8]}"
    p = Place(
        id=pid,
        mention=mention,
        role="mention",
        confidence=1.0,
        **{k: rec.get(k) for k in PLACE_KEYS if rec.get(k) is not None or k == "name"},
    )
    old = article.place(pid)
    if old is not None:
        article.places.remove(old)
    article.places.append(p)
    return p


def _set_place_coord(article: Article, f: Any, attr: str, value: float, uuid: str) -> None:
    pid = getattr(f, "place", None)
    p = article.place(pid)
    if p is None or not p.id.startswith("px"):  # never move the machine's place: other facts share it
        base = (
            p.model_copy(deep=True)
            if p is not None
            else Place(id="", mention=Span(start=0, end=0, text=""), name=f"{value}", confidence=1.0)
        )
        base.id = f"px{uuid[:8]}"
        base.gazetteer_id = None if p is None else p.gazetteer_id
        old = article.place(base.id)
        if old is not None:
            article.places.remove(old)
        article.places.append(base)
        p = base
        f.place = p.id
    setattr(p, attr, value)
    if p.lat is not None and p.lon is not None and p.name == f"{value}":
        p.name = f"{p.lat:.4f},{p.lon:.4f}"


def set_fields(
    article: Article,
    kind: str,
    f: Any,
    fields: dict[str, Any],
    uuid: str,
    *,
    lexicon: Any = None,
    gazetteer: Any = None,
) -> None:
    """Write checked ``fields`` (model names, :func:`check_fields`) into fact ``f`` of ``article``."""
    if kind == "events" and "event_type" in fields and "sub_event_type" not in fields:
        if f.sub_event_type not in _taxonomy().get(fields["event_type"], ()):
            f.sub_event_type = None  # the machine's sub-type belongs to the type the analyst replaced
    for attr, v in fields.items():
        if kind == "places":
            if attr == "name":
                rec = (
                    v
                    if isinstance(v, dict)
                    else resolve_place(article, str(v), gazetteer)
                    if "lat" not in fields
                    else {"name": v}
                )
                for k in PLACE_KEYS:
                    if k in rec:
                        setattr(f, k, rec[k])
            else:
                setattr(f, attr, v)
            continue
        if kind == "actors":
            if attr == "name":
                f.name = v
            continue  # a new id is applied by remap_actor
        if attr in ("actor1", "actor2", "mediator", "controller", "actor"):
            setattr(f, attr, actor_ref(article, v, lexicon))
        elif attr in ("place", "target"):
            if v is None:
                setattr(f, attr, None)
            else:
                near = f.evidence[0] if f.evidence else None
                setattr(f, attr, _new_place(article, v, near, uuid + attr, gazetteer).id)
        elif attr in ("lat", "lon"):
            _set_place_coord(article, f, attr, v, uuid)
        elif attr in ("date", "since"):
            setattr(f, attr, _time(v))
        elif attr == "deadline":
            f.deadline = date.fromisoformat(v) if v else None
        elif attr == "fatalities":
            f.counts = {k: c for k, c in f.counts.items() if k not in ("killed", "dead", "deaths", "fatalities")}
            if v is not None:
                f.counts["killed"] = str(v)
        elif attr == "certainty":
            f.certainty = Certainty(v)
        else:
            setattr(f, attr, v)


def pick(entries: list, name: str, article: Article) -> Any | None:
    """The gazetteer entry an analyst means by ``name``: the name as written, then a place in a country the
    article is about, then a populated place over the province or district of the same name, then population."""
    if not entries:
        return None
    countries = {p.country for p in article.places if p.country}
    return min(
        entries,
        key=lambda e: (
            e.name.casefold() != name.casefold(),
            e.country not in countries,
            e.kind != "city",
            -(e.population or 0),
        ),
    )


def _safe_lookup(gazetteer: Any, name: str) -> list:
    try:
        return gazetteer.lookup(name)
    except Exception:  # noqa: BLE001 - an unreadable gazetteer leaves the place unresolved, not the correction
        return []


def freeze(article: Article, kind: str, fields: dict[str, Any], *, lexicon: Any, gazetteer: Any) -> dict[str, Any]:
    """``fields`` as a correction records them: a place resolved to its gazetteer record and an actor to its id,
    at the moment of the correction, so that re-applying it later gives the same rows."""
    out = dict(fields)
    for attr, v in fields.items():
        if v is None:
            continue
        if attr in ("place", "target") or kind == "places" and attr == "name" and "lat" not in fields:
            out[attr] = resolve_place(article, str(v), gazetteer)
        elif attr in ("actor1", "actor2", "mediator", "controller", "actor") or kind == "actors" and attr == "id":
            out[attr] = actor_ref(article.model_copy(deep=True), str(v), lexicon)
    return out


def remap_actor(article: Article, old: str, new: str | None) -> None:
    """Every reference to actor ``old`` in the article's facts now names ``new`` (an actor resolution)."""
    for kind in FACT_KINDS:
        for f in facts(article, kind):
            for attr in ("actor1", "actor2", "mediator", "controller", "actor", "subject", "related"):
                if getattr(f, attr, None) == old:
                    setattr(f, attr, new if new is not None or attr != "controller" else "unknown")


def place_users(article: Article, pid: str) -> list[tuple[str, Any]]:
    return [
        (k, f)
        for k in FACT_KINDS
        for f in facts(article, k)
        if pid in (getattr(f, "place", None), getattr(f, "target", None))
    ]
