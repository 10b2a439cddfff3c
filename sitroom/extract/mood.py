"""Mood and genericity of an event trigger: clauses that tell no happening though they hold a trigger word.

The event reader asks :func:`no_happening` of every trigger after its own modal, negation, condition and question
checks (``irrealis.is_modal_or_negated``). It adds, for any war's news:

* **supposition** — a sentence that opens by supposing ("Let's assume the army had fought ... —", "Suppose the
  rebels seized Gao", "What if Kabul falls"): nothing in it is told, also when a dash or a false start breaks the
  parse so that the clause no longer hangs on "assume";
* **irrealis event nouns** — an event noun standing under a light verb ("be", "see", "face", ...) that is modal,
  conditional or negated: "there would be heavy fighting", "if there is fighting in Kabul", "could see attacks";
* **generic statements over years** — a toll or a habit told over a span of years ("responsible for the deaths of
  ... through two decades of war", "over the years, fighters have killed thousands", "for decades the army has
  shelled villages") or with an adverb of habit ("routinely detain"): no event of a day and a place;
* **political rallies** — a rally told with a campaign or an election ("a campaign rally") or with a speaker and his
  supporters ("spoke at a rally ... asking his supporters", "addressed a rally"), and no word of protest ("against",
  "demand", "protesters"): a political event, not a demonstration;
* **talks off the conflict** — talks whose sentence names a topic of another field (ransomware, trade, climate) and
  no word of war and peace: no negotiation of an armed conflict;
* **forces that flee** — people who flee and, in a conjoined clause, fail a soldier's duty ("fled and didn't
  secure the airport"): a withdrawal of forces, not displacement.

The words are data: ``sitroom/data/lexicon/mood.yaml`` (and the event lexicon's modals and conditional marks).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from sitroom.extract import lexicon


def _w(section: str) -> frozenset[str]:
    return lexicon.words("mood", section)


def _e(section: str) -> frozenset[str]:
    return lexicon.words("events", section)


_TALKS = frozenset({"propose", "talks", "frame:Negotiation"})
_PROTEST = frozenset({"protest", "frame:Peaceful protest"})


def supposed(sent: Span) -> bool:
    """Does the sentence open by supposing ("Let's assume ...", "Suppose ...", "What if ...")? Leading fillers of a
    transcript ("Well, let's say ...") are skipped."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    while words and words[0].lower_ in _e("question_fillers"):
        words = words[1:]
    head = " ".join(t.lower_ for t in words[:4]).replace("\u2019", "'").replace(" 's", "'s")
    return any(head == o or head.startswith(o + " ") for o in _w("supposition_openers"))


def _unreal_verb(v: Token) -> bool:
    """Is the verb modal, negated or conditional ("would be", "is not", "if there is")?"""
    for c in v.children:
        if c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in _e("modals"):
            return True
        if c.dep_ == "mark" and c.lower_ in _e("conditional_marks"):
            return True
    return False


def irrealis_noun(tok: Token) -> bool:
    """An event noun under a light verb that is modal, negated or conditional, or whose conjunct head is ("if the
    rebels attack, there would be fighting")."""
    if tok.pos_ != "NOUN" or tok.dep_ not in ("attr", "dobj", "nsubj", "nsubjpass"):
        return False
    v = tok.head
    if v.pos_ not in ("VERB", "AUX") or v.lemma_.lower() not in _w("light_verbs"):
        return False
    return _unreal_verb(v) or v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX") and _unreal_verb(v.head)


# the arcs of a verb that heads a clause of its own under another one
_OWN_CLAUSE = frozenset({"advcl", "relcl", "ccomp", "acl", "parataxis"})


