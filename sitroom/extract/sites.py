"""Places of a change of control the gazetteer's mentions do not give: sites and towns it lacks.

* **sites** ("evacuated Camp Deroux", "overran the Daynunay military base", "captured the Mosul Dam", "the port of
  Mukalla", "including the presidential palace"): a military or strategic site (``control_sites`` in
  ``sitroom/data/lexicon/control.yaml``) named by a proper name, or definite ("the base": the site of that kind named
  last, else the site in the last town named), is a place of kind ``facility`` of its own, located at the place it
  lies in; taking it is not taking the town.
* **unlisted towns** ("the town of Diabaly", "seized Jalawla"): a town named as the place of a change that the
  gazetteer lacks (or the tagger missed) is looked up in the text's main country, else kept by its name there.

:mod:`sitroom.extract.control` reads these through :func:`site_places` and :func:`unlisted_town`; the phrase readers
of the event stage come through ``ctx.grammar`` as there.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Token

from sitroom.extract import lexicon
from sitroom.model import Event, Place

_W = lexicon.words


def last_place(ctx, offset: int) -> Place | None:
    """The last town, district or province named before ``offset`` (what "the area" / "the base" refer back to)."""
    best = None
    for p in ctx.article.places:
        if (
            p.mention.end <= offset
            and p.role not in ("dateline", "demonym")
            and p.id not in ctx.dateline_ids
            and p.kind in ("city", "district", "province")
            and p.lat is not None
        ):
            best = p
    return best


def _site_word(tok: Token) -> bool:
    return tok.lemma_.lower() in _W("control", "control_sites") or tok.lower_ in _W("control", "control_sites")


def site_name(tok: Token) -> list[Token] | None:
    """The tokens of a named site whose head is ``tok`` ("Camp Deroux", "Daynunay military base", "the Belbek air
    base", "Mosul Dam"): a site noun and a proper name before it, in one phrase; None when it is no named site."""
    mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i]
    parts = sorted([*mods, tok], key=lambda t: t.i)
    if not any(_site_word(t) for t in parts):
        return None
    if not any(t.pos_ == "PROPN" and not _site_word(t) and t.text[:1].isupper() for t in parts):
        return None
    if parts[-1].i - parts[0].i + 1 != len(parts):
        return None  # not one stretch of the sentence
    return parts


def _next_id(ctx) -> str:
    nums = [int(p.id[1:]) for p in ctx.article.places if p.id[:1] == "p" and p.id[1:].isdigit()]
    return f"p{max(nums, default=0) + 1}"


def _site_place(ctx, toks: list[Token], name: str, near: Place | None) -> Place:
    """The facility place of a site mention (a site named again, or "the base" referring back, has its name)."""
    art = ctx.article
    country = near.country if near is not None else None
    if country is None:
        c = Counter(p.country for p in art.places if p.country)
        country = c.most_common(1)[0][0] if c else None
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    for p in art.places:
        if p.kind == "facility" and p.name == name and p.mention.start == s:
            return p
    p = Place(
        id=_next_id(ctx),
        mention=art.span(s, e),
        name=name,
        kind="facility",
        country=country,
        lat=near.lat if near is not None else None,
        lon=near.lon if near is not None else None,
        admin=[*near.admin, near.name] if near is not None else [],
        role="site",
        confidence=0.5,
        # the gazetteer id of the place it lies in (its admin units for export); the situation layer keys a
        # facility by that id and its name, so the site and the town change hands apart
        gazetteer_id=near.gazetteer_id if near is not None else None,
        reason="a site named in a change of control",
    )
    art.places.append(p)
    return p


def _site_container(ctx, toks: list[Token], head: Token) -> Place | None:
    """The place a site lies in: "in / near / outside X" after it, a place inside its name ("Mosul Dam"), else the
    last town or district named before it."""
    E = ctx.grammar
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in _W("control", "control_site_preps"):
            g = E.child(c, "pobj")
            p = E.place_of_token(ctx, g) if g is not None else None
            if p is not None and p.kind != "facility":
                return p
    for t in toks:
        p = E.place_of_token(ctx, t)
        if p is not None and p.kind != "facility":
            return p
    return last_place(ctx, toks[0].idx)


