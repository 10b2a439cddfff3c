"""Changes of control: who took (or lost) which place, read from the dependency parse.

The event stage (:mod:`sitroom.extract.events`) finds the triggers; this module reads the control frames. It
uses the event stage's phrase readers (places of a phrase, actor of a phrase, event time) through ``ctx.grammar``
(:class:`sitroom.extract.events.Grammar`, handed over with the context: this module does not import it back). The
vocabulary and the voice rules are in ``sitroom/data/lexicon/control.yaml`` (read through
:mod:`sitroom.extract.lexicon`); the structure is here:

* **loss** ("X withdrew / retreated / pulled out of / fled / abandoned Y"): X loses Y. The gainer is the other
  side: the subject of a causative the clause hangs on ("forced X to retreat from Y"), the agent of a "defeat by Z"
  in the sentence, else the article's most-mentioned armed actor of the other side, else the unidentified actor
  of the other side in the place's country. Civilians who flee are displaced, not losing ground.
* **expel** ("Z drove / pushed / forced X out of Y"; passive "X was driven from Y by Z"): Z gains Y from X.
* **enter** ("X entered Y"): a takeover when X is armed and Y a town or district.
* **nominals** ("the capture of Gao", "Kunduz's fall", "the liberation of Y by Z", "the withdrawal of X from Y").
* **refine** (every takeover the event stage built): property is not territory ("seized several trucks"); an
  unnamed part ("overran another district in Helmand") does not give the province; "the area" / "the base" refer
  back to the last place named; a participle describing an earlier change ("Kherson, captured by Russia in March")
  yields to the finite change of its sentence; a takeover with no named gainer gets the salient actor of its side
  (or the unidentified one) instead of being dropped; an event is never dated after its article's publication.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitroom.extract import acled, lexicon
from sitroom.extract.control_frames import (
    HOLD,
    contest_won,
    entry_object,
    entry_verb,
    hold_change,
    loser_from,
    lost_to,
    perfect_participle,
    raid_entry,
    shared_object,
    unarmed_taker,
    unreal_frame,
)
from sitroom.extract.control_gapping import gapped_changes
from sitroom.extract.control_handover import handed_over, handed_to, handover_told  # noqa: F401 - the event stage reads it
from sitroom.extract.control_headlines import headline_events  # noqa: F401 - the event stage reads it here
from sitroom.extract.control_nominals import nominal
from sitroom.extract.control_objects import from_town, named_before, object_beside_place, pronoun_place, taker_told
from sitroom.extract.control_parties import gainer_in_clause, party, patient_before, subject
from sitroom.extract.control_sides import (
    _ARMED,
    _TERRITORY_KINDS,
    _UNARMED,
    EXPEL,
    TAKEOVER,
    WITHDRAW,
    _event,
    _generic,
    _opponent,
    _salient_of_side,
    _side,
    after_capture,
    annexer,
    armed_in,  # noqa: F401 - the event stage reads it here
    claimed_fall,
    enter_action,  # noqa: F401 - the event stage reads it here
    forces_of,
    nominal_action,  # noqa: F401 - the event stage reads it here
    redate,
    speaker_party,
    taken_from,
    unarmed_subject,
)
from sitroom.extract.control_time import (
    anniversary_of,  # noqa: F401 - the event stage reads it here
    earlier_than_its_sentence,
    not_another_sides_time,
    off_its_landmark,
    on_its_anniversary,
)
from sitroom.extract.name_runs import compound_name, relative_location, unnamed_part
from sitroom.extract.place_width import country_of_site, placed_in_unit, wider_than
from sitroom.extract.sites import (
    bare_object,
    fallen_subject,
    last_place,
    named_by_head,
    own_country,
    proper,
    raid_only,
    site_name,
    site_places,
    site_town,
    town_site,
    unlisted_town,
)
from sitroom.model import Event, Place

# actions this module builds (flee/evacuate: if armed; surrender: a place handed over, control_handover)
OWN = frozenset({WITHDRAW, EXPEL, "flee", "evacuate", "surrender", HOLD})
# actions read even where the relevance gate rejects the sentence, when an armed party is named in it: the gate
# learned from sentences that rarely tell a withdrawal ("al-Shabab withdrew from Kismayo")
CHANGES = frozenset({"capture", "regain", "surrender", WITHDRAW, EXPEL, "flee", "evacuate", HOLD})


_W = lexicon.words


# --------------------------------------------------------------------------- places


def _unlisted_conjuncts(ctx, tok: Token | None, upto: int | None = None) -> list[Place]:
    """The members of a list of names the gazetteer lacks, after one it knows: "the towns of Jabrayil and Hadrut",
    "Gao and Tessalit"."""
    E = ctx.grammar
    if tok is None:
        return []
    name = E.prep_obj(tok, "of") if tok.lemma_ in _W("events", "place_nouns") else tok
    out: list[Place] = []
    # (``upto``: a relative clause's object lists no noun joined after the clause, "between Mosul, which they seized,
    # and their capital of Raqqa")
    for c in [c for c in name.conjuncts if upto is None or c.i < upto] if name is not None else ():
        if c.i > name.i and c.lemma_ in lexicon.table("control", "control_town_nouns") and E.prep_obj(c, "of"):
            # "taken the airport and the towns of Saraqeb and Maarat al-Numan": the towns a listed noun names
            out += [*E.head_places(ctx, E.prep_obj(c, "of")), *unlisted_town(ctx, c), *_unlisted_conjuncts(ctx, c)]
        elif c.i > name.i and site_name(c) is not None:
            out += site_places(ctx, c)  # "retook the K1 military base and the nearby Baba Gurgur oil field"
        elif c.i > name.i and c.lower_ in _W("places", "directions"):
            # "the villages of X and Y west of Z": the parse hangs the last name on the direction word
            last = max((g for g in c.children if g.dep_ == "compound" and proper(g)), key=lambda g: g.i, default=None)
            if last is not None and E.place_of_token(ctx, last) is None:
                out += unlisted_town(ctx, last, loose=("ORG", "PERSON", "NORP"))
        elif c.i > name.i and proper(c) and E.place_of_token(ctx, c) is None:  # "Talataye" tagged a plural noun
            # (a member of "the towns of A, B and C" is a town whatever the tagger's label: "a work of art")
            listed = (c.ent_type_,) if name is not tok else ()
            out += unlisted_town(ctx, c, loose=("ORG", "PERSON", "NORP", *listed))
    return out


def places_of(ctx, tok: Token | None) -> list[Place]:
    """The places a phrase denotes, with the control readings: "the area" refers back; a property object or an
    unnamed part denotes none."""
    E = ctx.grammar

    if tok is None:
        return []
    if E.in_dateline(ctx, tok):
        # "KANO, Nigeria (AP) - The garrison town of Monguno was overrun": the parse made the dateline the phrase
        return [p for c in tok.children if c.dep_ == "appos" and not E.in_dateline(ctx, c) for p in places_of(ctx, c)]
    if tok.lemma_ in _W("control", "control_property") and E.place_of_token(ctx, tok) is None:
        return []
    if unnamed_part(tok) and not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        # "several districts in the capital Damascus": the city changes hands in part; "another district in
        # Helmand province": a province does not change hands because an unnamed part of it did ("several army
        # positions in the Harib district": a district does, in part)
        inside = [
            p
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in _W("control", "control_part_inside_preps")
            for g in c.children
            if g.dep_ == "pobj"
            # ("the last military outpost in Maungdaw": a name there is a town, whatever the tagger's label)
            for p in places_of(ctx, g) or unlisted_town(ctx, g, loose=("ORG", "PERSON", "NORP"))
        ]
        return [p for p in inside if p.kind in ("city", "district")]
    site = site_name(tok)
    if site is not None:
        return site_places(ctx, tok)
    of = E.prep_obj(tok, "of")
    if (
        tok.lemma_ in _W("control", "control_sites")
        and of is not None
        and E.place_of_token(ctx, of) is None
        and of.lower_ not in _W("control", "control_unit_words")  # "the headquarters of the 16th Infantry Division"
    ):
        town = unlisted_town(ctx, of, loose=("ORG", "PERSON"))
        if town:
            return town  # "the border crossing of Bunagana", "the port of X": the town the gazetteer lacks
    town = (
        unlisted_town(ctx, tok)
        if tok.lemma_ in lexicon.table("control", "control_town_nouns") or compound_name(tok) is not None
        else []
    )
    if town:
        return town  # "the town of Diabaly": that town, not the last one named
    if tok.lemma_ in _W("events", "place_nouns"):
        # "the capital, Mogadishu", "Syria's second-largest city, Aleppo": the name in apposition
        named = [p for c in tok.children if c.dep_ == "appos" for p in [E.place_of_token(ctx, c)] if p is not None]
        if named and named[0].kind in _TERRITORY_KINDS:
            return named[:1]
    if tok.lemma_ in _W("events", "place_nouns") and tok.i + 1 < len(tok.doc):
        p = E.place_of_token(ctx, tok.doc[tok.i + 1])  # "the capital Damascus", "the town Yabroud"
        if p is not None and p.kind in _TERRITORY_KINDS:
            return [p]
    if tok.lemma_ in _W("events", "place_nouns"):
        # "from the Balakliia and Izium areas of the Kharkiv region": the places the noun's modifiers name
        named = [
            p
            for c in tok.children
            if c.dep_ in ("nmod", "compound")
            for x in (c, *c.conjuncts)
            for p in [E.place_of_token(ctx, x)]
            if p is not None and p.kind in ("city", "district")
        ]
        if named:
            return named
    if town_site(ctx, tok):
        return site_places(ctx, tok)  # "stormed Sanaa's presidential palace": the site in the town, not the town
    ps = E.head_places(ctx, tok)
    if ps and all(p.kind == "country" for p in ps) and any(c.dep_ == "poss" for c in tok.children):
        # "took over Ukraine's navy headquarters in Sevastopol": the site changed hands, not the country
        return site_places(ctx, tok) or []
    if ps:
        return [p for p in ps if p.role != "demonym"] + _unlisted_conjuncts(ctx, tok)
    if tok.lemma_ in _W("control", "control_anaphors") and any(
        c.lower_ in ("the", "this", "that") for c in tok.children
    ):
        p = last_place(ctx, tok.idx)
        # "Residents fled Minova ... rebels entered the town": a town named before, where no change made it a place
        return named_before(ctx, tok, p) or ([p] if p is not None else [])
    headed = named_by_head(ctx, tok)
    if headed is not None:
        return [headed]  # "Snake Island ... Russia seized the island": the place whose name that noun heads
    if tok.pos_ == "PROPN" and (
        any(c.dep_ == "appos" and c.lemma_ in lexicon.table("control", "control_town_nouns") for c in tok.children)
        or relative_location(tok) is not None
    ):
        # "seized Diabe, a town 40 km north of Kidal": the name its apposition calls a town
        return unlisted_town(ctx, tok, loose=("ORG", "PERSON", "NORP"))
    if tok.lower_ == "it" and tok.dep_ in ("dobj", "obj", "pobj"):
        return pronoun_place(ctx, tok, last_place(ctx, tok.idx))  # "Troops had held Mahas ... captured it"
    nominal = (
        tok.dep_ == "pobj"
        and tok.head.lower_ == "of"
        and tok.head.head.lemma_ in lexicon.table("control", "control_nominals")
        and tok.head.head.lemma_ != "fall"
    )
    # "the capture of Konna"; not a "person", nor "the fall of" a name ("the fall of Siad Barre" is a regime's)
    return site_places(ctx, tok) or unlisted_town(ctx, tok, loose=("ORG",) if nominal else ())


# --------------------------------------------------------------------------- building


def _from_place(ctx, trig: Token, preps) -> list[Place]:
    E = ctx.grammar

    for c in trig.children:
        if c.dep_ in ("prep", "prt", "advmod") and c.lower_ in preps:
            g = E.child(c, "pobj")
            if g is None:
                inner = next((x for x in c.children if x.dep_ == "prep" and x.lower_ in ("of", "from")), None)
                g = E.child(inner, "pobj") if inner is not None else None
            if g is None and c.dep_ == "prt":  # "pulled out of Y": "of Y" hangs on the verb
                nxt = next((x for x in trig.children if x.dep_ == "prep" and x.lower_ in ("of", "from")), None)
                g = E.child(nxt, "pobj") if nxt is not None else None
            ps = places_of(ctx, g) or from_town(ctx, g)
            if ps:
                return ps + _parts(ctx, trig)
    return []


def _parts(ctx, trig: Token) -> list[Place]:
    """Parts a change names besides its place: "withdrew from the city, including the presidential palace", "took
    several townships, including Paletwa" (a capitalised name there is a town even where the tagger reads a noun)."""
    E = ctx.grammar
    out: list[Place] = []
    for t in trig.subtree:
        if t.dep_ == "prep" and t.lower_ in _W("control", "control_part_preps"):
            g = E.child(t, "pobj")
            for m in [g, *g.conjuncts] if g is not None else []:  # "including Rabia and Zummar": each one
                ps = places_of(ctx, m)
                if not ps and m.text[:1].isupper() and not m.is_sent_start:
                    ps = unlisted_town(ctx, m, loose=("ORG", "PERSON", "NORP"), caps=True)
                out += [p for p in ps if p.kind in _TERRITORY_KINDS and p not in out]
    return out