def _clause_verbs(tok: Token) -> list[Token]:
    """The trigger and the heads above it up to its clause's verb (a noun trigger's governing verb included), and
    that verb's own conjunct head."""
    out = [tok]
    if tok.pos_ == "VERB" and tok.dep_ in _OWN_CLAUSE:
        return out  # "was divided for years until government forces recaptured it": the span is the other clause's
    t = tok
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX") and t is not tok or t.head.i == t.i:
            break
        t = t.head
        out.append(t)
    if t.pos_ in ("VERB", "AUX") and t.dep_ == "conj" and t.head.i != t.i:
        out.append(t.head)
    return out


def _years_span(prep: Token) -> bool:
    """ "over the years", "through two decades of war", "for decades", "in recent years": a preposition of span
    whose object is a plural unit of years, or a noun of which such a span is told ("two decades of war")."""
    if prep.dep_ != "prep" or prep.lower_ not in _w("span_prepositions"):
        return False
    for obj in (c for c in prep.children if c.dep_ == "pobj"):
        if obj.lower_ in _w("multi_year_units"):
            return True
    return False


def generic(tok: Token) -> bool:
    """A statement over a span of years or of habit, not an event: the trigger's clause (the trigger, its heads up
    to the verb, and their own modifiers) holds "over the years" / "through two decades of war" / "for decades" or
    an adverb of habit."""
    for t in _clause_verbs(tok):
        for c in t.children:
            if _years_span(c):
                return True
            if c.dep_ == "advmod" and c.lower_ in _w("habitual_adverbs"):
                return True
            if c.dep_ == "prep":  # "through two decades of war": the span's own noun may be the object
                for obj in (g for g in c.children if g.dep_ == "pobj"):
                    if any(_years_span(g) for g in obj.children):
                        return True
    return False


def market_move(tok: Token, action: str | None) -> bool:
    """A protest verb whose subject is a market's ("Stocks rally as oil prices climb", "the naira rallied"): prices
    move, nobody demonstrates."""
    if action not in _PROTEST:
        return False
    # the verb's subject, or the noun's modifier ("Naira rallies against dollar")
    who = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "compound", "poss")]
    return any(t.lemma_.lower() in _w("market_nouns") or t.lower_ in _w("market_nouns") for t in who)


def political_rally(tok: Token, action: str | None) -> bool:
    """A rally of a campaign or of a speaker and his supporters, with no word of protest in the sentence."""
    if action not in _PROTEST or tok.lemma_.lower() not in _w("rally_nouns"):
        return False
    words = {t.lower_ for t in tok.sent} | {t.lemma_.lower() for t in tok.sent}
    if words & _w("rally_protest_cues"):
        return False
    if any(c.lower_ in _w("political_rally_modifiers") for c in tok.children if c.dep_ in ("compound", "amod", "nmod")):
        return True
    return bool(words & _w("political_rally_cues"))


def off_topic_talks(tok: Token, action: str | None) -> bool:
    """Talks whose sentence names a topic of another field and no word of war and peace."""
    if action not in _TALKS:
        return False
    words = {t.lower_ for t in tok.sent} | {t.lemma_.lower() for t in tok.sent}
    return bool(words & _w("non_conflict_topics")) and not words & _e("conflict_talk_words")


def natural_cause(tok: Token, action: str | None) -> bool:
    """Deaths, injuries, flight or destruction whose cause is a disaster, a disease or an accident ("floods killed
    40", "killed in a bus crash", "an outbreak of cholera killed 12", "a fire destroyed the market"): no political
    violence."""
    if action not in ("kill", "wound", "flee", "frame:Displacement", "loot", "frame:Looting/property destruction") or (
        tok.pos_ != "VERB"
    ):
        return False
    causes = _w("nonviolent_causes")
    if any(c.dep_ == "advcl" for c in tok.children):
        return False  # "killed in a crash after rebels shot down the aircraft": a clause tells another cause
    heads = [tok]
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _e("object_control_verbs"):
        heads.append(tok.head)  # "heavy rains forced thousands to flee": the cause is the forcing verb's subject
    for c in (c for h in heads for c in h.children):
        if c.dep_ in ("nsubj", "agent") or c.dep_ == "prep" and c.lower_ in ("by", "in", "during", "from", "after"):
            head = c if c.dep_ == "nsubj" else next((g for g in c.children if g.dep_ == "pobj"), None)
            if head is None:
                continue
            words = {head.lemma_.lower(), head.lower_} | {
                g.lower_ for g in head.children if g.dep_ in ("compound", "amod")
            }
            if head.lemma_.lower() in _w("cause_containers"):  # "an outbreak of cholera killed 12"
                words |= {p.lower_ for g in head.children if g.dep_ == "prep" for p in g.children if p.dep_ == "pobj"}
            if _accidental_fire(head):
                return True  # "a fire destroyed part of the market"; not "heavy fire killed three soldiers"
            if words & causes and not any(g.dep_ in ("acl", "relcl") for g in head.children):
                return True  # not "a crash caused by a missile"
    return False


