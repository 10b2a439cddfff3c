"""Toponyms in the text: every capitalised word n-gram looked up in the gazetteer, kept unless the context says
it is something else (a person's or an organisation's name, a title, a common word, a headline's title case);
demonyms; a division's code after a place ("Tulsa, OK"). :mod:`sitroom.extract.places` runs the stage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitroom.extract import lexicon
from sitroom.extract.backers import in_backer_phrase
from sitroom.extract.nlp import doc_text, ents_of, token_texts
from sitroom.gazetteer import Entry, Gazetteer
from sitroom.gazetteer.names import name_key
from sitroom.model import Article

MAX_WORDS = 5
CANDIDATES_PER_NAME = 40

# lower-case words allowed inside a multi-word name ("Isle of Man", "Sar e Pul", "Bosnia and Herzegovina")
CONNECTORS = lexicon.words("places", "connectors")

KIND_WORDS = lexicon.table("places", "kind_words")
CAP_PHRASE = re.compile(r"\b(?:provincial\s+|national\s+|state\s+)?capital\s+of\s+(?:the\s+)?$", re.I)
OF_BEFORE = re.compile(
    r"\b(city|town|village|province|state|district|county|region|country|port|capital)\s+of\s+(?:the\s+)?$", re.I
)
KIND_AFTER = re.compile(
    r"^\s*(?:'s\s+)?(province|provinces|state|region|governorate|prefecture|oblast|district|county|"
    r"municipality|city|town|village|territory)\b",
    re.I,
)
IN_KIND = re.compile(r"\bin\s+(?:the\s+)?$", re.I)

TITLES = lexicon.words("places", "titles")
SAY_VERBS = frozenset(
    f for v in lexicon.tagged("reporting", "verbs", "name_follows") for f in lexicon.table("reporting", "forms")[v]
)
STOP_WORDS = lexicon.words("places", "stop_words")

AFTER_NOT_PLACE = re.compile(
    r"^\s*(?:-\s*)?(?:virus|viruses|ebolavirus|fever|disease|flu|strain|outbreak\s+strain|Elementary|School|"
    r"High\s+School|University|College|Hospital|Clinic|Institute|Academy|Street|St\.|Road|Avenue|Ave\.|Boulevard|"
    r"Bank|Corporation|Corp\.|Company|Co\.|Inc\.?|Ltd\.?|Group|Foundation|Church|Mosque|Cathedral|Prison|"
    r"Stadium|Mall|Hotel|Times|Post|Herald|Tribune|Gazette|Journal)\b"
)

_WORDS: dict[str, set[str]] = {}


def english_words() -> set[str]:
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


_VARIANT_ARTICLE = re.compile(
    r"^(?:" + "|".join(sorted(lexicon.words("places", "variant_articles"), key=len, reverse=True)) + r")[\s'’-]+",
    re.I,
)
_VARIANT_LETTERS = list(lexicon.table("places", "variant_letters").items())


def variant_key(name: str) -> str:
    """The key of a name that its romanisations share ("Balakliia", "Balakliya" -> ``balaklia``; "al-Hazm",
    "Hazm" -> ``hazm``): the lookup key without a leading article, the letter groups of ``variant_letters`` folded,
    doubled letters single and a final "h" after a vowel dropped. One text's mentions with one variant key name one
    place (one sense per discourse); across texts it decides nothing."""
    key = name_key(_VARIANT_ARTICLE.sub("", name.strip()) or name)
    for a, b in _VARIANT_LETTERS:
        key = key.replace(a, b)
    key = re.sub(r"(.)\1+", r"\1", key)
    return re.sub(r"(?<=[aeiou])h$", "", key)


def _is_common_word(doc, low: str) -> bool:
    return low in english_words()


def description(name: str) -> bool:
    """Is a title-case name a description of a place rather than its name: English words closed by a place noun
    ("Border Town", "Mining Town", "Key City", "Strategic District")?"""
    words = name.replace("-", " ").split()
    return (
        len(words) >= 2
        and words[-1].lower() in KIND_WORDS
        and all(w.lower() in english_words() or w.lower() in KIND_WORDS for w in words[:-1])
    )


@dataclass
class Mention:
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
    parent_hint: list["Mention"] = field(default_factory=list)
    child_hint: list["Mention"] = field(default_factory=list)
    common: bool = False  # the word is also an English word ("Drug", "Bell", "Orange")
    opening: bool = False  # opens the text before a dateline mark
    base: dict[str, float] = field(default_factory=dict)
    partial: bool = False  # one word of a longer capitalised name the gazetteer does not know ("Isa" of "Isa Khan")
    ends_name: bool = False  # ``partial``, and the last word of the longer name ("Jordan" of "Puerto Jordan")
    located_in: bool = False  # resolved to the unit the text says it lies in ("Wali Kot district, Kandahar province")
    parts: dict[str, dict[str, float]] = field(default_factory=dict)  # candidate id -> named score parts
    base_parts: dict[str, dict[str, float]] = field(default_factory=dict)  # the context-free parts of ``base``
    reason: str = ""  # why the best candidate won (``Place.reason``)
    changed_hands: bool = False  # the place a change of control names ("captured Bara", "the fall of Bukavu")
    description: bool = False  # a headline's title-case description ("Captured Border Town"), not surely a name
    locative: bool = False  # after a locative preposition ("east of Timbuktu", "in Ber")
    site_of: bool = False  # where a military or strategic site lies ("the army base at Monguno", "Sanaa's palace")
    backer: bool = False  # a demonym naming a backer ("backed by Russian airstrikes"): no theatre (backers.py)


def _words(doc) -> list[tuple[int, int, int, int]]:
    """Glue tokens not separated by whitespace with hyphens between them into words: (start, end, tok0, tok1)."""
    out: list[tuple[int, int, int, int]] = []
    texts, starts, spaces = token_texts(doc)
    n = len(texts)
    i = 0
    while i < n:
        if not (texts[i][0].isalnum()):
            i += 1
            continue
        j = i
        # "Mazar-e-Sharif": Mazar - e - Sharif with no whitespace
        while (
            j + 2 < n
            and not spaces[j]
            and texts[j + 1] in ("-", "‐", "–")
            and not spaces[j + 1]
            and texts[j + 2][0].isalnum()
        ):
            j += 2
        out.append((starts[i], starts[j] + len(texts[j]), i, j))
        i = j + 1
    return out


# the words of a name stand one space (or a hyphen) apart: two blanks or a tab set off a transcript's turn marker
# ("Q", a speaker's label) or a layout column from what follows
_WIDE_GAP = re.compile(r"\s\s|\t")


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
            if _WIDE_GAP.search(gap):  # "Q\xa0\xa0 And then": a transcript marker set off from its turn, not a name
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
    ent = next((e for e in ents_of(doc) if e.start <= t0 < e.end), None)
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
        if ent is not None and any(
            not doc[i].is_punct and not doc[i].is_space and not _GENERIC_NEXT.fullmatch(doc[i].text)
            for i in (*range(ent[0], t0), *range(t1 + 1, ent[1]))
        ):
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


def kind_cue(text: str, s: int, e: int) -> tuple[str | None, bool]:
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


def detect(article: Article, doc, gaz: Gazetteer) -> list[Mention]:
    text = article.text
    spans = _candidate_spans(text, doc)
    found = gaz.lookup_many([text[s:e] for s, e, _, _ in spans], limit=CANDIDATES_PER_NAME, variants=False)
    # longest first, then leftmost; no overlaps
    order = sorted(spans, key=lambda x: (-(x[3] - x[2]), x[0]))
    taken: list[tuple[int, int]] = []
    lower_words = None
    mentions: list[Mention] = []
    sent_starts = {s.start for s in doc.sents}
    heads = _headlines(text)
    for s, e, t0, t1 in order:
        surface = text[s:e]
        cands = _shared_country(gaz, surface, found.get(surface) or [])
        if not cands or any(s < b and a < e for a, b in taken):
            continue
        single = t0 == t1
        ner = doc[t0].ent_type_
        low = surface.lower()
        opening = s == len(text) - len(text.lstrip()) and bool(DATELINE.match(text[:200]))
        headline = any(a <= s and e <= b for a, b in heads)
        if headline and not single and (doc[t0].is_stop or doc[t1].is_stop):
            continue  # "It Is" in "... Says It Is Behind Attacks": title case joins any words
        if single and not opening and not m_cue_before(text, s) and gaz.demonym(surface) is not None:
            continue  # "Somali soldiers", "Saudi strikes": the people's adjective (a demonym mention), not a place
        # "Upper Nile, Unity and Jonglei states": each is a state (found as one, resolved as a list's member)
        plural = _PLURAL_LIST.match(text, e, min(len(text), e + 160))
        unit_after = (
            bool(KIND_AFTER.match(text[e : e + 30]))
            and kind_cue(text, s, e)[0] in ("province", "district")
            or plural is not None
        )
        if single and not opening and not unit_after:  # "Unity state", "Central province": the unit word decides
            if low in STOP_WORDS or low in TITLES or doc[t0].is_stop or len(surface) < 2:
                continue
            if headline and low in KIND_WORDS:
                continue  # title case capitalises a place noun too: alone it names no place ("... Colombian Village")
            if (
                surface.replace(".", "").isupper()
                and len(surface) <= 4
                and ner not in ("GPE", "LOC")
                and not any(c.kind in ("country", "province", "region") for c in cands)
            ):
                continue  # acronyms name places only when they name a country or a state ("UK", "NSW")
            if lower_words is None:
                lower_words = {w for w in token_texts(doc)[0] if w.islower()}
            if low in lower_words and ner not in ("GPE", "LOC"):
                continue  # a common word that happens to be capitalised here
            if doc[t0].pos_ in ("ADJ", "VERB", "ADV", "PRON", "DET", "ADP") and ner not in ("GPE", "LOC"):
                continue
            if t0 in sent_starts and doc[t0].pos_ not in ("PROPN",) and ner not in ("GPE", "LOC"):
                continue
        if _person_evidence(doc, t0, t1, headline) or (not headline and _org_evidence(doc, t0, t1, cands)):
            continue
        if (
            single
            and t1 + 1 < len(doc)
            and doc[t1 + 1].lower_ in SAY_VERBS
            and not (t0 > 0 and doc[t0 - 1].pos_ == "ADP")  # "a resident of Tyler said" is a place
            and all(c.kind in ("city", "district") and c.population < 1_000_000 for c in cands)
        ):
            continue  # "..., Ateny said": a speaker; a town does not speak (a country or a capital may, for its government)
        after = text[e : e + 40]
        if AFTER_NOT_PLACE.match(after) or (ner == "PERSON" and re.match(r",\s*\d", after)):
            continue  # "Marburg virus", "Franklin Elementary", "Campbell, 42,"
        cue, cap = kind_cue(text, s, e)
        m = Mention(s, e, surface, cands, cue, cap, ner, single)
        m.common = single and _is_common_word(doc, low)
        m.partial = single and not headline and _in_longer_name(doc, t0, t1)
        m.ends_name = m.partial and _ends_longer_name(doc, t0)
        m.opening = opening
        m.changed_hands = changed_hands(doc, t0, t1)
        m.description = headline and description(surface)
        m.locative = m_cue_before(text, s)
        m.site_of = site_location(doc, t0, t1)
        mentions.append(m)
        taken.append((s, e))
    mentions += _code_mentions(text, mentions, gaz, taken)
    mentions.sort(key=lambda m: m.start)
    return mentions


SHARED_COUNTRY_NAMES = lexicon.table("places", "shared_country_names")


def _shared_country(gaz: Gazetteer, surface: str, cands: list[Entry]) -> list[Entry]:
    """ "Congo": every country that bears the short name is a candidate (the index lists only one), the usual
    sense of news first; the text's other places decide between them."""
    codes = SHARED_COUNTRY_NAMES.get(surface.lower())
    if not codes:
        return cands
    countries = [c for c in (gaz.country(cc) for cc in codes) if c is not None]
    return [*countries, *(c for c in cands if c.kind != "country" or c.country not in codes)]