def build(ctx, sent: SpacySpan, trig: Token, action: str, headings) -> list[Event] | None:
    """The control events of trigger ``trig`` (None: not a change of control; the event stage may read it)."""
    E = ctx.grammar

    lemma = trig.lemma_
    if action == HOLD:  # "Y came under X control", "X raised their flag over Y"
        return hold_change(ctx, sent, trig, headings, places_of)
    if trig.pos_ == "NOUN":
        return nominal(ctx, sent, trig, headings, places_of, _parts, _from_place)
    if action == "surrender":
        return handed_over(ctx, sent, trig, headings, places_of)
    if action in ("flee", "evacuate"):
        action = WITHDRAW
    if action == WITHDRAW:
        parts = lexicon.table("control", "control_loss_particles")
        if lemma in parts and not any(
            c.dep_ in ("prt", "prep", "advmod") and c.lower_ in parts[lemma] for c in trig.children
        ):
            return None
        subj = subject(trig)
        subjpass = E.child(trig, "nsubjpass")
        if subjpass is not None and lemma in _W("control", "control_place_objects"):
            # "the town was abandoned by the rebels"
            loser, places = party(ctx, E.prep_obj(trig, "by")), places_of(ctx, subjpass)
        else:
            loser = patient_before(ctx, trig, subj) or party(ctx, subj)
            places = _from_place(ctx, trig, _W("control", "control_loss_preps") | set(parts.get(lemma, ())))
            if not places and lemma in _W("control", "control_place_objects"):
                obj = E.child(trig, "dobj", "obj")
                if obj is not None and obj.lemma_ == "control":
                    obj = E.prep_obj(obj, "of", "over") or obj
                places = places_of(ctx, obj)
        to = lost_to(ctx, trig)  # "lost Lashio to the alliance", "Y was lost to the rebels"
        if to is not None and places and (loser is None or loser == to):
            loser = _opponent(ctx, to, places[0])
        lk = ctx.actor_kinds.get(loser) if loser else None
        if lk not in _ARMED or not places:
            return None if action != WITHDRAW or lemma in ("flee", "evacuate") else []
        places = [p for p in places if p.kind in _TERRITORY_KINDS]
        if not places:
            return []
        beaten_by = gainer_in_clause(ctx, sent, trig, None)
        if (
            beaten_by is not None
            and beaten_by == loser
            and subj is not None
            and any(
                m.form in ("descriptor", "pronoun") for m in ctx.index.in_range(subj.idx, subj.idx + len(subj.text))
            )
        ):
            # "the warlords fled Y following their defeat by X": a description that cannot be X itself
            loser = _generic(ctx, _side(lk) or "non-state", places[0])
        # the side the text says it went to ("lost to X"), the side the article told took the place ('rebels took
        # the town of Tal Rifaat ... the Kurdish fighters withdrew from Tal Rifaat'), else the other side of the loser
        gainer = (
            to
            or handed_to(ctx, trig)  # "left their camp at Ber, handing it over to Malian authorities"
            or gainer_in_clause(ctx, sent, trig, loser)
            or taker_told(ctx, places[0], loser)
            or _opponent(ctx, loser, places[0])
        )
        return _event(ctx, sent, trig, gainer, loser, places, "withdrawal", headings)
    if action == EXPEL:
        obj, cap = E.child(trig, "dobj", "obj"), None
        subjpass = E.child(trig, "nsubjpass")
        places = places_of(ctx, obj) if lemma in _W("control", "control_place_objects") else []
        if places:  # "cleared the district of militants" ("cleared the militia out of Y": the other frame)
            loser = E.actor_of(ctx, E.prep_obj(trig, "of"))
            gainer = E.actor_of(ctx, E.child(trig, "nsubj"))
        else:
            if subjpass is not None:
                loser, gainer = party(ctx, subjpass), party(ctx, E.prep_obj(trig, "by"))
            else:
                loser, gainer = (
                    party(ctx, obj),
                    party(ctx, subject(trig) if trig.dep_ != "xcomp" else E.child(trig, "nsubj")),
                )
            places = _from_place(ctx, trig, _W("control", "control_expel_preps"))
            if not places and obj is not None:  # "cleared al-Shabab fighters from Afgooye": the parse hangs it on them
                places = _from_place(ctx, obj, _W("control", "control_expel_object_preps"))
            if not places and subjpass is None and obj is None:
                # "X seized Y before being pushed back by Z": Z takes back what the clause it hangs on took
                loser, gainer, places, cap = _pushed_back(ctx, trig)
            if not places and any(
                c.dep_ == "advmod" and c.lower_ in _W("control", "control_there") for c in trig.children
            ):
                # "since 2014, when they routed government soldiers there": the place named before
                p = last_place(ctx, trig.idx)
                places = [p] if p is not None else []
            if not places and obj is not None:
                # "forced al-Shabab to retreat from Mogadishu": the loss verb reads it
                return []
        if not places or ctx.actor_kinds.get(loser) not in _ARMED and ctx.actor_kinds.get(gainer) not in _ARMED:
            return []
        places = [p for p in places if p.kind in _TERRITORY_KINDS]
        if not places:
            return []
        if gainer is None or gainer == loser or ctx.actor_kinds.get(gainer) not in _ARMED:
            gainer = _opponent(ctx, loser, places[0]) if loser else None
        evs = _event(ctx, sent, trig, gainer, loser, places, "expel", headings)
        return after_capture(ctx, sent, trig, cap, evs)
    return None


