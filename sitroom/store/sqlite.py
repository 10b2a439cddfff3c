"""The SQLite store: one file, WAL mode, foreign keys on, one writer at a time.

Each article is written whole in one ``BEGIN IMMEDIATE`` transaction: its JSON
document plus one row per actor, place and fact. Re-adding an article whose id is
stored changes nothing. Query methods return plain dicts (denormalised rows that
a report, the API or a CSV writer can use as they are); ``get`` returns the
Article as it was stored.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sitroom.errors import ConfigError, SchemaVersionError, StoreError
from sitroom.ingest import dedup
from sitroom.model import SCHEMA_VERSION, Article, content_id
from sitroom.store.corrections import Corrections
from sitroom.store.readonly import connect_ro, damaged, is_damage
from sitroom.store.rows import (
    FACT_TABLES,
    fact_rows,
    insert_rows,
    iso_or_value,
    parse_cursor,
    query_day,
)
from sitroom.store.schema import LATEST, MIGRATIONS, needs_migration, statements, upgrade_document

RTREE_MAX = 5_000  # a bbox matching fewer boxes than this is served by the R*Tree, else by the day-ordered scan
MAX_BRANCHES = 16  # OR filters are run as a UNION of index scans up to this many branches
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


_BOOL_COLS = ("background", "anonymous", "date_approximate", "heading", "advance")


class Store(Corrections):
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
                raise StoreError(f"{path}: is a directory, not a store file", hint="give a file path, e.g. sitroom.sqlite")
            if not p.exists():
                if not create:
                    raise StoreError(f"{path}: no store there", hint="create it with `sitroom ingest FILES --db " + path + "`")
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

    @contextmanager
    def _write(self, doing: str) -> Iterator[sqlite3.Connection]:
        """One write transaction (taking the write lock at once); rolled back whole on any error."""
        con = self.con
        try:
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            self._rollback(con)  # an interrupted BEGIN can leave the transaction open
            raise self._error(exc, doing) from None
        try:
            yield con
            con.execute("COMMIT")
        except BaseException as exc:
            self._rollback(con)
            if isinstance(exc, sqlite3.Error):
                raise self._error(exc, doing) from None
            raise

    def _rollback(self, con: sqlite3.Connection) -> None:
        """Undo the open transaction; if even that fails, drop the connection (SQLite discards uncommitted work)."""
        try:
            if con.in_transaction:
                con.execute("ROLLBACK")
            return
        except sqlite3.Error:
            pass
        try:
            con.close()
        except sqlite3.Error:
            pass
        self._con = None
        try:
            self._con = self._connect()
        except sqlite3.Error:
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
                raise SchemaVersionError(f"{self.path}: unknown store schema version {raw!r}",
                                         hint="this file was not written by sitroom; give another --db path") from None
        elif tables - {"sqlite_sequence"}:
            raise StoreError(f"{self.path}: is an SQLite database but not a sitroom store (no meta table)",
                             hint="give another --db path")
        else:
            version = 0
        if version == 0 and not self.create:  # an empty file (or one with no tables): nothing is written into it
            raise StoreError(f"{self.path}: no sitroom store there (the file is empty)"
                             if Path(self.path).stat().st_size == 0 else f"{self.path}: no sitroom store there",
                             hint=f"create it with `sitroom ingest FILES --db {self.path}`")
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
            con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(LATEST),))
            if version == 0:
                con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('created', ?)",
                            (datetime.now(timezone.utc).isoformat(timespec="seconds"),))

    # ------------------------------------------------------------------ articles

    def add(self, article: Article) -> bool:
        """Store ``article`` whole in one transaction; False (and no article or fact added) if its id is already
        stored or it is a near-duplicate of a stored article (then it is recorded as another carrier of that
        story: see :mod:`sitroom.ingest.dedup`)."""
        if not article.id:
            raise StoreError(f"{self.path}: cannot store an article without an id")
        doc = article.model_dump_json()
        rows = fact_rows(article)
        sig = _signature(article, self._sig_memo)
        with self._write(f"store article {article.id} ({article.origin or 'no origin'})") as con:
            if con.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
                _carrier(con, article.id, article, "exact", 1.0)
                return False
            near = _near(con, sig) if sig is not None else None
            if near is not None:
                _carrier(con, near[0], article, "near", near[1])
                return False
            con.execute(
                "INSERT INTO articles (id, title, url, outlet, published, dateline, origin, chars, schema_version, added, doc)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, article.title, article.url, article.outlet, iso_or_value(article.published), article.dateline,
                 article.origin, len(article.text), article.schema_version,
                 datetime.now(timezone.utc).isoformat(timespec="seconds"), doc),
            )
            rows = self._rows_with_corrections(con, article, rows)  # corrections made before it arrived
            for table in ("actors", "places", *FACT_TABLES):
                insert_rows(con, table, rows[table])
            _new_story(con, article, sig)
        return True

    # ------------------------------------------------------------------ stories (duplicates and reprints)

    @property
    def _sig_memo(self) -> OrderedDict:
        """Recent near-duplicate signatures by content id (see :func:`_signature`); per store, bounded."""
        return self.__dict__.setdefault("_sigs", OrderedDict())

    def carry(self, article: Article) -> str | None:
        """Record ``article`` as a carrier of the stored story it duplicates, without extracting it.

        Returns ``"exact"`` or ``"near"`` (recorded, or already known), or None when it duplicates nothing stored
        (then it should be extracted and added)."""
        sig = _signature(article, self._sig_memo)
        with self._write(f"record a copy of article {article.id}") as con:
            if con.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
                _carrier(con, article.id, article, "exact", 1.0)
                return "exact"
            near = _near(con, sig) if sig is not None else None
            if near is not None:
                _carrier(con, near[0], article, "near", near[1])
                return "near"
        return None

    def stories(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Stories (by first publication, then id), each with its carriers: the stored copy, then exact and near
        copies in the order they were seen (outlet, url, published, title, origin, relation, similarity)."""
        heads = self._read("SELECT s.id, a.title, a.outlet, a.published, a.origin FROM stories s JOIN articles a"
                           " ON a.id = s.id ORDER BY a.published IS NULL, a.published, s.id LIMIT ? OFFSET ?",
                           (-1 if limit is None else int(limit), int(offset)))
        out = []
        for h in heads:
            cs = self._read("SELECT article_id, outlet, url, published, title, origin, relation, similarity, added"
                            " FROM carriers WHERE story_id = ? ORDER BY relation != 'original', added, rowid",
                            (h["id"],))
            out.append({"id": h["id"], "title": h["title"], "outlet": h["outlet"], "published": h["published"],
                        "carriers": [{**dict(c), "outlet": c["outlet"] or None, "url": c["url"] or None} for c in cs]})
        return out

    def story_outlets(self) -> dict[str, list[str]]:
        """Stored article id → the outlets that carried its story (its own first)."""
        out: dict[str, list[str]] = {}
        for r in self._read("SELECT story_id, outlet FROM carriers WHERE outlet != ''"
                            " ORDER BY story_id, relation != 'original', added"):
            lst = out.setdefault(r["story_id"], [])
            if r["outlet"] not in lst:
                lst.append(r["outlet"])
        return out

    def backfill_signatures(self) -> int:
        """Compute near-duplicate signatures for stored articles that lack one (stores made before schema 2)."""
        ids = [r[0] for r in self._read("SELECT a.id FROM articles a LEFT JOIN signatures g ON g.article_id = a.id"
                                        " WHERE g.article_id IS NULL")]
        n = 0
        for aid in ids:
            a = self.get(aid)
            sig = _signature(a) if a is not None else None
            if sig is None:
                continue
            with self._write(f"sign article {aid}") as con:
                _sign(con, aid, sig)
            n += 1
        return n

    # ------------------------------------------------------------------ ingest journal (runs, run_inputs)

    def begin_run(self, ident: str, inputs: list[str]) -> tuple[int, set[str], bool]:
        """The run of ``ident`` left unfinished (killed) → (its id, the input keys it finished, True); else a new
        run → (id, empty set, False)."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._write("record the ingest run") as con:
            row = con.execute("SELECT id FROM runs WHERE ident = ? AND finished IS NULL ORDER BY id DESC LIMIT 1",
                              (ident,)).fetchone()
            if row is not None:
                done = {r[0] for r in con.execute("SELECT key FROM run_inputs WHERE run_id = ?", (row[0],))}
                return row[0], done, True
            cur = con.execute("INSERT INTO runs (ident, inputs, started) VALUES (?, ?, ?)",
                              (ident, json.dumps(inputs, ensure_ascii=False), now))
            return int(cur.lastrowid or 0), set(), False  # an INSERT's lastrowid is the new row's (never 0)

    def input_done(self, run_id: int, key: str, articles: int) -> None:
        """Record that run ``run_id`` has stored (or found stored) everything input ``key`` holds."""
        with self._write("record ingest progress") as con:
            con.execute("INSERT OR REPLACE INTO run_inputs (run_id, key, articles, done) VALUES (?, ?, ?, ?)",
                        (run_id, key, articles, datetime.now(timezone.utc).isoformat(timespec="seconds")))

    def finish_run(self, run_id: int) -> None:
        """Mark the run finished; its per-input rows are dropped (the run row stays as a log line)."""
        with self._write("record the end of the ingest run") as con:
            con.execute("UPDATE runs SET finished = ? WHERE id = ?",
                        (datetime.now(timezone.utc).isoformat(timespec="seconds"), run_id))
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
            raise StoreError(f"{self.path}: stored article {row['id']} cannot be read: {exc}",
                             hint="re-ingest it, or rebuild the store with `sitroom ingest`") from None

    def get(self, article_id: str) -> Article | None:
        """The stored article with the analysts' corrections in force (``machine`` gives it as extracted)."""
        rows = self._read("SELECT id, schema_version, doc FROM articles WHERE id = ?", (article_id,))
        return self._corrected(self._article(rows[0])) if rows else None

    def articles(self, limit: int | None = None, offset: int = 0) -> list[Article]:
        """Stored articles, by publication date (undated last) then id (a list, so callers may slice it)."""
        rows = self._read("SELECT id, schema_version, doc FROM articles ORDER BY published IS NULL, published, id"
                          " LIMIT ? OFFSET ?",
                          (-1 if limit is None else int(limit), int(offset)))
        return [self._corrected(self._article(r)) for r in rows]

    def article_rows(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Article metadata without the text (id, title, url, outlet, published, dateline, origin, chars, added)."""
        rows = self._read("SELECT id, title, url, outlet, published, dateline, origin, chars, added FROM articles"
                          " ORDER BY published IS NULL, published, id LIMIT ? OFFSET ?", (-1 if limit is None else int(limit), int(offset)))
        return [dict(r) for r in rows]

    def state_key(self) -> tuple | None:
        """A key that changes whenever an article (so any of its facts) or a carrier is added or removed, by any
        process: the file (path, device, inode, creation time in ``meta``), then articles (count, last rowid and
        its id), carriers (count, last rowid) and the last correction. The situation layer memoises on it. None for an in-memory store
        and for a subclass on another database (PostgreSQL has no rowid): nothing is memoised for those."""
        if type(self) is not Store or self.path == ":memory:":
            return None
        st = os.stat(self.path)
        r = self._read("SELECT (SELECT value FROM meta WHERE key = 'created'), (SELECT count(*) FROM articles),"
                       " (SELECT max(rowid) FROM articles), (SELECT id FROM articles ORDER BY rowid DESC LIMIT 1),"
                       " (SELECT count(*) FROM carriers), (SELECT max(rowid) FROM carriers),"
                       " (SELECT max(id) FROM corrections)", (),
                       "read the store's state")[0]
        return (self.path, st.st_dev, st.st_ino, *tuple(r))

    def count(self) -> dict[str, int]:
        out = {}
        for t in ("articles", "events", "places", "control", "claims", "forecasts", "quotes", "actors"):
            out[t] = self._read(f"SELECT count(*) FROM {t}")[0][0]
        return out

    def actor_names(self) -> dict[str, str]:
        """Actor id → its most used name across stored articles."""
        rows = self._read("SELECT id, name, count(*) AS n FROM actors GROUP BY id, name ORDER BY id, n DESC, name")
        names: dict[str, str] = {}
        for r in rows:
            names.setdefault(r["id"], r["name"])
        return names

    def actor_kinds(self) -> dict[str, str]:
        """Actor id → its most used kind across stored articles (state, non-state-armed, civilians ...)."""
        rows = self._read("SELECT id, kind, count(*) AS n FROM actors GROUP BY id, kind ORDER BY id, n DESC, kind")
        kinds: dict[str, str] = {}
        for r in rows:
            if r["kind"]:
                kinds.setdefault(r["id"], r["kind"])
        return kinds

    def actor_rows(self) -> list[dict[str, Any]]:
        """Each distinct (id, kind, country) of the stored actors."""
        return [dict(r) for r in self._read("SELECT DISTINCT id, kind, country FROM actors", (), "read actors")]

    def weak_places(self, below: float = 0.5) -> set[tuple[str, str]]:
        """(article id, place id) of the places resolved with a confidence under ``below``."""
        return {(r[0], r[1]) for r in self._read("SELECT article_id, id FROM places WHERE confidence < ?", (below,),
                                                 "read places")}

    # ------------------------------------------------------------------ fact queries

    def _facts(self, table: str, where: list[str], params: list[Any], *, order: str, limit: int | None,
               offset: int) -> list[dict[str, Any]]:
        sql = (f"SELECT t.*, a.published AS published, a.outlet AS article_outlet, a.url AS url, a.title AS title"
               f" FROM {table} t JOIN articles a ON a.id = t.article_id")
        if where:
            sql += " WHERE " + " AND ".join(f"({w})" for w in where)
        sql += f" ORDER BY {order} LIMIT ? OFFSET ?"
        rows = self._read(sql, [*params, -1 if limit is None else int(limit), int(offset)], f"query {table}")
        return self._shape(rows)

    @staticmethod
    def _shape(rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
        out = []
        for r in rows:
            d = dict(r)
            d.pop("day", None)  # the sort key (schema 3), not a field
            d["id"] = d["uid"]
            if d.get("corrected"):  # schema 5: the corrections that touched this row (JSON in the column)
                d["corrected"] = json.loads(d["corrected"])
            for b in _BOOL_COLS:
                if b in d:
                    d[b] = bool(d[b])
            out.append(d)
        return out

    def _actor_ids(self, actor: str) -> list[str]:
        """An actor given by id or by name → the ids it may be stored under."""
        ids = {actor}
        ids.update(r[0] for r in self._read("SELECT DISTINCT id FROM actors WHERE name = ? COLLATE NOCASE", (actor,)))
        return sorted(ids)

    @staticmethod
    def _in(col: str, values: list[str]) -> str:
        return f"{col} IN ({', '.join('?' * len(values))})"

    def _common(self, where: list[str], params: list[Any], *, article_id: str | None, certainty: str | None) -> None:
        if article_id is not None:
            where.append("t.article_id = ?")
            params.append(article_id)
        if certainty is not None:
            where.append("t.certainty = ?")
            params.append(getattr(certainty, "value", certainty))

    def _geo(self, where: list[str], params: list[Any], *, place: str | None, bbox: Any, name_col: str = "t.place_name",
             gaz_col: str | None = "t.gazetteer_id") -> None:
        if place is not None:
            if gaz_col:
                where.append(f"{name_col} = ? COLLATE NOCASE OR {gaz_col} = ?")
                params += [place, place]
            else:
                where.append(f"{name_col} = ? COLLATE NOCASE")
                params.append(place)
        if bbox is not None:
            try:
                if isinstance(bbox, str):
                    bbox = [float(x) for x in bbox.split(",")]
                min_lon, min_lat, max_lon, max_lat = (float(x) for x in bbox)
            except (TypeError, ValueError):
                raise ConfigError(f"bbox: expected four numbers min_lon,min_lat,max_lon,max_lat, got {bbox!r}") from None
            where.append("t.lat BETWEEN ? AND ? AND t.lon BETWEEN ? AND ?")
            params += [min_lat, max_lat, min_lon, max_lon]

    def events(self, *, since: Any = None, until: Any = None, event_type: str | None = None, actor: str | None = None,
               place: str | None = None, bbox: Any = None, article_id: str | None = None, certainty: str | None = None,
               background: bool | None = None, limit: int | None = None, offset: int = 0,
               after: Any = None, inside: Any = None, _count: bool = False) -> list[dict[str, Any]]:
        """Event rows, by day (``date``, else publication; undated last) then uid.

        ``since``/``until``: inclusive days on the event's date (undated events are left out when either is given);
        ``event_type``: an ACLED event_type or sub_event_type; ``actor``: id or name, as actor1 or actor2;
        ``place``: place name (case-insensitive) or gazetteer id; ``inside``: with ``place``, gazetteer ids that
        match too (the places within it, e.g. a province's districts and towns, from
        :meth:`sitroom.gazetteer.Gazetteer.descendants`); ``bbox``: (min_lon, min_lat, max_lon, max_lat);
        ``after``: a keyset cursor ``(day, uid)`` (or the string :func:`cursor` makes): only rows after it, so deep
        pages cost what the first page costs (``offset`` still applies after it).

        Plan (schema 3): every filter is a conjunction of terms that an index led by its column then
        ``(day, uid)`` serves in order, so SQLite stops after ``offset + limit`` rows; an OR filter (type or
        sub-type; actor1 or actor2; place name or gazetteer id) becomes a UNION of such scans, each limited.
        """
        where: list[str] = []
        params: list[Any] = []
        alts: list[list[tuple[str, list[Any]]]] = []  # each a disjunction; the query is their cross product
        if since is not None:
            d = query_day(since, "since")
            where += ["t.date >= ?", "t.day >= ?"]
            params += [d, d]
        if until is not None:
            d = query_day(until, "until")
            where += ["t.date <= ?", "t.day <= ?"]
            params += [d, d]
        if event_type is not None:
            alts.append([("t.event_type = ?", [event_type]), ("t.sub_event_type = ?", [event_type])])
        if actor is not None:
            ids = self._actor_ids(actor)
            alts.append([(f"t.{col} = ?", [i]) for col in ("actor1", "actor2") for i in ids])
        if background is not None:
            where.append("t.background = ?")
            params.append(int(background))
        if place is not None:
            alt = [("t.place_name = ? COLLATE NOCASE", [place]), ("t.gazetteer_id = ?", [place])]
            ids = [i for i in dict.fromkeys(inside or ()) if i and i != place]
            if ids:
                alt.append((f"t.gazetteer_id IN ({','.join('?' * len(ids))})", ids))
            alts.append(alt)
        if bbox is not None:
            self._bbox_terms(where, params, bbox)
        self._common(where, params, article_id=article_id, certainty=certainty)
        if after is not None:
            a_day, a_uid = parse_cursor(after)
            where.append("(t.day, t.uid) > (?, ?)")
            params += [a_day, a_uid]
        branches: list[list[tuple[str, list[Any]]]] = [[]]
        for alt in alts:
            branches = [b + [x] for b in branches for x in alt]
        if len(branches) > MAX_BRANCHES:  # many actor ids: one scan with the ORs (correct, sorted, slower)
            branches = [[(" OR ".join(f"({c})" for c, _ in alt), [p for _, ps in alt for p in ps]) for alt in alts]]
        lim = -1 if limit is None else int(limit)
        k = -1 if limit is None else int(limit) + int(offset)
        sel = "SELECT t.rowid AS rid, t.day AS day, t.uid AS uid FROM events t"
        parts, bparams = [], []
        for b in branches:
            conds = where + [c for c, _ in b]
            parts.append(sel + (" WHERE " + " AND ".join(f"({c})" for c in conds) if conds else ""))
            bparams += params + [p for _, ps in b for p in ps]
        if _count:
            cap = "" if limit is None else f" LIMIT {int(limit)}"
            rows = self._read(f"SELECT count(*) AS n FROM ({' UNION '.join(parts)}{cap}) u", bparams, "count events")
            return int(rows[0]["n"] if hasattr(rows[0], "keys") else rows[0][0])  # type: ignore[return-value]
        if len(parts) == 1:
            hits = parts[0] + " ORDER BY t.day, t.uid LIMIT ? OFFSET ?"
        else:
            hits = (" UNION ".join(f"SELECT rid, day, uid FROM ({p} ORDER BY t.day, t.uid LIMIT {k})" for p in parts)
                    + " ORDER BY day, uid LIMIT ? OFFSET ?")
        sql = ("SELECT t.*, a.published AS published, a.outlet AS article_outlet, a.url AS url, a.title AS title"
               f" FROM ({hits}) h JOIN events t ON t.rowid = h.rid JOIN articles a ON a.id = t.article_id"
               " ORDER BY h.day, h.uid")
        return self._shape(self._read(sql, [*bparams, lim, int(offset)], "query events"))

    def count_events(self, *, at_most: int | None = None, **filters: Any) -> int:
        """How many event rows :meth:`events` holds for these filters (all pages; ``after``, ``limit`` and
        ``offset`` do not apply), counting no further than ``at_most`` (the cost of a count grows with it)."""
        for k in ("after", "limit", "offset"):
            filters.pop(k, None)
        return self.events(**filters, limit=at_most, _count=True)  # type: ignore[return-value]

    def _bbox_terms(self, where: list[str], params: list[Any], bbox: Any) -> None:
        """The exact bbox test on the row; plus the R*Tree when the box holds few events, else a hint to
        scan in day order (``+`` keeps SQLite off the lat/lon index, whose order would need a sort)."""
        try:
            if isinstance(bbox, str):
                bbox = [float(x) for x in bbox.split(",")]
            min_lon, min_lat, max_lon, max_lat = (float(x) for x in bbox)
        except (TypeError, ValueError):
            raise ConfigError(f"bbox: expected four numbers min_lon,min_lat,max_lon,max_lat, got {bbox!r}") from None
        box = [min_lat, max_lat, min_lon, max_lon]
        rtree = ("SELECT id FROM ev_rtree WHERE max_lat >= ?1 AND min_lat <= ?2 AND max_lon >= ?3"
                 " AND min_lon <= ?4")
        n = self._read(f"SELECT count(*) FROM ({rtree} LIMIT {RTREE_MAX})", box, "query events")[0][0]
        if n < RTREE_MAX:
            where.append("t.rowid IN (SELECT id FROM ev_rtree WHERE max_lat >= ? AND min_lat <= ? AND max_lon >= ?"
                         " AND min_lon <= ?)")
            params += [min_lat, max_lat, min_lon, max_lon]
        where.append("+t.lat BETWEEN ? AND ? AND +t.lon BETWEEN ? AND ?")
        params += [min_lat, max_lat, min_lon, max_lon]

    def control(self, *, controller: str | None = None, actor: str | None = None, place: str | None = None,
                bbox: Any = None, status: str | None = None, article_id: str | None = None,
                certainty: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Control-status rows (who holds what, since when), by publication date then uid."""
        where: list[str] = []
        params: list[Any] = []
        who = controller or actor
        if who is not None:
            ids = self._actor_ids(who)
            where.append(self._in("t.controller", ids))
            params += ids
        if status is not None:
            where.append("t.status = ?")
            params.append(status)
        self._geo(where, params, place=place, bbox=bbox)
        self._common(where, params, article_id=article_id, certainty=certainty)
        return self._facts("control", where, params, order="a.published, t.uid", limit=limit, offset=offset)

    def claims(self, *, kind: str | None = None, actor: str | None = None, article_id: str | None = None,
               certainty: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Claim rows, by publication date then uid."""
        where: list[str] = []
        params: list[Any] = []
        if kind is not None:
            where.append("t.kind = ?")
            params.append(kind)
        if actor is not None:
            ids = self._actor_ids(actor)
            where.append(f"{self._in('t.actor', ids)} OR {self._in('t.subject', ids)}")
            params += ids + ids
        self._common(where, params, article_id=article_id, certainty=certainty)
        return self._facts("claims", where, params, order="a.published, t.uid", limit=limit, offset=offset)

    def forecasts(self, *, actor: str | None = None, by: str | None = None, due_before: Any = None,
                  article_id: str | None = None, certainty: str | None = None, limit: int | None = None,
                  offset: int = 0) -> list[dict[str, Any]]:
        """Forecast rows, by deadline (undated last) then uid."""
        where: list[str] = []
        params: list[Any] = []
        if actor is not None:
            ids = self._actor_ids(actor)
            where.append(self._in("t.actor", ids))
            params += ids
        if by is not None:
            where.append('t."by" = ? COLLATE NOCASE')
            params.append(by)
        if due_before is not None:
            where.append("t.deadline <= ?")
            params.append(query_day(due_before, "due_before"))
        self._common(where, params, article_id=article_id, certainty=certainty)
        return self._facts("forecasts", where, params, order="t.deadline IS NULL, t.deadline, a.published, t.uid",
                           limit=limit, offset=offset)

    def quotes(self, *, speaker: str | None = None, article_id: str | None = None, certainty: str | None = None,
               limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Quote rows (``text`` is the quoted words; ``outlet`` whom it was said to), by publication date then uid."""
        where: list[str] = []
        params: list[Any] = []
        if speaker is not None:
            where.append("t.speaker = ? COLLATE NOCASE")
            params.append(speaker)
        self._common(where, params, article_id=article_id, certainty=certainty)
        return self._facts("quotes", where, params, order="a.published, t.uid", limit=limit, offset=offset)


# --------------------------------------------------------------------------- stories (sitroom.ingest.dedup)


SIG_MEMO = 256  # signatures kept between carry() (before extraction) and add() (after) of the same article


def _signature(a: Article, memo: OrderedDict | None = None) -> Any:
    """The near-duplicate signature, or None when ``a`` is too short or names its own id (the caller says which
    texts are distinct; only content-addressed articles, as the readers make them, are matched on similarity).

    ``memo``: recent signatures by (id, hash of the text): ingest asks for an article's signature in ``carry`` and
    again in ``add``, and on a long text it costs tens of milliseconds (the id check, a pass over the normalised
    text, is skipped too: the same id and text passed it before). Bounded to ``SIG_MEMO`` entries, oldest dropped."""
    key = (a.id, hash(a.text))  # a str caches its hash: free for the same object, one fast pass for a copy
    if memo is not None and key in memo:
        memo.move_to_end(key)
        return memo[key]
    if a.id != content_id(a.text):
        return None
    sh = dedup.shingles(a.text)
    sig = dedup.signature(a.text, sh) if len(sh) >= dedup.MIN_SHINGLES else None
    if memo is not None:
        memo[key] = sig
        while len(memo) > SIG_MEMO:
            memo.popitem(last=False)
    return sig


def _carrier(con: sqlite3.Connection, story_id: str, a: Article, relation: str, similarity: float) -> None:
    con.execute("INSERT OR IGNORE INTO carriers (story_id, article_id, outlet, url, published, title, origin, relation,"
                " similarity, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (story_id, a.id, a.outlet or "", a.url or "", iso_or_value(a.published), a.title, a.origin, relation,
                 round(similarity, 4), datetime.now(timezone.utc).isoformat(timespec="seconds")))


def _new_story(con: sqlite3.Connection, a: Article, sig: Any) -> None:
    con.execute("INSERT OR IGNORE INTO stories (id, added) VALUES (?, ?)",
                (a.id, datetime.now(timezone.utc).isoformat(timespec="seconds")))
    _carrier(con, a.id, a, "original", 1.0)
    if sig is not None:
        _sign(con, a.id, sig)


def _sign(con: sqlite3.Connection, article_id: str, sig: Any) -> None:
    con.execute("INSERT OR REPLACE INTO signatures (article_id, minhash) VALUES (?, ?)", (article_id, dedup.to_blob(sig)))
    con.executemany("INSERT OR IGNORE INTO lsh_bands (band, key, article_id) VALUES (?, ?, ?)",
                    [(b, k, article_id) for b, k in dedup.band_keys(sig)])


def _near(con: sqlite3.Connection, sig: Any) -> tuple[str, float] | None:
    """(story id, similarity) of the most similar stored article at or above the threshold, else None."""
    keys = dedup.band_keys(sig)
    cands = con.execute("SELECT DISTINCT article_id FROM ("
                        + " UNION ALL ".join("SELECT article_id FROM lsh_bands WHERE band = ? AND key = ?" for _ in keys)
                        + ")", [x for bk in keys for x in bk]).fetchall()
    best: tuple[str, float] | None = None
    for (aid,) in cands:
        row = con.execute("SELECT minhash FROM signatures WHERE article_id = ?", (aid,)).fetchone()
        if row is None:
            continue
        sim = dedup.similarity(sig, dedup.from_blob(row[0]))
        if sim >= dedup.NEAR_THRESHOLD and (best is None or sim > best[1] or sim == best[1] and aid < best[0]):
            best = (aid, sim)
    if best is None:
        return None
    story = con.execute("SELECT story_id FROM carriers WHERE article_id = ? AND relation = 'original'", (best[0],)).fetchone()
    return (story[0] if story else best[0]), best[1]
