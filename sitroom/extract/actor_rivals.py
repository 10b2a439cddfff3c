"""Which named group a generic description means when the article names more than one: a description tied to a
parent group ("the al-Qaida-linked group", "Islamic State-affiliated fighters": one of the parent's affiliates, never
the parent), a parent named only as such ("JNIM, al-Qaida's Sahel affiliate": al-Qaida is not the group the article
is about), and two rival groups of one kind ("JNIM and Islamic State fighters clashed ..."), after which "the
jihadists" is neither unless its own words decide. The words are the lexicon's (``affiliation_marks``,
``affiliation_nouns``, ``rival_marks`` in ``data/lexicon/actors.yaml``); the parents are the registry's
``affiliate_of``."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from sitroom.extract import lexicon
from sitroom.extract.actor_registry import ActorDef, Lexicon, fold_name, in_scope, pick_actor
from sitroom.extract.backers import backer_place


def _alts(section: str) -> str:
    ws = sorted(lexicon.words("actors", section), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws)


_MARK = re.compile(r"-(?i:" + _alts("affiliation_marks") + r")(?![\w-])")
_PARENT_OF = re.compile(r"(?:'s|\u2019s)\s+(?:[\w-]+\s+){0,3}?(?i:" + _alts("affiliation_nouns") + r")\b")
_PARENT_NOUN = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?i:" + _alts("affiliation_nouns") + r")\b")
_ARTICLE_BEFORE = re.compile(r"\b(?i:an?)\s+$")
_RIVAL = re.compile(r"(?<![\w-])(?i:" + _alts("rival_marks") + r")(?![\w-])")


def affiliation_descriptors(
    text: str,
    lex: Lexicon,
    heads: Iterable[str],
    modifiers: Iterable[str],
    free: Callable[[int, int], bool],
    state_heads: Iterable[str] = (),
) -> list[tuple[int, int, str, str]]:
    """ "the al-Qaida-linked group", "Islamic State-affiliated fighters", "Rwanda-backed rebels": (start, end, the
    armed head noun, the parent's id) of every description made of a registry name, an affiliation mark and an armed
    head (after any armed modifiers); the name must end right before the mark. A head of ``state_heads`` ("forces",
    "troops") backed by a group with no affiliates is left to the other rules."""
    hd = "|".join(re.escape(w) for w in sorted(set(heads), key=len, reverse=True))
    md = "|".join(re.escape(w) for w in sorted(set(modifiers), key=len, reverse=True))
    tail = re.compile(rf"(?:\s+(?i:{md}))*\s+(?P<head>(?i:{hd}))(?![\w-])")
    out: list[tuple[int, int, str, str]] = []
    state = set(state_heads)
    for m in _MARK.finditer(text):
        t = tail.match(text, m.end())
        if t is None:
            continue
        lo = max(0, m.start() - 80)
        parent = None
        for a in lex.aliases_in(text[lo : m.start()]):
            if a.end() == m.start() - lo:
                parent = (lo + a.start(), a.group(0))
        if parent is None:
            continue
        pid = lex.alias_map.get(fold_name(parent[1])) or pick_actor(lex, parent[1], Counter(), None)  # the global sense
        if pid is None or not free(parent[0], t.end()):
            continue
        if t.group("head").casefold() in state and not any(pid in a.affiliate_of for a in lex.actors.values()):
            continue  # "U.S.-backed forces", "French-backed troops": whose forces the words around them say
        out.append((parent[0], t.end(), t.group("head").casefold(), pid))
    return out


def backers(text: str, places: Iterable[Any], doc=None) -> Counter:
    """The countries named only as a backer ("Saudi-backed government forces", "Iran-backed militias", with the
    parse "troops, backed by Russian airstrikes,"): they say who helps a party, not where the war is, so they do not
    count toward the article's theatre."""
    out: Counter = Counter()
    for p in places:
        if not p.country:
            continue
        if _MARK.match(text, p.mention.end):
            out[p.country] += 1
        elif backer_place(doc, p.mention.start, p.mention.end):
            out[p.country] += 1
    return out


def parent_references(text: str, mentions: Iterable[Any]) -> set[int]:
    """The starts of named mentions that only say whose branch another group is: "JNIM, al-Qaida's Sahel
    affiliate", "ISWAP, an Islamic State's West Africa branch" (a possessive followed by an affiliation noun), "ISIL,
    an al Qaeda offshoot" (the name after "a" / "an" before one)."""
    return {
        m.start
        for m in mentions
        if m.form in ("alias", "name")
        and (
            _PARENT_OF.match(text, m.end)
            # "ISIL, an al Qaeda offshoot that ...": the name as a modifier of an affiliation noun after "a" / "an"
            or _ARTICLE_BEFORE.search(text, max(0, m.start - 4), m.start) is not None
            and _PARENT_NOUN.match(text, m.end) is not None
        )
    }


def pick_affiliate(
    lex: Lexicon, defs: dict[str, ActorDef], parent: str, named: list[str], countries: Counter, year: int | None
) -> str | None:
    """The group an affiliation description means: the latest named group of the article that is ``parent``'s
    affiliate, else the one affiliate of ``parent`` in the text's theatre and year whose home the text names most
    (None when none, or when two tie)."""
    for aid in reversed(named):
        if parent in defs[aid].affiliate_of:
            return aid
    ranked = sorted(
        (
            (countries.get(a.scope()[0], 0) if a.scope() else 0, sum(countries.get(c, 0) for c in a.scope()), a.id)
            for a in lex.actors.values()
            if parent in a.affiliate_of and a.scope() and in_scope(a, countries, year) and a.active(year, slack=0)
        ),
        reverse=True,
    )
    if not ranked or not countries or (len(ranked) > 1 and ranked[0][:2] == ranked[1][:2]):
        return None
    return ranked[0][2]


def rivals_in_sentence(text: str, bounds: tuple[int, int], ids: Iterable[str]) -> bool:
    """Whether the sentence ``bounds`` that names the groups ``ids`` tells them as rivals (a rival mark in it)."""
    return len(set(ids)) > 1 and _RIVAL.search(text, bounds[0], bounds[1]) is not None


def types_of(a: ActorDef, defs: dict[str, ActorDef]) -> set[str]:
    """An actor's types, with those of the groups it is an affiliate of (al-Qaida's branches are jihadist)."""
    return set(a.types).union(*(defs[p].types for p in a.affiliate_of if p in defs))


def decided_by_words(
    key: str, ids: Iterable[str], defs: dict[str, ActorDef], word_types: dict[str, frozenset[str]]
) -> str | None:
    """The one of ``ids`` the description ``key`` means by its own words: the one listing it as its own descriptor
    ("Tuareg rebels"), else the one of the type its words name ("the separatists", "the jihadists"); None when
    none or several fit."""
    ids = set(ids)
    own = {a for a in ids if any(fold_name(d) == key for d in defs[a].descriptors)}
    if len(own) == 1:
        return own.pop()
    words = set(re.split(r"[\s]+", key))
    named = {t for t, ws in word_types.items() if words & ws}
    typed = {a for a in ids if types_of(defs[a], defs) & named}
    return typed.pop() if len(named) == 1 and len(typed) == 1 else None


def _bounds(sentences: list[Any], at: int, end: int) -> tuple[int, int]:
    starts = [x.start for x in sentences]
    i = bisect_right(starts, at) - 1
    return (sentences[i].start, sentences[i].end) if i >= 0 else (0, end)


def nearest_fit(
    text: str,
    sentences: list[Any],
    fits: list[Any],
    defs: dict[str, ActorDef],
    key: str,
    named: Counter,
    countries: Counter,
    word_types: dict[str, frozenset[str]],
) -> str | None:
    """The group a description means among the compatible mentions before it (``fits``, oldest first): the latest,
    unless its sentence names another group of its side as its rival ("JNIM and Islamic State fighters clashed near
    Menaka"; then the one the description's words decide, else None: no named group), or unless a group the
    article names more often lists the description as its own in the text's theatre ("Al-Shabab ... al-Shabab
    fighters ... The Islamic State group is also active in Puntland. The militants seized ...": al-Shabab)."""
    last = fits[-1]
    lo, hi = _bounds(sentences, last.start, len(text))
    same = {
        x.actor for x in fits if lo <= x.start < hi and x.form in ("alias", "name") and not defs[x.actor].pro_government
    }
    if last.actor in same and rivals_in_sentence(text, (lo, hi), same):
        return decided_by_words(key, same, defs, word_types)
    owner = _own_description(key, {x.actor for x in fits if x.form in ("alias", "name")}, defs, countries)
    if owner is not None and owner != last.actor and named[owner] > named[last.actor]:
        return owner
    return last.actor


def _own_description(key: str, ids: set[str], defs: dict[str, ActorDef], countries: Counter) -> str | None:
    own = {
        a
        for a in ids
        if any(fold_name(d) == key for d in defs[a].descriptors)
        and (not defs[a].scope() or set(defs[a].scope()) & set(countries))
    }
    return own.pop() if len(own) == 1 else None


def tied_rivals(text: str, sentences: list[Any], mentions: Iterable[Any], ids: set[str]) -> bool:
    """Whether some sentence names two of the groups ``ids`` as rivals (a description told before any of them,
    "Jihadists seized Boni ... JNIM and the Islamic State group have fought each other there", is neither)."""
    by_sentence: dict[tuple[int, int], set[str]] = {}
    for m in mentions:
        if m.actor in ids and m.form in ("alias", "name"):
            by_sentence.setdefault(_bounds(sentences, m.start, len(text)), set()).add(m.actor)
    return any(len(v) > 1 and rivals_in_sentence(text, b, v) for b, v in by_sentence.items())