_CONTROL = lexicon.table("control", "control_triggers")
_NOMINALS = lexicon.table("control", "control_nominals")
_SITES = frozenset(lexicon.words("control", "control_sites"))
_SITE_PREPS = frozenset(lexicon.words("control", "control_site_preps"))


def site_location(doc, t0: int, t1: int) -> bool:
    """Is the name at tokens t0..t1 where a military or strategic site lies (``control_sites``) that a change of
    control names (:func:`changed_hands`: "stormed Sanaa's presidential palace", "overran the army base at
    Monguno"): the possessor of the site's noun or the object of a preposition that locates it? A site lies in a
    place: the parse says the name is one (the tagger's "person" or "organisation" for a town's name is no evidence
    against it)."""
    head = next((doc[i] for i in range(t0, t1 + 1) if not t0 <= doc[i].head.i <= t1 or doc[i].head.i == i), None)
    if head is None or head.head.i == head.i:
        return False
    gov = head.head
    if head.dep_ == "poss":
        site = gov
    elif head.dep_ == "pobj" and gov.lower_ in _SITE_PREPS and gov.head.i != gov.i:
        # on the site's noun, or right after it on the verb it hangs from ("overran the army base at Monguno")
        on_noun = gov.head.i < gov.i and gov.head.pos_ == "NOUN"
        site = gov.head if on_noun else doc[gov.i - 1]
        if not on_noun and site.head.i != gov.head.i:
            return False
    else:
        return False
    return (site.lemma_.lower() in _SITES or site.lower_ in _SITES) and _names_change(site)


