"""Forecasts: statements about the future with who made them, horizon and deadline.

Reads: the spaCy Doc, ``Article.times`` (durations such as "within 30 days"),
``Article.places``, the actor index. Writes: ``Article.forecasts``.

A forecast is a clause with a modal or future marker ("could", "will",
"is expected to", "possibly") whose verb carries a horizon ("within 30 days",
"by September", or a bare span: "in as little as 90 days"). The forecaster is
the subject of the reporting verb that governs it ("US defence officials have
said ..."); "it" is resolved to the most recent place. Not forecasts: a plain
"will" that no predicting verb reports (announcements), verbs of agenda and
logistics, and the plans of "I", "we" and "you" (vocabulary in
``sitroom/data/lexicon/forecasts.yaml``).
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache
from types import SimpleNamespace

from spacy.tokens import Doc, Token

from sitroom.extract import lexicon
from sitroom.extract.certainty import np_text, sentence_attribution
from sitroom.extract.nlp import span_text
from sitroom.extract.speakers import turn_label
from sitroom.extract.targets import target_forecasts
from sitroom.model import Article, Certainty, Forecast

_DURATION = re.compile(r"^P(\d+(?:\.\d+)?|X)([DWMY])$")


@lru_cache(maxsize=1)
def vocabulary() -> SimpleNamespace:
    """The lexicon's ``forecasts`` file (modals, announcing and scheduling verbs, planners, duration units) and the
    reporting verbs tagged ``forecast`` (the predicting ones)."""
    w = lambda section: frozenset(x.lower() for x in lexicon.words("forecasts", section))  # noqa: E731
    return SimpleNamespace(
        possible=w("possible"),
        likely=w("likely"),
        future=w("future"),
        predicting=lexicon.tagged("reporting", "verbs", "forecast"),
        announcing=w("announcing"),
        scheduling=w("scheduling"),
        planners=w("planners"),
        units={str(k): int(v) for k, v in lexicon.table("forecasts", "units").items()},
        vague_count=int(lexicon.table("forecasts", "vague").get("count", 3)),
    )


def _modality(verb: Token) -> tuple[str | None, bool]:
    """(modality, epistemic): "possible" or "likely" from the verb's modals and adverbs (or a governing "expected
    to" / "likely to"); epistemic is False when the only marker is a plain future ("will")."""
    v = vocabulary()
    found, epistemic = None, False
    chain = [verb]
    if verb.dep_ == "conj":
        chain.append(verb.head)
    for t in chain:
        for c in t.children:
            w = c.lower_
            if c.dep_ in ("aux", "advmod") and w in v.possible:
                return "possible", True
            if c.dep_ in ("aux", "advmod") and w in v.likely:
                found, epistemic = "likely", True
            elif c.dep_ in ("aux", "advmod") and w in v.future:
                found = found or "likely"
        # "is expected to fall", "is likely to fall": the marker governs the verb
        if t.dep_ == "xcomp" and (t.head.lower_ in v.likely or t.head.lemma_.lower() in v.likely | {"expect"}):
            found, epistemic = "likely", True
    return found, epistemic


def _reporter(verb: Token) -> tuple[Token | None, Token | None]:
    """The reporting verb that governs ``verb`` (up through conj/xcomp/ccomp) and its subject."""
    t = verb
    while t.dep_ in ("conj", "xcomp", "ccomp") and t.head.i != t.i:
        t = t.head
        if t.lemma_.lower() in vocabulary().predicting:
            return t, next((c for c in t.children if c.dep_ == "nsubj" and not turn_label(c)), None)
    return None, None


def _horizon_days(tv, made_on) -> tuple[int | None, object]:
    """(days, deadline) of a time value as a horizon from ``made_on``: its latest day when anchored ("within 30
    days", "by September"), else the span of a bare duration ("in as little as 90 days", "in a month")."""
    if tv.latest and tv.latest > made_on:
        return (tv.latest - made_on).days, tv.latest
    m = _DURATION.match(str(tv.value or ""))
    if tv.type == "DURATION" and m:
        n = vocabulary().vague_count if m.group(1) == "X" else float(m.group(1))  # "within weeks": a few
        days = round(n * vocabulary().units.get(m.group(2), 0))
        if days > 0:
            return days, made_on + timedelta(days=days)
    return None, None


