"""Who a source mention stands for, and the words that name no speaker.

Reads: the article, its spaCy Doc and the actor index. :class:`Speakers` resolves a source noun phrase to a
speaker (a person of the article, a registry or article actor, an anonymous description) and a pronoun or a
short mention ("the group", "the agency", "one of them") to an earlier compatible speaker: the small coreference
step of the attribution records (:mod:`sitroom.extract.attribution`). :func:`turn_label`, :func:`not_a_speaker`
and :func:`names_no_one` say when a token or a name can name no speaker (a transcript's turn marker, pronouns no
coreference step resolves, clitics); the attribution records and the forecasts ask them before they take a token or
a name as the source of what is said. Vocabulary: ``sitroom/data/lexicon/reporting.yaml``.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from sitroom.extract import lexicon
from sitroom.extract.nlp import doc_text, ents_in, ents_of
from sitroom.extract.quotes import speaker_role
from sitroom.extract.surface_roles import surface_subject
from sitroom.model import Article

_ANON = lexicon.words("reporting", "anonymous_heads")
_PRONOUNS = lexicon.table("reporting", "pronouns")
_TITLES = lexicon.table("reporting", "titles")
_ORG_NOUNS = lexicon.words("reporting", "organisation_nouns")
_DOCUMENTS = lexicon.words("reporting", "documents")
_STATE_KINDS = {"government", "state-forces", "state"}
_TRANSCRIPT_MARKERS = lexicon.words("reporting", "transcript_markers")
_NON_SPEAKERS = lexicon.words("reporting", "non_speakers")
_RELATIVES = lexicon.words("reporting", "relatives")
_SET_OFF = re.compile(r"[:\t\xa0]|  ")
_MEMBERS = lexicon.words("reporting", "member_heads")
_PARTITIVES = lexicon.table("reporting", "partitives")
_PARTICLES = lexicon.words("reporting", "surname_particles")
_POSSESSIVES = lexicon.table("reporting", "possessives")
_ROLE_HEADS = lexicon.words("reporting", "role_heads")
_NAME_LINKS = {"compound", "appos", "flat", "nmod"}  # how a name belongs to the head of its phrase (no "of", no 's)


def surname_key(word: str) -> str:
    """The comparable form of a surname: lower case, without a possessive and a leading particle joined by a hyphen
    ("al-Burhan" and "Burhan", "el-Sisi" and "Sisi": ``surname_particles`` in reporting.yaml)."""
    w = word.lower().strip(".:,").replace("\u2019", "'")
    w = re.sub(r"'s?$", "", w)
    head, sep, rest = w.partition("-")
    return rest if sep and head in _PARTICLES and rest else w


def _names_head(ent, head: Token) -> bool:
    """True when the name ``ent`` names the phrase of ``head``: it holds the head or hangs on it as a compound,
    apposition or flat name ("Colonel Roland Detabali"), not through a preposition or a possessive ("the spokesman
    for the army in Sanaa", "Erdogan's deputy")."""
    if ent.start <= head.i < ent.end:
        return True
    t = ent.root
    while t.i != head.i:
        if t.dep_ not in _NAME_LINKS or t.head.i == t.i:
            return False
        t = t.head
    return True


def _body_start(text: str) -> int:
    """Where the prose starts: after a leading block of short header lines (date, outlet and URL, title)."""
    pos = 0
    for line in text.split("\n")[:6]:
        if line.strip() and (len(line.split()) > 20 or line.rstrip().endswith((".", '"', "\u201d"))):
            return pos
        pos += len(line) + 1
    return 0


def tok_span(toks) -> tuple[int, int]:
    toks = list(toks)
    first, last = min(toks, key=lambda t: t.i), max(toks, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def np_span(tok: Token) -> tuple[int, int]:
    """A source noun phrase: the head and its modifiers, without relative clauses, appositions and commas."""
    cut = {"relcl", "appos", "acl", "punct", "advcl", "cc", "conj"}
    toks = [tok]
    stack = [c for c in tok.children if c.dep_ not in cut and not turn_label(c)]
    while stack:
        t = stack.pop()
        toks.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "punct", "advcl") and not turn_label(c))
    lo = min(t.i for t in toks)
    hi = max(t.i for t in toks)
    # contiguous around the head only
    run = [t for t in toks if lo <= t.i <= hi]
    return tok_span(run)


