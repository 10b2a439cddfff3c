"""Toponyms: found with the gazetteer, resolved in context.

Reads: ``Article.text`` and the spaCy Doc. Writes: ``Article.places`` and
``Article.dateline``.

Detection does not trust NER labels alone (the small model tags "Ghazni" as
an organisation or a person): every capitalised word n-gram ("Sar-e Pul",
"Mazar-e-Sharif", "Democratic Republic of the Congo") is looked up in the
gazetteer in one query, the longest matches win, and a match is kept unless
the context says it is something else: part of a person's name, after a title
("General", "Mr"), a common word at the start of a sentence, a month. Demonyms
("Afghan", "German") become places with role ``demonym``.

Resolution scores every candidate of every mention:

* a prior from kind and population (countries first; a city before the
  province or district of the same name unless a cue says otherwise),
* kind cues around the mention ("X province", "city of X", "in X district",
  "capital of X"),
* hierarchy cues ("Andar district, Ghazni province", "Pandi, Bulacan"),
* the document's country focus (countries named, demonyms, unambiguous places; a name's own mentions do not
  vote for themselves),
* co-mentioned places close together; members of a list ("Texas and Georgia") alike; provinces named in the
  text make a same-named province of that country likelier (Georgia the US state among US states),
* a short form of a formal name told earlier ("Democratic Republic of the Congo ... Congo"); a truncated
  abbreviation ("Van." for Vanuatu) only with its full stop,

then picks the best. A place followed by the unit it lies in ("Khogyani district, Ghazni province") that the
gazetteer puts elsewhere, or does not know at all ("Zharay district, Kandahar province"), resolves to that
unit (``located_in``, confidence 0.5). A one-word piece of a longer unknown name ("Isa" of "Isa Khan") placed
in a country nothing else in the text is in is dropped. "the province" after a place becomes that place's
province (role ``anaphor``). A text that opens with a place and ":" or "—" or
", Country (date) —" has a dateline: ``Article.dateline`` is set and the place
gets role ``dateline``; so does a wire dateline on a line of its own after a
header ("...For Immediate Release\nKABUL, Afghanistan (Jan. 9) –").
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sitroom.gazetteer import Entry, Gazetteer, distance_km
from sitroom.extract import lexicon
from sitroom.gazetteer.names import name_key
from sitroom.model import Article, Place, Span

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

MAX_WORDS = 5
CANDIDATES_PER_NAME = 40

# lower-case words allowed inside a multi-word name ("Isle of Man", "Sar e Pul", "Bosnia and Herzegovina")
CONNECTORS = {"of", "the", "de", "du", "des", "la", "le", "el", "al", "e", "i", "da", "do", "dos", "das", "di",
              "del", "upon", "on", "am", "an", "der", "y", "and", "en", "sur", "ul", "ol", "bin", "ibn", "-"}

KIND_WORDS = {
    "province": "province", "provinces": "province", "state": "province", "region": "province",
    "governorate": "province", "prefecture": "province", "oblast": "province", "territory": "province",
    "district": "district", "districts": "district", "county": "district", "municipality": "district",
    "city": "city", "town": "city", "village": "city", "capital": "city", "port": "city", "suburb": "city",
    "country": "country", "nation": "country", "republic": "country", "kingdom": "country",
}
CAP_PHRASE = re.compile(r"\b(?:provincial\s+|national\s+|state\s+)?capital\s+of\s+(?:the\s+)?$", re.I)
OF_BEFORE = re.compile(r"\b(city|town|village|province|state|district|county|region|country|port|capital)\s+of\s+(?:the\s+)?$", re.I)
KIND_AFTER = re.compile(r"^\s*(?:'s\s+)?(province|provinces|state|region|governorate|prefecture|oblast|district|county|"
                        r"municipality|city|town|village|territory)\b", re.I)
IN_KIND = re.compile(r"\bin\s+(?:the\s+)?$", re.I)

TITLES = {"mr", "mrs", "ms", "dr", "gen", "general", "president", "minister", "sen", "senator", "rep", "gov",
          "governor", "prof", "professor", "sir", "lord", "lady", "king", "queen", "prince", "princess", "pope",
          "colonel", "col", "capt", "captain", "lt", "sgt", "sergeant", "major", "commander", "judge", "justice",
          "rev", "reverend", "father", "sister", "brother", "mullah", "sheikh", "imam", "ayatollah", "chancellor",
          "secretary", "ambassador", "spokesman", "spokeswoman", "spokesperson", "officer", "chief", "mayor",
          "admiral", "marshal", "emir", "sultan", "mufti", "maulvi", "mawlawi", "haji", "mohammad", "muhammad"}
SAY_VERBS = frozenset(f for v in lexicon.tagged("reporting", "verbs", "name_follows") for f in lexicon.table("reporting", "forms")[v])
STOP_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "god", "allah",
    "president", "government", "police", "army", "city", "state", "province", "district", "capital", "north",
    "south", "east", "west", "central", "university", "hospital", "minister", "ministry", "news", "mission",
    "reuters", "associated", "press", "internet", "health", "world", "national", "international", "union",
    "united", "republic", "islamic", "democratic", "federal", "royal", "party", "forces", "taliban", "islam",
    "christian", "muslim", "jewish", "sunni", "shia", "shiite", "media", "english", "reading", "price", "mobile",
    "victory", "hope", "independence", "liberty", "unity", "justice", "progress", "friendship", "welcome",
    "sale", "bar", "best", "early", "gray", "grey", "white", "black", "green", "brown", "young", "long", "bath",
    "march", "mesa", "ocean", "sea", "lake", "river", "mount", "valley", "island", "islands", "street", "road",
    "doctor", "nurse", "today", "yesterday", "tomorrow", "ebola", "virus", "influenza", "flu", "swine",
    "avian", "bird", "covid", "coronavirus", "sars", "aids", "hiv", "cholera", "measles", "polio", "malaria",
    "dengue", "zika", "mers", "h1n1", "h5n1", "mumps", "rabies", "plague", "bbc", "cnn", "afp", "dpa", "voa",
    "un", "who", "nato", "eu", "ap", "western", "eastern", "northern", "southern", "middle", "upper", "lower",
    "new", "old", "great", "greater", "little", "saint", "san", "santa", "fort", "port", "lake", "mount",
}


AFTER_NOT_PLACE = re.compile(
    r"^\s*(?:-\s*)?(?:virus|viruses|ebolavirus|fever|disease|flu|strain|outbreak\s+strain|Elementary|School|"
    r"High\s+School|University|College|Hospital|Clinic|Institute|Academy|Street|St\.|Road|Avenue|Ave\.|Boulevard|"
    r"Bank|Corporation|Corp\.|Company|Co\.|Inc\.?|Ltd\.?|Group|Foundation|Church|Mosque|Cathedral|Prison|"
    r"Stadium|Mall|Hotel|Times|Post|Herald|Tribune|Gazette|Journal)\b")

_WORDS: dict[str, set[str]] = {}


def _english_words() -> set[str]:
    """English dictionary words: the index of the pipeline's rule lemmatizer (WordNet-derived), loaded once."""
    words = _WORDS.get("words")
    if words is None:
        words = set()
        try:
            from sitroom.config import Settings
            from sitroom.extract.nlp import load_nlp

            lem = load_nlp(Settings().spacy_model).get_pipe("lemmatizer")
            table = lem.lookups.get_table("lemma_index")
            for v in table.values():
                words.update(v)
        except (KeyError, AttributeError, OSError, ImportError):  # a pipeline without a rule lemmatizer
            pass
        except Exception as exc:  # noqa: BLE001 - ModelError: no word list, no filter
            if type(exc).__name__ != "ModelError":
                raise
        _WORDS["words"] = words
    return words


