"""Transcript turns: who holds the floor where, in a transcript of any kind (a press briefing, a UN briefing, a
court hearing, an interview).

Reads: the raw text. Used by :func:`sitroom.extract.attribution.find_attributions`, which makes each turn a direct
attribution of its whole content to the turn's speaker; this module imports nothing back.

A turn opens a line with its marker: a speaker's label in capitals and a colon ("MS. PSAKI:", "THE PRESIDENT:",
"SENIOR ADMINISTRATION OFFICIAL:", "DAWWAS:"), or a bare marker of the lexicon's ``transcript_markers`` ("Q",
"A", "QUESTION") followed by a colon, a tab, non-breaking or repeated spaces. In a transcript (two markers or
more) a turn runs, across paragraphs, to the next marker; the closing time stamp ("11:31 A.M. CDT") and "END" are
no part of it. A lone label in an article of prose is a turn of its paragraph only. A bare marker speaks for the
description ``transcript_speakers`` gives it ("Q" -> "a reporter"); one with none ("A") ends a turn and opens no
record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitroom.extract import lexicon

_MARKERS = lexicon.words("reporting", "transcript_markers")
_MARKER_SPEAKERS = lexicon.table("reporting", "transcript_speakers")
_ANON = lexicon.words("reporting", "anonymous_heads")
_TITLES = lexicon.table("reporting", "titles")
_NOT_SPEAKERS = lexicon.words("reporting", "non_speaker_labels")
_LABEL = r"(?:[A-Z][A-Z.'\-]*[A-Z.]|[A-Z])(?:[ \t]+[A-Z][A-Z.'\-]*[A-Z.])*"
# a label and its colon at the start of a line, some words of the turn after it on the same line
_NAMED = re.compile(rf"(?m)^[^\S\n]*({_LABEL})[ \t]*(:)[^\S\n]*(?=\S)")
# a bare marker set off from its turn by a colon, a tab, non-breaking or repeated spaces
_BARE = re.compile(r"(?m)^[^\S\n]*([A-Z]+)(?=[ \t\xa0]*[\t\xa0]|  |[ \t]*:)[ \t\xa0]*(:?)[^\S\n]*(?=\S)")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
# lines that close a transcript or stamp its time: no part of a turn
_CLOSING = re.compile(r"^[^\S\n]*(?:END|\(?\d{1,2}:\d{2}\s*[AaPp]\.?\s?[Mm]\.?(?:\s+[A-Z]{2,4})?\)?)[^\S\n]*$")


@dataclass(frozen=True)
class Turn:
    """One turn: the marker's label (as written) and its span, the cue (the colon, or the marker itself when it
    has none) and the content span (first word to last, across paragraphs)."""

    label: str
    label_span: tuple[int, int]
    cue_span: tuple[int, int]
    start: int
    end: int

    @property
    def bare(self) -> bool:
        """A bare marker ("Q", "A"): no speaker's name."""
        return self.label.rstrip(".").upper() in _MARKERS

    @property
    def description(self) -> str | None:
        """The description a bare marker's speaker has ("a reporter"), None for one that names no speaker."""
        return _MARKER_SPEAKERS.get(self.label.rstrip(".").upper()) if self.bare else None


def _markers(text: str) -> list[tuple[int, int, int, int, int]]:
    """(line start, label start, label end, colon start or -1, content start) of every turn marker."""
    out = {}
    for m in _NAMED.finditer(text):
        label = m.group(1)
        words = label.replace(".", " ").split()
        if label.rstrip(".").upper() not in _MARKERS and not any(len(w) > 1 for w in words):
            continue  # "U.S.:" names no one
        out[m.start(1)] = (m.start(), m.start(1), m.end(1), m.start(2), m.end())
    for m in _BARE.finditer(text):
        if m.group(1) in _MARKERS and m.start(1) not in out:
            out[m.start(1)] = (m.start(), m.start(1), m.end(1), m.start(2) if m.group(2) else -1, m.end())
    return sorted(out.values(), key=lambda x: x[1])


