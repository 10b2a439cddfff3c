"""What runs on a worker (a local process or a Dask worker): one cached Pipeline per process, batches of articles.

Articles travel as their JSON (``Article.model_dump_json``) both ways, so a worker needs nothing but sitroom
installed; the result of a batch is a list with one entry per article, in order:
``("ok", article_json)`` or ``("error", origin, reason, hint, code)`` (rebuilt as an InputError by
:func:`result_item`), plus the worker's pid and peak RSS.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from typing import Any

from sitroom.errors import InputError, SitroomError
from sitroom.model import Article

_PIPELINE: Any = None
_LOADED_S = 0.0
_WATCHING = False


def pipeline(settings: Any = None) -> Any:
    """This process's Pipeline, loaded on first use (spaCy, gazetteer, lexicon: once per worker, not per task)."""
    global _PIPELINE, _LOADED_S
    if _PIPELINE is None:
        # here, not at the top: the engine imports this module in the writing process, which must not load
        # spaCy (about 1.3 s and its memory) for pipelines that run in the workers
        from sitroom.pipeline import Pipeline

        t0 = time.perf_counter()
        _PIPELINE = Pipeline(settings)
        _LOADED_S = time.perf_counter() - t0
    return _PIPELINE


def warm(settings: Any = None, parent: int | None = None) -> dict[str, Any]:
    """Load the pipeline now (called on every worker when the engine starts); returns this worker's stats.
    ``parent``: the pid of the process running the batch; this worker ends when it does
    (:mod:`sitroom.engine.lifecycle`)."""
    global _WATCHING
    if parent and not _WATCHING:
        from sitroom.engine.lifecycle import quiet_interrupts, watch_parent

        quiet_interrupts()
        watch_parent(parent)
        _WATCHING = True
    pipeline(settings)
    return stats()


def peak_rss_mib() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return kb / (1024 * 1024) if sys.platform == "darwin" else kb / 1024


def stats() -> dict[str, Any]:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "pid": os.getpid(),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "load_s": round(_LOADED_S, 2),
        "cpu_s": round(ru.ru_utime + ru.ru_stime, 2),
    }


def extract_batch(docs: list[str], settings: Any = None) -> dict[str, Any]:
    """Run the pipeline on each article (given as JSON); an error for one article is its entry, not the batch's."""
    pipe = pipeline(settings)
    out: list[tuple] = []
    t0 = time.perf_counter()
    for doc in docs:
        try:
            article = Article.model_validate_json(doc)
        except ValueError as exc:
            out.append(("error", "?", f"cannot read the article sent to the worker: {exc}", None, "bad-input"))
            continue
        try:
            [result] = list(pipe.pipe([article]))
        except Exception as exc:  # noqa: BLE001 - anything one article does must not lose the others
            out.append(
                (
                    "error",
                    article.origin or article.id,
                    f"extraction failed ({type(exc).__name__}: {exc}); please report this input",
                    None,
                    "bad-input",
                )
            )
            continue
        if isinstance(result, SitroomError):
            out.append(
                (
                    "error",
                    getattr(result, "origin", article.origin or article.id),
                    getattr(result, "reason", result.message),
                    result.hint,
                    result.code,
                )
            )
        else:
            out.append(("ok", result.model_dump_json()))
    return {"results": out, "seconds": time.perf_counter() - t0, **stats()}


def result_item(entry: tuple) -> Any:
    """A worker's entry for one article → the Article, or the InputError ``Pipeline.pipe`` would have yielded."""
    if entry[0] == "ok":
        return Article.model_validate_json(entry[1])
    _, origin, reason, hint, code = entry
    err = InputError(origin, reason, hint=hint)
    err.code = code
    return err
