"""Direct quotes with speaker, role and outlet.

Reads: ``Article.text``, the spaCy Doc, the actor index (for outlets).
Writes: ``Article.quotes``.

A quote is a passage between paired quotation marks (straight or curly) of at
least four words. Its speaker is named in the same sentence ("..., said Ramms",
"..., a source told the AFP news agency", 'Ramms said: "..."'); a quote with
no speaker in reach that follows another quote in the next paragraph continues
that speaker. A surname is expanded to the full name mentioned earlier
("Ramms" -> "Egon Ramms"), whose role comes from the title before the name and
the apposition after it ("German General Egon Ramms, former commander of ...").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from sitroom.extract.attribution import _np_text
from sitroom.extract import lexicon
from sitroom.model import Article, Attribution, Certainty, Quote

_SAY = lexicon.tagged("reporting", "verbs", "quote")
_OPEN = {'"': '"', "\u201c": "\u201d"}
_MIN_WORDS = 4


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of quoted passages, quotation marks excluded; pairs never cross a blank paragraph."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _OPEN:
            close = _OPEN[c]
            j = i + 1
            while j < n and text[j] != close and not (c == '"' and text[j] == "\n" and j + 1 < n and text[j + 1] == "\n"):
                if c == "\u201c" and text[j] == "\u201c":
                    break
                j += 1
            if j < n and text[j] == close:
                s, e = i + 1, j
                inner = text[s:e].strip()
                if len(inner.split()) >= _MIN_WORDS:
                    lead = len(text[s:e]) - len(text[s:e].lstrip())
                    out.append((s + lead, s + lead + len(inner)))
                i = j + 1
                continue
            i = j
            continue
        i += 1
    return out


def _full_name(doc: Doc, tok: Token) -> tuple[str, Token]:
    """Expand a surname to the first earlier PERSON mention that ends with it."""
    ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
    name = ent.text if ent is not None and ent.label_ == "PERSON" else _np_text(tok)
    head = ent.root if ent is not None else tok
    last = name.split()[-1] if name.split() else name
    for e in doc.ents:
        if e.label_ == "PERSON" and e.start < tok.i and e.text.split()[-1] == last and len(e.text.split()) > len(name.split()):
            return e.text, e.root
    return name, head


def _role(doc: Doc, head: Token) -> str | None:
    """Title before the name and apposition after it."""
    parts = []
    ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
    start = ent.start if ent is not None else head.i
    title = []
    k = start - 1
    while k >= 0 and doc[k].dep_ in ("compound", "amod", "nmod") and k < doc[k].head.i <= head.i and doc[k].is_alpha:
        title.insert(0, doc[k].text)
        k -= 1
    if title:
        parts.append(" ".join(title))
    for c in head.children:
        if c.dep_ == "appos":
            parts.append(doc[c.left_edge.i : c.right_edge.i + 1].text.strip(" ,"))
    return ", ".join(parts) or None


def find_quotes(article: Article, doc: Doc, index) -> list[Quote]:
    text = article.text
    quotes: list[Quote] = []
    for s, e in quote_spans(text):
        sent_span = doc.char_span(s, e, alignment_mode="expand")
        if sent_span is None:
            continue
        sent = sent_span[0].sent
        # look for a speech verb outside the quote in this sentence, or the sentence that ends right after
        speaker, role, outlet = None, None, None
        candidates = [t for t in sent if t.lemma_ in _SAY and not (s <= t.idx < e)]
        nxt = doc[sent.end].sent if sent.end < len(doc) else None
        if not candidates and nxt is not None and nxt.start_char <= e + 3:
            candidates = [t for t in nxt if t.lemma_ in _SAY and not (s <= t.idx < e)]
        if not candidates and sent_span.end < len(doc):
            after = doc[sent_span.end : min(len(doc), sent_span.end + 8)]
            candidates = [t for t in after if t.lemma_ in _SAY]
        for v in candidates:
            subj = next((c for c in v.children if c.dep_ in ("nsubj",)), None)
            if subj is None or (s <= subj.idx < e):
                continue
            if subj.lower_ in ("he", "she") and quotes:
                speaker, role, outlet = quotes[-1].speaker, quotes[-1].role, quotes[-1].outlet
            else:
                speaker, head = _full_name(doc, subj)
                role = _role(doc, head)
                outlet = index.outlet_in(v.sent.start_char, v.sent.end_char) if index else None
                if outlet is None and subj.ent_type_ == "PERSON":
                    outlet = _outlet_for_person(doc, index, speaker)
            break
        if speaker is None and quotes:
            prev = quotes[-1]
            gap = text[prev.text.end : s]
            if len(gap.split()) <= 8 and "\n\n" not in gap:  # the same speaker goes on
                speaker, role, outlet = prev.speaker, prev.role, prev.outlet
        if speaker is None:
            continue
        if outlet is None:
            outlet = _outlet_for_person(doc, index, speaker)
        anon = bool(re.match(r"(?i)^(a|an|one|two|several)\s+(source|official|resident|witness|diplomat)", speaker))
        quotes.append(Quote(
            id=f"q{len(quotes) + 1}", speaker=speaker, role=role, outlet=outlet, text=article.span(s, e),
            evidence=[article.span(sent.start_char, sent.end_char)],
            attribution=Attribution(source=speaker, anonymous=anon, outlet=outlet, cue="quote"), certainty=Certainty.REPORTED,
        ))
    return quotes


def _outlet_for_person(doc: Doc, index, name: str) -> str | None:
    """The outlet the person talked to earlier in the article ("Ramms ... told DW")."""
    if index is None:
        return None
    last = name.split()[-1]
    for sent in doc.sents:
        if last in sent.text and any(t.lemma_ in ("tell", "say") for t in sent):
            o = index.outlet_in(sent.start_char, sent.end_char)
            if o:
                return o
    return None
