"""Office holders named with their state (issue 13: who claims a change): "Ukrainian President Volodymyr Zelenskyy",
"Ukraine's defense minister", "Sudan's army chief Abdel Fattah al-Burhan". A country or its demonym followed by a
title of ``state_office_titles`` (the actor lexicon) is that state's government or forces, so that "'Our forces have
entered Kherson,' Ukrainian President Volodymyr Zelenskyy said" is a claim of Ukraine's, and "our forces" its forces.

Reads: the words after a country's mention. Writes: nothing (the actor stage makes the mention)."""

from __future__ import annotations

import re
from functools import lru_cache

from sitroom.extract import lexicon


@lru_cache(maxsize=1)
def _title_re() -> tuple[re.Pattern[str], dict[str, str]]:
    titles = {k.casefold(): v for k, v in lexicon.table("actors", "state_office_titles").items()}
    words = sorted(titles, key=len, reverse=True)
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(r"(?:['\u2019]s)?\s+(" + alt + r")\b", re.I), titles


def office_title(tail: str) -> tuple[int, str] | None:
    """(the end of the title in ``tail``, the kind of actor it speaks for) when ``tail`` -- the text right after a
    country's mention -- opens with a state office title ("'s defense minister", " President"), else None."""
    rx, titles = _title_re()
    m = rx.match(tail)
    if m is None:
        return None
    return m.end(), titles[" ".join(m.group(1).casefold().split())]


def body_word(word: str, titled: bool = False) -> bool:
    """Is ``word`` (after a country: "Sudan's army", "Azerbaijan's Defense Ministry") a state's body as written:
    lower case, or a ministry in title case (``titled``: only the title case counts)?"""
    return word in lexicon.words("actors", "state_bodies_titled") or (not titled and word.islower())


@lru_cache(maxsize=1)
def _body_re() -> re.Pattern[str]:
    words = sorted(lexicon.words("actors", "state_body_words"), key=len, reverse=True)
    return re.compile(r"(?:['\u2019]s)?\s+(?:([\w-]+)\s+)?(" + "|".join(map(re.escape, words)) + r")\b", re.I)


def body_kind(word: str) -> str:
    """The kind of actor a state body of ``state_body_words`` is: "government" or "state-forces"."""
    return lexicon.table("actors", "state_body_words")[word.casefold()]


def body_match(tail: str) -> re.Match[str] | None:
    """The state body ``tail`` -- the text right after a country's mention -- opens with, a word of
    ``state_body_words`` after at most one modifier ("'s army", " armed forces", "'s Defense Ministry"): group 1
    the modifier, group 2 the body."""
    return _body_re().match(tail)
