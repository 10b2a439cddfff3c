"""The parse of one article with its memory bounded by design (issue 16).

spaCy's memory grows with the length of the Doc it is given, and the extractors' work with the number of its
sentences; an article at the 1,000,000-character limit made of very short sentences once took 3.46 GB for
700,000 characters. So the parse is streamed and capped:

* the text is parsed in **chunks** of about ``CHUNK_CHARS`` characters, cut at paragraph breaks (else line breaks,
  else a sentence end, else a space), one chunk at a time, and the chunks' Docs are joined
  (``Doc.from_docs``: the same text, offsets unchanged);
* **sentence count**: parsing stops once ``max_sentences`` sentences are read (``SITROOM_MAX_SENTENCES``); the
  facts of the article come from ``text[:chars_read]``, the rest of its text is kept but not read;
* **sentence length**: no sentence is longer than ``max_sentence_tokens`` tokens (``SITROOM_MAX_SENTENCE_TOKENS``):
  a longer run without a sentence start gets one there before the parser runs (the parser keeps preset starts).

With a triage (:mod:`sitroom.extract.triage`, the relevance gate first) only the sentences that need it go through the
tagger, parser and lemmatizer; the others keep spaCy's ``senter`` boundaries and the entity recogniser's names.

What was cut is recorded on the article (:class:`sitroom.model.Cut`): characters and sentences read, and how many
over-long sentences were split. An article under both caps is parsed exactly as before (one chunk, nothing cut).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, cast

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, LENGTH, MORPH, NORM, POS, SENT_START, TAG
from spacy.tokens import Doc

from sitroom.extract import attribute_table, lemma_table

# a chunk's offset in the text and its sentences' character ranges -> which are parsed in full and read by the entity
# recogniser (True), read by the recogniser only (False), by neither (None) or parsed but not read by the recogniser
# (PARSE_ONLY: a sentence that names no one)
Decide = Callable[[int, list[tuple[int, int]]], list[bool | str | None]]
PARSE_ONLY = "parse only"

CHUNK_CHARS = 20_000
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"'\u201d\u2019)]?\s"), re.compile(r"\s"))


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """``(start, end)`` pieces of ``text`` of at most about ``size`` characters, covering it, cut at the best break
    in the second half of each window."""
    pos, n = 0, len(text)
    while n - pos > size:
        window = text[pos + size // 2 : pos + size]
        cut = None
        for rx in _BREAKS:
            found = [m.end() for m in rx.finditer(window)]
            if found:
                cut = pos + size // 2 + found[-1]
                break
        cut = cut or pos + size
        yield pos, cut
        pos = cut
    if pos < n or n == 0:
        yield pos, n


_FINAL = frozenset(".!?;\u2026")


def cap_sentence_length(doc: Doc, max_tokens: int) -> int:
    """Before the parser: start a sentence wherever ``max_tokens`` tokens have gone by with no sentence start and no
    sentence-final punctuation (where the parser could end one). Returns how many starts were added."""
    added = run = 0
    for i, tok in enumerate(doc):
        if i == 0 or tok.is_sent_start or doc[i - 1].text in _FINAL:
            run = 1
            continue
        run += 1
        if run > max_tokens and not tok.is_space:
            tok.is_sent_start = True
            added += 1
            run = 1
    return added


def _parse_chunk(nlp: Any, text: str, max_tokens: int) -> tuple[Doc, int]:
    doc = nlp.make_doc(text)
    split = 0
    for name, proc in _pipeline(nlp):
        if name == "parser":
            split = cap_sentence_length(doc, max_tokens)
        doc = proc(doc)
    return doc, split


_FAST = {"attribute_ruler": attribute_table.fast, "lemmatizer": lemma_table.fast}


def _pipeline(nlp: Any) -> list[tuple[str, Any]]:
    """``nlp.pipeline`` with its attribute ruler and its lemmatizer read as tables (the same attributes, faster:
    :mod:`sitroom.extract.attribute_table`, :mod:`sitroom.extract.lemma_table`)."""
    return [(name, _FAST[name](proc) if name in _FAST else proc) for name, proc in nlp.pipeline]


def _triaged_chunk(nlp: Any, text: str, max_tokens: int, decide: Decide, base: int) -> tuple[Doc, int]:
    """The chunk split into sentences cheaply (the segmenter's marks, then spaCy's ``senter``), each sentence asked
    whether it is parsed in full (``decide``). The full sentences, in order, make one Doc that goes through the
    whole pipeline but the named-entity recogniser (each run of them starts a sentence; the parser never links
    across sentences); their annotations are copied back to the chunk's Doc, whose other tokens keep no tag, lemma or
    arc and the senter's sentence starts. The recogniser then reads the whole chunk, as before."""
    doc = nlp.make_doc(text)
    procs = dict(nlp.pipeline)
    if "sitroom_segmenter" in procs:
        doc = procs["sitroom_segmenter"](doc)
    preset = doc.to_array([SENT_START]).astype("int64")
    doc = nlp.get_pipe("senter")(doc)
    n = len(doc)
    if n == 0:
        return _parse_chunk(nlp, text, max_tokens)
    flags = doc.to_array([SENT_START]).astype("int64")
    flags[0] = 1
    pos = doc.to_array([IDX, LENGTH]).astype("int64")
    starts = numpy.flatnonzero(flags == 1)
    bounds = list(zip(starts.tolist(), [*starts[1:].tolist(), n]))
    spans, which = [], []
    for k, (a, b) in enumerate(bounds):
        s, e = int(pos[a, 0]), int(pos[b - 1, 0] + pos[b - 1, 1])
        if text[s:e].strip():
            which.append(k)
            spans.append((s, e))
    full = numpy.zeros(n, dtype=bool)
    nameless = numpy.zeros(n, dtype=bool)
    run_start = numpy.zeros(n, dtype=bool)
    for k, ok in zip(which, decide(base, spans)):
        a, b = bounds[k]
        if ok is True or ok == PARSE_ONLY:
            full[a:b] = True
            run_start[a] = a == 0 or not full[a - 1]
        if ok is None or ok == PARSE_ONLY:
            nameless[a:b] = True
    if full.all():
        return _parse_chunk(nlp, text, max_tokens)
    split = 0
    if full.any():
        idx = numpy.flatnonzero(full)
        words, spaces = _words(text, pos)
        marks: list[bool | int | None] = [True if run_start[i] else _MARK[int(preset[i])] for i in idx]
        sub = Doc(
            nlp.vocab,
            words=[words[i] for i in idx],
            spaces=[spaces[i] for i in idx],
            sent_starts=marks,
        )
        # the tokenizer's special cases set a token's norm ("n’t" -> "not"), which the tagger and parser read
        sub.from_array([NORM], doc.to_array([NORM])[idx])
        for name, proc in _pipeline(nlp):
            if name == "parser":
                split += cap_sentence_length(sub, max_tokens)
            if name not in ("sitroom_segmenter", "ner"):
                sub = proc(sub)
        arr = numpy.zeros((n, len(_COPIED)), dtype="uint64")
        arr[idx] = sub.to_array(_COPIED)
        flags[idx] = sub.to_array([SENT_START]).astype("int64")
        doc.from_array(_COPIED, arr)  # a DEP is set: spaCy rebuilds every token's tree from the heads
    else:
        _bare_tree(doc)
    doc.from_array([SENT_START], flags.astype("uint64"))
    if "ner" in procs:
        keep = ~nameless & near_names(_words(text, pos)[0], NER_MARGIN)
        doc = _recognise(nlp, procs["ner"], doc, text, flags, keep) if not keep.all() else procs["ner"](doc)
    return doc, split