def _is_common_word(doc, low: str) -> bool:
    return low in _english_words()


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    cands: list[Entry]
    cue: str | None = None  # kind cue: province | district | city | country
    capital_of: bool = False  # "capital of X": X is a unit
    ner: str = ""
    single: bool = False
    role: str = "mention"
    scores: dict[str, float] = field(default_factory=dict)
    best: Entry | None = None
    confidence: float = 0.0
    parent_hint: list["_Mention"] = field(default_factory=list)
    child_hint: list["_Mention"] = field(default_factory=list)
    common: bool = False  # the word is also an English word ("Drug", "Bell", "Orange")
    opening: bool = False  # opens the text before a dateline mark
    base: dict[str, float] = field(default_factory=dict)
    partial: bool = False  # one word of a longer capitalised name the gazetteer does not know ("Isa" of "Isa Khan")
    located_in: bool = False  # resolved to the unit the text says it lies in ("Wali Kot district, Kandahar province")


# --------------------------------------------------------------------------- detection


def _words(doc) -> list[tuple[int, int, int, int]]:
    """Glue tokens not separated by whitespace with hyphens between them into words: (start, end, tok0, tok1)."""
    out: list[tuple[int, int, int, int]] = []
    toks = list(doc)
    i = 0
    while i < len(toks):
        t = toks[i]
        if not (t.text[0].isalnum()):
            i += 1
            continue
        j = i
        # "Mazar-e-Sharif": Mazar - e - Sharif with no whitespace
        while (j + 2 < len(toks) and not toks[j].whitespace_ and toks[j + 1].text in ("-", "‐", "–")
               and not toks[j + 1].whitespace_ and toks[j + 2].text[0].isalnum()):
            j += 2
        out.append((t.idx, toks[j].idx + len(toks[j].text), i, j))
        i = j + 1
    return out


