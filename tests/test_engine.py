"""Parallel ingest on real workers: a real Dask LocalCluster (two single-threaded workers) and local processes,
over the VOA reports and the first White House texts (read in place from the shared folder; the engine is under
test, not extraction, so a small corpus: the whole White House file is ingested by tests/test_situation.py).

The store a parallel run leaves must be exactly the store a single-process run leaves: the same article ids
and documents, the same fact, place and actor rows, the same stories and carriers (everything but the
wall-clock ``added`` stamps). A worker killed in the middle of a batch must cost nothing: Dask runs its
batch again and no article is lost or stored twice.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import pytest
from backends import backend, fresh_url  # noqa: F401  (fixture)

from sitroom.store import open_store

pytestmark = pytest.mark.slow

TABLES = (
    "articles",
    "events",
    "places",
    "actors",
    "control",
    "claims",
    "forecasts",
    "quotes",
    "stories",
    "carriers",
    "signatures",
    "lsh_bands",
)
VOLATILE = {"added", "rowid"}
RUN_LIMIT_S = 1500


# the 30 shortest White House texts (about 210,000 of the file's 1.76 M characters), in file order: with the 6 VOA
# reports, 36 articles in 9 batches of 4, so a worker can still be caught in the middle of one
WHITEHOUSE_RECORDS = 30


@pytest.fixture(scope="module")
def corpus(shared, tmp_path_factory):
    base = shared / "corpus" / "afghanistan-2021"
    lines = (base / "whitehouse" / "wh_afghanistan_2021-07_09.jsonl").read_text(encoding="utf-8").splitlines()
    short = sorted(range(len(lines)), key=lambda i: len(json.loads(lines[i]).get("text") or ""))[:WHITEHOUSE_RECORDS]
    wh = tmp_path_factory.mktemp("engine-corpus") / "whitehouse-short.jsonl"
    wh.write_text("".join(lines[i] + "\n" for i in sorted(short)), encoding="utf-8")
    return [str(base / "voa"), str(wh)]


def content(url: str) -> dict[str, list]:
    """Every row of every content table, without the wall-clock columns, in a stable order."""
    out = {}
    with open_store(url, create=False) as s:
        for t in TABLES:
            rows = [{k: v for k, v in dict(r).items() if k not in VOLATILE} for r in s._read(f"SELECT * FROM {t}")]
            out[t] = sorted(rows, key=repr)
    return out


def assert_same(got: dict, want: dict) -> None:
    for t in TABLES:
        assert len(got[t]) == len(want[t]), f"{t}: {len(got[t])} rows, single-process run has {len(want[t])}"
        for g, w in zip(got[t], want[t]):
            assert g == w, f"{t}: rows differ"


@pytest.fixture(scope="module")
def reference(corpus, pipeline, tmp_path_factory):
    """The single-process run (the default engine) over the corpus."""
    from sitroom.engine.run import ingest_paths

    db = str(tmp_path_factory.mktemp("single") / "s.sqlite")
    summary = ingest_paths(corpus, db=db, pipeline=pipeline)
    assert summary.failed == 0 and summary.read == 6 + WHITEHOUSE_RECORDS and summary.stored >= WHITEHOUSE_RECORDS
    return summary, content(db)


def _same_summary(a, b) -> None:
    assert (a.read, a.stored, a.duplicates, a.failed, a.events) == (b.read, b.stored, b.duplicates, b.failed, b.events)


def test_dask_local_cluster_gives_the_single_process_store(corpus, reference, tmp_path):
    from sitroom.engine.run import ingest_paths

    db = str(tmp_path / "dask.sqlite")
    summary = ingest_paths(corpus, db=db, engine="dask", workers=2)
    _same_summary(summary, reference[0])
    assert_same(content(db), reference[1])


def _executing(dask_worker):
    """On a worker: its pid and the keys of the tasks it is running right now."""
    return os.getpid(), [str(getattr(ts, "key", ts)) for ts in dask_worker.state.executing]


def test_killed_worker_mid_batch_loses_nothing_and_stores_nothing_twice(corpus, reference, tmp_path):
    from distributed import Client, LocalCluster

    from sitroom.engine.run import ingest_paths

    db = str(tmp_path / "killed.sqlite")
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        result: dict = {}

        def run():
            try:
                result["summary"] = ingest_paths(
                    corpus, db=db, engine="dask", scheduler=cluster.scheduler_address, batch_size=4
                )
            except BaseException as exc:  # noqa: BLE001 - reported by the test below
                result["error"] = exc

        t = threading.Thread(target=run, daemon=True)
        t.start()
        killed = None
        deadline = time.monotonic() + RUN_LIMIT_S
        while killed is None and t.is_alive() and time.monotonic() < deadline:
            for addr, (pid, keys) in client.run(_executing).items():
                # a batch the worker is in the middle of (not the first one: the cluster is well into the run)
                if any(k.startswith("extract_batch") for k in keys) and _stored(db) >= 8:
                    os.kill(pid, signal.SIGKILL)
                    killed = (addr, pid, keys)
                    break
            time.sleep(0.5)
        t.join(RUN_LIMIT_S)
        assert not t.is_alive(), "the run did not finish"
        assert killed is not None, "no worker was caught in the middle of a batch"
        assert "error" not in result, result.get("error")
        pids_now = set(client.run(os.getpid).values())
        assert killed[1] not in pids_now  # that process is gone; its nanny started another
    summary = result["summary"]
    _same_summary(summary, reference[0])
    got = content(db)
    ids = [r["id"] for r in got["articles"]]
    assert len(ids) == len(set(ids))
    assert_same(got, reference[1])


def _stored(db: str) -> int:
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def voa_reference(corpus, pipeline, tmp_path_factory):
    from sitroom.engine.run import ingest_paths

    db = str(tmp_path_factory.mktemp("voa") / "s.sqlite")
    summary = ingest_paths(corpus[:1], db=db, pipeline=pipeline)
    return summary, content(db)


def test_local_workers_into_each_backend(corpus, voa_reference, backend, tmp_path):  # noqa: F811
    """Two local processes, writing to SQLite and to PostgreSQL: the single-process SQLite store, row for row."""
    from sitroom.engine.run import ingest_paths

    with fresh_url(backend, tmp_path, "voa") as url:
        summary = ingest_paths(corpus[:1], db=url, workers=2, batch_size=1)
        _same_summary(summary, voa_reference[0])
        assert_same(content(url), voa_reference[1])
        again = ingest_paths(corpus[:1], db=url, workers=2)  # everything is already stored
        assert (again.read, again.stored, again.duplicates) == (summary.read, 0, summary.read)


def test_engine_options_are_checked():
    from sitroom.engine import check_options
    from sitroom.errors import ConfigError

    for bad in (("spark", 1, None, 4), ("local", 0, None, 4), ("local", 2, "tcp://x:1", 4), ("dask", 2, None, 0)):
        with pytest.raises(ConfigError):
            check_options(*bad)
