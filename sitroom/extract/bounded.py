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

What was cut is recorded on the article (:class:`sitroom.model.Cut`): characters and sentences read, and how many
over-long sentences were split. An article under both caps is parsed exactly as before (one chunk, nothing cut).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from spacy.tokens import Doc

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
    for name, proc in nlp.pipeline:
        if name == "parser":
            split = cap_sentence_length(doc, max_tokens)
        doc = proc(doc)
    return doc, split


def parse(nlp: Any, text: str, *, max_sentences: int, max_sentence_tokens: int) -> tuple[Doc, dict[str, Any] | None]:
    """``text`` parsed within the caps → (the Doc of the part read, what was cut or None)."""
    docs: list[Doc] = []
    sentences = split = 0
    end = 0
    for s, e in chunks(text):
        doc, k = _parse_chunk(nlp, text[s:e], max_sentence_tokens)
        docs.append(doc)
        split += k
        sentences += sum(1 for _ in doc.sents)
        end = e
        if sentences >= max_sentences:
            break
    doc = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
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
