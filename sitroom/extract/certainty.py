"""Attribution and epistemic status of one sentence (for the facts read in it: events, control, claims, forecasts).

Reads: a spaCy sentence span, the :class:`~sitroom.extract.actors.ActorIndex`.
Returns: :class:`~sitroom.model.Attribution` (who the outlet says said it, and
the outlet that relayed it) and :class:`~sitroom.model.Certainty`.

Cues: "according to X", "X told (the) Y (news agency)", "X said", "said X",
"X claimed", "X denied", "reportedly", "are reported to", "said to be",
"purporting", "could not be verified". The attribution records with source, cue and content spans are
:mod:`sitroom.extract.attribution`'s.
"""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.extract.nlp import span_text
from sitroom.extract.speakers import reporting_subject, turn_label
from sitroom.model import Attribution, Certainty

REPORTING = lexicon.tagged("reporting", "verbs", "attribution")
PARTY_KINDS = {"non-state-armed", "government", "state-forces", "state", "intl-forces", "intl-org"}

_HEDGED = lexicon.phrases("reporting", "hedge_phrases")
_UNVERIFIED = lexicon.phrases("reporting", "unverified_phrases")
_DENIED = lexicon.phrases("reporting", "denial_phrases")
_REPORTED = lexicon.phrases("reporting", "reported_phrases")
_ACCORDING = re.compile(r"\baccording to (?:the |a |an )?([^,.;:\u2014\u2013()\"]+)", re.I)
_ANON = lexicon.words("reporting", "anonymous_heads")


def np_text(tok: Token) -> str:
    """The noun phrase of ``tok`` without trailing relative clauses and appositions."""
    label = [t for c in tok.children if turn_label(c) for t in c.subtree]  # "Q   But officials": not "Q"
    keep = [t for t in tok.subtree if (t.dep_ not in ("relcl", "appos", "acl", "punct") or t is tok) and t not in label]
    left = min(t.i for t in keep)
    right = tok.i
    for t in tok.subtree:
        if (
            t.i > tok.i
            and t.dep_ in ("compound", "amod", "nummod", "poss", "case", "prep", "pobj", "flat")
            and t.head.i >= tok.i
        ):
            right = max(right, t.i)
    span = tok.doc[left : right + 1]
    return span.text.strip(" ,")


def _is_anonymous(tok: Token) -> bool:
    has_name = any(
        t.ent_type_ == "PERSON" or (t.pos_ == "PROPN" and t.dep_ in ("compound", "appos", "flat")) for t in tok.subtree
    )
    return tok.lower_ in _ANON and not has_name or tok.lower_ in ("source", "sources")


def sentence_attribution(sent: SpacySpan, index, actor_kinds: dict[str, str]) -> tuple[Attribution, Certainty]:
    """Attribution and certainty for facts read from ``sent``."""
    text = span_text(sent)
    att = Attribution()
    certainty = Certainty.REPORTED
    m = _ACCORDING.search(text)
    if m:
        src = m.group(1).strip()
        start = sent.start_char + m.start(1)
        outlet = index.outlet_in(start, start + len(src)) if index else None
        if outlet and len(src.split()) <= 4:
            att = Attribution(outlet=outlet, cue="according to")
        else:
            att = Attribution(
                source=src,
                anonymous=bool(re.search(r"\bsources?\b|\bofficials\b", src, re.I))
                and not re.search(r"[A-Z][a-z]+ [A-Z]", src),
                cue="according to",
            )
    else:
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX") or tok.lemma_ not in REPORTING:
                continue
            # "are reported to": no source; a transcript's "Q" the parse made a subject is none either
            subj = reporting_subject(tok)
            if subj is None or subj.lower_ in ("it", "this", "that", "which", "who"):
                continue
            outlet = None
            for c in tok.children:
                if c.dep_ in ("dobj", "dative", "iobj", "obj") or (c.dep_ == "prep" and c.lower_ == "to"):
                    target = c if c.dep_ != "prep" else next((g for g in c.children if g.dep_ == "pobj"), None)
                    if target is not None:
                        outlet = (
                            index.outlet_in(target.left_edge.idx, target.right_edge.idx + len(target.right_edge.text))
                            if index
                            else None
                        )
                        if outlet:
                            break
            subj_start, subj_end = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text)
            if index and index.is_outlet(subj_start, subj_end):
                att = Attribution(outlet=index.outlet_in(subj_start, subj_end), cue=tok.lemma_)
                break
            att = Attribution(source=np_text(subj), anonymous=_is_anonymous(subj), outlet=outlet, cue=tok.lemma_)
            actor = index.first_in(subj_start, subj_end) if index else None
            if tok.lemma_ == "deny":
                certainty = Certainty.DENIED
            elif (
                actor
                and actor_kinds.get(actor) in PARTY_KINDS
                and tok.lemma_ in lexicon.words("reporting", "party_claim_verbs")
            ):
                certainty = Certainty.CLAIMED
            break
    if _UNVERIFIED.search(text):
        certainty = Certainty.UNVERIFIED
    elif _HEDGED.search(text):
        certainty = Certainty.HEDGED
    elif certainty is Certainty.REPORTED and _DENIED.search(text) and att.cue == "deny":
        certainty = Certainty.DENIED
    if _REPORTED.search(text) and att.cue is None:
        att = Attribution(cue="reported")
    return att, certainty
