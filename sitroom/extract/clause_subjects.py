"""The actor a subject pronoun of a relative clause stands for: the subject of the clause its relative clause
hangs in ("X still hold Mosul, which they seized in 2014" -> X). :mod:`sitroom.extract.actors` resolves pronouns with
it (and with :func:`sitroom.extract.actor_links.reporting_subject`, the subject of a reporting verb); ``prior`` is its
list of mentions so far (``start``, ``end``, ``actor``)."""

from __future__ import annotations

from sitroom.extract import lexicon

_TIME_MARKS = lexicon.words("actors", "subordinate_time_marks")


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
    return _actor_in(subj, prior) if subj is not None and subj.i < tok.i else None


def subordinate_clause_party(doc, offset: int, prior: list) -> str | None:
    """The party a subject pronoun of a subordinate clause of time stands for: the possessor its main clause names,
    else that clause's subject ("The fall of Avdiivka is Moscow's biggest gain since it captured Bakhmut" -> Moscow,
    "the rebels' first defeat since they lost Goma" -> the rebels)."""
    span = doc.char_span(offset, offset + 2, alignment_mode="expand")
    if span is None:
        return None
    tok = span[0]
    v = tok.head
    if tok.dep_ != "nsubj" or tok.pos_ != "PRON" or v.dep_ != "advcl" or v.head.i == v.i:
        return None
    if not any(c.dep_ in ("mark", "advmod") and c.lower_ in _TIME_MARKS for c in v.children):
        return None  # (the parse makes "when" a mark or an adverb: "since January, when it took Soledar")
    main = v.head
    inside = {t.i for t in v.subtree}
    owners = [t for t in main.subtree if t.dep_ == "poss" and t.i not in inside and t.i < tok.i]
    # "would give Russia its first gain since January, when it took Soledar": who the gain is given to
    owners += [c for c in main.children if c.dep_ in ("nsubj", "nsubjpass", "dative")]
    return next((a for o in owners if (a := _actor_in(o, prior)) is not None), None)


def parallel_clause_subject(doc, offset: int, prior: list) -> str | None:
    """The subject of the clause a subject pronoun's own clause is joined to: "the ministry said its troops had taken
    90 positions, and that on Tuesday they had taken the villages of X and Y" -> its troops (a conjoined clause of
    the same verb tells of the first clause's subject; another verb may tell of another party)."""
    span = doc.char_span(offset, offset + 2, alignment_mode="expand")
    tok = span[0] if span is not None else None
    if (
        tok is None
        or tok.dep_ != "nsubj"
        or tok.pos_ != "PRON"
        or tok.head.dep_ != "conj"
        or tok.head.head.i == tok.head.i
    ):
        return None
    if tok.head.lemma_ != tok.head.head.lemma_:
        return None  # "troops had fled the town, and that they had taken Kidal": two happenings, two parties
    subj = next((c for c in tok.head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return _actor_in(subj, prior) if subj is not None and subj.i < tok.i else None


def _actor_in(phrase, prior: list) -> str | None:
    """The last of ``prior`` mentions inside ``phrase``'s span, its actor."""
    lo, hi = phrase.left_edge.idx, phrase.right_edge.idx + len(phrase.right_edge.text)
    hit = [m for m in prior if lo <= m.start and m.end <= hi]
    return hit[-1].actor if hit else None
