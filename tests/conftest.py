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


class ExtractOnce:
    """The session's real pipeline, run once per article per test run: the stores that several test modules
    build from the same corpus (seed, VOA, White House) share the extraction, which is most of their cost.

    What ``ingest_paths`` needs of a pipeline (``settings`` and ``pipe``), answering an article seen before
    (the same text and metadata, as ingest read them) with a copy of the result the real pipeline gave it the
    first time; an article it has not seen goes through the real pipeline. Nothing is stubbed: every fact comes
    from the pipeline, and an error is yielded as the pipeline yields it (and not kept).
    """

    def __init__(self, pipeline) -> None:
        self.pipeline = pipeline
        self.settings = pipeline.settings
        self._done: dict[str, str] = {}

    def pipe(self, articles):
        from sitroom.errors import SitroomError
        from sitroom.model import Article

        for item in articles:
            if isinstance(item, SitroomError):
                yield item
                continue
            key = item.model_dump_json()  # the ingested article: text and every metadata field, no facts yet
            hit = self._done.get(key)
            if hit is None:
                [result] = list(self.pipeline.pipe([item]))
                if isinstance(result, SitroomError):
                    yield result
                    continue
                hit = self._done[key] = result.model_dump_json()
            yield Article.model_validate_json(hit)


@pytest.fixture(scope="session")
def extract_once(pipeline) -> ExtractOnce:
    return ExtractOnce(pipeline)


# the services some tests need, and how to get them (what `make test` / .ci/run set up where they can)
_SERVICES = (("SITROOM_TEST_PG", "PostgreSQL"), ("chromium", "Chromium"))


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter):
    """One line naming the tests skipped for want of PostgreSQL or Chromium, and the command that enables them."""
    need: dict[str, int] = {}
    for rep in terminalreporter.stats.get("skipped", []):
        reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else str(rep.longrepr)
        for marker, service in _SERVICES:
            if marker.lower() in reason.lower():
                need[service] = need.get(service, 0) + 1
                break
    if need:
        what = ", ".join(f"{n} need {service}" for service, n in sorted(need.items()))
        terminalreporter.write_line(
            f"skipped tests: {what}; as root, `make test` (or .ci/run) installs and starts "
            f"them; or set SITROOM_TEST_PG=postgresql://USER:PASS@HOST/DB for another server"
        )
