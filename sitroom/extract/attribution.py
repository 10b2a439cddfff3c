"""Attribution records: who said what, with source, cue and content spans, for quotes and reported facts.

Reads: the parsed doc, the actor index. Returns: :class:`~sitroom.model.Quote` records (mode direct | mixed |
indirect, resolved speaker). The attribution and certainty of one sentence's facts are
:mod:`sitroom.extract.certainty`'s; facts linked to the records that hold them, :mod:`sitroom.extract.fact_links`'s.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from sitroom.extract import lexicon
from sitroom.extract.colon_quotes import colon_quotations, quote_after_colon
from sitroom.extract.cue_nouns import cue_noun_clause
from sitroom.extract.descriptions import name_descriptions
from sitroom.extract.nlp import ents_in, parsed
from sitroom.extract.offices import Offices, add_office_persons, name_office_holders
from sitroom.extract.quotes import outlet_for_person, quote_spans
from sitroom.extract.speakers import Speakers, dateline_end, not_a_speaker, np_span, reporting_subject, tok_span
from sitroom.extract.transcript import add_turns, addressee, find_turns, stamp_line, turn_at
from sitroom.model import Article, Attribution, Certainty, Quote

# --------------------------------------------------------------------------- attribution records
#
# One mechanism for quotes and reported facts: every cue of the text (a reporting or belief verb with its
# complement, "according to X", a transcript label or a colon before a quotation) gives a record with three
# spans -- source (who, as written), cue, content (what) -- and the speaker that source resolves to. The
# records are ``Quote`` facts (``mode`` direct | mixed | indirect); facts read from inside a content are linked
# to it (:func:`link_facts`).

_SPEECH = lexicon.tagged("reporting", "verbs", "speech")
_BELIEF = lexicon.tagged("reporting", "verbs", "belief")
_OBJECT = lexicon.tagged("reporting", "verbs", "object")
_INFINITIVE = lexicon.tagged("reporting", "verbs", "infinitive")
_OF = lexicon.tagged("reporting", "verbs", "of")
_CUE_NOUNS = lexicon.words("reporting", "nouns")
_SOURCE_PREPS = lexicon.table("reporting", "source_preps")
_SUBORDINATORS = lexicon.words("reporting", "subordinators")
_ROLE_HEADS = lexicon.words("reporting", "role_heads")
_ANON = lexicon.words("reporting", "anonymous_heads")
_PRONOUNS = lexicon.table("reporting", "pronouns")
_RELATIVES = lexicon.words("reporting", "relatives")
_TITLES = lexicon.table("reporting", "titles")
_ORG_NOUNS = lexicon.words("reporting", "organisation_nouns")
_DOCUMENTS = lexicon.words("reporting", "documents")
_TOLL = lexicon.tagged("reporting", "verbs", "toll")
_AGENTLESS = lexicon.tagged("reporting", "verbs", "agentless")
_TOLLS = lexicon.words("reporting", "tolls")
_HEDGE_ADVERBS = lexicon.words("reporting", "hedge_adverbs")
_EDGE = " \t\n\xa0,;:.-\u2013\u2014\"'\u201c\u201d\u2018\u2019()[]"


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """``(s, e)`` without surrounding blanks, punctuation and quotation marks (and a leading "that")."""
    while True:
        while s < e and text[s] in _EDGE:
            s += 1
        while e > s and text[e - 1] in _EDGE:
            e -= 1
        low = text[s:e].lower()
        if low.startswith("that ") and e - s > 5:
            s += 5
            continue
        return s, e


def _subtree_span(tok: Token, skip: Token | None = None) -> tuple[int, int]:
    toks = [t for t in tok.subtree if skip is None or not (skip.left_edge.i <= t.i <= skip.right_edge.i)]
    return tok_span(toks)


def _cue_span(verb: Token) -> tuple[int, int]:
    """The verb with its auxiliaries, negation and particle, and the hearer of "told X"."""
    toks = [verb] + [
        c
        for c in verb.children
        if c.dep_ in ("aux", "auxpass", "neg", "prt") and c.i < verb.i + 3 and abs(c.i - verb.i) <= 4
    ]
    if verb.lemma_ in ("tell", "inform", "brief"):
        toks += [c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj") and c.i > verb.i]
        toks = [t for c in toks for t in (c.subtree if c.dep_ in ("dobj", "dative", "iobj") else [c])]
    if verb.dep_ == "xcomp" and verb.head.lemma_ in ("go", "continue") and verb.head.i < verb.i:  # "goes on to say"
        toks += [verb.head] + [c for c in verb.head.children if c.dep_ == "prt"]
        toks += [c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"]
    return tok_span(toks)


def _past_dateline(span: tuple[int, int], clause: Token) -> tuple[int, int]:
    """A content span that the parse opened with the paragraph's wire dateline starts after it ("residents said" of
    "GOMA — M23 fighters entered the town ...": not "GOMA — ...")."""
    end = dateline_end(clause.left_edge)
    return (end, span[1]) if end is not None and span[0] < end < span[1] else span


def _content_of(verb: Token) -> tuple[list[tuple[int, int]], Token | None]:
    """Character spans of the content a cue verb governs (one span, or none)."""
    lemma = verb.lemma_
    if lemma in _TOLL:
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_ in _TOLLS), None)
        at = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "at"), None)
        if obj is None or at is None:
            return [], None
        return [(obj.left_edge.idx, _subtree_span(at)[1])], obj
    for c in verb.children:
        if c.dep_ == "ccomp" and c.i != verb.i:
            # "said that X, and that Y": two contents
            more = [
                x
                for x in c.children
                if x.dep_ == "conj"
                and x.i > c.i
                and any(m.dep_ == "mark" for m in x.children)
                and any(m.dep_.startswith("nsubj") for m in x.children)
            ]
            if not more:
                return [_past_dateline(_subtree_span(c), c)], c
            first = [
                t
                for t in c.subtree
                if not any(x.left_edge.i <= t.i <= x.right_edge.i for x in more)
                and not (t.dep_ == "cc" and t.head.i == c.i and t.i > more[0].left_edge.i - 3)
            ]
            return [tok_span(first)] + [_subtree_span(x) for x in more], c
    if lemma in _INFINITIVE:
        for c in verb.children:
            if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children):
                return [_subtree_span(c)], c
    if lemma in _OF:
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        for c in [*verb.children, *(g for o in objs for g in o.children)]:  # "accused the police of firing ..."
            if c.dep_ == "prep" and c.lower_ in ("of", "for"):
                for g in c.children:
                    if g.dep_ in ("pobj", "pcomp"):
                        return [_subtree_span(g)], g
    if any(c.dep_ == "auxpass" for c in verb.children):  # "X is thought to hold ...": the whole clause
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        x = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if subj is not None and x is not None:
            s1, _ = _subtree_span(subj)
            _, e2 = _subtree_span(x)
            return [(s1, e2)], x
        if subj is not None and lemma in ("report",) and x is None:
            return [_subtree_span(subj)], subj
    if lemma in _OBJECT:
        for c in verb.children:
            if c.dep_ == "dobj" or (c.dep_ == "xcomp" and c.tag_ == "VBG"):  # "denied losing any aircraft"
                return [_subtree_span(c)], c
    if (
        verb.dep_ == "advcl"
        and verb.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "mark" and c.lower_ == "as" and c.i < verb.i for c in verb.children)
    ):
        # "As X reports from Jerusalem, air strikes are continuing": the clause the "as" clause hangs on
        head = verb.head
        toks = [t for t in head.subtree if not (verb.left_edge.i <= t.i <= verb.right_edge.i)]
        # the clause on the far side of the "as" clause (not a label or words the parse hung before it)
        side = [t for t in toks if t.i > verb.right_edge.i] if verb.i < head.i else toks
        if side:
            return [tok_span(side)], head
    if (
        verb.dep_ == "advcl"
        and verb.left_edge.i == verb.sent.start
        and verb.left_edge.lower_ == "as"
        and verb.right_edge.i + 2 < verb.sent.end
    ):
        # "As the President has said many times, every time ... they're carrying ...": a mis-parsed main clause
        # (its verb tagged a noun); the rest of the sentence is what was said
        rest = [t for t in verb.doc[verb.right_edge.i + 1 : verb.sent.end] if not t.is_space]
        if len(rest) >= 3:
            return [tok_span(rest)], rest[0]
    if verb.dep_ in ("parataxis",) and verb.head.i != verb.i:  # "because, he says, the military has ..."
        head = verb.head
        toks = [
            t for t in head.subtree if not (verb.left_edge.i <= t.i <= verb.right_edge.i) and t.i > verb.right_edge.i
        ]
        if toks:
            return [tok_span(toks)], head
    return [], None


def _source_of(verb: Token) -> Token | None:
    if verb.dep_ in ("pcomp", "advcl") and verb.head.lower_ == "as" and verb.head.head.lemma_ == "quote":
        # "local media quoted officials as saying ...": the quoted are the source
        obj = next((c for c in verb.head.head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj
    subj = reporting_subject(verb)
    if subj is None:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            subj = next((g for g in agent.children if g.dep_ == "pobj"), None)
    if subj is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
        return None  # "monks accused of leading the protests": the noun is who is spoken of, not who speaks
    if subj is None and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        noun = verb.head
        if noun.lemma_ in _DOCUMENTS and noun.dep_ in ("dobj", "pobj"):
            # "militants issued a statement saying ...", "dropped leaflets warning ...": whoever issued it
            v = noun.head if noun.dep_ == "dobj" else noun.head.head
            issuer = next((c for c in v.children if c.dep_ == "nsubj"), None)
            if issuer is not None:
                return issuer
        return noun  # "with some activists claiming that ..."
    if subj is None and verb.dep_ == "advcl":
        # "the Observatory said the fighters seized X, calling him ...": a participle inside what a source said
        # is the source's
        a = verb.head
        while a.head.i != a.i:
            if a.dep_ == "ccomp" and a.head.lemma_ in _SPEECH:
                return _source_of(a.head)
            a = a.head
    if subj is None and verb.dep_ == "advcl":
        subj = _subordinated_subject(verb)
    if (
        subj is None
        and verb.head.i != verb.i
        and not any(c.dep_ == "auxpass" for c in verb.children)
        and (
            verb.dep_ in ("advcl", "conj")
            or (verb.dep_ == "xcomp" and (verb.head.lemma_ in _SPEECH or verb.head.lemma_ in ("go", "continue")))
        )
    ):
        return _source_of(verb.head)
    if subj is not None and subj.lower_ in _RELATIVES:  # "the group, which says ...": the noun the clause modifies
        v = subj.head
        while v.dep_ != "relcl" and v.head.i != v.i and v.dep_ in ("xcomp", "conj", "ccomp", "advcl"):
            v = v.head
        if v.dep_ == "relcl":
            return v.head
        return None  # a relative pronoun whose noun the parse does not give is never a source
    return subj


def _subordinated_subject(verb: Token) -> Token | None:
    """ "..., a day after a renegade former general who supports the army vowed to retake the city": the parse
    made the subject the object of the subordinating word ("after", "before", "as": ``subordinators`` in
    reporting.yaml) and the verb a clause with no subject; the noun phrase that ends right before the verb is it."""
    k = verb.i - 1
    while k > verb.sent.start and verb.doc[k].head.i == verb.i and verb.doc[k].dep_ in ("aux", "neg", "advmod"):
        k -= 1
    if k < verb.sent.start:
        return None
    t = verb.doc[k]
    while t.head.i != t.i and t.head.right_edge.i == k and t.dep_ not in ("pobj",):
        t = t.head
    if t.dep_ == "pobj" and t.pos_ in ("NOUN", "PROPN") and t.head.lower_ in _SUBORDINATORS and t.right_edge.i == k:
        return t
    return None


def _trailing_cue(sent, verb: Token, subj: Token | None) -> tuple[list[tuple[int, int]], Token | None]:
    """ "X happened, officials said (Monday).": when the parse did not make the clause the verb's complement, the
    text before the comma that opens the reporting clause is the content and the noun phrase after it the source."""
    doc = verb.doc
    tail = [t for t in doc[verb.i + 1 : sent.end] if not (t.is_punct or t.is_space)]
    commas = [t for t in doc[sent.start : verb.i] if t.text == ","]
    if len(tail) > 3 or not commas or any(t.pos_ == "VERB" for t in tail):
        return [], subj
    comma = commas[-1]
    between = doc[comma.i + 1 : verb.i]
    if not 1 <= len(between) <= 8 or any(
        t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass", "amod") for t in between
    ):
        return [], subj
    nouns = [t for t in between if t.pos_ in ("NOUN", "PROPN", "PRON")]
    if not nouns or comma.idx - sent.start_char < 15:
        return [], subj
    return [(sent.start_char, comma.idx)], nouns[-1]


def _is_expletive(subj: Token) -> bool:
    return subj.lower_ == "it" and any(c.dep_ in ("auxpass",) for c in subj.head.children)


def find_attributions(article: Article, doc: Doc, index) -> list[Quote]:
    """Every attribution of the article as ``Quote`` records (direct, mixed and indirect), in text order."""
    f = _Finder(article.text, doc, index, Speakers(article, doc, index))
    if f.turns:  # a transcript's time stamps ("11:13 A.M. CDT") and turn labels the tagger took for names
        labels = [t.label_span for t in f.turns]
        f.speakers.persons[:] = [
            p for p in f.speakers.persons if not stamp_line(f.text, p[0]) and not any(a <= p[0] < b for a, b in labels)
        ]
    offices = Offices(article.text, doc, article.published)
    add_office_persons(f.speakers, f.text, offices)
    add_turns(f)
    for sent in doc.sents:
        if not parsed(sent):
            continue  # no cue of the parse can fire in a sentence the triage left unparsed (sitroom.extract.triage)
        for tok in sent:
            _cue_token(f, sent, tok)
    colon_quotations(f)
    _uncued_quotations(f)
    name_descriptions(f.recs, doc, f.speakers)
    name_office_holders(f.recs, f.text, offices)
    return _quotes(article, f)


class _Finder:
    """One article's attribution records in progress, and how a record is added and a source resolved."""

    def __init__(self, text: str, doc: Doc, index, speakers: Speakers) -> None:
        self.text, self.doc, self.index, self.speakers = text, doc, index, speakers
        self.qspans = quote_spans(text)
        self.turns = find_turns(text)
        self.turn_speakers: dict = {}  # Turn -> (its speaker, speaker type)
        self.recs: list[dict] = []

    def quotes_in(self, s: int, e: int) -> list[tuple[int, int]]:
        return [(a, b) for a, b in self.qspans if a < e and s < b]

    def add(
        self,
        content: tuple[int, int],
        src: tuple[int, int] | None,
        cue: tuple[int, int] | None,
        speaker,
        stype,
        aid=None,
        role=None,
        outlet=None,
        sent=None,
        mode=None,
    ):
        text, qspans, recs, speakers = self.text, self.qspans, self.recs, self.speakers
        s, e = _trim(text, *content)
        if e - s < 2:
            return None
        if mode is None:
            qs = self.quotes_in(s, e)
            inside = [(a, b) for a, b in qs if a - 2 <= s and e <= b + 2]
            if inside:
                mode = "direct"
                s, e = max(s, inside[0][0]), min(e, inside[0][1])
            elif qs:
                # the whole complement is one quotation whose marks lie at the clause's edges
                covered = sum(min(b, e) - max(a, s) for a, b in qs)
                mode = "direct" if covered >= 0.9 * (e - s) else "mixed"
            else:
                mode = "indirect"
        if mode == "direct":
            # a quotation that runs past the clause (over a sentence end) is one content
            for a, b in qspans:
                if a <= s < b or a < e <= b:
                    s, e = min(s, a), max(e, b)
            s, e = _trim(text, s, e)
        rec = dict(
            start=s,
            end=e,
            source=src,
            cue=cue,
            speaker=speaker,
            stype=stype,
            aid=aid,
            role=role,
            outlet=outlet,
            mode=mode,
            sent=sent,
        )
        for r in recs:
            if r["start"] == s and r["end"] == e and r["source"] == src:
                return None
        recs.append(rec)
        if src is not None and speaker:
            head = self.doc.char_span(src[0], src[1], alignment_mode="expand")
            root = head.root if head is not None else None
            if root is None:
                number = "singular"
            elif (
                (stype == "person" and " and " not in speaker)
                or root.lower_ in ("he", "she")
                or (root.lower_ in _ROLE_HEADS and root.tag_ in ("NN", "NNP"))  # "the President will argue"
                or (
                    root.tag_ == "NN"
                    and stype == "anonymous"
                    and (
                        root.lower_ in _ANON
                        or any(c.dep_ == "det" and c.lower_ in ("a", "an", "one") for c in root.children)
                    )
                )
            ):
                number = "person"
            elif root.tag_ in ("NNS", "NNPS") or root.lower_ in ("they", "we") or " and " in speaker:
                number = "plural"
            else:
                number = "singular"
            speakers.subjects.append((src[0], speaker, stype, number))
        speakers.contents.append((s, e))
        return rec

    def resolve(self, tok: Token) -> tuple[tuple[int, int], str | None, str, str | None, str | None]:
        """(source span, speaker, type, actor id, role) of a subject token (no speaker for a head that can name
        none: the record is left out)."""
        text, speakers = self.text, self.speakers
        if not_a_speaker(tok):
            return (tok.idx, tok.idx + len(tok.text)), None, "anonymous", None, None
        s, e = np_span(tok)
        if tok.lower_ in _PRONOUNS:
            turn = turn_at(self.turns, tok.idx)  # "he" inside a turn is someone the speaker talks of
            me = self.turn_speakers.get(turn) if turn else None
            who, kind = speakers.pronoun(tok, exclude=me[0] if me else None)
            role = speakers.info.get(who, {}).get("role") if who and kind == "person" else None
            return (tok.idx, tok.idx + len(tok.text)), who, kind, None, role
        # "the chief of operations ..., Colonel Roland Detabali": the named apposition is the source;
        # "the Islamic militant group Hamas": the name right after the description names the speaker
        named = [
            c
            for c in tok.subtree
            if c.dep_ == "appos"
            and c.head.i >= tok.i - 8
            and any(t.ent_type_ == "PERSON" for t in c.subtree)
            and tok.ent_type_ != "PERSON"
        ]
        described = None
        for c in named[:1] + list(tok.children):
            if c.dep_ == "appos" and any(t.ent_type_ == "PERSON" for t in c.subtree):
                if c.i > tok.i:  # "The mayor of Mariupol, Vadym Boychenko,": the description is the role
                    described = text[s : c.left_edge.idx].strip(" ,")
                s, e = np_span(c)
                tok = c
                break
            if (
                c.dep_ == "appos"
                and c.pos_ == "PROPN"
                and tok.pos_ == "NOUN"
                and c.i > tok.i + 1
                and c.doc[c.left_edge.i - 1].text == ","
                and tok.lower_ not in _ORG_NOUNS
                and tok.lower_ not in _ANON | {"spokesman", "spokeswoman", "spokesperson"}
                or (
                    c.dep_ == "appos"
                    and c.pos_ == "PROPN"
                    and tok.lower_ in ("spokesman", "spokeswoman", "spokesperson")
                    and c.doc[c.left_edge.i - 1].text == ","
                )
            ):
                # "the head of Doctors Without Borders in the CAR, Sylvain Groulx, told VOA": a role, then the
                # name of the one who holds it (whatever the tagger made of the name)
                cs, ce = np_span(c)
                aid = speakers.actor_at(c, cs, ce)
                if aid is None:
                    name = text[cs:ce]
                    speakers.info.setdefault(name, {"role": None, "gender": None})
                    if speakers.info[name]["role"] is None:
                        speakers.info[name]["role"] = text[s : np_span(tok)[1]].strip(" ,")
                    speakers.persons.append((cs, name, True))
                    speakers.persons.sort(key=lambda x: x[0])
                    return (cs, ce), name, "person", None, speakers.info[name]["role"]
            if c.dep_ == "appos" and c.i == tok.i + 1 and (c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "NORP", "GPE")):
                e = max(e, np_span(c)[1])
                tok = c
                break
        who, kind, aid = speakers.name_of(tok, s, e)
        if kind == "person":
            # "President Biden and President Ghani agreed": the persons together
            for c in tok.children:
                if c.dep_ == "conj" and any(t.ent_type_ == "PERSON" for t in c.subtree):
                    cs, ce = np_span(c)
                    other, okind, _ = speakers.name_of(c, cs, ce)
                    if okind == "person" and other != who:
                        return (s, ce), f"{who} and {other}", "person", None, None
        if kind == "person" and described and not speakers.info.get(who, {}).get("role"):
            speakers.info.setdefault(who, {"role": None, "gender": None})["role"] = described
        role = speakers.info.get(who, {}).get("role") if kind == "person" else None
        return (s, e), who, kind, aid, role

    def outlet_of(self, verb: Token) -> str | None:
        index = self.index
        if index is None:
            return None
        for c in verb.children:
            if c.dep_ in ("dobj", "dative", "iobj") or (c.dep_ == "prep" and c.lower_ == "to"):
                tgt = c if c.dep_ != "prep" else next((g for g in c.children if g.dep_ == "pobj"), None)
                if tgt is not None:
                    o = index.outlet_in(tgt.left_edge.idx, tgt.right_edge.idx + len(tgt.right_edge.text))
                    if o:
                        return o
        return None


