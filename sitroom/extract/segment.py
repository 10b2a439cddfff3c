"""Sentences and glued headings.

Reads: ``Article.text``. Writes: ``Article.headings`` and, through the spaCy
component ``sitroom_segmenter`` (added before the parser), sentence starts at
paragraph breaks and around headings, so that a crawl artefact such as
"... in the south. Taliban take key headquarters\\nIn Ghazni, ..." yields the
heading as a sentence of its own.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from sitroom.extract.nlp import token_texts

_END = re.compile(r"[.!?]['\"\u2019\u201d)]?\s+")
_TERMINAL = (".", "!", '"', "'", "\u201d", "\u2019", ":", ";", ",", ")", "]")
_MAX_WORDS = 10


# a dated list item: "Aug. 8 – Kunduz: The Taliban take control of ..."
LIST_ITEM_RE = re.compile(
    r"^(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)\s*(?:--|[\u2013\u2014-])\s*(?P<head>[^:\n]{2,60}):", re.M
)
_SINGLE_NL = re.compile(r"(?<!\n)\n(?!\n)")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_TERMINAL_LINE = (".", "!", "?", ":", '"', "\u201d", ")")


def is_hard_wrapped(text: str) -> bool:
    """True for text wrapped at a fixed width, with blank lines between paragraphs (transcripts, e-mails); a blank
    line may hold spaces ("...  \\n  \\n" in a transcript)."""
    lines = [ln.rstrip() for ln in text.split("\n") if ln.strip()]
    if len(lines) < 8 or not _BLANK_LINE.search(text):
        return False
    wrapped = sum(1 for ln in lines if 50 <= len(ln) <= 90 and not ln.endswith(_TERMINAL_LINE))
    return wrapped / len(lines) > 0.4


def unwrap(text: str) -> str:
    """The text as the parser should see it: single line breaks of hard-wrapped text become spaces.

    The result has the same length as ``text``, so every offset stays valid.
    """
    return _SINGLE_NL.sub(" ", text) if is_hard_wrapped(text) else text


def _heading_like(s: str) -> bool:
    words = s.split()
    if not (1 <= len(words) <= _MAX_WORDS) or not s[:1].isupper() or _END.search(s):
        return False
    if s.endswith("?"):
        return len(words) <= 7
    return not s.endswith(_TERMINAL) and not re.search(r"\d{4}$", s)


def find_headings(text: str) -> list[tuple[int, int]]:
    """Character ranges of headings: short unpunctuated lines, or such a run glued to the end of a paragraph."""
    out: list[tuple[int, int]] = []
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped or i == len(lines) - 1:
            continue
        nxt = next((ln.strip() for ln in lines[i + 1 :] if ln.strip()), "")
        if not nxt:
            continue
        lead = len(line) - len(line.lstrip())
        if _heading_like(stripped):
            # a whole short line: a heading only when a paragraph of prose follows it
            if len(nxt.split()) > len(stripped.split()):
                out.append((start + lead, start + lead + len(stripped)))
            continue
        # a heading glued to the end of a paragraph: "... in the south. Taliban take key headquarters"
        tails = list(_END.finditer(line))
        if tails:
            t0 = tails[-1].end()
            tail = line[t0:].rstrip()
            if tail and _heading_like(tail) and len(tail.split()) >= 2:
                out.append((start + t0, start + t0 + len(tail)))
    return out


def _continues(doc: Doc, text: str, i: int) -> bool:
    """Does the line that token ``i`` opens continue the sentence of the line before: a single line break (no blank
    line) after a word that ends no sentence, before a lower-case word ("... for the victims\nkilled in the attack
    on ...", a wrapped line of a short transcript excerpt)?"""
    k = i - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 0 or not doc[i].text[:1].islower():
        return False
    gap = text[doc[k].idx + len(doc[k].text) : doc[i].idx]
    return gap.count("\n") == 1 and doc[k].text[-1:] not in _TERMINAL and (doc[k].is_alpha or doc[k].like_num)


@Language.component("sitroom_segmenter")
def sitroom_segmenter(doc: Doc) -> Doc:
    """Start a sentence after every line break, at both ends of every heading, and after the
    "DATE – PLACE:" label of a dated list item (so that the item's text parses as a sentence)."""
    text = doc.text
    starts: set[int] = set()
    ends: set[int] = set()
    for m in LIST_ITEM_RE.finditer(text):
        ends.add(m.end())
    for s, e in find_headings(text):
        starts.add(s)
        ends.add(e)
    words, idx, _ = token_texts(doc, text)  # a Token only where a sentence may start
    for i in range(1, len(words)):
        prev = words[i - 1]
        if "\n" in prev and prev.isspace():  # a line break (a token's trailing whitespace is one space at most)
            doc[i].is_sent_start = not _continues(doc, text, i)
        elif idx[i] in starts:
            doc[i].is_sent_start = True
        elif idx[i - 1] + len(prev) in ends and not words[i].isspace() and not (doc[i].is_punct and words[i] in ":"):
            doc[i].is_sent_start = True
    return doc