def _pushed_back(ctx, trig: Token) -> tuple[str | None, str | None, list[Place], Token | None]:
    """ "militiamen seized parts of Y before being pushed back by federal troops", "rebels overran X but were
    driven out by the army": the agent of the passive expulsion gains what the capture it follows took; the
    capture's subject loses it (the capture's verb is the last item)."""
    E = ctx.grammar
    agent = E.prep_obj(trig, "by")
    h = trig.head.head if trig.dep_ == "pcomp" else trig.head
    if agent is None or trig.dep_ not in ("pcomp", "advcl", "conj") or h.pos_ != "VERB":
        return None, None, [], None
    if lexicon.table("control", "control_triggers").get(h.lemma_) != "capture":
        return None, None, [], None
    return party(ctx, E.child(h, "nsubj")), party(ctx, agent), places_of(ctx, E.child(h, "dobj", "obj")), h


def _restored(ctx, trig: Token, obj: Token | None, events: list[Event]) -> tuple[list[Event], Token | None]:
    """ "restored order in the city and in the town of Lalibela", "re-established control over Y": a regain of each
    place named "in / over" (the verb's or its object's); no such object or no place: no change of control (the
    takeovers go, what else the trigger told stays)."""
    preps = _W("control", "control_object_preps")
    if obj is None or obj.lemma_ not in lexicon.table("control", "control_object_verbs")[trig.lemma_]:
        return [e for e in events if e.sub_event_type not in TAKEOVER], None
    heads = [c for t in (obj, trig) for c in t.children if c.dep_ == "prep" and c.lower_ in preps]
    heads += [x for h in heads for x in h.conjuncts if x.dep_ in ("prep", "conj")]
    places = [p for h in heads for g in h.children if g.dep_ == "pobj" for p in places_of(ctx, g)]
    places = [p for p in places if p.kind in _TERRITORY_KINDS]
    takes = [e for e in events if e.sub_event_type in TAKEOVER]
    if not places or not takes:
        return [e for e in events if e.sub_event_type not in TAKEOVER], None
    out = [e for e in events if e.sub_event_type not in TAKEOVER]
    for p in dict.fromkeys(p.id for p in places):
        x = takes[0].model_copy(deep=True)
        x.place = p
        out.append(x)
    return out, None


