"""The object of a change of hands names its place, not a place the phrases around it name (issue 13).

The event stage places a takeover at the first place it resolves in the trigger's phrases. When the object is a
name the gazetteer lacks, that is a place told beside the object: its containing unit ("overran Lere in the
Timbuktu region"), its distance anchor ("seized Mahaday, a town 30 km north of Jowhar"), or a place elsewhere in
the sentence ("captured Mahas on Sunday, a Somali official told VOA from Mogadishu"). Such an object is the town
taken when the text locates it like one (:func:`sitroom.extract.sites.town_like`: an armed side takes it, an
apposition calls it a town, a distance or a locative phrase places it); the place beside it stays its context (its
unit and, with no point of its own, its approximate point).
"""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.control_sides import _ARMED as ARMED
from sitroom.extract.control_time import same_place
from sitroom.extract.nlp import span_head
from sitroom.extract.sites import (
    described_town,
    name_tokens,
    person_named,
    proper,
    town_like,
    town_named_before,
    unlisted_town,
)
from sitroom.model import Event, Place

_W = lexicon.words


def object_beside_place(ctx, e: Event, obj: Token | None) -> bool:
    """Is the object ``obj`` of takeover ``e`` a town the gazetteer lacks, while ``e`` is placed at another place
    the sentence names beside it?"""
    p = ctx.article.place(e.place) if e.place else None
    if p is None or obj is None or p.kind == "facility":
        return False
    own = [obj, *(c for c in obj.lefts if c.dep_ in ("compound", "nmod"))]
    if any(ctx.grammar.place_of_token(ctx, t) is not None for t in own):
        return False  # the object is itself a place the gazetteer knows
    return town_like(ctx, obj)


def from_town(ctx, g: Token | None) -> list[Place]:
    """The town the gazetteer lacks that an armed side leaves or is driven from: "the army withdrew from Anefis",
    "pulled out of Boni", "drove the militants out of Mahaday" -- a proper name after the preposition of the loss,
    whatever the tagger's label, unless the text calls it a person or it names an actor."""
    if g is None or not proper(g) or not g.text[:1].isupper() or _institution(g):
        return []
    name = name_tokens(g)
    if name is None or sum(t.text[:1].isupper() for t in name) > 2 or person_named(name):
        return []
    return unlisted_town(ctx, g, loose=("ORG", "PERSON", "NORP", g.ent_type_))


def _institution(g: Token) -> bool:
    """Does the name ``g`` read as a body or a mission rather than a town: an acronym ("withdrew from ATMIS"), a name
    after "the" ("the Council of Europe", "the Sahel Alliance") or with an "of" phrase of its own ("Bank of
    Ghana")?"""
    if len(g.text) > 1 and g.text.isupper():
        return True
    if any(c.dep_ == "det" and c.lower_ == "the" for c in g.children):
        return True
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in g.children)


def _window(ctx, tok: Token) -> int | None:
    """The first token of the sentences a back-reference ``tok`` may look into (``control_backref_sentences``
    before its own); None where no armed side is named in its sentence before it."""
    sents = list(tok.doc.sents)
    k = next((i for i, s in enumerate(sents) if s.start <= tok.i < s.end), None)
    if k is None or not any(
        ctx.actor_kinds.get(m.actor) in ARMED for m in ctx.index.in_range(sents[k].start_char, tok.idx)
    ):
        return None
    return sents[max(0, k - int(lexicon.table("control", "control_backref_sentences")["sentences"]))].start


def pronoun_place(ctx, tok: Token, known: Place | None) -> list[Place]:
    """The place "it", the object of a change, stands for: a town first named where no change was told
    (:func:`named_before`), else ``known``, the last place the text names, when it is the subject or the object of
    the clause that the clause of "it" qualifies ("Lashio has been in rebel hands since the MNDAA seized it",
    "Derna was held by militias for years before Haftar's forces took it", "recaptured Singa, the capital of Sennar
    state, five months after the RSF had overrun it")."""
    got = named_before(ctx, tok, known)
    known = _described_by(ctx, tok.doc, known)
    if got or known is None or _window(ctx, tok) is None:
        return got
    t = span_head(tok.doc, known.mention.start, known.mention.end)
    v = tok.head
    while v.dep_ == "conj" and v.head.i != v.i:
        v = v.head
    if t is None or v.dep_ != "advcl":
        return []
    return [known] if t.head.i == v.head.i and t.dep_ in ("nsubj", "nsubjpass", "dobj") else []