def _is_cap(text: str) -> bool:
    return text[0].isupper()


def _candidate_spans(text: str, doc) -> list[tuple[int, int, int, int]]:
    """Capitalised word n-grams: (start, end, tok0, tok1)."""
    words = _words(doc)
    spans = []
    sent_end = {s.end for s in doc.sents}
    for i, (s, e, t0, t1) in enumerate(words):
        if not _is_cap(text[s:e]):
            continue
        spans.append((s, e, t0, t1))
        last_tok = t1
        for j in range(i + 1, min(len(words), i + 2 * MAX_WORDS)):
            s2, e2, u0, u1 = words[j]
            gap = text[words[j - 1][1] : s2]
            if gap.strip() not in ("", "-", "'") or "\n" in gap or u0 in sent_end or last_tok + 1 in sent_end:
                break
            w = text[s2:e2]
            if _is_cap(w):
                spans.append((s, e2, t0, u1))
            elif w.lower() not in CONNECTORS:
                break
            last_tok = u1
            if j - i >= MAX_WORDS:
                break
    return spans


def _person_evidence(doc, t0: int, t1: int) -> bool:
    tok = doc[t0]
    prev = doc[t0 - 1] if t0 > 0 else None
    if prev is not None and prev.lower_.rstrip(".") in TITLES and _is_cap(prev.text):
        return True
    if tok.ent_type_ == "PERSON":
        ent = next((e for e in doc.ents if e.start <= t0 < e.end), None)
        # a longer PERSON name around the candidate; punctuation the tagger swept in ("Lashkar Gah:") is no name
        if ent is not None and any(not doc[i].is_punct for i in (*range(ent.start, t0), *range(t1 + 1, ent.end))):
            return True
        nxt = doc[t1 + 1] if t1 + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in SAY_VERBS:
            return True
    return False


def _org_evidence(doc, t0: int, t1: int, cands: list[Entry]) -> bool:
    """Inside a longer name of an organisation, building or work ("Wilson Center", "Air Force"), unless the
    place is prominent (a country, a province, a large city: "Kabul University" is about Kabul)."""
    if doc[t0].ent_type_ not in ("ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"):
        return False
    ent = next((e for e in doc.ents if e.start <= t0 < e.end), None)
    if ent is None or (ent.start == t0 and ent.end == t1 + 1):
        return False
    return not any(c.kind in ("country", "province", "region") or c.population >= 100_000 for c in cands)


def _cue(text: str, s: int, e: int) -> tuple[str | None, bool]:
    before = text[max(0, s - 40) : s]
    after = text[e : e + 30]
    m = KIND_AFTER.match(after)
    if m:
        return KIND_WORDS.get(m.group(1).lower()), False
    if CAP_PHRASE.search(before):
        return None, True
    m = OF_BEFORE.search(before)
    if m:
        w = m.group(1).lower()
        return ("province" if w == "region" else KIND_WORDS.get(w)), False
    return None, False


