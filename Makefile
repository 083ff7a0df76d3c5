# Planner: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): one per core by default; TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto

.PHONY: run test test-lowest lint format setup system-deps system-deps-test messages compilemessages bench worker check-deploy clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP) system-deps compilemessages

# WeasyPrint needs Pango, HarfBuzz's subsetter and a font; installed with apt when we can.
system-deps:
	@bash scripts/system-deps.sh runtime

system-deps-test:
	@bash scripts/system-deps.sh test

compilemessages: $(STAMP)
	@DEBUG=1 $(PY) manage.py catalogs compile

messages: $(STAMP)
	DEBUG=1 $(PY) manage.py catalogs update
	DEBUG=1 $(PY) manage.py catalogs check || true

run: setup
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@echo
	@echo "  Planner is running at http://$(HOST):$(PORT)/  (sign in with a demo login above)"
	@echo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: setup system-deps-test
	@source scripts/test-env.sh && $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=25 $(PYTEST_ARGS)

# The floors of pyproject.toml, checked: a venv of its own with the lowest version of every
# direct dependency that pyproject.toml allows (uv's lowest-direct resolution, from PyPI), and
# a smoke subset of the suite on it (a couple of minutes). CI runs it after the suite.
LOWEST := .venv-lowest
LOWEST_TESTS ?= tests/test_healthz.py tests/security/test_bad_input.py \
  tests/security/test_error_pages_and_caching.py tests/plans/test_date_bounds.py \
  tests/actions/test_calendar_feed_text.py tests/plans/test_uploads.py \
  tests/documents/test_render_plan_command.py tests/accounts/test_password_reset_throttle.py

test-lowest: $(STAMP)
	rm -rf $(LOWEST)
	$(VENV)/bin/uv venv --quiet --python $(PYTHON) $(LOWEST)
	$(VENV)/bin/uv pip install --quiet --python $(LOWEST)/bin/python --resolution lowest-direct -e ".[dev]"
	$(VENV)/bin/uv pip list --python $(LOWEST)/bin/python 2>/dev/null | grep -iE '^(django|django-htmx|weasyprint|icalendar|celery|openpyxl|hypothesis) '
	@DEBUG=1 $(LOWEST)/bin/python manage.py catalogs compile
	@source scripts/test-env.sh && $(LOWEST)/bin/python -m pytest -p no:randomly --create-db -q $(LOWEST_TESTS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: setup
	$(VENV)/bin/celery -A planner worker -l info

bench: setup system-deps-test
	@source scripts/test-env.sh && bash bench/run.sh

check-deploy: $(STAMP)
	DEBUG=0 SECRET_KEY=ci-$$RANDOM-not-a-real-secret-key-but-long-enough-for-the-check-0123456789 \
	  ALLOWED_HOSTS=planner.example.org REDIS_URL=redis://redis:6379/0 $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) $(LOWEST) staticfiles
