"""The event a trigger tells, built from its arguments: who acted (actor1) and on whom (actor2), the mediator, the
location (the object, a locative phrase, the sentence's or the story's place, a list item's head place; never a
dateline by itself), the origin of people who fled, the facilities targeted, the numbers killed, captured, wounded
or abducted, the ACLED type (:mod:`sitroom.extract.event_types`) and the date (a date after publication is no
event, one decades before it background).

Split out of :mod:`sitroom.extract.events` (same behaviour); :func:`build_event` runs the named steps in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitroom.extract import event_nouns, lexicon, subtypes
from sitroom.extract import frames as _frames
from sitroom.extract.certainty import REPORTING
from sitroom.extract.control_frames import declared_complement, shared_object
from sitroom.extract.control_parties import done_gerund_subject
from sitroom.extract.counts import (
    QUANT_HEADS,
)
from sitroom.extract.event_args import (
    ADVANCE,
    ADVANCE_PREPS,
    ARMED_KINDS,
    CAPTURE,
    REGAIN,
    SURRENDER,
    EventContext,
    actor_of,
    antecedent,
    child,
    facilities,
    head_places,
    is_facility,
    is_person_phrase,
    kinds_of,
    object_controller,
    patient_of,
    place_antecedent,
    place_of_token,
    prep_obj,
    side_kind,
    summary,
    words_of,
)
from sitroom.extract.event_context import before_publication, is_background, on_publication
from sitroom.extract.event_counts import COUNT_KEYS, victim_counts
from sitroom.extract.event_time import event_time as _event_time
from sitroom.extract.event_time import governs as _governs
from sitroom.extract.event_time import list_item as _list_item
from sitroom.extract.event_types import classify
from sitroom.extract.irrealis import attempted
from sitroom.extract.sites import site_name, town_like
from sitroom.model import Event, Place, TimeValue

_W = lexicon.words  # the event lexicon's word lists, read where a rule needs one
_TAKES = lexicon.table("control", "control_triggers")


# actions that are political violence whoever the actor (told by people: "soldiers clashed with fighters")
_VIOLENT_ACTIONS = frozenset(
    {"attack", "clash", "kill", "wound", "bomb", "shell", "strike", "arrest", "abduct", "loot", "protest", "break"}
)

# an event dated this long before its text is history, told as background; it needs its own date in the sentence
_DECADES_DAYS = 365 * 10


def _sentence_place(ctx: EventContext, sent: SpacySpan, trig: Token) -> list[Place]:
    """A place named in the trigger's sentence, outside the source of a report ("officials in Kabul said")."""
    best = None
    for p in ctx.article.places:
        if (
            p.role in ("dateline", "demonym")
            or p.id in ctx.dateline_ids
            or p.kind in ("country", None)
            or p.lat is None
        ):
            continue
        if not (sent.start_char <= p.mention.start < sent.end_char):
            continue
        span = ctx.doc.char_span(p.mention.start, p.mention.end, alignment_mode="expand")
        if span is None:
            continue
        if _in_source(span.root):
            continue
        inside = trig.left_edge.idx <= p.mention.start <= trig.right_edge.idx
        key = (0 if inside else 1, abs(p.mention.start - trig.idx))
        if best is None or key < best[0]:
            best = (key, p)
    return [best[1]] if best else []


_ADMIN_APPOS = re.compile(
    r"^(?:[ \t]+[\w'\u2018\u2019-]+)?[ \t]*(?:district|province|village|area|city|town)?[ \t]*,[ \t]*$", re.I
)


def _in_context(ctx: EventContext, p: Place) -> Place:
    """A place followed by the unit it lies in ("Nad 'Ali district, Helmand province") must lie in that unit;
    when its resolution puts it elsewhere (another country), the named unit is the better location."""
    text = ctx.article.text
    for q in ctx.article.places:
        if q.mention.start <= p.mention.end or q.mention.start - p.mention.end > 40:
            continue
        if (
            q.kind in ("province", "country")
            and q.country
            and q.country != p.country
            and _ADMIN_APPOS.match(text[p.mention.end : q.mention.start])
        ):
            return q
        break
    return p


