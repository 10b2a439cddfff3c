"""Frames of the control-change grammar beyond the verb and its object (issue 13), read from the dependency parse;
the words are data (``sitroom/data/lexicon/control.yaml``). Used by :mod:`sitroom.extract.control` and
:mod:`sitroom.extract.events`:

* **the loser "from X"** of a verb of taking ("recaptured Baiji from Islamic State", "wrested control of Palmyra
  from the militants", "Mosul had been liberated from the militants");
* **unrealised changes** further up than the trigger's head ("an offensive aimed at retaking Mosul", "the threat of
  a rebel takeover of Juba", "the attempted seizure of Tripoli");
* **entry by movement** ("rebels swept / marched / rolled / pushed into Y": an armed side entering a town).
"""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.control_parties import party, subject
from sitroom.extract.control_sides import _ARMED, _TERRITORY_KINDS, _event, _generic, _salient_of_side
from sitroom.extract.frames import words_of_head
from sitroom.extract.sites import last_place, proper
from sitroom.model import Event, Place

_W = lexicon.words


def loser_from(ctx, trig: Token, obj: Token | None, gainer: str | None) -> str | None:
    """The armed party a verb of taking names with "from X": on the verb, on its object ("control of Y from X"
    where the parse hangs it there) or on the object's "of Y"; never the gainer, never a place ("from the north")."""
    heads = [trig]
    if obj is not None:
        heads.append(obj)
        heads += [g for c in obj.children if c.dep_ == "prep" and c.lower_ in ("of", "over") for g in c.children]
    for h in heads:
        for c in h.children:
            if c.dep_ != "prep" or c.lower_ not in _W("control", "control_loser_preps"):
                continue
            for g in c.children:
                if g.dep_ != "pobj":
                    continue
                a = party(ctx, g)
                if a is not None and a != gainer and ctx.actor_kinds.get(a) in _ARMED:
                    return a
    return None


def unreal_frame(trig: Token) -> bool:
    """Is the change a purpose told by a head that leaves it unrealised, through a preposition of purpose ("an
    offensive aimed at retaking Mosul", "a push toward recapturing X", "plans for seizing Y")? A preposition of time
    or sequence ("pushed on after retaking the town") frames nothing: the change happened."""
    t = trig
    unreal, preps = _W("control", "control_unreal_heads"), _W("control", "control_unreal_preps")
    for _ in range(3):
        if t.dep_ not in ("pcomp", "pobj") or t.head.dep_ != "prep" or t.head.lower_ not in preps:
            return False
        t = t.head.head
        if t.lemma_ in unreal or t.lower_ in unreal:
            return True
    return False


def unreal_nominal(trig: Token) -> bool:
    """A nominal change told as not (yet) happened: an attributive of unreality ("the attempted seizure", "a
    possible takeover") or a noun of threat or attempt it belongs to ("the threat of a rebel takeover of Juba", "a
    bid for the capture of X")."""
    if any(
        c.dep_ in ("amod", "compound") and c.lower_ in _W("control", "control_unreal_modifiers") for c in trig.children
    ):
        return True
    if trig.dep_ == "pobj" and trig.head.dep_ == "prep":
        owner = trig.head.head
        return owner.pos_ == "NOUN" and (
            owner.lemma_ in _W("control", "control_unreal_heads")
            or owner.lemma_ in _W("control", "control_unreal_nouns")
        )
    return False


def entry_action(tok: Token) -> str | None:
    """ "rebels swept / marched / rolled into Y": a verb of movement with "into" a named place is an entry (a takeover
    when the mover is armed and the place a town or district: checked in :func:`control.refine`, as for "entered")."""
    if tok.pos_ != "VERB" or tok.dep_ in ("amod", "acl"):
        return None
    if tok.lemma_ not in _W("control", "control_entry_verbs"):
        return None
    preps = _W("control", "control_entry_preps")
    has = any(
        c.dep_ == "prep" and c.lower_ in preps and any(g.dep_ == "pobj" and _entered_town(g) for g in c.children)
        for c in _movement_children(tok)
    )
    return "capture" if has and not any(c.dep_ in ("dobj", "obj") for c in tok.children) else None


