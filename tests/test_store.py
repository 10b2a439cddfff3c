"""The SQLite store on real files: round trip, idempotence, atomicity, schema versions, query filters."""

from __future__ import annotations

import itertools
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from sitroom.errors import SchemaVersionError, StoreError
from sitroom.model import (
    SCHEMA_VERSION,
    Actor,
    ActorMention,
    Article,
    Attribution,
    Certainty,
    Claim,
    ControlStatus,
    Event,
    Forecast,
    Place,
    Quote,
    Source,
    Span,
    TimeValue,
)
from sitroom.store import open_store

TABLES = ("articles", "events", "places", "control", "claims", "forecasts", "quotes", "actors")

# --------------------------------------------------------------------------- strategies built from the model

WORDS = st.sampled_from(
    [
        "Taliban",
        "Kunduz",
        "<script>alert(1)</script>",
        "\u0645\u0632\u0627\u0631",
        '"quoted"',
        "onerror=x()",
        "caf\u00e9",
        "\u2014",
        "\U0001f525",
        "line\nbreak",
        "'; DROP TABLE events; --",
    ]
)
TEXT = st.lists(st.one_of(WORDS, st.text(min_size=1, max_size=12)), min_size=1, max_size=25).map(" ".join)
OPT = lambda s: st.none() | s  # noqa: E731
SHORT = st.text(max_size=20)
DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def spans(draw, text: str) -> Span:
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return Span(start=start, end=end, text=text[start:end])


@st.composite
def times(draw, text: str) -> TimeValue:
    earliest = draw(OPT(DAYS))
    latest = None if earliest is None else earliest + timedelta(days=draw(st.integers(0, 40)))
    return TimeValue(
        text=draw(SHORT),
        value=draw(st.sampled_from(["2021-08-12", "2021-07", "P30D", "PAST_REF"])),
        type=draw(st.sampled_from(["DATE", "DURATION"])),
        earliest=earliest,
        latest=latest,
        approximate=draw(st.booleans()),
        span=draw(OPT(spans(text))),
        anchor=draw(OPT(DAYS)),
    )


@st.composite
def fact_fields(draw, text: str, n: int, prefix: str) -> dict:
    return dict(
        id=f"{prefix}{n}",
        evidence=draw(st.lists(spans(text), max_size=2)),
        attribution=Attribution(
            source=draw(OPT(SHORT)), anonymous=draw(st.booleans()), outlet=draw(OPT(SHORT)), cue=draw(OPT(SHORT))
        ),
        certainty=draw(st.sampled_from(list(Certainty))),
    )


_ids = itertools.count()