def _cue_token(f: _Finder, sent, tok: Token) -> None:
    """2. A cue in the parse at ``tok``: "according to X", "X's claim of", "reportedly", or a reporting verb."""
    text, doc, index, qspans = f.text, f.doc, f.index, f.qspans
    lemma = tok.lemma_
    if tok.lower_ in _SOURCE_PREPS and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == _SOURCE_PREPS[tok.lower_]:
        prep = doc[tok.i + 1]
        obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if obj is None:
            return
        src, who, kind, aid, role = f.resolve(obj)
        phrase = (tok.idx, obj.right_edge.idx + len(obj.right_edge.text))
        before = (sent.start_char, phrase[0])
        after = (phrase[1], sent.end_char)
        bs, be = _trim(text, *before)
        as_, ae = _trim(text, *after)
        content = (as_, ae) if ae - as_ >= be - bs else (bs, be)
        f.add(
            content,
            src,
            (tok.idx, prep.idx + len(prep.text)),
            who,
            kind,
            aid,
            role,
            index.outlet_in(*src) if index else None,
            sent,
        )
        return
    if tok.pos_ == "NOUN" and lemma in _CUE_NOUNS:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                g = next((x for x in c.children if x.dep_ == "pobj"), None)
                owner = next(
                    (
                        x
                        for x in tok.children
                        if x.dep_ in ("poss", "amod", "compound") and x.i < tok.i and (x.ent_type_ or x.pos_ == "PROPN")
                    ),
                    None,
                )
                if g is not None and owner is not None:
                    src, who, kind, aid, role = f.resolve(owner)
                    f.add(_subtree_span(g), src, (tok.idx, c.idx + len(c.text)), who, kind, aid, role, None, sent)
        cue_noun_clause(f, sent, tok)
        return
    if tok.lower_ in _HEDGE_ADVERBS and tok.dep_ == "advmod" and not any(a <= tok.idx < b for a, b in qspans):
        # "both sides have reportedly suffered losses": told by someone the text does not name
        clause = tok.head
        f.add(_subtree_span(clause), None, (tok.idx, tok.idx + len(tok.text)), None, "anonymous", sent=sent)
        return
    if tok.pos_ not in ("VERB", "AUX") or (lemma not in _SPEECH and lemma not in _BELIEF and lemma not in _TOLL):
        return
    if any(a <= tok.idx < b for a, b in qspans):  # a verb inside a quotation is the speaker's, not a cue
        return
    _reporting_verb(f, sent, tok)