# how many tokens on each side of a capitalised word or a number the entity recogniser reads: its network sees four
# tokens on each side of a token, its transition step the token before (issue 14: a name's decisions see what they
# saw in the whole sentence)
NER_MARGIN = 5


def near_names(words: list[str], margin: int) -> Any:
    """Which tokens lie within ``margin`` tokens of a word that may be or hold a name or a number: one starting with
    a capital letter or holding a digit (a mask). A run of lower-case words farther from any is outside every entity
    a stage reads."""
    anchor = numpy.array([w[:1].isupper() or any(c.isdigit() for c in w) for w in words], dtype=bool)
    if not len(anchor):
        return anchor
    window = numpy.ones(2 * margin + 1, dtype="int64")
    # the full convolution, cut to the words ("same" returns the window's length for a sentence shorter than it)
    return numpy.convolve(anchor.astype("int64"), window)[margin : margin + len(anchor)] > 0


def _words(text: str, pos: Any) -> tuple[list[str], list[bool]]:
    """The tokens' texts and whether a space follows each, from their offsets and lengths in ``text`` (the Doc's
    text: no Token object is made)."""
    spans = pos.tolist()
    words = [text[s : s + n] for s, n in spans]
    nxt = [s for s, _ in spans[1:]] + [len(text)]
    return words, [s + n < x for (s, n), x in zip(spans, nxt)]


