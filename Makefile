# Interview Monitor: `make run` serves the demo, `make test` runs every test (SQLite and PostgreSQL), `make lint`
# checks style, import contracts, migrations and the deployment settings.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
WORKERS ?= 3
# Two test processes: the machines have two cores, and the browser tests spend most time waiting.
PYTEST_ARGS ?= -n 2

.PHONY: install install-test browser run lint test test-sqlite test-postgres bench bench-postgres bench-team clean screenshots

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

install-test: $(VENV)/.installed-test browser

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# Debian's Chromium for the Playwright tests (Playwright's own browser download does not work here), and the
# other Debian packages the tests start for themselves.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: install Debian's 'chromium' package to run the browser tests."; fi; }
	@# Debian's redis-server: the tests and `make bench-team` start a throwaway one for the shared cache.
	@command -v redis-server >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	  else echo "redis-server is missing: install Debian's 'redis-server' package to run the Redis tests."; fi; }
	@# Debian's PostgreSQL binaries: tests/with_postgres.py starts a throwaway server with them (none need run).
	@{ command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else echo "PostgreSQL is missing: install Debian's 'postgresql' package to run the PostgreSQL tests."; fi; }

run: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_demo
	@echo "Interview Monitor on http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	@# The worker is restarted should it ever stop (run_worker itself waits out a locked database).
	{ trap 'kill $$w 2>/dev/null; exit' INT TERM; while :; do $(PY) manage.py run_worker --interval 2 --no-reload & w=$$!; \
	  wait $$w; echo "Worker stopped (status $$?); restarting it in 5 s." >&2; sleep 5; done; } & \
	  worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn -c python:interviews.gunicorn_conf monitor.wsgi -b 127.0.0.1:$(PORT) -w $(WORKERS) \
	  --access-logfile -

# Style (ruff), the import contracts in pyproject.toml (import-linter), no model change without its migration, and
# Django's deployment checks under production-like settings: a fresh random key, HTTPS on (monitor/settings.py).
LINT_DEPLOY_ENV := DEBUG=0 ALLOWED_HOSTS=interviews.example.org SECURE_COOKIES=1 SECURE_SSL_REDIRECT=1 \
	SECURE_HSTS_SECONDS=31536000 BEHIND_TLS_PROXY=1 CSRF_TRUSTED_ORIGINS=https://interviews.example.org
lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" $(LINT_DEPLOY_ENV) \
	  $(PY) manage.py check --deploy --fail-level WARNING

test: test-sqlite test-postgres

test-sqlite: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install-test
	$(PY) tests/with_postgres.py $(PY) -m pytest $(PYTEST_ARGS)

# The app at study scale over HTTP (gunicorn on 127.0.0.1) in a fresh database: SQLite by default, or a new
# database on the PostgreSQL server of DATABASE_URL. bench-postgres starts a throwaway PostgreSQL for it.
# BENCH_ONLY="agreement coding" measures only those steps (interviews/bench/__init__.py: STEPS).
BENCH_SCALE ?= full
BENCH_ONLY ?=
bench: install
	$(PY) manage.py bench --scale $(BENCH_SCALE) $(if $(BENCH_ONLY),--only $(BENCH_ONLY)) --json var/bench-$(if $(DATABASE_URL),postgresql,sqlite).json

bench-postgres: install
	$(PY) tests/with_postgres.py $(PY) manage.py bench --scale $(BENCH_SCALE) $(if $(BENCH_ONLY),--only $(BENCH_ONLY)) --json var/bench-postgresql.json

# Team coding (interviews/bench/team.py): a throwaway PostgreSQL and Redis, two gunicorn servers sharing both,
# 50 simulated coders in 10 interviews for 60 s, then their 50 pages left open and idle.
bench-team: install browser
	$(PY) tests/with_postgres.py $(PY) manage.py bench --scale team --workers 3 --json var/bench-team.json

# The screenshot tour (tests/tour.py): every page of the demo at 1440×900 and 1024×768 into var/screenshots/; it
# fails on a page error, console error, 4xx/5xx resource or a page that scrolls sideways. `make test` runs it too.
screenshots: install-test browser
	SCREENSHOTS_DIR=var/screenshots $(PY) -m pytest -q tests/test_browser_tour.py

clean:
	rm -rf $(VENV) var .pytest_cache
