"""spaCy's attribute ruler as a table: the same attributes, without the Matcher (issue 14, "speed through the gate").

The English pipeline's ``attribute_ruler`` maps every token's fine tag (and, for a few words, its lower-case form, its
dependency label or whether it is a space) to its coarse part of speech, morphology and some lemmas, through a
``Matcher`` over about 180 patterns: 6% of the pipeline's time, more than the tagger and the parser's own steps. Every
pattern of that model tests one or two tokens for equality or membership of a tag, a lower-case form, a dependency
label or the space flag, so what it sets on a token is a function of a few attributes of the token (and, for the
two-token patterns, of its neighbour): :class:`AttributeTable` computes that function once per distinct combination and
writes the attributes with ``Doc.from_array``. A ruler with any other kind of pattern is run as it is
(:func:`fast`); ``tests/test_attribute_table.py`` checks the two give the same arrays on real text.
"""

from __future__ import annotations

import re
from typing import Any, cast

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.tokens import Doc

_KEYS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # a token's key: its columns of _READ
_READ = [TAG, LOWER, DEP, IS_SPACE]
_WRITTEN = [TAG, POS, MORPH, LEMMA, DEP]
_COLUMN = {a: k for k, a in enumerate(_WRITTEN)}


class Unsupported(ValueError):
    """A pattern the table cannot read (the ruler then runs as it is)."""


def _test(vocab: Any, attr: str, value: Any):
    """A test of one attribute of a token's key, as spaCy's Matcher reads the pattern's value."""
    if attr not in _KEYS:
        raise Unsupported(attr)
    col = _KEYS[attr]

    def ids(values) -> frozenset[int]:
        return frozenset(int(v) if attr == "IS_SPACE" else vocab.strings.add(v) for v in values)

    if not isinstance(value, dict):
        want = ids([value])
        return lambda key, s: key[col] in want
    if len(value) != 1:
        raise Unsupported(str(value))
    ((op, arg),) = value.items()
    if op == "IN":
        inside = ids(arg)
        return lambda key, s: key[col] in inside
    if op == "NOT_IN":
        outside = ids(arg)
        return lambda key, s: key[col] not in outside
    if op == "REGEX" and attr == "LOWER":
        rx = re.compile(arg)
        return lambda key, s: bool(rx.search(s[key[col]]))
    raise Unsupported(op)