def site_places(ctx, tok: Token) -> list[Place]:
    """A site as the place of a change: a named one ("Camp Deroux"), or a definite one ("the base") that refers back
    to the last named site of its kind, else the site of that description in the last town named ("the presidential
    palace")."""
    toks = site_name(tok)
    if toks is not None:
        name = " ".join(t.text for t in toks)
        return [_site_place(ctx, toks, name, _site_container(ctx, toks, tok))]
    if not _site_word(tok) or not any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that") or c.dep_ == "poss" for c in tok.children
    ):
        return []  # definite: "the base", "Ukraine's navy headquarters"
    lemma = tok.lemma_.lower()
    for t in reversed(list(ctx.doc[: tok.i])):
        named = site_name(t) if t.pos_ in ("NOUN", "PROPN") else None
        if named is not None and any(_site_word(x) and x.lemma_.lower() == lemma for x in named):
            # "the base": the site of its kind named last; the mention is this one
            here = [tok] if tok.i == 0 or tok.doc[tok.i - 1].dep_ != "det" else [tok.doc[tok.i - 1], tok]
            return [_site_place(ctx, here, " ".join(x.text for x in named), _site_container(ctx, named, t))]
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound") and c.i < tok.i]
    toks = sorted([*mods, tok], key=lambda t: t.i)
    if toks[-1].i - toks[0].i + 1 != len(toks):
        toks = [tok]
    near = _site_container(ctx, toks, tok)
    if near is None or near.kind not in ("city", "district"):
        return []
    of = ctx.grammar.prep_obj(tok, *_W("control", "control_site_preps"))
    if of is not None and ctx.grammar.place_of_token(ctx, of) is near:
        toks = [*toks, *ctx.doc[tok.i + 1 : of.i + 1]]  # "the port of Mukalla": the phrase names its town
    desc = " ".join(t.text for t in toks[: len(mods) + 1])
    return [_site_place(ctx, toks, f"{desc[:1].upper()}{desc[1:]} ({near.name})", near)]


def _main_country(ctx) -> str | None:
    c: Counter = Counter()
    for p in ctx.article.places:
        if p.country:
            c[p.country] += 2 if p.kind == "country" else 1
    return c.most_common(1)[0][0] if c else None


def _name_tokens(tok: Token) -> list[Token] | None:
    """A proper name headed by ``tok`` ("Diabaly", "Malam Fatori"): its compound parts and itself, capitalised."""
    parts = [tok]
    for t in reversed(list(tok.doc[tok.left_edge.i : tok.i])):
        if t.pos_ != "PROPN" or not t.text[:1].isupper() or t.dep_ not in ("compound", "nmod"):
            break
        parts.insert(0, t)
    return parts if tok.pos_ == "PROPN" and tok.text[:1].isupper() else None


def town_like(ctx, tok: Token | None) -> bool:
    """Is ``tok`` a short proper name the text locates like a town ("seized Boulkessi in northern Burkina Faso",
    "captured Maungdaw in Rakhine State"): one or two capitalised words, no actor's name, with a locative phrase on
    a named place? (The tagger's "person" for such a name is most often a town it does not know.)"""
    if tok is None or tok.pos_ != "PROPN":
        return False
    name = _name_tokens(tok)
    if (
        name is None
        or len(name) > 2
        or len(name) == 2
        and tok.ent_type_ == "PERSON"
        or ctx.index.in_range(name[0].idx, name[-1].idx + len(name[-1].text))
    ):
        return False
    E = ctx.grammar
    after = name[-1].i + 1  # the locative phrase on the name, or right after it on the verb ("seized X in Y")
    preps = [c for c in tok.children if c.dep_ == "prep"] + [c for c in tok.head.children if c.i == after]
    return any(
        c.dep_ == "prep"
        and c.lower_ in _W("control", "control_site_preps")
        and c.lower_ != "of"
        and (g := E.child(c, "pobj")) is not None
        and any(E.place_of_token(ctx, t) is not None for t in g.subtree)
        for c in preps
    )


