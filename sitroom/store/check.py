"""``sitroom check``: is a store whole and consistent? Read-only (a SQLite file is opened with ``mode=ro``, a
PostgreSQL store in a read-only session; nothing is migrated or repaired).

Checks, each reported as ``ok``, ``FAIL`` (the store is inconsistent: exit 1) or ``note``:

* ``sqlite``: ``PRAGMA integrity_check`` (``quick_check`` with ``quick=True``); on PostgreSQL ``postgresql``: the
  server answers and the session is read-only (pages are the server's business: its own checksums and WAL);
* ``schema``: ``meta.schema_version`` is the version this sitroom writes (older: ``note``, opening it migrates);
* ``foreign-keys``: ``PRAGMA foreign_key_check`` (SQLite), plus every fact, place, actor row's article exists;
* ``documents``: every article's JSON document parses as an Article whose id is the row's id, and its facts,
  places and actors equal the rows stored for it (the rows are recomputed from the document and compared, column
  by column) -- so no article is visible with part of its facts;
* ``stories``: every article is a story with its original carrier (schema 2);
* ``bbox-index``: the R*Tree holds exactly the located events (schema 3; on PostgreSQL a view of the events);
* ``journal``: ingest runs left unfinished (a killed run: rerun the same command to resume) -- a note.

Exit codes: 0 all ok, 1 some check failed, 2 the file cannot be opened as a sitroom store or cannot be read to
the end (damaged pages, text that is not UTF-8: the checks read so far are printed, with a FAIL naming the error).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.errors import StoreError

ROW_TABLES = ("actors", "places", "events", "control", "claims", "forecasts", "quotes")
MAX_EXAMPLES = 5


@dataclass
class Finding:
    check: str
    status: str  # ok | FAIL | note
    detail: str
    examples: list[str] = field(default_factory=list)


@dataclass
class Report:
    path: str
    findings: list[Finding] = field(default_factory=list)
    articles: int = 0
    unreadable: bool = False  # a read failed part way (damaged pages or text): exit 2, the checks did not finish

    @property
    def ok(self) -> bool:
        return all(f.status != "FAIL" for f in self.findings)

    def add(self, check: str, status: str, detail: str, examples: list[str] | None = None) -> None:
        self.findings.append(Finding(check, status, detail, list(examples or [])[:MAX_EXAMPLES]))

    def text(self) -> str:
        lines = [f"sitroom check {self.path}"]
        for f in self.findings:
            lines.append(f"  {f.status:<4}  {f.check:<13} {f.detail}")
            lines += [f"              - {e}" for e in f.examples]
        bad = sum(f.status == "FAIL" for f in self.findings)
        if self.unreadable:
            lines.append(
                "store cannot be read to the end: it looks damaged (restore a backup, or rebuild it with "
                "`sitroom ingest`)"
            )
        else:
            lines.append("store is consistent" if not bad else f"store is NOT consistent: {bad} check(s) failed")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "ok": self.ok,
            "unreadable": self.unreadable,
            "articles": self.articles,
            "findings": [f.__dict__ for f in self.findings],
        }


def _open_ro(path: str) -> sqlite3.Connection:
    p = Path(path)
    if not p.is_file():
        raise StoreError(f"{path}: no store there", hint="give the --db path of an existing store")
    from sitroom.store.readonly import connect_ro

    try:
        con = connect_ro(path)  # mode=ro; immutable in a read-only folder
    except sqlite3.OperationalError as exc:
        raise StoreError(
            f"{path}: cannot open the store read-only ({exc})", hint="check that the file is readable"
        ) from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path}: not an SQLite database, or its header is damaged ({exc})",
            hint="give the --db path of a sitroom store",
        ) from None
    con.row_factory = sqlite3.Row
    con.execute("PRAGMA busy_timeout = 30000")
    return con


def _tables(con: Any) -> set[str]:
    if isinstance(con, sqlite3.Connection):
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    return {
        r[0]
        for r in con.raw.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()
    }


def _norm(v: Any) -> Any:
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, float) and v.is_integer():
        return v  # REAL stays REAL
    return v


def _expected_rows(article: Any, con: Any = None) -> dict[str, list[dict[str, Any]]]:
    """The rows the document implies, with the analysts' corrections in force applied (schema 5)."""
    from sitroom.store.corrections import corrected_rows, stored_corrections

    return corrected_rows(article, stored_corrections(con, article.id) if con is not None else [])


def _key(table: str, row: dict[str, Any]) -> str:
    return str(row["uid"]) if "uid" in row else f"{row['article_id']}:{row['id']}"