class Speakers:
    """The small coreference step: who a source mention stands for.

    Persons are the PERSON mentions of the article (a surname or "Mr. X" joins the earlier full name; the role
    and gender found at the first mention are kept); pronouns go to the nearest earlier compatible speaker or
    subject (gender and number agreement); relative pronouns to the noun their clause modifies.
    """

    def __init__(self, article: Article, doc: Doc, index) -> None:
        self.doc, self.index, self.article = doc, index, article
        self.persons: list[tuple[int, str, bool]] = []  # (offset, full name, is a subject) of each PERSON mention
        self.info: dict[str, dict] = {}  # full name -> {"role", "gender"}
        heads = [(h.start, h.end) for h in article.headings]
        body = _body_start(article.text)
        for ent in ents_of(doc):
            if ent.label_ != "PERSON" or ent.start_char < body or any(x <= ent.start_char < y for x, y in heads):
                continue
            if ent.start > 0 and doc[ent.start - 1].lower_ == "the":  # "the Houthis": a group, not a person
                continue
            if any(t.pos_ in ("VERB", "AUX") for t in ent):  # "Taliban Captures District": a headline, not a name
                continue
            name = self._clean_name(ent)
            if not name:
                continue
            full = self._expand(name, ent.start_char)
            subject = ent.root.dep_ in ("nsubj", "nsubjpass") or (
                ent.root.dep_ == "appos" and ent.root.head.dep_ in ("nsubj", "nsubjpass")
            )
            if not ent.root.dep:  # a sentence left unparsed (sitroom.extract.triage): the subject by its words
                subject = surface_subject(doc_text(doc), ent.sent.start_char, ent.start_char, ent.end_char)
            self.persons.append((ent.start_char, full, subject))
            info = self.info.setdefault(full, {"role": None, "gender": None})
            if info["role"] is None:
                info["role"] = speaker_role(doc, ent.root)
            prev = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            if info["gender"] is None and prev in _TITLES:
                info["gender"] = _TITLES[prev]
        # (offset, speaker, type, number: person | plural | singular) of the sources of earlier records
        self.subjects: list[tuple[int, str, str, str]] = []
        self.contents: list[tuple[int, int]] = []  # content spans of the records so far

    def reported(self, offset: int) -> bool:
        """True when ``offset`` lies inside the content of an earlier record (a name said, not a speaker)."""
        return any(a <= offset < b for a, b in self.contents)

    @staticmethod
    def _clean_name(ent) -> str:
        toks = list(ent)
        while toks and (
            toks[0].lower_ in _TITLES
            or toks[0].text in _TRANSCRIPT_MARKERS
            or not (toks[0].is_alpha or toks[0].is_title)
        ):  # "Mr.", a transcript's "Q" the tagger took into the name ("Q   Jen, ...")
            toks.pop(0)
        while toks and (toks[-1].text in ("'s", "\u2019s") or not any(ch.isalpha() for ch in toks[-1].text)):
            toks.pop()
        if not toks:
            return ""
        letters = ["".join(ch for ch in t.text if ch.isalpha()) for t in toks]
        if all(w.isupper() or not w for w in letters) and any(len(w) > 1 for w in letters):
            return ""  # "A.M. CDT", "UPDATED": a time stamp or a page's capitals, not a person's name
        return ent.doc[toks[0].i : toks[-1].i + 1].text.strip()

    def _expand(self, name: str, offset: int) -> str:
        """A surname (or a shorter form) to the earlier full name that ends with it."""
        parts = name.split()
        last = surname_key(parts[-1]) if parts else ""
        best = name
        for off, full, _ in self.persons:
            if off >= offset:
                break
            fp = full.split()
            if len(fp) > len(parts) and surname_key(fp[-1]) == last:
                best = full
        return best

    def person_named(self, word: str, offset: int) -> str | None:
        """The earlier person whose surname is ``word`` (any case: a transcript's "DAWWAS")."""
        w = surname_key(word)
        hit = None
        for off, full, _ in self.persons:
            if off >= offset and hit is not None:
                break
            if surname_key(full.split()[-1]) == w or full.lower() == word.lower().strip(".:"):
                hit = full
        if hit is None:  # a later full name (a transcript label before the name is spelt out) or none
            return None
        return self._expand(hit, offset + 1)

    def _gender(self, name: str) -> str | None:
        return self.info.get(name, {}).get("gender")

    def _agrees(self, name: str, kind: str) -> bool:
        g = self._gender(name)
        return g is None or g == kind

    def pronoun(self, tok: Token, exclude: str | None = None) -> tuple[str | None, str]:
        """The speaker a pronoun source stands for: he/she the last singular speaker unless a person has been
        brought in as a subject since (gender permitting); they/it the last group speaker or subject in reach
        (a possessive, "his", "their", as its subject form). ``exclude``: one who cannot be meant (a transcript
        turn's speaker, who is "I" in the turn)."""
        kind = _PRONOUNS.get(tok.lower_)
        offset = tok.idx
        if kind in ("male", "female"):
            spk = sorted(
                (o, s, t)
                for o, s, t, one in self.subjects
                if o < offset and one == "person" and (t != "person" or self._agrees(s, kind)) and s != exclude
            )
            last = spk[-1] if spk else None
            since = [
                (o, n)
                for o, n, subj in self.persons
                if o < offset
                and subj
                and self._agrees(n, kind)
                and (last is None or o > last[0])
                and not self.reported(o)
                and n != exclude
            ]
            if since:
                o, name = since[-1]
                kind_out = "person"
            elif last is not None:
                o, name, kind_out = last
            else:
                anyp = [(o, n) for o, n, _ in self.persons if o < offset and self._agrees(n, kind) and n != exclude]
                if not anyp:
                    return None, "person"
                o, name = anyp[-1]
                kind_out = "person"
            if kind_out == "person" and self._gender(name) is None:
                self.info.setdefault(name, {"role": None, "gender": None})["gender"] = kind
            return name, kind_out
        if kind in ("plural", "thing"):
            plural = kind == "plural"
            spk = sorted(
                (o, s, t)
                for o, s, t, one in self.subjects
                if o < offset
                and o > offset - 1500
                and (t != "person" or (plural and one == "plural"))  # "Biden and Ghani ... They deplored"
                and ((one == "plural") == plural or t == "organisation")
                and (plural or t == "organisation")
            )
            if spk:
                return spk[-1][1], spk[-1][2]
            cands = []
            sent_start = tok.sent.start
            for t in self.doc[max(0, sent_start - 120) : sent_start]:  # subjects of the sentences before
                if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN") and t.ent_type_ != "PERSON":
                    is_plural = t.tag_ in ("NNS", "NNPS") or t.ent_type_ in ("NORP",)
                    org = t.ent_type_ in ("ORG", "GPE", "NORP")
                    if (plural == is_plural and (plural or org)) or (org and not plural):
                        s, e = np_span(t)
                        who, typ, _ = self.name_of(t, s, e)
                        cands.append((s, who, typ))
            if cands:
                return cands[-1][1], cands[-1][2]
        return None, "anonymous"

    def actor_at(self, head: Token, s: int, e: int) -> str | None:
        """The actor a source names: by name, alias or metonym, or a descriptor the actor stage resolved to a
        dictionary actor (not to a generic stand-in)."""
        if self.index is None:
            return None
        ms = self.index.in_range(s, e)
        if not ms:
            return None
        m = next((x for x in ms if x.start <= head.idx < x.end), None)
        if m is None:  # "a U.S. federal oversight agency": an actor named inside is not the speaker
            return None
        actor = self.article.actor(m.actor)
        if m.form == "descriptor" and actor is not None and actor.kind in _STATE_KINDS:
            return m.actor  # "the government", "the army": the state's, whichever the text is about
        if m.form == "descriptor" and head.tag_ in ("NNS", "NNPS") and not any(c.dep_ == "det" for c in head.children):
            # "fighters loyal to the government", "rebel fighters recuperating in Arsal": a bare plural describes
            # some people of a side; the actor stage's guess of the group is no speaker's name
            return None
        if m.form in ("alias", "metonym", "name") or (m.form == "descriptor" and m.actor in self.index.lex.actors):
            return m.actor
        return None

    def _antecedent_org(self, offset: int) -> tuple[str, str | None] | None:
        """The last organisation named before ``offset`` (an earlier organisation speaker or ORG mention)."""
        best: tuple[int, str, str | None] | None = None
        for o, s, t, _ in self.subjects:
            if o < offset and t == "organisation" and any(ch.isupper() for ch in s):
                best = (o, s, None)
        if best is not None:
            return best[1], best[2]
        for ent in ents_of(self.doc):
            if ent.start_char >= offset:
                break
            if (
                ent.label_ == "ORG"
                and (best is None or ent.start_char > best[0])
                and (len(ent) > 1 or (ent.text.isupper() and len(ent.text) > 1))
                and not (self.index is not None and self.index.is_outlet(ent.start_char, ent.end_char))
            ):
                aid = self.actor_at(ent.root, ent.start_char, ent.end_char)
                actor = self.article.actor(aid) if aid else None
                best = (ent.start_char, actor.name if actor else re.sub(r"^(?:the|The)\s+", "", ent.text), aid)
        return (best[1], best[2]) if best else None

    def _demonym(self, head: Token) -> bool:
        """ "Georgian": a people's or a state's word (an actor's form in the index), not a surname the tagger took
        for one ("Boychenko")."""
        return self.index is not None and bool(self.index.in_range(head.idx, head.idx + len(head.text)))

    def _role_holder(self, head: Token, offset: int) -> str | None:
        """ "Defense Minister Oleksii Reznikov said ... . The minister said ...": a definite description made of a
        role's words only ("the minister", "the prime minister", "the general") is the nearest person named before
        whose role holds those words (a person's role is kept once introduced)."""
        office = head.tag_ == "NNP" and head.lower_ in _ROLE_HEADS  # "The President", capitalised as a title
        if (head.tag_ != "NN" and not office) or not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return None
        mods = [c for c in head.children if c.dep_ not in ("det", "punct")]
        if any(c.dep_ not in ("compound", "amod") for c in mods):
            return None  # "the minister of health", "the army's spokesman": a description of its own
        words = {head.lower_} | {t.lower_ for c in mods for t in c.subtree}
        for off, name, _ in reversed(self.persons):
            if off >= offset:
                continue
            role = (self.info.get(name) or {}).get("role") or ""
            if words <= set(re.findall(r"[\w-]+", role.lower())):
                return name
        return None

    def _document_source(self, head: Token, offset: int) -> tuple[str, str | None] | None:
        """ "Libyan state television showed ... . The report said ...": the source of a record of the sentence
        before (an organisation or a medium, not a person) issued the document."""
        sent = head.sent
        prev_start = self.doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
        cands = [(o, s, t) for o, s, t, _ in self.subjects if prev_start <= o < offset and t != "person"]
        return (cands[-1][1], None) if cands else None

    def _known(self, head: Token, s: int, e: int) -> tuple[str, str, str | None] | None:
        """An organisation the registry or the article names: a capitalised head inside an actor's name ("Doctors
        Without Borders"), "members of" an organisation ("the members of the U.N. Security Council"), a capital
        speaking for its state ("Washington blames")."""
        if self.index is None:
            return None
        if head.is_title or head.is_upper:
            m = next(
                (
                    x
                    for x in self.index.in_range(s, e)
                    if x.start <= head.idx < x.end and x.form == "alias" and x.actor in self.index.lex.actors
                ),
                None,
            )
            person = m is not None and any(
                x.label_ == "PERSON" and x.start_char <= head.idx < x.end_char for x in ents_of(self.doc)
            )  # "Joe Biden", "President Biden" stay persons
            if m is not None and not person and (m.end - m.start > len(head.text) or head.i != head.sent.start):
                actor = self.article.actor(m.actor)
                if actor is not None:
                    return actor.name, "organisation", m.actor
        if head.lower_ in _MEMBERS:
            for c in head.children:
                g = (
                    next((x for x in c.children if x.dep_ == "pobj"), None)
                    if c.dep_ == "prep" and c.lower_ == "of"
                    else None
                )
                if g is not None:
                    gs, ge = np_span(g)
                    aid = self.actor_at(g, gs, ge)
                    actor = self.article.actor(aid) if aid else None
                    if actor is not None:
                        return actor.name, "organisation", aid
        if head.pos_ == "PROPN" and head.ent_type_ == "GPE" and e - s == len(head.text):
            aid = self._capital(head.text)
            if aid is not None:
                return self.index.lex.actors[aid].name, "organisation", aid
        return None

    def _capital(self, name: str) -> str | None:
        """The government a capital names: the registry's own entry ("Washington": the United States), else the
        country's government (every country's capital is in states.yaml)."""
        lex, key = self.index.lex, name.casefold()
        if key in lex.capitals:
            return lex.capitals[key]
        hit = next((a for a in lex.actors.values() if a.capital and a.capital.casefold() == key and a.country), None)
        if hit is None:
            return None
        found = lex.by_country(hit.country, ("government",))
        return (found or hit).id

    def _partitive(self, head: Token, s: int) -> str | None:
        """ "one of them", "others", "some": part of the group named before (its description)."""
        if (
            head.dep_ == "conj" and head.head.pos_ == "NOUN" and head.head.tag_ == "NNS"
        ):  # "some activists ... and others"
            hs, he = np_span(head.head)
            group = re.sub(r"^(?:some|many|several|most|the|a few)\s+", "", self.article.text[hs:he], flags=re.I)
        else:
            of = next(
                (
                    g
                    for c in head.children
                    if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children
                    if g.dep_ == "pobj"
                ),
                None,
            )
            if of is not None and of.lower_ not in ("them", "us", "those", "these"):
                return None
            counts = ("plural", "person") if head.lower_ == "another" else ("plural",)
            prev = [d for o, d, t, n in self.subjects if o < s and t == "anonymous" and n in counts and o > s - 1500]
            if not prev:
                return None
            one = re.match(r"(?:one|a|an)\s+(?!of\b)", prev[-1], flags=re.I)
            if one and head.lower_ == "another":  # "one resident said ... . Another said": another resident
                return "another " + prev[-1][one.end() :]
            group = re.sub(r"^(?:some|many|several|most|the|a few|one of the)\s+", "", prev[-1], flags=re.I)
        word = _PARTITIVES[head.lower_]
        if word == "another":
            return f"another of the {group}"
        return f"{word} {group}" if word != "one" else f"one of the {group}"

    def name_of(self, head: Token, s: int, e: int) -> tuple[str, str, str | None]:
        """(speaker, speaker_type, actor id) of a noun-phrase source."""
        text = self.article.text
        span = self.doc.char_span(s, e, alignment_mode="expand")
        ents = [
            x
            for x in (ents_in(span) if span is not None else [])
            if x.label_ == "PERSON" and not (x.start > 0 and self.doc[x.start - 1].lower_ == "the")
        ]
        known = self._known(head, s, e)
        if known is not None:
            return known
        ent = next((x for x in ents if x.start <= head.i < x.end), None) or next(
            (x for x in reversed(ents) if _names_head(x, head)), None
        )
        if ent is not None:
            name = self._clean_name(ent)
            if name:
                return self._expand(name, ent.start_char), "person", None
        if (
            head.text[:1].isupper()
            and not (head.ent_type_ == "NORP" and self._demonym(head))
            and head.pos_ in ("PROPN", "NOUN")
            and not any(c.dep_ == "det" for c in head.children)
        ):
            # a surname of a person named before, whatever the tagger made of it ("Zelenskyy said", "Burhan said")
            who = self.person_named(head.text, head.idx)
            if who:
                run = [c for c in head.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < head.i]
                run = [
                    c
                    for c in run
                    if c.is_title
                    and c.lower_ not in _TITLES
                    and c.lower_ not in _ROLE_HEADS
                    and c.text not in _TRANSCRIPT_MARKERS
                ]
                gap = run and any(t.is_space or t.is_punct for t in self.doc[run[0].i : head.i])
                if run and not gap and len(who.split()) <= len(run):  # "said Mahamat Nour": the name in full
                    who = self.doc[run[0].i : head.i + 1].text
                return who, "person", None
        desc = text[s:e]
        relcl = [t for c in head.children if c.dep_ in ("relcl", "acl") for t in c.subtree]
        named = any(t.ent_type_ in ("ORG", "PERSON") or t.pos_ == "PROPN" for t in head.subtree if t not in relcl)
        named_else = any(
            t.ent_type_ in ("ORG", "PERSON") or t.pos_ == "PROPN"
            for t in head.subtree
            if t not in relcl and t is not head
        )
        holder = self._role_holder(head, s) if not named_else and (not named or head.lower_ in _ROLE_HEADS) else None
        if holder is not None:
            return holder, "person", None
        if head.lower_ in _PARTITIVES and not named:
            part = self._partitive(head, s)
            if part is not None:
                return part, "anonymous", None
        owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in _POSSESSIVES), None)
        if owner is not None and head.pos_ == "NOUN" and owner.i == head.left_edge.i:
            # "his spokesman", "their commander": the description of someone close to the one the pronoun names
            who, _ = self.pronoun(owner)
            if who:
                rest = text[owner.idx + len(owner.text) : e].strip()
                return f"{who}'s {rest}", "anonymous", None
        if head.lower_ in _ANON:
            det = next((c for c in head.children if c.dep_ == "det"), None)
            if det is not None and det.lower_ in ("the", "this") and head.tag_ == "NN" and not named:
                # "the woman says": the anonymous source introduced before ("a Rangoon resident")
                prev = [
                    d for o, d, t, n in self.subjects if o < s and t == "anonymous" and n == "person" and o > s - 1500
                ]
                if prev:
                    return prev[-1], "anonymous", None
            return desc, "anonymous", None
        aid = self.actor_at(head, s, e)
        actor = self.article.actor(aid) if aid else None
        if actor is not None:
            return actor.name, "organisation", aid
        det = next((c for c in head.children if c.dep_ == "det"), None)
        if (
            (head.lower_ in _ORG_NOUNS or head.lemma_ in _DOCUMENTS)
            and det is not None
            and det.lower_ in ("the", "this")
            and not named
        ):
            ante = self._document_source(head, s) if head.lemma_ in _DOCUMENTS else None
            ante = ante or self._antecedent_org(s)  # "the group", "the agency": the organisation named before
            if ante is not None:
                return ante[0], "organisation", ante[1]
        if not named:  # "a provincial council member", "social media videos": no one named
            return desc, "anonymous", None
        if head.pos_ == "PROPN" and any(
            c.dep_ == "appos" and c.pos_ == "NOUN" and (c.lower_ in _ROLE_HEADS or c.lower_ in _ANON)
            for c in head.children
        ):  # "said Mahamat Nour, a rebel commander": a name the tagger missed, told as a person's by its apposition
            return desc, "person", None
        return re.sub(r"^(?:the|The)\s+", "", desc), "organisation", None


