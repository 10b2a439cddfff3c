"""Articles with no publication day (issue 13, bad input): their changes of hands are merged and resolved without a
date to anchor them. An undated report spans the whole calendar; comparing two of them with a day of slack once
overflowed Python's date range and crashed every command that reads control."""

from __future__ import annotations


def test_undated_reports_of_one_place_merge_without_overflow(pipeline, tmp_path):
    from sitroom.ingest import article_from_text
    from sitroom.resolve.control import control_changes
    from sitroom.resolve.placekeys import Places
    from sitroom.store import open_store

    texts = [
        "Iraqi forces recaptured the city of Tikrit from Islamic State militants, the defence ministry said.",
        "The UK welcomed the recapture of Tikrit by Iraqi forces from Islamic State militants.",
        "Islamic State militants captured the Tharthar Barrage and a nearby army base in Iraq.",
    ]
    with open_store(str(tmp_path / "undated.sqlite")) as store:
        for t in texts:
            art = pipeline.run(article_from_text(t, published=None))
            assert art.published is None
            store.add(art)
        changes, _, _ = control_changes(store, places=Places(pipeline.gazetteer))
    tikrit = [c for c in changes if "Tikr" in (c.place or "")]
    assert len(tikrit) == 1, [(c.place, c.holder, c.valid_from) for c in changes]
    assert len(tikrit[0].sources) == 2 and tikrit[0].valid_from is None