def _previous_place(ctx: EventContext, offset: int) -> list[Place]:
    """The last specific place named before ``offset`` (not a dateline, demonym or country)."""
    best = None
    for p in ctx.article.places:
        if (
            p.mention.end <= offset
            and p.role not in ("dateline", "demonym")
            and p.id not in ctx.dateline_ids
            and p.kind not in ("country", None)
            and p.lat is not None
        ):
            best = p
    return [best] if best else []


def _in_source(tok: Token) -> bool:
    """Is ``tok`` inside the subject of a reporting verb ("officials in Kabul said", "according to ...")?"""
    t = tok
    for _ in range(8):
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_ in REPORTING:
            return True
        if t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.head.lower_ == "according":
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


@dataclass
class _Roles:
    """Who and where of one trigger, filled step by step (``subj`` may be re-read: "the fall of X")."""

    subj: Token | None
    a1: str | None
    a2: str | None = None
    mediator: str | None = None
    places: list[Place] = field(default_factory=list)
    origin: str | None = None


def _declared_state(trig: Token) -> bool:
    """Is ``trig`` a participle told as the state a declaring verb gives its object ("declared Hama liberated", the
    parse's clause "Hama liberated" under "declared"), no clause of its own ("declared that rebels had taken Y")?"""
    # "declared Hama liberated", "declared Damascus free"
    return (trig.tag_ in ("VBN", "VBD") or trig.pos_ == "ADJ") and declared_complement(trig)


def _arguments(ctx: EventContext, trig: Token) -> tuple[Token | None, Token | None, Token | None]:
    """The trigger's subject, passive subject and object: a controlled subject from the verb it hangs on; in a
    passive the agent is the subject and the passive subject the object."""
    subjs = [c for c in trig.children if c.dep_ == "nsubj"]
    obj = child(trig, "dobj", "obj")
    if len(subjs) > 1 and subjs[-1].i > trig.i and subjs[0].i < trig.i and obj is None:
        # "its troops retook Wad Madani, the capital ...": a second subject after the verb is its object misread
        obj = subjs.pop()
    subj = subjs[-1] if subjs else None  # a dateline the parse made a first subject ("GOMA, Congo - M23 seized")
    subjpass = child(trig, "nsubjpass")
    if obj is not None and obj.lower_ in _W("events", "relative_pronouns") and trig.dep_ == "relcl":
        # "Mosul, which they seized in 2014": what "which" stands for (the place, where the parse hung the clause
        # on another noun)
        obj = place_antecedent(ctx, obj) if antecedent(obj) is not None else trig.head
    if trig.dep_ == "amod" and trig.tag_ == "VBD" and trig.i < trig.head.i and obj is None and subj is None:
        # "weeks after Russia annexed Crimea" parsed as a noun phrase "Russia annexed-Crimea": a simple past is no
        # adjective; the noun it hangs on is its object, the name before it its subject
        obj = trig.head
        subj = next((c for c in obj.children if c.dep_ in ("nmod", "compound", "poss") and c.i < trig.i), None)
    if obj is None and subjpass is None and _TAKES.get(trig.lemma_) in (CAPTURE, REGAIN):
        obj = shared_object(trig)  # "captured and looted the town of Y": the object the parse hung on the last verb
    objs = [c for c in trig.children if c.dep_ in ("dobj", "obj")]
    if len(objs) > 1 and all(b.i == a.i + 1 for a, b in zip(objs, objs[1:])):
        obj = objs[-1]  # one word the parser split into several objects ("a Taliban sub - commander"): its head is last
    # "is seized by the Taliban": the agent is actor1, the passive subject is the object
    agent = prep_obj(trig, "by")
    subj = subj or object_controller(trig)  # "the fighting forced thousands to flee": the thousands fled
    if (
        subj is None
        and subjpass is None
        and trig.head.pos_ in ("VERB", "AUX")
        and (
            trig.dep_ in ("xcomp", "conj", "ccomp")
            or trig.dep_ == "advcl"
            and (trig.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ in ("to", "having") for c in trig.children))
        )
    ):
        # controlled subject: "negotiators are reported to have offered", "seized ... and burned",
        # "returned fire, killing two insurgents", "having seized Y, the militants ..."
        subj = child(trig.head, "nsubj")
        if subj is None and trig.dep_ != "advcl":
            subj = child(trig.head, "nsubjpass")
    if subj is None and subjpass is None:
        # "After seizing Saraqeb, government troops pushed north": the clause's subject, an armed one only ("After
        # capturing Avdiivka, Ukraine's defences shifted west" dangles)
        s = done_gerund_subject(trig)
        a = actor_of(ctx, s)
        subj = s if a is not None and ctx.actor_kinds.get(a) in ARMED_KINDS else None
    if subjpass is None and obj is None and _declared_state(trig):
        # "HTS declared Hama liberated", "proclaimed the town captured": the parse's subject of the participle is what
        # was taken, the declarer took it
        subjpass, subj = subj, child(trig.head, "nsubj")
    if subjpass is not None:
        obj, subj = subjpass, agent or subj
    if trig.pos_ == "NOUN" and subj is None:
        # "attacks by Fulani militias on farming villages": the noun's agent acted, at its target
        subj = event_nouns.agent(trig)
        obj = obj or (event_nouns.target(trig) if subj is not None else None)
    return subj, subjpass, obj


