"""Toponym resolution: every candidate of every mention scored in context (prior from kind and population, kind
and hierarchy cues, the text's country focus, co-mentioned places, lists, one sense per name), the best picked with
its confidence and reason; then the matches with no evidence of being a place, or far from everything else the text
is about, dropped. :mod:`sitroom.extract.places` runs the stage."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from difflib import SequenceMatcher

from sitroom.extract import lexicon
from sitroom.extract.place_mentions import KIND_WORDS, SHARED_COUNTRY_NAMES, Mention, variant_key
from sitroom.extract.place_stated import outside_stated_country
from sitroom.gazetteer import Entry, Gazetteer, distance_km
from sitroom.gazetteer.geo import EARTH_RADIUS_KM
from sitroom.gazetteer.names import name_key

# two points more than this many degrees of latitude apart are more than 250 km apart (a cheap test first)
_DEG_250_KM = math.degrees(250 / EARTH_RADIUS_KM) + 0.01


MILLION = 1_000_000  # a city this large, by its own name, is a place whatever else the text says


def _prior(e: Entry) -> float:
    lp = math.log10(e.population + 1)
    if e.kind == "country":
        return 12.0
    if e.kind == "region":
        if e.feature in ("CONT", "SEA") or e.country is None:
            return 9.0 + (1.0 if e.feature == "CONT" else 0.0)
        return 4.0 + 0.5 * lp  # a region inside a country ("Darfur", "Java"): like a province
    if e.kind == "province":
        return 3.0 + 0.5 * lp
    if e.kind == "district":
        return 1.5 + 0.45 * lp
    bonus = 1.5 if e.feature == "PPLC" else 0.6 if e.feature == "PPLA" or e.capital_of else 0.0
    return lp + bonus


def _contains(unit: Entry, e: Entry) -> bool:
    if unit.id == e.id:
        return False
    if unit.kind == "country":
        return e.country == unit.country
    if unit.kind == "province":
        return e.country == unit.country and (e.admin1 == unit.name or e.parent_id == unit.id)
    if unit.kind == "district":
        return e.parent_id == unit.id
    return False


def resolve(mentions: list[Mention], text: str, gaz: Gazetteer) -> None:
    """Pick each mention's entry in context (fills ``best``, ``confidence``)."""
    todo = [m for m in mentions if m.role != "demonym" and m.cands]
    _hierarchy_hints(todo, text)
    coord = _list_members(todo, text)
    _base_scores(todo, text)
    _formal_names(todo)
    focus, own, total = _country_focus(mentions, todo)
    _context_scores(todo, coord, focus, own, total)
    _one_sense(todo)
    _pick(todo)
    _located_in_stated_unit(todo)
    _outside_stated_region(todo, text)
    outside_stated_country(mentions, todo, text)  # "Boni, Mali", "the Malian town of Boni": no Bonn


def _hierarchy_hints(todo: list[Mention], text: str) -> None:
    # hierarchy cues: "X, Y" where Y is a unit
    for a, b in zip(todo, todo[1:]):
        gap = text[a.end : b.start]
        if re.fullmatch(r"\s*(?:(?:province|district|county|state|region|city)\s*)?,\s*", gap, re.I):
            a.parent_hint.append(b)
        elif re.fullmatch(r"\s*\(\s*", gap):  # "Gardez (Paktia)"
            a.parent_hint.append(b)
    # "X, Y": Y's candidates that contain one of X's candidates ("Atlanta, Georgia")
    for m in todo:
        for h in m.parent_hint:
            h.child_hint.append(m)


