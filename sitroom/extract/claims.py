"""Checkable statements: numeric claims, assertions by parties, standing control.

Reads: the spaCy Doc, ``Article.places``, ``Article.times``, the actor index.
Writes: ``Article.claims`` and ``Article.control``.

Numeric claims: distances ("150 kilometres (95 miles) from the capital, Kabul"),
ordinals of a series ("the tenth provincial capital to fall ... in the past
week"), shares ("more than a quarter of provincial capitals"), populations
("an estimated 180,000 inhabitants") and counts of held units ("two of Ghazni's
police districts"). Assertions: a party posts/claims something ("posted videos
... purporting to show"). Control: "X were (still said to be) in control of Y",
"X had been holding Y since Z", "X control(s) Y".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitroom.extract import lexicon
from sitroom.extract.certainty import sentence_attribution
from sitroom.extract.event_args import anaphor_place, antecedent
from sitroom.extract.nlp import parsed, span_text
from sitroom.model import Article, Certainty, Claim, ControlStatus, Place, TimeValue

_NUMBER_WORDS = {
    **lexicon.table("numbers", "cardinals"),
    **lexicon.table("numbers", "tens"),
    **lexicon.table("numbers", "dozen"),
    "hundred": lexicon.table("numbers", "scales")["hundred"],
}
_ORDINALS = lexicon.table("numbers", "ordinals")
_FRACTIONS = lexicon.table("numbers", "fractions")
_UNITS = {
    "km": "km",
    "kilometres": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometer": "km",
    "miles": "mi",
    "mile": "mi",
}

_NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_DIST_RE = re.compile(
    _NUM
    + r"\s*(km|kilomet(?:re|er)s?|miles?)\b(?:\s*\((?:about\s+)?"
    + _NUM
    + r"\s*(km|kilomet(?:re|er)s?|miles?)\))?(?P<tail>[^.;]{0,60}?\bfrom\s+(?:the\s+)?(?:capital,?\s+)?)?",
    re.I,
)
# a population: "a city of 180,000 inhabitants", "home to 2 million people", "a population of 300,000" -- not a
# count of people ("the evacuation of 37,000 people", "a business with 100 people", "they had about 20,000 people")
_APPROX = r"(?:an estimated\s+|about\s+|around\s+|some\s+|nearly\s+|more than\s+|roughly\s+|almost\s+)?"
_POP_RE = re.compile(
    r"\b(?:(?:has|had|of|with)\s+" + _APPROX + _NUM + r"\s+(?:inhabitants|residents)\b"
    r"|home to\s+" + _APPROX + _NUM + r"\s+(?:inhabitants|residents|people)\b"
    r"|population of\s+" + _APPROX + _NUM + r"(?!\s*(?:%|percent|per cent)))",
    re.I,
)
_ORD_RE = re.compile(
    r"\bthe\s+("
    + "|".join(_ORDINALS)
    + r")\s+((?:[a-z-]+\s+){0,2}(?:capital|city|cities|town|district|province)s?)\s+to\s+(fall|be (?:captured|seized|taken))",
    re.I,
)
_SHARE_RE = re.compile(
    r"\b(more than|less than|over|nearly|almost|about|at least)?\s*("
    + "|".join(sorted(_FRACTIONS, key=len, reverse=True))
    + r")\s+of\s+(?:the\s+)?([a-z]+(?:\s+[a-z]+)?)",
    re.I,
)
_COUNT_OF_RE = re.compile(
    r"\b("
    + "|".join(_NUMBER_WORDS)
    + r"|\d+)\s+of\s+(?:(?:the|its|their)\s+(?:(?P<total>"
    + "|".join(_NUMBER_WORDS)
    + r"|\d+)\s+)?)?([A-Z][\w-]*(?:'s|\u2019s)?\s+)?((?:[a-z]+\s+)?(?:districts?|provinces?|capitals?|cities|towns|villages|checkpoints|bases))",
    re.I,
)
# a series of takeovers counted: "have captured four key cities in a week", "seized 11 towns since Monday"
_TAKEN_RE = re.compile(
    r"\b(?:"
    + "|".join(lexicon.ordered("control", "claim_taken_forms"))
    + r")\s+(?:control\s+of\s+)?("
    + "|".join(_NUMBER_WORDS)
    + r"|\d+)\s+((?:[a-z-]+\s+){0,2}(?:"
    + "|".join(lexicon.ordered("control", "claim_taken_units"))
    + r"))\b",
    re.I,
)
# verbs whose subject holds the places a count names ("the RSF now holds four of the five state capitals")
_HOLDING = lexicon.words("control", "claim_holding_verbs")
ASSERT_VERBS = lexicon.words("reporting", "assert_verbs")
# the patterns a claim is read from: a sentence matching one is parsed in full (sitroom.extract.triage)
PATTERNS = (_DIST_RE, _POP_RE, _ORD_RE, _SHARE_RE, _COUNT_OF_RE, _TAKEN_RE)
_COMPARATORS = {
    "more than": ">",
    "over": ">",
    "less than": "<",
    "nearly": "~",
    "almost": "~",
    "about": "~",
    "at least": ">=",
}


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _place_near(article: Article, start: int, end: int, kinds: tuple[str, ...] | None = None) -> Place | None:
    for p in article.places:
        if (
            start <= p.mention.start < end
            and p.role not in ("demonym", "dateline")
            and (kinds is None or p.kind in kinds)
        ):
            return p
    return None


def _sentence_subject_place(article: Article, sent) -> Place | None:
    for t in sent:
        if t.dep_ in ("nsubj", "nsubjpass"):
            for p in article.places:
                if t.left_edge.idx <= p.mention.start <= t.right_edge.idx and p.role not in ("demonym", "dateline"):
                    return p
            p = anaphor_place(article, t.lower_, t.idx, _event_places(article))
            if p is not None:
                return p
    return None


def find_claims(article: Article, doc: Doc, index) -> tuple[list[Claim], list[ControlStatus]]:
    claims: list[Claim] = []
    control: list[ControlStatus] = []
    kinds = {a.id: a.kind for a in article.actors}

    def add(**kw) -> Claim:
        c = Claim(id=f"c{len(claims) + 1}", **kw)
        claims.append(c)
        return c

    event_places: list[Place] | None = None
    for sent in doc.sents:
        st = span_text(sent)
        if not st.strip() or not parsed(sent):
            continue  # an unparsed sentence matches no claim pattern (sitroom.extract.triage parses those)
        att, cert = sentence_attribution(sent, index, kinds)
        ev = [article.span(sent.start_char, sent.end_char)]
        put = partial(add, evidence=ev, attribution=att, certainty=cert)
        _distance_claims(article, sent, put)
        _population_claims(article, sent, put)
        _ordinal_claims(article, sent, index, put)
        _share_claims(article, sent, index, put)
        _taken_claims(article, sent, index, put)
        _count_of_claims(article, sent, index, put)
        _assertions(article, sent, index, add, ev, att, cert)
        if event_places is None:  # the events are fixed while claims are read: their places are found once
            event_places = _event_places(article)
        control += _control(article, sent, index, len(control), ev, att, cert, event_places)
    return claims, control


def _distance_claims(article: Article, sent: SpacySpan, put: Callable[..., Claim]) -> None:
    st, base = span_text(sent), sent.start_char
    for m in _DIST_RE.finditer(st):
        if not m.group("tail"):
            continue
        s0, e0 = base + m.start(), base + m.end()
        to = _place_near(article, e0, min(sent.end_char, e0 + 40))
        frm = _place_near(article, sent.start_char, s0, ("city", "district", "province")) or _sentence_subject_place(
            article, sent
        )
        put(
            kind="distance",
            what=f"distance {frm.name if frm else '?'} to {to.name if to else '?'}",
            value=_num(m.group(1)),
            unit=_UNITS[m.group(2).lower()],
            subject=frm.id if frm else None,
            related=to.id if to else None,
            also_stated=f"{m.group(3)} {m.group(4)}" if m.group(3) else None,
        )


def _population_claims(article: Article, sent: SpacySpan, put: Callable[..., Claim]) -> None:
    st, base = span_text(sent), sent.start_char
    for m in _POP_RE.finditer(st):
        subj = _place_near(
            article, base, base + m.start(), ("city", "district", "province", "country")
        ) or _sentence_subject_place(article, sent)
        if subj is None:
            continue  # a population of no place is no claim anyone can check
        num = next(g for g in m.groups() if g)
        put(
            kind="population",
            what=f"population of {subj.name}",
            value=_num(num),
            unit="inhabitants",
            comparator="~" if "estimated" in m.group(0) or "about" in m.group(0) else "=",
            subject=subj.id if subj else None,
        )


def _ordinal_claims(article: Article, sent: SpacySpan, index, put: Callable[..., Claim]) -> None:
    st, base = span_text(sent), sent.start_char
    for m in _ORD_RE.finditer(st):
        window = _window(article, base + m.end(), sent.end_char)
        noun = m.group(2).strip()
        if not noun.endswith("s"):
            noun = noun + "s" if not noun.endswith("y") else noun[:-1] + "ies"
        actor = index.first_in(base + m.end(), sent.end_char) if index else None
        subj = _sentence_subject_place(article, sent)
        put(
            kind="count",
            what=f"{noun} fallen" + (f" in {window.text}" if window else ""),
            value=float(_ORDINALS[m.group(1).lower()]),
            comparator="=",
            subject=subj.id if subj else None,
            actor=actor,
            window=window,
        )


def _share_claims(article: Article, sent: SpacySpan, index, put: Callable[..., Claim]) -> None:
    st, base = span_text(sent), sent.start_char
    for m in _SHARE_RE.finditer(st):
        frac = _FRACTIONS[m.group(2).lower()]
        actor = None
        for t in sent:
            if t.dep_ == "nsubj" and t.head.lemma_ in ("control", "hold", "take", "capture", "seize"):
                actor = index.first_in(t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text)) if index else None
        region = _place_near(article, base + m.end(), sent.end_char, ("country", "province"))
        put(
            kind="share",
            what=f"share of {m.group(3)}"
            + (f" in {region.name}" if region else "")
            + (" held by " + actor if actor else ""),
            value=frac,
            comparator=_COMPARATORS.get((m.group(1) or "").lower(), "="),
            actor=actor,
            subject=region.id if region else None,
        )


def _taken_claims(article: Article, sent: SpacySpan, index, put: Callable[..., Claim]) -> None:
    st, base = span_text(sent), sent.start_char
    for m in _TAKEN_RE.finditer(st):
        n = m.group(1).lower()
        window = _window(article, base + m.end(), sent.end_char)
        subj = next((t for t in sent if t.dep_ == "nsubj" and t.idx < base + m.start()), None)
        actor = (
            index.first_in(subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text))
            if index and subj is not None
            else None
        )
        put(
            kind="count",
            what=f"{m.group(2).strip()} taken" + (f" in {window.text}" if window else ""),
            value=float(_NUMBER_WORDS.get(n, n if n.isdigit() else 0)),
            comparator="=",
            actor=actor,
            window=window,
        )


def _count_of_claims(article: Article, sent: SpacySpan, index, put: Callable[..., Claim]) -> None:
    st, base = span_text(sent), sent.start_char
    for m in _COUNT_OF_RE.finditer(st):
        n = m.group(1).lower()
        value = float(_NUMBER_WORDS.get(n, n if n.isdigit() else 0))
        owner = _place_near(article, base + m.start(), sent.end_char)
        total = (m.group("total") or "").lower()
        holder = next(
            (t for t in sent if t.dep_ == "nsubj" and t.head.lemma_ in _HOLDING and t.idx < base + m.start()),
            None,
        )
        put(
            actor=index.first_in(holder.left_edge.idx, holder.right_edge.idx + len(holder.right_edge.text))
            if index and holder is not None
            else None,
            kind="count",
            what=f"{m.group(4).strip()}"
            + (f" of {owner.name}" if owner else "")
            + (f" (of {_NUMBER_WORDS.get(total, total)})" if total else ""),
            value=value,
            subject=owner.id if owner else None,
        )


def _event_places(article: Article) -> list[Place]:
    return [p for p in (article.place(e.place) for e in article.events) if p is not None]


def _window(article: Article, start: int, end: int) -> TimeValue | None:
    for tv in article.times:
        if tv.span and start <= tv.span.start < end:
            return tv
    return None


def _assertions(article, sent, index, add, ev, att, cert) -> None:
    for t in sent:
        if t.lemma_ in ASSERT_VERBS and t.pos_ == "VERB":
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            actor = index.first_in(subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text))
            if actor is None:
                continue
            what = span_text(sent).strip()
            certainty = Certainty.UNVERIFIED if cert is Certainty.UNVERIFIED else Certainty.CLAIMED
            add(
                kind="assertion",
                what=what,
                actor=actor,
                evidence=ev,
                attribution=att.model_copy(update={"source": att.source or subj.text}),
                certainty=certainty,
            )
            return


HOLD_VERBS = lexicon.words("control", "claim_hold_verbs")  # "X control(s) Y", "X had been holding Y"


def _control(article: Article, sent, index, n0: int, ev, att, cert, salient: list[Place]) -> list[ControlStatus]:
    out: list[ControlStatus] = []
    for t in sent:
        controller_tok = None
        obj = None
        if t.lemma_ in HOLD_VERBS and t.pos_ == "VERB":
            controller_tok = next((c for c in t.children if c.dep_ == "nsubj"), None)
            obj = next((c for c in t.children if c.dep_ in ("dobj", "obj")), None)
            verb = t
        elif t.lower_ == "control" and t.pos_ == "NOUN" and t.head.lower_ == "in" and t.head.dep_ == "prep":
            # "X were in control of Y"
            verb = t.head.head
            controller_tok = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if controller_tok is None and verb.dep_ in ("xcomp", "ccomp", "conj"):
                controller_tok = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        else:
            continue
        if obj is not None and obj.lower_ in lexicon.words("events", "relative_pronouns"):
            obj = antecedent(obj)  # "Harib, which the army held": Harib
            if verb.dep_ == "relcl" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
                continue  # "the town of Harib, which the army had held since 2015": no longer held
        if controller_tok is None or obj is None:
            continue
        if any(c.dep_ == "neg" for c in verb.children) or any(
            x.lower_ in ("quarter", "half", "third", "percent", "%") for x in obj.subtree
        ):
            continue
        actor = index.first_in(
            controller_tok.left_edge.idx, controller_tok.right_edge.idx + len(controller_tok.right_edge.text)
        )
        if actor is None:
            continue
        place = None
        facility = None
        for x in obj.subtree:
            p = next(
                (
                    p
                    for p in article.places
                    if p.mention.start <= x.idx < p.mention.end and p.role not in ("demonym", "dateline")
                ),
                None,
            )
            if p:
                place = p
                break
        if place is None:
            for x in obj.subtree:
                if x.dep_ == "poss":  # "the city's intelligence headquarters"
                    place = anaphor_place(article, x.lower_, x.idx, salient)
                    if place is not None:
                        break
        words = [
            w
            for w in obj.subtree
            if w.dep_ not in ("det", "punct", "poss", "case", "nummod") and not (w.i < obj.i and w.dep_ == "prep")
        ]
        words = [w for w in words if not (place and place.mention.start <= w.idx < place.mention.end)]
        head_words = [w for w in words if w.i <= obj.i and w.head.i >= obj.i or w is obj]
        facility = " ".join(w.text for w in sorted(head_words, key=lambda w: w.i)).strip() or None
        if facility and facility.lower() in ("city", "town", "province", "district", "control"):
            facility = None
        qty = None
        for w in obj.subtree:
            if w.lower_ in _NUMBER_WORDS and w.dep_ in ("nummod",) or (w.lower_ in _NUMBER_WORDS and w.i == obj.i):
                qty = _NUMBER_WORDS[w.lower_]
        if obj.lower_ in _NUMBER_WORDS:
            qty = _NUMBER_WORDS[obj.lower_]
            of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if inner is not None:
                facility = " ".join(
                    w.text
                    for w in inner.subtree
                    if w.dep_ not in ("poss", "case", "det")
                    and not (place and place.mention.start <= w.idx < place.mention.end)
                ).strip()
        since = None
        for tv in article.times:
            if tv.span and sent.start_char <= tv.span.start < sent.end_char:
                pre = article.text[max(sent.start_char, tv.span.start - 16) : tv.span.start].lower()
                if "since" in pre or tv.text.lower().startswith("since"):
                    since = tv
        if any(o.controller == actor and o.place == (place and place.id) and o.facility == facility for o in out):
            continue  # "still control Jilib, which they hold": one status
        out.append(
            ControlStatus(
                id=f"k{n0 + len(out) + 1}",
                controller=actor,
                place=place.id if place else None,
                facility=facility,
                status="held",
                since=since,
                quantity=qty,
                evidence=ev,
                attribution=att,
                certainty=cert,
            )
        )
    return out
