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

from sitroom.extract import lexicon
from sitroom.gazetteer import Entry, Gazetteer, distance_km
from sitroom.gazetteer.names import name_key
from sitroom.model import Article, Place, Span

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

MAX_WORDS = 5
CANDIDATES_PER_NAME = 40

# lower-case words allowed inside a multi-word name ("Isle of Man", "Sar e Pul", "Bosnia and Herzegovina")
CONNECTORS = lexicon.words("places", "connectors")

KIND_WORDS = lexicon.table("places", "kind_words")
CAP_PHRASE = re.compile(r"\b(?:provincial\s+|national\s+|state\s+)?capital\s+of\s+(?:the\s+)?$", re.I)
OF_BEFORE = re.compile(r"\b(city|town|village|province|state|district|county|region|country|port|capital)\s+of\s+(?:the\s+)?$", re.I)
KIND_AFTER = re.compile(r"^\s*(?:'s\s+)?(province|provinces|state|region|governorate|prefecture|oblast|district|county|"
                        r"municipality|city|town|village|territory)\b", re.I)
IN_KIND = re.compile(r"\bin\s+(?:the\s+)?$", re.I)

TITLES = lexicon.words("places", "titles")
SAY_VERBS = frozenset(f for v in lexicon.tagged("reporting", "verbs", "name_follows") for f in lexicon.table("reporting", "forms")[v])
STOP_WORDS = lexicon.words("places", "stop_words")

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
    parts: dict[str, dict[str, float]] = field(default_factory=dict)  # candidate id -> named score parts
    base_parts: dict[str, dict[str, float]] = field(default_factory=dict)  # the context-free parts of ``base``
    reason: str = ""  # why the best candidate won (``Place.reason``)


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
    # the pieces of a hyphenated word the gazetteer may not know whole: "Kabul-based", "Gaza-Egypt border",
    # "Russia-Ukraine" (never pieces of a name with a connector inside: "Mazar-e-Sharif", "Sar-e-Pul")
    for s, e, t0, t1 in words:
        if t1 > t0 and not any(doc[t].lower_ in CONNECTORS for t in range(t0, t1 + 1, 2)):
            for t in range(t0, t1 + 1, 2):
                if _is_cap(doc[t].text) and len(doc[t].text) > 2:
                    spans.append((doc[t].idx, doc[t].idx + len(doc[t].text), t, t))
    return spans