def _reporting_verb(f: _Finder, sent, tok: Token) -> None:
    """A reporting verb's records: its content(s), its subject as the source, the outlet it told; "quoted X as
    saying" also gives the relay's record."""
    doc, index, qspans, speakers = f.doc, f.index, f.qspans, f.speakers
    lemma = tok.lemma_
    contents, comp = _content_of(tok)
    subj = _source_of(tok)
    if not contents:
        contents = quote_after_colon(f, tok)
    if not contents:
        contents, subj = _trailing_cue(sent, tok, subj)
    turn = turn_at(f.turns, tok.idx)
    if turn is not None:  # the parse may join a turn's label to its first sentence: what is said stays in the turn
        contents = [
            (max(a, turn.start), min(b, turn.end)) for a, b in contents if min(b, turn.end) > max(a, turn.start)
        ]
    if not contents:
        return
    cs, ce = contents[0]
    if subj is not None and cs <= subj.idx < ce:
        subj = None if tok.dep_ != "relcl" else subj
    passive = any(c.dep_ == "auxpass" for c in tok.children) or (tok.dep_ == "acl" and tok.tag_ == "VBN")
    if subj is None and not passive and tok.dep_ in ("ROOT", "conj"):
        # the parse lost the subject ("In an interview with VOA, Johnnie Carson, ..., said"): the last
        # person named before the verb in its sentence
        limit = tok.head.i if tok.dep_ == "conj" else tok.i
        names = [
            x
            for x in ents_in(sent)
            if x.label_ == "PERSON" and x.end <= limit and not any(a <= x.start_char < b for a, b in qspans)
        ]
        if names:
            subj = names[-1].root
    hearer = (
        addressee(f.turns, f.turn_speakers, subj.idx)
        if subj is not None
        and subj.lower_ == "you"
        and lemma in _SPEECH  # what the hearer said, not what the speaker supposes they feel
        and not any(c.dep_ == "aux" and c.i < subj.i for c in tok.children)  # "Did you say ...?" asks
        else None
    )
    if hearer is not None:  # "as you said", in a transcript: the one the turn answers or asks
        src, (who, kind), aid, role = (subj.idx, subj.idx + len(subj.text)), hearer, None, None
    elif subj is not None and (subj.tag_ in ("WP", "WDT") or subj.lower_ in ("i", "we", "you")):
        return  # "what ... says", or the speaker's own "we" outside quotation marks: no source to name
    elif subj is None or _is_expletive(subj):
        if not passive or lemma not in _AGENTLESS:  # "were told to leave" is an order, not a report
            return
        src, who, kind, aid, role = None, None, "anonymous", None, None
    else:
        assert subj is not None
        src, who, kind, aid, role = f.resolve(subj)
        if who is None and subj.lower_ in _RELATIVES:
            return
    outlet = f.outlet_of(tok)
    if outlet is None and kind == "person" and who:
        outlet = outlet_for_person(doc, index, who)
    for cs, ce in contents:
        f.add((cs, ce), src, _cue_span(tok), who, kind, aid, role, outlet, sent)
    quoting = tok.head.head if tok.dep_ in ("pcomp", "advcl") and tok.head.lower_ == "as" else None
    if quoting is not None and quoting.lemma_ == "quote":  # "local media quoted officials as saying ...": both
        relay = next((c for c in quoting.children if c.dep_ == "nsubj"), None)
        if relay is not None and relay.lower_ not in _PRONOUNS:
            src2, who2, kind2, aid2, role2 = f.resolve(relay)
            n = len(speakers.subjects)
            for cs, ce in contents:
                f.add((cs, ce), src2, _cue_span(quoting), who2, kind2, aid2, role2, None, sent)
            del speakers.subjects[n:]  # the relay is no antecedent: "they added" is the quoted source


