"""Event frames: ACLED's sub-event types as data (``frames`` of ``sitroom/data/lexicon/events.yaml``), read over
the dependency parse.

A frame names its triggers as verb lemmas (with the particles or object words of a phrasal entry: "set up",
"sign agreement", "shoot dead") and as event nominals ("ceasefire", "car bomb"); it may require the object of the
verb to be one of its ``objects`` ("established a base"), or the victims to be civilians (``verbs_civilian``:
"shot three villagers"). A nominal is an event only when the sentence tells it happened: the subject of a verb of
occurrence ("a blast rocked ..."), the object of a verb of holding ("staged a protest", "signed a ceasefire"), the
object of "in / during / after" ("killed in an airstrike"), "there was a ...", or a headline fragment.

Explosions are typed by their instruments (the ``instruments`` of the explosion frames, most specific first:
suicide, chemical, air, shelling, grenade, other explosives). Protests are refined by the sentence's cues: lethal
force against protesters, intervention, or violence by the demonstrators themselves (a riot).

This module reads the words; it decides nothing about actors, places or dates (``sitroom.extract.events`` does).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from sitroom.extract import event_nouns, lexicon

EXPLOSIONS = "Explosions/Remote violence"
# order in which instruments type an explosion (most specific first)
_INSTRUMENT_ORDER = (
    "Suicide bomb",
    "Chemical weapon",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Grenade",
    "Remote explosive/landmine/IED",
)


# verbs that trigger a frame only with a subject of these words (lexicon sections): "protesters gathered",
# "negotiators met"
_SUBJECT_NEEDS = {"crowd": "protester_subjects", "talkers": "negotiator_subjects", "displaced": "displaced_subjects"}
# verbs that trigger a frame only when their phrase names one of these words: "freed 40 fishermen under a deal"
_PHRASE_NEEDS = {"deal": "deal_nouns"}
# the keys of a frame's verb lists, and the need each sets ("" none)
_VERB_KEYS = {
    "verbs": "",
    "verbs_civilian": "civilian",
    "verbs_crowd": "crowd",
    "verbs_talkers": "talkers",
    "verbs_deal": "deal",
    "verbs_displaced": "displaced",
}


@dataclass(frozen=True)
class Frame:
    name: str  # the sub-event type (or Displacement / Negotiation)
    acled: str  # the event type
    # (lemma, extra words, need): need "civilian" (the victims are civilians) or "crowd" (the subject is
    # demonstrators or a crowd: "protesters gathered outside parliament")
    verbs: tuple[tuple[str, tuple[str, ...], str], ...]
    nominals: tuple[tuple[str, ...], ...]  # word sequences, last word the head lemma
    # nominals that are this frame only between parties ("a meeting between the junta and the rebels")
    nominals_parties: tuple[tuple[str, ...], ...]
    objects: frozenset[str]
    instruments: frozenset[str]
    cues: tuple[tuple[str, ...], ...]
    actor1_not: frozenset[str]


def _seq(entry: str) -> tuple[str, ...]:
    return tuple(entry.lower().split())


@lru_cache(maxsize=1)
def frames() -> dict[str, Frame]:
    out = {}
    for name, f in lexicon.table("events", "frames").items():
        verbs = [(_seq(v)[0], _seq(v)[1:], need) for key, need in _VERB_KEYS.items() for v in f.get(key, [])]
        out[name] = Frame(
            name=name,
            acled=f["acled"],
            verbs=tuple(verbs),
            nominals=tuple(_seq(n) for n in f.get("nominals", [])),
            nominals_parties=tuple(_seq(n) for n in f.get("nominals_parties", [])),
            objects=frozenset(w.lower() for w in f.get("objects", [])),
            instruments=frozenset(w.lower() for w in f.get("instruments", [])),
            cues=tuple(_seq(c) for c in f.get("cues", [])),
            actor1_not=frozenset(f.get("actor1_not", [])),
        )
    return out


@lru_cache(maxsize=1)
def _verb_index() -> dict[str, list[tuple[Frame, tuple[str, ...], str]]]:
    idx: dict[str, list] = {}
    for fr in frames().values():
        for lemma, extra, civ in fr.verbs:
            idx.setdefault(lemma, []).append((fr, extra, civ))
    for lst in idx.values():  # longer (more specific) entries first
        lst.sort(key=lambda e: -len(e[1]))
    return idx


@lru_cache(maxsize=1)
def _nominal_index() -> dict[str, list[tuple[Frame, tuple[str, ...], bool]]]:
    """head word -> (frame, word sequence, needs parties)"""
    idx: dict[str, list] = {}
    for fr in frames().values():
        for seq in fr.nominals:
            idx.setdefault(seq[-1], []).append((fr, seq, False))
        for seq in fr.nominals_parties:
            idx.setdefault(seq[-1], []).append((fr, seq, True))
    for lst in idx.values():
        lst.sort(key=lambda e: -len(e[1]))
    return idx


def _near_words(tok: Token) -> set[str]:
    """Lemmas and forms of the token's children and grandchildren (the words a phrasal entry may need), and what a
    container object holds ("a barrage of missiles"); of its subject the head word only ("insurgents sheltering
    there took part": no "take shelter")."""
    out: set[str] = set()
    containers = lexicon.words("events", "means_containers")
    for c in tok.children:
        out |= {c.lemma_.lower(), c.lower_}
        if c.dep_ in ("nsubj", "csubj"):
            continue
        for g in c.children:
            out |= {g.lemma_.lower(), g.lower_}
            if g.dep_ == "prep" and g.lower_ == "of" and c.lemma_.lower() in containers:
                # "fired a barrage of cruise missiles", "launched dozens of rockets": what the container holds
                out |= {x for p in g.children if p.dep_ == "pobj" for x in (p.lemma_.lower(), p.lower_)}
    return out


def object_of(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("dobj", "obj", "nsubjpass"):
            return c
    for c in tok.children:  # "fired on protesters", "opened fire at the crowd"
        if c.dep_ == "prep":
            g = next((x for x in c.children if x.dep_ == "pobj"), None)
            if g is not None:
                return g
    return None


def _predicate_words(tok: Token) -> set[str]:
    """Lemmas of the verb's phrase without its subject."""
    out: set[str] = set()
    for c in tok.children:
        if c.dep_ not in ("nsubj", "nsubjpass", "csubj"):
            out |= {t.lemma_.lower() for t in c.subtree} | {t.lower_ for t in c.subtree}
    return out


def _objects(tok: Token) -> list[Token]:
    """The object, passive subject and prepositional objects of a verb ("opened fire on protesters")."""
    out = [c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative"):
            out += [g for g in c.children if g.dep_ == "pobj"]
    return out


def objects(tok: Token) -> list[Token]:
    """The object, passive subject and prepositional objects of a verb (what or whom it was done to)."""
    return _objects(tok)


def words_of_head(tok: Token) -> set[str]:
    """The head word of a phrase, its compounds and its conjuncts (lemma and form)."""
    out = {tok.lemma_.lower(), tok.lower_}
    for c in tok.children:
        if c.dep_ in ("compound", "conj", "amod") or c.dep_ == "acl" and c.tag_ == "VBG":  # "youths protesting"
            out |= {c.lemma_.lower(), c.lower_}
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:  # "dozens of villagers", "a cache of weapons"
        for g in of.children:
            if g.dep_ == "pobj":
                out |= {g.lemma_.lower(), g.lower_}
    return out


def civilian_phrase(tok: Token | None) -> bool:
    """Does the phrase headed by ``tok`` name civilians ("three villagers", "a group of students")?"""
    if tok is None:
        return False
    return bool(words_of_head(tok) & lexicon.words("events", "civilian_nouns"))


def match_verb(tok: Token) -> Frame | None:
    """The frame a verb triggers, or None."""
    if tok.pos_ != "VERB":
        return None
    entries = _verb_index().get(tok.lemma_.lower())
    if not entries:
        # the lemmatizer misreads some verbs ("raped" -> "rap"): the inflected form stripped of its ending
        w = tok.lower_
        for end in ("ing", "ed", "es", "d", "s"):
            stem = w[: -len(end)]
            if w.endswith(end) and (_verb_index().get(stem) or _verb_index().get(stem + "e")):
                entries = _verb_index().get(stem) or _verb_index()[stem + "e"]  # "raping": rape
                break
        if not entries:
            return None
    near = None
    for fr, extra, civ in entries:
        if extra:
            near = near if near is not None else _near_words(tok)
            if not all(w in near for w in extra):
                continue
        objs = _objects(tok)
        if (
            fr.objects
            and not any(words_of_head(o) & fr.objects for o in objs)
            and not (extra and _predicate_words(tok) & fr.objects)
            and not any(_names_instrument(o, fr) for o in objs)
        ):
            continue  # a phrasal entry may find its object further on: "fired tear gas to disperse protesters"
        if civ == "civilian" and not any(civilian_phrase(o) for o in objs):
            continue
        if civ in _PHRASE_NEEDS and not _predicate_words(tok) & lexicon.words("events", _PHRASE_NEEDS[civ]):
            continue
        if civ in _SUBJECT_NEEDS and not any(
            c.dep_ == "nsubj" and words_of_head(c) & lexicon.words("events", _SUBJECT_NEEDS[civ]) for c in tok.children
        ):
            continue
        return fr
    return None


def _names_instrument(obj: Token, fr: Frame) -> bool:
    """Does the object's phrase name one of the frame's instruments ("dropped canisters of toxic gas")?"""
    if not fr.instruments:
        return False
    words = [t.lower_ for t in obj.subtree]
    text = " ".join(words)
    return any((" " in w and f" {w} " in f" {text} ") or w in words for w in fr.instruments)


def _lemma_in(tok: Token, words: frozenset[str]) -> bool:
    """``tok``'s lemma in ``words``, or its form stripped of an inflection (the lemmatizer reads "staged" as "stag")."""
    if tok.lemma_.lower() in words or tok.lower_ in words:
        return True
    w = tok.lower_
    return any(
        w.endswith(e) and (w[: -len(e)] in words or w[: -len(e)] + "e" in words) for e in ("ing", "ed", "d", "s")
    )


def told_happened(tok: Token, depth: int = 0) -> bool:
    """Does the sentence tell that the event noun ``tok`` happened (see the module's docstring)?"""
    return _told_happened(tok, depth)


def _told_happened(tok: Token, depth: int = 0) -> bool:
    if depth > 3:
        return False
    h = tok.head
    if tok.dep_ in ("conj", "appos") and h.i != tok.i:
        return _told_happened(h, depth + 1)
    if tok.dep_ == "nsubj" and (
        _lemma_in(h, lexicon.words("events", "failure_verbs"))
        or h.lemma_ == "break"
        and any(c.dep_ == "prt" and c.lower_ in lexicon.words("events", "failure_particles") for c in h.children)
    ):
        return False  # "talks on extending the truce broke down", "the ceasefire collapsed": ended, none held
    if tok.dep_ in ("nsubj", "nsubjpass") and _lemma_in(h, lexicon.words("events", "occurrence_verbs")):
        return True
    if tok.dep_ in ("dobj", "obj") and _lemma_in(h, lexicon.words("events", "holding_verbs")):
        return True
    if tok.dep_ == "pobj" and h.lower_ in lexicon.words("events", "occasion_preps") and h.head.pos_ in ("VERB", "AUX"):
        return True
    if (
        tok.dep_ == "pobj"
        and h.head.pos_ == "VERB"
        and h.lower_ != "for"  # "calling for a hostage deal": asked for, not held
        and _lemma_in(h.head, lexicon.words("events", "holding_verbs"))
    ):
        return True  # "agreed to a prisoner exchange"
    if tok.dep_ == "pobj" and h.lower_ == "for" and _lemma_in(h.head, lexicon.words("events", "meeting_verbs")):
        return True  # "met in Jeddah for ceasefire talks"
    if tok.dep_ == "pobj" and h.lower_ == "of" and h.head.lemma_.lower() in lexicon.words("events", "aftermath_heads"):
        return True  # "victims of the sarin attack", "the site of the blast"
    if tok.dep_ in ("attr", "nsubj") and h.lemma_ == "be" and any(c.dep_ == "expl" for c in h.children):
        return True  # "there were clashes"
    if tok.dep_ == "ROOT":
        return True  # a headline fragment: "Deadly blast in Kabul"
    if event_nouns.agent(tok) is not None:
        return True  # "the abduction of 14 aid workers by gunmen", "continuing attacks by Fulani militias"
    if tok.dep_ in ("dobj", "obj") and any(
        c.dep_ == "ccomp"
        and c.i > tok.i
        and _lemma_in(c, lexicon.words("events", "occurrence_verbs"))
        and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        for c in h.children
    ):
        return True  # "told VOA fighting continues in Malakal": the parser made the clause's subject an object
    if tok.dep_ == "pobj" and h.lower_ == "of" and _lemma_in(h.head, lexicon.words("events", "happening_containers")):
        return _told_happened(h.head, depth + 1)  # "a new round of explosions was heard", "a wave of rioting"
    if any(
        c.dep_ in ("acl", "relcl") and _lemma_in(c, lexicon.words("events", "occurrence_verbs")) for c in tok.children
    ):
        return True  # "an attack that killed 40", "a blast killing five"
    return False


def match_nominal(tok: Token, phrases_only: bool = False) -> Frame | None:
    """The frame an event noun triggers when the sentence tells it happened, or None (``phrases_only``: only
    entries of several words, "xenophobic attacks", "car bomb")."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    entries = _nominal_index().get(tok.lemma_.lower()) or _nominal_index().get(tok.lower_)
    if not entries:
        return None
    doc = tok.doc
    for fr, seq, parties in entries:
        if phrases_only and len(seq) < 2:
            continue
        if parties and not between_parties(tok):
            continue
        if len(seq) > 1:
            before = doc[max(0, tok.i - len(seq) + 1) : tok.i]
            if len(before) != len(seq) - 1 or any(
                w not in (t.lower_, t.lemma_.lower()) for w, t in zip(seq[:-1], before)
            ):
                continue
        anchor = tok
        if len(seq) > 2 and tok.dep_ == "pobj" and tok.head.head.i == tok.i - len(seq) + 1:
            anchor = tok.head.head  # "agreed on an exchange of prisoners": the phrase's head tells whether it happened
        if not _told_happened(anchor):
            return None
        return fr
    return None


def between_parties(tok: Token) -> bool:
    """Is the event noun ``tok`` told between parties: "a meeting between the junta and the rebels", "contacts with
    the rebels", or held by two joined subjects or by "the two sides" ("the rebels and the junta held a meeting")?"""
    for c in tok.children:
        g = child_of(c, "pobj") if c.dep_ == "prep" and c.lower_ in ("between", "with", "among") else None
        if g is not None and (
            g.ent_type_ in ("ORG", "NORP", "GPE", "PERSON")
            or words_of_head(g)
            & (lexicon.words("events", "party_nouns") | lexicon.words("events", "armed_people_nouns"))
        ):
            return True  # "a meeting between the junta and the rebels", "contacts with the Taliban"
    h = tok.head
    while h.dep_ == "conj" and h.head.i != h.i:
        h = h.head
    if tok.dep_ not in ("dobj", "obj", "nsubj", "nsubjpass", "pobj") or h.pos_ not in ("VERB", "AUX", "ADP"):
        return False
    verb = h.head if h.pos_ == "ADP" else h
    return _joined_parties(verb) and not any(c.dep_ == "nsubj" and c.i == tok.i for c in verb.children)


def _joined_parties(verb: Token) -> bool:
    """Is the verb's subject two joined parties or "the two sides" ("army commanders and rebel leaders met")?"""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj is not None and (
        any(c.dep_ == "conj" for c in subj.children)
        or bool(words_of_head(subj) & lexicon.words("events", "party_nouns"))
    )


def child_of(tok: Token, dep: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ == dep), None)


def chemical_named(text: str) -> bool:
    """Does ``text`` (lower case, words spaced) name a chemical agent (``chemical_agents``)?"""
    agents = lexicon.words("events", "chemical_agents")
    padded = f" {text} "
    return bool(set(text.split()) & agents) or any(" " in a and f" {a} " in padded for a in agents)


def instrument_type(words: set[str], text: str = "") -> str | None:
    """The explosion sub-type the means words tell (most specific first), or None. ``text`` (lower case) is
    searched for the multi-word instruments ("roadside bomb")."""
    fr = frames()
    for name in _INSTRUMENT_ORDER:
        ins = fr[name].instruments
        if words & ins or any(" " in w and w in text for w in ins):
            return name
    return None


def _has_cue(lemmas: list[str], forms: list[str], cue: tuple[str, ...]) -> bool:
    n = len(cue)
    if n == 1:
        return cue[0] in lemmas or cue[0] in forms
    for i in range(len(lemmas) - n + 1):
        if all(c in (lemmas[i + k], forms[i + k]) for k, c in enumerate(cue)):
            return True
    return False


def _cued(sent_tokens, name: str) -> bool:
    # a word that only names the kind of a force or its gear is no cue ("riot police", "anti-riot squad")
    gear = lexicon.words("events", "not_cue_heads")
    kept = [t for t in sent_tokens if not (t.dep_ in ("compound", "amod") and t.head.lemma_.lower() in gear)]
    lemmas = [t.lemma_.lower() if t in kept else "" for t in sent_tokens]
    forms = [t.lower_ if t in kept else "" for t in sent_tokens]
    return any(_has_cue(lemmas, forms, c) for c in frames()[name].cues)


def refine_protest(sent_tokens) -> str:
    """The sub-type of a protest told in a sentence, by its cues: lethal force against protesters, intervention,
    violence by the demonstrators themselves (a riot); else a peaceful protest."""
    for name in ("Excessive force against protesters", "Protest with intervention", "Violent demonstration"):
        if _cued(sent_tokens, name):
            return name
    return "Peaceful protest"


def refine_riot(sent_tokens) -> str:
    """A riot is mob violence when the sentence tells of a mob or a lynching, else a violent demonstration."""
    return "Mob violence" if _cued(sent_tokens, "Mob violence") else "Violent demonstration"


def acled_type(sub: str) -> str:
    return frames()[sub].acled


def mentioned(sent_tokens, name: str) -> bool:
    """Does the sentence name an event nominal of frame ``name`` (told as happening or not: "an end to the
    sectarian fighting")?"""
    doc = None
    for tok in sent_tokens:
        for fr, seq, _ in _nominal_index().get(tok.lemma_.lower()) or _nominal_index().get(tok.lower_) or []:
            if fr.name != name or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            doc = tok.doc
            before = doc[max(0, tok.i - len(seq) + 1) : tok.i]
            if len(before) == len(seq) - 1 and all(w in (t.lower_, t.lemma_.lower()) for w, t in zip(seq[:-1], before)):
                return True
    return False


def occasion(tok: Token) -> Frame | None:
    """The frame of the event noun a verb's happening took place in ("killed in sectarian violence", "wounded during
    a riot"), or None."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in lexicon.words("events", "occasion_preps"):
            for g in c.children:
                if g.dep_ == "pobj":
                    fr = match_nominal(g)
                    if fr is not None:
                        return fr
    return None
