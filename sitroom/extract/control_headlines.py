"""Changes of control told by a title-case headline the tagger misreads ("Al-Shabab Withdraws From Kismayo",
"Ukraine Retakes Kherson"): the headline parsed again in sentence case and read with headline grammar, and a title's
change that the first reading found kept as news of the day (not a heading that needs a body sentence to merge
into). :func:`sitroom.extract.control.headline_events` is the entry point (the event stage calls it there)."""

from __future__ import annotations

import re

from spacy.tokens import Token

from sitroom.config import Settings
from sitroom.extract import lexicon
from sitroom.extract.certainty import sentence_attribution
from sitroom.extract.control_hold_titles import verbless_hold
from sitroom.extract.control_sides import (
    _ARMED,
    _TERRITORY_KINDS,
    EXPEL,
    TAKEOVER,
    WITHDRAW,
    _event,
    _opponent,
    _salient_of_side,
)
from sitroom.extract.event_context import on_publication
from sitroom.extract.headline_towns import headline_town
from sitroom.extract.nlp import load_nlp
from sitroom.extract.sites import unlisted_town
from sitroom.model import Event, Place

_W = lexicon.words

_TITLE_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")


def _title_case(s: str) -> bool:
    words = _TITLE_WORD.findall(s)
    caps = [w for w in words if w[0].isupper()]
    return len(words) >= 3 and len(caps) >= 0.6 * len(words)


def _lemma(tok: Token, triggers: dict) -> str | None:
    """The control lemma of a headline word, whatever part of speech the tagger gave it ("Withdraws" as a noun)."""
    for cand in (tok.lemma_.lower(), tok.lower_, tok.lower_[:-1], tok.lower_[:-2]):
        if cand in triggers:
            return cand
    return None


def _as_headline(x: Event, art, s: int, e: int) -> None:
    """ "[headline]", not a heading: the title states the change; it stands without a body sentence, dated the day
    of its news unless it holds its own date."""
    x.heading = False
    if not x.summary.startswith("[headline] "):
        x.summary = "[headline] " + x.summary
    pub = art.published
    if pub is not None and not (x.date and x.date.span and s <= x.date.span.start < e):
        x.date = on_publication(pub)
        x.background = False


def _dated_by_body(ctx, x: Event, events: list[Event], s: int, e: int) -> None:
    """ "Iraqi Forces Take Kirkuk" over "... took control of Kirkuk on Monday": the headline tells the body's change,
    on the day the body gives it (the same place and gainer, told with a time of its own sentence)."""
    art = ctx.article
    p = art.place(x.place)
    for b in events:
        q = art.place(b.place)
        generic = x.actor1 is None or x.actor1.startswith("armed-")  # a title whose gainer the reading did not find
        if (
            b is x
            or p is None
            or q is None
            or b.actor1 != x.actor1
            and not (generic and ctx.actor_kinds.get(b.actor1) in ("non-state-armed", "state-forces", "intl-forces"))
            or (q.id != p.id and q.name != p.name)
            or not b.evidence
            or s <= b.evidence[0].start < e
            or b.background
            or b.date is None
            or b.date.span is None
            or not b.evidence[0].start <= b.date.span.start < b.evidence[0].end
        ):
            continue
        x.date = b.date.model_copy()
        if b.actor1 != x.actor1:  # "South Sudan Army Takes Bentiu": the body names who took it
            x.actor1, x.sub_event_type = b.actor1, b.sub_event_type
        return


def _unlisted_object(ctx, verb: Token, obj: Token) -> Place | None:
    """The town the gazetteer lacks that a title-case headline's takeover verb takes right after it ("Ukraine Retakes
    Kupiyansk", "Rebels Seize Dougoutene"): read on the article's own parse (the re-parse lowers its case), where
    :func:`sitroom.extract.sites.unlisted_town` decides whether the headline's shape or the body makes it a town."""
    if obj.i != verb.i + 1:
        return None
    main = next((t for t in ctx.doc if t.idx == obj.idx), None)
    if main is None or not main.text[:1].isupper() or not headline_town(ctx, [main], main.text):
        return None  # "Taliban Seize Provincial Capitals": a common word
    return next(iter(unlisted_town(ctx, main, loose=("ORG", "PERSON", "NORP"), caps=True)), None)