def _list_members(todo: list[Mention], text: str) -> dict[int, list[Mention]]:
    # lists: "Texas and Georgia", "Georgia, Oklahoma, Pennsylvania and California" -- members are alike
    coord: dict[int, list[Mention]] = defaultdict(list)
    chain: list[Mention] = []
    linked = False
    for a, b in zip(todo, todo[1:]):
        gap = text[a.end : b.start]
        if _LIST_GAP.fullmatch(gap):
            chain = chain or [a]
            chain.append(b)
            linked = linked or bool(re.search(r"\b(?:and|or)\b", gap))
            continue
        if linked and len(chain) > 1:
            for x in chain:
                coord[id(x)] = [y for y in chain if y is not x]
        chain, linked = [], False
    if linked and len(chain) > 1:
        for x in chain:
            coord[id(x)] = [y for y in chain if y is not x]
    return coord


def _base_scores(todo: list[Mention], text: str) -> None:
    # pass 1: priors, name match and cues
    for m in todo:
        dotted = text[m.end : m.end + 1] == "." or m.text.endswith(".")
        m.base_parts = {
            c.id: {
                "kind and population": _prior(c),
                "own name": _name_match(m, c),
                "kind cue": _cue_bonus(m, c),
                "truncated": -(0.0 if dotted else _truncated(m, c)),
                # the last word of a longer name the gazetteer does not know ("Jordan" of "Puerto Jordan") names
                # no country: a town of that name, when there is one, before the country
                "piece of a longer name": -8.0 if m.ends_name and c.kind == "country" else 0.0,
            }
            for c in m.cands
        }
        # a name shared by a unit and its seat (or a place directly in it) names the place unless a cue says so
        for u in m.cands:
            if (
                u.kind in ("province", "district")
                and m.cue != u.kind
                and any(c.kind == "city" and (c.capital_of == u.id or c.parent_id == u.id) for c in m.cands)
            ):
                m.base_parts[u.id]["seat over unit"] = -2.0
        m.base = {cid: sum(v.values()) for cid, v in m.base_parts.items()}
        m.scores = dict(m.base)


def _formal_names(todo: list[Mention]) -> None:
    # a short form of a formal name told earlier names the same place: "the Democratic Republic of the Congo
    # ... Congo", "New York City ... New York" (only formal words dropped, never "South" or "New")
    for i, m in enumerate(todo):
        k = name_key(m.text)
        for p in todo[:i]:
            extra = _formal_extra(p.text, m.text)
            if extra and p.cands:
                top = max(p.cands, key=lambda c: p.base[c.id])
                if top.kind in ("country", "city") and name_key(top.name) != k:
                    if top.id not in m.base:
                        m.cands = [*m.cands, top]  # a list of its own: mentions of one name share theirs
                    m.base[top.id] = max(m.base.get(top.id, -99.0), _prior(top)) + 3.0
                    m.base_parts[top.id] = {"kind and population": m.base[top.id] - 3.0, "formal name before": 3.0}
                    m.scores[top.id] = m.base[top.id]
                    break


def _country_focus(mentions: list[Mention], todo: list[Mention]) -> tuple[Counter, dict[str, Counter], float]:
    # country focus: countries and demonyms named, plus each mention's current best
    focus: Counter = Counter()
    for m in mentions:
        if m.role == "demonym" and m.best is not None and not m.backer:
            focus[m.best.country] += 1.0
    own: dict[str, Counter] = defaultdict(Counter)  # what each name adds to the focus: not evidence for itself
    for m in todo:
        best = max(m.cands, key=lambda c: m.scores[c.id])
        w = 2.0 if best.kind == "country" else 1.0
        focus[best.country] += w
        own[name_key(m.text)][best.country] += w
    total = sum(focus.values()) or 1.0
    return focus, own, total


