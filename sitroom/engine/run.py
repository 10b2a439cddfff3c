"""One ingest run: read inputs, skip stored copies, extract (here or on an engine), store; the run's summary.

:func:`ingest_paths` is what ``sitroom ingest`` and the demo run; it reads with :mod:`sitroom.ingest`, extracts with
the :class:`~sitroom.pipeline.Pipeline` (in this process) or an :class:`~sitroom.engine.Extractor` (local processes,
Dask), resumes a killed run from its journal (:mod:`sitroom.ingest.journal`) and writes every result from this
process, one transaction per article.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field

from sitroom.config import Settings
from sitroom.engine import count_inputs, is_parallel, open_extractor
from sitroom.engine import progress as progress_bar
from sitroom.errors import InputError, SitroomError, StoreError
from sitroom.ingest import read_paths
from sitroom.ingest.journal import Journal
from sitroom.ingest.language import not_english
from sitroom.model import Article
from sitroom.pipeline import Pipeline, default_pipeline
from sitroom.store import open_store

__all__ = ["IngestSummary", "ingest_paths"]


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    failures: Counter = field(default_factory=Counter)
    events: int = 0
    seconds: float = 0.0
    resumed: int = 0  # input files a killed run had finished, skipped on its rerun (sitroom.ingest.journal)

    def line(self) -> str:
        why = ", ".join(f"{k}: {v}" for k, v in sorted(self.failures.items()))
        resumed = f" (resumed an interrupted run: {self.resumed} input files were done)" if self.resumed else ""
        return (
            f"ingest: {self.read} articles read, {self.stored} stored, {self.duplicates} already stored, "
            f"{self.failed} failed{f' ({why})' if why else ''}, {self.events} events, {self.seconds:.1f}s{resumed}"
        )


def _date_note(art: Article, err) -> None:
    """A line on ``err`` for an article whose publication date is missing or was guessed: relative dates in it
    ("on Friday", "last week") are placed from that date."""
    where = art.origin or art.id
    if art.published is None:
        print(
            f"sitroom: warning: {where}: no publication date (no date line, no --published, none in the file "
            f"name or dateline): its relative dates cannot be placed; give --published YYYY-MM-DD",
            file=err,
        )
    elif art.published_from:
        print(f"sitroom: note: {where}: publication date {art.published} read from {art.published_from}", file=err)
    why = not_english(art.text)
    if why is not None:
        print(f"sitroom: warning: {where}: not English text ({why}): sitroom reads English news only", file=err)


def ingest_paths(
    paths: list[str],
    *,
    db: str,
    published=None,
    outlet=None,
    url=None,
    quiet: bool = False,
    pipeline: Pipeline | None = None,
    err=None,
    engine: str = "local",
    workers: int = 1,
    scheduler: str | None = None,
    batch_size: int = 4,
    progress: bool = False,
    allow_private: bool = False,
) -> IngestSummary:
    """Read, extract and store; errors name their input and the batch goes on.

    ``engine``/``workers``/``scheduler``: extract on local processes or a Dask cluster (:mod:`sitroom.engine`);
    results are stored here, in input order, so the store ends up as a single-process run leaves it.
    ``progress``: a progress bar on ``err`` (unless ``quiet``). ``allow_private``: URL inputs may be fetched from
    loopback/private/link-local addresses (:mod:`sitroom.ingest.fetch`). ``err`` defaults to the stderr of the call
    (not the one of the import: a redirect or a test's capture)."""
    err = err if err is not None else sys.stderr
    t0 = time.perf_counter()
    summary = IngestSummary()
    extract: Callable[[Iterable[Article | InputError]], Iterator[Article | SitroomError]]
    with open_store(db) as store, ExitStack() as stack:
        if is_parallel(engine, workers, scheduler):
            settings = pipeline.settings if pipeline is not None else Settings()
            extract = stack.enter_context(
                open_extractor(
                    engine=engine, workers=workers, scheduler=scheduler, settings=settings, batch_size=batch_size
                )
            )
        else:
            pipe = pipeline or default_pipeline()
            settings, extract = pipe.settings, pipe.pipe

        journal = Journal(store, paths, published=published, outlet=outlet, url=url)  # resume a killed run
        paths, summary.resumed = journal.paths, journal.skipped

        def fresh() -> Iterator[Article | InputError]:
            for item in read_paths(
                paths, published=published, outlet=outlet, url=url, settings=settings, allow_private=allow_private
            ):
                if isinstance(item, Article):
                    summary.read += 1
                    if not quiet:
                        _date_note(item, err)
                    # an exact or near copy of a stored story: recorded as a carrier, not extracted again
                    if store.carry(item):
                        summary.duplicates += 1
                        continue
                yield item

        results = extract(fresh())
        if progress and not quiet:
            results = progress_bar(results, summary, total=count_inputs(paths), err=err)
        for result in journal.track(results):
            if isinstance(result, SitroomError):
                summary.failed += 1
                summary.failures[getattr(result, "code", "error")] += 1
                print(f"sitroom: error: {result}", file=err)
                continue
            try:
                added = store.add(result)
            except StoreError as exc:  # this article is not stored (the transaction rolled back); the rest go on
                summary.failed += 1
                summary.failures[exc.code] += 1
                print(f"sitroom: error: {result.origin or result.id}: {exc}", file=err)
                continue
            if added:
                summary.stored += 1
                summary.events += len(result.events)
            else:
                summary.duplicates += 1
    summary.seconds = time.perf_counter() - t0
    return summary
