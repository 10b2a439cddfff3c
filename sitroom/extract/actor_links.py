"""Actor mentions the parse ties to others (used by :mod:`sitroom.extract.actors`): a capital that reports is its
government ("Moscow said ..."), a description "led by" a named armed actor is that actor, and a pronoun that heads a
relative or adverbial clause may refer to its own sentence's main clause; a proper modifier ties a description to a
named side."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from sitroom.extract import lexicon
from sitroom.extract.actor_registry import Lexicon, fold_name
from sitroom.extract.certainty import REPORTING
from sitroom.extract.nlp import tokens_with_dep

ARMED_KINDS = lexicon.words("actors", "armed_kinds")  # the kinds that fight for ground
_DATELINE_AFTER = (",", "-", "\u2014", "\u2013", "(")
_LED_BY = re.compile(r",?\s+(?:" + "|".join(sorted(lexicon.words("actors", "led_by_verbs"))) + r")\s+by\s+(?:the\s+)?")


def _phrase_alts(section: str) -> str:
    ws = sorted(lexicon.words("actors", section), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ws)


# "Guerrillas of the ELN", "fighters from the RSF", "the militants, who are known locally as al-Shabab"
_MEMBER_OF = re.compile(r",?\s+(?i:" + _phrase_alts("member_of_links") + r")\s+")
_MEMBER_MOD = re.compile(r"(?i:" + _phrase_alts("member_of_modifiers") + r")\s+")


def reporting_capitals(doc, text: str, lex: Lexicon, free: Callable[[int, int], bool]) -> list[tuple[int, int, str]]:
    """ "Moscow said its forces captured X", "Kyiv denied it": (start, end, actor) of every capital that is the
    subject of a reporting verb, as its government; a dateline the parse made a subject ("MOSCOW -", "KABUL,
    Afghanistan -") is none."""
    caps = lex.reporting_capitals
    out = []
    for tok in tokens_with_dep(doc, "nsubj"):
        if tok.head.lemma_ not in REPORTING or tok.text.isupper():
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.text in _DATELINE_AFTER:
            continue
        first = tok.left_edge if all(t.dep_ == "compound" for t in doc[tok.left_edge.i : tok.i]) else tok
        s, e = first.idx, tok.idx + len(tok.text)
        aid = caps.get(fold_name(text[s:e])) if e <= len(text) else None
        if aid is not None and free(s, e):
            out.append((s, e, aid))
    return out


_CAPITAL_PARTY_NOUNS = lexicon.words("actors", "capital_party_nouns")


def acting_capitals(doc, text: str, lex: Lexicon, free: Callable[[int, int], bool]) -> list[tuple[int, int, str]]:
    """ "Moscow's biggest battlefield gain", "Kyiv's forces": (start, end, actor) of every capital that owns a noun
    of war (lexicon ``capital_party_nouns``), as its government; "Kabul's residents" stays a city."""
    caps = lex.reporting_capitals
    out = []
    for tok in tokens_with_dep(doc, "poss"):
        if tok.head.lower_ not in _CAPITAL_PARTY_NOUNS or tok.text.isupper():
            continue
        s, e = tok.idx, tok.idx + len(tok.text)
        aid = caps.get(fold_name(text[s:e])) if e <= len(text) else None
        if aid is not None and free(s, e):
            out.append((s, e, aid))
    return out


def named_after(
    text: str, end: int, form: str, by_start: dict[int, Any], kind_of: Callable[[str], str | None], armed: bool = True
) -> str | None:
    """The named armed actor a description ending at ``end`` is: "rebels led by HTS" (a description or a pronoun),
    "Guerrillas of the National Liberation Army", "fighters from the RSF", "the militants, who are known locally as
    al-Shabab" (an armed description: ``armed``); ``by_start``: the named mentions by their start."""
    lead = _LED_BY.match(text, end)
    if lead is None and form == "descriptor" and armed:
        lead = _MEMBER_OF.match(text, end)
    pos = lead.end() if lead else None
    while pos is not None:
        other = by_start.get(pos)  # the name right after the link, or after its modifiers ("of former FARC rebels")
        if other is not None:
            return other.actor if other.form in ("alias", "name") and kind_of(other.actor) in ARMED_KINDS else None
        mod = _MEMBER_MOD.match(text, pos)
        pos = mod.end() if mod else None
    return None


def led_by(mentions: Iterable[Any], text: str, kind_of: Callable[[str], str | None]) -> None:
    """ "Sunni militants led by the Islamic State of Iraq and the Levant", "rebels led by HTS": a description (or
    a name the article made up from one: ids ``x-`` and ``armed-``) followed by "led by" a named armed actor is
    that actor; so is a description followed by the named actor it belongs to (:func:`named_after`). The mentions
    are changed in place."""
    ms = list(mentions)
    by_start = {m.start: m for m in ms}
    for m in ms:
        if m.form not in ("descriptor", "pronoun") and not m.actor.startswith(("x-", "armed-")):
            continue
        other = named_after(text, m.end, m.form, by_start, kind_of, kind_of(m.actor) in ARMED_KINDS)
        if other is not None:
            m.actor = other


def in_subordinate(doc, offset: int) -> bool:
    """Is the pronoun at ``offset`` the subject of a relative or adverbial clause ("militants hold Mosul, which
    they seized in 2014", "the rebels left before they could be encircled")? It may then refer to its own
    sentence's main clause."""
    if doc is None:
        return False
    span = doc.char_span(offset, offset + 2, alignment_mode="expand")
    return span is not None and span[0].dep_ == "nsubj" and span[0].head.dep_ in ("relcl", "advcl")


def reporting_subject(
    doc, offset: int, prior: list[Any], kind_of: Callable[[str], str | None] = lambda a: None
) -> str | None:
    """The actor who reports the clause a subject pronoun at ``offset`` heads: "X said they ..." -> X. Of the
    actors the subject holds, the armed one its head word names, else an armed party before a country or a place the
    parse hung on it ("GOMA, Congo -- Fighters of the M23 said they ...": they = M23, not Congo)."""
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
    subjs = [c for c in v.head.children if c.dep_ == "nsubj"]  # a dateline the parse made a second subject
    hit = [
        m
        for subj in subjs
        for lo, hi in [(subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text))]
        for m in prior
        if lo <= m.start and m.end <= hi
    ]
    armed = [m for m in hit if kind_of(m.actor) in ARMED_KINDS]
    # the subject's own head before what an appositive or a modifier adds ("The MNDAA, one of three groups in the
    # Brotherhood Alliance, said it ...": it = the MNDAA)
    heads = [m for m in armed if any(m.start <= s.idx < m.end for s in subjs)]
    return (heads or armed or hit)[-1].actor if hit else None


