"""Whose fighters a leader's name or a leader's pronoun names: "Haftar's forces" (a name one of a registry group's
``leaders`` has), "Wagner chief Yevgeny Prigozhin claimed that his fighters had taken X" (the group the leader's
own phrase names: a title after the group's name, an apposition "the head of the Wagner group"), "Golani said his
forces had entered Hama" (a leader the registry lists). Used by :mod:`sitroom.extract.actor_learning` (possessive
names) and :mod:`sitroom.extract.actors` (a descriptor after "his" / "her")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from sitroom.extract import lexicon
from sitroom.extract.actor_registry import Lexicon, in_scope

_ARTICLE = re.compile(
    r"^(?:" + "|".join(sorted(lexicon.words("places", "variant_articles"), key=len, reverse=True)) + r")[-'\u2019]"
)
_POSSESSIVES = "|".join(sorted(lexicon.words("actors", "leader_possessives")))
_HIS = re.compile(r"\b(?:" + _POSSESSIVES + r")\s+$", re.I)
_ARMED = lexicon.words("actors", "armed_kinds")


def plain(name: str) -> str:
    """A name for matching: case folded, each word without an Arabic article (``variant_articles``)."""
    return " ".join(_ARTICLE.sub("", w) for w in name.casefold().split())


def surname(name: str) -> str:
    """A person's surname for matching, without an Arabic article ("al-Golani" and "Golani" are one name)."""
    return plain(name.split()[-1])


def led_by_name(lex: Lexicon, who: str, countries: Counter, year: int | None) -> str | None:
    """The registry actor a person leads: one of its ``leaders`` in scope has that surname ("Haftar", "Golani"), or
    that full name where ``who`` is a full name ("Sharif Ahmed" is no "Abiy Ahmed")."""
    same = (lambda n: surname(n) == surname(who)) if " " not in who.strip() else (lambda n: plain(n) == plain(who))
    led = [
        a for a in lex.actors.values() if a.leaders and in_scope(a, countries, year) and any(same(n) for n in a.leaders)
    ]
    # a leader of two groups in turn (Golani: the Nusra Front, then HTS): the one active in the very year first
    led.sort(key=lambda a: not a.active(year, slack=0))
    return led[0].id if led else None


def leader_group(
    doc,
    text: str,
    start: int,
    mentions: Iterable[Any],
    kind_of: Callable[[str], str | None],
    lex: Lexicon,
    countries: Counter,
    year: int | None,
) -> str | None:
    """The group whose fighters a description after "his" / "her" at ``start`` names: the person named last before
    it in its sentence leads it -- by the registry's leaders, or by a group named inside the person's own phrase
    ("Wagner chief Yevgeny Prigozhin", "Prigozhin, the head of the Wagner group,"); None otherwise."""
    if doc is None or not _HIS.search(text[max(0, start - 8) : start]):
        return None
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    tok = span[0]
    people = [e for e in doc.ents if e.label_ == "PERSON" and tok.sent.start <= e.start and e.end <= tok.i]
    if not people:
        return None
    person = _speaker(tok, people) or people[-1]
    led = led_by_name(lex, person.text, countries, year)
    if led is not None:
        return led
    head = person.root
    while head.dep_ in ("compound", "flat") and head.head.i != head.i:
        head = head.head
    lo, hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)
    if lo <= start < hi:
        return None  # the description is inside the person's own phrase
    return next(
        (
            m.actor
            for m in mentions
            if lo <= m.start < hi and m.form in ("alias", "name") and kind_of(m.actor) in _ARMED
        ),
        None,
    )


def add_leader_mentions(r, make: Callable[..., Any]) -> None:
    """Mentions of the group a leader's possessive pronoun names: "his fighters", "her forces" after a person who
    leads a group (:func:`leader_group`); ``r`` is an actor reading (:mod:`sitroom.extract.actors`), ``make`` builds
    its mentions."""
    v = r.lex.vocab
    if r.doc is None or v is None:
        return
    fol = "|".join(re.escape(w) for w in sorted(v.followers, key=len, reverse=True))
    for m in re.finditer(rf"\b(?:{_POSSESSIVES})\s+(?P<f>{fol})\b", r.text, re.I):
        s, e = m.start("f"), m.end("f")
        if not r.free(s, e):
            continue
        aid = leader_group(r.doc, r.text, s, r.mentions, lambda a: r.defs[a].kind, r.lex, r.countries, r.year)
        if aid is not None:
            r.mentions.append(make(s, e, aid, "descriptor"))
            r.taken.append((s, e))


def _speaker(tok, people: list) -> Any:
    """The person whose pronoun ``tok``'s "his" is: the one the subject of a verb above ``tok`` names ("Army chief
    X, who has vowed to crush Y, said his forces had retaken Z": X, not Y named last), None when no verb above has a
    person as its subject."""
    for v in tok.ancestors:
        if v.pos_ not in ("VERB", "AUX"):
            continue
        subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i), None)
        if subj is None:
            continue
        inside = {t.i for c in subj.children if c.dep_ in ("relcl", "acl", "advcl") for t in c.subtree}
        own = [p for p in people if subj.left_edge.i <= p.root.i <= subj.right_edge.i and p.root.i not in inside]
        if own:
            return own[-1]
    return None
