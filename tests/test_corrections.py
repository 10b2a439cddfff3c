"""Analyst corrections (issue 19) on both backends: reject, amend, merge, split, add, revert; each survives a
re-ingest of the same text and a re-extraction (the same extractor, and a "new version" whose fact ids shift);
history, export/import between stores, the review list and the per-component counts; bad input is refused."""

from __future__ import annotations

import json

import backends
import pytest

from sitroom.errors import ConfigError
from sitroom.store import open_store

backend, store_url = backends.backend, backends.store_url  # fixtures (tests/ is on sys.path)


@pytest.fixture(scope="module")
def seed(shared, pipeline):
    from sitroom.ingest import article_from_text

    text = (shared / "seed" / "ghazni-2021-08-12.txt").read_text(encoding="utf-8")
    return pipeline.run(article_from_text(text, published="2021-08-12"))


def _fresh(article, pipeline):
    """The same text read again by the extractor (as `sitroom reextract` does)."""
    from sitroom.model import Article

    a = Article(
        id=article.id,
        text=article.text,
        title=article.title,
        url=article.url,
        outlet=article.outlet,
        published=article.published,
        origin=article.origin,
    )
    return pipeline.run(a)


def _shifted(article):
    """A "newer extractor": it finds one more event, first in the text, so every machine event id moves by one."""
    a = article.model_copy(deep=True)
    extra = a.events[-1].model_copy(deep=True)
    extra.event_type, extra.sub_event_type = "Protests", "Peaceful protest"
    extra.evidence = [a.sentences[1]]
    a.events.insert(0, extra)
    for i, e in enumerate(a.events, 1):
        e.id = f"e{i}"
    return a


def _events(s):
    return {r["uid"]: r for r in s.events()}


def _by_sentence(s, start):
    return [r for r in s.events() if r["evidence_start"] == start]


def _survives(s, seed, pipeline, check):
    """``check(store)`` holds now, after the same text is ingested again, after a re-extraction by the same
    extractor, after one by an extractor that numbers the events differently, and back."""
    check(s)
    assert s.add(seed) is False  # re-ingest: a copy, nothing changes
    check(s)
    assert s.replace(_fresh(seed, pipeline)) is True
    check(s)
    assert s.replace(_shifted(seed)) is True
    check(s)
    assert s.replace(seed) is True
    check(s)


def test_fact_ids_are_stable_across_re_extraction(seed, pipeline):
    again = _fresh(seed, pipeline)
    for kind in ("events", "control", "claims", "forecasts", "quotes", "places"):
        assert [f.id for f in getattr(again, kind)] == [f.id for f in getattr(seed, kind)], kind
        assert again.model_dump()[kind] == seed.model_dump()[kind], kind


def test_reject(store_url, seed, pipeline):
    from sitroom.resolve.control import control_at

    with open_store(store_url) as s:
        s.add(seed)
        take = next(r for r in s.events() if r["sub_event_type"] == "Non-state actor overtakes territory")
        start = take["evidence_start"]
        ghazni = [r for r in control_at(s, "2021-08-13") if r["place"] == "Ghazni"]
        assert any(src.get("uid") == take["uid"] for r in ghazni for src in r["sources"])
        rec = s.correct(take["uid"], "reject", note="not a capture", by="ana")
        assert rec["replaced"]["event_type"] == "Battles" and rec["author"] == "ana"

        def check(st):
            assert not [r for r in _by_sentence(st, start) if r["event_type"] == "Battles"]
            # control over time is re-resolved: the rejected capture is no source of Ghazni's holder any more
            for r in control_at(st, "2021-08-13"):
                assert all(src.get("uid") != take["uid"] for src in r["sources"])
            assert any(e.event_type == "Battles" for e in st.machine(seed.id).events)  # the machine's fact is kept

        _survives(s, seed, pipeline, check)
        h = s.history(take["uid"])
        assert h["status"] == "rejected" and h["current"] is None and h["machine"]["event_type"] == "Battles"
        assert [c["action"] for c in h["corrections"]] == ["reject"] and h["corrections"][0]["note"] == "not a capture"


