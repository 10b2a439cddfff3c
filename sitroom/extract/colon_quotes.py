"""Quotations a colon introduces.

Reads: the attribution records in progress of :func:`sitroom.extract.attribution.find_attributions` (its finder:
``text``, ``doc``, ``qspans``, ``recs``, ``add`` and ``resolve``). A quotation a colon opens is governed by the cue
right before the colon ("replied: \"Not now.\"", "wrote on Twitter: \"...\"") or, with no cue, said by the subject
of the clause the colon ends ("General X was blunt: \"...\""; the colon is the cue). Transcript turns are
:mod:`sitroom.extract.transcript`'s. Vocabulary: ``relatives`` in ``sitroom/data/lexicon/reporting.yaml``.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from sitroom.extract import lexicon

_RELATIVES = lexicon.words("reporting", "relatives")


_TO_COLON = re.compile(r"[^\n.!?\"\u201c\u201d]{0,40}:\s*[\"\u201c\u2018']?$")


def quote_after_colon(f, verb: Token) -> list[tuple[int, int]]:
    """ "the minister replied: \"Not now.\"", "wrote on Twitter: \"...\"": the quotation a colon after the cue
    opens, however short."""
    end = verb.idx + len(verb.text)
    for a, b in f.qspans:
        if a > end:
            return [(a, b)] if _TO_COLON.match(f.text[end:a]) else []
    return []


def colon_quotations(f) -> None:
    """ "General Gun Maw was blunt: \"We will not give up Laiza.\"": a quotation no cue governs, opened by a colon
    that ends a clause, is said by the clause's subject; the colon is the cue."""
    text, doc = f.text, f.doc
    for a, b in f.qspans:
        if any(r["start"] < b and a < r["end"] for r in f.recs):
            continue
        k = a - 1
        while k > 0 and text[k] in " \t\"\u201c\u2018'":
            k -= 1
        if text[k] != ":" or k == 0:
            continue
        span = doc.char_span(k - 1, k, alignment_mode="expand")
        if span is None or not len(span):
            continue
        root = span[0]  # the clause the colon ends (the parse may hang it on the quotation's verb)
        while root.head.i != root.i and root.head.idx < k:
            root = root.head
        subj = next((c for c in root.children if c.dep_ in ("nsubj",)), None)
        if subj is None or subj.i > span[0].i or subj.lower_ in _RELATIVES:
            continue
        src, who, kind, aid, role = f.resolve(subj)
        if who:
            f.add((a, b), src, (k, k + 1), who, kind, aid, role, None, span[0].sent, mode="direct")
