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
the sentence stay its own. So is a sentence where a listed form is a verb the parse hangs on a noun (a compound of
the next name, a conjunct of the subject); the second parse is kept only where it reads the stand-in as a verb.

A verb the parse gives a subject on each side and no object has its second subject made its object ("In January its
troops retook Wad Madani, ..."), unless a word before the verb inverts its subject ("did the rebels take ...").
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, cast

from spacy.attrs import DEP, HEAD, LOWER, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from sitroom.extract import lexicon
from sitroom.extract.nlp import tokens_with_dep

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
                if any(t.lower_ in stand and t.dep_ and _misread(t) for t in sent):
                    self._parse_again(doc, sent, stand)
        if not lowers.isdisjoint(_hashes(lexicon.words("control", "participle_stand_ins"))) and doc.has_annotation(
            "DEP"
        ):
            parts = lexicon.table("control", "participle_stand_ins")  # (a new dict each call: only where one occurs)
            for sent in list(doc.sents):
                if any(t.lower_ in parts and _main_participle(t) for t in sent):
                    self._parse_again(doc, sent, parts, verbs=False)
        if doc.has_annotation("DEP"):
            _second_subject(doc)
        if lowers.isdisjoint(_hashes(lexicon.words("control", "verb_forms"))):
            return doc
        for tok in doc:
            lemma = forms.get(tok.lower_)
            if lemma is not None and tok.lemma_ != lemma:
                tok.lemma_ = lemma
                if tok.pos_ != "VERB":
                    tok.pos_, tok.tag_ = "VERB", "VBN" if tok.lower_.endswith("en") else "VBD"
        return doc

    def _parse_again(self, doc: Doc, sent: Span, stand: dict[str, Any], verbs: bool = True) -> None:
        """``sent`` parsed as one sentence with each listed form replaced by its stand-in; tags and arcs copied
        (``verbs``: the stand-ins are verbs, kept only where the second parse reads them so; else adjectives, kept
        only where the second parse does not make one its sentence's root)."""
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
        if verbs and any(a.lower_ in stand and a.pos_ == "VERB" and _misread(b) for a, b in zip(sent, sub)):
            return  # a verb on a noun's arc whose stand-in is misread too: keep the first parse
        if not verbs and any(a.lower_ in stand and b.dep_ == "ROOT" for a, b in zip(sent, sub)):
            return  # the stand-in heads the sentence too: keep the first parse
        starts = doc.to_array([SENT_START])
        arr = doc.to_array(_COPIED)
        arr[sent.start : sent.end] = sub.to_array(_COPIED)
        doc.from_array(_COPIED, cast(Any, arr))  # a DEP is set: spaCy rebuilds every token's tree from the heads
        doc.from_array([SENT_START], cast(Any, starts))


# arcs a verb form does not take: a form on one of them was read as part of a noun phrase ("The RSF overran Nyala,
# Zalingei ..." came out as a compound of "Nyala"; "Militants from ... the Levant overran Mosul" as a conjunct of
# "Militants")
_NOMINAL_ARCS = frozenset({"compound", "amod", "nmod", "appos", "poss", "nsubj", "nsubjpass", "dobj", "pobj", "attr"})


def _misread(t) -> bool:
    """Whether the parse misread verb form ``t``: tagged other than a verb, on a noun's arc, or a conjunct of a noun
    that heads its sentence (a verb coordinated with a noun)."""
    if t.pos_ != "VERB" or t.dep_ in _NOMINAL_ARCS:
        return True
    return t.dep_ == "conj" and t.head.dep_ == "ROOT" and t.head.pos_ in ("NOUN", "PROPN")


def _main_participle(t) -> bool:
    """Is participle ``t`` of allegiance ("allied", "linked") read as its sentence's verb, with its noun as subject, a
    "to" / "with" phrase, and the sentence's real verb hung on it as a clause ("Forces allied to X swept into Y")?"""
    return (
        t.tag_ in ("VBN", "VBD")
        and t.dep_ in ("ROOT", "ccomp")
        and any(c.dep_ == "prep" and c.lower_ in ("to", "with") for c in t.children)
        and any(c.dep_ == "nsubj" and c.i < t.i for c in t.children)
        and any(
            c.dep_ in ("advcl", "conj", "ccomp") and c.tag_ in ("VBD", "VBZ", "VBP") and c.i > t.i for c in t.children
        )
    )


def _second_subject(doc: Doc) -> None:
    """A verb given a subject on each side and no object: the one after it is its object ("In January its troops
    retook Wad Madani, the capital of ..." gave "Wad Madani" as a second subject)."""
    for t in tokens_with_dep(doc, "nsubj"):
        v = t.head
        if (
            t.i > v.i
            and v.pos_ == "VERB"
            and v.i > 0
            and doc[v.i - 1].lower_ not in lexicon.words("control", "subject_inverting_words")
        ):
            kids = [c.dep_ for c in v.children]
            if "dobj" not in kids and "ccomp" not in kids and any(c.dep_ == "nsubj" and c.i < v.i for c in v.children):
                t.dep_ = "dobj"


@lru_cache(maxsize=16)
def _hashes(keys: frozenset[str]) -> frozenset[int]:
    """The string ids of a lexicon section's words (made once per section: ``lexicon.words`` gives the same
    frozenset until the lexicon is reloaded; ``lexicon.table`` a new dict at each call, which a cache keyed by the
    dict's id kept for ever, two per Doc)."""
    return frozenset(get_string_id(k) for k in keys)


@Language.factory("sitroom_lemmas")
def sitroom_lemmas(nlp: Language, name: str) -> _Lemmas:
    return _Lemmas(nlp)
