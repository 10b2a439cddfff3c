"""Reads while an ingest writes: a real ``sitroom ingest`` process writes the store while another process hammers
the API (uvicorn on 127.0.0.1, a free port) with a bounded number of requests.

No request may fail, and no article may be seen partially: every time the hammer fetches an article
(/api/articles/{id}) it records what it saw (text length and the number of each kind of fact); after the
ingest, each observation must equal that article in the final store (articles are immutable once stored, so
anything else was a torn read). The hammer must also have seen the store grow, i.e. reads really overlapped
writes.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

KINDS = ("events", "control", "claims", "forecasts", "quotes")
MAX_REQUESTS = 20_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def api_server(db: str):
    """``serve_forever`` in a subprocess on 127.0.0.1; yields the base URL; always stopped."""
    import httpx

    port = free_port()
    code = f"from sitroom.serve.api import serve_forever; serve_forever(db={db!r}, host='127.0.0.1', port={port})"
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {proc.stderr.read() if proc.poll() is not None else ''}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def hammer(base: str, stop_file: str, out_file: str) -> None:
    """Run in its own process: request until ``stop_file`` exists (bounded), then write what it saw."""
    import httpx

    errors: list[str] = []
    seen: list[list] = []  # [article id, text length, counts...]
    counts: list[int] = []
    n = 0
    deadline = time.monotonic() + 900
    with httpx.Client(base_url=base, timeout=60) as c:

        def get(url: str, **params):
            nonlocal n
            n += 1
            r = c.get(url, params=params)
            if r.status_code != 200:
                errors.append(f"{url} {params}: {r.status_code} {r.text[:200]}")
                return None
            return r.json()

        final_round = False
        while n < MAX_REQUESTS and time.monotonic() < deadline:
            if os.path.exists(stop_file):
                if final_round:
                    break
                final_round = True  # one more full round after the writer is done
            h = get("/api/health")
            if h:
                counts.append(h["counts"]["articles"])
            page = get("/api/articles", limit=1000) or {"items": []}
            for item in page["items"]:
                d = get(f"/api/articles/{item['id']}")
                if d:
                    seen.append([d["id"], len(d["text"]), *(len(d[k]) for k in KINDS)])
            get("/api/events", limit=200)
            get("/api/events", type="Battles", limit=50)
            get("/api/control")
            get("/api/claims")
            get("/api/quotes")
    Path(out_file).write_text(json.dumps({"errors": errors, "seen": seen, "counts": counts, "requests": n}))


@pytest.fixture(scope="module")
def corpus(shared, tmp_path_factory) -> list[str]:
    base = shared / "corpus" / "afghanistan-2021"
    recs = [
        json.loads(line) for line in (base / "whitehouse" / "wh_afghanistan_2021-07_09.jsonl").open(encoding="utf-8")
    ]
    recs.sort(key=lambda r: len(r["text"]))
    wh = tmp_path_factory.mktemp("corpus") / "wh-short.jsonl"
    wh.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs[:10]), encoding="utf-8")
    return [str(base / "voa"), str(wh)]


def test_reads_during_ingest_see_whole_articles(corpus, tmp_path):
    from sitroom.store import open_store

    db = str(tmp_path / "live.sqlite")
    open_store(db).close()  # an empty store for the server to open
    stop, out = tmp_path / "stop", tmp_path / "hammer.json"
    with api_server(db) as base:
        h = subprocess.Popen([sys.executable, __file__, "hammer", base, str(stop), str(out)])
        try:
            ing = subprocess.run(
                [sys.executable, "-m", "sitroom.serve.cli", "ingest", *corpus, "--db", db],
                capture_output=True,
                text=True,
                timeout=1200,
            )
            stop.touch()
            h.wait(600)
        finally:
            if h.poll() is None:
                h.kill()
                h.wait(10)
    assert ing.returncode == 0, ing.stderr
    assert h.returncode == 0
    res = json.loads(out.read_text())
    assert not res["errors"], res["errors"][:5]
    with open_store(db) as s:
        final = {}
        for a in s.articles():
            final[a.id] = [a.id, len(a.text), *(len(getattr(s, k)(article_id=a.id)) for k in KINDS)]
    assert len(final) >= 12
    torn = [obs for obs in res["seen"] if final.get(obs[0]) != obs]
    assert not torn, torn[:5]
    assert len(set(res["counts"])) >= 3, res["counts"][:50]  # the hammer saw the store grow while it read
    assert res["seen"] and res["requests"] <= MAX_REQUESTS + 2000


if __name__ == "__main__":  # the hammer process
    if len(sys.argv) == 5 and sys.argv[1] == "hammer":
        hammer(*sys.argv[2:5])
