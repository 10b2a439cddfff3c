"""Analyst corrections on the command line, wired into :mod:`sitroom.serve.cli` by ``add_commands(subparsers)``:

``sitroom review`` (facts worth a look), ``sitroom correct ID ...`` (reject, amend, merge, split, add, revert),
``sitroom history ID``, ``sitroom corrections list|export|import`` (JSONL, to share between stores) and
``sitroom reextract`` (read every stored article again with this extractor; corrections are re-applied).
``sitroom eval corrections`` (how often each extractor component was corrected) is :func:`eval_main`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sitroom.config import Settings
from sitroom.errors import ConfigError


def _fields(pairs: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in pairs or []:
        k, sep, v = p.partition("=")
        if not sep or not k.strip():
            raise ConfigError(f"--set {p!r}: expected field=value", hint="e.g. --set type=Battles --set fatalities=3")
        out[k.strip()] = v
    return out


def _span(v: str | None) -> tuple[int, int] | None:
    if v is None:
        return None
    a, sep, b = v.partition(":")
    try:
        return int(a), int(b)
    except ValueError:
        raise ConfigError(f"--evidence {v!r}: expected START:END character offsets") from None


def _author(args: argparse.Namespace) -> str:
    import getpass
    import os

    by = args.by or os.environ.get("SITROOM_AUTHOR")
    if not by:
        try:
            by = getpass.getuser()
        except Exception:  # noqa: BLE001 - no login name: ask for --by
            by = None
    if not by:
        raise ConfigError("who is correcting? pass --by NAME (or set SITROOM_AUTHOR)")
    return by


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=1, default=str))


def _one_line(s: Any, n: int = 100) -> str:
    t = " ".join(str(s or "").split())
    return t if len(t) <= n else t[: n - 1] + "…"


def cmd_review(args: argparse.Namespace) -> int:
    from sitroom.store import open_store
    from sitroom.store.corrections import review

    with open_store(args.db, create=False) as store:
        items = review(
            store,
            since_hours=None if args.since_hours <= 0 else args.since_hours,
            limit=args.limit,
            include_corrected=args.all,
        )
    if args.json:
        _print_json(items)
        return 0
    if not items:
        print("nothing to review")
        return 0
    for it in items:
        mark = " [corrected]" if it["corrected"] else ""
        print(f"{it['id']}  {it['kind']}{mark}  ({', '.join(it['reasons'])})")
        print(f"    {_one_line(it['summary'])}")
        if it.get("evidence"):
            print(f"    “{_one_line(it['evidence'], 140)}”")
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    from sitroom.store import open_store

    chosen = [x for x in ("reject", "merge_into", "split", "add", "revert") if getattr(args, x)]
    if len(chosen) > 1:
        raise ConfigError("give one of --reject, --merge, --split, --add, --revert")
    fields = _fields(args.set)
    action = {"reject": "reject", "merge_into": "merge", "split": "split", "add": "add", "revert": "revert"}.get(
        chosen[0] if chosen else "", "amend"
    )
    if action == "amend" and not fields:
        raise ConfigError(
            f"{args.id}: nothing to do",
            hint="pass --reject, --set field=value, --merge OTHER, "
            "--split --set ..., --add KIND --set ..., or --revert",
        )
    with open_store(args.db, create=False) as store:
        rec = store.correct(
            args.id,
            action,
            fields=fields,
            other=args.merge_into,
            evidence=_span(args.evidence),
            kind=args.add,
            note=args.note or "",
            by=_author(args),
        )
    if args.json:
        _print_json(rec)
        return 0
    what = {
        "reject": "rejected",
        "amend": "amended",
        "merge": f"merged {rec.get('other')} into",
        "split": "split",
        "add": "added",
        "revert": f"reverted correction {rec.get('other')} on",
    }[action]
    print(f"correction {rec['id']} ({rec['uuid'][:8]}) by {rec['author']}: {what} {rec['target']}")
    for k, v in (rec.get("fields") or {}).items():
        old = (rec.get("replaced") or {}).get(k)
        print(f"    {k}: {old!r} -> {v!r}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from sitroom.store import open_store

    with open_store(args.db, create=False) as store:
        h = store.history(args.id)
    if args.json:
        _print_json(h)
        return 0
    print(f"{h['id']}  {h['kind']}  status: {h['status']}")
    if h["machine"] is not None:
        print("  machine: " + _one_line(json.dumps(h["machine"], ensure_ascii=False, default=str), 300))
    if h["current"] is not None and h["current"] != h["machine"]:
        print("  current: " + _one_line(json.dumps(h["current"], ensure_ascii=False, default=str), 300))
    for c in h["corrections"]:
        st = "" if c["status"] == "in force" else f" [{c['status']}]"
        print(
            f"  #{c['id']} {c['at']} {c['author']}: {c['action']}{st}"
            + (f" {json.dumps(c['fields'], ensure_ascii=False, default=str)}" if c["fields"] else "")
            + (
                f" (was {json.dumps({k: c['replaced'].get(k) for k in c['fields']}, ensure_ascii=False, default=str)})"
                if c["fields"] and c["action"] == "amend"
                else ""
            )
            + (f" — {c['note']}" if c["note"] else "")
        )
    return 0


def cmd_corrections(args: argparse.Namespace) -> int:
    from sitroom.store import open_store

    if args.action == "import":
        if not args.file:
            raise ConfigError("corrections import: give the JSONL file ('-' for stdin)")
        records = _read_jsonl(args.file)
        with open_store(args.db, create=False) as store:
            n = store.import_corrections(records, origin=args.file)
        print(f"imported {n} new correction(s) of {len(records)} from {args.file}", file=sys.stderr)
        return 0
    with open_store(args.db, create=False) as store:
        if args.action == "export":
            rows = store.export_corrections()
            text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
            if args.file and args.file != "-":
                with open(args.file, "w", encoding="utf-8") as f:
                    f.write(text)
                print(f"exported {len(rows)} correction(s) to {args.file}", file=sys.stderr)
            else:
                sys.stdout.write(text)
            return 0
        rows = store.corrections(author=args.by, limit=args.limit)
    if args.json:
        _print_json(rows)
        return 0
    for c in rows:
        st = "" if c["status"] == "in force" else f" [{c['status']}]"
        print(
            f"#{c['id']} {c['uuid'][:8]} {c['at']} {c['author']}: {c['action']} {c['target']}{st}"
            + (f" {json.dumps(c['fields'], ensure_ascii=False, default=str)}" if c["fields"] else "")
            + (f" — {_one_line(c['note'], 80)}" if c["note"] else "")
        )
    return 0


def _read_jsonl(path: str) -> list[dict]:
    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    out = []
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except ValueError as exc:
            raise ConfigError(f"{path}:{i}: not JSON ({exc})") from None
    return out


def cmd_reextract(args: argparse.Namespace) -> int:
    from sitroom.model import Article
    from sitroom.pipeline import default_pipeline
    from sitroom.store import open_store

    pipe = default_pipeline()
    n = 0
    with open_store(args.db, create=False) as store:
        for m in [store.machine(r["id"]) for r in store.article_rows()]:
            if m is None:
                continue
            fresh = Article(
                id=m.id,
                text=m.text,
                title=m.title,
                url=m.url,
                outlet=m.outlet,
                published=m.published,
                dateline=None,
                origin=m.origin,
            )
            with pipe.nlp.memory_zone():
                pipe.run(fresh)
            n += store.replace(fresh)
    print(f"re-extracted {n} article(s); corrections re-applied", file=sys.stderr)
    return 0


def eval_main(args: argparse.Namespace) -> int:
    """``sitroom eval corrections``: where analysts corrected the extractor, per component."""
    from sitroom.store import open_store
    from sitroom.store.corrections import correction_stats

    with open_store(args.db, create=False) as store:
        st = correction_stats(store)
    if args.json:
        _print_json(st)
        return 0
    print(f"corrections in force: {st['corrections']}")
    print("facts corrected, by kind:")
    for k, v in st["kinds"].items():
        rate = "-" if v["rate"] is None else f"{100 * v['rate']:.1f}%"
        print(f"  {k:<10} {v['corrected']:>5} of {v['facts']:>6}  {rate}")
    for title, key in (
        ("by action:", "actions"),
        ("by extractor component:", "components"),
        ("by the machine's event type / sub-type:", "machine_types"),
    ):
        if st[key]:
            print(title)
            for k, v in st[key].items():
                print(f"  {v:>5}  {k}")
    return 0


def add_eval(esub) -> None:
    e = esub.add_parser("corrections", help="how often analysts corrected each extractor component (a store)")
    e.add_argument("--db", default=Settings().db, help="store: SQLite path or postgresql:// URL")
    e.add_argument("--json", action="store_true", help="print the counts as JSON")


def add_commands(sub) -> None:
    s = Settings()
    db_help = f"store: a SQLite path or postgresql://user:pass@host/db (default: {s.db})"

    sp = sub.add_parser(
        "review",
        help="list facts an analyst should check",
        description="Facts worth a look: low certainty, background, contested control, dated after "
        "their report, implausible fatalities, weakly resolved places, new ones.",
    )
    sp.add_argument("--db", default=s.db, help=db_help)
    sp.add_argument(
        "--since-hours",
        type=float,
        default=24,
        help="facts of articles stored within this many hours count as new (0: off; default 24)",
    )
    sp.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    sp.add_argument("--all", action="store_true", help="include facts already corrected")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_review)

    sp = sub.add_parser(
        "correct",
        help="correct a fact (kept as a version with author, time and note)",
        description="Reject, amend, merge, split or add a fact, or revert a correction. The machine's "
        "version is kept; every view shows the corrected one.",
    )
    sp.add_argument(
        "id",
        help="the fact's id as the views show it (ARTICLE:e2, ARTICLE:k1, ARTICLE:p3, "
        "ARTICLE:@actor); with --add the article id; with --revert the correction's number "
        "or uuid",
    )
    sp.add_argument("--reject", action="store_true", help="the fact is wrong: take it out of every view")
    sp.add_argument(
        "--set",
        action="append",
        metavar="FIELD=VALUE",
        help="amend a field (type, sub_type, actor1, actor2, place, lat, lon, date, fatalities, "
        "certainty, background; controller, status, since; speaker ...); repeatable",
    )
    sp.add_argument(
        "--merge", dest="merge_into", metavar="OTHER_ID", help="OTHER_ID tells the same happening: fold it into ID"
    )
    sp.add_argument("--split", action="store_true", help="ID tells two happenings: the --set fields make the second")
    sp.add_argument(
        "--add",
        metavar="KIND",
        help="add a fact the extractor missed to article ID: events, control, "
        "claims, forecasts or quotes (needs --evidence and --set)",
    )
    sp.add_argument("--evidence", metavar="START:END", help="character offsets of the sentence that tells it")
    sp.add_argument("--revert", action="store_true", help="undo correction ID")
    sp.add_argument("--note", help="why (kept with the correction, shown in exports)")
    sp.add_argument("--by", help="your name (default: $SITROOM_AUTHOR, else the login name)")
    sp.add_argument("--db", default=s.db, help=db_help)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_correct)

    sp = sub.add_parser("history", help="a fact's versions: the machine's, the current, each correction")
    sp.add_argument("id", help="the fact's id (ARTICLE:e2)")
    sp.add_argument("--db", default=s.db, help=db_help)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_history)

    sp = sub.add_parser(
        "corrections",
        help="list, export or import corrections (JSONL)",
        description="list: newest first; export: every correction as JSONL; import: add a JSONL "
        "file's corrections (those already here are skipped) and apply them.",
    )
    sp.add_argument("action", choices=["list", "export", "import"])
    sp.add_argument("file", nargs="?", help="export: file to write (default stdout); import: file to read ('-': stdin)")
    sp.add_argument("--by", help="list: only this author's")
    sp.add_argument("--limit", type=int, help="list: at most this many")
    sp.add_argument("--db", default=s.db, help=db_help)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_corrections)

    sp = sub.add_parser(
        "reextract",
        help="read every stored article again with this extractor (corrections stay)",
        description="Re-run the pipeline on each stored article's text and store the new facts in "
        "place of the old; stories, carriers and corrections are kept and re-applied.",
    )
    sp.add_argument("--db", default=s.db, help=db_help)
    sp.set_defaults(func=cmd_reextract)
