"""The ``sitroom`` command: thin argument parsing over the library.

Each subcommand is a function ``cmd_NAME(args) -> int`` (the exit code). Heavy
modules are imported inside the commands so ``sitroom --help`` is instant.
Exit codes: 0 ok, 1 some inputs failed (the rest were processed), 2 usage or
configuration error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sitroom.config import Settings
from sitroom.days import arg_day
from sitroom.errors import ConfigError, SitroomError


def _err(msg: str) -> None:
    print(f"sitroom: error: {msg}", file=sys.stderr)


# --------------------------------------------------------------------------- commands


def cmd_extract(args: argparse.Namespace) -> int:
    from sitroom.ingest import read_paths
    from sitroom.pipeline import Pipeline

    pipe = Pipeline(Settings())
    failed = 0
    docs = []
    for item in read_paths(args.paths, published=args.published, outlet=args.outlet, url=args.url):
        if isinstance(item, SitroomError):
            _err(str(item))
            failed += 1
            continue
        try:
            doc = pipe.run(item)
        except SitroomError as exc:
            _err(f"{item.origin}: {exc}")
            failed += 1
            continue
        docs.append(doc)
        if args.json:
            print(doc.model_dump_json(exclude_none=True))
        else:
            from sitroom.serve.report import describe_article

            print(describe_article(doc))
    return 1 if failed else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from sitroom.engine import engine_kwargs
    from sitroom.engine.lifecycle import Stopped, stop_on_signals
    from sitroom.engine.run import ingest_paths

    try:
        with stop_on_signals():  # SIGTERM/SIGINT: roll back the open article, stop the workers, close the store
            summary = ingest_paths(
                args.paths,
                db=args.db,
                published=args.published,
                outlet=args.outlet,
                url=args.url,
                quiet=args.quiet,
                allow_private=args.allow_private,
                **engine_kwargs(args),
            )
    except Stopped as exc:
        _err(f"stopped by {exc.name}: what was stored is kept; run the same command again to resume")
        return 128 + exc.signum
    if not args.quiet:
        print(summary.line())
    return 1 if summary.failed else 0


def cmd_report(args: argparse.Namespace) -> int:
    from sitroom.serve.report import situation_report
    from sitroom.store import open_store

    if args.since and args.until and args.since > args.until:
        raise ConfigError(f"--since {args.since} is after --until {args.until}")
    with open_store(args.db, create=False, read_only=True) as store:
        print(
            situation_report(
                store,
                since=args.since,
                until=args.until,
                place=args.place,
                event_type=args.type,
                actor=args.actor,
                limit=None if args.all else args.limit,
            )
        )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from sitroom.serve.demo import run_demo

    return run_demo(shared=Path(args.shared), db=args.db, serve=not args.no_serve, host=args.host, port=args.port)


def cmd_gazetteer(args: argparse.Namespace) -> int:
    from sitroom import gazetteer

    if args.action == "build":
        path = Path(args.path) if args.path else Settings().gazetteer
        stats = gazetteer.build(path, force=args.force)
        if not args.quiet:
            print(f"gazetteer: {path} ({stats})")
        return 0
    if args.action == "import":
        from sitroom.gazetteer.importer import import_files

        if not args.names:
            raise ConfigError(
                "gazetteer import needs one or more GeoNames dump files",
                hint="e.g. allCountries.zip, AF.zip, cities500.zip, admin1CodesASCII.txt, alternateNamesV2.zip",
            )
        path = Path(args.path) if args.path else Settings().gazetteer
        gazetteer.Gazetteer(path).close()  # builds the index first if it is missing
        print(f"gazetteer: {import_files(path, args.names)}")
        return 0
    if args.explain and args.action != "lookup":
        raise ConfigError("--explain goes with `gazetteer lookup`", hint='sitroom gazetteer lookup --explain "TEXT"')
    if args.action == "lookup":
        gaz = gazetteer.Gazetteer(Path(args.path) if args.path else Settings().gazetteer)
        if args.explain:
            from sitroom.extract.nlp import load_nlp
            from sitroom.extract.places import explain

            for text in [*args.explain, *args.names]:
                print(explain(text, load_nlp(Settings().spacy_model), gaz))
            return 0
        for name in args.names:
            found = gaz.lookup(name)
            other = gaz.other_points(e.id for e in found)
            for e in found:
                also = "".join(f"\talso {src} {lat:.4f},{lon:.4f}" for src, lat, lon in other.get(e.id, []))
                print(
                    f"{name}\t{e.kind}\t{e.name}\t{e.country}\t{e.lat:.4f},{e.lon:.4f}\tpop={e.population}\t{e.id}"
                    f"{also}"
                )
        return 0
    raise AssertionError(args.action)


def cmd_eval(args: argparse.Namespace) -> int:
    if args.stage == "seed":
        from sitroom.eval.seed import main as seed_main

        return seed_main(Path(args.shared))
    if args.stage == "geoparse":
        from sitroom.eval.geoparse import main as geo_main

        return geo_main(args)
    if args.stage == "isaf":
        from sitroom.eval.isaf import main as isaf_main

        return isaf_main(args)
    if args.stage == "timex":
        from sitroom.eval.timex import main as timex_main

        return timex_main(args)
    if args.stage == "plover":
        from sitroom.eval.plover import main as plover_main

        return plover_main(args)
    if args.stage == "petrarch":
        from sitroom.eval.petrarch import main as petrarch_main

        return petrarch_main(args)
    if args.stage == "situation":
        from sitroom.eval.situation import main as situation_main

        return situation_main(args)
    if args.stage == "attribution":
        from sitroom.eval.attribution import main as attribution_main

        return attribution_main(args)
    if args.stage == "events":
        from sitroom.eval.events import main as events_main

        return events_main(args)
    if args.stage == "corrections":
        from sitroom.serve.cli_corrections import eval_main

        return eval_main(args)
    raise AssertionError(args.stage)


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    s = Settings()
    p = argparse.ArgumentParser(prog="sitroom", description="Read conflict news; keep the sourced situation picture.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def meta(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--published", type=arg_day, help="publication date (YYYY-MM-DD) for inputs that carry none")
        sp.add_argument("--outlet", help="outlet name for inputs that carry none")
        sp.add_argument("--url", help="URL for inputs that carry none")

    sp = sub.add_parser(
        "extract",
        help="print the facts of one or more articles",
        description="Run the pipeline on files and print their facts (no store).",
    )
    sp.add_argument("paths", nargs="+", help="text or JSONL files ('-' for stdin)")
    sp.add_argument("--json", action="store_true", help="one JSON document per article (schema: docs/schema.json)")
    meta(sp)
    sp.set_defaults(func=cmd_extract)

    sp = sub.add_parser(
        "ingest",
        help="extract articles into the store",
        description="Run the pipeline on files and directories and store the results.",
    )
    sp.add_argument(
        "paths",
        nargs="+",
        help="text, JSONL, JSON, HTML, RSS/Atom and WARC files (plain or .gz), "
        "directories, http(s) URLs of pages or feeds, '-' for stdin",
    )
    sp.add_argument("--db", default=s.db, help=f"SQLite store path (default: {s.db})")
    sp.add_argument("--quiet", action="store_true", help="print errors only")
    sp.add_argument(
        "--allow-private",
        action="store_true",
        help="let URL inputs be fetched from loopback, private and link-local addresses (refused by default)",
    )
    meta(sp)
    from sitroom.engine import add_engine_options

    add_engine_options(sp)
    sp.set_defaults(func=cmd_ingest)

    sp = sub.add_parser(
        "report",
        help="print the situation summary of a store",
        description="Events by place and day, control, forecasts, quotes: the most recent lines of "
        "each section unless --all.",
    )
    sp.add_argument("--db", default=s.db, help=f"SQLite store path (default: {s.db})")
    sp.add_argument("--since", type=arg_day, help="first day (YYYY-MM-DD)")
    sp.add_argument("--until", type=arg_day, help="last day (YYYY-MM-DD)")
    sp.add_argument("--place", help="only events at this place (name or gazetteer id) and its control")
    sp.add_argument("--type", help="only events of this ACLED event type or sub-type")
    sp.add_argument("--actor", help="only events, control, forecasts and quotes of this actor (id or name)")
    sp.add_argument("--limit", type=int, default=15, help="most recent lines of each section (default: %(default)s)")
    sp.add_argument("--all", action="store_true", help="print every line of every section")
    sp.set_defaults(func=cmd_report)

    sp = sub.add_parser(
        "demo", help="ingest the demo corpus, print the summary, serve the map", description="What `make demo` runs."
    )
    sp.add_argument("--shared", default=str(s.shared), help="folder with seed/ and corpus/ (default: %(default)s)")
    sp.add_argument("--db", default="sitroom-demo.sqlite", help="store to (re)build (default: %(default)s)")
    sp.add_argument("--no-serve", action="store_true", help="stop after printing the summary")
    sp.add_argument("--host", default="127.0.0.1", help="address to serve on (default: %(default)s)")
    sp.add_argument("--port", type=int, default=8000, help="port to serve on (default: %(default)s)")
    sp.set_defaults(func=cmd_demo)

    sp = sub.add_parser("gazetteer", help="build or query the place index", description="The local gazetteer (SQLite).")
    sp.add_argument(
        "action",
        choices=["build", "lookup", "import"],
        help="build: create the index; lookup: print candidates; import: add GeoNames dump files",
    )
    sp.add_argument("names", nargs="*", help="names to look up, or GeoNames files to import")
    sp.add_argument("--path", help=f"index file (default: {s.gazetteer})")
    sp.add_argument("--force", action="store_true", help="rebuild even if the index exists")
    sp.add_argument("--quiet", action="store_true", help="print nothing on success")
    sp.add_argument(
        "--explain",
        metavar="TEXT",
        action="append",
        help="lookup: find and resolve the places of TEXT (a sentence or more; repeatable) and print each "
        "with its confidence and the reason it won",
    )
    sp.set_defaults(func=cmd_gazetteer)

    _add_eval(sub, s)

    from sitroom.serve.cli_serve import add_commands as add_serve_commands

    add_serve_commands(sub)
    from sitroom.serve.cli_situation import add_commands as add_situation_commands

    add_situation_commands(sub)
    from sitroom.serve.cli_reliability import add_commands as add_reliability_commands

    add_reliability_commands(sub)
    from sitroom.serve.cli_corrections import add_commands as add_correction_commands

    add_correction_commands(sub)
    return p


def _add_eval(sub: Any, s: Settings) -> None:  # sub: the subparsers action of build_parser
    """``sitroom eval STAGE``: one subcommand per gold set."""
    sp = sub.add_parser(
        "eval", help="score a stage on a gold set", description="Evaluation commands; each prints its metrics."
    )
    esub = sp.add_subparsers(dest="stage", required=True, metavar="STAGE")
    e = esub.add_parser("seed", help="check the seed article against seed/expected.yaml")
    e.add_argument("--shared", default=str(s.shared), help="folder with seed/ (default: %(default)s)")
    e = esub.add_parser("geoparse", help="toponym detection and resolution on a JSONL, GeoVirus or project gold set")
    e.add_argument(
        "file",
        help="gold JSONL (text, toponyms[start,end,lat,lon]), GeoVirus folder/xml, or a project "
        "gold folder such as gold/world-voa (toponym records; tune and held scored apart)",
    )
    e.add_argument(
        "--shared", default=str(s.shared), help="folder with corpus/ for a project gold folder (default: %(default)s)"
    )
    e.add_argument("--gold-spans", action="store_true", help="resolve the gold spans (no detection)")
    e.add_argument("--limit", type=int, help="score only the first N articles")
    e.add_argument("--json", action="store_true", help="print metrics as JSON")
    e = esub.add_parser("isaf", help="events on ISAF press releases: per-field accuracy")
    e.add_argument(
        "file",
        help="JSONL with text and gold (start_date, event_type, province, target_group, min_killed, min_captured)",
    )
    e.add_argument("--limit", type=int, help="score only the first N releases")
    e.add_argument("--json", action="store_true", help="print metrics as JSON")
    e.add_argument(
        "--errors",
        action="store_true",
        help="first list every miss: id, field, gold, predicted, release date, the main event's sentence",
    )
    e = esub.add_parser("timex", help="temporal expressions on TimeML .tml files")
    e.add_argument("dir", help="a folder of .tml files, or one file")
    e.add_argument("--json", action="store_true", help="print metrics as JSON")
    e = esub.add_parser("plover", help="event coding agreement with the PLOVER gold records (a report, not a target)")
    e.add_argument("file", help="PLOVER gold records JSON (e.g. eval/plover-gsr/PLOVER_GSR_CAMEO.json) or its folder")
    e.add_argument("--limit", type=int, help="score only the first N records")
    e.add_argument("--json", action="store_true", help="print metrics as JSON")
    e = esub.add_parser(
        "petrarch", help="CAMEO root agreement with the PETRARCH2 unit-test records (a report, not a target)"
    )
    e.add_argument(
        "file", help="PETRARCH unit-test records XML (eval/petrarch2-unittest/PETR.UnitTest.records.xml) or its folder"
    )
    e.add_argument("--limit", type=int, help="score only the first N records")
    e.add_argument("--json", action="store_true", help="print metrics as JSON")
    e = esub.add_parser(
        "situation", help="changes of hands against the project's gold (recall, precision, actor named)"
    )
    e.add_argument("gold", help="gold folder of JSONL records (e.g. gold/world-voa; format: gold/README.md)")
    e.add_argument("--shared", default=str(s.shared), help="folder with corpus/ (default: %(default)s)")
    e.add_argument("--split", help="split.yaml naming the tune and held texts (default: next to the gold folder)")
    e.add_argument("--part", choices=["tune", "held"], help="score only the tune or the held texts")
    e.add_argument("--errors", action="store_true", help="first list every missed, false and unnamed change")
    e.add_argument("--json", action="store_true", help="print metrics as JSON")
    e = esub.add_parser("attribution", help="attribution records (who said what, cue, mode) on the project's gold")
    e.add_argument("gold", help="a gold folder of the project's format (gold/world-voa)")
    e.add_argument("--shared", default=str(s.shared), help="folder with corpus/ (default: %(default)s)")
    e.add_argument("--split", help="split.yaml with the tune and held files (default: the gold folder's parent's)")
    e.add_argument("--json", action="store_true", help="print metrics as JSON")
    e.add_argument(
        "--mismatches", action="store_true", help="with --json: every miss, spurious record and wrong speaker or cue"
    )
    e = esub.add_parser("events", help="events per ACLED sub-event type against gold event / sentence records")
    e.add_argument("gold", nargs="+", help="gold folders (e.g. gold/world-voa gold/written gold/gate)")
    e.add_argument("--shared", default=str(s.shared), help="folder with corpus/ (default: %(default)s)")
    e.add_argument("--split", help="the tune/held split (default: gold/split.yaml)")
    e.add_argument(
        "--part",
        action="append",
        help="score only this part: tune, held, whitehouse, written-dev, written-train, written-blind_tune, "
        "written-blind_held (repeatable)",
    )
    e.add_argument(
        "--items",
        action="store_true",
        help="instead of metrics, every missed and false event of the named parts as JSON lines (not held, *_held)",
    )
    e.add_argument("--json", action="store_true", help="print metrics as JSON")
    from sitroom.serve.cli_corrections import add_eval

    add_eval(esub)
    sp.set_defaults(func=cmd_eval)


def _is_damage(exc: BaseException) -> bool:
    """An error a damaged store raises from inside a read: sqlite3's, text that is not UTF-8, a stored document
    that no longer parses as an Article."""
    import sqlite3

    from pydantic import ValidationError

    from sitroom.store.readonly import is_damage

    return is_damage(exc) or isinstance(exc, (sqlite3.DatabaseError, ValidationError))


def main(argv: list[str] | None = None) -> int:
    try:
        parser = build_parser()  # reads the settings: a bad environment variable is a usage error (exit 2)
    except ConfigError as exc:
        _err(str(exc))
        return 2
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except SitroomError as exc:
        _err(str(exc))
        return 2
    except Exception as exc:
        if getattr(args, "db", None) and _is_damage(exc):  # raised from inside a query on a damaged store
            from sitroom.store.readonly import damaged

            _err(str(damaged(str(args.db), exc)))
            return 2
        raise
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `sitroom ... | head`: the reader left; say nothing more
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