def _recognise(nlp: Any, ner: Any, doc: Doc, text: str, flags: Any, keep: Any) -> Doc:
    """The entity recogniser over the ``keep`` tokens of ``doc`` only (the sentences that may name someone), as one
    Doc of their words; the others are outside any entity."""
    n = len(doc)
    arr = numpy.zeros((n, 2), dtype="uint64")
    arr[:, 0] = 2  # O: outside an entity
    idx = numpy.flatnonzero(keep)
    if len(idx):
        words, spaces = _words(text, doc.to_array([IDX, LENGTH]).astype("int64"))
        # an entity the sub-Doc would run across a gap (where skipped tokens were) is cut there: each run of kept
        # tokens starts a sentence of the sub-Doc, which no entity crosses
        gap = numpy.append([True], idx[1:] != idx[:-1] + 1)
        starts = (flags[idx] == 1) | gap
        sub = Doc(
            nlp.vocab,
            words=[words[i] for i in idx],
            spaces=[spaces[i] for i in idx],
            sent_starts=[bool(x) for x in starts],
        )
        sub.from_array([NORM], cast(Any, doc.to_array([NORM])[idx]))
        got = ner(sub).to_array([ENT_IOB, ENT_TYPE]).astype("uint64")
        got[(got[:, 0] == 1) & gap, 0] = 3  # (a preset or forced entity: starts again after the gap)
        arr[idx] = got
    doc.from_array([ENT_IOB, ENT_TYPE], cast(Any, arr))
    return doc


_MARK = {1: True, -1: False, 0: None}


def _bare_tree(doc: Doc) -> None:
    """Give every token of a Doc the parser never saw a tree that is safe to walk: each its own head, no children,
    its edges itself. ``make_doc`` copies the tokens of a tokenizer special case (a TeX opening quote, two
    backticks, becomes two tokens) from its cache with whatever tree fields they held; on a Doc never parsed
    ``Token.left_edge`` then raised IndexError and ``Token.lefts`` read out of bounds (a segmentation fault in spaCy
    3.8). spaCy resets those fields only when an array of heads with a non-zero dependency label is loaded; the
    label is cleared again after (an unparsed token has none: :func:`sitroom.extract.nlp.parsed`). The caller
    restores the sentence starts (loading the heads made every token a sentence)."""
    n = len(doc)
    arr = numpy.zeros((n, 2), dtype="uint64")
    arr[0, 1] = doc.vocab.strings.add("dep")
    doc.from_array([HEAD, DEP], cast(Any, arr))
    doc.from_array([DEP], cast(Any, numpy.zeros((n, 1), dtype="uint64")))


def _join(docs: list[Doc]) -> Doc:
    """The chunks' Docs as one (the same text, offsets unchanged), each token keeping its sentence start (joining
    recomputes the starts from the parse, which the unparsed sentences of a triaged chunk lack)."""
    starts = numpy.concatenate([d.to_array([SENT_START]).reshape(-1) for d in docs])
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    doc.from_array([SENT_START], cast(Any, starts.reshape(-1, 1)))
    return doc


_COPIED = [TAG, POS, MORPH, LEMMA, HEAD, DEP]


def parse(
    nlp: Any, text: str, *, max_sentences: int, max_sentence_tokens: int, triage: Decide | None = None
) -> tuple[Doc, dict[str, Any] | None]:
    """``text`` parsed within the caps → (the Doc of the part read, what was cut or None). With ``triage``, only
    the sentences it chooses are parsed in full (:func:`_triaged_chunk`)."""
    docs: list[Doc] = []
    sentences = split = 0
    end = 0
    for s, e in chunks(text):
        if triage is not None and "senter" in nlp.component_names:
            doc, k = _triaged_chunk(nlp, text[s:e], max_sentence_tokens, triage, s)
        else:
            doc, k = _parse_chunk(nlp, text[s:e], max_sentence_tokens)
        docs.append(doc)
        split += k
        sentences += sum(1 for _ in doc.sents)
        end = e
        if sentences >= max_sentences:
            break
    doc = docs[0] if len(docs) == 1 else _join(docs)
    del docs
    if sentences > max_sentences:  # keep the first max_sentences sentences
        last = None
        for i, sent in enumerate(doc.sents):
            if i == max_sentences - 1:
                last = sent
                break
        assert last is not None
        end = last.end_char
        doc = doc[: last.end].as_doc()
        sentences = max_sentences
    if end >= len(text) and not split:
        return doc, None
    return doc, {
        "chars_read": end,
        "chars": len(text),
        "sentences_read": sentences,
        "max_sentences": max_sentences if end < len(text) else None,
        "long_sentences_split": split,
        "max_sentence_tokens": max_sentence_tokens if split else None,
    }
