"""Corrections applied: :func:`apply` takes the machine's article and the corrections that concern it and returns the
corrected article, a mark per corrected fact, and the orphans; :func:`active` says which corrections are in force.

What a correction is, how it finds its fact (the anchor) and how it sets fields: :mod:`sitroom.store.versions`.
"""

from __future__ import annotations

import re
from typing import Any

from sitroom.model import Article, Claim, ControlStatus, Event, Forecast, Quote, Span
from sitroom.store.versions import (
    FACT_KINDS,
    actor_ref,
    facts,
    find,
    locate,
    new_fact_id,
    place_users,
    remap_actor,
    set_fields,
    split_uid,
)


def active(corrections: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], set[str]]:
    """(the corrections in force, oldest first; the uuids reverted). A revert is itself in force unless reverted."""
    reverted: set[str] = set()
    for c in sorted(corrections, key=lambda c: c["id"], reverse=True):
        if c["uuid"] in reverted:
            continue
        if c["action"] == "revert" and c.get("other"):
            reverted.add(c["other"])
    return [
        c for c in sorted(corrections, key=lambda c: c["id"]) if c["uuid"] not in reverted and c["action"] != "revert"
    ], reverted


def _mark(c: dict[str, Any]) -> dict[str, Any]:
    return {
        "correction": c["uuid"],
        "action": c["action"],
        "by": c["author"],
        "at": c["at"],
        "note": c["note"],
        "fields": sorted(c.get("fields") or {}),
    }


def _added(out: Article, c: dict[str, Any], kind: str, fields: dict[str, Any]) -> Any | None:
    """The fact an ``add`` correction makes: its evidence span, the model's required fields from ``fields`` or
    their defaults (the other fields are set after); None for a kind no correction can add."""
    ev = c.get("evidence")
    spans = [out.span(int(ev[0]), int(ev[1]))] if ev else []
    base: dict[str, Any] = {"id": new_fact_id(kind, "add", c["uuid"]), "evidence": spans}
    if kind == "events":
        return Event(**base, event_type=fields.get("event_type", "Strategic developments"))
    if kind == "control":
        return ControlStatus(**base, controller=fields.get("controller") or "unknown")
    if kind == "claims":
        return Claim(**base, kind=fields.get("kind") or "assertion", what=fields.get("what") or "")
    if kind == "forecasts":
        return Forecast(**base, by=fields.get("by") or "unknown", what=fields.get("what") or "")
    if kind == "quotes":
        return Quote(
            **base,
            speaker=fields.get("speaker") or "unknown",
            text=spans[0] if spans else Span(start=0, end=0, text=""),
        )
    return None


def _reject(out: Article, kind: str, f: Any, c: dict[str, Any], marks: dict[str, list[dict[str, Any]]]) -> None:
    """Take fact ``f`` out of ``out``: an actor's references go with it, a place's users lose it (and are marked)."""
    if kind == "actors":
        remap_actor(out, f.id, None)
        out.actors.remove(f)
    elif kind == "places":
        for _, u in place_users(out, f.id):
            if getattr(u, "place", None) == f.id:
                u.place = None
            if getattr(u, "target", None) == f.id:
                u.target = None
            marks.setdefault(u.id, []).append(_mark(c))
        out.places.remove(f)
    else:
        facts(out, kind).remove(f)


def apply(
    article: Article, corrections: list[dict[str, Any]], *, lexicon: Any = None, gazetteer: Any = None
) -> tuple[Article, dict[str, list[dict[str, Any]]], list[str]]:
    """(the corrected copy of the machine's ``article``, marks by fact id, uuids of corrections that found no fact).

    ``corrections``: those whose target or ``other`` is in this article (any order; reverts included)."""
    in_force, _ = active(corrections)
    if not in_force:
        return article, {}, []
    out = article.model_copy(deep=True)
    marks: dict[str, list[dict[str, Any]]] = {}
    orphans: list[str] = []
    ids: dict[tuple[str, str], str] = {}  # (kind, anchored machine id) -> id in `article` (located once)

    def target_of(c: dict[str, Any], which: str = "target") -> Any | None:
        uid = str(c[which] if which == "target" else c.get("other") or "")
        aid, fid, kind = split_uid(uid)
        if aid != article.id:
            return None
        anc = c.get("anchor") or {} if which == "target" else (c.get("anchor") or {}).get("other") or {}
        if "x" in fid[1:2] or re.search(r"s[0-9a-f]{8}$", fid) or kind == "actors" or not anc:
            return find(out, kind, fid)  # a fact a correction made, or an actor: by id
        key = (kind, f"{fid}|{anc.get('start')}")
        if key not in ids:
            m = locate(article, kind, anc)
            ids[key] = m.id if m is not None else ""
        return find(out, kind, ids[key]) if ids[key] else None

    def mark(kind: str, f: Any, c: dict[str, Any]) -> None:
        marks.setdefault(f"@{f.id}" if kind == "actors" else f.id, []).append(_mark(c))
        if kind == "places":
            for _, u in place_users(out, f.id):
                marks.setdefault(u.id, []).append(_mark(c))

    for c in in_force:
        act, kind = c["action"], c["kind"]
        fields = c.get("fields") or {}
        if act == "add":
            if c["article_id"] != article.id:
                continue
            f: Any = _added(out, c, kind, fields)
            if f is None:
                orphans.append(c["uuid"])
                continue
            set_fields(out, kind, f, fields, c["uuid"], lexicon=lexicon, gazetteer=gazetteer)
            facts(out, kind).append(f)
            mark(kind, f, c)
            continue
        if act == "merge":
            s = target_of(c)
            a = target_of(c, "other")
            if a is not None:
                facts(out, kind).remove(a)
                if s is not None:  # one article: the survivor takes the other's evidence and counts
                    s.evidence += [e for e in a.evidence if e not in s.evidence]
                    if kind == "events":
                        s.counts = {**a.counts, **s.counts}
                        s.targets += [t for t in a.targets if t not in s.targets]
            if s is not None:
                set_fields(out, kind, s, fields, c["uuid"], lexicon=lexicon, gazetteer=gazetteer)
                mark(kind, s, c)
            elif a is None and split_uid(c["target"])[0] == article.id:
                orphans.append(c["uuid"])
            continue
        f = target_of(c)
        if f is None:
            if split_uid(c["target"])[0] == article.id:
                orphans.append(c["uuid"])
            continue
        if act == "reject":
            _reject(out, kind, f, c, marks)
        elif act == "amend":
            if kind == "actors" and "id" in fields:
                new = actor_ref(out, fields["id"], lexicon)
                remap_actor(out, f.id, new)
                for k in FACT_KINDS:
                    for u in facts(out, k):
                        if new in (
                            getattr(u, a, None) for a in ("actor1", "actor2", "mediator", "controller", "actor")
                        ):
                            marks.setdefault(u.id, []).append(_mark(c))
            set_fields(out, kind, f, fields, c["uuid"], lexicon=lexicon, gazetteer=gazetteer)
            mark(kind, f, c)
        elif act == "split":
            if kind not in FACT_KINDS:
                orphans.append(c["uuid"])
                continue
            g = f.model_copy(deep=True)
            g.id = new_fact_id(kind, "split", c["uuid"], f.id)
            ev = c.get("evidence")
            if ev:
                g.evidence = [out.span(int(ev[0]), int(ev[1]))]
            set_fields(out, kind, g, fields, c["uuid"], lexicon=lexicon, gazetteer=gazetteer)
            lst = facts(out, kind)
            lst.insert(lst.index(f) + 1, g)
            mark(kind, f, c)
            mark(kind, g, c)
    return out, marks, orphans
