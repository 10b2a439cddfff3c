"""Events: who did what to whom, where, when — typed in ACLED's taxonomy.

Reads: the spaCy Doc, ``Article.places``, ``Article.times``, the actor index.
Writes: ``Article.events`` (one per trigger and location; merging of mentions
of the same happening is the resolve stage's job).

A trigger is a verb (or event noun) from :data:`TRIGGERS`. Its arguments come
from the dependency parse: actor1 from the subject (or the agent of a passive,
or "to X" of "fall to X"), the location from the object ("captured the city of
Ghazni"), a locative prepositional phrase ("In Ghazni, ... seized") or the
subject of an intransitive ("Kunduz fell"); "the capital of X province" is
resolved to the capital through the gazetteer. Modal or negated clauses are not
events (modal clauses with a horizon become forecasts elsewhere).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitroom.extract import control
from sitroom.extract import frames as _frames
from sitroom.extract import acled, fatalities, headlines, mood, subtypes
from sitroom.extract import lexicon
from sitroom.extract.segment import LIST_ITEM_RE
from sitroom.extract.event_time import dateline_time as _dateline_time
from sitroom.extract.event_time import event_time as _event_time
from sitroom.extract.event_time import governs as _governs
from sitroom.extract.event_time import list_item as _list_item
from sitroom.extract.attribution import REPORTING, sentence_attribution
from sitroom.extract.counts import QUANT_HEADS, Quantity, is_definite, is_person, parse_quantity, person_class, quantity_of
from sitroom.model import Article, Attribution, Certainty, Event, Place, TimeValue

# ACLED's 6 event types and 25 sub-event types, plus sitroom's two additions.
TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use", "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other"),
    "Displacement": ("Flight", "Evacuation"),
    "Negotiation": ("Proposal", "Talks"),
}

CAPTURE = "capture"
REGAIN = "regain"
SURRENDER = "surrender"
ADVANCE = "advance"  # an armed actor reaches, surrounds or closes on a place: no fighting or takeover told
ADVANCE_MARK = "[advance]"  # summary prefix of such events (ACLED has no sub-type for them: "Other")
ARMED_KINDS = lexicon.words("events", "armed_kinds")
_ADVANCE_PREPS = lexicon.ordered("control", "control_advance_preps")

# lemma -> abstract action; refined into ACLED types by the arguments. The changes of control come first.
TRIGGERS: dict[str, str] = {**lexicon.table("control", "control_triggers"), **lexicon.table("events", "triggers")}

FACILITY_NOUNS = lexicon.words("events", "facility_nouns")
PLACE_NOUNS = lexicon.words("events", "place_nouns")
MODALS = lexicon.words("events", "modals")
STATE_KINDS = lexicon.words("events", "state_kinds")
_PROPOSAL_NOUNS = lexicon.words("events", "proposal_nouns")
_ORDER_OBJECTS = lexicon.words("events", "order_objects")
_PURPOSE_NOUNS = lexicon.words("events", "purpose_nouns")
_PLACE_ANAPHORS = lexicon.table("events", "place_anaphors")
_W = lexicon.words  # the event lexicon's word lists, read where a rule needs one


@dataclass
class _Ctx:
    article: Article
    doc: Doc
    index: object  # ActorIndex
    gaz: object  # Gazetteer
    place_at: dict[int, Place]  # char offset -> place covering it
    actor_kinds: dict[str, str]
    list_items: list[tuple[int, int, TimeValue | None, Place | None]]
    salient: list[Place]  # event locations so far, in text order
    header_end: int = 0  # text before a dateline is headline
    told: list = None  # (count key, person class) of the counts read so far
    last_date: TimeValue | None = None  # the date of the last event read (the narrative's time)
    dateline_ids: set[str] = None  # places of a dateline that does not open the text ("... KABUL, Afghanistan (date)")
    grammar: object = None  # this module: sitroom.extract.control reads phrases with its helpers
    anaphoric: set[int] = field(default_factory=set)  # id() of events told by "the attack" (subtypes.retype_anaphora)
    tolls: set[int] = field(default_factory=set)  # id() of events told by a verb of killing or wounding


def _side_kind(ctx: _Ctx, aid: str | None) -> str | None:
    """The actor's kind as the event's type reads it: a pro-government militia (registry ``pro_government``) acts on
    the state's side (ACLED: government forces *or their affiliates* regain territory); its ACLED actor code stays a
    militia's (the event keeps the actor, :mod:`sitroom.extract.acled` codes it)."""
    if aid is None:
        return None
    return "state-forces" if pro_government(ctx, aid) else ctx.actor_kinds.get(aid)


def pro_government(ctx: _Ctx, aid: str | None) -> bool:
    """Is the actor a militia on the state's side (registry ``pro_government``)?"""
    return aid is not None and bool(getattr(ctx.index.lex.actors.get(aid), "pro_government", False))  # type: ignore[attr-defined]


def _is_facility(tok: Token) -> bool:
    return tok.lemma_ in FACILITY_NOUNS or tok.lower_ in FACILITY_NOUNS


def _place_of_token(ctx: _Ctx, tok: Token) -> Place | None:
    p = ctx.place_at.get(tok.idx)
    if p is not None and p.role not in ("demonym",):
        return p
    return None


def _capital_place(ctx: _Ctx, p: Place, span_tok: Token) -> Place | None:
    """The capital city of province/country ``p`` as a derived Place (or None)."""
    if ctx.gaz is None or not p.gazetteer_id or p.kind not in ("province", "country"):
        return None
    entry = ctx.gaz.get(p.gazetteer_id)
    cap = ctx.gaz.capital(entry) if entry is not None else None
    if cap is None:
        return None
    for q in ctx.article.places:
        if q.gazetteer_id == cap.id:
            return q
    new = Place(
        id=f"p{max((int(q.id[1:]) for q in ctx.article.places if q.id[1:].isdigit()), default=0) + 1}", mention=p.mention, name=cap.name, kind=cap.kind, country=cap.country,
        lat=cap.lat, lon=cap.lon, gazetteer_id=cap.id, geonameid=cap.geonameid, admin=[*p.admin, p.name],
        role="derived", confidence=p.confidence,
    )
    ctx.article.places.append(new)
    return new


def anaphor_place(article: Article, noun: str, offset: int, salient: list[Place] | None = None) -> Place | None:
    """"the city" / "the city's" at ``offset`` -> the place it refers back to.

    An earlier event location of the right kind is preferred (the city the story
    is about), then the most recent place of that kind mentioned before.
    """
    kind = _PLACE_ANAPHORS.get(noun.lower())
    if kind is None:
        return None
    for p in reversed(salient or []):
        if p.kind == kind and p.mention.start < offset:
            return p
    best = None
    for p in article.places:
        if p.mention.end <= offset and p.kind == kind and p.role not in ("dateline", "demonym"):
            best = p
    return best


def _anaphor_place(ctx: _Ctx, tok: Token) -> Place | None:
    if not any(c.lower_ == "the" for c in tok.children):
        return None
    _, head = _list_item(ctx, tok.idx)
    if head is not None and head.kind == _PLACE_ANAPHORS.get(tok.lower_):
        return head  # "Aug. 12 – Ghazni: ... seized the city": the item's own place
    return anaphor_place(ctx.article, tok.lower_, tok.idx, ctx.salient)


