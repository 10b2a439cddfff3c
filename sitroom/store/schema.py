"""The store's SQL schema as numbered migrations.

``MIGRATIONS[n]`` takes a store from schema version ``n - 1`` to ``n`` (version 0
is an empty file). Opening a store applies, in one transaction, every migration
above the version recorded in ``meta.schema_version``. To change the schema:
add ``MIGRATIONS[n + 1]`` (never edit a released one), bump
``sitroom.model.SCHEMA_VERSION``, and if the stored article JSON changes shape,
teach :func:`upgrade_document` to lift old documents.

Layout: ``articles.doc`` holds the whole Article as JSON (the source of truth,
read back by ``Store.get``); the other tables are denormalised rows of its facts
for queries (one row per fact, place and actor fields copied in, indexed on the
filter columns). Every row belongs to an article and goes with it
(``ON DELETE CASCADE``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sitroom.errors import SchemaVersionError

# columns shared by every fact table (see rows.fact_rows)
_FACT = """
    uid TEXT PRIMARY KEY,                -- "{article_id}:{fact id}"
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    fact_id TEXT NOT NULL,
    certainty TEXT NOT NULL,
    source TEXT,                         -- attribution.source
    anonymous INTEGER NOT NULL DEFAULT 0,
    outlet TEXT,                         -- attribution.outlet, else the article's outlet
    cue TEXT,
    evidence TEXT,                       -- first evidence span
    evidence_start INTEGER,
    evidence_end INTEGER,
    n_evidence INTEGER NOT NULL DEFAULT 0
"""

_PLACE = """
    place_id TEXT,
    place_name TEXT,
    place_kind TEXT,
    country TEXT,
    lat REAL,
    lon REAL,
    gazetteer_id TEXT
"""

V1 = f"""
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    title TEXT,
    url TEXT,
    outlet TEXT,
    published TEXT,                      -- ISO date
    dateline TEXT,
    origin TEXT,
    chars INTEGER NOT NULL,
    schema_version INTEGER NOT NULL,
    added TEXT NOT NULL,                 -- when stored (UTC, ISO)
    doc TEXT NOT NULL                    -- Article.model_dump_json()
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet);

CREATE TABLE actors (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT,
    country TEXT,
    mentions INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, id)
);
CREATE INDEX actors_id ON actors(id);
CREATE INDEX actors_name ON actors(name COLLATE NOCASE);

CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    mention TEXT NOT NULL,
    mention_start INTEGER NOT NULL,
    mention_end INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT,
    country TEXT,
    lat REAL,
    lon REAL,
    gazetteer_id TEXT,
    geonameid INTEGER,
    admin TEXT NOT NULL DEFAULT '[]',    -- JSON list, country down to parent
    role TEXT NOT NULL,
    confidence REAL NOT NULL,
    PRIMARY KEY (article_id, id)
);
CREATE INDEX places_name ON places(name COLLATE NOCASE);
CREATE INDEX places_gazetteer ON places(gazetteer_id);

