# Set-up and everyday commands. Everything installs into .venv from this repository's files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEEDS ?= ../shared/seeds
DB ?= claimgraph.duckdb

.PHONY: venv install install-test browser demo test lint typecheck bench quality report-docs web-docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

venv: $(BIN)/python

install: venv
	$(BIN)/pip install --quiet -e .

install-test: venv browser
	$(BIN)/pip install --quiet -e '.[test]'

# Headless Chromium for the browser tests (Debian packages); where it cannot be installed the
# browser tests are skipped with a message saying so.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		( (apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
		   (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium chromium-driver >/dev/null 2>&1) || \
		   sudo -n apt-get install -y -q chromium chromium-driver >/dev/null 2>&1) && echo "installed chromium" ) || \
		echo "chromium could not be installed here: the browser tests will be skipped"

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

# Screenshots of the web app's main pages (taken by the browser tests), shown in the README.
web-docs: install-test
	CLAIMGRAPH_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/test_web_browser.py

clean:
	rm -rf $(VENV) $(DB) $(DB).wal .pytest_cache .mypy_cache .ruff_cache
