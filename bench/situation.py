"""Cost of the situation layer on a large synthetic store.

    python bench/situation.py [--events 100000] [--per-article 10] [--adds 50] [--repeat 3] [--db PATH | --cache DIR]

1. Builds (or reuses) a store of N synthetic events through ``Store.add`` (articles of ``--per-article`` events,
   random distinct texts long enough to be signed for near-duplicate search, events at real gazetteer places,
   a tenth of them takeovers). Synthetic events: the benchmark is about the store and the situation layer,
   not extraction. Without ``--db`` the store is built once under ``--cache`` (default
   ``$XDG_CACHE_HOME/sitroom-bench``, never the repo) and each run works on a copy of it.
2. Times ``--adds`` more ``Store.add`` calls (new articles, each with its near-duplicate lookup) and the
   near-duplicate part alone (signature + LSH lookup), and prints median / p95 in ms.
3. Times ``control_at`` (what ``sitroom control --kind provincial-capital --actor`` runs), ``capitals_held``,
   ``changes``, ``situation_events`` over the whole store, ``--repeat`` times each: the first call, then the best
   of the others (``control_changes`` is memoised per store state, so the API's later calls on an unchanged store
   cost the replay only); ``--profile FILE`` writes a cProfile of those calls.

The target (issue 5): adding one article to a store holding 100k events costs under 50 ms beyond extraction.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = (
    "taliban forces city province capital district government fighters police army officials said attack "
    "control seized captured retreated negotiations ceasefire road airport border market residents fled "
    "week month morning night north south east west central clashes commander spokesman statement"
).split()
TYPES = [
    ("Battles", "Armed clash"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Violence against civilians", "Attack"),
    ("Strategic developments", "Other"),
]


def _text(rng: random.Random, n: int) -> str:
    return (
        " ".join(rng.choice(WORDS) + (str(rng.randrange(1000)) if rng.random() < 0.3 else "") for _ in range(n)) + "."
    )


def _article(rng: random.Random, i: int, per: int, places: list):
    from sitroom.model import Article, Event, Place, Span, TimeValue

    a = Article(text=_text(rng, 120), outlet=f"Outlet {i % 50}", published=date(2021, 1, 1) + timedelta(days=i % 365))
    a.places = [
        Place(
            id=f"p{k}",
            mention=Span(start=0, end=5, text=a.text[:5]),
            name=e.name,
            kind=e.kind,
            country=e.country,
            lat=e.lat,
            lon=e.lon,
            gazetteer_id=e.id,
        )
        for k, e in enumerate(rng.sample(places, 3))
    ]
    evs = []
    for k in range(per):
        et, sub = TYPES[1] if rng.random() < 0.1 else rng.choice(TYPES)
        d = a.published - timedelta(days=rng.randrange(3))
        evs.append(
            Event(
                id=f"e{k + 1}",
                event_type=et,
                sub_event_type=sub,
                actor1=rng.choice(["taliban", "afg-forces"]),
                place=f"p{rng.randrange(3)}",
                date=TimeValue(text="x", value=d.isoformat(), earliest=d, latest=d),
                evidence=[Span(start=0, end=20, text=a.text[:20])],
            )
        )
    a.events = evs
    return a


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--per-article", type=int, default=10)
    ap.add_argument("--adds", type=int, default=50)
    ap.add_argument("--db", help="store to build or reuse, and add to (default: a copy of the cached store)")
    ap.add_argument("--cache", help="where the built store is kept (default: ~/.cache/sitroom-bench)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", help="write a cProfile of the situation queries to this file")
    args = ap.parse_args()
    from sitroom.gazetteer import default_gazetteer
    from sitroom.ingest import dedup
    from sitroom.resolve.control import capitals_held, changes, control_at
    from sitroom.resolve.situation import situation_events
    from sitroom.store import open_store
    from sitroom.store.stories import nearest_story as _near

    gaz = default_gazetteer()
    af = gaz.country("AF")
    places = [c for p in gaz.children(af.id, kind="province") for c in [gaz.capital(p)] if c]
    rng = random.Random(7)
    tmp = tempfile.TemporaryDirectory()
    db = args.db
    n_art = args.events // args.per_article
    if not db:
        import os
        import shutil

        cache = (
            Path(args.cache)
            if args.cache
            else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sitroom-bench"
        )
        cache.mkdir(parents=True, exist_ok=True)
        base = cache / f"situation-{args.events}-per-{args.per_article}.sqlite"
        if not base.exists():
            part = base.with_suffix(".building")
            for p in (part, Path(f"{part}-wal"), Path(f"{part}-shm")):
                p.unlink(missing_ok=True)
            with open_store(str(part)) as s:
                t0 = time.perf_counter()
                for i in range(n_art):
                    s.add(_article(rng, i, args.per_article, places))
                    if (i + 1) % 1000 == 0:
                        print(f"  built {i + 1}/{n_art} articles ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
                s.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                s.con.execute("PRAGMA journal_mode = DELETE")
            part.rename(base)
        db = str(Path(tmp.name) / "bench.sqlite")
        shutil.copyfile(base, db)
    with open_store(db) as s:
        have = s.count()["articles"]
        t0 = time.perf_counter()
        for i in range(have, n_art):
            s.add(_article(rng, i, args.per_article, places))
        build = time.perf_counter() - t0
        print(
            f"store: {s.count()['events']} events in {s.count()['articles']} articles (built {n_art - have} in {build:.0f} s)"
        )
        adds, nears = [], []
        rng = random.Random(f"adds-{s.count()['articles']}")  # new texts on a reused store
        for i in range(args.adds):
            a = _article(rng, n_art + 10_000 + i, args.per_article, places)
            t = time.perf_counter()
            assert s.add(a)
            adds.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            _near(s.con, dedup.signature(a.text))
            nears.append((time.perf_counter() - t) * 1000)
        q = lambda xs: f"median {statistics.median(xs):.1f} ms, p95 {sorted(xs)[int(len(xs) * 0.95) - 1]:.1f} ms"  # noqa: E731
        if adds:
            print(f"Store.add (one article of {args.per_article} events, near-duplicate lookup included): {q(adds)}")
            print(f"near-duplicate part alone (MinHash signature + LSH lookup): {q(nears)}")
        n_take = len(s.events(event_type="Non-state actor overtakes territory"))
        print(f"takeover reports in the store: {n_take}")
        prof = None
        if args.profile:
            import cProfile

            prof = cProfile.Profile()
        for name, fn in (
            (
                "control_at(day, provincial-capital, Taliban)",
                lambda: control_at(s, "2021-08-13", kind="provincial-capital", actor="taliban"),
            ),
            ("capitals_held(Taliban, day)", lambda: capitals_held(s, "taliban", "2021-08-13")),
            ("changes(2021-08-01, 2021-08-31)", lambda: changes(s, "2021-08-01", "2021-08-31")),
            ("situation_events(all)", lambda: situation_events(s)),
        ):
            secs = []
            for _ in range(max(1, args.repeat)):
                t = time.perf_counter()
                if prof:
                    prof.enable()
                out = fn()
                if prof:
                    prof.disable()
                secs.append(time.perf_counter() - t)
            warm = f", then {min(secs[1:]):.2f} s best of {len(secs) - 1} more" if len(secs) > 1 else ""
            print(f"{name}: {len(out)} items, first call {secs[0]:.2f} s{warm}")
        if prof:
            prof.dump_stats(args.profile)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