def head_places(ctx: _Ctx, tok: Token, want_capital: bool = False, depth: int = 0) -> list[Place]:
    """Places that ``tok``'s phrase denotes: the token itself, "city of X", "parts of X", "capital of X", conjuncts."""
    if depth > 5:
        return []
    out: list[Place] = []
    p = _place_of_token(ctx, tok)
    if p is None:
        for c in tok.children:
            if c.dep_ == "compound":
                p = _place_of_token(ctx, c) or p
    if p is not None:
        if want_capital:
            p = _capital_place(ctx, p, tok) or p
        out.append(p)
    elif tok.lower_ in PLACE_NOUNS or tok.lemma_ in PLACE_NOUNS or _is_facility(tok):
        cap = want_capital or tok.lemma_ == "capital"
        for c in tok.children:
            if c.dep_ == "poss":  # "the province's central prison", "Ghazni's police districts"
                out += head_places(ctx, c, cap, depth + 1)
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in _W("events", "place_of_preps"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        out += head_places(ctx, g, cap, depth + 1)
        if not out:
            a = _anaphor_place(ctx, tok)
            if a is not None:
                out.append(_capital_place(ctx, a, tok) or a if cap and a.kind != "city" else a)
    for c in tok.children:
        if c.dep_ == "conj":
            out += head_places(ctx, c, want_capital, depth + 1)
    return out


def _actor_of(ctx: _Ctx, tok: Token | None) -> str | None:
    if tok is None:
        return None
    s, e = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
    # prefer the mention at the head of the phrase, then any mention in it
    for m in ctx.index.in_range(tok.idx, tok.idx + len(tok.text)):
        return m.actor
    ms = ctx.index.in_range(s, e)
    if ms:
        return ms[0].actor
    p = _place_of_token(ctx, tok)
    if p is not None and p.kind == "city":
        from sitroom.extract.actors import capital_actor

        return capital_actor(ctx.index.lex, p.name)
    return None


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _prep_obj(tok: Token, *preps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            g = _child(c, "pobj")
            if g is not None:
                return g
    return None


_CONDITIONAL_MARKS = lexicon.words("events", "conditional_marks")


def _is_irrealis(tok: Token) -> bool:
    """A clause that does not assert a happening: a condition ("if Kabul falls"), an open question
    ("whether the forces surrendered"), or a question ("Will the Taliban take over Afghanistan?")."""
    t = tok
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in t.children):
            return True
        if t.dep_ in ("ccomp", "xcomp") and t.head.i != t.i and _unasserting(t.head):
            return True  # "it is not inevitable that the Taliban take over Kabul", "officials fear ... will fall"
        if t.i != tok.i and _supposes(t):
            return True  # "Let's assume the army had fought ... and they were surrounding Kabul"
        if t.dep_ not in ("conj", "xcomp", "ccomp", "advcl") or t.head.i == t.i:
            break
        t = t.head
    return _is_question(tok) and not presupposed_in_question(tok)


def _is_question(tok: Token) -> bool:
    """A question: it ends in "?", or it opens with an inverted auxiliary ("Are you engaged in talks with ...",
    "Did the Taliban take ...") where a transcript's line break cut the sentence before its "?"."""
    if tok.sent.text.rstrip().rstrip("\"\u201d'\u2019 ").endswith("?"):
        return True
    words = [t for t in tok.sent if t.is_alpha]
    while words and words[0].lower_ in _W("events", "question_fillers"):
        words = words[1:]
    return len(words) >= 3 and words[0].lower_ in _W("events", "question_auxiliaries") and words[0].pos_ == "AUX" \
        and words[1].dep_ in ("nsubj", "nsubjpass", "expl", "det") and words[1].i > words[0].i


# subordinators whose past-tense clause the speaker takes as given: "since Kabul fell", "after the Taliban took X"
_PRESUPPOSING_MARKS = lexicon.words("events", "presupposing_marks")


def presupposed_in_question(tok: Token) -> bool:
    """Is ``tok`` the verb of a past-tense subordinate clause of a question that the questioner takes as true
    ("Has the President spoken to any leaders since Kabul fell to the Taliban?", "... after the Taliban captured
    Kandahar?")? The question's own clause stays unasserted; the presupposed one is told, hedged, by the
    questioner. Not a condition, a modal or a negated clause, and not a present or future one ("after the Taliban
    take Kabul, will ...?")."""
    if not _is_question(tok) or tok.pos_ not in ("VERB", "AUX") or tok.head.i == tok.i:
        return False
    mark = next((c for c in tok.children if c.dep_ == "mark"), None)
    if tok.dep_ == "advcl" and mark is not None and mark.lower_ in _PRESUPPOSING_MARKS:
        pass
    elif not (tok.dep_ == "pcomp" and tok.head.lower_ in _PRESUPPOSING_MARKS):
        return False
    past = tok.tag_ == "VBD" or tok.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ in _W("events", "perfect_auxiliaries") for c in tok.children)
    if not past:
        return False
    return not any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in MODALS for c in tok.children)


def told_fall(tok: Token) -> bool:
    """"the fall of X" told as past: the object of "since / after / before / following" on a past-tense verb that is
    neither modal nor negated ("activated them before the fall of Kabul", "have left since the fall of Mosul");
    never "could prevent the fall of Kabul", "fear the fall of ..." or "after the fall of Kabul, will ...?"."""
    if tok.pos_ != "NOUN" or tok.lemma_ != "fall" or _prep_obj(tok, "of") is None:
        return False
    if tok.dep_ != "pobj" or tok.head.lower_ not in _W("control", "control_fall_anchors"):
        return False
    v = tok.head.head
    if v.pos_ not in ("VERB", "AUX"):
        return False
    past = v.tag_ == "VBD" or v.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ in _W("events", "perfect_auxiliaries") for c in v.children)
    return past and not _is_modal_or_negated(v)


_TURN = re.compile(r"(?m)^[^\S\n]*(Q(?=[^\S\n]{2,}|:)|(?:[A-Z][A-Z.'\-]*[^\S\n]+){0,3}[A-Z][A-Z.'\-]+(?=:))")


def questioner(text: str, at: int) -> Attribution:
    """Who asks the question at ``at``: the transcript's speaker label of the turn ("Q" is an unnamed reporter,
    "MR. KIRBY:" a named speaker), else an unnamed questioner."""
    label = None
    for m in _TURN.finditer(text, 0, min(len(text), at + 64)):
        if m.start(1) > at:
            break
        label = m.group(1).strip()
    if label in (None, "", "Q"):
        return Attribution(source="a questioner", anonymous=True, cue="question")
    return Attribution(source=" ".join(label.rstrip(":").split()), anonymous=False, cue="question")


# predicates whose complement clause is not asserted: possibility, prediction, fear, denial
_UNASSERTING_ADJ = lexicon.words("events", "unasserting_adjectives")
_UNASSERTING_VERBS = lexicon.words("events", "unasserting_verbs")


