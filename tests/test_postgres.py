"""The PostgreSQL store on a real server: the SQLite store's tests again, plus what only a server has
(migrations in its dialect, concurrent writers, connection errors).

Needs ``SITROOM_TEST_PG`` (see tests/backends.py); every test here skips, saying why, without it.
The store tests of tests/test_store.py that do not reach into SQLite itself run here unchanged on a PostgreSQL
store: this module imports them and gives them PostgreSQL fixtures of the same names.
"""

from __future__ import annotations

import multiprocessing as mp
from datetime import date

import pytest
import test_store
from backends import pg_schema, pg_url, require_pg, with_schema

from sitroom.errors import SchemaVersionError, StoreError
from sitroom.model import SCHEMA_VERSION, Article
from sitroom.store import open_store

pytestmark = pytest.mark.skipif(not pg_url(), reason="PostgreSQL tests need a server: set SITROOM_TEST_PG")

# --------------------------------------------------------------------------- test_store.py's tests, on PostgreSQL

test_round_trip_property = test_store.test_round_trip_property
test_event_rows_and_filters = test_store.test_event_rows_and_filters
test_other_fact_rows = test_store.test_other_fact_rows


@pytest.fixture(scope="module")
def prop_store():
    with pg_schema("prop") as url, open_store(url) as s:
        yield s


def _fixture_function(fx):
    """The plain function under a pytest fixture (to reuse test_store's article builders)."""
    if hasattr(fx, "_get_wrapped_function"):  # pytest >= 8.4
        return fx._get_wrapped_function()
    return getattr(fx, "__wrapped__", fx)


@pytest.fixture()
def filled(tmp_path):
    """test_store's ``filled``: the same three articles, stored on PostgreSQL."""
    gen = _fixture_function(test_store.filled)(tmp_path)  # builds them (and a SQLite copy we do not use)
    _, a, b, c = next(gen)
    try:
        with pg_schema("filled") as url, open_store(url) as s:
            for art in (a, b, c):
                assert s.add(art)
            # four rows: PostgreSQL rightly prefers a scan; with scans off, EXPLAIN shows whether an index serves
            # the filter (what test_event_rows_and_filters asks of EXPLAIN QUERY PLAN)
            s.con.raw.execute("SET enable_seqscan = off")
            yield s, a, b, c
    finally:
        gen.close()


# --------------------------------------------------------------------------- PostgreSQL's own


@pytest.fixture()
def url():
    with pg_schema("pg") as u:
        yield u


def test_add_twice_is_one_copy(url):
    a = test_store._article("The Taliban captured Kunduz on Sunday.")
    a.events = [test_store._ev(a, "e1", "captured Kunduz", event_type="Strategic developments")]
    with open_store(url) as s:
        assert s.add(a) is True
        c = s.count()
        assert s.add(a) is False
        again = Article(text="The  Taliban captured Kunduz on Sunday.\n", origin="elsewhere")
        assert again.id == a.id and s.add(again) is False
        assert s.count() == c == {**c, "articles": 1, "events": 1}
        assert [x["relation"] for x in s.stories()[0]["carriers"]] == ["original", "exact"]  # the same copy once
    with open_store(url, create=False) as s:
        assert s.count() == c and s.has(a.id) and s.get(a.id) == a and s.get("nope") is None


def test_duplicate_fact_id_fails_whole(url):
    bad = test_store._big_article()
    bad.quotes.append(bad.quotes[0].model_copy())
    with open_store(url) as s:
        with pytest.raises(StoreError, match="quotes_pkey") as info:
            s.add(bad)
        assert bad.id in str(info.value) and "***" not in url
        assert set(s.count().values()) == {0} and not s.has(bad.id)
        assert s.add(test_store._big_article()) is True
        assert s.count()["events"] == 20


def test_connection_lost_mid_transaction_leaves_nothing(url):
    """The server ends the session in the middle of an article's transaction: nothing of it is stored."""
    import psycopg

    a = test_store._big_article()
    with open_store(url) as s, psycopg.connect(require_pg(), autocommit=True) as admin:
        pid = s.con.raw.info.backend_pid
        real = s.con.executemany
        calls = []

        def kill_after_two(sql, rows):
            calls.append(sql)
            if len(calls) == 3:  # articles, actors, places written: end the session before the events
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            return real(sql, rows)

        s.con.executemany = kill_after_two
        with pytest.raises(StoreError) as info:
            s.add(a)
        assert "connection" in str(info.value).lower() or "terminat" in str(info.value).lower()
        # the store reconnected; nothing of the article is there
        assert s.count() == {t: 0 for t in s.count()}
        assert s.add(a) is True and s.count()["events"] == 20


def test_writer_lock_times_out_with_a_hint(url):
    import psycopg

    with open_store(url) as s:
        other = psycopg.connect(with_schema(require_pg(), url.split("search_path%3D")[1]), autocommit=True)
        try:
            other.execute("BEGIN")
            other.execute("SELECT pg_advisory_xact_lock(hashtext('sitroom-writer:' || current_schema()))")
            s.con.raw.execute("SET lock_timeout = 100")
            with pytest.raises(StoreError, match="lock timeout") as info:
                s.add(test_store._big_article())
            assert "another process" in str(info.value)
            other.execute("ROLLBACK")
        finally:
            other.close()
        assert s.add(test_store._big_article()) is True


