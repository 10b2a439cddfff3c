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
    theatre: tuple[str, ...] = ()  # ISO2 codes where a descriptor with no earlier referent means this actor


@dataclass
class Lexicon:
    actors: dict[str, ActorDef]
    outlets: dict[str, str]  # alias -> canonical outlet name
    alias_re: re.Pattern[str]
    alias_map: dict[str, str]  # folded alias -> actor id
    desc_re: re.Pattern[str]
    desc_map: dict[str, str]  # folded descriptor -> default actor id
    outlet_re: re.Pattern[str]
    capitals: dict[str, str] = field(default_factory=dict)  # folded capital -> actor id

    def by_country(self, cc: str, kinds: tuple[str, ...]) -> ActorDef | None:
        for a in self.actors.values():
            if a.country == cc and a.kind in kinds:
                return a
        return None


def _load_yaml(path: Path | str) -> list[dict]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read actor file {path}: {exc}", hint="check the YAML syntax") from exc
    if not isinstance(data, list):
        raise ConfigError(f"actor file {path} must hold a YAML list of actors")
    return data


def _is_acronym(alias: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return bool(letters) and letters.isupper() and len(letters) <= 5


def _alternation(words: list[str]) -> str:
    words = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()


@lru_cache(maxsize=4)
def load_lexicon(user_file: str | None = None) -> Lexicon:
    """The actor and outlet dictionaries (shipped data, plus ``user_file`` if given)."""
    rows = _load_yaml(DATA_DIR / "actors.yaml")
    if user_file:
        rows = rows + _load_yaml(user_file)
    actors: dict[str, ActorDef] = {}
    for r in rows:
        try:
            a = ActorDef(
                id=str(r["id"]), name=str(r["name"]), kind=str(r["kind"]), country=r.get("country"),
                capital=r.get("capital"), aliases=tuple(r.get("aliases") or ()), descriptors=tuple(r.get("descriptors") or ()),
                theatre=tuple(str(c).upper() for c in (r.get("theatre") or ())),
            )
        except KeyError as exc:
            raise ConfigError(f"actor entry {r!r} lacks the field {exc}", hint="each actor needs id, name and kind") from None
        actors[a.id] = a  # a user entry with the same id replaces the shipped one
    outlets: dict[str, str] = {}
    for r in _load_yaml(DATA_DIR / "outlets.yaml"):
        for al in [r["name"], *r.get("aliases", [])]:
            outlets[al] = r["name"]

    alias_map: dict[str, str] = {}
    acr: list[str] = []
    words: list[str] = []
    for a in actors.values():
        for al in (a.name, *a.aliases):
            alias_map[_fold(al)] = a.id
            (acr if _is_acronym(al) else words).append(al)
    alias_re = re.compile(
        r"(?<![\w-])(?:(?-i:" + _alternation(acr) + r")|(?i:" + _alternation(words) + r"))(?![\w-])"
    )
    desc_map: dict[str, str] = {}
    for a in actors.values():
        for d in a.descriptors:
            desc_map.setdefault(_fold(d), a.id)
    desc_re = re.compile(r"(?<![\w-])(?i:" + _alternation(list(desc_map)) + r")(?![\w-])")
    outlet_acr = [o for o in outlets if _is_acronym(o)]
    outlet_words = [o for o in outlets if not _is_acronym(o)]
    outlet_re = re.compile(
        r"(?<![\w-])(?:(?-i:" + _alternation(outlet_acr) + r")|(?i:" + _alternation(outlet_words) + r"))(?![\w-])"
        r"|(?<=\bthe )([A-Z][\w-]*(?: [A-Z][\w-]*){0,3}) news agency"
    )
    capitals = {_fold(a.capital): a.id for a in actors.values() if a.capital}
    return Lexicon(actors, outlets, alias_re, alias_map, desc_re, desc_map, outlet_re, capitals)


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
_GENERIC_GOV_RE = re.compile(r"\b(government|officials|authorities|negotiators)\b", re.I)
_GENERIC_FORCES_RE = re.compile(r"\b(forces|army|troops|military|soldiers|police)\b", re.I)


def find_actors(article: Article, lex: Lexicon | None = None, doc=None) -> ActorIndex:
    """Fill ``article.actors`` and ``article.sources``; return the index for later stages.

    Also drops from ``article.places`` a place whose name is part of an actor's name.

    With the spaCy ``doc``, a descriptor used as a modifier ("the police
    headquarters") is not a mention, and pronouns prefer earlier subjects.
    """
    lex = lex or load_lexicon(os.environ.get("SITROOM_ACTORS") or None)
    text = article.text
    outlets: list[tuple[int, int, str]] = []
    for m in lex.outlet_re.finditer(text):
        name = lex.outlets.get(m.group(0)) or (m.group(1) and m.group(1).strip())
        if name:
            s, e = (m.start(1), m.end(1)) if m.group(1) else (m.start(), m.end())
            outlets.append((s, e, lex.outlets.get(name, name)))

    def overlaps_outlet(s: int, e: int) -> bool:
        return any(s < oe and os_ < e for os_, oe, _ in outlets)

    defs: dict[str, ActorDef] = dict(lex.actors)
    mentions: list[_Mention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not overlaps_outlet(s, e) and not any(s < te and ts < e for ts, te in taken)

    for m in lex.alias_re.finditer(text):
        if free(m.start(), m.end()):
            aid = lex.alias_map.get(_fold(m.group(0)))
            if aid:
                mentions.append(_Mention(m.start(), m.end(), aid, "alias"))
                taken.append((m.start(), m.end()))

    # A town's name inside an actor's name is part of that name ("White House", "Kabul government",
    # "Islamic State Khorasan Province"): not a place. Countries stay places (they are also actors).
    aliases = [(x.start, x.end) for x in mentions]
    article.places = [p for p in article.places if p.kind == "country" or p.role == "demonym"
                      or not any(s <= p.mention.start and p.mention.end <= e for s, e in aliases)]

    def role(s: int, e: int) -> str | None:
        if doc is None:
            return None
        span = doc.char_span(s, e, alignment_mode="expand")
        return span[-1].dep_ if span is not None else None

    # Demonym + government/forces ("Pakistani army") and countries: generic state actors.
    for p in article.places:
        if p.kind != "country" or not p.country or not free(p.mention.start, p.mention.end):
            continue
        tail = text[p.mention.end : p.mention.end + 30]
        if p.role == "demonym":
            g = re.match(r"\s+(?:\w+\s+)?(government|officials|authorities|negotiators|forces|army|troops|military|soldiers|police)\b", tail, re.I)
            if not g:
                continue
            gov = bool(_GENERIC_GOV_RE.match(g.group(1)))
            kinds = ("government",) if gov else ("state-forces",)
            d = lex.by_country(p.country, kinds)
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
            d = lex.by_country(p.country, ("state",))
            if d is None:
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
    countries = Counter(p.country for p in article.places if p.country)

    def fallback(aid: str) -> str:
        """The actor a descriptor means when nothing earlier in the text is compatible: its dictionary
        default ("militants" -> Taliban) where the text is about that actor's theatre (or names no country),
        else the generic actor of that kind in the country the text is most about ("rebels" in a text about
        Mali are an unidentified armed group there, not the Taliban)."""
        d = defs[aid]
        theatre = set(d.theatre or ((d.country,) if d.country else ()))
        if d.kind not in _GENERIC_KIND_NAMES or not theatre or not countries or theatre & set(countries):
            return aid
        cc = countries.most_common(1)[0][0]
        found = lex.by_country(cc, (d.kind,))
        if found is None:
            name = next((p.name for p in article.places if p.kind == "country" and p.country == cc), None) or next(
                (p.admin[0] for p in article.places if p.country == cc and p.admin), cc)
            prefix, pattern = _GENERIC_KIND_NAMES[d.kind]
            found = ActorDef(f"{prefix}-{cc.lower()}", pattern.format(name), d.kind, cc)
        defs[found.id] = found
        return found.id

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
            default = lex.desc_map[key]
            kind = defs[default].kind
            cand = next((x.actor for x in reversed(prior) if defs[x.actor].kind == kind), None)
            aid = cand or fallback(default)
        else:
            sent_start = sent_starts[bisect_right(sent_starts, s) - 1] if sent_starts else 0
            # "they" refers to an actor of an earlier sentence, not one in its own clause; a possessive
            # ("Taliban spokesman Zabihullah Mujahid said their fighters") may look back within its sentence
            limit = s if key.lower() == "their" else sent_start
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


def capital_actor(lex: Lexicon, name: str) -> str | None:
    """Actor meant by a capital city used as a party ("between the Taliban and Kabul")."""
    return lex.capitals.get(_fold(name))


_QUOTE_CHARS = '"\u201c\u201d'


def _inside_quote(text: str, offset: int) -> bool:
    """True if ``offset`` lies inside a quotation within its paragraph."""
    para_start = text.rfind("\n", 0, offset) + 1
    return sum(text.count(q, para_start, offset) for q in _QUOTE_CHARS) % 2 == 1
