"""Attribution records in the store (schema 6): mode, source and cue spans, cue text, linked facts; a store written
at schema 5 is migrated on open and its rows filled from the stored articles (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import sqlite3

from backends import backend, store_url  # noqa: F401, F811  (fixtures)

from sitroom.model import SCHEMA_VERSION
from sitroom.store import open_store

# the columns migration 6 adds to quotes
NEW = ("mode", "speaker_type", "source_start", "source_end", "source_text", "cue_start", "cue_end", "cue_text", "facts")

TEXT = ("Rebels seized the town of Kidal in northern Mali on Monday, Colonel Amadou Traore told VOA.\n\n"
        '"We will retake it within days," he said.\n\n'
        "According to local officials, at least 12 civilians were killed in the fighting.")


def _rows(s) -> list[tuple]:
    return [tuple(r) for r in s.con.execute(f"SELECT uid, {', '.join(NEW)} FROM quotes ORDER BY uid").fetchall()]


def _to_schema5(url: str) -> None:
    """The store as the schema-5 code wrote it: migration 6's columns absent, the version 5."""
    if url.startswith("postgresql"):
        import psycopg

        con = psycopg.connect(url, autocommit=True)
    else:
        con = sqlite3.connect(url)
    for c in NEW:
        con.execute(f"ALTER TABLE quotes DROP COLUMN {c}")
    con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    con.commit()
    con.close()


def test_quotes_keep_mode_source_cue_and_facts(store_url, extract):  # noqa: F811
    art = extract(TEXT, published="2012-04-02")
    with open_store(store_url) as s:
        s.add(art)
        rows = {r["fact_id"]: r for r in s.quotes()}
    by_cue = {r["cue_text"]: r for r in rows.values()}
    told = by_cue["told VOA"]
    assert (told["mode"], told["source_text"], told["speaker_type"]) == ("indirect", "Colonel Amadou Traore", "person")
    assert TEXT[told["cue_start"]:told["cue_end"]] == "told VOA"
    assert TEXT[told["source_start"]:told["source_end"]] == "Colonel Amadou Traore"
    said = by_cue["said"]
    assert said["mode"] == "direct" and said["source_text"] == "he"
    assert by_cue["According to"]["mode"] == "indirect"
    q = next(q for q in art.quotes if q.facts)  # a fact read inside a content is linked to it in the row too
    assert q.id in rows and set(q.facts) <= set(json.loads(rows[q.id]["facts"]))


def test_schema5_store_is_migrated_on_open_and_its_quotes_filled(store_url, extract):  # noqa: F811
    with open_store(store_url) as s:
        s.add(extract(TEXT, published="2012-04-02"))
        want = _rows(s)
    assert want and all(r[1] for r in want)
    _to_schema5(store_url)
    with open_store(store_url) as s:
        assert s.schema_version() == SCHEMA_VERSION == 6
        assert _rows(s) == want  # filled from the article JSON, as a fresh store writes them