def exit_action(tok: Token) -> str | None:
    """ "troops streamed / marched / rolled out of Y": a verb of movement with "out of" a named place and no object is
    a withdrawal (of an armed mover: checked where withdrawals are built, as for "pulled out of")."""
    if tok.pos_ != "VERB" or tok.dep_ in ("amod", "acl") or tok.lemma_ not in _W("control", "control_entry_verbs"):
        return None
    kids = _movement_children(tok)
    out = [
        c for c in kids if c.dep_ in ("prt", "advmod", "prep") and c.lower_ in _W("control", "control_exit_particles")
    ]
    of = [
        g
        for c in [*kids, *(x for o in out for x in o.children)]
        if c.dep_ == "prep" and c.lower_ in _W("control", "control_exit_preps")
        for g in c.children
        if g.dep_ == "pobj" and _entered_town(g)
    ]
    # (not "pushed the rebels out of Y", "were driven out of Y": expulsions)
    done_to = any(c.dep_ in ("dobj", "obj", "nsubjpass", "auxpass") for c in tok.children)
    return "withdraw" if out and of and not done_to else None


def _movement_children(tok: Token) -> list[Token]:
    """The verb's children and those of its adverbs of movement ("moved back into Y", "pushed deeper into Y": the
    parse hangs "into Y" on the adverb)."""
    adverbs = _W("control", "control_movement_adverbs")  # not "pushed nearly into Y"
    return [*tok.children, *(g for c in tok.children if c.dep_ == "advmod" and c.lower_ in adverbs for g in c.children)]


def _entered_town(g: Token) -> bool:
    """Does the object of "into" name the town entered: a name ("swept into Mosul") or a town noun ("marched into
    the town of Konna", "rolled into the capital")? Not a region ("pushed into Russia's Kursk region": an
    incursion), nor a part or a site of a town ("marched into the stadium in Khartoum", "pushed into the outskirts
    of Bakhmut", "swept into the market": whoever enters it does not take the town)."""
    if g.lower_ in _W("control", "control_entry_wide_units"):
        return False
    return proper(g) or g.lemma_ in lexicon.table("control", "control_town_nouns")


def entry_object(tok: Token) -> Token | None:
    """The town an entry names after its preposition ("pushed into the village of Robotyne": "village"), if any."""
    preps = _W("control", "control_entry_preps")
    return next(
        (
            g
            for c in _movement_children(tok)
            if c.dep_ == "prep" and c.lower_ in preps
            for g in c.children
            if g.dep_ == "pobj" and _entered_town(g)
        ),
        None,
    )


def raid_entry(tok: Token) -> bool:
    """Is the entry ``tok`` told as a raid, not ground taken: "in / during" a raid, sweep or incursion ("Israeli troops
    pushed into Jenin in a large raid"), or to arrest, search or disperse people ("security forces swept into Soweto
    before dawn, arresting 30 people", "police entered Kibera to disperse protesters")? The words are
    ``control_entry_raid_nouns`` and ``control_entry_raid_verbs``."""
    nouns, verbs = _W("control", "control_entry_raid_nouns"), _W("control", "control_entry_raid_verbs")
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "during"):
            if any(g.dep_ == "pobj" and g.lemma_ in nouns for g in c.children):
                return True
        if c.dep_ in ("advcl", "xcomp") and c.lemma_ in verbs and c.i > tok.i:
            if c.tag_ == "VBG" or any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                return True
    return False


def entry_verb(tok: Token) -> bool:
    """Is ``tok`` a verb of entering ("entered") or one of movement told with "into" a place ("swept into"; not
    "stormed the base")?"""
    return tok.lemma_ == "enter" or entry_action(tok) is not None


# --------------------------------------------------------------------------- control told as a state reached

HOLD = "hold-change"  # the action of a control noun or a flag that tells a change ("came under X control")