CREATE TABLE events (
    {_FACT},
    {_PLACE},
    event_type TEXT NOT NULL,
    sub_event_type TEXT,
    actor1 TEXT,
    actor2 TEXT,
    mediator TEXT,
    origin TEXT,
    origin_name TEXT,
    date TEXT,                           -- TimeValue.point (ISO)
    date_earliest TEXT,
    date_latest TEXT,
    date_text TEXT,
    date_value TEXT,
    date_approximate INTEGER NOT NULL DEFAULT 0,
    targets TEXT NOT NULL DEFAULT '[]',  -- JSON list
    counts TEXT NOT NULL DEFAULT '{{}}',   -- JSON object
    background INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_type ON events(event_type);
CREATE INDEX events_subtype ON events(sub_event_type);
CREATE INDEX events_actor1 ON events(actor1);
CREATE INDEX events_actor2 ON events(actor2);
CREATE INDEX events_place ON events(place_name COLLATE NOCASE);
CREATE INDEX events_gazetteer ON events(gazetteer_id);
CREATE INDEX events_latlon ON events(lat, lon);

CREATE TABLE control (
    {_FACT},
    {_PLACE},
    controller TEXT NOT NULL,
    facility TEXT,
    status TEXT NOT NULL,
    since TEXT,
    since_earliest TEXT,
    since_latest TEXT,
    since_text TEXT,
    quantity INTEGER
);
CREATE INDEX control_article ON control(article_id);
CREATE INDEX control_controller ON control(controller);
CREATE INDEX control_place ON control(place_name COLLATE NOCASE);
CREATE INDEX control_latlon ON control(lat, lon);

CREATE TABLE claims (
    {_FACT},
    kind TEXT NOT NULL,
    what TEXT NOT NULL,
    value REAL,
    unit TEXT,
    comparator TEXT NOT NULL,
    subject TEXT,
    subject_name TEXT,
    related TEXT,
    related_name TEXT,
    "window" TEXT,
    window_earliest TEXT,
    window_latest TEXT,
    window_text TEXT,
    actor TEXT,
    also_stated TEXT
);
CREATE INDEX claims_article ON claims(article_id);
CREATE INDEX claims_kind ON claims(kind);
CREATE INDEX claims_actor ON claims(actor);

CREATE TABLE forecasts (
    {_FACT},
    "by" TEXT NOT NULL,
    actor TEXT,
    what TEXT NOT NULL,
    target TEXT,
    target_name TEXT,
    lat REAL,
    lon REAL,
    modality TEXT NOT NULL,
    horizon_days INTEGER,
    deadline TEXT,
    made_on TEXT
);
CREATE INDEX forecasts_article ON forecasts(article_id);
CREATE INDEX forecasts_actor ON forecasts(actor);
CREATE INDEX forecasts_deadline ON forecasts(deadline);

CREATE TABLE quotes (
    {_FACT},
    speaker TEXT NOT NULL,
    role TEXT,
    quote_outlet TEXT,                   -- Quote.outlet: to whom it was said
    text TEXT NOT NULL,
    text_start INTEGER NOT NULL,
    text_end INTEGER NOT NULL
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker COLLATE NOCASE);
"""

# Stories and carriers (sitroom.ingest.dedup): an exact or near duplicate adds a carrier, not an article.
V2 = """
CREATE TABLE stories (
    id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,  -- the stored copy, which holds the facts
    added TEXT NOT NULL
);

CREATE TABLE carriers (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,            -- content id of this copy (the story id for the stored copy and exact copies)
    outlet TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    published TEXT,
    title TEXT,
    origin TEXT,
    relation TEXT NOT NULL,              -- original | exact | near
    similarity REAL,                     -- estimated Jaccard of word shingles with the stored copy
    added TEXT NOT NULL,
    PRIMARY KEY (story_id, article_id, outlet, url)
);
CREATE INDEX carriers_article ON carriers(article_id);

CREATE TABLE signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    minhash BLOB NOT NULL                -- little-endian uint64 MinHash values
);

CREATE TABLE lsh_bands (
    band INTEGER NOT NULL,
    key INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band, key, article_id)
) WITHOUT ROWID;
CREATE INDEX lsh_bands_article ON lsh_bands(article_id);

INSERT INTO stories (id, added) SELECT id, added FROM articles;
INSERT INTO carriers (story_id, article_id, outlet, url, published, title, origin, relation, similarity, added)
    SELECT id, id, coalesce(outlet, ''), coalesce(url, ''), published, title, origin, 'original', 1.0, added FROM articles;
"""

# Event queries at scale (issue 6: filtered pages of 1M events under 50 ms). Every event query is ordered by
# its day (the event's date, else the article's publication day; undated rows last) then uid; ``day`` stores that
# sort key ('~' for undated: it sorts after every ISO date) so one index per filter column can deliver the order
# and a page stops after its rows. Indexes led by the filter column then (day, uid) replace the single-column ones
# they extend; (day, uid, lat, lon) serves an unfiltered page and a wide bbox from the index alone; an R*Tree
# (kept by triggers; float32 boxes rounded outwards, so the exact test is still made on the row) serves a narrow
# bbox. It is named ev_rtree, not events_*: its shadow tables (ev_rtree_node, _parent, _rowid) go with it.
# ``runs`` and ``run_inputs`` are ingest's journal: the inputs a run has finished, so a killed run resumes.
V3 = """
ALTER TABLE events ADD COLUMN day TEXT NOT NULL DEFAULT '~';
UPDATE events SET day = coalesce(date, (SELECT a.published FROM articles a WHERE a.id = events.article_id), '~');

