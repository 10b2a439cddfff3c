"""Which files of a directory are inputs: the readers' suffixes (plain or gzipped), hidden files and folders skipped."""

from __future__ import annotations

import os
from pathlib import Path

from sitroom.errors import InputError
from sitroom.ingest.filekind import walk_error
from sitroom.ingest.readers import DIRECTORY_SUFFIXES

__all__ = ["format_suffix", "input_files"]


def input_files(directory: Path, errors: list[InputError] | None = None) -> list[Path]:
    """The input files under ``directory``, recursively, in sorted order; a folder that cannot be listed is
    appended to ``errors`` (an InputError naming it, see :mod:`sitroom.ingest.filekind`), never skipped silently."""

    found = []
    onerror = (lambda exc: errors.append(walk_error(exc))) if errors is not None else None
    for root, dirs, files in os.walk(directory, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith(".") and format_suffix(Path(name)) in DIRECTORY_SUFFIXES:
                found.append(Path(root) / name)
    return sorted(found)


def format_suffix(path: Path) -> str:
    """The format suffix: ``.txt`` for ``a.txt`` and ``a.txt.gz`` (gzip is read through a limit, see compressed)."""
    suffix = path.suffix.lower()
    return Path(path.stem).suffix.lower() if suffix == ".gz" else suffix
