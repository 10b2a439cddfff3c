"""sitroom: read conflict news, keep the sourced situation picture.

Public API (heavy imports are lazy)::

    import sitroom
    doc = sitroom.extract(text, published="2021-08-12", outlet="DW")
    with sitroom.open_store("sitroom.sqlite") as store: ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["extract", "extract_article", "open_store", "Article"]
__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from sitroom.model import Article


def extract_article(text: str, *, published: Any = None, outlet: str | None = None, url: str | None = None,
                    title: str | None = None) -> "Article":
    """Run the whole per-article pipeline on ``text`` and return the filled :class:`Article`."""
    from sitroom.pipeline import default_pipeline
    from sitroom.ingest import article_from_text

    return default_pipeline().run(article_from_text(text, published=published, outlet=outlet, url=url, title=title))


extract = extract_article  # until the sitroom.extract package is imported; then the (callable) package, same call


def open_store(url: str, **kw: Any):
    """Open (creating if needed) the store at ``url`` (a SQLite path)."""
    from sitroom.store import open_store as _open

    return _open(url, **kw)


def __getattr__(name: str) -> Any:
    if name == "Article":
        from sitroom.model import Article

        return Article
    raise AttributeError(name)