DROP INDEX IF EXISTS events_date;
DROP INDEX IF EXISTS events_type;
DROP INDEX IF EXISTS events_subtype;
DROP INDEX IF EXISTS events_actor1;
DROP INDEX IF EXISTS events_actor2;
DROP INDEX IF EXISTS events_place;
DROP INDEX IF EXISTS events_gazetteer;
CREATE INDEX events_day ON events(day, uid, lat, lon);
CREATE INDEX events_date_day ON events(date, day, uid);
CREATE INDEX events_type_day ON events(event_type, day, uid);
CREATE INDEX events_subtype_day ON events(sub_event_type, day, uid);
CREATE INDEX events_actor1_day ON events(actor1, day, uid);
CREATE INDEX events_actor2_day ON events(actor2, day, uid);
CREATE INDEX events_place_day ON events(place_name COLLATE NOCASE, day, uid);
CREATE INDEX events_gazetteer_day ON events(gazetteer_id, day, uid);

CREATE VIRTUAL TABLE ev_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);
INSERT INTO ev_rtree (id, min_lat, max_lat, min_lon, max_lon)
    SELECT rowid, lat, lat, lon, lon FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL;
CREATE TRIGGER ev_rtree_insert AFTER INSERT ON events WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN INSERT INTO ev_rtree (id, min_lat, max_lat, min_lon, max_lon) VALUES (new.rowid, new.lat, new.lat, new.lon, new.lon); END;
CREATE TRIGGER ev_rtree_delete AFTER DELETE ON events BEGIN DELETE FROM ev_rtree WHERE id = old.rowid; END;
CREATE TRIGGER ev_rtree_update AFTER UPDATE OF lat, lon ON events BEGIN DELETE FROM ev_rtree WHERE id = old.rowid; INSERT INTO ev_rtree (id, min_lat, max_lat, min_lon, max_lon) SELECT new.rowid, new.lat, new.lat, new.lon, new.lon WHERE new.lat IS NOT NULL AND new.lon IS NOT NULL; END;

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,               -- UTC, ISO
    finished TEXT,                       -- null while running or after a crash
    inputs TEXT NOT NULL                 -- JSON list of the paths as given
);

CREATE TABLE run_inputs (
    key TEXT PRIMARY KEY,                -- origin + size + mtime of a finished input (file, or file:line)
    run_id INTEGER NOT NULL REFERENCES runs(id),
    articles INTEGER NOT NULL,           -- articles read from it (stored or duplicate)
    failed INTEGER NOT NULL,
    done TEXT NOT NULL
);
"""

# Ingest's run journal, as sitroom.ingest.journal uses it (replaces the first draft of these two tables in V3, which
# no release wrote to; they hold only the progress of unfinished runs), and a covering index for actor names.
V4 = """
DROP TABLE IF EXISTS run_inputs;
DROP TABLE IF EXISTS runs;
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    ident TEXT NOT NULL,                 -- hash of the inputs and options: a rerun of the same command resumes
    inputs TEXT NOT NULL,                -- JSON list of the inputs as given
    started TEXT NOT NULL,               -- UTC, ISO
    finished TEXT                        -- null while running, or after a crash
);
CREATE INDEX runs_ident ON runs(ident, finished);

CREATE TABLE run_inputs (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key TEXT NOT NULL,                   -- a finished input file: absolute path, size and mtime
    articles INTEGER NOT NULL,           -- results from it (stored, or copies of stored stories)
    done TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
);

