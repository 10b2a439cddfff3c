"""Throughput and peak memory of the whole pipeline vs spaCy's bare parse, in one run.

    python bench/throughput.py [--shared ../shared] [--repeat 1] [--limit N]

Each mode runs in its own subprocess over the same texts (the VOA reports, the
White House texts and the seed) so that peak RSS is measured separately:

* ``spacy``   — ``nlp.pipe(texts)`` with the same spaCy package, nothing else;
* ``sitroom`` — ``Pipeline.run`` on each article (segmenter, places, times,
  actors, events, claims, forecasts, quotes, merge), no store.
* ``sitroom-noplaces`` — the same without the place stage, to isolate what
  geoparsing adds.

Prints articles/s, characters/s, peak RSS, and the ratios (time sitroom /
time spaCy, wall clock and the process's own CPU time, which other jobs on a
shared machine disturb less; memory growth over spaCy). Numbers go in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
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


def _child(mode: str, shared: Path, repeat: int, limit: int) -> None:
    texts = _texts(shared, limit)
    if mode == "spacy":
        from sitroom.extract.nlp import load_nlp

        nlp = load_nlp()
        list(nlp.pipe(["warm up"]))
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(repeat):
            for _doc in nlp.pipe([t for t, _ in texts], batch_size=16):
                pass
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    else:
        from sitroom.ingest import article_from_text
        from sitroom.pipeline import COMPONENTS, Pipeline

        comps = [c for c in COMPONENTS if not (mode == "sitroom-noplaces" and c.name == "places")]
        if mode == "sitroom-noplaces":
            from sitroom.pipeline import Component

            comps = [
                Component(
                    "noplaces",
                    lambda p, a, st: setattr(a, "places", []) or setattr(a, "dateline", None),
                    frozenset(),
                    frozenset({"places", "dateline"}),
                ),
                *comps,
            ]
            comps = [comps[1], comps[0], *comps[2:]]  # parse first, then the empty place stage
        pipe = Pipeline(components=comps)
        pipe.run(article_from_text("Warm up: the Taliban captured Kunduz on Sunday.", published="2021-08-08"))
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(repeat):
            for t, pub in texts:
                pipe.run(article_from_text(t, published=pub))
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.environ.get("SITROOM_SHARED", "../shared"))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N articles (0: all)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    shared = Path(args.shared)
    if args.child:
        _child(args.child, shared, args.repeat, args.limit)
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
    Path("bench/out").mkdir(parents=True, exist_ok=True)
    Path("bench/out/throughput.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
