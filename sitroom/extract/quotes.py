"""Quotations in an article's text, and what a speaker's mention tells of them (role, the outlet they talked to).

Used by :func:`sitroom.extract.attribution.find_attributions`, which writes ``Article.quotes`` (every attribution
record: direct, mixed and indirect speech); this module segments the quotations it reads and imports nothing back.

A quotation is a passage between paired quotation marks: straight or curly double marks (mixed freely: an
opening curly mark may close with a straight one), curly single marks, and straight single marks at word
edges. A quotation left open at the end of a paragraph whose next paragraph opens with a quotation mark
continues there (the newspaper convention) and is returned as one segment per paragraph; a paragraph that opens
with a quotation mark never closed is a quotation to its end. A surname is expanded to
the full name mentioned earlier ("Ramms" -> "Egon Ramms"), whose role comes from the title before the name and
the apposition after it ("German General Egon Ramms, former commander of ...").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from sitroom.extract.nlp import ents_of

_DOUBLE_OPEN = "\u201c\u201e"
_DOUBLE_CLOSE = "\u201d"
_PARA = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*[\"\u201c\u2018])")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _PARA.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _double_in(text: str, a: int, b: int) -> tuple[list[tuple[int, int]], int | None]:
    """Quotations with double marks in text[a:b]; and the start of one left open at the end (or None)."""
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(a, b):
        c = text[i]
        if c in _DOUBLE_OPEN or (c == '"' and open_at is None):
            if open_at is not None and c in _DOUBLE_OPEN:
                open_at = i + 1  # a stray opener: start again
                continue
            open_at = i + 1
        elif c in _DOUBLE_CLOSE or c == '"':
            if open_at is not None:
                out.append((open_at, i))
                open_at = None
    return out, open_at


def _single_in(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Quotations with single marks: curly pairs, or straight marks at word edges (not apostrophes)."""
    out = []
    for m in re.finditer(
        r"(?:(?<=^)|(?<=[\s(\[\u2014\u2013-]))[\u2018'](?=[^\s'])([^\n\u2018\u2019']{1,300}?)(?<=[\w.,!?])[\u2019'](?![\w])",
        text[a:b],
    ):
        inner = m.group(1)
        if inner.endswith("s") and m.group(0)[-1] == "'" and " " not in inner:
            continue  # "rebels'" is a possessive
        out.append((a + m.start(1), a + m.end(1)))
    return out


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of quoted passages, quotation marks and edge blanks excluded, in text order."""
    out: list[tuple[int, int]] = []
    paras = _paragraphs(text)
    for k, (a, b) in enumerate(paras):
        spans, open_at = _double_in(text, a, b)
        if open_at is not None:
            nxt = text[paras[k + 1][0] : paras[k + 1][1]].lstrip() if k + 1 < len(paras) else ""
            if nxt[:1] in ('"', "\u201c"):  # the quotation goes on in the next paragraph
                spans.append((open_at, b))
            elif not text[a : open_at - 1].strip() or (
                k + 1 == len(paras) and text[a : open_at - 1].rstrip().endswith((".", "!", "?", ":"))
            ):
                # a paragraph that opens with a quotation mark never closed (a lost mark, a text cut short), or a
                # quotation opening a sentence of the text's last paragraph and cut short with it
                spans.append((open_at, b))
        inner_double = list(spans)
        for s, e in _single_in(text, a, b):
            if not any(x <= s < y for x, y in inner_double):
                spans.append((s, e))
        for s, e in spans:
            body = text[s:e]
            lead = len(body) - len(body.lstrip())
            body = body.strip()
            if body and any(ch.isalpha() for ch in body):
                out.append((s + lead, s + lead + len(body)))
    return sorted(out)


def speaker_role(doc: Doc, head: Token) -> str | None:
    """Title before the name and apposition after it."""
    parts = []
    ent = next((e for e in ents_of(doc) if e.start <= head.i < e.end), None)
    start = ent.start if ent is not None else head.i
    title = []
    k = start - 1
    if not head.dep:  # a sentence left unparsed (sitroom.extract.triage): the capitalised words just before the name
        first = head.sent.start
        while k > first and doc[k].is_alpha and (doc[k].is_title or doc[k].is_upper):
            title.insert(0, doc[k].text)
            k -= 1
    while k >= 0 and doc[k].dep_ in ("compound", "amod", "nmod") and k < doc[k].head.i <= head.i and doc[k].is_alpha:
        title.insert(0, doc[k].text)
        k -= 1
    if title:
        parts.append(" ".join(title))
    for c in head.children:
        if c.dep_ == "appos":
            parts.append(doc[c.left_edge.i : c.right_edge.i + 1].text.strip(" ,"))
    return ", ".join(parts) or None


def outlet_for_person(doc: Doc, index, name: str) -> str | None:
    """The outlet the person talked to earlier in the article ("Ramms ... told DW")."""
    if index is None or not index.outlets:
        return None
    last = name.split()[-1]
    seen = set()
    # only a sentence that holds an outlet can answer: those, in the order of the text (the outlets are)
    for s, e, _ in sorted(index.outlets):
        tok = doc.char_span(s, e, alignment_mode="expand")
        if tok is None or tok.sent.start in seen:
            continue
        sent = tok.sent
        seen.add(sent.start)
        if last in sent.text and any(t.lemma_ in ("tell", "say") for t in sent):
            o = index.outlet_in(sent.start_char, sent.end_char)
            if o:
                return o
    return None
