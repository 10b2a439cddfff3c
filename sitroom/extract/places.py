"""Toponyms: found with the gazetteer (:mod:`sitroom.extract.place_mentions`), resolved in context
(:mod:`sitroom.extract.place_resolution`); this module runs the stage and resolves given spans.

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
province (role ``anaphor``). A text that opens with a place and ":" or "—" (an
outlet in brackets between: "BEIRUT (AP) —") or ", Country (date) —" has a
dateline: ``Article.dateline`` is set and the place gets role ``dateline``; so
does a wire dateline on a line of its own after a header ("...For Immediate
Release\nKABUL, Afghanistan (Jan. 9) –"), or after a headline with no country
("...Town Of Singa\n\nPORT SUDAN —", "MOGADISHU (Reuters) --").
"""

from __future__ import annotations

import re
from collections import Counter

from sitroom.extract.place_mentions import (
    CANDIDATES_PER_NAME,
    DATELINE,
    Mention,
    demonym_mentions,
    detect,
    kind_cue,
)
from sitroom.extract.place_resolution import drop_incoherent, drop_outside_theatre, drop_weak, resolve
from sitroom.gazetteer import Entry, Gazetteer
from sitroom.model import Article, Place, Span


def _place(gaz: Gazetteer, m: Mention, pid: str) -> Place:
    e = m.best
    return Place(
        id=pid,
        mention=Span(start=m.start, end=m.end, text=m.text),
        name=e.name if e else m.text,
        kind=e.kind if e else None,
        country=e.country if e else None,
        lat=e.lat if e else None,
        lon=e.lon if e else None,
        gazetteer_id=e.id if e else None,
        geonameid=e.geonameid if e else None,
        admin=gaz.admin_chain(e) if e else [],
        role=m.role,
        confidence=m.confidence,
        reason=m.reason or None,
    )


_LINE_DATELINE = re.compile(
    r"(?:^|(?<=[\n\u2028\u2029]))[ \t\xa0]*(?P<name>[A-Z][A-Z'\u2019. -]{1,30}[A-Z]),[ \t]*"
    r"[A-Z][A-Za-z]+(?:[ \t][A-Z][A-Za-z]+)?[ \t]*(?:\(|[\u2013\u2014-])"
)
# a wire dateline with no country, on a line of its own after a headline ("...Town Of Singa\n\nPORT SUDAN -- The
# army ...", "MOGADISHU (Reuters) --"): a capitalised name, an optional outlet in brackets, then a dash
_BARE_LINE_DATELINE = re.compile(
    r"(?:(?<=[\n\u2028\u2029]))[ \t\xa0]*(?P<name>[A-Z][A-Z'\u2019. -]{1,30}[A-Z])[ \t]*"
    r"(?:\([^()\n]{1,40}\)[ \t]*)?(?:\u2014|\u2013|--)"
)
_UNKNOWN_IN_UNIT = re.compile(
    r"(?P<name>[A-Z][\w'\u2018\u2019-]*(?:[ \t]+[A-Z'\u2018\u2019][\w'\u2018\u2019-]*){0,3})"
    r"[ \t]+district,[ \t]+(?P<unit>[A-Z])"
)
_NOT_NAME_START = {
    "in",
    "at",
    "of",
    "the",
    "from",
    "near",
    "during",
    "and",
    "a",
    "an",
    "for",
    "to",
    "on",
    "across",
    "within",
    "outside",
    "throughout",
    "by",
}
_PROVINCE_ANAPHOR = re.compile(r"\b[Tt]he (province|district|country)(?!\w)(?!\s+of\b)")