def _context_scores(
    todo: list[Mention], coord: dict[int, list[Mention]], focus: Counter, own: dict[str, Counter], total: float
) -> None:
    # pass 2: focus, hierarchy, proximity
    for _round in range(2):
        anchors = []
        for m in todo:
            best = max(m.cands, key=lambda c: m.scores[c.id])
            if best.kind in ("city", "district", "province"):
                anchors.append((m, best))
        # provinces named in the text, by country: a name that is also a province of that country is one
        # more of them ("Alabama, Iowa, Texas ... Georgia" is the US state, not the country)
        provinces: dict[str, set[str]] = defaultdict(set)
        for am, ae in anchors:
            if ae.kind == "province" and ae.country:
                provinces[ae.country].add(ae.id)
        # first-level regions the text names or implies, by (country, name): a state named ("in Louisiana",
        # "Ala.", "Tulsa, Okla."), the state of a place resolved without rival; a small town in one of them
        # beats a bigger namesake elsewhere ("Columbia" in a text about South Carolina)
        regions: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)  # -> (name key, offset) voting
        for am, ae in anchors:
            sure = ae.kind == "province" or len(am.cands) == 1 or am.parent_hint
            if sure and ae.country and (ae.admin1 or ae.kind == "province"):
                regions[(ae.country, ae.admin1 or ae.name)].append((name_key(am.text), am.start))
        for m in todo:
            nbs = [max(x.cands, key=lambda c: x.scores[c.id]) for x in coord.get(id(m), [])]
            mine = own[name_key(m.text)]
            rest = (total - sum(mine.values())) or 1.0
            k = name_key(m.text)
            for c in m.cands:
                parts = {"base": m.base[c.id]}
                if c.country:
                    parts["country focus"] = 4.0 * (focus.get(c.country, 0.0) - mine.get(c.country, 0.0)) / rest
                if c.kind == "province" and c.country in provinces:
                    # a name that is also a town inside the region ("New York") needs more regions around it;
                    # one that is also the region's seat ("Sar-e Pul", "Kunduz") names the seat
                    sibs = len(provinces[c.country] - {c.id})
                    inside = [x for x in m.cands if x.kind in ("city", "district") and _contains(c, x)]
                    if any(x.capital_of == c.id for x in inside):
                        sibs = 0
                    elif inside:
                        sibs -= 2
                    if sibs > 0:
                        parts["sibling regions"] = min(4.5, 1.5 * sibs)
                if c.kind in ("city", "district") and c.country and c.admin1:
                    # each mention of the region or of a place surely in it votes; one nearby in the text twice
                    votes = sum(
                        0.75 * (2.0 if abs(at - m.start) < 250 else 1.0)
                        for vk, at in regions.get((c.country, c.admin1), ())
                        if vk != k
                    )
                    if votes:
                        parts["region named"] = min(3.0, votes)
                if nbs:  # members of a list are of one kind, and mostly of one country
                    parts["list"] = 1.5 * sum(1 for n in nbs if n.kind == c.kind and n.country == c.country) / len(nbs)
                for h in m.parent_hint:
                    hb = max(h.cands, key=lambda x: h.scores[x.id])
                    if any(_contains(u, c) for u in h.cands if h.scores[u.id] >= h.scores[hb.id] - 3):
                        parts["stated unit"] = parts.get("stated unit", 0.0) + 5.0
                for ch in m.child_hint:
                    if any(_contains(c, x) for x in ch.cands if ch.base[x.id] >= max(ch.base.values()) - 4):
                        parts["holds the place before"] = parts.get("holds the place before", 0.0) + 4.0
                if c.kind in ("city", "district", "province"):
                    # a first-level region is near the places inside it (its label point may lie far from them)
                    near = sum(
                        1
                        for am, ae in anchors
                        if am is not m
                        and ae.id != c.id
                        and (
                            _contains(c, ae)
                            if c.kind == "province"
                            else abs(c.lat - ae.lat) < _DEG_250_KM and distance_km(c.lat, c.lon, ae.lat, ae.lon) < 250
                        )
                    )
                    if near:
                        parts["places nearby"] = min(2.0, 0.7 * near)
                m.parts[c.id] = parts
                m.scores[c.id] = sum(parts.values())


