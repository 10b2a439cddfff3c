"""`make demo` ingests the demo corpus (the seed and the Afghanistan 2021 texts), not every corpus in the shared folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.errors import ConfigError
from sitroom.serve.demo import demo_inputs


def test_demo_inputs_are_the_seed_and_the_afghanistan_corpus(shared):
    inputs = [Path(p) for p in demo_inputs(shared)]
    assert inputs[-1] == shared / "corpus" / "afghanistan-2021"
    assert all(p.parent == shared / "seed" for p in inputs[:-1]) and inputs[:-1]
    assert not any("world-voa" in p.parts for p in inputs)


def test_demo_inputs_fall_back_to_the_whole_corpus_and_refuse_an_empty_folder(tmp_path):
    (tmp_path / "corpus" / "other").mkdir(parents=True)
    assert demo_inputs(tmp_path) == [str(tmp_path / "corpus")]
    with pytest.raises(ConfigError, match="no seed/ or corpus/"):
        demo_inputs(tmp_path / "nowhere")
