"""Property tests of every reader (Hypothesis), and the gzip limits.

Contract (sitroom.ingest): a reader given any bytes yields Articles and InputErrors; the only exception it may
raise is an InputError (``read_paths`` turns that into an item for that input only). An Article it yields is
within the limits. The same inputs gzipped give the same items. The coverage-guided fuzz run of the same
contract is ``make fuzz`` (fuzz/fuzz_readers.py).
"""

from __future__ import annotations

import gzip
import io
import json
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.config import Settings
from sitroom.errors import InputError, InputTooLarge
from sitroom.ingest import READERS, read_paths
from sitroom.ingest.compressed import BoundedGzip, open_gzip
from sitroom.model import Article

SETTINGS = Settings(max_article_chars=4000, max_line_chars=1500)
DEFAULTS = {"published": None, "outlet": None, "url": None}
READER_NAMES = sorted({f.__name__: s for s, f in READERS.items()}.values())  # one suffix per reader function
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run_reader(suffix: str, data: bytes, *, gz: bool = False) -> list[Article | InputError]:
    origin = f"input{suffix}{'.gz' if gz else ''}"
    stream: io.BufferedIOBase = io.BytesIO(data)
    if gz:
        stream = open_gzip(origin, stream, compressed_size=len(data))
    out: list[Article | InputError] = []
    try:
        for item in READERS[suffix](origin, stream, defaults=DEFAULTS, settings=SETTINGS):
            out.append(item)
    except InputError as exc:  # documented: ends this input
        out.append(exc)
    for item in out:
        assert isinstance(item, (Article, InputError)), type(item)
        if isinstance(item, Article):
            assert item.id and item.text.strip()
            assert len(item.text) <= SETTINGS.max_article_chars
            assert max(len(line) for line in item.text.split("\n")) <= SETTINGS.max_line_chars
            assert "\r" not in item.text
        else:
            assert str(item).startswith(origin)
    return out


def summary(items: list) -> list:
    return [(type(i).__name__, i.text if isinstance(i, Article) else None) for i in items]


# bytes that look a little like our inputs: JSON punctuation, newlines, BOMs, UTF-8, NULs, gzip magic
likely = st.lists(
    st.sampled_from(
        [
            b"{",
            b"}",
            b"[",
            b"]",
            b'"text"',
            b":",
            b",",
            b'"',
            b"\n",
            b"\r\n",
            b"\xef\xbb\xbf",
            b"\x00",
            b"\xff\xfe",
            b"\x1f\x8b",
            b"2021-08-12\n",
            b"Kabul",
            b" ",
            b"\\u00e9",
            b"\xc3\xa9",
            b"\xe9",
            b"null",
            b"1e999",
            b"[" * 50,
        ]
    ),
    max_size=60,
).map(b"".join)
any_bytes = st.one_of(st.binary(max_size=3000), likely)


@pytest.mark.parametrize("suffix", READER_NAMES)
@FAST
@given(data=any_bytes)
def test_any_bytes_give_articles_or_input_errors(suffix, data):
    run_reader(suffix, data)


@pytest.mark.parametrize("suffix", READER_NAMES)
@FAST
@given(data=any_bytes)
def test_gzipped_input_reads_the_same(suffix, data):
    assert summary(run_reader(suffix, gzip.compress(data), gz=True)) == summary(run_reader(suffix, data))


@pytest.mark.parametrize("suffix", READER_NAMES)
@FAST
@given(data=any_bytes, cut=st.integers(min_value=0, max_value=40), flip=st.integers(min_value=0, max_value=255))
def test_damaged_gzip_is_an_input_error(suffix, data, cut, flip):
    z = bytearray(gzip.compress(data))
    z = z[: max(0, len(z) - cut)] if cut % 2 else z
    if z and flip:
        z[flip % len(z)] ^= flip
    run_reader(suffix, bytes(z), gz=True)


body = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=400).filter(lambda t: t.strip())


