"""The arguments of an event trigger: the event stage's context, and the phrase readers that find a phrase's
places (the token, "city of X", "capital of X", "the city" told before), its actor, a verb's subject, object and
prepositional objects, the people it was done to, and the facilities it names.

Split out of :mod:`sitroom.extract.events` (same behaviour); :mod:`sitroom.extract.control` reaches these readers
only through ``ctx.grammar`` (:class:`sitroom.extract.events.Grammar`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token

from sitroom.extract import lexicon
from sitroom.extract.actors import capital_actor
from sitroom.extract.backers import backer_ranges
from sitroom.extract.counts import QUANT_HEADS, is_person
from sitroom.extract.event_context import ContextMarks
from sitroom.extract.event_time import list_item as _list_item
from sitroom.extract.nlp import span_head
from sitroom.extract.segment import LIST_ITEM_RE
from sitroom.model import Article, Place, TimeValue

# the changes of control an event trigger may tell (:mod:`sitroom.extract.control` reads their frames)


CAPTURE = "capture"


REGAIN = "regain"


SURRENDER = "surrender"


ADVANCE = "advance"  # an armed actor reaches, surrounds or closes on a place: no fighting or takeover told


ARMED_KINDS = lexicon.words("events", "armed_kinds")


ADVANCE_PREPS = lexicon.ordered("control", "control_advance_preps")


FACILITY_NOUNS = lexicon.words("events", "facility_nouns")


PLACE_NOUNS = lexicon.words("events", "place_nouns")


_PLACE_ANAPHORS = lexicon.table("events", "place_anaphors")


_W = lexicon.words  # the event lexicon's word lists, read where a rule needs one


@dataclass
class EventContext:
    article: Article
    doc: Doc
    index: Any  # ActorIndex
    gaz: Any  # Gazetteer
    place_at: dict[int, Place]  # char offset -> place covering it
    actor_kinds: dict[str, str]
    list_items: list[tuple[int, int, TimeValue | None, Place | None]]
    salient: list[Place]  # event locations so far, in text order
    header_end: int = 0  # text before a dateline is headline
    told: list = field(default_factory=list)  # (count key, person class) of the counts read so far
    last_date: TimeValue | None = None  # the date of the last event read (the narrative's time)
    last_date_at: int = 0  # where the sentence of that event starts
    dateline_ids: set[str] = field(
        default_factory=set
    )  # places of a dateline that does not open the text ("... KABUL, Afghanistan (date)")
    grammar: Any = None  # events.Grammar: sitroom.extract.control reads phrases with the event stage's helpers
    anaphoric: set[int] = field(default_factory=set)  # id() of events told by "the attack" (subtypes.retype_anaphora)
    tolls: set[int] = field(default_factory=set)  # id() of events told by a verb of killing or wounding
    agentless: set[int] = field(default_factory=set)  # id() of those told with no one acting ("were killed")
    context: ContextMarks = field(default_factory=ContextMarks)  # the sentence's events told as context
    takeovers: list = field(default_factory=list)  # the changes of control read so far (sitroom.extract.control)
    datelines: list[tuple[int, int]] | None = None  # the dateline's character spans (in_dateline), made once


def side_kind(ctx: EventContext, aid: str | None) -> str | None:
    """The actor's kind as the event's type reads it: a pro-government militia (registry ``pro_government``) acts on
    the state's side (ACLED: government forces *or their affiliates* regain territory); its ACLED actor code stays a
    militia's (the event keeps the actor, :mod:`sitroom.extract.acled` codes it)."""
    if aid is None:
        return None
    return "state-forces" if pro_government(ctx, aid) else ctx.actor_kinds.get(aid)


def pro_government(ctx: EventContext, aid: str | None) -> bool:
    """Is the actor a militia on the state's side (registry ``pro_government``)?"""
    return aid is not None and bool(getattr(ctx.index.lex.actors.get(aid), "pro_government", False))  # type: ignore[attr-defined]


def is_facility(tok: Token) -> bool:
    return tok.lemma_ in FACILITY_NOUNS or tok.lower_ in FACILITY_NOUNS


def place_of_token(ctx: EventContext, tok: Token) -> Place | None:
    p = ctx.place_at.get(tok.idx)
    if p is not None and p.role not in ("demonym",):
        return p
    return None