def _what(verb: Token, obj: Token | None, obj_text: str, times: list[tuple[int, int]]) -> str:
    """The predicted action: the verb with its particle and object, or, with no object, its first prepositional
    phrase that is not the horizon ("come under pressure", "fall to the Taliban")."""
    prt = " ".join(c.text for c in verb.children if c.dep_ == "prt")
    head = f"{verb.lemma_} {prt}".strip()
    if obj is not None:
        return f"{head} {obj_text}".strip()
    for c in verb.children:
        start, end = c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)
        if c.dep_ == "prep" and c.i > verb.i and not any(s < end and start < e for s, e in times):
            words = " ".join(t.text for t in c.subtree)
            if len(words.split()) <= 8:
                return f"{head} {words}".strip()
            break
    return head


def find_forecasts(article: Article, doc: Doc, index) -> list[Forecast]:
    out: list[Forecast] = []
    if article.published is None:
        return out
    voc = vocabulary()
    kinds = {a.id: a.kind for a in article.actors}
    seen: set[tuple[int, int]] = set()
    times = [(t.span.start, t.span.end) for t in article.times if t.span is not None]
    for tv in article.times:
        if tv.span is None or tv.type != "DURATION" and not (tv.earliest and tv.earliest > article.published):
            continue
        span = doc.char_span(tv.span.start, tv.span.end, alignment_mode="expand")
        if span is None:
            continue
        # the verb the horizon attaches to
        verb = span.root
        while verb.pos_ not in ("VERB",) and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ != "VERB" or verb.lemma_.lower() in voc.scheduling:
            continue  # agenda and logistics ("will travel on Tuesday") are plans, not forecasts
        modality, epistemic = _modality(verb)
        if modality is None:
            continue
        if span_text(span.sent).rstrip().endswith("?"):
            continue  # a question asks about the future, it does not predict it
        if any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children) and verb.tag_ == "VBN":
            continue  # "could have happened": a past possibility, not a forecast
        report_verb, reporter = _reporter(verb)
        if not epistemic and (report_verb is None or any(c.dep_ == "neg" for c in report_verb.children)):
            continue  # a plain "will" nobody predicts: an announcement ("the flag will be flown until ...")
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None and verb.dep_ == "conj":
            subj = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.lower_ in voc.planners:
            continue  # "we will ...", "you could ...": the speaker's own plans and options
        if (
            not epistemic
            and subj is not None
            and subj.pos_ == "PRON"
            and report_verb is not None
            and report_verb.lemma_.lower() in voc.announcing
        ):
            continue  # "the EU said it will impose ...": a party announcing its own plan
        horizon, deadline = _horizon_days(tv, article.published)
        if horizon is None:
            continue  # a forecast has a horizon, stated or implied by a span
        if (verb.i, span.start) in seen:
            continue
        seen.add((verb.i, span.start))
        actor = (
            index.first_in(subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text))
            if subj is not None
            else None
        )
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
        target = None
        obj_text = ""
        if obj is not None:
            if obj.lower_ in ("it", "them"):
                prev = [p for p in article.places if p.mention.end <= obj.idx and p.role not in ("demonym", "dateline")]
                target = prev[-1] if prev else None
                obj_text = target.name if target else obj.text
            else:
                target = next(
                    (
                        p
                        for p in article.places
                        if obj.left_edge.idx <= p.mention.start <= obj.right_edge.idx and p.role != "demonym"
                    ),
                    None,
                )
                obj_text = np_text(obj)
        if target is None and subj is not None:  # "Kabul could come under pressure": the place is the subject
            target = next(
                (
                    p
                    for p in article.places
                    if subj.left_edge.idx <= p.mention.start <= subj.right_edge.idx
                    and p.role not in ("demonym", "dateline")
                ),
                None,
            )
        by = " ".join(np_text(reporter).split()) if reporter is not None else (article.outlet or "the outlet")
        att, _ = sentence_attribution(span.sent, index, kinds)
        out.append(
            Forecast(
                id=f"f{len(out) + 1}",
                by=by,
                actor=actor,
                what=_what(verb, obj, obj_text, times),
                target=target.id if target else None,
                modality=modality,
                horizon_days=horizon,
                deadline=deadline,
                made_on=article.published,
                evidence=[article.span(span.sent.start_char, span.sent.end_char)],
                attribution=att,
                certainty=Certainty.REPORTED,
            )
        )
    targeted = {(f.target, f.evidence[0].start) for f in out}
    out += [
        f
        for f in target_forecasts(article, doc, index, len(out) + 1)
        if (f.target, f.evidence[0].start) not in targeted
    ]
    return out
