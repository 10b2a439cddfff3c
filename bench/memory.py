"""Memory over a long ingest: resident set size (RSS) sampled as articles go in.

    python bench/memory.py full [--articles 3000] [--every 5]        # `sitroom ingest` in a subprocess, spaCy and all
    python bench/memory.py post [--articles 100000] [--every 2000]   # ingest's work after extraction, in-process

Articles are short synthetic reports made from sentence templates (``make_articles``): places are provincial
capitals and districts from the gazetteer, actors from the corpus's parties, dates over 2021, casualty figures and
times drawn at random, 4-6 sentences in random order, so no two share most of their word 5-shingles and the
near-duplicate check keeps them apart (the run reports how many it took for copies).

``full``: writes the articles as JSONL to a temporary folder and runs ``sitroom ingest FILE --db DB`` (the real CLI:
reading, the duplicate check, spaCy and every extract component, the store, the run journal) in a subprocess; this
process samples the child's RSS (``/proc/PID/status``) and the stored-article count every ``--every`` seconds.
The whole pipeline ran 2.5 of these articles a second on the shared, loaded 2-vCPU VM (docs/benchmarks.md), so
100k articles would take about 11 hours there: run the count that fits the time you have.

``post``: the same kind of articles with their facts made up front (events at the article's places, like
``bench/api_latency.py``'s generator), each run through what ``ingest_paths`` does after extraction —
``Store.carry``, ``Store.add``, ``Journal.seen`` — with RSS read every ``--every`` articles.

Both print RSS at 10 %, 50 % and 100 % of the run and the least-squares slope over the second half (after caches
have filled), in MB per 10k articles.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
import unicodedata
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ACTORS = [
    ("taliban", "Taliban", "the Taliban", "Taliban fighters"),
    ("afg-forces", "Afghan forces", "Afghan security forces", "government troops"),
    ("afg-gov", "Afghan government", "the Afghan government", "the provincial administration"),
    ("isis-k", "Islamic State", "Islamic State militants", "IS-K fighters"),
    ("us", "U.S. forces", "U.S. aircraft", "American forces"),
]
OUTLETS = ["Wire One", "Kabul Daily", "Frontier Radio", "Asia Desk", "Regional Monitor", "Evening Courier"]
SPOKESMEN = ["Zabihullah Mujahid", "Fawad Aman", "Ajmal Omar Shinwari", "Qari Yousaf Ahmadi", "Tariq Arian"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

SENTENCES = [
    "{A} attacked {district} district in {province} province on {weekday}, officials said.",
    "{A} captured {city}, the capital of {province} province, after {n} days of fighting, {source} said.",
    "At least {n} civilians were killed and {m} wounded when a roadside bomb hit a minibus near {city}.",
    "{B} said they had pushed back an assault on the police headquarters in {city} at {hour} a.m.",
    "Residents said about {k} families had fled {district} towards {city} since {weekday}.",
    "{spokesman}, a spokesman for {a}, told reporters that {m} attackers had been killed in {district}.",
    "An air strike on positions held by {a} near {city} killed {n} fighters, the defence ministry said.",
    "The road between {city} and {city2} was closed for the {ordinal} time this month, traders said.",
    "Officials in {province} said {b} still controlled the governor's compound and the airport.",
    "{n} members of {b} surrendered to {a} in {district} on {weekday} evening, a local elder said.",
    "The provincial council head said {m} checkpoints around {city} had fallen in the past {k} days.",
    "A hospital in {city} received {n} wounded people overnight, a doctor who asked not to be named said.",
    "Talks between elders and {a} over the handover of {district} ended without agreement on {weekday}.",
    "{A} said it would take {city2} within {k} days, a claim the governor of {province2} denied.",
    "Protesters gathered in {city} on {weekday} to demand that {b} send reinforcements to {district}.",
]


def _ascii(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 < 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def gazetteer_places() -> list[tuple[str, str, list[str]]]:
    """(capital, province, districts) for every Afghan province the gazetteer knows, names as news write them."""
    from sitroom.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    out = []
    for prov in gaz.children(gaz.country("AF").id, kind="province"):
        cap = gaz.capital(prov)
        if cap is None:
            continue
        districts = [
            _ascii(d.name) for d in gaz.children(prov.id, kind="district") if _ascii(d.name) != _ascii(cap.name)
        ]
        out.append((_ascii(cap.name), _ascii(prov.name), districts or [_ascii(cap.name)]))
    return out


def make_article(i: int, rng: random.Random, places) -> dict:
    """One short report (JSONL record: text, title, outlet, url, date)."""
    city, province, districts = rng.choice(places)
    city2, province2, _ = rng.choice(places)
    a, b = rng.sample(ACTORS, 2)
    day = date(2021, 1, 1) + timedelta(days=rng.randrange(365))
    slots = {
        "A": a[2][0].upper() + a[2][1:],
        "a": a[2],
        "B": b[3][0].upper() + b[3][1:],
        "b": b[2],
        "city": city,
        "city2": city2,
        "province": province,
        "province2": province2,
        "district": rng.choice(districts),
        "weekday": WEEKDAYS[day.weekday()],
        "n": rng.randrange(2, 160),
        "m": rng.randrange(2, 60),
        "k": rng.randrange(2, 40),
        "hour": rng.randrange(1, 12),
        "ordinal": _ordinal(rng.randrange(2, 9)),
        "spokesman": rng.choice(SPOKESMEN),
        "source": rng.choice(["a local official", "police", "a tribal elder"]),
    }
    body = " ".join(s.format(**slots) for s in rng.sample(SENTENCES, rng.randrange(4, 7)))
    dateline = f"{city.upper()}, Afghanistan — "
    outlet = rng.choice(OUTLETS)
    return {
        "text": dateline + body,
        "title": f"Fighting near {city} ({province})",
        "outlet": outlet,
        "url": f"https://example.org/{outlet.lower().replace(' ', '-')}/{day.isoformat()}/{i}",
        "date": day.isoformat(),
    }


def rss_mb(pid: int | str = "self") -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def summarise(samples: list[tuple[int, float]], total: int) -> str:
    """RSS at 10/50/100 % and the slope over the second half (MB per 10k articles)."""

    def at(frac: float) -> float:
        want = frac * total
        return min(samples, key=lambda s: abs(s[0] - want))[1]

    half = [s for s in samples if s[0] >= total / 2] or samples
    n = len(half)
    mx = sum(x for x, _ in half) / n
    my = sum(y for _, y in half) / n
    var = sum((x - mx) ** 2 for x, _ in half)
    slope = sum((x - mx) * (y - my) for x, y in half) / var * 10_000 if var else 0.0
    peak = max(y for _, y in samples)
    return (
        f"RSS at 10 %: {at(0.1):.0f} MB, 50 %: {at(0.5):.0f} MB, 100 %: {at(1.0):.0f} MB; peak {peak:.0f} MB; "
        f"slope over the second half {slope:+.2f} MB per 10k articles ({len(samples)} samples)"
    )


def run_full(args) -> int:
    import sqlite3

    rng = random.Random(args.seed)
    places = gazetteer_places()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for i in range(args.articles):
                f.write(json.dumps(make_article(i, rng, places), ensure_ascii=False) + "\n")
        db = Path(tmp) / "mem.sqlite"
        cmd = [
            sys.executable,
            "-c",
            "import sys; from sitroom.serve.cli import main; sys.exit(main())",
            "ingest",
            str(src),
            "--db",
            str(db),
        ]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        samples: list[tuple[int, float, float]] = []  # (articles stored, RSS MB, seconds)
        try:
            while proc.poll() is None:
                time.sleep(args.every)
                try:
                    mb = rss_mb(proc.pid)
                except OSError:
                    break
                if mb != mb:  # the child has exited (a zombie has no VmRSS)
                    break
                n = 0
                if db.exists():
                    try:
                        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
                            n = con.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
                    except sqlite3.Error:
                        n = samples[-1][0] if samples else 0
                samples.append((n, mb, time.perf_counter() - t0))
                if len(samples) % 20 == 0:
                    print(f"  {time.perf_counter() - t0:.0f} s: {n} stored, RSS {mb:.0f} MB", file=sys.stderr)
        finally:
            if proc.poll() is None:
                proc.terminate()
            out, err = proc.communicate(timeout=60)
        secs = time.perf_counter() - t0
        print(err.strip().splitlines()[-1] if err.strip() else out.strip())
    stored = [s for s in samples if s[0] > 0]
    total = stored[-1][0] if stored else 0
    print(
        f"full pipeline (`sitroom ingest`, one process): {args.articles} articles in {secs:.0f} s "
        f"({args.articles / secs:.1f} articles/s), RSS sampled every {args.every} s"
    )
    if stored:
        print(summarise([(n, mb) for n, mb, _ in stored], total))
        print(
            f"RSS at the first sample with an article stored (spaCy, gazetteer, lexicon loaded): {stored[0][1]:.0f} MB "
            f"({stored[0][0]} articles)"
        )
    if args.csv:
        Path(args.csv).write_text(
            "articles,rss_mb,seconds\n" + "".join(f"{n},{mb:.1f},{s:.1f}\n" for n, mb, s in samples)
        )
    return proc.returncode or 0


def facts_for(rec: dict, rng: random.Random):
    """An Article with facts (events at the article's places) as extraction would give it, without spaCy."""
    from sitroom.model import Actor, Article, Certainty, Event, Place, Span, TimeValue

    a = Article(
        text=rec["text"],
        title=rec["title"],
        outlet=rec["outlet"],
        url=rec["url"],
        published=date.fromisoformat(rec["date"]),
        origin=rec["_origin"],
    )
    city = rec["title"].split("near ", 1)[1].split(" (", 1)[0]
    a.places = [
        Place(
            id="p1",
            mention=Span(start=0, end=len(city), text=a.text[: len(city)]),
            name=city,
            kind="city",
            country="AF",
            gazetteer_id=f"bench:{city}",
            confidence=1.0,
        )
    ]
    a.actors = [Actor(id=x[0], name=x[1], kind="other", country="AF") for x in rng.sample(ACTORS, 2)]
    sents = [s for s in a.text.split(". ") if s]
    pos, evs = 0, []
    for k, s in enumerate(sents[: rng.randrange(1, 4)]):
        d = a.published - timedelta(days=rng.randrange(3))
        evs.append(
            Event(
                id=f"e{k + 1}",
                event_type="Battles",
                sub_event_type="Armed clash",
                actor1=a.actors[0].id,
                actor2=a.actors[1].id,
                place="p1",
                date=TimeValue(text="x", value=d.isoformat(), earliest=d, latest=d),
                evidence=[Span(start=pos, end=pos + len(s), text=s)],
                certainty=Certainty.REPORTED,
            )
        )
        pos += len(s) + 2
    a.events = evs
    return a


def run_post(args) -> int:
    from sitroom.ingest.journal import Journal
    from sitroom.store import open_store

    rng = random.Random(args.seed)
    places = gazetteer_places()
    samples: list[tuple[int, float]] = []
    stored = dups = 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"  # the journal's input: one file, as `sitroom ingest FILE` would have
        src.write_text("")
        with open_store(str(Path(tmp) / "mem.sqlite")) as store:
            journal = Journal(store, [str(src)])
            samples.append((0, rss_mb()))
            for i in range(args.articles):
                rec = make_article(i, rng, places)
                rec["_origin"] = f"{src}:{i + 1}"
                a = facts_for(rec, rng)
                if store.carry(a) or not store.add(a):
                    dups += 1
                else:
                    stored += 1
                journal.seen(a)
                if (i + 1) % args.every == 0:
                    samples.append((i + 1, rss_mb()))
                    if (i + 1) % (args.every * 10) == 0:
                        print(
                            f"  {i + 1} articles, {time.perf_counter() - t0:.0f} s, RSS {samples[-1][1]:.0f} MB",
                            file=sys.stderr,
                        )
            journal.finish()
            counts = store.count()
    secs = time.perf_counter() - t0
    print(
        f"post-extraction path (carry + add + journal, in-process): {args.articles} articles in {secs:.0f} s "
        f"({args.articles / secs:.0f} articles/s); {stored} stored, {dups} taken for copies; "
        f"store: {counts['events']} events; RSS read every {args.every} articles"
    )
    print(summarise(samples, args.articles))
    if args.csv:
        Path(args.csv).write_text("articles,rss_mb\n" + "".join(f"{n},{mb:.1f}\n" for n, mb in samples))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["full", "post"])
    ap.add_argument("--articles", type=int, help="default: 3000 (full), 100000 (post)")
    ap.add_argument("--every", type=float, help="seconds between samples (full, default 5) or articles (post, 2000)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--csv", help="write the samples to this CSV file")
    args = ap.parse_args()
    if args.mode == "full":
        args.articles = args.articles or 3000
        args.every = args.every or 5.0
        return run_full(args)
    args.articles = args.articles or 100_000
    args.every = int(args.every or 2000)
    return run_post(args)


if __name__ == "__main__":
    sys.exit(main())
