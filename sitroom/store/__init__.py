"""Store: Articles with their facts in a versioned SQLite file.

``open_store(url)`` opens (creating by default) the store at ``url``: a SQLite
file path or ``sqlite:///path``. The returned :class:`~sitroom.store.sqlite.Store`
is a context manager::

    with open_store("sitroom.sqlite") as store:
        store.add(article)            # one transaction; False if already stored
        store.events(since="2021-08-06", actor="taliban")

Schema and migrations: :mod:`sitroom.store.schema`.
"""

from __future__ import annotations

from sitroom.errors import StoreError
from sitroom.store.postgres import PgStore
from sitroom.store.rows import cursor, parse_cursor
from sitroom.store.sqlite import Store

__all__ = ["open_store", "Store", "sqlite_path", "is_postgres", "cursor", "parse_cursor"]


def sqlite_path(url: str) -> str:
    """The SQLite file path a store URL names (``sqlite:///rel.db``, ``sqlite:////abs.db`` or a plain path)."""
    u = str(url).strip()
    if not u:
        raise StoreError("no store given", hint="pass a SQLite file path, e.g. --db sitroom.sqlite")
    low = u.lower()
    if low.startswith(("postgresql:", "postgres:", "postgresql+")):
        raise StoreError(
            "PostgreSQL stores are not supported yet", hint="use a SQLite file path, e.g. --db sitroom.sqlite"
        )
    if low.startswith("sqlite:"):
        rest = u[len("sqlite:") :]
        if rest in ("", "//", "///", "///:memory:", "//:memory:"):
            return ":memory:"
        if not rest.startswith("///"):
            raise StoreError(
                f"{url}: not a SQLite URL", hint="write sqlite:///relative/path.db or sqlite:////absolute/path.db"
            )
        return rest[3:]
    if "://" in u:
        scheme = u.split("://", 1)[0]
        raise StoreError(
            f"{url}: unsupported store type {scheme!r}", hint="use a SQLite file path, e.g. --db sitroom.sqlite"
        )
    return u


def is_postgres(url: str) -> bool:
    """Whether ``url`` names a PostgreSQL store (``postgresql://...`` or ``postgres://...``)."""
    return str(url).strip().lower().startswith(("postgresql://", "postgres://"))


def open_store(url: str, *, create: bool = True, read_only: bool = False) -> Store:
    """Open the store at ``url``: a SQLite path/URL, or ``postgresql://user:pass@host/db`` (see
    :mod:`sitroom.store.postgres`); ``create=False`` refuses a missing or empty store (StoreError naming it);
    ``read_only``: a SQLite file is opened ``mode=ro`` (see :mod:`sitroom.store.readonly`; an older schema is
    still migrated first), for commands that only read."""
    if is_postgres(url):
        return PgStore(str(url).strip(), create=create)
    return Store(sqlite_path(url), create=create, read_only=read_only and not create)
