"""Attribution records in the store (schema 6): mode, source and cue spans, cue text, linked facts; a store written
at schema 5 is migrated on open and its rows filled from the stored articles (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3

from backends import backend, fresh_url, store_url  # noqa: F401, F811  (fixtures)

from sitroom.model import SCHEMA_VERSION
from sitroom.store import open_store

# the columns migration 6 adds to quotes
NEW = ("mode", "speaker_type", "source_start", "source_end", "source_text", "cue_start", "cue_end", "cue_text", "facts")

TEXT = (
    "Rebels seized the town of Kidal in northern Mali on Monday, Colonel Amadou Traore told VOA.\n\n"
    '"We will retake it within days," he said.\n\n'
    "According to local officials, at least 12 civilians were killed in the fighting."
)


def _rows(s) -> list[tuple]:
    return [tuple(r) for r in s.con.execute(f"SELECT uid, {', '.join(NEW)} FROM quotes ORDER BY uid").fetchall()]


def _raw(url: str):
    if url.startswith("postgresql"):
        import psycopg

        return psycopg.connect(url, autocommit=True)
    return sqlite3.connect(url)


def _schema5_copy(src: str, dst: str) -> None:
    """At ``dst``, the store the schema-5 code wrote: migrations 1 to 5 only, with the articles and quotes rows of
    ``src`` in the columns schema 5 has."""
    from sitroom.store import dialect
    from sitroom.store.schema import MIGRATIONS, statements

    pg = dst.startswith("postgresql")
    con = _raw(dst)
    for n in range(1, 6):
        stmts = statements(MIGRATIONS[n])
        for stmt in dialect.pg_script(stmts) if pg else stmts:
            con.execute(stmt.replace("%%", "%") if pg else stmt)
    con.execute("INSERT INTO meta VALUES ('schema_version', '5')")
    mark = "%s" if pg else "?"
    with open_store(src) as s:
        for table in ("articles", "quotes"):
            if pg:
                have = [
                    r[0]
                    for r in con.execute(
                        "SELECT column_name FROM information_schema.columns WHERE "
                        "table_schema = current_schema() AND table_name = %s",
                        (table,),
                    )
                ]
            else:
                have = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
            cols = [c for c in have if c != "rowid"]  # the columns schema 5 has
            for r in s.con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall():
                con.execute(
                    f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join([mark] * len(cols))})",
                    [r[c] for c in cols],
                )
    if not pg:
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
    assert TEXT[told["cue_start"] : told["cue_end"]] == "told VOA"
    assert TEXT[told["source_start"] : told["source_end"]] == "Colonel Amadou Traore"
    said = by_cue["said"]
    assert said["mode"] == "direct" and said["source_text"] == "he"
    assert by_cue["According to"]["mode"] == "indirect"
    q = next(q for q in art.quotes if q.facts)  # a fact read inside a content is linked to it in the row too
    assert q.id in rows and set(q.facts) <= set(rows[q.id]["facts"])  # a list: the store types its rows (rows.read_row)


def test_schema5_store_is_migrated_on_open_and_its_quotes_filled(backend, tmp_path, extract):  # noqa: F811
    with fresh_url(backend, tmp_path, "new") as new, fresh_url(backend, tmp_path, "old") as old:
        with open_store(new) as s:
            s.add(extract(TEXT, published="2012-04-02"))
            want = _rows(s)
        assert want and all(r[1] for r in want)
        _schema5_copy(new, old)
        with open_store(old) as s:
            assert s.schema_version() == SCHEMA_VERSION
            assert _rows(s) == want  # filled from the article JSON, as a fresh store writes them