def _stem_in(word: str, table: dict) -> str | None:
    """The entry of a title-case word in a lemma table, whatever its inflection ("Captures", "Retakes", "Falls")."""
    w = word.lower()
    return next((table[c] for c in (w, w[:-1], w[:-2]) if c in table), None)


def _titled_change(doc, t0: int, t1: int) -> bool:
    """A headline's change of control read from the words around the name, which the tagger misparses in title case:
    "Rebels Capture Goma", "Take Control of Aleppo", "Claims Capture of Bakhmut", "Hama Falls to Rebels"."""
    before = [t for t in doc[max(0, t0 - 3) : t0] if not t.is_space]
    after = doc[t1 + 1] if t1 + 1 < len(doc) else None
    if not before and after is None:
        return False
    prev = before[-1] if before else None
    if prev is not None and prev.text[:1].isupper() and _stem_in(prev.text, _CONTROL) in ("capture", "regain"):
        return _stem_in(prev.text, _CONTROL) is not None and prev.lower_ not in ("take", "takes", "hand", "hands")
    if prev is not None and prev.lower_ == "of" and len(before) >= 2:
        noun = before[-2]
        return noun.text[:1].isupper() and (noun.lower_ == "control" or _stem_in(noun.text, _NOMINALS) is not None)
    return (
        after is not None
        and after.text[:1].isupper()
        and after.lower_ in ("falls", "fell")
        and t1 + 2 < len(doc)
        and doc[t1 + 2].lower_ == "to"
    )


