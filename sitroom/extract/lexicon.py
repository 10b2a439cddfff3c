"""The lexicon: every word list, word table and vocabulary of the extractors, as data.

Vocabulary lives in YAML files under ``sitroom/data/lexicon/`` (one file per concern: ``events``, ``numbers``,
``reporting``, ``taxonomy``, ...); the parse is code, the words are data. Each file is a mapping of *sections*;
a section is either a list of words or a table (a mapping of word -> value). Files are validated when first
loaded and cached for the life of the process; a malformed file raises :class:`~sitroom.errors.ConfigError`
naming the file, the section and the reason.

    >>> from sitroom.extract import lexicon
    >>> "bomb" in lexicon.words("events", "explosive")
    True
    >>> lexicon.table("numbers", "tens")["twenty"]
    20

API:

* :func:`words` ``(file, section)`` -> ``frozenset[str]``: a list section (or the keys of a table section);
* :func:`table` ``(file, section)`` -> ``dict``: a table section (a fresh copy: callers may not alter the lexicon);
* :func:`tagged` ``(file, section, tag)`` -> ``frozenset[str]``: the keys of a table whose value (a list of tags)
  holds ``tag`` ("the reporting verbs that introduce a quote");
* :func:`phrases` ``(file, section)`` -> a compiled, case-insensitive pattern matching any phrase of a list section
  as whole words (spaces match any run of white space);
* :func:`sections` ``(file)`` -> the section names of a file; :func:`files` -> the lexicon files there are.

A directory named by ``SITROOM_LEXICON`` (optional) is read after the packaged one: a file there with the same
name adds its sections to the packaged file's (a section of the same name replaces the packaged one).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from sitroom.errors import ConfigError

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicon"

_Scalar = (str, int, float, bool)


def files() -> list[str]:
    """The names of the packaged lexicon files (without ``.yaml``)."""
    return sorted(p.stem for p in LEXICON_DIR.glob("*.yaml"))


class _UniqueKeys(yaml.SafeLoader):
    """YAML's safe loader refusing a key given twice in one mapping (PyYAML keeps the last silently: a word added to
    a table under a key it already holds replaced the first entry without a trace)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if not isinstance(key, str | int | float | bool):
                continue
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} given twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeys)  # noqa: S506 - a safe loader
    except OSError as exc:
        raise ConfigError(f"lexicon file {path.name}: cannot be read ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"lexicon file {path.name}: not valid YAML ({exc})") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"lexicon file {path.name}: must be a mapping of sections, not {type(data).__name__}")
    for name, body in data.items():
        _validate(path.name, name, body)
    return data


def _validate(fname: str, name: Any, body: Any) -> None:
    where = f"lexicon file {fname}, section {name!r}"
    if not isinstance(name, str) or not name:
        raise ConfigError(f"lexicon file {fname}: section names must be non-empty strings, not {name!r}")
    if isinstance(body, list):
        for w in body:
            if not isinstance(w, str) or not w.strip():
                raise ConfigError(f"{where}: a word list may hold only non-empty strings, not {w!r}")
            if w != w.strip():
                raise ConfigError(f"{where}: word {w!r} has surrounding blanks")
        return
    if isinstance(body, dict):
        for k, v in body.items():
            if not isinstance(k, str) or not k.strip():
                raise ConfigError(f"{where}: table keys must be non-empty strings, not {k!r}")
            _validate_value(where, k, v)
        return
    raise ConfigError(f"{where}: must be a list of words or a table, not {type(body).__name__}")


def _validate_value(where: str, key: str, v: Any, depth: int = 0) -> None:
    if v is None or isinstance(v, _Scalar):
        return
    if depth < 3 and isinstance(v, list):
        for x in v:
            _validate_value(where, key, x, depth + 1)
        return
    if depth < 3 and isinstance(v, dict):
        for k, x in v.items():
            if not isinstance(k, str):
                raise ConfigError(f"{where}, entry {key!r}: keys must be strings, not {k!r}")
            _validate_value(where, key, x, depth + 1)
        return
    raise ConfigError(f"{where}, entry {key!r}: unsupported value {v!r}")


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """The validated sections of lexicon file ``name`` (cached; do not mutate)."""
    path = LEXICON_DIR / f"{name}.yaml"
    if not path.is_file():
        raise ConfigError(
            f"lexicon file {name}.yaml: not found in {LEXICON_DIR.name}/",
            hint=f"known files: {', '.join(files()) or 'none'}",
        )
    data = dict(_read(path))
    extra = os.environ.get("SITROOM_LEXICON")
    if extra:
        user = Path(extra) / f"{name}.yaml"
        if user.is_file():
            data.update(_read(user))
    return data


def sections(name: str) -> list[str]:
    return list(load(name))


def _section(name: str, section: str) -> Any:
    data = load(name)
    if section not in data:
        raise ConfigError(
            f"lexicon file {name}.yaml: no section {section!r}", hint=f"sections: {', '.join(data) or 'none'}"
        )
    return data[section]


@lru_cache(maxsize=None)
def words(name: str, section: str) -> frozenset[str]:
    """The words of a list section (or the keys of a table section)."""
    body = _section(name, section)
    return frozenset(body)


def table(name: str, section: str) -> dict[str, Any]:
    """A table section as a new dict (word -> value)."""
    body = _section(name, section)
    if not isinstance(body, dict):
        raise ConfigError(f"lexicon file {name}.yaml, section {section!r}: a table was expected, found a word list")
    return dict(body)


def ordered(name: str, section: str) -> tuple[str, ...]:
    """The words of a list section in file order (for patterns where order matters)."""
    body = _section(name, section)
    return tuple(body)


@lru_cache(maxsize=None)
def tagged(name: str, section: str, tag: str) -> frozenset[str]:
    """The keys of a table section whose value (a tag or a list of tags) holds ``tag``."""
    out = set()
    for k, v in table(name, section).items():
        tags = v if isinstance(v, list) else [v]
        if tag in tags:
            out.add(k)
    return frozenset(out)


@lru_cache(maxsize=None)
def phrases(name: str, section: str) -> re.Pattern[str]:
    """A case-insensitive pattern matching any phrase of a list section as whole words (longest first; a space in a
    phrase matches any run of white space)."""
    body = sorted(ordered(name, section), key=len, reverse=True)
    if not body:
        return re.compile(r"(?!)")
    alts = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in body)
    return re.compile(rf"\b({alts})\b", re.I)


def clear_cache() -> None:
    """Forget loaded files (after ``SITROOM_LEXICON`` changes, in tests)."""
    load.cache_clear()
    words.cache_clear()
    tagged.cache_clear()
    phrases.cache_clear()
