"""The parties and the event of a change of control, shared by :mod:`sitroom.extract.control` (the sentence
grammar) and :mod:`sitroom.extract.control_headlines` (title-case headlines): the side of an actor kind, the gainer
when the text names only the loser (the other side, a foreign force's host state, the unidentified actor of a side),
the salient actor of a side, and the takeover event built from a trigger's reading (a withdrawal without fighting is
a non-violent transfer; never dated after the article's publication)."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitroom.extract import acled, lexicon
from sitroom.extract.actor_links import ARMED_KINDS
from sitroom.extract.certainty import REPORTING
from sitroom.extract.control_time import clause_of, not_a_relative_clauses_time, not_another_sides_time, since_range
from sitroom.extract.event_context import is_background, on_publication
from sitroom.model import Actor, Event, Place, TimeValue

_W = lexicon.words
WITHDRAW = "withdraw"
EXPEL = "expel"
TAKEOVER = ("Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory")
_STATE = lexicon.words("events", "state_kinds")  # the kinds on the state's side, one list with the event stage
_ARMED = {"non-state-armed", "state-forces", "intl-forces", "government", "state"}
_UNARMED = {"civilians"}  # kinds that never gain ground by a takeover
_TERRITORY_KINDS = ("city", "district", "province", "region", "facility")


def _side(kind: str | None) -> str | None:
    if kind is None:
        return None
    return "state" if kind in _STATE else "non-state"


# --------------------------------------------------------------------------- actors


def _ensure_actor(ctx, aid: str, name: str, kind: str, country: str | None) -> str:
    art = ctx.article
    if art.actor(aid) is None:
        art.actors.append(Actor(id=aid, name=name, kind=kind, country=country))
    ctx.actor_kinds[aid] = kind
    return aid


def _salience(ctx) -> dict[str, int]:
    return {a.id: sum(2 if m.form in ("alias", "name") else 1 for m in a.mentions) for a in ctx.article.actors}


def _host_country(ctx, place: Place | None) -> str | None:
    """The place's country, else the article's main country (the country its places name most)."""
    if place is not None and place.country:
        return place.country
    c = Counter(p.country for p in ctx.article.places if p.country)
    return c.most_common(1)[0][0] if c else None


def _generic(ctx, side: str, place: Place | None) -> str | None:
    """The unidentified actor of ``side`` in the place's country (the article's main country without a place)."""
    cc = _host_country(ctx, place)
    if cc is None:
        return None
    lex = ctx.index.lex
    cname = next((p.name for p in ctx.article.places if p.kind == "country" and p.country == cc), None)
    if cname is None:
        st = lex.by_country(cc, ("state",))
        cname = st.name if st is not None else cc
    if side == "state":
        d = lex.by_country(cc, ("state-forces",), ctx.article.published.year if ctx.article.published else None)
        if d is not None:
            return _ensure_actor(ctx, d.id, d.name, d.kind, d.country)
        return _ensure_actor(ctx, f"forces-{cc.lower()}", f"Forces of {cname}", "state-forces", cc)
    return _ensure_actor(ctx, f"armed-{cc.lower()}", f"Unidentified armed group ({cname})", "non-state-armed", cc)


def forces_of(ctx, aid: str | None) -> str | None:
    """The party that takes or holds ground for ``aid``: a government's own forces ("Iraqi Prime Minister X declared
    Mosul liberated", "fell to the government": the state forces of its country in the text's year, the one the
    registry lists else the country's forces); any other party is itself (a state named as the taker stays the
    state)."""
    a = ctx.article.actor(aid) if aid else None
    if a is None or ctx.actor_kinds.get(aid) != "government" or not a.country:
        return aid
    year = ctx.article.published.year if ctx.article.published else None
    d = ctx.index.lex.by_country(a.country, ("state-forces",), year)
    if d is not None:
        return _ensure_actor(ctx, d.id, d.name, d.kind, d.country)
    return _ensure_actor(
        ctx, f"forces-{a.country.lower()}", a.name.replace("Government", "Forces", 1), "state-forces", a.country
    )


def _opponent(ctx, loser: str | None, place: Place | None, exclude: frozenset[str] = frozenset()) -> str | None:
    """The gainer when the text names only the loser: the article's most-mentioned armed actor on the other side
    (the other side of a civil war, or another state's forces in a war between states), else the unidentified
    actor of the other side (a foreign army leaving a town leaves it to the town's own state)."""
    lk = ctx.actor_kinds.get(loser) if loser else None
    if lk is None:
        return None
    la = ctx.article.actor(loser)
    lc = la.country if la is not None else None
    sal = _salience(ctx)
    best = None

    def camp(aid: str | None, kind: str | None) -> str | None:  # a pro-government militia fights on the state's side
        return "state" if ctx.grammar.pro_government(ctx, aid) else _side(kind)

    for a in ctx.article.actors:
        if a.id == loser or a.id in exclude:
            continue
        if a.kind not in ARMED_KINDS and not (
            a.kind == "state" and _side(lk) == "state" and lc and a.country and a.country != lc
        ):
            continue  # a state named as a party counts only against another state's forces ("handing Russia ...")
        if camp(a.id, a.kind) == camp(loser, lk) and not (
            _side(lk) == "state" and lc and a.country and a.country != lc
        ):
            continue  # the same side: not who took it from them
        key = (sal.get(a.id, 0), a.kind == "state-forces")
        if best is None or key > best[0]:
            best = (key, a.id)
    host = _host_country(ctx, place)
    if _side(lk) == "state" and lc and host and host != lc:
        # a foreign force leaving a place hands it to the host state's forces (the US leaving a base to the Afghan
        # army, Russia leaving a city to Ukraine's), whoever else the text mentions most; a text that names who took
        # it never reaches here
        hosts = [
            (sal.get(a.id, 0), a.id)
            for a in ctx.article.actors
            if a.id not in exclude and a.id != loser and a.kind == "state-forces" and a.country == host
        ]
        return max(hosts)[1] if hosts else _generic(ctx, "state", place)
    if best is not None:
        return best[1]
    if _side(lk) == "state" and lc and place is not None and place.country and place.country != lc:
        return _generic(ctx, "state", place)
    return _generic(ctx, "non-state" if _side(lk) == "state" else "state", place)


def taken_from(ctx, trig: Token, e: Event, place: Place | None) -> str | None:
    """ "Coalition-backed forces captured Hays from Houthi rebels": a takeover whose gainer the text does not name
    but whose clause names the armed party it was taken from ("from X") goes to that party's opponent (never to
    the most-mentioned actor of a side, which may be the loser itself); the event's loser and sub-type follow."""
    E = ctx.grammar
    frm = E.prep_obj(trig, "from")
    loser = E.actor_of(ctx, frm) if frm is not None else None
    if loser is None or ctx.actor_kinds.get(loser) not in _ARMED:
        return None
    gainer = _opponent(ctx, loser, place)
    if gainer is None:
        return None
    e.actor2 = e.actor2 or loser
    e.sub_event_type = acled.takeover_sub_type(ctx.actor_kinds.get(gainer), E.pro_government(ctx, gainer))
    return gainer


def _salient_of_side(ctx, side: str, place: Place | None) -> str | None:
    sal = _salience(ctx)
    cands = [
        (sal.get(a.id, 0), a.id)
        for a in ctx.article.actors
        if a.kind in ("non-state-armed",)
        and side == "non-state"
        and not ctx.grammar.pro_government(ctx, a.id)
        and not a.id.startswith("armed-")
    ]
    if side == "state":
        cands = [
            (sal.get(a.id, 0), a.id)
            for a in ctx.article.actors
            if a.kind == "state-forces" and (place is None or not place.country or a.country == place.country)
        ]
    if cands:
        return max(cands)[1]
    return _generic(ctx, side, place)


def _event(
    ctx, sent: SpacySpan, trig: Token, gainer: str | None, loser: str | None, places: list[Place], how: str, headings
) -> list[Event]:
    E = ctx.grammar

    gainer = forces_of(ctx, gainer)
    kind = ctx.actor_kinds.get(gainer) if gainer else None
    if how == "regain" and gainer is None:
        sub = "Government regains territory"
    else:
        sub = acled.takeover_sub_type(kind, E.pro_government(ctx, gainer))
    event_type = "Battles"
    if how == "handover" or how == "withdrawal" and not _fought(sent):
        # a place handed over, or left without fighting told: ACLED's non-violent transfer
        event_type, sub = "Strategic developments", "Non-violent transfer of territory"
    date = _date(ctx, sent, trig)
    pub = ctx.article.published
    if date is None and pub is not None:
        date = on_publication(pub)
    background = is_background(date, pub)
    in_heading = any(s <= trig.idx < e for s, e in headings) or trig.idx < ctx.header_end
    out = []
    for p in places:
        out.append(
            ev := Event(
                id="",
                event_type=event_type,
                sub_event_type=sub,
                actor1=gainer,
                actor2=loser,
                place=p.id,
                date=date,
                background=background,
                evidence=[ctx.article.span(sent.start_char, sent.end_char)],
                heading=in_heading,
                summary=f"[{how}] " + E.summary(trig),
            )
        )
        not_another_sides_time(ctx, sent, ev)
    ctx.takeovers.extend(out)
    return out


def _fought(sent: SpacySpan) -> bool:
    """Does the sentence tell fighting (``control_fought_lemmas``): a withdrawal under fire is the other side's
    takeover, one without is a non-violent transfer."""
    words = _W("control", "control_fought_lemmas")
    return any(t.lemma_.lower() in words or t.lower_ in words for t in sent)


def _date(ctx, sent, trig) -> TimeValue | None:
    """The time of ``trig``'s clause ("lost Idlib, which they had held since 2015": not the relative clause's)."""
    E = ctx.grammar

    d = E.event_time(ctx, sent, trig)
    return clamp(ctx, not_a_relative_clauses_time(ctx, sent, trig, d))


def redate(ctx, sent: SpacySpan, trig: Token, e: Event) -> None:
    """The date of a takeover the event stage built, read as a change of control: a relative clause's time gives
    way to the main clause's (and whether it is background follows the new date); never after publication; a time
    that opens a period ("has retaken ... since Sept. 27") runs up to the report, which is news."""
    fixed = not_a_relative_clauses_time(ctx, sent, trig, e.date)
    dated = clamp(ctx, fixed)
    if fixed is not e.date:  # "captured Goma, a city they had briefly held in 2012": today's news
        e.background = is_background(dated, ctx.article.published)
    e.date = since_range(ctx, dated, trig)
    e.background = e.background and e.date is dated


def after_capture(ctx, sent: SpacySpan, trig: Token, cap: Token | None, evs: list[Event]) -> list[Event]:
    """ "X seized Y (, which ... in 2015,) before being pushed back by Z": a retaking that follows a capture is
    dated by a time of its own clause, else by the capture's (its own clause's, not a relative clause's); never
    before the capture."""
    if cap is None:
        return evs
    capd = _date(ctx, sent, cap)
    for e in evs:
        d = e.date
        v = clause_of(ctx, d.span.start, d.span.end) if d is not None and d.span is not None else None
        early = d is None or (
            capd is not None and capd.earliest is not None and (d.latest is None or d.latest < capd.earliest)
        )
        if capd is not None and (v is None or v.i != trig.i or early):
            e.date = capd
        e.background = is_background(e.date, ctx.article.published)
    return evs


def clamp(ctx, d: TimeValue | None) -> TimeValue | None:
    """An event is never dated after its article's publication: a later reading is the publication day."""
    pub = ctx.article.published
    if d is None or pub is None or d.earliest is None or d.earliest <= pub:
        return d
    return TimeValue(
        text=d.text, value=pub.isoformat(), earliest=pub, latest=pub, approximate=True, span=d.span, anchor=pub
    )


def claimed_fall(trig: Token) -> bool:
    """Is ``trig`` a fall a verb of claiming reports ("Russia claims Bakhmut has fallen"): the claimant took it (a side
    that lost a town concedes or acknowledges it, it does not claim it)?"""
    t = trig
    while t.dep_ in ("ccomp", "conj", "xcomp", "parataxis") and t.head.i != t.i and t.lemma_ not in REPORTING:
        t = t.head
    return t.i != trig.i and t.lemma_ in lexicon.words("control", "control_claim_verbs")


def speaker_party(ctx, trig: Token) -> str | None:
    """The party that reports the clause of ``trig`` when that clause names no gainer ('"Goma is liberated," a
    spokesman for the rebel alliance said', "Russia says it has taken X", "the army said the town had been
    retaken"): the armed actor (else the state or its government) the subject of the reporting verb names, up the
    chain of reported clauses. Civilians, monitors and other speakers name none: a resident who says a town fell
    does not say to whom."""
    t = trig
    while t.dep_ in ("ccomp", "conj", "xcomp", "parataxis") and t.head.i != t.i and t.lemma_ not in REPORTING:
        t = t.head
    if t.i == trig.i or t.lemma_ not in REPORTING:
        return None
    hits = [
        m
        for subj in t.children
        if subj.dep_ == "nsubj"
        for m in ctx.index.in_range(subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text))
        if m.form != "pronoun" or ctx.actor_kinds.get(m.actor) in _ARMED
    ]
    found = [m.actor for m in hits if ctx.actor_kinds.get(m.actor) in ARMED_KINDS]
    if found:
        return found[-1]
    states = [m.actor for m in hits if ctx.actor_kinds.get(m.actor) in ("government", "state")]
    if not states:
        return None
    # "Russia says it has taken X": the state's forces the article names, else the state
    a = ctx.article.actor(states[-1])
    forces = [f.id for f in ctx.article.actors if f.kind == "state-forces" and a is not None and f.country == a.country]
    return forces[0] if forces else states[-1]


def unarmed_subject(ctx, trig: Token) -> bool:
    """Is the subject of ``trig`` people who are no armed party ("thousands of protesters", "angry residents")?"""
    subj = next((c for c in trig.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    of = ctx.grammar.prep_obj(subj, "of")
    vocab = ctx.index.lex.vocab
    if vocab is not None and any(
        c.dep_ in ("amod", "compound") and c.lower_ in vocab.armed_modifiers
        for t in (subj, of)
        if t
        for c in t.children
    ):
        return False  # "armed men seized the police headquarters": people, armed
    heads = {subj.lower_, subj.lemma_} | ({of.lower_, of.lemma_} if of is not None else set())
    return bool(heads & (_W("events", "civilian_nouns") | _W("events", "rioter_nouns")))


def annexer(ctx, sent: SpacySpan, place: Place | None) -> str | None:
    """The state that annexes ``place``: the state of another country the sentence names ("Russia annexed Crimea",
    "a treaty annexing Crimea to Russia", "Russia's annexation of Crimea")."""
    if place is None:
        return None
    for p in ctx.article.places:
        if (
            sent.start_char <= p.mention.start < sent.end_char
            and p.kind == "country"
            and p.country
            and p.country != place.country
            and p.role != "dateline"
        ):
            d = ctx.index.lex.by_country(p.country, ("state",))
            return _ensure_actor(
                ctx,
                d.id if d is not None and not d.generated else f"state-{p.country.lower()}",
                p.name,
                "state",
                p.country,
            )
    return None


def armed_in(ctx, sent) -> bool:
    """Does the sentence name an armed party (not by a pronoun)?"""
    return any(
        m.form != "pronoun" and ctx.actor_kinds.get(m.actor) in ("non-state-armed", "state-forces", "intl-forces")
        for m in ctx.index.in_range(sent.start_char, sent.end_char)
    )


def enter_action(tok: Token) -> str | None:
    """ "X entered Y" is a takeover when Y is named and X armed (checked when the event is built)."""
    if tok.pos_ != "VERB" or tok.dep_ in ("amod", "acl"):
        return None
    return "capture" if any(c.dep_ in ("dobj", "obj") for c in tok.children) else None


def nominal_action(tok: Token) -> str | None:
    """ "the capture of Gao", "Kunduz's fall": the change a noun names, when it has a place to be about."""
    kind = lexicon.table("control", "control_nominals").get(tok.lemma_)
    if kind is None:
        return None
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if (
        any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)
        or any(c.dep_ == "poss" for c in tok.children)
        or nxt is not None
        and nxt.lower_ == "by"  # "the recapture by Iraqi forces of Tikrit" (the place read in control_nominals)
    ):
        return {"capture": "capture", "regain": "regain", "withdraw": WITHDRAW, "lose": WITHDRAW}[kind]
    return None
