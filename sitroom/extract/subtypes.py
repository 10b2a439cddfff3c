"""Sub-event types decided over more than one trigger: the clause an explosion's instrument is read from, one
sub-type per protest happening across an article's sentences, one explosion per sentence, "the attack" as the
article's explosion, and the fighting for a place that changed hands as the takeover.

ACLED codes a happening once: a protest in which demonstrators threw stones is a violent demonstration in every
sentence that tells it, also "police moved into the square" and "protesters gathered"; a protest where lethal force
was used is excessive force against protesters throughout. :func:`harmonise_protests` gives the protest events of
one place in an article the most severe sub-type any of them was read with.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.extract import frames, lexicon
from sitroom.model import Event

_CLAUSE_BREAKS = ("conj", "advcl", "ccomp", "parataxis", "relcl")


def clause_text(trig: Token) -> str:
    """Lower-cased text of the trigger's own clause: its subtree without coordinated, adverbial or relative clauses
    of other verbs ("rockets were fired ..., setting off air raid sirens": not the sirens); for an event noun
    described by a participle ("an airstrike killing five"), the noun's phrase."""
    root = trig.head if trig.dep_ in ("acl", "relcl") and trig.head.pos_ in ("NOUN", "PROPN") else trig
    keep: list[Token] = []
    stack = [root]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack += [
            c
            for c in t.children
            if not (
                c.dep_ in _CLAUSE_BREAKS
                and c.pos_ in ("VERB", "AUX")
                and c.i != trig.i
                # a relative clause on a noun describes it: "fired a rocket barrage that contained sarin", "a barrage
                # that included toxic agents"
                and not (c.dep_ == "relcl" and t.pos_ in ("NOUN", "PROPN"))
            )
        ]
    return " ".join(t.lower_ for t in sorted(keep, key=lambda t: t.i))


def _severity() -> list[str]:
    return list(lexicon.ordered("events", "protest_severity"))


def harmonise_protests(events: list[Event]) -> None:
    """One sub-type per protest happening: the protest events (Protests, and riots by demonstrators) of the same
    place take the most severe sub-type read among them; events with no place join the article's one protest
    place when it has one, else the protest place told last before them, else keep their own (two protests with
    no place cannot be told apart)."""
    rank = {name: i for i, name in enumerate(_severity())}
    frames = lexicon.table("events", "frames")
    groups: dict[str | None, list[Event]] = {}
    for e in events:
        if not e.background and e.sub_event_type in rank:
            groups.setdefault(e.place, []).append(e)
    unplaced = groups.pop(None, [])
    if len(groups) == 1:  # the article's one protest place: events with no place of their own are told there
        next(iter(groups.values())).extend(unplaced)
    elif groups:
        # several protest places: an event with no place of its own is told at the protest told last before it
        # ("... at Taksim Square, firing tear gas at protesters. Some demonstrators threw stones at police.")
        placed = sorted((_start(e) or 0, e.place) for g in groups.values() for e in g)
        for e in unplaced:
            before = [place for at, place in placed if at <= (_start(e) or 0)]
            if before:
                groups[before[-1]].append(e)
    for members in groups.values():
        top = min((e.sub_event_type or "" for e in members), key=lambda s: rank.get(s, len(rank)))
        for e in members:
            e.sub_event_type, e.event_type = top, frames[top]["acled"]


def riot_killing(trig: Token, a1_kind: str | None) -> tuple[str, str] | None:
    """A killing or an attack in a riot or by a mob, not by an armed group: "20 killed in sectarian violence",
    "killed ..., as pressure mounts for an end to the sectarian fighting" (the sentence names mob violence and no
    armed party did it)."""
    if a1_kind in lexicon.words("events", "armed_kinds"):
        return None
    fr = frames.occasion(trig)
    if fr is not None and fr.acled == "Riots":
        return (fr.acled, fr.name)
    if frames.mentioned(trig.sent, "Mob violence"):
        return ("Riots", "Mob violence")
    return None