def hold_action(tok: Token) -> str | None:
    """The change a noun of control or a flag tells by the verb it hangs on (``control_hold_frames``): "Y came
    under X control", "Y is now under the control of X", "X are now in control of Y", "Y is now in rebel hands",
    "control of Y passed to X", "X raised their flag over Y". A state told without a verb of change or "now"
    ("Y is under X control") is a standing claim, read elsewhere."""
    if tok.pos_ != "NOUN":
        return None
    frames = lexicon.table("control", "control_hold_frames")
    if tok.lemma_ in _W("control", "control_flag_nouns") and tok.dep_ in ("dobj", "obj"):
        return HOLD if tok.head.lemma_ in _W("control", "control_flag_verbs") else None
    if tok.lemma_ not in _W("control", "control_hold_nouns"):
        return None
    if tok.dep_ == "nsubj" and tok.lemma_ == "control" and tok.head.lemma_ in _W("control", "control_hold_passes"):
        return HOLD if _prep_child(tok.head, "to") is not None and _prep_child(tok, "of") is not None else None
    if tok.dep_ != "pobj" or tok.head.lower_ not in frames:
        return None
    v, moved = _verb_of(tok.head)
    if v.lemma_ in frames.get(tok.head.lower_, []):
        return HOLD  # "came under Russian control", "fell into rebel hands", "returned to government control"
    if v.lemma_ == "be" and (moved or any(c.lower_ in _W("control", "control_change_adverbs") for c in v.children)):
        return HOLD  # "is now under the control of M23", "are now in control of Goma", "is back in government hands"
    return None


def _verb_of(prep: Token) -> tuple[Token, bool]:
    """The verb a preposition of control hangs on, and whether an adverb of change stands between them ("is back
    under government control": the parse hangs "under" on "back")."""
    h = prep.head
    if h.pos_ == "ADV" and h.lower_ in _W("control", "control_change_adverbs") and h.head.i != h.i:
        return h.head, True
    return h, False


def _prep_child(tok: Token, prep: str) -> Token | None:
    return next(
        (g for c in tok.children if c.dep_ == "prep" and c.lower_ == prep for g in c.children if g.dep_ == "pobj"), None
    )


def _holder(ctx, noun: Token) -> str | None:
    """Who holds a control noun: "the control of X", "X's control", "Russian control", "rebel hands" (an armed
    modifier: the article's salient actor of that side)."""
    a = party(ctx, _prep_child(noun, "of"))
    if a is not None:
        return a
    for c in noun.children:
        if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < noun.i:
            a = ctx.grammar.actor_of(ctx, c)
            if a is not None:
                return a
            p = ctx.place_at.get(c.idx)  # a demonym's country
            if p is not None and p.kind == "country":  # "Russian control": the state forces of the demonym's country
                return _generic(ctx, "state", p)
    return None


def _mover(ctx, subj: Token | None) -> str | None:
    """The party a subject is, or the state forces of its demonym ("Ukrainian soldiers")."""
    if subj is None:
        return None
    a = party(ctx, subj)
    if a is not None or subj.lower_ not in ctx.index.lex.vocab.followers if ctx.index.lex.vocab is not None else True:
        return a
    return _holder(ctx, subj)


def _armed_modifier(ctx, noun: Token) -> bool:
    vocab = ctx.index.lex.vocab
    return vocab is not None and any(
        c.dep_ in ("amod", "compound") and c.lower_ in vocab.armed_modifiers for c in noun.children
    )