def detect(article: Article, doc, gaz: Gazetteer) -> list[_Mention]:
    text = article.text
    spans = _candidate_spans(text, doc)
    found = gaz.lookup_many([text[s:e] for s, e, _, _ in spans], limit=CANDIDATES_PER_NAME, variants=False)
    # longest first, then leftmost; no overlaps
    order = sorted(spans, key=lambda x: (-(x[3] - x[2]), x[0]))
    taken: list[tuple[int, int]] = []
    lower_words = None
    mentions: list[_Mention] = []
    sent_starts = {s.start for s in doc.sents}
    for s, e, t0, t1 in order:
        surface = text[s:e]
        cands = found.get(surface) or []
        if not cands or any(s < b and a < e for a, b in taken):
            continue
        single = t0 == t1
        ner = doc[t0].ent_type_
        low = surface.lower()
        opening = s == len(text) - len(text.lstrip()) and bool(_DATELINE.match(text[:200]))
        if single and not opening:
            if low in STOP_WORDS or low in TITLES or doc[t0].is_stop or len(surface) < 2:
                continue
            if (surface.replace(".", "").isupper() and len(surface) <= 4 and ner not in ("GPE", "LOC")
                    and not any(c.kind in ("country", "province", "region") for c in cands)):
                continue  # acronyms name places only when they name a country or a state ("UK", "NSW")
            if lower_words is None:
                lower_words = {t.text for t in doc if t.text.islower()}
            if low in lower_words and ner not in ("GPE", "LOC"):
                continue  # a common word that happens to be capitalised here
            if doc[t0].pos_ in ("ADJ", "VERB", "ADV", "PRON", "DET", "ADP") and ner not in ("GPE", "LOC"):
                continue
            if t0 in sent_starts and doc[t0].pos_ not in ("PROPN",) and ner not in ("GPE", "LOC"):
                continue
        if _person_evidence(doc, t0, t1) or _org_evidence(doc, t0, t1, cands):
            continue
        after = text[e : e + 40]
        if AFTER_NOT_PLACE.match(after) or (ner == "PERSON" and re.match(r",\s*\d", after)):
            continue  # "Marburg virus", "Franklin Elementary", "Campbell, 42,"
        cue, cap = _cue(text, s, e)
        m = _Mention(s, e, surface, cands, cue, cap, ner, single)
        m.common = single and _is_common_word(doc, low)
        m.partial = single and _in_longer_name(doc, t0, t1)
        m.opening = opening
        mentions.append(m)
        taken.append((s, e))
    mentions.sort(key=lambda m: m.start)
    return mentions


def demonym_mentions(article: Article, doc, gaz: Gazetteer, taken: list[tuple[int, int]]) -> list[_Mention]:
    out = []
    for t in doc:
        if not t.text[:1].isupper() or not t.text.isalpha() or len(t.text) < 4:
            continue
        s, e = t.idx, t.idx + len(t.text)
        if any(s < b and a < e for a, b in taken):
            continue
        c = gaz.demonym(t.text)
        if c is not None:
            m = _Mention(s, e, t.text, [c], role="demonym")
            m.best, m.confidence = c, 0.9
            out.append(m)
    return out


# --------------------------------------------------------------------------- resolution


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


