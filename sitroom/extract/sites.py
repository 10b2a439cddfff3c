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
from sitroom.extract.backers import backer_place
from sitroom.extract.headline_towns import adverb_name, after_headline_verb, headline_town, verb_form
from sitroom.extract.headlines import title_case
from sitroom.extract.name_runs import compound_name, name_run, relative_location
from sitroom.extract.nlp import doc_text
from sitroom.extract.place_mentions import description, variant_key
from sitroom.extract.place_resolution import TAKEN_TOWN_POP
from sitroom.extract.town_context import across_border, context_place
from sitroom.gazetteer.packages import neighbours
from sitroom.model import Event, Place

_W = lexicon.words


def last_place(ctx, offset: int) -> Place | None:
    """The last town, district or province named before ``offset`` (what "the area" / "the base" refer back to),
    past a reference point of a distance ("left Ouallam, about 100 km north of Niamey, after handing over their base
    there": Ouallam)."""
    best = None
    for p in ctx.article.places:
        if (
            p.mention.end <= offset
            and p.role not in ("dateline", "demonym")
            and p.id not in ctx.dateline_ids
            and p.kind in ("city", "district", "province")
            and p.lat is not None
            and not (best is not None and _reference_point(ctx, p))
        ):
            best = p
    return best


def _reference_point(ctx, p: Place) -> bool:
    """Is ``p`` named as the point a distance is told from ("north of Niamey", "40 km south of Bukavu")?"""
    words = ctx.article.text[max(0, p.mention.start - 30) : p.mention.start].split()
    while words and words[-1].lower() == "the":
        words.pop()
    return len(words) >= 2 and words[-1].lower() == "of" and words[-2].lower() in _W("places", "directions")


def named_by_head(ctx, tok: Token) -> Place | None:
    """ "the island" after "Snake Island", "the pass" after "Elephant Pass": a definite common noun with no name of
    its own refers back to the last place (in this article, before it) whose name that noun heads."""
    if tok.pos_ != "NOUN" or not any(
        c.dep_ == "det" and c.lower_ in _W("control", "control_definite_determiners") for c in tok.children
    ):
        return None
    if any(c.dep_ in ("prep", "compound", "appos") for c in tok.children):
        return None  # "the island of X", "the Kinmen island": a name of its own
    heads = {tok.lower_, tok.lemma_.lower()}
    text = ctx.article.text
    best = None
    for p in ctx.article.places:
        words = p.mention.text.split()
        after = text[p.mention.end : p.mention.end + 40].split(None, 1)  # "Kamaran Island": the name, then its noun
        if (
            p.mention.end <= tok.idx
            and (len(words) > 1 and words[-1].lower() in heads or after and after[0].lower().strip(",.") in heads)
            and p.role not in ("dateline", "demonym")
            and p.kind in ("city", "district", "province", "region", "facility")
        ):
            best = p
    return best


def _site_word(tok: Token) -> bool:
    return tok.lemma_.lower() in _W("control", "control_sites") or tok.lower_ in _W("control", "control_sites")


def _proper(t: Token) -> bool:
    """A word of a proper name: a capitalised proper noun, or a capitalised code with a digit ("K1", "T-4")."""
    return t.text[:1].isupper() and (t.pos_ == "PROPN" or any(ch.isdigit() for ch in t.text))


def _named_word(t: Token) -> bool:
    """A word of a site's proper name: proper, no site noun, no verb form."""
    return _proper(t) and not _site_word(t) and not verb_form(t)