def _described_by(ctx, doc, known: Place | None) -> Place | None:
    """The place whose apposition names ``known`` ("Singa, the capital of Sennar state": Singa, not the state),
    else ``known``."""
    t = span_head(doc, known.mention.start, known.mention.end) if known else None
    if t is None:
        return known
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.dep_ == "appos":
        return ctx.grammar.place_of_token(ctx, t.head.head.head) or known
    return known


def named_before(ctx, tok: Token, known: Place | None) -> list[Place]:
    """The town a back-reference of a change stands for when the text first named it in a sentence that told no
    change, so no place was made of it: "Residents fled Minova on Monday. M23 rebels entered the town on Tuesday",
    "Troops had held Mahas for months. On Tuesday al-Shabab fighters captured it". The nearest proper name before
    ``tok`` in the sentences just before it (``control_backref_sentences``), nearer than ``known`` (the last place
    the text names), that a verb or a preposition of ``control_backref_governors`` takes as its object, names no
    actor, and that nothing calls a person -- only where an armed side is named in the sentence before it."""
    doc = tok.doc
    start = _window(ctx, tok)
    if start is None:
        return []  # "crowds took over the town", "captured it on camera": no armed side acts in the clause
    governors = lexicon.table("control", "control_backref_governors")
    either: Token | None = None  # the nearest name a verb that takes people too takes
    for t in reversed(list(doc[start : tok.i])):
        if known is not None and t.idx < known.mention.end:
            break  # the last place named is nearer: the reference is to it
        how = governors.get(t.head.lemma_) or governors.get(t.head.lower_)
        if t.head.lower_ == "of" and t.head.head.lower_ in lexicon.table("control", "control_town_nouns"):
            how = "place"  # "Jihadists Seize Key Town Of Dioura ... overran the town": the town of that name
        if how is None or t.dep_ not in ("dobj", "pobj") or not proper(t) or not t.text[:1].isupper():
            continue
        if how != "place" and known is not None:
            continue  # "stormed Baga ... held Mustapha for hours and seized the town": a place named before wins
        name = name_tokens(t)
        if name is None or sum(x.text[:1].isupper() for x in name) > 2 or person_named(name):
            continue
        if t.ent_type_ in ("DATE", "TIME") or any(x.lower_ in _W("places", "stop_words") for x in name):
            continue  # "on Monday", "in March": a time, not a town
        if t.ent_type_ == "PERSON" and (len(name) > 1 or known is not None):
            # "held Ahmed Ali for months": a person's full name; with a place named before, the tagger's person is
            # a person
            continue
        if ctx.index.in_range(name[0].idx, name[-1].idx + len(name[-1].text)):
            continue  # an actor's name ("attacked al-Shabab")
        if any(ctx.grammar.place_of_token(ctx, x) is not None for x in name):
            continue  # a country or a region the gazetteer knows ("... Town Of Dioura In Mali"): no town of its own
        town = unlisted_town(ctx, t, loose=("ORG", "PERSON", "NORP", t.ent_type_)) if how == "place" else []
        if town:
            return town
        either = either or (t if how != "place" else None)
    if either is not None:
        return unlisted_town(ctx, either, loose=("ORG", "PERSON", "NORP", either.ent_type_))
    return []


def located_town(ctx, tok: Token) -> bool:
    """Is ``tok`` a name the gazetteer lacks that the text describes as a town ("it had taken Al-Khuwei, 40
    kilometres east of El Nahud", "took Mahaday, a town north of Jowhar"): the strong cues of
    :func:`sitroom.extract.sites.described_town` only, for a verb that takes people and things too ("take")."""
    if not proper(tok):
        return False
    name = name_tokens(tok)
    if name is None or sum(t.text[:1].isupper() for t in name) > 2:
        return False
    return not ctx.index.in_range(name[0].idx, name[-1].idx + len(name[-1].text)) and (
        described_town(tok, name) or town_named_before(ctx, name)  # "... took Boni, a town ... had taken Boni"
    )


def taker_told(ctx, place: Place, loser: str | None) -> str | None:
    """The armed side the article already told took ``place`` (its last such takeover, by another than
    ``loser``): the gainer of a withdrawal from it that names none ("Turkish-backed rebels took control of the town
    of Tal Rifaat ... The Kurdish fighters withdrew from Tal Rifaat toward Manbij")."""
    told = [
        x.actor1
        for x in ctx.takeovers
        if x.actor1 and x.actor1 != loser and x.place is not None and same_place(ctx, x.place, place)
    ]
    return told[-1] if told else None