def resolve(mentions: list[_Mention], text: str, gaz: Gazetteer) -> None:
    """Pick each mention's entry in context (fills ``best``, ``confidence``)."""
    todo = [m for m in mentions if m.role != "demonym" and m.cands]
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
    # lists: "Texas and Georgia", "Georgia, Oklahoma, Pennsylvania and California" -- members are alike
    coord: dict[int, list[_Mention]] = defaultdict(list)
    chain: list[_Mention] = []
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
    # pass 1: priors, name match and cues
    for m in todo:
        dotted = text[m.end : m.end + 1] == "." or m.text.endswith(".")
        m.base = {c.id: _prior(c) + _name_match(m, c) + _cue_bonus(m, c) - (0.0 if dotted else _truncated(m, c))
                  for c in m.cands}
        # a name shared by a unit and its seat (or a place directly in it) names the place unless a cue says so
        for u in m.cands:
            if u.kind in ("province", "district") and any(
                    c.kind == "city" and (c.capital_of == u.id or c.parent_id == u.id) for c in m.cands):
                m.base[u.id] -= 2.0
        m.scores = dict(m.base)
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
                    m.scores[top.id] = m.base[top.id]
                    break
    # country focus: countries and demonyms named, plus each mention's current best
    focus: Counter = Counter()
    for m in mentions:
        if m.role == "demonym" and m.best is not None:
            focus[m.best.country] += 1.0
    own: dict[str, Counter] = defaultdict(Counter)  # what each name adds to the focus: not evidence for itself
    for m in todo:
        best = max(m.cands, key=lambda c: m.scores[c.id])
        w = 2.0 if best.kind == "country" else 1.0
        focus[best.country] += w
        own[name_key(m.text)][best.country] += w
    total = sum(focus.values()) or 1.0
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
        for m in todo:
            nbs = [max(x.cands, key=lambda c: x.scores[c.id]) for x in coord.get(id(m), [])]
            mine = own[name_key(m.text)]
            rest = (total - sum(mine.values())) or 1.0
            for c in m.cands:
                sc = m.base[c.id]
                if c.country:
                    sc += 4.0 * (focus.get(c.country, 0.0) - mine.get(c.country, 0.0)) / rest
                if c.kind == "province" and c.country in provinces and not any(
                        x.kind in ("city", "district") and _contains(c, x) for x in m.cands):
                    sc += min(4.5, 1.5 * len(provinces[c.country] - {c.id}))
                if nbs:  # members of a list are of one kind, and mostly of one country
                    sc += 1.5 * sum(1 for n in nbs if n.kind == c.kind and n.country == c.country) / len(nbs)
                for h in m.parent_hint:
                    hb = max(h.cands, key=lambda x: h.scores[x.id])
                    if any(_contains(u, c) for u in h.cands if h.scores[u.id] >= h.scores[hb.id] - 3):
                        sc += 5.0
                for ch in m.child_hint:
                    if any(_contains(c, x) for x in ch.cands if ch.base[x.id] >= max(ch.base.values()) - 4):
                        sc += 4.0
                if c.kind in ("city", "district", "province"):
                    near = sum(1 for am, ae in anchors if am is not m and ae.id != c.id
                               and distance_km(c.lat, c.lon, ae.lat, ae.lon) < 250)
                    sc += min(2.0, 0.7 * near)
                m.scores[c.id] = sc
    # one sense per text: mentions of a name without a kind cue share their evidence ("Santa Ana, California"
    # settles the later bare "Santa Ana")
    groups: dict[str, list[_Mention]] = defaultdict(list)
    for m in todo:
        if not m.cue and not m.capital_of:
            groups[name_key(m.text)].append(m)
    for ms in groups.values():
        if len(ms) > 1:
            joint: dict[str, float] = defaultdict(float)
            for m in ms:
                for cid, sc in m.scores.items():
                    joint[cid] += sc
            for m in ms:
                m.scores = {c.id: joint[c.id] for c in m.cands}
    for m in todo:
        ranked = sorted(m.cands, key=lambda c: -m.scores[c.id])
        m.best = ranked[0]
        margin = m.scores[ranked[0].id] - (m.scores[ranked[1].id] if len(ranked) > 1 else 0.0)
        m.confidence = round(1 / (1 + math.exp(-margin)), 3) if len(ranked) > 1 else 0.95
    # "X district, Y province" states where X lies: when no place called X lies in Y, X is a place the
    # gazetteer does not know (or spells otherwise) inside Y -- Y is its best location, not a namesake elsewhere
    for m in todo:
        for h in m.parent_hint:
            u = h.best
            stated = h.cue or KIND_WORDS.get(h.text.rsplit(None, 1)[-1].lower()) if " " in h.text else h.cue
            if (u is not None and stated in ("province", "district") and u.kind == stated and m.best is not None
                    and m.best.id != u.id and not _contains(u, m.best)
                    and not (u.kind == "province" and m.best.kind == "city" and m.best.admin1 == u.name)):
                m.best, m.confidence = u, 0.5
                m.located_in = True
                for o in todo:  # one sense per text: its other mentions with no unit of their own too
                    if (o is not m and not o.parent_hint and o.cue in (None, m.cue) and o.best is not None
                            and name_key(o.text) == name_key(m.text) and not _contains(u, o.best)):
                        o.best, o.confidence, o.located_in = u, 0.5, True


_LIST_GAP = re.compile(r"\s*(?:,\s*(?:(?:and|or)\s+)?|\s(?:and|or)\s+)", re.I)


_GENERIC_NEXT = re.compile(r"(?:Valley|River|Rivers|Island|Islands|Isle|Bay|Delta|Mountains?|Hills?|Lake|Canal|Coast|"
                           r"Province|Provinces|District|Districts|State|States|County|Region|City|Town|Village|Area|"
                           r"Peninsula|Plateau|Desert|Basin|Strait|Gulf|Sea|Ocean|Airport|Governorate|Prefecture)\b")


