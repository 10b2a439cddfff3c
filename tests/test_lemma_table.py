"""The lemmatizer read as a table (sitroom.extract.lemma_table) sets the same lemmas as spaCy's own lemmatizer: real
model, texts of the shared corpus read in place and sentences written for forms whose lemma depends on the part of
speech or the morphology ("saw" the verb and the noun, "left", "better", "'s")."""

from __future__ import annotations

import os
from pathlib import Path

from spacy.attrs import LEMMA
from spacy.tokens import Doc

from sitroom.eval.gold import load_split
from sitroom.extract.lemma_table import LemmaTable, fast
from sitroom.extract.nlp import load_nlp

WRITTEN = [
    "She saw the saw. They left the left bank; better men had bettered it, and the rebels' leader's men fled.",
    "Fighters were killed, wounded and captured. He's been shelling towns; the shelled towns are being rebuilt.",
    "Is it true that there were 30 soldiers?  Do you have them? He has, and so have I.\n\n  \t",
]


def _texts() -> list[str]:
    corpus = Path(os.environ.get("SITROOM_SHARED", "../shared")) / "corpus" / "world-voa"
    tune = load_split(Path(__file__).resolve().parent.parent / "gold" / "split.yaml")["tune"]
    # the first six texts of the tune part (the held part is read by evals only)
    files = [f for f in sorted(corpus.rglob("*.txt")) if f.name[:3] in tune][:6] if corpus.is_dir() else []
    return WRITTEN + [f.read_text(encoding="utf-8", errors="replace") for f in files]


def _tagged(nlp, text: str) -> Doc:
    doc = nlp.make_doc(text)
    for name in ("tok2vec", "tagger", "parser", "attribute_ruler"):
        doc = nlp.get_pipe(name)(doc)
    return doc


def test_the_table_sets_what_the_lemmatizer_sets():
    nlp = load_nlp()
    lemmatizer = nlp.get_pipe("lemmatizer")
    table = LemmaTable(lemmatizer)
    n = 0
    for text in _texts() * 2:  # twice: the second pass reads the table's memory
        a = _tagged(nlp, text)
        b = Doc(nlp.vocab).from_bytes(a.to_bytes())
        lemmatizer(a)
        table(b)
        assert (a.to_array([LEMMA]) == b.to_array([LEMMA])).all(), text[:60]
        n += len(a)
    assert len(table.seen) < n / 2, "forms are looked up once"
    assert [t.lemma_ for t in table(_tagged(nlp, WRITTEN[0]))][:4] == ["she", "see", "the", "saw"]
    assert fast(lemmatizer) is fast(lemmatizer)
    assert isinstance(fast(lemmatizer), LemmaTable)


def test_a_lemmatizer_of_another_mode_is_kept():
    from spacy.lang.pl import Polish

    lemmatizer = Polish().add_pipe("lemmatizer", config={"mode": "pos_lookup"})  # reads its own tables by tag
    assert fast(lemmatizer) is lemmatizer


def test_the_verb_forms_component_keeps_nothing_per_doc(pipeline):
    # sitroom_lemmas cached the hashes of a lexicon table by the table's id, and lexicon.table gives a new dict at
    # each call: two entries a Doc, kept for the life of the process
    from sitroom.extract import lemmas

    def held() -> int:
        return sum(len(v) for k, v in vars(lemmas).items() if isinstance(v, dict | list | set) and k != "__builtins__")

    nlp = pipeline.nlp
    nlp("Rebels retook the town on Monday.")
    before = held()
    for k in range(20):
        nlp(f"Rebels retook the town on day {k}; the army overtook it again.")
    assert held() == before
