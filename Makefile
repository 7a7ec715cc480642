# Set-up and everyday commands. Everything installs into .venv from this repository's files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEEDS ?= ../shared/seeds
DB ?= claimgraph.duckdb

.PHONY: venv install install-test demo test lint typecheck bench quality report-docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

venv: $(BIN)/python

install: venv
	$(BIN)/pip install --quiet -e .

install-test: venv
	$(BIN)/pip install --quiet -e '.[test]'

demo: install
	rm -f $(DB) $(DB).wal
	$(BIN)/claimgraph ingest $(SEEDS) --db $(DB)
	$(BIN)/claimgraph articles --db $(DB)
	$(BIN)/claimgraph stories --db $(DB)

test: install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check src tests benchmarks

bench: install-test
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/link.py

quality: install-test
	$(BIN)/python benchmarks/quality.py --write

# The briefing on the seeds and its headless-Chromium screenshot, shown in the README
# (needs Debian's `chromium`; `make demo` first).
report-docs: install
	$(BIN)/claimgraph report --db $(DB) -o docs/briefing-seeds.html
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1500 \
		--screenshot=docs/briefing-seeds.png file://$(CURDIR)/docs/briefing-seeds.html

clean:
	rm -rf $(VENV) $(DB) $(DB).wal .pytest_cache .mypy_cache .ruff_cache