def _in_longer_name(doc, t0: int, t1: int) -> bool:
    """Is the word glued by one space to another capitalised word of the same name ("Isa Khan", "Kash Rod"),
    other than a feature word ("Swat Valley") or a title -- a name the gazetteer does not know, of which this
    is a piece?"""
    def name_word(tok) -> bool:
        return (tok.text[:1].isupper() and tok.text.isalpha() and not tok.is_stop and not tok.is_sent_start
                and tok.lower_ not in STOP_WORDS and tok.lower_ not in TITLES and not _GENERIC_NEXT.fullmatch(tok.text))
    if t1 + 1 < len(doc) and doc[t1].whitespace_ == " " and name_word(doc[t1 + 1]):
        return True
    return t0 > 0 and doc[t0 - 1].whitespace_ == " " and name_word(doc[t0 - 1]) and not doc[t0 - 1].is_sent_start


def _drop_weak(mentions: list[_Mention]) -> list[_Mention]:
    """Drop one-word matches with no evidence of being a place: not tagged a place by NER, no kind cue,
    resolved to a small place outside the countries the text is about; and pieces of a longer unknown name
    ("Isa" of "Isa Khan") resolved to a country nothing else in the text is in."""
    countries = Counter(m.best.country for m in mentions if m.best is not None and m.best.kind == "country")
    placed = Counter(m.best.country for m in mentions if m.best is not None and not m.partial)
    keep = []
    for m in mentions:
        b = m.best
        if (m.partial and m.role == "mention" and not m.opening and b is not None and b.kind != "country"
                and not m.located_in and placed.get(b.country, 0) == 0):
            continue
        weak = (m.role == "mention" and m.single and not m.opening and b is not None and m.ner not in ("GPE", "LOC") and not m.cue
                and not m.capital_of and b.kind in ("city", "district")
                and (b.population < 50_000 and countries.get(b.country, 0) == 0
                     or m.common and not (b.population >= 100_000 and countries.get(b.country, 0))))
        if not weak:
            keep.append(m)
    return keep


def _name_match(m: _Mention, c: Entry) -> float:
    """A place matched by its own name beats one matched only through an alternate name ("Victoria" is an
    old name of Hong Kong; "Santa Ana" of a Manila district)."""
    k, ck = name_key(m.text), name_key(c.name)
    if k == ck:
        return 0.0
    if ck.startswith(k) or k.startswith(ck):  # "Hebei" ~ "Hebei Sheng", "Ghazni Province" ~ "Ghazni"
        return -0.5
    return -1.5


_FORMAL = {"democratic", "republic", "of", "the", "people's", "peoples", "islamic", "federal", "socialist",
           "kingdom", "commonwealth", "plurinational", "bolivarian", "federative", "city"}


def _formal_extra(long: str, short: str) -> bool:
    """Is ``short`` ``long`` without formal words only ("Democratic Republic of the Congo" -> "Congo")?"""
    lw, sw = long.lower().replace("\u2019", "'").split(), short.lower().replace("\u2019", "'").split()
    if len(lw) <= len(sw):
        return False
    for j in range(len(lw) - len(sw) + 1):
        if lw[j : j + len(sw)] == sw:
            rest = lw[:j] + lw[j + len(sw):]
            return bool(rest) and all(w in _FORMAL for w in rest)
    return False


def _truncated(m: _Mention, c: Entry) -> float:
    """An abbreviation by truncation ("Van." for Vanuatu, "Calif." for California) names the place only with
    its full stop: without one, "Van" is the Turkish city and "Ken" a first name."""
    k = name_key(m.text)
    words = c.name.split()
    first = name_key(words[0]) if words else ""
    if c.kind in ("country", "province") and 0 < len(k) < len(first) and first.startswith(k) and not m.text.isupper():
        return 4.0
    return 0.0


def _cue_bonus(m: _Mention, c: Entry) -> float:
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


# --------------------------------------------------------------------------- output


_DATELINE = re.compile(r"^\s*(?P<name>[^\n:—–,(]{2,40}?)\s*(?::|—|–|--|\s-\s|,\s*[A-Z][^\n]{0,60}?(?:\)\s*)?(?:—|–|--|-))")