def _supposes(tok: Token) -> bool:
    """"Let's assume / suppose / say ...": every clause hanging on this "let", as complement or conjunct, is
    supposed, not told ("Let me say that ..." tells)."""
    return tok.lemma_ == "let" and any(
        c.dep_ in ("ccomp", "xcomp") and c.lemma_ in _UNASSERTING_VERBS | {"say"}
        and any(g.lower_ in ("'s", "\u2019s", "us") for g in c.children) for c in tok.children)


def _unasserting(gov: Token) -> bool:
    """Does ``gov`` leave the clause it governs unasserted ("is not inevitable that ...", "could be that ...",
    "fear that ...", "did not say that ...")?"""
    if gov.lemma_ in _UNASSERTING_VERBS or gov.lower_ in _UNASSERTING_ADJ:
        return True
    for c in gov.children:
        if c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in MODALS):
            return True
        if c.dep_ in ("acomp", "attr") and c.lower_ in _UNASSERTING_ADJ:
            return True
    return False


def _is_modal_or_negated(tok: Token) -> bool:
    if _is_irrealis(tok):
        return True
    if tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in _W("events", "negative_determiners") for c in tok.children):
        return True  # "no precision air strikes or shots fired"
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in MODALS):
            return True
        if c.dep_ == "advmod" and c.lower_ in _W("events", "hedge_adverbs"):
            return True
    # "could isolate Kabul ... and possibly overrun it": a conjunct inherits the modal
    if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX"):
        return _is_modal_or_negated(tok.head)
    # infinitive under a want/threaten/plan verb: not a happening
    if tok.dep_ == "xcomp" and tok.head.lemma_ in _W("events", "intent_verbs"):
        return True
    if any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children) and (
        tok.dep_ == "advcl" or tok.dep_ in ("acl", "relcl") and tok.head.lemma_ in _PURPOSE_NOUNS
    ):
        return True  # a purpose: "a raid to capture a Taliban leader", "in order to detain"
    return False


def _facilities(tok: Token | None) -> list[str]:
    if tok is None:
        return []
    out = []
    for t in tok.subtree:
        if _is_facility(t):
            if t.dep_ == "compound":
                continue
            words = [w for w in t.subtree if w.i <= t.i and w.dep_ not in ("det", "punct", "cc") and w.lower_ not in _W("events", "facility_skip_modifiers")]
            words = [w for w in words if w.i >= min((x.i for x in words if x.dep_ in ("poss", "compound", "amod", "nmod", "case") or x is t), default=t.i)]
            phrase = "".join(w.text_with_ws for w in words).strip()
            if phrase and phrase not in out:
                out.append(phrase)
    return out


def find_list_items(article: Article) -> list[tuple[int, int, TimeValue | None, Place | None]]:
    """Dated list items ("Aug. 8 – Kunduz: ...") with the item's date and head place."""
    out = []
    for m in LIST_ITEM_RE.finditer(article.text):
        end = article.text.find("\n", m.end())
        end = len(article.text) if end < 0 else end
        tv = next((t for t in article.times if t.span and t.span.start == m.start("date")), None)
        head = next((p for p in article.places if m.start("head") <= p.mention.start < m.end("head")), None)
        out.append((m.start(), end, tv, head))
    return out


_EXPLOSIVE_WORDS = lexicon.words("events", "explosive")
_SHELLING_WORDS = lexicon.words("events", "shelling")
_AIR_WORDS = lexicon.words("events", "air")
_MEANS_PREPS = lexicon.words("events", "means_preps")


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
            if c.dep_ in ("nsubj", "compound", "amod", "nmod"):
                words.update(t.lower_ for t in c.subtree)
            elif (c.dep_ == "agent" or c.dep_ == "prep" and c.lower_ in _MEANS_PREPS) and h.pos_ == "VERB":
                for g in c.children:
                    if g.dep_ == "pobj":
                        words.update(t.lower_ for t in g.subtree if t.i <= g.i)  # "a mortar attack", not "on the town"
                        of = _prep_obj(g, "of")
                        if of is not None and (g.like_num or g.pos_ in ("NUM", "PRON", "DET")):
                            # "killed in one of the drone strikes"
                            words.update(t.lower_ for t in of.subtree if t.i <= of.i)
    return words


def _by_means(trig: Token) -> tuple[str, str] | None:
    """ACLED types a killing or an attack by its means: a bomb or mine is Explosions/Remote violence whoever
    the victims are; gunfire stays an armed clash or an attack. Rocket-propelled grenades are small-arms
    fighting."""
    w = _means(trig)
    if w & _frames.frames()["Chemical weapon"].instruments:
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
        return ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    return None


def _protest_type(trig: Token) -> tuple[str, str]:
    sub = _frames.refine_protest(trig.sent)
    return (_frames.acled_type(sub), sub)


def _frame_type(name: str, a1_kind: str | None, trig: Token, obj: Token | None) -> tuple[str, str] | None:
    """The type of an event a frame triggered: explosions by their instruments, protests and riots by the
    sentence's cues, arrests by a non-state actor as abductions."""
    etype = _frames.acled_type(name)
    if etype == _frames.EXPLOSIONS:
        sub = _frames.instrument_type(_means(trig), subtypes.clause_text(trig)) or name
        return (etype, sub)
    if etype == "Protests":
        return _protest_type(trig)
    if etype == "Riots":
        return (etype, name if name == "Mob violence" else _frames.refine_riot(trig.sent))
    victims = _frames._object(trig)
    if name == "Attack" and victims is not None and _words_of(victims) & _W("events", "protester_nouns"):
        return ("Protests", "Excessive force against protesters")
    fr = _frames.frames()[name]
    if a1_kind in fr.actor1_not:
        if name == "Arrests" and a1_kind == "non-state-armed":
            return ("Violence against civilians", "Abduction/forced disappearance")
        return None
    if etype in ("Displacement", "Negotiation"):
        return (etype, {"Displacement": "Flight", "Negotiation": "Talks"}[etype])
    return (etype, name)


def _classify(action: str, a1_kind: str | None, a2_kind: str | None, trig: Token, obj: Token | None,
              obj_place: bool = False) -> tuple[str, str] | None:
    if action.startswith("frame:"):
        return _frame_type(action[6:], a1_kind, trig, obj)
    if action == CAPTURE:
        if obj is not None and obj.ent_type_ == "PERSON" and not obj_place:  # not a town the tagger took for a person
            return _classify("arrest", a1_kind, a2_kind, trig, obj)
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
        by = _by_means(trig) or subtypes.riot_killing(trig, a1_kind)
        if by is not None:
            return by
        victims = _patient(trig, _child(trig, "nsubjpass"), obj)
        if victims is not None and _words_of(victims) & _W("events", "protester_nouns"):
            return ("Protests", "Excessive force against protesters")  # "police shot dead two protesters"
        if a2_kind == "civilians" or a1_kind is not None and _frames.civilian_phrase(victims):
            return ("Violence against civilians", "Attack")
        if trig.pos_ == "NOUN" and a2_kind is None and victims is None and any(
                t.dep_ in ("dobj", "nsubjpass", "conj") and _frames.civilian_phrase(t) and t.head.lemma_ in ("kill", "wound", "injure")
                for t in trig.sent):
            return ("Violence against civilians", "Attack")  # "the terrorist attack ... killed and wounded civilians"
        return ("Battles", "Armed clash")
    if action == "strike":
        by = _by_means(trig)
        return by if by is not None else ("Explosions/Remote violence", "Air/drone strike")
    if action == "shell":
        return ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    if action == "bomb":
        by = _by_means(trig)
        if by is not None and by[1] != "Remote explosive/landmine/IED":
            return by
        if "suicide" in trig.sent.text.lower():
            return ("Explosions/Remote violence", "Suicide bomb")
        return ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    if action == "arrest":
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
        return _protest_type(trig)
    if action == ADVANCE:
        return ("Strategic developments", "Other")
    return None


