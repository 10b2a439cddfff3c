"""tests/test_situation.py again, on a PostgreSQL store (needs SITROOM_TEST_PG; see tests/backends.py).

Every test function and fixture of test_situation runs here unchanged; only ``stores`` differs: it is
test_situation's own fixture, given a folder whose ``/ "s.sqlite"`` is a fresh PostgreSQL schema's URL, so
it ingests the seed, the VOA reports and the White House texts into PostgreSQL by the same steps.
"""

from __future__ import annotations

import pytest
import test_situation as _situation
from backends import pg_schema, pg_url

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not pg_url(), reason="PostgreSQL tests need a server: set SITROOM_TEST_PG"),
]

capitals = _situation.capitals
store = _situation.store
for _name in dir(_situation):
    if _name.startswith("test_"):
        globals()[_name] = getattr(_situation, _name)


def _fixture_function(fx):
    if hasattr(fx, "_get_wrapped_function"):  # pytest >= 8.4
        return fx._get_wrapped_function()
    return getattr(fx, "__wrapped__", fx)


class _PgFolder:
    """Stands in for a tmp folder: ``folder / name`` is the store URL."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __truediv__(self, _name: str) -> str:
        return self.url


class _PgFactory:
    def __init__(self, url: str) -> None:
        self.url = url

    def mktemp(self, *_a, **_k) -> _PgFolder:
        return _PgFolder(self.url)


@pytest.fixture(scope="module")
def stores(shared, pipeline):
    with pg_schema("situation") as url:
        yield _fixture_function(_situation.stores)(shared, pipeline, _PgFactory(url))
