"""Batch engines: extract articles in parallel, write them from one process.

``ingest_paths(..., engine="local", workers=1)`` (the default) extracts in the calling process. With
``workers=N`` it starts N local processes; with ``engine="dask"`` it uses a Dask cluster: a LocalCluster of N
single-threaded workers, or the scheduler at ``scheduler="tcp://host:8786"`` (workers there need sitroom
installed). In every mode:

- articles go to workers in batches (``batch_size`` articles, ending early at ``BATCH_CHARS`` characters); each
  worker loads its pipeline once (spaCy, gazetteer, lexicon: :mod:`sitroom.engine.worker`) and sends back Article JSON;
- results come back **in input order** (a bounded window of batches is in flight) and the single writer in the
  calling process stores them one transaction per article, so the store ends up exactly as a single-process run
  leaves it (which copy of a near-duplicate is the original depends on order);
- a batch whose worker dies is run again (Dask reschedules it; the local pool is rebuilt); if the same batch
  keeps killing workers its articles are retried one by one and those that still do are reported as failed
  (``worker-died``). Writes are idempotent (an article id already stored is not stored again), so a retried
  batch never stores anything twice.

No NLP logic lives here. :func:`add_engine_options` adds ``--engine/--workers/--scheduler/--batch-size`` to a
parser and :func:`engine_kwargs` turns the parsed arguments into ``ingest_paths`` keyword arguments.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing as mp
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.engine import lifecycle, worker
from sitroom.errors import ConfigError, SitroomError
from sitroom.ingest.walk import input_files
from sitroom.model import Article

ENGINES = ("local", "dask")
DEFAULT_BATCH = 4
BATCH_CHARS = 40_000  # a batch also ends at about this many characters: long articles go alone, so the last batches
# of a run are short and no worker waits long for the other to finish (bench/scaling.py: the tail of a run)
MAX_TRIES = 3  # a batch whose worker died is sent again this many times before its articles go one by one

__all__ = [
    "ENGINES",
    "Extractor",
    "add_engine_options",
    "engine_kwargs",
    "open_extractor",
    "progress",
    "count_inputs",
    "is_parallel",
]


def is_parallel(engine: str = "local", workers: int = 1, scheduler: str | None = None) -> bool:
    """Whether these options ask for anything but the default single-process run."""
    return engine != "local" or (workers or 1) > 1 or scheduler is not None


def check_options(engine: str, workers: int, scheduler: str | None, batch_size: int) -> None:
    if engine not in ENGINES:
        raise ConfigError(f"--engine: unknown engine {engine!r}", hint=f"choose one of {', '.join(ENGINES)}")
    if workers is None or workers < 1:
        raise ConfigError(f"--workers: expected a positive number, got {workers!r}")
    if batch_size < 1:
        raise ConfigError(f"--batch-size: expected a positive number, got {batch_size!r}")
    if scheduler is not None and engine != "dask":
        raise ConfigError("--scheduler needs --engine dask", hint="add --engine dask")


# --------------------------------------------------------------------------- CLI glue


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """``--engine``, ``--workers``, ``--scheduler``, ``--batch-size`` (for ``sitroom ingest``)."""
    from sitroom.config import env_number

    g = parser.add_argument_group("parallel extraction")
    g.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local: this machine's processes (default); dask: a Dask cluster",
    )
    g.add_argument(
        "--workers",
        type=int,
        default=env_number("SITROOM_WORKERS", 1),
        metavar="N",
        help="worker processes (local), or LocalCluster workers (dask without --scheduler); default 1: "
        "extract in this process",
    )
    g.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (workers need sitroom installed); "
        "without it --engine dask starts a LocalCluster",
    )
    g.add_argument(
        "--batch-size",
        type=int,
        default=DEFAULT_BATCH,
        metavar="N",
        help=f"articles per task sent to a worker (default {DEFAULT_BATCH})",
    )


def engine_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """The ``ingest_paths`` keyword arguments for parsed ``add_engine_options`` arguments."""
    return {
        "engine": args.engine,
        "workers": args.workers,
        "scheduler": args.scheduler,
        "batch_size": args.batch_size,
        "progress": not getattr(args, "quiet", False) and sys.stderr.isatty(),
    }  # no bar in logs and pipes


# --------------------------------------------------------------------------- runners


@dataclass
class WorkerStats:
    pid: int
    peak_rss_mib: float = 0.0
    load_s: float = 0.0
    articles: int = 0
    seconds: float = 0.0
    cpu_s: float = 0.0  # the process's CPU time so far (user + system), as last reported


@dataclass
class EngineStats:
    workers: dict[str, WorkerStats] = field(default_factory=dict)
    batches: int = 0
    retried_batches: int = 0
    worker_deaths: int = 0

    def record(self, where: str, out: dict[str, Any]) -> None:
        key = f"{where}/{out['pid']}"
        w = self.workers.setdefault(key, WorkerStats(pid=out["pid"]))
        w.peak_rss_mib = max(w.peak_rss_mib, out.get("peak_rss_mib", 0.0))
        w.load_s = max(w.load_s, out.get("load_s", 0.0))
        w.articles += len(out.get("results", ()))
        w.seconds += out.get("seconds", 0.0)
        w.cpu_s = max(w.cpu_s, out.get("cpu_s", 0.0))


class _WorkerDied(Exception):
    pass


class _LocalRunner:
    """N processes of this machine (a ProcessPoolExecutor); rebuilt when a process dies."""

    def __init__(self, workers: int, settings: Any) -> None:
        from sitroom.engine import lifecycle

        self.workers = workers
        self.settings = settings
        self.pool = self._pool()
        lifecycle.register(id(self), self.kill)  # a stop signal kills the workers; the drain then raises Stopped

    def _pool(self):
        # forkserver: workers start clean (no threads or open store inherited from this process)
        ctx = mp.get_context("forkserver" if sys.platform.startswith("linux") else "spawn")
        # each worker ends when this process does, even on SIGKILL (sitroom.engine.lifecycle)
        return ProcessPoolExecutor(
            self.workers, mp_context=ctx, initializer=worker.warm, initargs=(self.settings, os.getpid())
        )

    def warm(self) -> list[dict[str, Any]]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return [f.result() for f in [self.pool.submit(worker.stats) for _ in range(self.workers)]]
        except BrokenProcessPool as exc:
            lifecycle.check()  # killed by a stop signal while loading
            raise ConfigError(
                f"the worker processes died while loading the pipeline ({exc})",
                hint="check memory (each worker loads its own pipeline), or run with --workers 1",
            ) from None

    def submit(self, docs: list[str]):
        return self.pool.submit(worker.extract_batch, docs, self.settings)

    def result(self, fut) -> dict[str, Any]:
        try:
            return fut.result()
        except BrokenProcessPool as exc:
            raise _WorkerDied(str(exc)) from None

    def recover(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._pool()

    def where(self) -> str:
        return "local"

    def kill(self) -> None:
        """Terminate the workers, whatever they are doing (safe in a signal handler: no lock is taken)."""
        for p in list((getattr(self.pool, "_processes", None) or {}).values()):
            try:
                os.kill(p.pid, signal.SIGKILL)
            except (OSError, TypeError, AttributeError):
                pass

    def abort(self) -> None:
        """Stop now (a signal or an error): end the workers, whatever they are doing."""
        self.kill()
        self.pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        from sitroom.engine import lifecycle

        lifecycle.unregister(id(self))
        self.pool.shutdown(wait=True, cancel_futures=True)


class _DaskRunner:
    """A Dask cluster: a LocalCluster of single-threaded workers, or a running scheduler."""

    def __init__(self, workers: int, scheduler: str | None, settings: Any) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ConfigError("--engine dask needs Dask", hint="pip install 'sitroom[dask]'") from None
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise ConfigError(
                    f"--scheduler {scheduler}: cannot reach the Dask scheduler: {exc}",
                    hint="check the address (tcp://host:8786) and that the scheduler is running",
                ) from None
            self.settings = None  # remote workers use their own settings (environment, defaults)
        else:
            import dask

            # the workers' statistical profiler walks every thread's stack each 10 ms: a third more CPU on this
            # pure-Python workload (bench/scaling.py); nothing here reads its profiles
            with dask.config.set({"distributed.worker.profile.enabled": False}):
                self.cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            self.client = Client(self.cluster)
            self.settings = settings

    def warm(self) -> list[dict[str, Any]]:
        """Load the pipeline on every worker at once (a task pinned to each), before the first batch."""
        addrs = list(self.client.scheduler_info(n_workers=-1)["workers"])
        parent = os.getpid() if self.cluster is not None else None  # a LocalCluster's workers end with this process
        futs = [
            self.client.submit(worker.warm, self.settings, parent, workers=[a], allow_other_workers=False, pure=False)
            for a in addrs
        ]
        return self.client.gather(futs)

    def submit(self, docs: list[str]):
        return self.client.submit(worker.extract_batch, docs, self.settings, pure=False)

    def result(self, fut) -> dict[str, Any]:
        from distributed import KilledWorker

        try:
            return fut.result()
        except KilledWorker as exc:  # Dask already re-ran it on other workers; they died too
            raise _WorkerDied(str(exc)) from None

    def recover(self) -> None:
        pass  # Dask replaces and reschedules on its own

    def where(self) -> str:
        return self.client.scheduler.address if self.client.scheduler else "dask"

    def abort(self) -> None:
        pass  # close() cancels what is queued and stops a LocalCluster's workers; a remote cluster stays up

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


class Extractor:
    """``extractor(items)`` does what ``Pipeline.pipe(items)`` does, on workers: same results, same order."""

    def __init__(self, runner: Any, batch_size: int, window: int) -> None:
        self.runner = runner
        self.batch_size = batch_size
        self.window = window
        self.stats = EngineStats()

    def __call__(self, items: Iterable[Any]) -> Iterator[Any]:
        pending: deque[list[Any]] = deque()  # [slots, docs, future, tries] per batch, in input order
        slots: list[Any] = []
        docs: list[str] = []
        chars = 0
        for item in items:
            lifecycle.check()
            if isinstance(item, Article):
                slots.append(None)
                docs.append(item.model_dump_json())
                chars += len(docs[-1])
            else:
                slots.append(item)
            if len(docs) >= self.batch_size or chars >= BATCH_CHARS:
                pending.append([slots, docs, self.runner.submit(docs), 0])
                slots, docs, chars = [], [], 0
                while len(pending) >= self.window:
                    yield from self._drain(pending)
        if slots:
            pending.append([slots, docs, self.runner.submit(docs) if docs else None, 0])
        while pending:
            yield from self._drain(pending)

    def _drain(self, pending: deque) -> Iterator[Any]:
        slots, docs, fut, tries = pending[0]
        entries: list[tuple] = []
        if fut is not None:
            try:
                out = self.runner.result(fut)
                self.stats.record(self.runner.where(), out)
                entries = out["results"]
            except _WorkerDied:
                lifecycle.check()  # the workers were killed by a stop signal: stop here, do not retry
                self.stats.worker_deaths += 1
                self.runner.recover()
                if isinstance(self.runner, _LocalRunner):  # the whole pool went: send every pending batch again
                    for p in list(pending)[1:]:
                        if p[2] is not None:
                            p[2] = self.runner.submit(p[1])
                if tries + 1 < MAX_TRIES:
                    pending[0][2], pending[0][3] = self.runner.submit(docs), tries + 1
                    self.stats.retried_batches += 1
                    return
                entries = self._one_by_one(docs)
        self.stats.batches += 1
        pending.popleft()
        it = iter(entries)
        for s in slots:
            yield s if s is not None else worker.result_item(next(it))

    def _one_by_one(self, docs: list[str]) -> list[tuple]:
        """A batch that keeps killing workers: each article alone, so only the one at fault fails."""
        out = []
        for d in docs:
            for _attempt in range(2):
                try:
                    res = self.runner.result(self.runner.submit([d]))
                    self.stats.record(self.runner.where(), res)
                    out.append(res["results"][0])
                    break
                except _WorkerDied:
                    lifecycle.check()
                    self.stats.worker_deaths += 1
                    self.runner.recover()
            else:
                a = Article.model_validate_json(d)
                out.append(
                    (
                        "error",
                        a.origin or a.id,
                        "a worker died on this article every time it was tried",
                        None,
                        "worker-died",
                    )
                )
        return out


@contextmanager
def open_extractor(
    *,
    engine: str = "local",
    workers: int = 1,
    scheduler: str | None = None,
    settings: Any = None,
    batch_size: int = DEFAULT_BATCH,
) -> Iterator[Extractor]:
    """Start the workers (and load their pipelines); stop them on exit."""
    check_options(engine, workers, scheduler, batch_size)
    runner = _DaskRunner(workers, scheduler, settings) if engine == "dask" else _LocalRunner(workers, settings)
    try:
        ex = Extractor(runner, batch_size, window=max(4 * workers, 8))
        for out in runner.warm():
            ex.stats.record(runner.where(), {**out, "results": ()})
        yield ex
    except BaseException:  # stopped (SIGTERM, Ctrl-C) or failed: do not wait for the batches in flight
        runner.abort()
        raise
    finally:
        runner.close()


# --------------------------------------------------------------------------- progress


def count_inputs(paths: Iterable[str]) -> int | None:
    """About how many articles ``paths`` hold (a file is one, a JSONL file, gzipped or not, one per non-blank line);
    None for stdin. Only for the progress bar's ETA."""
    n = 0
    for p in paths:
        if str(p) == "-":
            return None
        path = Path(p)
        files = input_files(path) if path.is_dir() else [path] if path.exists() else []
        for f in files:
            name = f.name.lower()
            if name.endswith((".jsonl", ".jsonl.gz")):
                from sitroom.ingest.compressed import open_gzip
                from sitroom.ingest.filekind import open_regular

                try:  # as the readers open it: a FIFO is refused, a gzip bomb stops at the decompression limits
                    with open_regular(f, str(f)) as raw:
                        fh = (
                            open_gzip(str(f), raw, compressed_size=os.fstat(raw.fileno()).st_size)
                            if name.endswith(".gz")
                            else raw
                        )
                        n += sum(1 for line in fh if line.strip())
                except (OSError, EOFError, SitroomError):
                    n += 1
            else:
                n += 1
    return n


