"""The readers news arrives in: HTML pages, RSS/Atom feeds, WARC files, and safe URL fetches.

Real formats: fixture files under tests/fixtures/readers (a page with navigation, footer and scripts; an RSS 2.0 and
an Atom 1.0 feed), WARC files written here with warcio's WARCWriter, a real HTTP server on 127.0.0.1 in a thread,
and a real ``sitroom ingest`` subprocess into a SQLite store.
"""

from __future__ import annotations

import gzip
import http.server
import io
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from sitroom.config import Settings
from sitroom.errors import BinaryInput, EmptyInput, InputError, InputTooLarge
from sitroom.ingest import READERS, read_paths
from sitroom.ingest.readers import sniff_reader
from sitroom.ingest.feed import read_feed
from sitroom.ingest.fetch import FetchRefused, fetch, read_url
from sitroom.ingest.html import read_html
from sitroom.ingest.warc import read_warc
from sitroom.model import Article

ROOT = Path(__file__).resolve().parent.parent
FIX = (
    Path(__file__).resolve().parent / "fixtures" / "readers"
)  # not fixtures/ingest: test_ingest reads that whole folder
DEFAULTS = {"published": None, "outlet": None, "url": None}
S = Settings()


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def errors(items):
    return [i for i in items if isinstance(i, InputError)]


# --------------------------------------------------------------------------- HTML


def test_html_page_main_text_and_metadata():
    items = list(read_paths([str(FIX / "page.html")]))
    assert len(items) == 1 and isinstance(items[0], Article), items
    a = items[0]
    assert "Taliban fighters captured the city of Ghazni on Thursday" in a.text
    assert "more than 240,000 people had been displaced" in a.text
    for boilerplate in (
        "Subscribe now",
        "Sign in",
        "Privacy policy",
        "All rights reserved",
        "Most read",
        "Celebrity chef",
        "Enable JavaScript",
    ):
        assert boilerplate not in a.text, boilerplate
    assert "SCRIPT_" not in a.text and "alert(" not in a.text and "font-family" not in a.text
    assert a.title == "Taliban Take Ghazni, Tenth Provincial Capital in a Week"
    assert a.url == "https://news.example.org/2021/08/12/ghazni-falls"  # canonical beats og:url
    assert a.outlet == "Frontier Ledger"
    assert a.published == date(2021, 8, 12)
    assert "\n\n" in a.text  # paragraphs


def test_html_arguments_fill_only_what_the_page_lacks(tmp_path):
    p = tmp_path / "bare.htm"
    p.write_text(
        "<html><body><article><p>Government forces retook the district centre of Arghandab on Friday, "
        "the defence ministry said.</p></article></body></html>",
        encoding="utf-8",
    )
    (a,) = read_paths([str(p)], published="2021-08-06", outlet="Given Outlet", url="https://given.example/x")
    assert (a.published, a.outlet, a.url) == (date(2021, 8, 6), "Given Outlet", "https://given.example/x")
    (a,) = read_paths([str(FIX / "page.html")], published="2001-01-01", outlet="Other", url="https://other.example/")
    assert (a.published, a.outlet, a.url) == (
        date(2021, 8, 12),
        "Frontier Ledger",
        "https://news.example.org/2021/08/12/ghazni-falls",
    )


SCRIPTS = [
    "<script>MARK()</script>",
    "<SCRIPT type='module'>MARK()</SCRIPT>",
    "<script><!-- MARK() --></script>",
    "<svg><script>MARK()</script></svg>",
    "<noscript>MARK</noscript>",
    "<style>.MARK{}</style>",
    "<template><p>MARK</p></template>",
    "<script>document.write('<p>MARK</p>')</script>",
]


@pytest.mark.parametrize("payload", SCRIPTS)
def test_script_content_never_enters_the_text(payload):
    page = (
        "<html><head><title>Kunduz</title>" + payload + "</head><body><article>"
        "<p>Taliban fighters entered Kunduz on Sunday, residents said." + payload + " They took the governor's "
        "compound.</p>" + payload + "<p>Fighting continued near the airport on Monday, officials said.</p>"
        "</article>" + payload + "</body></html>"
    )
    (a,) = read_html("p.html", io.BytesIO(page.encode()), defaults=DEFAULTS, settings=S)
    assert "MARK" not in a.text and "MARK" not in (a.title or "")
    assert "They took the governor's compound." in a.text  # the text after a script stays
    (a,) = read_feed("f.rss", io.BytesIO(_rss([("Kunduz", page)])), defaults=DEFAULTS, settings=S)
    assert "MARK" not in a.text and "They took the governor's compound." in a.text


