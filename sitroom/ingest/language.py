"""Is a text English at all? sitroom reads English news only; a text in another script or language gives no facts
worth keeping, and the one reading it should be told so (issue 13, bad input). A look at the text's letters (their
Unicode script) and, for a Latin-script text, at its share of English function words (spaCy's English stop words):
no vocabulary of our own, no model."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE = 4000  # characters looked at: enough to tell, cheap for a long text
_MIN_WORDS = 20  # fewer words than this say nothing either way (a headline, a caption)
# English news prose runs at about 40-50% stop words; Spanish, French, German or Indonesian share a few with English
_MIN_STOP_SHARE = 0.15
_MIN_LATIN_SHARE = 0.5


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def not_english(text: str) -> str | None:
    """Why ``text`` does not read as English ("mostly Arabic script", "few English function words"), or None."""
    sample = text[:_SAMPLE]
    letters = Counter(_script(ch) for ch in sample if ch.isalpha())
    total = sum(letters.values())
    if not total:
        return None
    if letters["LATIN"] / total < _MIN_LATIN_SHARE:
        script = max((s for s in letters if s != "LATIN"), key=lambda s: letters[s])
        return f"mostly {script.title()} script"
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < _MIN_WORDS:
        return None
    share = sum(w in STOP_WORDS for w in words) / len(words)
    if share < _MIN_STOP_SHARE:
        return f"few English function words ({share:.0%} of its words)"
    return None
