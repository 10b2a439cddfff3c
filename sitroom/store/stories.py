"""Stories and their carriers (:mod:`sitroom.ingest.dedup`): an exact or near copy of a stored article is recorded as
another carrier of its story, not stored again. The store's methods for them (mixed into
:class:`sitroom.store.sqlite.Store`) and the statements ``Store.add`` runs in its transaction."""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, cast

from sitroom.days import iso
from sitroom.ingest import dedup
from sitroom.model import Article, content_id
from sitroom.store.rows import CarrierRow, StoryRow

__all__ = ["SIG_MEMO", "Stories", "add_carrier", "article_signature", "nearest_story", "new_story", "sign"]


class Stories:
    """Story methods of the store (mixed into :class:`sitroom.store.sqlite.Store`)."""

    if TYPE_CHECKING:  # what the store this is mixed into provides

        def _read(self, sql: str, params: Any = (), doing: str = "read the store") -> list: ...
        def _write(self, doing: str) -> AbstractContextManager[Any]: ...
        def get(self, article_id: str) -> Article | None: ...

    @property
    def _sig_memo(self) -> OrderedDict:
        """Recent near-duplicate signatures by content id (see :func:`article_signature`); per store, bounded."""
        return self.__dict__.setdefault("_sigs", OrderedDict())

    def carry(self, article: Article) -> str | None:
        """Record ``article`` as a carrier of the stored story it duplicates, without extracting it.

        Returns ``"exact"`` or ``"near"`` (recorded, or already known), or None when it duplicates nothing stored
        (then it should be extracted and added)."""
        sig = article_signature(article, self._sig_memo)
        with self._write(f"record a copy of article {article.id}") as con:
            if con.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
                add_carrier(con, article.id, article, "exact", 1.0)
                return "exact"
            near = nearest_story(con, sig) if sig is not None else None
            if near is not None:
                add_carrier(con, near[0], article, "near", near[1])
                return "near"
        return None

    def stories(self, limit: int | None = None, offset: int = 0) -> list[StoryRow]:
        """Stories (by first publication, then id), each with its carriers: the stored copy, then exact and near
        copies in the order they were seen (outlet, url, published, title, origin, relation, similarity)."""
        heads = self._read(
            "SELECT s.id, a.title, a.outlet, a.published, a.origin FROM stories s JOIN articles a"
            " ON a.id = s.id ORDER BY a.published IS NULL, a.published, s.id LIMIT ? OFFSET ?",
            (-1 if limit is None else int(limit), int(offset)),
        )
        out: list[StoryRow] = []
        for h in heads:
            cs = self._read(
                "SELECT article_id, outlet, url, published, title, origin, relation, similarity, added"
                " FROM carriers WHERE story_id = ? ORDER BY relation != 'original', added, rowid",
                (h["id"],),
            )
            carriers = [
                cast(CarrierRow, {**dict(c), "outlet": c["outlet"] or None, "url": c["url"] or None}) for c in cs
            ]
            out.append(
                StoryRow(id=h["id"], title=h["title"], outlet=h["outlet"], published=h["published"], carriers=carriers)
            )
        return out

    def story_outlets(self) -> dict[str, list[str]]:
        """Stored article id → the outlets that carried its story (its own first)."""
        out: dict[str, list[str]] = {}
        for r in self._read(
            "SELECT story_id, outlet FROM carriers WHERE outlet != '' ORDER BY story_id, relation != 'original', added"
        ):
            lst = out.setdefault(r["story_id"], [])
            if r["outlet"] not in lst:
                lst.append(r["outlet"])
        return out

    def backfill_signatures(self) -> int:
        """Compute near-duplicate signatures for stored articles that lack one (stores made before schema 2)."""
        ids = [
            r[0]
            for r in self._read(
                "SELECT a.id FROM articles a LEFT JOIN signatures g ON g.article_id = a.id WHERE g.article_id IS NULL"
            )
        ]
        n = 0
        for aid in ids:
            a = self.get(aid)
            sig = article_signature(a) if a is not None else None
            if sig is None:
                continue
            with self._write(f"sign article {aid}") as con:
                sign(con, aid, sig)
            n += 1
        return n