def test_amend(store_url, seed, pipeline):
    with open_store(store_url) as s:
        s.add(seed)
        e = next(r for r in s.events() if r["event_type"] == "Displacement")
        start = e["evidence_start"]
        rec = s.correct(
            e["uid"],
            "amend",
            fields={
                "type": "Violence against civilians",
                "sub_type": "Attack",
                "date": "2021-08-11",
                "fatalities": "12",
                "actor1": "Taliban",
                "certainty": "hedged",
            },
            note="coder's fix",
            by="ana",
        )
        assert rec["replaced"]["event_type"] == "Displacement" and rec["replaced"]["fatalities"] is None

        def check(st):
            (r,) = [x for x in _by_sentence(st, start) if x["event_type"] != "Protests"]
            assert (r["event_type"], r["sub_event_type"], r["date"], r["actor1"], r["certainty"]) == (
                "Violence against civilians",
                "Attack",
                "2021-08-11",
                "taliban",
                "hedged",
            )
            assert r["counts"]["killed"] == "12"
            assert r["corrected"] and r["corrected"][0]["by"] == "ana" and r["corrected"][0]["note"] == "coder's fix"
            assert (
                st.get(seed.id).events[[x.id for x in st.get(seed.id).events].index(r["fact_id"])].date.value
                == "2021-08-11"
            )

        _survives(s, seed, pipeline, check)
        assert not any(r["corrected"] for r in s.events() if r["uid"] != e["uid"])


def test_merge(store_url, seed, pipeline):
    with open_store(store_url) as s:
        s.add(seed)
        rows = s.events()
        keep, fold = rows[0], rows[1]
        s.correct(keep["uid"], "merge", other=fold["uid"], note="one happening", by="ana")
        k_start, f_start = keep["evidence_start"], fold["evidence_start"]

        def check(st):
            (k,) = [r for r in _by_sentence(st, k_start) if r["event_type"] != "Protests"]
            assert k["n_evidence"] == keep["n_evidence"] + fold["n_evidence"]
            assert k["corrected"][0]["action"] == "merge"
            assert not [r for r in _by_sentence(st, f_start) if r["event_type"] == fold["event_type"]]

        _survives(s, seed, pipeline, check)
        assert s.history(fold["uid"])["status"] == "merged"


def test_split(store_url, seed, pipeline):
    with open_store(store_url) as s:
        s.add(seed)
        e = s.events()[0]
        rec = s.correct(
            e["uid"],
            "split",
            fields={"place": "Kabul", "type": "Battles", "sub_type": "Armed clash"},
            note="two fights",
            by="ana",
        )
        start = e["evidence_start"]

        def check(st):
            here = [r for r in _by_sentence(st, start) if r["event_type"] != "Protests"]
            assert len(here) == 2
            orig = [r for r in here if r["place_name"] == e["place_name"]]
            new = [r for r in here if r["place_name"] == "Kabul"]
            assert len(orig) == len(new) == 1 and new[0]["sub_event_type"] == "Armed clash"
            assert new[0]["lat"] is not None and all(r["corrected"][0]["action"] == "split" for r in here)

        _survives(s, seed, pipeline, check)
        assert rec["target"] == e["uid"]


def test_add(store_url, seed, pipeline):
    with open_store(store_url) as s:
        s.add(seed)
        sent = seed.sentences[2]
        rec = s.correct(
            seed.id,
            "add",
            kind="events",
            evidence=(sent.start, sent.end),
            fields={
                "type": "Battles",
                "sub_type": "Armed clash",
                "actor1": "Taliban",
                "actor2": "afg-forces",
                "place": "Ghazni",
                "date": "2021-08-12",
                "fatalities": "4",
            },
            note="missed clash",
            by="ana",
        )

        def check(st):
            (r,) = [x for x in st.events() if x["uid"] == rec["target"]]
            assert (r["event_type"], r["actor1"], r["actor2"], r["place_name"], r["evidence"]) == (
                "Battles",
                "taliban",
                "afg-forces",
                "Ghazni",
                sent.text,
            )
            assert r["corrected"][0]["action"] == "add"

        _survives(s, seed, pipeline, check)
        assert s.history(rec["target"])["status"] == "added"
        with pytest.raises(ConfigError, match="evidence"):
            s.correct(seed.id, "add", kind="events", fields={"type": "Battles"}, by="ana")