def _one_sense(todo: list[Mention]) -> None:
    # one sense per text: mentions of a name without a kind cue share their evidence ("Santa Ana, California"
    # settles the later bare "Santa Ana")
    # settles the later bare "Santa Ana"); a mention with a kind cue lends its sense to the bare ones ("New York
    # state ... in New York") but keeps its own -- unless that sense is a unit whose seat bears the name
    # ("Kandahar: the second-largest city. Capital of Kandahar province")
    # ... and the spellings of one name are one name ("Balakliya" ... "Balakliia": variant_key)
    groups: dict[str, list[Mention]] = defaultdict(list)
    cued: dict[str, list[Mention]] = defaultdict(list)
    for m in todo:
        (cued if m.cue or m.capital_of else groups)[variant_key(m.text)].append(m)
    for k, ms in groups.items():
        seats = {c.capital_of for m in ms for c in m.cands if c.capital_of}
        lenders = [x for x in cued.get(k, ()) if max(x.cands, key=lambda c: x.scores[c.id]).id not in seats]
        if len(ms) + len(lenders) > 1:
            joint: dict[str, float] = defaultdict(float)
            for m in (*ms, *lenders):
                for cid, sc in m.scores.items():
                    joint[cid] += sc
            for m in ms:
                for c in m.cands:
                    m.parts.setdefault(c.id, {})["other mentions of the name"] = joint[c.id] - m.scores[c.id]
                m.scores = {c.id: joint[c.id] for c in m.cands}


def _pick(todo: list[Mention]) -> None:
    for m in todo:
        ranked = sorted(m.cands, key=lambda c: -m.scores[c.id])
        m.best = ranked[0]
        margin = m.scores[ranked[0].id] - (m.scores[ranked[1].id] if len(ranked) > 1 else 0.0)
        m.confidence = round(1 / (1 + math.exp(-margin)), 3) if len(ranked) > 1 else 0.95
        m.reason = _reason(m, ranked)


def _located_in_stated_unit(todo: list[Mention]) -> None:
    # "X district, Y province" states where X lies: when no place called X lies in Y, X is a place the
    # gazetteer does not know (or spells otherwise) inside Y -- Y is its best location, not a namesake elsewhere
    for m in todo:
        for h in m.parent_hint:
            u = h.best
            stated = h.cue or KIND_WORDS.get(h.text.rsplit(None, 1)[-1].lower()) if " " in h.text else h.cue
            if (
                u is not None
                and stated in ("province", "district")
                and u.kind == stated
                and m.best is not None
                and m.best.id != u.id
                and not _contains(u, m.best)
                and not (u.kind == "province" and m.best.kind == "city" and m.best.admin1 == u.name)
            ):
                m.best, m.confidence = u, 0.5
                m.located_in = True
                for o in todo:  # one sense per text: its other mentions with no unit of their own too
                    if (
                        o is not m
                        and not o.parent_hint
                        and o.cue in (None, m.cue)
                        and o.best is not None
                        and name_key(o.text) == name_key(m.text)
                        and not _contains(u, o.best)
                    ):
                        o.best, o.confidence, o.located_in = u, 0.5, True


_UNIT_IN = re.compile(
    r"\s+(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in lexicon.words("places", "unit_in_links"))
    + r")\s+",
    re.I,
)


def _outside_stated_region(todo: list[Mention], text: str) -> None:
    # "the town of Lere in the Timbuktu region", "Palma in the Cabo Delgado province": the text places X in a unit (a
    # region, province or district cue after it) of a country where X's best candidate does not lie. The unit
    # decides: X's best candidate in that country wins (Palma, Mozambique, not Palma de Mallorca); with none there,
    # X is a town the gazetteer lacks, not a namesake abroad (Lere, Nigeria): it is left unresolved, for the change
    # of control to keep by its name
    for a, b in zip(todo, todo[1:]):
        u = b.best
        if (
            a.best is None
            or a.best.kind == "country"
            or u is None
            or not u.country
            or a.best.country == u.country
            or b.cue not in ("province", "district")
            or not _UNIT_IN.fullmatch(text[a.end : b.start])
        ):
            continue
        there = [c for c in a.cands if c.country == u.country and c.kind != "country"]
        if there:
            a.best = max(there, key=lambda c: (_contains(u, c), a.scores.get(c.id, 0.0)))
            a.reason = f"in {u.name}, where the text places it"
            continue
        a.best, a.confidence = None, 0.0
        a.reason = f"no place of this name in {u.name}'s country, where the text places it"