CREATE INDEX actors_id_name ON actors(id, name);
"""

# Analyst corrections (sitroom.store.corrections, sitroom.store.versions): one row per correction, never
# updated or deleted (a revert is a row of its own); no foreign key to articles, so a correction outlives its
# article's re-extraction or removal and applies again when the article returns. ``anchor`` identifies the
# machine's fact beyond its id (evidence span and identifying fields). The fact tables hold the corrected rows;
# ``corrected`` (JSON list of {correction, action, by, at, note, fields}) marks a row a correction touched.
V5 = """
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,              -- order of writing: a later correction wins
    uuid TEXT NOT NULL UNIQUE,           -- the same correction in every store (export/import)
    target TEXT NOT NULL,                -- uid of the fact: "{article_id}:{fact id}"
    article_id TEXT NOT NULL,
    kind TEXT NOT NULL,                  -- events | control | claims | forecasts | quotes | places | actors
    action TEXT NOT NULL,                -- reject | amend | merge | split | add | revert
    fields TEXT NOT NULL DEFAULT '{}',   -- JSON: the values set
    replaced TEXT NOT NULL DEFAULT '{}', -- JSON: the values they replaced (the record as shown before)
    other TEXT,                          -- merge: uid of the fact folded in; revert: uuid of the correction undone
    other_article_id TEXT,
    evidence TEXT,                       -- JSON [start, end]: the span of an added or split-off fact
    anchor TEXT NOT NULL DEFAULT '{}',   -- JSON: evidence span and identifying fields of the machine's fact
    author TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL                     -- UTC, ISO
);
CREATE INDEX corrections_article ON corrections(article_id, id);
CREATE INDEX corrections_other ON corrections(other_article_id, id);
CREATE INDEX corrections_target ON corrections(target, id);
ALTER TABLE events ADD COLUMN corrected TEXT;
ALTER TABLE control ADD COLUMN corrected TEXT;
ALTER TABLE claims ADD COLUMN corrected TEXT;
ALTER TABLE forecasts ADD COLUMN corrected TEXT;
ALTER TABLE quotes ADD COLUMN corrected TEXT;
ALTER TABLE places ADD COLUMN corrected TEXT;
"""

# Attributions keep what the model has (issue 20): how the content is given (mode: direct | mixed | indirect), who
# the source is as written and the cue, as character spans of the article text, the speaker's type and the facts
# read inside the content (JSON list of fact ids). Rows of an older store are filled from their article's JSON
# (BACKFILL[6]).
V6 = """
ALTER TABLE quotes ADD COLUMN mode TEXT;
ALTER TABLE quotes ADD COLUMN speaker_type TEXT;
ALTER TABLE quotes ADD COLUMN source_start INTEGER;
ALTER TABLE quotes ADD COLUMN source_end INTEGER;
ALTER TABLE quotes ADD COLUMN source_text TEXT;
ALTER TABLE quotes ADD COLUMN cue_start INTEGER;
ALTER TABLE quotes ADD COLUMN cue_end INTEGER;
ALTER TABLE quotes ADD COLUMN cue_text TEXT;
ALTER TABLE quotes ADD COLUMN facts TEXT;
"""

# Two flags of an event as columns of their own (issue 17), no longer text prefixes of its summary: ``heading``
# (read from a heading or a headline before the dateline) and ``advance`` (an armed actor reaching or
# surrounding a place). Stored summaries lose the prefixes ("[heading] " first, then "[advance] "), each setting
# its flag; the article documents are lifted the same way when read (:func:`upgrade_document`).
V7 = """
ALTER TABLE events ADD COLUMN heading INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN advance INTEGER NOT NULL DEFAULT 0;
UPDATE events SET heading = 1, summary = substr(summary, 11) WHERE substr(summary, 1, 10) = '[heading] ';
UPDATE events SET advance = 1, summary = substr(summary, 11) WHERE substr(summary, 1, 10) = '[advance] ';
"""

# The resolved speaker's actor id (issue 20): ``Quote.speaker_id`` as a column, so a listing of attributions names the
# actor without re-reading the article. Rows of an older store take it from their article's JSON where it is there,
# else null (BACKFILL[8]).
V8 = """
ALTER TABLE quotes ADD COLUMN speaker_id TEXT;
"""

#: version → SQL script taking the store from version - 1 to version
MIGRATIONS: dict[int, str] = {
    1: V1,
    2: V2,
    3: V3,
    4: V4,
    5: V5,
    6: V6,
    7: V7,
    8: V8,
}


def quote_columns(q: dict[str, Any]) -> dict[str, Any]:
    """The attribution columns of a quotes row (migration 6) from a Quote as stored (``Quote.model_dump()`` or its
    JSON): mode, speaker type, source and cue spans, cue text, linked facts."""
    src, cue = q.get("source") or {}, q.get("cue") or {}
    return {
        "mode": q.get("mode") or "direct",
        "speaker_type": q.get("speaker_type"),
        "source_start": src.get("start"),
        "source_end": src.get("end"),
        "source_text": src.get("text"),
        "cue_start": cue.get("start"),
        "cue_end": cue.get("end"),
        "cue_text": cue.get("text"),
        "facts": json.dumps(list(q.get("facts") or [])),
    }


def _fill_quotes(execute: Callable[..., Any], columns: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """The quotes rows of a store holding articles get ``columns(quote)`` from the article JSON (the source of
    truth); ``execute(sql, params)`` is the store connection's (SQLite or PostgreSQL)."""
    for row in execute("SELECT id, doc FROM articles").fetchall():
        for q in json.loads(row["doc"]).get("quotes") or []:
            cols = columns(q)
            execute(
                "UPDATE quotes SET " + ", ".join(f"{c} = ?" for c in cols) + " WHERE uid = ?",
                (*cols.values(), f"{row['id']}:{q.get('id')}"),
            )