def test_revert(store_url, seed, pipeline):
    with open_store(store_url) as s:
        s.add(seed)
        e = s.events()[0]
        n = len(s.events())
        rej = s.correct(e["uid"], "reject", by="ana", note="wrong")
        assert len(s.events()) == n - 1
        rev = s.revert(rej["uuid"][:8], by="bob", note="it was right")
        assert rev["action"] == "revert" and rev["other"] == rej["uuid"]

        def check(st):
            assert len(st.events()) == n + (1 if any(r["event_type"] == "Protests" for r in st.events()) else 0)
            assert e["uid"] in _events(st) or st.machine(seed.id).events[0].id != "e1"

        _survives(s, seed, pipeline, check)
        statuses = {c["uuid"]: c["status"] for c in s.corrections()}
        assert statuses == {rej["uuid"]: "reverted", rev["uuid"]: "in force"}
        assert s.history(e["uid"])["status"] == "machine"
        s.revert(rev["id"], by="ana", note="no, it was wrong")  # reverting the revert restores the reject
        assert len(s.events()) == n - 1
        assert [c["author"] for c in s.history(e["uid"])["corrections"]] == ["ana", "bob", "ana"]


def test_place_and_actor_resolution(store_url, seed):
    with open_store(store_url) as s:
        s.add(seed)
        e = next(r for r in s.events() if r["place_name"] == "Ghazni")
        s.correct(f"{seed.id}:{e['place_id']}", "amend", fields={"name": "Kandahar"}, by="ana", note="misresolved")
        r = _events(s)[e["uid"]]
        # the gazetteer's entry (its canonical name) is recorded with the correction
        assert r["place_name"] == "Kandahār" and abs(r["lat"] - 31.6) < 0.5 and r["corrected"]
        assert s.get(seed.id).place(e["place_id"]).name == "Kandahār"
        s.correct(f"{seed.id}:@taliban", "amend", fields={"id": "isis-k"}, by="ana")
        assert _events(s)[e["uid"]]["actor1"] == "isis-k"
        assert "taliban" not in {x["actor1"] for x in s.events()}
    from sitroom.store.check import check_store

    report = check_store(store_url)  # the rows are the document under its corrections: consistent
    assert report.ok, report.text()


def test_corrections_travel_between_stores(backend, tmp_path, seed, pipeline):
    with backends.fresh_url(backend, tmp_path, "a") as ua, backends.fresh_url(backend, tmp_path, "b") as ub:
        with open_store(ua) as a:
            a.add(seed)
            e = a.events()[0]
            a.correct(e["uid"], "amend", fields={"fatalities": "7"}, by="ana", note="hospital count")
            a.correct(a.events()[1]["uid"], "reject", by="bob")
            recs = a.export_corrections()
            want = [(r["uid"], r["event_type"], r["counts"]) for r in a.events()]
        with open_store(ub) as b:  # corrections arrive before the article: they wait for it
            assert b.import_corrections(json.loads(json.dumps(recs))) == 2
            assert b.import_corrections(recs) == 0
            b.add(seed)
            assert [(r["uid"], r["event_type"], r["counts"]) for r in b.events()] == want
            assert [c["uuid"] for c in b.export_corrections()] == [r["uuid"] for r in recs]
            with pytest.raises(ConfigError, match="record 1"):
                b.import_corrections([{"uuid": "x"}], origin="bad.jsonl")


def test_bad_corrections_are_refused(store_url, seed):
    with open_store(store_url) as s:
        s.add(seed)
        uid = s.events()[0]["uid"]
        for fields, msg in (
            ({"colour": "red"}, "not a field"),
            ({"date": "2021-13-45"}, "not a date"),
            ({"type": "Skirmish"}, "not an event type"),
            ({"fatalities": "many"}, "whole number"),
            ({"certainty": "sure"}, "not a certainty"),
            ({"lat": "200"}, "out of range"),
        ):
            with pytest.raises(ConfigError, match=msg):
                s.correct(uid, "amend", fields=fields, by="ana")
        with pytest.raises(ConfigError, match="not a fact id"):
            s.correct("nonsense", "reject", by="ana")
        with pytest.raises(ConfigError, match="no article"):
            s.correct("0000000000000000:e1", "reject", by="ana")
        with pytest.raises(ConfigError, match="no such fact"):
            s.correct(f"{seed.id}:e99", "reject", by="ana")
        with pytest.raises(ConfigError, match="author"):
            s.correct(uid, "reject", by=" ")
        assert s.corrections() == []


