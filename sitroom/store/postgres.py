"""The PostgreSQL store: the SQLite store's tables, migrations and queries on a PostgreSQL server.

``open_store("postgresql://user:pass@host/db")`` returns a :class:`PgStore`. It
inherits every method of :class:`sitroom.store.sqlite.Store` (add, carry, get,
events, control, stories, ...) and replaces only the connection: statements are
translated by :mod:`sitroom.store.dialect`, so both backends run the same
migrations (:mod:`sitroom.store.schema`) and the same queries.

Semantics kept from SQLite:

- one transaction per article; an error rolls the whole article back (StoreError naming the store and article);
- writers are serialised per store by a transaction-level advisory lock (SQLite's ``BEGIN IMMEDIATE``), so
  the idempotence check (is this id or a near-duplicate already stored?) and the insert are one atomic step
  even with many writers on many machines; readers never wait;
- text compares byte-wise (``COLLATE "C"``) so ordering matches SQLite's;
- any Python string is stored: NUL, which PostgreSQL text refuses, is escaped reversibly in the query columns
  (the article document is JSON, where it is ``\\u0000`` anyway).

A store lives in the connection's current schema (``public`` unless the URL says otherwise, e.g.
``postgresql://host/db?options=-csearch_path%3Dsitroom``), so one database can hold several stores.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from sitroom.errors import SchemaVersionError, StoreError
from sitroom.store import dialect
from sitroom.store.schema import BACKFILL, LATEST, MIGRATIONS, needs_migration, statements
from sitroom.store.sqlite import Store

__all__ = ["PgStore", "connect", "redact"]

CONNECT_TIMEOUT_S = 10
RECONNECT_TRIES = 8  # a lost connection (server restart, network blip) is opened again this many times at most,
RECONNECT_WAIT_S = 0.5  # waiting 0.5, 1, 2, 4, 8, 8, ... s between tries (about 40 s in all), then StoreError
LOCK_TIMEOUT_MS = 30_000  # as SQLite's busy timeout: a writer waits this long for another writer


def redact(url: str) -> str:
    """The URL without its password (for messages)."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def _hint(exc: BaseException) -> str:
    msg = str(exc).lower()
    if "connection refused" in msg or "could not connect" in msg or "no such file or directory" in msg:
        return "is the PostgreSQL server running and reachable at that host and port?"
    if "password authentication" in msg or "authentication failed" in msg or "no password supplied" in msg:
        return "check the user name and password in the URL"
    if "does not exist" in msg and "database" in msg:
        return "create the database first (createdb NAME), or give another --db URL"
    if "lock timeout" in msg or "canceling statement due to lock" in msg:
        return "another process is writing to it; wait for it to finish and retry"
    if "permission denied" in msg:
        return "the role lacks rights on that database or schema; GRANT them or give another --db URL"
    if "closed" in msg or "terminat" in msg:
        return "the connection was lost; open the store again"
    return "check the server log; `sitroom ingest` rebuilds a store from its inputs"


# PostgreSQL text cannot hold NUL; SQLite's can. A reversible escape keeps every Python string storable and
# equal comparisons exact: ESC -> ESC ESC, NUL -> ESC "0" (ESC is U+10FFFF, a noncharacter).
_ESC = "\U0010ffff"


def _enc(v: Any) -> Any:
    if isinstance(v, str) and ("\x00" in v or _ESC in v):
        return v.replace(_ESC, _ESC + _ESC).replace("\x00", _ESC + "0")
    return v


def _dec(v: Any) -> Any:
    if isinstance(v, str) and _ESC in v:
        out, i = [], 0
        while i < len(v):
            c = v[i]
            if c == _ESC and i + 1 < len(v):
                out.append("\x00" if v[i + 1] == "0" else _ESC)
                i += 2
            else:
                out.append(c)
                i += 1
        return "".join(out)
    if isinstance(v, memoryview):
        return bytes(v)
    return v