def _ent_around(doc, t0: int, t1: int) -> tuple[int, int] | None:
    """The token range of the named entity around tokens t0..t1, cut at line breaks (the tagger runs a
    headline into the first line of the text: "S. Africa Xenophobic Attacks ...\n\nSouth Africa" as a PERSON)."""
    ent = next((e for e in doc.ents if e.start <= t0 < e.end), None)
    if ent is None:
        return None
    a, b = ent.start, ent.end
    for i in range(t0 - 1, a - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_ or doc[i].text == ",":
            a = i + 1
            break
    for i in range(t1, b):
        if "\n" in doc[i].whitespace_ or (i > t1 and ("\n" in doc[i].text or doc[i].text == ",")):
            b = i + 1 if "\n" in doc[i].whitespace_ else i
            break
    return a, b


def _person_evidence(doc, t0: int, t1: int, headline: bool = False) -> bool:
    tok = doc[t0]
    prev = doc[t0 - 1] if t0 > 0 else None
    if prev is not None and prev.lower_.rstrip(".") in TITLES and _is_cap(prev.text):
        return True
    if tok.ent_type_ == "PERSON" and not headline:  # the tagger reads capitalised headlines as names
        ent = _ent_around(doc, t0, t1)
        # a longer PERSON name around the candidate; punctuation the tagger swept in ("Lashkar Gah:") is no name
        if ent is not None and any(not doc[i].is_punct and not doc[i].is_space and not _GENERIC_NEXT.fullmatch(doc[i].text)
                                   for i in (*range(ent[0], t0), *range(t1 + 1, ent[1]))):
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
    ent = _ent_around(doc, t0, t1)
    if ent is None or (ent[0] == t0 and ent[1] == t1 + 1):
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
    heads = _headlines(text)
    for s, e, t0, t1 in order:
        surface = text[s:e]
        cands = found.get(surface) or []
        if not cands or any(s < b and a < e for a, b in taken):
            continue
        single = t0 == t1
        ner = doc[t0].ent_type_
        low = surface.lower()
        opening = s == len(text) - len(text.lstrip()) and bool(_DATELINE.match(text[:200]))
        headline = any(a <= s and e <= b for a, b in heads)
        if headline and not single and (doc[t0].is_stop or doc[t1].is_stop):
            continue  # "It Is" in "... Says It Is Behind Attacks": title case joins any words
        if single and not opening and not m_cue_before(text, s) and gaz.demonym(surface) is not None:
            continue  # "Somali soldiers", "Saudi strikes": the people's adjective (a demonym mention), not a place
        # "Upper Nile, Unity and Jonglei states": each is a state (found as one, resolved as a list's member)
        plural = _PLURAL_LIST.match(text, e, min(len(text), e + 160))
        unit_after = (bool(KIND_AFTER.match(text[e : e + 30])) and _cue(text, s, e)[0] in ("province", "district")
                      or plural is not None)
        if single and not opening and not unit_after:  # "Unity state", "Central province": the unit word decides
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
        if _person_evidence(doc, t0, t1, headline) or (not headline and _org_evidence(doc, t0, t1, cands)):
            continue
        if (single and t1 + 1 < len(doc) and doc[t1 + 1].lower_ in SAY_VERBS
                and not (t0 > 0 and doc[t0 - 1].pos_ == "ADP")  # "a resident of Tyler said" is a place
                and all(c.kind in ("city", "district") and c.population < 1_000_000 for c in cands)):
            continue  # "..., Ateny said": a speaker; a town does not speak (a country or a capital may, for its government)
        after = text[e : e + 40]
        if AFTER_NOT_PLACE.match(after) or (ner == "PERSON" and re.match(r",\s*\d", after)):
            continue  # "Marburg virus", "Franklin Elementary", "Campbell, 42,"
        cue, cap = _cue(text, s, e)
        m = _Mention(s, e, surface, cands, cue, cap, ner, single)
        m.common = single and _is_common_word(doc, low)
        m.partial = single and not headline and _in_longer_name(doc, t0, t1)
        m.opening = opening
        mentions.append(m)
        taken.append((s, e))
    mentions += _code_mentions(text, mentions, gaz, taken)
    mentions.sort(key=lambda m: m.start)
    return mentions


_CODE_AFTER = re.compile(r",[ \t]*(?P<code>[A-Z]{2,3})(?![\w.-])")


def _code_mentions(text: str, mentions: list[_Mention], gaz: Gazetteer, taken: list[tuple[int, int]]) -> list[_Mention]:
    """"Tulsa, OK", "Hamilton, ON": a division's code after a place that has a namesake in that division."""
    out = []
    at = {(x.start, x.end): x for x in mentions}
    for m in list(mentions):
        cm = _CODE_AFTER.match(text, m.end)
        if cm is None:
            continue
        span = (cm.start("code"), cm.end("code"))
        old = at.get(span)
        if old is None and any(span[0] < b and a < span[1] for a, b in taken):
            continue
        units = [u for u in gaz.subdivision(cm.group("code"))
                 if any(c.country == u.country and c.admin1 == u.name for c in m.cands)]
        if len(units) != 1:
            continue
        if old is not None:  # "IL" also names a village in Kenya: after "Springfield," it is Illinois
            old.cands, old.cue, old.partial, old.common = units, "province", False, False
        else:
            out.append(_Mention(span[0], span[1], cm.group("code"), units, cue="province", single=True))
            taken.append(span)
    return out


_NAME = r"[A-Z][\w'\u2019-]*(?:[ \t]+[A-Z][\w'\u2019-]*)?"
# the rest of a list of names closed by a plural unit word, from just after one member: ", Unity and Jonglei states"
PLURAL_UNITS = lexicon.table("places", "plural_units")
_PLURALS = "|".join(sorted(map(re.escape, PLURAL_UNITS)))
_PLURAL_LIST = re.compile(rf"(?:[ \t]*,[ \t]*{_NAME})*[ \t]*,?[ \t]+(?:and|or)[ \t]+{_NAME}[ \t]+(?P<kind>{_PLURALS})\b"
                          rf"|[ \t]+(?P<kind2>{_PLURALS})\b")
_LOCATIVE_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, lexicon.words("places", "locative_before"))))
                              + r")\s+(?:the\s+)?$", re.I)
_HEAD_END = re.compile(r"[.!?:;,\"\u201d\u2019)]\s*$")


def m_cue_before(text: str, s: int) -> bool:
    """Does a locative preposition stand just before offset ``s`` ("in Somali", "from the Somali region")?"""
    return bool(_LOCATIVE_BEFORE.search(text[max(0, s - 20) : s]))