def test_review_and_stats(store_url, seed):
    from sitroom.store.corrections import correction_stats, review

    with open_store(store_url) as s:
        s.add(seed)
        items = review(s)
        ids = {i["id"] for i in items}
        assert items and all(i["reasons"] for i in items)
        assert all("new" in i["reasons"] for i in items)  # the article was stored just now
        hedged = [i for i in items if any(r.startswith("certainty") for r in i["reasons"])]
        assert hedged
        old = review(s, since_hours=None)
        assert {i["id"] for i in old} < ids
        s.correct(hedged[0]["id"], "amend", fields={"certainty": "reported"}, by="ana")
        assert hedged[0]["id"] not in {i["id"] for i in review(s)}
        st = correction_stats(s)
        kind = hedged[0]["kind"]
        assert st["corrections"] == 1 and st["kinds"][kind]["corrected"] == 1
        assert st["components"] == {"attribution (certainty)": 1}


def test_merge_across_articles(store_url, seed, extract, pipeline):
    other = extract(
        "The Taliban captured the city of Ghazni on Thursday, local officials said.",
        published="2021-08-13",
        outlet="Test Wire",
    )
    with open_store(store_url) as s:
        s.add(seed)
        s.add(other)
        take = next(r for r in s.events(article_id=seed.id) if r["event_type"] == "Battles")
        dup = next(r for r in s.events(article_id=other.id) if r["event_type"] == "Battles")
        rec = s.correct(take["uid"], "merge", other=dup["uid"], note="same capture", by="ana")
        assert rec["other_article_id"] == other.id and rec["replaced"]["other"]["place"] == "Ghazni"

        def check(st):
            assert not [r for r in st.events(article_id=other.id) if r["event_type"] == "Battles"]
            (t,) = [r for r in st.events(article_id=seed.id) if r["event_type"] == "Battles"]
            assert t["corrected"][0]["action"] == "merge"

        check(s)
        assert s.replace(_fresh(other, pipeline)) is True  # the absorbed report's article re-extracted
        check(s)
        _survives(s, seed, pipeline, check)
        assert s.history(dup["uid"])["status"] == "merged"


def test_command_line(tmp_path, seed, capsys):
    from sitroom.serve.cli import main

    db, other = str(tmp_path / "a.sqlite"), str(tmp_path / "b.sqlite")
    with open_store(db) as s:
        s.add(seed)
        uid = s.events()[0]["uid"]
    assert (
        main(
            [
                "correct",
                uid,
                "--set",
                "fatalities=9",
                "--set",
                "certainty=hedged",
                "--note",
                "n",
                "--by",
                "ana",
                "--db",
                db,
            ]
        )
        == 0
    )
    assert "fatalities: None -> 9" in capsys.readouterr().out
    assert main(["correct", uid, "--set", "colour=red", "--by", "ana", "--db", db]) == 2
    assert "not a field" in capsys.readouterr().err
    assert main(["correct", uid, "--by", "ana", "--db", db]) == 2  # nothing to do
    capsys.readouterr()
    assert main(["history", uid, "--json", "--db", db]) == 0
    h = json.loads(capsys.readouterr().out)
    assert h["status"] == "corrected" and h["current"]["fatalities"] == 9 and h["machine"]["fatalities"] is None
    assert main(["corrections", "export", str(tmp_path / "c.jsonl"), "--db", db]) == 0
    with open_store(other) as s:
        s.add(seed)
    assert main(["corrections", "import", str(tmp_path / "c.jsonl"), "--db", other]) == 0
    assert "imported 1 new correction(s)" in capsys.readouterr().err
    with open_store(other) as s:
        assert s.history(uid)["current"]["fatalities"] == 9
    assert main(["correct", "1", "--revert", "--by", "bob", "--db", other]) == 0
    assert main(["review", "--json", "--db", other]) == 0
    capsys.readouterr()
    assert main(["eval", "corrections", "--json", "--db", db]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["corrections"] == 1 and st["kinds"]["events"]["corrected"] == 1
    assert st["components"] == {"counts": 1, "attribution (certainty)": 1}
    (tmp_path / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    assert main(["corrections", "import", str(tmp_path / "bad.jsonl"), "--db", other]) == 2
    assert "bad.jsonl:1: not JSON" in capsys.readouterr().err