SIG_MEMO = 256  # signatures kept between carry() (before extraction) and add() (after) of the same article


def article_signature(a: Article, memo: OrderedDict | None = None) -> Any:
    """The near-duplicate signature, or None when ``a`` is too short or names its own id (the caller says which
    texts are distinct; only content-addressed articles, as the readers make them, are matched on similarity).

    ``memo``: recent signatures by (id, hash of the text): ingest asks for an article's signature in ``carry`` and
    again in ``add``, and on a long text it costs tens of milliseconds (the id check, a pass over the normalised
    text, is skipped too: the same id and text passed it before). Bounded to ``SIG_MEMO`` entries, oldest dropped."""
    key = (a.id, hash(a.text))  # a str caches its hash: free for the same object, one fast pass for a copy
    if memo is not None and key in memo:
        memo.move_to_end(key)
        return memo[key]
    if a.id != content_id(a.text):
        return None
    sh = dedup.shingles(a.text)
    sig = dedup.signature(a.text, sh) if len(sh) >= dedup.MIN_SHINGLES else None
    if memo is not None:
        memo[key] = sig
        while len(memo) > SIG_MEMO:
            memo.popitem(last=False)
    return sig


def add_carrier(con: sqlite3.Connection, story_id: str, a: Article, relation: str, similarity: float) -> None:
    con.execute(
        "INSERT OR IGNORE INTO carriers (story_id, article_id, outlet, url, published, title, origin, relation,"
        " similarity, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            story_id,
            a.id,
            a.outlet or "",
            a.url or "",
            iso(a.published),
            a.title,
            a.origin,
            relation,
            round(similarity, 4),
            datetime.now(timezone.utc).isoformat(timespec="seconds"),
        ),
    )


def new_story(con: sqlite3.Connection, a: Article, sig: Any) -> None:
    con.execute(
        "INSERT OR IGNORE INTO stories (id, added) VALUES (?, ?)",
        (a.id, datetime.now(timezone.utc).isoformat(timespec="seconds")),
    )
    add_carrier(con, a.id, a, "original", 1.0)
    if sig is not None:
        sign(con, a.id, sig)


def sign(con: sqlite3.Connection, article_id: str, sig: Any) -> None:
    con.execute(
        "INSERT OR REPLACE INTO signatures (article_id, minhash) VALUES (?, ?)", (article_id, dedup.to_blob(sig))
    )
    con.executemany(
        "INSERT OR IGNORE INTO lsh_bands (band, key, article_id) VALUES (?, ?, ?)",
        [(b, k, article_id) for b, k in dedup.band_keys(sig)],
    )


def nearest_story(con: sqlite3.Connection, sig: Any) -> tuple[str, float] | None:
    """(story id, similarity) of the most similar stored article at or above the threshold, else None."""
    keys = dedup.band_keys(sig)
    cands = con.execute(
        "SELECT DISTINCT article_id FROM ("
        + " UNION ALL ".join("SELECT article_id FROM lsh_bands WHERE band = ? AND key = ?" for _ in keys)
        + ")",
        [x for bk in keys for x in bk],
    ).fetchall()
    best: tuple[str, float] | None = None
    for (aid,) in cands:
        row = con.execute("SELECT minhash FROM signatures WHERE article_id = ?", (aid,)).fetchone()
        if row is None:
            continue
        sim = dedup.similarity(sig, dedup.from_blob(row[0]))
        if sim >= dedup.NEAR_THRESHOLD and (best is None or sim > best[1] or sim == best[1] and aid < best[0]):
            best = (aid, sim)
    if best is None:
        return None
    story = con.execute(
        "SELECT story_id FROM carriers WHERE article_id = ? AND relation = 'original'", (best[0],)
    ).fetchone()
    return (story[0] if story else best[0]), best[1]
