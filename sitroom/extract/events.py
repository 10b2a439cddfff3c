"""Events: who did what to whom, where, when — typed in ACLED's taxonomy.

Reads: the spaCy Doc, ``Article.places``, ``Article.times``, the actor index.
Writes: ``Article.events`` (one per trigger and location; a part of a happening told in
its own words, looting in a riot or a toll after it, joins that happening (:mod:`sitroom.extract.happenings`);
merging of mentions of the same happening is the resolve stage's job).

A trigger is a verb (or event noun) from :data:`TRIGGERS`. Its arguments come
from the dependency parse: actor1 from the subject (or the agent of a passive,
or "to X" of "fall to X"), the location from the object ("captured the city of
Ghazni"), a locative prepositional phrase ("In Ghazni, ... seized") or the
subject of an intransitive ("Kunduz fell"); "the capital of X province" is
resolved to the capital through the gazetteer. Modal or negated clauses are not
events (modal clauses with a horizon become forecasts elsewhere).

The stage's parts: the trigger reading of each sentence (this module), the arguments of a trigger
(:mod:`sitroom.extract.event_args`), whether its clause is told as happened (:mod:`sitroom.extract.irrealis`), the
event built from them (:mod:`sitroom.extract.event_build`) and its ACLED type (:mod:`sitroom.extract.event_types`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitroom.extract import (
    acled,
    control,
    control_denials,
    control_frames,
    control_time,
    event_context,
    event_nouns,
    gate,
    happenings,
    headlines,
    lexicon,
    mood,
    subtypes,
    tolls,
)
from sitroom.extract import frames as _frames
from sitroom.extract.certainty import sentence_attribution
from sitroom.extract.counts import is_definite
from sitroom.extract.event_args import (
    ADVANCE,
    ADVANCE_PREPS,
    CAPTURE,
    REGAIN,
    SURRENDER,
    EventContext,
    actor_of,
    antecedent,
    child,
    find_list_items,
    head_places,
    in_dateline,
    is_facility,
    is_person_phrase,
    patient_of_noun,
    place_antecedent,
    place_of_token,
    prep_obj,
    pro_government,
    summary,
)
from sitroom.extract.event_build import before_publication, build_event
from sitroom.extract.control_objects import located_town, pronoun_place
from sitroom.extract.sites import last_place
from sitroom.extract.event_time import dateline_time as _dateline_time
from sitroom.extract.event_time import event_time, month_told
from sitroom.extract.event_time import governs as _governs
from sitroom.extract.event_types import by_means
from sitroom.extract.headline_towns import adverb_place
from sitroom.extract import irrealis
from sitroom.extract.irrealis import attempted, is_modal_or_negated, presupposed_in_question, questioner, told_fall
from sitroom.model import Article, Certainty, Event, Place
from sitroom.extract.nlp import span_text

# ACLED's 6 event types and 25 sub-event types, plus sitroom's two additions.
TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
    "Displacement": ("Flight", "Evacuation"),
    "Negotiation": ("Proposal", "Talks"),
}

# lemma -> abstract action; refined into ACLED types by the arguments. The changes of control come first.
TRIGGERS: dict[str, str] = {**lexicon.table("control", "control_triggers"), **lexicon.table("events", "triggers")}

_PROPOSAL_NOUNS = lexicon.words("events", "proposal_nouns")
_ORDER_OBJECTS = lexicon.words("events", "order_objects")
_W = lexicon.words  # the event lexicon's word lists, read where a rule needs one
_CUSTODY_PHRASALS: dict[str, list[str]] = lexicon.table("events", "custody_phrasals")


# actions read in a sentence the gate rejects when an armed party is named in it (negotiation with that party)
PARLEY_ACTIONS = frozenset({"propose", "talks", "frame:Negotiation", "frame:Agreement"})

# changes of control of a named place are read in a sentence the gate rejects (their rules weigh modality,
# questions and presupposition themselves)
CONTROL_ACTIONS = frozenset({CAPTURE, REGAIN, SURRENDER, ADVANCE})


def _state_participle(tok: Token) -> bool:
    """ "The detained Taliban leader ...", "a now-detained facilitator": a participle on a known referent, or telling
    a state, tells no new happening."""
    return (
        tok.dep_ == "amod"
        and tok.tag_ == "VBN"
        and tok.i < tok.head.i
        and (
            is_definite(tok.head)
            or tok.i > 0
            and (tok.doc[tok.i - 1].lower_ == "-" or tok.doc[tok.i - 1].lower_ in _W("events", "state_adverbs"))
            and any(t.lower_ in _W("events", "state_adverbs") for t in tok.doc[max(0, tok.i - 2) : tok.i])
        )
    )


def trigger_action(tok: Token, is_place: Callable[[Token], bool] | None = None) -> str | None:
    """The action ``tok`` triggers, or None; ``is_place`` tells whether a token is a resolved place (for "took
    Ghazni", whose object the tagger may read as a person or an organisation)."""
    if tok.pos_ == "ADJ":
        return control_frames.declared_state(tok)  # "the rebels declared Damascus free"
    if tok.pos_ not in ("VERB", "NOUN") and not (tok.pos_ == "AUX" and tok.lemma_ == "take"):
        return None
    if tok.pos_ == "NOUN" and control_frames.hold_action(tok) is not None:
        return control_frames.HOLD  # "came under Russian control", "raised their flag over Y"
    if tok.pos_ == "NOUN" and tok.lemma_ in _W("control", "control_nominals") and tok.lemma_ != "fall":
        return control.nominal_action(tok)  # "the capture of Gao", "the withdrawal of X from Y"
    if tok.pos_ == "NOUN" and tok.lemma_ in _W("events", "agent_attack_nouns") and event_nouns.agent(tok) is not None:
        return "attack"  # "a raid by gunmen on the village", "an incursion by militiamen": an attack by its agent
    if _custody_phrasal(tok):
        return "arrest"  # "took away scores of monks", "picked up dozens of young men": typed by who took them
    if tok.pos_ == "VERB" and tok.lemma_ in _W("events", "repel_verbs"):
        # "soldiers repulsed the militants": a fight; "police repelled protesters": the protest frame's
        obj = child(tok, "dobj", "obj")
        crowd = obj is not None and bool(_frames.words_of_head(obj) & _W("events", "crowd_people_nouns"))
        return None if crowd else "clash"
    action = TRIGGERS.get(tok.lemma_)
    if tok.pos_ == "VERB" and control_frames.entry_action(tok) is not None:
        return control_frames.entry_action(tok)  # "rebels swept into Y" (checked in control.refine, as "entered")
    if tok.pos_ == "VERB" and control_frames.exit_action(tok) is not None:
        return control_frames.exit_action(tok)  # "troops streamed out of Y": a withdrawal
    if control_frames.object_action(tok, is_place) is not None:
        return control_frames.object_action(tok, is_place)  # "gained control of Y", "won back Y", "freed the town of Y"
    if action is None:
        return None
    if tok.pos_ == "NOUN" and tok.lemma_ in _W("events", "arrest_nouns"):
        # "resulted in the detention of several insurgents", "the arrest of a Taliban leader"
        return "arrest" if (patient_of_noun(tok) is not None) else None
    if tok.pos_ == "NOUN" and tok.lemma_ == "death":
        # "resulted in the deaths of five enemy fighters", "confirmed the death of Mullah X"
        return "kill" if (patient_of_noun(tok) is not None) else None
    if tok.pos_ == "NOUN" and tok.lemma_ == "fall":
        return CAPTURE if told_fall(tok) else None
    if tok.pos_ == "NOUN" and action not in ("strike", "attack", "clash", "protest"):
        return None
    if _state_participle(tok):
        return None
    lemma = tok.lemma_
    obj = child(tok, "dobj", "obj")
    prts = {c.lower_ for c in tok.children if c.dep_ == "prt"}
    if lemma == "take":
        return _take_action(tok, obj, prts, is_place)
    if lemma == "fall":  # "Kabul fell", "fell to the rebels"; never "Aleppo fell silent" (a complement of state)
        return (
            CAPTURE
            if (prep_obj(tok, *_W("control", "control_fall_preps")) is not None or child(tok, "nsubj") is not None)
            and child(tok, "acomp", "oprd", "attr", "xcomp") is None
            else None
        )
    if lemma == "enter":
        return control.enter_action(tok)  # an armed actor entering a town (checked in control.refine)
    if action == ADVANCE:
        if tok.pos_ != "VERB":
            return None
        if lemma == "advance":  # "advanced on Kabul", not "advanced the talks"
            return ADVANCE if obj is None and prep_obj(tok, *ADVANCE_PREPS) is not None else None
        if obj is not None and obj.lemma_.lower() in _W("events", "deal_nouns"):
            return None  # "reached an agreement", "reached a truce": a deal (the Agreement frame), no advance
        return ADVANCE if obj is not None else None
    if lemma == "break":
        if "into" in prts or prep_obj(tok, "into") is not None:
            return "break"  # "gunmen broke into the prison"
        out_of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "out"), None)
        if out_of is not None and prep_obj(out_of, "of") is not None:
            prts = prts | {"out"}  # "400 detainees broke out of the central prison" (the parser's "out" a preposition)
        # "inmates broke out": a prison break; "fighting broke out" is no event of its own
        subj = child(tok, "nsubj")
        return "break" if "out" in prts and subj is not None and is_person_phrase(subj) else None
    if lemma == "free":
        return "break" if obj is not None and obj.lemma_ in _W("events", "inmate_nouns") else None
    if action == SURRENDER:
        return SURRENDER if control.handover_told(tok) else None  # "handed over", "ceded"; not "turned to"
    if lemma in ("offer", "submit"):
        objs = [c for c in tok.children if c.dep_ in ("dobj", "dative", "obj")]
        return (
            "propose"
            if any(o.lemma_ in _PROPOSAL_NOUNS or any(t.lemma_ in _PROPOSAL_NOUNS for t in o.subtree) for o in objs)
            else None
        )
    if lemma in ("order", "announce"):
        return "order" if obj is not None and any(t.lemma_ in _ORDER_OBJECTS for t in obj.subtree) else None
    if action == "strike" and tok.pos_ == "NOUN" and lemma not in ("strike", "airstrike"):
        return None  # "the targets", "a hit": nouns of hitting tell no strike
    if (
        lemma == "strike"
        and tok.pos_ == "NOUN"
        and (
            tok.dep_ == "compound"  # "strike force", "strike policy"
            or not any(
                c.lower_ in _W("events", "strike_modifiers")
                or c.dep_ == "prep"
                and c.lower_ in _W("events", "strike_target_preps")
                for c in tok.children
            )
        )
    ):
        return None  # a strike is an air/drone/missile strike, or a strike on/against something
    if action == "strike" and tok.pos_ == "VERB":
        if obj is not None and _frames.words_of_head(obj) & _W("events", "mine_objects"):
            return "bomb"  # "a patrol hit a landmine", "the vehicle struck an IED": the mine went off
        # "war planes struck targets", "a missile struck a camp": a strike when its means are aircraft or missiles
        by = by_means(tok)
        if lemma in _W("events", "impact_verbs") and by is not None and by[1] == "Air/drone strike":
            return None  # "the helicopter landed": an aircraft that lands strikes nothing
        if lemma != "strike":  # "hit", "target": any explosive means ("a blast hit the market")
            return "strike" if by is not None and by[0] == _frames.EXPLOSIONS else None
        return (
            "strike"
            if by is not None and by[1] in ("Air/drone strike", "Shelling/artillery/missile attack", "Chemical weapon")
            else None
        )
    if lemma in ("burn", "torch") and obj is None:
        return None
    return _refine_trigger(tok, action, obj)


