"""Whether a country named in a sentence acts or is acted with: from the dependency parse, or from the surface words
around it in a sentence the triage left unparsed (:mod:`sitroom.extract.triage`).

A country is an actor (its state) where it is a subject, an object, a member of a list of such, or the object of a
preposition that is acted with ("to", "with", "by", "between": ``acted_with`` in ``data/lexicon/actors.yaml``); under
another preposition ("in X", "the President of X") it is a place. A sentence left unparsed has no arcs: there the
same roles are read from the words around the name:

* after a preposition that is acted with, or as a later member of a list ("to Nepal, Moldova and Bhutan", "countries
  including Guatemala, Uruguay and Paraguay": a list member is a conjunct, which the parse accepts too);
* opening its sentence or clause (after a comma or a ``clause_openers`` word) with a word in lower case after it:
  the clause's subject ("Germany is against the waiver").
"""

from __future__ import annotations

import re

from sitroom.extract import lexicon
from sitroom.extract.nlp import doc_text

_ROLES = ("nsubj", "nsubjpass", "dobj", "dative", "agent", "conj", "appos")
ACTED_WITH = lexicon.words("actors", "acted_with")
_OPENERS = lexicon.words("actors", "clause_openers")
_TOKENS = re.compile(r"[^\W\d_][\w'\u2019.-]*|[,;:]")
_NEXT_WORD = re.compile(r"\s*([^\W\d_][\w'\u2019-]*)")


def country_acts(doc, start: int, end: int) -> bool:
    """Does the country named at ``start:end`` of ``doc``'s text act or is it acted with (see the module)?"""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    last = span[-1]
    if last.dep:
        return last.dep_ in _ROLES or (last.dep_ == "pobj" and last.head.lower_ in ACTED_WITH)
    return surface_acts(doc_text(doc), last.sent.start_char, start, end)


def surface_acts(text: str, sent_start: int, start: int, end: int) -> bool:
    """The roles of :func:`country_acts` read from the words around ``text[start:end]`` in its sentence (which
    starts at ``sent_start``)."""
    toks = _TOKENS.findall(text, max(sent_start, start - 200), start)
    last = toks[-1].lower() if toks else ""
    if last in ACTED_WITH:
        return True
    if last in (",", "and", "or"):  # a later member of a list of names: "Syria, Yemen", "Bolivia, and Vietnam"
        rest = toks[:-1]
        if last != "," and rest and rest[-1] == ",":
            rest = rest[:-1]
        if rest and rest[-1][0].isupper():
            return True
    if toks and not (last in (",", ";", ":") or last in _OPENERS):
        return False
    # opening its sentence or clause with a word in lower case after it: the clause's subject
    nxt = _NEXT_WORD.match(text, end)
    return nxt is not None and nxt.group(1)[0].islower() and text[end : end + 1] not in ("'", "\u2019")


def surface_subject(text: str, sent_start: int, start: int, end: int) -> bool:
    """Is the name at ``text[start:end]`` (a sentence left unparsed) its clause's subject, as far as the words tell:
    it opens its sentence or a clause (after a comma, a colon or a ``clause_openers`` word), capitalised titles before
    it aside ("President Bola Tinubu travels ..."), and a word in lower case follows it (not a possessive)."""
    toks = _TOKENS.findall(text, max(sent_start, start - 200), start)
    while toks and toks[-1][0].isupper():
        toks.pop()
    last = toks[-1].lower() if toks else ""
    if toks and not (last in (",", ";", ":") or last in _OPENERS):
        return False
    nxt = _NEXT_WORD.match(text, end)
    return nxt is not None and nxt.group(1)[0].islower() and text[end : end + 1] not in ("'", "\u2019")
