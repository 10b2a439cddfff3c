"""Parse repairs of the ``sitroom_lemmas`` component (sitroom.extract.lemmas): a verb form the model misreads as part
of a noun phrase makes its sentence parsed again with a stand-in verb; a verb given a subject on each side and no
object gets the one after it as its object. Real model; invented sentences of several wars."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from sitroom.extract.lemmas import _second_subject


def _dep(doc, word: str) -> str:
    return next(t.dep_ for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "verb", "obj"),
    [
        # the model reads "overran" as a compound of the first listed town, or as a conjunct of "Fighters"
        ("SANAA, Yemen — The Houthis overran Hazm, Harib and Sirwah last year, officials said.", "overran", "Hazm"),
        ("The RSF overran Nyala, Zalingei, El Geneina and Ed Daein last year.", "overran", "Nyala"),
        (
            "Fighters from the Islamic State West Africa Province overran Baga, a fishing town on Lake Chad, on Saturday.",
            "overran",
            "Baga",
        ),
    ],
)
def test_a_misread_verb_form_is_parsed_again_as_a_verb(pipeline, text, verb, obj):
    doc = pipeline.nlp(text)
    v = next(t for t in doc if t.text == verb)
    assert v.pos_ == "VERB" and v.dep_ in ("ROOT", "relcl", "ccomp", "advcl")
    assert _dep(doc, obj) == "dobj"


def test_a_verb_read_well_is_not_parsed_again(pipeline):
    doc = pipeline.nlp("Rebels seized the town of Boni on Tuesday, and the army overran their camp a week later.")
    assert _dep(doc, "overran") == "conj" and _dep(doc, "camp") == "dobj"


def _parsed(pipeline, words, heads, deps, pos):
    return Doc(pipeline.nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)


def test_a_second_subject_after_the_verb_is_its_object(pipeline):
    # the parse the model gave "In January its troops retook Wad Madani, ...": "Madani" a second subject
    words = ["In", "January", "its", "troops", "retook", "Wad", "Madani", "."]
    heads = [4, 0, 3, 4, 4, 6, 4, 4]
    deps = ["prep", "pobj", "poss", "nsubj", "ROOT", "compound", "nsubj", "punct"]
    pos = ["ADP", "PROPN", "PRON", "NOUN", "VERB", "PROPN", "PROPN", "PUNCT"]
    doc = _parsed(pipeline, words, heads, deps, pos)
    _second_subject(doc)
    assert _dep(doc, "Madani") == "dobj" and _dep(doc, "troops") == "nsubj"


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos"),
    [
        # a question's subject after its verb: "Did the rebels take Gao?" has no subject before the verb
        (
            ["Did", "the", "rebels", "take", "Gao", "?"],
            [3, 2, 3, 3, 3, 3],
            ["aux", "det", "nsubj", "ROOT", "dobj", "punct"],
            ["AUX", "DET", "NOUN", "VERB", "PROPN", "PUNCT"],
        ),
        # a verb with an object already: the second subject stays as the parse made it
        (
            ["Troops", "took", "Gao", "rebels"],
            [1, 1, 1, 1],
            ["nsubj", "ROOT", "dobj", "nsubj"],
            ["NOUN", "VERB", "PROPN", "NOUN"],
        ),
    ],
)
def test_no_second_subject_is_made_an_object_without_cause(pipeline, words, heads, deps, pos):
    doc = _parsed(pipeline, words, heads, deps, pos)
    before = [t.dep_ for t in doc]
    _second_subject(doc)
    assert [t.dep_ for t in doc] == before


@pytest.mark.parametrize(
    ("text", "participle", "verb"),
    [
        # the model makes "allied" / "linked" the sentence's verb and the real verb its clause
        (
            "TRIPOLI, Libya (Reuters) - Forces allied to the Tripoli government swept into Tarhuna late on Friday.",
            "allied",
            "swept",
        ),
        (
            "Insurgents linked to the Islamic State seized the port town of Mocimboa da Praia on Wednesday.",
            "linked",
            "seized",
        ),
        (
            "Militiamen aligned with the junta torched the village of Kyun Taw on Sunday, residents said.",
            "aligned",
            "torched",
        ),
    ],
)
def test_a_participle_of_allegiance_is_not_the_sentences_verb(pipeline, text, participle, verb):
    doc = pipeline.nlp(text)
    p, v = (next(t for t in doc if t.text == w) for w in (participle, verb))
    assert p.head.i != p.i and p.dep_ not in ("ROOT", "ccomp"), (p.dep_, v.dep_)
    assert any(c.dep_ == "nsubj" for c in v.children), [(t.text, t.dep_) for t in doc]
