"""HTML pages (``.html``, ``.htm``; WARC responses; fetched pages) → :class:`~sitroom.model.Article`.

The main text comes from ``trafilatura.bare_extraction`` (navigation, footers, related-links boxes and comments are
left out); ``<script>``, ``<style>``, ``<noscript>`` and ``<template>`` elements are removed from the tree *before*
extraction, so script source never enters ``Article.text``. Each block of the main text becomes a paragraph
(blocks separated by a blank line).

Metadata, what the page carries first:

* ``url``: ``<link rel="canonical">``, else ``og:url`` (trafilatura's metadata); only absolute http(s) URLs;
  then the container's URL (the WARC target URI, the fetched URL); then ``--url``;
* ``title``: ``og:title`` / ``<title>`` as trafilatura cleans them;
* ``outlet``: ``og:site_name`` / the publisher trafilatura finds; else ``--outlet``; else named after the URL host;
* ``published``: the page's own publication date (htmldate through trafilatura: meta tags, JSON-LD, ``<time>``,
  the URL; never a date merely mentioned in the text); else the container's date (WARC-Date); else
  ``--published``.

Bounds and refusals (each an :class:`~sitroom.errors.InputError` naming the input): a page of more than
``4 * max_article_chars`` bytes (:class:`InputTooLarge`, before parsing); NUL bytes or mostly control bytes
(:class:`BinaryInput`); a UTF-16 page (:class:`EncodingError`); no HTML markup at all ("not an HTML page"); no main
text found (:class:`EmptyInput`); main text past ``max_article_chars`` or ``max_line_chars``
(:class:`InputTooLarge`). Encoding: UTF-8 if the bytes are UTF-8, else the charset the page or the HTTP header
declares, else Windows-1252; undecodable bytes become U+FFFD.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any, BinaryIO
from urllib.parse import urljoin

from sitroom.errors import BinaryInput, EmptyInput, InputError, InputTooLarge
from sitroom.ingest.article import build_article
from sitroom.ingest.dates import parse_published
from sitroom.ingest.text import check_limits, check_size, refuse_utf16_and_nul

__all__ = ["article_from_html", "read_html", "looks_like_html", "max_page_bytes", "html_to_text"]

_MARKUP = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|title|meta|p|div|article|main|section|span|br|h[1-6]"
    rb"|table|a\s|ul|li|link|script)\b",
    re.I,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_CONTROL = frozenset(set(range(0x00, 0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D} | {0x7F})
_DROP_TAGS = ("script", "style", "noscript", "template")
# Unicode line separators str.splitlines() honours but the pipeline's "\n" lines do not: make them plain breaks
_BREAKS = str.maketrans(
    {
        "\r": "\n",
        "\x0b": "\n",
        "\x0c": "\n",
        "\x1c": "\n",
        "\x1d": "\n",
        "\x1e": "\n",
        "\x85": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
    }
)


def max_page_bytes(settings: Any) -> int:
    """Largest page read, in bytes: as for a text file, 4 bytes per allowed character."""
    return 4 * settings.max_article_chars


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of an input carry HTML markup."""
    return bool(_MARKUP.search(head[:65536]))


def _decode(origin: str, data: bytes, charset: str | None) -> str:
    refuse_utf16_and_nul(
        origin,
        data,
        what="page",
        expected="UTF-8 or an 8-bit charset",
        converted="page.html",
        not_what="an HTML page",
        give="give an HTML page",
    )
    sample = data[:65536]
    if sample:
        odd = sum(1 for b in sample if b in _CONTROL)
        if odd > 32 and odd / len(sample) > 0.10:
            raise BinaryInput(
                origin,
                f"binary data, not an HTML page ({odd} control bytes in the first {len(sample):,})",
                hint="give an HTML page",
            )
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = [charset] if charset else []
    m = _META_CHARSET.search(data[:8192])
    if m:
        declared.append(m.group(1).decode("ascii", "replace"))
    for name in declared + ["windows-1252"]:
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        if name.lower().replace("-", "").replace("_", "") in {
            "utf16",
            "utf32",
            "utf16le",
            "utf16be",
            "utf32le",
            "utf32be",
            "utf7",
        }:
            continue
        return data.decode(name, errors="replace")
    return data.decode("utf-8", errors="replace")  # not reached: windows-1252 always exists


def absolute_http(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not re.match(r"(?i)https?://[^\s/?#]+", url) or any(c.isspace() for c in url) or len(url) > 2048:
        return None
    return url


def _clean_text(text: str) -> str:
    text = text.translate(_BREAKS)
    text = "".join(ch for ch in text if ord(ch) >= 0x20 or ch in "\n\t")
    paras = [" ".join(line.split()) for line in text.split("\n")]
    return "\n\n".join(p for p in paras if p)


def one_line(value: Any, limit: int = 500) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.translate(_BREAKS).split())
    value = "".join(ch for ch in value if ord(ch) >= 0x20)
    return value[:limit] or None


def _drop(root: Any, tags: tuple[str, ...]) -> None:
    """Remove these elements and their content; the text that followed each one stays (lxml would drop it)."""
    for el in list(root.iter(*tags)):
        parent = el.getparent()
        if parent is None:
            continue
        tail, prev = el.tail, el.getprevious()
        parent.remove(el)
        if tail:
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


