"""A denial told of a claim told before (issue 13, "control that weighs evidence"): "The RSF said it had captured
Zalingei. The army denied the claim." / "... denied it" / "dismissed the reports". A sentence whose verb of denial
(``control_denial_verbs``) takes as object a pronoun or a noun for what was said (``control_denied_nouns``), with no
clause of its own, denies the changes of hands claimed in the sentence or two before it: each gets a report of its
own, certainty ``denied``, attributed to the denier, so the situation layer shows the place contested. A denial with
its own clause ("denied that the rebels had captured Y") is read by the event stage (:func:`irrealis.denied_by`).

Reads: the events read so far, the parse. Writes: new events (the caller numbers them)."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.certainty import np_text
from sitroom.extract.control_sides import TAKEOVER
from sitroom.extract.irrealis import is_modal_or_negated
from sitroom.model import Attribution, Certainty, Event

_W = lexicon.words
_BACK = 2  # sentences before the denial that its object may point to


def denier(verb: Token) -> Attribution:
    """Who denies, with what verb: "the army denied ..." (the verb's subject; none named, none)."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return Attribution(source=np_text(subj) if subj is not None else None, cue=verb.lemma_)


def claimant(verb: Token) -> Attribution | None:
    """Who claims a change by claiming control itself ("the army declared full control over Aleppo", "the rebels
    claimed control of Kidal": a verb of ``control_claim_verbs`` whose object is control), with what verb; None for
    any other verb."""
    if verb.lemma_ not in _W("control", "control_claim_verbs"):
        return None
    if not any(c.dep_ in ("dobj", "obj") and c.lemma_ in _W("control", "control_hold_nouns") for c in verb.children):
        return None
    return denier(verb)


def _denial_verb(sent: SpacySpan) -> Token | None:
    """The verb of denial of ``sent`` whose object is what was said before ("denied the claim", "denied it")."""
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_ not in _W("control", "control_denial_verbs"):
            continue
        if any(c.dep_ in ("ccomp", "xcomp") for c in tok.children) or is_modal_or_negated(tok):
            continue  # "denied that ..." (read as the clause's own denial), "did not deny it"
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
        if obj is None or any(c.dep_ in ("acl", "relcl", "ccomp") for c in obj.children):
            continue  # "rejected claims that ...": the clause's own
        if obj.lower_ in _W("control", "control_denied_pronouns") or obj.lemma_ in _W(
            "control", "control_denied_nouns"
        ):
            return tok
    return None


def anaphoric_denials(sents: list[SpacySpan], events: list[Event], article) -> list[Event]:
    """The denials of earlier claimed changes that ``sents`` tell (see the module doc)."""
    out: list[Event] = []
    for k, sent in enumerate(sents):
        verb = _denial_verb(sent)
        if verb is None:
            continue
        lo = sents[max(0, k - _BACK)].start_char
        claimed = [
            e
            for e in events
            if e.sub_event_type in TAKEOVER
            and e.certainty is Certainty.CLAIMED
            and e.evidence
            and lo <= e.evidence[0].start < sent.start_char
        ]
        who = denier(verb)
        for e in claimed:
            d = e.model_copy(deep=True)
            d.certainty, d.attribution = Certainty.DENIED, who
            d.evidence = [article.span(sent.start_char, sent.end_char)]
            out.append(d)
    return out