def _accidental_fire(head: Token) -> bool:
    """ "A fire", "a blaze": one fire, told with an indefinite article and no word of weapons or of who set it
    ("heavy fire", "machine-gun fire", "a fire set by rioters" are not)."""
    if head.lemma_.lower() not in _w("fire_nouns"):
        return False
    if any(g.dep_ in ("acl", "relcl", "compound", "amod") for g in head.children):
        return False
    return any(g.dep_ == "det" and g.lower_ in ("a", "an") for g in head.children) or head.lemma_.lower() != "fire"


def no_weapon(tok: Token) -> bool:
    """A verb of explosion or launching told of no weapon: "stock prices exploded" (its subject is no device, vehicle
    or store of munitions), "launched a rocket carrying a weather satellite" (a space launch, fireworks)."""
    if tok.pos_ != "VERB":
        return False
    lemma = tok.lemma_.lower()
    if lemma in _w("explosion_verbs"):
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
            words = {subj.lemma_.lower(), subj.lower_} | {c.lower_ for c in subj.children if c.dep_ == "compound"}
            if not words & (_w("exploding_things") | _e("explosive") | _e("shelling") | _e("grenade")):
                return True
    if lemma in _w("launch_verbs"):
        return bool({t.lower_ for t in tok.subtree} & _w("civil_launch_words"))
    return False


def talks_in_progress(tok: Token, action: str | None) -> bool:
    """Talks told as a process under way with no session of a day ("there are ongoing negotiations ... that we
    support"): the present existential with an adjective of duration tells a state of affairs, not a meeting."""
    if action not in _TALKS or tok.pos_ != "NOUN":
        return False
    while tok.dep_ == "conj" and tok.head.pos_ == "NOUN":  # "ongoing negotiations and discussions": the first's words
        tok = tok.head
    if tok.dep_ not in ("attr", "nsubj"):
        return False
    v = tok.head
    return (
        v.lemma_ == "be"
        and v.tag_ in ("VBP", "VBZ")
        and any(c.dep_ == "expl" for c in v.children)
        and any(c.dep_ == "amod" and c.lower_ in _w("process_adjectives") for c in tok.children)
    )


def armed_flight(tok: Token, action: str | None) -> bool:
    """People who flee and, in a conjoined clause, fail a soldier's duty are forces that left, not the displaced
    ("after the Afghans fled and didn't secure the airport", "the soldiers fled and did not defend the city")."""
    if action != "flee":
        return False
    return any(c.dep_ == "conj" and c.lemma_.lower() in _w("armed_duty_verbs") for c in tok.children)


def no_happening(tok: Token, action: str | None) -> bool:
    """Does the trigger tell no happening, by its sentence's mood, its genericity or what it names?"""
    return (
        supposed(tok.sent)
        or irrealis_noun(tok)
        or generic(tok)
        or political_rally(tok, action)
        or market_move(tok, action)
        or off_topic_talks(tok, action)
        or armed_flight(tok, action)
        or natural_cause(tok, action)
        or talks_in_progress(tok, action)
        or no_weapon(tok)
    )