def _to_gainer(tok) -> bool:
    """ "fell to / into the hands of X", "the fall of Y to X": the side it fell to is told."""
    return any(c.dep_ == "prep" and c.lower_ in ("to", "into") for c in tok.children)


def changed_hands(doc, t0: int, t1: int) -> bool:
    """Is the name at tokens t0..t1 the place a change of control names: the object of a takeover verb ("captured
    Bara", "retook Tikrit"), the subject of its passive or of "fell", the place a loss leaves ("withdrew from X"),
    the "of" or possessor of a takeover noun ("the fall of Bukavu", "Palmyra's capture")? The grammar says it is a
    place (the tagger's "person" for an unknown town's name is no evidence against it)."""
    if _titled_change(doc, t0, t1):
        return True
    head = next((doc[i] for i in range(t0, t1 + 1) if not t0 <= doc[i].head.i <= t1 or doc[i].head.i == i), None)
    return head is not None and _names_change(head)


def _names_change(head) -> bool:
    """Is the phrase headed by ``head`` what a change of control names (see :func:`changed_hands`)?"""
    while head.dep_ == "conj" and head.head.i != head.i:  # "seized X, Y and Z": every member
        head = head.head
    for rel in (c for c in head.children if c.dep_ == "relcl"):  # "Goma, which M23 rebels seized in January"
        pron = next((c for c in rel.children if c.lower_ in lexicon.words("events", "relative_pronouns")), None)
        if pron is not None and pron.dep_ in ("dobj", "obj", "nsubjpass", "nsubj") and _names_change(pron):
            return True
    gov = head.head
    if head.dep_ in ("dobj", "obj", "nsubjpass"):
        return _CONTROL.get(gov.lemma_) in ("capture", "regain", "advance") and gov.lemma_ != "hand"
    if head.dep_ == "nsubj":
        return gov.lemma_ == "fall" and gov.pos_ == "VERB" and _to_gainer(gov)
    if head.dep_ == "poss":
        return gov.lemma_ in _NOMINALS and (gov.lemma_ != "fall" or _to_gainer(gov))
    if head.dep_ == "pobj":
        verb = gov.head
        if gov.lower_ == "of" and verb.lemma_ in _NOMINALS:
            # "fall" alone is ambiguous ("the fall of Gadhafi", "Aleppo fell silent"): only with the side it fell to
            return verb.lemma_ != "fall" or _to_gainer(verb)
        if gov.lower_ in ("of", "over") and verb.lemma_ == "control":  # "took / seized / regained control of X"
            return _CONTROL.get(verb.head.lemma_) in ("capture", "regain") or verb.head.lemma_ in ("gain", "assume")
        return gov.lower_ in ("from", "of") and _CONTROL.get(verb.lemma_) == "withdraw" and verb.lemma_ != "leave"
    return False


