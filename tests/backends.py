"""Store backends for tests: a fresh store URL on SQLite (a file in tmp) or on PostgreSQL (a fresh schema).

PostgreSQL tests read the server URL from ``SITROOM_TEST_PG`` (e.g.
``postgresql://sitroom:sitroom@localhost/sitroom_test``; the role needs CREATE on the database) and skip,
saying so, when it is unset. ``.ci/run`` installs PostgreSQL from Debian packages and sets it.

Use in a test module::

    from backends import backend, store_url  # noqa: F401  (fixtures; tests/ is on sys.path)

    def test_x(store_url):                # runs once per backend
        with open_store(store_url) as s: ...

or, for a module-scoped store, ``fresh_url(backend, tmp_path_factory.mktemp("x"))`` inside a fixture (a context
manager: the PostgreSQL schema is dropped on exit).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

PG_ENV = "SITROOM_TEST_PG"
BACKENDS = ("sqlite", "postgres")
SKIP_PG = f"PostgreSQL tests need a server: set {PG_ENV}=postgresql://USER:PASS@HOST/DB (.ci/run does)"


def pg_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def require_pg() -> str:
    url = pg_url()
    if not url:
        pytest.skip(SKIP_PG)
    return url


def with_schema(url: str, schema: str) -> str:
    """``url`` with the connection's search_path set to ``schema`` (libpq's ``options`` parameter)."""
    parts = urlsplit(url)
    opt = f"options=-csearch_path%3D{schema}"
    query = f"{parts.query}&{opt}" if parts.query else opt
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


@contextlib.contextmanager
def pg_schema(prefix: str = "t") -> Iterator[str]:
    """A fresh, empty PostgreSQL schema; yields the store URL that uses it, drops the schema afterwards."""
    import psycopg

    url = require_pg()
    name = f"sitroom_{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield with_schema(url, name)
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@contextlib.contextmanager
def fresh_url(backend: str, folder: Path, name: str = "s") -> Iterator[str]:
    """A store URL on ``backend`` that holds nothing yet."""
    if backend == "sqlite":
        yield str(Path(folder) / f"{name}.sqlite")
    elif backend == "postgres":
        with pg_schema(name) as url:
            yield url
    else:  # pragma: no cover
        raise ValueError(backend)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    if request.param == "postgres":
        require_pg()
    return request.param


@pytest.fixture()
def store_url(backend, tmp_path) -> Iterator[str]:
    with fresh_url(backend, tmp_path) as url:
        yield url