def _capital_place(ctx: EventContext, p: Place, span_tok: Token) -> Place | None:
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
        id=f"p{max((int(q.id[1:]) for q in ctx.article.places if q.id[1:].isdigit()), default=0) + 1}",
        mention=p.mention,
        name=cap.name,
        kind=cap.kind,
        country=cap.country,
        lat=cap.lat,
        lon=cap.lon,
        gazetteer_id=cap.id,
        geonameid=cap.geonameid,
        admin=[*p.admin, p.name],
        role="derived",
        confidence=p.confidence,
    )
    ctx.article.places.append(new)
    return new


def anaphor_place(
    article: Article,
    noun: str,
    offset: int,
    salient: list[Place] | None = None,
    sent_start: int | None = None,
    argument: Any = None,
    before: Any = None,
) -> Place | None:
    """ "the city" / "the city's" at ``offset`` -> the place it refers back to.

    A place of the right kind named before it in its own sentence (which starts at ``sent_start``) as what its clause
    is about (``argument``: a subject or an object, not "troops flown in from Baghdad") is preferred ("Aleppo was
    divided for years until government troops recaptured the city"), then the subject of the sentence before
    (``before``: a place of that kind, or None: "Nasir has changed hands repeatedly. Government forces recaptured the
    town"), then an earlier event location of the right kind (the city the story is about), then the most recent
    place of that kind mentioned before.
    """
    kind = _PLACE_ANAPHORS.get(noun.lower())
    if kind is None:
        return None
    if sent_start is not None:
        here = [
            p
            for p in article.places
            if sent_start <= p.mention.start
            and p.mention.end <= offset
            and p.kind == kind
            and p.role not in ("dateline", "demonym")
            and (argument is None or argument(p))
        ]
        if here:
            return here[-1]
    topic = before(kind) if before is not None else None
    if topic is not None:
        return topic  # "Nasir has changed hands repeatedly. Government forces recaptured the town": its subject
    for p in reversed(salient or []):
        if p.kind == kind and p.mention.start < offset:
            return p
    best = None
    for p in article.places:
        if p.mention.end <= offset and p.kind == kind and p.role not in ("dateline", "demonym"):
            best = p
    return best


def _anaphor_place(ctx: EventContext, tok: Token) -> Place | None:
    if not any(c.lower_ == "the" for c in tok.children):
        return None
    _, head = _list_item(ctx, tok.idx)
    if head is not None and head.kind == _PLACE_ANAPHORS.get(tok.lower_):
        return head  # "Aug. 12 – Ghazni: ... seized the city": the item's own place
    return anaphor_place(
        ctx.article,
        tok.lower_,
        tok.idx,
        ctx.salient,
        tok.sent.start_char,
        lambda p: _clause_argument(ctx.doc, p),
        lambda kind: _previous_subject(ctx, tok, kind),
    )


def _previous_subject(ctx: EventContext, tok: Token, kind: str) -> Place | None:
    """The place of ``kind`` that is the subject of the main clause of the sentence before ``tok``'s, if any."""
    start = tok.sent.start
    if start == 0:
        return None
    prev = ctx.doc[start - 1].sent
    root = prev.root
    for c in root.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            # (or a town the gazetteer lacks that a change before made a place: "... the town of Nasir. Nasir has")
            p = place_of_token(ctx, c) or next(
                (q for q in ctx.article.places if q.role == "unlisted" and q.mention.text == c.text), None
            )
            if p is not None and p.kind == kind and p.role not in ("dateline", "demonym"):
                return p
    return None


def _clause_argument(doc: Doc, p: Place) -> bool:
    """Is place ``p``'s mention a subject or an object of its clause (its head word, past its compounds)?"""
    t = span_head(doc, p.mention.start, p.mention.end)
    return t is not None and t.dep_ in ("nsubj", "nsubjpass", "dobj")


def antecedent(tok: Token | None) -> Token | None:
    """The noun a relative pronoun stands for: "the town of Lalibela, which the militia had entered" -> town;
    None for any other token."""
    if tok is None or tok.tag_ not in ("WDT", "WP") or tok.lower_ not in _W("events", "relative_pronouns"):
        return None
    verb = tok.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "relcl" or verb.head.pos_ not in ("NOUN", "PROPN"):
        return None
    return verb.head