def speaker_columns(q: dict[str, Any]) -> dict[str, Any]:
    """The column of a quotes row migration 8 adds, from a Quote as stored: the resolved speaker's actor id (null
    when the speaker is no known actor, or the document predates the field)."""
    return {"speaker_id": q.get("speaker_id")}


#: version → what a migration does beyond its SQL: filling new columns of existing rows (same transaction)
BACKFILL: dict[int, Callable[[Callable[..., Any]], None]] = {
    6: lambda execute: _fill_quotes(execute, quote_columns),  # the attribution columns
    8: lambda execute: _fill_quotes(execute, speaker_columns),  # the speaker's actor id
}

LATEST = max(MIGRATIONS)


#: the event summary prefixes that schema 7 turned into fields, in the order they were written
SUMMARY_FLAGS = (("heading", "[heading] "), ("advance", "[advance] "))


def unprefixed(summary: str) -> tuple[str, dict[str, bool]]:
    """An event summary written before schema 7 → (the summary without its flag prefixes, the flags it set)."""
    flags: dict[str, bool] = {}
    for name, prefix in SUMMARY_FLAGS:
        if summary.startswith(prefix):
            summary, flags[name] = summary[len(prefix) :], True
    return summary, flags


def upgrade_document(doc: dict[str, Any], version: int) -> dict[str, Any]:
    """Lift a stored Article JSON written at ``version`` to the current model."""
    if version < 7:  # the summary prefixes "[heading] " and "[advance] " became the events' fields
        for ev in doc.get("events") or ():
            if isinstance(ev, dict) and isinstance(ev.get("summary"), str):
                ev["summary"], flags = unprefixed(ev["summary"])
                ev.update(flags)
    doc["schema_version"] = LATEST
    return doc


def statements(script: str) -> list[str]:
    """Split a migration script into statements (no semicolons inside our literals or triggers)."""
    out, buf = [], []
    for line in script.splitlines():
        s = line.split("--", 1)[0]
        buf.append(s)
        if s.rstrip().endswith(";"):
            stmt = "\n".join(buf).strip()
            if stmt.strip(";").strip():
                out.append(stmt)
            buf = []
    tail = "\n".join(buf).strip()
    if tail:
        out.append(tail)
    return out


def needs_migration(where: str, version: int, *, other: str) -> bool:
    """Whether a store at schema ``version`` must be migrated to :data:`LATEST`; SchemaVersionError naming ``where``
    when this sitroom cannot use it (``other``: what to give instead, ``--db path`` or ``--db URL``)."""
    if version > LATEST:
        raise SchemaVersionError(
            f"{where}: store schema version {version} is newer than this sitroom understands ({LATEST})",
            hint=f"upgrade sitroom, or use another {other}",
        )
    if version < 0:
        raise SchemaVersionError(f"{where}: unknown store schema version {version}", hint=f"give another {other}")
    return version != LATEST
