# Two commands on a fresh machine: `make run` and `make test`. Setup is idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test test-slow test-all check bench samples clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/cra

test: setup  ## every kind of test, without the long real-data runs
	$(BIN)/python -m pytest -q -m "not slow"

test-slow: setup  ## only the long real-data runs (question sets, models on full datasets)
	$(BIN)/python -m pytest -q -m slow

test-all: setup  ## everything
	$(BIN)/python -m pytest -q

check: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy catalog assistant nlq analytics sentiment
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

samples: setup
	$(BIN)/python -m samples.generate

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis *.egg-info
