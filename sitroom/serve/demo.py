"""``sitroom demo``: what ``make demo`` runs.

Ingests the seed article and the corpus under the shared folder (read in place)
into a fresh SQLite store, prints the situation summary, then serves the map on
127.0.0.1 when the server extra is installed.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from sitroom.engine.run import ingest_paths
from sitroom.errors import ConfigError
from sitroom.serve.report import situation_report
from sitroom.store import open_store

DEMO_CORPUS = "afghanistan-2021"  # the demo's story under corpus/ (the others are eval ground)


def demo_inputs(shared: Path) -> list[str]:
    """The demo corpus: the seed article and the Afghanistan 2021 texts (corpus/afghanistan-2021, else every text
    under corpus/). The other corpora under corpus/ (world-voa: conflicts since 2002) are development ground for the
    evals, not the demo's story: mixed in, they would stretch the map's reporting window over two decades."""
    seed_dir = shared / "seed"
    corpus = shared / "corpus"
    if (corpus / DEMO_CORPUS).is_dir():
        corpus = corpus / DEMO_CORPUS
    if not seed_dir.is_dir() and not corpus.is_dir():
        raise ConfigError(
            f"no seed/ or corpus/ under {shared}", hint="pass --shared with the path of the shared folder"
        )
    paths = []
    if seed_dir.is_dir():
        paths += [str(p) for p in sorted(seed_dir.glob("*.txt"))]
    if corpus.is_dir():
        paths.append(str(corpus))
    return paths


def seed_published(shared: Path) -> dict[str, str]:
    """Publication dates the seed spec supplies as metadata (as a crawler would)."""
    spec = shared / "seed" / "expected.yaml"
    if not spec.exists():
        return {}
    art = (yaml.safe_load(spec.read_text(encoding="utf-8")) or {}).get("article", {})
    return {art["file"]: str(art["published"])} if art.get("file") and art.get("published") else {}


def run_demo(*, shared: Path, db: str, serve: bool = True, host: str = "127.0.0.1", port: int = 8000) -> int:
    dbp = Path(db)
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(dbp) + suffix)
        if p.exists():
            p.unlink()
    inputs = demo_inputs(shared)
    failed = 0
    dates = seed_published(shared)
    for path in inputs:
        published = dates.get(Path(path).name)
        s = ingest_paths([path], db=db, published=published)
        print(s.line() + f"  <- {path}")
        failed += s.failed
    with open_store(db, create=False, read_only=True) as store:
        print()
        print(situation_report(store))
    if not serve:
        return 1 if failed else 0
    try:
        from sitroom.serve.api import serve_forever  # noqa: PLC0415 - the server extra may be missing
    except ImportError:
        print(json.dumps({"note": "map server not available in this build"}))
        return 1 if failed else 0
    print(f"\nServing the map on http://{host}:{port}/  (Ctrl-C to stop)")
    serve_forever(db=db, host=host, port=port)
    return 1 if failed else 0
