# Học liệu mở GDTX — developer commands. `make` (or `make help`) lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RUFF := $(VENV)/bin/ruff
# Extra pytest arguments for `make test`, e.g. make test PYTEST_ARGS="-x -k search"
PYTEST_ARGS ?=

.PHONY: help bootstrap demo test lint format es-start es-stop es-status pg-start pg-stop chromium

help: ## List the targets
	@echo "Học liệu mở GDTX — make targets:"
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-11s %s\n", $$1, $$2}'

bootstrap: ## Create .venv (Python 3.11) and install requirements.txt when it changed
	@bash .ci/bootstrap.sh

demo: bootstrap ## Run the demo site on :8000 (SQLite, demo content, no Elasticsearch)
	env -u DATABASE_URL -u ELASTICSEARCH_URL DJANGO_SETTINGS_MODULE=cms.settings.dev $(PY) manage.py migrate --noinput
	env -u DATABASE_URL -u ELASTICSEARCH_URL DJANGO_SETTINGS_MODULE=cms.settings.dev $(PY) manage.py seed_demo
	env -u DATABASE_URL -u ELASTICSEARCH_URL DJANGO_SETTINGS_MODULE=cms.settings.dev $(PY) manage.py runserver 0.0.0.0:8000

test: ## Full test run: services, lint, checks, pytest on SQLite and PostgreSQL
	bash .ci/test.sh $(PYTEST_ARGS)

lint: bootstrap ## ruff check + ruff format --check + lint-imports
	$(RUFF) check .
	$(RUFF) format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo

format: bootstrap ## Apply ruff fixes and formatting
	$(RUFF) check --fix .
	$(RUFF) format .

es-start: ## Install (first time) and start Elasticsearch on 127.0.0.1:9250
	bash .ci/elasticsearch.sh start

es-stop: ## Stop Elasticsearch
	bash .ci/elasticsearch.sh stop

es-status: ## Show Elasticsearch cluster health
	bash .ci/elasticsearch.sh status

pg-start: ## Install (if needed) and start the test PostgreSQL on 127.0.0.1:5433
	bash .ci/postgres.sh start

pg-stop: ## Stop the test PostgreSQL
	bash .ci/postgres.sh stop

chromium: ## Install Chromium and fonts for the browser tests
	bash .ci/chromium.sh
