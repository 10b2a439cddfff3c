"""Duplicates: one story, many carriers.

An article whose normalised content is already stored (same content id) is an
*exact* duplicate; one whose word 5-shingles overlap a stored article's by at
least ``NEAR_THRESHOLD`` (Jaccard, estimated from 128-permutation MinHash
signatures, ``datasketch``) is a *near* duplicate: a reprint under another outlet
with small edits. Either is recorded as another carrier of the stored article's
story (outlet, URL, publication day, similarity) and adds no article, event or
fact, so a wire story reprinted by ten outlets is one story with ten carriers.

Candidates are found by locality-sensitive hashing kept in the store
(``lsh_bands``: ``BANDS`` bands of ``ROWS`` rows; a pair at Jaccard 0.7 shares a
band with probability > 0.99), then confirmed on the full signature, so a lookup
costs a few indexed reads whatever the store's size.

The store calls :func:`signature`, :func:`band_keys` and :func:`similarity`;
:func:`stories` lists stories with their carriers.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from sitroom.model import normalise_text

NUM_PERM = 128
BANDS, ROWS = 32, 4  # BANDS * ROWS == NUM_PERM
SHINGLE = 5  # words
NEAR_THRESHOLD = 0.7  # distinct reports in the Afghanistan corpus overlap at most 0.45
SEED = 1
MIN_SHINGLES = 20  # shorter texts are matched only exactly: a few shared words say nothing
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    """Word ``SHINGLE``-grams of the normalised text (the whole text when it is shorter)."""
    words = _WORD.findall(normalise_text(text))
    if len(words) <= SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str, shingle_set: set[bytes] | None = None) -> np.ndarray:
    """The MinHash signature of a text (``NUM_PERM`` uint64 values); ``shingle_set``: its :func:`shingles`,
    when the caller has them already (they are the costly part on a long text)."""
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    sh = shingles(text) if shingle_set is None else shingle_set
    if sh:
        m.update_batch(list(sh))
    return np.asarray(m.hashvalues, dtype=np.uint64)


def to_blob(sig: np.ndarray) -> bytes:
    return np.asarray(sig, dtype="<u8").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8")


def band_keys(sig: np.ndarray) -> list[tuple[int, int]]:
    """(band number, 63-bit key) for each LSH band of a signature."""
    out = []
    raw = np.asarray(sig, dtype="<u8")
    for b in range(BANDS):
        h = hashlib.blake2b(raw[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).digest()
        out.append((b, int.from_bytes(h, "little") >> 1))
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    if len(a) != len(b) or not len(a):
        return 0.0
    return float(np.count_nonzero(np.asarray(a) == np.asarray(b))) / len(a)