_GENERIC = ("Armed clash", "Attack")


def _definite(tok: Token) -> bool:
    return any(
        c.dep_ in ("det", "poss") and c.lower_ in lexicon.words("events", "anaphoric_determiners") for c in tok.children
    )


def anaphoric(trig: Token) -> bool:
    """Does the trigger refer back to a happening told elsewhere: "the attack", "these attacks", "killed in the
    attack", "during the strikes"?"""
    nouns = lexicon.words("events", "happening_nouns")
    if trig.pos_ == "NOUN":
        return trig.lemma_.lower() in nouns and _definite(trig)
    for c in trig.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in lexicon.words("events", "occasion_preps") | {"by"}:
            if any(g.dep_ == "pobj" and g.lemma_.lower() in nouns and _definite(g) for g in c.children):
                return True
    return False


def retype_anaphora(events: list[Event], anaphoric_ids: set[int]) -> None:
    """ "The attack" typed as an armed clash or an attack on civilians takes the explosion sub-type of the one
    happening of that kind the article tells (a car bombing, a rocket attack): one happening, one sub-type. When the
    article tells explosions of several sub-types, the one told last before it within a few paragraphs."""
    # explosions typed by their own means, "the drone used in the tanker attack" among them
    told = [e for e in events if e.event_type == frames.EXPLOSIONS and not e.background]
    kinds = {e.sub_event_type for e in told}
    if not kinds:
        return
    for e in events:
        if id(e) not in anaphoric_ids or e.sub_event_type not in _GENERIC:
            continue
        if len(kinds) == 1:
            sub = next(iter(kinds))
        else:
            # several kinds told: "the attack" is the explosion told last before it, close by ("the drone used in
            # the tanker attack ... we condemn the unlawful attack on a merchant vessel")
            at = _start(e)
            starts = [(_start(b), b) for b in told]
            # (a start of 0 is the text's first sentence, not a missing one)
            before = [(s, b) for s, b in starts if at is not None and s is not None and s < at and at - s <= _REACH]
            if not before:
                continue
            sub = max(before, key=lambda sb: sb[0])[1].sub_event_type
        e.event_type, e.sub_event_type = frames.EXPLOSIONS, sub


# how far back (characters) "the attack" reaches for the explosion it names when the article tells several kinds:
# a few paragraphs
_REACH = 2000


def _start(e: Event) -> int | None:
    return e.evidence[0].start if e.evidence else None


def merge_in_sentence(events: list[Event], first: int, tolls: set[int]) -> None:
    """One sentence, one explosion: "18 people were killed and 200 wounded by a car bombing" read as a killing
    (an armed clash, its means on another verb) and a wounding by a bomb is one happening of the bomb's sub-type.
    The sentence's killings and woundings (``tolls``: ids of events told by such a verb) typed generic (armed clash,
    attack) at the explosion's place (or none) give it their counts and go, when the sentence tells explosions of
    one sub-type only; fighting told as such stays. Events from ``first`` on are the sentence's."""
    own = events[first:]
    blasts = [e for e in own if e.event_type == frames.EXPLOSIONS and not e.background]
    if not blasts:
        # a protest or a riot told with its toll ("fired on protesters ..., killing several") is one happening too
        blasts = [e for e in own if e.event_type in ("Protests", "Riots") and not e.background]
    if len({e.sub_event_type for e in blasts}) != 1:
        return
    keep = blasts[0]
    gone = [
        e
        for e in own
        if id(e) in tolls
        and e.sub_event_type in _GENERIC
        and not e.background
        and (keep.place is None or e.place in (keep.place, None))
    ]
    if not gone:
        return
    for e in gone:
        for k, v in e.counts.items():
            keep.counts.setdefault(k, v)
        keep.actor1 = keep.actor1 or e.actor1
        keep.actor2 = keep.actor2 or e.actor2
        keep.place = keep.place or e.place
    ids = {id(e) for e in gone}
    events[first:] = [e for e in own if id(e) not in ids]
    for i, e in enumerate(events[first:]):
        e.id = f"e{first + i + 1}"