def _extract(origin: str, text: str) -> dict[str, Any]:
    """trafilatura over a parsed tree with scripts removed; its failures on odd markup are this input's error."""
    import lxml.etree
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(text)
        if tree is None:  # a fragment ("<p>...</p>") trafilatura's loader calls dubious: parse it as a body
            import lxml.html

            tree = lxml.html.document_fromstring(f"<html><body>{text}</body></html>")
    except (ValueError, TypeError, lxml.etree.LxmlError) as exc:
        raise InputError(origin, f"cannot parse the HTML ({type(exc).__name__}: {exc})") from None
    if tree is None:
        raise InputError(origin, "cannot parse the HTML (no document tree)", hint="is it an HTML page?")
    canonical = None
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = link.get("href")
        if "canonical" in rel and isinstance(href, str) and href.strip():
            canonical = href.strip()[:2048]
            break
    _drop(tree, _DROP_TAGS)
    try:
        doc = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            date_extraction_params={"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%d"},
        )
    except RecursionError:
        raise InputError(origin, "cannot extract the main text (markup nested too deeply)") from None
    except Exception as exc:  # noqa: BLE001 - a third-party extractor on hostile markup: this input fails, not the batch
        raise InputError(origin, f"cannot extract the main text ({type(exc).__name__}: {exc})") from None
    if doc is None:
        return {"canonical": canonical}
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    d["canonical"] = canonical
    return d


_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article header footer pre "
    "figcaption dd dt hr".split()
)


def html_to_text(fragment: str) -> str:
    """An HTML fragment (a feed entry's content or summary) → plain text: tags stripped, ``<script>``/``<style>``
    content dropped, blocks as paragraphs (blank-line separated), entities decoded. No markup → the text as is."""
    import lxml.etree
    import lxml.html

    if "<" not in fragment and "&" not in fragment:
        return _clean_text(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, TypeError, lxml.etree.LxmlError):
        return _clean_text(re.sub(r"<[^>]*>", " ", fragment))
    _drop(root, (*_DROP_TAGS, "title", "head", "iframe", "object", "embed"))
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag.lower() in _BLOCKS
        if block:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    return _clean_text("".join(parts))


def article_from_html(
    data: bytes,
    origin: str,
    *,
    defaults: dict[str, Any],
    settings: Any,
    url: str | None = None,
    published: Any = None,
    charset: str | None = None,
):
    """One page's bytes → Article (raises InputError naming ``origin``).

    ``url``/``published``: what the container says (WARC target URI and date, the fetched URL); the page's own
    metadata wins over them, and they win over ``defaults`` (the CLI's ``--url``, ``--published``)."""
    limit = max_page_bytes(settings)
    if len(data) > limit:
        raise InputTooLarge(
            origin,
            f"HTML page of {len(data):,} bytes, more than the {limit:,}-byte page limit",
            hint="raise SITROOM_MAX_ARTICLE_CHARS (a page may be 4 bytes per article character)",
        )
    check_size(origin, len(data), settings.max_article_chars)
    if not data.strip():
        raise EmptyInput(
            origin,
            "empty page" if not data else "only whitespace, no HTML",
            hint="nothing to read; remove it from the input list",
        )
    text = _decode(origin, data, charset)
    if not looks_like_html(text.encode("utf-8", "replace")):
        raise InputError(
            origin,
            "not an HTML page (no HTML markup found)",
            hint="give plain text as a .txt file, or check the download",
        )
    meta = _extract(origin, text)
    body = _clean_text(meta.get("text") or "")
    if not body:
        raise EmptyInput(
            origin,
            "no main text found in the HTML page",
            hint="the page may be an index, a login wall or built by scripts",
        )
    check_limits(origin, body, max_chars=settings.max_article_chars, max_line=settings.max_line_chars)
    container_url = absolute_http(url)
    canonical = meta.get("canonical")
    if canonical and container_url:  # a relative canonical link, resolved against where the page came from
        try:
            canonical = urljoin(container_url, canonical)
        except ValueError:
            canonical = None
    page_url = absolute_http(canonical) or absolute_http(meta.get("url"))
    page_date = None
    try:
        page_date = parse_published(meta.get("date"), origin)
    except InputError:
        page_date = None
    try:
        container_date = parse_published(published, origin)
    except InputError:
        container_date = None
    return build_article(
        body,
        origin=origin,
        carried={
            "published": page_date or container_date,
            "outlet": one_line(meta.get("sitename"), 200),
            "url": page_url or container_url,
            "title": one_line(meta.get("title")),
        },
        defaults=defaults,
    )


def read_html(
    origin: str, stream: BinaryIO, *, defaults: dict[str, Any], settings: Any, size: int | None = None
) -> Iterator[Any]:
    """A ``.html``/``.htm`` file: one Article, or its InputError."""
    limit = max_page_bytes(settings)
    try:
        if size is not None and size > limit:
            raise InputTooLarge(
                origin,
                f"HTML page of {size:,} bytes, more than the {limit:,}-byte page limit",
                hint="raise SITROOM_MAX_ARTICLE_CHARS (a page may be 4 bytes per article character)",
            )
        data = stream.read(limit + 1)
        yield article_from_html(data, origin, defaults=defaults, settings=settings)
    except InputError as exc:
        yield exc