_SKIP, _KEEP, _READ_ON = range(3)


def _place_of_object(ctx, trig: Token, obj: Token, e: Event, more: list[Place]) -> int:
    """The place the object of a takeover names, set on ``e``: ``_SKIP`` (no change of hands), ``_KEEP`` (the place
    is settled) or ``_READ_ON`` (the other readings of the place follow); either way :func:`refine`'s other checks
    (unreal heads, the gainer, the date) follow. Other places the object names as its parts go to ``more``."""
    E = ctx.grammar
    if obj.lemma_ in _W("control", "control_property") and E.place_of_token(ctx, obj) is None:
        return _SKIP  # "seized several military trucks": property, not territory
    if obj.lemma_ in _W("control", "control_idiom_objects") and not any(obj.children):
        return _SKIP  # "took office", "took part in the talks": an idiom, no takeover
    if obj.lemma_ in _W("control", "control_part_nouns") and any(p.kind == "country" for p in places_of(ctx, obj)):
        return _SKIP  # "has taken over large parts of eastern Syria": no country changes hands in part
    if obj.lemma_ in _W("control", "control_position_nouns"):
        held = places_of(ctx, obj)  # "seized several army positions in the Harib district"
        if not held:
            return _SKIP  # "positions near the Harib district", "positions in Marib province": no place
        e.place = held[0].id
        return _KEEP  # the place is settled; the other checks of refine follow
    part = unnamed_part(obj)
    if part:
        # "took several townships in Rakhine, including Paletwa": the part named, not the province
        inside = places_of(ctx, obj) or [p for p in _parts(ctx, trig) if p.kind in ("city", "district")]
        if not inside:
            # "overran another district in Helmand": a takeover told (ACLED codes it), but of no named place: the
            # event keeps no place, so no place changes hands in the control picture (Helmand did not)
            e.place = None
            return _KEEP
        e.place = inside[0].id
        # "several districts ..., including the towns of Jabrayil and Hadrut": every part named changes hands
        more.extend(p for p in inside[1:] if p.id != e.place)
    at = ctx.article.place(e.place) if e.place is not None else None
    if at is not None and any(m.form == "metonym" for m in ctx.index.in_range(at.mention.start, at.mention.end)):
        e.place = None  # "Bamako's biggest gain since it retook Anefis": the capital is the party, not the place
    # "the town of X" names its town; a bare unknown name only stands in where nothing else placed it
    beside = object_beside_place(ctx, e, obj)  # "overran Lere in the Timbuktu region": Lere, not Timbuktu
    town = (
        unlisted_town(
            ctx,
            obj,
            # (beside: the text locates the object like a town, whatever the tagger's label: "Mahaday" a date)
            loose=("ORG", "PERSON", obj.ent_type_ if beside else "")
            if e.place is None or beside or wider_than(ctx, e, obj)
            else (),
        )
        if (
            e.place is None
            or beside
            or obj.lemma_ in lexicon.table("control", "control_town_nouns")
            or compound_name(obj) is not None
            or wider_than(ctx, e, obj)
        )
        # "recaptured the Republican Palace in central Khartoum": a named site, read below, is no town
        and not (E.is_facility(obj) and site_name(obj) is not None)
        else []
    )
    if town:
        e.place = town[0].id  # "seized the town of Diabaly": a town the gazetteer lacks
        # "captured the towns of Shire, Axum and Adwa": the listed towns the gazetteer knows change hands with it
        more.extend(p for p in E.head_places(ctx, obj) if p.id != e.place and p.kind in _TERRITORY_KINDS)
    elif part:
        pass  # the town or district the unnamed parts lie in, read above
    elif site_name(obj) is not None:
        e.place = site_places(ctx, obj)[0].id  # "captured the Mosul Dam": the site, not the town
    elif (at := site_town(ctx, obj)) is not None and site_places(ctx, obj):
        e.place = site_places(ctx, obj)[0].id  # "overran the army base at Monguno": the site in the town
    elif at is not None and (e.place is None or placed_in_unit(ctx, e)):
        # "overran an army garrison in the town of Nasir", "a military base in Mansila in northeastern Burkina Faso":
        # the site's town (one the gazetteer lacks), not nothing nor the country
        e.place = at.id
    elif not E.head_places(ctx, obj) or country_of_site(ctx, e, obj):
        again = places_of(ctx, obj)
        if again:
            e.place = again[0].id  # "took control of the area": the place named before
        elif country_of_site(ctx, e, obj):
            return _SKIP  # "seized Ukraine's navy headquarters": a country does not change hands with a site
        elif (
            E.is_facility(obj) is False and obj.lemma_ not in _W("events", "place_nouns") and obj.pos_ not in ("PROPN",)
        ):
            return _SKIP  # the object is no place and names none: no takeover of the sentence's place
    return _READ_ON


