"""Faults a hostile test finds in the readers (issue 16): each input here once hung, was skipped silently or was
misnamed. Readers are run directly (no pipeline), so these are fast; the CLI cases run a real subprocess."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from sitroom.errors import EncodingError, InputError, InputTooLarge
from sitroom.ingest import read_paths
from sitroom.model import Article

CLI = [sys.executable, "-m", "sitroom.serve.cli"]
GOOD = "2021-08-08\n\nTaliban fighters captured the city of Kunduz on Sunday, officials said.\n"


def items(*paths: str) -> list:
    return list(read_paths([str(p) for p in paths]))


def errors(found: list) -> list[InputError]:
    return [x for x in found if isinstance(x, InputError)]


@contextlib.contextmanager
def as_unprivileged():
    """Run the body as ``nobody`` when the tests run as root (root reads any folder, whatever its mode)."""
    if os.geteuid() != 0:
        yield
        return
    import pwd

    nobody = pwd.getpwnam("nobody")
    os.setegid(nobody.pw_gid)
    os.seteuid(nobody.pw_uid)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def open_dir():
    """A folder every user can enter (tmp_path's parents are private to the user running the tests)."""
    d = Path(tempfile.mkdtemp(prefix="sitroom-faults-"))
    d.chmod(0o755)
    yield d
    for root, dirs, _ in os.walk(d):
        for x in dirs:
            os.chmod(os.path.join(root, x), 0o755)
    import shutil

    shutil.rmtree(d, ignore_errors=True)


# --------------------------------------------------------------------------- non-regular files


def test_fifo_argument_is_refused_by_name_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "ok.txt").write_text(GOOD)
    t0 = time.monotonic()
    found = items(fifo, tmp_path / "ok.txt")
    assert time.monotonic() - t0 < 5
    [err] = errors(found)
    assert err.origin == str(fifo) and "named pipe (FIFO)" in str(err)
    assert sum(isinstance(x, Article) for x in found) == 1  # the rest of the batch ran


def test_fifo_inside_a_folder_is_refused_and_the_folder_read(tmp_path):
    os.mkfifo(tmp_path / "b.jsonl")
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "c.txt").write_text(GOOD.replace("Kunduz", "Herat"))
    found = items(tmp_path)
    [err] = errors(found)
    assert err.origin == str(tmp_path / "b.jsonl") and "FIFO" in str(err)
    assert [Path(a.origin).name for a in found if isinstance(a, Article)] == ["a.txt", "c.txt"]


def test_character_device_is_refused_by_name():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    [err] = items("/dev/zero")
    assert isinstance(err, InputError) and "character device" in str(err)


