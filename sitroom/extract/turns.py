"""Quotations a transcript's turn label or a colon introduces.

Reads: the attribution records in progress of :func:`sitroom.extract.attribution.find_attributions` (its finder:
``text``, ``doc``, ``qspans``, ``speakers``, ``recs``, ``add`` and ``resolve``). A transcript's turns ("MR. SMITH:",
"SENIOR ADMINISTRATION OFFICIAL:", a reporter's "Q") are direct records of the one the label names; a quotation a
colon opens is said by the subject of the clause the colon ends, or governed by the cue right before the colon.
Conventions: ``gold/README.md`` (transcript turns, questions). Vocabulary: ``transcript_markers``, ``turn_speakers``,
``titles``, ``anonymous_heads`` and ``relatives`` in ``sitroom/data/lexicon/reporting.yaml``.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from sitroom.extract import lexicon

_ANON = lexicon.words("reporting", "anonymous_heads")
_RELATIVES = lexicon.words("reporting", "relatives")
_TITLES = lexicon.table("reporting", "titles")
_TRANSCRIPT_MARKERS = lexicon.words("reporting", "transcript_markers")
_TRANSCRIPT = re.compile(
    r"(?m)^[^\S\n]*((?:[A-Z][A-Z.'\-]*[A-Z.]|[A-Z])(?:[ \t]+[A-Z][A-Z.'\-]*[A-Z.])*)[ \t]*:[^\S\n]*(?=\S)"
)


_TURN_MARK = re.compile(r"(?m)^[^\S\n]*([A-Z]+)(?=[\t\xa0]|  |:)")
_TURN_END = re.compile(r"(?m)^[^\S\n]*(?:\d{1,2}:\d{2}\s*[AP]\.?M\.?.*|END)[^\S\n]*$")
_TURN_SPEAKERS = lexicon.table("reporting", "turn_speakers")
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n")


def _turn_labels(text: str) -> list[tuple[int, int, int, str]]:
    """(label start, label end, cue end, label) of each transcript turn, in text order: a name in capitals with a
    colon ("MR. SMITH:", "SENIOR ADMINISTRATION OFFICIAL:") or a turn marker set off by a colon or wide spaces
    ("Q\xa0\xa0\xa0", "MODERATOR:")."""
    out = {}
    for m in _TRANSCRIPT.finditer(text):
        out[m.start(1)] = (m.start(1), m.end(1), m.end(1) + text[m.end(1) : m.end()].find(":") + 1, m.group(1).strip())
    for m in _TURN_MARK.finditer(text):
        if m.group(1) in _TRANSCRIPT_MARKERS and m.start(1) not in out:
            colon = text[m.end(1) : m.end(1) + 1] == ":"
            out[m.start(1)] = (m.start(1), m.end(1), m.end(1) + 1 if colon else m.end(1), m.group(1))
    return [out[k] for k in sorted(out)]


def transcript_turns(f) -> None:
    """1. Transcript turns: "DAWWAS: ...", "MR. SMITH: ...", "SENIOR ADMINISTRATION OFFICIAL: ...", and the turns
    of a marker that names a role, not a person ("Q": a reporter, "MODERATOR:": a moderator; ``turn_speakers`` in
    reporting.yaml). A turn runs across paragraphs to the next turn's label, a closing time stamp or "END"."""
    text, speakers = f.text, f.speakers
    labels = _turn_labels(text)
    # a transcript (no paragraph of prose before its first turn) has turns across paragraphs; a news report that
    # quotes an exchange ("DAWWAS: ...") ends each turn with its paragraph
    whole = bool(labels) and not any(len(p.split()) >= 20 for p in _PARAGRAPH.split(text[: labels[0][0]]))
    for k, (ls, le, ce, label) in enumerate(labels):
        words = label.replace(".", " ").split()
        marker = label.rstrip(".").upper() in _TRANSCRIPT_MARKERS
        if marker and label.rstrip(".").upper() not in _TURN_SPEAKERS:
            continue  # "A:": an answer with no one named
        if not marker and not any(len(w) > 1 for w in words):
            continue
        end = labels[k + 1][0] if k + 1 < len(labels) else len(text)
        brk = None if whole else _PARAGRAPH.search(text, ce, end)
        end = brk.start() if brk else end
        stop = _TURN_END.search(text, ce, end)
        end = stop.start() if stop else end
        role = None
        if marker:
            who, kind = _TURN_SPEAKERS[label.rstrip(".").upper()], "anonymous"
        elif any(w.lower() in _ANON for w in words):  # "SENIOR ADMINISTRATION OFFICIAL:"
            who, kind = label.lower(), "anonymous"
        else:
            kind = "person"
            who = speakers.person_named(words[-1], ls) or " ".join(
                w.capitalize() for w in words if w.lower().rstrip(".") + "." not in _TITLES and w.lower() not in _TITLES
            )
            role = speakers.info.get(who, {}).get("role")
        cue = (ls, le) if ce == le else (le, ce)  # a marker with no colon is its own cue
        n = len(f.speakers.subjects)
        if f.add((ce, end), (ls, le), cue, who, kind, role=role, mode="direct") is not None:
            f.speakers.contents.pop()  # a turn is its speaker's own words: the names in it are no reported names
            del f.speakers.subjects[n:]  # and "he" in it is someone else: the one speaking says "I"


_TO_COLON = re.compile(r"[^\n.!?\"\u201c\u201d]{0,40}:\s*[\"\u201c\u2018']?$")


def quote_after_colon(f, verb: Token) -> list[tuple[int, int]]:
    """ "the minister replied: \"Not now.\"", "wrote on Twitter: \"...\"": the quotation a colon after the cue
    opens, however short."""
    end = verb.idx + len(verb.text)
    for a, b in f.qspans:
        if a > end:
            return [(a, b)] if _TO_COLON.match(f.text[end:a]) else []
    return []


def colon_quotations(f) -> None:
    """ "General Gun Maw was blunt: \"We will not give up Laiza.\"": a quotation no cue governs, opened by a colon
    that ends a clause, is said by the clause's subject; the colon is the cue."""
    text, doc = f.text, f.doc
    for a, b in f.qspans:
        if any(r["start"] < b and a < r["end"] for r in f.recs):
            continue
        k = a - 1
        while k > 0 and text[k] in " \t\"\u201c\u2018'":
            k -= 1
        if text[k] != ":" or k == 0:
            continue
        span = doc.char_span(k - 1, k, alignment_mode="expand")
        if span is None or not len(span):
            continue
        root = span[0]  # the clause the colon ends (the parse may hang it on the quotation's verb)
        while root.head.i != root.i and root.head.idx < k:
            root = root.head
        subj = next((c for c in root.children if c.dep_ in ("nsubj",)), None)
        if subj is None or subj.i > span[0].i or subj.lower_ in _RELATIVES:
            continue
        src, who, kind, aid, role = f.resolve(subj)
        if who:
            f.add((a, b), src, (k, k + 1), who, kind, aid, role, None, span[0].sent, mode="direct")
