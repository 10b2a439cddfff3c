"""spaCy's rule lemmatizer with one lookup per distinct word form (issue 14, "speed through the gate").

The English lemmatizer (``mode: rule``) gives a token the first lemma of ``rule_lemmatize``, a function of its text,
part of speech and morphology (spaCy's own cache is keyed by exactly these three); but it reaches that cache through
a ``Token`` object per token and sets each lemma by its string, about 7% of the pipeline's time. :class:`LemmaTable`
reads the three columns with ``Doc.to_array``, asks the lemmatizer once per distinct (text, part of speech,
morphology) it has not seen, and writes the lemmas back with ``Doc.from_array``: the same lemmas
(``tests/test_lemma_table.py`` compares the two on real text). A lemma is kept as its string, and added to the
vocabulary's strings at each use (a string added inside a ``memory_zone`` is gone after it). A lemmatizer in any
other mode is run as it is (:func:`fast`).
"""

from __future__ import annotations

from typing import Any, cast

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.tokens import Doc

_READ = [ORTH, POS, MORPH, LEMMA]


class LemmaTable:
    """What ``lemmatizer`` (a spaCy ``Lemmatizer`` in rule or lookup mode) sets, looked up per distinct form."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.seen: dict[tuple[int, int, int], str] = {}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        lem = self.lemmatizer
        if not lem._validated:
            lem._validate_tables(Errors.E1004)
        arr = doc.to_array(_READ)
        todo = range(n) if lem.overwrite else numpy.flatnonzero(arr[:, 3] == 0).tolist()
        if not len(todo):
            return doc
        rows = arr.tolist()
        lemmas = arr[:, 3].copy()
        add, seen = doc.vocab.strings.add, self.seen
        for i in todo:
            orth, pos, morph, _ = rows[i]
            key = (orth, pos, morph)
            got = seen.get(key)
            if got is None:
                got = lem.lemmatize(doc[i])[0]
                if len(seen) < 500_000:
                    seen[key] = got
            lemmas[i] = add(got)
        doc.from_array([LEMMA], cast(Any, lemmas.reshape(-1, 1)))
        return doc


_TABLES: dict[int, tuple[Any, Any]] = {}


def fast(lemmatizer: Any) -> Any:
    """``lemmatizer`` as a :class:`LemmaTable` (made once per lemmatizer), or itself if its mode is not one whose
    lemma is a function of the token's text, part of speech and morphology."""
    got = _TABLES.get(id(lemmatizer))
    if got is None or got[0] is not lemmatizer:
        table = LemmaTable(lemmatizer) if getattr(lemmatizer, "mode", None) in ("rule", "lookup") else lemmatizer
        got = _TABLES[id(lemmatizer)] = (lemmatizer, table)
    return got[1]