def find_places(article: Article, doc, gaz: Gazetteer) -> list[Place]:
    """Toponyms of ``article`` (``doc`` is the spaCy Doc of ``article.text``), resolved, in text order."""
    text = article.text
    mentions = detect(article, doc, gaz)
    taken = [(m.start, m.end) for m in mentions]
    dems = demonym_mentions(article, doc, gaz, taken)
    mentions = [m for m in mentions if not any(d.start <= m.start and m.end <= d.end for d in dems)] + dems
    mentions.sort(key=lambda m: m.start)
    resolve(mentions, text, gaz)
    mentions = drop_outside_theatre(drop_incoherent(drop_weak(mentions)))
    # a headline's description that the index knows as a name ("Captured Border Town" as Bordertown, Australia) is
    # no place of the story unless it lies in a country the body names
    body = {m.best.country for m in mentions if m.best is not None and not m.description}
    mentions = [m for m in mentions if not (m.description and m.best is not None and m.best.country not in body)]
    # dateline: the text opens with a place
    dm = DATELINE.match(text[:200])
    if dm and mentions and mentions[0].role == "mention":
        first = mentions[0]
        if first.start == dm.start("name") and first.end >= dm.end("name") - 1 and first.best is not None:
            first.role = "dateline"
            article.dateline = first.best.name
    # a wire dateline on a line of its own after a header ("...For Immediate Release\nKABUL, Afghanistan (Jan. 9) –")
    for lm in [*_LINE_DATELINE.finditer(text), *_BARE_LINE_DATELINE.finditer(text)]:
        first = next(
            (m for m in mentions if m.start == lm.start("name") and m.role == "mention" and m.best is not None), None
        )
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
        if over and not all(
            m.located_in and s <= m.start and m.end <= um.end("name") and m.best == unit.best for m in over
        ):
            continue
        for m in over:  # pieces placed in the unit ("Hawza" of "Sar Hawza"): one mention of the whole name
            mentions.remove(m)
        m = Mention(s, um.end("name"), text[s : um.end("name")], [unit.best], cue="district")
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
        prev = [
            m
            for m in mentions
            if m.end <= am.start() and m.best is not None and m.role == "mention" and m.best.kind != "region"
        ]
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
        m = Mention(am.start(), am.end(), am.group(0), [unit], role="anaphor")
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
        lines.append(
            f"{p.mention.start}-{p.mention.end} {p.mention.text!r} [{p.role}] -> {p.name} ({p.kind}, "
            f"{where}; {p.lat:.3f},{p.lon:.3f}) confidence {p.confidence:.2f}" + (f": {p.reason}" if p.reason else "")
        )
    return "\n".join(lines)


_QUALIFIER = re.compile(
    r"^(?:Greater|Metropolitan|Metro|Downtown|Inner|Outer|Upper|Lower|Central|North|South|East|West|"
    r"Northern|Southern|Eastern|Western|North[- ]?(?:East|West)(?:ern)?|South[- ]?(?:East|West)(?:ern)?|"
    r"Lake|Mount|Mt\.?)\s+(?=\S{3})"
)
_FEATURE = re.compile(
    r"(?<=\S{3})\s+(?:International\s+Airport|Airport|Air\s+Base|Valley|Island|Islands|Isle|Bay|Delta|"
    r"Mountains|Mountain|Hills|River|Canal|Lake|Square|Province|District|Region|State|County|Prefecture|"
    r"Governorate|Proving\s+Ground|Harbou?r|Peninsula|Coast|Plateau|Desert|Basin|Occidental|Oriental|"
    r"City|Town|Village|Municipality|Area|Metropolitan\s+Area)$",
    re.I,
)


def span_candidates(gaz: Gazetteer, name: str, found: dict[str, list[Entry]] | None = None) -> list[Entry]:
    """Candidates for a given toponym span: its name (and alternate names), a demonym's country, then the name
    without "the"/"'s", a qualifier ("Greater Mumbai", "North Dallas", "Lake Erie") or a feature word
    ("Swat Valley", "Da Nang International Airport", "Kasai Occidental") -- the named place it is part of or
    next to. Used by the gold-span resolver and by the evaluation's coverage ceiling alike."""
    return _span_candidates(gaz, name, found)[0]


def _span_candidates(
    gaz: Gazetteer, name: str, found: dict[str, list[Entry]] | None = None
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
        cue, cap = kind_cue(text, s, e)
        if part:
            cue, cap = None, False
        mentions.append(Mention(s, e, name, cands, cue, cap))
    resolve(mentions, text, gaz)
    _unknown_in_context(mentions, text, gaz)
    return [m.best for m in mentions]


def _unknown_in_context(mentions: list[Mention], text: str, gaz: Gazetteer) -> None:
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
        gap = re.match(
            r"\s*(?:(?:province|district|county|state|region|city|island)\s*)?,\s*", text[m.end : m.end + 20], re.I
        )
        unit = after.get(m.end + gap.end()) if gap else None
        if unit is not None and unit.best is not None and unit.best.kind in ("country", "province", "district", "city"):
            m.best, m.reason = unit.best, f"not in the gazetteer: placed in the unit stated after it ({unit.best.name})"
        elif focus is not None:
            m.best, m.reason = focus, f"not in the gazetteer: placed in the text's main country ({focus.name})"
        else:
            continue
        m.confidence, m.located_in = 0.3, True
