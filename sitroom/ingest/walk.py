"""Which files of a directory are inputs: the readers' suffixes (plain or gzipped), hidden files and folders skipped."""

from __future__ import annotations

import os
from pathlib import Path

from sitroom.ingest.readers import DIRECTORY_SUFFIXES

__all__ = ["format_suffix", "input_files"]


def input_files(directory: Path) -> list[Path]:
    """The input files under ``directory``, recursively, in sorted order."""
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith(".") and format_suffix(Path(name)) in DIRECTORY_SUFFIXES:
                found.append(Path(root) / name)
    return sorted(found)


def format_suffix(path: Path) -> str:
    """The format suffix: ``.txt`` for ``a.txt`` and ``a.txt.gz`` (gzip is read through a limit, see compressed)."""
    suffix = path.suffix.lower()
    return Path(path.stem).suffix.lower() if suffix == ".gz" else suffix
