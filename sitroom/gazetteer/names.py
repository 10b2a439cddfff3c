"""Name normalisation shared by the index builder and every query.

``name_key`` is the one function both sides use, so a lookup matches an index
entry exactly when their keys are equal: case-folded, accents stripped, and
hyphens, spaces, apostrophes and full stops dropped ("Sar-e Pul", "Sar-e-Pul"
and "sar e pul" share the key ``sarepul``).
"""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "đ": "d",
        "Đ": "d",
        "ł": "l",
        "Ł": "l",
        "ı": "i",
        "þ": "th",
        "Þ": "th",
        "ð": "d",
        "Ð": "d",
        "ħ": "h",
    }
)
_DROP = re.compile(r"[\W_]+", re.UNICODE)


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_NON_LATIN = re.compile("[^\x00-\x7f]")


def strip_accents(text: str) -> str:
    """Decompose and drop combining marks: "Mazār-e Sharīf" -> "Mazar-e Sharif"."""
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).translate(_SPECIAL)


def name_key(text: str) -> str:
    """The lookup key of a name: casefolded, accents stripped, separators and punctuation removed."""
    return _DROP.sub("", strip_accents(text.casefold()).casefold())


def is_latin_name(text: str) -> bool:
    """True for names written in Latin script (what an English text can contain)."""
    t = strip_accents(text)
    return bool(t) and not _NON_LATIN.search(t) and any(c.isalpha() for c in t)


def key_variants(text: str) -> list[str]:
    """Keys to try for a surface form: the key itself, and without a leading "the"."""
    k = name_key(text)
    out = [k] if k else []
    low = strip_accents(text).strip().casefold()
    if low.startswith("the ") and len(low) > 4:
        k2 = name_key(low[4:])
        if k2 and k2 not in out:
            out.append(k2)
    return out
