"""The store's SQL, written once for SQLite, spoken to PostgreSQL.

:mod:`sitroom.store.schema` and :mod:`sitroom.store.sqlite` are written in SQLite's
dialect. :func:`pg_ddl` expresses a migration script for PostgreSQL and
:func:`pg_sql` a query or write statement, so both backends run the same
migrations and the same queries (the PostgreSQL store inherits every query method
of the SQLite one). What changes:

- parameters: ``?`` → ``%s``, ``:name`` → ``%(name)s`` (a literal ``%`` is doubled);
- ``x = ? COLLATE NOCASE`` → ``lower(x) = lower(%s)``; an index on ``col COLLATE NOCASE`` → on ``lower(col)``;
- ``INSERT OR IGNORE`` → ``ON CONFLICT DO NOTHING``; ``INSERT OR REPLACE`` → ``ON CONFLICT (primary key) DO UPDATE``;
- ``LIMIT ?`` (SQLite's ``-1`` = no limit) → ``LIMIT nullif(%s, -1)``;
- types: ``INTEGER`` → ``BIGINT``, ``REAL`` → ``DOUBLE PRECISION`` (PostgreSQL's ``REAL`` is 4 bytes),
  ``BLOB`` → ``BYTEA``, and ``TEXT`` compares byte-wise (``COLLATE "C"``, SQLite's ``BINARY``);
- ``EXPLAIN QUERY PLAN`` → ``EXPLAIN``;
- a subquery in FROM gets an alias (PostgreSQL 15 requires one);
- a table with a rowid in SQLite gets a ``rowid`` identity column (insertion order), which ``SELECT *`` leaves out
  as SQLite does; ``WITHOUT ROWID`` is dropped.

The translation is lexical (string literals are left alone), which is enough for the store's own
SQL; it is not a general SQLite-to-PostgreSQL converter.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["pg_ddl", "pg_sql", "split_literals", "table_primary_keys"]

_TOKEN = re.compile(r"'(?:[^']|'')*'")


def split_literals(sql: str) -> list[tuple[bool, str]]:
    """``sql`` cut into (is_literal, text) pieces: string literals apart from the rest."""
    out: list[tuple[bool, str]] = []
    pos = 0
    for m in _TOKEN.finditer(sql):
        if m.start() > pos:
            out.append((False, sql[pos : m.start()]))
        out.append((True, m.group(0)))
        pos = m.end()
    if pos < len(sql):
        out.append((False, sql[pos:]))
    return out


def _outside(sql: str, fn) -> str:
    """Apply ``fn`` to the parts of ``sql`` outside string literals."""
    return "".join(text if quoted else fn(text) for quoted, text in split_literals(sql))


# an operand: a (possibly qualified, possibly quoted) column or a function call without nested parentheses
_OPERAND = r'((?:\w+\.)?(?:"[^"]+"|\w+)(?:\([^()]*\))?)'
_NOCASE_EQ = re.compile(_OPERAND + r"\s*=\s*\?\s+COLLATE\s+NOCASE", re.I)
_NOCASE_COL = re.compile(_OPERAND + r"\s+COLLATE\s+NOCASE", re.I)
_INSERT_OR = re.compile(r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*(\(([^)]*)\))?", re.I)
_LIMIT = re.compile(r"\bLIMIT\s+\?", re.I)
_NUMBERED = re.compile(r"%s(\d+)")  # SQLite's ?NNN, after ? became %s
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


_KEYWORDS = {
    "where",
    "order",
    "group",
    "limit",
    "offset",
    "join",
    "left",
    "inner",
    "cross",
    "union",
    "having",
    "on",
    "window",
    "except",
    "intersect",
}


def _alias_subqueries(sql: str) -> str:
    """Name every subquery in FROM (PostgreSQL before 16 requires an alias; SQLite does not)."""
    out, pos, n = [], 0, 0
    for m in re.finditer(r"\bFROM\s*\(", sql, re.I):
        if m.start() < pos:
            continue
        depth, i = 1, m.end()
        while i < len(sql) and depth:
            depth += {"(": 1, ")": -1}.get(sql[i], 0)
            i += 1
        out.append(sql[pos : m.end()] + _alias_subqueries(sql[m.end() : i - 1]) + ")")
        nxt = re.match(r"\s*(\w+)", sql[i:])
        if nxt is None or nxt.group(1).lower() in _KEYWORDS:
            n += 1
            out.append(f" AS _sub{n}_{i}")
        pos = i
    out.append(sql[pos:])
    return "".join(out)


def _params(text: str) -> str:
    text = text.replace("%", "%%")
    text = re.sub(r"\bLIMIT\s+-1\b", "LIMIT ALL", text, flags=re.I)
    text = _LIMIT.sub("LIMIT nullif(?::bigint, -1)", text)
    text = _NAMED.sub(r"%(\1)s", text)
    return text.replace("?", "%s")


@lru_cache(maxsize=4096)
def pg_sql(sql: str, pkeys: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> str:
    """A statement of the SQLite store in PostgreSQL's dialect; ``pkeys`` (table → primary key columns) is needed
    for ``INSERT OR REPLACE``."""
    sql = re.sub(r"^\s*EXPLAIN\s+QUERY\s+PLAN\b", "EXPLAIN", sql, flags=re.I)
    m = _INSERT_OR.match(sql)
    conflict = ""
    if m:
        how, table, cols = m.group(1).upper(), m.group(2), m.group(4)
        sql = sql[: m.start()] + f"INSERT INTO {table}" + (f" ({cols})" if cols else "") + sql[m.end() :]
        if how == "IGNORE":
            conflict = " ON CONFLICT DO NOTHING"
        else:
            keys = dict(pkeys).get(table)
            if not keys:
                raise ValueError(f"INSERT OR REPLACE into {table}: its primary key is not known")
            names = [c.strip() for c in (cols or "").split(",") if c.strip()]
            rest = [c for c in names if c.strip('"') not in keys]
            sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in rest)
            conflict = f" ON CONFLICT ({', '.join(keys)}) " + (f"DO UPDATE SET {sets}" if sets else "DO NOTHING")
    sql = _outside(sql, lambda t: _NOCASE_EQ.sub(r"lower(\1) = lower(?)", t))
    sql = _outside(sql, _params)
    if _NUMBERED.search(sql):
        sql = _NUMBERED.sub(lambda m: "%s", sql)
    if re.search(r"\bFROM\s*\(", sql, re.I):
        sql = _alias_subqueries(sql)
    return sql.rstrip().rstrip(";") + conflict


_TYPES = {"INTEGER": "BIGINT", "REAL": "DOUBLE PRECISION", "BLOB": "BYTEA", "TEXT": 'TEXT COLLATE "C"'}
# a column definition: after "(", "," or ADD [COLUMN], a name, then its type
_COLUMN_TYPE = re.compile(
    r'((?:^|[,(]|\bADD\s+(?:COLUMN\s+)?)\s*(?:"[^"]+"|\w+)\s+)(INTEGER|REAL|BLOB|TEXT)\b', re.I | re.M
)


def _types(text: str) -> str:
    return _COLUMN_TYPE.sub(lambda m: m.group(1) + _TYPES[m.group(2).upper()], text)


_CREATE_TABLE = re.compile(r"^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s*\(", re.I)
_ADD_COLUMN = re.compile(r"^\s*ALTER\s+TABLE\s+\w+\s+ADD\s+(?:COLUMN\s+)?", re.I)
_WITHOUT_ROWID = re.compile(r"\)\s*WITHOUT\s+ROWID\s*;?\s*$", re.I)


def pg_ddl(stmt: str) -> str:
    """One statement of a migration script (see :mod:`sitroom.store.schema`) for PostgreSQL."""
    s = stmt.strip().rstrip(";").rstrip()
    if _CREATE_TABLE.match(s) or _ADD_COLUMN.match(s):
        has_rowid = _CREATE_TABLE.match(s) is not None and not _WITHOUT_ROWID.search(s + ";")
        s = re.sub(r"\)\s*WITHOUT\s+ROWID\s*$", ")", s, flags=re.I)
        s = re.sub(r"\bINTEGER\s+PRIMARY\s+KEY\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", s, flags=re.I)
        has_rowid = has_rowid and "GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" not in s  # that column is the rowid
        s = _outside(s, _types)
        if has_rowid:
            s = s[: s.rindex(")")].rstrip() + ",\n    rowid BIGINT GENERATED BY DEFAULT AS IDENTITY\n)"
        return s
    if re.match(r"^\s*CREATE\s+(UNIQUE\s+)?INDEX", s, re.I):
        return _outside(s, lambda t: _NOCASE_COL.sub(r"lower(\1)", t))
    return pg_sql(s)


def table_primary_keys(rows) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(table, (column, ...)) pairs from rows of (table, column, position)."""
    keys: dict[str, list[tuple[int, str]]] = {}
    for table, col, pos in rows:
        keys.setdefault(table, []).append((pos, col))
    return tuple(sorted((t, tuple(c for _, c in sorted(v))) for t, v in keys.items()))


