"""`sitroom eval attribution`: the attribution records of the world-voa texts against the project's gold
(gold/world-voa, split gold/split.yaml), through the real pipeline. Floors sit about two points below the measured
numbers (docs/benchmarks.md, "Attribution"), tune and held separately, so that a drop fails. About half a minute."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitroom.eval.attribution import SpeakerMatcher, evaluate, score_text, trim
from sitroom.eval.gold import load_gold
from sitroom.serve.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold" / "world-voa"
WHITEHOUSE = ROOT / "gold" / "whitehouse"

# part -> (overlap F1, exact F1, speaker right, cue right, indirect recall)
FLOORS = {"tune": (0.90, 0.73, 0.93, 0.955, 0.90), "held": (0.86, 0.695, 0.87, 0.93, 0.81)}


def test_matching_conventions():
    text = 'Officials said that "the city fell," and he denied it.'
    gold = [
        {
            "start": 20,
            "end": 34,
            "mode": "direct",
            "source": [0, 9],
            "cue": [10, 14],
            "speaker": "officials",
            "speaker_type": "anonymous",
        }
    ]
    m = SpeakerMatcher({})
    # overlap: one character in common is a match, and the edges (quotation marks, "that") do not count for exact
    pred = [{"start": 15, "end": 36, "source": [0, 9], "cue": [10, 14], "speaker": "Officials"}]
    t = score_text(text, gold, pred, m)
    assert (t.overlap, t.exact, t.speaker, t.cue) == (1, 1, 1, 1)
    assert trim(text, 15, 36) == (21, 34)
    # a wrong speaker and a cue elsewhere are counted as such; a second prediction is spurious
    pred = [
        {"start": 25, "end": 30, "source": [40, 42], "cue": [43, 49], "speaker": "he"},
        {"start": 43, "end": 52, "source": None, "cue": None, "speaker": None},
    ]
    t = score_text(text, gold, pred, m)
    assert (t.gold, t.pred, t.overlap, t.exact, t.speaker, t.cue) == (1, 2, 1, 0, 0, 0)
    assert t.metrics()["overlap"] == {"p": 0.5, "r": 1.0, "f1": 0.667}


def test_speaker_names():
    m = SpeakerMatcher({})
    assert m.same("Kenyan military", "Military Forces of Kenya")
    assert m.same("Israel", "Government of Israel")
    assert m.same("Some residents", "residents of Kismayo")
    assert m.same("WFP", "World Food Programme") and m.same("U.N.", "United Nations")
    assert m.same("Officials in Afghanistan and the United States military", "US and Afghan officials")
    assert m.same("United Nations Security Council", "UN Security Council")
    assert not m.same("government", "Government of the Philippines")  # unresolved: which government?
    assert not m.same("Islamic Militia leaders", "Islamic Courts Union leaders")
    assert not m.same(None, "Roland Detabali")


@pytest.fixture(scope="module")
def result(shared):
    if not GOLD.is_dir():
        pytest.skip("gold/world-voa not in this tree")
    return evaluate(GOLD, shared, ROOT / "gold" / "split.yaml")


@pytest.mark.parametrize("part", ["tune", "held"])
def test_floors(result, part):
    m = result[part]
    f_overlap, f_exact, speaker, cue, indirect = FLOORS[part]
    assert m["gold"] > 150
    assert m["overlap"]["f1"] >= f_overlap, m
    assert m["exact"]["f1"] >= f_exact, m
    assert m["speaker_right"] >= speaker, m
    assert m["cue_right"] >= cue, m
    assert m["recall_by_mode"]["indirect"]["recall"] >= indirect, m


def test_cli_errors_name_the_input(tmp_path, capsys, shared):
    (tmp_path / "x.jsonl").write_text('{"file": "world-voa/nope.txt", "kind": "attribution"}\n', encoding="utf-8")
    assert main(["eval", "attribution", str(tmp_path), "--shared", str(shared)]) == 2
    err = capsys.readouterr().err
    assert "nope.txt" in err
    assert main(["eval", "attribution", str(tmp_path / "missing"), "--shared", str(shared)]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_cli_json_on_one_text(tmp_path, capsys, shared):
    if not GOLD.is_dir():
        pytest.skip("gold/world-voa not in this tree")
    one = tmp_path / "gold"
    one.mkdir()
    (one / "001.jsonl").write_text((GOLD / "001.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    assert (
        main(
            [
                "eval",
                "attribution",
                str(one),
                "--shared",
                str(shared),
                "--json",
                "--split",
                str(ROOT / "gold" / "split.yaml"),
            ]
        )
        == 0
    )
    res = json.loads(capsys.readouterr().out)
    assert res["texts"] == 1 and res["tune"]["gold"] == res["all"]["gold"] > 5 and res["held"]["gold"] == 0
    assert res["tune"]["overlap"]["f1"] > 0.5


def test_whitehouse_gold(shared):
    """The White House texts (gold/whitehouse: records of one JSONL record's text, "path#id") load, each is annotated
    completely, and the eval scores them as a part of their own, outside the world-voa split. About ten seconds."""
    if not WHITEHOUSE.is_dir():
        pytest.skip("gold/whitehouse not in this tree")
    gold = load_gold(WHITEHOUSE, shared)
    done = gold.done("attribution")
    recs = gold.of("attribution")
    assert len(done) >= 5 and all("#" in f for f in done)
    assert {r["file"] for r in recs} <= done
    # transcript turns name their speaker; a reporter's question is an anonymous "a reporter" (gold/README.md)
    turns = [r for r in recs if r.get("note", "").startswith("transcript turn")]
    assert turns and all(r["mode"] == "direct" and r["speaker"] for r in turns)
    assert {r["speaker"] for r in turns if r["source"] and gold.texts[r["file"]][slice(*r["source"])] == "Q"} == {
        "a reporter"
    }
    res = evaluate(WHITEHOUSE, shared, ROOT / "gold" / "split.yaml")
    assert res["texts"] == len(done) and res["all"]["gold"] == len(recs)
    assert res["tune"]["gold"] == res["held"]["gold"] == 0 and res["all"]["predicted"] > 0


# the White House texts the transcript and office rules were designed on, and the ones held back from that design
WHITEHOUSE_PARTS = {
    "tune": (
        "2021-07-07_press-gaggle-psaki",
        "2021-07-30_press-call-allies-refuge",
        "2021-08-30_statement-biden-end-of-airlift",
        "2021-07-23_readout-biden-ghani-call",
    ),
    "held": (
        "2021-08-24_background-call-afghan-arrivals",
        "2021-08-24_remarks-biden-evacuation",
        "2021-08-28_statement-biden-evacuation-mission",
    ),
}
# part -> (overlap F1, speaker right, cue right, direct recall): about two points below the measured numbers
# (held speaker right: 25 right of 29 matched after branch h20 added cues such as "informed me", 25 of 26 before)
WHITEHOUSE_FLOORS = {"tune": (0.86, 0.925, 0.96, 0.92), "held": (0.75, 0.84, 0.98, 0.98)}


@pytest.mark.parametrize("part", ["tune", "held"])
def test_whitehouse_floors(shared, part):
    """Transcript turns (every turn, across paragraphs, "Q" a reporter's), what a turn tells of others ("he" a
    third person, "the President" the holder of the office on the text's date) on the White House gold, the texts
    the rules were designed on ("tune") and the ones held back ("held") apart."""
    if not WHITEHOUSE.is_dir():
        pytest.skip("gold/whitehouse not in this tree")
    files = {
        json.loads(line)["file"]
        for name in WHITEHOUSE_PARTS[part]
        for line in (WHITEHOUSE / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    m = evaluate(WHITEHOUSE, shared, ROOT / "gold" / "split.yaml", files=files)["all"]
    f1, speaker, cue, direct = WHITEHOUSE_FLOORS[part]
    assert m["overlap"]["f1"] >= f1, m
    assert m["speaker_right"] >= speaker and m["cue_right"] >= cue, m
    assert m["recall_by_mode"]["direct"]["recall"] >= direct, m