def _uncued_quotations(f: _Finder) -> None:
    """3. Quotations no cue governs: the speaker of the quotation just before goes on, or the one a colon
    announces."""
    text, recs = f.text, f.recs
    recs.sort(key=lambda r: r["start"])
    for a, b in f.qspans:
        if any(r["start"] < b and a < r["end"] for r in recs):
            continue
        before = [r for r in recs if r["end"] <= a and r["speaker"]]
        prev = before[-1] if before else None
        gap = text[prev["end"] : a] if prev else ""
        words = len(b and text[a:b].split())
        if prev is None:
            continue
        same_par = "\n" not in gap.strip(' "\u201d\u201c,.') and "\n\n" not in gap
        colon = gap.rstrip(' \n"\u201c').endswith(":")
        gap_words = len(re.findall(r"[^\W\d_]+", gap))
        if prev["mode"] in ("direct", "mixed") and gap_words <= 3 and (same_par or gap.count("\n\n") <= 1):
            # the same passage goes on ('"...," he explained. "So right now ..."'), or the next paragraph opens
            # with a quotation: the speaker's words continue
            src, cue = (prev["source"], prev["cue"]) if same_par else (None, None)
        elif colon and gap_words <= 2:
            src, cue = prev["source"], prev["cue"]
        elif words >= 4 and gap.count("\n\n") <= 1 and len(gap.split()) <= 60 and prev["mode"] != "indirect":
            src, cue = None, None
        elif (
            words >= 6
            and gap.count("\n\n") <= 1
            and gap_words <= 40
            and text[:a].rstrip(' "\u201c').endswith("\n")
            and prev["stype"] != "organisation"
        ):
            # a paragraph that opens with a quotation right after a source's paraphrase: the source's own words
            src, cue = None, None
        else:
            continue
        f.add(
            (a, b),
            src,
            cue,
            prev["speaker"],
            prev["stype"],
            prev["aid"],
            prev["role"],
            prev["outlet"],
            None,
            mode="direct",
        )
        recs.sort(key=lambda r: r["start"])