def unlisted_town(ctx, tok: Token | None, loose: tuple[str, ...] = ()) -> list[Place]:
    """A town the text names as the place of a change but the gazetteer does not list (or the tagger missed):
    "the town of Diabaly" (a place noun with "of" and a proper name), or a proper name that is a place for the
    tagger (GPE / LOC) as the object of the change. It is looked up in the text's main country, else kept by its
    name in that country (no coordinates)."""
    if tok is None:
        return []
    E = ctx.grammar
    kinds = lexicon.table("control", "control_town_nouns")
    kind = None
    if tok.lemma_ in kinds:
        g = E.prep_obj(tok, "of")
        if g is not None and g.pos_ != "PROPN":  # "the town of Ishaqi north of Baghdad" parsed as "(Ishaqi) north"
            g = next((c for c in g.lefts if c.pos_ == "PROPN" and c.dep_ in ("amod", "compound", "nmod")), g)
        name = _name_tokens(g) if g is not None else None
        kind = kinds[tok.lemma_]
    elif tok.pos_ == "PROPN" and (tok.ent_type_ in ("GPE", "LOC", "FAC", "") or tok.ent_type_ in loose):
        # (loose: the object of a takeover the event stage typed as such, or of a takeover noun, where the tagger's
        # "organisation" or "person" for an unknown one-word name is most often a town)
        name = _name_tokens(tok)
        kind = "city"
    else:
        return []
    if (
        name is None
        or any(E.place_of_token(ctx, t) is not None for t in name)
        or ctx.index.in_range(name[0].idx, name[-1].idx + len(name[-1].text))
    ):
        return []
    text = " ".join(t.text for t in name)
    cc = _main_country(ctx)
    s, e = name[0].idx, name[-1].idx + len(name[-1].text)
    for p in ctx.article.places:
        if p.mention.start == s and p.role == "unlisted":
            return [p]
    entry = None
    if ctx.gaz is not None and cc is not None:
        try:
            entry = next((x for x in ctx.gaz.lookup(text) if x.country == cc and x.kind in ("city", "district")), None)
        except Exception:  # noqa: BLE001 - a name the index cannot look up is kept by its name
            entry = None
    p = Place(
        id=_next_id(ctx),
        mention=ctx.article.span(s, e),
        name=entry.name if entry else text,
        kind=entry.kind if entry else kind,
        country=cc,
        lat=entry.lat if entry else None,
        lon=entry.lon if entry else None,
        gazetteer_id=entry.id if entry else None,
        geonameid=entry.geonameid if entry else None,
        role="unlisted",
        confidence=0.3,
        reason="named as the place of a change of control; "
        + ("found in the text's main country" if entry else "not in the gazetteer"),
    )
    ctx.article.places.append(p)
    return [p]


def wider_than(ctx, e: Event, obj: Token) -> bool:
    """Is the event placed in a unit wider than a town (a country, a province, a region) while its object is a
    proper name that is no detected place ("seized Boulkessi in northern Burkina Faso": the town, not the country)?"""
    p = ctx.article.place(e.place) if e.place else None
    return (
        p is not None
        and p.kind in ("country", "province", "region")
        and obj.pos_ == "PROPN"
        and ctx.grammar.place_of_token(ctx, obj) is None
    )


def country_of_site(ctx, e: Event, obj: Token) -> bool:
    """Is the event placed in a country that the object only modifies ("Ukraine's navy headquarters")?"""
    p = ctx.article.place(e.place) if e.place else None
    return p is not None and p.kind == "country" and ctx.grammar.place_of_token(ctx, obj) is None