def _headlines(text: str) -> list[tuple[int, int]]:
    """Lines written as titles: short, no closing punctuation, most longer words capitalised ("Air Strikes Hit
    Gaza Targets"). In them capitalisation and the tagger's names say nothing."""
    out = []
    pos = 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", line) if len(w) > 3]
        if (2 <= len(words) <= 16 and not _HEAD_END.search(line)
                and sum(w[0].isupper() for w in words) >= 0.7 * len(words)):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


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
        m.base_parts = {c.id: {"kind and population": _prior(c), "own name": _name_match(m, c),
                               "kind cue": _cue_bonus(m, c), "truncated": -(0.0 if dotted else _truncated(m, c))}
                        for c in m.cands}
        # a name shared by a unit and its seat (or a place directly in it) names the place unless a cue says so
        for u in m.cands:
            if u.kind in ("province", "district") and any(
                    c.kind == "city" and (c.capital_of == u.id or c.parent_id == u.id) for c in m.cands):
                m.base_parts[u.id]["seat over unit"] = -2.0
        m.base = {cid: sum(v.values()) for cid, v in m.base_parts.items()}
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
                    m.base_parts[top.id] = {"kind and population": m.base[top.id] - 3.0, "formal name before": 3.0}
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
                    votes = sum(0.75 * (2.0 if abs(at - m.start) < 250 else 1.0)
                                for vk, at in regions.get((c.country, c.admin1), ()) if vk != k)
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
                    near = sum(1 for am, ae in anchors if am is not m and ae.id != c.id
                               and (_contains(c, ae) if c.kind == "province"
                                    else distance_km(c.lat, c.lon, ae.lat, ae.lon) < 250))
                    if near:
                        parts["places nearby"] = min(2.0, 0.7 * near)
                m.parts[c.id] = parts
                m.scores[c.id] = sum(parts.values())
    # one sense per text: mentions of a name without a kind cue share their evidence ("Santa Ana, California"
    # settles the later bare "Santa Ana")
    # settles the later bare "Santa Ana"); a mention with a kind cue lends its sense to the bare ones ("New York
    # state ... in New York") but keeps its own -- unless that sense is a unit whose seat bears the name
    # ("Kandahar: the second-largest city. Capital of Kandahar province")
    groups: dict[str, list[_Mention]] = defaultdict(list)
    cued: dict[str, list[_Mention]] = defaultdict(list)
    for m in todo:
        (cued if m.cue or m.capital_of else groups)[name_key(m.text)].append(m)
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
    for m in todo:
        ranked = sorted(m.cands, key=lambda c: -m.scores[c.id])
        m.best = ranked[0]
        margin = m.scores[ranked[0].id] - (m.scores[ranked[1].id] if len(ranked) > 1 else 0.0)
        m.confidence = round(1 / (1 + math.exp(-margin)), 3) if len(ranked) > 1 else 0.95
        m.reason = _reason(m, ranked)
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


def _named_parts(m: _Mention, cid: str) -> dict[str, float]:
    parts = dict(m.base_parts.get(cid, {}))
    for k, v in m.parts.get(cid, {}).items():
        if k != "base":
            parts[k] = parts.get(k, 0.0) + v
    return parts


def _reason(m: _Mention, ranked: list[Entry]) -> str:
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
    named = [m.best for m in mentions if m.best is not None and m.best.kind == "country"]

    def near_named(b: Entry) -> bool:  # in a country the text names, or next to one ("Gaza" in a text on Israel)
        return countries.get(b.country, 0) > 0 or any(distance_km(b.lat, b.lon, c.lat, c.lon) < 500 for c in named)
    def evidence(m: _Mention) -> bool:  # something in the text says this mention is a place
        b = m.best
        return bool(m.opening or m.ner in ("GPE", "LOC") or m.cue or m.capital_of
                    or any(h.best is not None and b is not None and _contains(h.best, b) for h in m.parent_hint))
    # one sense per text: a name the text shows to be a place once is a place in its other mentions too
    # ("the town of Yabrud ... the loss of Yabrud")
    shown = {(name_key(m.text), m.best.id) for m in mentions if m.best is not None and evidence(m)}
    keep = []
    for m in mentions:
        b = m.best
        if (m.partial and m.role == "mention" and not m.opening and b is not None and b.kind != "country"
                and not m.located_in and placed.get(b.country, 0) == 0):
            continue
        weak = (m.role == "mention" and m.single and b is not None and not evidence(m)
                and (name_key(m.text), b.id) not in shown and b.kind in ("city", "district")
                and (b.population < 50_000 and countries.get(b.country, 0) == 0
                     or m.common and not (b.population >= 100_000 and near_named(b))))
        if not weak:
            keep.append(m)
    return keep