_CODE_AFTER = re.compile(r",[ \t]*(?P<code>[A-Z]{2,3})(?![\w.-])")


def _code_mentions(text: str, mentions: list[Mention], gaz: Gazetteer, taken: list[tuple[int, int]]) -> list[Mention]:
    """ "Tulsa, OK", "Hamilton, ON": a division's code after a place that has a namesake in that division."""
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
        units = [
            u
            for u in gaz.subdivision(cm.group("code"))
            if any(c.country == u.country and c.admin1 == u.name for c in m.cands)
        ]
        if len(units) != 1:
            continue
        if old is not None:  # "IL" also names a village in Kenya: after "Springfield," it is Illinois
            old.cands, old.cue, old.partial, old.common = units, "province", False, False
        else:
            out.append(Mention(span[0], span[1], cm.group("code"), units, cue="province", single=True))
            taken.append(span)
    return out


_NAME = r"[A-Z][\w'\u2019-]*(?:[ \t]+[A-Z][\w'\u2019-]*)?"
# the rest of a list of names closed by a plural unit word, from just after one member: ", Unity and Jonglei states"
PLURAL_UNITS = lexicon.table("places", "plural_units")
_PLURALS = "|".join(sorted(map(re.escape, PLURAL_UNITS)))
_PLURAL_LIST = re.compile(
    rf"(?:[ \t]*,[ \t]*{_NAME})*[ \t]*,?[ \t]+(?:and|or)[ \t]+{_NAME}[ \t]+(?P<kind>{_PLURALS})\b"
    rf"|[ \t]+(?P<kind2>{_PLURALS})\b"
)
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, lexicon.words("places", "locative_before")))) + r")\s+(?:the\s+)?$", re.I
)
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
        if (
            2 <= len(words) <= 16
            and not _HEAD_END.search(line)
            and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
        ):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def demonym_mentions(article: Article, doc, gaz: Gazetteer, taken: list[tuple[int, int]]) -> list[Mention]:
    """The people's adjectives of countries ("Afghan", "Somali"), two words first ("Sri Lankan", "South Sudanese":
    not Sudan's)."""
    out = []
    skip = -1
    text = doc_text(doc)  # once: spaCy joins every token's text at each doc.text
    words = token_texts(doc)[0]
    for i, w in enumerate(words):  # a Token only for a capitalised word
        if i <= skip or not w[:1].isupper() or not w.isalpha():
            continue
        t = doc[i]
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        pair = (
            nxt is not None and t.whitespace_ == " " and nxt.text[:1].isupper() and nxt.text.isalpha() and len(nxt) >= 4
        )
        for last in [nxt, t] if pair else [t]:
            s, e = t.idx, last.idx + len(last.text)
            # a two-word demonym may cover a word read as a place ("Sri" of "Sri Lankan Troops"): it replaces it
            if e - s < 4 or any(s < b and a < e and not (last is not t and s <= a and b <= e) for a, b in taken):
                continue
            c = gaz.demonym(text[s:e])
            if c is not None:
                m = Mention(s, e, text[s:e], [c], role="demonym", backer=in_backer_phrase(t))
                m.best, m.confidence = c, 0.9
                out.append(m)
                skip = last.i
                break
    return out


