"""Sources introduced by a description and named later: the cataphoric step of the speaker resolution.

Reads: the attribution records in progress of :func:`sitroom.extract.attribution.find_attributions` (dicts with the
``source`` span, ``speaker``, ``stype``, ``aid``, ``role``), the spaCy Doc, the :class:`~sitroom.extract.speakers.
Speakers` of the article (its actor index with it). A news report often brings a source in by what it is and names it
right after:

* "A movement allied to the former president claimed the attack. Its leader, of a movement known as FROCCA, ...":
  the description's head noun comes back with the name ("a movement known as X", "former general X",
  "Syrian Democratic Forces" for "forces") in the same sentence or the next two;
* "A U.S. oversight agency reported ... . The Special Inspector General (SIGAR) said ...": an indefinite
  organisation description followed in the next sentence by a record whose source is a named organisation;
* "The governor of Hiran region says ... . Abdi Laqanyo also says ...", "The spokesman for the army said ... .
  Colonel Yahya Saree said ...": a definite description of one office-holder followed by a person named there for
  the first time as a source.

Anonymous sources ("a senior security official", "residents") are never named this way unless the name comes with
the description's own head noun. Vocabulary: ``role_heads``, ``organisation_nouns``, ``group_heads`` and ``naming_words`` in
``sitroom/data/lexicon/reporting.yaml``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from sitroom.extract import lexicon
from sitroom.extract.nlp import doc_text, ents_of
from sitroom.extract.speakers import Speakers

_ROLE_HEADS = lexicon.words("reporting", "role_heads")
_ORG_NOUNS = lexicon.words("reporting", "organisation_nouns")
_NAMING = lexicon.words("reporting", "naming_words")
_PRONOUNS = lexicon.table("reporting", "pronouns")
_NAME_LABELS = ("PERSON", "ORG", "NORP")
_GROUP_HEADS = lexicon.words("reporting", "group_heads")


def _head_of(doc: Doc, src: tuple[int, int]) -> Token | None:
    span = doc.char_span(*src, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _window_end(head: Token, sentences: int) -> int:
    doc = head.doc
    sent = head.sent
    for _ in range(sentences):
        if sent.end >= len(doc):
            break
        sent = doc[sent.end].sent
    return sent.end_char


def _name_after(t: Token, hi: int) -> list[Token]:
    """The name that follows a description's head word: after naming words ("movement known as FROCCA") or as the
    name the head is a title of ("former general Khalifa Haftar")."""
    doc = t.doc
    j = t.i + 1
    while j < len(doc) and doc[j].lower_ in _NAMING and j - t.i <= 4:
        j += 1
    named = j > t.i + 1
    run: list[Token] = []
    while j < len(doc) and doc[j].idx < hi and (doc[j].is_title or doc[j].is_upper) and doc[j].is_alpha:
        run.append(doc[j])
        j += 1
    if not run or not (named or (t.dep_ in ("compound", "amod", "nmod") and t.head in run)):
        return []
    if not named and not any(x.pos_ == "PROPN" or x.ent_type_ in _NAME_LABELS for x in run):
        return []
    return run


def _named_with_head(head: Token, lo: int, hi: int, speakers: Speakers) -> tuple[str, str, str | None] | None:
    """A name in text[lo:hi] that comes with the description's head noun: the head as its title or descriptor
    ("former general Khalifa Haftar", "a movement known as FROCCA") or, for a group, as the name's last word
    ("Syrian Democratic Forces" for "forces")."""
    doc = head.doc
    key = head.lemma_.lower()
    own = _name_after(head, hi)  # "a trader named Moussa Maiga", "a group calling itself X"
    if own and any(x.dep_ == "acl" or x.head.dep_ == "acl" or x.head.head.dep_ == "acl" for x in own):
        return _as_speaker(doc[own[0].i : own[-1].i + 1], speakers)
    for t in doc[head.i + 1 :]:
        if t.idx >= hi:
            break
        if t.idx < lo or (t.lemma_.lower() != key and t.lower_ != head.lower_):
            continue
        run = _name_after(t, hi)
        if run:
            return _as_speaker(doc[run[0].i : run[-1].i + 1], speakers)
    if head.lower_ in _GROUP_HEADS:
        for ent in ents_of(doc):
            if lo <= ent.start_char and ent.end_char <= hi and ent.label_ in ("ORG", "NORP"):
                if ent[-1].lemma_.lower() == key or ent[-1].lower_ == head.lower_:
                    return _as_speaker(ent, speakers)
    return None


def _as_speaker(span, speakers: Speakers) -> tuple[str, str, str | None] | None:
    ent = next((e for e in ents_of(span.doc) if e.label_ == "PERSON" and e.start <= span.root.i < e.end), None)
    if ent is not None:
        name = speakers._clean_name(ent)
        return (speakers._expand(name, ent.start_char), "person", None) if name else None
    aid = speakers.actor_at(span.root, span.start_char, span.end_char)
    actor = speakers.article.actor(aid) if aid else None
    text = span.text[4:] if span.text.lower().startswith("the ") else span.text
    return (actor.name if actor else text), "organisation", aid


def _description(head: Token | None, rec: dict) -> bool:
    """A source that describes a speaker without naming one (no actor, no person, no pronoun)."""
    return (
        head is not None
        and rec["stype"] != "person"
        and rec["aid"] is None
        and head.pos_ == "NOUN"
        and head.lower_ not in _PRONOUNS
    )


def name_descriptions(recs: list[dict], doc: Doc, speakers: Speakers) -> None:
    """Give a description source the name the report gives it right after (see the module doc)."""
    recs.sort(key=lambda r: r["start"])
    for r in recs:
        if r["source"] is None:
            continue
        head = _head_of(doc, r["source"])
        if not _description(head, r):
            continue
        assert head is not None
        det = next((c.lower_ for c in head.children if c.dep_ in ("det", "poss")), None)
        hit = _named_with_head(head, r["source"][1], _window_end(head, 2), speakers)
        if hit is None and det in ("a", "an") and head.lower_ in _ORG_NOUNS:
            hit = _next_named_org(recs, r, head)
        if hit is None and det == "the" and head.tag_ == "NN" and head.lower_ in _ROLE_HEADS:
            hit = _next_new_person(recs, r, head, speakers)
        if hit is None:
            continue
        who, kind, aid = hit
        role = doc_text(doc)[r["source"][0] : r["source"][1]].strip() if kind == "person" else None
        if kind == "person":
            info = speakers.info.setdefault(who, {"role": None, "gender": None})
            info["role"] = info["role"] or role  # the role is kept for the person's later mentions
            role = info["role"]
        old = (r["speaker"], r["stype"])
        r.update(speaker=who, stype=kind, aid=aid, role=r["role"] or role)
        for x in recs:  # the later records resolved to the description ("He said ...") are the named one's too
            if x["source"] is not None and x["source"][0] > r["source"][0] and (x["speaker"], x["stype"]) == old:
                x.update(speaker=who, stype=kind, aid=aid, role=x["role"] or r["role"])


def _next_named_org(recs: list[dict], r: dict, head: Token) -> tuple[str, str, str | None] | None:
    """ "A U.S. oversight agency reported ... . The Special Inspector General (SIGAR) said ...": the next record's
    named organisation, when it is the next sentence's source."""
    limit = _window_end(head, 1)
    nxt = next((x for x in recs if x["source"] is not None and r["source"][1] < x["source"][0] < limit), None)
    if nxt is None or nxt["stype"] != "organisation" or not nxt["speaker"]:
        return None
    h = _head_of(head.doc, nxt["source"])
    if h is None or h.sent.start == head.sent.start or not (h.pos_ == "PROPN" or h.ent_type_ == "ORG"):
        return None
    return nxt["speaker"], "organisation", nxt["aid"]