def test_html_refusals_name_the_input(tmp_path):
    cases = {
        "binary.html": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, BinaryInput),
        "empty.html": (b"", EmptyInput),
        "plain.html": (b"Just a sentence without any markup at all.", InputError),
        "utf16.html": ("<html><body><p>x</p></body></html>".encode("utf-16"), InputError),
        "nothing.html": (b"<html><head><title>t</title></head><body></body></html>", EmptyInput),
    }
    for name, (data, kind) in cases.items():
        (tmp_path / name).write_bytes(data)
    items = list(read_paths([str(tmp_path / n) for n in cases] + [str(FIX / "page.html")]))
    assert len(items) == len(cases) + 1 and isinstance(items[-1], Article)  # the batch goes on
    for item, (name, (_, kind)) in zip(items, cases.items()):
        assert isinstance(item, kind), (name, item)
        assert str(item).startswith(str(tmp_path / name))


def test_html_page_size_limit(tmp_path):
    small = Settings(max_article_chars=1000, max_line_chars=500)
    p = tmp_path / "big.html"
    p.write_bytes(b"<html><body>" + b"<p>Kabul.</p>" * 400 + b"</body></html>")  # > 4,000 bytes
    (item,) = read_paths([str(p)], settings=small)
    assert isinstance(item, InputTooLarge) and "page limit" in str(item)
    gz = tmp_path / "big.html.gz"
    gz.write_bytes(gzip.compress(p.read_bytes()))
    (item,) = read_paths([str(gz)], settings=small)
    assert isinstance(item, InputTooLarge)


def test_html_in_windows_1252_is_decoded():
    page = (
        "<html><head><meta charset='windows-1252'></head><body><p>Caf\xe9 owners in Kabul said \u201cthe city "
        "is calm\u201d on Monday.</p></body></html>"
    )
    (a,) = read_html("p.html", io.BytesIO(page.encode("cp1252")), defaults=DEFAULTS, settings=S)
    assert "Café owners" in a.text and "\u201cthe city is calm\u201d" in a.text


# --------------------------------------------------------------------------- feeds


def _rss(items: list[tuple[str, str]]) -> bytes:
    from xml.sax.saxutils import escape

    body = "".join(
        f"<item><title>{escape(t)}</title><link>https://feed.example.com/{i}</link>"
        f"<pubDate>Thu, 12 Aug 2021 10:00:00 GMT</pubDate><description>{escape(d)}</description></item>"
        for i, (t, d) in enumerate(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Feed</title>'
        f"<link>https://feed.example.com/</link>{body}</channel></rss>"
    ).encode()


def test_rss_entries_become_articles():
    items = list(read_paths([str(FIX / "feed.rss")]))
    assert [type(i).__name__ for i in items] == ["Article"] * 3
    a, b, c = items
    assert a.title == "Taliban capture Kunduz after days of fighting"
    assert a.text.startswith("Taliban fighters captured the northern city of Kunduz on Sunday")
    assert "Government forces withdrew" in a.text and "SCRIPT_" not in a.text  # content:encoded, not the teaser
    assert "<" not in a.text and "<p>" not in b.text  # HTML stripped, entities decoded
    assert b.text.startswith("Heavy fighting was reported near Lashkar Gah")
    assert (a.url, a.published, a.outlet) == (
        "https://news.example.org/2021/08/08/kunduz",
        date(2021, 8, 8),
        "Frontier Ledger - World",
    )
    assert c.text == "Sheberghan falls to the Taliban"  # an entry without a body is read from its title
    assert c.published == date(2021, 8, 7)  # the date as the feed wrote it (+0430), not shifted to UTC
    assert [i.origin for i in items] == [f"{FIX / 'feed.rss'}#{n}" for n in (1, 2, 3)]


def test_atom_entries_become_articles():
    a, b = read_paths([str(FIX / "feed.atom")])
    assert a.title == "Herat & Kandahar fall to the Taliban"
    assert a.text == (
        "The Taliban captured Herat and Kandahar on Thursday, officials said.\n\n"
        "Ismail Khan, a militia commander who had defended Herat, surrendered to the insurgents."
    )
    assert (a.url, a.published, a.outlet) == (
        "https://wire.example.net/2021/08/13/herat-kandahar",
        date(2021, 8, 13),
        "Border Wire",
    )
    assert b.published == date(2021, 8, 12) and b.text.startswith(
        "Thousands of families"
    )  # <updated> if no <published>


def test_feed_outlet_from_link_host_when_untitled():
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><link>https://www.voanews.com/</link><item>'
        b"<title>x</title><description>Taliban fighters captured Ghazni on Thursday.</description></item>"
        b"</channel></rss>"
    )
    (a,) = read_feed("f.rss", io.BytesIO(data), defaults=DEFAULTS, settings=S)
    assert a.outlet == "Voice of America" or a.outlet == "voanews.com"