def _refine_action(
    ctx: EventContext, trig: Token, action: str, patient: Token | None, subj: Token | None
) -> tuple[str, Token | None]:
    """A capture of people is an arrest, a capture of weapons disrupted weapons use; a noun of arrest takes the
    subject of the operation it resulted from."""
    if (
        action == CAPTURE
        and trig.lemma_ != "fall"
        and patient is not None
        and (is_person_phrase(patient) or _frames.civilian_phrase(patient))
        and not head_places(ctx, patient)
        and not town_like(ctx, patient)
    ):
        action = "arrest"  # "captured a Taliban commander": people are detained, not taken as territory
    if (
        action == CAPTURE
        and patient is not None
        and not head_places(ctx, patient)
        # "(control of) the Bisie tin mine" is a site, not a landmine
        and not any(site_name(t) for t in (patient, prep_obj(patient, "of")) if t is not None)
        and _frames.words_of_head(patient) & _frames.frames()["Disrupted weapons use"].objects
    ):
        action = "frame:Disrupted weapons use"  # "seized a cache of weapons": no territory changes hands
    if trig.pos_ == "NOUN" and action == "arrest" and subj is None:
        # "an operation that resulted in the detention of ...": the operation's subject acted
        v = trig.head.head if trig.dep_ == "pobj" else trig.head
        if v.pos_ in ("VERB", "AUX"):
            subj = child(v, "nsubj") or (child(v.head, "nsubj") if v.dep_ in ("relcl", "acl") else None)
    return action, subj


def _fall_roles(ctx: EventContext, trig: Token, r: _Roles) -> None:
    """ "X fell to Y", "the fall of X (to Y)", "the tenth provincial capital to fall"."""
    r.a1 = actor_of(ctx, prep_obj(trig, *_W("control", "control_fall_preps")))
    if trig.pos_ == "NOUN":
        r.subj = prep_obj(trig, "of")  # "the fall of Kabul (to the Taliban)"
    to = next((c for c in trig.children if c.dep_ == "prep" and c.lower_ in _W("control", "control_fall_preps")), None)
    if r.a1 is None and to is not None and child(to, "pobj") is None:
        # "fell to the Taliban?" parsed with the preposition's object hung elsewhere: the words after it
        for t in ctx.doc[to.i + 1 : min(len(ctx.doc), to.i + 5)]:
            if t.is_punct or t.is_space:
                break
            r.a1 = (
                ctx.index.in_range(t.idx, t.idx + len(t.text))[0].actor
                if ctx.index.in_range(t.idx, t.idx + len(t.text))
                else None
            )
            if r.a1 is not None:
                break
    r.places = head_places(ctx, r.subj) if r.subj is not None else []
    if not r.places and trig.dep_ in ("relcl", "acl", "xcomp") and trig.head.pos_ == "NOUN":
        # "the tenth provincial capital to fall": the city is the subject of the copula
        cop_subj = child(trig.head.head, "nsubj") if trig.head.dep_ == "attr" else None
        if cop_subj is not None:
            r.places = head_places(ctx, cop_subj)