def _described_loser(ctx, trig: Token, obj: Token | None, e: Event) -> None:
    """The side a description of the place taken says held it loses it: "captured Kilinochchi, the administrative
    capital of the LTTE" (no gainer named: the LTTE's opponent gains it), "Troops captured Raqqa, the de facto capital
    of the Islamic State" (the troops gain it from the Islamic State)."""
    holder = _described_holder(ctx, trig, obj)
    if holder is not None and e.actor1 is None:
        e.actor2, e.actor1 = holder, _opponent(ctx, holder, ctx.article.place(e.place))
        kind = ctx.actor_kinds.get(e.actor1)
        e.sub_event_type = acled.takeover_sub_type(kind, ctx.grammar.pro_government(ctx, e.actor1))
    elif holder is not None and e.actor2 is None and holder != e.actor1:
        e.actor2 = holder


def _described_holder(ctx, trig: Token, obj: Token | None) -> str | None:
    """The armed party a description of the place taken says holds it ("Kilinochchi, the administrative capital of
    the LTTE", "Raqqa, the de facto capital of the Islamic State"): an apposition of the object, or a second object
    the parse made of it, headed by a noun of ``control_holder_nouns``, with "of X"."""
    if obj is None:
        return None
    cands = [c for c in obj.children if c.dep_ == "appos"]
    cands += [c for c in trig.children if c.dep_ in ("dobj", "obj") and c.i > obj.i]
    for c in cands:
        if c.lemma_ in _W("control", "control_holder_nouns"):
            a = party(ctx, ctx.grammar.prep_obj(c, "of"))
            if a is not None and ctx.actor_kinds.get(a) in _ARMED:
                return a
    vocab = ctx.index.lex.vocab
    nouns = [obj, *(c for c in obj.children if c.dep_ in ("compound", "nmod") and c.i < obj.i)]
    for c in nouns:  # "Troops Capture Rebel Capital Kilinochchi", "seized the rebel stronghold of X": rebels held it
        if c.lemma_.lower() in _W("control", "control_holder_nouns"):
            if vocab is not None and any(m.lower_ in vocab.armed_modifiers for m in c.children if m.i < c.i):
                p = places_of(ctx, obj)
                return _salient_of_side(ctx, "non-state", p[0] if p else None)
    return None


