"""The names a title-case headline or a misparse hides (issue 13): a headline's capitalised verb of taking ground
glued into a name ("Militants Overrun Military Airport"), the town right after it ("Rebels Seize Dougoutene") where the
headline's shape or the body makes it one, not a common word ("Gangs Seize Town, Free Inmates"); a name the parse made
a verb's adverb ("since it captured Bakhmut in May"). Used by :mod:`sitroom.extract.sites`."""

from __future__ import annotations

import re

from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.headlines import title_case
from sitroom.extract.nlp import doc_text
from sitroom.extract.place_mentions import english_words

_W = lexicon.words


def verb_form(t: Token) -> bool:
    """Is ``t`` a capitalised form of a verb of taking ground ("Overrun", "Seizes", "Captured") that a title-case
    headline's parse glued into a name?"""
    w = t.lower_
    if not t.text[:1].isupper() or len(w) < 4:
        return False
    return bool(_stems(w) & set(lexicon.table("control", "control_triggers"))) or w in _W(
        "control", "control_verb_forms"
    )


def _stems(w: str) -> set[str]:
    """The base forms ``w`` may inflect by one ending of ``control_verb_endings`` ("seizes" -> "seize", "storming"
    -> "storm", "seizing" -> "seize", "pushes" -> "push"), and ``w`` itself: "Pushkin", "Falluja" are no forms of
    push, fall."""
    out = {w}
    for end in _W("control", "control_verb_endings"):
        stem = w[: -len(end)]
        if not w.endswith(end) or len(stem) < 3 or end == "es" and not stem.endswith(("s", "x", "z", "ch", "sh")):
            continue
        out |= {stem, stem + "e"} if end in ("ing", "ed", "en") else {stem}
        if stem[-1] == stem[-2]:
            out.add(stem[:-1])  # "stopped", "overrunning"
    return out


def adverb_name(t: Token, verb: Token) -> bool:
    """A capitalised word right after the verb that the parse made its adverb, and no English word ("since it
    captured Bakhmut in May": "Bakhmut" an adverb)."""
    return (
        t.head.i == verb.i
        and t.dep_ == "advmod"
        and t.text[:1].isupper()
        and t.text[1:2].islower()
        and t.lower_ not in english_words()
    )


def adverb_place(verb: Token, is_place) -> Token | None:
    """The resolved place right after ``verb`` that the parse made its adverb ("had taken Sievierodonetsk")."""
    t = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return t if t is not None and is_place is not None and adverb_name(t, verb) and is_place(t) else None


def after_headline_verb(ctx, tok: Token, name: list[Token] | None) -> list[Token] | None:
    """A title-case headline's name starts after its verb, and its capitals are no evidence of a name: that part
    stands only where :func:`headline_town` says so ("Taliban Seize Provincial Capitals": none, a gazetteer's
    "Provincial" or not)."""
    verbs = [k for k, t in enumerate(name or []) if verb_form(t) and t.i < tok.i]
    if not name or not verbs or not title_case(tok.sent.text):
        return name
    rest = name[verbs[-1] + 1 :]
    text = doc_text(tok.doc)[rest[0].idx : rest[-1].idx + len(rest[-1].text)] if rest else ""
    return rest if rest and headline_town(ctx, rest, text) else None


def headline_town(ctx, name: list[Token], text: str) -> bool:
    """Does a title-case headline's bare name the gazetteer lacks stand for a town: it follows a verb of taking
    ground directly as its object and is no verb form itself ("Ukraine Retakes Kupiyansk", "Rebels Seize
    Dougoutene"), or "Town Of" ("... Key Town Of Dioura"), or the body names it again ("... captured Dougoutene on Sunday")? Not "..., Free Inmates"."""
    doc = name[0].doc
    triggers = lexicon.table("control", "control_triggers")
    if any(verb_form(t) or t.lemma_.lower() in triggers or t.tag_ in ("VBN", "VBG") for t in name):
        return False
    if any(t.lower_ in english_words() for t in name):
        return False  # an English word there is most often a headline's common noun ("Gangs Seize Town")
    if name[0].i > 0 and verb_form(doc[name[0].i - 1]):
        return True
    if (
        name[0].i > 1
        and doc[name[0].i - 1].lower_ == "of"
        and doc[name[0].i - 2].lower_ in lexicon.table("control", "control_town_nouns")
    ):
        return True  # "Jihadists Seize Key Town Of Dioura In Mali": a place noun and "of" name it, as in a body
    art = ctx.article
    return any(
        m.start() >= getattr(ctx, "header_end", 0) and not any(h.start <= m.start() < h.end for h in art.headings)
        for m in re.finditer(rf"(?<!\w){re.escape(text)}(?!\w)", art.text)
    )