def _surrender_roles(ctx: EventContext, trig: Token, r: _Roles, obj: Token | None) -> bool:
    """ "handed over the city to Y": Y gains, the subject loses; False when nothing territorial changes hands."""
    to = prep_obj(trig, "to")
    gainer = actor_of(ctx, to)
    if obj is not None and obj.lemma_ == "control":
        obj = prep_obj(obj, "of", "over") or obj  # "handed over control of the district to ..."
    if obj is not None:
        r.places = head_places(ctx, obj)
        r.a2 = r.a1
        if not r.places and not facilities(obj):
            return False  # "handing babies over", "handed over the documents": no territory changes hands
    elif r.subj is not None:
        r.places = head_places(ctx, r.subj)
    r.a1 = gainer or r.a1
    return True


def _advance_roles(ctx: EventContext, trig: Token, r: _Roles, obj: Token | None) -> bool:
    """ "have reached Kabul", "surrounded Kabul from all sides", "advanced on the city": a populated place or an
    admin unit (a compound or a checkpoint surrounded in a raid is no advance), by an armed actor."""
    goal = obj if obj is not None else prep_obj(trig, *ADVANCE_PREPS)
    r.places = [
        p
        for p in (head_places(ctx, goal) if goal is not None else [])
        if p.kind in ("city", "district", "province", "region") and p.role != "demonym"
    ]
    return bool(r.places) and r.a1 is not None and ctx.actor_kinds.get(r.a1) in ARMED_KINDS


def _flight_roles(ctx: EventContext, sent: SpacySpan, trig: Token, r: _Roles) -> None:
    """People fleeing or evacuated: the origin from "from X", the location from a destination phrase; no actor1."""
    frm = prep_obj(trig, "from")
    if frm is not None:
        fp = head_places(ctx, frm)
        r.origin = fp[0].id if fp else " ".join(t.text for t in frm.subtree)
    r.a1 = None
    for t in sent:
        if (
            t.dep_ == "pobj"
            and t.head.lower_ in _W("events", "destination_preps")
            and (frm is None or t.i not in [x.i for x in frm.subtree])
        ):
            r.places = head_places(ctx, t)
            if r.places:
                break


def _proposal_roles(ctx: EventContext, sent: SpacySpan, trig: Token, r: _Roles) -> None:
    """A proposal: to whom (actor2), through whom (the mediator), where."""
    r.a2 = actor_of(ctx, child(trig, "dative", "iobj")) or actor_of(ctx, prep_obj(trig, "to"))
    to = prep_obj(trig, "to")
    if to is not None:
        tp = actor_of(ctx, to)
        if (
            tp
            and any(c.lower_ == "as" for c in to.head.head.children if c.dep_ == "prep")
            or re.search(r"\bmediat", sent.text)
        ):
            r.mediator = tp
            if r.a2 == tp:
                r.a2 = None
    for t in sent:
        if t.dep_ == "pobj" and t.head.lower_ in _W("events", "proposal_place_preps"):
            r.places = head_places(ctx, t) or r.places


def _other_roles(
    ctx: EventContext, trig: Token, action: str, r: _Roles, subjpass: Token | None, obj: Token | None
) -> None:
    """Any other action: the location from the object or a locative phrase, actor2 from the object."""
    if obj is not None:
        # a relative clause's object: the nouns up to the clause ("between Mosul, which they seized, and Raqqa")
        # (not a list inside the clause: "SANAA, Yemen — The Houthis overran Hazm, Harib and Sirwah", a dateline
        # the parse made the clause's head)
        r.places = head_places(ctx, obj, upto=trig.left_edge.i if trig.dep_ == "relcl" and obj.i < trig.i else None)
        if action in ("attack", "clash", "kill", "wound", "arrest", "abduct"):
            r.a2 = actor_of(ctx, obj)
    if not r.places:
        for c in trig.children:
            if c.dep_ == "prep" and c.lower_ in _W("events", "location_preps"):
                g = child(c, "pobj")
                if g is not None:
                    r.places = head_places(ctx, g)
                    if r.places:
                        break
    if not r.places and obj is not None and action in ("break",):
        for c in trig.children:
            if c.dep_ == "prep":
                g = child(c, "pobj")
                if g is not None:
                    r.places = [p for p in (place_of_token(ctx, t) for t in g.subtree) if p]
    if not r.places and action in (CAPTURE, REGAIN) and subjpass is None and r.subj is not None and r.a1 is None:
        r.places = head_places(ctx, r.subj)