def _after(x: Event, e: int) -> bool:
    return bool(x.evidence) and x.evidence[0].start >= e


def _place_told(ctx, told: list[Event], s: int, e: int, triggers: dict) -> None:
    """The first reading of a title-case headline found the change but no place ("Militants Capture Galcad"): the
    town nobody listed right after its takeover verb is the place."""
    if any(ev.place is not None or ev.actor1 is None or ev.actor1.startswith("armed-") for ev in told):
        return  # a place found, or a gainer only guessed ("Riot Police Overrun Taksim Square": no armed party named)
    toks = [t for t in ctx.doc if s <= t.idx < e and not t.is_space]
    for k, tok in enumerate(toks[:-1]):
        lem = _lemma(tok, triggers)
        if lem is None or triggers[lem] not in ("capture", "regain"):
            continue
        named = _unlisted_object(ctx, tok, toks[k + 1])
        if named is not None:
            for ev in told:
                ev.place = named.id
            return


_NO_GUESS = "\x00no-guess"  # a headline's unlisted town with no armed gainer and no change in the body


def _headline_gainer(ctx, events, e: int, gainer, loser, named, action: str, place: Place) -> str | None:
    """The gainer of a headline's change: the armed one it names; for a town nobody listed with none, the gainer of a
    change the body tells, else no guess (``_NO_GUESS``: "Riot Police Overrun Taksim" over a body with no change of
    hands); else the loser's opponent or the salient actor of the side the verb implies."""
    if named is not None and (gainer is None or ctx.actor_kinds.get(gainer) not in _ARMED):
        gainer = next((x.actor1 for x in events if x.sub_event_type in TAKEOVER and x.actor1 and _after(x, e)), None)
        if gainer is None:
            return _NO_GUESS
    if gainer is not None and ctx.actor_kinds.get(gainer) not in _ARMED:
        gainer = None
    if gainer is None and loser is not None:
        gainer = _opponent(ctx, loser, place)
    if gainer is None:
        gainer = _salient_of_side(ctx, "state" if action == "regain" else "non-state", place)
    return gainer