def progress(results: Iterable[Any], summary: Any, *, total: int | None, err: Any = None) -> Iterator[Any]:
    """Pass ``results`` through, showing a progress bar (done, rate, ETA) on ``err``; done = articles stored, found
    duplicate or failed so far (read from ``summary`` as the caller updates it)."""
    from tqdm import tqdm

    err = err or sys.stderr
    done = lambda: summary.stored + summary.duplicates + summary.failed  # noqa: E731
    with tqdm(
        total=total, unit="art", file=err, dynamic_ncols=True, mininterval=0.5, smoothing=0.05, desc="ingest"
    ) as bar:
        for r in results:
            bar.update(done() - bar.n)
            yield r
        bar.update(done() - bar.n)


def on_terminal(items: Iterable[Any], *, desc: str, total: int | None = None, err: Any = None) -> Iterator[Any]:
    """``items`` as they are, with a progress bar on ``err`` (stderr) when it is a terminal; nothing when piped
    or logged (evals and other long loops)."""
    err = err or sys.stderr
    if not getattr(err, "isatty", lambda: False)():
        yield from items
        return
    from tqdm import tqdm

    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    yield from tqdm(
        items, total=total, desc=desc, unit="doc", file=err, dynamic_ncols=True, mininterval=0.5, leave=False
    )
