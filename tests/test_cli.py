"""The sitroom command, run as a user runs it (a real subprocess, a real store)."""

import json
import sqlite3
import subprocess
import sys

from sitroom.serve.cli import build_parser

GOOD = "The Taliban captured the city of Kunduz on Sunday, local officials told AFP.\n"


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "sitroom.serve.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


def _commands(parser):
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield [name], sub
                for rest, subsub in _commands(sub):
                    yield [name, *rest], subsub


def test_every_command_has_help():
    parser = build_parser()
    cmds = list(_commands(parser))
    assert len(cmds) >= 8
    for path, sub in cmds:
        assert sub.description or sub.format_help(), path
        r = run(*path, "--help")
        assert r.returncode == 0, (path, r.stderr)
        assert "usage:" in r.stdout


def test_extract_json_is_the_documented_schema(tmp_path):
    from sitroom.model import Article

    f = tmp_path / "a.txt"
    f.write_text(GOOD)
    r = run("extract", str(f), "--published", "2021-08-08", "--json")
    assert r.returncode == 0, r.stderr
    doc = Article.model_validate(json.loads(r.stdout.strip().splitlines()[0]))
    assert any(e.sub_event_type == "Non-state actor overtakes territory" for e in doc.events)


def test_bad_inputs_are_named_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    good2 = tmp_path / "good2.txt"
    good2.write_text("Afghan forces retook the district of Dand from the Taliban on Monday.\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Les talibans ont pris la ville de Hérat à l'aube.".encode("latin-1"))
    huge = tmp_path / "huge.txt"
    huge.write_text("word " * (5 * 1024 * 1024 // 5))
    db = tmp_path / "s.sqlite"
    r = run(
        "ingest",
        str(good),
        str(empty),
        str(binary),
        str(latin),
        str(huge),
        str(good2),
        "--db",
        str(db),
        "--published",
        "2021-08-08",
    )
    assert r.returncode == 1, r.stdout + r.stderr
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("sitroom: error:")]
    assert len(errors) == 4, r.stderr
    for bad in (empty, binary, latin, huge):
        line = next((ln for ln in errors if str(bad) in ln), None)
        assert line is not None, f"no error line names {bad}: {errors}"
    con = sqlite3.connect(db)
    n = con.execute("select count(*) from articles").fetchone()[0]
    assert n == 2
    # every stored article is whole: its events are there and reference it
    assert con.execute("select count(*) from events").fetchone()[0] >= 1
    con.close()
    # a second run stores nothing twice
    r2 = run("ingest", str(good), str(good2), "--db", str(db), "--published", "2021-08-08")
    assert r2.returncode == 0, r2.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from articles").fetchone()[0] == 2
    con.close()


def test_report_on_missing_store_is_a_clear_error(tmp_path):
    r = run("report", "--db", str(tmp_path / "nope.sqlite"))
    assert r.returncode == 2
    assert "nope.sqlite" in r.stderr


def test_report_filters_and_a_short_default(tmp_path):
    db = tmp_path / "s.sqlite"
    a = tmp_path / "a.txt"
    a.write_text(GOOD)
    b = tmp_path / "b.txt"
    b.write_text("The Taliban captured the city of Herat on Thursday, local officials told AFP.\n")
    assert run("ingest", str(a), str(b), "--db", str(db), "--published", "2021-08-08").returncode == 0
    full = run("report", "--db", str(db), "--all")
    assert full.returncode == 0 and "Kunduz" in full.stdout and "Herat" in full.stdout, full.stdout
    only = run("report", "--db", str(db), "--place", "Kunduz")
    assert only.returncode == 0 and "Kunduz" in only.stdout and "Herat" not in only.stdout
    assert "only place Kunduz" in only.stdout.splitlines()[0]
    later = run("report", "--db", str(db), "--since", "2021-08-10")
    assert "Kunduz" not in later.stdout.split("Control")[0]  # no event after the day
    short = run("report", "--db", str(db), "--limit", "1")
    events = short.stdout.split("Control")[0]
    assert "left out" in events and events.count("  2021-") == 1
    bad = run("report", "--db", str(db), "--since", "2021-08-10", "--until", "2021-08-01")
    assert bad.returncode == 2 and "after --until" in bad.stderr and "Traceback" not in bad.stderr


def test_export_to_an_unwritable_place_is_a_clear_error(tmp_path):
    for target, why in ((tmp_path / "missing" / "dir" / "x.csv", "does not exist"), (tmp_path, "is a folder")):
        r = run("export", "--db", str(tmp_path / "any.sqlite"), "-o", str(target))
        assert r.returncode == 2 and why in r.stderr and str(target) in r.stderr, r.stderr
        assert "Traceback" not in r.stderr
    assert not (tmp_path / "missing").exists()
