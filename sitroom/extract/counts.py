"""Counts of people: "two suspected insurgents", "at least 5 civilians", "more than a dozen fighters".

Used by the event stage to fill ``Event.counts`` ("killed", "captured",
"wounded", "displaced") and by evaluations that need a number.

A count is kept as the text says it, with its qualifier ("at least 5", "more
than a dozen", "several"), and read back as a *minimum* by :func:`minimum`:

* digits and number words: "11", "two", "twenty-one", "a dozen" (12), "one hundred";
* qualifiers: "at least N" / "N or more" -> N; "more than N" / "over N" -> N + 1;
  "about/around/nearly/up to N" -> N (the stated figure);
* vague quantities by the usual minimum-count convention of event coders:
  "a/an/one" 1, "a couple (of)" / "a pair of" 2, "a few" / "several" / "multiple" / "some" 3,
  "a number of" 3 (as "several": more than a couple); "numerous" / "many" 4, "a large number of" / "scores of" 5,
  "dozens of" 24, "hundreds of" 200, "thousands of" 2000; a bare plural ("suspected insurgents") 2.

:func:`quantity_of` reads the count of a noun phrase from the dependency parse
(its numeric and determiner modifiers, "two of his associates", conjuncts
"a leader and two insurgents" summed) and tells whether it is *additional*
("another", "additional", "other", "two more"), i.e. to be added to a count
already reported for the same happening rather than repeating it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitroom.extract import lexicon

_UNITS = {
    **lexicon.table("numbers", "count_words"),
    **lexicon.table("numbers", "articles"),
    **lexicon.table("numbers", "cardinals"),
}
_TENS = lexicon.table("numbers", "tens")
_SCALES = lexicon.table("numbers", "scales")

# vague quantities -> minimum count (the convention event coders use for "several" and the like)
VAGUE: dict[str, int] = lexicon.table("numbers", "vague_minimums")
_LOWER = lexicon.table("numbers", "lower_bounds")
_APPROX = lexicon.ordered("numbers", "approximators")
_ADDITIVE = lexicon.words("numbers", "additive")

_NUM_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "dozen"], key=len, reverse=True))
_NUMBER_RE = re.compile(
    r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+)(?!\d|[\w.,]\d|(?:st|nd|rd|th)\b)|\b(?:"
    + _NUM_WORD
    + r")(?:[\s-]+(?:and\s+)?(?:"
    + _NUM_WORD
    + r"))*\b",
    re.I,
)


def number_value(text: str) -> int | None:
    """The integer a numeral or number words denote ("11", "1,200", "twenty-one", "a dozen", "two hundred")."""
    t = text.strip().lower().replace(",", "")
    if t.isdigit():
        return int(t)
    words = [w for w in re.split(r"[\s-]+", t) if w and w != "and"]
    if not words:
        return None
    total, cur, seen = 0, 0, False
    for w in words:
        if w in ("a", "an") and not seen:
            cur, seen = 1, True
            continue
        if w in _UNITS:
            cur += _UNITS[w]
        elif w in _TENS:
            cur += _TENS[w]
        elif w == "dozen":
            cur = (cur or 1) * 12
        elif w in _SCALES:
            cur = (cur or 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, cur = total + cur, 0
        else:
            return None
        seen = True
    return total + cur if seen else None


@dataclass(frozen=True)
class Quantity:
    """A count as stated: ``text`` ("more than 10"), its minimum ``low`` and whether it is exact."""

    text: str
    low: int
    exact: bool = True
    additional: bool = False


def parse_quantity(text: str) -> Quantity | None:
    """Read the count at the start of a noun phrase's text ("at least five civilians" -> at least five, low 5)."""
    t = re.sub(r"\s+", " ", text.strip().lower().replace("\u2013", "-"))
    if not t:
        return None
    if re.match(r"^(?:the|his|her|their|its)\s+(?:\d|(?:" + _NUM_WORD + r")\b)", t):
        t = t.split(" ", 1)[1]  # "the two suspects", "his three associates"
    additional = bool(re.match(r"^(?:another|an? additional|additional|an? further|further)\b", t))
    for q, inc in sorted(_LOWER.items(), key=lambda kv: -len(kv[0])):
        if t.startswith(q + " "):
            n = _leading_number(t[len(q) + 1 :])
            if n is not None:
                low = n[0] + inc
                return Quantity(f"{q} {n[1]}", low, False, additional)
            v = _leading_vague(t[len(q) + 1 :])
            if v is not None:
                return Quantity(f"{q} {v[1]}", v[0] + inc, False, additional)
    for q in _APPROX:
        if t.startswith(q + " "):
            n = _leading_number(t[len(q) + 1 :])
            if n is not None:
                return Quantity(f"{q} {n[1]}", n[0], False, additional)
    m = re.match(r"^(?:another|an additional|additional|a further|further)\s+", t)
    if m:
        n = _leading_number(t[m.end() :])
        if n is not None:
            return Quantity(n[1], n[0], True, True)
        return Quantity("1", 1, True, True) if t.startswith(("another", "an additional", "a further")) else None
    v = _leading_vague(t)
    if v is not None:
        more = bool(re.match(r"^(?:more|additional|other|others|further)\b", t[len(v[1]) :].lstrip()))
        return Quantity(v[1], v[0], False, additional or more)
    n = _leading_number(t)
    if n is not None:
        rest = t[len(n[1]) :].lstrip()
        if re.match(r"^(?:or more|\+|and more)\b", rest):
            return Quantity(f"at least {n[1]}", n[0], False, additional)
        if re.match(r"^(?:more|additional|other|others|further)\b", rest):
            additional = True
        return Quantity(n[1], n[0], True, additional)
    return None


