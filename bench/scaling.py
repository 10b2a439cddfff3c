"""Parallel ingest: throughput with 1 and 2 workers, peak memory per worker, store writes SQLite vs PostgreSQL.

    python bench/scaling.py [--shared ../shared] [--limit N] [--batch-size 4] [--pg postgresql://...]

Inputs: the VOA reports and the White House texts (``--limit`` keeps the first N articles; they are written
to a temporary JSONL outside the repository and deleted afterwards). Each configuration runs in its own
subprocess on a fresh SQLite store:

* ``inprocess``  — the default engine: extraction in the writing process;
* ``local-1``, ``local-2`` — ``--workers N`` local processes;
* ``dask-1``, ``dask-2``   — ``--engine dask``: a LocalCluster of N single-threaded workers.

Startup (starting workers, loading spaCy and the gazetteer in each) is timed apart from the run; throughput is
articles (and characters) per second of the run after startup. ``worker_busy_s`` is each worker's time inside
its batches and ``worker_cpu_s`` the CPU time it got meanwhile (busy time well above CPU time: the worker was
waiting for a CPU); ``loadavg_1m`` the machine's load before and after (other processes on a shared machine take CPU
from the workers: read the ratio with it). The scaling ratio is 2-worker throughput over
1-worker throughput of the same engine. Peak memory: each worker's peak RSS (``ru_maxrss``).

Store writes: the extracted articles of one run are added again, one transaction each, to a fresh SQLite
file and to a fresh PostgreSQL schema (``--pg`` or ``SITROOM_TEST_PG``), timed alone (no extraction).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = {
    "inprocess": ("local", 1),
    "local-1": ("local", 1),
    "local-2": ("local", 2),
    "dask-1": ("dask", 1),
    "dask-2": ("dask", 2),
}


def _articles(shared: Path, limit: int):
    from sitroom.ingest import read_paths
    from sitroom.model import Article

    base = shared / "corpus" / "afghanistan-2021"
    out = [a for a in read_paths([str(base / "voa"), str(base / "whitehouse")]) if isinstance(a, Article)]
    return out[:limit] if limit else out


def _child(config: str, inputs: str, db: str, batch_size: int, dump: str | None) -> dict:
    from sitroom.ingest import read_paths
    from sitroom.model import Article
    from sitroom.store import open_store

    engine, workers = CONFIGS[config]
    t0 = time.perf_counter()
    if config == "inprocess":
        from sitroom.pipeline import Pipeline

        pipe = Pipeline()
        extract, ex, stack = pipe.pipe, None, None
    else:
        from contextlib import ExitStack

        from sitroom.engine import Extractor, _DaskRunner, _LocalRunner

        stack = ExitStack()
        runner = _DaskRunner(workers, None, None) if engine == "dask" else _LocalRunner(workers, None)
        stack.callback(runner.close)
        ex = Extractor(runner, batch_size, window=max(4 * workers, 8))
        for out in runner.warm():
            ex.stats.record(runner.where(), {**out, "results": ()})
        extract = ex
    startup = time.perf_counter() - t0
    cpu_start = {k: w.cpu_s for k, w in ex.stats.workers.items()} if ex is not None else {}
    arts = [a for a in read_paths([inputs]) if isinstance(a, Article)]
    chars = sum(len(a.text) for a in arts)
    done = []
    load0 = os.getloadavg()[0]
    cpu0 = os.times()
    t1 = time.perf_counter()
    with open_store(db) as store:
        for r in extract(iter(arts)):
            if isinstance(r, Article):
                store.add(r)
                done.append(r)
    run = time.perf_counter() - t1
    load1 = os.getloadavg()[0]
    cpu1 = os.times()
    if stack is not None:
        stack.close()
    if dump:
        with open(dump, "w", encoding="utf-8") as f:
            for a in done:
                f.write(a.model_dump_json() + "\n")
    workers_mem = (
        [w.peak_rss_mib for w in ex.stats.workers.values()]
        if ex is not None
        else [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]
    )
    return {
        "config": config,
        "articles": len(arts),
        "chars": chars,
        "startup_s": round(startup, 1),
        "run_s": round(run, 1),
        "articles_per_s": round(len(arts) / run, 3),
        "chars_per_s": round(chars / run),
        "worker_peak_rss_mib": [round(m) for m in workers_mem],
        "worker_busy_s": (
            [round(w.seconds, 1) for w in ex.stats.workers.values()] if ex is not None else [round(run, 1)]
        ),
        "worker_cpu_s": (
            [round(w.cpu_s - cpu_start.get(k, 0.0), 1) for k, w in ex.stats.workers.items()] if ex is not None else None
        ),
        "writer_cpu_s": round((cpu1.user + cpu1.system) - (cpu0.user + cpu0.system), 1),
        "loadavg_1m": [round(load0, 2), round(load1, 2)],
        "worker_deaths": ex.stats.worker_deaths if ex is not None else 0,
    }


def _writes(dump: str, sqlite_db: str, pg: str | None) -> list[dict]:
    from sitroom.model import Article
    from sitroom.store import open_store

    with open(dump, encoding="utf-8") as f:
        arts = [Article.model_validate_json(line) for line in f if line.strip()]
    rows = sum(
        len(a.events)
        + len(a.places)
        + len(a.actors)
        + len(a.control)
        + len(a.claims)
        + len(a.forecasts)
        + len(a.quotes)
        + 1
        for a in arts
    )
    targets = [("sqlite", sqlite_db, None)]
    schema = None
    if pg:
        import uuid

        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(pg, autocommit=True) as c:
            c.execute(f'CREATE SCHEMA "{schema}"')
        sep = "&" if "?" in pg else "?"
        targets.append(("postgresql", f"{pg}{sep}options=-csearch_path%3D{schema}", None))
    out = []
    try:
        for name, url, _ in targets:
            with open_store(url) as s:
                t0 = time.perf_counter()
                for a in arts:
                    s.add(a)
                dt = time.perf_counter() - t0
                out.append(
                    {
                        "store": name,
                        "articles": len(arts),
                        "rows": rows,
                        "seconds": round(dt, 2),
                        "articles_per_s": round(len(arts) / dt, 1),
                        "rows_per_s": round(rows / dt),
                    }
                )
    finally:
        if schema:
            import psycopg

            with psycopg.connect(pg, autocommit=True) as c:
                c.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.environ.get("SITROOM_SHARED", str(ROOT.parent / "shared")))
    ap.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    ap.add_argument("--batch-size", type=int, default=4)
    ap.add_argument("--configs", default="inprocess,local-2,dask-1,dask-2")
    ap.add_argument("--pg", default=os.environ.get("SITROOM_TEST_PG"), help="PostgreSQL URL for the store-write test")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--inputs", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--dump", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.inputs, args.db, args.batch_size, args.dump)))
        return 0
    shared = Path(args.shared)
    if not shared.is_absolute():
        shared = (ROOT / shared).resolve()
    with tempfile.TemporaryDirectory(prefix="sitroom-bench-") as tmp:
        inputs = str(Path(tmp) / "inputs.jsonl")
        arts = _articles(shared, args.limit)
        with open(inputs, "w", encoding="utf-8") as f:
            for a in arts:
                f.write(
                    json.dumps(
                        {
                            "text": a.text,
                            "title": a.title,
                            "url": a.url,
                            "outlet": a.outlet,
                            "published": a.published.isoformat() if a.published else None,
                        }
                    )
                    + "\n"
                )
        results = {}
        dump = str(Path(tmp) / "extracted.jsonl")
        for cfg in args.configs.split(","):
            cmd = [
                sys.executable,
                __file__,
                "--child",
                cfg,
                "--inputs",
                inputs,
                "--db",
                str(Path(tmp) / f"{cfg}.sqlite"),
                "--batch-size",
                str(args.batch_size),
            ] + (["--dump", dump] if not Path(dump).exists() else [])
            out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            results[cfg] = r
            print(json.dumps(r), flush=True)
        for two, one in (("local-2", "local-1" if "local-1" in results else "inprocess"), ("dask-2", "dask-1")):
            if two in results and one in results:
                ratio = results[two]["articles_per_s"] / results[one]["articles_per_s"]
                print(
                    f"scaling {two} / {one}: {ratio:.2f}x (chars/s {results[two]['chars_per_s']} vs "
                    f"{results[one]['chars_per_s']})"
                )
        for w in _writes(dump, str(Path(tmp) / "writes.sqlite"), args.pg):
            print(json.dumps(w))
    return 0


if __name__ == "__main__":
    sys.exit(main())
