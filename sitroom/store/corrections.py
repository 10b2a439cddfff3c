"""Analyst corrections in the store: recorded as versions, applied where the rows are written.

:class:`Corrections` is a part of :class:`sitroom.store.sqlite.Store` (and so of the PostgreSQL store). A
correction is one row of ``corrections`` (schema 5) with its author, time, note, the values it set and the values
they replaced; nothing is updated or deleted, a revert is a correction of its own. The article's document stays
the machine's output; the fact rows every view reads are the document with the corrections in force applied
(:func:`sitroom.store.applying.apply`), rewritten in the same transaction as the correction, and again when
the article is added (a correction made before, or imported from another store) or re-extracted
(:meth:`Corrections.replace`). ``get`` returns the corrected article; ``machine`` the document as extracted.
"""

from __future__ import annotations

import json
import uuid as uuidlib
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sitroom.days import iso
from sitroom.errors import ConfigError
from sitroom.model import Article
from sitroom.store import applying
from sitroom.store import versions as rc
from sitroom.store.rows import fact_rows, insert_rows

ROW_TABLES = ("actors", "places", "events", "control", "claims", "forecasts", "quotes")
MARKED = ("places", "events", "control", "claims", "forecasts", "quotes")
MAX_NOTE = 4000
MAX_AUTHOR = 120
EXPORT_KEYS = (
    "uuid",
    "target",
    "article_id",
    "kind",
    "action",
    "fields",
    "replaced",
    "other",
    "other_article_id",
    "evidence",
    "anchor",
    "author",
    "note",
    "at",
)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@lru_cache(maxsize=1)
def _lexicon() -> Any:
    try:
        from sitroom.extract.actor_registry import load_lexicon

        return load_lexicon()
    except Exception:  # noqa: BLE001 - without the dictionary an actor is kept as the analyst wrote it
        return None


def _gazetteer() -> Any:
    try:
        from sitroom.gazetteer import default_gazetteer

        return default_gazetteer()
    except Exception:  # noqa: BLE001 - without the gazetteer a place is kept unresolved
        return None


def _needs(cs: list[dict[str, Any]]) -> tuple[Any, Any]:
    """The actor dictionary and the gazetteer, loaded only when a correction names an actor or a place."""
    keys = {k for c in cs for k in (c.get("fields") or {})}
    lex = _lexicon() if keys & {"actor1", "actor2", "mediator", "controller", "actor", "id"} else None
    bare = any(
        isinstance(v, str)
        for c in cs
        for k, v in (c.get("fields") or {}).items()
        if k in ("place", "target") or c.get("kind") == "places" and k == "name"
    )  # not resolved when made
    gaz = _gazetteer() if bare else None
    return lex, gaz


def _record(row: Any) -> dict[str, Any]:
    d = dict(row)
    for k in ("fields", "replaced", "anchor"):
        d[k] = json.loads(d[k]) if d.get(k) else {}
    d["evidence"] = json.loads(d["evidence"]) if d.get("evidence") else None
    return d


def stored_corrections(con: Any, article_id: str) -> list[dict[str, Any]]:
    """The corrections that concern ``article_id``, oldest first, read on a connection (``?`` placeholders)."""
    rows = con.execute(
        "SELECT * FROM corrections WHERE article_id = ? OR other_article_id = ? ORDER BY id", (article_id, article_id)
    ).fetchall()
    return [_record(r) for r in rows]


