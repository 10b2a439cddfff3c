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
from dataclasses import dataclass
from datetime import timedelta

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitroom.extract.attribution import sentence_attribution
from sitroom.model import Article, Event, Place, TimeValue

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

# lemma -> abstract action; refined into ACLED types by the arguments.
TRIGGERS: dict[str, str] = {
    "capture": CAPTURE, "seize": CAPTURE, "overrun": CAPTURE, "overtake": CAPTURE, "conquer": CAPTURE,
    "occupy": CAPTURE, "storm": CAPTURE, "take": CAPTURE, "fall": CAPTURE, "enter": CAPTURE,
    "recapture": REGAIN, "retake": REGAIN, "regain": REGAIN, "liberate": REGAIN, "reclaim": REGAIN,
    "surrender": SURRENDER, "hand": SURRENDER,
    "attack": "attack", "clash": "clash", "fight": "clash", "battle": "clash", "ambush": "attack",
    "kill": "kill", "wound": "wound", "injure": "wound",
    "bomb": "bomb", "shell": "shell", "strike": "strike", "airstrike": "strike",
    "arrest": "arrest", "detain": "arrest", "apprehend": "arrest",
    "abduct": "abduct", "kidnap": "abduct",
    "flee": "flee", "displace": "flee", "evacuate": "evacuate",
    "offer": "propose", "propose": "propose", "submit": "propose",
    "negotiate": "talks",
    "order": "order", "announce": "order",
    "break": "break", "free": "break", "loot": "loot", "torch": "loot", "burn": "loot",
    "protest": "protest", "demonstrate": "protest", "rally": "protest",
}

FACILITY_NOUNS = {"office", "offices", "headquarters", "prison", "jail", "base", "airport", "checkpoint", "checkpoints",
                  "compound", "building", "buildings", "station", "post", "posts", "palace", "ministry", "embassy",
                  "garrison", "barracks", "crossing", "bridge", "airfield", "hospital", "school", "mosque", "outpost", "camp"}
PLACE_NOUNS = {"city", "town", "capital", "province", "district", "village", "area", "areas", "part", "parts", "control",
               "center", "centre", "outskirts", "region", "territory", "most", "much", "all", "rest"}
MODALS = {"could", "may", "might", "would", "should", "will", "can", "shall"}
STATE_KINDS = {"state", "state-forces", "government", "intl-forces", "intl-org"}
_PROPOSAL_NOUNS = {"proposal", "offer", "deal", "plan", "agreement", "ceasefire", "truce", "settlement"}
_ORDER_OBJECTS = {"withdrawal", "pullout", "evacuation", "deployment", "surge", "drawdown", "retreat", "ceasefire"}
_PLACE_ANAPHORS = {"city": "city", "town": "city", "capital": "city", "province": "province", "district": "district", "country": "country"}


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
        id=f"p{len(ctx.article.places) + 1}", mention=p.mention, name=cap.name, kind=cap.kind, country=cap.country,
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
            if c.dep_ == "prep" and c.lower_ in ("of", "over"):
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


def _is_modal_or_negated(tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in MODALS):
            return True
        if c.dep_ == "advmod" and c.lower_ in ("possibly", "perhaps", "probably"):
            return True
    # "could isolate Kabul ... and possibly overrun it": a conjunct inherits the modal
    if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX"):
        return _is_modal_or_negated(tok.head)
    # infinitive under a want/threaten/plan verb: not a happening
    if tok.dep_ == "xcomp" and tok.head.lemma_ in ("want", "threaten", "plan", "try", "hope", "seek", "aim", "intend", "vow", "expect", "allow"):
        return True
    if tok.dep_ in ("acl", "relcl", "advcl") and any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children) and tok.head.pos_ == "NOUN":
        return False
    return False


def _facilities(tok: Token | None) -> list[str]:
    if tok is None:
        return []
    out = []
    for t in tok.subtree:
        if _is_facility(t):
            if t.dep_ == "compound":
                continue
            words = [w for w in t.subtree if w.i <= t.i and w.dep_ not in ("det", "punct", "cc") and w.lower_ not in ("key", "main", "several", "many", "some", "all")]
            words = [w for w in words if w.i >= min((x.i for x in words if x.dep_ in ("poss", "compound", "amod", "nmod", "case") or x is t), default=t.i)]
            phrase = "".join(w.text_with_ws for w in words).strip()
            if phrase and phrase not in out:
                out.append(phrase)
    return out


def _event_time(ctx: _Ctx, sent: SpacySpan, trig: Token) -> TimeValue | None:
    best, dist = None, 10**9
    for tv in ctx.article.times:
        if tv.span is None or tv.type != "DATE" or tv.earliest is None:
            continue
        if sent.start_char <= tv.span.start < sent.end_char:
            d = abs(tv.span.start - trig.idx)
            if d < dist:
                best, dist = tv, d
    if best is None:
        for s, e, tv, _ in ctx.list_items:
            if s <= trig.idx < e and tv is not None:
                return tv
    return best


