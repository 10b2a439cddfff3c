"""Attribution and epistemic status of a sentence.

Reads: a spaCy sentence span, the :class:`~sitroom.extract.actors.ActorIndex`.
Returns: :class:`~sitroom.model.Attribution` (who the outlet says said it, and
the outlet that relayed it) and :class:`~sitroom.model.Certainty`.

Cues: "according to X", "X told (the) Y (news agency)", "X said", "said X",
"X claimed", "X denied", "reportedly", "are reported to", "said to be",
"purporting", "could not be verified".
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitroom.extract import lexicon
from sitroom.extract.quotes import outlet_for_person, quote_spans, speaker_role
from sitroom.model import Article, Attribution, Certainty, Quote

REPORTING = lexicon.tagged("reporting", "verbs", "attribution")
PARTY_KINDS = {"non-state-armed", "government", "state-forces", "state", "intl-forces", "intl-org"}

_HEDGED = re.compile(r"\b(said to (?:be|have)|reportedly|allegedly|apparently|believed to|thought to|appears? to|seem(?:s|ed)? to|unclear whether|may have|might have)\b", re.I)
_UNVERIFIED = re.compile(r"\b(purport(?:s|ed|ing)?|(?:could|can) not be (?:independently )?(?:verified|confirmed)|unverified|unconfirmed|not (?:be )?independently verified)\b", re.I)
_DENIED = re.compile(r"\b(den(?:y|ied|ies)|rejected (?:the )?(?:claim|report))\b", re.I)
_REPORTED = re.compile(r"\b(are|is|were|was) reported to\b", re.I)
_ACCORDING = re.compile(r"\baccording to (?:the |a |an )?([^,.;:\u2014\u2013()\"]+)", re.I)


def np_text(tok: Token) -> str:
    """The noun phrase of ``tok`` without trailing relative clauses and appositions."""
    keep = [t for t in tok.subtree if t.dep_ not in ("relcl", "appos", "acl", "punct") or t is tok]
    left = min(t.i for t in keep)
    right = tok.i
    for t in tok.subtree:
        if t.i > tok.i and t.dep_ in ("compound", "amod", "nummod", "poss", "case", "prep", "pobj", "flat") and t.head.i >= tok.i:
            right = max(right, t.i)
    span = tok.doc[left : right + 1]
    return span.text.strip(" ,")


def _is_anonymous(tok: Token) -> bool:
    has_name = any(t.ent_type_ == "PERSON" or (t.pos_ == "PROPN" and t.dep_ in ("compound", "appos", "flat")) for t in tok.subtree)
    return tok.lower_ in _ANON and not has_name or tok.lower_ in ("source", "sources")


def sentence_attribution(sent: SpacySpan, index, actor_kinds: dict[str, str]) -> tuple[Attribution, Certainty]:
    """Attribution and certainty for facts read from ``sent``."""
    text = sent.text
    att = Attribution()
    certainty = Certainty.REPORTED
    m = _ACCORDING.search(text)
    if m:
        src = m.group(1).strip()
        start = sent.start_char + m.start(1)
        outlet = index.outlet_in(start, start + len(src)) if index else None
        if outlet and len(src.split()) <= 4:
            att = Attribution(outlet=outlet, cue="according to")
        else:
            att = Attribution(source=src, anonymous=bool(re.search(r"\bsources?\b|\bofficials\b", src, re.I)) and not re.search(r"[A-Z][a-z]+ [A-Z]", src), cue="according to")
    else:
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX") or tok.lemma_ not in REPORTING:
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)  # "are reported to": no source
            if subj is None or subj.lower_ in ("it", "this", "that", "which", "who"):
                continue
            outlet = None
            for c in tok.children:
                if c.dep_ in ("dobj", "dative", "iobj", "obj") or (c.dep_ == "prep" and c.lower_ == "to"):
                    target = c if c.dep_ != "prep" else next((g for g in c.children if g.dep_ == "pobj"), None)
                    if target is not None:
                        outlet = index.outlet_in(target.left_edge.idx, target.right_edge.idx + len(target.right_edge.text)) if index else None
                        if outlet:
                            break
            subj_start, subj_end = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text)
            if index and index.is_outlet(subj_start, subj_end):
                att = Attribution(outlet=index.outlet_in(subj_start, subj_end), cue=tok.lemma_)
                break
            att = Attribution(source=np_text(subj), anonymous=_is_anonymous(subj), outlet=outlet, cue=tok.lemma_)
            actor = index.first_in(subj_start, subj_end) if index else None
            if tok.lemma_ == "deny":
                certainty = Certainty.DENIED
            elif actor and actor_kinds.get(actor) in PARTY_KINDS and (tok.lemma_ in ("claim", "say", "announce", "insist", "state") ):
                certainty = Certainty.CLAIMED
            break
    if _UNVERIFIED.search(text):
        certainty = Certainty.UNVERIFIED
    elif _HEDGED.search(text):
        certainty = Certainty.HEDGED
    elif certainty is Certainty.REPORTED and _DENIED.search(text) and att.cue == "deny":
        certainty = Certainty.DENIED
    if _REPORTED.search(text) and att.cue is None:
        att = Attribution(cue="reported")
    return att, certainty


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
_ANON = lexicon.words("reporting", "anonymous_heads")
_PRONOUNS = lexicon.table("reporting", "pronouns")
_RELATIVES = lexicon.words("reporting", "relatives")
_TITLES = lexicon.table("reporting", "titles")
_TRANSCRIPT_MARKERS = lexicon.words("reporting", "transcript_markers")
_EDGE = " \t\n,;:.-\u2013\u2014\"'\u201c\u201d\u2018\u2019()[]"
_TRANSCRIPT = re.compile(r"(?m)^[ \t]*((?:[A-Z][A-Z.'\-]*[A-Z.]|[A-Z])(?:[ \t]+[A-Z][A-Z.'\-]*[A-Z.])*)[ \t]*:[ \t]*(?=\S)")


def _tok_span(toks) -> tuple[int, int]:
    toks = list(toks)
    first, last = min(toks, key=lambda t: t.i), max(toks, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


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
    return _tok_span(toks)


def _cue_span(verb: Token) -> tuple[int, int]:
    """The verb with its auxiliaries, negation and particle, and the hearer of "told X"."""
    toks = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "prt") and c.i < verb.i + 3
                      and abs(c.i - verb.i) <= 4]
    if verb.lemma_ in ("tell", "inform", "brief"):
        toks += [c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj") and c.i > verb.i]
        toks = [t for c in toks for t in (c.subtree if c.dep_ in ("dobj", "dative", "iobj") else [c])]
    if verb.dep_ == "xcomp" and verb.head.lemma_ in ("go", "continue") and verb.head.i < verb.i:  # "goes on to say"
        toks += [verb.head] + [c for c in verb.head.children if c.dep_ == "prt"]
        toks += [c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"]
    return _tok_span(toks)


def _np_span(tok: Token) -> tuple[int, int]:
    """A source noun phrase: the head and its modifiers, without relative clauses, appositions and commas."""
    cut = {"relcl", "appos", "acl", "punct", "advcl", "cc", "conj"}
    toks = [tok]
    stack = [c for c in tok.children if c.dep_ not in cut]
    while stack:
        t = stack.pop()
        toks.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "punct", "advcl"))
    lo = min(t.i for t in toks)
    hi = max(t.i for t in toks)
    # contiguous around the head only
    run = [t for t in toks if lo <= t.i <= hi]
    return _tok_span(run)


class _Speakers:
    """The small coreference step: who a source mention stands for.

    Persons are the PERSON mentions of the article (a surname or "Mr. X" joins the earlier full name; the role
    and gender found at the first mention are kept); pronouns go to the nearest earlier compatible speaker or
    subject (gender and number agreement); relative pronouns to the noun their clause modifies.
    """

    def __init__(self, article: Article, doc: Doc, index) -> None:
        self.doc, self.index, self.article = doc, index, article
        self.persons: list[tuple[int, str]] = []  # (offset, full name) of each PERSON mention, in order
        self.info: dict[str, dict] = {}  # full name -> {"role", "gender"}
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            name = self._clean_name(ent)
            if not name:
                continue
            full = self._expand(name, ent.start_char)
            self.persons.append((ent.start_char, full))
            info = self.info.setdefault(full, {"role": None, "gender": None})
            if info["role"] is None:
                info["role"] = speaker_role(doc, ent.root)
            prev = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            if info["gender"] is None and prev in _TITLES:
                info["gender"] = _TITLES[prev]
        self.subjects: list[tuple[int, str, str]] = []  # (offset, speaker, type) of earlier attribution sources

    @staticmethod
    def _clean_name(ent) -> str:
        toks = [t for t in ent if t.lower_ not in _TITLES and t.is_alpha or "-" in t.text or "'" in t.text]
        while toks and toks[-1].text in ("'s", "\u2019s"):
            toks.pop()
        return " ".join(t.text for t in toks).strip()

    def _expand(self, name: str, offset: int) -> str:
        """A surname (or a shorter form) to the earlier full name that ends with it."""
        parts = name.split()
        last = parts[-1].lower() if parts else ""
        best = name
        for off, full in self.persons:
            if off >= offset:
                break
            fp = full.split()
            if len(fp) > len(parts) and fp[-1].lower() == last:
                best = full
        return best

    def person_named(self, word: str, offset: int) -> str | None:
        """The earlier person whose surname is ``word`` (any case: a transcript's "DAWWAS")."""
        w = word.lower().strip(".:")
        hit = None
        for off, full in self.persons:
            if off >= offset and hit is not None:
                break
            if full.split()[-1].lower() == w or full.lower() == w:
                hit = full
        if hit is None:  # a later full name (a transcript label before the name is spelt out) or none
            return None
        return self._expand(hit, offset + 1)

    def _gender(self, name: str) -> str | None:
        return self.info.get(name, {}).get("gender")

    def pronoun(self, tok: Token) -> tuple[str | None, str]:
        kind = _PRONOUNS.get(tok.lower_)
        offset = tok.idx
        if kind in ("male", "female"):
            # the nearest earlier person: the last speaker, else the last mention, gender permitting
            cands = [(o, s) for o, s, t in self.subjects if t == "person" and o < offset]
            cands += [(o, n) for o, n in self.persons if o < offset]
            cands.sort(key=lambda x: x[0])
            for _o, name in reversed(cands):
                g = self._gender(name)
                if g is None or g == kind:
                    if g is None:
                        self.info.setdefault(name, {"role": None, "gender": None})["gender"] = kind
                    return name, "person"
            return None, "person"
        if kind in ("plural", "thing"):
            cands = [(o, s, t) for o, s, t in self.subjects if t != "person" and o < offset]
            sent_start = tok.sent.start
            for t in self.doc[max(0, sent_start - 120) : tok.i]:  # earlier subjects in reach
                if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN") and t.ent_type_ != "PERSON":
                    plural = t.tag_ in ("NNS", "NNPS") or t.ent_type_ in ("NORP",)
                    if (kind == "plural") == plural or t.ent_type_ in ("ORG", "GPE", "NORP"):
                        s, e = _np_span(t)
                        cands.append((s, self.name_of(t, s, e)[0], "organisation" if t.ent_type_ in ("ORG", "GPE", "NORP") else "anonymous"))
            cands.sort(key=lambda x: x[0])
            if cands:
                return cands[-1][1], cands[-1][2]
        return None, "anonymous"

    def name_of(self, head: Token, s: int, e: int) -> tuple[str, str, str | None]:
        """(speaker, speaker_type, actor id) of a noun-phrase source."""
        text = self.article.text
        span = self.doc.char_span(s, e, alignment_mode="expand")
        ents = [x for x in (span.ents if span is not None else []) if x.label_ == "PERSON"]
        if ents:
            ent = next((x for x in ents if x.start <= head.i < x.end), ents[-1])
            name = self._clean_name(ent)
            if name:
                return self._expand(name, ent.start_char), "person", None
        if head.pos_ == "PROPN" and head.ent_type_ in ("", "PERSON"):
            who = self.person_named(head.text, head.idx)
            if who:
                return who, "person", None
        aid = self.index.first_in(s, e) if self.index is not None else None
        actor = self.article.actor(aid) if aid else None
        desc = text[s:e]
        if head.lower_ in _ANON and not any(t.ent_type_ in ("ORG", "PERSON") for t in head.subtree if t.dep_ != "relcl") \
                and not (actor and head.lower_ not in ("officials", "official", "spokesman", "spokesperson")):
            return desc, "anonymous", None
        if actor is not None:
            return actor.name, "organisation", aid
        if head.lower_ in _ANON:
            return desc, "anonymous", None
        return re.sub(r"^(?:the|The)\s+", "", desc), "organisation", None


def _content_of(verb: Token) -> tuple[list[tuple[int, int]], Token | None]:
    """Character spans of the content a cue verb governs (one span, or none)."""
    lemma = verb.lemma_
    for c in verb.children:
        if c.dep_ == "ccomp" and c.i != verb.i:
            return [_subtree_span(c)], c
    if lemma in _INFINITIVE:
        for c in verb.children:
            if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children):
                return [_subtree_span(c)], c
    if lemma in _OF:
        for c in verb.children:
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
            if c.dep_ == "dobj":
                return [_subtree_span(c)], c
    if verb.dep_ in ("parataxis",) and verb.head.i != verb.i:  # "because, he says, the military has ..."
        head = verb.head
        toks = [t for t in head.subtree if not (verb.left_edge.i <= t.i <= verb.right_edge.i) and t.i > verb.right_edge.i]
        if toks:
            return [_tok_span(toks)], head
    return [], None