def turn_label(tok: Token) -> bool:
    """A transcript's turn marker ("Q", "A", "QUESTION": sitroom/data/lexicon/reporting.yaml) opening its line
    (or its sentence) and set off from the turn (a colon, a tab, non-breaking or repeated spaces; one space unless the
    parse reads it as an article, "A U.S. official said"): the parse often makes it a subject or modifier of the
    turn's first clause; it names no one."""
    if tok.text not in _TRANSCRIPT_MARKERS:
        return False
    text = doc_text(tok.doc)
    before = text[: tok.idx]
    gap = before[len(before.rstrip()) :]  # the parse may see wrapped lines joined: a line break, or a wide gap
    if before.strip() and "\n" not in gap and len(gap) < 2 and before.rstrip()[-1:] not in (".", "?", "!", ":"):
        return False
    after = text[tok.idx + len(tok.text) : tok.idx + len(tok.text) + 2]
    return bool(_SET_OFF.match(after)) or (after[:1] == " " and tok.pos_ != "DET")


# a wire dateline opening a paragraph: a place in capitals, maybe its country or a date, maybe the outlet in brackets,
# then a dash ("KHARTOUM, Sudan (VOA) \u2014", "GAO, Mali \u2013", "KABUL, Aug. 12 (Reuters) -", "BEIRUT (AP) --")
_WIRE_DATELINE = re.compile(
    r"[^\S\n]*[A-Z][A-Z'.\-]{2,}(?: [A-Z][A-Z'.\-]+)*(?:,[^\S\n]*[^\n\u2014\u2013()]{1,40}?)?[^\S\n]*"
    r"(?:\([^()\n]{1,40}\)[^\S\n]*)?(?:\u2014|\u2013|--|-)[^\S\n]+"
)