def harmonise_takeovers(events: list[Event]) -> None:
    """The fighting for a place that changed hands is the takeover (ACLED: territory acquired through an armed
    clash is coded as the takeover): an armed clash told at the place of a takeover the article reports (same place,
    neither background, the clash on the takeover's day or undated), when the article tells one takeover there, is
    that happening: it gives the takeover its counts and goes. A clash on another day is fighting of its
    own day and stays, and the takeover keeps its own sentence as its evidence."""
    takeover = lexicon.ordered("events", "takeover_sub_types")
    at: dict[str, list[Event]] = {}
    told: dict[tuple[int, int], list[Event]] = {}  # the takeovers of each sentence
    for e in events:
        if e.sub_event_type in takeover and not e.background:
            if e.place:
                at.setdefault(e.place, []).append(e)
            if e.evidence:  # also a takeover of a part the text does not name ("stormed three districts")
                told.setdefault((e.evidence[0].start, e.evidence[0].end), []).append(e)
    gone: set[int] = set()
    for e in events:
        takes = at.get(e.place or "")
        if e.place is None and e.evidence:
            # "retook the town after two days of fighting": the fighting its sentence tells with no place of its own
            takes = told.get((e.evidence[0].start, e.evidence[0].end))
        if (
            e.sub_event_type != "Armed clash"
            or e.background
            or not takes
            or len({t.sub_event_type for t in takes}) != 1
        ):
            continue
        if e.date is not None:  # the clash's day must be the takeover's
            takes = [
                t
                for t in takes
                if t.date is not None
                and e.date.earliest is not None
                and e.date.earliest == e.date.latest == t.date.earliest == t.date.latest
            ]
            if not takes:
                continue
        keep = takes[0]
        for k, v in e.counts.items():
            keep.counts.setdefault(k, v)
        gone.add(id(e))  # its actors stay out: who fought is not who gained the place
    if gone:
        events[:] = [e for e in events if id(e) not in gone]
        for i, e in enumerate(events):
            e.id = f"e{i + 1}"


def _participants(trig: Token, subj: Token | None) -> list[Token]:
    """Who fought: the subject, "with X", "between X and Y" (and their conjuncts), also after the fight's noun
    ("fought running battles with protesters")."""
    out = [subj] if subj is not None else []
    fights = lexicon.words("events", "battle_nouns")
    heads = [trig] + [
        c for c in trig.children if c.dep_ in ("dobj", "obj") and (c.lower_ in fights or c.lemma_.lower() in fights)
    ]
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in ("with", "between", "among"):
                out += [g for g in c.children if g.dep_ == "pobj"]
    return out + [cj for t in out for cj in t.conjuncts]


def _against_crowd(trig: Token, subj: Token | None) -> bool:
    """Does an armed side fight demonstrators ("security forces clashed with protesters", "police fought running
    battles with protesters")? The demonstrators' violence is a riot, whoever they fought."""
    who: set[str] = set()
    for p in _participants(trig, subj):
        if subj is None or p.i != subj.i:
            who |= _words(p)
    return bool(who & lexicon.words("events", "protester_nouns"))


def _words(tok: Token) -> set[str]:
    return {tok.lower_, tok.lemma_.lower()} | {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "conj")}


