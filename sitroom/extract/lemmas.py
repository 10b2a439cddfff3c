"""Lemmas the model's rule lemmatizer gets wrong, repaired from data.

The English rule lemmatizer has no exception for some irregular verb forms ("retook" stays "retook", and a
misread "overtook" tagged as a noun stays "overtook"), so every rule that reads a trigger by its lemma misses them.
The spaCy component ``sitroom_lemmas`` (added after the lemmatizer by :class:`sitroom.pipeline.Pipeline`) sets the
lemma of each surface form listed in ``verb_forms`` of ``sitroom/data/lexicon/control.yaml``; these forms are
verbs only, so a form the tagger took for a noun or an adjective is tagged as the past-tense verb it is.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from sitroom.extract import lexicon


@Language.component("sitroom_lemmas")
def sitroom_lemmas(doc: Doc) -> Doc:
    forms = lexicon.table("control", "verb_forms")
    for tok in doc:
        lemma = forms.get(tok.lower_)
        if lemma is not None and tok.lemma_ != lemma:
            tok.lemma_ = lemma
            if tok.pos_ != "VERB":
                tok.pos_, tok.tag_ = "VERB", "VBN" if tok.lower_.endswith("en") else "VBD"
    return doc
