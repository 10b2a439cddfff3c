"""`python -m sitroom.eval.event_why`: the class of each miss (sentences written for this test)."""

from __future__ import annotations

from sitroom.eval import event_why


def test_classes_of_misses(pipeline):
    ok = event_why.diagnose(
        "Rebels shelled the town of Goma on Monday, killing four people.", "Shelling/artillery/missile attack", pipeline
    )
    assert ok.why == "ok"
    none = event_why.diagnose("The central bank raised interest rates on Monday.", "none", pipeline)
    assert none.why == "ok" and none.read == []
    silent = event_why.diagnose("The weather was pleasant in the capital on Monday.", "Armed clash", pipeline)
    assert silent.why in ("no-trigger", "gate")
    filtered = event_why.diagnose("The rebels said they would attack the town of Goma.", "Armed clash", pipeline)
    assert filtered.why == "filtered" and any("[" in t for t in filtered.triggers)


def test_held_files_are_refused(tmp_path, capsys):
    f = tmp_path / "blind_held.tsv"
    f.write_text("Armed clash\tRebels attacked the town.\n", encoding="utf-8")
    assert event_why.main([str(f)]) == 2
    assert "held set is not read" in capsys.readouterr().err