def place_antecedent(ctx: EventContext, pron: Token) -> Token:
    """The noun a relative pronoun stands for as a place: the noun its clause hangs on when that names a place;
    else the noun right before the comma ("restored order in the town of Lalibela, which the militia had entered":
    the parse hangs the clause on "order"); else the place an apposition before the comma describes ("Elephant
    Pass, the causeway linking the peninsula to the mainland, which the rebels overran": the pass). ``pron`` itself
    when it is no relative pronoun."""
    ante = antecedent(pron)
    if ante is None:
        return pron
    before = pron.doc[pron.i - 2] if pron.i >= 2 and pron.doc[pron.i - 1].text == "," else None
    if (
        before is not None
        and before.i == ante.i
        and ante.pos_ == "PROPN"
        and ante.head.lower_ != "of"  # "Wad Madani, the capital of Gezira state, which ...": the town (below)
        and head_places(ctx, ante, depth=4)
    ):
        return ante  # "fuel between Mosul, which they seized in 2014": the named place right before the clause
    for cand in (ante, before):
        t = cand
        while t is not None and t.dep_ != "appos" and t.head.i != t.i and t.dep_ not in ("relcl", "ccomp", "ROOT"):
            t = t.head
        if (
            t is not None
            and t.dep_ == "appos"
            and t.head.i < pron.i
            and (t.head.pos_ == "PROPN" or head_places(ctx, t.head, depth=4))
        ):
            return t.head  # the place an apposition before the clause describes
    if head_places(ctx, ante, depth=4):
        return ante
    if before is not None and before.pos_ in ("NOUN", "PROPN") and head_places(ctx, before, depth=4):
        return before
    return ante


