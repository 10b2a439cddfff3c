"""CLI commands over the situation layer: control, changes, claims, forecasts, quotes, stories.

``add_commands(subparsers)`` adds them to the ``sitroom`` parser (see :mod:`sitroom.serve.cli`). Each reads a
store (``--db``), prints a readable listing, or one JSON document with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sitroom.config import Settings
from sitroom.days import arg_day


def _open(args):
    from sitroom.store import open_store

    return open_store(args.db, create=False, read_only=True)


def _dump(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _short(s: str | None, n: int = 100) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _src(s: dict) -> str:
    who = s.get("source")
    via = s.get("outlet") or "unknown outlet"
    if s.get("relayed_by"):
        via += f" via {s['relayed_by']}"
    return f"{s.get('published') or '?'} {via}" + (f", {who}" if who else "") + f" [{s.get('certainty')}]"


def cmd_control(args: argparse.Namespace) -> int:
    from sitroom.resolve.control import control_at

    with _open(args) as store:
        rows = control_at(store, args.at, kind=args.kind, actor=args.actor, place=args.place, known_on=args.known_on)
    if args.json:
        _dump(
            {
                "at": args.at.isoformat(),
                "kind": args.kind,
                "actor": args.actor,
                "known_on": args.known_on,
                "places": rows,
            }
        )
        return 0
    what = args.kind or "places"
    print(
        f"{what} {'held by ' + args.actor if args.actor else 'and their holders'} on {args.at}"
        + (f" (as known on {args.known_on})" if args.known_on else "")
        + f": {len(rows)}"
    )
    for p in rows:
        cap = f", capital of {p['capital_of']}" if p.get("capital_of") else ""
        cap += ", location approximate" if p.get("approximate") else ""
        print(
            f"- {p['place']} ({p['kind'] or '?'}{cap}): {p['holder_name']} {p['status']} since {p['since'] or '?'}"
            f" (first reported {p['learned'] or '?'})"
        )
        for pk in p["pockets"]:
            print(f"    pocket: {pk['actor_name']} holds {pk['facility']}")
        for s in p["sources"]:
            print(f"    {_src(s)}: {_short(s.get('sentence'))}")
        for alt in p.get("alternatives", {}).get("holder", [])[1:]:
            print(f"    disputed: {alt['value']} ({alt['kind']}, {len(alt['sources'])} report(s))")
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    from sitroom.resolve.control import changes

    with _open(args) as store:
        rows = changes(store, args.from_, args.to, kind=args.kind, actor=args.actor, known_on=args.known_on)
    if args.json:
        _dump({"from": args.from_.isoformat(), "to": args.to.isoformat(), "changes": rows})
        return 0
    print(f"changes of hands {args.from_} to {args.to}: {len(rows)}")
    for c in rows:
        prev = c["previous_name"] or "unknown"
        cap = f", capital of {c['capital_of']}" if c.get("capital_of") else ""
        cap += ", location approximate" if c.get("approximate") else ""
        print(
            f"- {c['date']} {c['place']} ({c.get('place_kind') or '?'}{cap}): {prev} -> {c['holder_name']}"
            f" [{c['kind']}, {c['status']}; learned {c['learned']}; {len(c['sources'])} report(s)]"
        )
        if c["sources"]:
            print(f"    {_src(c['sources'][0])}: {_short(c['sources'][0].get('sentence'))}")
    return 0


def cmd_claims(args: argparse.Namespace) -> int:
    from sitroom.resolve.claimcheck import check_claims

    with _open(args) as store:
        rows = check_claims(store, kind=args.kind)
    if args.verdict:
        rows = [r for r in rows if r["verdict"] == args.verdict]
    if args.json:
        _dump({"claims": rows})
        return 0
    checked = [r for r in rows if r["verdict"] != "cannot tell"]
    apart = [r for r in rows if r["verdict"] == "cannot tell"]
    print(
        f"claims: {len(rows)} — {sum(r['verdict'] == 'consistent' for r in checked)} consistent, "
        f"{sum(r['verdict'] == 'inconsistent' for r in checked)} inconsistent with the store and the gazetteer, "
        f"{len(apart)} that cannot be checked"
    )

    def show(r: dict, reasons: bool) -> None:
        c = r["claim"]
        print(
            f"- [{r['verdict']}] {c['kind']}: {c['what']} = {c['value']}{' ' + c['unit'] if c.get('unit') else ''}"
            f" ({c.get('published') or '?'})"
        )
        print(f"    said: {_short(r['evidence'].get('sentence'))}")
        for step in r["reasoning"] if reasons else r["reasoning"][-1:]:
            print(f"    - {step}")

    for r in checked:
        show(r, True)
    if apart:
        print(f"cannot be checked ({len(apart)}): nothing in the store or the gazetteer bears on them")
        for r in apart:
            show(r, False)
    return 0


def _forecast_line(f: dict) -> str:
    horizon = f"within {f['horizon_days']} days, " if f.get("horizon_days") is not None else ""
    target = f" [{f['target']}]" if f.get("target") else ""
    line = (
        f"- [{f['status']}] {f['by']}: {f['actor_name'] or ''} {f['what']}{target} ({f.get('modality') or '?'}; "
        f"{horizon}by {f['deadline']}; made {f['made_on']})"
    ).replace(":  ", ": ")
    if f["status"] == "hit":
        o = f["outcome"]
        line += f" -> {o['sub_event_type']} at {o['place']} on {o['date']}, {f['lead_days']} days early"
        if o.get("learned_on") and o["learned_on"] != o["date"]:
            line += f" (learned {o['learned_on']})"
    return line


def cmd_quotes(args: argparse.Namespace) -> int:
    """Who said what: every stored attribution record (direct, mixed, indirect) with its cue and speaker, read from
    the columns of the store's quotes rows (no article is re-read)."""
    out: list[dict[str, Any]] = []

    def span(r: dict[str, Any], name: str, text: str) -> dict[str, Any] | None:
        start, end = r.get(f"{name}_start"), r.get(f"{name}_end")
        return None if start is None or end is None else {"start": start, "end": end, "text": r.get(text)}

    with _open(args) as store:
        for r in store.quotes(speaker=args.speaker):
            mode = r.get("mode") or "direct"
            if args.mode and mode != args.mode:
                continue
            out.append(
                {
                    "article_id": r.get("article_id"),
                    "id": r.get("fact_id"),
                    "published": r.get("published"),
                    "outlet": r.get("article_outlet"),
                    "mode": mode,
                    "speaker": r.get("speaker"),
                    "speaker_type": r.get("speaker_type"),
                    "speaker_id": r.get("speaker_id"),
                    "role": r.get("role"),
                    "told": r.get("quote_outlet"),
                    "source": span(r, "source", "source_text"),
                    "cue": span(r, "cue", "cue_text"),
                    "content": span(r, "text", "text"),
                    "facts": list(r.get("facts") or []),
                    "certainty": r.get("certainty"),
                }
            )
            if args.limit and len(out) >= args.limit:
                break
    if args.json:
        _dump({"quotes": out})
        return 0
    print(f"attributions: {len(out)}")
    for q in out:
        who = q["speaker"] + (f" ({q['role']})" if q.get("role") else "")
        cue = q["cue"]["text"] if q["cue"] else "-"
        src = q["source"]["text"] if q["source"] else "-"
        facts = f" facts: {', '.join(q['facts'])}" if q["facts"] else ""
        print(
            f"- [{q['mode']}] {who} | source {src!r}, cue {cue!r} | {q['published'] or '?'} "
            f"{q['outlet'] or 'unknown outlet'}{facts}"
        )
        print(f"    {_short(q['content']['text'], 140)}")
    return 0