def crowd_violence(trig: Token, subj: Token | None, sub: str, armed: bool) -> tuple[str, str] | None:
    """Violence by people who are no armed group (``armed``: actor1 is one): people of a place turning on people
    ("villagers beat two suspected thieves to death", "a crowd set fire to the homes of Christians") is mob
    violence; demonstrators fighting ("supporters attacked police with sticks during a protest", "running battles
    between protesters and riot police", "clashed with police, hurling rocks") a violent demonstration."""
    if armed:
        # "security forces clashed with protesters": the demonstrators fought; an attack or a shooting of them is
        # force against protesters, read elsewhere
        return ("Riots", "Violent demonstration") if sub == "Armed clash" and _against_crowd(trig, subj) else None
    w = lexicon.words
    own_subj = next((c for c in trig.children if c.dep_ == "nsubj"), None)
    if own_subj is not None and _words(own_subj) & w("events", "armed_crowd_modifiers"):
        return None  # "armed villagers attacked a settlement": people who bear arms are no mob
    if (
        own_subj is not None
        and sub in ("Attack", "Armed clash", "Looting/property destruction")
        and _words(own_subj) & w("events", "lynch_actor_nouns")
    ):
        return ("Riots", "Mob violence")
    if sub not in ("Attack", "Armed clash"):
        return None
    occ = frames.occasion(trig)
    clause = {t.lemma_.lower() for t in trig.subtree} | {t.lower_ for t in trig.subtree}
    who: set[str] = set()
    for p in _participants(trig, subj):
        who |= _words(p)
    if (
        occ is not None
        and occ.acled == "Protests"
        or who & w("events", "rioter_nouns")
        or clause & w("events", "riot_weapons")
        and who & w("events", "crowd_people_nouns")
    ):
        return ("Riots", "Violent demonstration")
    return None


def unopposed(sent, events: list[Event]) -> None:
    """A place taken "without a fight", "unopposed", "with no shots fired": territory changed hands without
    fighting, ACLED's non-violent transfer of territory (the takeovers of ``events`` are retyped in place)."""
    text = " " + " ".join(t.lower_ for t in sent) + " "
    if not any(f" {c} " in text for c in lexicon.words("events", "unopposed_cues")):
        return
    for e in events:
        if e.sub_event_type in lexicon.words("events", "takeover_sub_types"):
            e.event_type, e.sub_event_type = "Strategic developments", "Non-violent transfer of territory"


def people_left_homes(tok: Token) -> bool:
    """ "Thousands of families left their homes", "residents left their villages for Beirut": people (no armed
    party) who left their homes are displaced."""
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    who = frames.words_of_head(subj)
    if who & lexicon.words("events", "armed_people_nouns"):
        return False
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
    homes = obj is not None and frames.words_of_head(obj) & lexicon.words("events", "home_nouns")
    people = who & (lexicon.words("events", "civilian_nouns") | lexicon.words("events", "people_quantities"))
    return bool(homes or people)


def people_driven_out(tok: Token) -> bool:
    """ "The clashes have driven 12,000 people from their homes", "expelled thousands of villagers": an expulsion
    whose object is people who bear no arms displaces them (no armed party is driven out of a place)."""
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
    if obj is None or any(c.dep_ == "xcomp" for c in tok.children):
        return False  # "forced thousands to flee": the infinitive tells the displacement
    who = frames.words_of_head(obj)
    if who & lexicon.words("events", "armed_people_nouns"):
        return False
    return bool(who & (lexicon.words("events", "civilian_nouns") | lexicon.words("events", "people_quantities")))


def conflict_talks(ctx, sent) -> bool:
    """Do talks told in ``sent`` belong to an armed conflict: the sentence names an armed party (a non-state armed
    actor) or a word of war and peace ("ceasefire", "truce", "hostages", "the conflict")?"""
    kinds = lexicon.words("events", "armed_kinds")
    if any(
        ctx.actor_kinds.get(m.actor) in kinds - {"state-forces", "intl-forces"}
        or ctx.actor_kinds.get(m.actor) == "non-state-armed"
        for m in ctx.index.in_range(sent.start_char, sent.end_char)
    ):
        return True
    words = lexicon.words("events", "conflict_talk_words")
    if any(t.lemma_.lower() in words or t.lower_ in words for t in sent):
        return True
    # a hyphenated word the tokenizer split ("cease - fire")
    return any(
        a.whitespace_ == "" and b.text == "-" and f"{a.lower_}-{c.lower_}" in words for a, b, c in _triples(sent)
    )


def _triples(sent):
    return zip(sent, sent[1:], sent[2:])
