"""Peak memory and time of one article through the whole pipeline, by article length (issue 16).

Each size runs in a fresh process (peak RSS is the child's ``ru_maxrss``: the pipeline load plus the article), so
the numbers do not mix. Two shapes of article, both built here, none copied from the corpus:

* ``news``: sentences of the shared VOA texts (read in place) repeated in paragraphs up to the length;
* ``tiny``: 100,000-sentence style text of very short sentences ("Troops fled. Shelling hit Kunduz."), the
  shape that cost 3.46 GB for 700,000 characters before the per-article caps.

    python bench/article_memory.py --shared ../shared --sizes 100000 250000 500000 1000000 --shape tiny news

Prints one line per run: shape, characters, sentences parsed, what was cut, seconds, peak RSS (MiB), and the
seconds per 100,000 characters (linear time: about constant across sizes).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

TINY = [
    "Troops fled.",
    "Shelling hit {p}.",
    "Two died.",
    "Militants attacked {p}.",
    "Police said so.",
    "Fighting continued.",
    "The army retook {p}.",
    "Nobody claimed it.",
    "Residents fled {p}.",
]
PLACES = ["Kunduz", "Herat", "Gao", "Mopti", "Sittwe", "Marib", "Taiz", "Lashio", "Kidal", "Hodeidah"]


def build(shape: str, size: int, shared: Path) -> str:
    out: list[str] = []
    n = 0
    if shape == "tiny":
        i = 0
        while n < size:
            para = " ".join(TINY[(i + k) % len(TINY)].format(p=PLACES[(i + k) % len(PLACES)]) for k in range(8))
            out.append(para)
            n += len(para) + 2
            i += 1
    else:
        sents: list[str] = []
        for f in sorted((shared / "corpus" / "afghanistan-2021" / "voa").glob("*.txt")):
            body = f.read_text(encoding="utf-8").split("\n\n", 2)[-1]
            sents += [s for s in re.split(r"(?<=[.!?])\s+", " ".join(body.split())) if 20 < len(s) < 400]
        i = 0
        while n < size:
            para = " ".join(sents[(i + k) % len(sents)] for k in range(5))
            out.append(para)
            n += len(para) + 2
            i += 5
    return "\n\n".join(out)[:size].rsplit(" ", 1)[0] + "."


def child(shape: str, size: int, shared: str) -> None:
    from sitroom.ingest import article_from_text
    from sitroom.pipeline import Pipeline

    pipe = Pipeline()
    text = build(shape, size, Path(shared))
    a = article_from_text(text, published="2021-08-12", origin=f"{shape}-{size}")
    t0 = time.perf_counter()
    with pipe.nlp.memory_zone():
        pipe.run(a)
    secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "shape": shape,
                "chars": len(a.text),
                "sentences": len(a.sentences),
                "events": len(a.events),
                "cut": a.cut.model_dump() if getattr(a, "cut", None) else None,
                "seconds": round(secs, 1),
                "peak_rss_mib": round(peak),
            }
        )
    )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shared", default=os.environ.get("SITROOM_SHARED", "../shared"))
    p.add_argument("--sizes", type=int, nargs="+", default=[125_000, 250_000, 500_000, 1_000_000])
    p.add_argument("--shape", nargs="+", default=["tiny", "news"], choices=["tiny", "news"])
    p.add_argument("--child", nargs=2, metavar=("SHAPE", "SIZE"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.shared)
        return 0
    print(f"{'shape':<6} {'chars':>9} {'sents':>7} {'cut':<40} {'s':>7} {'peak MiB':>9} {'s/100k':>7}")
    for shape in args.shape:
        for size in args.sizes:
            r = subprocess.run(
                [sys.executable, __file__, "--shared", args.shared, "--child", shape, str(size)],
                capture_output=True,
                text=True,
            )
            if r.returncode:
                print(f"{shape:<6} {size:>9} failed: {r.stderr.strip().splitlines()[-1:]}")
                continue
            d = json.loads(r.stdout.strip().splitlines()[-1])
            cut = json.dumps(d["cut"]) if d["cut"] else "-"
            print(
                f"{shape:<6} {d['chars']:>9,} {d['sentences']:>7,} {cut[:40]:<40} {d['seconds']:>7.1f} "
                f"{d['peak_rss_mib']:>9,} {d['seconds'] * 100_000 / d['chars']:>7.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
