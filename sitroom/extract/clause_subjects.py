"""The actor a subject pronoun stands for, read from the clause it heads: the subject of the reporting verb its
clause is the complement of ("X said they had withdrawn" -> X), or of the clause its relative clause hangs in ("X
still hold Mosul, which they seized in 2014" -> X). :mod:`sitroom.extract.actors` resolves pronouns with these;
``prior`` is its list of mentions so far (``start``, ``end``, ``actor``)."""

from __future__ import annotations

from sitroom.extract.certainty import REPORTING


def reporting_subject(doc, offset: int, prior: list) -> str | None:
    """The actor who reports the clause a subject pronoun at ``offset`` heads: "X said they ..." -> X."""
    span = doc.char_span(offset, offset + 2, alignment_mode="expand")
    if span is None:
        return None
    tok = span[0]
    if tok.dep_ == "poss" and tok.head.dep_ in ("nsubj", "nsubjpass"):
        tok = tok.head  # "X said its forces had withdrawn": its = X
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return None
    v = tok.head
    if v.dep_ != "ccomp" or v.head.lemma_ not in REPORTING:
        return None
    subj = next((c for c in v.head.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    lo, hi = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text)
    hit = [m for m in prior if lo <= m.start and m.end <= hi]
    return hit[-1].actor if hit else None


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