def _list_item(ctx: _Ctx, offset: int) -> tuple[TimeValue | None, Place | None]:
    for s, e, tv, p in ctx.list_items:
        if s <= offset < e:
            return tv, p
    return None, None


_ITEM_RE = re.compile(r"^(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)\s*[\u2013\u2014-]\s*(?P<head>[^:\n]{2,60}):", re.M)


def find_list_items(article: Article) -> list[tuple[int, int, TimeValue | None, Place | None]]:
    """Dated list items ("Aug. 8 – Kunduz: ...") with the item's date and head place."""
    out = []
    for m in _ITEM_RE.finditer(article.text):
        end = article.text.find("\n", m.end())
        end = len(article.text) if end < 0 else end
        tv = next((t for t in article.times if t.span and t.span.start == m.start("date")), None)
        head = next((p for p in article.places if m.start("head") <= p.mention.start < m.end("head")), None)
        out.append((m.start(), end, tv, head))
    return out


def _classify(action: str, a1_kind: str | None, a2_kind: str | None, trig: Token, obj: Token | None) -> tuple[str, str] | None:
    if action == CAPTURE:
        if obj is not None and obj.ent_type_ == "PERSON":
            return ("Strategic developments", "Arrests")
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
        if a2_kind == "civilians":
            return ("Violence against civilians", "Attack")
        return ("Battles", "Armed clash")
    if action == "strike":
        return ("Explosions/Remote violence", "Air/drone strike")
    if action == "shell":
        return ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    if action == "bomb":
        if "suicide" in trig.sent.text.lower():
            return ("Explosions/Remote violence", "Suicide bomb")
        return ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    if action == "arrest":
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
        return ("Protests", "Peaceful protest")
    return None


def _trigger_action(tok: Token) -> str | None:
    if tok.pos_ not in ("VERB", "NOUN") and not (tok.pos_ == "AUX" and tok.lemma_ == "take"):
        return None
    action = TRIGGERS.get(tok.lemma_)
    if action is None:
        return None
    if tok.pos_ == "NOUN" and action not in ("strike", "attack", "clash", "protest"):
        return None
    lemma = tok.lemma_
    obj = _child(tok, "dobj", "obj")
    prts = {c.lower_ for c in tok.children if c.dep_ == "prt"}
    if lemma == "take":
        if obj is not None and obj.lemma_ == "control" or "over" in prts:
            return CAPTURE
        if obj is not None and (_is_facility(obj) or obj.lemma_ in ("city", "town", "capital", "district")):
            return CAPTURE
        return None
    if lemma == "fall":
        return CAPTURE if _prep_obj(tok, "to", "into") is not None or _child(tok, "nsubj") is not None else None
    if lemma == "enter":
        return None  # entering is not taking; kept out until corroborated
    if lemma == "break":
        return "break" if "into" in prts or _prep_obj(tok, "into") is not None or "out" in prts else None
    if lemma == "free":
        return "break" if obj is not None and obj.lemma_ in ("inmate", "prisoner", "detainee") else None
    if lemma == "hand":
        return SURRENDER if "over" in prts else None
    if lemma in ("offer", "submit"):
        objs = [c for c in tok.children if c.dep_ in ("dobj", "dative", "obj")]
        return "propose" if any(o.lemma_ in _PROPOSAL_NOUNS or any(t.lemma_ in _PROPOSAL_NOUNS for t in o.subtree) for o in objs) else None
    if lemma in ("order", "announce"):
        return "order" if obj is not None and any(t.lemma_ in _ORDER_OBJECTS for t in obj.subtree) else None
    if lemma == "strike" and tok.pos_ == "VERB":
        return None
    if lemma in ("burn", "torch") and obj is None:
        return None
    return action


def find_events(article: Article, doc: Doc, index, gaz=None) -> list[Event]:
    place_at: dict[int, Place] = {}
    for p in article.places:
        for off in range(p.mention.start, p.mention.end):
            place_at.setdefault(off, p)
    ctx = _Ctx(article, doc, index, gaz, place_at, {a.id: a.kind for a in article.actors}, [], [])
    ctx.list_items = find_list_items(article)
    heading_ranges = [(h.start, h.end) for h in article.headings]
    events: list[Event] = []
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        att, certainty = None, None
        for tok in sent:
            action = _trigger_action(tok)
            if action is None or _is_modal_or_negated(tok):
                continue
            if att is None:
                att, certainty = sentence_attribution(sent, index, ctx.actor_kinds)
            ev = _build_event(ctx, sent, tok, action, heading_ranges)
            if ev is None:
                continue
            for e in ev:
                p = article.place(e.place)
                if p is not None:
                    ctx.salient.append(p)
                e.attribution = att.model_copy()
                e.certainty = certainty
                e.id = f"e{len(events) + 1}"
                events.append(e)
    return events