@st.composite
def articles(draw) -> Article:
    text = draw(TEXT)
    a = Article(
        id=f"a{next(_ids):06d}",
        text=text,
        title=draw(OPT(TEXT)),
        url=draw(OPT(st.just("https://x.example/<a>?q=1"))),
        outlet=draw(OPT(SHORT)),
        published=draw(OPT(DAYS)),
        dateline=draw(OPT(SHORT)),
        origin=draw(OPT(SHORT)),
    )
    a.headings = draw(st.lists(spans(text), max_size=2))
    a.sentences = draw(st.lists(spans(text), max_size=3))
    coords = st.floats(-90, 90, allow_nan=False)
    a.places = [
        Place(
            id=f"p{i}",
            mention=draw(spans(text)),
            name=draw(TEXT),
            kind=draw(OPT(st.sampled_from(["city", "province"]))),
            country=draw(OPT(st.just("AF"))),
            lat=draw(OPT(coords)),
            lon=draw(OPT(coords)),
            gazetteer_id=draw(OPT(SHORT)),
            geonameid=draw(OPT(st.integers(0, 2**40))),
            admin=draw(st.lists(SHORT, max_size=2)),
            role=draw(st.sampled_from(["mention", "dateline"])),
            confidence=draw(st.floats(0, 1)),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    a.actors = [
        Actor(
            id=f"actor-{i}",
            name=draw(TEXT),
            kind="non-state-armed",
            country=draw(OPT(st.just("AF"))),
            mentions=[ActorMention(span=draw(spans(text)), form="name")],
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    a.sources = [Source(name=draw(SHORT), mentions=draw(st.lists(spans(text), max_size=1)))]
    a.times = draw(st.lists(times(text), max_size=2))
    pids = [None] + [p.id for p in a.places]
    aids = [None] + [x.id for x in a.actors]
    pick_p, pick_a = st.sampled_from(pids), st.sampled_from(aids)
    a.events = [
        Event(
            **draw(fact_fields(text, i, "e")),
            event_type=draw(TEXT),
            sub_event_type=draw(OPT(TEXT)),
            actor1=draw(pick_a),
            actor2=draw(pick_a),
            mediator=draw(pick_a),
            place=draw(pick_p),
            origin=draw(OPT(pick_p | SHORT)),
            date=draw(OPT(times(text))),
            targets=draw(st.lists(TEXT, max_size=2)),
            counts=draw(st.dictionaries(SHORT, SHORT, max_size=2)),
            background=draw(st.booleans()),
            summary=draw(TEXT),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    a.control = [
        ControlStatus(
            **draw(fact_fields(text, i, "k")),
            controller=draw(TEXT),
            place=draw(pick_p),
            facility=draw(OPT(TEXT)),
            status=draw(st.sampled_from(["held", "contested"])),
            since=draw(OPT(times(text))),
            quantity=draw(OPT(st.integers(-5, 10**6))),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    a.claims = [
        Claim(
            **draw(fact_fields(text, i, "c")),
            kind=draw(st.sampled_from(["count", "distance", "assertion"])),
            what=draw(TEXT),
            value=draw(OPT(st.floats(allow_nan=False, allow_infinity=False))),
            unit=draw(OPT(SHORT)),
            comparator=draw(st.sampled_from(["=", ">", "~"])),
            subject=draw(pick_p | pick_a),
            related=draw(pick_p),
            window=draw(OPT(times(text))),
            actor=draw(pick_a),
            also_stated=draw(OPT(TEXT)),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    a.forecasts = [
        Forecast(
            **draw(fact_fields(text, i, "f")),
            by=draw(TEXT),
            actor=draw(pick_a),
            what=draw(TEXT),
            target=draw(pick_p),
            modality=draw(st.sampled_from(["likely", "possible"])),
            horizon_days=draw(OPT(st.integers(0, 3650))),
            deadline=draw(OPT(DAYS)),
            made_on=draw(OPT(DAYS)),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    a.quotes = [
        Quote(
            **draw(fact_fields(text, i, "q")),
            speaker=draw(TEXT),
            role=draw(OPT(TEXT)),
            outlet=draw(OPT(SHORT)),
            text=draw(spans(text)),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    return a


def counts_of(store) -> dict:
    return store.count()


def raw_counts(path) -> dict:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


# --------------------------------------------------------------------------- round trip


@pytest.fixture(scope="module")
def prop_store():
    with tempfile.TemporaryDirectory() as d, open_store(str(Path(d) / "prop.sqlite")) as s:
        yield s


@hsettings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(a=articles())
def test_round_trip_property(prop_store, a):
    before = prop_store.count()
    assert prop_store.add(a) is True
    got = prop_store.get(a.id)
    assert got == a
    assert got.model_dump_json() == a.model_dump_json()
    after = prop_store.count()
    assert after["articles"] == before["articles"] + 1
    for table, facts in (
        ("events", a.events),
        ("control", a.control),
        ("claims", a.claims),
        ("forecasts", a.forecasts),
        ("quotes", a.quotes),
        ("places", a.places),
        ("actors", a.actors),
    ):
        assert after[table] == before[table] + len(facts)
    rows = prop_store.events(article_id=a.id)
    assert sorted(r["fact_id"] for r in rows) == sorted(e.id for e in a.events)
    for r in rows:
        e = next(e for e in a.events if e.id == r["fact_id"])
        # the row shows one of the fact's evidence spans (the first that names its place, else the first)
        shown = [(ev.text, ev.start, ev.end) for ev in e.evidence] or [(None, None, None)]
        assert (r["evidence"], r["evidence_start"], r["evidence_end"]) in shown
        if len(e.evidence) == 1:
            assert r["evidence"] == e.evidence[0].text
        assert r["targets"] == e.targets and r["counts"] == e.counts  # typed by the store (rows.read_row)
        assert r["outlet"] == (e.attribution.outlet or a.outlet)
    # adding it again changes nothing
    assert prop_store.add(a) is False
    assert prop_store.count() == after


def _article(text: str, *, published="2021-08-08", outlet="VOA", **facts) -> Article:
    a = Article(
        text=text,
        published=date.fromisoformat(published) if published else None,
        outlet=outlet,
        url="https://example.org/" + text[:5],
    )
    for k, v in facts.items():
        setattr(a, k, v)
    return a


def _ev(a: Article, fid: str, phrase: str, **kw) -> Event:
    start = a.text.index(phrase)
    return Event(id=fid, evidence=[a.span(start, start + len(phrase))], **kw)


def _day(d: str) -> TimeValue:
    return TimeValue(text=d, value=d, earliest=date.fromisoformat(d), latest=date.fromisoformat(d))


def test_add_twice_is_one_copy(tmp_path):
    db = tmp_path / "s.sqlite"
    a = _article("The Taliban captured Kunduz on Sunday.")
    a.events = [_ev(a, "e1", "captured Kunduz", event_type="Strategic developments")]
    with open_store(str(db)) as s:
        assert s.add(a) is True
        c = s.count()
        assert s.add(a) is False
        # the same text read again (another origin, other whitespace) has the same id: still one copy
        again = Article(text="The  Taliban captured Kunduz on Sunday.\n", origin="elsewhere")
        assert again.id == a.id and s.add(again) is False
        assert s.count() == c == {**c, "articles": 1, "events": 1}
    with open_store(f"sqlite:///{db}", create=False) as s:  # reopened through a URL: still there, once
        assert s.count() == c
        assert s.has(a.id) and s.get(a.id) == a
        assert s.get("nope") is None and not s.has("nope")


# --------------------------------------------------------------------------- atomicity (real SQLite failures)


def _big_article() -> Article:
    text = "Fighters took the town. Officials said so. " * 20
    a = Article(text=text, published=date(2021, 8, 8), outlet="X")
    a.places = [
        Place(id=f"p{i}", mention=a.span(0, 8), name=f"Place {i}", lat=30.0 + i, lon=60.0 + i) for i in range(10)
    ]
    a.actors = [Actor(id=f"actor{i}", name=f"Actor {i}", kind="other") for i in range(5)]
    a.events = [
        Event(id=f"e{i}", event_type="Battles", place=f"p{i % 10}", actor1="actor1", evidence=[a.span(0, 22)])
        for i in range(20)
    ]
    a.control = [ControlStatus(id=f"k{i}", controller="actor1", place="p1") for i in range(5)]
    a.claims = [Claim(id=f"c{i}", kind="count", what="towns", value=float(i)) for i in range(5)]
    a.forecasts = [Forecast(id=f"f{i}", by="officials", what="more fighting") for i in range(5)]
    a.quotes = [Quote(id=f"q{i}", speaker="An official", text=a.span(24, 42)) for i in range(5)]
    return a


def test_duplicate_fact_id_fails_whole(tmp_path):
    db = str(tmp_path / "s.sqlite")
    bad = _big_article()
    bad.quotes.append(bad.quotes[0].model_copy())  # the last rows written violate the quotes primary key
    with open_store(db) as s:
        with pytest.raises(StoreError, match="UNIQUE constraint failed: quotes.uid") as info:
            s.add(bad)
        assert db in str(info.value) and bad.id in str(info.value)
        assert set(s.count().values()) == {0}
        assert not s.has(bad.id)
        good = _big_article()
        assert s.add(good) is True  # the store is still usable
    assert raw_counts(db)["events"] == 20


def test_interrupted_write_leaves_nothing(tmp_path):
    """Abort the transaction at many points inside SQLite (its progress handler) and check all-or-nothing."""
    db = str(tmp_path / "s.sqlite")
    a = _big_article()
    with open_store(db) as s:
        failures = 0
        for k in itertools.count(1, 3):
            calls = itertools.count(1)
            # SQLite calls the handler every 10 VM steps; a true return interrupts the running statement
            s.con.set_progress_handler(lambda: next(calls) == k, 10)  # noqa: B023 - used within this iteration
            try:
                stored = s.add(a)
            except StoreError as exc:
                assert "interrupted" in str(exc)
                failures += 1
                assert not s.con.in_transaction
                assert set(raw_counts(db).values()) == {0}, k
                assert not s.has(a.id)
                continue
            finally:
                s.con.set_progress_handler(None, 0)
            assert stored
            break
        assert failures > 50  # interrupted at many points before it could complete
        full = s.count()
    assert full == {
        "articles": 1,
        "events": 20,
        "places": 10,
        "control": 5,
        "claims": 5,
        "forecasts": 5,
        "quotes": 5,
        "actors": 5,
    }


def test_closed_connection_and_locked_store(tmp_path):
    db = str(tmp_path / "s.sqlite")
    s = open_store(db)
    s.con.close()  # the real connection is gone under the store
    with pytest.raises(StoreError, match="closed"):
        s.add(_big_article())
    with open_store(db) as s2:
        assert s2.count()["articles"] == 0
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        s2.con.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(StoreError, match="locked") as info:
            s2.add(_big_article())
        assert "another process" in str(info.value)
        other.execute("ROLLBACK")
        other.close()
        assert s2.add(_big_article()) is True


# --------------------------------------------------------------------------- opening, versions


def test_pragmas_and_meta(tmp_path):
    db = str(tmp_path / "sub" / "s.sqlite")  # the folder is created
    with open_store(db) as s:
        assert s.con.execute("pragma journal_mode").fetchone()[0] == "wal"
        assert s.con.execute("pragma foreign_keys").fetchone()[0] == 1
        assert s.schema_version() == SCHEMA_VERSION
    con = sqlite3.connect(db)
    assert con.execute("select value from meta where key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    con.close()


@pytest.mark.parametrize("version", ["99", "abc"])
def test_schema_version_mismatch(tmp_path, version):
    db = str(tmp_path / "s.sqlite")
    with open_store(db) as s:
        s.add(_big_article())
    con = sqlite3.connect(db)
    con.execute("update meta set value = ? where key = 'schema_version'", (version,))
    con.commit()
    con.close()
    with pytest.raises(SchemaVersionError, match=version) as info:
        open_store(db)
    assert db in str(info.value)


def test_empty_sqlite_file_is_migrated_and_foreign_files_refused(tmp_path):
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).close()
    with open_store(str(empty)) as s:
        assert s.schema_version() == SCHEMA_VERSION
    foreign = tmp_path / "foreign.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("create table t(x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="not a sitroom store"):
        open_store(str(foreign))
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all, just some text" * 100)
    with pytest.raises(StoreError, match="junk.sqlite") as info:
        open_store(str(junk))
    assert "not a" in str(info.value)


def test_open_errors(tmp_path):
    missing = str(tmp_path / "nope.sqlite")
    with pytest.raises(StoreError) as info:
        open_store(missing, create=False)
    assert missing in str(info.value) and "sitroom ingest" in str(info.value)
    assert not Path(missing).exists()
    with pytest.raises(StoreError, match="cannot open the store") as info:  # a PostgreSQL URL: no server there
        open_store("postgresql://user@127.0.0.1:1/db")
    assert "running" in str(info.value)
    with pytest.raises(StoreError, match="directory"):
        open_store(str(tmp_path))


# --------------------------------------------------------------------------- queries


@pytest.fixture()
def filled(tmp_path):
    kab = Place(
        id="p1",
        mention=Span(start=0, end=5, text="Kabul"),
        name="Kabul",
        kind="city",
        country="AF",
        lat=34.53,
        lon=69.17,
        gazetteer_id="gn:1138958",
    )
    a = _article(
        "Kabul: the Taliban captured Ghazni on Thursday. Fighting continued near Kandahar, officials told DPA.",
        published="2021-08-12",
        outlet="DW",
    )
    gh = a.span(a.text.index("Ghazni"), a.text.index("Ghazni") + 6)
    kd = a.span(a.text.index("Kandahar"), a.text.index("Kandahar") + 8)
    a.places = [
        kab,
        Place(id="p2", mention=gh, name="Ghazni", kind="city", country="AF", lat=33.55, lon=68.42),
        Place(id="p3", mention=kd, name="Kandahar", kind="city", country="AF", lat=31.61, lon=65.71),
    ]
    a.actors = [
        Actor(id="taliban", name="Taliban", kind="non-state-armed"),
        Actor(id="afg-gov", name="Afghan government", kind="government"),
    ]
    a.events = [
        _ev(
            a,
            "e1",
            "the Taliban captured Ghazni",
            event_type="Strategic developments",
            sub_event_type="Non-state actor overtakes territory",
            actor1="taliban",
            place="p2",
            date=_day("2021-08-12"),
            targets=["police headquarters"],
            counts={"killed": "at least 5"},
        ),
        _ev(
            a,
            "e2",
            "Fighting continued near Kandahar",
            event_type="Battles",
            sub_event_type="Armed clash",
            actor1="taliban",
            actor2="afg-gov",
            place="p3",
            date=_day("2021-08-11"),
            attribution=Attribution(source="officials", outlet="DPA"),
            certainty=Certainty.HEDGED,
        ),
    ]
    a.control = [
        ControlStatus(
            id="k1",
            controller="afg-gov",
            place="p2",
            facility="intelligence headquarters",
            since=_day("2021-07-15"),
            evidence=[a.span(0, 10)],
        )
    ]
    a.claims = [
        Claim(id="c1", kind="distance", what="distance to Kabul", value=150, unit="km", subject="p2", related="p1")
    ]
    a.forecasts = [
        Forecast(
            id="f1",
            by="US officials",
            actor="taliban",
            what="isolate Kabul",
            target="p1",
            horizon_days=30,
            deadline=date(2021, 9, 11),
            made_on=date(2021, 8, 12),
        )
    ]
    a.quotes = [Quote(id="q1", speaker="Hans-Lothar Domröse", outlet="DW", text=a.span(7, 47))]
    b = _article("Afghan forces retook Kunduz on Monday.", published="2021-08-09", outlet=None)
    b.places = [Place(id="p1", mention=b.span(21, 27), name="Kunduz", kind="city", country="AF", lat=36.73, lon=68.86)]
    b.actors = [Actor(id="afg-gov", name="Afghan government", kind="government")]
    b.events = [
        _ev(
            b,
            "e1",
            "retook Kunduz",
            event_type="Battles",
            sub_event_type="Government regains territory",
            actor1="afg-gov",
            place="p1",
            date=_day("2021-08-09"),
            background=True,
        )
    ]
    c = _article("An undated report of fighting.", published=None, outlet="X")
    c.events = [_ev(c, "e1", "fighting", event_type="Battles")]
    with open_store(str(tmp_path / "q.sqlite")) as s:
        for art in (a, b, c):
            assert s.add(art)
        yield s, a, b, c


def test_event_rows_and_filters(filled):
    s, a, b, c = filled
    rows = s.events()
    assert [r["uid"] for r in rows] == [f"{b.id}:e1", f"{a.id}:e2", f"{a.id}:e1", f"{c.id}:e1"]  # by day, undated last
    r = next(r for r in rows if r["uid"] == f"{a.id}:e1")
    assert r["id"] == r["uid"] and r["article_id"] == a.id
    assert (r["event_type"], r["sub_event_type"], r["actor1"], r["actor2"]) == (
        "Strategic developments",
        "Non-state actor overtakes territory",
        "taliban",
        None,
    )
    assert (r["date"], r["date_earliest"], r["date_latest"]) == ("2021-08-12", "2021-08-12", "2021-08-12")
    assert (r["place_name"], r["place_kind"], r["country"], r["lat"], r["lon"]) == (
        "Ghazni",
        "city",
        "AF",
        33.55,
        68.42,
    )
    assert r["evidence"] == "the Taliban captured Ghazni" == a.text[r["evidence_start"] : r["evidence_end"]]
    assert r["targets"] == ["police headquarters"] and r["counts"] == {"killed": "at least 5"}
    assert (r["published"], r["article_outlet"], r["outlet"], r["source"]) == ("2021-08-12", "DW", "DW", None)
    assert r["certainty"] == "reported" and r["background"] is False and r["url"] == a.url
    r2 = next(r for r in rows if r["uid"] == f"{a.id}:e2")
    assert (r2["source"], r2["outlet"], r2["article_outlet"], r2["certainty"]) == ("officials", "DPA", "DW", "hedged")

    uids = lambda **kw: [r["uid"] for r in s.events(**kw)]  # noqa: E731
    assert uids(since="2021-08-10") == [f"{a.id}:e2", f"{a.id}:e1"]
    assert uids(until=date(2021, 8, 11)) == [f"{b.id}:e1", f"{a.id}:e2"]
    assert uids(since="2021-08-11", until="2021-08-11") == [f"{a.id}:e2"]
    assert uids(event_type="Battles") == [f"{b.id}:e1", f"{a.id}:e2", f"{c.id}:e1"]
    assert uids(event_type="Non-state actor overtakes territory") == [f"{a.id}:e1"]
    assert uids(actor="afg-gov") == [f"{b.id}:e1", f"{a.id}:e2"]  # as actor1 or actor2
    assert uids(actor="taliban") == uids(actor="TALIBAN") == [f"{a.id}:e2", f"{a.id}:e1"]  # by id or name
    assert uids(place="ghazni") == [f"{a.id}:e1"]
    assert uids(bbox=(68.0, 33.0, 69.0, 37.0)) == [f"{b.id}:e1", f"{a.id}:e1"]  # min_lon, min_lat, max_lon, max_lat
    assert uids(article_id=b.id) == [f"{b.id}:e1"]
    assert uids(certainty="hedged") == [f"{a.id}:e2"]
    assert uids(background=False) == [f"{a.id}:e2", f"{a.id}:e1", f"{c.id}:e1"]
    assert uids(limit=2, offset=1) == [f"{a.id}:e2", f"{a.id}:e1"]
    assert uids(actor="taliban", place="Kandahar", since="2021-08-01") == [f"{a.id}:e2"]
    assert uids(actor="nobody") == []
    plan = " ".join(
        str(tuple(x))
        for x in s.con.execute("EXPLAIN QUERY PLAN SELECT * FROM events t WHERE t.date >= '2021-08-10'").fetchall()
    )
    assert "events_date" in plan


def test_other_fact_rows(filled):
    s, a, b, c = filled
    [k] = s.control()
    assert (k["controller"], k["place_name"], k["facility"], k["since"], k["status"]) == (
        "afg-gov",
        "Ghazni",
        "intelligence headquarters",
        "2021-07-15",
        "held",
    )
    assert s.control(controller="taliban") == [] and len(s.control(actor="Afghan government")) == 1
    assert len(s.control(place="Ghazni")) == 1 and s.control(place="Kabul") == []
    [cl] = s.claims()
    assert (cl["kind"], cl["value"], cl["unit"], cl["subject_name"], cl["related_name"]) == (
        "distance",
        150.0,
        "km",
        "Ghazni",
        "Kabul",
    )
    assert s.claims(kind="count") == []
    [f] = s.forecasts()
    assert (f["by"], f["actor"], f["target_name"], f["horizon_days"], f["deadline"], f["made_on"], f["lat"]) == (
        "US officials",
        "taliban",
        "Kabul",
        30,
        "2021-09-11",
        "2021-08-12",
        34.53,
    )
    assert len(s.forecasts(actor="taliban")) == 1 and s.forecasts(due_before="2021-09-01") == []
    [q] = s.quotes()
    assert (q["speaker"], q["outlet"], q["text"], q["article_id"], q["published"]) == (
        "Hans-Lothar Domröse",
        "DW",
        a.text[7:47],
        a.id,
        "2021-08-12",
    )
    assert len(s.quotes(speaker="hans-lothar domröse")) == 1
    assert s.actor_names() == {"taliban": "Taliban", "afg-gov": "Afghan government"}
    assert s.count() == {
        "articles": 3,
        "events": 4,
        "places": 4,
        "control": 1,
        "claims": 1,
        "forecasts": 1,
        "quotes": 1,
        "actors": 3,
    }
    assert [x.id for x in s.articles()] == [b.id, a.id, c.id]  # by day, undated last
    assert [x.id for x in s.articles(limit=1, offset=1)] == [a.id]
    assert s.articles()[1] == a
    assert s.remove(b.id) and not s.remove(b.id)
    assert s.count()["events"] == 3 and s.count()["places"] == 3  # its rows went with it