def _source_of(verb: Token) -> Token | None:
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            subj = next((g for g in agent.children if g.dep_ == "pobj"), None)
    if subj is None and verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.i != verb.i:
        return _source_of(verb.head)
    if subj is not None and subj.lower_ in _RELATIVES:  # "the group, which says ...": the noun the clause modifies
        v = subj.head
        while v.dep_ != "relcl" and v.head.i != v.i and v.dep_ in ("xcomp", "conj", "ccomp", "advcl"):
            v = v.head
        if v.dep_ == "relcl":
            return v.head
        return None  # a relative pronoun whose noun the parse does not give is never a source
    return subj


def _is_expletive(subj: Token) -> bool:
    return subj.lower_ == "it" and any(c.dep_ in ("auxpass",) for c in subj.head.children)


def find_attributions(article: Article, doc: Doc, index) -> list[Quote]:
    """Every attribution of the article as ``Quote`` records (direct, mixed and indirect), in text order."""
    text = article.text
    qspans = quote_spans(text)
    speakers = _Speakers(article, doc, index)
    recs: list[dict] = []

    def quotes_in(s: int, e: int) -> list[tuple[int, int]]:
        return [(a, b) for a, b in qspans if a < e and s < b]

    def add(content: tuple[int, int], src: tuple[int, int] | None, cue: tuple[int, int] | None, speaker, stype,
            aid=None, role=None, outlet=None, sent=None, mode=None):
        s, e = _trim(text, *content)
        if e - s < 2:
            return None
        if mode is None:
            qs = quotes_in(s, e)
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
        rec = dict(start=s, end=e, source=src, cue=cue, speaker=speaker, stype=stype, aid=aid, role=role,
                   outlet=outlet, mode=mode, sent=sent)
        for r in recs:
            if r["start"] == s and r["end"] == e:
                return None
        recs.append(rec)
        if src is not None and speaker:
            speakers.subjects.append((src[0], speaker, stype))
        return rec

    def resolve(tok: Token) -> tuple[tuple[int, int], str | None, str, str | None, str | None]:
        """(source span, speaker, type, actor id, role) of a subject token."""
        s, e = _np_span(tok)
        if tok.lower_ in _PRONOUNS:
            who, kind = speakers.pronoun(tok)
            role = speakers.info.get(who, {}).get("role") if who and kind == "person" else None
            return (tok.idx, tok.idx + len(tok.text)), who, kind, None, role
        # "the chief of operations ..., Colonel Roland Detabali": the named apposition is the source
        for c in tok.children:
            if c.dep_ == "appos" and any(t.ent_type_ == "PERSON" for t in c.subtree):
                s, e = _np_span(c)
                tok = c
                break
        who, kind, aid = speakers.name_of(tok, s, e)
        role = speakers.info.get(who, {}).get("role") if kind == "person" else None
        return (s, e), who, kind, aid, role

    def outlet_of(verb: Token) -> str | None:
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

    # 1. transcript turns: "DAWWAS: ...", "MR. SMITH: ..." (not "Q:")
    transcript_spans: list[tuple[int, int]] = []
    for m in _TRANSCRIPT.finditer(text):
        label = m.group(1).strip()
        words = label.replace(".", " ").split()
        if label.rstrip(".").upper() in _TRANSCRIPT_MARKERS or not any(len(w) > 1 for w in words):
            continue
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        who = speakers.person_named(words[-1], m.start()) or " ".join(w.capitalize() for w in words if w.upper() not in ("MR", "MRS", "MS", "DR"))
        add((m.end(), line_end), (m.start(1), m.end(1)), (m.end(1), m.end(1) + text[m.end(1):m.end()].find(":") + 1),
            who, "person", role=speakers.info.get(who, {}).get("role"))
        transcript_spans.append((m.start(), line_end))

    # 2. cues in the parse
    for sent in doc.sents:
        if any(a <= sent.start_char < b for a, b in transcript_spans):
            continue
        for tok in sent:
            lemma = tok.lemma_
            if tok.lower_ in _SOURCE_PREPS and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == _SOURCE_PREPS[tok.lower_]:
                prep = doc[tok.i + 1]
                obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if obj is None:
                    continue
                src, who, kind, aid, role = resolve(obj)
                phrase = (tok.idx, obj.right_edge.idx + len(obj.right_edge.text))
                before = (sent.start_char, phrase[0])
                after = (phrase[1], sent.end_char)
                bs, be = _trim(text, *before)
                as_, ae = _trim(text, *after)
                content = (as_, ae) if ae - as_ >= be - bs else (bs, be)
                add(content, src, (tok.idx, prep.idx + len(prep.text)), who, kind, aid, role,
                    index.outlet_in(*src) if index else None, sent)
                continue
            if tok.pos_ == "NOUN" and lemma in _CUE_NOUNS:
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ == "of":
                        g = next((x for x in c.children if x.dep_ == "pobj"), None)
                        owner = next((x for x in tok.children if x.dep_ in ("poss", "amod", "compound") and x.i < tok.i
                                      and (x.ent_type_ or x.pos_ == "PROPN")), None)
                        if g is not None and owner is not None:
                            src, who, kind, aid, role = resolve(owner)
                            add(_subtree_span(g), src, (tok.idx, c.idx + len(c.text)), who, kind, aid, role, None, sent)
                continue
            if tok.pos_ not in ("VERB", "AUX") or (lemma not in _SPEECH and lemma not in _BELIEF):
                continue
            if any(a <= tok.idx < b for a, b in qspans):  # a verb inside a quotation is the speaker's, not a cue
                inner = [(a, b) for a, b in qspans if a <= tok.idx < b]
                if inner and not any(a <= tok.head.idx < b for a, b in inner) and tok.dep_ != "ROOT":
                    pass
                else:
                    continue
            contents, comp = _content_of(tok)
            subj = _source_of(tok)
            if not contents:
                continue
            cs, ce = contents[0]
            if subj is not None and cs <= subj.idx < ce:
                subj = None if tok.dep_ != "relcl" else subj
            passive = any(c.dep_ == "auxpass" for c in tok.children)
            if subj is None or _is_expletive(subj):
                if not passive:
                    continue
                src, who, kind, aid, role = None, None, "anonymous", None, None
            else:
                src, who, kind, aid, role = resolve(subj)
                if who is None and subj.lower_ in _RELATIVES:
                    continue
            outlet = outlet_of(tok)
            if outlet is None and kind == "person" and who:
                outlet = outlet_for_person(doc, index, who)
            add((cs, ce), src, _cue_span(tok), who, kind, aid, role, outlet, sent)

    # 3. quotations no cue governs: the speaker of the quotation just before goes on, or the one a colon announces
    recs.sort(key=lambda r: r["start"])
    for a, b in qspans:
        if any(r["start"] < b and a < r["end"] for r in recs):
            continue
        before = [r for r in recs if r["end"] <= a and r["speaker"]]
        prev = before[-1] if before else None
        gap = text[prev["end"] : a] if prev else ""
        words = len(b and text[a:b].split())
        if prev is None:
            continue
        same_par = "\n" not in gap.strip(" \"\u201d\u201c,.") and "\n\n" not in gap
        colon = gap.rstrip(" \n\"\u201c").endswith(":")
        gap_words = len(re.findall(r"[^\W\d_]+", gap))
        if prev["mode"] in ("direct", "mixed") and gap_words <= 3 and (same_par or gap.count("\n\n") <= 1):
            # the same passage goes on ('"...," he explained. "So right now ..."'), or the next paragraph opens
            # with a quotation: the speaker's words continue
            src, cue = (prev["source"], prev["cue"]) if same_par else (None, None)
        elif colon and gap_words <= 2:
            src, cue = prev["source"], prev["cue"]
        elif words >= 4 and gap.count("\n\n") <= 1 and len(gap.split()) <= 60 and prev["mode"] != "indirect":
            src, cue = None, None
        else:
            continue
        add((a, b), src, cue, prev["speaker"], prev["stype"], prev["aid"], prev["role"], prev["outlet"], None, mode="direct")
        recs.sort(key=lambda r: r["start"])

    out: list[Quote] = []
    for r in sorted(recs, key=lambda r: r["start"]):
        if not r["speaker"] and r["source"] is not None:
            continue  # a pronoun with no antecedent: never a pronoun as the speaker
        sent = doc.char_span(r["start"], r["end"], alignment_mode="expand")
        ev_s, ev_e = (sent[0].sent.start_char, sent[-1].sent.end_char) if sent is not None and len(sent) else (r["start"], r["end"])
        cue_text = text[r["cue"][0] : r["cue"][1]] if r["cue"] else None
        speaker = r["speaker"] or None
        out.append(Quote(
            id=f"q{len(out) + 1}", speaker=speaker or "unnamed source", role=r["role"], outlet=r["outlet"],
            text=article.span(r["start"], r["end"]), mode=r["mode"],
            source=article.span(*r["source"]) if r["source"] else None,
            cue=article.span(*r["cue"]) if r["cue"] else None,
            speaker_type=r["stype"], speaker_id=r["aid"],
            evidence=[article.span(ev_s, ev_e)],
            attribution=Attribution(source=speaker, anonymous=r["stype"] == "anonymous", outlet=r["outlet"],
                                    cue=cue_text or ("quote" if r["mode"] == "direct" else None)),
            certainty=Certainty.REPORTED,
        ))
    return out


def link_facts(article: Article) -> None:
    """Link each fact read from inside an attribution's content to it.

    The fact's ``attribution.quote`` names the record; a fact told with no source of its own (or a pronoun as
    source) takes the record's resolved speaker. Certainty stays what the sentence reading gave.
    """
    recs = sorted(article.quotes, key=lambda q: q.text.end - q.text.start)
    for fact in [*article.events, *article.control, *article.claims, *article.forecasts]:
        ev = fact.evidence[0] if fact.evidence else None
        if ev is None:
            continue
        for q in recs:  # the innermost content that holds the fact's sentence or overlaps most of it
            s, e = max(ev.start, q.text.start), min(ev.end, q.text.end)
            if e - s >= 0.5 * min(ev.end - ev.start, q.text.end - q.text.start):
                src = (fact.attribution.source or "").lower()
                speaker = q.attribution.source
                if fact.attribution.source is None and speaker:
                    fact.attribution = q.attribution.model_copy()
                elif src in _PRONOUNS or src in _RELATIVES:
                    fact.attribution.source, fact.attribution.anonymous = speaker, q.attribution.anonymous
                fact.attribution.quote = q.id
                if fact.id not in q.facts:
                    q.facts.append(fact.id)
                break