def _leading_number(t: str) -> tuple[int, str] | None:
    m = _NUMBER_RE.match(t)
    if not m:
        return None
    words = m.group(0)
    # "a dozen" is a number, a bare "a" only when nothing vaguer follows
    v = number_value(words)
    if v is None:
        return None
    return v, ("1" if words.lower() in ("a", "an") else words)


def _leading_vague(t: str) -> tuple[int, str] | None:
    for q in sorted(VAGUE, key=len, reverse=True):
        if t == q or t.startswith(q + " "):
            return VAGUE[q], q
    return None


def minimum(count: str | None) -> int | None:
    """The minimum a stored count string implies ("at least 5" -> 5, "more than 10" -> 11, "several" -> 3)."""
    if count is None:
        return None
    q = parse_quantity(count)
    return q.low if q is not None else None


def combine(a: str | None, b: str | None, *, add: bool) -> str | None:
    """Two counts of the same kind for one happening: added (distinct groups) or the larger kept (the same group told twice)."""
    if a is None:
        return b
    if b is None:
        return a
    qa, qb = parse_quantity(a), parse_quantity(b)
    if qa is None:
        return b
    if qb is None:
        return a
    if add:
        total = qa.low + qb.low
        return str(total) if qa.exact and qb.exact else f"at least {total}"
    if qb.low > qa.low or (qb.low == qa.low and qb.exact and not qa.exact):
        return b
    return a


# --------------------------------------------------------------------------- from the parse

PERSON_NOUNS = {
    "insurgent",
    "militant",
    "fighter",
    "leader",
    "commander",
    "facilitator",
    "suspect",
    "individual",
    "man",
    "men",
    "person",
    "people",
    "associate",
    "member",
    "operative",
    "financier",
    "bomber",
    "planner",
    "emir",
    "governor",
    "civilian",
    "child",
    "children",
    "woman",
    "women",
    "soldier",
    "policeman",
    "officer",
    "official",
    "troop",
    "guard",
    "extremist",
    "terrorist",
    "rebel",
    "kidnapper",
    "smuggler",
    "trafficker",
    "courier",
    "maker",
    "builder",
    "expert",
    "specialist",
    "cell",
    "team",
    "other",
    "others",
    "detainee",
    "prisoner",
    "attacker",
    "gunman",
    "gunmen",
    "worker",
    "resident",
    "villager",
    "student",
    "journalist",
    "driver",
    "lieutenant",
    "deputy",
    "chief",
    "sub-commander",
    "militia",
    "militiaman",
    "recruiter",
    "trainer",
    "instructor",
    "supporter",
    "sympathizer",
    "sympathiser",
    "accomplice",
    "enemy",
    "killer",
    "assassin",
    "shooter",
    "sniper",
    "collaborator",
    "informant",
    "spy",
    "mullah",
    "cleric",
    "elder",
    "police",
    "family",
    "boy",
    "girl",
    "casualty",
    "patient",
    "refugee",
    "dead",
    "combatant",
    "recruit",
    "coordinator",
    "organizer",
    "director",
    "manager",
    "head",
    "agent",
    "owner",
    "contractor",
    "interpreter",
    "employee",
    "teacher",
    "doctor",
    "taliban",
    "haqqanis",
    "jihadist",
    "warlord",
    "manufacturer",
    "supplier",
    "emplacer",
    "distributor",
    "forger",
    "male",
    "female",
}
GROUP_NOUNS = {"cell", "team", "group", "crew", "network", "squad", "band"}
# people named by a role in an organisation, as against its rank and file
LEADER_NOUNS = {
    "leader",
    "commander",
    "sub-commander",
    "facilitator",
    "financier",
    "governor",
    "emir",
    "planner",
    "chief",
    "deputy",
    "lieutenant",
    "coordinator",
    "organizer",
    "organiser",
    "director",
    "head",
    "mullah",
    "expert",
    "specialist",
    "maker",
    "builder",
    "supplier",
    "recruiter",
    "trainer",
    "instructor",
    "smuggler",
    "trafficker",
    "courier",
    "kidnapper",
    "official",
    "operative",
    "cleric",
    "manufacturer",
    "emplacer",
    "distributor",
    "forger",
}


