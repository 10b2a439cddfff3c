"""Duplicates on the real pipeline and a real store: a reprint under another outlet with small edits is one story
with two carriers and changes no count; re-ingesting is idempotent; distinct reports stay distinct."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from sitroom.store import open_store

ZARANJ = "2021-08-06_voa_zaranj-first-capital.txt"


def reprint(original: str, outlet: str | None = None, url: str | None = None) -> str:
    """Another outlet's copy: its own header line (when the file has one), a few words edited, whitespace changed."""
    lines = original.splitlines()
    if outlet:
        lines[1] = f"{outlet} | {url}"
    body = "\n".join(lines)
    body = (
        body.replace("Friday", "on Friday", 1)
        .replace("militants", "insurgents", 1)
        .replace("said", "told reporters", 1)
    )
    return body.replace("\n\n", "\n\n\n", 3)


@pytest.fixture(scope="module")
def voa(shared) -> Path:
    return shared / "corpus" / "afghanistan-2021" / "voa"


@pytest.fixture(scope="module")
def filled(shared, voa, extract_once, tmp_path_factory):
    from sitroom.engine.run import ingest_paths

    db = str(tmp_path_factory.mktemp("dedup") / "d.sqlite")
    s1 = ingest_paths(
        [str(shared / "seed" / "ghazni-2021-08-12.txt")], db=db, published="2021-08-12", pipeline=extract_once
    )
    s2 = ingest_paths([str(voa)], db=db, pipeline=extract_once)
    assert (s1.stored, s2.stored, s1.failed + s2.failed) == (1, 6, 0)
    return db


def _counts(db):
    with open_store(db, create=False) as s:
        return s.count(), sum(len(st["carriers"]) for st in s.stories())


def test_signatures_separate_reprints_from_distinct_reports(voa):
    from sitroom.ingest import dedup

    z = (voa / ZARANJ).read_text(encoding="utf-8")
    assert dedup.similarity(dedup.signature(z), dedup.signature(reprint(z))) >= dedup.NEAR_THRESHOLD
    # the 12 and 13 Aug VOA lists share many lines but are two reports
    a = (voa / "2021-08-12_voa_taliban-seize-provincial-capitals.txt").read_text(encoding="utf-8")
    b = (voa / "2021-08-13_voa_list-provincial-capitals.txt").read_text(encoding="utf-8")
    assert dedup.similarity(dedup.signature(a), dedup.signature(b)) < dedup.NEAR_THRESHOLD
    assert len(dedup.band_keys(dedup.signature(a))) == dedup.BANDS
    assert dedup.shingles("") == set() and len(dedup.shingles("one two")) == 1


def test_near_duplicate_reprint_changes_no_count(filled, voa, pipeline, tmp_path):
    from sitroom.engine.run import ingest_paths
    from sitroom.resolve.situation import situation_events

    before, carriers = _counts(filled)
    path = tmp_path / "reprint.txt"
    path.write_text(
        reprint((voa / ZARANJ).read_text(encoding="utf-8"), "Kabul Reprint Daily", "https://reprint.example/zaranj"),
        encoding="utf-8",
    )
    summary = ingest_paths([str(path)], db=filled, pipeline=pipeline)
    assert (summary.read, summary.stored, summary.duplicates, summary.failed) == (1, 0, 1, 0)
    after, carriers_after = _counts(filled)
    assert after == before and carriers_after == carriers + 1
    with open_store(filled, create=False) as s:
        story = next(st for st in s.stories() if len(st["carriers"]) > 1)
        orig, copy = story["carriers"]
        assert (
            orig["relation"] == "original" and orig["outlet"] == "Voice of America" and orig["origin"].endswith(ZARANJ)
        )
        assert copy["relation"] == "near" and copy["outlet"] == "Kabul Reprint Daily"
        assert copy["url"] == "https://reprint.example/zaranj" and copy["published"] == "2021-08-06"
        assert 0.7 <= copy["similarity"] < 1.0 and copy["article_id"] != orig["article_id"]
        # the happening is still told by the same independent reports; the reprint's outlet is listed as a carrier
        z = [
            e
            for e in situation_events(s, event_type="Non-state actor overtakes territory")
            if e.date == date(2021, 8, 6) and e.place == "Zaranj"
        ]
        assert len(z) == 1 and "Kabul Reprint Daily" in z[0].outlets
        stored = len({r.row["article_id"] for r in z[0].reports})
        assert 2 <= z[0].corroboration <= stored  # the same sentence in two versions of a text counts once
        assert z[0].carriers == stored + 1
    # the same reprint again, and the whole corpus again: nothing changes at all
    again = ingest_paths([str(path), str(voa)], db=filled, pipeline=pipeline)
    assert (again.read, again.stored, again.duplicates) == (7, 0, 7)
    assert _counts(filled) == (after, carriers_after)


def test_exact_copy_from_another_outlet_is_a_carrier(filled, voa):
    from sitroom.ingest import read_paths
    from sitroom.model import Article

    art = next(a for a in read_paths([str(voa / ZARANJ)]) if isinstance(a, Article))
    before = _counts(filled)
    with open_store(filled) as s:
        copy = art.model_copy(update={"outlet": "Wire Copy", "url": "https://wire.example/1", "origin": "wire"})
        assert s.carry(copy) == "exact" and s.carry(copy) == "exact"
        assert s.add(copy) is False
        assert s.carry(Article(text="A different text entirely, long enough to be signed. " * 5)) is None
    after = _counts(filled)
    assert after[0] == before[0] and after[1] == before[1] + 1


def test_distinct_reports_are_distinct_stories(filled):
    with open_store(filled, create=False) as s:
        st = s.stories()
        assert len(st) == s.count()["articles"] == 7
        assert [x["published"] for x in st] == sorted(x["published"] for x in st)


def test_version_1_store_is_migrated(tmp_path, voa):
    """A store written before stories existed: each article becomes a one-carrier story; signatures backfill."""
    from sitroom.ingest import read_paths
    from sitroom.model import Article
    from sitroom.store.schema import MIGRATIONS, statements

    db = tmp_path / "v1.sqlite"
    con = sqlite3.connect(db)
    for stmt in statements(MIGRATIONS[1]):
        con.execute(stmt)
    art = next(a for a in read_paths([str(voa / ZARANJ)]) if isinstance(a, Article))
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute(
        "INSERT INTO articles (id, title, url, outlet, published, origin, chars, schema_version, added, doc)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 1, '2021-08-06T00:00:00+00:00', ?)",
        (
            art.id,
            art.title,
            art.url,
            art.outlet,
            art.published.isoformat(),
            art.origin,
            len(art.text),
            art.model_dump_json(),
        ),
    )
    con.commit()
    con.close()
    with open_store(str(db)) as s:
        assert s.schema_version() == max(MIGRATIONS)
        [story] = s.stories()
        assert story["id"] == art.id and [c["relation"] for c in story["carriers"]] == ["original"]
        assert s.backfill_signatures() == 1 and s.backfill_signatures() == 0
        assert s.carry(Article(text=reprint(art.text), outlet="Other")) == "near"
