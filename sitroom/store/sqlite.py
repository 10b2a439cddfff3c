"""The SQLite store: one file, WAL mode, foreign keys on, one writer at a time.

Each article is written whole in one ``BEGIN IMMEDIATE`` transaction: its JSON
document plus one row per actor, place and fact. Re-adding an article whose id is
stored changes nothing. Query methods return plain dicts (denormalised rows that
a report, the API or a CSV writer can use as they are); ``get`` returns the
Article as it was stored.

By concern: this module opens, migrates and writes the store and reads articles back;
:mod:`sitroom.store.queries` the fact queries, :mod:`sitroom.store.stories` the
stories and carriers of duplicates, :mod:`sitroom.store.corrections` the analysts'
corrections (each a mixin of :class:`Store`).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, cast

from sitroom.days import iso
from sitroom.errors import SchemaVersionError, StoreError
from sitroom.model import SCHEMA_VERSION, Article
from sitroom.store.corrections import Corrections
from sitroom.store.queries import Queries
from sitroom.store.readonly import connect_ro, damaged, is_damage
from sitroom.store.rows import FACT_TABLES, ArticleRow, fact_rows, insert_rows
from sitroom.store.schema import BACKFILL, LATEST, MIGRATIONS, needs_migration, statements, upgrade_document
from sitroom.store.stories import Stories, add_carrier, article_signature, nearest_story, new_story

BUSY_TIMEOUT_MS = 30_000

if LATEST != SCHEMA_VERSION:  # pragma: no cover - a development mistake, caught on import
    raise ImportError(f"store migrations end at {LATEST} but the model is at schema version {SCHEMA_VERSION}")


def _hint(exc: BaseException) -> str:
    msg = str(exc).lower()
    if "locked" in msg or "busy" in msg:
        return "another process is writing to it; wait for it to finish and retry"
    if "not a database" in msg or "malformed" in msg:
        return "the file is not a sitroom SQLite store or is damaged; give another --db path or restore a backup"
    if "readonly" in msg or "read-only" in msg or "permission" in msg or "unable to open" in msg:
        return "check that the file and its folder exist and are writable"
    if "disk" in msg or "full" in msg:
        return "check free disk space"
    if "closed" in msg:
        return "the store was closed; open it again"
    return "check the file; `sitroom ingest` rebuilds a store from its inputs"


class Store(Queries, Stories, Corrections):
    """A sitroom store in one SQLite file. Use as a context manager; not shared between threads."""

    def __init__(self, path: str, *, create: bool = True, read_only: bool = False) -> None:
        self.path = path
        self.create = create
        self.read_only = read_only and path != ":memory:"  # a read command's store: opened mode=ro (store.readonly)
        self._con: sqlite3.Connection | None = None
        memory = path == ":memory:"
        if not memory:
            p = Path(path)
            if p.is_dir():
                raise StoreError(
                    f"{path}: is a directory, not a store file", hint="give a file path, e.g. sitroom.sqlite"
                )
            if not p.exists():
                if not create:
                    raise StoreError(
                        f"{path}: no store there", hint="create it with `sitroom ingest FILES --db " + path + "`"
                    )
                if p.parent and not p.parent.exists():
                    try:
                        p.parent.mkdir(parents=True, exist_ok=True)
                    except OSError as exc:
                        raise StoreError(f"{path}: cannot create its folder: {exc.strerror}", hint=_hint(exc)) from None
        try:
            self._con = self._connect()
            self._migrate()
        except sqlite3.Error as exc:
            self.close()

            if is_damage(exc):
                raise damaged(path, exc) from None
            raise StoreError(f"{path}: cannot open the store: {exc}", hint=_hint(exc)) from None
        except UnicodeDecodeError as exc:
            self.close()

            raise damaged(path, exc) from None
        except StoreError:
            self.close()
            raise

    # ------------------------------------------------------------------ lifecycle

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            con = connect_ro(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            con.row_factory = sqlite3.Row
            con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            con.execute("PRAGMA foreign_keys = ON")
            if self.read_only:
                return con
            if self.path != ":memory:":
                con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            con.close()
            raise
        return con

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._con is not None:
            try:
                self._con.close()
            finally:
                self._con = None

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            raise StoreError(f"{self.path}: the store is closed", hint="open it again with open_store()")
        return self._con

    def _error(self, exc: BaseException, doing: str) -> StoreError:

        if is_damage(exc):
            return damaged(self.path, exc)
        return StoreError(f"{self.path}: cannot {doing}: {exc}", hint=_hint(exc))

    # the database driver's errors, how a write transaction begins, and whether a connection is gone: what a
    # store on another database (sitroom.store.postgres) replaces to share _write and _rollback
    def _driver_errors(self) -> tuple[type[BaseException], ...]:
        return (sqlite3.Error,)

    def _begin(self, con: Any) -> None:
        con.execute("BEGIN IMMEDIATE")  # takes the write lock at once

    def _gone(self, con: Any) -> bool:
        return False

    @contextmanager
    def _write(self, doing: str) -> Iterator[Any]:
        """One write transaction (holding the store's write lock); rolled back whole on any error."""
        errors = self._driver_errors()
        con = self.con
        try:
            self._begin(con)
        except errors as exc:
            self._rollback(con)  # an interrupted BEGIN can leave the transaction open
            raise self._error(exc, doing) from None
        try:
            yield con
            con.execute("COMMIT")
        except BaseException as exc:
            self._rollback(con)
            if isinstance(exc, errors):
                raise self._error(exc, doing) from None
            raise

    def _rollback(self, con: Any) -> None:
        """Undo the open transaction; if even that fails, or the connection is gone, drop the connection and open
        another (the database discards uncommitted work)."""
        errors = self._driver_errors()
        try:
            if not self._gone(con):
                if con.in_transaction:
                    con.execute("ROLLBACK")
                return
        except errors:
            pass
        try:
            con.close()
        except errors:
            pass
        self._con = None
        reopen: tuple[type[BaseException], ...] = (*errors, StoreError)
        try:
            self._con = self._connect()
        except reopen:
            self._con = None  # later calls say the store is closed

    def _read(self, sql: str, params: Any = (), doing: str = "read the store") -> list[sqlite3.Row]:
        try:
            return self.con.execute(sql, params).fetchall()
        except UnicodeDecodeError as exc:
            raise damaged(self.path, exc) from None
        except sqlite3.Error as exc:
            raise self._error(exc, doing) from None

    # ------------------------------------------------------------------ schema

    def schema_version(self) -> int:
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        con = self.con
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" in tables:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            raw: Any = row[0] if row else None
            try:
                version = int(raw)
            except (TypeError, ValueError):
                raise SchemaVersionError(
                    f"{self.path}: unknown store schema version {raw!r}",
                    hint="this file was not written by sitroom; give another --db path",
                ) from None
        elif tables - {"sqlite_sequence"}:
            raise StoreError(
                f"{self.path}: is an SQLite database but not a sitroom store (no meta table)",
                hint="give another --db path",
            )
        else:
            version = 0
        if version == 0 and not self.create:  # an empty file (or one with no tables): nothing is written into it
            raise StoreError(
                f"{self.path}: no sitroom store there (the file is empty)"
                if Path(self.path).stat().st_size == 0
                else f"{self.path}: no sitroom store there",
                hint=f"create it with `sitroom ingest FILES --db {self.path}`",
            )
        if not needs_migration(self.path, version, other="--db path"):
            return
        if self.read_only:  # an older store: migrating it writes, so this one connection is opened for writing
            self.close()
            self.read_only = False
            self._con = self._connect()
        with self._write("migrate the store schema") as con:
            now = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() if version else None
            if now is not None and int(now[0]) != version:  # another process migrated meanwhile
                return
            for n in range(version + 1, LATEST + 1):
                for stmt in statements(MIGRATIONS[n]):
                    con.execute(stmt)
                if n in BACKFILL and version:
                    BACKFILL[n](con.execute)
            con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(LATEST),))
            if version == 0:
                con.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('created', ?)",
                    (datetime.now(timezone.utc).isoformat(timespec="seconds"),),
                )

    # ------------------------------------------------------------------ articles

    def add(self, article: Article) -> bool:
        """Store ``article`` whole in one transaction; False (and no article or fact added) if its id is already
        stored or it is a near-duplicate of a stored article (then it is recorded as another carrier of that
        story: see :mod:`sitroom.ingest.dedup`)."""
        if not article.id:
            raise StoreError(f"{self.path}: cannot store an article without an id")
        doc = article.model_dump_json()
        rows = fact_rows(article)
        sig = article_signature(article, self._sig_memo)
        with self._write(f"store article {article.id} ({article.origin or 'no origin'})") as con:
            if con.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
                add_carrier(con, article.id, article, "exact", 1.0)
                return False
            near = nearest_story(con, sig) if sig is not None else None
            if near is not None:
                add_carrier(con, near[0], article, "near", near[1])
                return False
            con.execute(
                "INSERT INTO articles (id, title, url, outlet, published, dateline, origin, chars, schema_version, added, doc)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    article.title,
                    article.url,
                    article.outlet,
                    iso(article.published),
                    article.dateline,
                    article.origin,
                    len(article.text),
                    article.schema_version,
                    datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    doc,
                ),
            )
            rows = self._rows_with_corrections(con, article, rows)  # corrections made before it arrived
            for table in ("actors", "places", *FACT_TABLES):
                insert_rows(con, table, rows[table])
            new_story(con, article, sig)
        return True

    # ------------------------------------------------------------------ ingest journal (runs, run_inputs)

    def begin_run(self, ident: str, inputs: list[str]) -> tuple[int, set[str], bool]:
        """The run of ``ident`` left unfinished (killed) → (its id, the input keys it finished, True); else a new
        run → (id, empty set, False)."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._write("record the ingest run") as con:
            row = con.execute(
                "SELECT id FROM runs WHERE ident = ? AND finished IS NULL ORDER BY id DESC LIMIT 1", (ident,)
            ).fetchone()
            if row is not None:
                done = {r[0] for r in con.execute("SELECT key FROM run_inputs WHERE run_id = ?", (row[0],))}
                return row[0], done, True
            cur = con.execute(
                "INSERT INTO runs (ident, inputs, started) VALUES (?, ?, ?)",
                (ident, json.dumps(inputs, ensure_ascii=False), now),
            )
            return int(cur.lastrowid or 0), set(), False  # an INSERT's lastrowid is the new row's (never 0)

    def input_done(self, run_id: int, key: str, articles: int) -> None:
        """Record that run ``run_id`` has stored (or found stored) everything input ``key`` holds."""
        with self._write("record ingest progress") as con:
            con.execute(
                "INSERT OR REPLACE INTO run_inputs (run_id, key, articles, done) VALUES (?, ?, ?, ?)",
                (run_id, key, articles, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )

    def finish_run(self, run_id: int) -> None:
        """Mark the run finished; its per-input rows are dropped (the run row stays as a log line)."""
        with self._write("record the end of the ingest run") as con:
            con.execute(
                "UPDATE runs SET finished = ? WHERE id = ?",
                (datetime.now(timezone.utc).isoformat(timespec="seconds"), run_id),
            )
            con.execute("DELETE FROM run_inputs WHERE run_id = ?", (run_id,))

    def remove(self, article_id: str) -> bool:
        """Delete an article and all its rows; False if it was not stored."""
        with self._write(f"remove article {article_id}") as con:
            return con.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0

    def has(self, article_id: str) -> bool:
        return bool(self._read("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def _article(self, row: sqlite3.Row) -> Article:
        try:
            if row["schema_version"] < LATEST:
                return Article.model_validate(upgrade_document(json.loads(row["doc"]), row["schema_version"]))
            return Article.model_validate_json(row["doc"])
        except ValueError as exc:
            raise StoreError(
                f"{self.path}: stored article {row['id']} cannot be read: {exc}",
                hint="re-ingest it, or rebuild the store with `sitroom ingest`",
            ) from None

    def get(self, article_id: str) -> Article | None:
        """The stored article with the analysts' corrections in force (``machine`` gives it as extracted)."""
        rows = self._read("SELECT id, schema_version, doc FROM articles WHERE id = ?", (article_id,))
        return self._corrected(self._article(rows[0])) if rows else None

    def articles(self, limit: int | None = None, offset: int = 0) -> list[Article]:
        """Stored articles, by publication date (undated last) then id (a list, so callers may slice it)."""
        rows = self._read(
            "SELECT id, schema_version, doc FROM articles ORDER BY published IS NULL, published, id LIMIT ? OFFSET ?",
            (-1 if limit is None else int(limit), int(offset)),
        )
        return [self._corrected(self._article(r)) for r in rows]

    def article_rows(self, limit: int | None = None, offset: int = 0) -> list[ArticleRow]:
        """Article metadata without the text (id, title, url, outlet, published, dateline, origin, chars, added)."""
        rows = self._read(
            "SELECT id, title, url, outlet, published, dateline, origin, chars, added FROM articles"
            " ORDER BY published IS NULL, published, id LIMIT ? OFFSET ?",
            (-1 if limit is None else int(limit), int(offset)),
        )
        return [cast(ArticleRow, dict(r)) for r in rows]

    def state_key(self) -> tuple | None:
        """A key that changes whenever an article (so any of its facts) or a carrier is added or removed, by any
        process: the file (path, device, inode, creation time in ``meta``), then articles (count, last rowid and
        its id), carriers (count, last rowid) and the last correction. The situation layer memoises on it. None for an in-memory store
        and for a subclass on another database (PostgreSQL has no rowid): nothing is memoised for those."""
        if type(self) is not Store or self.path == ":memory:":
            return None
        st = os.stat(self.path)
        r = self._read(
            "SELECT (SELECT value FROM meta WHERE key = 'created'), (SELECT count(*) FROM articles),"
            " (SELECT max(rowid) FROM articles), (SELECT id FROM articles ORDER BY rowid DESC LIMIT 1),"
            " (SELECT count(*) FROM carriers), (SELECT max(rowid) FROM carriers),"
            " (SELECT max(id) FROM corrections)",
            (),
            "read the store's state",
        )[0]
        return (self.path, st.st_dev, st.st_ino, *tuple(r))