def _named_parts(m: Mention, cid: str) -> dict[str, float]:
    parts = dict(m.base_parts.get(cid, {}))
    for k, v in m.parts.get(cid, {}).items():
        if k != "base":
            parts[k] = parts.get(k, 0.0) + v
    return parts


def _reason(m: Mention, ranked: list[Entry]) -> str:
    """Why ``ranked[0]`` won: the score parts that set it above the runner-up (or its own largest parts when
    it had no rival), e.g. "country focus +2.4, stated unit +5.0 over Georgia (country, GE)"."""
    best = ranked[0]
    mine = _named_parts(m, best.id)
    if len(ranked) == 1:
        top = sorted(((k, v) for k, v in mine.items() if v > 0), key=lambda kv: -kv[1])[:2]
        return "only candidate" + ("; " + ", ".join(f"{k} {v:+.1f}" for k, v in top) if top else "")
    other = _named_parts(m, ranked[1].id)
    diff = {k: mine.get(k, 0.0) - other.get(k, 0.0) for k in set(mine) | set(other)}
    # ties by name: the parts come from a set, whose order changes with the process's hash seed (a Dask worker
    # must write what this process writes)
    top = sorted(((k, v) for k, v in diff.items() if v > 0.05), key=lambda kv: (-kv[1], kv[0]))[:3]
    r = ranked[1]
    return (", ".join(f"{k} {v:+.1f}" for k, v in top) or "tie") + f" over {r.name} ({r.kind}, {r.country or '-'})"


_LIST_GAP = re.compile(r"\s*(?:,\s*(?:(?:and|or)\s+)?|\s(?:and|or)\s+)", re.I)


def drop_weak(mentions: list[Mention]) -> list[Mention]:
    """Drop one-word matches with no evidence of being a place: not tagged a place by NER, no kind cue,
    resolved to a small place outside the countries the text is about; and pieces of a longer unknown name
    ("Isa" of "Isa Khan") resolved to a country nothing else in the text is in."""
    countries = Counter(m.best.country for m in mentions if m.best is not None and m.best.kind == "country")
    placed = Counter(m.best.country for m in mentions if m.best is not None and not m.partial)
    named = [m.best for m in mentions if m.best is not None and m.best.kind == "country"]

    def near_named(b: Entry) -> bool:  # in a country the text names, or next to one ("Gaza" in a text on Israel)
        return countries.get(b.country, 0) > 0 or any(distance_km(b.lat, b.lon, c.lat, c.lon) < 500 for c in named)

    def evidence(m: Mention) -> bool:  # something in the text says this mention is a place
        b = m.best
        return bool(
            m.opening
            or m.ner in ("GPE", "LOC")
            or m.cue
            or m.capital_of
            or m.site_of  # "the army base at Monguno": where a site lies is a place
            # a city of a million by its own name, though the word list knows it ("omdurman", "mosul" are WordNet
            # nouns): "took control of parts of Omdurman" in a text that names no country
            or b is not None
            and b.population >= MILLION
            and _name_match(m, b) == 0
            or m.changed_hands
            and b is not None
            and (placed.get(b.country, 0) > (0 if m.partial else 1) or _name_match(m, b) == 0)
            or any(h.best is not None and b is not None and _contains(h.best, b) for h in m.parent_hint)
            # "50 km east of Timbuktu" in a text about Mali: a name after a locative preposition, in a country the
            # text names, is that country's town even when it is also an English word
            or m.locative
            and b is not None
            and countries.get(b.country, 0) > 0
            and _name_match(m, b) == 0
        )

    # one sense per text: a name the text shows to be a place once is a place in its other mentions too
    # ("the town of Yabrud ... the loss of Yabrud")
    shown = {(name_key(m.text), m.best.id) for m in mentions if m.best is not None and evidence(m)}
    keep = []
    for m in mentions:
        b = m.best
        if (
            m.partial
            and m.role == "mention"
            and not m.opening
            and b is not None
            and b.kind != "country"
            and not m.located_in
            and placed.get(b.country, 0) == 0
        ):
            continue
        weak = (
            m.role == "mention"
            and m.single
            and b is not None
            and not evidence(m)
            and (name_key(m.text), b.id) not in shown
            and b.kind in ("city", "district")
            and (
                b.population < 50_000
                and countries.get(b.country, 0) == 0
                or m.common
                and not (b.population >= 100_000 and near_named(b))
            )
        )
        if not weak:
            keep.append(m)
    return keep