def _place(gaz: Gazetteer, m: _Mention, pid: str) -> Place:
    e = m.best
    return Place(
        id=pid, mention=Span(start=m.start, end=m.end, text=m.text), name=e.name if e else m.text,
        kind=e.kind if e else None, country=e.country if e else None, lat=e.lat if e else None,
        lon=e.lon if e else None, gazetteer_id=e.id if e else None, geonameid=e.geonameid if e else None,
        admin=gaz.admin_chain(e) if e else [], role=m.role, confidence=m.confidence,
    )


_LINE_DATELINE = re.compile(r"(?:^|(?<=[\n\u2028\u2029]))[ \t\xa0]*(?P<name>[A-Z][A-Z'\u2019. -]{1,30}[A-Z]),[ \t]*"
                            r"[A-Z][A-Za-z]+(?:[ \t][A-Z][A-Za-z]+)?[ \t]*(?:\(|[\u2013\u2014-])")
_UNKNOWN_IN_UNIT = re.compile(r"(?P<name>[A-Z][\w'\u2018\u2019-]*(?:[ \t]+[A-Z'\u2018\u2019][\w'\u2018\u2019-]*){0,3})"
                              r"[ \t]+district,[ \t]+(?P<unit>[A-Z])")
_NOT_NAME_START = {"in", "at", "of", "the", "from", "near", "during", "and", "a", "an", "for", "to", "on", "across",
                   "within", "outside", "throughout", "by"}
_PROVINCE_ANAPHOR = re.compile(r"\b[Tt]he (province|district|country)(?!\w)(?!\s+of\b)")


def find_places(article: Article, doc, gaz: Gazetteer) -> list[Place]:
    """Toponyms of ``article`` (``doc`` is the spaCy Doc of ``article.text``), resolved, in text order."""
    text = article.text
    mentions = detect(article, doc, gaz)
    taken = [(m.start, m.end) for m in mentions]
    mentions += demonym_mentions(article, doc, gaz, taken)
    mentions.sort(key=lambda m: m.start)
    resolve(mentions, text, gaz)
    mentions = _drop_weak(mentions)
    # dateline: the text opens with a place
    dm = _DATELINE.match(text[:200])
    if dm and mentions and mentions[0].role == "mention":
        first = mentions[0]
        if first.start == dm.start("name") and first.end >= dm.end("name") - 1 and first.best is not None:
            first.role = "dateline"
            article.dateline = first.best.name
    # a wire dateline on a line of its own after a header ("...For Immediate Release\nKABUL, Afghanistan (Jan. 9) –")
    for lm in _LINE_DATELINE.finditer(text):
        first = next((m for m in mentions if m.start == lm.start("name") and m.role == "mention"
                      and m.best is not None), None)
        if first is not None:
            first.role = "dateline"
            article.dateline = article.dateline or first.best.name
    # "X district, Y province" where the gazetteer knows no X: X is a place in Y
    by_start = {m.start: m for m in mentions}
    for um in _UNKNOWN_IN_UNIT.finditer(text):
        words = um.group("name").split()
        while words and words[0].lower() in _NOT_NAME_START:
            words = words[1:]
        if not words:
            continue
        s = um.start("name") + um.group("name").index(words[0])
        unit = by_start.get(um.start("unit"))
        if unit is None or unit.best is None or unit.best.kind != "province" or unit.role != "mention":
            continue
        over = [m for m in mentions if s < m.end and m.start < um.end("name")]
        if over and not all(m.located_in and s <= m.start and m.end <= um.end("name") and m.best == unit.best
                            for m in over):
            continue
        for m in over:  # pieces placed in the unit ("Hawza" of "Sar Hawza"): one mention of the whole name
            mentions.remove(m)
        m = _Mention(s, um.end("name"), text[s : um.end("name")], [unit.best], cue="district")
        m.best, m.confidence, m.located_in = unit.best, 0.5, True
        mentions.append(m)
    mentions.sort(key=lambda m: m.start)
    # anaphors: "the province" -> the province of the most recent place; "the country" -> the focus country
    weights: Counter = Counter()
    for m in mentions:
        if m.best is not None and m.best.country:
            weights[m.best.country] += 2.0 if m.best.kind == "country" else 1.0
    focus_country = gaz.country(weights.most_common(1)[0][0]) if weights else None
    for am in _PROVINCE_ANAPHOR.finditer(text):
        kind = am.group(1)
        prev = [m for m in mentions if m.end <= am.start() and m.best is not None and m.role == "mention"
                and m.best.kind != "region"]
        if not prev or am.start() - prev[-1].end > 600:
            continue
        src = prev[-1].best
        if kind == "province":
            unit = gaz.province_of(src)
        elif kind == "district":
            unit = src if src.kind == "district" else gaz.get(src.parent_id) if src.kind == "city" else None
            unit = unit if unit is not None and unit.kind == "district" else None
        else:
            unit = focus_country
        if unit is None:
            continue
        m = _Mention(am.start(), am.end(), am.group(0), [unit], role="anaphor")
        m.best, m.confidence = unit, 0.6
        mentions.append(m)
    mentions.sort(key=lambda m: m.start)
    out = []
    for m in mentions:
        if m.best is None:
            continue
        out.append(_place(gaz, m, f"p{len(out) + 1}"))
    return out