def numbered_order(sql: str) -> list[int] | None:
    """For a statement with SQLite's numbered parameters (``?1 ... ?2 ... ?1``): the 0-based index of the argument
    each placeholder takes, in order (PostgreSQL's ``%s`` are positional); None when it has none."""
    found = [int(m.group(1)) - 1 for m in re.finditer(r"\?(\d+)", "".join(t for q, t in split_literals(sql) if not q))]
    return found or None


_VIRTUAL = re.compile(r"^\s*CREATE\s+VIRTUAL\s+TABLE\s+(\w+)\s+USING\s+rtree\s*\(", re.I)
_INSERT_SELECT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)\s*\(([^)]*)\)\s*(SELECT\b.*)$", re.I | re.S)
_TRIGGER = re.compile(r"^\s*CREATE\s+TRIGGER\b", re.I)


def pg_script(statements: list[str]) -> list[str]:
    """A migration script's statements for PostgreSQL.

    An SQLite R*Tree (``CREATE VIRTUAL TABLE x USING rtree``, filled by ``INSERT INTO x (...) SELECT ...`` and
    kept by triggers) becomes a view defined by that SELECT: always current, no triggers, and the planner serves
    it from the B-tree indexes on the underlying columns. Other triggers are not translated (the store has none).
    """
    rtrees: set[str] = set()
    out: list[str] = []
    for stmt in statements:
        m = _VIRTUAL.match(stmt)
        if m:
            rtrees.add(m.group(1).lower())
            continue
        m = _INSERT_SELECT.match(stmt.strip().rstrip(";"))
        if m and m.group(1).lower() in rtrees:
            out.append(f"CREATE VIEW {m.group(1)} ({m.group(2)}) AS {m.group(3)}")
            continue
        if _TRIGGER.match(stmt):
            if any(re.search(rf"\b{t}\b", stmt, re.I) for t in rtrees):
                continue
            raise ValueError(f"no PostgreSQL translation for this trigger: {stmt[:80]}")
        out.append(pg_ddl(stmt))
    return out
