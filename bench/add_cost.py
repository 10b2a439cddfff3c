"""What ingest costs per article beyond extraction, on an empty store and on one holding 100k events.

    python bench/add_cost.py [--events 100000] [--per-article 10] [--rounds 3] [--cache DIR] [--shared DIR]

1. Builds once (then reuses, under ``--cache``; default ``$XDG_CACHE_HOME/sitroom-bench``, never the repo) a
   SQLite store of ``--events`` synthetic events through ``Store.add`` (``bench/api_latency.py``'s generator,
   ``--per-article`` events an article, so 100k events are 10k articles with their near-duplicate signatures).
2. Reads the real texts (the seed article and the corpus under ``$SITROOM_SHARED``) with the ingest readers and
   extracts each once, up front and untimed (cached as JSONL next to the store; ``--fresh`` re-extracts).
3. For each round: a fresh copy of the big store and a fresh empty store; each real article goes through what
   ``sitroom.engine.run.ingest_paths`` does with it besides extracting it — ``Store.carry`` (exact and near-duplicate
   check, before extraction), ``Store.add`` (the duplicate checks again under the write lock, the article, its fact
   rows, story, signature and LSH bands in one transaction) and the run journal (``Journal.seen``: is it accounted
   for; a finished input file recorded). Ingest updates no situation or ledger state: those are computed at
   query time (``bench/situation.py``). Each article is timed alone (wall clock; ``cpu`` is this thread's CPU
   time, which a loaded machine inflates less); median and p95 per store, and their ratios.

Issue 5's target: median under 50 ms on the 100k-event store.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def cache_dir(arg: str | None) -> Path:
    base = Path(arg) if arg else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sitroom-bench"
    base.mkdir(parents=True, exist_ok=True)
    return base


def base_store(cache: Path, events: int, per_article: int) -> Path:
    """The cached synthetic store (built through ``Store.add`` by ``api_latency.build`` when missing)."""
    from api_latency import build

    from sitroom.store import open_store

    path = cache / f"events-{events}-per-{per_article}.sqlite"
    if not path.exists():
        part = path.with_suffix(".building")
        for p in (part, Path(f"{part}-wal"), Path(f"{part}-shm")):
            p.unlink(missing_ok=True)
        build(str(part), events, per_article)
        with open_store(str(part)) as s:  # fold the WAL in, so a plain file copy is the whole store
            s.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            s.con.execute("PRAGMA journal_mode = DELETE")
        part.rename(path)
    return path


def real_inputs(shared: Path) -> list[str]:
    seed = shared / "seed"
    corpus = shared / "corpus"
    paths = sorted(str(p) for p in seed.glob("*.txt")) + [str(corpus)]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise SystemExit(f"add_cost: {missing[0]}: not found; set SITROOM_SHARED or --shared to the shared data folder")
    return paths


def extracted(cache: Path, paths: list[str], fresh: bool) -> list:
    """The real articles, extracted (once; cached as JSONL keyed by the inputs' content ids)."""
    from sitroom.ingest import read_paths
    from sitroom.model import Article
    from sitroom.pipeline import Pipeline

    raw = [a for a in read_paths(paths) if isinstance(a, Article)]
    out_path = cache / "extracted-real.jsonl"
    if out_path.exists() and not fresh:
        got = [Article.model_validate_json(line) for line in out_path.read_text().splitlines() if line.strip()]
        if [a.id for a in got] == [a.id for a in raw]:
            return got
    pipe = Pipeline()
    t0 = time.perf_counter()
    got = []
    for i, a in enumerate(raw):
        with pipe.nlp.memory_zone():
            got.append(pipe.run(a))
        print(f"  extracted {i + 1}/{len(raw)} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    out_path.write_text("".join(a.model_dump_json() + "\n" for a in got))
    return got


def post_extraction(db: str, articles: list, paths: list[str]) -> dict[str, list[float]]:
    """Run ``articles`` through ingest's per-article work after extraction; ms per article and per part."""
    from sitroom.ingest.journal import Journal
    from sitroom.store import open_store

    out: dict[str, list[float]] = {"total": [], "carry": [], "add": [], "journal": [], "cpu": []}
    with open_store(db) as store:
        journal = Journal(store, paths)
        for a in articles:
            c0 = time.thread_time()
            t0 = time.perf_counter()
            dup = store.carry(a)
            t1 = time.perf_counter()
            if not dup:
                store.add(a)
            t2 = time.perf_counter()
            journal.seen(a)
            t3 = time.perf_counter()
            out["cpu"].append((time.thread_time() - c0) * 1000)
            for k, v in (("total", t3 - t0), ("carry", t1 - t0), ("add", t2 - t1), ("journal", t3 - t2)):
                out[k].append(v * 1000)
        journal.finish()
        counts = store.count()
    out["_events"] = [counts["events"]]
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--per-article", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument(
        "--cache", help="where the built store and extracted articles are kept (default: ~/.cache/sitroom-bench)"
    )
    ap.add_argument("--shared", default=os.environ.get("SITROOM_SHARED", "../shared"))
    ap.add_argument("--fresh", action="store_true", help="extract the real articles again")
    ap.add_argument("--profile", help="write a cProfile of the big-store rounds to this file")
    args = ap.parse_args()
    cache = cache_dir(args.cache)
    t0 = time.perf_counter()
    base = base_store(cache, args.events, args.per_article)
    print(
        f"base store: {base.name} ({base.stat().st_size / 1e6:.0f} MB, ready in {time.perf_counter() - t0:.0f} s)",
        file=sys.stderr,
    )
    paths = real_inputs(Path(args.shared))
    arts = extracted(cache, paths, args.fresh)
    n_facts = sum(len(a.events) + len(a.control) + len(a.claims) + len(a.forecasts) + len(a.quotes) for a in arts)
    print(f"{len(arts)} real articles, {sum(len(a.text) for a in arts):,} characters, {n_facts} facts", file=sys.stderr)
    res: dict[str, dict[str, list[float]]] = {"empty": {}, "big": {}}
    prof = None
    if args.profile:
        import cProfile

        prof = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for which in ("empty", "big"):
                db = Path(tmp) / f"{which}-{r}.sqlite"
                if which == "big":
                    shutil.copyfile(base, db)
                    with open(db, "rb") as f:  # read it once, so the first article does not pay for a cold cache
                        while f.read(1 << 24):
                            pass
                if prof and which == "big":
                    prof.enable()
                got = post_extraction(str(db), arts, paths)
                if prof and which == "big":
                    prof.disable()
                for k, v in got.items():
                    res[which].setdefault(k, []).extend(v)
                for p in db.parent.glob(db.name + "*"):
                    p.unlink()
    if prof:
        prof.dump_stats(args.profile)
    big_events = int(min(res["big"]["_events"]))
    empty_events = int(min(res["empty"]["_events"]))
    print(
        f"{len(arts)} real articles (extracted up front, untimed) x {args.rounds} rounds; stores after a round: "
        f"empty → {empty_events:,} events, big → {big_events:,} events\n"
    )
    print("| store | part | median ms | p95 ms | max ms |")
    print("|---|---|---:|---:|---:|")
    for which, label in (("empty", "empty"), ("big", f"{args.events:,} events")):
        for part in ("total", "carry", "add", "journal", "cpu"):
            xs = res[which][part]
            print(f"| {label} | {part} | {statistics.median(xs):.1f} | {pct(xs, 95):.1f} | {max(xs):.1f} |")
    m_big, m_empty = statistics.median(res["big"]["total"]), statistics.median(res["empty"]["total"])
    p_big, p_empty = pct(res["big"]["total"], 95), pct(res["empty"]["total"], 95)
    c_big, c_empty = statistics.median(res["big"]["cpu"]), statistics.median(res["empty"]["cpu"])
    print(
        f"\nratio big/empty: median {m_big / m_empty:.2f}, p95 {p_big / p_empty:.2f}, median CPU {c_big / c_empty:.2f}"
    )
    print(
        f"median per article on the {args.events:,}-event store: {m_big:.1f} ms (target < 50 ms: "
        f"{'met' if m_big < 50 else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
