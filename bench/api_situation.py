"""What the map's situation requests cost: /api/control per day (the slider), event situations, claims, forecasts.

    python bench/api_situation.py --db STORE [--days 30] [--events 20]

Starts ``serve_forever`` over STORE in a subprocess on 127.0.0.1 and, from this process (httpx, one keep-alive
connection, sequential), times:

* ``GET /api/control?at=DAY`` for ``--days`` days ending at the store's last change of hands, each day twice:
  cold (the situation layer replays the store: ``control_at``) and warm (the API's answer cache, valid while
  the store's counts stand still);
* ``GET /api/events/{id}/situation`` for ``--events`` takeover reports, cold and warm;
* ``GET /api/claims`` and ``GET /api/forecasts`` (verdicts and the forecast ledger), cold and warm.

Prints median / p95 / max in ms per request kind. The API's own number to compare with is the event-query
benchmark (bench/api_latency.py) on the same box.
"""

from __future__ import annotations

import argparse
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def _timed(c, url: str, **params) -> float:
    t0 = time.perf_counter()
    r = c.get(url, params=params)
    ms = (time.perf_counter() - t0) * 1000
    r.raise_for_status()
    return ms


def measure(base: str, days: int, n_events: int) -> dict[str, list[float]]:
    import httpx

    out: dict[str, list[float]] = {}
    with httpx.Client(base_url=base, timeout=600) as c:
        last = c.get("/api/control").json()["last"]
        end = date.fromisoformat(last) if last else date.today()
        span = [(end - timedelta(days=i)).isoformat() for i in range(days)]
        out["control, cold (new day)"] = [_timed(c, "/api/control", at=d) for d in span]
        out["control, warm (same day again)"] = [_timed(c, "/api/control", at=d) for d in span]
        evs = c.get("/api/events", params={"type": "Non-state actor overtakes territory", "limit": n_events}).json()
        ids = [e["id"] for e in evs["items"]]
        out["event situation, cold"] = [_timed(c, f"/api/events/{i}/situation") for i in ids]
        out["event situation, warm"] = [_timed(c, f"/api/events/{i}/situation") for i in ids]
        for what in ("claims", "forecasts"):
            out[f"{what} (first page), cold"] = [_timed(c, f"/api/{what}")]
            out[f"{what} (first page), warm"] = [_timed(c, f"/api/{what}") for _ in range(10)]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True, help="the store to serve (not changed)")
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--events", type=int, default=20)
    args = ap.parse_args()
    port = _free_port()
    code = f"from sitroom.serve.api import serve_forever; serve_forever(db={args.db!r}, host='127.0.0.1', port={port})"
    proc = subprocess.Popen([sys.executable, "-c", code])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        import httpx

        for _ in range(600):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise SystemExit("server did not start")
            time.sleep(0.2)
        counts = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=30).json()["counts"]
        res = measure(f"http://127.0.0.1:{port}", args.days, args.events)
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"store: {counts.get('events')} events in {counts.get('articles')} articles\n")
    print("| request | n | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for name, xs in res.items():
        print(f"| {name} | {len(xs)} | {statistics.median(xs):.1f} | {_pct(xs, 95):.1f} | {max(xs):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