def _enc_params(params: Any) -> Any:
    if isinstance(params, dict):
        return {k: _enc(v) for k, v in params.items()}
    return [_enc(v) for v in params]


class PgRow(tuple):
    """A result row read by position or by column name, like ``sqlite3.Row`` (so ``dict(row)`` works)."""

    __slots__ = ()
    _names: tuple[str, ...] = ()

    def keys(self) -> list[str]:
        return list(self._names)

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._names.index(key))
            except ValueError:
                raise IndexError(f"no such column: {key}") from None
        return tuple.__getitem__(self, key)


def _rows_for(sql: str):
    """A psycopg row factory for ``sql``: PgRow objects; SQLite's rowid is hidden from ``SELECT *``, ours is a real
    column, so it is dropped unless the select list names it."""
    select_list = sql.lower().split(" from ", 1)[0]

    def factory(cursor: Any):
        names = tuple(d.name for d in (cursor.description or []))
        drop = {i for i, n in enumerate(names) if n == "rowid" and "rowid" not in select_list}
        keep = tuple(n for i, n in enumerate(names) if i not in drop)
        cls = type("PgRow", (PgRow,), {"_names": keep, "__slots__": ()})

        def make(values: Sequence[Any]) -> PgRow:
            return cls(_dec(v) for i, v in enumerate(values) if i not in drop)

        return make

    return factory


class _Done:
    """A finished INSERT's cursor with ``lastrowid`` (the identity value PostgreSQL returned)."""

    def __init__(self, cur: Any, lastrowid: Any) -> None:
        self._cur, self.lastrowid, self.rowcount = cur, lastrowid, cur.rowcount

    def fetchone(self) -> Any:
        return None

    def fetchall(self) -> list:
        return []


class _Con:
    """The part of a ``sqlite3.Connection`` the store uses (execute, executemany, in_transaction), over psycopg."""

    def __init__(self, raw: Any, pkeys: tuple = (), identities: tuple = ()) -> None:
        self.raw = raw
        self.pkeys = pkeys
        self.identities = identities

    def _sql(self, sql: str) -> str:
        s = sql.strip()
        if re.match(r"^(BEGIN|COMMIT|ROLLBACK)\b", s, re.I):
            return s.split()[0].upper()
        return dialect.pg_sql(sql, self.pkeys)

    def execute(self, sql: str, params: Any = ()) -> Any:
        q = self._sql(sql)
        params = params if params is not None else ()
        order = dialect.numbered_order(sql)
        if order is not None:  # SQLite's ?1 ?2 (each may repeat): PostgreSQL's placeholders are positional
            params = [params[i] for i in order]
        ident = self._identity(q)
        if ident:
            q += f" RETURNING {ident}"
        cur = self.raw.cursor(row_factory=_rows_for(q))
        cur.execute(q, _enc_params(params))
        if ident:
            row = cur.fetchone() if cur.description else None
            return _Done(cur, row[0] if row else None)
        return cur

    def _identity(self, q: str) -> str | None:
        """The identity column to return from a single-row INSERT (SQLite's ``cursor.lastrowid``)."""
        m = re.match(r"^\s*INSERT\s+INTO\s+(\w+)", q, re.I)
        if not m or " returning " in q.lower() or re.search(r"\bSELECT\b", q, re.I):
            return None
        return dict(self.identities).get(m.group(1).lower())

    def executemany(self, sql: str, rows: Any) -> Any:
        q = self._sql(sql)
        cur = self.raw.cursor(row_factory=_rows_for(q))
        cur.executemany(q, [_enc_params(r) for r in rows])
        return cur

    def execute_ddl(self, sql: str) -> None:
        """A translated migration statement (parameters already in psycopg's style, none passed)."""
        self.raw.execute(sql.replace("%%", "%"))

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


