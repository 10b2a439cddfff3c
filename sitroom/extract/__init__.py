"""The extract stage: per-article NLP (spaCy parse, places, times, actors, events, claims, forecasts, quotes).

``sitroom.extract`` is both this package and the public function ``sitroom.extract(text, ...)``: once a submodule
is imported, Python binds the name ``sitroom.extract`` to this package, so the package itself is callable and
runs the same function (:func:`sitroom.extract_article`).
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallablePackage(types.ModuleType):
    def __call__(self, text: str, **kw: Any) -> Any:
        from sitroom import extract_article

        return extract_article(text, **kw)


sys.modules[__name__].__class__ = _CallablePackage
