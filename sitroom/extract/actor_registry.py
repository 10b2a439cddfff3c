"""The actor registry and the words that find actors: loaded once, cached.

Reads ``sitroom/data/actors/*.yaml`` (generated country rows first, then the hand-written registry; a user file named
by ``SITROOM_ACTORS`` replaces entries by id), ``sitroom/data/actors/vocabulary.yaml`` and ``sitroom/data/outlets.yaml``
into one :class:`Lexicon`: the actors with their aliases, descriptors, theatres and years, the outlets, and the
compiled alias, descriptor and outlet patterns. Also: which actor an alias means in an article's theatre and year
(:func:`pick_actor`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from sitroom.config import DATA_DIR
from sitroom.errors import ConfigError


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
    affiliate_of: tuple[str, ...] = ()  # ids of the groups it is a branch of ("al-Qaida-linked militants" in Somalia)
    types: tuple[str, ...] = ()  # what kind of armed group it is (jihadist, separatist): decides between rivals

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
    armed_definition_heads: frozenset[str]
    unarmed_modifiers: frozenset[str]
    state_name_words: frozenset[str]
    unarmed_heads: frozenset[str]
    descriptors: dict[str, tuple[str, ...]]
    # type -> the words of a description that say it means a group of that type ("the jihadists": jihadist)
    descriptor_types: dict[str, frozenset[str]] = field(default_factory=dict)
    name_openers: frozenset[str] = frozenset()  # first words that make a name armed ("Jaysh al-Nasr", "Katiba Serma")
    # words that set a party against the state ("rebel", "resistance"): with an armed body ("columns", "forces") a
    # non-state description, and after a country's possessive no state's forces ("Myanmar's resistance forces")
    against_state_modifiers: frozenset[str] = frozenset()
    armed_bodies: frozenset[str] = frozenset()  # nouns for a body of armed men ("columns", "convoys", "units")


@dataclass
class Lexicon:
    actors: dict[str, ActorDef]
    outlets: dict[str, str]  # alias -> canonical outlet name
    alias_re: re.Pattern[str]
    alias_map: dict[str, str]  # folded alias -> actor id (the first actor for which it is a global alias)
    desc_re: re.Pattern[str]
    desc_map: dict[str, str]  # folded descriptor -> default actor id (the first actor listing it)
    outlet_re: re.Pattern[str]
    capitals: dict[str, str] = field(default_factory=dict)  # folded capital -> actor id
    alias_cands: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)  # folded alias -> [(id, local)]
    vocab: Vocabulary | None = None
    desc_kind: dict[str, str] = field(default_factory=dict)  # folded descriptor -> actor kind it refers to
    _by_country: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    alias_starts: re.Pattern[str] | None = None  # where an alias may start: its first one or two letters, any case
    # folded capital -> its government, every entry (generated ones too): "Moscow said ..." reports for Russia
    reporting_capitals: dict[str, str] = field(default_factory=dict)
    # folded descriptor -> every actor listing it as its own (in file order): the default is the one of the text's
    # theatre and year (:func:`pick_default`)
    desc_cands: dict[str, list[str]] = field(default_factory=dict)

    def aliases_in(self, text: str) -> Iterator[re.Match[str]]:
        """``alias_re.finditer(text)``, the one long alternation tried only where an alias may start."""
        if self.alias_starts is None:
            yield from self.alias_re.finditer(text)
            return
        last = 0
        for c in self.alias_starts.finditer(text):
            if c.start() < last:
                continue
            m = self.alias_re.match(text, c.start())
            if m:
                yield m
                last = m.end()

    def by_country(self, cc: str, kinds: tuple[str, ...], year: int | None = None) -> ActorDef | None:
        """The registry's actor of one of ``kinds`` for country ``cc`` (explicit entries before generated ones;
        one active in ``year`` when there is one)."""
        found = None
        for k in kinds:
            # the state's own forces before a force on its side ("Russian forces" are Russia's, not Wagner's)
            for aid in sorted(
                self._by_country.get((cc, k), ()),
                key=lambda x: (self.actors[x].generated, self.actors[x].pro_government),
            ):
                a = self.actors[aid]
                if a.active(year):
                    return a
                found = found or a
        return found


ACTORS_DIR = DATA_DIR / "actors"
VOCABULARY = "vocabulary.yaml"


def load_actor_file(path: Path | str) -> list[dict]:
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
            strong_heads=frozenset(heads["strong"]),
            weak_heads=frozenset(heads["weak"]),
            followers=frozenset(v["armed_followers"]),
            state_followers=frozenset(v["state_followers"]),
            armed_modifiers=frozenset(w.casefold() for w in v["armed_modifiers"]),
            definition_heads=frozenset(v["definition_heads"]),
            armed_definition_heads=frozenset(v["armed_definition_heads"]),
            unarmed_modifiers=frozenset(w.casefold() for w in v["unarmed_modifiers"]),
            state_name_words=frozenset(v["state_name_words"]),
            unarmed_heads=frozenset(v["unarmed_heads"]),
            descriptors={k: tuple(ws) for k, ws in v["descriptors"].items()},
            name_openers=frozenset(v.get("armed_name_openers") or ()),
            against_state_modifiers=frozenset(w.casefold() for w in v.get("against_state_modifiers") or ()),
            armed_bodies=frozenset(w.casefold() for w in v.get("armed_bodies") or ()),
            descriptor_types={
                k: frozenset(w.casefold() for w in ws) for k, ws in (v.get("descriptor_types") or {}).items()
            },
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(
            f"cannot read the actor vocabulary {path}: {exc}",
            hint="it needs armed_heads (strong, weak), armed_followers, state_followers, armed_modifiers, "
            "definition_heads, armed_definition_heads, unarmed_modifiers, state_name_words, unarmed_heads, descriptors",
        ) from exc


def _years(r: dict) -> tuple[int | None, int | None]:
    y = r.get("years")
    if y is None:
        return (None, None)
    if not isinstance(y, list) or len(y) != 2 or not all(v is None or isinstance(v, int) for v in y):
        raise ConfigError(f"actor {r.get('id')!r}: years must be [first, last] (a year or null each), not {y!r}")
    return (y[0], y[1])


def is_acronym(alias: str) -> bool:
    """An acronym, matched with its case: all capitals ("RSF", "M23") or a short word with a capital after a small
    letter ("LeT", "JeM": not the words "let", "Let me")."""
    letters = re.sub(r"[^A-Za-z]", "", alias)
    if bool(letters) and letters.isupper() and len(letters) <= 5:
        return True
    return len(alias) <= 6 and re.fullmatch(r"[A-Z][a-z]+[A-Z][A-Za-z]*", alias) is not None


def alternation(words: list[str]) -> str:
    words = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


def _trie(keys: set[str]) -> str:
    """An alternation of ``keys`` (short strings) grouped by their first characters, which the regex engine tries one
    branch of instead of every key: any key that is a prefix of the text matches."""
    if "" in keys:
        return ""  # the empty key matches wherever the branch got to
    groups: dict[str, set[str]] = {}
    for k in keys:
        groups.setdefault(k[0], set()).add(k[1:])
    return "(?:" + "|".join(re.escape(c) + _trie(rest) for c, rest in sorted(groups.items())) + ")"


def fold_name(s: str) -> str:
    """A name as the alias tables key it: spaces collapsed, the curly apostrophe straightened, casefolded."""
    return re.sub(r"\s+", " ", s).strip().replace("\u2019", "'").casefold()


def registry_rows(user_file: str | None = None) -> list[dict]:
    """Every actor row of the shipped registry (``data/actors/*.yaml`` but the vocabulary; generated country rows
    first) plus the user's file."""
    files = sorted(p for p in ACTORS_DIR.glob("*.yaml") if p.name != VOCABULARY)
    files.sort(key=lambda p: p.name != "states.yaml")
    rows = [r for f in files for r in load_actor_file(f)]
    if user_file:
        rows = rows + load_actor_file(user_file)
    return rows


@lru_cache(maxsize=4)
def load_lexicon(user_file: str | None = None) -> Lexicon:
    """The actor and outlet dictionaries (shipped data, plus ``user_file`` if given)."""
    rows = registry_rows(user_file)
    actors: dict[str, ActorDef] = {}
    for r in rows:
        if not isinstance(r, dict):
            raise ConfigError(
                f"actor entry {r!r} is not a mapping", hint="each actor is a YAML mapping with id, name and kind"
            )
        try:
            a = ActorDef(
                id=str(r["id"]),
                name=str(r["name"]),
                kind=str(r["kind"]),
                country=r.get("country"),
                capital=r.get("capital"),
                aliases=tuple(r.get("aliases") or ()),
                descriptors=tuple(r.get("descriptors") or ()),
                theatre=tuple(str(c).upper() for c in (r.get("theatre") or ())),
                years=_years(r),
                local_aliases=tuple(r.get("local_aliases") or ()),
                generated=bool(r.get("generated")),
                pro_government=bool(r.get("pro_government")),
                leaders=tuple(r.get("leaders") or ()),
                affiliate_of=tuple(str(x) for x in (r.get("affiliate_of") or ())),
                types=tuple(str(x) for x in (r.get("types") or ())),
            )
        except KeyError as exc:
            raise ConfigError(
                f"actor entry {r!r} lacks the field {exc}", hint="each actor needs id, name and kind"
            ) from None
        actors[a.id] = a  # a user entry with the same id replaces the shipped one
    vocab = _load_vocabulary(ACTORS_DIR / VOCABULARY)
    outlets: dict[str, str] = {}
    for r in load_actor_file(DATA_DIR / "outlets.yaml"):
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
            local = local or (bool(a.theatre) and is_acronym(al))
            k = fold_name(al)
            if not local:
                alias_map.setdefault(k, a.id)
            lst = cands.setdefault(k, [])
            if all(x != a.id for x, _ in lst):
                lst.append((a.id, local))
            (acr if is_acronym(al) else words).append(al)
    # one alternation, longest first, acronyms case-sensitive: "UN refugee agency" before "UN", "AU forces" before "AU"
    both = sorted({(a, True) for a in acr} | {(w, False) for w in words}, key=lambda x: len(x[0]), reverse=True)
    alias_re = re.compile(
        r"(?<![\w-])(?i:"
        + "|".join(
            ("(?-i:" + re.escape(w).replace(r"\ ", r"\s+") + ")") if a else re.escape(w).replace(r"\ ", r"\s+")
            for w, a in both
        )
        + r")(?![\w-])"
    )
    # a superset of the places alias_re can match at: the first three characters of an alias (fewer before a space)
    keys = {re.split(r"\s", w[:3])[0].lower() for w, _ in both}
    alias_starts = re.compile(r"(?<![\w-])(?=(?i:" + _trie(keys) + r"))")
    desc_map: dict[str, str] = {}
    desc_kind: dict[str, str] = {}
    desc_cands: dict[str, list[str]] = {}
    for a in actors.values():
        for d in a.descriptors:
            desc_map.setdefault(fold_name(d), a.id)
            desc_kind.setdefault(fold_name(d), a.kind)
            desc_cands.setdefault(fold_name(d), []).append(a.id)
    for kind, ws in vocab.descriptors.items():
        for d in ws:
            desc_kind.setdefault(fold_name(d), kind)
    for mod in vocab.against_state_modifiers:  # "rebel columns", "insurgent convoys": composed descriptions
        for body in vocab.armed_bodies:
            desc_kind.setdefault(fold_name(f"{mod} {body}"), "non-state-armed")
    desc_re = re.compile(r"(?<![\w-])(?i:" + alternation(list(desc_kind)) + r")(?![\w-])")
    outlet_acr = [o for o in outlets if is_acronym(o)]
    outlet_words = [o for o in outlets if not is_acronym(o)]
    outlet_re = re.compile(
        r"(?<![\w-])(?:(?-i:" + alternation(outlet_acr) + r")|(?i:" + alternation(outlet_words) + r"))(?![\w-])"
        r"|(?<=\bthe )([A-Z][\w-]*(?: [A-Z][\w-]*){0,3}) news agency"
    )
    # capitals as parties in the text ("talks with Kabul"): the registry's own entries (the generated ones only speak)
    capitals = {fold_name(a.capital): a.id for a in actors.values() if a.capital and not a.generated}
    by_country: dict[tuple[str, str], list[str]] = {}
    for a in sorted(actors.values(), key=lambda a: a.generated):
        if a.country:
            by_country.setdefault((a.country, a.kind), []).append(a.id)
    return Lexicon(
        actors,
        outlets,
        alias_re,
        alias_map,
        desc_re,
        desc_map,
        outlet_re,
        capitals,
        cands,
        vocab,
        desc_kind,
        by_country,
        alias_starts,
        {fold_name(a.capital): a.id for a in actors.values() if a.capital} | capitals,
        desc_cands,
    )


def in_scope(a: ActorDef, countries: Counter, year: int | None) -> bool:
    sc = a.scope()
    return a.active(year) and (not sc or not countries or bool(set(sc) & set(countries)))


def pick_actor(lex: Lexicon, alias: str, countries: Counter, year: int | None) -> str | None:
    """The actor an alias means in this article: an in-scope local alias first (the theatre's own meaning, the one
    whose theatre the text names most), then a global one; a local alias out of its theatre or years means none. A
    local alias that is a description ("rebels", "the separatists") needs its theatre named: in a text that names no
    country it means no one; a local name or acronym ("M23") holds there."""
    key = fold_name(alias)
    cands = lex.alias_cands.get(key, ())
    local = [
        (aid, sum(countries.get(c, 0) for c in lex.actors[aid].scope()))
        for aid, loc in cands
        if loc
        and in_scope(lex.actors[aid], countries, year)
        and (countries or not _description_alias(lex.actors[aid], key))
    ]
    if local:
        return max(local, key=lambda x: x[1])[0]
    glob = [aid for aid, loc in cands if not loc]
    active = [aid for aid in glob if lex.actors[aid].active(year)]
    found = active or glob
    return found[0] if found else None


def _description_alias(a: ActorDef, key: str) -> bool:
    """Is the folded alias ``key`` one of ``a``'s local aliases written as a common description (all lower case)?"""
    return any(al == al.lower() and fold_name(al) == key for al in a.local_aliases)


def pick_default(lex: Lexicon, key: str, countries: Counter, year: int | None) -> str | None:
    """The actor a generic descriptor ("the paramilitaries", "Tuareg rebels") means by default in this article: of
    the actors listing it, one whose theatre the text names and that is active in its year (the one whose home, the
    first country of its theatre, the text names most, then its theatre, then the one formed last: "Tuareg rebels" in 2014 are the CMA, formed that year, not the
    MNLA of 2012; no year of slack, unlike an alias); an actor with no theatre holds anywhere. None when no listing actor is in scope."""
    best: tuple[int, int, int, str] | None = None
    for aid in lex.desc_cands.get(key, ()):
        a = lex.actors[aid]
        if not a.active(year, slack=0) or (a.scope() and not set(a.scope()) & set(countries)):
            continue
        sc = a.scope()
        # its home (the first country of its theatre) named most, then its theatre, then the group formed last
        rank = (countries.get(sc[0], 0) if sc else 0, sum(countries.get(c, 0) for c in sc), a.years[0] or 0, aid)
        if best is None or rank[:3] > best[:3]:
            best = rank
    return best[3] if best else None


@lru_cache(maxsize=1)
def name_heads() -> frozenset[str]:
    """Capitalised head nouns of organisation names ("Movement", "Brigade", "Front"): the vocabulary's armed heads
    and unarmed organisation heads."""
    v = _load_vocabulary(ACTORS_DIR / VOCABULARY)
    return v.strong_heads | v.weak_heads | v.unarmed_heads
