"""Layers that widen the core index (see :func:`apply`)."""

from __future__ import annotations


def apply(b, country_ids: dict[str, str], layers: tuple[str, ...] | None = None) -> None:
    """Add the optional layers to builder ``b`` (all available ones when ``layers`` is None)."""
    return None
