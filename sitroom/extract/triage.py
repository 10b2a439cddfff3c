"""Which sentences are parsed in full: the relevance gate first, then the cues the other stages read the parse for
(issue 14, "speed through the gate").

The dependency parse, the tagger and the lemmatizer cost about 60% of spaCy's time and most sentences of a long text
(a briefing, a transcript) hold nothing a stage reads them for. A sentence is parsed in full when

* the relevance gate passes it (it may tell an event), or
* it holds a word some stage reads the parse for whatever the gate says, found on the surface text without a
  tagger: a trigger read past the gate (a change of control, a parley; a phrasal one only with all its words, "pull
  back", not "backed by") or a control-hold verb beside a place name the gazetteer knows or a place noun ("since
  Mosul fell ...?"); a control-site word; a reporting verb some stage reads through the parse (not "continue" or
  "ask", which only introduce a quotation), noun, source preposition or hedge, unless in the speaker's own voice ("I
  think": lexicon reporting.own_voice); a verb of assertion (claims); or
* it overlaps a quotation, a time a forecast may run to (a duration, a date after publication), a heading, a claim
  pattern (distances, populations, shares, counts of places), or a dated list item.

Every other sentence goes through the named-entity recogniser only (places and actors still see its names) and keeps
its sentence boundaries from spaCy's small ``senter`` model. A sentence, parsed or not, with no capital letter past its
first word (but the pronoun "I") skips the recogniser: it can name no one and nowhere (times and claims have their own
patterns; the numbers and times the recogniser would find there changed no eval when it was measured, issue 14). A
word is matched through every lemma the rule lemmatizer could give it under any part of speech (its exceptions and
suffix rules), so a cue is never missed for want of a tag. ``SITROOM_GATE=off`` parses every sentence (the gate passes them all).

On by default (``SITROOM_TRIAGE=off`` parses every sentence again). The tokens of an unparsed sentence get a tree
that is safe to walk (each its own head, no children: :func:`sitroom.extract.bounded._bare_tree`); spaCy 3.8 left the
tree fields of a tokenizer special case's tokens unset on a Doc never parsed, and ``Token.lefts`` on a TeX quote once
crashed the process.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from sitroom.extract import bounded, claims, control, events, frames, gate, lexicon
from sitroom.extract.place_mentions import english_words


def enabled() -> bool:
    """Is the triage on (the default; ``SITROOM_TRIAGE=off`` turns it off)?"""
    return os.environ.get("SITROOM_TRIAGE", "on").lower() not in ("off", "0", "false", "no")


# a word of any script: letters (no digit or underscore), with apostrophes and hyphens inside ("Ségou", "Bïr")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['\u2019-])*")


# roles of a reporting verb (lexicon reporting.verbs) that no stage reads through the parse: "quote" is read by none,
# "name_follows" by the place stage on the surface forms
_SURFACE_ROLES = frozenset({"quote", "name_follows"})


@lru_cache(maxsize=1)
def cue_lemmas() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The lemmas that ask for the full parse of a sentence the gate rejects: (beside a place name or a place noun,
    anywhere but in the speaker's own voice, the place nouns)."""
    past_gate = events.PARLEY_ACTIONS | events.CONTROL_ACTIONS | control.CHANGES  # what a rejected sentence may tell
    words: set[str] = {w for w, action in events.TRIGGERS.items() if action in past_gate}
    words |= set(claims.HOLD_VERBS)
    words |= lexicon.words("control", "control_nominals") | lexicon.words("control", "control_sites")
    words |= lexicon.words("control", "control_entry_verbs")  # "swept into Y": an entry past the gate
    words |= lexicon.words("control", "control_hold_nouns") | lexicon.words("control", "control_flag_nouns")
    words |= lexicon.words("control", "control_object_gains")
    words |= {next(iter(m)) for m in cue_phrases() if len(m) == 1}
    verbs = {v for v, roles in lexicon.table("reporting", "verbs").items() if set(_roles(roles)) - _SURFACE_ROLES}
    reporting = verbs | lexicon.words("reporting", "nouns") | set(claims.ASSERT_VERBS)
    reporting |= {f for v, forms in lexicon.table("reporting", "forms").items() if v in verbs for f in forms}
    reporting |= lexicon.words("reporting", "source_preps") | lexicon.words("reporting", "hedge_adverbs")
    places = lexicon.words("events", "place_anaphors") | lexicon.words("control", "control_anaphors")
    return _single(words), _single(reporting), _single(places)


@lru_cache(maxsize=1)
def cue_phrases() -> tuple[frozenset[str], ...]:
    """The words of each entry of a frame read past the gate (a parley): a verb with the words it needs near it
    ("pull back", "sit down", "sign agreement") or a noun phrase ("peace deal"). The frame reads an entry only where
    all its words are (:func:`sitroom.extract.frames.match_verb`, ``match_nominal``), so a sentence asks for the
    parse only then: "back" alone ("backed by") or "deal" alone ("deal with") does not."""
    out: set[frozenset[str]] = set()
    for name, fr in frames.frames().items():
        if f"frame:{name}" in events.PARLEY_ACTIONS:
            out |= {frozenset(w.lower() for w in (lemma, *extra)) for lemma, extra, _ in fr.verbs}
            out |= {frozenset(w.lower() for w in seq) for seq in fr.nominals}
    return tuple(sorted(out, key=sorted))


def _roles(roles: Any) -> list[str]:
    return roles if isinstance(roles, list) else [roles]


def _single(words) -> frozenset[str]:
    return frozenset(w.lower() for w in words if " " not in w)