_QUALIFIER = re.compile(r"^(?:Greater|Metropolitan|Metro|Downtown|Inner|Outer|Upper|Lower|Central|North|South|East|West|"
                        r"Northern|Southern|Eastern|Western|North[- ]?(?:East|West)(?:ern)?|South[- ]?(?:East|West)(?:ern)?|"
                        r"Lake|Mount|Mt\.?)\s+(?=\S{3})")
_FEATURE = re.compile(r"(?<=\S{3})\s+(?:International\s+Airport|Airport|Air\s+Base|Valley|Island|Islands|Isle|Bay|Delta|"
                      r"Mountains|Mountain|Hills|River|Canal|Lake|Square|Province|District|Region|State|County|Prefecture|"
                      r"Governorate|Proving\s+Ground|Harbou?r|Peninsula|Coast|Plateau|Desert|Basin|Occidental|Oriental|"
                      r"City|Town|Village|Municipality|Area|Metropolitan\s+Area)$", re.I)


def span_candidates(gaz: Gazetteer, name: str, found: dict[str, list[Entry]] | None = None) -> list[Entry]:
    """Candidates for a given toponym span: its name (and alternate names), a demonym's country, then the name
    without "the"/"'s", a qualifier ("Greater Mumbai", "North Dallas", "Lake Erie") or a feature word
    ("Swat Valley", "Da Nang International Airport", "Kasai Occidental") -- the named place it is part of or
    next to. Used by the gold-span resolver and by the evaluation's coverage ceiling alike."""
    return _span_candidates(gaz, name, found)[0]


def _span_candidates(gaz: Gazetteer, name: str, found: dict[str, list[Entry]] | None = None
                     ) -> tuple[list[Entry], bool]:
    """``span_candidates`` and whether they name what the span is part of or next to (a kind cue after
    "Salinas Valley region" is about the valley, not about Salinas)."""
    cands = list((found or {}).get(name) or []) if found is not None else gaz.lookup(name)[:CANDIDATES_PER_NAME]
    if cands:
        return cands, False
    d = gaz.demonym(name)
    if d is not None:
        return [d], False
    cur = name
    for _ in range(2):
        nxt = re.sub(r"^(?:the|The)\s+|['\u2019]s$", "", cur)
        nxt = _QUALIFIER.sub("", nxt) if nxt == cur else nxt
        nxt = _FEATURE.sub("", nxt) if nxt == cur else nxt
        if nxt == cur or len(nxt) < 3:
            break
        cands = gaz.lookup(nxt)[:CANDIDATES_PER_NAME]
        if cands:
            return cands, bool(_FEATURE.search(cur))
        cur = nxt
    first = name.split()[0] if " " in name else ""
    d = gaz.demonym(first) if first else None  # "American South"
    return ([d], True) if d is not None else ([], False)


def resolve_spans(text: str, spans: list[tuple[int, int]], gaz: Gazetteer, doc=None) -> list[Entry | None]:
    """Resolve given toponym spans (gold-span evaluation): the same context machinery, no detection."""
    names = [text[s:e] for s, e in spans]
    found = gaz.lookup_many(names, limit=CANDIDATES_PER_NAME)
    mentions = []
    for (s, e), name in zip(spans, names):
        cands, part = _span_candidates(gaz, name, found)
        cue, cap = _cue(text, s, e)
        if part:
            cue, cap = None, False
        mentions.append(_Mention(s, e, name, cands, cue, cap))
    resolve(mentions, text, gaz)
    return [m.best for m in mentions]
