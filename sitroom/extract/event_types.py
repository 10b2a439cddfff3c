"""An event's ACLED type and sub-type, from its abstract action, its actors' kinds and the trigger's phrase: killings
and attacks by their means (a bomb or a mine is remote violence whoever the victims are), explosions by their
instruments, protests and riots by the sentence's cues, arrests by a non-state actor as abductions, changes of
control by who gains.

Split out of :mod:`sitroom.extract.events` (same behaviour).
"""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.extract import frames as _frames
from sitroom.extract import lexicon, subtypes
from sitroom.extract.event_args import ADVANCE, CAPTURE, REGAIN, SURRENDER, child, patient_of, prep_obj, words_of

STATE_KINDS = lexicon.words("events", "state_kinds")
_W = lexicon.words  # the event lexicon's word lists, read where a rule needs one


_EXPLOSIVE_WORDS = lexicon.words("events", "explosive")


_SHELLING_WORDS = lexicon.words("events", "shelling")


_AIR_WORDS = lexicon.words("events", "air")


_MEANS_PREPS = lexicon.words("events", "means_preps")
_NOUN_MEANS_PREPS = lexicon.words("events", "noun_means_preps")
_USE_VERBS = lexicon.words("events", "means_use_verbs")


def _means(trig: Token) -> set[str]:
    """Lower-cased words of what did the harm: the trigger's subject or agent ("a roadside bomb killed",
    "killed by a roadside bomb"), its instrument or occasion ("wounded in a mortar attack"), its own modifiers
    ("a suicide attack"), and for "..., killing five" the clause it hangs on ("a car bomb exploded ...")."""
    heads = [trig]
    if trig.dep_ in ("advcl", "conj", "xcomp") and trig.head.pos_ == "VERB":
        heads.append(trig.head)
    heads += [c for c in trig.children if c.dep_ == "conj" and c.pos_ == "VERB"]  # "killed and wounded by a car bomb"
    words: set[str] = set()
    if trig.dep_ in ("acl", "relcl") and trig.head.pos_ in ("NOUN", "PROPN"):
        # "a car bomb that killed five", "an airstrike killing ...": the noun it describes did the harm
        words.update(t.lower_ for t in trig.head.subtree if t.i <= trig.head.i)
    for h in heads:
        words.add(h.lower_)
        for c in h.children:
            if c.dep_ in ("nsubj", "csubj", "compound", "amod", "nmod"):
                words.update(t.lower_ for t in c.subtree)
            elif c.dep_ == "advcl" and c.pos_ == "VERB" and h is trig:
                # "were wounded when mortar rounds landed in a market": the means in the clause of when it happened
                for g in c.children:
                    if g.dep_ in ("nsubj", "nsubjpass"):
                        words.update(t.lower_ for t in g.subtree)
                    elif g.dep_ in ("dobj", "obj"):  # "were killed when they picked up unexploded ordnance"
                        words.update(t.lower_ for t in g.subtree if t.i <= g.i)
            elif (c.dep_ == "agent" or c.dep_ == "prep" and c.lower_ in _MEANS_PREPS) and (
                h.pos_ == "VERB" or c.lower_ in _NOUN_MEANS_PREPS  # "an attack with sarin", "by a suicide bomber"
            ):
                for g in c.children:
                    if g.dep_ == "pobj":
                        words.update(t.lower_ for t in g.subtree if t.i <= g.i)  # "a mortar attack", not "on the town"
                        of = prep_obj(g, "of")
                        if of is not None and (g.like_num or g.pos_ in ("NUM", "PRON", "DET")):
                            # "killed in one of the drone strikes"
                            words.update(t.lower_ for t in of.subtree if t.i <= of.i)
    used = _used_means(trig)
    if used is not None:
        words.update(t.lower_ for t in used.subtree if t.i <= used.i)
    return words


def _used_means(trig: Token) -> Token | None:
    """The noun a use of it in the happening describes: "the drone used in the attack", "the bomb that was used in
    the blast" (the trigger the object of a preposition on a verb of use that describes a noun)."""
    if trig.dep_ != "pobj" or trig.head.lower_ not in _MEANS_PREPS:
        return None
    use = trig.head.head
    if use.lemma_.lower() in _USE_VERBS and use.dep_ in ("acl", "relcl") and use.head.pos_ in ("NOUN", "PROPN"):
        return use.head
    return None


