"""Event queries of schema 3 (stored day, composite indexes, UNION branches, R*Tree, keyset cursor) give exactly
what the schema-2 query gave: compared with that query, run as SQL on the same real store, over random filters;
keyset pages equal offset pages; a schema-2 store with rows upgrades in place to the same answers."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

import pytest

from sitroom.errors import ConfigError
from sitroom.model import Actor, Article, Attribution, Certainty, Event, Place, TimeValue
from sitroom.store import open_store
from sitroom.store.rows import UNDATED, cursor, parse_cursor
from sitroom.store.schema import LATEST

PLACES = [
    ("Ghazni", 33.549, 68.421),
    ("Kabul", 34.528, 69.172),
    ("Kandahar", 31.613, 65.710),
    ("Herat", 34.348, 62.199),
    ("Kunduz", 36.728, 68.857),
    ("Nowhere", None, None),
]
TYPES = [
    ("Battles", "Armed clash"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Violence against civilians", "Attack"),
    ("Strategic developments", "Other"),
]
ACTORS = [
    ("taliban", "Taliban"),
    ("afg-forces", "Afghan government forces"),
    ("us", "United States"),
    ("isis-k", "Islamic State Khorasan Province"),
]
START = date(2021, 8, 1)


def article(i: int, rng: random.Random) -> Article:
    published = None if rng.random() < 0.15 else START + timedelta(days=rng.randrange(20))
    places = [
        Place(
            id=f"p{j + 1}",
            mention={"start": 0, "end": 0, "text": ""},
            name=name if rng.random() < 0.7 else name.upper(),
            kind="city",
            country="AF",
            lat=lat,
            lon=lon,
            gazetteer_id=f"g-{j}",
            confidence=1.0,
        )
        for j, (name, lat, lon) in enumerate(PLACES)
    ]
    actors = [Actor(id=a, name=n, kind="x") for a, n in ACTORS]
    events, text, pos = [], "", 0
    for k in range(rng.randrange(0, 9)):
        et, sub = rng.choice(TYPES)
        a1, a2 = rng.sample([a for a, _ in ACTORS] + [None], 2)
        s = f"Event {i}-{k} happened. "
        text += s
        span = {"start": pos, "end": pos + len(s) - 1, "text": s[:-1]}
        pos += len(s)
        d = None if rng.random() < 0.3 else START + timedelta(days=rng.randrange(-3, 20))
        events.append(
            Event(
                id=f"e{k + 1}",
                event_type=et,
                sub_event_type=sub if rng.random() < 0.9 else None,
                actor1=a1,
                actor2=a2,
                place=rng.choice([f"p{j + 1}" for j in range(len(PLACES))] + [None]),
                date=TimeValue(text=str(d), value=str(d), earliest=d, latest=d) if d else None,
                evidence=[span],
                certainty=rng.choice(list(Certainty)),
                background=rng.random() < 0.2,
                attribution=Attribution(source=rng.choice([None, "officials"])),
            )
        )
    return Article(
        id=f"art-{i:03d}",
        text=text or f"Nothing {i}.",
        title=f"T{i}",
        outlet="Wire",
        published=published,
        places=places,
        actors=actors,
        events=events,
        origin=f"test:{i}",
    )


OLD_SQL = (
    "SELECT t.*, a.published AS published, a.outlet AS article_outlet, a.url AS url, a.title AS title"
    " FROM events t JOIN articles a ON a.id = t.article_id{where}"
    " ORDER BY coalesce(t.date, a.published) IS NULL, coalesce(t.date, a.published), t.uid LIMIT ? OFFSET ?"
)


def old_events(
    con: sqlite3.Connection,
    *,
    since=None,
    until=None,
    event_type=None,
    actor=None,
    place=None,
    bbox=None,
    certainty=None,
    background=None,
    article_id=None,
    limit=None,
    offset=0,
) -> list[str]:
    """The schema-2 query (sitroom at commit 0c69bd3), as an oracle: uids in order."""
    where, params = [], []
    if since:
        where.append("t.date >= ?")
        params.append(since)
    if until:
        where.append("t.date <= ?")
        params.append(until)
    if event_type:
        where.append("t.event_type = ? OR t.sub_event_type = ?")
        params += [event_type, event_type]
    if actor:
        ids = sorted(
            {
                actor,
                *(r[0] for r in con.execute("SELECT DISTINCT id FROM actors WHERE name = ? COLLATE NOCASE", (actor,))),
            }
        )
        q = ", ".join("?" * len(ids))
        where.append(f"t.actor1 IN ({q}) OR t.actor2 IN ({q})")
        params += ids + ids
    if background is not None:
        where.append("t.background = ?")
        params.append(int(background))
    if place:
        where.append("t.place_name = ? COLLATE NOCASE OR t.gazetteer_id = ?")
        params += [place, place]
    if bbox:
        x0, y0, x1, y1 = bbox
        where.append("t.lat BETWEEN ? AND ? AND t.lon BETWEEN ? AND ?")
        params += [y0, y1, x0, x1]
    if article_id:
        where.append("t.article_id = ?")
        params.append(article_id)
    if certainty:
        where.append("t.certainty = ?")
        params.append(certainty)
    sql = OLD_SQL.format(where=" WHERE " + " AND ".join(f"({w})" for w in where) if where else "")
    return [r[0] for r in con.execute(sql.replace("t.*", "t.uid"), [*params, -1 if limit is None else limit, offset])]


def random_filters(rng: random.Random) -> dict:
    f: dict = {}
    if rng.random() < 0.3:
        f["since"] = (START + timedelta(days=rng.randrange(-2, 15))).isoformat()
    if rng.random() < 0.3:
        f["until"] = (START + timedelta(days=rng.randrange(5, 22))).isoformat()
    if rng.random() < 0.3:
        f["event_type"] = rng.choice([t for pair in TYPES for t in pair] + ["Nope"])
    if rng.random() < 0.3:
        f["actor"] = rng.choice([a for a, _ in ACTORS] + ["Taliban", "united states", "nobody"])
    if rng.random() < 0.2:
        f["place"] = rng.choice(["Ghazni", "ghazni", "KABUL", "g-2", "Nowhere", "Atlantis"])
    if rng.random() < 0.2:
        f["bbox"] = rng.choice([(68, 33, 69, 34), (60, 30, 72, 38), (65.71, 31.613, 65.71, 31.613), (0, 0, 1, 1)])
    if rng.random() < 0.2:
        f["certainty"] = rng.choice(list(Certainty)).value
    if rng.random() < 0.15:
        f["background"] = rng.random() < 0.5
    if rng.random() < 0.1:
        f["article_id"] = f"art-{rng.randrange(60):03d}"
    if rng.random() < 0.6:
        f["limit"] = rng.choice([1, 3, 10, 50])
        f["offset"] = rng.choice([0, 0, 1, 7, 40])
    return f


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("queries") / "s.sqlite")
    rng = random.Random(3)
    with open_store(path) as s:
        for i in range(60):
            s.add(article(i, rng))
        assert s.count()["events"] > 150
    return path


def _check_against_oracle(path: str, n: int, seed: int) -> int:
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    compared = 0
    with open_store(path) as s:
        for _ in range(n):
            f = random_filters(rng)
            got = [r["uid"] for r in s.events(**f)]
            want = old_events(con, **f)
            assert got == want, f
            compared += bool(want)
    con.close()
    return compared


def test_events_equal_the_schema2_query(db):
    assert _check_against_oracle(db, 400, seed=11) > 100


def test_rows_have_no_internal_columns_and_rtree_follows_deletes(db, tmp_path):
    with open_store(db) as s:
        rows = s.events(limit=5)
        assert rows and "day" not in rows[0] and rows[0]["id"] == rows[0]["uid"]
        n_rtree = s.con.execute("SELECT count(*) FROM ev_rtree").fetchone()[0]
        n_geo = s.con.execute("SELECT count(*) FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL").fetchone()[0]
        assert n_rtree == n_geo
    copy = str(tmp_path / "copy.sqlite")
    src = sqlite3.connect(db)
    src.execute("VACUUM INTO ?", (copy,))
    src.close()
    with open_store(copy) as s:
        victim = s.events(bbox=(60, 30, 72, 38), limit=1)[0]["article_id"]
        assert s.remove(victim)
        assert not s.events(article_id=victim)
        n_rtree = s.con.execute("SELECT count(*) FROM ev_rtree").fetchone()[0]
        n_geo = s.con.execute("SELECT count(*) FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL").fetchone()[0]
        assert n_rtree == n_geo
    assert _check_against_oracle(copy, 100, seed=12) > 20


def test_keyset_pages_equal_offset_pages(db):
    rng = random.Random(5)
    with open_store(db) as s:
        for _ in range(40):
            f = {k: v for k, v in random_filters(rng).items() if k not in ("limit", "offset")}
            full = [r["uid"] for r in s.events(**f)]
            size = rng.choice([1, 4, 25])
            pages, after = [], None
            for _ in range(len(full) + 2):  # bounded
                page = s.events(**f, limit=size, after=after)
                if not page:
                    break
                pages += [r["uid"] for r in page]
                after = cursor(page[-1])
            assert pages == full, f


def test_cursor_parsing():
    assert parse_cursor("2021-08-12|a:e1") == ("2021-08-12", "a:e1")
    assert parse_cursor(f"{UNDATED}|x|y") == (UNDATED, "x|y")
    assert parse_cursor(("2021-08-12", "a:e1")) == ("2021-08-12", "a:e1")
    for bad in ("", "2021-08-12", "yesterday|a", "2021-8-1|a", "|a", 5, ("a",)):
        with pytest.raises(ConfigError):
            parse_cursor(bad)


def test_schema2_store_upgrades_to_the_same_answers(db, tmp_path):
    """Turn a copy back into a schema-2 store (drop what migrations 3 to 6 add), open it: migrated, same answers."""
    old = str(tmp_path / "v2.sqlite")
    src = sqlite3.connect(db)
    src.execute("VACUUM INTO ?", (old,))
    src.close()
    con = sqlite3.connect(old)
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f"DROP TRIGGER {name}")
    for (name,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND name LIKE 'events_%'"
    ).fetchall():
        con.execute(f"DROP INDEX {name}")
    con.execute("DROP INDEX actors_id_name")
    for t in ("ev_rtree", "run_inputs", "runs"):
        con.execute(f"DROP TABLE {t}")
    con.execute("ALTER TABLE events DROP COLUMN day")
    for col in ("heading", "advance"):  # migration 7: the events' flags
        con.execute(f"ALTER TABLE events DROP COLUMN {col}")
    con.execute("DROP TABLE corrections")  # migration 5: analyst corrections and the rows' corrected mark
    for t in ("events", "control", "claims", "forecasts", "quotes", "places"):
        con.execute(f"ALTER TABLE {t} DROP COLUMN corrected")
    for c in (
        "mode",
        "speaker_type",
        "source_start",
        "source_end",
        "source_text",
        "cue_start",
        "cue_end",
        "cue_text",
        "facts",
    ):  # migration 6: the attribution columns of quotes
        con.execute(f"ALTER TABLE quotes DROP COLUMN {c}")
    con.execute("ALTER TABLE quotes DROP COLUMN speaker_id")  # migration 8: the speaker's actor id
    from sitroom.store.schema import V1

    for stmt in V1.split(";"):
        if "INDEX events_" in stmt:
            con.execute(stmt)
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with open_store(old) as s:
        assert s.schema_version() == LATEST
        assert s.con.execute("SELECT count(*) FROM events WHERE day IS NULL OR day = ''").fetchone()[0] == 0
    assert _check_against_oracle(old, 150, seed=13) > 30
    with open_store(old) as a, open_store(db) as b:
        cols = "uid, day, lat, lon"
        assert (
            a.con.execute(f"SELECT {cols} FROM events ORDER BY uid").fetchall()
            == b.con.execute(f"SELECT {cols} FROM events ORDER BY uid").fetchall()
        )
        cols = "uid, mode, source_start, source_end, cue_start, cue_end, cue_text, facts, speaker_id"  # filled from the articles
        assert (
            a.con.execute(f"SELECT {cols} FROM quotes ORDER BY uid").fetchall()
            == b.con.execute(f"SELECT {cols} FROM quotes ORDER BY uid").fetchall()
        )