def _read_roles(
    ctx: EventContext, sent: SpacySpan, trig: Token, action: str, r: _Roles, subjpass: Token | None, obj: Token | None
) -> bool:
    """The roles as the action reads them; False when the trigger tells no event after all."""
    if action in (CAPTURE, REGAIN) and trig.lemma_ == "fall":
        _fall_roles(ctx, trig, r)
    elif action == SURRENDER:
        return _surrender_roles(ctx, trig, r, obj)
    elif action == ADVANCE:
        return _advance_roles(ctx, trig, r, obj)
    elif action in ("flee", "evacuate"):
        _flight_roles(ctx, sent, trig, r)
    elif action == "propose":
        _proposal_roles(ctx, sent, trig, r)
    else:
        _other_roles(ctx, trig, action, r, subjpass, obj)
    return True


def _victims(
    ctx: EventContext, trig: Token, action: str, r: _Roles, patient: Token | None, obj: Token | None
) -> dict[str, str] | None:
    """The numbers of people the act was done to, and actor2 from them; None when "no civilians were injured"."""
    if action in ("attack", "clash", "kill", "wound") and r.a2 is None and obj is not None:
        r.a2 = actor_of(ctx, obj)
    if patient is not None and any(
        c.dep_ == "det" and c.lower_ in _W("events", "negative_determiners") for c in patient.children
    ):
        return None  # "No civilians were injured": nothing happened to anyone
    victims = patient is not None and (
        is_person_phrase(patient)
        or action in COUNT_KEYS
        and (patient.pos_ == "NUM" or patient.like_num)
        and not any(c.dep_ == "prep" for c in patient.children)
    )  # "two were killed"
    counts = victim_counts(ctx, action, trig, patient) if victims else {}
    if (
        action in ("kill", "wound", "arrest", "abduct")
        and patient is not None
        and any(t.lower_ == "them" for t in patient.subtree)
    ):
        # "engaged the insurgents ..., killing several of them": them = the object of the clause it hangs on
        head_obj = child(trig.head, "dobj") if trig.dep_ in ("advcl", "conj") else None
        r.a2 = actor_of(ctx, head_obj) or r.a2
    if action in ("kill", "wound", "arrest", "abduct") and r.a2 is None and patient is not None:
        r.a2 = actor_of(ctx, patient)
    return counts


def _locate(
    ctx: EventContext, sent: SpacySpan, trig: Token, action: str, r: _Roles, counts: dict[str, str]
) -> TimeValue | None:
    """The location when the arguments named none: the sentence's place, the story's, a list item's head place;
    never a dateline; a place in the unit named after it. Returns the list item's date."""
    if not r.places and (r.a1 is not None or counts):
        r.places = _sentence_place(ctx, sent, trig)
    if not r.places and (counts or action == "strike"):
        # the story's place: "Five insurgents were killed." after "... in Paktiya"
        r.places = [ctx.salient[-1]] if ctx.salient else _previous_place(ctx, sent.start_char)
    item_time, item_place = _list_item(ctx, trig.idx)
    if item_place is not None and item_place.role != "demonym":
        if not r.places:
            r.places = [item_place]
        elif item_place.kind == "city" and all(p.kind in ("province", "country", "region") for p in r.places):
            r.places = [item_place]
    return item_time