def _add_many(args):
    url, texts = args
    from sitroom.store import open_store as _open

    added = 0
    with _open(url) as s:
        for t in texts:
            a = Article(text=t, published=date(2021, 8, 8), outlet="X")
            a.events = [test_store._ev(a, "e1", t.split()[0], event_type="Battles")]
            added += s.add(a)
    return added


def test_concurrent_writers_store_each_article_once(url):
    """Four processes write overlapping sets of articles at once: each is stored once, no writer fails."""
    texts = [f"Report{i} fighting near town {i} continued on Sunday, officials said." for i in range(40)]
    jobs = [(url, texts[k::2] + texts[:20]) for k in range(4)]  # every text goes to at least two writers
    open_store(url).close()  # migrate once up front (concurrent migrations are also serialised; not the point here)
    with mp.get_context("spawn").Pool(4) as pool:
        added = pool.map(_add_many, jobs)
    assert sum(added) == 40
    with open_store(url) as s:
        assert s.count()["articles"] == 40 and s.count()["events"] == 40
        assert sorted(s.con.execute("SELECT count(*) FROM carriers WHERE relation = 'original'").fetchone()) == [40]


def test_concurrent_first_opens_migrate_once():
    with pg_schema("mig") as u:
        with mp.get_context("spawn").Pool(3) as pool:
            versions = pool.map(_open_version, [u] * 3)
        assert versions == [SCHEMA_VERSION] * 3


def _open_version(u):
    from sitroom.store import open_store as _open

    with _open(u) as s:
        return s.schema_version()


def test_migrations_step_by_step(url):
    """A store at schema 1 (written by the translated migration 1) is lifted to the latest by the same scripts."""
    import psycopg

    from sitroom.store import dialect
    from sitroom.store.schema import MIGRATIONS, statements

    raw = psycopg.connect(url, autocommit=True)
    try:
        for stmt in statements(MIGRATIONS[1]):
            raw.execute(dialect.pg_ddl(stmt))
        raw.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        raw.execute(
            "INSERT INTO articles (id, title, outlet, published, chars, schema_version, added, doc)"
            " VALUES ('old1', 'Old', 'VOA', '2021-08-01', 3, 1, '2021-08-01T00:00:00+00:00', '{}')"
        )
    finally:
        raw.close()
    with open_store(url) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert [st["id"] for st in s.stories()] == ["old1"]  # migration 2 made a story of the stored article
        assert s.stories()[0]["carriers"][0]["relation"] == "original"


@pytest.mark.parametrize("version", ["99", "abc"])
def test_schema_version_mismatch(url, version):
    with open_store(url) as s:
        s.add(test_store._big_article())
        s.con.raw.execute("UPDATE meta SET value = %s WHERE key = 'schema_version'", (version,))
    with pytest.raises(SchemaVersionError, match=version):
        open_store(url)


def test_open_errors(url):
    with pytest.raises(StoreError, match="no store there") as info:
        open_store(url, create=False)
    assert "sitroom ingest" in str(info.value)
    import psycopg

    with psycopg.connect(url, autocommit=True) as raw:
        raw.execute("CREATE TABLE t (x int)")
    with pytest.raises(StoreError, match="not a sitroom store"):
        open_store(url)
    with pytest.raises(StoreError, match="running") as info:  # nothing listens on port 1
        open_store("postgresql://u:secret@127.0.0.1:1/db")
    assert "secret" not in str(info.value) and "u:***@" in str(info.value)
    bad_pw = require_pg().replace("://", "://nobody-here:wrong@", 1) if "@" not in require_pg() else None
    if bad_pw is None:
        scheme, rest = require_pg().split("://", 1)
        bad_pw = f"{scheme}://nobody-here:wrong@{rest.split('@', 1)[1]}"
    with pytest.raises(StoreError) as info:
        open_store(bad_pw)
    assert "wrong" not in str(info.value)


def test_text_orders_as_in_sqlite(url, tmp_path):
    """Byte-wise text order on both backends (PostgreSQL's default locale would sort 'b' before 'C')."""
    arts = []
    for i, outlet in enumerate(["b", "C", "a", "Ä", "_"]):
        a = Article(text=f"Report {i}: fighting.", published=date(2021, 8, 8), outlet=outlet)
        a.events = [test_store._ev(a, "e1", "fighting", event_type="Battles")]
        arts.append(a)
    got = []
    for u in (url, str(tmp_path / "o.sqlite")):
        with open_store(u) as s:
            for a in arts:
                s.add(a)
            got.append(
                (
                    [r["uid"] for r in s.events()],
                    [r["outlet"] for r in s.article_rows()],
                    s.con.execute("SELECT outlet FROM articles ORDER BY outlet").fetchall(),
                )
            )
    assert got[0][0] == got[1][0] and got[0][1] == got[1][1]
    assert [r[0] for r in got[0][2]] == [r[0] for r in got[1][2]] == sorted(a.outlet for a in arts)
