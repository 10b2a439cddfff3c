"""News outlets as names: whether two names name one outlet (``data/outlets.yaml``)."""

from __future__ import annotations

from functools import lru_cache

from sitroom.config import DATA_DIR
from sitroom.extract.actor_registry import load_actor_file


@lru_cache(maxsize=1)
def _outlet_names() -> dict[str, str]:
    """Every name of a registered outlet (lower case) -> its registry name (``sitroom/data/outlets.yaml``)."""
    return {
        str(al).lower(): str(r["name"])
        for r in load_actor_file(DATA_DIR / "outlets.yaml")
        for al in [r["name"], *r.get("aliases", [])]
    }


def same_outlet(a: str | None, b: str | None) -> bool:
    """Whether two outlet names name one outlet: equal, or two names of one registry entry ("VOA" and "Voice of
    America"), so a report is not shown as relayed by the outlet that published it."""
    if not a or not b:
        return False
    if a.strip().lower() == b.strip().lower():
        return True
    names = _outlet_names()
    ca, cb = names.get(a.strip().lower()), names.get(b.strip().lower())
    return ca is not None and ca == cb