@FAST
@given(texts=st.lists(body, min_size=1, max_size=5), title=st.one_of(st.none(), st.text(max_size=50)))
def test_jsonl_records_round_trip(texts, title):
    lines = [json.dumps({"text": t, "title": title, "date": "2021-08-12"}) for t in texts]
    items = run_reader(".jsonl", "\n".join(lines).encode())
    assert len(items) == len(texts)
    for t, item in zip(texts, items):
        if isinstance(item, Article):
            assert item.text == t.replace("\r\n", "\n").replace("\r", "\n")
            assert item.published.isoformat() == "2021-08-12"
        else:
            assert isinstance(item, InputError)  # only for a text past the limits, or one made of line breaks
            assert (
                len(t) > SETTINGS.max_line_chars or not t.replace("\r", "\n").strip() or isinstance(item, InputTooLarge)
            )


@FAST
@given(
    text=st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029"),
        min_size=1,
        max_size=1000,
    ).filter(lambda t: t.strip())
)
def test_text_body_is_kept(text):
    text = "Report: " + text  # a first line that is not a date header
    items = run_reader(".txt", text.encode())
    assert len(items) == 1
    if isinstance(items[0], Article):
        assert items[0].text in text


# --------------------------------------------------------------------------- gzip limits (zip bombs)


def _bomb(n_bytes: int, chunk: bytes = b"\n") -> bytes:
    """gzip of n_bytes of one repeated byte, made in pieces (a few KB compressed)."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = chunk * (1 << 20)
    out = [c.compress(block) for _ in range(n_bytes >> 20)]
    return b"".join(out) + c.flush()


def test_bomb_is_refused_by_ratio(tmp_path):
    bomb = tmp_path / "lines.jsonl.gz"
    bomb.write_bytes(_bomb(64 << 20))  # 64 MiB of newlines in ~64 KB
    assert bomb.stat().st_size < 200_000
    items = list(read_paths([str(bomb), str(tmp_path / "missing.txt")]))
    # newlines are refused by their count before the ratio trips (tests/test_faults.py); long blank lines by ratio
    assert isinstance(items[0], InputTooLarge) and "blank lines" in str(items[0]) and str(bomb) in str(items[0])
    assert len(items) == 2 and "no such file" in str(items[1])  # the batch goes on
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = (b" " * 1023 + b"\n") * 1024
    bomb.write_bytes(b"".join(c.compress(block) for _ in range(64)) + c.flush())
    items = list(read_paths([str(bomb)]))
    assert len(items) == 1 and isinstance(items[0], InputTooLarge) and "times its" in str(items[0])


def test_bomb_is_refused_by_size(tmp_path, monkeypatch):
    monkeypatch.setenv("SITROOM_MAX_DECOMPRESSED", str(1 << 20))
    f = tmp_path / "big.jsonl.gz"
    rec = json.dumps({"text": "Taliban fighters entered Kunduz. " * 20}) + "\n"
    f.write_bytes(gzip.compress(rec.encode() * 3000))  # ~2 MiB decompressed, compresses well under the ratio
    items = list(read_paths([str(f)]))
    assert isinstance(items[-1], InputTooLarge) and "SITROOM_MAX_DECOMPRESSED" in (items[-1].hint or "")
    assert all(isinstance(i, Article) for i in items[:-1]) and len(items) > 100  # what came before stands


def test_text_gz_reads_like_text_and_is_found_in_directories(tmp_path):
    text = "2021-08-12\nVOA News | https://www.voanews.com/x\n\nThe Taliban captured Ghazni on Thursday.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(text.replace("Ghazni", "Herat").encode()))
    (tmp_path / "c.jsonl.gz").write_bytes(
        gzip.compress(json.dumps({"text": "Kabul fell.", "date": "2021-08-15"}).encode())
    )
    (tmp_path / "d.gz").write_bytes(b"not gzip at all")  # no format suffix inside: not picked up from a directory
    items = list(read_paths([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "Article"]
    assert items[1].text.startswith("The Taliban captured Herat") and items[1].published.isoformat() == "2021-08-12"
    assert items[2].origin.endswith("c.jsonl.gz:1")
    bad = list(read_paths([str(tmp_path / "d.gz")]))
    assert len(bad) == 1 and isinstance(bad[0], InputError) and "not a valid gzip file" in str(bad[0])


def test_bounded_gzip_reads_in_bounded_steps():
    z = gzip.compress(b"x" * 5_000_000)
    g = BoundedGzip("x.gz", io.BytesIO(z), compressed_size=len(z), ratio_floor=1 << 30)
    buf = bytearray(10 << 20)
    n = g.readinto(buf)
    assert 0 < n <= 1 << 20  # never more than 1 MiB decompressed per call