class Lemmas:
    """Every lemma the rule lemmatizer of ``nlp`` could give a word, whatever its part of speech (cached)."""

    def __init__(self, nlp: Any) -> None:
        self.exc: list[dict] = []
        self.rules: list[list[tuple[str, str]]] = []
        try:
            lookups = nlp.get_pipe("lemmatizer").lookups
            self.exc = list(lookups.get_table("lemma_exc").values())
            self.rules = [[(a, b) for a, b in r] for r in lookups.get_table("lemma_rules").values()]
        except (KeyError, AttributeError):  # a pipeline without a rule lemmatizer: the word itself only
            pass
        self.cache: dict[str, frozenset[str]] = {}

    def __call__(self, word: str) -> frozenset[str]:
        low = word.lower().replace("\u2019", "'")
        got = self.cache.get(low)
        if got is None:
            out = {low}
            for table in self.exc:
                out.update(table.get(low, ()))
            for rules in self.rules:
                for old, new in rules:
                    if old and low.endswith(old):
                        out.add(low[: len(low) - len(old)] + new)
            got = frozenset(out)
            if len(self.cache) < 200_000:
                self.cache[low] = got
        return got


def _overlaps(spans: Sequence[tuple[int, int]], s: int, e: int) -> bool:
    return any(a < e and s < b for a, b in spans)


def deciding(
    nlp: Any,
    text: str,
    marked: Sequence[tuple[int, int]],
    place_names: set[str],
) -> Callable[[int, list[tuple[int, int]]], list[bool | str | None]]:
    """The triage of one article: a function from a chunk's offset and its sentences (character ranges in the
    chunk) to whether each is parsed in full (True), read by the entity recogniser only (False) or by neither (None:
    :func:`_nameless`). ``marked``: ranges of ``text`` that ask for the parse (quotations,
    time expressions a forecast may run to, headings, claim patterns, list items);
    ``place_names``: the capitalised words of the text that may name a place (a change of control past the gate
    needs a named place, or a place noun that refers back to one)."""
    (changes, reporting, places), lemmas = cue_lemmas(), _lemmas(nlp)
    phrases = [m for m in cue_phrases() if len(m) > 1]
    phrase_words = frozenset().union(*phrases)

    def needs(s0: int, e0: int) -> bool:
        named = change = False
        seen: set[str] = set()  # the forms of the sentence's words a cue phrase may need
        for k, m in enumerate(_WORD.finditer(text, s0, e0)):
            w = m.group()
            if w in place_names:
                named = True
                if change:
                    return True
            if k and w[:1].isupper() and not w.isupper():
                continue  # a name inside the sentence ("United States" is a name, not the verb "state")
            forms = lemmas(w)
            if not forms.isdisjoint(reporting) and not _own_voice(text, s0, m.start()):
                return True
            if not forms.isdisjoint(places):
                named = True
            if not forms.isdisjoint(changes):
                change = True
            if change and named:
                return True
            seen |= forms & phrase_words
        return named and any(p <= seen for p in phrases)

    def decide(base: int, sents: list[tuple[int, int]]) -> list[bool | str | None]:
        told = gate.passes([text[base + s : base + e] for s, e in sents]) if sents else []
        out: list[bool | str | None] = []
        for (s, e), ok in zip(sents, told):
            if ok or _overlaps(marked, base + s, base + e) or needs(base + s, base + e):
                out.append(bounded.PARSE_ONLY if _nameless(text, base + s, base + e, lemmas) else True)
            else:
                out.append(None if _nameless(text, base + s, base + e, lemmas) else False)
        return out

    return decide


def _nameless(text: str, s0: int, e0: int, lemmas: Lemmas) -> bool:
    """Can the sentence name no one and nowhere: no capital letter but the pronoun "I" and a first word that is an
    English word ("Hemedti was not present" names someone)? Its entities could only be numbers and times, which no
    stage reads in a sentence left unparsed; in a parsed one, leaving them out changed no eval (issue 14)."""
    pronouns = _capital_pronouns()
    for k, m in enumerate(_WORD.finditer(text, s0, e0)):
        w = m.group()
        if w.islower() or w.lower().replace("\u2019", "'") in pronouns:
            continue
        if k or not _common_word(w, lemmas):
            return False
    return True


def _common_word(word: str, lemmas: Lemmas) -> bool:
    """Is a capitalised first word an English word (a stop word or a dictionary word under one of its lemmas)?"""
    low = word.lower().replace("\u2019", "'")
    return low in STOP_WORDS or not english_words().isdisjoint(lemmas(word)) or low in english_words()


@lru_cache(maxsize=1)
def _capital_pronouns() -> frozenset[str]:
    return lexicon.words("actors", "capital_pronouns")


def _own_voice(text: str, s0: int, at: int) -> bool:
    """Does the word at ``at`` follow the speaker's or listener's own pronoun ("I think", "we would say", "you
    said"), with at most three auxiliaries or adverbs between?"""
    own, between = _own_words()
    before = [w.lower().replace("\u2019", "'") for w in _WORD.findall(text, max(s0, at - 60), at)]
    for w in reversed(before[-4:]):
        if w in own:
            return True
        if w not in between:
            return False
    return False


@lru_cache(maxsize=1)
def _own_words() -> tuple[frozenset[str], frozenset[str]]:
    return lexicon.words("reporting", "own_voice"), lexicon.words("reporting", "own_voice_between")


_LEMMAS: dict[int, Lemmas] = {}


def _lemmas(nlp: Any) -> Lemmas:
    got = _LEMMAS.get(id(nlp))
    if got is None:
        got = _LEMMAS[id(nlp)] = Lemmas(nlp)
    return got