def cmd_forecasts(args: argparse.Namespace) -> int:
    from sitroom.resolve.ledger import forecast_ledger

    with _open(args) as store:
        led = forecast_ledger(store, as_of=args.as_of)
    items = led["forecasts"]
    checkable = [f for f in items if not f["unresolvable"]]
    apart = [f for f in items if f["unresolvable"]]
    if args.json:
        _dump({**led, "forecasts": checkable if args.checkable else items})
        return 0
    order = {"hit": 0, "miss": 1, "open": 2}
    checkable.sort(key=lambda f: (order.get(f["status"], 3), f["made_on"] or "", f["deadline"] or ""))
    n = {k: sum(1 for f in checkable if f["status"] == k) for k in order}
    print(
        f"forecasts as of {led['as_of']}: {len(items)} — {n['hit']} came true, {n['miss']} missed, {n['open']} open"
        f" (checked against the store), {len(apart)} that the store cannot check"
    )
    for f in checkable:
        print(_forecast_line(f))
        if f["status"] == "hit":
            for step in f["outcome"].get("reasoning") or []:
                print(f"    because: {step}")
        print(f"    said: {_short((f.get('evidence') or {}).get('sentence'))}")
    if apart and not args.checkable:
        print(f"cannot be checked against the store ({len(apart)}): no place, no rule for the action, or no deadline")
        for f in apart:
            print(_forecast_line(f) + f" (cannot check: {f['unresolvable']})")
            print(f"    said: {_short((f.get('evidence') or {}).get('sentence'))}")
    print("track record:")
    for r in led["track_record"]:
        if r["forecasts"] == r["unresolvable"]:
            continue
        rate = "n/a" if r["hit_rate"] is None else f"{r['hit_rate']:.0%}"
        print(
            f"- {r['by']}: {r['hits']} hit, {r['misses']} miss, {r['open']} open; hit rate {rate}"
            + (f"; mean lead {r['mean_lead_days']} days" if r["mean_lead_days"] is not None else "")
        )
    return 0


