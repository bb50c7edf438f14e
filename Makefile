# The two commands of README.md: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve setup install test bench

serve: setup
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) blogcms.wsgi

setup: install .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_editors
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py import_seeds

test: install .env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/pytest

# Serving benchmark (needs wrk): see bench/serve_bench.py.
bench: install .env
	$(BIN)/python bench/serve_bench.py

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --editable '.[dev]'
	touch $@

# A laptop's settings: a secret key generated once and kept (readable by its
# owner alone), so every worker and every run shares it. Production sets real
# environment variables instead.
.env:
	@umask 077 && echo "DJANGO_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "Wrote $@ with a new secret key."
