"""Is a trigger's clause told as having happened? Conditions ("if Kabul falls"), questions, clauses under a
predicate that leaves them unasserted ("it is not inevitable that ...", "fear that ..."), supposition ("let's
assume ..."), modal, negated or hedged clauses and purposes are not; a question's past-tense clause under "since /
after / before" is presupposed by whoever asks (:func:`presupposed_in_question`, :func:`questioner`), and "the fall of
X" under such a word on a past-tense verb is told (:func:`told_fall`).

Split out of :mod:`sitroom.extract.events` (same behaviour).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.event_args import prep_obj
from sitroom.model import Attribution

MODALS = lexicon.words("events", "modals")
_PURPOSE_NOUNS = lexicon.words("events", "purpose_nouns")
_W = lexicon.words  # the event lexicon's word lists, read where a rule needs one


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
    return (
        len(words) >= 3
        and words[0].lower_ in _W("events", "question_auxiliaries")
        and not _acronym(words[0], words)  # "IS fighters stormed ...": the Islamic State, no "Is ...?"
        and words[0].pos_ == "AUX"
        and words[1].dep_ in ("nsubj", "nsubjpass", "expl", "det")
        and words[1].i > words[0].i
    )


def _acronym(word: Token, words: list[Token]) -> bool:
    """``word`` written in capitals in a sentence that is not (an acronym: "IS", "DID" as a name)."""
    return len(word.text) > 1 and word.text.isupper() and not all(w.text.isupper() for w in words)


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
    past = (
        tok.tag_ == "VBD"
        or tok.tag_ == "VBN"
        and any(c.dep_ in ("aux", "auxpass") and c.lower_ in _W("events", "perfect_auxiliaries") for c in tok.children)
    )
    if not past:
        return False
    return not any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in MODALS for c in tok.children)


def told_fall(tok: Token) -> bool:
    """ "the fall of X" told as past: the object of "since / after / before / following" on a past-tense verb that is
    neither modal nor negated ("activated them before the fall of Kabul", "have left since the fall of Mosul"), or
    the subject of such a verb ("the fall of Bukavu to the rebels deepened fears", "Kunduz's fall was a blow"), or
    what an anniversary counts from ("the 10th anniversary of the fall of Mosul");
    never "could prevent the fall of Kabul", "fear the fall of ..." or "after the fall of Kabul, will ...?"."""
    if tok.pos_ != "NOUN" or tok.lemma_ != "fall":
        return False
    if prep_obj(tok, "of") is None and not any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in tok.children):
        return False
    if (
        tok.dep_ == "pobj"
        and tok.head.lower_ == "of"
        and tok.head.head.lemma_ in _W("control", "control_anniversary_nouns")
    ):
        return True  # "marked the 10th anniversary of the fall of Mosul": an anniversary counts from a happening
    if tok.dep_ in ("nsubj", "nsubjpass"):
        v = tok.head  # "the fall of X ... deepened fears"
    elif tok.dep_ == "pobj" and tok.head.lower_ in _W("control", "control_fall_anchors"):
        v = tok.head.head
    else:
        return False
    if v.tag_ == "VBG" and v.dep_ == "advcl" and v.head.i != v.i:
        v = v.head  # "Speaking a year after the fall of Mosul, the minister said": the tense of the clause it opens
    if v.pos_ not in ("VERB", "AUX"):
        return False
    past = (
        v.tag_ == "VBD"
        or v.tag_ == "VBN"
        and any(c.dep_ in ("aux", "auxpass") and c.lower_ in _W("events", "perfect_auxiliaries") for c in v.children)
    )
    # "the fall of Lashio to the MNDAA on Saturday marks a first": a present verb of a fall told with its taker
    # (never a predicate of its likelihood: "the fall of Bakhmut to Wagner remains unlikely", "is a real risk")
    told = (
        v.tag_ in ("VBZ", "VBP")
        and prep_obj(tok, "to") is not None
        and not any(c.dep_ in ("acomp", "attr", "oprd") for c in v.children)
    ) or (
        # "the fall of Nyala is the RSF's most significant gain": a present copula whose complement is an outcome
        v.tag_ in ("VBZ", "VBP")
        and v.lemma_ == "be"
        and any(
            c.dep_ == "attr"
            and c.lemma_ in _W("control", "control_outcome_nouns")
            and any(g.dep_ == "poss" for g in c.children)  # whose gain: the gainer
            for c in v.children
        )
    )
    return (past or told) and not is_modal_or_negated(v)


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
    """ "Let's assume / suppose / say ...": every clause hanging on this "let", as complement or conjunct, is
    supposed, not told ("Let me say that ..." tells)."""
    return tok.lemma_ == "let" and any(
        c.dep_ in ("ccomp", "xcomp")
        and c.lemma_ in _UNASSERTING_VERBS | {"say"}
        and any(g.lower_ in ("'s", "\u2019s", "us") for g in c.children)
        for c in tok.children
    )


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


def _own_neg_or_modal(tok: Token) -> bool:
    """A negation or a modal on ``tok`` itself ("did not deny", "may have captured")."""
    return any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in MODALS for c in tok.children)


def denied_by(tok: Token) -> Token | None:
    """The verb of denial whose complement is the clause of ``tok``, itself told as happened: "the army denied that
    the rebels had captured Y", "Kyiv rejected Russian claims that its troops had taken Y" (``control_denial_verbs``,
    a "that" clause of a ``control_denied_nouns`` object). The clause is then a party's denial of the change, read
    so that the change's claim shows as contested, never as a change. None when the clause has a modal or negation of
    its own, or no such verb governs it."""
    if _own_neg_or_modal(tok):
        return None
    t = tok
    for _ in range(4):
        if t.head.i == t.i:
            return None
        gov = t.head
        if t.dep_ in ("acl", "ccomp", "relcl") and gov.lemma_ in _W("control", "control_denied_nouns"):
            if gov.dep_ in ("dobj", "obj"):
                gov = gov.head  # "denied claims that ..."
            elif gov.dep_ == "pobj" and gov.head.lower_ == "as":
                gov = gov.head.head  # "dismissed as false reports that ..."
        if gov.lemma_ in _W("control", "control_denial_verbs") and gov.pos_ == "VERB":
            if _is_irrealis(gov) or _own_neg_or_modal(gov):
                return None  # "did not deny", "may reject"
            return gov
        if t.dep_ not in ("ccomp", "conj", "acl") or t.head.i == t.i:
            return None
        t = gov
    return None


def is_modal_or_negated(tok: Token) -> bool:
    if _is_irrealis(tok):
        return True
    if tok.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in _W("events", "negative_determiners") for c in tok.children
    ):
        return True  # "no precision air strikes or shots fired"
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in MODALS):
            return True
        if c.dep_ == "advmod" and c.lower_ in _W("events", "hedge_adverbs"):
            return True
    if tok.dep_ in ("csubj", "csubjpass") or tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass"):
        # "Capturing the city would give Russia its first gain", "The fall of Goma would be a blow": a happening
        # told as the subject of a modal clause is only supposed
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in tok.head.children):
            return True
    # "could isolate Kabul ... and possibly overrun it": a conjunct inherits the modal; not a clause of its own told
    # in the past ("the truck did not stop and then it exploded")
    if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and not _own_past_clause(tok):
        return is_modal_or_negated(tok.head)
    # a subjunctive under a verb of proposing or demanding: "proposed that the United States take over Gaza",
    # "demanded that Russia withdraw its troops from Y" (the bare verb of a clause told as a wish, not a happening;
    # the tagger reads it as a present after a plural subject)
    if tok.dep_ == "ccomp" and tok.tag_ in ("VB", "VBP") and tok.head.lemma_ in _W("events", "mandative_verbs"):
        return True
    # infinitive under a want/threaten/plan verb: not a happening; but talks attempted are under way
    if tok.dep_ == "xcomp" and tok.head.lemma_ in _W("events", "intent_verbs"):
        return not (tok.lemma_ in _W("events", "attempted_talk_verbs") and attempted(tok))
    to = next((c for c in tok.children if c.lower_ == "to" and c.dep_ == "aux"), None)
    if to is not None and (
        tok.dep_ == "advcl"
        and not _ranked_relative(tok)
        or tok.dep_ in ("acl", "relcl")
        # the noun right before "to" where the parse hung the clause higher ("the start of operations to retake Y")
        and (tok.head.lemma_ in _PURPOSE_NOUNS or to.i > 0 and tok.doc[to.i - 1].lemma_ in _PURPOSE_NOUNS)
    ):
        # a purpose: "a raid to capture a Taliban leader", "in order to detain"; but people who gathered or marched
        # "to protest" protested: the gathering is the protest ("hundreds gathered in Kabul to protest ...")
        return not (
            tok.dep_ == "advcl"
            and tok.lemma_ in _W("events", "protest_verbs")
            and tok.head.lemma_ in _W("events", "assembly_verbs")
            and not is_modal_or_negated(tok.head)
        )
    return False


_RANKS = lexicon.words("events", "series_ranks") | frozenset(lexicon.table("numbers", "ordinals"))


def _ranked_relative(tok: Token) -> bool:
    """ "Hama became the second city to fall to the rebels", "was the latest town to be taken": the infinitive after a
    copula's ranked complement is that noun's relative clause (it fell), not a purpose; the parse hangs it on the
    copula."""
    head = tok.head
    if tok.dep_ != "advcl" or head.lemma_ not in _W("events", "ranked_copulas"):
        return False
    attr = next((c for c in head.children if c.dep_ in ("attr", "oprd") and c.i < tok.i), None)
    return attr is not None and any(
        m.dep_ in ("amod", "nummod") and (m.lower_ in _RANKS or m.ent_type_ == "ORDINAL") for m in attr.children
    )


def _own_past_clause(tok: Token) -> bool:
    """``tok`` is a past-tense verb with a subject of its own: a clause asserted by itself."""
    return tok.tag_ == "VBD" and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children)


def attempted(tok: Token) -> bool:
    """Is ``tok`` (a verb, or a noun through the verb it is the object of) the infinitive of an attempt told as
    under way or made ("elders are trying to negotiate the release", "mediators were working to broker a
    ceasefire", "tried to mediate"), the attempt itself neither modal nor negated nor planned?"""
    v = tok.head if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "obj") else tok
    if v.dep_ != "xcomp" or v.head.i == v.i:
        return False
    head = v.head
    if head.lemma_ not in _W("events", "attempt_verbs"):
        return False
    if any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in MODALS for c in head.children):
        return False
    return head.tag_ != "VB" and not _is_irrealis(head)


def committed(tok: Token) -> bool:
    """Is ``tok`` (a change of control) what a party agreed, pledged or offered to do rather than a happening
    ("rebels agreed to withdraw from Goma", "separatists agreed on Monday to hand over Aden", "offered to surrender
    the town", "was ready to pull out", "agreed that Kurdish fighters would leave Manbij")? The change has not
    happened; a deal between parties is the Agreement the event stage reads from its verb (the Agreement frame's
    "agree withdraw", "agree leave", ...)."""
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i and t.head.pos_ in ("VERB", "AUX"):
        t = t.head  # "agreed to withdraw and hand over the town": the first verb carries the infinitive's head
    if t.dep_ not in ("xcomp", "ccomp") or t.head.i == t.i:
        return False
    head = t.head
    if head.lemma_ in _W("events", "commitment_verbs"):
        return True
    return head.lower_ in _W("events", "commitment_adjectives") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in t.children
    )
