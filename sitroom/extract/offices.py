"""Office holders: who "the President" of a text is.

Reads: the text, its parse and its date; ``sitroom/data/offices.yaml`` (office titles, the names and seats of
countries, the holders of offices with their terms and the forms of their names). Used by
:mod:`sitroom.extract.attribution` to name the speaker of "the President has said ..." and of a "he" that refers
back to the President.

"the President" is, in order: the person the text itself names with the title ("President Joseph R. Biden, Jr.
spoke today with ..." -> the first "President X" of the text); else the holder of the office, on the text's date,
in the country whose names or seats the text mentions ("the President of the United States", "the White House");
else unknown (the phrase stays the speaker, with the title as role). A holder's name keeps the form the registry
gives ("Joseph R. Biden" -> "Joe Biden").
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc

from sitroom.errors import ConfigError
from sitroom.extract import lexicon
from sitroom.extract.timex_calendar import WEEKDAYS

DATA = Path(__file__).resolve().parent.parent / "data" / "offices.yaml"
_PARTICLES = lexicon.words("reporting", "surname_particles") | lexicon.words("reporting", "name_particles")
_NAME = (
    r"((?:[A-Z][\w'\u2019\-]*\.?)(?:\s+(?:[A-Z][\w'\u2019\-]*\.?|"
    + "|".join(sorted(map(re.escape, _PARTICLES), key=len, reverse=True))
    + r")){0,3})"
)
# words that end a name the title runs into: "President Biden Tuesday ordered" (months can be names: "May")
_NOT_NAME = set(WEEKDAYS)


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    try:
        data = yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"office file {DATA.name}: cannot be read ({exc})") from exc
    for key in ("titles", "countries", "holders"):
        if not isinstance(data.get(key), (dict, list)):
            raise ConfigError(f"office file {DATA.name}: section {key!r} is missing or not a mapping/list")
    for h in data["holders"]:
        if not isinstance(h, dict) or not {"country", "office", "name", "from"} <= set(h):
            raise ConfigError(f"office file {DATA.name}: holder {h!r} needs country, office, name and from")
    return data


def _trim_name(raw: str) -> str:
    """A name the title runs into, without what follows it: a weekday or month, a possessive, "Jr." """
    words: list[str] = []
    for w in raw.split():
        bare = w.rstrip(".,")
        if bare.lower() in _NOT_NAME:
            break
        if bare.endswith(("'s", "\u2019s")):
            words.append(bare[:-2])
            break
        words.append(w)
    return re.sub(r",?\s+(?:Jr|Sr)\.?$", "", " ".join(words)).rstrip(".,")


def _in_term(h: dict, day: date | None) -> bool:
    if day is None:
        return True
    start, end = h["from"], h.get("to")
    return start <= day and (end is None or day < end)


class Offices:
    """The office holders one text speaks of."""

    def __init__(self, text: str, doc: Doc, published: date | None) -> None:
        self.text, self.doc, self.published = text, doc, published
        self.titles: dict[str, str] = dict(_data()["titles"])
        self._holders: dict[str, str | None] = {}

    def canonical(self, name: str) -> str:
        """A holder's full name in the registry's form ("Joseph R. Biden" -> "Joe Biden"); other names as given."""
        low = " ".join(name.split()).lower()
        for h in _data()["holders"]:
            if not _in_term(h, self.published) and self.published is not None:
                continue
            forms = [h["name"], *(a for a in h.get("aliases") or () if len(a.split()) > 1)]
            if low in (f.lower() for f in forms):
                return str(h["name"])
        return name

    def _named(self, office: str) -> str | None:
        """The person the text names with the office's title, first: "President Joseph R. Biden, Jr." """
        for title, off in self.titles.items():
            if off != office:
                continue
            m = re.search(rf"(?<!Vice )\b{re.escape(title)}\s+{_NAME}", self.text)
            if m is None or m.group(1).split()[0].lower() in ("of", "and"):
                continue
            name = _trim_name(m.group(1))
            for h in _data()["holders"]:
                if h["office"] == office and _in_term(h, self.published):
                    if name.lower() in (a.lower() for a in [h["name"], *(h.get("aliases") or ())]):
                        return str(h["name"])
            return self.canonical(name)
        return None

    def _country(self) -> str | None:
        """The country whose names follow an office's title ("the President of the United States") or whose seats
        the text mentions ("the White House")."""
        for code, c in _data()["countries"].items():
            names = "|".join(re.escape(n) for n in c.get("names") or ())
            titles = "|".join(re.escape(t) for t in self.titles)
            if names and re.search(rf"\b(?:{titles}) of (?:the )?(?:{names})\b", self.text):
                return str(code)
        for code, c in _data()["countries"].items():
            if any(re.search(rf"\b{re.escape(s)}\b", self.text) for s in c.get("seats") or ()):
                return str(code)
        return None

    def holder(self, office: str) -> str | None:
        """The holder of ``office`` the text means, or None."""
        if office not in self._holders:
            who = self._named(office)
            if who is None and self.published is not None:
                country = self._country()
                who = next(
                    (
                        str(h["name"])
                        for h in _data()["holders"]
                        if h["country"] == country and h["office"] == office and _in_term(h, self.published)
                    ),
                    None,
                )
            self._holders[office] = who
        return self._holders[office]

    def titled(self, phrase: str) -> tuple[str, str] | None:
        """(holder, title) of a title and a holder's name ("President Biden", "U.S. President Joe Biden"): the
        registry's full name of the holder of that office on the text's date whose name it is; None otherwise."""
        for title, office in self.titles.items():
            m = re.fullmatch(rf"(?:[Tt]he\s+)?(?:[A-Z][\w.\-]*\s+)?{re.escape(title)}\s+(.+)", phrase)
            if m is None:
                continue
            name = m.group(1).lower()
            for h in _data()["holders"]:
                if h["office"] == office and _in_term(h, self.published):
                    if name in (a.lower() for a in [h["name"], *(h.get("aliases") or ())]):
                        return str(h["name"]), title
        return None

    def office_of(self, phrase: str) -> str | None:
        """The office a definite mention names ("the President", "The President"), or None."""
        phrase = " ".join(phrase.split())
        p = re.sub(r"^(?:the|The|THE)\s+", "", phrase)
        if p.isupper() and len(p) > 2:  # a transcript's "THE PRESIDENT:"
            return next((o for t, o in self.titles.items() if t.upper() == p), None)
        return self.titles.get(p)

    def mentions(self) -> list[tuple[int, int, str, bool]]:
        """(start, end, office, is a subject) of every "the President" of the text that no name follows."""
        out = []
        doc = self.doc
        for title, office in self.titles.items():
            n = len(title.split())
            for m in re.finditer(rf"\b[Tt]he\s+({re.escape(title)})\b", self.text):
                span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
                if span is None or not len(span):
                    continue
                nxt = doc[span.end] if span.end < len(doc) else None
                if nxt is not None and nxt.pos_ == "PROPN" and nxt.is_title:
                    continue  # "the President Ashraf Ghani": named there
                if len(span) != n:
                    continue
                root = span.root
                out.append((m.start(), m.end(), office, root.dep_ in ("nsubj", "nsubjpass")))
        return sorted(out)