def dateline_end(tok: Token) -> int | None:
    """Where the wire dateline that opens ``tok``'s paragraph ends, if ``tok`` lies inside one. The parse often makes
    the dateline's place the subject of the first sentence's verb ("KHARTOUM, Sudan (VOA) — The RSF said ...")."""
    text = doc_text(tok.doc)
    m = _WIRE_DATELINE.match(text, text.rfind("\n", 0, tok.idx) + 1)
    return m.end() if m is not None and tok.idx < m.end() else None


def in_dateline(tok: Token) -> bool:
    return dateline_end(tok) is not None


def reporting_subject(verb: Token) -> Token | None:
    """The subject of a reporting verb: not a transcript's turn label; for a wire dateline's place the parse made
    the subject, the phrase after the dateline that hangs on it ("KHARTOUM, Sudan — The RSF said": the RSF)."""
    for c in verb.children:
        if c.dep_ != "nsubj" or turn_label(c):
            continue
        end = dateline_end(c)
        if end is None:
            return c
        after = [t for t in c.subtree if t.idx >= end and not t.is_punct and (t.head.idx < end or t.head.i == t.i)]
        if after:
            return after[0]
    return None


def not_a_speaker(tok: Token) -> bool:
    """A source head that can name no speaker: a turn label, a pronoun no coreference step resolves (object and
    reflexive pronouns, demonstratives, "anyone": ``non_speakers`` in reporting.yaml), a clitic or a punctuation
    mark the parse made a subject ("Let's" gives "'s", "don't" "n't")."""
    if (
        turn_label(tok)
        or tok.lower_ in _NON_SPEAKERS
        or tok.text[:1] in ("'", "\u2019")
        or tok.lower_[:3] in ("n't", "n\u2019t")
    ):
        return True
    return tok.pos_ in ("PART", "PUNCT", "SPACE", "AUX", "ADP", "CCONJ", "SCONJ") or not any(
        ch.isalnum() for ch in tok.text
    )


def names_no_one(name: str) -> bool:
    """A forecaster or source named by a word that names no one: a pronoun, a relative, a turn marker (an
    acronym in capitals is a name: "WHO" is the World Health Organization)."""
    low = name.strip().lower()
    if name.strip() in _TRANSCRIPT_MARKERS:
        return True
    if name.strip().isupper() and len(name.strip()) > 1:
        return False
    return low in _PRONOUNS or low in _RELATIVES or low in _NON_SPEAKERS or name.strip() in _TRANSCRIPT_MARKERS
