# Every target sets up .venv itself on a fresh machine (Python 3.11+ and make).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: install run test test-postgres fuzz e2e bench lint messages system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# The job worker runs beside the server and stops with it.
run: install
	$(BIN)/ceremonia demo
	$(BIN)/ceremonia worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/ceremonia serve

test: install
	$(BIN)/python -m pytest

test-postgres: install
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest

# Contract tests: schemathesis over the OpenAPI schema, signed in as admin; `make test` runs them with one
# example per operation, this with 25.
fuzz: install
	CONTRACT_EXAMPLES=$${CONTRACT_EXAMPLES:-25} $(BIN)/python -m pytest tests/test_contract.py

e2e: install
	$(BIN)/python -m pytest tests/e2e

bench: install
	$(BIN)/python -m tests.bench

lint: install
	$(BIN)/ruff check app solver tests
	$(BIN)/mypy app solver

# Refresh the catalogs after changing texts; English ones still empty are listed by the i18n test.
messages: install
	mkdir -p var
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -o var/messages.pot .
	$(BIN)/pybabel -q update -i var/messages.pot -d locales -D messages --no-fuzzy-matching --ignore-obsolete

# Programs from Debian the tests and PDFs checks use: poppler (pdftotext, pdftoppm) and Chromium;
# postgresql-client (pg_dump, pg_restore) for `ceremonia backup` and `restore` on PostgreSQL.
system-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils chromium postgresql-client >/dev/null
