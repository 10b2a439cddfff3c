"""The public Python API in README: ``sitroom.extract`` and ``sitroom.open_store``, called more than once."""

from __future__ import annotations

import importlib
import subprocess
import sys

import sitroom

TEXT = "Taliban fighters captured the city of Ghazni on Thursday, officials said."


def test_extract_can_be_called_again_after_the_extract_package_is_imported():
    first = sitroom.extract(TEXT, published="2021-08-12", outlet="Wire")
    importlib.import_module("sitroom.extract.nlp")  # a module of the extract package: the name stays the function

    second = sitroom.extract(TEXT, published="2021-08-12", outlet="Wire")
    assert first.model_dump() == second.model_dump()
    assert [e.event_type for e in second.events] == ["Battles"]
    assert second.outlet == "Wire"


def test_readme_snippet_in_a_fresh_interpreter(tmp_path):
    code = (
        "import sitroom\n"
        f"doc = sitroom.extract({TEXT!r}, published='2021-08-12', outlet='DW')\n"
        f"doc2 = sitroom.extract({TEXT!r}, published='2021-08-12', outlet='DW')\n"
        f"with sitroom.open_store({str(tmp_path / 's.sqlite')!r}) as store:\n"
        "    store.add(doc)\n"
        "print(len(doc2.events), isinstance(doc, sitroom.Article))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["1", "True"]