def person_class(tok) -> str:
    """ "leader" for a named role ("a Taliban leader", "an IED facilitator"), else "member"."""
    lem = tok.lemma_.lower()
    if lem in LEADER_NOUNS or tok.lower_ in LEADER_NOUNS:
        return "leader"
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    g = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if g is not None and not is_person(tok) and (g.lemma_.lower() in LEADER_NOUNS):
        return "leader"
    return "member"


def is_definite(tok) -> bool:
    """ "the leader", "his associates", "these men": a group already introduced."""
    first = tok.doc[tok.left_edge.i]
    return first.lower_ in ("the", "this", "that", "these", "those", "his", "her", "their", "its") or tok.pos_ == "PRON"


def is_person(tok) -> bool:
    """Does this noun denote people ("insurgents", "a leader", "Taliban", a named person)?"""
    lem = tok.lemma_.lower()
    return (
        lem in PERSON_NOUNS
        or tok.lower_ in PERSON_NOUNS
        or tok.lower_ in ("them", "us", "him")
        or tok.ent_type_ in ("PERSON", "NORP")
        or lem in lexicon.words("events", "civilian_nouns")  # "30 demonstrators were killed": people counted
        or tok.lower_ in lexicon.words("events", "civilian_nouns")
        or (lem.endswith(("er", "ist")) and tok.pos_ == "NOUN" and lem in ("bomber", "maker", "planner", "financier"))
    )


def _np_prefix(tok) -> str:
    """Text of ``tok``'s phrase from its left edge to the head itself (no trailing modifiers)."""
    left = tok.left_edge.i
    return tok.doc[left : tok.i + 1].text


def quantity_of(tok) -> Quantity | None:
    """The count of people the noun phrase headed by ``tok`` denotes, or None.

    "two suspected insurgents" 2; "a Taliban leader" 1; "more than 10 suspects" at least 11; "several others" 3;
    "two of his associates" 2; "a leader and two insurgents" 3; "insurgents" (bare plural) 2; "the leader" 1.
    """
    parts: list[Quantity] = []
    for t in [tok, *(c for c in tok.conjuncts if c.i > tok.i)]:
        q = _one_quantity(t)
        if q is None:
            continue
        parts.append(q)
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    low = sum(p.low for p in parts)
    exact = all(p.exact for p in parts)
    text = str(low) if exact else f"at least {low}"
    return Quantity(text, low, exact, parts[0].additional)


QUANT_HEADS = {
    "several",
    "some",
    "many",
    "few",
    "both",
    "dozens",
    "hundreds",
    "scores",
    "all",
    "numerous",
    "multiple",
    "couple",
}


def _one_quantity(t) -> Quantity | None:
    # "several of them", "some of the insurgents", "both of them"
    if t.lower_ in QUANT_HEADS and any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
        return parse_quantity(_np_prefix(t)) or (Quantity("2", 2, True) if t.lower_ == "both" else None)
    # "two of his associates", "one of the insurgents": the numeral heads the phrase
    if t.pos_ == "NUM" or t.like_num:
        q = parse_quantity(_np_prefix(t))
        if q is not None:
            return q
        return None
    # "a group of insurgents", "dozens of militants", "a number of suspects": quantity noun + of + people
    if (
        t.lemma_ in ("group", "number", "dozen", "dozens", "couple", "handful", "score", "hundred", "thousand", "pair")
        and t.pos_ == "NOUN"
    ):
        of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        g = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if g is None or not is_person(g):
            return None
        return parse_quantity(t.doc[t.left_edge.i : g.i + 1].text)
    if t.pos_ == "PRON" and t.lower_ in ("him", "her"):
        return Quantity("1", 1, True)  # "killing him"
    if not is_person(t):
        # "an Islamic Movement of Uzbekistan facilitator": the person is named after "of"
        of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        g = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if g is None or not is_person(g) or g.tag_ in ("NNS", "NNPS"):
            return None
        q = parse_quantity(t.doc[t.left_edge.i : g.i + 1].text)
        return q if q is not None and q.low == 1 else None
    text = _np_prefix(t)
    q = parse_quantity(text)
    words = text.lower().split()
    additional = any(
        w in _ADDITIVE and not (w == "more" and i + 1 < len(words) and words[i + 1] == "than")
        for i, w in enumerate(words[:-1])
    ) or t.lower_ in ("others",)
    if q is not None:
        return Quantity(q.text, q.low, q.exact, q.additional or additional)
    if t.lower_ in ("others",):
        return Quantity("others", 2, False, True)
    plural = (
        t.tag_ in ("NNS", "NNPS")
        or (t.lower_ != t.lemma_.lower() and t.lower_.endswith("s"))
        or t.lower_ in ("men", "women", "children", "people", "police", "taliban")
    )
    if words and words[0] in ("the", "this", "that", "these", "those", "his", "their", "its", "her", "all", "both"):
        if not plural:
            return Quantity("1", 1, True, additional)
        return Quantity("2", 2, True, additional) if words[0] == "both" else None
    if plural:  # a bare plural: more than one
        return Quantity("at least 2", 2, False, additional)
    if t.ent_type_ == "PERSON" or t.pos_ == "PROPN":
        return Quantity("1", 1, True, additional)
    return None
