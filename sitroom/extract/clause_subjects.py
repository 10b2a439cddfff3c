"""The actor a subject pronoun of a relative clause stands for: the subject of the clause its relative clause
hangs in ("X still hold Mosul, which they seized in 2014" -> X). :mod:`sitroom.extract.actors` resolves pronouns with
it (and with :func:`sitroom.extract.actor_links.reporting_subject`, the subject of a reporting verb); ``prior`` is its
list of mentions so far (``start``, ``end``, ``actor``)."""

from __future__ import annotations


def relative_clause_subject(doc, offset: int, prior: list) -> str | None:
    """The subject of the clause a relative clause hangs in, for a subject pronoun of that relative clause: "X hold
    Mosul, which they seized" -> X."""
    span = doc.char_span(offset, offset + 2, alignment_mode="expand")
    if span is None:
        return None
    tok = span[0]
    if tok.dep_ != "nsubj" or tok.head.dep_ != "relcl":
        return None
    v = tok.head.head
    while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
        v = v.head
    subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.i >= tok.i:
        return None
    lo, hi = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text)
    hit = [m for m in prior if lo <= m.start and m.end <= hi]
    return hit[-1].actor if hit else None