def _town_named(ctx, trig: Token, obj: Token | None, e: Event) -> None:
    """The place of a takeover read as a town the gazetteer lacks that the clause names (its object, its subject, the
    town an entry names), or the town its subject names where the event was placed in a wider unit."""
    if e.place is None:
        # "Diabaly was captured", "the town of Diabaly fell", "regained control of Diabaly": a town the
        # gazetteer lacks, named as the taken place
        subj = fallen_subject(ctx, trig)
        if subj is not None and subj.lower_ in _W("events", "relative_pronouns") and trig.dep_ == "relcl":
            subj = trig.head  # "the town of Kamanyola, which fell to the rebels": the town the clause is about
        # "pushed into the village of Robotyne": the town an entry names after its preposition
        into = entry_object(trig) if entry_verb(trig) else None
        named = next(
            (t for c in (obj, subj, into) if c is not None for t in unlisted_town(ctx, c, loose=("ORG", "PERSON"))),
            None,
        )
        e.place = named.id if named is not None else None
    elif obj is None and not entry_verb(trig):
        # "Boulkessi in Burkina Faso was overrun", "Menaka fell": the subject names the town, not the country
        subj = fallen_subject(ctx, trig)
        if subj is not None and wider_than(ctx, e, subj):
            named = next(iter(unlisted_town(ctx, subj, loose=("ORG", "PERSON"))), None)
            e.place = named.id if named is not None else e.place


