# SiMerit: `make run` starts the system with demo data; `make test` checks everything CI checks.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
CHROMIUM ?= /usr/bin/chromium

.DEFAULT_GOAL := help

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed  ## Create .venv and install the pinned requirements

run: export DJANGO_DEBUG := true
run: $(VENV)/.installed  ## Start on SQLite with demo data: http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

chromium:  ## Make sure Debian's chromium is there for the browser tests
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Memasang chromium dari paket Debian untuk uji peramban..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Uji peramban memerlukan chromium ($(CHROMIUM)). Pasang dengan: sudo apt-get install chromium"; \
			exit 1; \
		fi; \
	fi

wrk:  ## Make sure wrk (Debian package) is there for the bench tests and `make bench`
	@if ! command -v wrk >/dev/null; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Memasang wrk dari paket Debian untuk uji dan bench..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else \
			echo "Uji bench memerlukan wrk. Pasang dengan: sudo apt-get install wrk"; \
			exit 1; \
		fi; \
	fi

test: export DJANGO_SETTINGS_MODULE := config.test_settings
test: $(VENV)/.installed chromium wrk  ## Everything CI checks: format, lint, types, migrations, tests (with browser)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/djhtml --check $$(find simerit -name '*.html' -not -path '*/static/*')
	$(BIN)/mypy .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

bench: $(VENV)/.installed wrk  ## Load scenarios against gunicorn: prints BENCH lines (DATABASE_URL picks the engine)
	$(BIN)/python -m bench.run

crash: $(VENV)/.installed  ## Kill gunicorn (SIGKILL) under exam answers on PostgreSQL (DATABASE_URL=postgres://.../simerit_bench): lost=0
	$(BIN)/python -m bench.crash

clean:  ## Remove the venv, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .test-media

.PHONY: help venv run chromium wrk test bench crash clean