def _trigger_action(tok: Token, is_place: Callable[[Token], bool] | None = None) -> str | None:
    """The action ``tok`` triggers, or None; ``is_place`` tells whether a token is a resolved place (for "took
    Ghazni", whose object the tagger may read as a person or an organisation)."""
    if tok.pos_ not in ("VERB", "NOUN") and not (tok.pos_ == "AUX" and tok.lemma_ == "take"):
        return None
    if tok.pos_ == "NOUN" and tok.lemma_ in _W("control", "control_nominals") and tok.lemma_ != "fall":
        return control.nominal_action(tok)  # "the capture of Gao", "the withdrawal of X from Y"
    action = TRIGGERS.get(tok.lemma_)
    if action is None:
        return None
    if tok.pos_ == "NOUN" and tok.lemma_ in _W("events", "arrest_nouns"):
        # "resulted in the detention of several insurgents", "the arrest of a Taliban leader"
        return "arrest" if (_patient_of_noun(tok) is not None) else None
    if tok.pos_ == "NOUN" and tok.lemma_ == "death":
        # "resulted in the deaths of five enemy fighters", "confirmed the death of Mullah X"
        return "kill" if (_patient_of_noun(tok) is not None) else None
    if tok.pos_ == "NOUN" and tok.lemma_ == "fall":
        return CAPTURE if told_fall(tok) else None
    if tok.pos_ == "NOUN" and action not in ("strike", "attack", "clash", "protest"):
        return None
    if tok.dep_ == "amod" and tok.tag_ == "VBN" and tok.i < tok.head.i and (
            is_definite(tok.head) or tok.i > 0 and (tok.doc[tok.i - 1].lower_ == "-" or tok.doc[tok.i - 1].lower_ in _W("events", "state_adverbs"))
            and any(t.lower_ in _W("events", "state_adverbs") for t in tok.doc[max(0, tok.i - 2) : tok.i])):
        # "The detained Taliban leader ...", "a now-detained facilitator": a participle on a known referent, or
        # telling a state, tells no new happening
        return None
    lemma = tok.lemma_
    obj = _child(tok, "dobj", "obj")
    prts = {c.lower_ for c in tok.children if c.dep_ == "prt"}
    if lemma == "take":
        into = _prep_obj(tok, "into")
        if into is not None and into.lemma_ == "custody":
            return "arrest"  # "were taken into custody"
        if any(c.lemma_ in _W("control", "control_take_captive") and c.dep_ in ("oprd", "dobj", "npadvmod", "advmod",
                                                                             "acomp", "xcomp", "attr")
               and not is_definite(c) for c in tok.children) and (
                obj is not None or any(c.dep_ == "nsubjpass" for c in tok.children)):
            return "abduct"  # "took two policemen hostage", "were taken captive"; not "took the prisoner to X"
        if obj is not None and obj.lemma_ == "control" or "over" in prts:
            return CAPTURE
        if obj is not None and (_is_facility(obj) or obj.lemma_ in _W("control", "control_take_places")):
            return CAPTURE
        if obj is not None and obj.pos_ == "PROPN" and is_place is not None and is_place(obj) and not any(
                c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") for c in tok.children) and not any(
                t.lemma_ in _W("control", "control_take_idioms") for t in tok.subtree):
            return CAPTURE  # "the Taliban took Ghazni"; not "took Kabul by surprise", "took Kabul seriously"
        sp = _child(tok, "nsubjpass")
        if obj is None and sp is not None and is_place is not None and is_place(sp) and _prep_obj(tok, "by") is not None \
                and not any(t.lemma_ in _W("control", "control_take_idioms") for t in tok.subtree):
            return CAPTURE  # "Ghazni was taken by the Taliban" (a control reading)
        return None
    if lemma == "fall":
        return CAPTURE if _prep_obj(tok, *_W("control", "control_fall_preps")) is not None or _child(tok, "nsubj") is not None else None
    if lemma == "enter":
        return control.enter_action(tok)  # an armed actor entering a town (checked in control.refine)
    if action == ADVANCE:
        if tok.pos_ != "VERB":
            return None
        if lemma == "advance":  # "advanced on Kabul", not "advanced the talks"
            return ADVANCE if obj is None and _prep_obj(tok, *_ADVANCE_PREPS) is not None else None
        return ADVANCE if obj is not None else None
    if lemma == "break":
        if "into" in prts or _prep_obj(tok, "into") is not None:
            return "break"  # "gunmen broke into the prison"
        # "inmates broke out": a prison break; "fighting broke out" is no event of its own
        subj = _child(tok, "nsubj")
        return "break" if "out" in prts and subj is not None and is_person_phrase(subj) else None
    if lemma == "free":
        return "break" if obj is not None and obj.lemma_ in _W("events", "inmate_nouns") else None
    if lemma == "hand":
        return SURRENDER if "over" in prts else None
    if lemma in ("offer", "submit"):
        objs = [c for c in tok.children if c.dep_ in ("dobj", "dative", "obj")]
        return "propose" if any(o.lemma_ in _PROPOSAL_NOUNS or any(t.lemma_ in _PROPOSAL_NOUNS for t in o.subtree) for o in objs) else None
    if lemma in ("order", "announce"):
        return "order" if obj is not None and any(t.lemma_ in _ORDER_OBJECTS for t in obj.subtree) else None
    if action == "strike" and tok.pos_ == "NOUN" and lemma not in ("strike", "airstrike"):
        return None  # "the targets", "a hit": nouns of hitting tell no strike
    if lemma == "strike" and tok.pos_ == "NOUN" and (
        tok.dep_ == "compound"  # "strike force", "strike policy"
        or not any(c.lower_ in _W("events", "strike_modifiers") or c.dep_ == "prep" and c.lower_ in _W("events", "strike_target_preps")
                   for c in tok.children)
    ):
        return None  # a strike is an air/drone/missile strike, or a strike on/against something
    if action == "strike" and tok.pos_ == "VERB":
        # "war planes struck targets", "a missile struck a camp": a strike when its means are aircraft or missiles
        by = _by_means(tok)
        if lemma != "strike":  # "hit", "target": any explosive means ("a blast hit the market")
            return "strike" if by is not None and by[0] == _frames.EXPLOSIONS else None
        return "strike" if by is not None and by[1] in ("Air/drone strike", "Shelling/artillery/missile attack") else None
    if lemma in ("burn", "torch") and obj is None:
        return None
    return action


# actions read in a sentence the gate rejects when an armed party is named in it (negotiation with that party)
_PARLEY_ACTIONS = frozenset({"propose", "talks", "frame:Negotiation", "frame:Agreement"})
# changes of control of a named place are read in a sentence the gate rejects (their rules weigh modality,
# questions and presupposition themselves)
_CONTROL_ACTIONS = frozenset({CAPTURE, REGAIN, SURRENDER, ADVANCE})