def _no_event(
    ctx: EventContext, trig: Token, action: str, r: _Roles, subjpass: Token | None, counts: dict[str, str]
) -> bool:
    """Nobody acted and nothing was told to happen, or the people who "fled" are armed (a withdrawal) or none."""
    # someone acted ("soldiers clashed with ..."), or an event noun the sentence tells happened ("a grenade attack
    # wounded ...")
    subj = r.subj
    told_by = subj is not None and subj.pos_ in ("NOUN", "PROPN") or trig.pos_ == "NOUN" and _frames.told_happened(trig)
    if (
        r.a1 is None
        and not r.places
        and not counts
        and action not in ("propose", "order", "flee", "evacuate")
        and not (action == "talks" and attempted(trig))  # "elders are trying to negotiate the release"
        and not action.startswith("frame:")
        and not (action in _VIOLENT_ACTIONS and told_by)
    ):
        return True
    displaced = subjpass if subjpass is not None else subj  # who fled, or was displaced
    if (
        action in ("flee", "evacuate")
        and displaced is not None
        and subjpass is None
        and (
            kinds_of(ctx, displaced) & ARMED_KINDS
            or _frames.words_of_head(displaced) & _W("events", "armed_people_nouns")
        )
    ):
        return (
            True  # "the warlords have fled the capital", "fighters evacuated the camp": a withdrawal, not displacement
        )
    if (
        action in ("flee", "evacuate")
        and not r.places
        and r.origin is None
        and not (
            displaced is not None
            and (
                is_person_phrase(displaced)
                or displaced.lower_ in QUANT_HEADS
                or displaced.lower_ in _W("events", "people_quantities")
                or displaced.like_num
            )
        )
    ):
        return True
    return False


def _type(ctx: EventContext, trig: Token, action: str, r: _Roles, obj: Token | None) -> tuple[str, str] | None:
    """The ACLED type and sub-type; clashes, attacks and destruction by rioters or a mob are riots."""
    typed = classify(
        action,
        side_kind(ctx, r.a1),
        side_kind(ctx, r.a2),
        trig,
        obj,
        obj is not None and (place_of_token(ctx, obj) is not None or town_like(ctx, obj)),
    )
    if typed is None:
        return None
    etype, sub = typed
    subj = r.subj
    crowd = subtypes.crowd_violence(trig, subj, sub, side_kind(ctx, r.a1) in ARMED_KINDS)
    if crowd is not None:
        return crowd
    if (
        subj is not None
        and etype in ("Battles", "Violence against civilians", "Strategic developments")
        and sub in ("Armed clash", "Attack", "Looting/property destruction")
        and words_of(subj) & _W("events", "rioter_nouns")
    ):
        # "rioters torched cars", "a mob attacked a neighbourhood", "protesters clashed with police": a riot
        etype, sub = (
            "Riots",
            ("Mob violence" if words_of(subj) & _W("events", "mob_nouns") else "Violent demonstration"),
        )
    return etype, sub


def _date(
    ctx: EventContext, sent: SpacySpan, trig: Token, item_time: TimeValue | None
) -> tuple[TimeValue | None, bool] | None:
    """The event's date and whether it is background; None when its own date lies after publication (a plan)."""
    date = _event_time(ctx, sent, trig) or item_time
    background = False
    if date is None and ctx.article.published is not None:
        # no time in the sentence: reported as news on the publication day (approximate)
        date = on_publication(ctx.article.published)
    elif date is not None and ctx.article.published is not None and date.latest is not None:
        pub = ctx.article.published
        span, latest = date.span, date.latest
        own = span is not None and sent.start_char <= span.start < sent.end_char
        if date.earliest is not None and date.earliest > pub + timedelta(days=1):
            # a happening after the text was published has not happened: a plan or a forecast told with its own
            # date ("will be deployed in 2031") is no event; a later date read from elsewhere is not this event's
            if (
                span is not None
                and own
                and _governs(trig, ctx.doc.char_span(span.start, span.end, alignment_mode="expand"))
            ):
                return None
            date = on_publication(pub)
        elif latest < pub - timedelta(days=_DECADES_DAYS) and not own:
            # decades before the text, and the sentence does not say so: the narrative's date is not this event's
            date = before_publication(pub)
            background = True
        else:
            background = is_background(date, pub)
    return date, background


