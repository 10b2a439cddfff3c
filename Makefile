# Every target bootstraps .venv on a fresh machine from the pinned lock file.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
SITROOM_DB ?= sitroom-demo.sqlite

.PHONY: install demo lint test test-fast bench bench-api eval fuzz screenshots train clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/sitroom gazetteer build --quiet
	touch $(STAMP)

demo: install
	$(BIN)/sitroom demo --shared $(SHARED) --db $(SITROOM_DB)

# ruff (lint and format), mypy, and the import layers (import-linter: pyproject.toml [tool.importlinter])
lint: install
	$(BIN)/ruff check sitroom tests bench fuzz
	$(BIN)/ruff format --check sitroom tests bench fuzz
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

# the whole suite: Chromium and PostgreSQL are set up first where this machine allows it (.ci/services, as
# .ci/run does); otherwise their tests skip and pytest's last lines say which and how to enable them
test: lint
	@eval "$$(.ci/services)"; SITROOM_SHARED=$(SHARED) $(BIN)/python -m pytest -q

# the edit-test loop: everything but the tests that run the pipeline over a corpus or drive a browser
test-fast: install
	SITROOM_SHARED=$(SHARED) $(BIN)/python -m pytest -q -m "not slow and not browser"

bench: install
	SITROOM_SHARED=$(SHARED) $(BIN)/python bench/throughput.py
	SITROOM_SHARED=$(SHARED) $(BIN)/python bench/add_cost.py --events 100000 --rounds 3

bench-api: install
	$(BIN)/python bench/api_latency.py --events 1000000 --requests 100 --budget 20

fuzz: install
	$(BIN)/python -m pip install --quiet "atheris==3.0.0"
	$(BIN)/python fuzz/fuzz_readers.py -atheris_runs=100000 -max_len=4096

# the map's screenshots in docs/ (the browser tests write them to a temporary folder otherwise)
screenshots: install
	SITROOM_SHARED=$(SHARED) SITROOM_SCREENSHOTS=docs $(BIN)/python -m pytest -q tests/test_web.py -k "replay or narrow"

# the relevance gate (sitroom/data/models/gate): seeded, from the labelled sentences of gold/ and ../shared/eval
train: install
	$(BIN)/python -m sitroom.eval.train_gate --shared $(SHARED)

eval: install
	$(BIN)/sitroom eval seed --shared $(SHARED)

clean:
	rm -rf $(VENV) build *.egg-info