class AttributeTable:
    """What ``ruler`` (a spaCy ``AttributeRuler``) sets, looked up by each token's tag, lower-case form, dependency
    label and space flag. Raises :class:`Unsupported` for a ruler it cannot read exactly."""

    def __init__(self, ruler: Any) -> None:
        vocab = ruler.vocab
        self.strings = vocab.strings
        self.single: list[tuple[int, Any, dict[int, int]]] = []  # (order, test, attributes)
        self.multi: list[tuple[int, list[Any], int, dict[int, int]]] = []  # (order, tests, target, attributes)
        self.lowers: set[int] = set()  # the lower-case forms a pattern names
        self.regexes: list[re.Pattern[str]] = []  # and the patterns of the forms it matches
        for order, (matcher_key, attrs, index) in enumerate(zip(self._keys(ruler), ruler.attrs, ruler.indices)):
            if "_" in attrs or not set(attrs) <= set(_WRITTEN):
                raise Unsupported(str(attrs))
            for pattern in ruler.matcher.get(matcher_key)[1]:
                if any("OP" in spec for spec in pattern) or not pattern:
                    raise Unsupported(str(pattern))
                tests = [self._token_test(vocab, spec) for spec in pattern]
                if len(tests) == 1 and index in (0, -1):
                    self.single.append((order, tests[0], dict(attrs)))
                else:
                    self.multi.append((order, tests, index % len(tests), dict(attrs)))
        self.lower_class: dict[int, int] = {}
        self.index: dict[tuple[int, ...], int] = {}  # a token's key -> its row in the tables below
        self.rows: list[tuple[list[int], list[bool], list[tuple[int, dict[int, int]]], list[int]]] = []
        self.tables: tuple[Any, Any] | None = None

    @staticmethod
    def _keys(ruler: Any) -> list[int]:
        return [ruler.vocab.strings[str(k)] for k in range(len(ruler.attrs))]

    def _token_test(self, vocab: Any, spec: dict):
        tests = []
        for attr, value in spec.items():
            tests.append(_test(vocab, attr, value))
            if attr == "LOWER":
                if isinstance(value, dict) and "REGEX" in value:
                    self.regexes.append(re.compile(value["REGEX"]))
                else:
                    values: list[Any] = (
                        list(value.get("IN") or value.get("NOT_IN") or []) if isinstance(value, dict) else [value]
                    )
                    self.lowers |= {vocab.strings.add(v) for v in values}
        return lambda key, s: all(t(key, s) for t in tests)

    def _lower(self, h: int) -> int:
        """A lower-case form as the patterns see it: itself if a pattern names it or may match it, else 0 (the key of
        every other form)."""
        got = self.lower_class.get(h)
        if got is None:
            named = h in self.lowers or any(rx.search(self.strings[h]) for rx in self.regexes)
            got = self.lower_class[h] = h if named else 0
        return got

    def _row(self, key: tuple[int, ...]) -> int:
        """The row of a key: the attributes its single-token patterns set (in order), and the multi-token patterns
        it may start."""
        k = self.index.get(key)
        if k is None:
            s = self.strings
            found = [(o, a) for o, t, a in self.single if t(key, s)]
            folded = _fold(found)
            values, mask = [0] * len(_WRITTEN), [False] * len(_WRITTEN)
            for attr, value in folded.items():
                values[_COLUMN[attr]], mask[_COLUMN[attr]] = value, True
            starts = [m for m, (_, tests, _, _) in enumerate(self.multi) if tests[0](key, s)]
            k = self.index[key] = len(self.rows)
            self.rows.append((values, mask, found, starts))
            self.tables = None
        return k

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        read = doc.to_array(_READ).tolist()
        keys = [(t, self._lower(w), d, sp) for t, w, d, sp in read]
        rows = [self._row(key) for key in keys]
        if self.tables is None:
            self.tables = (
                numpy.array([r[0] for r in self.rows], dtype="uint64"),
                numpy.array([r[1] for r in self.rows], dtype=bool),
            )
        values, mask = self.tables
        code = numpy.array(rows, dtype="int64")
        arr = doc.to_array(_WRITTEN)
        arr = cast(Any, numpy.where(mask[code], values[code], arr))
        extra: dict[int, list[tuple[int, dict[int, int]]]] = {}  # token -> what multi-token patterns set on it
        for i, r in enumerate(rows):  # where a multi-token pattern may start (rare)
            for m in self.rows[r][3]:
                order, tests, target, attrs = self.multi[m]
                if i + len(tests) <= n and all(t(keys[i + j], self.strings) for j, t in enumerate(tests[1:], 1)):
                    extra.setdefault(i + target, []).append((order, attrs))
        for i, found in extra.items():
            for attr, value in _fold(sorted([*self.rows[rows[i]][2], *found], key=lambda h: h[0])).items():
                arr[i, _COLUMN[attr]] = value
        doc.from_array(_WRITTEN, arr)  # no HEAD: a DEP is only a label here, the tree is kept
        return doc


def _fold(found: list[tuple[int, dict[int, int]]]) -> dict[int, int]:
    """The attributes of the patterns a token matches, a later pattern's over an earlier one's (the ruler applies
    its matches sorted by pattern)."""
    out: dict[int, int] = {}
    for _, attrs in found:
        out.update(attrs)
    return out


_TABLES: dict[int, tuple[Any, Any]] = {}


def fast(ruler: Any) -> Any:
    """``ruler`` as an :class:`AttributeTable` (made once per ruler), or ``ruler`` itself if it cannot be one."""
    got = _TABLES.get(id(ruler))
    if got is None or got[0] is not ruler:
        try:
            table: Any = AttributeTable(ruler)
        except Unsupported:
            table = ruler
        got = _TABLES[id(ruler)] = (ruler, table)
    return got[1]
