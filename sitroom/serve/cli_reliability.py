"""Reliability commands for the ``sitroom`` CLI: ``sitroom check``, added by ``add_commands(subparsers)``."""

from __future__ import annotations

import argparse
import json
import sys

from sitroom.config import Settings


def cmd_check(args: argparse.Namespace) -> int:
    from sitroom.errors import StoreError
    from sitroom.store.check import check_store

    try:
        report = check_store(args.db, quick=args.quick, documents=not args.no_documents)
    except StoreError as exc:
        print(f"sitroom: error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1) if args.json else report.text())
    return 2 if report.unreadable else 0 if report.ok else 1


def add_commands(sub) -> None:
    s = Settings()
    sp = sub.add_parser(
        "check",
        help="check a store's integrity (read-only)",
        description="Check that a store (SQLite or PostgreSQL) is whole and consistent: SQLite integrity, schema version, "
        "foreign keys, every article document parses and matches its fact rows, stories, "
        "the bbox index, unfinished ingest runs. Exit 0 ok, 1 inconsistent, 2 unreadable.",
    )
    sp.add_argument(
        "--db", default=s.db, help=f"store: a SQLite path or postgresql://user:pass@host/db (default: {s.db})"
    )
    sp.add_argument("--quick", action="store_true", help="PRAGMA quick_check instead of integrity_check")
    sp.add_argument("--no-documents", action="store_true", help="skip comparing each article document with its rows")
    sp.add_argument("--json", action="store_true", help="print the report as JSON")
    sp.set_defaults(func=cmd_check)


def main(argv: list[str] | None = None) -> int:
    """``python -m sitroom.serve.cli_reliability check --db ...`` (until cli.py wires add_commands)."""
    p = argparse.ArgumentParser(prog="sitroom")
    add_commands(p.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    args = p.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