def site_name(tok: Token) -> list[Token] | None:
    """The tokens of a named site whose head is ``tok`` ("Camp Deroux", "Daynunay military base", "the Belbek air
    base", "Mosul Dam"): a site noun and a proper name before it, in one phrase; None when it is no named site."""
    mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i]
    mods += [g for c in mods if c.dep_ == "compound" for g in c.children if g.dep_ == "compound" and g.i < c.i]
    parts = sorted([*mods, tok], key=lambda t: t.i)
    verbs = [k for k, t in enumerate(parts[:-1]) if verb_form(t)]
    if verbs and title_case(tok.sent.text):
        # "Militants Overrun Military Airport": a title-case headline's name starts after its verb -- the last verb
        # form after which a proper word of the name remains ("Rebels Overrun Shayrat Air Force Base": not "Force")
        k = next((k for k in reversed(verbs) if any(_named_word(t) for t in parts[k + 1 :])), verbs[-1])
        parts = parts[k + 1 :]
    while len(parts) > 1 and not parts[0].text[:1].isupper() and not _site_word(parts[0]):
        parts.pop(0)  # "the nearby Baba Gurgur oil field": the name starts at its first capital
    if len(parts) > 1 and parts[-1].lower_ in _W("places", "directions") and _site_word(parts[-2]):
        parts.pop()  # "the al-Watiya air base southwest of Tripoli": the parse made the direction the head
    if not any(_site_word(t) for t in parts):
        return None
    if not any(_proper(t) and not _site_word(t) for t in parts):
        return None
    if any(t.lower_ in _W("control", "control_water_words") for t in parts) and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(_proper(g) for g in c.children) for c in tok.children
    ):
        return None  # "the Black Sea port (city) of Berdyansk": the town the "of" names, the sea no site's name
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
    same = [p for p in art.places if p.kind == "facility" and p.name.casefold() == name.casefold()]
    # one sense per text: a site named again lies where one of its mentions says it lies ("Seize Presidential Palace"
    # in a headline, "the presidential palace in Aden" in the body)
    if near is None:
        near = next(
            (
                p
                for p in art.places
                if p.gazetteer_id and any(p.gazetteer_id == x.gazetteer_id for x in same) and p.kind != "facility"
            ),
            None,
        )
    elif near.gazetteer_id:
        for p in same:
            if p.gazetteer_id is None:
                p.gazetteer_id, p.lat, p.lon, p.admin = near.gazetteer_id, near.lat, near.lon, [*near.admin, near.name]
                p.country = near.country or p.country
    for p in same:
        if p.mention.start == s:
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


def _stated_container(ctx, head: Token) -> Place | None:
    """The place a site mention says it lies in: "in / near / outside X" after it, on the site's noun or, right
    after its phrase, on a word it hangs from ("Seize Presidential Palace In Aden", "took control of the palace in
    Aden": the parse hangs the place on the verb)."""
    E = ctx.grammar
    after = head.right_edge.i + 1
    up = [a for a in head.ancestors if a.i < after]
    hung = [c for a in up for c in a.children if c.i == after and c.lower_ != "of"]
    for c in [*head.children, *hung]:
        if c.dep_ == "prep" and c.lower_ in _W("control", "control_site_preps"):
            g = E.child(c, "pobj")
            p = _located_at(ctx, g) if g is not None else None
            if p is not None and p.kind != "facility":
                return p
    return None


def _located_at(ctx, g: Token) -> Place | None:
    """The town a site's preposition names: "the base at Monguno", "in the town of Menaka", "in Mansila" (unlisted)."""
    E = ctx.grammar
    p = E.place_of_token(ctx, g)
    of = E.prep_obj(g, "of") if g.lemma_ in lexicon.table("control", "control_town_nouns") else None
    if p is None and of is not None:  # (not "Yemen's interim capital": no name, no place)
        p = E.place_of_token(ctx, of)
    return p or next(iter(unlisted_town(ctx, g)), None)


def _site_container(ctx, toks: list[Token], head: Token) -> Place | None:
    """The place a site lies in: "in / near / outside X" after it, a place inside its name ("Mosul Dam"), else the
    last town or district named before it."""
    E = ctx.grammar
    stated = _stated_container(ctx, head)
    if stated is not None:
        return stated
    for t in toks:
        p = E.place_of_token(ctx, t)
        if p is not None and p.kind != "facility":
            return p
    return last_place(ctx, toks[0].idx)


def town_site(ctx, tok: Token) -> bool:
    """A site of a town with no name of its own ("Sanaa's presidential palace", "the army base at Monguno"): a site
    noun whose possessor, or the object of a preposition that places it (``control_town_site_preps``: not "of",
    since "the port of X" names the port town itself), is a town or district of the text. Taking it takes the
    site (:func:`site_places`, a place of its own in that town), not the town."""
    return site_town(ctx, tok) is not None


