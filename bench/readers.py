"""What each ingest reader costs per article, as a ratio to the plain-text reader on the same texts in the same run.

    python bench/readers.py [--n 300] [--rounds 3]

Inputs are made here, in memory, from the reader test fixtures (tests/fixtures/readers): ``--n`` copies of the
HTML page (each with a different paragraph so no two are equal), an RSS feed of ``--n`` entries with the same
texts, a WARC and a WARC.gz of ``--n`` HTML responses plus as many image records (skipped), and as the baseline
``--n`` text files' worth of the extracted article texts through the ``.txt`` reader. Each reader runs over its
whole input ``--rounds`` times; the best round counts (wall clock, one process). Printed: articles per second and
the cost per article relative to the text reader.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitroom.config import Settings  # noqa: E402
from sitroom.ingest import READERS  # noqa: E402
from sitroom.model import Article  # noqa: E402

FIX = ROOT / "tests" / "fixtures" / "readers"
DEFAULTS = {"published": None, "outlet": None, "url": None}


def pages(n: int) -> list[bytes]:
    page = (FIX / "page.html").read_text(encoding="utf-8")
    return [
        page.replace("</article>", f"<p>Report number {i} from the province, officials said.</p></article>").encode()
        for i in range(n)
    ]


def feed(texts: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    items = "".join(
        f"<item><title>Report {i}</title><link>https://news.example.org/{i}</link>"
        f"<pubDate>Thu, 12 Aug 2021 10:00:00 GMT</pubDate><description>{escape(t)}</description></item>"
        for i, t in enumerate(texts)
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>{items}</channel></rss>').encode()


def warc(htmls: list[bytes], gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for i, body in enumerate(htmls):
        for ctype, payload in (("text/html; charset=utf-8", body), ("image/png", b"\x89PNG" + bytes(2000))):
            hh = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(
                    f"https://news.example.org/{i}", "response", payload=io.BytesIO(payload), http_headers=hh
                )
            )
    return buf.getvalue()


def run(suffix: str, inputs: list[bytes], settings: Settings) -> tuple[int, float]:
    reader = READERS[suffix]
    t0 = time.perf_counter()
    n = 0
    for data in inputs:
        for item in reader("bench" + suffix, io.BytesIO(data), defaults=DEFAULTS, settings=settings):
            if not isinstance(item, Article):
                raise SystemExit(f"bench input failed: {item}")
            n += 1
    return n, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    settings = Settings()
    htmls = pages(args.n)
    texts = [
        a.text for d in htmls for a in READERS[".html"]("p.html", io.BytesIO(d), defaults=DEFAULTS, settings=settings)
    ]
    cases = {
        "text (baseline)": (".txt", [t.encode() for t in texts]),
        "html": (".html", htmls),
        "rss feed": (".rss", [feed(texts)]),
        "warc": (".warc", [warc(htmls, gz=False)]),
        "warc.gz": (".warc", [warc(htmls, gz=True)]),
    }
    best: dict[str, tuple[int, float]] = {}
    for _ in range(args.rounds):
        for name, (suffix, inputs) in cases.items():
            n, secs = run(suffix, inputs, settings)
            if name not in best or secs < best[name][1]:
                best[name] = (n, secs)
    base = best["text (baseline)"][1] / best["text (baseline)"][0]
    print(f"{'reader':<18} {'articles':>8} {'seconds':>8} {'articles/s':>11} {'ms/article':>11} {'x text':>8}")
    for name, (n, secs) in best.items():
        per = secs / n
        print(f"{name:<18} {n:>8} {secs:>8.2f} {n / secs:>11.1f} {per * 1000:>11.2f} {per / base:>8.1f}")
    raw = sum(len(d) for d in htmls)
    print(
        f"inputs: {args.n} pages, {raw / args.n / 1024:.1f} KiB each; warc {len(cases['warc'][1][0]) / 1e6:.1f} MB, "
        f"warc.gz {len(cases['warc.gz'][1][0]) / 1e6:.2f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
