"""Which outlets carried each stored article's story (reprints are carriers, not articles: see
:mod:`sitroom.ingest.dedup`), as the situation layer counts corroboration."""

from __future__ import annotations

from typing import Any


def story_outlets(store: Any) -> dict[str, list[str]]:
    """Stored article id → outlets that carried its story (empty when the store keeps no stories)."""
    fn = getattr(store, "story_outlets", None)
    if fn is None:
        return {}
    try:
        return dict(fn())
    except Exception:  # noqa: BLE001 - an older store without the table
        return {}
