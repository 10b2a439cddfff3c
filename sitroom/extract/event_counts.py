"""How many people a happening killed, captured, wounded or abducted, as its clause states ("at least 5", "two more",
"the leader along with three of his associates", "them" counted by the group they refer back to). Read by
:mod:`sitroom.extract.event_build`."""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.extract import fatalities, lexicon
from sitroom.extract.counts import Quantity, is_definite, is_person, parse_quantity, person_class, quantity_of
from sitroom.extract.event_args import EventContext, child

_W = lexicon.words
COUNT_KEYS = {"kill": "killed", "arrest": "captured", "wound": "wounded", "abduct": "abducted"}


def _clause_tokens(trig: Token, patient: Token | None = None) -> list[Token]:
    """The trigger's clause without its subject or agent (who acted) and without coordinated or adverbial
    clauses (other happenings); the patient's phrase always."""
    out, stack = (
        [],
        [trig] + ([patient] if patient is not None and patient.i not in {t.i for t in trig.subtree} else []),
    )
    while stack:
        t = stack.pop()
        out.append(t)
        stack += [
            c
            for c in t.children
            if not (c.dep_ in ("conj", "advcl", "ccomp", "parataxis") and c.pos_ in ("VERB", "AUX"))
            and not (t is trig and c.dep_ in ("nsubj", "agent"))
        ]
    return out


def _antecedent_quantity(ctx: EventContext, patient: Token) -> Quantity | None:
    """ "them" / "the insurgents": the count of the group they refer back to, the last counted plural of people
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


def victim_counts(ctx: EventContext, action: str, trig: Token, patient: Token | None) -> dict[str, str]:
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
                o = child(w, "pobj") if w is not None else None
                extra = quantity_of(o) if o is not None else None
                if extra is not None:
                    low = (q.low if q else 0) + extra.low
                    exact = (q.exact if q else False) and extra.exact
                    q = Quantity(str(low) if exact else f"at least {low}", low, exact, q.additional if q else False)
    if q is None or not fatalities.plausible(q, patient):
        return {}
    also = any(c.dep_ == "advmod" and c.lower_ in _W("events", "also_adverbs") for c in trig.children)
    also = also or any(
        c.dep_ == "prep" and c.lower_ == "in" and any(g.lower_ == "addition" for g in c.children) for c in trig.children
    )
    text = q.text
    # a new group beside one already told: "a Taliban leader was captured ... two suspected insurgents were detained"
    classes = {person_class(t) for t in (patient, *patient.conjuncts)}
    before = {c for k, cs in ctx.told if k == key for c in cs}
    distinct = bool(before) and not (classes & before) and not is_definite(patient)
    ctx.told.append((key, classes))
    if q.additional or (also and q.exact) or distinct:
        text = f"{text} more"
    return {key: text}