def hold_change(ctx, sent, trig: Token, headings, places_of) -> list[Event]:
    """The change a control noun or a flag tells (see :func:`hold_action`): the place, the gainer (else the
    article's salient actor of the side an armed modifier names, "in rebel hands"), the event."""
    E = ctx.grammar
    v = trig.head if trig.dep_ in ("nsubj", "dobj", "obj") else _verb_of(trig.head)[0]
    gainer: str | None
    places: list[Place]
    if trig.lemma_ in _W("control", "control_flag_nouns"):
        gainer = _mover(ctx, E.child(v, "nsubj"))
        ats = [
            g
            for h in (v, trig)
            for c in h.children
            if c.dep_ == "prep" and c.lower_ in _W("control", "control_flag_preps")
            for g in c.children
            if g.dep_ == "pobj"
        ]
        # "over the town of Y", "over Y's main square" (the place of the square); never "on Friday"
        places = next((ps for g in ats for ps in (places_of(ctx, g) or places_of(ctx, E.child(g, "poss")),) if ps), [])
        if not places and any(c.lower_ in _W("control", "control_there") for c in v.children):
            p = last_place(ctx, trig.idx)
            places = [p] if p is not None else []
    elif trig.dep_ == "nsubj" and trig.lemma_ == "control":  # "control of Y passed to X"
        gainer, places = party(ctx, _prep_child(v, "to")), places_of(ctx, _prep_child(trig, "of"))
    elif trig.head.lower_ in ("in", "into") and trig.lemma_ == "control":  # "X are now in control of Y"
        gainer, places = party(ctx, E.child(v, "nsubj")), places_of(ctx, _prep_child(trig, "of"))
    else:  # "Y came under X control", "Y is now in rebel hands"
        gainer, places = _holder(ctx, trig), places_of(ctx, E.child(v, "nsubj", "nsubjpass"))
    places = [p for p in places if p.kind in _TERRITORY_KINDS]
    if not places:
        return []
    if gainer is None and _armed_modifier(ctx, trig):
        gainer = _salient_of_side(ctx, "non-state", places[0])
    if gainer is None and any(
        c.dep_ in ("amod", "compound") and c.lower_ in _W("control", "control_state_holders") for c in trig.children
    ):
        gainer = _salient_of_side(ctx, "state", places[0])  # "back under government control"
    if gainer is None or ctx.actor_kinds.get(gainer) not in _ARMED:
        return []
    return _event(ctx, sent, trig, gainer, None, places, "capture", headings)


def object_action(tok: Token, is_place) -> str | None:
    """Verbs that tell a change of control only by their object (``control_object_gains``): "gained / assumed /
    established / secured control of Y", "won back Y"; and with a named place as object, "freed the town of Y",
    "secured Y" (not "secured the area", "freed 30 hostages")."""
    gains = lexicon.table("control", "control_object_gains")
    if tok.pos_ != "VERB" or tok.lemma_ not in gains:
        return None
    kind, frame = gains[tok.lemma_]
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
    if any(c.dep_ == "advmod" and c.lower_ in _W("control", "control_standing_adverbs") for c in tok.children):
        return None  # "has long claimed control of most of the region": a standing claim, no change told
    back = any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in tok.children)
    if back and frame in ("back", "place"):
        return "regain"  # "won back Y", "took back Y"
    if obj is None:
        return None
    if frame == "now":  # "the rebels now control Bunia" (without "now": a standing claim, sitroom.extract.claims)
        now = any(c.dep_ == "advmod" and c.lower_ in _W("control", "control_change_adverbs") for c in tok.children)
        return kind if now and obj.pos_ == "PROPN" and is_place is not None and is_place(obj, countries=False) else None
    if obj.lemma_ == "control":
        return kind
    if frame != "place":
        return None
    # a country is no ground these verbs take ("they oversee and control Afghanistan right now", "deliver a stable
    # and secure Afghanistan"): a standing claim or a wish, never a change of hands
    named = obj.pos_ == "PROPN" and is_place is not None and is_place(obj, countries=False)
    town = obj.lemma_ in lexicon.table("control", "control_town_nouns") and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in obj.children
    )
    return kind if named or town else None


def contest_won(trig: Token) -> bool:
    """Is ``trig`` a place won in a contest its phrase names ("captured Istanbul in Sunday's rerun mayoral
    election", "took Lagos at the polls"): "in" / "at" a noun of ``control_contest_nouns`` (not "in a final
    assault", not "after the disputed election")."""
    contests = _W("control", "control_contest_nouns")
    return any(
        c.dep_ == "prep"
        and c.lower_ in _W("control", "control_contest_preps")
        and g.dep_ == "pobj"
        and g.pos_ == "NOUN"
        and g.lemma_ in contests
        for c in trig.children
        for g in c.children
    )