FAR_KM = 1500.0  # farther than this from every place of the text's context: another continent, or near it


def _drop_incoherent(mentions: list[_Mention]) -> list[_Mention]:
    """A name with no candidate near the text's context stays unresolved rather than jumping a continent: a
    town or district resolved to a country the text does not otherwise name, far from every place the text is
    about ("Ateny" as Athens in a report from South Sudan, "Kerry" as the Irish county in one from Bangui), is
    dropped -- unless the text points there: a kind cue ("X province"), a stated unit ("X, Y"), a place the
    tagger calls a location that is large or a seat, or a city of a million."""
    ctx: Counter = Counter()
    for m in mentions:
        b = m.best
        if b is None or not b.country:
            continue
        if m.role in ("demonym", "dateline") or b.kind == "country":
            ctx[b.country] += 2.0
        elif m.confidence >= 0.9 or m.parent_hint or m.cue:
            ctx[b.country] += 1.0
    if not ctx:
        return mentions
    pts = [(m.best.lat, m.best.lon) for m in mentions
           if m.best is not None and m.best.country in ctx and m.best.kind in ("city", "district", "province")]
    keep = []
    for m in mentions:
        b = m.best
        if (m.role == "mention" and b is not None and b.kind in ("city", "district") and b.country
                and b.country not in ctx and not (m.cue or m.capital_of or m.parent_hint or m.child_hint
                                                  or m.located_in or m.opening)
                and (b.population < 1_000_000 or _name_match(m, b) < 0)
                and not (m.ner in ("GPE", "LOC") and (b.population >= 100_000 or b.capital_of)
                         and _name_match(m, b) == 0)
                and all(distance_km(b.lat, b.lon, la, lo) > FAR_KM for la, lo in pts)
                and all(distance_km(b.lat, b.lon, c.lat, c.lon) > FAR_KM
                        for c in (x.best for x in mentions) if c is not None and c.kind == "country")):
            continue
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


_FORMAL = lexicon.words("places", "formal_words")


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
        admin=gaz.admin_chain(e) if e else [], role=m.role, confidence=m.confidence, reason=m.reason or None,
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
    mentions = _drop_incoherent(_drop_weak(mentions))
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


def explain(text: str, nlp, gaz: Gazetteer) -> str:
    """The places of ``text``, one line each: the span, what it resolved to, the confidence and the reason it won
    (``sitroom gazetteer lookup --explain "text"``)."""
    places = find_places(Article(text=text), nlp(text), gaz)
    if not places:
        return "no places found"
    lines = []
    for p in places:
        where = ", ".join([*reversed(p.admin[1:]), p.country or ""]) if p.admin else (p.country or "")
        lines.append(f"{p.mention.start}-{p.mention.end} {p.mention.text!r} [{p.role}] -> {p.name} ({p.kind}, "
                     f"{where}; {p.lat:.3f},{p.lon:.3f}) confidence {p.confidence:.2f}"
                     + (f": {p.reason}" if p.reason else ""))
    return "\n".join(lines)


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
    _unknown_in_context(mentions, text, gaz)
    return [m.best for m in mentions]


def _unknown_in_context(mentions: list[_Mention], text: str, gaz: Gazetteer) -> None:
    """A given toponym the gazetteer does not know lies in the unit the text states after it ("Kogelo, Kenya",
    "Mukuru, Nairobi"), else in the text's main country (its named countries count twice, its other places once):
    the best the index can say of a village it lacks (confidence 0.3, role of ``located_in``)."""
    unknown = [m for m in mentions if m.best is None]
    if not unknown:
        return
    weights: Counter = Counter()
    for m in mentions:
        if m.best is not None and m.best.country:
            weights[m.best.country] += 2.0 if m.best.kind == "country" else 1.0
    focus = gaz.country(weights.most_common(1)[0][0]) if weights else None
    after = {m.start: m for m in mentions if m.best is not None}
    for m in unknown:
        gap = re.match(r"\s*(?:(?:province|district|county|state|region|city|island)\s*)?,\s*", text[m.end : m.end + 20], re.I)
        unit = after.get(m.end + gap.end()) if gap else None
        if unit is not None and unit.best is not None and unit.best.kind in ("country", "province", "district", "city"):
            m.best, m.reason = unit.best, f"not in the gazetteer: placed in the unit stated after it ({unit.best.name})"
        elif focus is not None:
            m.best, m.reason = focus, f"not in the gazetteer: placed in the text's main country ({focus.name})"
        else:
            continue
        m.confidence, m.located_in = 0.3, True