def _custody_phrasal(tok: Token) -> bool:
    """A phrasal verb of taking people into someone's hands ("took away three opposition leaders", "picked up
    dozens of young men", "hauled off protesters"): the verb with one of its particles, an object of people and a
    taker who bears arms or holds people (police, agents, kidnappers, armed men)."""
    if tok.pos_ != "VERB":
        return False
    particles = _CUSTODY_PHRASALS.get(tok.lemma_)
    if not particles or not any(c.dep_ in ("prt", "advmod") and c.lower_ in particles for c in tok.children):
        return False
    obj = child(tok, "dobj", "obj") or child(tok, "nsubjpass")
    taker = child(tok, "nsubj") or prep_obj(tok, "by")
    if taker is None and tok.dep_ == "conj":
        taker = child(tok.head, "nsubj")  # "raided monasteries and took away scores of monks"
    return (
        obj is not None
        and is_person_phrase(obj)
        and taker is not None
        and (
            taker.pos_ == "PROPN"
            or bool(
                _frames.words_of_head(taker) & (_W("events", "armed_people_nouns") | _W("events", "custody_takers"))
            )
        )
    )  # not "medics picked up the wounded"


def _take_action(tok: Token, obj: Token | None, prts: set[str], is_place: Callable[[Token], bool] | None) -> str | None:
    """What "take" tells: custody (arrest), hostages (abduction), control or a place taken (capture); else None."""
    nxt = adverb_place(tok, is_place) if obj is None else None
    obj = obj or nxt  # "had taken Sievierodonetsk": a town the parse made an adverb
    into = prep_obj(tok, "into")
    if into is not None and into.lemma_ == "custody":
        return "arrest"  # "were taken into custody"
    if any(
        c.lemma_ in _W("control", "control_take_captive")
        and c.dep_ in ("oprd", "dobj", "npadvmod", "advmod", "acomp", "xcomp", "attr")
        and not is_definite(c)
        for c in tok.children
    ) and (obj is not None or any(c.dep_ == "nsubjpass" for c in tok.children)):
        return "abduct"  # "took two policemen hostage", "were taken captive"; not "took the prisoner to X"
    if obj is not None and obj.lemma_ == "control" or "over" in prts:
        return CAPTURE
    if obj is not None and (is_facility(obj) or obj.lemma_ in _W("control", "control_take_places")):
        return CAPTURE
    if (
        obj is not None
        and (obj.pos_ == "PROPN" or obj is nxt or obj.lower_ == "it" and prep_obj(tok, "as") is None)
        and is_place is not None
        and is_place(obj)
        and not any(c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") for c in tok.children)
        and not any(t.lemma_ in _W("control", "control_take_idioms") for t in tok.subtree)
    ):
        return CAPTURE  # "the Taliban took Ghazni"; not "took Kabul by surprise", "took Kabul seriously"
    sp = child(tok, "nsubjpass")
    if (
        obj is None
        and sp is not None
        and is_place is not None
        and is_place(sp)
        and prep_obj(tok, "by") is not None
        and not any(t.lemma_ in _W("control", "control_take_idioms") for t in tok.subtree)
    ):
        return CAPTURE  # "Ghazni was taken by the Taliban" (a control reading)
    return None


def _refine_trigger(tok: Token, action: str, obj: Token | None) -> str | None:
    """What a trigger word tells by its arguments: people burned are killed; inmates who escape break out; power
    seized is a coup (a frame of its own), not territory; a participle on the object of another verb ("released two
    kidnapped soldiers", "a camp for displaced people") is a state told of the noun, no happening of its own."""
    if action == "loot" and (
        obj is not None and is_person_phrase(obj) or any(c.lower_ == "alive" for c in tok.children)
    ):
        return "kill"  # "burned alive a suspected witch": people burned are killed, not property destroyed
    if tok.lemma_ == "engage" and (obj is None or not is_person_phrase(obj)):
        return None  # "troops engaged M23 rebels"; not "engaged in talks", "engage the public"
    if action == CAPTURE and tok.lemma_ in _W("events", "crowd_assault_verbs"):
        subj = child(tok, "nsubj")
        if subj is not None and _frames.words_of_head(subj) & _W("events", "crowd_people_nouns"):
            return "attack"  # "demonstrators stormed the parliament building": a riot, no takeover
    if tok.lemma_ == "escape":
        subj = child(tok, "nsubj")
        return "break" if subj is not None and _frames.words_of_head(subj) & _W("events", "inmate_nouns") else None
    if action == CAPTURE and obj is not None and obj.lemma_ in _W("events", "power_objects"):
        return None  # "soldiers seized power": the coup frame reads it
    if participle_state(tok, action):
        return None
    return action


def participle_state(tok: Token, action: str) -> bool:
    """A participle before the object of another verb ("released two kidnapped soldiers", "support a negotiated
    settlement") or before the displaced ("a camp for displaced people") tells a state of the noun, no happening."""
    return (
        tok.dep_ == "amod"
        and tok.tag_ == "VBN"
        and tok.i < tok.head.i
        and (tok.head.dep_ in ("dobj", "pobj") or action in ("flee", "evacuate", "frame:Displacement"))
    )


def find_events(article: Article, doc: Doc, index, gaz=None) -> list[Event]:
    place_at: dict[int, Place] = {}
    for p in article.places:
        for off in range(p.mention.start, p.mention.end):
            place_at.setdefault(off, p)
    ctx = EventContext(article, doc, index, gaz, place_at, {a.id: a.kind for a in article.actors}, [], [])
    ctx.list_items = find_list_items(article)
    ctx.grammar = Grammar
    ctx.told = []
    ctx.header_end = min(
        (tv.span.start for tv in article.times if tv.span is not None and _dateline_time(ctx, tv)), default=0
    )
    ctx.dateline_ids = {p.id for p in article.places if p.role == "dateline"}
    for tv in article.times:
        if tv.span is not None and _dateline_time(ctx, tv):
            ctx.dateline_ids |= {p.id for p in article.places if tv.span.start - 30 <= p.mention.end <= tv.span.start}
    heading_ranges = [(h.start, h.end) for h in article.headings]
    events: list[Event] = []

    def is_place(t: Token, countries: bool = True) -> bool:
        p = place_of_token(ctx, t)
        if p is None and t.lower_ == "it":  # "before Haftar's forces took it in 2018": the town named before
            return bool(pronoun_place(ctx, t, last_place(ctx, t.idx)))
        if p is None:
            # "it had taken Al-Khuwei, 40 kilometres east of El Nahud": a name the text describes as a town
            return located_town(ctx, t)
        return p.kind in ("city", "district", "province", "region") or (countries and p.kind == "country")

    sents = [s for s in doc.sents if span_text(s).strip()]
    told = dict(zip((s.start for s in sents), gate.passes([span_text(s) for s in sents])))
    for k, sent in enumerate(sents):
        # the relevance gate: a sentence it rejects tells no conflict event ("fighting corruption"). Read there all the
        # same: a change of control of a named place (told inside a question or a subordinate phrase the gate does
        # not weigh: "... since Mosul fell to the Islamic State?"), and an offer or talks when the sentence or one
        # beside it names an armed party ("the government has submitted a proposal to Qatar as mediator. The
        # proposal allows the Taliban to ...")
        gated_out = not told[sent.start]
        parley_ok = False
        if gated_out:
            lo, hi = sents[max(0, k - 1)].start_char, sents[min(len(sents) - 1, k + 1)].end_char
            parley_ok = any(ctx.actor_kinds.get(m.actor) == "non-state-armed" for m in index.in_range(lo, hi)) or (
                # "the two sides met in Addis Ababa to discuss a permanent ceasefire": parties of a war's talks
                any(t.lower_ in _W("events", "party_nouns") for t in sent) and subtypes.conflict_talks(ctx, sent)
            )
        read_sentence(ctx, sent, events, heading_ranges, is_place, gated_out, parley_ok)
    # "The dead included two lawmakers.": a toll told with no trigger, more evidence of the happening just before
    tolls.join_tolls(article, events, sents, told)
    events += control_denials.anaphoric_denials(sents, events, article)  # "... The army denied the claim."
    # looting told inside a riot, a toll told after its happening: parts of that happening
    events = happenings.absorb_parts(events, [s.start_char for s in sents], ctx.agentless)
    events, again = headlines.headline_events(
        ctx, events, lambda c, snt, out: read_sentence(c, snt, out, heading_ranges, is_place)
    )
    for k, e in enumerate(events, 1):  # a misread headline's events dropped: numbered again, as absorb_parts does
        e.id = f"e{k}"
    for e in again:
        e.id = f"e{len(events) + 1}"
        events.append(e)
    for e in control.headline_events(ctx, events, heading_ranges):  # title-case headlines the tagger misread
        e.id = f"e{len(events) + 1}"
        events.append(e)
    for e in _list_heading_events(ctx, events):
        e.id = f"e{len(events) + 1}"
        events.append(e)
    subtypes.harmonise_protests(events)
    subtypes.harmonise_takeovers(events)
    subtypes.retype_anaphora(events, ctx.anaphoric)
    return events


def read_sentence(
    ctx: EventContext,
    sent: SpacySpan,
    events: list[Event],
    heading_ranges,
    is_place,
    gated_out: bool = False,
    parley_ok: bool = False,
) -> None:
    """The events one sentence tells, appended to ``events`` (``gated_out``: the relevance gate rejected it)."""
    first = len(events)
    _read_triggers(ctx, sent, events, heading_ranges, is_place, gated_out, parley_ok)
    ctx.context.settle(events[first:])  # a landmark beside the sentence's news is news
    subtypes.merge_in_sentence(events, first, ctx.tolls)


def _read_triggers(
    ctx: EventContext, sent: SpacySpan, events: list[Event], heading_ranges, is_place, gated_out: bool, parley_ok: bool
) -> None:
    article, doc, index = ctx.article, ctx.doc, ctx.index
    att, certainty = None, None
    built: dict[int, list[Event]] = {}  # trigger token -> the events it gave
    for tok in sent:
        action = _token_action(tok, is_place)
        if (action in CONTROL_ACTIONS or action in control.CHANGES) and irrealis.committed(tok):
            continue  # "agreed to withdraw from X": no change yet (the deal is read from "agreed")
        # "the army denied that the rebels had captured Y": the change read as denied (its claim becomes contested)
        denier = irrealis.denied_by(tok) if action in CONTROL_ACTIONS or action in control.CHANGES else None
        if action is None or denier is None and is_modal_or_negated(tok) or mood.no_happening(tok, action):
            continue
        if action == "frame:Agreement" and attempted(tok):
            action = "frame:Negotiation"  # "mediators are working to broker a ceasefire": talks, no deal yet
        if gated_out and not (
            action in PARLEY_ACTIONS and parley_ok or action in CONTROL_ACTIONS or action in control.CHANGES
        ):
            continue
        if att is None:
            att, certainty = sentence_attribution(sent, index, ctx.actor_kinds)
        ev = (
            control.build(ctx, sent, tok, action, heading_ranges)
            if action in control.OWN or tok.pos_ == "NOUN" and action in (CAPTURE, REGAIN)
            else None
        )
        if ev == [] and _people_displaced(tok, action):
            action = "flee"
        if ev == [] and action in ("flee", "evacuate"):
            ev = None  # no armed party left a place ("were displaced by the violence"): people displaced
        if ev is None and action not in (control.WITHDRAW, control.EXPEL):
            ev = build_event(ctx, sent, tok, action, heading_ranges)
        if ev and action in (CAPTURE, REGAIN):
            ev = control.refine(ctx, sent, tok, ev)  # the control frames: see sitroom.extract.control
            subtypes.unopposed(sent, ev)
        if not ev and not gated_out and action == CAPTURE and tok.lemma_ != "enter" and control_frames.entry_verb(tok):
            fr = _frames.match_verb(tok)  # "protesters marched into the square": no side entered, the frame reads it
            if fr is not None:
                action = f"frame:{fr.name}"
                ev = build_event(ctx, sent, tok, action, heading_ranges)
        if ev and gated_out and (action in CONTROL_ACTIONS or action in control.CHANGES):
            # past the gate only a change of control of a named place
            ev = [
                e
                for e in ev
                if (
                    article.place(e.place) is not None
                    and article.place(e.place).kind in ("city", "district", "province", "country", "region", "facility")
                )
                and (action in CONTROL_ACTIONS or e.sub_event_type in control.TAKEOVER)
            ] or None
        if not ev:
            continue
        if action in ("kill", "wound") and tok.dep_ in ("advcl", "conj") and tok.head.i in built:
            # "soldiers opened fire on protesters, killing 18": the toll of the happening it hangs on
            for head_ev in built[tok.head.i]:
                for key, v in ev[0].counts.items():
                    head_ev.counts.setdefault(key, v)
                head_ev.actor2 = head_ev.actor2 or ev[0].actor2
            continue
        if _firing_of_killing(tok, ev, built) or _occasion_of_built(tok, ev, built):
            continue
        if (
            action in ("talks", "propose", "frame:Negotiation", "frame:Agreement")
            and not gated_out
            and not subtypes.conflict_talks(ctx, sent)
        ):
            continue  # talks on trade or ransomware, an agreement on tax: no negotiation or deal of an armed conflict
        built[tok.i] = ev  # "attacked a church ..., killing 15 worshippers": the toll joins the attack
        for e in ev:
            p = article.place(e.place)
            if p is not None:
                ctx.salient.append(p)
            e.attribution = att.model_copy()
            e.certainty = certainty
            if denier is not None:
                e.attribution, e.certainty = control_denials.denier(denier), Certainty.DENIED
            elif e.certainty == Certainty.REPORTED and (claim := control_denials.claimant(tok)) is not None:
                e.attribution, e.certainty = claim, Certainty.CLAIMED
            if presupposed_in_question(tok):
                # taken as given by whoever asks, not told by the outlet: hedged, the questioner's
                e.attribution = questioner(article.text, sent.start_char)
                e.certainty = Certainty.HEDGED
                if not _own_date(doc, sent, tok, e) and article.published is not None:
                    # "since Kabul fell": it happened before the question was asked, no earlier bound told
                    e.date = before_publication(article.published)
                    e.background = False
            if (
                tok.pos_ == "NOUN"
                and tok.lemma_ == "fall"
                and article.published is not None
                and control.anniversary_of(tok) is None  # dated by the years the anniversary counts
                and not (
                    e.date is not None
                    and e.date.span is not None
                    and control_time.nominal_time(ctx, tok, e.date.span.start, e.date.span.end)
                )
            ):
                # "before the fall of Kabul": it happened before the text was published; no earlier bound told
                e.date = before_publication(article.published)
                e.background = False
            told_as = event_context.landmark(tok)
            if told_as is not None:
                # "since Kabul fell", "following the assassination", "prior negotiations": told as context, dated
                # by a time of its own phrase only
                kind, phrase = told_as
                own = event_context.dated_within(e, phrase)
                if not (own and event_context.past_perfect(phrase)):  # "had seized the town on Monday": news
                    ctx.context.mark(e, kind, own, article.published)
            e.id = f"e{len(events) + 1}"
            events.append(e)
            if subtypes.anaphoric(tok):
                ctx.anaphoric.add(id(e))
            if action in ("kill", "wound") and tok.pos_ == "VERB":
                ctx.tolls.add(id(e))
                if child(tok, "nsubjpass") is not None and prep_obj(tok, "by") is None:
                    ctx.agentless.add(id(e))  # "At least 40 people were killed.": no one acting told
            if e.date is not None and e.date.text and not e.background:
                ctx.last_date, ctx.last_date_at = e.date, sent.start_char


def _token_action(tok: Token, is_place) -> str | None:
    """The action ``tok`` triggers: the action table's, refined or found by the frames ("xenophobic attacks",
    "sectarian clashes" are no battles; a verb or a noun of a frame)."""
    action = trigger_action(tok, is_place)
    if action in ("attack", "clash") and tok.pos_ == "NOUN":
        fr = _frames.match_nominal(tok, phrases_only=True)  # "xenophobic attacks", "sectarian clashes"
        if fr is not None and fr.acled != "Battles":
            action = f"frame:{fr.name}"
    if action is None and tok.pos_ in ("VERB", "NOUN", "PROPN") and not month_told(tok):
        fr = _frames.match_verb(tok) or _frames.match_nominal(tok)
        if fr is not None and not participle_state(tok, f"frame:{fr.name}"):
            action = f"frame:{fr.name}"
    return action


def _people_displaced(tok: Token, action: str) -> bool:
    """A withdrawal or an expulsion that no armed party suffered is people displaced: "thousands of families left
    their homes", "the clashes have driven 12,000 people from their homes" (not when a disaster drove them)."""
    if action == control.WITHDRAW:
        return subtypes.people_left_homes(tok)
    return action == control.EXPEL and subtypes.people_driven_out(tok) and not mood.natural_cause(tok, "flee")


def _firing_of_killing(tok: Token, ev: list[Event], built: dict[int, list[Event]]) -> bool:
    """ "30 villagers were killed when soldiers opened fire": the firing (an armed clash told in a clause of when)
    is the killing's happening, typed by whom it killed; who fired joins the killing's events (True: the firing
    gives no event of its own)."""
    if not (
        tok.dep_ == "advcl"
        and tok.head.i in built
        and tok.head.lemma_ in _W("events", "harm_lemmas")
        and all(e.sub_event_type == "Armed clash" for e in ev)
    ):
        return False
    for head_ev in built[tok.head.i]:
        head_ev.actor1 = head_ev.actor1 or ev[0].actor1
    return True


def _occasion_of_built(tok: Token, ev: list[Event], built: dict[int, list[Event]]) -> bool:
    """ "Militants massacred dozens of villagers in an overnight attack": the attack the act happened in, typed
    generic (an armed clash, an attack), is the act's own happening when the act is one too; its counts join the
    act's events (True: no event of its own). A shelling during clashes is two happenings."""
    if not (
        tok.pos_ == "NOUN"
        and tok.dep_ == "pobj"
        and tok.head.lower_ in _W("events", "during_preps")
        and tok.head.head.i in built
        and all(e.sub_event_type in ("Armed clash", "Attack") for e in ev + built[tok.head.head.i])
    ):
        return False
    for head_ev in built[tok.head.head.i]:
        for key, v in ev[0].counts.items():
            head_ev.counts.setdefault(key, v)
    return True


def _own_date(doc: Doc, sent: SpacySpan, tok: Token, e: Event) -> bool:
    """Is ``e`` dated by a time in ``tok``'s own clause?"""
    return (
        e.date is not None
        and e.date.span is not None
        and sent.start_char <= e.date.span.start < sent.end_char
        and _governs(tok, doc.char_span(e.date.span.start, e.date.span.end, alignment_mode="expand"))
    )


_HEADING_TAKEOVER = re.compile(
    r"\b(captured|seized|taken|overrun|conquered|fallen|fell)\b.{0,40}?\b(?:by|to)\s+(?:the\s+)?\S", re.I
)


def _list_heading_events(ctx: EventContext, events: list[Event]) -> list[Event]:
    """Dated list items under a heading that states the happening ("Provincial capitals captured by the
    Taliban"): an item whose own text tells no event is that happening, at the item's place and date."""
    out: list[Event] = []
    art = ctx.article
    for start, end, tv, head in ctx.list_items:
        if head is None or tv is None or head.role == "demonym" or head.kind not in ("city", "district", "province"):
            continue
        if any(ev.evidence and start <= ev.evidence[0].start < end for ev in events):
            continue  # the item's own sentence told it
        heading = max((h for h in art.headings if h.end <= start), key=lambda h: h.end, default=None)
        if heading is None:
            continue
        m = _HEADING_TAKEOVER.search(heading.text)
        if not m:
            continue
        actor = ctx.index.first_in(heading.start + m.end() - 1, heading.end)
        if actor is None:
            continue
        sub = acled.takeover_sub_type(ctx.actor_kinds.get(actor), pro_government(ctx, actor))
        out.append(
            Event(
                id="",
                event_type="Battles",
                sub_event_type=sub,
                actor1=actor,
                place=head.id,
                date=tv,
                evidence=[art.span(start, end), heading],
                summary=f"[list] {heading.text}: {head.mention.text}",
            )
        )
    return out


class Grammar:
    """The event stage's phrase readers under public names, handed to :mod:`sitroom.extract.control` with the
    context (``ctx.grammar``) so that control reads phrases as the event stage does without importing it back."""

    head_places = staticmethod(head_places)
    pro_government = staticmethod(pro_government)
    actor_of = staticmethod(actor_of)
    child = staticmethod(child)
    prep_obj = staticmethod(prep_obj)
    event_time = staticmethod(event_time)
    is_facility = staticmethod(is_facility)
    is_modal_or_negated = staticmethod(is_modal_or_negated)
    place_of_token = staticmethod(place_of_token)
    place_antecedent = staticmethod(place_antecedent)
    antecedent = staticmethod(antecedent)
    summary = staticmethod(summary)
    in_dateline = staticmethod(in_dateline)
