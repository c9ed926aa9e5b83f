# Everything builds a local .venv from nothing when it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   ?= demo-world

.PHONY: demo test lint typecheck pytest fast bench clean venv

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

## Run the main job: a demo world, generated, linked, analysed and reported on SQLite.
demo: $(STAMP)
	$(BIN)/interopsim run --preset default --seed 42 --out $(DEMO) --overwrite --format table

## Lint, type-check and run the whole test suite (slow tests included).
test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# -m "" lifts the default selection of pyproject.toml (fast tests only): slow and browser too.
pytest: $(STAMP)
	$(BIN)/pytest -n 2 -q -m ""

## The fast subset, for the edit-test loop (what plain `pytest` runs).
fast: $(STAMP)
	$(BIN)/pytest -n 2 -q

## Every benchmark at a size that runs in minutes; one JSON line each (see BENCHMARKS.md).
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(DEMO) .mypy_cache .ruff_cache .pytest_cache