_GENERIC_NEXT = re.compile(
    r"(?:Valley|River|Rivers|Island|Islands|Isle|Bay|Delta|Mountains?|Hills?|Lake|Canal|Coast|"
    r"Province|Provinces|District|Districts|State|States|County|Region|City|Town|Village|Area|"
    r"Peninsula|Plateau|Desert|Basin|Strait|Gulf|Sea|Ocean|Airport|Governorate|Prefecture)\b"
)


def _name_word(tok) -> bool:
    """A capitalised word that can be part of a place's name (no stop word, title or generic word)."""
    return (
        tok.text[:1].isupper()
        and tok.text.isalpha()
        and not tok.is_stop
        and not tok.is_sent_start
        and tok.lower_ not in STOP_WORDS
        and tok.lower_ not in TITLES
        and not _GENERIC_NEXT.fullmatch(tok.text)
    )


def _in_longer_name(doc, t0: int, t1: int) -> bool:
    """Is the word glued by one space to another capitalised word of the same name ("Isa Khan", "Kash Rod"),
    other than a feature word ("Swat Valley") or a title -- a name the gazetteer does not know, of which this
    is a piece?"""
    if t1 + 1 < len(doc) and doc[t1].whitespace_ == " " and _name_word(doc[t1 + 1]):
        return True
    return _ends_longer_name(doc, t0)


def _ends_longer_name(doc, t0: int) -> bool:
    """Is the word the last of a longer capitalised name ("Jordan" of "Puerto Jordan"), not its first ("U.S." of
    "U.S. Centers")?"""
    return t0 > 0 and doc[t0 - 1].whitespace_ == " " and _name_word(doc[t0 - 1]) and not doc[t0 - 1].is_sent_start


DATELINE = re.compile(
    r"^\s*(?P<name>[^\n:—–,(]{2,40}?)\s*(?:\([^()\n]{1,40}\)\s*)?"  # "BEIRUT (AP) —": the outlet in brackets
    r"(?::|—|–|--|\s-\s|,\s*[A-Z][^\n]{0,60}?(?:\)\s*)?(?:—|–|--|-))"
)