TAKEN_TOWN_POP = 20_000  # a town this large named as the place of a change of hands is that town, context or not
FAR_KM = 1500.0  # farther than this from every place of the text's context: another continent, or near it


def drop_incoherent(mentions: list[Mention]) -> list[Mention]:
    """A name with no candidate near the text's context stays unresolved rather than jumping a continent: a
    town or district resolved to a country the text does not otherwise name, far from every place the text is
    about ("Ateny" as Athens in a report from South Sudan, "Kerry" as the Irish county in one from Bangui), is
    dropped -- unless the text points there: a kind cue ("X province"), a stated unit ("X, Y"), a place the
    tagger calls a location that is large or a seat, a city of a million, or a town of some size that a change of
    hands names by its own name ("the capture of Gao by French troops")."""
    ctx: Counter = Counter()
    own: dict[str, Counter] = defaultdict(Counter)  # what each name adds: a name's mentions are no context for it
    for m in mentions:
        b = m.best
        if b is None or not b.country or m.backer:
            continue
        w = 2.0 if m.role in ("demonym", "dateline") or b.kind == "country" else 0.0
        if not w and (m.confidence >= 0.9 or m.parent_hint or m.cue):
            w = 1.0
        ctx[b.country] += w
        own[name_key(m.text)][b.country] += w
    if not +ctx:
        return mentions
    pts = [
        (name_key(m.text), m.best.lat, m.best.lon)
        for m in mentions
        if m.best is not None and ctx[m.best.country] > 0 and m.best.kind in ("city", "district", "province")
    ]

    def pointed(m: Mention) -> bool:  # the text points at the place: a kind cue, a stated unit, ...
        return bool(m.cue or m.capital_of or m.parent_hint or m.child_hint or m.located_in or m.opening)

    # one sense per text: a name the text points at once ("the town of Yabrud") is that place in its other mentions
    shown = {(name_key(m.text), m.best.id) for m in mentions if m.best is not None and pointed(m)}
    keep = []
    for m in mentions:
        b = m.best
        # a name's own mentions are its context only when it is the place's own name ("Ber", an old name of
        # Veroia, is no Greek context in a report from Mali; "Lopa" spelt like "Loupes" no French one in Ituri)
        k = name_key(m.text) if b is None or m.ner not in ("GPE", "LOC") and not _spelling(m, b) else None
        mine = own[k] if k is not None else Counter()
        if (
            m.role == "mention"
            and b is not None
            and b.kind in ("city", "district")
            and b.country
            and ctx[b.country] - mine[b.country] <= 0
            and ctx.total() - mine.total() > 0  # other names give a context to be incoherent with
            and not pointed(m)
            # the place a change of hands names, by its own name, a town of some size: foreign troops take towns far
            # from home ("the capture of Gao by French troops" has only France for context)
            and not (m.changed_hands and _name_match(m, b) == 0 and b.population >= TAKEN_TOWN_POP)
            and (name_key(m.text), b.id) not in shown
            and (b.population < MILLION or _name_match(m, b) < 0)
            and not (m.ner in ("GPE", "LOC") and (b.population >= 100_000 or b.capital_of) and _name_match(m, b) == 0)
            and all(distance_km(b.lat, b.lon, la, lo) > FAR_KM for pk, la, lo in pts if pk != k)
            and all(
                distance_km(b.lat, b.lon, c.lat, c.lon) > FAR_KM
                for c in (x.best for x in mentions)
                if c is not None and c.kind == "country"
            )
        ):
            continue
        keep.append(m)
    return keep


