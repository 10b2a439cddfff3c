"""Safe URL fetch for ``sitroom ingest https://...``: a page or a feed, read through the HTML or feed reader.

Every refusal is one :class:`~sitroom.errors.InputError` (:class:`FetchRefused` for policy, :class:`InputTooLarge`
for size) naming the URL and the reason; the batch goes on. The rules:

* ``http`` and ``https`` only; no credentials in the URL; a host is required;
* the host is resolved with ``getaddrinfo`` and EVERY address it resolves to is checked with :mod:`ipaddress`:
  loopback, private, link-local, multicast, reserved, unspecified, shared (CGNAT) and other non-global addresses
  (also IPv4 inside IPv6: ``::ffff:127.0.0.1``, 6to4, Teredo) are refused unless ``allow_private``
  (``sitroom ingest --allow-private``);
* the connection goes to the vetted address itself (the Host header and TLS name stay the URL's host), so a second
  DNS answer cannot swap in another address (DNS rebinding);
* each redirect (301, 302, 303, 307, 308) is a new URL checked by the same rules, at most
  ``max_redirects`` (``SITROOM_MAX_REDIRECTS``, default 5) hops;
* ``fetch_timeout`` (``SITROOM_FETCH_TIMEOUT``, default 10 s) to resolve the host, to connect and for each read, and
  ``fetch_deadline`` (``SITROOM_FETCH_DEADLINE``, default 60 s) for the whole response (a server that trickles
  bytes is cut off);
* at most ``max_fetch_bytes`` (``SITROOM_MAX_FETCH_BYTES``, default 16 MiB) of body, streamed: a larger
  ``Content-Length`` is refused before reading, a body that grows past it is abandoned; a gzip
  ``Content-Encoding`` is decompressed under the same limit;
* a status other than 200 is an error naming the status.

The content type decides the reader: ``text/html``/``application/xhtml+xml`` → :mod:`sitroom.ingest.html`;
RSS/Atom/RDF/XML types → :mod:`sitroom.ingest.feed`; anything else is sniffed (a feed's root element, HTML
markup) and otherwise refused ("unsupported content type").
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from sitroom.errors import FetchRefused, InputError, InputTooLarge
from sitroom.ingest.compressed import BoundedGzip
from sitroom.ingest.feed import articles_from_feed, looks_like_feed
from sitroom.ingest.html import article_from_html, looks_like_html

__all__ = ["FetchRefused", "Fetched", "fetch", "read_url", "check_address", "is_url"]

_REDIRECTS = {301, 302, 303, 307, 308}
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
    "application/feed+json+xml",
    "text/rss+xml",
    "text/atom+xml",
}
USER_AGENT = "sitroom (news reader)"


@dataclass
class Fetched:
    url: str  # the final URL, after redirects
    status: int
    content_type: str  # lower-case media type without parameters ("" if none)
    charset: str | None
    body: bytes


def is_url(text: str) -> bool:
    """Whether a command-line input names a URL (``scheme://...``) rather than a file."""
    head, sep, _ = text.partition("://")
    return bool(sep) and head.isascii() and head[:1].isalpha() and all(c.isalnum() or c in "+-." for c in head)


def _why_not_global(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None:
            why = _why_not_global(inner)
            if why:
                return f"{why} ({inner} inside IPv6)"
    for attr, name in (
        ("is_unspecified", "an unspecified"),
        ("is_loopback", "a loopback"),
        ("is_link_local", "a link-local"),
        ("is_multicast", "a multicast"),
        ("is_private", "a private"),
        ("is_reserved", "a reserved"),
    ):
        if getattr(ip, attr):
            return f"{name} address"
    if not ip.is_global:
        return "not a globally routable address"
    return None


def _allowed(allow_private: Any) -> tuple[bool, list[Any]]:
    """``True`` (anything), ``False`` (public addresses only) or networks (``["127.0.0.1/32"]``) also allowed."""
    if allow_private is True:
        return True, []
    if not allow_private:
        return False, []
    nets = [
        n if isinstance(n, ipaddress.IPv4Network | ipaddress.IPv6Network) else ipaddress.ip_network(n, strict=False)
        for n in allow_private
    ]
    return False, nets


def _resolve(host: str, port: int, timeout: float | None) -> list[Any]:
    """getaddrinfo, given up after ``timeout`` seconds (the stdlib resolver has no timeout of its own)."""
    if timeout is None:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc

    t = threading.Thread(target=work, daemon=True, name="sitroom-resolve")
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise TimeoutError(f"no answer within {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box["infos"]


def check_address(host: str, port: int, *, origin: str, allow_private: Any, timeout: float | None = None) -> list[str]:
    """Resolve ``host``; refuse if ANY address is not a public one (unless allowed). Returns the addresses.

    ``allow_private``: ``True`` allows every address; a list of networks allows non-public addresses in them."""
    try:
        infos = _resolve(host, port, timeout)
    except (socket.gaierror, UnicodeError, OSError) as exc:  # TimeoutError is an OSError
        raise FetchRefused(origin, f"cannot resolve host {host!r} ({exc})", hint="check the URL") from None
    addrs: list[str] = []
    for info in infos:
        addr = str(info[4][0])
        if addr not in addrs:
            addrs.append(addr)
    if not addrs:
        raise FetchRefused(origin, f"host {host!r} resolves to no address")
    allow_all, nets = _allowed(allow_private)
    if allow_all:
        return addrs
    for addr in addrs:
        try:
            ip = ipaddress.ip_address(addr.split("%", 1)[0])
        except ValueError:
            raise FetchRefused(origin, f"host {host!r} resolves to an unreadable address {addr!r}") from None
        why = _why_not_global(ip)
        if why and not any(ip.version == n.version and ip in n for n in nets):
            shown = host if host == addr else f"{host!r} ({addr})"
            raise FetchRefused(
                origin,
                f"refused to fetch from {shown}: {why}",
                hint="pass --allow-private to fetch from local or private networks",
            )
    return addrs


class _PinnedHTTP(http.client.HTTPConnection):
    """HTTP to a vetted address; the Host header stays the URL's host."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to a vetted address; SNI and certificate check against the URL's host."""

    def __init__(self, host: str, port: int, address: str, timeout: float, context: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address
        self._ctx = context

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._ctx.wrap_socket(sock, server_hostname=self.host)


def _split(url: str, origin: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchRefused(origin, f"not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(
            origin,
            f"only http and https URLs are fetched, not {scheme or 'a URL without scheme'!r}"
            + (f" ({url})" if url != origin else ""),
        )
    if parts.username is not None or parts.password is not None:
        raise FetchRefused(origin, "URLs with credentials (user:password@) are not fetched")
    host = parts.hostname
    if not host:
        raise FetchRefused(origin, "the URL has no host")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    if any(ord(c) < 0x21 or ord(c) > 0x7E for c in path):
        path = quote(path, safe="/?&=%:@!$'()*+,;~-._")
    return scheme, host, port or (443 if scheme == "https" else 80), path


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    parts = [p.strip() for p in header.split(";")]
    charset = None
    for p in parts[1:]:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip("\"'") or None
    return parts[0].lower(), charset


def _connect(
    scheme: str,
    host: str,
    port: int,
    addresses: list[str],
    timeout: float,
    context: ssl.SSLContext,
    *,
    origin: str,
    where: str,
) -> http.client.HTTPConnection:
    """A connection to the first vetted address that answers; FetchRefused naming the last failure otherwise."""
    conn = None
    last: Exception | None = None
    for address in addresses:
        conn = (
            _PinnedHTTPS(host, port, address, timeout, context)
            if scheme == "https"
            else _PinnedHTTP(host, port, address, timeout)
        )
        try:
            conn.connect()
            break
        except (OSError, ssl.SSLError) as exc:
            last = exc
            conn.close()
            conn = None
    if conn is None:
        reason = "timed out" if isinstance(last, TimeoutError | socket.timeout) else str(last)
        raise FetchRefused(origin, f"cannot connect to {host}:{port}{where}: {reason}")
    return conn


def _send_get(conn: http.client.HTTPConnection, path: str) -> None:
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.putheader("User-Agent", USER_AGENT)
    conn.putheader(
        "Accept",
        "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
    )
    conn.putheader("Accept-Encoding", "gzip, identity")
    conn.putheader("Connection", "close")
    conn.endheaders()


def _read_body(
    resp: http.client.HTTPResponse,
    *,
    origin: str,
    limit: int,
    deadline: float,
    cut: threading.Event,
    too_slow: FetchRefused,
    where: str,
) -> bytes:
    """The body of a 200 response, streamed under the byte limit and the deadline, gzip decoded."""
    length = resp.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > limit:
        raise InputTooLarge(
            origin,
            f"response of {int(length):,} bytes{where}, more than the {limit:,}-byte limit",
            hint="raise SITROOM_MAX_FETCH_BYTES",
        )
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise too_slow
        chunk = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            raise InputTooLarge(
                origin,
                f"response larger than the {limit:,}-byte limit{where}",
                hint="raise SITROOM_MAX_FETCH_BYTES",
            )
        chunks.append(chunk)
    if cut.is_set():
        raise too_slow
    if length and length.strip().isdigit() and total < int(length):
        raise FetchRefused(origin, f"incomplete response: {total:,} of {int(length):,} bytes{where}")
    body = b"".join(chunks)
    if (resp.getheader("Content-Encoding") or "").strip().lower() in ("gzip", "x-gzip"):
        gz = BoundedGzip(origin, io.BytesIO(body), compressed_size=len(body), max_bytes=limit)
        try:
            body = io.BufferedReader(gz).read(limit + 1)
        except InputTooLarge:
            raise InputTooLarge(
                origin,
                f"gzip-encoded response decompresses to more than the {limit:,}-byte limit{where}",
                hint="raise SITROOM_MAX_FETCH_BYTES",
            ) from None
    return body


def fetch(url: str, *, settings: Any, allow_private: Any = False, origin: str | None = None) -> Fetched:
    """GET ``url`` under the rules of this module; raises FetchRefused / InputTooLarge naming ``origin``.

    ``allow_private``: ``True`` to allow every address, or networks (``["127.0.0.1/32"]``) to allow only those
    beside the public ones (every hop, every resolved address is checked against them)."""
    origin = origin or url
    limit = settings.max_fetch_bytes
    deadline = time.monotonic() + settings.fetch_deadline
    context = ssl.create_default_context()
    current = url
    for hop in range(settings.max_redirects + 1):
        scheme, host, port, path = _split(current, origin)
        where = "" if current == url else f" (redirected to {current})"
        addresses = check_address(
            host, port, origin=origin, allow_private=allow_private, timeout=settings.fetch_timeout
        )
        conn = _connect(scheme, host, port, addresses, settings.fetch_timeout, context, origin=origin, where=where)
        # the deadline holds for headers and body alike: a watchdog cuts the connection when it passes (a server
        # that trickles bytes never trips the per-read timeout)
        cut = threading.Event()
        watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), _cut, args=(conn, cut))
        watchdog.daemon = True
        watchdog.start()
        too_slow = FetchRefused(
            origin,
            f"the response took longer than {settings.fetch_deadline:g} s{where}",
            hint="raise SITROOM_FETCH_DEADLINE",
        )
        try:
            _send_get(conn, path)
            resp = conn.getresponse()
            if resp.status in _REDIRECTS:
                location = resp.getheader("Location")
                if not location:
                    raise FetchRefused(origin, f"HTTP {resp.status} redirect without a Location{where}")
                if hop == settings.max_redirects:
                    raise FetchRefused(
                        origin,
                        f"more than {settings.max_redirects} redirects{where}",
                        hint="raise SITROOM_MAX_REDIRECTS",
                    )
                current = urljoin(current, location.strip())
                continue
            if resp.status != 200:
                raise FetchRefused(origin, f"HTTP {resp.status} {resp.reason}{where}")
            body = _read_body(
                resp, origin=origin, limit=limit, deadline=deadline, cut=cut, too_slow=too_slow, where=where
            )
            media, charset = _media_type(resp.getheader("Content-Type"))
            return Fetched(url=current, status=resp.status, content_type=media, charset=charset, body=body)
        except (TimeoutError, socket.timeout):
            if cut.is_set():
                raise too_slow from None
            raise FetchRefused(
                origin,
                f"timed out after {settings.fetch_timeout:g} s waiting for {host}{where}",
                hint="raise SITROOM_FETCH_TIMEOUT",
            ) from None
        except (http.client.HTTPException, OSError, ssl.SSLError, ValueError) as exc:
            if cut.is_set():
                raise too_slow from None
            raise FetchRefused(origin, f"fetch failed{where}: {type(exc).__name__}: {exc}") from None
        finally:
            watchdog.cancel()
            conn.close()
    raise FetchRefused(origin, f"more than {settings.max_redirects} redirects")  # not reached


def _cut(conn: http.client.HTTPConnection, flag: threading.Event) -> None:
    flag.set()
    sock = conn.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def read_url(url: str, *, defaults: dict[str, Any], settings: Any, allow_private: Any = False) -> Iterator[Any]:
    """``sitroom ingest URL``: fetch, then read as a page or a feed by content type (sniffing generic types)."""
    try:
        got = fetch(url, settings=settings, allow_private=allow_private)
    except InputError as exc:
        yield exc
        return
    kind = None
    if got.content_type in _HTML_TYPES:
        kind = "feed" if looks_like_feed(got.body[:4096]) else "html"
    elif got.content_type in _FEED_TYPES or got.content_type.endswith(("+xml", "/xml")):
        kind = "feed" if looks_like_feed(got.body[:4096]) or not looks_like_html(got.body[:4096]) else "html"
    elif got.content_type in ("", "text/plain", "application/octet-stream", "binary/octet-stream"):
        kind = "feed" if looks_like_feed(got.body[:4096]) else "html" if looks_like_html(got.body[:4096]) else None
    if kind is None:
        yield InputError(
            url,
            f"unsupported content type {got.content_type or '(none)'!r} "
            "(sitroom reads HTML pages and RSS/Atom feeds from URLs)",
        )
        return
    if kind == "feed":
        yield from articles_from_feed(got.body, url, defaults=defaults, settings=settings, url=got.url)
        return
    try:
        yield article_from_html(got.body, url, defaults=defaults, settings=settings, url=got.url, charset=got.charset)
    except InputError as exc:
        yield exc