def unarmed_taker(ctx, trig: Token) -> bool:
    """Is the subject of a verb that tells a change only by its object (``control_object_gains``: "secured",
    "won back", "now control", "gained control of") a taker that bears no arms? Those verbs tell elections, business
    and sport as often ("the opposition won back Istanbul in the mayoral election", "the ministry secured Lagos as
    host of the summit", "Imamoglu won back Istanbul"): a change of hands only when an armed side takes the place --
    an armed party, people who bear arms ("troops", "army units", "rebel fighters"), or a pronoun or a passive
    whose side the sentence around tells (a name the registry lacks is no armed side here: the tagger reads
    "Imamoglu" and "the FLA" alike)."""
    if trig.lemma_ not in lexicon.table("control", "control_object_gains"):
        return False
    subj = subject(trig.head if declared_state(trig) else trig)  # "the rebels declared Damascus free": the rebels
    if subj is None or subj.pos_ == "PRON":
        return False
    a = party(ctx, subj)
    if a is not None:
        return ctx.actor_kinds.get(a) not in _ARMED
    return not (words_of_head(subj) & _W("events", "armed_people_nouns") or _armed_modifier(ctx, subj))


def lost_to(ctx, trig: Token) -> str | None:
    """The armed party a verb of losing names with "to X" ("lost Lashio to the alliance", "Y was lost to the
    rebels", "ceded the town to the army")."""
    if trig.lemma_ not in _W("control", "control_lost_to"):
        return None
    a = party(ctx, _prep_child(trig, "to"))
    return a if a is not None and ctx.actor_kinds.get(a) in _ARMED else None


def shared_object(trig: Token) -> Token | None:
    """The object a verb of taking shares with the verb coordinated after it ("captured and looted the town of Y",
    "stormed and burned the district headquarters"): the parse hangs it on the last verb only. Not when a phrase
    of its own stands between them ("pushed into X and raised the flag": the flag is not what was pushed into)."""
    if any(c.dep_ in ("dobj", "obj", "nsubjpass") for c in trig.children):
        return None
    for c in trig.children:
        if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > trig.i:
            if any(p.dep_ == "prep" and trig.i < p.i < c.i for p in trig.children):
                continue  # "pushed into the village of X and raised the flag there": the first verb has its own phrase
            o = next((x for x in c.children if x.dep_ in ("dobj", "obj")), None)
            if o is not None and not any(x.dep_ == "nsubj" for x in c.children):
                return o
    return None


def perfect_participle(trig: Token) -> bool:
    """A perfect participle ("Having seized Sirte, the militants pushed east"): the change is done before its head
    happens, never that head's aim ("pushed to retake" is)."""
    return trig.tag_ == "VBN" and any(c.dep_ == "aux" and c.tag_ == "VBG" for c in trig.children)


def declared_complement(tok: Token) -> bool:
    """Is ``tok`` the state a verb of claiming gives its object -- the parse's small clause "Hama liberated" /
    "Damascus free" under "declared", with the place as its subject -- no clause of its own ("declared that the
    rebels had taken Y")?"""
    return (
        tok.dep_ in ("ccomp", "oprd", "xcomp", "acomp")
        and tok.head.lemma_ in _W("control", "control_claim_verbs")
        and any(c.dep_ == "nsubj" for c in tok.children)
        and not any(c.dep_ in ("aux", "auxpass", "mark") for c in tok.children)
    )


def declared_state(tok: Token) -> str | None:
    """ "The rebels declared Damascus free": an adjective of ``control_declared_states`` told as a declared state
    (:func:`declared_complement`) tells that place's change to the claimant."""
    if tok.pos_ != "ADJ" or not declared_complement(tok):
        return None
    return lexicon.table("control", "control_declared_states").get(tok.lemma_.lower())