def site_town(ctx, tok: Token) -> Place | None:
    """The town or district of :func:`town_site`'s site, or None."""
    if not _site_word(tok) or site_name(tok) is not None:
        return None
    E = ctx.grammar
    after = tok.right_edge.i + 1  # a preposition right after the phrase, hung on its verb ("overran the base at X")
    hung = [c for c in tok.head.children if c.i == after] if tok.head.i != tok.i else []
    for c in [*tok.children, *hung]:
        at = c if c.dep_ == "poss" else None
        if c.dep_ == "prep" and c.lower_ in _W("control", "control_town_site_preps"):
            at = E.child(c, "pobj")
        p = (E.place_of_token(ctx, at) if c.dep_ == "poss" else _located_at(ctx, at)) if at is not None else None
        if p is not None and p.kind in ("city", "district"):
            return p
    return None


def site_places(ctx, tok: Token) -> list[Place]:
    """A site as the place of a change: a named one ("Camp Deroux"), or a definite one ("the base") that refers back
    to the last named site of its kind, else the site of that description in the last town named ("the presidential
    palace")."""
    toks = site_name(tok)
    if toks is not None:
        name = " ".join(t.text for t in toks)
        return [_site_place(ctx, toks, name, _site_container(ctx, toks, tok))]
    if not _site_word(tok) or not any(
        c.dep_ == "det" and c.lower_ in _W("control", "control_definite_determiners") or c.dep_ == "poss"
        for c in tok.children
    ):
        return []  # definite: "the base", "Ukraine's navy headquarters"
    lemma = tok.lemma_.lower()
    for t in reversed(list(ctx.doc[: tok.i])):
        named = site_name(t) if t.pos_ in ("NOUN", "PROPN") else None
        if named is not None and any(_site_word(x) and x.lemma_.lower() == lemma for x in named):
            # "the base": the site of its kind named last; the mention is this one
            here = [tok] if tok.i == 0 or tok.doc[tok.i - 1].dep_ != "det" else [tok.doc[tok.i - 1], tok]
            near = _stated_container(ctx, tok) or _site_container(ctx, named, t)  # "the palace in Aden" says where
            return [_site_place(ctx, here, " ".join(x.text for x in named), near)]
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


def _neighbour_named(ctx, p: Place) -> bool:
    """Is ``p`` named only as the neighbour across a border ("a town on the border with Uganda")?"""
    span = ctx.doc.char_span(p.mention.start, p.mention.end, alignment_mode="expand")
    return span is not None and across_border(span.root)


def _main_country(ctx) -> str | None:
    c: Counter = Counter()
    for p in ctx.article.places:
        if p.country and not _neighbour_named(ctx, p) and not backer_place(ctx.doc, p.mention.start, p.mention.end):
            c[p.country] += 2 if p.kind == "country" else 1
    return c.most_common(1)[0][0] if c else None


def proper(tok: Token) -> bool:
    """Is ``tok`` a proper name: tagged so, or by its shape -- a capitalised word inside a sentence that the tagger
    calls a name while the parse took it for a verb or a noun ("overran Htigyaing" read as a verb in -ing)?"""
    if tok.pos_ == "PROPN":
        return True
    return (
        tok.text[:1].isupper()
        and not tok.text.isupper()
        and not tok.is_sent_start
        and tok.ent_type_ in ("PERSON", "ORG", "GPE", "LOC")
        and tok.pos_ in ("VERB", "NOUN", "ADJ")
    )


def name_tokens(tok: Token) -> list[Token] | None:
    """A proper name headed by ``tok`` ("Diabaly", "Malam Fatori"): its compound parts and itself, capitalised."""
    parts = [tok]
    for t in reversed(list(tok.doc[tok.left_edge.i : tok.i])):
        glued = not t.whitespace_ and t.text in ("-", "\u2010") or t.lower_ in _W("places", "connectors")
        if glued and t.i + 1 == parts[0].i:
            parts.insert(0, t)  # "Maarat al-Numan", "Qasr bin Ghashir": an article or a hyphen inside the name
            continue
        if t.pos_ != "PROPN" or not t.text[:1].isupper() or t.dep_ not in ("compound", "nmod"):
            break
        parts.insert(0, t)
    while parts[0] is not tok and not parts[0].text[:1].isupper():
        parts.pop(0)
    return parts if proper(tok) and tok.text[:1].isupper() else None


