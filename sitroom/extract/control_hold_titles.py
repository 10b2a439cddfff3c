"""A change of control told by a verbless title ("Kidal in Rebel Hands", "Kherson Back Under Ukrainian Control",
"Goma in M23 Hands"): a place, an optional adverb of change, a preposition of holding (``control_hold_frames``), the
holder's words and a noun of holding (``control_hold_nouns``), with no verb in the title. A title states its news:
the place changed hands to the holder. :mod:`sitroom.extract.control_headlines` reads the title again in sentence
case and asks :func:`verbless_hold` of its tokens."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.control_sides import _ARMED, _generic, _salient_of_side
from sitroom.model import Place

_W = lexicon.words


def verbless_hold(
    ctx,
    toks: list[Token],
    actor_at: Callable[[Token], str | None],
    place_at: Callable[[Token], Place | None],
) -> tuple[Place, str, Token] | None:
    """(the place, the gainer, the noun of holding) of a verbless title of control, else None. The gainer: the
    actor the holder's words name ("M23 Hands"), else the article's salient actor of the side they name (an armed
    modifier, "Rebel Hands": non-state; a word of the state, "Army Control", or a demonym, "Ukrainian Control":
    state)."""
    words = [t for t in toks if not t.is_punct]
    if not words or any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    place = place_at(words[0])
    if place is None:
        return None
    k = 0
    while k < len(words) and getattr(place_at(words[k]), "id", None) == place.id:
        k += 1  # the place's words ("Mocimboa da Praia")
    while k < len(words) and words[k].lower_ in _W("control", "control_change_adverbs"):
        k += 1
    frames = lexicon.table("control", "control_hold_frames")
    if k >= len(words) or words[k].lower_ not in frames:
        return None
    nouns = _W("control", "control_hold_nouns")
    end = next((j for j in range(k + 1, len(words)) if words[j].lower_ in nouns), None)
    if end is None or end == k + 1 or end != len(words) - 1:
        return None  # "Kidal in Rebel Hands": the noun of holding closes the title, its holder before it
    holder = words[k + 1 : end]
    gainer = next((a for a in map(actor_at, holder) if a is not None), None)
    if gainer is None:
        gainer = _side_named(ctx, holder, place, place_at)
    if gainer is None or ctx.actor_kinds.get(gainer) not in _ARMED:
        return None
    return place, gainer, words[end]


def _side_named(ctx, holder: list[Token], place: Place, place_at) -> str | None:
    """The salient actor of the side the holder's words name: an armed modifier (non-state), a word of the state's
    side or a demonym (the state forces of the place's country)."""
    vocab = ctx.index.lex.vocab
    low = {t.lower_ for t in holder}
    if vocab is not None and low & vocab.armed_modifiers:
        return _salient_of_side(ctx, "non-state", place)
    if low & _W("control", "control_state_holders"):
        return _salient_of_side(ctx, "state", place) or _generic(ctx, "state", place)
    for t in holder:
        p = ctx.place_at.get(t.idx)  # a demonym's country ("Ukrainian Control")
        if p is not None and p.kind == "country":
            return _generic(ctx, "state", p)
    return None