_OPPONENT_PREPS = lexicon.words("actors", "opponent_preps")


def opposed_in_clause(doc, start: int, mentions: Iterable[Any]) -> set[str]:
    """The actors named in the sentence of the description at ``start`` as the other party of its clause: the
    object of "from" or "against" ("Kurdish-led fighters captured Manbij from Islamic State militants": the
    fighters are not the Islamic State)."""
    if doc is None:
        return set()
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return set()
    sent = span[0].sent
    lo, hi = sent.start_char, sent.end_char
    out = set()
    for m in mentions:
        if not (lo <= m.start and m.end <= hi) or m.start <= start:
            continue
        ms = doc.char_span(m.start, m.end, alignment_mode="expand")
        root = ms.root if ms is not None else None
        while root is not None and root.dep_ in ("compound", "amod", "nmod") and root.head.i != root.i:
            root = root.head  # "from the Rapid Support Forces paramilitary group": the phrase's head
        if root is not None and root.dep_ == "pobj" and root.head.lower_ in _OPPONENT_PREPS:
            out.add(m.actor)
    return out


def possessor(doc, start: int, end: int, mentions: Iterable[Any]) -> str | None:
    """The actor whose possessive governs the description at ``start``-``end`` ("its fighters", "the M23's
    fighters", "Hamas's gunmen"): a mention covering the description's ``poss`` dependent."""
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    poss = next((c for c in span.root.children if c.dep_ == "poss"), None)
    if poss is None:
        return None
    return next((m.actor for m in mentions if m.start <= poss.idx < m.end), None)


def named_modifier(doc, s: int) -> bool:
    """Does a modifier tie the bare description at offset ``s`` to a side of its own ("Tigrayan troops", "rebel
    soldiers", "peacekeeping troops", "child soldiers": no state's forces by default)? A determiner, a possessive or a
    date before it ties nothing ("the troops", "its troops", "on Friday troops")."""
    span = doc.char_span(s, s + 1, alignment_mode="expand") if doc is not None else None
    if span is None:
        return False
    return any(
        c.dep_ in ("amod", "compound", "nmod") and c.i < span.root.i and c.ent_type_ not in ("DATE", "TIME")
        for c in span.root.children
    )