def corrected_rows(article: Article, cs: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The rows the store holds for ``article`` (the machine's document) under corrections ``cs``."""
    if not cs:
        return fact_rows(article)
    lex, gaz = _needs(cs)
    fixed, marks, _ = applying.apply(article, cs, lexicon=lex, gazetteer=gaz)
    rows = fact_rows(fixed)
    for t in MARKED:
        for r in rows[t]:
            key = r["id"] if t == "places" else r["fact_id"]
            m = marks.get(key)
            r["corrected"] = json.dumps(m, ensure_ascii=False) if m else None
    return rows


class Corrections:
    """Correction methods of the store (mixed into :class:`sitroom.store.sqlite.Store`)."""

    if TYPE_CHECKING:  # what the store this is mixed into provides

        def _read(self, sql: str, params: Any = (), doing: str = "read the store") -> list: ...
        def _write(self, doing: str) -> AbstractContextManager[Any]: ...
        def _article(self, row: Any) -> Article: ...

    # ------------------------------------------------------------------ reading

    def _concerning(self, con: Any, article_id: str) -> list[dict[str, Any]]:
        return stored_corrections(con, article_id)

    def corrections_version(self) -> tuple[int, int]:
        """(how many corrections, the last one's number): changes with every correction (caches key on it)."""
        r = self._read("SELECT count(*), coalesce(max(id), 0) FROM corrections", (), "read corrections")[0]
        return int(r[0]), int(r[1])

    def machine(self, article_id: str) -> Article | None:
        """The article as the extractor stored it (no correction applied)."""
        rows = self._read("SELECT id, schema_version, doc FROM articles WHERE id = ?", (article_id,))
        return self._article(rows[0]) if rows else None

    def _corrected(self, article: Article) -> Article:
        """``article`` (as stored) with the corrections in force applied; itself when there are none."""
        cs = [
            _record(r)
            for r in self._read(
                "SELECT * FROM corrections WHERE article_id = ? OR other_article_id = ? ORDER BY id",
                (article.id, article.id),
                "read corrections",
            )
        ]
        if not cs:
            return article
        lex, gaz = _needs(cs)
        return applying.apply(article, cs, lexicon=lex, gazetteer=gaz)[0]

    def corrections(
        self,
        *,
        target: str | None = None,
        article_id: str | None = None,
        author: str | None = None,
        since: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Corrections, newest first, each with ``status``: ``in force`` or ``reverted``."""
        where, params = [], []
        if target is not None:
            where.append("(target = ? OR other = ?)")
            params += [target, target]
        if article_id is not None:
            where.append("(article_id = ? OR other_article_id = ?)")
            params += [article_id, article_id]
        if author is not None:
            where.append("author = ?")
            params.append(author)
        if since is not None:
            where.append("at >= ?")
            params.append(since)
        sql = "SELECT * FROM corrections" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY id DESC LIMIT ? OFFSET ?"
        rows = [
            _record(r)
            for r in self._read(sql, [*params, -1 if limit is None else int(limit), int(offset)], "read corrections")
        ]
        if rows:
            uuids = [r["uuid"] for r in rows]
            ph = ", ".join("?" * len(uuids))
            reverts = [
                _record(r)
                for r in self._read(
                    f"SELECT * FROM corrections WHERE action = 'revert' OR uuid IN ({ph})", uuids, "read corrections"
                )
            ]
            _, reverted = applying.active(reverts)
            for r in rows:
                r["status"] = "reverted" if r["uuid"] in reverted else "in force"
        return rows

    def correction(self, ref: str | int) -> dict[str, Any]:
        """One correction by number, uuid or a unique uuid prefix (at least 6 characters); ConfigError if none."""
        s = str(ref).strip()
        rows: list = []
        if s.isdigit():  # a number; an all-digit uuid prefix is tried next
            rows = self._read("SELECT * FROM corrections WHERE id = ?", (int(s),), "read corrections")
        if not rows and len(s) >= 6:
            rows = self._read(
                "SELECT * FROM corrections WHERE uuid >= ? AND uuid < ? ORDER BY id LIMIT 2",
                (s.lower(), s.lower() + "\uffff"),
                "read corrections",
            )
        if len(rows) != 1:
            raise ConfigError(
                f"{ref!r}: " + ("more than one correction starts so" if rows else "no such correction"),
                hint="give the number or the uuid `sitroom corrections list` shows",
            )
        return _record(rows[0])

    def history(self, uid: str) -> dict[str, Any]:
        """A fact's versions: the machine's, the current one, and every correction that touched it (oldest first)."""
        aid, fid, kind = rc.split_uid(uid)
        machine = self.machine(aid)
        if machine is None:
            raise ConfigError(f"{uid}: no article {aid} in the store", hint="give an id as the views show it")
        current = self._corrected(machine)
        cs = [
            _record(r)
            for r in self._read(
                "SELECT * FROM corrections WHERE article_id = ? OR other_article_id = ? ORDER BY id",
                (aid, aid),
                "read corrections",
            )
        ]
        _, reverted = applying.active(cs)
        mine = []
        for c in cs:
            hit = uid in (c["target"], c.get("other"))
            if not hit and c["kind"] == kind and c["action"] != "add" and c.get("anchor"):
                m = rc.locate(machine, kind, c["anchor"])
                hit = m is not None and m.id == fid and rc.split_uid(c["target"])[0] == aid
            if hit:
                mine.append({**c, "status": "reverted" if c["uuid"] in reverted else "in force"})
        mf = rc.find(machine, kind, fid)
        cf = rc.find(current, kind, fid) if current is not None else None
        if cf is None:
            gone = [c for c in mine if c["status"] == "in force" and c["action"] in ("reject", "merge")]
            status = ("rejected" if gone[-1]["action"] == "reject" else "merged") if gone else "not found"
        elif mf is None:
            status = "added"
        else:
            status = (
                "corrected" if any(c["status"] == "in force" and c["action"] != "revert" for c in mine) else "machine"
            )
        if mf is None and cf is None and not mine:
            raise ConfigError(f"{uid}: no such fact", hint="give an id as the views show it (ARTICLE:e2)")
        return {
            "id": uid,
            "kind": kind,
            "status": status,
            "machine": rc.view(machine, kind, mf) if mf is not None else None,
            "current": rc.view(current, kind, cf) if cf is not None else None,
            "corrections": mine,
        }

    # ------------------------------------------------------------------ writing

    def correct(
        self,
        target: str,
        action: str,
        *,
        fields: dict[str, Any] | None = None,
        other: str | None = None,
        evidence: tuple[int, int] | list[int] | None = None,
        kind: str | None = None,
        note: str = "",
        by: str,
        uuid: str | None = None,
        at: str | None = None,
    ) -> dict[str, Any]:
        """Record one correction and rewrite the rows it changes, in one transaction; returns the correction
        (with ``replaced``: the values it overwrote, as the views showed them at that moment).

        ``action``: reject | amend | merge (``other``: the uid folded into ``target``) | split | add (``target``:
        the article id, ``kind``: events, control, ...; ``evidence``: (start, end) in its text) | revert
        (``target``: the correction's number or uuid)."""
        if action not in rc.ACTIONS:
            raise ConfigError(f"{action!r}: not a correction", hint=f"one of {', '.join(rc.ACTIONS)}")
        by = (by or "").strip()
        if not by or len(by) > MAX_AUTHOR or any(ord(c) < 32 for c in by):
            raise ConfigError(f"--by {by!r}: an author name is needed (1 to {MAX_AUTHOR} printable characters)")
        note = note or ""
        if len(note) > MAX_NOTE:
            raise ConfigError(f"--note: longer than {MAX_NOTE} characters")
        if action == "revert":
            return self._revert(target, note=note, by=by, uuid=uuid, at=at)
        fields = dict(fields or {})
        if action in ("amend", "split") and not fields:
            raise ConfigError(f"{target}: {action} needs at least one --set field=value")
        if action == "reject" and fields:
            raise ConfigError(f"{target}: reject takes no --set (amend the fact instead)")
        uid = uuid or uuidlib.uuid4().hex
        with self._write(f"record a correction of {target}") as con:
            if action == "add":
                rec, touched = self._added(con, target, kind, fields, evidence, uid)
            else:
                aid, fid, k = rc.split_uid(target)
                if kind and kind != k:
                    raise ConfigError(f"{target}: is a fact of kind {k}, not {kind}")
                kind = k
                machine = self._doc(con, aid, target)
                current = self._apply(con, machine)
                f = rc.find(current, kind, fid)
                if f is None:
                    raise ConfigError(
                        f"{target}: no such fact in the corrected record",
                        hint="it may have been rejected or merged: see `sitroom history " + target + "`",
                    )
                checked = self._freeze(current, kind, rc.check_fields(kind, fields))
                shown = rc.view(current, kind, f)
                replaced = shown if action in ("reject", "merge") else {a: shown.get(a) for a in checked}
                anc = rc.anchor(machine, kind, fid) if rc.find(machine, kind, fid) is not None else {}
                rec = {
                    "target": target,
                    "article_id": aid,
                    "kind": kind,
                    "action": action,
                    "fields": checked,
                    "replaced": replaced,
                    "other": None,
                    "other_article_id": None,
                    "evidence": None,
                    "anchor": anc,
                }
                touched = {aid}
                if action == "merge":
                    if not other:
                        raise ConfigError(f"{target}: merge needs the other fact's id (--into / other)")
                    oaid, ofid, okind = rc.split_uid(other)
                    if okind != kind or other == target:
                        raise ConfigError(
                            f"{other}: cannot be merged into {target}",
                            hint="merge two facts of one kind (two events, two control statements)",
                        )
                    omachine = machine if oaid == aid else self._doc(con, oaid, other)
                    ocur = current if oaid == aid else self._apply(con, omachine)
                    of = rc.find(ocur, kind, ofid)
                    if of is None:
                        raise ConfigError(f"{other}: no such fact in the corrected record")
                    rec["replaced"] = {"target": shown, "other": rc.view(ocur, kind, of)}
                    rec["other"], rec["other_article_id"] = other, oaid
                    if rc.find(omachine, kind, ofid) is not None:
                        rec["anchor"] = {**anc, "other": rc.anchor(omachine, kind, ofid)}
                    touched.add(oaid)
                if action == "split" and evidence is not None:
                    rec["evidence"] = self._span(machine, evidence, target, required=False)
            rec.update(uuid=uid, author=by, note=note, at=at or _now())
            self._insert_correction(con, rec)
            for a in touched:
                self._materialise(con, a)
            rec["id"] = con.execute("SELECT id FROM corrections WHERE uuid = ?", (uid,)).fetchone()[0]
        return rec

    def _added(
        self, con: Any, target: str, kind: str | None, fields: dict[str, Any], evidence: Any, uid: str
    ) -> tuple[dict[str, Any], set[str]]:
        """The record of an added fact (``target``: its article id) and the articles it touches."""
        if not kind or kind not in rc.FACT_KINDS:
            raise ConfigError(f"--add {kind!r}: not a kind of fact", hint=", ".join(rc.FACT_KINDS))
        aid = str(target).split(":", 1)[0].strip()
        machine = self._doc(con, aid, target)
        checked = self._freeze(machine, kind, rc.check_fields(kind, fields))
        need = {
            "events": "event_type",
            "control": "controller",
            "claims": "what",
            "forecasts": "what",
            "quotes": "speaker",
        }[kind]
        if need not in checked:
            raise ConfigError(f"--add {kind}: needs --set {need}=...")
        span = self._span(machine, evidence, target, required=True)
        tgt = f"{aid}:{rc.new_fact_id(kind, 'add', uid)}"
        rec = {
            "target": tgt,
            "article_id": aid,
            "kind": kind,
            "action": "add",
            "fields": checked,
            "replaced": {},
            "other": None,
            "other_article_id": None,
            "evidence": span,
            "anchor": {},
        }
        return rec, {aid}

    def _revert(self, ref: str, *, note: str, by: str, uuid: str | None, at: str | None) -> dict[str, Any]:
        c = self.correction(ref)
        uid = uuid or uuidlib.uuid4().hex
        with self._write(f"revert correction {ref}") as con:
            rec = {
                "uuid": uid,
                "target": c["target"],
                "article_id": c["article_id"],
                "kind": c["kind"],
                "action": "revert",
                "fields": {},
                "replaced": {"correction": c["uuid"], "action": c["action"], "fields": c["fields"]},
                "other": c["uuid"],
                "other_article_id": c.get("other_article_id"),
                "evidence": None,
                "anchor": {},
                "author": by,
                "note": note,
                "at": at or _now(),
            }
            self._insert_correction(con, rec)
            for a in {c["article_id"], c.get("other_article_id")} - {None}:
                self._materialise(con, a)
            rec["id"] = con.execute("SELECT id FROM corrections WHERE uuid = ?", (uid,)).fetchone()[0]
        return rec

    def revert(self, ref: str | int, *, note: str = "", by: str) -> dict[str, Any]:
        """Undo correction ``ref`` (number or uuid) with a correction of its own; a reverted revert restores it."""
        return self.correct(str(ref), "revert", note=note, by=by)

    @staticmethod
    def _insert_correction(con: Any, rec: dict[str, Any]) -> None:
        row = {k: rec.get(k) for k in EXPORT_KEYS}
        for k in ("fields", "replaced", "anchor"):
            row[k] = json.dumps(row[k] or {}, ensure_ascii=False, sort_keys=True)
        row["evidence"] = json.dumps(row["evidence"]) if row["evidence"] is not None else None
        cols = list(row)
        con.execute(
            f"INSERT OR IGNORE INTO corrections ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})", row
        )

    def _doc(self, con: Any, aid: str, what: str) -> Article:
        r = con.execute("SELECT id, schema_version, doc FROM articles WHERE id = ?", (aid,)).fetchone()
        if r is None:
            raise ConfigError(f"{what}: no article {aid!r} in the store", hint="give an id as the views show it")
        return self._article(r)

    def _apply(self, con: Any, machine: Article) -> Article:
        cs = self._concerning(con, machine.id)
        if not cs:
            return machine
        lex, gaz = _needs(cs)
        return applying.apply(machine, cs, lexicon=lex, gazetteer=gaz)[0]

    @staticmethod
    def _freeze(article: Article, kind: str, fields: dict[str, Any]) -> dict[str, Any]:
        lex, gaz = _needs([{"fields": fields, "kind": kind}])
        return rc.freeze(article, kind, fields, lexicon=lex, gazetteer=gaz)

    @staticmethod
    def _span(article: Article, evidence: Any, what: str, *, required: bool) -> list[int] | None:
        if evidence is None:
            if required:
                raise ConfigError(f"{what}: an added fact needs its evidence span (--evidence START:END)")
            return None
        try:
            start, end = (int(x) for x in evidence)
        except (TypeError, ValueError):
            raise ConfigError(f"--evidence {evidence!r}: expected START:END character offsets") from None
        if not 0 <= start < end <= len(article.text):
            raise ConfigError(f"--evidence {start}:{end}: outside the article's text (0:{len(article.text)})")
        return [start, end]

    def _materialise(self, con: Any, aid: str, article: Article | None = None) -> None:
        """Rewrite the rows of article ``aid`` from its document and the corrections in force (inside a write)."""
        if article is None:
            r = con.execute("SELECT id, schema_version, doc FROM articles WHERE id = ?", (aid,)).fetchone()
            if r is None:
                return  # the correction waits for its article
            article = self._article(r)
        rows = corrected_rows(article, self._concerning(con, aid))
        for t in ROW_TABLES:
            con.execute(f"DELETE FROM {t} WHERE article_id = ?", (aid,))
        for t in ROW_TABLES:
            insert_rows(con, t, rows[t])

    def _rows_with_corrections(self, con: Any, article: Article, rows: dict[str, list]) -> dict[str, list]:
        """``rows`` of a new article, or its corrected rows when corrections wait for it (inside ``add``)."""
        cs = self._concerning(con, article.id)
        return corrected_rows(article, cs) if cs else rows

    def replace(self, article: Article) -> bool:
        """Re-extraction: store ``article`` (a stored id, read again by a newer extractor) in place of its old
        document, keeping its story and carriers, and re-apply the corrections that concern it; False if the id
        is not stored (use ``add``)."""
        with self._write(f"re-extract article {article.id}") as con:
            if con.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone() is None:
                return False
            con.execute(
                "UPDATE articles SET title = ?, url = ?, outlet = ?, published = ?, dateline = ?, origin = ?,"
                " chars = ?, schema_version = ?, doc = ? WHERE id = ?",
                (
                    article.title,
                    article.url,
                    article.outlet,
                    iso(article.published),
                    article.dateline,
                    article.origin,
                    len(article.text),
                    article.schema_version,
                    article.model_dump_json(),
                    article.id,
                ),
            )
            self._materialise(con, article.id, article)
        return True

    # ------------------------------------------------------------------ sharing

    def export_corrections(self) -> list[dict[str, Any]]:
        """Every correction, oldest first, as portable records (no store-local number)."""
        rows = self._read("SELECT * FROM corrections ORDER BY id", (), "read corrections")
        return [{k: _record(r)[k] for k in EXPORT_KEYS} for r in rows]

    def import_corrections(self, records: list[dict[str, Any]], *, origin: str = "input") -> int:
        """Add corrections made in another store (skipping those already here, by uuid) and rewrite the rows of
        the articles they concern; returns how many were new. ConfigError naming the record that is not one."""
        clean = []
        for i, r in enumerate(records, 1):
            if not isinstance(r, dict):
                raise ConfigError(f"{origin}: record {i}: not a JSON object")
            missing = [k for k in ("uuid", "target", "article_id", "kind", "action", "author", "at") if not r.get(k)]
            if missing:
                raise ConfigError(f"{origin}: record {i}: missing {', '.join(missing)}")
            if r["action"] not in rc.ACTIONS or r["kind"] not in rc.KINDS:
                raise ConfigError(f"{origin}: record {i}: unknown action or kind ({r['action']!r}, {r['kind']!r})")
            try:
                if r["action"] != "revert":
                    rc.split_uid(r["target"])
                rc.check_fields(r["kind"], r.get("fields") or {})
            except ConfigError as exc:
                raise ConfigError(f"{origin}: record {i}: {exc}") from None
            clean.append(r)
        n = 0
        touched: set[str] = set()
        with self._write(f"import corrections from {origin}") as con:
            for r in clean:
                if con.execute("SELECT 1 FROM corrections WHERE uuid = ?", (r["uuid"],)).fetchone():
                    continue
                self._insert_correction(con, r)
                n += 1
                touched |= {r["article_id"], r.get("other_article_id")} - {None}
            for a in sorted(touched):
                self._materialise(con, a)
        return n


# --------------------------------------------------------------------------- review


LOW_CERTAINTY = ("hedged", "unverified", "claimed", "denied")
MAX_FATALITIES = 10_000  # a single report of more is worth a look


def review(
    store: Any, *, since_hours: float | None = 24, limit: int | None = 100, include_corrected: bool = False
) -> list[dict[str, Any]]:
    """Facts worth an analyst's look, each with its reasons: low certainty, told as background, contested
    control, a date after its report, implausible fatalities, a place resolved with low confidence, and every
    fact of an article stored within ``since_hours`` (None: no recency reason)."""
    now = datetime.now(timezone.utc)
    recent: set[str] = set()
    if since_hours is not None:
        cut = (now - timedelta(hours=since_hours)).isoformat(timespec="seconds")
        recent = {r["id"] for r in store.article_rows() if (r.get("added") or "") >= cut}
    weak = store.weak_places(0.5)
    out = []

    def reasons_common(r: dict[str, Any]) -> list[str]:
        why = []
        if r.get("certainty") in LOW_CERTAINTY:
            why.append(f"certainty {r['certainty']}")
        if r.get("article_id") in recent:
            why.append("new")
        if r.get("place_id") and (r["article_id"], r["place_id"]) in weak:
            why.append("place resolved with low confidence")
        return why

    for r in store.events():
        why = reasons_common(r)
        if r.get("background"):
            why.append("background")
        pub = r.get("published")
        if r.get("date") and pub and str(r["date"]) > str(pub):
            why.append("dated after its report")
        n = rc.fatalities(r.get("counts") or {})
        if n is not None and n > MAX_FATALITIES:
            why.append(f"{n} fatalities")
        out.append(("events", r, why))
    for r in store.control():
        why = reasons_common(r)
        if r.get("status") == "contested":
            why.append("contested")
        out.append(("control", r, why))
    for t, rows in (("claims", store.claims()), ("forecasts", store.forecasts()), ("quotes", store.quotes())):
        for r in rows:
            out.append((t, r, reasons_common(r)))
    items = []
    for t, r, why in out:
        if not why or (r.get("corrected") and not include_corrected):
            continue
        items.append(
            {
                "id": r["uid"],
                "kind": t,
                "reasons": why,
                "published": r.get("published"),
                "summary": _summary(t, r),
                "evidence": r.get("evidence"),
                "corrected": bool(r.get("corrected")),
            }
        )
    items.sort(key=lambda x: (-len(x["reasons"]), str(x.get("published") or date.min), x["id"]))
    return items[:limit] if limit else items


def _summary(kind: str, r: dict[str, Any]) -> str:
    if kind == "events":
        return " ".join(
            str(x)
            for x in (
                r.get("event_type"),
                "/",
                r.get("sub_event_type") or "-",
                "·",
                r.get("actor1") or "?",
                "→",
                r.get("actor2") or "?",
                "@",
                r.get("place_name") or "?",
                r.get("date") or "",
            )
            if x is not None
        ).strip()
    if kind == "control":
        return f"{r.get('controller')} {r.get('status')} {r.get('place_name') or r.get('facility') or '?'}"
    if kind == "claims":
        return f"{r.get('kind')}: {r.get('what')} {r.get('value') if r.get('value') is not None else ''}".strip()
    if kind == "forecasts":
        return f"{r.get('by')}: {r.get('actor') or '?'} {r.get('what')} by {r.get('deadline') or '?'}"
    return f"{r.get('speaker')}: {str(r.get('text') or '')[:80]}"


# --------------------------------------------------------------------------- eval


def correction_stats(store: Any) -> dict[str, Any]:
    """How often each extractor component was corrected: per kind of fact (facts corrected / facts stored), per
    action, per component a corrected field speaks about, and per event type and cue of the machine's fact."""
    counts = store.count()
    cs = [c for c in store.corrections() if c["status"] == "in force" and c["action"] != "revert"]
    by_kind: dict[str, set[str]] = {}
    by_action: dict[str, int] = {}
    by_component: dict[str, int] = {}
    by_rule: dict[str, int] = {}
    for c in cs:
        by_kind.setdefault(c["kind"], set()).add(c["target"])
        by_action[c["action"]] = by_action.get(c["action"], 0) + 1
        comps = {rc.COMPONENT.get(f, f) for f in c["fields"]}
        if c["action"] == "reject":
            comps = {f"{c['kind']} (false positive)"}
        elif c["action"] == "add":
            comps = {f"{c['kind']} (missed)"}
        elif c["action"] in ("merge", "split"):
            comps = {f"resolve ({c['action']})"} | comps
        if c["kind"] == "places":
            comps = {"places (resolution)"}
        for comp in comps:
            by_component[comp] = by_component.get(comp, 0) + 1
        sig = (c.get("anchor") or {}).get("sig") or {}
        if c["kind"] == "events" and c["action"] != "add":
            rule = f"events: {sig.get('event_type') or '?'} / {sig.get('sub_event_type') or '-'}"
            by_rule[rule] = by_rule.get(rule, 0) + 1
    kinds = {}
    for k in ("events", "control", "claims", "forecasts", "quotes", "places"):
        n = int(counts.get(k, 0))
        m = len(by_kind.get(k, ()))
        kinds[k] = {"facts": n, "corrected": m, "rate": round(m / n, 4) if n else None}
    return {
        "corrections": len(cs),
        "kinds": kinds,
        "actions": dict(sorted(by_action.items())),
        "components": dict(sorted(by_component.items(), key=lambda kv: (-kv[1], kv[0]))),
        "machine_types": dict(sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))),
    }