def _taken_object(ctx, trig: Token) -> Token | None:
    """The phrase a takeover verb takes: its object ("captured and looted Y": the object it shares), the town an entry
    names ("moved into the town of X, west of Y": X, not the reference point), or the noun the parse hung the verb on
    ("the military seized power in a coup": "seized" read as a modifier of "power")."""
    obj = ctx.grammar.child(trig, "dobj", "obj") or bare_object(trig) or shared_object(trig)
    if obj is None and entry_verb(trig):
        obj = entry_object(trig)
    if obj is None and trig.dep_ == "amod" and trig.head.lemma_ in _W("control", "control_idiom_objects"):
        obj = trig.head
    return obj


def refine(ctx, sent: SpacySpan, trig: Token, events: list[Event]) -> list[Event]:
    """The takeovers the event stage built for ``trig``, read as control changes (see the module's docstring)."""
    E = ctx.grammar

    out, mine = [], {id(e) for e in events}
    ctx.takeovers[:] = [x for x in ctx.takeovers if id(x) not in mine]  # the ones refine accepts go back, once
    obj = _taken_object(ctx, trig)
    if trig.lemma_ in lexicon.table("control", "control_object_verbs"):
        events, obj = _restored(ctx, trig, obj, events)
    if obj is not None and obj.lower_ in _W("events", "relative_pronouns") and trig.dep_ == "relcl":
        # "Mosul, which they seized in 2014", "the town of Walikale, which they had seized": the place it stands for
        obj = E.place_antecedent(ctx, obj) if E.antecedent(obj) is not None else trig.head
    if obj is not None and obj.lemma_ == "control":  # "took / regained / seized control of Y"
        # (the parse may hang "of Y" on the verb: "took control of the Rubaya coltan mine")
        obj = E.prep_obj(obj, "of", "over") or E.prep_obj(trig, "of", "over") or obj
    for e in events:
        if e.sub_event_type not in TAKEOVER:
            out.append(e)
            continue
        also: list[Place] = []  # the other parts the object names
        if ctx.actor_kinds.get(e.actor1) in _UNARMED or (e.actor1 is None and unarmed_subject(ctx, trig)):
            continue  # "residents stormed the town hall", "protesters stormed the palace": no side takes ground
        if unarmed_taker(ctx, trig) or contest_won(trig):
            continue  # "the opposition won back / captured Istanbul in the mayoral election": no side takes ground
        if raid_only(trig, obj):
            continue  # "stormed a prison in Mukalla, freeing inmates": a raid, not ground taken
        if obj is not None and trig.lemma_ != "fall" and E.child(trig, "nsubjpass") is None:
            how = _place_of_object(ctx, trig, obj, e, also)
            if how == _SKIP:
                continue
        passive = E.child(trig, "nsubjpass")
        if passive is not None and unnamed_part(passive):
            held = places_of(ctx, passive)  # "army positions in the Harib district were overrun": the district
            if not held:
                continue  # "positions near the Harib district were overrun": no place changes hands
            e.place = held[0].id
        if passive is not None and town_site(ctx, passive) and site_places(ctx, passive):
            e.place = site_places(ctx, passive)[0].id  # "the army base at Monguno was overrun": the site in the town
        if (
            trig.dep_ in ("xcomp", "acl", "advcl", "pcomp")
            and (
                trig.head.lemma_ in _W("control", "control_unreal_heads")
                or trig.head.lower_ in _W("control", "control_unreal_heads")
            )
            and not perfect_participle(trig)
            # "pushed west on Sunday, recapturing Brega": a participle of result on a verb, no purpose
            and not (
                trig.dep_ == "advcl"
                and trig.tag_ == "VBG"
                and trig.head.pos_ == "VERB"
                and not any(c.dep_ in ("aux", "mark") for c in trig.children)
                and not E.is_modal_or_negated(trig.head)  # "will push west, recapturing Y"
                and trig.head.lemma_ not in _W("events", "intent_verbs")  # "threatened to push south, capturing Y"
            )
            or unreal_frame(trig)
        ):
            continue  # "failed to overrun the town", "a bid to seize", "an offensive aimed at retaking Mosul"
        _town_named(ctx, trig, obj, e)
        if entry_verb(trig):  # "entered Y", "swept into Y"
            p = ctx.article.place(e.place)
            if (
                p is None
                or p.kind not in _W("control", "control_enter_kinds")
                or ctx.actor_kinds.get(e.actor1) not in _ARMED
                or raid_entry(trig)  # "pushed into Jenin in a large raid", "entered Soweto, arresting 30 people"
            ):
                continue
        if (
            trig.dep_ in ("acl", "amod")
            and trig.tag_ == "VBN"
            and any(
                t.i != trig.i
                and t.pos_ == "VERB"
                and t.dep_ in ("ROOT", "conj", "ccomp")
                and t.lemma_ in lexicon.table("control", "control_triggers")
                for t in sent
            )
        ):
            continue  # "Kherson, captured by Russia in March": a description yielding to the sentence's own change
        if trig.lemma_ in _W("control", "control_annex"):
            e.actor1 = annexer(ctx, sent, ctx.article.place(e.place)) or e.actor1  # a state gains what it annexes
            e.sub_event_type = "Government regains territory" if e.actor1 else e.sub_event_type
        _described_loser(ctx, trig, obj, e)
        if e.actor1 is None and (trig.lemma_ != "fall" or claimed_fall(trig)):
            # the party that reports a takeover it names no gainer for ('"Goma is liberated," a rebel spokesman
            # said'): a liberation, a recapture or a capture by that party, whatever side the verb suggests
            e.actor1 = speaker_party(ctx, trig)
            if e.actor1 is not None:
                e.sub_event_type = acled.takeover_sub_type(
                    ctx.actor_kinds.get(e.actor1), E.pro_government(ctx, e.actor1)
                )
        if e.actor1 is None and trig.lemma_ != "fall":  # "Kabul fell": the text names no side
            p = ctx.article.place(e.place)
            side = "state" if e.sub_event_type == "Government regains territory" else "non-state"
            e.actor1 = taken_from(ctx, trig, e, p) or _salient_of_side(ctx, side, p)
        e.actor1 = forces_of(ctx, e.actor1)  # "the prime minister declared Mosul liberated": the state's forces
        if e.actor2 is None:
            e.actor2 = loser_from(ctx, trig, obj, e.actor1)  # "recaptured Baiji from Islamic State"
        if own_country(ctx, e):
            continue  # "Ukraine Retakes X ... troops recaptured the city": the country is the gainer, not the place
        redate(ctx, sent, trig, e)
        earlier_than_its_sentence(ctx, trig, e)
        off_its_landmark(ctx, trig, e)
        not_another_sides_time(ctx, sent, e)
        on_its_anniversary(ctx, trig, e)
        out.append(e)
        ctx.takeovers.append(e)
        if e.place is not None:
            # "seized Gao and Tessanit", "the towns of Jabrayil and Hadrut": a listed town the gazetteer lacks
            # changes hands with the one it knows; "captured Gao in March and Timbuktu in April": gapping
            upto = trig.left_edge.i if trig.dep_ == "relcl" and obj is not None and obj.i < trig.i else None
            listed = dict.fromkeys(p.id for p in [*also, *_unlisted_conjuncts(ctx, obj, upto)] if p.id != e.place)
            more = [e.model_copy(update={"place": pid}) for pid in listed]
            more += gapped_changes(ctx, sent, trig, obj, e, set(listed))
            out += more
            ctx.takeovers.extend(more)
    return out