def test_cli_ingest_with_a_fifo_ends_with_exit_1(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    r = subprocess.run(
        [*CLI, "ingest", str(tmp_path / "pipe.txt"), "--db", str(tmp_path / "s.sqlite")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1 and "named pipe (FIFO)" in r.stderr, r.stderr


# --------------------------------------------------------------------------- unreadable paths


def test_unreadable_subfolder_is_reported(open_dir):
    (open_dir / "a.txt").write_text(GOOD)
    (open_dir / "a.txt").chmod(0o644)
    locked = open_dir / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(GOOD.replace("Kunduz", "Herat"))
    locked.chmod(0o000)
    with as_unprivileged():
        found = items(open_dir)
    [err] = errors(found)
    assert err.origin == str(locked) and "permission denied" in str(err) and "not ingested" in str(err)
    assert sum(isinstance(x, Article) for x in found) == 1


def test_unreadable_file_and_folder_arguments_are_reported(open_dir):
    f = open_dir / "secret.txt"
    f.write_text(GOOD)
    f.chmod(0o000)
    d = open_dir / "closed"
    d.mkdir()
    (d / "x.txt").write_text(GOOD)
    d.chmod(0o000)
    with as_unprivileged():
        found = items(f, d, d / "x.txt")
    errs = errors(found)
    assert [e.origin for e in errs] == [str(f), str(d), str(d / "x.txt")]
    assert all("permission denied" in str(e) for e in errs), [str(e) for e in errs]


def test_symlink_loop_is_named_as_such(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    [a] = items(loop)
    assert "symbolic link loop" in str(a)
    [b] = items(tmp_path / "dangling.txt")
    assert "does not exist" in str(b) and "gone.txt" in str(b)
    found = items(tmp_path)  # found in a folder: named too
    assert any("symbolic link loop" in str(e) for e in errors(found)), [str(e) for e in found]


# --------------------------------------------------------------------------- encodings and bombs


@pytest.mark.parametrize("codec,name", [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")])
def test_utf16_without_bom_is_named(tmp_path, codec, name):
    p = tmp_path / "a.txt"
    p.write_bytes(GOOD.encode(codec))
    [err] = items(p)
    assert isinstance(err, EncodingError) and name in str(err) and "byte-order mark" in str(err)
    assert f"iconv -f {name}" in err.hint


def test_blank_line_gzip_bomb_is_refused_quickly(tmp_path):
    p = tmp_path / "bomb.jsonl.gz"
    with gzip.open(p, "wb", compresslevel=9) as f:
        f.write(json.dumps({"text": GOOD}).encode() + b"\n")
        for _ in range(100):
            f.write(b"\n" * 1_000_000)  # 100 MB of newlines, about 100 KB compressed
    t0 = time.process_time()
    found = items(p)
    assert time.process_time() - t0 < 5
    assert isinstance(found[0], Article)
    assert isinstance(found[-1], InputTooLarge) and "blank lines" in str(found[-1])


def test_a_file_of_bad_records_stops_after_a_run(tmp_path):
    p = tmp_path / "junk.jsonl"
    p.write_bytes(b"not json\n" * 50_000)
    found = items(p)
    assert len(found) <= 1_001 and "bad records in a row" in str(found[-1])


# --------------------------------------------------------------------------- WARC


def _warc_record(length: int, body: bytes, rtype: str = "response") -> bytes:
    return (
        f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Target-URI: https://example.org/a\r\n"
        f"WARC-Record-ID: <urn:uuid:1>\r\nContent-Length: {length}\r\n\r\n"
    ).encode() + body


@pytest.mark.parametrize("rtype,length", [("request", 5_000), ("response", 50_000_000)])
def test_warc_record_running_past_the_end_is_reported(tmp_path, rtype, length):
    p = tmp_path / "cut.warc"
    p.write_bytes(_warc_record(length, b"GET / HTTP/1.1\r\nHost: example.org\r\n\r\n", rtype))
    found = items(p)
    assert any("truncated WARC record" in str(e) and "past the end" in str(e) for e in errors(found)), found


# --------------------------------------------------------------------------- settings


def test_bad_settings_are_refused_one_message_each(tmp_path):
    env = {
        **os.environ,
        "SITROOM_MAX_ARTICLE_CHARS": "a lot",
        "SITROOM_MAX_LINE_CHARS": "-5",
        "SITROOM_FETCH_TIMEOUT": "nan",
    }
    r = subprocess.run(
        [*CLI, "ingest", str(tmp_path), "--db", str(tmp_path / "s.sqlite")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    for name in ("SITROOM_MAX_ARTICLE_CHARS", "SITROOM_MAX_LINE_CHARS", "SITROOM_FETCH_TIMEOUT"):
        assert r.stderr.count(name) == 1, r.stderr
    r = subprocess.run(
        [*CLI, "ingest", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SITROOM_WORKERS": "two"},
    )
    assert r.returncode == 2 and "SITROOM_WORKERS='two'" in r.stderr and "Traceback" not in r.stderr, r.stderr


@pytest.mark.parametrize(
    "field,value",
    [
        ("max_article_chars", -1),
        ("max_line_chars", 0),
        ("max_redirects", -1),
        ("fetch_deadline", float("inf")),
        ("max_sentences", "many"),
    ],
)
def test_settings_out_of_range_are_a_config_error(field, value):
    from sitroom.config import Settings
    from sitroom.errors import ConfigError

    with pytest.raises(ConfigError, match=field):
        Settings(**{field: value})


# --------------------------------------------------------------------------- stores: damaged, read-only, empty

STORY = (
    "2021-08-08\n\nKunduz, Afghanistan - Taliban fighters captured the city of Kunduz on Sunday after heavy "
    "fighting with Afghan government forces, officials said. The Taliban also seized the airport.\n"
)


@pytest.fixture(scope="module")
def small_store(tmp_path_factory, pipeline):
    from sitroom.ingest import article_from_text
    from sitroom.store import open_store

    db = tmp_path_factory.mktemp("store") / "s.sqlite"
    with open_store(str(db)) as store:
        for i, place in enumerate(("Kunduz", "Herat", "Kandahar")):
            a = pipeline.run(article_from_text(STORY.replace("Kunduz", place), origin=f"a{i}.txt"))
            assert store.add(a)
    return db


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300, env=env)


def _flip(src: Path, dst: Path, old: bytes, new: bytes) -> Path:
    data = src.read_bytes()
    assert old in data and len(old) == len(new)
    dst.write_bytes(data.replace(old, new))
    return dst


def test_damaged_store_is_a_store_error_for_every_read_command(small_store, tmp_path):
    bad = _flip(small_store, tmp_path / "bad.sqlite", b"Taliban", b"Tal\xffban")  # text that is not UTF-8
    before = bad.read_bytes()
    for cmd in (["report"], ["export", "--format", "jsonl"], ["control", "--at", "2021-08-09"]):
        r = _run(*cmd, "--db", str(bad))
        assert r.returncode == 2 and "Traceback" not in r.stderr, (cmd, r.stderr)
        assert str(bad) in r.stderr and "sitroom check" in r.stderr and "damaged" in r.stderr, (cmd, r.stderr)
    r = _run("check", "--db", str(bad))
    assert r.returncode == 2 and "Traceback" not in r.stderr + r.stdout, r.stderr
    assert "FAIL" in r.stdout and "damaged" in r.stdout and "decode" in r.stdout, r.stdout
    assert bad.read_bytes() == before  # nothing was written into it


def test_damaged_store_is_503_from_the_api(small_store, tmp_path):
    from fastapi.testclient import TestClient

    from sitroom.serve.api import create_app

    bad = _flip(small_store, tmp_path / "bad.sqlite", b"Taliban", b"Tal\xffban")
    with TestClient(create_app(str(bad)), raise_server_exceptions=False) as c:
        for url in ("/api/events", "/api/control?at=2021-08-09"):
            r = c.get(url)
            assert r.status_code == 503, (url, r.status_code, r.text)
            assert "sitroom check" in r.json()["error"]["detail"] and "Traceback" not in r.text


def test_report_on_an_empty_file_writes_nothing(tmp_path):
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    for cmd in (["report"], ["stories"], ["export", "--format", "csv"]):
        r = _run(*cmd, "--db", str(empty))
        assert r.returncode == 2 and "the file is empty" in r.stderr, (cmd, r.stderr)
        assert empty.stat().st_size == 0 and not Path(f"{empty}-wal").exists()


def test_store_in_a_read_only_folder_is_read(small_store, open_dir):
    import shutil

    from sitroom.serve.report import situation_report
    from sitroom.store import open_store
    from sitroom.store.check import check_store

    ro = open_dir / "ro"
    ro.mkdir()
    db = ro / "s.sqlite"
    shutil.copy(small_store, db)
    db.chmod(0o444)
    ro.chmod(0o555)
    with as_unprivileged():
        with open_store(str(db), create=False, read_only=True) as store:
            text = situation_report(store)
            n = store.count()["articles"]
        report = check_store(str(db))
    assert n == 3 and "Kandahar" in text
    assert report.ok and not report.unreadable, report.text()
    assert sorted(p.name for p in ro.iterdir()) == ["s.sqlite"]  # no -wal or -shm made


# --------------------------------------------------------------------------- memory bounded per article


def test_long_article_is_read_within_the_caps_and_says_what_was_cut():
    from sitroom.config import Settings
    from sitroom.extract.bounded import CHUNK_CHARS
    from sitroom.ingest import article_from_text
    from sitroom.pipeline import Pipeline

    pipe = Pipeline(Settings(max_sentences=60, max_sentence_tokens=40))
    runon = " ".join(["and the militants shelled the villages near Kunduz"] * 20)  # ~160 tokens, no full stop
    paras = [f"Militants attacked a checkpoint in Herat on Monday. {runon} Two soldiers died. Police said so."]
    paras += ["Taliban fighters captured the city of Kunduz on Sunday, officials said. Troops fled."] * 600
    text = "\n\n".join(paras)
    assert len(text) > 2 * CHUNK_CHARS  # parsed in chunks
    a = pipe.run(article_from_text(text, published="2021-08-12"))
    assert a.cut is not None and a.cut.sentences_read == len(a.sentences) == 60 and a.cut.max_sentences == 60
    assert a.cut.chars == len(a.text) and a.cut.chars_read < len(a.text) // 4
    assert a.cut.long_sentences_split >= 3 and a.cut.max_sentence_tokens == 40
    assert all(s.end <= a.cut.chars_read for s in a.sentences)
    assert a.events and all(e.evidence[0].end <= a.cut.chars_read for e in a.events)
    assert all(t.span.end <= a.cut.chars_read for t in a.times if getattr(t, "span", None))
    assert all(m.span.end <= a.cut.chars_read for act in a.actors for m in act.mentions)
    assert a.text == text  # the text is kept whole; only the reading stops


def test_article_under_the_caps_is_parsed_as_one_doc(pipeline):
    from sitroom.extract.bounded import parse
    from sitroom.extract.segment import unwrap

    text = (Path(__file__).parent / "fixtures").glob("*.txt")
    sample = next(iter(sorted(text)), None)
    body = sample.read_text(encoding="utf-8") if sample else STORY * 20
    doc, cut = parse(pipeline.nlp, unwrap(body), max_sentences=2000, max_sentence_tokens=400)
    ref = pipeline.nlp(unwrap(body))
    assert cut is None
    assert [(s.start_char, s.end_char) for s in doc.sents] == [(s.start_char, s.end_char) for s in ref.sents]
    assert [(t.dep_, t.head.i) for t in doc] == [(t.dep_, t.head.i) for t in ref]


# --------------------------------------------------------------------------- a full disk during the journal write


def test_full_store_during_the_journal_write_fails_no_batch(tmp_path, capsys):
    """SQLite's ``max_page_count`` makes the store full (SQLITE_FULL, what a full disk gives) just after the run
    began: the journal's writes fail, and the run still goes through every result."""
    from sitroom.ingest.journal import Journal
    from sitroom.store import open_store

    deep = tmp_path
    for i in range(6):  # long paths: each journal row needs most of a page, so the file must grow
        deep = deep / (f"{i}" * 200)
    deep.mkdir(parents=True)
    names = [f"{k:02d}.txt" for k in range(12)]
    for n in names:
        (deep / n).write_text(GOOD.replace("Kunduz", f"Kunduz{n}"))
    with open_store(str(tmp_path / "s.sqlite")) as store:
        j = Journal(store, [str(tmp_path)])
        results = [x for x in read_paths([str(tmp_path)])]
        assert len(results) == 12
        for a in results:  # stored (a journal row is written only for an input whose articles are all stored)
            assert store.add(a)
        pages = store.con.execute("PRAGMA page_count").fetchone()[0]
        store.con.execute(f"PRAGMA max_page_count = {pages}")
        seen = list(j.track(iter(results)))  # before the fix: StoreError ("database or disk is full") here
        assert len(seen) == 12
        assert j.warning and "full" in j.warning
    assert "run journal could not be written" in capsys.readouterr().err