def _chemical_told(trig: Token) -> bool:
    """Is a chemical agent named in the trigger's clause, or in the clause it hangs on as the happening after which
    the agent was felt ("treated people for exposure to toxic gas after the shelling", "a smell of chlorine after
    the barrel bomb struck")?"""
    if _frames.chemical_named(subtypes.clause_text(trig)):
        return True
    head = None
    if trig.dep_ == "advcl":
        head = trig.head
    elif trig.dep_ == "pobj" and trig.head.dep_ == "prep":
        head = trig.head.head
    return head is not None and head.pos_ in ("VERB", "AUX") and _frames.chemical_named(subtypes.clause_text(head))


def by_means(trig: Token) -> tuple[str, str] | None:
    """ACLED types a killing or an attack by its means: a bomb or mine is Explosions/Remote violence whoever
    the victims are; gunfire stays an armed clash or an attack. Rocket-propelled grenades are small-arms
    fighting."""
    w = _means(trig)
    chemical = _frames.frames()["Chemical weapon"].instruments
    if w & chemical or _chemical_told(trig):
        # "shells loaded with a toxic agent struck the village": the agent's words in the trigger's clause
        return ("Explosions/Remote violence", "Chemical weapon")
    if w & _W("events", "not_remote"):
        return None  # small-arms fighting, an accident, anti-aircraft fire
    if "suicide" in w and (w & _EXPLOSIVE_WORDS or w & _W("events", "suicide_companions")):
        return ("Explosions/Remote violence", "Suicide bomb")
    if w & _AIR_WORDS or "air" in w and w & _W("events", "air_attack_nouns"):
        return ("Explosions/Remote violence", "Air/drone strike")
    if w & _SHELLING_WORDS:
        return ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    if w & _W("events", "grenade"):
        return ("Explosions/Remote violence", "Grenade")
    if w & _EXPLOSIVE_WORDS or _W("events", "ied_words") <= w:
        if any(t.lower_ in w and state_bombing(t, None) for t in trig.sent):
            return ("Explosions/Remote violence", "Air/drone strike")  # "Russian bombing killed 14 civilians"
        return ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    return None


