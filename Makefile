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
	$(BIN)/python manage.py load_demo_ressources
	$(BIN)/python manage.py recherche_reindex
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
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_structure.py

# Benchmark at national scale, on PostgreSQL only: generates the « [Banc d'essai] » rows
# (SCALE=1: 1.2 million alliances, 300,000 organisations; 0.01 by default) then replays the
# searches, detail pages, map requests, observatoire pages and API calls through Django. On an
# idle 2-core machine the data takes about 8 minutes, the observatoire's figures and the search's
# counts several more, and
# the replay a few more (each search is timed once with an empty cache, then REPEAT times):
#   make bench SCALE=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench
SCALE ?= 0.01
REPEAT ?= 5
bench: install
	@case "$(DATABASE_URL)" in postgres://*|postgresql://*) ;; \
	*) echo "make bench a besoin d'une base PostgreSQL : make bench DATABASE_URL=postgres://utilisateur@hôte:5432/bench [SCALE=1]"; exit 1;; esac
	DATABASE_URL=$(DATABASE_URL) $(BIN)/python manage.py migrate --noinput
	DATABASE_URL=$(DATABASE_URL) $(BIN)/python manage.py load_territoires
	DATABASE_URL=$(DATABASE_URL) $(BIN)/python manage.py bench_generate --scale $(SCALE)
	DATABASE_URL=$(DATABASE_URL) $(BIN)/python manage.py observatoire_refresh
	DATABASE_URL=$(DATABASE_URL) $(BIN)/python manage.py facettes_refresh
	DATABASE_URL=$(DATABASE_URL) $(BIN)/python manage.py bench --repeat $(REPEAT)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db-tests.sqlite3
