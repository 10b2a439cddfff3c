"""The attribute ruler read as a table (sitroom.extract.attribute_table) sets the same tags, parts of speech,
morphology, lemmas and labels as spaCy's own ruler: real model, texts of the shared corpus read in place and sentences
written for the patterns of more than one token ("gonna", "there is", "let's") and for spaces."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from sitroom.eval.gold import load_split
from sitroom.extract.attribute_table import AttributeTable, Unsupported, fast
from sitroom.extract.nlp import load_nlp

WRITTEN = [
    "There's gonna be trouble, y'all.  Let's go, c'mon: I ain't nothin' but tired.\n\n  \t",
    "But he did. I gotta go; you said it to me and I know it, whether or not they are there.",
    "Is it true that there were 30 soldiers?  Do you have them? He has, and so have I.",
]
COLUMNS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]


def _texts() -> list[str]:
    corpus = Path(os.environ.get("SITROOM_SHARED", "../shared")) / "corpus" / "world-voa"
    tune = load_split(Path(__file__).resolve().parent.parent / "gold" / "split.yaml")["tune"]
    # the first six texts of the tune part (the held part is read by evals only)
    files = [f for f in sorted(corpus.rglob("*.txt")) if f.name[:3] in tune][:6] if corpus.is_dir() else []
    return WRITTEN + [f.read_text(encoding="utf-8", errors="replace") for f in files]


def _parsed(nlp, text: str) -> Doc:
    doc = nlp.make_doc(text)
    for name in ("tok2vec", "tagger", "parser"):
        doc = nlp.get_pipe(name)(doc)
    return doc


def test_the_table_sets_what_the_ruler_sets():
    nlp = load_nlp()
    ruler = nlp.get_pipe("attribute_ruler")
    table = AttributeTable(ruler)
    assert table.multi, "the model's two-token patterns are read"
    for text in _texts():
        a = _parsed(nlp, text)
        b = Doc(nlp.vocab).from_bytes(a.to_bytes())
        ruler(a)
        table(b)
        assert (a.to_array(COLUMNS) == b.to_array(COLUMNS)).all(), text[:60]
        assert [str(t.morph) for t in a] == [str(t.morph) for t in b]
    assert fast(ruler) is fast(ruler)
    assert isinstance(fast(ruler), AttributeTable)


def test_a_pattern_the_table_cannot_read_keeps_the_ruler():
    from spacy.lang.en import English

    nlp = English()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "A"})
    with pytest.raises(Unsupported):
        AttributeTable(ruler)
    assert fast(ruler) is ruler
    ruler2 = nlp.add_pipe("attribute_ruler", name="other")
    ruler2.add([[{"SHAPE": "xx"}]], {"LEMMA": "A"})
    assert fast(ruler2) is ruler2