def state_bombing(trig: Token, a1_kind: str | None) -> bool:
    """Is the bombing a state's ("Israeli bombing of Gaza", "the coalition's bombings", "the army bombed the
    village"): by an actor of a state kind, or a bombing noun whose modifiers name a nation or a state force and no
    other named group ("Pakistani Taliban bombing": not the state's)?"""
    if trig.lower_ not in _W("events", "state_bombing_words") and trig.lemma_.lower() not in _W(
        "events", "state_bombing_words"
    ):
        return False
    if a1_kind is not None:
        return a1_kind in STATE_KINDS
    if trig.pos_ != "NOUN":
        return False
    mods = [c for c in trig.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    mods += [g for c in mods for g in c.children if g.dep_ in ("compound", "amod")]  # "the Saudi-led coalition's"
    state = [
        m for m in mods if m.ent_type_ in ("NORP", "GPE") or m.lemma_.lower() in _W("events", "state_bomber_modifiers")
    ]
    others = [m for m in mods if m.pos_ == "PROPN" and m.ent_type_ not in ("NORP", "GPE")]
    return bool(state) and not others


def _blast_setting(trig: Token) -> bool:
    """Is the protest noun only where an explosion happened: the object of a preposition on a verb whose means are
    explosive ("a suicide bomber killed 25 people at a rally", "a bomb went off at a march")?"""
    if trig.pos_ != "NOUN" or trig.dep_ != "pobj" or trig.head.dep_ != "prep":
        return False
    verb = trig.head.head
    return verb.pos_ == "VERB" and by_means(verb) is not None


def _protest_type(trig: Token) -> tuple[str, str]:
    sub = _frames.refine_protest(trig.sent)
    return (_frames.acled_type(sub), sub)


def _frame_type(name: str, a1_kind: str | None, trig: Token, obj: Token | None) -> tuple[str, str] | None:
    """The type of an event a frame triggered: explosions by their instruments, protests and riots by the
    sentence's cues, arrests by a non-state actor as abductions."""
    etype = _frames.acled_type(name)
    if name in ("Chemical weapon", "Suicide bomb"):
        return (etype, name)  # matched by its agent or its verb ("dropped chlorine gas", "a bomber blew himself up")
    if etype == _frames.EXPLOSIONS and any(
        c.dep_ == "advmod" and c.lower_ in _W("events", "controlled_adverbs") for c in trig.children
    ):
        return ("Strategic developments", "Disrupted weapons use")  # "found an IED and safely detonated it"
    if etype == _frames.EXPLOSIONS:
        clause = subtypes.clause_text(trig)
        if _chemical_told(trig):  # "fired mortar rounds containing mustard agent"
            return (etype, "Chemical weapon")
        sub = _frames.instrument_type(_means(trig), clause)
        if sub is None and name == "Remote explosive/landmine/IED" and state_bombing(trig, a1_kind):
            sub = "Air/drone strike"  # "the Israeli bombing of Gaza went on through the night"
        return (etype, sub or name)
    if etype == "Protests":
        typed = _protest_type(trig)
        # the frame's own verb says at least this much ("fired metal pellets at protesters")
        return (etype, name) if typed[1] == "Peaceful protest" else typed
    if etype == "Riots":
        return (etype, name if name == "Mob violence" else _frames.refine_riot(trig.sent))
    if name == "Attack" and any(words_of(v) & _W("events", "protester_nouns") for v in _frames.objects(trig)):
        return ("Protests", "Excessive force against protesters")  # "opened fire on protesters"
    if name in ("Armed clash", "Disrupted weapons use"):
        # "traded artillery fire": the fire's means; "jets destroyed an arms depot": a strike, not a seizure
        means = (
            _frames.instrument_type({t.lower_ for o in _frames.objects(trig) for t in o.subtree})
            if name == "Armed clash"
            else None
        )
        if means in ("Shelling/artillery/missile attack", "Air/drone strike"):
            return (_frames.EXPLOSIONS, means)
        by = by_means(trig) if name == "Disrupted weapons use" else None
        if by is not None and by[1] in ("Shelling/artillery/missile attack", "Air/drone strike"):
            return by
    fr = _frames.frames()[name]
    if a1_kind in fr.actor1_not:
        if name == "Arrests" and a1_kind == "non-state-armed":
            return ("Violence against civilians", "Abduction/forced disappearance")
        return None
    if etype == "Negotiation" and trig.dep_ == "acl" and trig.head.lemma_.lower() in _W("events", "deal_nouns"):
        return None  # "a deal mediated by tribal elders": who brokered the deal told, no talks of their own
    if etype in ("Displacement", "Negotiation"):
        return (etype, {"Displacement": "Flight", "Negotiation": "Talks"}[etype])
    return (etype, name)


def _civilian_target(trig: Token, obj: Token | None) -> bool:
    """An attack on a place of civilian life or on civilians ("attacked a church", "attacks on refugees"), or one whose toll, told in the
    clause it heads, is civilians ("attacked the village, killing 15 worshippers")."""
    if obj is not None and _frames.words_of_head(obj) & (
        _W("events", "civilian_sites") | _W("events", "civilian_nouns")
    ):
        return True  # "attacked a church", "attacks by militiamen on refugees"
    return any(
        c.dep_ in ("advcl", "conj")
        and c.lemma_ in _W("events", "harm_lemmas")
        and _frames.civilian_phrase(child(c, "dobj"))
        for c in trig.children
    )


def _killed_at_home(trig: Token, victims: Token | None) -> bool:
    """People who bear no arms killed where they live, no fighting told ("gunmen killed a village chief and his two
    sons at their home")."""
    if victims is None or _frames.words_of_head(victims) & _W("events", "armed_people_nouns"):
        return False
    if {t.lower_ for t in trig.sent} & _W("events", "battle_nouns"):
        return False
    return any(
        c.dep_ == "prep" and any(g.dep_ == "pobj" and g.lower_ in _W("events", "dwelling_nouns") for g in c.children)
        for c in trig.children
    )


def classify(
    action: str, a1_kind: str | None, a2_kind: str | None, trig: Token, obj: Token | None, obj_place: bool = False
) -> tuple[str, str] | None:
    if action.startswith("frame:"):
        return _frame_type(action[6:], a1_kind, trig, obj)
    if action == CAPTURE:
        if obj is not None and obj.ent_type_ == "PERSON" and not obj_place:  # not a town the tagger took for a person
            return classify("arrest", a1_kind, a2_kind, trig, obj)
        if a1_kind in STATE_KINDS:
            return ("Battles", "Government regains territory")
        return ("Battles", "Non-state actor overtakes territory")
    if action == REGAIN:
        if a1_kind in STATE_KINDS or a1_kind is None:
            return ("Battles", "Government regains territory")
        return ("Battles", "Non-state actor overtakes territory")
    if action == SURRENDER:
        return ("Strategic developments", "Non-violent transfer of territory")
    if action in ("attack", "clash", "kill", "wound"):
        by = by_means(trig) or subtypes.riot_killing(trig, a1_kind)
        if by is not None:
            return by
        victims = patient_of(trig, child(trig, "nsubjpass"), obj)
        if victims is not None and words_of(victims) & _W("events", "protester_nouns"):
            if action == "wound" and _frames.refine_protest(trig.sent) != "Excessive force against protesters":
                # "several demonstrators were injured": force told with no lethal means is an intervention
                return ("Protests", "Protest with intervention")
            return ("Protests", "Excessive force against protesters")  # "police shot dead two protesters"
        subj = child(trig, "nsubj")
        if action in ("kill", "wound") and subj is not None and words_of(subj) & _W("events", "battle_nouns"):
            return ("Battles", "Armed clash")  # "fighting between the army and rebels killed 17 people"
        if (
            a2_kind == "civilians"
            or _frames.civilian_phrase(victims)
            and (a1_kind is not None or not {t.lower_ for t in trig.sent} & _W("events", "battle_nouns"))
        ):
            # civilians killed by someone, or with no fighting told ("a family of five was killed when gunmen
            # stormed their home"); not "civilians killed in the fighting / crossfire"
            return ("Violence against civilians", "Attack")
        if action == "attack" and _civilian_target(trig, obj):
            return ("Violence against civilians", "Attack")
        if action in ("kill", "wound") and _killed_at_home(trig, victims):
            return ("Violence against civilians", "Attack")
        if (
            trig.pos_ == "NOUN"
            and a2_kind is None
            and victims is None
            and any(
                t.dep_ in ("dobj", "nsubjpass", "conj")
                and _frames.civilian_phrase(t)
                and t.head.lemma_ in _W("events", "harm_lemmas")
                for t in trig.sent
            )
        ):
            return ("Violence against civilians", "Attack")  # "the terrorist attack ... killed and wounded civilians"
        return ("Battles", "Armed clash")
    if action == "strike":
        by = by_means(trig)
        return by if by is not None else ("Explosions/Remote violence", "Air/drone strike")
    if action == "shell":
        return ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    if action == "bomb":
        by = by_means(trig)
        if by is not None and by[1] != "Remote explosive/landmine/IED":
            return by
        if "suicide" in trig.sent.text.lower():
            return ("Explosions/Remote violence", "Suicide bomb")
        if by is None and state_bombing(trig, a1_kind):
            return ("Explosions/Remote violence", "Air/drone strike")  # "government forces bombed the village"
        return ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    if action == "arrest":
        victims = patient_of(trig, child(trig, "nsubjpass"), obj)
        if victims is not None and _frames.words_of_head(victims) & _W("events", "protester_nouns"):
            return ("Protests", "Protest with intervention")  # "police arrested 30 protesters": a protest broken up
        subj = child(trig, "nsubj")
        if subj is not None and words_of(subj) & _W("events", "abductor_nouns"):
            return ("Violence against civilians", "Abduction/forced disappearance")  # "kidnappers seized farmers"
        if a1_kind == "non-state-armed":  # "gunmen seized them", "rebels captured the governor": not the state's
            return ("Violence against civilians", "Abduction/forced disappearance")
        return ("Strategic developments", "Arrests")
    if action == "abduct":
        return ("Violence against civilians", "Abduction/forced disappearance")
    if action == "flee":
        return ("Displacement", "Flight")
    if action == "evacuate":
        return ("Displacement", "Evacuation")
    if action == "propose":
        return ("Negotiation", "Proposal")
    if action == "talks":
        return ("Negotiation", "Talks")
    if action == "order":
        return ("Strategic developments", "Other")
    if action == "break":
        return ("Strategic developments", "Other")
    if action == "loot":
        return ("Strategic developments", "Looting/property destruction")
    if action == "protest":
        if _blast_setting(trig):
            return None  # "a suicide bomber killed 25 people at a rally": the bombing's setting, no force on protesters
        return _protest_type(trig)
    if action == ADVANCE:
        return ("Strategic developments", "Other")
    return None
