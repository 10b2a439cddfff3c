"""The per-article work of ingest beyond extraction stays cheap and bounded (issue 5's add-cost benchmark,
``bench/add_cost.py``): the identity normal form is the one documented, a signature is computed once per article
and the memo that carries it from ``carry`` to ``add`` stays bounded. No timing here: speed is in bench/."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.ingest import dedup
from sitroom.model import Article, normalise_text
from sitroom.store import open_store
from sitroom.store import stories as store_stories

_TABLE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def _reference(text: str) -> str:
    """The normal form as first written (str.translate): the faster one must give the same ids."""
    t = unicodedata.normalize("NFKC", text).translate(_TABLE)
    return re.sub(r"\s+", " ", t).strip().casefold()


_TEXT = st.text(
    alphabet=st.sampled_from(list("aZé ß\t\n\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\ufb01\u2126x1.,'\"-"))
    | st.characters(),
    max_size=200,
)


@given(_TEXT)
@settings(max_examples=400, deadline=None)
def test_normal_form_is_unchanged(text):
    assert normalise_text(text) == _reference(text)


@given(
    st.lists(
        st.sampled_from(["taliban", "seized", "the", "city", "of", "Ghazni", "on", "Thursday", "\u2019s", "12"]),
        min_size=0,
        max_size=60,
    ).map(" ".join)
)
@settings(max_examples=100, deadline=None)
def test_signature_from_given_shingles_is_the_signature(text):
    assert (dedup.signature(text, dedup.shingles(text)) == dedup.signature(text)).all()


def _text(i: int) -> str:
    return (
        f"Report number {i}: fighters moved on the district centre of place {i} at dawn, officials said, "
        f"and residents of place {i} fled towards the provincial capital as the clashes went on into the night."
    )


def test_carry_then_add_signs_once_and_stores_the_same_signature(tmp_path):
    a = Article(text=_text(1), outlet="Wire")
    with open_store(str(tmp_path / "s.sqlite")) as s:
        assert s.carry(a) is None
        assert (a.id, hash(a.text)) in s._sig_memo  # computed by carry, reused by add
        assert s.add(a)
        blob = s.con.execute("SELECT minhash FROM signatures WHERE article_id = ?", (a.id,)).fetchone()[0]
    assert (dedup.from_blob(blob) == dedup.signature(a.text)).all()


def test_signature_memo_is_bounded_and_ignores_own_ids(tmp_path):
    with open_store(str(tmp_path / "s.sqlite")) as s:
        for i in range(store_stories.SIG_MEMO + 40):
            assert s.add(Article(text=_text(i), outlet="Wire"))
        assert len(s._sig_memo) == store_stories.SIG_MEMO
        own = Article(id="my-own-id", text=_text(10_000), outlet="Wire")  # names its own id: matched only exactly
        assert s.add(own)
        assert not any(k[0] == "my-own-id" for k in s._sig_memo)
        assert s.con.execute("SELECT count(*) FROM signatures WHERE article_id = 'my-own-id'").fetchone()[0] == 0
        # a reprint of a stored article is still found after its signature left the memo
        first = Article(text=_text(0).replace("at dawn", "before dawn"), outlet="Other")
        assert s.carry(first) == "near"


def test_every_whitespace_character_collapses_as_before():
    spaces = [chr(c) for c in range(0x3100) if chr(c).isspace() or re.fullmatch(r"\s", chr(c))]
    assert len(spaces) > 20
    for c in spaces:
        text = f"{c}a{c}{c}b {c}\u2019c{c}"
        assert normalise_text(text) == _reference(text), hex(ord(c))


# --------------------------------------------------------------------------- situation memo (control_changes)

from datetime import date as _date  # noqa: E402
from datetime import timedelta as _td  # noqa: E402

CITIES = [("Ghazni", 33.55, 68.42), ("Kunduz", 36.73, 68.86), ("Zaranj", 30.96, 61.86), ("Herat", 34.35, 62.20)]


def _takeover(i: int, city: int, holder: str, day: _date) -> Article:
    from sitroom.model import Actor, Event, Place, Span, TimeValue

    name, lat, lon = CITIES[city]
    text = f"Report {i}: {holder} fighters took control of {name} on {day.isoformat()} after days of clashes, officials said."
    a = Article(text=text, outlet=f"Outlet {i % 3}", published=day + _td(days=1))
    a.places = [
        Place(
            id="p1",
            mention=Span(start=0, end=len(name), text=name),
            name=name,
            kind="city",
            country="AF",
            lat=lat,
            lon=lon,
            confidence=1.0,
        )
    ]
    a.actors = [Actor(id=holder, name=holder.title(), kind="other")]
    sub = "Non-state actor overtakes territory" if holder == "taliban" else "Government regains territory"
    a.events = [
        Event(
            id="e1",
            event_type="Battles",
            sub_event_type=sub,
            actor1=holder,
            place="p1",
            date=TimeValue(text=day.isoformat(), value=day.isoformat(), earliest=day, latest=day),
            evidence=[Span(start=0, end=len(text), text=text)],
        )
    ]
    return a


def _fresh(fn, *args, **kw):
    from sitroom.resolve import control

    control._MEMO.clear()
    return fn(*args, **kw)


def test_memoised_control_equals_a_fresh_replay_and_follows_every_write(tmp_path):
    from sitroom.resolve.control import changes, control_at

    db = str(tmp_path / "s.sqlite")
    d0 = _date(2021, 8, 1)
    with open_store(db) as s:
        for i in range(12):
            s.add(_takeover(i, i % 4, "taliban" if i % 3 else "afg-forces", d0 + _td(days=i)))
        first = control_at(s, "2021-08-20")
        assert control_at(s, "2021-08-20") == first == _fresh(control_at, s, "2021-08-20")
        assert changes(s, "2021-08-01", "2021-08-31") == _fresh(changes, s, "2021-08-01", "2021-08-31")
        # what a caller does to a result does not leak into the next one
        first[0]["sources"][0]["outlet"] = "changed"
        first[0]["history"].clear()
        assert control_at(s, "2021-08-20") == _fresh(control_at, s, "2021-08-20") != first
        before = {p["place"]: p["holder"] for p in control_at(s, "2021-08-20")}
        assert before["Ghazni"] == "taliban"
        # a write through this store ...
        s.add(_takeover(100, 0, "afg-forces", _date(2021, 8, 18)))
        assert {p["place"]: p["holder"] for p in control_at(s, "2021-08-20")}["Ghazni"] == "afg-forces"
        # ... and through another connection (another process, as ingest beside a running API)
        with open_store(db) as other:
            other.add(_takeover(101, 0, "taliban", _date(2021, 8, 19)))
        assert {p["place"]: p["holder"] for p in control_at(s, "2021-08-20")}["Ghazni"] == "taliban"
        # a reprint recorded as a carrier changes the sources' outlets: a new state too
        key = s.state_key()
        again = _takeover(101, 0, "taliban", _date(2021, 8, 19)).model_copy(update={"outlet": "Reprinter"})
        assert s.add(again) is False and s.state_key() != key
        assert control_at(s, "2021-08-20") == _fresh(control_at, s, "2021-08-20")
        # removing an article is a new state too
        s.remove(_takeover(101, 0, "taliban", _date(2021, 8, 19)).id)
        assert {p["place"]: p["holder"] for p in control_at(s, "2021-08-20")}["Ghazni"] == "afg-forces"


@given(
    st.lists(
        st.tuples(
            st.integers(0, 3), st.sampled_from(["taliban", "afg-forces", None]), st.integers(0, 40), st.booleans()
        ),
        min_size=1,
        max_size=40,
    )
)
@settings(max_examples=60, deadline=None)
def test_every_cluster_member_fits_the_reports_before_it(reports):
    """The cluster aggregates give what _fits gives: each report fits the part of its cluster it joined."""
    from sitroom.resolve.placekeys import Places
    from sitroom.resolve.situation import _fits, _report, merge_reports

    rows = []
    for i, (city, actor, off, dated) in enumerate(reports):
        d = _date(2021, 7, 1) + _td(days=off)
        rows.append(
            {
                "uid": f"a{i}:e1",
                "article_id": f"a{i}",
                "event_type": "Battles",
                "sub_event_type": "Armed clash",
                "actor1": actor,
                "place_name": CITIES[city][0],
                "country": "AF",
                "place_kind": "city",
                "date": d.isoformat() if dated else None,
                "published": (d + _td(days=1)).isoformat(),
                "certainty": "reported",
            }
        )
    places = Places(gazetteer=None)
    places._loaded = True  # names only: no gazetteer containment
    evs = merge_reports(rows, places)
    assert sorted(r.row["uid"] for e in evs for r in e.reports) == sorted(r["uid"] for r in rows)
    order = {
        r["uid"]: k
        for k, r in enumerate(
            sorted(
                rows,
                key=lambda r: (
                    not _report(r, places, {}).dated,
                    _report(r, places, {}).start,
                    _report(r, places, {}).published,
                    r["uid"],
                ),
            )
        )
    }
    for e in evs:
        joined = sorted(e.reports, key=lambda r: order[r.row["uid"]])
        for k in range(1, len(joined)):
            assert _fits(joined[:k], joined[k], places)


def test_memo_shared_by_threads_gives_each_the_same_answer(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from sitroom.resolve.control import control_at

    db = str(tmp_path / "t.sqlite")
    with open_store(db) as s:
        for i in range(8):
            s.add(_takeover(i, i % 4, "taliban" if i % 2 else "afg-forces", _date(2021, 8, 1) + _td(days=i)))
        want = _fresh(control_at, s, "2021-08-20")

    def ask(k: int):
        with open_store(db) as own:  # a store is not shared between threads; the memo is
            return control_at(own, f"2021-08-{1 + k % 11:02d}" if k % 3 else "2021-08-20")

    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(ask, range(24)))
    assert all(g == want for k, g in enumerate(got) if k % 3 == 0)
    assert len({len(g) for g in got}) > 1  # different days, different answers