class PgStore(Store):
    """A sitroom store in a PostgreSQL database (the current schema). Not shared between threads."""

    def __init__(self, url: str, *, create: bool = True) -> None:  # noqa: D107 (no file on disk to check)
        self.url = url
        self.path = redact(url)
        self.create = create
        self._closed = False  # closed by its user (not lost): no reconnecting
        self._con = None
        self._con = self._connect()
        try:
            self._migrate()
        except BaseException:
            self.close()
            raise

    def _connect(self) -> _Con:  # type: ignore[override]
        return connect(self.url)

    def _refresh_keys(self) -> None:
        _load_keys(self.con)

    def __repr__(self) -> str:
        return f"PgStore({self.path!r})"

    def _error(self, exc: BaseException, doing: str) -> StoreError:
        return StoreError(f"{self.path}: cannot {doing}: {_first_line(exc)}", hint=_hint(exc))

    def _driver_errors(self) -> tuple[type[BaseException], ...]:
        import psycopg

        return (psycopg.Error,)

    def _begin(self, con: Any) -> None:
        """BEGIN, then the store's writer lock (SQLite's ``BEGIN IMMEDIATE``), released at the transaction's end."""
        con.raw.execute("BEGIN")
        con.raw.execute("SELECT pg_advisory_xact_lock(hashtext('sitroom-writer:' || current_schema()))")

    def _gone(self, con: Any) -> bool:
        return bool(con.raw.closed)

    def _read(self, sql: str, params: Any = (), doing: str = "read the store") -> list:  # type: ignore[override]
        import psycopg

        con = self.con
        try:
            return con.execute(sql, params).fetchall()
        except psycopg.Error as exc:
            self._rollback(con)
            raise self._error(exc, doing) from None

    def close(self) -> None:
        self._closed = True  # closed by its user: no reconnecting
        super().close()

    # ------------------------------------------------------------------ a lost connection

    @property
    def con(self) -> _Con:  # type: ignore[override]
        if self._con is None and not self._closed:
            self._reconnect()
        return super().con

    def _lost(self) -> bool:
        """Whether the connection is gone (not merely refused a statement)."""
        c = self._con
        return not self._closed and (c is None or c.raw.closed or bool(getattr(c.raw, "broken", False)))

    def _reconnect(self) -> None:
        """Open the connection again, up to RECONNECT_TRIES times with growing waits; StoreError if it stays down."""
        import time

        if self._con is not None:
            try:
                self._con.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close; it is dropped either way
                pass
            self._con = None
        wait, last = RECONNECT_WAIT_S, None
        for _ in range(RECONNECT_TRIES):
            try:
                self._con = self._connect()
                return
            except StoreError as exc:
                last = exc
                time.sleep(wait)
                wait = min(wait * 2, 8.0)
        raise StoreError(
            f"{self.path}: lost the connection to the server and could not open it again after "
            f"{RECONNECT_TRIES} tries ({last.message if last else 'no answer'})",
            hint="is the PostgreSQL server up? rerun the same command to resume",
        ) from None

    def _retry(self, fn: Any, *args: Any) -> Any:
        """``fn(*args)`` (one whole transaction), run again on a new connection when the connection was lost.
        Every write is idempotent (an article already stored is not stored again), so a rerun is safe."""
        for attempt in range(RECONNECT_TRIES + 1):
            try:
                return fn(*args)
            except StoreError:
                if not self._lost() or attempt == RECONNECT_TRIES:
                    raise
                self._reconnect()
        raise AssertionError("unreachable")  # pragma: no cover

    def add(self, article: Any) -> bool:
        return self._retry(super().add, article)

    def carry(self, article: Any) -> str | None:
        return self._retry(super().carry, article)

    def begin_run(self, ident: str, inputs: list[str]) -> tuple[int, set[str], bool]:
        return self._retry(super().begin_run, ident, inputs)

    def input_done(self, run_id: int, key: str, articles: int) -> None:
        return self._retry(super().input_done, run_id, key, articles)

    def finish_run(self, run_id: int) -> None:
        return self._retry(super().finish_run, run_id)

    # ------------------------------------------------------------------ schema

    def _tables(self) -> set[str]:
        return {
            r[0]
            for r in self.con.raw.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            ).fetchall()
        }

    def _version(self) -> int:
        tables = self._tables()
        if "meta" in tables:
            row = self.con.raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            raw = row[0] if row else None
            try:
                return int(raw)
            except (TypeError, ValueError):
                raise SchemaVersionError(
                    f"{self.path}: unknown store schema version {raw!r}",
                    hint="this schema was not written by sitroom; give another --db URL",
                ) from None
        if tables:
            raise StoreError(
                f"{self.path}: the database schema holds tables but is not a sitroom store (no meta table)",
                hint="give another database, or a schema with ?options=-csearch_path%3DNAME",
            )
        return 0

    def _migrate(self) -> None:  # type: ignore[override]
        import psycopg

        try:
            version = self._version()
        except psycopg.Error as exc:
            raise self._error(exc, "read the store schema version") from None
        if version == 0 and not self.create:
            raise StoreError(
                f"{self.path}: no store there", hint="create it with `sitroom ingest FILES --db " + self.path + "`"
            )
        if not needs_migration(self.path, version, other="--db URL"):
            return
        with self._write("migrate the store schema") as con:
            now = self._version()  # under the writer lock: another process may have migrated meanwhile
            if now != version:
                return
            for n in range(version + 1, LATEST + 1):
                for stmt in dialect.pg_script(statements(MIGRATIONS[n])):
                    con.execute_ddl(stmt)
                if n in BACKFILL and version:
                    BACKFILL[n](con.execute)
            con.raw.execute(
                "INSERT INTO meta(key, value) VALUES ('schema_version', %s)"
                " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (str(LATEST),),
            )
            if version == 0:
                con.raw.execute(
                    "INSERT INTO meta(key, value) VALUES ('created', %s) ON CONFLICT (key) DO NOTHING",
                    (datetime.now(timezone.utc).isoformat(timespec="seconds"),),
                )
        self._refresh_keys()

    def drop(self) -> None:
        """Delete every table of the store (its schema stays). For tests and `sitroom` maintenance."""
        with self._write("drop the store") as con:
            for t in sorted(self._tables()):
                con.raw.execute(f'DROP TABLE IF EXISTS "{t}" CASCADE')


