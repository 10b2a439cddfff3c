"""``sitroom serve`` and ``sitroom export``: parser setup and commands, wired into :mod:`sitroom.serve.cli`
by ``add_commands(subparsers)``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from sitroom.config import Settings
from sitroom.days import arg_day
from sitroom.errors import ConfigError

# The commands import what they run when they run: this module is imported on every CLI start (`sitroom --help`),
# and the store (numpy via dedup), the gazetteer and the API's models are not needed for that.


def cmd_serve(args: argparse.Namespace) -> int:
    from sitroom.serve.api import TOKEN_ENV, load_token, serve_forever
    from sitroom.serve.api.routes.corrections import load_tokens

    token = load_token(args.token_file)
    tokens = load_tokens(args.tokens)
    mode = (
        "writes: POST /api/articles with the token"
        if token
        else f"read-only (--token-file or {TOKEN_ENV} enables POST /api/articles)"
    )
    print(f"Serving the map on http://{args.host}:{args.port}/  ({mode}; Ctrl-C to stop)", flush=True)
    serve_forever(db=args.db, host=args.host, port=args.port, token=token, tokens=tokens)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from sitroom.gazetteer import default_gazetteer
    from sitroom.serve.export import BINARY

    filters = dict(since=args.since, until=args.until, event_type=args.type, actor=args.actor, place=args.place)
    if args.within:
        if not args.place:
            raise ConfigError("--within needs --place (the place to look inside)")
        filters["inside"] = default_gazetteer().inside(args.place)
    binary = args.format in BINARY
    if args.limit is not None and args.limit < 1:
        raise ConfigError(f"--limit {args.limit}: must be at least 1")
    if args.output and args.output != "-":
        target = Path(args.output)
        _check_writable(target)
        # written next to the target and renamed when complete: a failed export leaves no half file
        tmp = target.with_name(f".{target.name}.part")
        try:
            with open(
                tmp, "wb" if binary else "w", encoding=None if binary else "utf-8", newline=None if binary else ""
            ) as out:
                n = export_events(args.db, args.format, out, limit=args.limit, mode=args.mode, **filters)
            os.replace(tmp, target)
        except OSError as exc:
            raise ConfigError(f"-o {args.output}: cannot write it ({exc.strerror or exc})") from None
        finally:
            if tmp.exists():
                tmp.unlink()
    else:
        if binary and sys.stdout.isatty():
            raise ConfigError(f"--format {args.format} is binary: not written to a terminal", hint="pass -o FILE")
        n = export_events(
            args.db,
            args.format,
            sys.stdout.buffer if binary else sys.stdout,
            limit=args.limit,
            mode=args.mode,
            **filters,
        )
    if args.output and args.output != "-":
        what = "event reports" if args.format == "jsonl" or args.mode == "reports" else "happenings"
        print(f"exported {n} {what} to {args.output}", file=sys.stderr)
    return 0


def _check_writable(target: Path) -> None:
    """A clear error, before any work, for an output that cannot be written."""
    from sitroom.errors import ConfigError

    where = f"-o {target}"
    if target.is_dir():
        raise ConfigError(f"{where}: is a folder", hint="give a file name, e.g. -o events.csv")
    folder = target.parent
    if not folder.exists():
        raise ConfigError(f"{where}: the folder {folder} does not exist", hint=f"create it first: mkdir -p {folder}")
    if not folder.is_dir():
        raise ConfigError(f"{where}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise ConfigError(f"{where}: not writable (permission denied)")


def export_events(db: str, fmt: str, out, *, limit: int | None = None, mode: str | None = None, **filters: Any) -> int:
    """Write the store's events in ``fmt`` to ``out`` (a text stream; a binary one for Parquet); returns the
    number of rows written (happenings, or event reports with ``mode="reports"`` and for JSONL)."""
    from sitroom.engine import on_terminal
    from sitroom.serve.api.shaping import event_out
    from sitroom.serve.export import WRITERS, render
    from sitroom.store import open_store

    if fmt not in WRITERS:
        raise ConfigError(f"unknown export format {fmt!r}", hint=f"use one of {', '.join(WRITERS)}")
    with open_store(db, create=False, read_only=True) as store:
        query: dict[str, Any] = {k: v for k, v in filters.items() if v is not None}
        if limit:
            query["limit"] = limit
        rows: list[Any] = store.events(**query)
        body, n, _ = render(
            fmt,
            store,
            rows,
            shape=event_out,
            mode=mode,
            each=lambda items, total: on_terminal(items, desc="export", total=total),
        )
    out.write(body)
    return n


def add_commands(sub) -> None:
    s = Settings()
    sp = sub.add_parser(
        "serve",
        help="serve the HTTP API and the map",
        description="Serve the API (/api/...) and the map page (/) over a store.",
    )
    sp.add_argument("--db", default=s.db, help=f"SQLite store path (default: {s.db})")
    sp.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    sp.add_argument("--port", type=int, default=8000, help="port to listen on (default: %(default)s)")
    sp.add_argument(
        "--token-file",
        help="file whose first line is the token that allows POST /api/articles "
        "(else $SITROOM_API_TOKEN; with neither the server is read-only)",
    )
    sp.add_argument(
        "--tokens",
        help="file of named write tokens for corrections, one `NAME TOKEN` a line (the name "
        "is recorded as the correction's author)",
    )
    sp.set_defaults(func=cmd_serve)

    sp = sub.add_parser(
        "export",
        help="export events as ACLED-style CSV, GeoJSON, JSONL or Parquet",
        description="Write the store's events to a file or stdout.",
    )
    sp.add_argument("--db", default=s.db, help=f"SQLite store path (default: {s.db})")
    sp.add_argument(
        "--format",
        choices=["csv", "geojson", "jsonl", "parquet"],
        default="csv",
        help="csv: ACLED columns plus sitroom's (default); geojson; jsonl; parquet: the CSV's columns, typed",
    )
    sp.add_argument("-o", "--output", help="file to write (default: stdout)")
    sp.add_argument("--since", type=arg_day, help="first day (YYYY-MM-DD)")
    sp.add_argument("--until", type=arg_day, help="last day (YYYY-MM-DD)")
    sp.add_argument("--type", help="ACLED event_type")
    sp.add_argument("--actor", help="actor id")
    sp.add_argument("--place", help="place name or gazetteer id")
    sp.add_argument(
        "--within",
        action="store_true",
        help="with --place: also events at the places inside it (a province's districts, cities, villages)",
    )
    sp.add_argument("--limit", type=int, help="at most this many event reports read from the store")
    sp.add_argument(
        "--mode",
        choices=["happenings", "reports"],
        default=None,
        help="happenings: one row per happening, ACLED-style, fatalities taken once (the default); "
        "reports: one row per event report with its happening_id (JSONL is always per report)",
    )
    sp.set_defaults(func=cmd_export)