def _build_event(ctx: _Ctx, sent: SpacySpan, trig: Token, action: str, headings) -> list[Event] | None:
    subj = _child(trig, "nsubj")
    subjpass = _child(trig, "nsubjpass")
    obj = _child(trig, "dobj", "obj")
    # "is seized by the Taliban": the agent is actor1, the passive subject is the object
    agent = _prep_obj(trig, "by")
    if subj is None and subjpass is None and trig.dep_ in ("xcomp", "conj", "ccomp") and trig.head.pos_ in ("VERB", "AUX"):
        # controlled subject: "negotiators are reported to have offered", "seized ... and burned"
        subj = _child(trig.head, "nsubj", "nsubjpass")
    if subjpass is not None:
        obj, subj = subjpass, agent
    a1 = _actor_of(ctx, subj)
    a2 = None
    mediator = None
    places: list[Place] = []
    origin = None
    if action in (CAPTURE, REGAIN) and trig.lemma_ == "fall":
        a1 = _actor_of(ctx, _prep_obj(trig, "to", "into"))
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
        elif subj is not None:
            places = head_places(ctx, subj)
        a1 = gainer or a1
    elif action in ("flee", "evacuate"):
        frm = _prep_obj(trig, "from")
        if frm is not None:
            fp = head_places(ctx, frm)
            origin = fp[0].id if fp else " ".join(t.text for t in frm.subtree)
        a1 = None
        for t in sent:
            if t.dep_ == "pobj" and t.head.lower_ in ("to", "in", "into", "towards") and (frm is None or t.i not in [x.i for x in frm.subtree]):
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
            if t.dep_ == "pobj" and t.head.lower_ in ("in", "at"):
                places = head_places(ctx, t) or places
    else:
        if obj is not None:
            places = head_places(ctx, obj)
            if action in ("attack", "clash", "kill", "wound", "arrest", "abduct"):
                a2 = _actor_of(ctx, obj)
        if not places:
            for c in trig.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "into", "on", "over", "across", "inside"):
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
    if action in ("attack", "clash", "kill", "wound") and a2 is None and obj is not None:
        a2 = _actor_of(ctx, obj)
    item_time, item_place = _list_item(ctx, trig.idx)
    if item_place is not None and item_place.role != "demonym":
        if not places:
            places = [item_place]
        elif item_place.kind == "city" and all(p.kind in ("province", "country") for p in places):
            places = [item_place]
    targets = _facilities(obj) if action in (CAPTURE, REGAIN, "attack", "break", "loot", "strike", "bomb", "shell") else []
    if action in (CAPTURE, REGAIN) and trig.lemma_ == "take" and obj is not None and obj.lemma_ == "control":
        targets = []
    places = [p for p in places if p.role != "dateline"]  # never an event location by itself
    if a1 is None and not places and action not in ("propose", "order", "flee", "evacuate"):
        return None
    if action in ("flee", "evacuate") and not places and origin is None:
        return None
    kinds = ctx.actor_kinds
    typed = _classify(action, kinds.get(a1) if a1 else None, kinds.get(a2) if a2 else None, trig, obj)
    if typed is None:
        return None
    etype, sub = typed
    date = _event_time(ctx, sent, trig) or item_time
    background = False
    if date is None and ctx.article.published is not None:
        # no time in the sentence: reported as news on the publication day (approximate)
        date = TimeValue(text="", value=ctx.article.published.isoformat(), earliest=ctx.article.published,
                         latest=ctx.article.published, approximate=True, anchor=ctx.article.published)
    elif date is not None and ctx.article.published is not None and date.latest is not None:
        background = date.latest < ctx.article.published - timedelta(days=14)
    in_heading = any(s <= trig.idx < e for s, e in headings)
    evidence = [ctx.article.span(sent.start_char, sent.end_char)]
    counts = {}
    if action in ("flee", "evacuate") and subj is not None:
        counts["displaced"] = " ".join(t.text for t in subj.subtree)
    outs = []
    for p in places or [None]:
        outs.append(Event(
            id="", event_type=etype, sub_event_type=sub, actor1=a1, actor2=a2, mediator=mediator,
            place=p.id if p else None, origin=origin, date=date, targets=targets, counts=counts,
            background=background, evidence=evidence,
            summary=("[heading] " if in_heading else "") + _summary(trig),
        ))
    return outs


def _summary(trig: Token) -> str:
    toks = sorted([t for t in trig.subtree if t.dep_ not in ("punct",)], key=lambda t: t.i)
    words = [t.text for t in toks][:25]
    return " ".join(words)