def town_like(ctx, tok: Token | None) -> bool:
    """Is ``tok`` a short proper name the text locates like a town ("seized Boulkessi in northern Burkina Faso",
    "captured Maungdaw in Rakhine State"): one or two capitalised words, no actor's name, with a locative phrase on
    a named place? (The tagger's "person" for such a name is most often a town it does not know.)"""
    if tok is None or not proper(tok):
        return False
    name = name_tokens(tok)
    words = [t for t in name or () if t.text[:1].isupper()]  # "Ras al-Ain": two words, the article inside is none
    if name is None or len(words) > 2 or ctx.index.in_range(name[0].idx, name[-1].idx + len(name[-1].text)):
        return False
    if described_town(tok, name):
        return True
    if town_named_before(ctx, name):
        return True  # a town the text named before ("overran the town of Bulo Burte ... seized Bulo Burte")
    if len(words) == 2 and words[0].text.split("-")[0] in _W("places", "toponym_openers") and taken_by_armed(ctx, tok):
        return True  # "fighters seized Ras al-Ain", "captured Tal Rifaat": a place name's opening word, no person's
    if len(words) == 2 and tok.ent_type_ == "PERSON":
        return False
    if taken_by_armed(ctx, tok) and not person_named(name):
        return True  # "rebels captured Dougoutene": a name an armed side takes, that nothing calls a person
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


def described_town(tok: Token, name: list[Token]) -> bool:
    """Does the text say the name ``name`` (headed by ``tok``) is a town: "captured Ber, a town 50 km east of
    Timbuktu" (an apposition with a town noun), "taken Al-Khuwei, 40 kilometres east of El Nahud" (a distance from
    another place) -- whatever the tagger's label ("Tal Tamr" a person), unless the text calls it a person?"""
    appos = any(c.dep_ == "appos" and c.lemma_ in lexicon.table("control", "control_town_nouns") for c in tok.children)
    return (appos or relative_location(name[-1]) is not None) and not person_named(name)


def taken_by_armed(ctx, tok: Token) -> bool:
    """Is ``tok`` the object of a verb of taking ground (``control_bare_name_verbs``) whose subject is an armed side
    ("militants captured X", "the army retook X"), the name right after the verb even where the parse hangs it
    elsewhere ("captured Ber on Sunday" parsed as an adverb)?"""
    verb = tok.head
    if verb.lemma_ not in _W("control", "control_bare_name_verbs") or verb.pos_ != "VERB":
        return False
    if not (
        tok.dep_ in ("dobj", "obj")
        or tok.dep_ in ("npadvmod", "dative", "oprd")
        and tok.i == verb.i + 1
        or tok.i == verb.i + 1
        and adverb_name(tok, verb)
    ):
        return False
    # the actor named last before the verb in its clause, else in the clause it hangs on ("rebels said they
    # captured X", "attacked and seized X"); the parse's subject may be a dateline ("BAMAKO, Mali -- fighters ...")
    armed = lexicon.words("control", "control_bare_name_parties")
    for head in (verb, verb.head if verb.dep_ in ("ccomp", "conj", "xcomp") else None):
        if head is None:
            continue
        ms = ctx.index.in_range(head.left_edge.idx, head.idx)
        if ms:
            return ctx.actor_kinds.get(ms[-1].actor) in armed
    return False


def bare_object(verb: Token) -> Token | None:
    """The proper name right after a verb of taking ground that the parse did not make its object ("captured Ber on
    Sunday" with "Ber" as an adverb); None when there is none."""
    if verb.lemma_ not in _W("control", "control_bare_name_verbs") or verb.i + 1 >= len(verb.doc):
        return None
    t = verb.doc[verb.i + 1]
    ok = t.head.i == verb.i and t.dep_ in ("npadvmod", "dative", "oprd") and proper(t) and t.text[:1].isupper()
    return t if ok or adverb_name(t, verb) else None


_DASHES = ("\u2014", "\u2013", " - ", "--", ":")