def connect(url: str, *, read_only: bool = False) -> _Con:
    """A connection to the store at ``url`` (autocommit; the store's own statements open transactions), with the
    tables' keys loaded; ``read_only``: a session that refuses every write (``sitroom check``). StoreError naming
    the store (password hidden) when it cannot be opened."""
    import psycopg

    shown = redact(url)
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as exc:
        raise StoreError(f"{shown}: cannot open the store: {_first_line(exc)}", hint=_hint(exc)) from None
    except ValueError as exc:  # a malformed URL
        raise StoreError(
            f"{shown}: not a PostgreSQL URL: {exc}", hint="write postgresql://user:password@host:port/database"
        ) from None
    con = _Con(raw)
    try:
        raw.execute("SET default_transaction_read_only = on" if read_only else f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
        _load_keys(con)
    except psycopg.Error as exc:
        raw.close()
        raise StoreError(f"{shown}: cannot open the store: {_first_line(exc)}", hint=_hint(exc)) from None
    return con


def _load_keys(con: _Con) -> None:
    """Primary keys (for INSERT OR REPLACE) and identity columns (for lastrowid) of the store's tables."""
    rows = con.raw.execute(
        "SELECT tc.table_name, kcu.column_name, kcu.ordinal_position FROM information_schema.table_constraints tc"
        " JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name"
        " AND kcu.table_schema = tc.table_schema AND kcu.table_name = tc.table_name"
        " WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()"
    ).fetchall()
    con.pkeys = dialect.table_primary_keys(rows)
    con.identities = tuple(
        sorted(
            (t, c)
            for t, c in con.raw.execute(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND is_identity = 'YES'"
            ).fetchall()
        )
    )


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
