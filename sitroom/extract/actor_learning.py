"""Actors an article defines or names itself: the registry may not know them.

"the paramilitary Rapid Support Forces (RSF)", "the rebel group M23", "Free Syrian Army", "Seleka rebels", "X, also
known as Y": each with the span that names it, its kind (an armed group, state forces, or an organisation, which is
no actor but whose name is no place either) and, where the name turns out to be a registry actor's, that actor.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sitroom.extract import lexicon
from sitroom.extract.actor_leaders import led_by_name
from sitroom.extract.actor_registry import Lexicon, fold_name, pick_actor
from sitroom.model import Article

# the shape of a proper name in running text (structure, not vocabulary): capitalised words, numbers ("March 23
# Movement") and the small words names are built with ("Sudan People's Liberation Army-in-Opposition")
_NAME_WORD = r"(?:[A-Z][\w'\u2019.&/-]*|(?:al|el|ad|ash|as|an|ar|at)-[A-Z][\w'\u2019-]*|\d+(?:st|nd|rd|th)?)"
_CONNECT = r"(?:of|the|for|and|de|du|des|al|wal|el|in|y|la|le)"
_NAME = rf"{_NAME_WORD}(?:[ ](?:{_CONNECT}[ ])*{_NAME_WORD}){{0,7}}"
_ACR = r"[A-Z][A-Za-z0-9/&-]{1,11}"
_DEFINED_RE = re.compile(rf"(?P<name>{_NAME})\s+\((?P<acr>{_ACR})\)")
_APPOSITIVE_RE = re.compile(
    rf"(?P<name>{_NAME})(?:\s+\((?P<acr>{_ACR})\))?,\s+(?:a|an|the)\s+(?P<desc>(?:[\w'-]+\s+){{0,3}}?)(?P<head>[a-z]+)\b(?P<after>[^.;]{{0,24}})"
)
# the words between a description and the name it goes by ("known as", "calling itself"): the lexicon's naming_links
_NAMING = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(lexicon.words("actors", "naming_links"), key=len, reverse=True)
)
_KNOWN_AS_RE = re.compile(
    rf"\b(?P<head>[a-z]+),?\s+(?:who\s+(?:are|were|is|was)\s+)?(?:locally\s+|also\s+|widely\s+|commonly\s+)?"
    rf"(?:{_NAMING})\s+(?:the\s+)?(?P<name>{_NAME})"
)
_ALSO_KNOWN_RE = re.compile(
    rf"(?P<name>{_NAME}),?\s+(?:\(\s*)?(?:also\s+|formerly\s+|previously\s+)?(?:known|called)\s+as\s+(?:the\s+)?(?P<alias>{_NAME})"
)
_NAME_RE = re.compile(_NAME)
_LEAD_RE = re.compile(
    r"^(?:(?:The|A|An|In|On|At|But|And|Meanwhile|Fighters|Members|Troops|Forces|Units|Soldiers|Leaders?|Commanders?)\s+|(?:of|the|for|and|in|from)\s+|[\w.-]+(?:'s|\u2019s)\s+)+"
)
_GROUP_AFTER = re.compile(
    r"\s+(?:led|that|which|who|fighting|linked|allied|backed|affiliated|based|loyal|formed|founded|responsible|blamed|accused|claiming|seeking|operating)\b"
)
_MODIFIER_NAME = re.compile(
    r"-(?:led|backed|linked|allied|based|aligned|affiliated|inspired|held|controlled|dominated|supported|trained|funded|armed|sponsored)$",
    re.I,
)
_NOT_NAMES = {
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "The",
    "A",
    "An",
    # possessive pronouns opening a quotation ('"Our forces have liberated X"'): whose forces, not a name
    "Our",
    "Their",
    "His",
    "Her",
    "Its",
    "My",
    "Your",
}


@dataclass
class LearnedActor:
    """An actor the article defines or names with an armed head ("the paramilitary Rapid Support Forces (RSF)")."""

    name: str
    forms: set[str]
    kind: str  # non-state-armed | state-forces | organisation (not an actor: its span is no place)
    country: str | None = None
    registry: str | None = None  # the registry actor it turned out to be


def _strip_lead(name: str) -> tuple[str, int]:
    """ "The Rapid Support Forces" -> ("Rapid Support Forces", 4): leading article, sentence adverbs, possessors."""
    m = _LEAD_RE.match(name)
    if not m:
        return name, 0
    return name[m.end() :], m.end()


def learn_actors(
    article: Article, doc, lex: Lexicon, countries: Counter, year: int | None
) -> list[tuple[int, int, LearnedActor]]:
    """In-text definitions and armed names the registry may not know, with the spans that define them."""
    ctx = _Learner(article, doc, lex, countries, year)
    _definitions(ctx)
    _armed_names(ctx)
    _follower_names(ctx)
    _also_known(ctx)
    return ctx.found


class _Learner:
    """One article's learning: its context, the checks every found name passes, and what was found so far."""

    def __init__(self, article: Article, doc, lex: Lexicon, countries: Counter, year: int | None) -> None:
        assert lex.vocab is not None  # find_actors learns only with the vocabulary loaded
        self.article, self.doc, self.lex, self.countries, self.year = article, doc, lex, countries, year
        self.v = lex.vocab
        self.text = article.text
        self.heads = [(h.start, h.end) for h in article.headings]
        self.sent_starts = [x.start for x in article.sentences]
        self.top = countries.most_common(1)[0][0] if countries else None
        self.found: list[tuple[int, int, LearnedActor]] = []

    def place_country(self, s: int, e: int, kinds=("country",)) -> str | None:
        for p in self.article.places:
            if s <= p.mention.start and p.mention.end <= e and p.country and (p.role == "demonym" or p.kind in kinds):
                return p.country
        return None

    def bad_span(self, s: int, e: int) -> bool:
        article, doc = self.article, self.doc
        if any(hs <= s < he for hs, he in self.heads) or (article.title and s < len(article.title) + 2):
            return True  # title case: every word is capitalised
        if any(p.mention.start <= s and e <= p.mention.end for p in article.places):
            return True  # "the Islamist group Washington blames": a place, not a name of the group
        if doc is None:
            return False
        span = doc.char_span(s, e, alignment_mode="expand")
        return (
            span is None
            or any(t.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT") for t in span)
            or all(t.ent_type_ in ("GPE", "LOC") for t in span)
        )

    def armed_before(self, s: int) -> bool:
        words = re.findall(r"[\w'-]+", self.text[max(0, s - 40) : s])[-3:]
        return any(w.casefold() in self.v.armed_modifiers for w in words)

    def classify(self, name: str, s: int, e: int, armed_hint: bool) -> LearnedActor | None:
        v, lex, top = self.v, self.lex, self.top
        words = name.split()
        if not words or words[0] in _NOT_NAMES and len(words) == 1:
            return None
        last = words[-1].split("-")[0]
        reg = pick_actor(lex, name, self.countries, self.year)
        if reg is not None:
            return LearnedActor(name, {name}, lex.actors[reg].kind, lex.actors[reg].country, reg)
        cc = self.place_country(s, e)
        content = [w for w in words if not re.fullmatch(_CONNECT, w)]
        owner = self.owner_country(s)
        if owner and last in v.strong_heads:  # "Ukraine's 3rd Assault Brigade", "Israel's Golani Brigade"
            return LearnedActor(name, {name}, "state-forces", owner)
        if last in v.unarmed_heads and last not in v.strong_heads and not armed_hint:
            return LearnedActor(name, {name}, "organisation")
        if cc and last in v.strong_heads:
            plain = [w for w in content if self.place_country(s + name.find(w), s + name.find(w) + len(w)) is None]
            if all(w in v.state_name_words or w in v.strong_heads for w in plain):
                return LearnedActor(name, {name}, "state-forces", cc)
        if last in v.strong_heads and len(content) >= 2:
            if all(w in v.state_name_words or w in v.strong_heads for w in content) and top:
                return LearnedActor(name, {name}, "state-forces", top)  # "the National Guard", "Republican Guard"
            return LearnedActor(name, {name}, "non-state-armed", top)
        if armed_hint:
            return LearnedActor(name, {name}, "non-state-armed", top)
        return None

    def owner_country(self, s: int) -> str | None:
        """The country whose possessive stands right before ``s`` ("Ukraine's" in "Ukraine's 3rd Assault
        Brigade"): a unit a state owns is that state's."""
        m = re.search(r"(\S+)(?:'s|\u2019s)\s+$", self.text[max(0, s - 40) : s])
        if m is None:
            return None
        at = s - len(m.group(0))
        return self.place_country(at, at + len(m.group(1)))

    def in_sentence(self, s: int, name: str) -> tuple[int, str]:
        """A name does not run over a sentence's end ("... the town of Menaka in Mali. The Karoo Patriots Alliance"):
        its part in its last sentence, with where that starts."""
        inner = [x for x in self.sent_starts if s < x < s + len(name)]
        return (inner[-1], name[inner[-1] - s :]) if inner else (s, name)

    def add(self, s: int, e: int, name: str, hint: bool, acr: str | None = None) -> None:
        lex = self.lex
        s, name = self.in_sentence(s, name.strip())
        name, cut = _strip_lead(name)
        s += cut
        if not name or self.bad_span(s, s + len(name)) or _MODIFIER_NAME.search(name.split()[-1]):
            return
        ln = self.classify(name, s, s + len(name), hint)
        if ln is None and acr:
            ln = LearnedActor(name, {name}, "organisation")  # a defined acronym: a name, whatever it names
        if ln is None:
            return
        if acr:
            ln.forms.add(acr)
            reg = pick_actor(lex, acr, self.countries, self.year)
            if ln.registry is None and reg is not None and lex.actors[reg].kind not in ("state",):
                ln.registry, ln.kind, ln.country = reg, lex.actors[reg].kind, lex.actors[reg].country
        self.found.append((s, s + len(name), ln))


def _definitions(ctx: _Learner) -> None:
    """Names the text defines: "Name (ACR)", "Name, a rebel group ...", "militia known as Name"."""
    v, text = ctx.v, ctx.text
    for m in _DEFINED_RE.finditer(text):
        acr = m.group("acr")
        if sum(c.isupper() or c.isdigit() for c in acr) < 2:
            continue
        hint = ctx.armed_before(m.start("name")) or bool(
            re.match(
                r",\s+(?:a|an|the)\s+(?:[\w'-]+\s+){0,3}?(?:militia|rebels?|insurgents|armed|militant|jihadist|paramilitary)",
                text[m.end() : m.end() + 60],
            )
        )
        ctx.add(m.start("name"), m.end("name"), m.group("name"), hint, acr)
    for m in _APPOSITIVE_RE.finditer(text):
        head, desc = m.group("head"), m.group("desc").split()
        if head not in v.definition_heads or any(w.casefold() in v.unarmed_modifiers for w in desc):
            continue
        armed = (
            head in v.armed_definition_heads
            or any(w.casefold() in v.armed_modifiers for w in desc)
            or (
                not desc
                and head in ("group", "movement", "alliance", "coalition")
                and _GROUP_AFTER.match(m.group("after"))
            )
            or _of_armed(v, m.group("after"))  # "a coalition of armed groups", "an alliance of rebel factions"
        )
        if armed:
            ctx.add(m.start("name"), m.end("name"), m.group("name"), True, m.group("acr"))
    for m in _KNOWN_AS_RE.finditer(text):
        head = m.group("head")
        if (
            head in v.armed_definition_heads
            or head in v.definition_heads
            and ctx.armed_before(m.start("head") + len(head))
        ):
            ctx.add(m.start("name"), m.end("name"), m.group("name"), True)


def _of_armed(v, after: str) -> bool:
    """ "... of armed groups", "... of rebel factions", "... of fighters": a definition's head followed by what it is
    made of, which is armed."""
    m = re.match(r"\s+of\s+([\w'\s-]+)", after)
    return m is not None and any(
        w.casefold() in v.armed_modifiers or w in v.armed_definition_heads for w in m.group(1).split()
    )


def _armed_names(ctx: _Learner) -> None:
    """Names an armed word introduces or ends in."""
    v, text = ctx.v, ctx.text
    # "the rebel group M23", "militant group al-Shabab", "the paramilitary Rapid Support Forces"
    mods = "|".join(re.escape(w) for w in sorted(v.armed_modifiers, key=len, reverse=True))
    dh = "|".join(re.escape(w) for w in sorted(v.definition_heads, key=len, reverse=True))
    for m in re.finditer(rf"\b(?i:{mods})(?:[ -](?i:{mods}))*[ ](?:(?:{dh})[ ,]+)?(?P<name>{_NAME})", text):
        if all(w.casefold() in v.armed_modifiers for w in re.split(r"[\s-]+", m.group("name"))):
            continue  # "the armed Islamist groups": a description, not a name
        ctx.add(m.start("name"), m.end("name"), m.group("name"), True)
    # a capitalised name ending in a strong armed head ("Free Syrian Army", "Arakan Army"), or opening with a word
    # for one in the language the group names itself in ("Jaysh al-Nasr", "Katiba Serma", "Lashkar-e-Taiba")
    for m in _NAME_RE.finditer(text):
        words = m.group(0).split()
        if len(words) >= 2 and words[-1] in v.strong_heads:
            ctx.add(m.start(), m.end(), m.group(0), False)
        elif words[0].split("-")[0] in v.name_openers and (len(words) >= 2 or "-" in words[0]):
            ctx.add(m.start(), m.end(), m.group(0), True)


def _follower_names(ctx: _Learner) -> None:
    """A name before an armed noun ("Seleka rebels", "Tuareg rebels", "Kokang fighters")."""
    v, text, lex, article, doc = ctx.v, ctx.text, ctx.lex, ctx.article, ctx.doc
    fol = "|".join(re.escape(w) for w in sorted(v.followers, key=len, reverse=True))
    for m in re.finditer(rf"(?P<name>{_NAME})[ ](?P<f>{fol})\b", text):
        s, name = ctx.in_sentence(m.start("name"), m.group("name"))
        name, cut = _strip_lead(name)
        s += cut
        if not name or name in _NOT_NAMES or fold_name(f"{name} {m.group('f')}") in lex.desc_kind:
            continue
        if all(w.casefold() in v.armed_modifiers for w in re.split(r"[\s-]+", name)):
            continue  # "Islamist insurgents", "Shiite militias": a description, not a name
        if " and " in name or _MODIFIER_NAME.search(name):
            continue  # "Gbagbo and Ouattara supporters", "U.S.-backed forces": not a name of the armed actor
        if ctx.place_country(s, m.end("name"), ("country", "province", "city", "district", "region")) or any(
            p.mention.start < m.end("name") and s < p.mention.end for p in article.places
        ):
            continue  # "Kenyan troops", "Aleppo rebels": the demonym rule and the descriptors read these
        if pick_actor(lex, name, ctx.countries, ctx.year) is not None or ctx.bad_span(s, m.end("name")):
            continue
        led = _led_by(ctx, name)
        if led is not None:  # "Haftar's fighters", "Machar's forces": the group its leader leads
            d = lex.actors[led]
            ctx.found.append((s, m.end("f"), LearnedActor(d.name, {f"{name} {m.group('f')}"}, d.kind, d.country, led)))
            continue
        if m.group("f") in v.state_followers and m.group("f") not in ("forces", "force", "army"):
            continue  # "Wagner troops" is the registry's; an unknown name before "troops" says too little
        span = doc.char_span(s, m.end("name"), alignment_mode="expand") if doc is not None else None
        nominal = (
            span is not None and span.root.ent_type_ == "NORP" or name.endswith(("ish", "ian", "ite", "i", "ic", "an"))
        )
        if nominal and m.group("f") in v.state_followers:
            continue  # "African forces": whose forces the text does not say
        full = f"{name} {m.group('f')}"
        ln = LearnedActor(
            full if nominal else name, {full} | (set() if nominal else {name}), "non-state-armed", ctx.top
        )
        ctx.found.append((s, m.end("f"), ln))


def _led_by(ctx: _Learner, name: str) -> str | None:
    """The registry actor a possessive name leads ("Haftar's" -> the LNA)."""
    m = re.fullmatch(r"(?P<who>.+?)(?:'s|\u2019s)", name)
    return led_by_name(ctx.lex, m.group("who"), ctx.countries, ctx.year) if m is not None else None


def _also_known(ctx: _Learner) -> None:
    """ "X, also known as Y": Y is another form of X."""
    for m in _ALSO_KNOWN_RE.finditer(ctx.text):
        a, _ = _strip_lead(m.group("name"))
        b, _ = _strip_lead(m.group("alias"))
        for _, _, ln in ctx.found:
            if a in ln.forms:
                ln.forms.add(b)
