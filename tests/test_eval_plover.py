"""`sitroom eval plover` and `sitroom eval petrarch`: agreement reports (not targets) against the PLOVER gold records
and the PETRARCH2 unit records. The scorer's arithmetic is checked exactly on hand-built readings and on fixtures
written for these tests (tests/fixtures/eval/); the commands also run, as a user runs them, on the shared files."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitroom.errors import EvalError
from sitroom.eval import petrarch, plover
from sitroom.eval.plover import GoldActor, GoldEvent, GoldRecord, Predicted, load_coding, score
from sitroom.model import Actor, ActorMention, Article, Event, Place, TimeValue

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "eval"
PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "DEMAND",
    "DISAPPROVE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "FIGHT",
    "INVESTIGATE",
}


def sitroom(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sitroom.serve.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=900
    )


# --------------------------------------------------------------------------- the mapping table


def test_every_sitroom_type_has_an_entry_and_entries_are_valid():
    from sitroom.extract.events import TAXONOMY

    coding = load_coding()
    keys = {f"{t}/{s}" for t, subs in TAXONOMY.items() for s in subs}
    assert keys == set(coding.events), "the table must list every sitroom type, and only those"
    for k, v in coding.events.items():
        assert set(v) == {"plover", "cameo"}, k
        assert v["plover"] is None or v["plover"] in PLOVER_TYPES, k
        assert v["cameo"] is None or (len(v["cameo"]) == 2 and 1 <= int(v["cameo"]) <= 20), k
        assert (v["plover"] is None) == (v["cameo"] is None), k
    assert set(coding.plover_aliases.values()) <= PLOVER_TYPES


def test_a_broken_table_is_an_eval_error(tmp_path):
    bad = tmp_path / "coding.yaml"
    bad.write_text("plover_aliases: {}\n")
    with pytest.raises(EvalError, match="coding.yaml.*events"):
        load_coding(str(bad))


# --------------------------------------------------------------------------- the scorer's arithmetic


def _article(text: str, published: date | None = date(2021, 8, 12)) -> Article:
    return Article(text=text, published=published)


def _actor(a: Article, id: str, name: str, kind: str, country: str | None, mention: str, form: str = "name") -> Actor:
    i = a.text.index(mention)
    actor = Actor(
        id=id,
        name=name,
        kind=kind,
        country=country,
        mentions=[ActorMention(span=a.span(i, i + len(mention)), form=form)],
    )
    a.actors.append(actor)
    return actor


def _place(a: Article, pid: str, mention: str, name: str, country: str) -> Place:
    i = a.text.index(mention)
    p = Place(id=pid, mention=a.span(i, i + len(mention)), name=name, country=country, kind="city")
    a.places.append(p)
    return p


def test_score_counts_each_field_over_the_records_that_have_it():
    coding = load_coding()
    # 1: all agree (actor1 by country code, actor2 by text, place by name, date by the event's own date)
    a1 = _article("Iraqi troops fought the rebels in Mosul on Tuesday.")
    _actor(a1, "state-iq-forces", "Forces of Iraq", "state-forces", "IQ", "Iraqi troops", "name")
    _actor(a1, "rebels-x", "Rebels", "non-state-armed", None, "rebels", "alias")
    _place(a1, "p1", "Mosul", "Mosul", "IQ")
    e1 = Event(
        id="e1",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="state-iq-forces",
        actor2="rebels-x",
        place="p1",
        date=TimeValue(text="on Tuesday", value="2021-08-10", earliest=date(2021, 8, 10), latest=date(2021, 8, 10)),
    )
    g1 = GoldRecord(
        id="r1",
        text=a1.text,
        date=date(2021, 8, 10),
        location="city of Mosul",
        location_country="IQ",
        events=[
            GoldEvent(
                type="FIGHT",
                code="FIGHT",
                sources=[GoldActor("Iraqi troops", "IRQMIL")],
                targets=[GoldActor("the rebels", "IRQREB")],
            )
        ],
    )
    # 2: an event whose type has no PLOVER counterpart; a second event of the right type (event_type_any only)
    a2 = _article("People fled Kunduz and protesters marched.")
    e2a = Event(id="e2a", event_type="Displacement", sub_event_type="Flight")
    e2b = Event(id="e2b", event_type="Protests", sub_event_type="Peaceful protest")
    g2 = GoldRecord(
        id="r2",
        text=a2.text,
        date=date(2021, 8, 12),
        events=[GoldEvent(type="PROTEST", code="PROTEST", sources=[GoldActor("protesters", "AFGCVL")])],
    )
    # 3: no event at all
    a3 = _article("Ministers rejected the plan.")
    g3 = GoldRecord(
        id="r3",
        text=a3.text,
        date=date(2021, 8, 12),
        location="Kabul",
        location_country="AF",
        events=[
            GoldEvent(
                type="REJECT",
                code="REJECT",
                sources=[GoldActor("Ministers", "AFGGOV")],
                targets=[GoldActor("plan", "")],
            )
        ],
    )
    details: list = []
    m = score(
        [g1, g2, g3],
        [Predicted([e1], a1), Predicted([e2a, e2b], a2), Predicted([], a3)],
        scheme="plover",
        coding=coding,
        details=details,
    )
    f = m["fields"]
    assert (f["event_type"]["agree"], f["event_type"]["total"]) == (1, 3)
    assert (f["event_type_any"]["agree"], f["event_type_any"]["total"]) == (2, 3)
    assert f["event_type_any"]["given_event"] == {"agree": 2, "total": 2}
    assert (f["actor1"]["agree"], f["actor1"]["total"]) == (1, 3)
    assert (f["actor2"]["agree"], f["actor2"]["total"]) == (1, 2)
    assert (f["location"]["agree"], f["location"]["total"]) == (1, 2)
    assert (f["country"]["agree"], f["country"]["total"]) == (1, 2)
    # record 2 has no event date: the publication date stands in, and equals the record date
    assert (f["date"]["agree"], f["date"]["total"]) == (2, 3)
    assert f["date"]["rate"] == round(2 / 3, 4)
    assert "no_event" not in f
    assert m["coverage"] == {
        "events": 3,
        "mapped": 2,
        "rate": round(2 / 3, 4),
        "records_with_event": 2,
        "records_typed": 3,
        "records_untyped": 0,
    }
    rows = {r["gold"]: r for r in m["confusion"]}
    assert rows["FIGHT"]["ours"] == [["FIGHT", 1]] and rows["FIGHT"]["agree"] == 1
    assert rows["PROTEST"]["ours"] == [["(no PLOVER type: Displacement/Flight)", 1]] and rows["PROTEST"]["agree"] == 0
    assert rows["REJECT"]["ours"] == [["(no event)", 1]]
    assert [d["id"] for d in details] == ["r1", "r2", "r3"] and details[0]["actor1"] == "Forces of Iraq"


def test_cameo_scheme_no_event_records_and_codes_outside_the_roots():
    coding = load_coding()
    a = _article("Police arrested two men.")
    e = Event(id="e1", event_type="Strategic developments", sub_event_type="Arrests")
    arrest = GoldRecord(
        id="a",
        text=a.text,
        date=date(2021, 8, 12),
        events=[GoldEvent(type="19", code="190"), GoldEvent(type="17", code="173")],
    )
    quiet = GoldRecord(id="q", text="Nothing happened.", date=date(2021, 8, 12), no_event=True)
    odd = GoldRecord(id="o", text="Arnor gave.", date=date(2021, 8, 12), events=[GoldEvent(type=None, code="903")])
    m = score(
        [arrest, quiet, odd],
        [Predicted([e], a), Predicted([e], a), Predicted([], _article("Arnor gave."))],
        scheme="cameo",
        coding=coding,
    )
    f = m["fields"]
    # any of the record's gold roots counts; the record with only a non-CAMEO code is not typed
    assert (f["event_type"]["agree"], f["event_type"]["total"]) == (1, 1)
    assert (f["no_event"]["agree"], f["no_event"]["total"]) == (0, 1)
    assert f["date"]["total"] == 2  # the no-event record has no gold event to date
    assert m["coverage"]["records_untyped"] == 1 and m["coverage"]["events"] == 2


def test_actor_matching_rules():
    coding = load_coding()
    a = _article("U.S. forces and the Taliban")
    usa = _actor(a, "usa", "United States", "state", "US", "U.S.", "alias")
    tal = _actor(a, "taliban", "Taliban", "non-state-armed", None, "Taliban", "alias")
    assert plover.actor_matches(usa, GoldActor("", "USAMIL"), coding)
    assert plover.actor_matches(usa, GoldActor("U.S. ... negotiators", "IGO"), coding)  # by name, whatever the code
    assert not plover.actor_matches(usa, GoldActor("", "GBR"), coding)
    assert plover.actor_matches(tal, GoldActor("Taliban militia", "AFGREB"), coding)
    assert not plover.actor_matches(tal, GoldActor("", "AFGREB"), coding)  # a non-state actor has no country code
    assert not plover.actor_matches(None, GoldActor("Taliban", "AFG"), coding)
    j = _actor(_article("Tokyo said"), "state-jp", "Japan", "state", "JP", "Tokyo", "name")
    assert plover.actor_matches(j, GoldActor("", "JAP"), coding)  # CAMEO's JAP is ISO's JPN
    # a descriptor mention is not a name: "security forces" does not make any security force match
    d = _article("security forces")
    f = _actor(d, "afg-forces", "Afghan government forces", "state-forces", "AF", "security forces", "descriptor")
    assert not plover.actor_matches(f, GoldActor("Palestinian security forces", "PSEMIL"), coding)


@given(st.text(max_size=8))
def test_cameo_root_is_a_root_or_none(code):
    r = petrarch.cameo_root(code)
    assert r is None or (
        len(r) == 2 and r.isascii() and r.isdigit() and 1 <= int(r) <= 20 and code.strip().startswith(r)
    )


@pytest.mark.parametrize(
    "code,root",
    [
        ("0874", "08"),
        ("174K", "17"),
        ("190", "19"),
        ("20", "20"),
        ("903", None),
        ("212", None),
        ("00", None),
        ("", None),
        ("---", None),
    ],
)
def test_cameo_root_examples(code, root):
    assert petrarch.cameo_root(code) == root


@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(PLOVER_TYPES) + ["REQUEST", "ACCUSE", "fight"]),
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30).filter(str.strip),
        ),
        max_size=6,
    )
)
def test_plover_loader_round_trip(tmp_path_factory, recs):
    p = tmp_path_factory.mktemp("plover") / "gsr.json"
    p.write_text(
        json.dumps(
            [
                {
                    "id": f"R{i}",
                    "event": ev,
                    "text": text,
                    "date": "2000-01-01",
                    "source": [{"actorText": "X", "code": "USA"}],
                    "target": "",
                }
                for i, (ev, text) in enumerate(recs)
            ]
        ),
        encoding="utf-8",
    )
    got, skipped = plover.load(p)
    assert skipped == {}
    aliases = {"REQUEST": "DEMAND", "ACCUSE": "DISAPPROVE"}
    assert [(r.text, r.events[0].type) for r in got] == [(t, aliases.get(e.upper(), e.upper())) for e, t in recs]
    assert all(r.events[0].targets == [] and r.events[0].sources[0].code == "USA" for r in got)


def test_bad_gold_files_are_eval_errors_naming_the_file(tmp_path):
    j = tmp_path / "bad.json"
    j.write_text("{not json")
    with pytest.raises(EvalError, match="bad.json"):
        plover.load(j)
    j.write_text('{"event": "AGREE"}')
    with pytest.raises(EvalError, match="not a PLOVER record list"):
        plover.load(j)
    j.write_text('[{"id": "x", "event": "AGREE", "text": "t", "date": "yesterday"}]')
    with pytest.raises(EvalError, match="x: date 'yesterday'"):
        plover.load(j)
    x = tmp_path / "bad.xml"
    x.write_text("<Validation><Sentence>")
    with pytest.raises(EvalError, match="bad.xml"):
        petrarch.load(x)
    x.write_text(
        '<Validation><Sentence id="s1" date="1995"><EventCoding eventcode="010"/><Text>t</Text></Sentence></Validation>'
    )
    with pytest.raises(EvalError, match="s1: date '1995'"):
        petrarch.load(x)
    (tmp_path / "empty").mkdir()
    with pytest.raises(EvalError, match="expected one .json file"):
        plover.load(tmp_path / "empty")
    r = sitroom("eval", "plover", str(j))
    assert r.returncode == 2 and "yesterday" in r.stderr and "Traceback" not in r.stderr


def test_loaders_read_the_fixtures():
    recs, skipped = plover.load(FIXTURES / "plover_mini.json")
    assert skipped == {"no text": 1} and [r.id for r in recs] == [
        "MINI-FIGHT-0001",
        "MINI-PROTEST-0001",
        "MINI-REJECT-0001",
    ]
    assert recs[0].location == "Ghazni" and recs[0].location_country == "AF" and recs[1].location_country is None
    assert recs[1].events[0].targets == [] and recs[0].date == date(2021, 8, 12)
    recs, skipped = petrarch.load(FIXTURES)  # the folder holds one .xml file
    assert skipped == {"error records": 1}
    assert [r.id for r in recs] == ["MINI-01", "MINI-02", "MINI-03", "MINI-04", "MINI-06"]
    assert recs[0].text == "Afghan forces clashed with Taliban fighters near Kunduz on Monday."
    assert recs[3].no_event and not recs[3].events
    assert [(g.type, g.code) for g in recs[4].events] == [(None, "903")]


# --------------------------------------------------------------------------- the commands on the fixtures


def _counts(m: dict) -> dict:
    return {f: (v["agree"], v["total"]) for f, v in m["fields"].items()}


def test_eval_plover_command_on_the_fixture():
    r = sitroom("eval", "plover", str(FIXTURES / "plover_mini.json"), "--json")
    assert r.returncode == 0, r.stderr
    m = json.loads(r.stdout)
    assert m["records"] == 3 and m["skipped"] == {"no text": 1}
    # FIGHT and PROTEST are read and typed right, the REJECT sentence gives no event: 2 of 3
    assert _counts(m) == {
        "event_type": (2, 3),
        "event_type_any": (2, 3),
        "actor1": (1, 3),
        "actor2": (1, 2),
        "location": (2, 2),
        "country": (2, 2),
        "date": (1, 3),
    }
    assert m["fields"]["event_type"]["rate"] == 0.6667
    assert m["coverage"] == {
        "events": 2,
        "mapped": 2,
        "rate": 1.0,
        "records_with_event": 2,
        "records_typed": 3,
        "records_untyped": 0,
    }
    assert [(c["gold"], c["agree"], c["ours"]) for c in m["confusion"]] == [
        ("FIGHT", 1, [["FIGHT", 1]]),
        ("PROTEST", 1, [["PROTEST", 1]]),
        ("REJECT", 0, [["(no event)", 1]]),
    ]
    text = sitroom("eval", "plover", str(FIXTURES / "plover_mini.json"))
    assert text.returncode == 0, text.stderr
    assert "event_type           2 / 3      0.667" in text.stdout
    assert "REJECT        0/1    (no event) 1" in text.stdout


def test_eval_petrarch_command_on_the_fixture():
    r = sitroom("eval", "petrarch", str(FIXTURES / "petrarch_mini.xml"), "--json")
    assert r.returncode == 0, r.stderr
    m = json.loads(r.stdout)
    assert m["records"] == 5 and m["skipped"] == {"error records": 1}
    assert _counts(m) == {
        "event_type": (2, 3),
        "event_type_any": (2, 3),
        "actor1": (2, 4),
        "actor2": (0, 4),
        "date": (1, 4),
        "no_event": (1, 1),
    }
    assert m["coverage"]["records_untyped"] == 1 and m["coverage"]["records_with_event"] == 2
    assert [(c["gold"], c["agree"]) for c in m["confusion"]] == [("19", 1), ("17", 1), ("05", 0)]


# --------------------------------------------------------------------------- the commands on the shared files


def _shared_file(shared: Path, rel: str) -> Path:
    f = shared / "eval" / rel
    if not f.exists():
        pytest.skip(f"{rel} not in the shared folder {shared} (set SITROOM_SHARED to a folder that has eval/{rel})")
    return f


def _consistent(m: dict) -> None:
    for f, v in m["fields"].items():
        assert 0 <= v["agree"] <= v["total"] and v["given_event"]["agree"] <= v["given_event"]["total"] <= v["total"], f
    c = m["coverage"]
    assert 0 <= c["mapped"] <= c["events"] and c["records_with_event"] <= c["records_typed"]
    assert sum(r["n"] for r in m["confusion"]) == m["fields"]["event_type"]["total"] == c["records_typed"]
    assert sum(r["agree"] for r in m["confusion"]) == m["fields"]["event_type"]["agree"]
    assert c["events"] > 0  # the pipeline ran and read something


# Agreement floors on the shared files, a little below the rates measured on 2026-12-06 (main with r13, r15, r18,
# r20 merged): PLOVER event_type 18/322, any 19/322, actor1 5/321, actor2 5/288, location 10/48, country 10/43,
# date 15/322; PETRARCH actor1 2/257, date 3/257, no event 18/19 (its CAMEO roots agree 0/203: no floor can fall).
# A PLOVER floor allows one to three records fewer (under a point); PETRARCH's, on so few agreements, none. Raise
# them when the extraction gets better.
PLOVER_FLOORS = {
    "event_type": 0.045,
    "event_type_any": 0.05,
    "actor1": 0.012,
    "actor2": 0.013,
    "location": 0.18,
    "country": 0.2,
    "date": 0.04,
}
PETRARCH_FLOORS = {"actor1": 0.006, "date": 0.009, "no_event": 0.92}


def _below(m: dict, floors: dict) -> dict:
    return {f: m["fields"][f]["rate"] for f, low in floors.items() if m["fields"][f]["rate"] < low}


def test_eval_plover_on_the_shared_gold_records(shared):
    f = _shared_file(shared, "plover-gsr/PLOVER_GSR_CAMEO.json")
    r = sitroom("eval", "plover", str(f), "--json")
    assert r.returncode == 0, r.stderr
    m = json.loads(r.stdout)
    assert m["records"] == 322 and m["skipped"] == {"no text": 1}
    totals = {k: v["total"] for k, v in m["fields"].items()}
    assert totals == {
        "event_type": 322,
        "event_type_any": 322,
        "actor1": 321,
        "actor2": 288,
        "location": 48,
        "country": totals["country"],
        "date": 322,
    }
    assert 40 <= totals["country"] <= 48  # gold country codes plus those the gazetteer finds for the names
    _consistent(m)
    assert not _below(m, PLOVER_FLOORS), f"PLOVER agreement fell below its floor: {_below(m, PLOVER_FLOORS)}"


def test_eval_petrarch_on_the_shared_unit_records(shared):
    f = _shared_file(shared, "petrarch2-unittest/PETR.UnitTest.records.xml")
    r = sitroom("eval", "petrarch", str(f.parent), "--json")
    assert r.returncode == 0, r.stderr
    m = json.loads(r.stdout)
    assert m["records"] == 276 and m["skipped"] == {"error records": 7, "no coding": 1}
    assert m["fields"]["no_event"]["total"] == 19 and m["fields"]["event_type"]["total"] == 203
    assert m["coverage"]["records_untyped"] == 54
    _consistent(m)
    assert not _below(m, PETRARCH_FLOORS), f"PETRARCH agreement fell below its floor: {_below(m, PETRARCH_FLOORS)}"