def fallen_subject(ctx, trig: Token) -> Token | None:
    """The subject that names the taken place of a passive ("Diabaly was captured") or of "fell": the one after
    the dateline where the parse made the dateline a subject too ("KHARTOUM, Sudan -- Umm Rawaba fell to ..."), or
    the name the dateline's subject has in apposition after the dash ("KHARTOUM, Sudan -- The town of X fell")."""
    deps = ("nsubjpass", "nsubj") if trig.lemma_ == "fall" else ("nsubjpass",)
    text = doc_text(trig.doc)
    dl = max((p.mention.end for p in ctx.article.places if p.role == "dateline" and p.mention.end < 200), default=-1)
    cut = -1
    if dl >= 0:
        at = [i for i in (text.find(d, dl, dl + 40) for d in _DASHES) if i >= 0]
        cut = min(at) if at else -1
    for dep in deps:
        subs = [c for c in trig.children if c.dep_ == dep]
        after = [c for c in subs if c.idx > cut]
        if after:
            return after[-1]
        for c in subs:
            for x in c.children:
                if x.dep_ in ("appos", "conj") and x.idx > cut >= 0:
                    return x
    return None


def raid_only(trig: Token, obj: Token | None) -> bool:
    """Is ``trig`` a raid on a facility of civil life, not ground taken ("stormed a prison in Mukalla, freeing
    inmates", "gunmen stormed the parliament"): a raid verb (``control_raid_verbs``) on a facility of
    ``control_raided_facilities``, with no word of holding it in the sentence ("stormed the prison and took
    control of it" is a takeover)? ACLED types the raid as an attack or a prison break, never a change of hands."""
    if obj is None or trig.lemma_ not in _W("control", "control_raid_verbs"):
        return False
    if obj.lemma_.lower() not in _W("control", "control_raided_facilities"):
        return False  # (a named one too: "stormed the Hayat Hotel")
    held = _W("control", "control_hold_lemmas")
    return not any(t.i != trig.i and t.lemma_ in held for t in trig.sent)


def own_country(ctx, e: Event) -> bool:
    """Is the place of takeover ``e`` the country whose own state is its gainer ("Ukraine Retakes Kupiyansk ...
    Ukrainian troops recaptured the city" is no change of hands of Ukraine): a country named as the agent of a
    takeover is its actor, never the place taken."""
    p = ctx.article.place(e.place) if e.place else None
    if p is None or p.kind != "country" or e.actor1 is None:
        return False
    d = ctx.index.lex.actors.get(e.actor1)
    state = lexicon.words("events", "state_kinds")
    return d is not None and d.country == p.country and (d.kind in state or ctx.actor_kinds.get(e.actor1) in state)


def person_named(name: list[Token]) -> bool:
    """Does the text call ``name`` a person: a title before it here or anywhere ("General Ber", "Mr. Ber"), or a
    longer person's name it is part of ("Ali Ber ... Ber")?"""
    doc = name[0].doc
    text = " ".join(t.text for t in name)
    titles = _W("places", "titles")
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > len(name) and text in ent.text.split():
            return True
    for t in doc:
        if t.text == name[0].text and t.i > 0:
            prev = doc[t.i - 1].lower_.rstrip(".")
            if prev in titles:
                return True
    return False


def _unlisted(ctx, text: str) -> Place | None:
    """The town the text already named, by the same name: one the gazetteer lacks that was the place of a change, or
    a town found before ("overran the town of Bulo Burte ... had seized Bulo Burte", where the tagger reads the second
    as a person's name): one sense per text."""
    vk = variant_key(text)
    return next(
        (
            p
            for p in ctx.article.places
            if (p.role == "unlisted" or p.role == "mention" and p.kind in ("city", "district"))
            and variant_key(p.mention.text) == vk
        ),
        None,
    )


def town_named_before(ctx, name: list[Token]) -> bool:
    """Is the name ``name`` (its tokens) a town the text already named (:func:`_unlisted`): one sense per text."""
    return _unlisted(ctx, doc_text(name[0].doc)[name[0].idx : name[-1].idx + len(name[-1].text)]) is not None