def _compare(con: Any, article: Any, tables: set[str]) -> list[str]:
    """Differences between the rows stored for ``article`` and the rows its document implies."""
    out: list[str] = []
    want = _expected_rows(article, con if "corrections" in tables else None)
    for table in ROW_TABLES:
        if table not in tables:
            continue
        have = {
            _key(table, dict(r)): dict(r)
            for r in con.execute(f"SELECT * FROM {table} WHERE article_id = ?", (article.id,))
        }
        exp = {_key(table, r): r for r in want.get(table, [])}
        missing, extra = sorted(set(exp) - set(have)), sorted(set(have) - set(exp))
        if missing:
            out.append(f"{table}: {len(missing)} row(s) in the document but not stored ({', '.join(missing[:3])})")
        if extra:
            out.append(f"{table}: {len(extra)} stored row(s) not in the document ({', '.join(extra[:3])})")
        for k in sorted(set(exp) & set(have)):
            cols = [c for c in exp[k] if c in have[k] and _norm(exp[k][c]) != _norm(have[k][c])]
            if cols:
                out.append(
                    f"{table} {k}: stored {cols[0]}={have[k][cols[0]]!r}, document says {exp[k][cols[0]]!r}"
                    + (f" (+{len(cols) - 1} more columns)" if len(cols) > 1 else "")
                )
                break
    return out


def _documents(con: Any, tables: set[str], report: Report) -> None:
    from sitroom.model import Article
    from sitroom.store.schema import upgrade_document

    bad_doc: list[str] = []
    bad_rows: list[str] = []
    n = 0
    for r in _iter(con, "SELECT id, schema_version, doc FROM articles ORDER BY id"):
        n += 1
        try:
            doc = json.loads(r["doc"])
            if r["schema_version"] is not None and r["schema_version"] < _latest():
                doc = upgrade_document(doc, r["schema_version"])
            a = Article.model_validate(doc)
        except (ValueError, TypeError) as exc:
            bad_doc.append(f"{r['id']}: document does not parse ({str(exc).splitlines()[0][:120]})")
            continue
        if a.id != r["id"]:
            bad_doc.append(f"{r['id']}: document's id is {a.id!r}")
            continue
        diffs = _compare(con, a, tables)
        if diffs:
            bad_rows.append(f"{r['id']}: {diffs[0]}" + (f" (+{len(diffs) - 1} more)" if len(diffs) > 1 else ""))
    report.articles = n
    if bad_doc:
        report.add("documents", "FAIL", f"{len(bad_doc)} of {n} article documents cannot be read", bad_doc)
    if bad_rows:
        report.add("fact-rows", "FAIL", f"{len(bad_rows)} of {n} articles' rows differ from their documents", bad_rows)
    if not bad_doc and not bad_rows:
        report.add("documents", "ok", f"{n} article documents parse and match their {_row_count(con, tables)} rows")


def _iter(con: Any, sql: str, params: Any = ()) -> Iterator[Any]:
    cur = con.execute(sql, params)
    while True:
        batch = cur.fetchmany(256)
        if not batch:
            return
        yield from batch


def _row_count(con: Any, tables: set[str]) -> int:
    return sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ROW_TABLES if t in tables)


def _latest() -> int:
    from sitroom.store.schema import LATEST

    return LATEST


def _check_engine(con: Any, pg: bool, quick: bool, report: Report) -> None:
    """PostgreSQL: the server answers read-only; SQLite: PRAGMA integrity_check (quick_check)."""
    if pg:
        ver = con.raw.execute("SHOW server_version").fetchone()[0]
        ro = con.raw.execute("SHOW default_transaction_read_only").fetchone()[0]
        report.add("postgresql", "ok", f"server {ver} answers; read-only session ({ro})")
    else:
        pragma = "quick_check" if quick else "integrity_check"
        res = [r[0] for r in con.execute(f"PRAGMA {pragma}")]
        if res == ["ok"]:
            report.add("sqlite", "ok", f"PRAGMA {pragma}")
        else:
            report.add("sqlite", "FAIL", f"PRAGMA {pragma}: {len(res)} problem(s)", res)


def _check_schema(con: Any, report: Report) -> None:
    """meta.schema_version is the version this sitroom writes (older: a note)."""
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        version = int(row[0]) if row else None
    except ValueError:
        version = None
    latest = _latest()
    if version == latest:
        report.add("schema", "ok", f"schema version {version}")
    elif version is not None and 0 < version < latest:
        report.add(
            "schema",
            "note",
            f"schema version {version}; this sitroom writes {latest} (opening the store for writing migrates it)",
        )
    else:
        report.add("schema", "FAIL", f"schema version {row[0] if row else None!r}, expected 1..{latest}")