def headline_events(ctx, events: list[Event], headings) -> list[Event]:
    """Changes told by a title-case headline the tagger misreads ("Al-Shabab Withdraws From Kismayo", "Turkish
    Riot Police Overrun Taksim Square"), read with headline grammar: the headline is parsed again with its ordinary
    words in lower case (at the same character offsets) for the words' lemmas, then read in order: an actor, a
    control verb, then the place ("from / out of" the place for a loss; the loser, then "from" the place, for an
    expulsion); "Y Falls to X"."""
    E = ctx.grammar

    art = ctx.article
    spans = [(h.start, h.end) for h in art.headings]
    if art.title and art.text.startswith(art.title):
        spans.append((0, len(art.title)))
    keep = [(p.mention.start, p.mention.end) for p in art.places] + [
        (m.span.start, m.span.end) for a in art.actors for m in a.mentions
    ]
    triggers = lexicon.table("control", "control_triggers")
    unreal = (
        _W("events", "modals")
        | _W("events", "unasserting_verbs")
        | _W("control", "control_denial_verbs")
        | _W("control", "control_unreal_heads")
        | {"not", "no", "never", "concerns", "fears", "threat", "threatens"}
    )
    out: list[Event] = []
    for s, e in sorted(set(spans)):
        if not _title_case(art.text[s:e]):
            continue
        told = [ev for ev in events if ev.evidence and s <= ev.evidence[0].start < e and ev.sub_event_type in TAKEOVER]
        if told:
            if s == 0 and art.title and e == len(art.title):
                for ev in told:  # the title states the change: it stands without a body sentence (as below)
                    _as_headline(ev, art, s, e)
                    _dated_by_body(ctx, ev, events, s, e)
            _place_told(ctx, told, s, e, triggers)
            continue  # the first reading found it
        chars = list(art.text[s:e])
        for i in range(s, e):
            if not any(a <= i < b for a, b in keep):
                chars[i - s] = chars[i - s].lower()
        doc = load_nlp(Settings().spacy_model)(" " * s + "".join(chars))
        toks = [t for t in doc if not t.is_space]

        def actor_at(t):
            return next((m.actor for m in ctx.index.mentions if m.start <= t.idx < m.end), None)

        body = {p.country for p in art.places if p.country and not s <= p.mention.start < e}

        def place_at(t, body=body):
            p = E.place_of_token(ctx, t)
            if p is not None and body and p.country not in body:
                return None  # "Taliban Overrun Key District": a title word read as a town of a country the text is not about
            return p if p is not None and p.kind in _TERRITORY_KINDS else None

        held = verbless_hold(ctx, toks, actor_at, place_at)
        if held is not None:  # "Kidal in Rebel Hands": a title with no verb
            where, holder, noun = held
            out += _title_events(ctx, doc, noun, holder, None, [where], "capture", headings, events, s, e)
            continue
        for k, tok in enumerate(toks):
            lem = _lemma(tok, triggers)
            if lem is None or actor_at(tok) or place_at(tok):
                continue
            action = triggers[lem]
            if any(t.lower_ in unreal or t.lemma_.lower() in unreal for t in toks[:k]):
                continue  # "Concerns Helmand Could Fall to Taliban", "Denies Rebels Took Kidal"
            before = [actor_at(t) for t in toks[:k] if actor_at(t)]
            after = toks[k + 1 : k + 9]
            a_after = [actor_at(t) for t in after if actor_at(t)]
            p_after = [place_at(t) for t in after if place_at(t)]
            p_before = [place_at(t) for t in toks[:k] if place_at(t)]
            gainer = loser = None
            places: list[Place] = []
            how = "capture"
            rest = [
                t
                for t in after
                if not actor_at(t) and t.lower_ not in ("from", "out", "of", "the", "to", "into", "central")
            ]
            named = None
            if lem != "fall" and rest and place_at(rest[0]) is None and action in ("capture", "regain"):
                named = _unlisted_object(ctx, tok, rest[0])  # "Rebels Seize Dougoutene": a town nobody listed
                p_after = [named, *p_after] if named is not None else p_after
            if lem != "fall" and named is None and (not rest or place_at(rest[0]) is None):
                continue  # "Taliban Overrun Key District in Helmand": the object is no named place
            if lem == "fall" and p_before and a_after:
                gainer, places = a_after[0], p_before[-1:]
            elif action in ("capture", "regain") and lem != "fall" and p_after:
                gainer, places = (before[-1] if before else None), p_after[:1]
                how = "recapture" if action == "regain" else "capture"
            elif action == WITHDRAW and before and p_after:
                loser, places = before[-1], p_after[:1]
                how = "withdrawal"
            elif action == EXPEL and a_after and p_after:
                loser, places = a_after[0], p_after[:1]
                gainer = before[-1] if before else None
                how = "expel"
            else:
                continue
            if loser is not None and ctx.actor_kinds.get(loser) not in _ARMED:
                continue
            gainer = _headline_gainer(ctx, events, e, gainer, loser, named, action, places[0])
            if gainer is _NO_GUESS:
                continue
            out += _title_events(ctx, doc, tok, gainer, loser, places, how, headings, events, s, e)
            break
    return out


def _title_events(
    ctx, doc, tok: Token, gainer, loser, places: list[Place], how: str, headings, events: list[Event], s: int, e: int
) -> list[Event]:
    """The change a title at ``s``..``e`` tells, read from its sentence-case parse ``doc``: its evidence the title,
    attributed as the title is, news of the day unless the title holds its own date."""
    art = ctx.article
    sent = next(iter(doc.sents)) if doc.has_annotation("SENT_START") else doc[:]
    sent = doc.char_span(s, e, alignment_mode="expand") or sent
    evs = _event(ctx, sent, tok, gainer, loser, places, how, headings)
    att, certainty = sentence_attribution(sent, ctx.index, ctx.actor_kinds)
    for x in evs:
        x.attribution, x.certainty = att.model_copy(), certainty
        x.evidence = [art.span(s, e)]
        _as_headline(x, art, s, e)
        _dated_by_body(ctx, x, events, s, e)
    return evs
