"""Schema migrations of stores written by older versions, on SQLite and PostgreSQL (tests/backends.py)."""

from __future__ import annotations

import json

import backends

from sitroom.model import Article, Event, Place
from sitroom.store import open_store
from sitroom.store.schema import LATEST, unprefixed, upgrade_document

backend, store_url = backends.backend, backends.store_url  # fixtures (tests/ is on sys.path)


def _article() -> Article:
    a = Article(
        text="Fighters reached Kunduz. Fighters took Kunduz. Clashes in Kunduz.", outlet="VOA", published="2021-08-08"
    )
    a.places = [Place(id="p1", mention=a.span(17, 23), name="Kunduz", kind="city", lat=36.7, lon=68.9, confidence=1.0)]
    a.events = [
        Event(
            id="e1",
            event_type="Strategic developments",
            sub_event_type="Other",
            place="p1",
            advance=True,
            heading=True,
            evidence=[a.span(0, 24)],
            summary="Fighters reached Kunduz",
        ),
        Event(
            id="e2",
            event_type="Battles",
            place="p1",
            heading=True,
            evidence=[a.span(25, 46)],
            summary="[take] Fighters took Kunduz",
        ),
        Event(id="e3", event_type="Battles", place="p1", evidence=[a.span(47, 66)], summary="Clashes in Kunduz"),
    ]
    return a


def _as_schema_6(s, a: Article) -> None:
    """Rewrite the store as schema 6 wrote it (5 too: 6 touched the quotes only): no flag columns, the flags as summary prefixes (row and document)."""
    raw = getattr(s.con, "raw", s.con)  # PostgreSQL: the psycopg connection (DDL untranslated)
    for col in ("heading", "advance"):
        raw.execute(f"ALTER TABLE events DROP COLUMN {col}")
    raw.execute("ALTER TABLE quotes DROP COLUMN speaker_id")  # migration 8
    doc = json.loads(a.model_dump_json())
    for ev in doc["events"]:
        ev["summary"] = (
            ("[heading] " if ev.pop("heading") else "") + ("[advance] " if ev.pop("advance") else "") + ev["summary"]
        )
        s.con.execute("UPDATE events SET summary = ? WHERE uid = ?", (ev["summary"], f"{a.id}:{ev['id']}"))
    doc["schema_version"] = 6
    s.con.execute("UPDATE articles SET doc = ?, schema_version = 6 WHERE id = ?", (json.dumps(doc), a.id))
    s.con.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")


def test_schema_6_summary_prefixes_become_event_fields(store_url):
    a = _article()
    with open_store(store_url) as s:
        assert s.add(a)
        _as_schema_6(s, a)
        assert s.schema_version() == 6
    with open_store(store_url) as s:
        assert s.schema_version() == LATEST
        rows = {r["fact_id"]: r for r in s.events()}
        assert {k: (r["summary"], r["heading"], r["advance"]) for k, r in rows.items()} == {
            "e1": ("Fighters reached Kunduz", True, True),
            "e2": ("[take] Fighters took Kunduz", True, False),
            "e3": ("Clashes in Kunduz", False, False),
        }
        back = s.get(a.id)
    assert back is not None and back.schema_version == LATEST
    assert [(e.summary, e.heading, e.advance) for e in back.events] == [
        (e.summary, e.heading, e.advance) for e in a.events
    ]


def test_prefixes_are_read_off_in_their_written_order_only():
    assert unprefixed("[heading] [advance] x") == ("x", {"heading": True, "advance": True})
    assert unprefixed("[advance] [heading] x") == ("[heading] x", {"advance": True})  # never written so
    assert unprefixed("[headline] [take] x") == ("[headline] [take] x", {})
    doc = {"events": [{"summary": "[heading] y"}], "schema_version": 5}
    assert upgrade_document(doc, 5) == {"events": [{"summary": "y", "heading": True}], "schema_version": LATEST}
    current = {"events": [{"summary": "[heading] y"}], "schema_version": LATEST}  # a summary that says so itself
    assert upgrade_document(current, LATEST)["events"][0]["summary"] == "[heading] y"


# A report of a war this corpus never covered: an organisation the registry knows says it (speaker_id), a named
# person no registry holds says it too (no actor id).
SPEAKERS = (
    "The Taliban said they captured Kunduz on Sunday.\n\n"
    '"We are hunting them," police spokesman Ali Musa said in Maiduguri.\n'
)


def _as_schema_7(s, doc_of=lambda doc: doc) -> None:
    """Rewrite the store as schema 7 wrote it: no speaker_id column in quotes; ``doc_of`` rewrites each article
    document (the Quote model had speaker_id before the column: schema-7 documents carry it, or leave it out)."""
    raw = getattr(s.con, "raw", s.con)
    raw.execute("ALTER TABLE quotes DROP COLUMN speaker_id")
    for row in s.con.execute("SELECT id, doc FROM articles").fetchall():
        doc = doc_of(json.loads(row["doc"]))
        doc["schema_version"] = 7
        s.con.execute("UPDATE articles SET doc = ?, schema_version = 7 WHERE id = ?", (json.dumps(doc), row["id"]))
    s.con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")


def _speaker_ids(s) -> dict[str, str | None]:
    return {r["speaker"]: r["speaker_id"] for r in s.quotes()}


def test_schema_7_quotes_get_the_speaker_id_of_their_document(store_url, extract):
    a = extract(SPEAKERS, published="2024-03-04")
    want = {q.speaker: q.speaker_id for q in a.quotes}
    assert want.get("Taliban") == "taliban" and "Ali Musa" in want and want["Ali Musa"] is None, want
    with open_store(store_url) as s:
        assert s.add(a)
        assert _speaker_ids(s) == want  # written on store
        _as_schema_7(s)
        assert s.schema_version() == 7
    with open_store(store_url) as s:
        assert s.schema_version() == LATEST == 8
        assert _speaker_ids(s) == want  # filled from the article document
        back = s.get(a.id)
    assert back is not None and [q.speaker_id for q in back.quotes] == [q.speaker_id for q in a.quotes]


def test_schema_7_document_without_speaker_id_leaves_it_null(store_url, extract):
    a = extract(SPEAKERS, published="2024-03-04")

    def drop(doc):
        for q in doc["quotes"]:
            q.pop("speaker_id", None)
        return doc

    with open_store(store_url) as s:
        assert s.add(a)
        _as_schema_7(s, drop)
    with open_store(store_url) as s:
        assert s.schema_version() == LATEST
        got = _speaker_ids(s)
    assert got and set(got) == {q.speaker for q in a.quotes} and set(got.values()) == {None}