def _next_new_person(recs: list[dict], r: dict, head: Token, speakers: Speakers) -> tuple[str, str, None] | None:
    """ "The governor of X's Hiran region, who was at the hotel, says ... . Abdi Farah Laqanyo also says ...": a
    definite description of one office-holder ("the governor of Hiran region", "the region's governor", "the
    spokesman for the army"; not a bare "the president") followed within the next sentence by a person named there
    for the first time as a source, bare (no title or role of its own: the reader is to know who it is) or with
    the description's own head as title."""
    if not any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("of", "for")) for c in head.children):
        return None
    doc = head.doc
    limit = _window_end(head, 1)
    nxt = next(
        (
            x
            for x in recs
            if x["source"] is not None and r["source"][1] < x["source"][0] < limit and x["stype"] == "person"
        ),
        None,
    )
    if nxt is None or not nxt["speaker"]:
        return None
    words = doc_text(doc)[slice(*nxt["source"])].split()
    if not all(w[:1].isupper() for w in words) or any(
        o < r["source"][0] for o, n, _ in speakers.persons if n == nxt["speaker"]
    ):
        return None
    if any(w.lower() in _ROLE_HEADS and w.lower() != head.lower_ for w in words):
        return None  # "Governor X" after "the spokesman for the governor": another person
    return nxt["speaker"], "person", None
