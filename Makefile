# LPSE Support — set-up, run and test. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test setup e2e faults lint typecheck worker messages clean-assets bench

setup: $(VENV)/.installed static/vendor/.built messages

# Re-installs only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/vendor/.built: node_modules/.installed scripts/copy_assets.mjs
	node scripts/copy_assets.mjs
	@touch $@

messages: $(VENV)/.installed
	@$(BIN)/python manage.py compile_translations

run: setup
	@mkdir -p var
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed_demo --if-empty
	@# Demo tickets in every status so lists, search, dashboard and REPORTING show something.
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py generate_tickets --if-empty --count 600 --days 120 --reporters 150 --seed 2026 --verbosity 0
	@# The worker (e-mail outbox, task queue, clean-up) runs beside the web server and stops with it.
	@export DEBUG=$${DEBUG:-1}; worker=; server=; \
	trap 'kill $$server $$worker 2>/dev/null; wait' EXIT INT TERM; \
	$(BIN)/python manage.py run_worker & worker=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT) & server=$$!; \
	wait $$server

# The background worker alone (production: under systemd with Restart=always, docs/deploy.md).
worker: setup
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py run_worker

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy .

test: setup lint typecheck
	$(BIN)/python -m pytest $(PYTEST_ARGS)

e2e: setup
	$(BIN)/python -m pytest -m e2e $(PYTEST_ARGS)

# Fault-injection tests (tests/faults/): kill workers, hang SMTP, restart a private PostgreSQL
# cluster, fill a small temp dir. Bounded in time; skipped by `make test`.
faults: setup
	RUN_FAULTS=1 $(BIN)/python -m pytest tests/faults $(PYTEST_ARGS)

# Lists, search, dashboard, detail, CSV export and reporting against a server over the bench
# database (DATABASE_URL, default lpse_support_bench; BENCH_URL=… to use a running server).
bench:
	$(BIN)/python bench/lists.py $(BENCH_ARGS)

clean-assets:
	rm -rf static/vendor node_modules/.installed
