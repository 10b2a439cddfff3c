"""Phrases that name a party's backers, not a party to its deed (read from the parse): a participle of support hung on
the party's noun ("Government troops, backed by Russian airstrikes, retook Y") or a "with" phrase of support ("rebels,
with the support of Turkish drones, took Y"). A backer is neither the actor of the deed nor where the war is: the
actor reading skips these phrases, and a demonym inside one does not tell the text's theatre. The words are the
actor lexicon's ``backer_participles``, ``backer_nouns`` and ``backer_prepositions``."""

from __future__ import annotations

import re

from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.nlp import doc_text

_PARTICIPLES = lexicon.words("actors", "backer_participles")
_NOUNS = lexicon.words("actors", "backer_nouns")
_PREPS = lexicon.words("actors", "backer_prepositions")


def is_backer_phrase(tok: Token) -> bool:
    """Is ``tok`` the head of a phrase of support on the noun it hangs on?"""
    if tok.dep_ == "acl" and tok.lower_ in _PARTICIPLES:
        return True
    return (
        tok.dep_ == "prep"
        and tok.lower_ in _PREPS
        and tok.head.pos_ in ("NOUN", "PROPN")
        and any(g.dep_ == "pobj" and g.lemma_ in _NOUNS for g in tok.children)
    )


def backer_ranges(tok: Token) -> list[tuple[int, int]]:
    """The character ranges of the phrases of support hung on ``tok``."""
    return [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)) for c in tok.children if is_backer_phrase(c)]


def in_backer_phrase(tok: Token) -> bool:
    """Does ``tok`` lie inside a phrase of support ("Russian" of "backed by Russian airstrikes")?"""
    return any(is_backer_phrase(a) for a in (tok, *tok.ancestors))


_MARKED = re.compile(r"-(?:" + "|".join(sorted(_PARTICIPLES)) + r")\b", re.I)


def backer_place(doc, start: int, end: int) -> bool:
    """Is the place named at ``start``-``end`` of ``doc`` a backer's country: inside a phrase of support, or marked
    as one ("Turkish-backed fighters")?"""
    if doc is None:
        return False
    if _MARKED.match(doc_text(doc), end):
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and in_backer_phrase(span.root)
