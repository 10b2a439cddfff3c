"""The relevance gate: does a sentence tell a conflict event at all?

A small spaCy text classifier (bag of words and bigrams, CPU), trained by ``make train``
(:mod:`sitroom.eval.train_gate`) from labelled sentences and shipped under ``sitroom/data/models/gate/`` with a
manifest (data hash, command, seed, metrics). It reads the sentence's words only, so it costs next to nothing
beside the parse; the event stage asks it before it reads any trigger of a sentence, and a sentence it rejects
gives no event ("Angola is fighting corruption", "the debt limit", "600,000 Americans have died of COVID").

``SITROOM_GATE=off`` disables it (every sentence passes), for comparisons.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import spacy

from sitroom.config import DATA_DIR
from sitroom.errors import ModelError

MODEL_DIR = DATA_DIR / "models" / "gate"
LABEL = "EVENT"


@lru_cache(maxsize=1)
def _load():
    if not (MODEL_DIR / "meta.json").is_file():
        return None, 0.5
    try:
        nlp = spacy.load(MODEL_DIR)
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"the relevance gate in {MODEL_DIR} cannot be loaded ({exc})", hint="run `make train` to rebuild it"
        ) from exc
    manifest = MODEL_DIR / "manifest.json"
    threshold = 0.5
    if manifest.is_file():
        threshold = float(json.loads(manifest.read_text(encoding="utf-8")).get("threshold", 0.5))
    return nlp, threshold


def enabled() -> bool:
    return os.environ.get("SITROOM_GATE", "on").lower() not in ("off", "0", "false", "no") and _load()[0] is not None


_SEEN: dict[str, float] = {}  # the last texts scored (the triage asks before the parse, the event stage after it)
_SEEN_MAX = 4096


def scores(texts: list[str]) -> list[float]:
    """P(EVENT) of each text (1.0 for all when the gate is off or not trained)."""
    nlp, _ = _load()
    if nlp is None or not enabled():
        return [1.0] * len(texts)
    norm = [" ".join(t.split()) for t in texts]
    if len(_SEEN) + len(norm) > _SEEN_MAX:
        _SEEN.clear()
    todo = list(dict.fromkeys(t for t in norm if t not in _SEEN))
    for t, d in zip(todo, nlp.pipe(todo, batch_size=64)):
        _SEEN[t] = float(d.cats.get(LABEL, 0.0))
    return [_SEEN[t] for t in norm]


def passes(texts: list[str]) -> list[bool]:
    """Which texts the gate lets through."""
    _, threshold = _load()
    return [s >= threshold for s in scores(texts)]


def threshold() -> float:
    return _load()[1]


def reload() -> None:
    _load.cache_clear()
    _SEEN.clear()


def model_path() -> Path:
    return MODEL_DIR
