"""PostgreSQL restarted in the middle of ``sitroom ingest``: the store reconnects and the batch goes on (issue 16).

The server behind ``SITROOM_TEST_PG`` is really restarted (``pg_ctlcluster VERSION CLUSTER restart``, the cluster
found by the URL's port) once the run has stored its first articles; the run must end with exit 0 and every
article stored once, as an uninterrupted run stores them. Skipped without a server, or without the rights to
restart it (root or the postgres user on the server's machine).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from backends import pg_schema, require_pg

pytestmark = pytest.mark.slow

CLI = [sys.executable, "-m", "sitroom.serve.cli"]


def _cluster(url: str) -> list[str]:
    """``[version, name]`` of the local cluster listening on the URL's port."""
    port = str(urlsplit(url).port or 5432)
    if not shutil.which("pg_ctlcluster") or os.geteuid() != 0:
        pytest.skip("restarting PostgreSQL needs pg_ctlcluster and root")
    host = urlsplit(url).hostname or "localhost"
    if host not in ("localhost", "127.0.0.1", "::1"):
        pytest.skip("the PostgreSQL server is not on this machine")
    for line in subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.splitlines():
        f = line.split()
        if len(f) >= 3 and f[2] == port:
            return f[:2]
    pytest.skip(f"no local cluster on port {port}")


def _articles(url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=2) as con:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except psycopg.Error:
        return -1


def test_server_restart_mid_batch_is_survived(shared):
    cluster = _cluster(require_pg())
    voa = shared / "corpus" / "afghanistan-2021" / "voa"
    expected = len(list(voa.glob("*.txt")))
    with pg_schema("reconnect") as url:
        proc = subprocess.Popen(
            [*CLI, "ingest", str(voa), "--db", url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 600
        while _articles(url) < 1:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no article was stored"
            time.sleep(0.2)
        subprocess.run(["pg_ctlcluster", *cluster, "restart"], check=True, timeout=120)
        out, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err
        assert _articles(url) == expected, (out, err)
        r = subprocess.run([*CLI, "check", "--db", url], capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stdout + r.stderr