def _quotes(article: Article, f: _Finder) -> list[Quote]:
    """The records as ``Quote`` objects in text order (a pronoun with no antecedent is never a speaker)."""
    text, doc = f.text, f.doc
    out: list[Quote] = []
    for r in sorted(f.recs, key=lambda r: r["start"]):
        if not r["speaker"] and r["source"] is not None:
            continue  # a pronoun with no antecedent: never a pronoun as the speaker
        sent = doc.char_span(r["start"], r["end"], alignment_mode="expand")
        ev_s, ev_e = (
            (sent[0].sent.start_char, sent[-1].sent.end_char)
            if sent is not None and len(sent)
            else (r["start"], r["end"])
        )
        cue_text = text[r["cue"][0] : r["cue"][1]] if r["cue"] else None
        speaker = r["speaker"] or None
        out.append(
            Quote(
                id=f"q{len(out) + 1}",
                speaker=speaker or "unnamed source",
                role=r["role"],
                outlet=r["outlet"],
                text=article.span(r["start"], r["end"]),
                mode=r["mode"],
                source=article.span(*r["source"]) if r["source"] else None,
                cue=article.span(*r["cue"]) if r["cue"] else None,
                speaker_type=r["stype"],
                speaker_id=r["aid"],
                evidence=[article.span(ev_s, ev_e)],
                attribution=Attribution(
                    source=speaker,
                    anonymous=r["stype"] == "anonymous",
                    outlet=r["outlet"],
                    cue=cue_text or ("quote" if r["mode"] == "direct" else None),
                ),
                certainty=Certainty.REPORTED,
            )
        )
    return out