# an event dated this long before its text is history, told as background; it needs its own date in the sentence
_DECADES_DAYS = 365 * 10

# actions that are political violence whoever the actor (told by people: "soldiers clashed with fighters")
_VIOLENT_ACTIONS = frozenset({"attack", "clash", "kill", "wound", "bomb", "shell", "strike", "arrest", "abduct", "loot", "protest",
                              "break"})

COUNT_KEYS = {"kill": "killed", "arrest": "captured", "wound": "wounded", "abduct": "abducted"}


def _patient_of_noun(tok: Token) -> Token | None:
    """"the detention of two suspects" -> suspects (a person noun after "of")."""
    g = _prep_obj(tok, "of")
    if g is not None and (is_person(g) or g.like_num or g.lemma_ in _W("events", "group_nouns")):
        return g
    return None


def _patient(trig: Token, subjpass: Token | None, obj: Token | None) -> Token | None:
    """Who the act was done to: the passive subject, the object, the noun a participle modifies, "of X" of a noun."""
    if trig.pos_ == "NOUN":
        return _patient_of_noun(trig)
    if subjpass is not None:
        return subjpass
    if obj is not None:
        return obj
    if trig.dep_ in ("acl", "amod") and trig.tag_ == "VBN" and trig.head.pos_ in ("NOUN", "PROPN", "NUM"):
        return trig.head  # "one Taliban facilitator killed and two suspects detained"
    if trig.dep_ == "conj" and trig.tag_ == "VBN" and trig.head.dep_ in ("acl", "amod") and trig.head.head.pos_ in ("NOUN", "PROPN", "NUM"):
        return None
    return None


def is_person_phrase(tok: Token) -> bool:
    """People, or a number of them ("two of his associates", "a group of insurgents")."""
    if is_person(tok):
        return True
    of = _prep_obj(tok, "of")
    if of is not None and is_person(of) and tok.pos_ == "PROPN":
        return True  # "an Islamic Movement of Uzbekistan facilitator"
    return (tok.like_num or tok.pos_ == "NUM" or tok.lemma_ in _W("events", "group_nouns") or tok.lower_ in QUANT_HEADS) and of is not None and is_person(of)


def _clause_tokens(trig: Token, patient: Token | None = None) -> list[Token]:
    """The trigger's clause without its subject or agent (who acted) and without coordinated or adverbial
    clauses (other happenings); the patient's phrase always."""
    out, stack = [], [trig] + ([patient] if patient is not None and patient.i not in {t.i for t in trig.subtree} else [])
    while stack:
        t = stack.pop()
        out.append(t)
        stack += [c for c in t.children if not (c.dep_ in ("conj", "advcl", "ccomp", "parataxis") and c.pos_ in ("VERB", "AUX"))
                  and not (t is trig and c.dep_ in ("nsubj", "agent"))]
    return out


def _antecedent_quantity(ctx: _Ctx, patient: Token) -> Quantity | None:
    """"them" / "the insurgents": the count of the group they refer back to, the last counted plural of people
    (of the same noun, for a noun) told in this or the two sentences before ("two armed insurgents engaged the
    force ... The force returned fire and killed the insurgents": two)."""
    sents = list(ctx.doc.sents)
    k = next((i for i, s in enumerate(sents) if s.start <= patient.i < s.end), 0)
    start = sents[max(0, k - 2)].start
    for t in reversed(ctx.doc[start : patient.i]):
        if t.tag_ not in ("NNS", "NNPS") or not is_person(t) or is_definite(t) or t.i in {x.i for x in patient.subtree}:
            continue
        if patient.pos_ != "PRON" and t.lemma_ != patient.lemma_:
            continue
        q = quantity_of(t)
        if q is not None and (q.exact or q.text != "at least 2"):  # a bare plural gives no number to refer to
            return Quantity(q.text, q.low, q.exact, False)
        return None
    return None


def _counts(ctx: _Ctx, action: str, trig: Token, patient: Token | None) -> dict[str, str]:
    """Numbers of people killed/captured/wounded/abducted, as stated ("at least 5"); "two more" when additional."""
    key = COUNT_KEYS.get(action)
    if key is None or patient is None:
        return {}
    q = quantity_of(patient)
    if q is None and (patient.pos_ == "NUM" or patient.like_num):
        q = parse_quantity(patient.text)  # "killing all four", "two were killed"
    if q is None and (patient.lower_ == "them" or is_definite(patient) and patient.tag_ in ("NNS", "NNPS")):
        q = _antecedent_quantity(ctx, patient)  # "detaining them along with one other insurgent"
    # "detained the leader along with three of his associates"; the phrase may hang lower in the clause
    # ("detained a leader who operated out of Kandahar City, along with one suspected insurgent")
    for holder in _clause_tokens(trig, patient):
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ in _W("events", "along_preps"):
                w = next((g for g in c.children if g.dep_ == "prep" and g.lower_ == "with"), None)
                o = _child(w, "pobj") if w is not None else None
                extra = quantity_of(o) if o is not None else None
                if extra is not None:
                    low = (q.low if q else 0) + extra.low
                    exact = (q.exact if q else False) and extra.exact
                    q = Quantity(str(low) if exact else f"at least {low}", low, exact, q.additional if q else False)
    if q is None or not fatalities.plausible(q, patient):
        return {}
    also = any(c.dep_ == "advmod" and c.lower_ in _W("events", "also_adverbs") for c in trig.children)
    also = also or any(c.dep_ == "prep" and c.lower_ == "in" and any(g.lower_ == "addition" for g in c.children) for c in trig.children)
    text = q.text
    # a new group beside one already told: "a Taliban leader was captured ... two suspected insurgents were detained"
    classes = {person_class(t) for t in (patient, *patient.conjuncts)}
    before = {c for k, cs in ctx.told if k == key for c in cs}
    distinct = bool(before) and not (classes & before) and not is_definite(patient)
    ctx.told.append((key, classes))
    if q.additional or (also and q.exact) or distinct:
        text = f"{text} more"
    return {key: text}


def _sentence_place(ctx: _Ctx, sent: SpacySpan, trig: Token) -> list[Place]:
    """A place named in the trigger's sentence, outside the source of a report ("officials in Kabul said")."""
    best = None
    for p in ctx.article.places:
        if p.role in ("dateline", "demonym") or p.id in ctx.dateline_ids or p.kind in ("country", None) or p.lat is None:
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


_ADMIN_APPOS = re.compile(r"^(?:[ \t]+[\w'\u2018\u2019-]+)?[ \t]*(?:district|province|village|area|city|town)?[ \t]*,[ \t]*$", re.I)


def _in_context(ctx: _Ctx, p: Place) -> Place:
    """A place followed by the unit it lies in ("Nad 'Ali district, Helmand province") must lie in that unit;
    when its resolution puts it elsewhere (another country), the named unit is the better location."""
    text = ctx.article.text
    for q in ctx.article.places:
        if q.mention.start <= p.mention.end or q.mention.start - p.mention.end > 40:
            continue
        if q.kind in ("province", "country") and q.country and q.country != p.country and \
                _ADMIN_APPOS.match(text[p.mention.end : q.mention.start]):
            return q
        break
    return p