def _name_text(tok: Token) -> str:
    """The text of the proper name ``tok`` heads ("Bulo Burte" for "Burte"), else the word."""
    name = name_tokens(tok) if proper(tok) else None
    return doc_text(tok.doc)[name[0].idx : name[-1].idx + len(name[-1].text)] if name else tok.text


def _in_heading(ctx, tok: Token) -> bool:
    """Is ``tok`` in the article's title or a heading (text before the dateline included)?"""
    return tok.idx < getattr(ctx, "header_end", 0) or any(h.start <= tok.idx < h.end for h in ctx.article.headings)


def _town_noun(tok: Token, kinds) -> str | None:
    """The town noun ``tok`` is (its key in ``kinds``): also a capitalised one with "Of" after it in a title-case
    headline, which the tagger reads as a name ("Seize Town Of Kidal" is "the town of Kidal")."""
    if tok.lemma_ in kinds:
        return tok.lemma_
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    titled = nxt is not None and nxt.lower_ == "of" and title_case(tok.sent.text)
    return tok.lower_ if titled and tok.lower_ in kinds else None


def _name_after_noun(ctx, tok: Token) -> list[Token] | None:
    """The name a town noun introduces: "the town of Diabaly" (its "of", also hung on the verb in a title-case
    headline, "Seize Town Of Menaka")."""
    E = ctx.grammar
    g = E.prep_obj(tok, "of")
    if g is not None and g.pos_ != "PROPN":  # "the town of Ishaqi north of Baghdad" parsed as "(Ishaqi) north"
        g = next((c for c in g.lefts if c.pos_ == "PROPN" and c.dep_ in ("amod", "compound", "nmod")), g)
    name = name_tokens(g) if g is not None else None
    if name is None:  # "the town of Ishaqi north of Baghdad": the parse hangs the name on the direction word
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is None and nxt is not None and nxt.lower_ == "of" and title_case(tok.sent.text):
            of = nxt  # a title-case headline's "Of" the parse hung on the verb
        name = name_run(tok.doc, of.i + 1) if of is not None else None
    return name