def _left_place(ctx: EventContext, obj: Token) -> bool:
    """The object of "evacuated" is the place left, not people moved: "fighters evacuated Camp Deroux", "residents
    evacuated the town" (the subject left it); not "evacuated 300 civilians"."""
    if obj.like_num or obj.lower_ in QUANT_HEADS or is_person_phrase(obj):
        return False
    return (
        obj.pos_ == "PROPN"
        or place_of_token(ctx, obj) is not None
        or is_facility(obj)
        or bool(_frames.words_of_head(obj) & (_W("events", "place_nouns") | _W("events", "home_nouns")))
    )


def build_event(ctx: EventContext, sent: SpacySpan, trig: Token, action: str, headings) -> list[Event] | None:
    """The events (one per location) that ``trig`` tells as ``action`` in ``sent``, or None."""
    subj, subjpass, obj = _arguments(ctx, trig)
    if (
        action in ("flee", "evacuate")
        and subjpass is None
        and obj is not None
        and trig.lemma_ != "flee"
        and not _left_place(ctx, obj)
    ):
        subjpass = obj  # "the fighting has displaced 200,000 people": the object was displaced
    patient = patient_of(trig, None, obj)
    action, subj = _refine_action(ctx, trig, action, patient, subj)
    if action == SURRENDER and obj is not None and _frames.words_of_head(obj) & _W("events", "weapon_nouns"):
        action = "frame:Change to group/activity"  # "ex-combatants handed over their weapons"
    r = _Roles(subj=subj, a1=actor_of(ctx, subj))
    if not _read_roles(ctx, sent, trig, action, r, subjpass, obj):
        return None
    if action == "frame:Non-violent transfer of territory" and not r.places and not facilities(obj):
        return None  # "handing babies over the wall": no territory changes hands
    if (
        action == SURRENDER
        and not r.places
        and not facilities(obj)
        and subj is not None
        and (kinds_of(ctx, subj) & ARMED_KINDS or _frames.words_of_head(subj) & _W("events", "armed_people_nouns"))
    ):
        # "hundreds of fighters surrendered to the army (with their weapons)": no place changes hands, the group
        # gives up its fight: a change to the group's activity
        action = "frame:Change to group/activity"
    counts = _victims(ctx, trig, action, r, patient, obj)
    if counts is None:
        return None
    item_time = _locate(ctx, sent, trig, action, r, counts)
    targets = (
        facilities(obj) if action in (CAPTURE, REGAIN, "attack", "break", "loot", "strike", "bomb", "shell") else []
    )
    if action in (CAPTURE, REGAIN) and trig.lemma_ == "take" and obj is not None and obj.lemma_ == "control":
        targets = []
    places = [
        p for p in r.places if p.role != "dateline" and p.id not in ctx.dateline_ids
    ]  # never an event location by itself
    r.places = [_in_context(ctx, p) for p in places]
    if _no_event(ctx, trig, action, r, subjpass, counts):
        return None
    typed = _type(ctx, trig, action, r, obj)
    if typed is None:
        return None
    dated = _date(ctx, sent, trig, item_time)
    if dated is None:
        return None
    date, background = dated
    # a heading, or a headline glued before the dateline ("Taliban Leader Detained ... KABUL, Afghanistan (date) -")
    in_heading = any(s <= trig.idx < e for s, e in headings) or trig.idx < ctx.header_end
    evidence = [ctx.article.span(sent.start_char, sent.end_char)]
    displaced = subjpass if subjpass is not None else r.subj
    if action in ("flee", "evacuate") and displaced is not None:
        counts["displaced"] = " ".join(t.text for t in displaced.subtree)
    located: list[Place | None] = [*r.places] or [None]
    return [
        Event(
            id="",
            event_type=typed[0],
            sub_event_type=typed[1],
            actor1=r.a1,
            actor2=r.a2,
            mediator=r.mediator,
            place=p.id if p else None,
            origin=r.origin,
            date=date,
            targets=targets,
            counts=counts,
            background=background,
            evidence=evidence,
            heading=in_heading,
            advance=action == ADVANCE,  # ACLED has no sub-type for an advance: "Other", flagged here
            summary=summary(trig),
        )
        for p in located
    ]
