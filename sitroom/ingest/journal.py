"""Ingest's run journal: a run killed at any point (kill -9) and started again resumes where it stopped.

Correctness does not rest on the journal: an article is written whole in one transaction and its id is the hash
of its text, so a rerun skips what is stored and stores what is not (nothing lost, nothing twice). The journal
makes the rerun *resume*: it records, per run, each input file whose every article is accounted for in the
store (stored, or recorded as a copy of a stored story), and a rerun of the same command (same inputs and
options) after a crash skips those files instead of reading, decoding and re-extracting them.

A file counts as finished when the results of a later file start arriving (results come in input order) or
the run ends, and only if every result from it is accounted for (an input error or a failed write keeps it
unfinished, so the rerun tries it again). A file's key is its absolute path, size and modification time, so a
changed file is read again. Reading stdin (``-``) turns the journal off for that run.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitroom.errors import SitroomError, StoreError
from sitroom.ingest.walk import input_files


@dataclass
class _Unit:
    path: str  # what read_paths is given (a file, or an input that will only yield its error)
    key: str | None  # None: never recorded (missing file, empty directory)
    results: int = 0
    ok: bool = True


def _key(path: Path) -> str | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"


def _units(paths: Iterable[str]) -> list[_Unit]:
    out: list[_Unit] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            unreadable: list = []
            files = input_files(path, unreadable)
            if files:  # in read_paths' order: the files, then the folders that could not be listed (never recorded)
                out += [_Unit(str(f), _key(f)) for f in files] + [_Unit(e.origin, None) for e in unreadable]
                continue
        out.append(_Unit(p, _key(path) if path.is_file() else None))
    return out


class Journal:
    """Use: ``j = Journal(store, paths, ...)``; read ``j.paths``; iterate the results through ``j.track``."""

    def __init__(self, store: Any, paths: list[str], **options: Any) -> None:
        paths = [str(p) for p in paths]
        self.store = store
        self.enabled = hasattr(store, "begin_run") and "-" not in paths
        self.units = _units(paths) if self.enabled else []
        self.skipped = 0
        self.resumed = False
        self.run_id: int | None = None
        self._cur = 0
        self._lost = False  # a failure we could not place: record nothing more
        self.warning: str | None = None  # set when a journal write failed (the run went on without the journal)
        self.err = sys.stderr
        if not self.enabled:
            self.paths = paths
            return
        ident = hashlib.sha256(
            json.dumps(
                [[str(Path(p).resolve()) for p in paths], {k: str(v) for k, v in sorted(options.items())}],
                ensure_ascii=False,
            ).encode()
        ).hexdigest()
        self.run_id, done, self.resumed = store.begin_run(ident, paths)
        todo = [u for u in self.units if u.key is None or u.key not in done]
        self.skipped = len(self.units) - len(todo)
        self.units = todo
        self.paths = [u.path for u in todo]

    def _unit_of(self, origin: str | None) -> int | None:
        if not origin:
            return None
        for i in range(self._cur, len(self.units)):
            p = self.units[i].path
            if origin == p or origin.startswith((p + ":", p + "#")):
                return i
        return None

    def _close(self, upto: int) -> None:
        """Record units before ``upto`` as finished (those whose results were all accounted for)."""
        for u in self.units[self._cur : upto]:
            if u.ok and u.key is not None and not self._lost:
                self._record(self.store.input_done, self.run_id, u.key, u.results)
        self._cur = max(self._cur, upto)

    def _record(self, write: Any, *args: Any) -> None:
        """A journal write. The journal only speeds up a rerun: if the store refuses the write (a full disk), the
        run goes on without it (the articles' own writes fail or succeed one by one) and says so once."""
        try:
            write(*args)
        except StoreError as exc:
            self._lost = True
            if self.warning is None:
                self.warning = f"the run journal could not be written ({exc}); a rerun will read every input again"
                if self.err is not None:
                    print(f"sitroom: warning: {self.warning}", file=self.err)

    def _accounted(self, article: Any) -> bool:
        try:
            con = self.store.con
            return bool(
                con.execute(
                    "SELECT 1 FROM articles WHERE id = ?1 UNION ALL"
                    " SELECT 1 FROM carriers WHERE article_id = ?1 LIMIT 1",
                    (article.id,),
                ).fetchone()
            )
        except Exception:  # noqa: BLE001 - a store we cannot ask: do not record
            return False

    def seen(self, result: Any) -> None:
        """After the caller has handled ``result`` (stored it, or reported its error)."""
        if not self.enabled:
            return
        failed = isinstance(result, SitroomError)
        i = self._unit_of(getattr(result, "origin", None))
        if i is None:
            self._lost = self._lost or failed or not self._accounted(result)
            return
        self._close(i)
        u = self.units[i]
        u.results += 1
        if failed or not self._accounted(result):
            u.ok = False

    def finish(self) -> None:
        if not self.enabled:
            return
        self._close(len(self.units))
        self._record(self.store.finish_run, self.run_id)

    def track(self, results: Iterable[Any]) -> Iterator[Any]:
        """Yield each result; once the caller's loop has handled it, record it; at the end, finish the run."""
        for r in results:
            yield r
            self.seen(r)
        self.finish()


def describe(j: Journal) -> str:
    return f"resumed an interrupted run: {j.skipped} input files already done" if j.resumed else ""


__all__ = ["Journal", "describe"]