def head_places(
    ctx: EventContext, tok: Token, want_capital: bool = False, depth: int = 0, upto: int | None = None
) -> list[Place]:
    """Places that ``tok``'s phrase denotes: the token itself, "city of X", "parts of X", "capital of X", conjuncts
    (those before token ``upto`` only: a relative clause tells of the nouns before it)."""
    if depth > 5:
        return []
    if in_dateline(ctx, tok):  # "KANO, Nigeria (AP) - The garrison town of Monguno was overrun": the apposition
        return [p for c in tok.children if c.dep_ == "appos" for p in head_places(ctx, c, want_capital, depth + 1)]
    if antecedent(tok) is not None:  # "Mosul, which they seized in 2014": the relative pronoun is the noun it hangs on
        # "between Mosul, which they seized in 2014, and Raqqa": not the noun joined after the clause
        return head_places(ctx, place_antecedent(ctx, tok), want_capital, depth + 1, upto=tok.i)
    out: list[Place] = []
    p = place_of_token(ctx, tok)
    if p is None and not _names_its_town(ctx, tok):
        for c in tok.children:
            if c.dep_ == "compound":
                p = place_of_token(ctx, c) or p
    if p is None and (tok.lower_ in PLACE_NOUNS or tok.lemma_ in PLACE_NOUNS):
        # "the Balakliia and Izium areas of the Kharkiv region": the named areas, not the region they lie in
        mods = [c for c in tok.children if c.dep_ == "nmod" and c.i < tok.i and place_of_token(ctx, c) is not None]
        named = [
            q
            for c in mods
            for x in (c, *(g for g in c.children if g.dep_ == "conj"))
            for q in [place_of_token(ctx, x)]
            if q
        ]
        if named:
            return named + [
                q for c in tok.children if c.dep_ == "conj" for q in head_places(ctx, c, want_capital, depth + 1)
            ]
    if p is None and (tok.lower_ in PLACE_NOUNS or tok.lemma_ in PLACE_NOUNS):
        # "the capital, Sanaa", "Syria's second-largest city, Aleppo": the name in apposition, not the country
        # nor the city told before
        p = next((q for c in tok.children if c.dep_ == "appos" for q in [place_of_token(ctx, c)] if q), None)
    if p is not None:
        if want_capital:
            p = _capital_place(ctx, p, tok) or p
        out.append(p)
    elif tok.lower_ in PLACE_NOUNS or tok.lemma_ in PLACE_NOUNS or is_facility(tok):
        cap = want_capital or tok.lemma_ == "capital"
        for c in tok.children:
            if c.dep_ == "poss":  # "the province's central prison", "Ghazni's police districts"
                out += head_places(ctx, c, cap, depth + 1)
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in _W("events", "place_of_preps"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        out += head_places(ctx, g, cap, depth + 1)
        if not out:  # "the capital, Sanaa": the name in apposition, not the place named before
            out += [q for c in tok.children if c.dep_ == "appos" for q in [place_of_token(ctx, c)] if q is not None]
        if not out and not any(c.dep_ == "prep" and c.lower_ == "of" and child(c, "pobj") for c in tok.children):
            # "the town" refers back; "the town of X" names its own town, even one the text does not resolve
            a = _anaphor_place(ctx, tok)
            if a is not None:
                out.append(_capital_place(ctx, a, tok) or a if cap and a.kind != "city" else a)
    for c in tok.children:
        if c.dep_ == "conj" and (upto is None or c.i < upto):
            out += head_places(ctx, c, want_capital, depth + 1)
    return out


_DATELINE_END = re.compile(r"\s*(?:\([^)]{1,40}\)\s*)?[\u2014\u2013-]{1,2}\s")  # "Haiti -", "Haiti (AP) --"


def actor_of(ctx: EventContext, tok: Token | None) -> str | None:
    if tok is None:
        return None
    s, e = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
    first = _first_conjunct(tok)
    if first is not None:
        # "The Houthis and army units loyal to X overran Y": the parse's "[Houthis and army] units"
        # (a named armed group; "U.S. and Iraqi forces" are the second's, a country named first backs them)
        lead = [m for m in ctx.index.in_range(first.idx, first.idx + len(first.text)) if m.form in ("name", "alias")]
        if lead and ctx.actor_kinds.get(lead[0].actor) == "non-state-armed":
            return lead[0].actor
    # prefer the mention at the head of the phrase, then any mention in it
    for m in ctx.index.in_range(tok.idx, tok.idx + len(tok.text)):
        if _dateline_country(ctx, m):
            break  # "AJDABIYA, Libya — Libyan rebels pushed west": the dateline's country the parse made the subject
        if m.form == "descriptor":
            named = _apposed_name(ctx, tok)
            if named is not None:
                return named  # "an al-Qaida-linked group, JNIM, attacked ...": the name in apposition
        return m.actor
    ms = ctx.index.in_range(s, e)
    # "PORT-AU-PRINCE, Haiti - Heavily armed gang members took ...": a dateline's country the parse hung on the
    # subject is no party; nor a backer ("Government troops, backed by Russian airstrikes, retook Y")
    backers = [r for t in tok.subtree for r in backer_ranges(t)] if ms else []  # (a hot path: only with mentions)
    ms = [m for m in ms if not _dateline_country(ctx, m) and not any(lo <= m.start < hi for lo, hi in backers)]
    if ms:
        if len(ms) > 1 and ctx.actor_kinds.get(ms[0].actor) == "state":
            # "GOMA, Congo - Fighters of the M23": a dateline's country the parse hung on the subject is no party
            # where the phrase names an armed one
            armed = [
                m for m in ms if ctx.actor_kinds.get(m.actor) in ("non-state-armed", "state-forces", "intl-forces")
            ]
            if armed:
                return armed[0].actor
        if ms[0].form == "descriptor":
            span = tok.doc.char_span(ms[0].start, ms[0].end, alignment_mode="expand")
            named = _apposed_name(ctx, span.root) if span is not None else None
            if named is not None:
                return named  # "BAMAKO, Mali - An al-Qaida-linked group, JNIM, attacked": the dateline's subject
        return ms[0].actor
    p = place_of_token(ctx, tok)
    if p is not None and p.kind == "city":
        return capital_actor(ctx.index.lex, p.name)
    return None


def _first_conjunct(tok: Token) -> Token | None:
    """The first conjunct of a coordination the parse nested inside ``tok``'s phrase as a modifier ("The Houthis and
    army units": "Houthis" a modifier of "units" with "and army" hung on it), None when there is none."""
    for c in tok.children:
        if c.i > tok.i:
            break
        if (
            c.dep_ in ("nmod", "compound")
            and any(g.dep_ == "cc" for g in c.children)
            and any(g.dep_ == "conj" for g in c.children)
        ):
            return c
    return None


def _names_its_town(ctx: EventContext, tok: Token) -> bool:
    """Does a place noun name its town with "of" ("the Red Sea port city of Hodeidah": the town, not the sea its
    modifier names; "the Kharkiv region of Ukraine" names a country with "of", and the region is its modifier's)?"""
    of = prep_obj(tok, "of")
    if of is None or of.pos_ != "PROPN":
        return False
    p = place_of_token(ctx, of)
    return p is None or p.kind in ("city", "district")


def in_dateline(ctx: EventContext, tok: Token) -> bool:
    """Is ``tok`` part of a dateline ("KANO, Nigeria (AP) -"): from a dateline place to the dash that ends it?"""
    if ctx.datelines is None:
        text, ctx.datelines = ctx.article.text, []
        for p in ctx.article.places:
            if p.role == "dateline" or p.id in ctx.dateline_ids:
                end = _DATELINE_END.search(text, p.mention.end, p.mention.end + 40)
                if end is not None and "\n" not in text[p.mention.end : end.start()]:
                    ctx.datelines.append((p.mention.start, end.start()))
    return any(s <= tok.idx < e for s, e in ctx.datelines)


def _dateline_country(ctx: EventContext, m) -> bool:
    """Is mention ``m`` a country closing a dateline ("Haiti -", "Libya (AP) --"), no party to the sentence?"""
    return ctx.actor_kinds.get(m.actor) == "state" and _DATELINE_END.match(ctx.article.text, m.end) is not None


def _apposed_name(ctx: EventContext, tok: Token) -> str | None:
    """The actor a name in apposition to ``tok`` names ("a Sahel group, Jama'at Nusrat al-Islam wal-Muslimin,")."""
    for c in tok.children:
        if c.dep_ != "appos":
            continue
        s, e = c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)
        for m in ctx.index.in_range(s, e):
            if m.form in ("name", "alias"):
                return m.actor
    return None


