# LPSE Support — set-up, run and test. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

LOCK := requirements.lock
LOCK_ARGS ?=

.PHONY: run test setup e2e faults lint typecheck worker messages clean-assets bench lock oidc-provider \
	cluster cluster-stop cluster-status cluster-test bench-national

setup: $(VENV)/.installed static/vendor/.built messages

# Re-installs only when pyproject.toml or the lock changes. Every package (pip and the build
# backend included) comes from requirements.lock with its hashes; the project itself after, with
# no dependency of its own left to resolve. `pip check` fails when pyproject.toml asks for a
# package the lock lacks: run `make lock`.
$(VENV)/.installed: pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check || { echo "$(LOCK) lacks what pyproject.toml asks for: make lock"; exit 1; }
	@touch $@

# Re-pin after editing dependencies in pyproject.toml (keeps every other pin as it is):
# `make lock`; upgrade everything: `make lock LOCK_ARGS=--upgrade`; one package:
# `make lock LOCK_ARGS='--upgrade-package django'`. One lock for every platform (--universal).
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/uv pip compile pyproject.toml --extra dev --group pyproject.toml:tools \
		--universal --python-version 3.11 --generate-hashes --quiet \
		--custom-compile-command 'make lock' $(LOCK_ARGS) -o $(LOCK)

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
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py generate_tickets --if-empty --demo --count 600 --days 120 --reporters 150 --seed 2026 --verbosity 0
	@# The worker (e-mail outbox, task queue, periodic jobs, clean-up) runs beside the web server
	@# and stops with it. E-mails are files in var/mail/ (DEBUG's file backend), not terminal noise;
	@# their links (core/links.py) point at this server unless SITE_URL says otherwise.
	@echo "E-mail notifikasi ditulis ke $(CURDIR)/var/mail/"
	@export DEBUG=$${DEBUG:-1} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}; worker=; server=; \
	trap 'kill $$server $$worker 2>/dev/null; wait' EXIT INT TERM; \
	$(BIN)/python manage.py run_worker & worker=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT) & server=$$!; \
	wait $$server

# A local OpenID Connect provider standing in for Inaproc (docs/auth.md, "Pointing make run at a
# provider"); in another terminal: OIDC_ISSUER=http://127.0.0.1:9000
# OIDC_CLIENT_ID=lpse-support-local OIDC_CLIENT_SECRET=local-development-secret-change-me make run
OIDC_PROVIDER_CONFIG ?= scripts/oidc_provider.example.json
oidc-provider: node_modules/.installed
	node scripts/oidc_provider.mjs $(OIDC_PROVIDER_CONFIG)

# The background worker alone (production: under systemd with Restart=always, docs/deploy.md).
worker: setup
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py run_worker

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

typecheck: $(VENV)/.installed
	$(BIN)/mypy .

# The suite runs in two pytest invocations, each spread over the CPU cores (pytest-xdist, one
# worker per core; worksteal keeps a module's tests together and lets an idle worker take over
# the rest of a busy one's queue; the slow tests start first): everything on an in-memory SQLite
# database, then the tests marked needs_file_db (real threads, processes, live servers, the
# browser tests) on the file var/test_db.sqlite3 (TEST_DATABASE_NAME overrides it). On
# PostgreSQL (DATABASE_URL) both use its test database. Both runs always run; exit 5 (nothing
# collected: PYTEST_ARGS may name a folder without such tests) is no failure. Quick loop:
# pytest -m "not slow". One process: XDIST= XDIST_FILE_DB=
XDIST ?= -n auto --dist worksteal
# The file-database run keeps the browser tests on one worker (their xdist_group).
XDIST_FILE_DB ?= -n auto --dist loadgroup
FILE_DB = TEST_DATABASE_NAME="$$(case "$${DATABASE_URL:-sqlite:}" in \
	sqlite:*) echo "$${TEST_DATABASE_NAME:-$(CURDIR)/var/test_db.sqlite3}";; \
	*) echo "$${TEST_DATABASE_NAME:-}";; esac)"

test: setup lint typecheck
	@status=0; set -x; \
	$(BIN)/python -m pytest -m "not needs_file_db" $(XDIST) $(PYTEST_ARGS) || [ $$? -eq 5 ] || status=1; \
	$(FILE_DB) $(BIN)/python -m pytest -m needs_file_db $(XDIST_FILE_DB) $(PYTEST_ARGS) || [ $$? -eq 5 ] || status=1; \
	exit $$status

e2e: setup
	$(FILE_DB) $(BIN)/python -m pytest -m e2e $(PYTEST_ARGS)

# Fault-injection tests (tests/faults/): kill workers, hang SMTP, restart a private PostgreSQL
# cluster, fill a small temp dir. Bounded in time; skipped by `make test`.
faults: setup
	$(FILE_DB) RUN_FAULTS=1 $(BIN)/python -m pytest tests/faults $(PYTEST_ARGS)

# Lists, search, dashboard, detail, CSV export and reporting against a server over the bench
# database (DATABASE_URL, default lpse_support_bench; BENCH_URL=… to use a running server).
bench:
	$(BIN)/python bench/lists.py $(BENCH_ARGS)

# The national load model (docs/scale.md) against the running local cluster (CLUSTER_DIR,
# default var/cluster): req/s, p95 per page type, DB/app CPU and connections.
# BENCH_ARGS="--scale 0.05 --url http://127.0.0.1:18001" (one node), "--closed 8" (max throughput).
bench-national:
	$(BIN)/python bench/national.py $(BENCH_ARGS)

# The reference topology (deploy/README.md) on loopback: HAProxy, 2 gunicorn nodes, 2 workers,
# Redis, SeaweedFS S3, PostgreSQL primary + streaming replica; state in var/cluster. Opt-in:
# needs haproxy, redis-server and the PostgreSQL server binaries; `make run` needs none of them.
cluster: setup
	deploy/local-cluster.sh start

cluster-stop:
	deploy/local-cluster.sh stop

cluster-status:
	deploy/local-cluster.sh status

# Tests against a running cluster (tests/cluster/, docs/deploy.md "Cluster tests"): one local
# cluster on free ports (PostgreSQL on CLUSTER_TEST_PG_PORTS, default 15450 15451) for the whole
# session, always destroyed at the end. One process, fixed order; skipped by `make test`.
cluster-test: setup
	RUN_CLUSTER=1 $(BIN)/python -m pytest tests/cluster -p no:xdist -p no:randomly -s $(PYTEST_ARGS)

clean-assets:
	rm -rf static/vendor node_modules/.installed
