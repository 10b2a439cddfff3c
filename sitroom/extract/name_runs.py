"""Names read from the words around a place noun or a unit (issue 13): "Jebel Aulia district" (a unit's proper name),
"X, 40 km north of Y" (a place located from another), a name read from its capitals where the parse hangs it
elsewhere, and a part the text does not name ("another district in Helmand"). Read by :mod:`sitroom.extract.sites`
and :mod:`sitroom.extract.control`."""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.extract import lexicon

_W = lexicon.words


def compound_name(tok: Token | None) -> list[Token] | None:
    """The proper name before a unit noun ("Jebel Aulia district", "Kyauktaw township"): its capitalised compounds
    right before it; None when there is none."""
    if tok is None or tok.lemma_ not in lexicon.table("control", "control_named_units"):
        return None
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return None  # "the Christian town of Qaraqosh": the name is after "of", the words before describe it
    parts: list[Token] = []
    for t in reversed(list(tok.doc[tok.left_edge.i : tok.i])):
        if t.dep_ not in ("compound", "nmod") or t.head.i not in (tok.i, *(x.i for x in parts)):
            break
        if not t.text[:1].isupper() or t.pos_ != "PROPN" or t.ent_type_ == "NORP" or t.is_sent_start:
            break
        parts.insert(0, t)
    if not parts or parts[-1].i != tok.i - 1:
        return None
    return parts


def relative_location(tok: Token | None) -> Token | None:
    """The reference place of a location told from another right after a name: "Kamanyola, 50 km south of Bukavu",
    "Bulo Marer, about 110 kilometers southwest of Mogadishu", "Ishaqi north of Baghdad" -> the token after "of"
    (Bukavu); None when no such phrase follows."""
    if tok is None:
        return None
    doc = tok.doc
    j = tok.i + 1
    if j < len(doc) and doc[j].text == ",":
        j += 1
    while j < len(doc) and doc[j].lower_ in _W("places", "distance_hedges"):
        j += 1
    if j + 1 < len(doc) and (doc[j].like_num or doc[j].pos_ == "NUM"):
        j += 1
        if doc[j].lower_ not in _W("places", "distance_units"):
            return None
        j += 1
    if j + 2 < len(doc) and doc[j].lower_ in _W("places", "directions") and doc[j + 1].lower_ == "of":
        k = j + 2
        if doc[k].lower_ == "the" and k + 1 < len(doc):
            k += 1
        return doc[k] if doc[k].text[:1].isupper() else None
    return None


def name_run(doc, i: int) -> list[Token] | None:
    """The proper name that starts at token ``i`` (after "the"), read from its capitals where the parse hangs it
    elsewhere: "Ishaqi" of "the town of Ishaqi north of Baghdad", "Qasr bin Ghashir", "Adan Yabaal"."""
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    run: list[Token] = []
    j = i
    while j < len(doc) and len(run) < 5:
        t = doc[j]
        if t.text[:1].isupper() and (t.is_alpha or "-" in t.text or "'" in t.text) and not t.is_sent_start:
            run.append(t)
        elif run and t.lower_ in _W("places", "connectors") and j + 1 < len(doc) and doc[j + 1].text[:1].isupper():
            run.append(t)
        else:
            break
        j += 1
    while run and not run[-1].text[:1].isupper():
        run.pop()
    return run or None


def unnamed_part(tok: Token) -> bool:
    """ "another district in Helmand", "a village near X", "two districts": a part the text does not name."""
    if tok.lemma_ in _W("control", "control_unnamed_parts") or tok.lower_ in _W("control", "control_unnamed_parts"):
        # "army positions in the Harib district", "townships in Rakhine"; not "Minbya township", a unit named
        return compound_name(tok) is None
    if tok.lemma_ in _W("events", "place_nouns") and tok.tag_ == "NNS":
        # "seized key cities this year", "took towns across the north": a plural with no article, owner nor name
        if not any(c.dep_ in ("det", "poss", "appos", "compound", "nmod") or c.lower_ == "of" for c in tok.children):
            return True
    return tok.lemma_ in _W("events", "place_nouns") and any(
        c.dep_ in ("det", "nummod", "amod") and c.lower_ in _W("control", "control_unnamed") or c.like_num
        for c in tok.children
    )
