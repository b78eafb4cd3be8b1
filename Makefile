# Two set-up commands on a fresh machine:  `make demo`  and  `make test`.
# Both create ./.venv and install the pinned package into it; nothing else needs to be started.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
FIRMS  ?= 2000
SEED   ?= 7
PRESET ?= medium
OUT    ?= demo-out

.PHONY: demo test lint install install-dev browser postgres bench clean

$(BIN)/ketenradar: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.dev: $(BIN)/ketenradar
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/ketenradar

install-dev: $(VENV)/.dev

# Generate the demo world, serve its websites on 127.0.0.1, run every stage, write the report.
demo: install
	$(BIN)/ketenradar demo --firms $(FIRMS) --seed $(SEED) --preset $(PRESET) --out $(OUT)

# Debian's Chromium for the report and dashboard browser tests (root only; skipped otherwise).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install chromium; browser tests will be skipped"; \
	  else echo "note: chromium not installed and not root; browser tests will be skipped"; fi; \
	fi

# Debian's PostgreSQL for the portal tests: they start a throwaway server on 127.0.0.1 themselves
# (tests/portal_support.py). Root only; otherwise skipped, except in CI where a missing server fails.
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
	      || echo "warning: could not install postgresql; portal tests on PostgreSQL will not run"; \
	  else echo "note: postgresql not installed and not root; portal tests on PostgreSQL will be skipped"; fi; \
	fi

lint: install-dev
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

test: install-dev browser postgres lint
	$(BIN)/pytest -q

bench: install-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(OUT) ketenradar.duckdb
