"""Readable summaries: one article (``sitroom extract``) or a whole store (``sitroom report``).

Reads the store's denormalised rows (see :mod:`sitroom.store`) or an Article.
Writes plain text. Every line that states a fact names its certainty and its
source, and quotes the evidence sentence shortened to one line.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sitroom.model import Article

_WIDTH = 110


def _short(s: str | None, n: int = 90) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "\u2026"


def _src(source: str | None, outlet: str | None) -> str:
    if source and outlet:
        return f"{source} via {outlet}"
    return source or outlet or "outlet's own report"


def _event_line(r: dict[str, Any], names: dict[str, str]) -> str:
    who = names.get(r.get("actor1") or "", r.get("actor1") or "?")
    whom = names.get(r.get("actor2") or "", r.get("actor2") or "")
    typ = r["event_type"] + (f" / {r['sub_event_type']}" if r.get("sub_event_type") else "")
    extra = f" \u2192 {whom}" if whom else ""
    bg = " (background)" if r.get("background") else ""
    return f"    - {typ}: {who}{extra}{bg} [{r['certainty']}; {_src(r.get('source'), r.get('outlet'))}]\n      \u201c{_short(r.get('evidence'))}\u201d"


REPORT_LIMIT = 15  # lines of each section in the default (short) report; --all prints everything


def _tail(lines: list[str], limit: int | None, what: str) -> list[str]:
    """The last ``limit`` items (the most recent: every section is in time order), and how many were left out."""
    if limit is None or len(lines) <= limit:
        return lines
    return [
        f"  … {len(lines) - limit} earlier {what} left out (narrow with --since/--place/--type/--actor, or --all)"
    ] + lines[-limit:]


def situation_report(
    store,
    *,
    since=None,
    until=None,
    place: str | None = None,
    event_type: str | None = None,
    actor: str | None = None,
    limit: int | None = REPORT_LIMIT,
) -> str:
    """The situation summary of a store: events by place and day, control statements, forecasts, quotes.

    ``since``/``until`` (days), ``place`` (name or gazetteer id), ``event_type`` (ACLED type or sub-type) and
    ``actor`` (id or name) narrow it; ``limit``: the most recent lines of each section (None: all)."""
    names = store.actor_names()
    counts = store.count()
    filters = [
        f"{k} {v}"
        for k, v in (("since", since), ("until", until), ("place", place), ("type", event_type), ("actor", actor))
        if v
    ]
    out = [
        f"SITUATION SUMMARY \u2014 {counts.get('articles', 0)} articles, {counts.get('events', 0)} events, "
        f"{counts.get('control', 0)} control statements, {counts.get('forecasts', 0)} forecasts, {counts.get('quotes', 0)} quotes"
        + (f" \u2014 only {', '.join(filters)}" if filters else ""),
        "",
    ]
    out.append("Events by place and day")
    by_day: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in store.events(since=since, until=until, event_type=event_type, actor=actor, place=place):
        if r.get("background"):
            continue
        where = r.get("place_name") or "(place not stated)"
        kind = f" ({r['place_kind']}, {r.get('country') or '?'})" if r.get("place_kind") else ""
        by_day[(r.get("date") or "????-??-??", where + kind)].append(r)
    groups = [
        [f"  {day}  {where}"] + [_event_line(r, names) for r in rows] for (day, where), rows in sorted(by_day.items())
    ]
    if limit is not None and len(groups) > limit:
        out.append(
            f"  … {len(groups) - limit} earlier day/place groups left out (narrow with --since/--place/--type/"
            f"--actor, or --all)"
        )
        groups = groups[-limit:]
    out += [line for g in groups for line in g] or ["  (none)"]
    out.append("")
    out.append("Control (standing states)")
    want_actor = (actor or "").lower()
    want_place = (place or "").lower()
    lines = []
    for r in store.control():
        who = names.get(r["controller"], r["controller"])
        if want_actor and want_actor not in (str(r["controller"]).lower(), str(who).lower()):
            continue
        where = r.get("place_name") or "?"
        if want_place and want_place not in (where.lower(), str(r.get("place") or "").lower()):
            continue
        day = str(r.get("since") or r.get("published") or "")[:10]
        if (since and day and day < str(since)) or (until and day and day > str(until)):
            continue
        what = r.get("facility") or ""
        sincet = f" since {r['since']}" if r.get("since") else ""
        lines.append(
            (
                day,
                f"  - {who} holds {what + ' in ' if what else ''}{where}{sincet} [{r['certainty']}; {_src(r.get('source'), r.get('outlet'))}]",
            )
        )
    out += _tail([t for _, t in sorted(lines, key=lambda x: x[0])], limit, "control statements") or ["  (none)"]
    out.append("")
    out.append("Forecasts")
    lines = []
    for r in store.forecasts():
        who = names.get(r.get("actor") or "", r.get("actor") or "")
        if want_actor and want_actor not in (str(r.get("actor") or "").lower(), str(who).lower()):
            continue
        if (
            want_place
            and want_place not in " ".join(str(r.get(k) or "") for k in ("target_name", "target", "what")).lower()
        ):
            continue
        made = str(r.get("made_on") or "")
        if (since and made and made < str(since)) or (until and made and made > str(until)):
            continue
        lines.append(
            (
                made,
                f"  - {r['by']}: {who} {r['what']} ({r.get('modality')}; horizon {r.get('horizon_days')} "
                f"days, deadline {r.get('deadline')}; made {r.get('made_on')})",
            )
        )
    out += _tail([t for _, t in sorted(lines, key=lambda x: x[0])], limit, "forecasts") or ["  (none)"]
    out.append("")
    out.append("Quotes")
    quotes: list[str] = []
    for r in store.quotes():
        if want_actor and want_actor not in str(r.get("speaker") or "").lower():
            continue
        if want_place and want_place not in str(r.get("text") or "").lower():
            continue
        role = f" ({_short(r['role'], 60)})" if r.get("role") else ""
        quotes.append(
            f"  - {r['speaker']}{role}{' to ' + r['outlet'] if r.get('outlet') else ''}: \u201c{_short(r['text'], 80)}\u201d"
        )
    out += _tail(quotes, limit, "quotes") or ["  (none)"]
    return "\n".join(out)


def describe_article(doc: Article) -> str:
    """Facts of one article, grouped by kind."""
    names = {a.id: a.name for a in doc.actors}
    place = {p.id: p for p in doc.places}

    def pl(pid: str | None) -> str:
        p = place.get(pid or "")
        return f"{p.name} ({p.kind}, {p.country})" if p else (pid or "?")

    out = [
        f"== {doc.title or doc.origin or doc.id}  [{doc.outlet or '?'}; published {doc.published or '?'}; dateline {doc.dateline or '-'}]"
    ]
    out.append(
        "Places: "
        + ", ".join(
            f"{p.mention.text}\u2192{p.name} ({p.kind}, {p.country})" for p in doc.places if p.role != "demonym"
        )
    )
    out.append("Actors: " + ", ".join(f"{a.name} ({len(a.mentions)})" for a in doc.actors))
    out.append("Outlets cited: " + (", ".join(s.name for s in doc.sources) or "-"))
    for e in doc.events:
        typ = e.event_type + (f" / {e.sub_event_type}" if e.sub_event_type else "")
        when = e.date.point.isoformat() if e.date and e.date.point else "?"
        out.append(
            f"  event {e.id}: {typ}: {names.get(e.actor1 or '', e.actor1 or '?')} @ {pl(e.place)} on {when}"
            f"{' (background)' if e.background else ''} [{e.certainty.value}; {_src(e.attribution.source, e.attribution.outlet)}]"
        )
        if e.targets:
            out.append(f"      targets: {', '.join(e.targets)}")
        out.append(
            f"      \u201c{_short(e.evidence[0].text if e.evidence else '')}\u201d ({len(e.evidence)} sentence(s))"
        )
    for k in doc.control:
        since = f" since {k.since.point}" if k.since and k.since.point else ""
        out.append(
            f"  control {k.id}: {names.get(k.controller, k.controller)} holds {k.facility or ''} in {pl(k.place)}{since} [{k.certainty.value}]"
        )
    for c in doc.claims:
        out.append(
            f"  claim {c.id}: {c.kind}: {_short(c.what, 70)} {c.comparator} {c.value if c.value is not None else ''} {c.unit or ''} [{c.certainty.value}]"
        )
    for f in doc.forecasts:
        out.append(
            f"  forecast {f.id}: {f.by}: {names.get(f.actor or '', f.actor or '')} {f.what} ({f.modality}, by {f.deadline})"
        )
    for q in doc.quotes:
        out.append(
            f"  quote {q.id}: {q.speaker}{' to ' + q.outlet if q.outlet else ''}: \u201c{_short(q.text.text, 70)}\u201d"
        )
    return "\n".join(out)
