"""Words that name no speaker: a transcript's turn marker, pronouns no coreference step resolves, clitics.

The attribution records (:mod:`sitroom.extract.attribution`) and the forecasts (:mod:`sitroom.extract.forecasts`)
ask these before they take a token or a name as the source of what is said; a speaker is a person or an
organisation, never a pronoun or the "Q" of a transcript. Vocabulary: ``sitroom/data/lexicon/reporting.yaml``
(``transcript_markers``, ``non_speakers``, ``pronouns``, ``relatives``).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from sitroom.extract import lexicon

_TRANSCRIPT_MARKERS = lexicon.words("reporting", "transcript_markers")
_NON_SPEAKERS = lexicon.words("reporting", "non_speakers")
_PRONOUNS = lexicon.words("reporting", "pronouns")
_RELATIVES = lexicon.words("reporting", "relatives")
_SET_OFF = re.compile(r"[:\t\xa0]|  ")


def turn_label(tok: Token) -> bool:
    """A transcript's turn marker ("Q", "A", "QUESTION": sitroom/data/lexicon/reporting.yaml) opening its line
    (or its sentence) and set off from the turn (a colon, a tab, non-breaking or repeated spaces; one space unless the
    parse reads it as an article, "A U.S. official said"): the parse often makes it a subject or modifier of the
    turn's first clause; it names no one."""
    if tok.text not in _TRANSCRIPT_MARKERS:
        return False
    text = tok.doc.text
    before = text[: tok.idx]
    gap = before[len(before.rstrip()) :]  # the parse may see wrapped lines joined: a line break, or a wide gap
    if before.strip() and "\n" not in gap and len(gap) < 2 and before.rstrip()[-1:] not in (".", "?", "!", ":"):
        return False
    after = text[tok.idx + len(tok.text) : tok.idx + len(tok.text) + 2]
    return bool(_SET_OFF.match(after)) or (after[:1] == " " and tok.pos_ != "DET")


def not_a_speaker(tok: Token) -> bool:
    """A source head that can name no speaker: a turn label, a pronoun no coreference step resolves (object and
    reflexive pronouns, demonstratives, "anyone": ``non_speakers`` in reporting.yaml), a clitic or a punctuation
    mark the parse made a subject ("Let's" gives "'s", "don't" "n't")."""
    if turn_label(tok) or tok.lower_ in _NON_SPEAKERS or tok.text[:1] in ("'", "\u2019") or tok.lower_[:3] in ("n't", "n\u2019t"):
        return True
    return tok.pos_ in ("PART", "PUNCT", "SPACE", "AUX", "ADP", "CCONJ", "SCONJ") or not any(ch.isalnum() for ch in tok.text)


def names_no_one(name: str) -> bool:
    """A forecaster or source named by a word that names no one: a pronoun, a relative, a turn marker (an
    acronym in capitals is a name: "WHO" is the World Health Organization)."""
    low = name.strip().lower()
    if name.strip() in _TRANSCRIPT_MARKERS:
        return True
    if name.strip().isupper() and len(name.strip()) > 1:
        return False
    return low in _PRONOUNS or low in _RELATIVES or low in _NON_SPEAKERS or name.strip() in _TRANSCRIPT_MARKERS