THEATRE_NEAR_KM = 500.0  # a loose match this near the theatre (a border town spelt otherwise) may stand


def drop_outside_theatre(mentions: list[Mention]) -> list[Mention]:
    """A town matched only loosely -- by another place's alternate or old name, by a prefix of a longer name
    ("Azzan" as Azzano Decimo), by a name written with other word breaks ("Shabwa" as Sha Bwa) -- in a country
    outside the text's theatre (the countries it names, its demonyms' and its dateline's) and far from it is a
    namesake, not the place: the mention stays an unlisted town of the theatre. A unit's kind cue ("X province")
    or a stated unit still points there ("the town of X" says what the place is, not where: it saves a namesake
    near the theatre, not one on another continent); a text that names no country has no theatre to judge by."""
    theatre = {
        m.best.country
        for m in mentions
        if m.best is not None
        and m.best.country
        and not m.backer
        and (m.role in ("demonym", "dateline") or m.best.kind == "country")
    }
    if not theatre:
        return mentions
    pts = [
        (m.best.lat, m.best.lon)
        for m in mentions
        if m.best is not None and m.best.country in theatre and (m.best.kind != "country" or m.role != "demonym")
    ]
    if not pts:  # a theatre told only by a demonym ("Israeli troops captured the town of X"): its countries' points
        pts = [(m.best.lat, m.best.lon) for m in mentions if m.best is not None and m.best.country in theatre]
    towns = [
        (name_key(m.text), m.best.lat, m.best.lon)
        for m in mentions
        if m.best is not None and m.best.country in theatre and m.best.kind in ("city", "district", "province")
    ]
    keep = []
    for m in mentions:
        b = m.best
        if (
            m.role == "mention"
            and b is not None
            and b.kind in ("city", "district")
            and _prefix_only(m, b)
            and b.population < TAKEN_TOWN_POP
            and not (m.cue not in (None, "city") or m.capital_of or m.parent_hint or m.child_hint or m.located_in)
            # a hamlet of the theatre's other country that a name only opens ("Nasir" of Khartoum's "Nasir
            # Extension" in a report on South Sudan's Upper Nile), far from every town the text names
            and any(k != name_key(m.text) for k, _, _ in towns)
            and all(distance_km(b.lat, b.lon, la, lo) > THEATRE_NEAR_KM for k, la, lo in towns if k != name_key(m.text))
        ):
            continue
        if (
            m.role == "mention"
            and b is not None
            and b.kind in ("city", "district")
            and b.country not in theatre
            and not (
                m.cue not in (None, "city")
                or m.capital_of
                or m.parent_hint
                or m.child_hint
                or m.located_in
                or m.opening
            )
            and _loose(m, b)
            # "the town of X" by another of its names may still be across a border of the theatre, not on another
            # continent; a prefix of a longer name ("Nasir" of "Nasir Extension") is no name of it at all
            and all(
                distance_km(b.lat, b.lon, la, lo) > (FAR_KM if m.cue and not _prefix_only(m, b) else THEATRE_NEAR_KM)
                for la, lo in pts
            )
        ):
            continue
        keep.append(m)
    return keep


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\-\u2010\u2011]+", text.casefold()) if w]


