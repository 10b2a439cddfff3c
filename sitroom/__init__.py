"""sitroom: read conflict news, keep the sourced situation picture.

Public API::

    import sitroom
    doc = sitroom.extract(text, published="2021-08-12", outlet="DW")
    with sitroom.open_store("sitroom.sqlite") as store: ...

``sitroom.extract`` is a plain function. The extract stage's package has the same dotted name: it is imported
here first, so Python binds ``sitroom.extract`` to the package before the function below takes the name over,
and later imports of its modules (``from sitroom.extract.places import find_places``) find the package in
``sys.modules`` and leave the name alone.

The pipeline, the ingest readers and the store are imported when first called, not here: ``import sitroom``
runs on every CLI start (``sitroom --help``), and the pipeline's import alone loads spaCy (about 1.3 s).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sitroom.extract as _extract_package  # noqa: F401  (see the module doc: the package first, then the function)

__all__ = ["extract", "extract_article", "open_store", "Article"]
__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from sitroom.model import Article
    from sitroom.store import Store


def extract(
    text: str, *, published: Any = None, outlet: str | None = None, url: str | None = None, title: str | None = None
) -> Article:
    """Run the whole per-article pipeline on ``text`` and return the filled :class:`Article`."""
    from sitroom.ingest import article_from_text  # lazy: see the module doc
    from sitroom.pipeline import default_pipeline

    return default_pipeline().run(article_from_text(text, published=published, outlet=outlet, url=url, title=title))


extract_article = extract  # the name it had before


def open_store(url: str, **kw: Any) -> Store:
    """Open (creating if needed) the store at ``url`` (a SQLite path or a postgresql:// URL)."""
    from sitroom.store import open_store as _open  # lazy: see the module doc

    return _open(url, **kw)


def __getattr__(name: str) -> Any:
    if name == "Article":
        from sitroom.model import Article

        return Article
    raise AttributeError(name)
