"""Lemmas the model's rule lemmatizer gets wrong, repaired from data; sentences misparsed around such a form,
parsed again.

The English rule lemmatizer has no exception for some irregular verb forms ("retook" stays "retook", and a
misread "overtook" tagged as a noun stays "overtook"), so every rule that reads a trigger by its lemma misses them.
The spaCy component ``sitroom_lemmas`` (added after the lemmatizer by :class:`sitroom.pipeline.Pipeline`) sets the
lemma of each surface form listed in ``verb_forms`` of ``sitroom/data/lexicon/control.yaml``; these forms are
verbs only, so a form the tagger took for a noun or an adjective is tagged as the past-tense verb it is.

A form the tagger took for a noun also breaks the parse around it ("South Sudan's army retook Bor, the capital of
Jonglei state, from rebels ..." came out as a noun phrase "army retook Bor" with no verb). Such a sentence is
parsed again with the form replaced by a regular verb of the same meaning that the model knows (``verb_stand_ins``
of the same file: "retook" -> "recaptured"), and its tags and arcs are copied back; the text, offsets and names of
the sentence stay its own.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, cast

from spacy.attrs import DEP, HEAD, LOWER, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from sitroom.extract import lexicon

_COPIED = [TAG, POS, MORPH, HEAD, DEP]
# the components a sentence is parsed again with (the ones before this one that read or write tags and arcs)
_REPARSE = ("tok2vec", "tagger", "parser", "attribute_ruler")


class _Lemmas:
    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        forms = lexicon.table("control", "verb_forms")
        stand = lexicon.table("control", "verb_stand_ins")
        lowers = set(doc.to_array([LOWER]).tolist())  # the forms of the Doc, as hashes (no Token object per token)
        if not lowers.isdisjoint(_hashes(lexicon.words("control", "verb_stand_ins"))) and doc.has_annotation("DEP"):
            for sent in list(doc.sents):
                if any(t.lower_ in stand and t.pos_ != "VERB" and t.dep_ for t in sent):
                    self._parse_again(doc, sent, stand)
        if lowers.isdisjoint(_hashes(lexicon.words("control", "verb_forms"))):
            return doc
        for tok in doc:
            lemma = forms.get(tok.lower_)
            if lemma is not None and tok.lemma_ != lemma:
                tok.lemma_ = lemma
                if tok.pos_ != "VERB":
                    tok.pos_, tok.tag_ = "VERB", "VBN" if tok.lower_.endswith("en") else "VBD"
        return doc

    def _parse_again(self, doc: Doc, sent: Span, stand: dict[str, Any]) -> None:
        """``sent`` parsed as one sentence with each listed form replaced by its stand-in; tags and arcs copied."""
        words = []
        for t in sent:
            w = stand.get(t.lower_)
            words.append(t.text if w is None else (w.capitalize() if t.text[:1].isupper() else str(w)))
        sub = Doc(
            self.nlp.vocab,
            words=words,
            spaces=[bool(t.whitespace_) for t in sent],
            sent_starts=cast(Any, [True] + [False] * (len(sent) - 1)),
        )
        for a, b in zip(sent, sub):
            if a.lower_ not in stand:
                b.norm_ = a.norm_  # the tokenizer's special cases ("n't" -> "not"), which the tagger reads
        procs = dict(self.nlp.pipeline)
        for name in _REPARSE:
            if name in procs:
                sub = procs[name](sub)
        if not sub.has_annotation("DEP") or any(t.is_sent_start for t in sub[1:]):
            return  # the parser split it after all: keep the first parse
        starts = doc.to_array([SENT_START])
        arr = doc.to_array(_COPIED)
        arr[sent.start : sent.end] = sub.to_array(_COPIED)
        doc.from_array(_COPIED, cast(Any, arr))  # a DEP is set: spaCy rebuilds every token's tree from the heads
        doc.from_array([SENT_START], cast(Any, starts))


@lru_cache(maxsize=16)
def _hashes(keys: frozenset[str]) -> frozenset[int]:
    """The string ids of a lexicon section's words (made once per section: ``lexicon.words`` gives the same
    frozenset until the lexicon is reloaded; ``lexicon.table`` a new dict at each call, which a cache keyed by the
    dict's id kept for ever, two per Doc)."""
    return frozenset(get_string_id(k) for k in keys)


@Language.factory("sitroom_lemmas")
def sitroom_lemmas(nlp: Language, name: str) -> _Lemmas:
    return _Lemmas(nlp)