def test_feed_refusals(tmp_path):
    (tmp_path / "notafeed.xml").write_bytes(b"<?xml version='1.0'?><config><a>1</a></config>")
    (tmp_path / "noentries.rss").write_bytes(
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>"
    )
    (tmp_path / "garbage.atom").write_bytes(b"\x00\x01\x02 not xml")
    big = _rss([("Kabul", "Fighting in Kabul. " * 10)] + [("Ok", "The Taliban captured Herat on Thursday.")])
    (tmp_path / "oneline.rss").write_bytes(big)
    small = Settings(max_article_chars=5000, max_line_chars=100)
    items = list(
        read_paths(
            [str(tmp_path / n) for n in ("notafeed.xml", "noentries.rss", "garbage.atom", "oneline.rss")],
            settings=small,
        )
    )
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["InputError", "EmptyInput", "BinaryInput", "InputTooLarge", "Article"], items
    assert "not an RSS or Atom feed" in str(items[0]) and str(items[3]).startswith(f"{tmp_path / 'oneline.rss'}#1")


def test_feed_is_never_opened_as_a_path_or_url(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text(_rss([("Leak", "SECRET CONTENTS of a local file")]).decode(), encoding="utf-8")
    for data in (str(secret).encode(), secret.as_uri().encode(), b"http://127.0.0.1:9/feed"):
        items = list(read_feed("f.rss", io.BytesIO(data), defaults=DEFAULTS, settings=S))
        assert all(isinstance(i, InputError) for i in items) and items


# --------------------------------------------------------------------------- WARC


def _warc(path: Path, *, gz: bool, truncate: int = 0, corrupt_record: int | None = None) -> list[int]:
    """A WARC like a CC-NEWS file: warcinfo, request/response pairs, a PNG, a 404, a redirect, an HTML resource."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    offsets = []

    def put(rec):
        offsets.append(buf.tell())
        w.write_record(rec)

    def response(uri, status, ctype, body, date_="2021-08-13T10:00:00Z", extra=()):
        hh = StatusAndHeaders(status, [("Content-Type", ctype), *extra], protocol="HTTP/1.1")
        return w.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=hh, warc_headers_dict={"WARC-Date": date_}
        )

    put(w.create_warcinfo_record(path.name, {"software": "sitroom tests", "format": "WARC File Format 1.0"}))
    put(
        w.create_warc_record(
            "https://news.example.org/2021/08/12/ghazni-falls",
            "request",
            payload=io.BytesIO(b"GET /2021/08/12/ghazni-falls HTTP/1.1\r\nHost: news.example.org\r\n\r\n"),
            warc_headers_dict={"WARC-Date": "2021-08-13T10:00:00Z"},
        )
    )
    put(
        response(
            "https://news.example.org/2021/08/12/ghazni-falls?x=1",
            "200 OK",
            "text/html; charset=utf-8",
            (FIX / "page.html").read_bytes(),
        )
    )
    put(response("https://img.example.org/map.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(range(256))))
    put(
        response(
            "https://news.example.org/missing",
            "404 Not Found",
            "text/html",
            b"<html><body><p>Page not found. The Taliban did not take this page.</p></body></html>",
        )
    )
    put(
        response(
            "https://news.example.org/old",
            "301 Moved Permanently",
            "text/html",
            b"",
            extra=[("Location", "https://news.example.org/new")],
        )
    )
    put(
        response(
            "https://wire.example.net/herat",
            "200 OK",
            "text/html",
            b"<html><head><title>Herat falls</title></head><body><article><p>The Taliban captured Herat on "
            b"Thursday after weeks of fighting, officials said.</p></article></body></html>",
            date_="2021-08-13T18:30:00Z",
        )
    )
    put(
        w.create_warc_record(
            "https://wire.example.net/kandahar",
            "resource",
            payload=io.BytesIO(
                b"<html><body><p>Taliban fighters entered Kandahar on Friday, residents said.</p></body></html>"
            ),
            warc_content_type="text/html",
            warc_headers_dict={"WARC-Date": "2021-08-14T06:00:00Z"},
        )
    )
    data = bytearray(buf.getvalue())
    if corrupt_record is not None:  # damage the middle of one record's bytes
        start, end = offsets[corrupt_record], offsets[corrupt_record + 1]
        mid = (start + end) // 2
        data[mid : mid + 16] = b"\xde\xad\xbe\xef" * 4
    if truncate:
        data = data[:-truncate]
    path.write_bytes(bytes(data))
    return offsets


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses_become_articles(tmp_path, gz):
    p = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    _warc(p, gz=gz)
    items = list(read_paths([str(p)]))
    assert [type(i).__name__ for i in items] == ["Article"] * 3, items  # warcinfo, request, PNG, 404, 301 skipped
    page, herat, kandahar = items
    assert page.url == "https://news.example.org/2021/08/12/ghazni-falls" and page.published == date(2021, 8, 12)
    assert page.outlet == "Frontier Ledger" and "SCRIPT_" not in page.text and "Subscribe" not in page.text
    assert herat.url == "https://wire.example.net/herat"  # the target URI when the page names none
    assert herat.published == date(2021, 8, 13)  # WARC-Date when the page carries no date
    assert herat.text.startswith("The Taliban captured Herat")
    assert kandahar.published == date(2021, 8, 14) and "Kandahar" in kandahar.text
    assert page.origin == f"{p}#3" and herat.origin == f"{p}#7"  # records counted from 1


@pytest.mark.parametrize("gz", [False, True])
def test_warc_truncated_record_is_its_own_error(tmp_path, gz):
    p = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    _warc(p, gz=gz, truncate=40)
    items = list(read_paths([str(p), str(FIX / "feed.atom")]))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "InputError", "Article", "Article"], items
    assert str(items[2]).startswith(f"{p}#8") and "truncated" in str(items[2])


def test_warc_gz_corrupt_record_the_rest_goes_on(tmp_path):
    p = tmp_path / "damaged.warc.gz"
    _warc(p, gz=True, corrupt_record=2)  # the Ghazni page's gzip member
    items = list(read_paths([str(p)]))
    assert [type(i).__name__ for i in items] == ["InputError", "Article", "Article"], items
    assert str(items[0]).startswith(f"{p}#3") and "corrupt" in str(items[0])
    assert items[1].text.startswith("The Taliban captured Herat")


def test_warc_plain_corrupt_header_the_rest_goes_on(tmp_path):
    p = tmp_path / "damaged.warc"
    offsets = _warc(p, gz=False)
    data = bytearray(p.read_bytes())
    data[offsets[2] : offsets[2] + 5] = b"XXXX/"  # the page record's version line
    p.write_bytes(bytes(data))
    items = list(read_paths([str(p)]))
    assert [type(i).__name__ for i in items] == ["InputError", "Article", "Article"], items
    assert "corrupt WARC data" in str(items[0])


def test_warc_limits(tmp_path, monkeypatch):
    p = tmp_path / "crawl.warc.gz"
    _warc(p, gz=True)
    small = Settings(max_article_chars=500, max_line_chars=400)  # page limit 2,000 bytes: the Ghazni page is larger
    items = list(read_paths([str(p)], settings=small))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["InputTooLarge", "Article", "Article"], items
    assert str(items[0]).startswith(f"{p}#3")
    monkeypatch.setenv("SITROOM_MAX_DECOMPRESSED", "3000")  # a stream of unknown size (stdin) is capped
    items = list(read_warc("-", io.BytesIO(p.read_bytes()), defaults=DEFAULTS, settings=S))
    assert isinstance(items[-1], InputTooLarge) and "SITROOM_MAX_DECOMPRESSED" in (items[-1].hint or "")
    assert len(articles(read_paths([str(p)]))) == 3  # a file of known size: bounded by the ratio, not the cap


def test_warc_bomb_is_refused(tmp_path):
    import zlib

    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 99999999999\r\n\r\n"
    z = c.compress(head) + b"".join(c.compress(b"\x00" * (1 << 20)) for _ in range(64)) + c.flush()
    p = tmp_path / "bomb.warc.gz"
    p.write_bytes(z)
    items = list(read_paths([str(p)]))
    assert len(items) == 1 and isinstance(items[0], InputTooLarge)


def test_not_a_warc(tmp_path):
    p = tmp_path / "x.warc"
    p.write_bytes(b"hello\nworld\n")
    (item,) = read_paths([str(p)])
    assert isinstance(item, InputError) and "not a WARC file" in str(item)


def test_directories_and_stdin_sniffing(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "page.html").write_bytes((FIX / "page.html").read_bytes())
    (d / "feed.rss").write_bytes((FIX / "feed.rss").read_bytes())
    _warc(d / "crawl.warc.gz", gz=True)
    items = list(read_paths([str(d)]))
    assert [type(i).__name__ for i in items] == ["Article"] * 7
    assert READERS[".html"] is sniff_reader(b"<!DOCTYPE html><html><body><p>x</p>")
    assert READERS[".rss"] is sniff_reader(b'<?xml version="1.0"?>\n<rss version="2.0">')
    assert READERS[".atom"] is sniff_reader(b'<feed xmlns="http://www.w3.org/2005/Atom">')
    assert READERS[".warc"] is sniff_reader(b"WARC/1.0\r\n")
    assert READERS[".txt"] is sniff_reader(b"2021-08-12\nKabul fell.")


# --------------------------------------------------------------------------- any bytes: Articles or InputErrors

SMALL = Settings(max_article_chars=4000, max_line_chars=1500)
FUZZ = hsettings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
html_bits = st.lists(
    st.sampled_from(
        [
            b"<html>",
            b"<head>",
            b"<title>Kabul</title>",
            b"<body>",
            b"<p>",
            b"</p>",
            b"<script>",
            b"</script>",
            b"<article>",
            b"</article>",
            b"<meta charset='koi8-r'>",
            b"<meta charset='utf-16'>",
            b"<link rel=canonical href=",
            b'"https://x.example/a"',
            b">",
            b"<",
            b"&amp;",
            b"&#0;",
            b"&#xd800;",
            b"\xe9",
            b"\x00",
            b"Taliban fighters took Kunduz. ",
            b"<!--",
            b"-->",
            b"<![CDATA[",
            b"]]>",
            b"<svg>",
            b"<table><tr><td>",
            b"\n",
            b"\r",
            b"\xef\xbb\xbf",
            b"<div>" * 30,
            b"<meta property='article:published_time' content='2021-02-30'>",
            b"<time datetime='9999-99-99'>",
        ]
    ),
    max_size=50,
).map(b"".join)
feed_bits = st.lists(
    st.sampled_from(
        [
            b'<?xml version="1.0"?>',
            b'<?xml version="1.0" encoding="koi8-r"?>',
            b"<rss version='2.0'>",
            b"<channel>",
            b"<item>",
            b"</item>",
            b"<title>",
            b"</title>",
            b"<description>",
            b"</description>",
            b"<link>",
            b"https://a.example/x",
            b"</link>",
            b"<pubDate>",
            b"Thu, 12 Aug 2021 10:00:00 +0430",
            b"31 Feb 2021",
            b"</pubDate>",
            b'<feed xmlns="http://www.w3.org/2005/Atom">',
            b"<entry>",
            b"</entry>",
            b"<content type='html'>",
            b"</content>",
            b"&lt;script&gt;x&lt;/script&gt;",
            b"&lt;p&gt;",
            b"<![CDATA[<p>Kabul</p>]]>",
            b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
            b"&a;",
            b"Taliban fighters took Herat.",
            b"\n",
            b"\x00",
            b"\xff",
            b"</channel></rss>",
            b"</feed>",
        ]
    ),
    max_size=50,
).map(b"".join)


def _feed_doc(kind, entries):
    from xml.sax.saxutils import escape

    if kind == "rss":
        items = "".join(
            f"<item><title>{escape(t)}</title><pubDate>{escape(d)}</pubDate><description>{escape(b)}"
            f"</description></item>"
            for t, d, b in entries
        )
        return f"<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>{items}</channel></rss>".encode()
    items = "".join(
        f"<entry><title type='html'>{escape(t)}</title><updated>{escape(d)}</updated>"
        f"<content type='html'>{escape(b)}</content></entry>"
        for t, d, b in entries
    )
    return f"<feed xmlns='http://www.w3.org/2005/Atom'><title>F</title>{items}</feed>".encode()


xml_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=200)
feed_docs = st.builds(
    _feed_doc,
    st.sampled_from(["rss", "atom"]),
    st.lists(
        st.tuples(
            xml_text,
            st.one_of(xml_text, st.sampled_from(["Thu, 12 Aug 2021 10:00:00 +0430", "2021-08-12T23:30:00-05:00"])),
            st.one_of(xml_text, st.sampled_from(["<p>Kabul</p><script>x</script>", "<p>" + "word " * 400 + "</p>"])),
        ),
        min_size=1,
        max_size=4,
    ),
)


@FUZZ
@given(doc=feed_docs)
def test_feed_entries_any_text(doc):
    items = _run(read_feed, "x.rss", doc)
    assert items and all(str(i.origin if isinstance(i, Article) else i).startswith("x.rss#") for i in items)
    for a in articles(items):
        assert "<script>" not in a.text and "<p>" not in a.text


def _warc_bits():
    rec = st.builds(
        lambda t, ct, body, cl_delta, tail: (
            b"WARC/1.0\r\nWARC-Type: "
            + t
            + b"\r\nWARC-Target-URI: https://a.example/\r\nWARC-Date: 2021-08-13T00:00:00Z\r\n"
            b"Content-Type: "
            + ct
            + b"\r\nContent-Length: "
            + str(max(0, len(body) + cl_delta)).encode()
            + b"\r\n\r\n"
            + body
            + tail
        ),
        st.sampled_from([b"response", b"resource", b"request", b"warcinfo", b"revisit", b"x"]),
        st.sampled_from([b"application/http; msgtype=response", b"text/html", b"image/png", b""]),
        st.one_of(
            st.binary(max_size=300),
            st.sampled_from(
                [
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>The Taliban captured Ghazni.</p>",
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>Ka\r\n0\r\n\r\n",
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n\x1f\x8b\x08\x00garbage",
                    b"HTTP/1.1 200\r\n\r\n<html><p>x</p>",
                    b"HTTP/9 abc\r\n\r\n",
                    b"<html><body><p>Resource body.</p></body></html>",
                ]
            ),
        ),
        st.integers(min_value=-20, max_value=20),
        st.sampled_from([b"\r\n\r\n", b"", b"\n", b"garbage\r\n"]),
    )
    return st.lists(rec, min_size=1, max_size=4).map(b"".join)


def _check(items, origin):
    for item in items:
        assert isinstance(item, (Article, InputError)), type(item)
        if isinstance(item, Article):
            assert item.text.strip() and len(item.text) <= SMALL.max_article_chars
            assert max(len(x) for x in item.text.split("\n")) <= SMALL.max_line_chars
            assert "\r" not in item.text
            item.model_dump_json()
        else:
            assert str(item).startswith(origin)


def _run(reader, origin, data, *, gz=False):
    from sitroom.ingest.compressed import open_gzip

    stream = io.BytesIO(gzip.compress(data) if gz else data)
    if gz and reader is not read_warc:
        stream = open_gzip(origin, stream, compressed_size=len(data))
    try:
        items = list(reader(origin, stream, defaults=DEFAULTS, settings=SMALL))
    except InputError as exc:  # documented: ends this input
        items = [exc]
    _check(items, origin)
    return items


@FUZZ
@given(data=st.one_of(html_bits, st.binary(max_size=2000)))
def test_html_any_bytes(data):
    _run(read_html, "x.html", data)


@FUZZ
@given(data=st.one_of(feed_bits, st.binary(max_size=2000)))
def test_feed_any_bytes(data):
    _run(read_feed, "x.rss", data)


@FUZZ
@given(data=st.one_of(_warc_bits(), st.binary(max_size=2000)), gz=st.booleans(), cut=st.integers(0, 60))
def test_warc_any_bytes(data, gz, cut):
    _run(read_warc, "x.warc", data[: len(data) - cut] if cut < len(data) else data, gz=gz)


@FUZZ
@given(data=_warc_bits(), flip=st.integers(0, 10_000), xor=st.integers(1, 255))
def test_warc_gz_damaged_member(data, flip, xor):
    z = bytearray(gzip.compress(data))
    z[flip % len(z)] ^= xor
    _run(read_warc, "x.warc.gz", bytes(z))


# --------------------------------------------------------------------------- fetch: a real HTTP server on 127.0.0.1

LOCAL_FEED = _rss(
    [
        (
            "Taliban take Pul-e-Khumri",
            "Taliban fighters captured Pul-e-Khumri, the capital of Baghlan "
            "province, on Tuesday, a provincial council member said.",
        )
    ]
)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        path = self.path
        port = self.server.server_address[1]
        if path == "/page":
            self._send(200, (FIX / "page.html").read_bytes())
        elif path == "/feed":
            self._send(200, LOCAL_FEED, "application/rss+xml")
        elif path == "/feed-as-xml":
            self._send(200, (FIX / "feed.atom").read_bytes(), "text/xml")
        elif path == "/octet":
            self._send(200, (FIX / "feed.rss").read_bytes(), "application/octet-stream")
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4 ...", "application/pdf")
        elif path == "/gone":
            self._send(404, b"<p>no</p>")
        elif path == "/big":
            self._send(200, b"<html><body>" + b"<p>Kabul</p>" * 20000 + b"</body></html>")
        elif path == "/big-chunked":  # no Content-Length: the limit must stop the stream
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(400):
                    self.wfile.write(b"<p>" + b"x" * 1000 + b"</p>")
            except OSError:
                pass
            self.close_connection = True
        elif path == "/gzip-bomb":
            body = gzip.compress(b" " * (4 << 20))
            self._send(200, body, headers=[("Content-Encoding", "gzip")])
        elif path == "/slow":
            time.sleep(3)
            self._send(200, (FIX / "page.html").read_bytes())
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            try:
                for _ in range(60):
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
            self.close_connection = True
        elif path == "/slow-headers":  # each byte well within the read timeout, the whole far past the deadline
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for _ in range(60):
                    self.wfile.write(b"X-Pad: 1\r\n")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
            self.close_connection = True
        elif path.startswith("/redirect-to/"):
            target = path[len("/redirect-to/") :].replace("PORT", str(port))
            self._send(302, headers=[("Location", target)])
        elif path == "/loop":
            self._send(301, headers=[("Location", "/loop")])
        elif path == "/relative":
            self._send(307, headers=[("Location", "/page")])
        else:
            self._send(404)


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


FS = Settings(fetch_timeout=1.0, fetch_deadline=2.0, max_fetch_bytes=100_000, max_redirects=3)


def test_fetch_with_allow_private_reads_pages_and_feeds(server):
    (a,) = read_url(f"{server}/page", defaults=DEFAULTS, settings=FS, allow_private=True)
    assert a.title == "Taliban Take Ghazni, Tenth Provincial Capital in a Week" and "SCRIPT_" not in a.text
    assert a.url == "https://news.example.org/2021/08/12/ghazni-falls"
    (f,) = read_url(f"{server}/feed", defaults=DEFAULTS, settings=FS, allow_private=True)
    assert f.text.startswith("Taliban fighters captured Pul-e-Khumri") and f.outlet == "Test Feed"
    assert f.origin == f"{server}/feed#1"
    assert len(articles(read_url(f"{server}/feed-as-xml", defaults=DEFAULTS, settings=FS, allow_private=True))) == 2
    assert len(articles(read_url(f"{server}/octet", defaults=DEFAULTS, settings=FS, allow_private=True))) == 3
    (r,) = read_url(f"{server}/relative", defaults=DEFAULTS, settings=FS, allow_private=True)
    assert isinstance(r, Article) and r.id == a.id
    (e,) = read_url(f"{server}/pdf", defaults=DEFAULTS, settings=FS, allow_private=True)
    assert isinstance(e, InputError) and "unsupported content type 'application/pdf'" in str(e)
    (e,) = read_url(f"{server}/gone", defaults=DEFAULTS, settings=FS, allow_private=True)
    assert isinstance(e, FetchRefused) and "HTTP 404" in str(e)
    # only the networks named: 127.0.0.1 allowed, nothing else private
    assert isinstance(fetch(f"{server}/page", settings=FS, allow_private=["127.0.0.1/32"]).body, bytes)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/page",
        "http://10.20.30.40/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/page",
        "http://localhost:{port}/page",
        "http://0.0.0.0:{port}/page",
        "http://[::ffff:127.0.0.1]:{port}/page",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://224.0.0.251/",
    ],
)
def test_fetch_refuses_non_public_addresses(server, url):
    url = url.format(port=server.rsplit(":", 1)[1])
    items = list(read_url(url, defaults=DEFAULTS, settings=FS))
    assert len(items) == 1 and isinstance(items[0], FetchRefused), items
    assert str(items[0]).startswith(url) and "refused to fetch from" in str(items[0])
    assert "--allow-private" in (items[0].hint or "")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/feed.xml",
        "file:///etc/passwd",
        "gopher://x/",
        "http://user:pw@example.org/",
        "http:///nohost",
    ],
)
def test_fetch_refuses_other_schemes_and_odd_urls(url):
    items = list(read_paths([url]))
    assert len(items) == 1 and isinstance(items[0], FetchRefused), items


def test_redirect_to_a_private_address_is_refused(server):
    port = server.rsplit(":", 1)[1]
    allow_local = ["127.0.0.1/32"]  # the test server itself is allowed; every hop is checked again
    for target in (
        "http://10.0.0.1/x",
        "http://169.254.169.254/latest/",
        "http://[::1]:PORT/page",
        "http://127.0.0.2:PORT/page",
        "http://192.168.0.1/",
    ):
        with pytest.raises(FetchRefused) as exc:
            fetch(f"{server}/redirect-to/{target}", settings=FS, allow_private=allow_local)
        assert "refused to fetch from" in str(exc.value), str(exc.value)
    got = fetch(f"{server}/redirect-to/http://127.0.0.1:{port}/page", settings=FS, allow_private=allow_local)
    assert got.url.endswith("/page") and got.status == 200
    with pytest.raises(FetchRefused, match="redirects"):
        fetch(f"{server}/loop", settings=FS, allow_private=True)
    with pytest.raises(FetchRefused, match="only http and https"):
        fetch(f"{server}/redirect-to/file:///etc/passwd", settings=FS, allow_private=True)


def test_oversize_and_slow_responses_are_refused(server):
    for path in ("/big", "/big-chunked", "/gzip-bomb"):
        with pytest.raises(InputTooLarge, match="SITROOM_MAX_FETCH_BYTES|limit"):
            fetch(f"{server}{path}", settings=FS, allow_private=True)
    with pytest.raises(FetchRefused, match="timed out"):
        fetch(f"{server}/slow", settings=FS, allow_private=True)
    for path in ("/trickle", "/slow-headers"):
        with pytest.raises(FetchRefused, match="longer than"):
            fetch(f"{server}{path}", settings=FS, allow_private=True)


def test_refused_urls_do_not_stop_the_batch(server):
    items = list(read_paths([f"{server}/page", "http://10.1.1.1/", str(FIX / "feed.atom")], settings=FS))
    assert [type(i).__name__ for i in items] == ["FetchRefused", "FetchRefused", "Article", "Article"]
    items = list(read_paths([f"{server}/page", f"{server}/slow", f"{server}/feed"], settings=FS, allow_private=True))
    assert [type(i).__name__ for i in items] == ["Article", "FetchRefused", "Article"]


# --------------------------------------------------------------------------- sitroom ingest, end to end


def _sitroom(*args, cwd=None):
    env = dict(os.environ, SITROOM_FETCH_TIMEOUT="5")
    return subprocess.run(
        [sys.executable, "-m", "sitroom.serve.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=900,
        env=env,
    )


def test_sitroom_ingest_all_formats_into_sqlite(tmp_path, server):
    crawl = tmp_path / "crawl.warc.gz"
    _warc(crawl, gz=True, truncate=40)  # the last record (Kandahar resource) is cut: one error, the rest stored
    db = tmp_path / "s.sqlite"
    inputs = [str(FIX / "page.html"), str(FIX / "feed.rss"), str(FIX / "feed.atom"), str(crawl), f"{server}/feed"]

    refused = _sitroom("ingest", "--db", str(db), f"{server}/feed")
    assert refused.returncode == 1 and "refused to fetch from 127.0.0.1" in refused.stderr

    r = _sitroom("ingest", "--db", str(db), "--allow-private", *inputs)
    assert r.returncode == 1, r.stderr  # the truncated record is a failed input
    errs = [ln for ln in r.stderr.splitlines() if ln.startswith("sitroom: error:")]
    assert len(errs) == 1 and f"{crawl}#8" in errs[0] and "truncated" in errs[0], r.stderr
    m = re.search(r"(\d+) articles read, (\d+) stored, (\d+) already stored, (\d+) failed.*?, (\d+) events", r.stdout)
    assert m, r.stdout
    read, stored, dup, failed, events = map(int, m.groups())
    # page.html and the WARC's copy of it are one story (the copy is a carrier); 3 RSS, 2 Atom, Herat, 1 fetched
    assert (read, failed) == (9, 1) and stored + dup == read and stored >= 7 and events > 0, r.stdout

    con = sqlite3.connect(db)
    rows = dict(con.execute("SELECT url, outlet FROM articles").fetchall())
    con.close()
    assert rows["https://news.example.org/2021/08/12/ghazni-falls"] == "Frontier Ledger"
    assert rows["https://wire.example.net/2021/08/13/herat-kandahar"] == "Border Wire"
    assert rows["https://wire.example.net/herat"] == "wire.example.net"
    assert rows["https://feed.example.com/0"] == "Test Feed"

    def counts():
        c = sqlite3.connect(db)
        try:
            return [c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "carriers")]
        finally:
            c.close()

    before = counts()
    again = _sitroom("ingest", "--db", str(db), "--allow-private", *inputs)
    assert " 0 stored" in again.stdout and counts() == before, again.stdout


def _tls_server(tmp_path, names: str):
    """An HTTPS server on 127.0.0.1 with a self-signed certificate for ``names`` (openssl CLI)."""
    import shutil
    import ssl

    if not shutil.which("openssl"):
        pytest.skip("openssl not installed")
    key, cert = tmp_path / f"{names[:8]}key.pem", tmp_path / f"{names[:8]}cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=sitroom-test",
            "-addext",
            f"subjectAltName={names}",
        ],
        check=True,
        capture_output=True,
    )
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert), str(key))
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, cert


def test_https_to_the_vetted_address_checks_the_url_host(tmp_path, monkeypatch):
    srv, cert = _tls_server(tmp_path, "DNS:localhost,IP:127.0.0.1")
    port = srv.server_address[1]
    try:
        with pytest.raises(FetchRefused, match="CERTIFICATE_VERIFY_FAILED"):  # not trusted: refused
            fetch(f"https://localhost:{port}/page", settings=FS, allow_private=True)
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate
        (a,) = read_url(f"https://localhost:{port}/page", defaults=DEFAULTS, settings=FS, allow_private=True)
        assert a.title == "Taliban Take Ghazni, Tenth Provincial Capital in a Week"
        with pytest.raises(FetchRefused, match="refused to fetch from"):
            fetch(f"https://localhost:{port}/page", settings=FS)
    finally:
        srv.shutdown()
        srv.server_close()
    other, cert2 = _tls_server(tmp_path, "DNS:news.example.org")  # a valid certificate for another name
    try:
        monkeypatch.setenv("SSL_CERT_FILE", str(cert2))
        with pytest.raises(FetchRefused, match="CERTIFICATE_VERIFY_FAILED|match"):
            fetch(f"https://localhost:{other.server_address[1]}/page", settings=FS, allow_private=True)
    finally:
        other.shutdown()
        other.server_close()