def object_controller(trig: Token) -> Token | None:
    """The object of the verb whose infinitive ``trig`` is, when that object is its subject: "the fighting forced
    thousands of residents to flee" (the residents fled), "forcing hundreds of families to flee"; else None."""
    if trig.dep_ != "xcomp" or trig.head.i == trig.i or trig.head.lemma_ not in _W("events", "object_control_verbs"):
        return None
    return child(trig.head, "dobj", "obj")


def child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def prep_obj(tok: Token, *preps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            g = child(c, "pobj")
            if g is not None:
                return g
    return None


def facilities(tok: Token | None) -> list[str]:
    if tok is None:
        return []
    out = []
    for t in tok.subtree:
        if is_facility(t):
            if t.dep_ == "compound":
                continue
            words = [
                w
                for w in t.subtree
                if w.i <= t.i
                and w.dep_ not in ("det", "punct", "cc")
                and w.lower_ not in _W("events", "facility_skip_modifiers")
            ]
            words = [
                w
                for w in words
                if w.i
                >= min(
                    (x.i for x in words if x.dep_ in ("poss", "compound", "amod", "nmod", "case") or x is t),
                    default=t.i,
                )
            ]
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


def patient_of_noun(tok: Token) -> Token | None:
    """ "the detention of two suspects" -> suspects (a person noun after "of")."""
    g = prep_obj(tok, "of")
    if g is not None and (is_person(g) or g.like_num or g.lemma_ in _W("events", "group_nouns")):
        return g
    return None


def patient_of(trig: Token, subjpass: Token | None, obj: Token | None) -> Token | None:
    """Who the act was done to: the passive subject, the object, the noun a participle modifies, "of X" of a noun."""
    if trig.pos_ == "NOUN":
        return patient_of_noun(trig)
    if subjpass is not None:
        return subjpass
    if obj is not None:
        return obj
    if trig.dep_ in ("acl", "amod") and trig.tag_ == "VBN" and trig.head.pos_ in ("NOUN", "PROPN", "NUM"):
        return trig.head  # "one Taliban facilitator killed and two suspects detained"
    if (
        trig.dep_ == "conj"
        and trig.tag_ == "VBN"
        and trig.head.dep_ in ("acl", "amod")
        and trig.head.head.pos_ in ("NOUN", "PROPN", "NUM")
    ):
        return None
    return None


def is_person_phrase(tok: Token) -> bool:
    """People, or a number of them ("two of his associates", "a group of insurgents")."""
    if is_person(tok):
        return True
    of = prep_obj(tok, "of")
    if of is not None and is_person(of) and tok.pos_ == "PROPN":
        return True  # "an Islamic Movement of Uzbekistan facilitator"
    return (
        (tok.like_num or tok.pos_ == "NUM" or tok.lemma_ in _W("events", "group_nouns") or tok.lower_ in QUANT_HEADS)
        and of is not None
        and is_person(of)
    )


def kinds_of(ctx: EventContext, tok: Token) -> set[str]:
    """The kinds of the actors named in the phrase headed by ``tok``."""
    s, e = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
    return {k for m in ctx.index.in_range(s, e) if (k := ctx.actor_kinds.get(m.actor))}


def words_of(tok: Token) -> set[str]:
    return {tok.lower_, tok.lemma_.lower()} | {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "conj")}


def summary(trig: Token) -> str:
    toks = sorted([t for t in trig.subtree if t.dep_ not in ("punct",)], key=lambda t: t.i)
    words = [t.text for t in toks][:25]
    return " ".join(words)
