"""The per-article work of ingest beyond extraction stays cheap and bounded (issue 5's add-cost benchmark,
``bench/add_cost.py``): the identity normal form is the one documented, a signature is computed once per article
and the memo that carries it from ``carry`` to ``add`` stays bounded. No timing here: speed is in bench/."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings, strategies as st

from sitroom.model import Article, normalise_text
from sitroom.resolve import dedup
from sitroom.store import open_store
from sitroom.store import sqlite as store_sqlite

_TABLE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def _reference(text: str) -> str:
    """The normal form as first written (str.translate): the faster one must give the same ids."""
    t = unicodedata.normalize("NFKC", text).translate(_TABLE)
    return re.sub(r"\s+", " ", t).strip().casefold()


_TEXT = st.text(alphabet=st.sampled_from(list("aZé ß\t\n\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\ufb01\u2126x1.,'\"-")) | st.characters(),
                max_size=200)


@given(_TEXT)
@settings(max_examples=400, deadline=None)
def test_normal_form_is_unchanged(text):
    assert normalise_text(text) == _reference(text)


@given(st.lists(st.sampled_from(["taliban", "seized", "the", "city", "of", "Ghazni", "on", "Thursday", "\u2019s", "12"]),
                min_size=0, max_size=60).map(" ".join))
@settings(max_examples=100, deadline=None)
def test_signature_from_given_shingles_is_the_signature(text):
    assert (dedup.signature(text, dedup.shingles(text)) == dedup.signature(text)).all()


def _text(i: int) -> str:
    return (f"Report number {i}: fighters moved on the district centre of place {i} at dawn, officials said, "
            f"and residents of place {i} fled towards the provincial capital as the clashes went on into the night.")


def test_carry_then_add_signs_once_and_stores_the_same_signature(tmp_path):
    a = Article(text=_text(1), outlet="Wire")
    with open_store(str(tmp_path / "s.sqlite")) as s:
        assert s.carry(a) is None
        assert (a.id, hash(a.text)) in s._sig_memo  # computed by carry, reused by add
        assert s.add(a)
        blob = s.con.execute("SELECT minhash FROM signatures WHERE article_id = ?", (a.id,)).fetchone()[0]
    assert (dedup.from_blob(blob) == dedup.signature(a.text)).all()


def test_signature_memo_is_bounded_and_ignores_own_ids(tmp_path):
    with open_store(str(tmp_path / "s.sqlite")) as s:
        for i in range(store_sqlite.SIG_MEMO + 40):
            assert s.add(Article(text=_text(i), outlet="Wire"))
        assert len(s._sig_memo) == store_sqlite.SIG_MEMO
        own = Article(id="my-own-id", text=_text(10_000), outlet="Wire")  # names its own id: matched only exactly
        assert s.add(own)
        assert not any(k[0] == "my-own-id" for k in s._sig_memo)
        assert s.con.execute("SELECT count(*) FROM signatures WHERE article_id = 'my-own-id'").fetchone()[0] == 0
        # a reprint of a stored article is still found after its signature left the memo
        first = Article(text=_text(0).replace("at dawn", "before dawn"), outlet="Other")
        assert s.carry(first) == "near"


def test_every_whitespace_character_collapses_as_before():
    spaces = [chr(c) for c in range(0x3100) if chr(c).isspace() or re.fullmatch(r"\s", chr(c))]
    assert len(spaces) > 20
    for c in spaces:
        text = f"{c}a{c}{c}b {c}\u2019c{c}"
        assert normalise_text(text) == _reference(text), hex(ord(c))
