"""A headline's verb in the present tense, which the tagger reads as a noun ("Taliban overrun key district in Helmand
province", "Rebels flee capital", "Battles rage in Homs": a string of nouns with no verb).

Headlinese tells news in the present tense, and the small model, trained on running text, takes a bare plural
present after a plural noun for a compound noun. A headline that gave no event in sentence case
(:mod:`sitroom.extract.headlines`) is parsed again with one word of ``headline_verbs`` (``lexicon/events.yaml``)
in the past tense; the first such reading whose replaced word is the verb at the root of the headline is kept: its
tags, arcs and lemmas are copied onto the headline's own tokens (text and offsets unchanged, so places and actors
found by offset stay where they are), the replaced word lemmatised as the verb it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

from sitroom.extract import lexicon

_COPIED = [TAG, POS, MORPH, HEAD, DEP, LEMMA]
_REPARSE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


def verb_lemma(word: str) -> str | None:
    """The headline verb ``word`` is a present form of (the bare form or its "-s" / "-es" form), or None."""
    table = lexicon.table("events", "headline_verbs")
    for cut in (0, 1, 2):
        stem = word[: len(word) - cut] if cut else word
        if stem in table and (cut == 0 or word[len(stem) :] in ("s", "es")[cut - 1 : cut]):
            return stem
    return None


def readings(nlp: Language, doc: Doc, start: int, end: int) -> Iterator[Doc]:
    """Copies of ``doc`` whose headline (characters ``start`` to ``end``) is parsed with one present-tense verb of
    ``headline_verbs`` read as a verb, in the order of the words; each yields only where that word became the
    headline's root verb."""
    past = lexicon.table("events", "headline_verbs")
    toks = [t for t in doc if start <= t.idx < end and not t.is_space]
    for t in toks[1:]:  # the first word is the headline's subject or its modifier
        if t.pos_ == "VERB" or not t.text.islower():
            continue  # a verb already, or a name (names keep their case)
        lemma = verb_lemma(t.lower_)
        if lemma is None:
            continue
        words = [str(past[lemma]) if w.i == t.i else w.text for w in doc]
        sub = Doc(nlp.vocab, words=words, spaces=[bool(w.whitespace_) for w in doc])
        procs = dict(nlp.pipeline)
        for name in _REPARSE:
            if name in procs:
                sub = procs[name](sub)
        v = sub[t.i]
        if v.pos_ != "VERB" or v.dep_ != "ROOT" or any(w.is_sent_start for w in sub[toks[0].i + 1 : toks[-1].i + 1]):
            continue
        new = doc.copy()
        new.from_array(_COPIED, cast(Any, sub.to_array(_COPIED)))
        new[t.i].lemma_ = lemma
        yield new