def _previous_place(ctx: _Ctx, offset: int) -> list[Place]:
    """The last specific place named before ``offset`` (not a dateline, demonym or country)."""
    best = None
    for p in ctx.article.places:
        if p.mention.end <= offset and p.role not in ("dateline", "demonym") and p.id not in ctx.dateline_ids and p.kind not in ("country", None) and p.lat is not None:
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


def find_events(article: Article, doc: Doc, index, gaz=None) -> list[Event]:
    place_at: dict[int, Place] = {}
    for p in article.places:
        for off in range(p.mention.start, p.mention.end):
            place_at.setdefault(off, p)
    ctx = _Ctx(article, doc, index, gaz, place_at, {a.id: a.kind for a in article.actors}, [], [])
    ctx.list_items = find_list_items(article)
    ctx.grammar = sys.modules[__name__]
    ctx.told = []
    ctx.header_end = min((tv.span.start for tv in article.times if tv.span is not None and _dateline_time(ctx, tv)), default=0)
    ctx.dateline_ids = {p.id for p in article.places if p.role == "dateline"}
    for tv in article.times:
        if tv.span is not None and _dateline_time(ctx, tv):
            ctx.dateline_ids |= {p.id for p in article.places if tv.span.start - 30 <= p.mention.end <= tv.span.start}
    heading_ranges = [(h.start, h.end) for h in article.headings]
    events: list[Event] = []

    def is_place(t: Token) -> bool:
        p = _place_of_token(ctx, t)
        return p is not None and p.kind in ("city", "district", "province", "country", "region")

    from sitroom.extract import gate

    sents = [s for s in doc.sents if s.text.strip()]
    told = dict(zip((s.start for s in sents), gate.passes([s.text for s in sents])))
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
            parley_ok = any(ctx.actor_kinds.get(m.actor) == "non-state-armed" for m in index.in_range(lo, hi))
        read_sentence(ctx, sent, events, heading_ranges, is_place, gated_out, parley_ok)
    for e in headlines.headline_events(ctx, events, lambda c, snt, out: read_sentence(c, snt, out, heading_ranges, is_place)):
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


def read_sentence(ctx: _Ctx, sent: SpacySpan, events: list[Event], heading_ranges, is_place,
                  gated_out: bool = False, parley_ok: bool = False) -> None:
    """The events one sentence tells, appended to ``events`` (``gated_out``: the relevance gate rejected it)."""
    first = len(events)
    _read_triggers(ctx, sent, events, heading_ranges, is_place, gated_out, parley_ok)
    subtypes.merge_in_sentence(events, first, ctx.tolls)


def _read_triggers(ctx: _Ctx, sent: SpacySpan, events: list[Event], heading_ranges, is_place, gated_out: bool,
                   parley_ok: bool) -> None:
    article, doc, index = ctx.article, ctx.doc, ctx.index
    att, certainty = None, None
    built: dict[int, list[Event]] = {}  # trigger token -> the events it gave
    for tok in sent:
        action = _trigger_action(tok, is_place)
        if action in ("attack", "clash") and tok.pos_ == "NOUN":
            fr = _frames.match_nominal(tok, phrases_only=True)  # "xenophobic attacks", "sectarian clashes"
            if fr is not None and fr.acled != "Battles":
                action = f"frame:{fr.name}"
        if action is None and tok.pos_ in ("VERB", "NOUN", "PROPN"):
            fr = _frames.match_verb(tok) or _frames.match_nominal(tok)
            if fr is not None:
                action = f"frame:{fr.name}"
        if action is None or _is_modal_or_negated(tok) or mood.no_happening(tok, action):
            continue
        if gated_out and not (action in _PARLEY_ACTIONS and parley_ok or action in _CONTROL_ACTIONS
                              or action in control.CHANGES):
            continue
        if att is None:
            att, certainty = sentence_attribution(sent, index, ctx.actor_kinds)
        ev = control.build(ctx, sent, tok, action, heading_ranges) if action in control.OWN or tok.pos_ == "NOUN" \
            and action in (CAPTURE, REGAIN) else None
        if ev == [] and action in ("flee", "evacuate"):
            ev = None  # no armed party left a place ("were displaced by the violence"): people displaced
        if ev is None and action not in (control.WITHDRAW, control.EXPEL):
            ev = _build_event(ctx, sent, tok, action, heading_ranges)
        if ev and action in (CAPTURE, REGAIN):
            ev = control.refine(ctx, sent, tok, ev)  # the control frames: see sitroom.extract.control
        if ev and gated_out and (action in _CONTROL_ACTIONS or action in control.CHANGES):
            # past the gate only a change of control of a named place
            ev = [e for e in ev if (article.place(e.place) is not None
                                    and article.place(e.place).kind in ("city", "district", "province", "country", "region"))
                  and (action in _CONTROL_ACTIONS or e.sub_event_type in control.TAKEOVER)] or None
        if not ev:
            continue
        if action in ("kill", "wound") and tok.dep_ in ("advcl", "conj") and tok.head.i in built:
            # "soldiers opened fire on protesters, killing 18": the toll of the happening it hangs on
            for head_ev in built[tok.head.i]:
                for key, v in ev[0].counts.items():
                    head_ev.counts.setdefault(key, v)
                head_ev.actor2 = head_ev.actor2 or ev[0].actor2
            continue
        if action in ("talks", "propose", "frame:Negotiation") and not gated_out and not subtypes.conflict_talks(ctx, sent):
            continue  # talks on trade or ransomware: no negotiation of an armed conflict
        if action.startswith("frame:"):
            built[tok.i] = ev
        for e in ev:
            p = article.place(e.place)
            if p is not None:
                ctx.salient.append(p)
            e.attribution = att.model_copy()
            e.certainty = certainty
            if presupposed_in_question(tok):
                # taken as given by whoever asks, not told by the outlet: hedged, the questioner's
                e.attribution = questioner(article.text, sent.start_char)
                e.certainty = Certainty.HEDGED
                own = e.date is not None and e.date.span is not None and sent.start_char <= e.date.span.start < sent.end_char \
                    and _governs(tok, doc.char_span(e.date.span.start, e.date.span.end, alignment_mode="expand"))
                if not own and article.published is not None:
                    # "since Kabul fell": it happened before the question was asked, no earlier bound told
                    e.date = TimeValue(text="", value="PAST_REF", earliest=None, latest=article.published,
                                       approximate=True, anchor=article.published)
                    e.background = False
            if tok.pos_ == "NOUN" and tok.lemma_ == "fall" and article.published is not None and not (
                    e.date is not None and e.date.span is not None
                    and tok.left_edge.idx <= e.date.span.start < tok.right_edge.idx + len(tok.right_edge.text)):
                # "before the fall of Kabul": it happened before the text was published; no earlier bound told
                e.date = TimeValue(text="", value="PAST_REF", earliest=None, latest=article.published,
                                   approximate=True, anchor=article.published)
                e.background = False
            e.id = f"e{len(events) + 1}"
            events.append(e)
            if subtypes.anaphoric(tok):
                ctx.anaphoric.add(id(e))
            if action in ("kill", "wound") and tok.pos_ == "VERB":
                ctx.tolls.add(id(e))
            if e.date is not None and e.date.text and not e.background:
                ctx.last_date = e.date