def add_office_persons(speakers, text: str, offices: Offices) -> None:
    """ "the President" (no name after it) is a person of the discourse, an antecedent of a later "he": the holder
    the text means (:mod:`sitroom.extract.offices`), or the phrase itself with its title as role."""
    for s, e, office, subject in offices.mentions():
        who = offices.holder(office) or text[s:e]
        speakers.persons.append((s, who, subject))
        speakers.info.setdefault(who, {"role": None, "gender": None})
        if speakers.info[who]["role"] is None:
            speakers.info[who]["role"] = " ".join(text[s:e].split()[1:])
    speakers.persons.sort(key=lambda x: x[0])


def name_office_holders(recs: list[dict], text: str, offices: Offices) -> None:
    """A record whose source is an office ("the President has said ...", "THE PRESIDENT:") speaks for its holder;
    a holder's name takes the registry's form ("Joseph R. Biden" -> "Joe Biden")."""
    for r in recs:
        if r["source"] is None or not r["speaker"]:
            continue
        phrase = re.sub(r"['\u2019]s$", "", " ".join(text[r["source"][0] : r["source"][1]].split()))
        office = offices.office_of(phrase)
        who = offices.holder(office) if office else None
        if office:
            title = phrase.split(" ", 1)[1] if phrase.lower().startswith("the ") else phrase
            r.update(
                speaker=who or (r["speaker"] if r["stype"] == "person" else phrase),
                stype="person",
                aid=None,
                role=r["role"] or title,
            )
        elif titled := offices.titled(phrase):
            r.update(speaker=titled[0], stype="person", aid=None, role=r["role"] or titled[1])
        elif r["stype"] == "person":
            r["speaker"] = offices.canonical(r["speaker"])