def _check_foreign_keys(con: Any, pg: bool, tables: set[str], report: Report) -> None:
    """PRAGMA foreign_key_check (SQLite) and every row's article stored."""
    fk = [] if pg else con.execute("PRAGMA foreign_key_check").fetchall()
    orphans = []
    for t in ROW_TABLES:
        if t in tables:
            n = con.execute(
                f"SELECT count(*) FROM {t} t LEFT JOIN articles a ON a.id = t.article_id WHERE a.id IS NULL"
            ).fetchone()[0]
            if n:
                orphans.append(f"{t}: {n} row(s) whose article is not stored")
    if fk or orphans:
        report.add(
            "foreign-keys",
            "FAIL",
            f"{len(fk)} foreign key violation(s); {len(orphans)} table(s) with orphans",
            orphans + [f"{r[0]} rowid {r[1]} → {r[2]}" for r in fk],
        )
    else:
        report.add("foreign-keys", "ok", "every row's article and story exists")


def _check_stories(con: Any, report: Report) -> None:
    """Every article is a story with its original carrier."""
    n = con.execute("SELECT count(*) FROM articles a LEFT JOIN stories s ON s.id = a.id WHERE s.id IS NULL").fetchone()[
        0
    ]
    m = con.execute(
        "SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM carriers c WHERE"
        " c.story_id = s.id AND c.relation = 'original')"
    ).fetchone()[0]
    if n or m:
        report.add("stories", "FAIL", f"{n} article(s) without a story, {m} story(ies) without its original")
    else:
        report.add("stories", "ok", "every article is a story with its original carrier")


def _check_bbox_index(con: Any, report: Report) -> None:
    """The R*Tree holds exactly the located events."""
    a = con.execute("SELECT count(*) FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL").fetchone()[0]
    b = con.execute("SELECT count(*) FROM ev_rtree").fetchone()[0]
    stray = con.execute(
        "SELECT count(*) FROM ev_rtree r LEFT JOIN events e ON e.rowid = r.id WHERE e.rowid IS NULL OR e.lat IS NULL"
    ).fetchone()[0]
    if a != b or stray:
        report.add("bbox-index", "FAIL", f"R*Tree holds {b} boxes for {a} located events ({stray} stray)")
    else:
        report.add("bbox-index", "ok", f"R*Tree holds the {a} located events")


def _check_journal(con: Any, report: Report) -> None:
    """Ingest runs left unfinished (a note)."""
    open_runs = con.execute("SELECT id, started, inputs FROM runs WHERE finished IS NULL ORDER BY id").fetchall()
    if open_runs:
        report.add(
            "journal",
            "note",
            f"{len(open_runs)} ingest run(s) did not finish (killed?); rerun the "
            "same `sitroom ingest` command to resume",
            [f"run {r['id']} started {r['started']}: {', '.join(json.loads(r['inputs'])[:3])}" for r in open_runs],
        )
    else:
        report.add("journal", "ok", "no unfinished ingest run")


def check_store(path: str, *, quick: bool = False, documents: bool = True) -> Report:
    """Run every check on the store at ``path`` (a SQLite path/URL or ``postgresql://...``; read-only). Raises
    StoreError when it cannot be opened."""
    from sitroom.store import is_postgres, sqlite_path

    pg = is_postgres(path)
    if pg:
        from sitroom.store.postgres import redact

        url, path = str(path).strip(), redact(str(path).strip())
        import psycopg

        from sitroom.store.postgres import connect

        con: Any = connect(url, read_only=True)
        errors: tuple[type[BaseException], ...] = (psycopg.Error,)
    else:
        path = sqlite_path(path)
        con = _open_ro(path)
        errors = (sqlite3.DatabaseError, UnicodeDecodeError)  # a flipped byte in a TEXT value fails to decode
    report = Report(path)
    try:
        tables = _tables(con)
        if "meta" not in tables or "articles" not in tables:
            what = "a PostgreSQL schema" if pg else "an SQLite database"
            raise StoreError(
                f"{path}: {what} but not a sitroom store (no meta/articles table)",
                hint="give the --db of a sitroom store",
            )
        _check_engine(con, pg, quick, report)
        _check_schema(con, report)
        _check_foreign_keys(con, pg, tables, report)
        if documents:
            _documents(con, tables, report)

        if "stories" in tables:
            _check_stories(con, report)

        if "ev_rtree" in tables:
            _check_bbox_index(con, report)

        if "runs" in tables:
            _check_journal(con, report)
    except errors as exc:
        report.unreadable = True
        report.add(
            "postgresql" if pg else "sqlite",
            "FAIL",
            f"cannot read the store: {type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}",
        )
    finally:
        con.close()
    return report