def _loose(m: Mention, c: Entry) -> bool:
    """Is ``c`` matched by something other than its own name or a transliteration of it: another place's old
    name, a prefix of a longer name whose rest is no kind or formal word, other word breaks?"""
    nm = _name_match(m, c)
    if nm == 0.0:
        return len(_words(m.text)) != len(_words(c.name)) and " " in c.name + m.text
    if not _spelling(m, c):
        return True
    if nm != -0.5:
        return False
    mw = [name_key(w) for w in _words(m.text)]
    cw = [name_key(w) for w in _words(c.name)]
    short, long = (mw, cw) if len(mw) <= len(cw) else (cw, mw)
    return long[: len(short)] != short or any(w not in KIND_WORDS and w not in _FORMAL for w in long[len(short) :])


def _prefix_only(m: Mention, c: Entry) -> bool:
    """Is ``c`` matched only as a longer name the mention opens ("Nasir" of "Nasir Extension")?"""
    return _name_match(m, c) == -0.5 and len(_words(m.text)) < len(_words(c.name))


def _spelling(m: Mention, c: Entry) -> bool:
    """Is the mention the place's own name or a spelling of it ("Baiji" ~ "Bayji": one letter of a transliteration
    changed), not another place's old name ("Ber" for Veroia) nor a near look-alike ("Lopa" ~ "Loupes")?"""
    if _name_match(m, c) > -1:
        return True
    k, ck = name_key(m.text), name_key(c.name)
    return len(k) == len(ck) >= 4 and k[0] == ck[0] and sum(a != b for a, b in zip(k, ck)) == 1


def _name_match(m: Mention, c: Entry) -> float:
    """A place matched by its own name beats one matched only through an alternate name ("Victoria" is an
    old name of Hong Kong; "Santa Ana" of a Manila district)."""
    k, ck = name_key(m.text), name_key(c.name)
    if k == ck:
        return 0.0
    shared = SHARED_COUNTRY_NAMES.get(m.text.lower())
    if shared and c.kind == "country" and c.country in shared:
        return 0.0 if c.country == shared[0] else -0.5  # "Congo": the usual sense of news unless the text says
    if ck.startswith(k) or k.startswith(ck):  # "Hebei" ~ "Hebei Sheng", "Ghazni Province" ~ "Ghazni"
        return -0.5
    if len(k) >= 6 and SequenceMatcher(None, k, ck).ratio() >= 0.85:
        return -0.75  # a transliteration of its own name ("Sloviansk" ~ "Slovyansk"), not another place's old name
    return -1.5


_FORMAL = lexicon.words("places", "formal_words")


def _formal_extra(long: str, short: str) -> bool:
    """Is ``short`` ``long`` without formal words only ("Democratic Republic of the Congo" -> "Congo")?"""
    lw, sw = long.lower().replace("\u2019", "'").split(), short.lower().replace("\u2019", "'").split()
    if len(lw) <= len(sw):
        return False
    for j in range(len(lw) - len(sw) + 1):
        if lw[j : j + len(sw)] == sw:
            rest = lw[:j] + lw[j + len(sw) :]
            return bool(rest) and all(w in _FORMAL for w in rest)
    return False


def _truncated(m: Mention, c: Entry) -> float:
    """An abbreviation by truncation ("Van." for Vanuatu, "Calif." for California) names the place only with
    its full stop: without one, "Van" is the Turkish city and "Ken" a first name."""
    k = name_key(m.text)
    words = c.name.split()
    first = name_key(words[0]) if words else ""
    # two letters short at least: "Donetsk" is a spelling of "Donetska oblast", no abbreviation of it
    if (
        c.kind in ("country", "province")
        and 0 < len(k) < len(first) - 1
        and first.startswith(k)
        and not m.text.isupper()
    ):
        return 4.0
    return 0.0


def _cue_bonus(m: Mention, c: Entry) -> float:
    sc = 0.0
    if m.cue:
        if c.kind == m.cue:
            sc += 6.0
        elif m.cue == "province" and c.kind == "district":
            sc += 1.0
        else:
            sc -= 2.0
    if m.capital_of:
        sc += 3.0 if c.kind in ("province", "country") else -1.0
    return sc