def _close(text: str, s: int, e: int) -> int:
    """``e`` moved back over closing lines (time stamps, "END") and blanks at the end of ``text[s:e]``."""
    while e > s:
        e = s + len(text[s:e].rstrip())
        nl = text.rfind("\n", s, e)
        line = text[nl + 1 : e]
        if nl < 0 or not _CLOSING.match(line):
            return e
        e = nl
    return e


def find_turns(text: str) -> list[Turn]:
    """The turns of ``text`` in text order (none in prose with no turn marker)."""
    marks = _markers(text)
    # a transcript: two turns or more and no paragraph of prose before the first (a news report quoting an exchange,
    # "DAWWAS: ... PACE: ...", ends each turn with its paragraph)
    transcript = len(marks) >= 2 and not any(len(p.split()) >= 20 for p in _BLANK_LINE.split(text[: marks[0][1]]))
    turns = []
    for k, (_line, ls, le, colon, cs) in enumerate(marks):
        nxt = marks[k + 1][0] if k + 1 < len(marks) else len(text)
        if transcript:
            end = _close(text, cs, nxt)
        else:  # a lone label in prose: the turn of its paragraph
            brk = _BLANK_LINE.search(text, cs)
            end = min(brk.start() if brk else len(text), nxt)
            end = cs + len(text[cs:end].rstrip())
        if end <= cs:
            continue
        cue = (colon, colon + 1) if colon >= 0 else (ls, le)
        turns.append(Turn(text[ls:le], (ls, le), cue, cs, end))
    return turns


def stamp_line(text: str, offset: int) -> bool:
    """Does ``offset`` lie on a line that only stamps a time or closes a transcript ("11:13 A.M. CDT", "END")?"""
    s = text.rfind("\n", 0, offset) + 1
    e = text.find("\n", offset)
    return bool(_CLOSING.match(text[s : e if e >= 0 else len(text)]))


def addressee(turns: list[Turn], speakers: dict, offset: int) -> tuple[str, str] | None:
    """(speaker, type) of the one a "you" at ``offset`` inside a turn addresses: the speaker of the turn before
    with another speaker (the question answered, the answer followed up), else of the turn after; None outside a
    transcript or with no other speaker."""
    turn = turn_at(turns, offset)
    if turn is None or turn not in speakers:
        return None
    me = speakers[turn]
    k = turns.index(turn)
    for t in [*reversed(turns[:k]), *turns[k + 1 :]]:
        if t in speakers and speakers[t][0] != me[0]:
            return speakers[t]
    return None


def turn_at(turns: list[Turn], offset: int) -> Turn | None:
    """The turn whose content holds ``offset``."""
    return next((t for t in turns if t.start <= offset < t.end), None)


def add_turns(f) -> None:
    """1. Transcript turns: each a direct record of its whole content, its
    speaker the person the label names ("MS. PSAKI" -> the Psaki of the article), the description of an anonymous
    label ("SENIOR ADMINISTRATION OFFICIAL") or of a bare marker ("Q" -> "a reporter"). A turn's speaker is no
    antecedent of a pronoun: inside the turn the speaker is "I"."""
    speakers = f.speakers
    for t in f.turns:
        words = t.label.replace(".", " ").split()
        if t.bare:
            if t.description is None:
                continue
            who, kind = t.description, "anonymous"
        elif any(w.lower() in _ANON for w in words):  # "SENIOR ADMINISTRATION OFFICIAL:"
            who, kind = t.label.lower(), "anonymous"
        else:
            kind = "person"
            named = speakers.person_named(words[-1], t.label_span[0])
            untitled = [w for w in words if w.lower().rstrip(".") + "." not in _TITLES and w.lower() not in _TITLES]
            if named is None and (t.label.upper() in _NOT_SPEAKERS or (len(untitled) == len(words) == 1)):
                continue  # "UPDATE:", a dateline "KIDAL:": a page's label, or one word naming no person of the text
            who = named or " ".join(w.capitalize() for w in untitled)
        f.turn_speakers[t] = (who, kind)
        n = len(speakers.subjects)
        f.add(
            (t.start, t.end),
            t.label_span,
            t.cue_span,
            who,
            kind,
            role=speakers.info.get(who, {}).get("role"),
            mode="direct",
        )
        del speakers.subjects[n:]
