"""Event-query latency of the HTTP API on a large synthetic store, measured from a client process.

    python bench/api_latency.py [--events 1000000] [--db PATH] [--requests 200]

1. Builds (or reuses, when ``--db`` exists) a store of N synthetic events through the store's own write
   path: articles of ``--per-article`` events each, spread over 2021 across Afghan provincial capitals,
   with the actor, type and certainty mix of the real corpus. Synthetic events are fine here: the
   benchmark is about the query path, not the extraction.
2. Starts ``sitroom.serve.api.serve_forever`` in a subprocess on 127.0.0.1 (a free port).
3. From this process, sends ``--requests`` GET /api/events requests for each filter shape (one keep-alive
   connection, sequential) and prints p50 / p95 / p99 / max in milliseconds, as a Markdown table.

The target (issue 6): p95 under 50 ms for filtered event queries on 1M events.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

# a handful of real places (name, lat, lon): enough spread for bbox queries
PLACES = [
    ("Ghazni", 33.549, 68.421),
    ("Kabul", 34.528, 69.172),
    ("Kandahar", 31.613, 65.710),
    ("Herat", 34.348, 62.199),
    ("Kunduz", 36.728, 68.857),
    ("Mazar-i-Sharif", 36.709, 67.110),
    ("Zaranj", 30.960, 61.860),
    ("Lashkar Gah", 31.593, 64.371),
    ("Taloqan", 36.736, 69.534),
    ("Sar-e Pul", 36.216, 65.928),
    ("Jalalabad", 34.430, 70.448),
    ("Pul-e Khumri", 35.944, 68.715),
    ("Faizabad", 37.116, 70.580),
    ("Qala-e Naw", 34.985, 63.128),
    ("Farah", 32.375, 62.116),
    ("Sheberghan", 36.668, 65.752),
]
TYPES = [
    ("Battles", "Armed clash"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Battles", "Government regains territory"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Violence against civilians", "Attack"),
    ("Strategic developments", "Other"),
    ("Strategic developments", "Non-violent transfer of territory"),
    ("Protests", "Peaceful protest"),
]
ACTORS = [
    ("taliban", "Taliban", "non-state-armed"),
    ("afg-forces", "Afghan government forces", "state-forces"),
    ("afg-gov", "Government of Afghanistan", "government"),
    ("us", "United States", "state"),
    ("isis-k", "Islamic State Khorasan Province", "non-state-armed"),
]
CERTAINTY = ["reported"] * 6 + ["claimed", "hedged", "unverified", "denied"]
START = date(2021, 1, 1)


def synthetic_article(i: int, per_article: int, rng: random.Random):
    """One article whose text has ``per_article`` sentences, each the evidence of one event."""
    from sitroom.model import Actor, Article, Attribution, Certainty, Event, Place, TimeValue

    day = START + timedelta(days=rng.randrange(365))
    places, actors = [], []
    for j, (name, lat, lon) in enumerate(PLACES):
        places.append(
            Place(
                id=f"p{j + 1}",
                mention={"start": 0, "end": 0, "text": ""},
                name=name,
                kind="city",
                country="AF",
                lat=lat,
                lon=lon,
                gazetteer_id=f"bench-{j}",
                confidence=1.0,
            )
        )
    for aid, name, kind in ACTORS:
        actors.append(Actor(id=aid, name=name, kind=kind, country="AF"))
    sentences, events, pos = [], [], 0
    for k in range(per_article):
        et, sub = rng.choice(TYPES)
        a1, a2 = rng.sample(ACTORS, 2)
        pl = rng.randrange(len(PLACES))
        d = day - timedelta(days=rng.randrange(3))
        s = f"Event {i}-{k}: {a1[1]} and {a2[1]} in {PLACES[pl][0]} ({sub}). "
        sentences.append(s)
        span = {"start": pos, "end": pos + len(s) - 1, "text": s[:-1]}
        pos += len(s)
        events.append(
            Event(
                id=f"e{k + 1}",
                event_type=et,
                sub_event_type=sub,
                actor1=a1[0],
                actor2=a2[0],
                place=f"p{pl + 1}",
                date=TimeValue(text=d.isoformat(), value=d.isoformat(), earliest=d, latest=d),
                evidence=[span],
                certainty=Certainty(rng.choice(CERTAINTY)),
                attribution=Attribution(source=rng.choice([None, "officials", "a source"])),
            )
        )
    text = "".join(sentences)
    return Article(
        text=text,
        title=f"Synthetic report {i}",
        outlet="Bench Wire",
        published=day,
        places=places,
        actors=actors,
        events=events,
        origin=f"bench:{i}",
    )


def build(db: str, n_events: int, per_article: int, seed: int = 7) -> None:
    from sitroom.store import open_store

    rng = random.Random(seed)
    n_articles = max(1, n_events // per_article)
    t0 = time.perf_counter()
    with open_store(db, create=True) as store:
        for i in range(n_articles):
            store.add(synthetic_article(i, per_article, rng))
            if (i + 1) % 500 == 0:
                print(f"  built {i + 1}/{n_articles} articles ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    print(f"built {n_articles * per_article} events in {time.perf_counter() - t0:.0f} s", file=sys.stderr)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


QUERIES = {
    "no filter (first page)": {},
    "one day": {"since": "2021-06-15", "until": "2021-06-15"},
    "one week + type": {"since": "2021-06-10", "until": "2021-06-16", "type": "Battles"},
    "actor + month": {"actor": "isis-k", "since": "2021-08-01", "until": "2021-08-31"},
    "place": {"place": "Ghazni"},
    "bbox (Ghazni)": {"bbox": "68,33,69,34"},
    "bbox + week": {"bbox": "64,30,71,37", "since": "2021-08-06", "until": "2021-08-12"},
    "type + certainty": {"type": "Battles", "certainty": "claimed", "since": "2021-08-01", "until": "2021-08-07"},
    "deep page": {"offset": 50_000},
}


def measure(base: str, requests: int, budget_s: float) -> dict[str, list[float]]:
    """``requests`` sequential requests per query shape, or fewer when one shape uses up ``budget_s`` seconds."""
    import httpx

    out: dict[str, list[float]] = {}
    with httpx.Client(base_url=base, timeout=120) as c:
        for name, params in QUERIES.items():
            c.get("/api/events", params=params).raise_for_status()  # warm
            times: list[float] = []
            start = time.perf_counter()
            for _ in range(requests):
                if times and time.perf_counter() - start > budget_s:
                    break
                t0 = time.perf_counter()
                r = c.get("/api/events", params=params)
                times.append((time.perf_counter() - t0) * 1000)
                r.raise_for_status()
            out[name] = times
    return out


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--per-article", type=int, default=200)
    ap.add_argument("--db", help="store to build or reuse (default: a temporary file)")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--budget", type=float, default=30.0, help="seconds at most per query shape (default: 30)")
    args = ap.parse_args()
    tmp = None
    db = args.db
    if not db:
        tmp = tempfile.TemporaryDirectory()
        db = os.path.join(tmp.name, "bench.sqlite")
    if not Path(db).exists():
        build(db, args.events, args.per_article)
    port = _free_port()
    code = f"from sitroom.serve.api import serve_forever; serve_forever(db={db!r}, host='127.0.0.1', port={port})"
    proc = subprocess.Popen([sys.executable, "-c", code])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally below: never leave the server behind
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("server did not start")
            time.sleep(0.2)
        counts = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=30).json()["counts"]
        res = measure(f"http://127.0.0.1:{port}", args.requests, args.budget)
    finally:
        proc.terminate()
        proc.wait(10)
        if tmp:
            tmp.cleanup()
    print(
        f"store: {counts.get('events')} events in {counts.get('articles')} articles; up to {args.requests} sequential "
        f"requests per query ({args.budget:.0f} s budget each), one keep-alive client in another process\n"
    )
    print("| query | n | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    worst = 0.0
    for name, xs in res.items():
        p95 = _pct(xs, 95)
        worst = max(worst, p95)
        print(f"| {name} | {len(xs)} | {statistics.median(xs):.1f} | {p95:.1f} | {_pct(xs, 99):.1f} | {max(xs):.1f} |")
    print(f"\nworst p95: {worst:.1f} ms (target < 50 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
