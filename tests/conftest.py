"""Shared fixtures: the shared data folder (read in place) and one real pipeline per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SITROOM_SHARED") or ROOT.parent / "shared")
if not SHARED.is_absolute():
    SHARED = (ROOT / SHARED).resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seed").is_dir():
        pytest.skip(f"shared data folder not found at {SHARED} (set SITROOM_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    from sitroom.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def extract(pipeline):
    from sitroom.ingest import article_from_text

    def run(text: str, published: str | None = "2021-08-12", **kw):
        return pipeline.run(article_from_text(text, published=published, **kw))

    return run