def unlisted_town(ctx, tok: Token | None, loose: tuple[str, ...] = (), caps: bool = False) -> list[Place]:
    """A town the text names as the place of a change but the gazetteer does not list (or the tagger missed):
    "the town of Diabaly" (a place noun with "of" and a proper name), or a proper name that is a place for the
    tagger (GPE / LOC) as the object of the change. It is looked up in the text's main country, else kept by its
    name in that country (no coordinates)."""
    if tok is None:
        return []
    E = ctx.grammar
    kinds = lexicon.table("control", "control_town_nouns")
    kind = None
    bare = False  # a name alone, no place noun or unit word with it
    name: list[Token] | None
    compound = compound_name(tok)
    noun = _town_noun(tok, kinds)
    if compound is not None:  # "seized Jebel Aulia district south of Khartoum"
        name, kind = compound, lexicon.table("control", "control_named_units")[tok.lemma_]
    elif noun is not None:
        name, kind = _name_after_noun(ctx, tok), kinds[noun]
    elif adverb_name(tok, tok.head) and taken_by_armed(ctx, tok):
        name, kind, bare = [tok], "city", True  # "since it captured Bakhmut in May": the parse's adverb
    elif (proper(tok) or caps and tok.pos_ == "NOUN" and tok.text[:1].isupper()) and (
        tok.ent_type_ in ("GPE", "LOC", "FAC", "")
        or tok.ent_type_ in loose
        or _unlisted(ctx, _name_text(tok)) is not None
    ):
        # (loose: the object of a takeover the event stage typed as such, or of a takeover noun, where the tagger's
        # "organisation" or "person" for an unknown one-word name is most often a town)
        name = name_tokens(tok) if proper(tok) else [tok]
        name = after_headline_verb(ctx, tok, name)  # "Rebels Seize Dougoutene"
        kind = "city"
        bare = True
    else:
        return []
    if (
        name is None
        or any(E.place_of_token(ctx, t) is not None for t in name)
        or ctx.index.in_range(name[0].idx, name[-1].idx + len(name[-1].text))
    ):
        return []
    text = doc_text(tok.doc)[name[0].idx : name[-1].idx + len(name[-1].text)]
    if description(text):
        return []  # "Pull Back From Mining Town": a headline's description, not a town's name
    s, e = name[0].idx, name[-1].idx + len(name[-1].text)
    for p in ctx.article.places:
        if p.mention.start == s and p.role == "unlisted":
            return [p]
    again = _unlisted(ctx, text)
    if again is not None:
        return [again]  # one sense per text: a town taken before ("captured Galcad again", "withdrew from Ber")
    vk = variant_key(text)
    same = next(
        (
            p
            for p in ctx.article.places
            if p.kind in ("city", "district")
            and p.gazetteer_id
            and vk in (variant_key(p.mention.text), variant_key(p.name))
        ),
        None,
    )
    if same is not None:
        return [same]  # one sense per text: another spelling of a town the text names ("Balakliia" ... "Balakliya")
    near = ctx_unit = context_place(ctx, tok, name)
    cc = near.country if near is not None and near.country else _main_country(ctx)
    if near is None:  # no unit named with it: the country of the text, the coarsest point there is
        near = next((p for p in ctx.article.places if p.kind == "country" and p.country == cc and p.lat), None)
    entry = None
    if ctx.gaz is not None and cc is not None:
        # the text's main country first, then (no unit named with it) the other countries the text names places in
        # ("MOSCOW -- ... the Ukrainian town of Avdiivka ... since it captured Bakhmut": Bakhmut of Ukraine)
        others = Counter(p.country for p in ctx.article.places if p.country and p.country != cc and p.lat is not None)
        order = [cc, *(c for c, _ in others.most_common())] if ctx_unit is None else [cc]
        try:
            found = [x for x in ctx.gaz.lookup(text) if x.kind in ("city", "district") and not _namesake(x, text, cc)]
        except Exception:  # noqa: BLE001 - a name the index cannot look up is kept by its name
            found = []
        entry = next((x for c in order for x in found if x.country == c), None)
        if entry is None and ctx_unit is None:
            # a town across a land border of the text's country (the Russian army's capture of a Ukrainian town in a
            # text that names only Russia): the most populous one the gazetteer lists there
            entry = next((x for x in found if x.country in neighbours(cc)), None)
        if entry is not None and entry.country != cc:
            cc = entry.country
            near = next((p for p in ctx.article.places if p.kind == "country" and p.country == cc and p.lat), None)
    if entry is None and bare and _in_heading(ctx, tok) and not headline_town(ctx, name, text):
        # a title-case headline capitalises every word: a name alone there that no gazetteer lists is no evidence
        # of a town ("Gangs Seize Town Of Mirebalais, Free Inmates") unless the headline's shape or the body says so
        return []
    approx = entry is None and near is not None and near.lat is not None
    p = Place(
        id=_next_id(ctx),
        mention=ctx.article.span(s, e),
        name=entry.name if entry else text,
        kind=entry.kind if entry else kind,
        country=cc,
        lat=entry.lat if entry else near.lat if approx and near is not None else None,
        lon=entry.lon if entry else near.lon if approx and near is not None else None,
        gazetteer_id=entry.id if entry else None,
        geonameid=entry.geonameid if entry else None,
        # the units it lies in: the unit named, or the units of the town it is told from (not that town: a town
        # near Gao is not inside Gao)
        admin=[*near.admin, near.name]
        if near is not None and near.kind in ("province", "district", "region")
        else list(near.admin)
        if near is not None
        else [],
        role="unlisted",
        confidence=0.3 if entry else 0.2,
        reason="named as the place of a change of control; "
        + (
            "found in the text's main country"
            if entry
            else f"not in the gazetteer: approximate, the point of {near.name} ({near.kind}), the unit the text "
            "places it in"
            if approx and near is not None
            else "not in the gazetteer"
        ),
    )
    ctx.article.places.append(p)
    return [p]


def _namesake(x, text: str, cc: str | None) -> bool:
    """A hamlet of another country whose longer name the text's name only opens ("Nasir" of Khartoum's "Nasir
    Extension" for the town of Nasir in South Sudan): no entry for it."""
    words = text.split()
    small = x.population < TAKEN_TOWN_POP  # (the size below which place_resolution drops such a namesake too)
    return x.country != cc and small and len(x.name.split()) > len(words) and x.name.startswith(text)
