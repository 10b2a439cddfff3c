"""`sitroom eval events` over the sentences written for this project (gold/written/dev.jsonl), with floors; the
relevance gate; the gold 'sentence' records."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest

from sitroom.errors import EvalError
from sitroom.eval import events as ev
from sitroom.eval.gold import GoldError, check_record, load_gold
from sitroom.extract import gate

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SITROOM_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="module")
def dev_result(pipeline):
    res = ev.evaluate([ROOT / "gold" / "written"], SHARED, ROOT / "gold" / "split.yaml", {"written-dev"}, pipeline)
    return res["written-dev"]


def test_written_dev_floors(dev_result):
    # measured 2026-12-06 (issue 14, round 2 session 3, branch h14e): support-weighted F1 0.980, micro P 0.988
    # R 0.976, no false event on the sentences labelled none, every sub-type F1 >= 0.5
    assert dev_result["gold_events"] == 82
    assert dev_result["weighted_f1"] >= 0.96
    assert dev_result["micro"]["precision"] >= 0.965
    assert dev_result["micro"]["recall"] >= 0.955
    assert dev_result["false_events_per_10k_words"] == 0.0
    per = dev_result["per_sub_type"]
    assert len([k for k, v in per.items() if v["support"]]) == 27  # every sub-type, displacement, negotiation
    assert dev_result["sub_types_below_0.5"] == []


def test_world_voa_floors(pipeline):
    # measured 2026-12-07 (issue 14, round 2 session 7, branch ev2): support-weighted F1 tune 0.591, held 0.362
    # (held texts are never read to design rules: only this aggregate); no false event on the non-conflict texts.
    # The tune floor raised from 0.52 to 0.57 (two points under); held kept at 0.34 (two points under 0.362)
    res = ev.evaluate([ROOT / "gold" / "world-voa"], SHARED, ROOT / "gold" / "split.yaml", {"tune", "held"}, pipeline)
    assert res["tune"]["weighted_f1"] >= 0.57
    assert res["held"]["weighted_f1"] >= 0.34
    assert res["tune"]["false_events_per_10k_words"] == 0.0
    assert res["held"]["false_events_per_10k_words"] == 0.0


@pytest.fixture(scope="module")
def blind_result(pipeline):
    parts = {"written-blind_tune", "written-blind_held"}
    return ev.evaluate([ROOT / "gold" / "written"], SHARED, ROOT / "gold" / "split.yaml", parts, pipeline)


def test_blind_tune_floors(blind_result):
    # the blind snippets (gold/written/blind_tune, written by another engineer, all 25 sub-types + displacement and
    # negotiation + none; rules were designed reading its misses): measured 2026-12-06 (branch wh) support-weighted
    # F1 0.933, micro P 0.955 R 0.920, 12 of 162 snippets that tell an event give none, no sub-type at zero, no false
    # event on the snippets labelled none
    m = blind_result["written-blind_tune"]
    assert m["gold_events"] == 162
    assert m["weighted_f1"] >= 0.915
    assert m["silent"] <= 14
    assert m["false_events_per_10k_words"] == 0.0
    assert all(v["f1"] > 0 for v in m["per_sub_type"].values() if v["support"])


def test_blind_held_floors(blind_result):
    # the held half: never read (its snippets and items are not listed); measured 2026-12-06 (branch wh)
    # support-weighted F1 0.787, micro P 0.834 R 0.747, 33 of 162 silent, no sub-type below 0.5 (the lowest,
    # Negotiation, 0.50) (branch ev before: 0.772, 34 silent; h14e: 0.718, 42 silent; main before that: 0.595)
    m = blind_result["written-blind_held"]
    assert m["gold_events"] == 162
    assert m["weighted_f1"] >= 0.77
    assert m["silent"] <= 35
    assert m["sub_types_below_0.5"] == []
    assert all(v["f1"] > 0 for v in m["per_sub_type"].values() if v["support"])


def test_gate_rejects_rhetoric_and_passes_violence():
    if not gate.enabled():
        pytest.skip("SITROOM_GATE=off")
    no = [
        "For example, Angola is fighting corruption.",
        "Congress has raised or suspended the debt limit approximately 80 times.",
        "More than 600,000 Americans have died of COVID-19.",
        "The team stormed to victory in the final minutes.",
    ]
    yes = [
        "Rebels attacked the town of Beni, killing 12 civilians.",
        "Police fired tear gas at protesters in Lagos.",
        "A roadside bomb killed three soldiers in Kidal on Monday.",
    ]
    assert gate.passes(no) == [False] * len(no)
    assert gate.passes(yes) == [True] * len(yes)


def test_gate_manifest_holds_its_provenance():
    m = json.loads((gate.model_path() / "manifest.json").read_text(encoding="utf-8"))
    assert {"command", "seed", "data_sha256", "dev", "threshold"} <= set(m)
    assert m["dev"]["f1"] >= 0.955  # measured 0.976 on gold/written/dev.jsonl (retrained on branch ev)


def test_no_event_from_rhetoric(extract):
    doc = extract(
        "For example, Angola is fighting corruption. The Delta variant is killing so many people.",
        published="2021-07-01",
    )
    assert doc.events == []


def test_frames_type_the_taxonomy(extract):
    cases = {
        "Soldiers raped dozens of women during the raid on the village, a rights group said.": "Sexual violence",
        "Police defused a bomb planted near a school in Peshawar.": "Disrupted weapons use",
        "Rioters torched cars and looted shops in Nairobi after the election results.": "Violent demonstration",
        "Police fired tear gas to disperse protesters in Kinshasa.": "Protest with intervention",
        "Militants set up a new base in the mountains of Nangarhar.": "Headquarters or base established",
    }
    for text, sub in cases.items():
        doc = extract(text, published="2020-06-01")
        assert sub in {e.sub_event_type for e in doc.events}, (text, [e.sub_event_type for e in doc.events])


def test_sentence_records_are_checked():
    assert check_record({"kind": "sentence", "start": 0, "end": 3, "label": "maybe"}, "abcdef").startswith("label")
    assert "sub_event_type" in check_record({"kind": "sentence", "start": 0, "end": 3, "label": "event"}, "abcdef")
    assert check_record({"kind": "sentence", "start": 0, "end": 3, "label": "none"}, "abcdef") is None
    gold = load_gold(ROOT / "gold" / "written", SHARED)
    assert len(gold.of("sentence")) > 200


def test_repo_text_outside_gold_is_refused(tmp_path):
    (tmp_path / "x.jsonl").write_text(
        json.dumps({"file": "gold:../README.md", "kind": "sentence", "start": 0, "end": 1, "label": "none"}) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(GoldError, match="no such text"):
        load_gold(tmp_path, SHARED)


def test_dates_that_make_sense(extract):
    # a happening dated after the text was published is no event
    doc = extract("Gunmen killed five villagers in Plateau state on March 3, 2031.", published="2021-07-01")
    assert doc.events == []
    # decades before, said in the sentence: background
    doc = extract("Rebels attacked the town of Gulu in 1970, killing 12 villagers.", published="2021-07-01")
    assert doc.events and all(e.background for e in doc.events)
    # news of the day stays news
    doc = extract("Rebels attacked the town of Gulu on Monday, killing 12 villagers.", published="2021-07-01")
    assert doc.events and not any(e.background for e in doc.events)


def test_blind_halves_are_parts_of_their_own_and_held_is_never_listed():
    gold = load_gold(ROOT / "gold" / "written", SHARED)
    parts = {u.part for u in ev.units(gold, SHARED, ROOT / "gold" / "split.yaml")}
    assert {"written-dev", "written-train", "written-blind_tune"} <= parts
    assert ev.is_held("held") and ev.is_held("written-blind_held")
    assert not ev.is_held("written-blind_tune") and not ev.is_held("tune")
    args = argparse.Namespace(
        shared=str(SHARED), split=None, part=["written-blind_held"], items=True, gold=[str(ROOT / "gold" / "written")]
    )
    with pytest.raises(EvalError, match="never a held part"):
        ev.main(args)
    # items() skips a held unit even when handed one
    u = ev.Unit(
        file="gold:written/x_held.txt", part="written-x_held", text="Rebels shelled the town.", gold=[(0, 5, "Attack")]
    )
    assert ev.items([u], [[]]) == []


def test_silent_texts_are_counted():
    # sentences written for this test: one read right, one read under another label, one read as nothing
    units_ = [
        ev.Unit(file="f", part="p", text="a", gold=[(0, 10, "Grenade")]),
        ev.Unit(file="f", part="p", text="b", gold=[(10, 20, "Grenade")]),
        ev.Unit(file="f", part="p", text="c", gold=[(20, 30, "Arrests")]),
        ev.Unit(file="f", part="p", text="d", empty=True),
    ]
    preds = [[(0, 10, "Grenade")], [(10, 20, "Attack")], [], []]
    m = ev.score(units_, preds)
    assert (m["texts_with_events"], m["silent"]) == (3, 1)
    assert m["per_sub_type"]["Arrests"]["silent"] == 1 and m["per_sub_type"]["Grenade"]["silent"] == 0
    assert "1 of 3 texts that hold an event gave none" in ev.format_report({"p": m})
