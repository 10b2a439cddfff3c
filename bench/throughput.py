"""Throughput and peak memory of the whole pipeline vs spaCy's bare parse, in one run.

    python bench/throughput.py [--shared ../shared] [--repeat 1] [--limit N] [--rounds K]

Two measurements over the same texts (the seed, the VOA reports, the White House texts; ``--limit N`` keeps the
first N):

**Paired rounds, one process** (the ratio to quote; ``--rounds K``, default 5, 0 skips them). One process loads two
pipelines, each its own copy of the spaCy package: spaCy's bare ``nlp.pipe`` and ``Pipeline.run``. A round takes
every text through both, one right after the other (which goes first alternates from text to text and round to
round), measuring each call's process CPU time (``time.process_time``) and wall clock; a round's ratio is the
pipeline's summed time over the bare parse's. A neighbour's load then falls on both halves of a pair alike (a pair
lasts a fraction of a second to a few seconds), and the line to quote is the **median of the K per-round ratios**,
with their range. The bare parse reads one text per ``nlp.pipe`` call here (the separate-process mode below batches
16): spaCy's CPU time is the same either way within the noise (per text / batched read 0.90-1.09 over three
alternations in one process, 2026-12-06). The first line gives the load average before and after the rounds: on the shared
2-core machine spaCy's own CPU time grows under load (cache contention) more than the pipeline's Python does, so
a heavily loaded run reads a lower ratio than a quiet one; say how loaded the machine was.

**Separate processes** (peak RSS, and the lines docs/benchmarks.md cites from earlier sessions): each mode runs
in its own subprocess, so that peak RSS is measured separately:

* ``spacy``   — ``nlp.pipe(texts)`` with the same spaCy package, nothing else;
* ``sitroom`` — ``Pipeline.run`` on each article (segmenter, places, times,
  actors, events, claims, forecasts, quotes, merge), no store.
* ``sitroom-noplaces`` — the same without the place stage, to isolate what
  geoparsing adds.

Prints articles/s, characters/s, peak RSS, and the ratios (time sitroom /
time spaCy, wall clock and the process's own CPU time; memory growth over spaCy). These ratios compare processes
run one after the other: under load they vary far more than the paired one. Numbers go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _texts(shared: Path, limit: int = 0) -> list[tuple[str, str | None]]:
    from sitroom.ingest import read_paths
    from sitroom.model import Article

    out = []
    paths = [str(shared / "seed" / "ghazni-2021-08-12.txt"), str(shared / "corpus")]
    for a in read_paths(paths, published="2021-08-12"):
        if isinstance(a, Article):
            out.append((a.text, a.published.isoformat() if a.published else None))
    return out[:limit] if limit else out


def _runners(mode: str, texts: list[tuple[str, str | None]], fresh: bool = False) -> list[Callable[[], None]]:
    """One runner per text for ``mode``, warmed up (``fresh``: its own copy of the spaCy package, not the cached one
    another mode of this process uses)."""
    if mode == "spacy":
        if fresh:
            import spacy

            from sitroom.config import Settings

            nlp = spacy.load(Settings().spacy_model)
        else:
            from sitroom.extract.nlp import load_nlp

            nlp = load_nlp()
        list(nlp.pipe(["warm up"]))

        def bare(text: str) -> Callable[[], None]:
            def run() -> None:
                for _doc in nlp.pipe([text]):
                    pass

            return run

        return [bare(t) for t, _ in texts]
    from sitroom.ingest import article_from_text
    from sitroom.pipeline import COMPONENTS, Component, Pipeline

    comps = list(COMPONENTS)
    if mode == "sitroom-noplaces":
        empty = Component(
            "noplaces",
            lambda p, a, st: setattr(a, "places", []) or setattr(a, "dateline", None),
            frozenset(),
            frozenset({"places", "dateline"}),
        )
        comps = [comps[0], empty, *(c for c in comps[1:] if c.name != "places")]  # parse, then the empty place stage
    pipe = Pipeline(components=comps)
    pipe.run(article_from_text("Warm up: the Taliban captured Kunduz on Sunday.", published="2021-08-08"))

    def whole(text: str, pub: str | None) -> Callable[[], None]:
        def run() -> None:
            pipe.run(article_from_text(text, published=pub))

        return run

    return [whole(t, pub) for t, pub in texts]


def _pass(mode: str, texts: list[tuple[str, str | None]]) -> Callable[[], None]:
    """One pass of ``mode`` over ``texts``: spaCy's bare ``nlp.pipe`` over all of them at once, or the pipeline on
    each article."""
    if mode == "spacy":
        from sitroom.extract.nlp import load_nlp

        nlp = load_nlp()
        list(nlp.pipe(["warm up"]))
        plain = [t for t, _ in texts]

        def bare() -> None:
            for _doc in nlp.pipe(plain, batch_size=16):
                pass

        return bare
    runs = _runners(mode, texts)

    def whole() -> None:
        for run in runs:
            run()

    return whole


def _timed(run: Callable[[], None]) -> tuple[float, float]:
    """(wall seconds, process CPU seconds) of one call."""
    t0, c0 = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - t0, time.process_time() - c0


def _child(mode: str, shared: Path, repeat: int, limit: int) -> None:
    texts = _texts(shared, limit)
    run = _pass(mode, texts)
    dt = cpu = 0.0
    for _ in range(repeat):
        w, c = _timed(run)
        dt, cpu = dt + w, cpu + c
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chars = sum(len(t) for t, _ in texts) * repeat
    print(
        json.dumps(
            {
                "mode": mode,
                "articles": len(texts) * repeat,
                "chars": chars,
                "seconds": dt,
                "cpu_seconds": cpu,
                "peak_rss_mb": rss_mb,
            }
        )
    )


def paired(shared: Path, rounds: int, limit: int) -> dict:
    """The paired rounds in this process: per round, each text through the bare parse and through the pipeline, one
    right after the other (the order swapped at every text); returns each round's summed times and the median
    ratios."""
    texts = _texts(shared, limit)
    load = os.getloadavg()
    bare, whole = _runners("spacy", texts, fresh=True), _runners("sitroom", texts)
    out = []
    for k in range(rounds):
        b = [0.0, 0.0]
        w = [0.0, 0.0]
        for i, (run_b, run_w) in enumerate(zip(bare, whole)):
            first, second = ((run_b, b), (run_w, w)) if (i + k) % 2 == 0 else ((run_w, w), (run_b, b))
            for run, acc in (first, second):
                dt, cpu = _timed(run)
                acc[0] += dt
                acc[1] += cpu
        out.append({"spacy": b, "sitroom": w, "cpu_ratio": w[1] / b[1], "wall_ratio": w[0] / b[0]})
    return {
        "rounds": out,
        "load_before": load,
        "load_after": os.getloadavg(),
        "cpu_ratio": statistics.median(r["cpu_ratio"] for r in out),
        "wall_ratio": statistics.median(r["wall_ratio"] for r in out),
    }


def _print_paired(res: dict) -> None:
    rounds = res["rounds"]
    print(
        f"paired rounds, one process: {len(rounds)} rounds, load average "
        f"{res['load_before'][0]:.2f} before, {res['load_after'][0]:.2f} after"
    )
    for k, r in enumerate(rounds):
        print(
            f"  round {k + 1}: spaCy bare CPU {r['spacy'][1]:6.2f} s  sitroom CPU {r['sitroom'][1]:6.2f} s  "
            f"ratio CPU {r['cpu_ratio']:.3f}  wall {r['wall_ratio']:.3f}"
        )
    cpu = [r["cpu_ratio"] for r in rounds]
    print(
        f"paired ratio CPU time sitroom / spaCy bare parse (median of {len(rounds)} rounds): {res['cpu_ratio']:.2f} "
        f"(range {min(cpu):.2f}-{max(cpu):.2f}); wall clock {res['wall_ratio']:.2f}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.environ.get("SITROOM_SHARED", "../shared"))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N articles (0: all)")
    ap.add_argument("--rounds", type=int, default=5, help="paired rounds in one process (0: none)")
    ap.add_argument("--paired-only", action="store_true", help="only the paired rounds (no separate processes)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    shared = Path(args.shared)
    if args.child:
        _child(args.child, shared, args.repeat, args.limit)
        return 0
    out_dir = Path("bench/out")
    out_dir.mkdir(parents=True, exist_ok=True)
    if args.paired_only:
        res = paired(shared, max(args.rounds, 1), args.limit)
        _print_paired(res)
        (out_dir / "throughput_paired.json").write_text(json.dumps(res, indent=2))
        return 0
    results = {}
    for mode in ("spacy", "sitroom", "sitroom-noplaces"):
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                mode,
                "--shared",
                str(shared),
                "--repeat",
                str(args.repeat),
                "--limit",
                str(args.limit),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
    sp, sr, snp = results["spacy"], results["sitroom"], results["sitroom-noplaces"]
    for r in results.values():
        print(
            f"{r['mode']:<17} {r['articles']:>4} articles  {r['articles'] / r['seconds']:7.2f} art/s  "
            f"{r['chars'] / r['seconds'] / 1000:8.1f} kchar/s  peak RSS {r['peak_rss_mb']:7.1f} MB"
        )
    print(f"ratio time sitroom / spaCy bare parse: {sr['seconds'] / sp['seconds']:.2f}")
    # on a shared machine the wall clock measures the neighbours too: the processes' own CPU time is the steadier ratio
    print(f"ratio CPU time sitroom / spaCy bare parse: {sr['cpu_seconds'] / sp['cpu_seconds']:.2f}")
    print(
        f"place stage share of pipeline time: {(sr['seconds'] - snp['seconds']) / snp['seconds'] * 100:.1f}% over the pipeline without it"
    )
    print(f"peak memory over spaCy alone: {sr['peak_rss_mb'] - sp['peak_rss_mb']:+.1f} MB")
    (out_dir / "throughput.json").write_text(json.dumps(results, indent=2))
    if args.rounds > 0:
        res = paired(shared, args.rounds, args.limit)
        _print_paired(res)
        (out_dir / "throughput_paired.json").write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