def cmd_stories(args: argparse.Namespace) -> int:
    with _open(args) as store:
        rows = store.stories()
    if args.min_carriers:
        rows = [s for s in rows if len(s["carriers"]) >= args.min_carriers]
    if args.json:
        _dump({"stories": rows})
        return 0
    print(f"stories: {len(rows)}")
    for s in rows:
        print(
            f"- {s['id']} {s.get('published') or '?'} {_short(s.get('title') or '', 70)}: "
            f"{len(s['carriers'])} carrier(s)"
        )
        for c in s["carriers"]:
            print(
                f"    {c.get('published') or '?'} {c.get('outlet') or 'unknown outlet'} ({c['relation']}"
                + (f", similarity {c['similarity']:.2f}" if c.get("similarity") is not None else "")
                + f") {c.get('origin') or ''}"
            )
    return 0


def add_commands(sub) -> None:
    """Add control, changes, claims, forecasts and stories to the ``sitroom`` subparsers."""
    s = Settings()

    def db(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--db", default=s.db, help=f"SQLite store path (default: {s.db})")
        sp.add_argument("--json", action="store_true", help="print one JSON document")

    sp = sub.add_parser(
        "control",
        help="who held what on a day",
        description="Places and their holders on a day, replayed from captures, regains, transfers "
        "and control statements; each with its sources and pockets held by others.",
    )
    sp.add_argument("--at", type=arg_day, required=True, help="the day (YYYY-MM-DD)")
    sp.add_argument(
        "--kind",
        help="provincial-capital, national-capital, capital (from the gazetteer) or a place "
        "kind: city, district, province, country, facility",
    )
    sp.add_argument("--actor", help="only places this actor (id or name) held")
    sp.add_argument("--place", help="only this place (name or gazetteer id)")
    sp.add_argument("--known-on", type=arg_day, help="use only reports published by this day")
    db(sp)
    sp.set_defaults(func=cmd_control)

    sp = sub.add_parser(
        "changes",
        help="what changed hands between two days",
        description="Changes of hands with a valid-from day in the range, with previous holder, "
        "first report and sources.",
    )
    sp.add_argument("--from", dest="from_", type=arg_day, required=True, help="first day (YYYY-MM-DD)")
    sp.add_argument("--to", type=arg_day, required=True, help="last day (YYYY-MM-DD)")
    sp.add_argument("--kind", help="as for `control --kind`")
    sp.add_argument("--actor", help="only changes to or from this actor")
    sp.add_argument("--known-on", type=arg_day, help="use only reports published by this day")
    db(sp)
    sp.set_defaults(func=cmd_changes)

    sp = sub.add_parser(
        "claims",
        help="check stored claims against the store and the gazetteer",
        description="Each claim with a verdict (consistent, inconsistent, cannot tell) and the "
        "reasoning: distances, counts of captures over a window, shares, populations.",
    )
    sp.add_argument("--kind", help="only claims of this kind: distance, count, share, population, assertion")
    sp.add_argument("--verdict", choices=["consistent", "inconsistent", "cannot tell"], help="only this verdict")
    db(sp)
    sp.set_defaults(func=cmd_claims)

    sp = sub.add_parser(
        "forecasts",
        help="the forecast ledger and track record per forecaster",
        description="Forecasts resolved against later events in the store: hit (with lead time), "
        "miss (deadline passed) or open.",
    )
    sp.add_argument(
        "--as-of", type=arg_day, help="judge deadlines on this day (default: the latest publication day in the store)"
    )
    sp.add_argument(
        "--checkable",
        action="store_true",
        help="only forecasts the store can check (a target place, a deadline and a rule for the action)",
    )
    sp.add_argument("--all", action="store_true", help=argparse.SUPPRESS)  # the default now: kept for old scripts
    db(sp)
    sp.set_defaults(func=cmd_forecasts)

    sp = sub.add_parser(
        "quotes",
        help="who said what: attributions with source, cue, content and speaker",
        description="Every attribution record of the stored articles: direct quotes, partly quoted "
        "and reported speech, with the source as written, the cue, the resolved "
        "speaker and the facts read from inside the content.",
    )
    sp.add_argument("--speaker", help="only this speaker (resolved name, any case)")
    sp.add_argument("--mode", choices=["direct", "mixed", "indirect"], help="only this mode")
    sp.add_argument("--limit", type=int, default=0, help="at most this many (default: all)")
    db(sp)
    sp.set_defaults(func=cmd_quotes)

    sp = sub.add_parser(
        "stories",
        help="stories and their carriers (duplicates and reprints)",
        description="Articles grouped into stories: exact duplicates and near-duplicate reprints "
        "are one story with several carriers.",
    )
    sp.add_argument("--min-carriers", type=int, default=0, help="only stories with at least this many carriers")
    db(sp)
    sp.set_defaults(func=cmd_stories)


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - for running without cli.py's wiring
    p = argparse.ArgumentParser(prog="sitroom")
    add_commands(p.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    args = p.parse_args(argv)
    from sitroom.errors import SitroomError

    try:
        return args.func(args)
    except SitroomError as exc:
        print(f"sitroom: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