_HEADING_TAKEOVER = re.compile(r"\b(captured|seized|taken|overrun|conquered|fallen|fell)\b.{0,40}?\b(?:by|to)\s+(?:the\s+)?\S", re.I)


def _list_heading_events(ctx: _Ctx, events: list[Event]) -> list[Event]:
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
        out.append(Event(
            id="", event_type="Battles", sub_event_type=sub, actor1=actor, place=head.id, date=tv,
            evidence=[art.span(start, end), heading], summary=f"[list] {heading.text}: {head.mention.text}",
        ))
    return out


def _build_event(ctx: _Ctx, sent: SpacySpan, trig: Token, action: str, headings) -> list[Event] | None:
    subj = _child(trig, "nsubj")
    subjpass = _child(trig, "nsubjpass")
    obj = _child(trig, "dobj", "obj")
    objs = [c for c in trig.children if c.dep_ in ("dobj", "obj")]
    if len(objs) > 1 and all(b.i == a.i + 1 for a, b in zip(objs, objs[1:])):
        obj = objs[-1]  # one word the parser split into several objects ("a Taliban sub - commander"): its head is last
    # "is seized by the Taliban": the agent is actor1, the passive subject is the object
    agent = _prep_obj(trig, "by")
    if subj is None and subjpass is None and trig.head.pos_ in ("VERB", "AUX") and (
        trig.dep_ in ("xcomp", "conj", "ccomp") or (trig.dep_ == "advcl" and trig.tag_ == "VBG")
    ):
        # controlled subject: "negotiators are reported to have offered", "seized ... and burned",
        # "returned fire, killing two insurgents"
        subj = _child(trig.head, "nsubj")
        if subj is None and trig.dep_ != "advcl":
            subj = _child(trig.head, "nsubjpass")
    if subjpass is not None:
        obj, subj = subjpass, agent
    patient = _patient(trig, None, obj)
    if action == CAPTURE and trig.lemma_ != "fall" and patient is not None and is_person_phrase(patient) and not head_places(ctx, patient):
        action = "arrest"  # "captured a Taliban commander": people are detained, not taken as territory
    if action == CAPTURE and patient is not None and not head_places(ctx, patient) and \
            _frames._words_of_head(patient) & _frames.frames()["Disrupted weapons use"].objects:
        action = "frame:Disrupted weapons use"  # "seized a cache of weapons": no territory changes hands
    if trig.pos_ == "NOUN" and action == "arrest" and subj is None:
        # "an operation that resulted in the detention of ...": the operation's subject acted
        v = trig.head.head if trig.dep_ == "pobj" else trig.head
        if v.pos_ in ("VERB", "AUX"):
            subj = _child(v, "nsubj") or (_child(v.head, "nsubj") if v.dep_ in ("relcl", "acl") else None)
    a1 = _actor_of(ctx, subj)
    a2 = None
    mediator = None
    places: list[Place] = []
    origin = None
    if action in (CAPTURE, REGAIN) and trig.lemma_ == "fall":
        a1 = _actor_of(ctx, _prep_obj(trig, *_W("control", "control_fall_preps")))
        if trig.pos_ == "NOUN":
            subj = _prep_obj(trig, "of")  # "the fall of Kabul (to the Taliban)"
        to = next((c for c in trig.children if c.dep_ == "prep" and c.lower_ in _W("control", "control_fall_preps")), None)
        if a1 is None and to is not None and _child(to, "pobj") is None:
            # "fell to the Taliban?" parsed with the preposition's object hung elsewhere: the words after it
            for t in ctx.doc[to.i + 1 : min(len(ctx.doc), to.i + 5)]:
                if t.is_punct or t.is_space:
                    break
                a1 = ctx.index.in_range(t.idx, t.idx + len(t.text))[0].actor if ctx.index.in_range(t.idx, t.idx + len(t.text)) else None
                if a1 is not None:
                    break
        places = head_places(ctx, subj) if subj is not None else []
        if not places and trig.dep_ in ("relcl", "acl", "xcomp") and trig.head.pos_ == "NOUN":
            # "the tenth provincial capital to fall": the city is the subject of the copula
            cop_subj = _child(trig.head.head, "nsubj") if trig.head.dep_ == "attr" else None
            if cop_subj is not None:
                places = head_places(ctx, cop_subj)
    elif action == SURRENDER:
        to = _prep_obj(trig, "to")
        gainer = _actor_of(ctx, to)
        if obj is not None:
            places = head_places(ctx, obj)
            a2 = a1
            if not places and not _facilities(obj):
                return None  # "handing babies over", "handed over the documents": no territory changes hands
        elif subj is not None:
            places = head_places(ctx, subj)
        a1 = gainer or a1
    elif action == ADVANCE:
        # "have reached Kabul", "surrounded Kabul from all sides", "advanced on the city": a populated place or an
        # admin unit (a compound or a checkpoint surrounded in a raid is no advance), by an armed actor
        goal = obj if obj is not None else _prep_obj(trig, *_ADVANCE_PREPS)
        places = [p for p in (head_places(ctx, goal) if goal is not None else [])
                  if p.kind in ("city", "district", "province", "region") and p.role != "demonym"]
        if not places or ctx.actor_kinds.get(a1) not in ARMED_KINDS:
            return None
    elif action in ("flee", "evacuate"):
        frm = _prep_obj(trig, "from")
        if frm is not None:
            fp = head_places(ctx, frm)
            origin = fp[0].id if fp else " ".join(t.text for t in frm.subtree)
        a1 = None
        for t in sent:
            if t.dep_ == "pobj" and t.head.lower_ in _W("events", "destination_preps") and (frm is None or t.i not in [x.i for x in frm.subtree]):
                places = head_places(ctx, t)
                if places:
                    break
    elif action == "propose":
        a2 = _actor_of(ctx, _child(trig, "dative", "iobj")) or _actor_of(ctx, _prep_obj(trig, "to"))
        to = _prep_obj(trig, "to")
        if to is not None:
            tp = _actor_of(ctx, to)
            if tp and any(c.lower_ == "as" for c in to.head.head.children if c.dep_ == "prep") or re.search(r"\bmediat", sent.text):
                mediator = tp
                if a2 == tp:
                    a2 = None
        for t in sent:
            if t.dep_ == "pobj" and t.head.lower_ in _W("events", "proposal_place_preps"):
                places = head_places(ctx, t) or places
    else:
        if obj is not None:
            places = head_places(ctx, obj)
            if action in ("attack", "clash", "kill", "wound", "arrest", "abduct"):
                a2 = _actor_of(ctx, obj)
        if not places:
            for c in trig.children:
                if c.dep_ == "prep" and c.lower_ in _W("events", "location_preps"):
                    g = _child(c, "pobj")
                    if g is not None:
                        places = head_places(ctx, g)
                        if places:
                            break
        if not places and obj is not None and action in ("break",):
            for c in trig.children:
                if c.dep_ == "prep":
                    g = _child(c, "pobj")
                    if g is not None:
                        places = [p for p in (_place_of_token(ctx, t) for t in g.subtree) if p]
        if not places and action in (CAPTURE, REGAIN) and subjpass is None and subj is not None and a1 is None:
            places = head_places(ctx, subj)
    if action == "frame:Non-violent transfer of territory" and not places and not _facilities(obj):
        return None  # "handing babies over the wall": no territory changes hands
    if action in ("attack", "clash", "kill", "wound") and a2 is None and obj is not None:
        a2 = _actor_of(ctx, obj)
    if patient is not None and any(c.dep_ == "det" and c.lower_ in _W("events", "negative_determiners") for c in patient.children):
        return None  # "No civilians were injured": nothing happened to anyone
    victims = patient is not None and (is_person_phrase(patient) or action in COUNT_KEYS and (patient.pos_ == "NUM" or patient.like_num)
                                         and not any(c.dep_ == "prep" for c in patient.children))  # "two were killed"
    counts = _counts(ctx, action, trig, patient) if victims else {}
    if action in ("kill", "wound", "arrest", "abduct") and patient is not None and any(t.lower_ == "them" for t in patient.subtree):
        # "engaged the insurgents ..., killing several of them": them = the object of the clause it hangs on
        head_obj = _child(trig.head, "dobj") if trig.dep_ in ("advcl", "conj") else None
        a2 = _actor_of(ctx, head_obj) or a2
    if action in ("kill", "wound", "arrest", "abduct") and a2 is None and patient is not None:
        a2 = _actor_of(ctx, patient)
    if not places and (a1 is not None or counts):
        places = _sentence_place(ctx, sent, trig)
    if not places and (counts or action == "strike"):
        # the story's place: "Five insurgents were killed." after "... in Paktiya"
        places = [ctx.salient[-1]] if ctx.salient else _previous_place(ctx, sent.start_char)
    item_time, item_place = _list_item(ctx, trig.idx)
    if item_place is not None and item_place.role != "demonym":
        if not places:
            places = [item_place]
        elif item_place.kind == "city" and all(p.kind in ("province", "country", "region") for p in places):
            places = [item_place]
    targets = _facilities(obj) if action in (CAPTURE, REGAIN, "attack", "break", "loot", "strike", "bomb", "shell") else []
    if action in (CAPTURE, REGAIN) and trig.lemma_ == "take" and obj is not None and obj.lemma_ == "control":
        targets = []
    places = [p for p in places if p.role != "dateline" and p.id not in ctx.dateline_ids]  # never an event location by itself
    places = [_in_context(ctx, p) for p in places]
    # someone acted ("soldiers clashed with ..."), or an event noun the sentence tells happened ("a grenade attack
    # wounded ...")
    told_by = subj is not None and subj.pos_ in ("NOUN", "PROPN") or trig.pos_ == "NOUN" and _frames.told_happened(trig)
    if a1 is None and not places and not counts and action not in ("propose", "order", "flee", "evacuate") \
            and not action.startswith("frame:") and not (action in _VIOLENT_ACTIONS and told_by):
        return None
    displaced = subjpass if subjpass is not None else subj  # who fled, or was displaced
    if action in ("flee", "evacuate") and displaced is not None and subjpass is None and (
            kinds_of(ctx, displaced) & ARMED_KINDS or _frames._words_of_head(displaced) & _W("events", "armed_people_nouns")):
        return None  # "the warlords have fled the capital", "fighters evacuated the camp": a withdrawal, not displacement
    if action in ("flee", "evacuate") and not places and origin is None and not (
            displaced is not None and (is_person_phrase(displaced) or displaced.lower_ in QUANT_HEADS
                                       or displaced.lower_ in _W("events", "people_quantities") or displaced.like_num)):
        return None
    typed = _classify(action, _side_kind(ctx, a1), _side_kind(ctx, a2), trig, obj,
                      obj is not None and _place_of_token(ctx, obj) is not None)
    if typed is None:
        return None
    etype, sub = typed
    if subj is not None and etype in ("Battles", "Violence against civilians", "Strategic developments") and \
            sub in ("Armed clash", "Attack", "Looting/property destruction") and _words_of(subj) & _W("events", "rioter_nouns"):
        # "rioters torched cars", "a mob attacked a neighbourhood", "protesters clashed with police": a riot
        etype, sub = "Riots", ("Mob violence" if _words_of(subj) & _W("events", "mob_nouns") else "Violent demonstration")
    date = _event_time(ctx, sent, trig) or item_time
    background = False
    if date is None and ctx.article.published is not None:
        # no time in the sentence: reported as news on the publication day (approximate)
        date = TimeValue(text="", value=ctx.article.published.isoformat(), earliest=ctx.article.published,
                         latest=ctx.article.published, approximate=True, anchor=ctx.article.published)
    elif date is not None and ctx.article.published is not None and date.latest is not None:
        pub = ctx.article.published
        own = date.span is not None and sent.start_char <= date.span.start < sent.end_char
        if date.earliest is not None and date.earliest > pub + timedelta(days=1):
            # a happening after the text was published has not happened: a plan or a forecast told with its own
            # date ("will be deployed in 2031") is no event; a later date read from elsewhere is not this event's
            if own and _governs(trig, ctx.doc.char_span(date.span.start, date.span.end, alignment_mode="expand")):
                return None
            date = TimeValue(text="", value=pub.isoformat(), earliest=pub, latest=pub, approximate=True, anchor=pub)
        elif date.latest < pub - timedelta(days=_DECADES_DAYS) and not own:
            # decades before the text, and the sentence does not say so: the narrative's date is not this event's
            date = TimeValue(text="", value="PAST_REF", earliest=None, latest=pub, approximate=True, anchor=pub)
            background = True
        else:
            background = date.latest < pub - timedelta(days=14)
    # a heading, or a headline glued before the dateline ("Taliban Leader Detained ... KABUL, Afghanistan (date) -")
    in_heading = any(s <= trig.idx < e for s, e in headings) or trig.idx < ctx.header_end
    evidence = [ctx.article.span(sent.start_char, sent.end_char)]
    if action in ("flee", "evacuate") and displaced is not None:
        counts["displaced"] = " ".join(t.text for t in displaced.subtree)
    outs = []
    for p in places or [None]:
        outs.append(Event(
            id="", event_type=etype, sub_event_type=sub, actor1=a1, actor2=a2, mediator=mediator,
            place=p.id if p else None, origin=origin, date=date, targets=targets, counts=counts,
            background=background, evidence=evidence,
            summary=("[heading] " if in_heading else "") + (f"{ADVANCE_MARK} " if action == ADVANCE else "")
            + _summary(trig),
        ))
    return outs


def kinds_of(ctx: _Ctx, tok: Token) -> set[str]:
    """The kinds of the actors named in the phrase headed by ``tok``."""
    s, e = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
    return {k for m in ctx.index.in_range(s, e) if (k := ctx.actor_kinds.get(m.actor))}


def _words_of(tok: Token) -> set[str]:
    return {tok.lower_, tok.lemma_.lower()} | {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "conj")}


def _summary(trig: Token) -> str:
    toks = sorted([t for t in trig.subtree if t.dep_ not in ("punct",)], key=lambda t: t.i)
    words = [t.text for t in toks][:25]
    return " ".join(words)
