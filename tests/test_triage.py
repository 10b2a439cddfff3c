"""The gate first (issue 14, "speed through the gate"): a sentence that may hold an event, or that another stage reads
the parse for, is parsed in full; one that asks for nothing keeps its place among the sentences but no parse.
Sentences written for the tests; not timed (speed is bench/throughput.py's)."""

from __future__ import annotations

import pytest

from sitroom.extract import gate
from sitroom.extract.bounded import CHUNK_CHARS
from sitroom.extract.nlp import parsed
from sitroom.ingest import article_from_text
from sitroom.pipeline import State

EVENT = "Rebel fighters attacked an army checkpoint near Kidal on Sunday, killing five soldiers."
PLAIN = "The choir rehearsed new songs for the autumn concert."
OWN = "I think that is right."
REPORTED = "The mayor said the bakery would open late."

pytestmark = pytest.mark.skipif(not gate.enabled(), reason="the relevance gate is not trained in this checkout")


@pytest.fixture(autouse=True)
def _triage_on(monkeypatch):
    """The triage is off by default (sitroom.extract.triage); these tests turn it on."""
    monkeypatch.setenv("SITROOM_TRIAGE", "on")


def test_triage_is_off_by_default_and_a_sentence_with_tex_quotes_is_read(pipeline, monkeypatch):
    """Off by default: a sentence left unparsed that holds a ``` `` ``` token crashed spaCy (a segmentation fault) when
    a stage walked its tokens' children; with the triage off it is parsed and read."""
    from sitroom.extract import triage

    monkeypatch.delenv("SITROOM_TRIAGE")
    assert not triage.enabled()
    text = "On Monday the regional assembly passed a ``reconciliation law'' backed by Amina Okafor's alliance."
    a, doc = _run(pipeline, text)
    assert all(parsed(s) for s in doc.sents) and a.sentences


def _run(pipeline, text: str):
    a = article_from_text(text, published="2021-08-08")
    st = State()
    for c in pipeline.components:
        c.func(pipeline, a, st)
    return a, st.doc


def _sent(doc, text: str):
    return next(s for s in doc.sents if s.text.strip() == text)


def test_event_sentence_parsed_plain_sentence_not(pipeline):
    text = f"{PLAIN}\n\n{EVENT}\n\n{OWN} {PLAIN}"
    a, doc = _run(pipeline, text)
    assert parsed(_sent(doc, EVENT))
    root = [t for t in _sent(doc, EVENT) if t.dep_ == "ROOT"]
    assert len(root) == 1 and root[0].lemma_ == "attack"
    assert not parsed(_sent(doc, PLAIN))  # no tags, lemmas or arcs: the parser never saw it
    assert all(not t.pos_ and not t.lemma_ for t in _sent(doc, PLAIN))
    assert not parsed(_sent(doc, OWN))  # a reporting verb in the speaker's own voice names no source
    # every sentence is still a sentence of the article, at its own offsets
    assert [text[s.start : s.end] for s in a.sentences] == [PLAIN, EVENT, OWN, PLAIN]
    assert [e.sub_event_type for e in a.events] == ["Armed clash"]
    assert text[a.events[0].evidence[0].start : a.events[0].evidence[0].end].strip() == EVENT


def test_reporting_sentence_parsed_for_attribution(pipeline):
    a, doc = _run(pipeline, f"{PLAIN} {REPORTED}")
    assert parsed(_sent(doc, REPORTED)) and not parsed(_sent(doc, PLAIN))
    assert [(q.speaker, q.text.text, q.mode) for q in a.quotes] == [
        ("The mayor", "the bakery would open late", "indirect")
    ]


def test_gate_off_parses_every_sentence(pipeline, monkeypatch):
    monkeypatch.setenv("SITROOM_GATE", "off")
    _, doc = _run(pipeline, f"{PLAIN}\n\n{EVENT}\n\n{OWN}")
    assert all(parsed(s) for s in doc.sents if s.text.strip())


def test_sentences_kept_across_chunks(pipeline):
    """A text longer than one chunk: the unparsed sentences keep their own starts when the chunks are joined."""
    n = CHUNK_CHARS // len(PLAIN) + 20
    text = "\n\n".join([PLAIN] * n + [EVENT] + [PLAIN] * 5)
    a, doc = _run(pipeline, text)
    assert len(a.sentences) == n + 6
    assert all(text[s.start : s.end] in (PLAIN, EVENT) for s in a.sentences)
    assert parsed(_sent(doc, EVENT))
    assert sum(1 for s in doc.sents if parsed(s)) == 1
