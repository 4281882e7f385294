# Single entry point. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: install run serve test quality bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# Local platform: SQLite, Celery tasks run eagerly, emails printed in this terminal.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_territoires
	$(BIN)/python manage.py load_demo
	$(MAKE) serve

serve:
	$(BIN)/python manage.py runserver $(HOST)

# The whole suite; SQLite unless DATABASE_URL is set. Extra pytest arguments: make test ARGS="-k lyon".
test: install
	$(BIN)/python -m pytest $(ARGS)

quality: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db-tests.sqlite3
