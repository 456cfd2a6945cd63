#!/usr/bin/env bash
# The full test run, as CI runs it on a fresh machine:
#   bootstrap (.venv) -> Elasticsearch -> PostgreSQL -> Chromium ->
#   ruff check, ruff format --check, manage.py check, makemigrations --check,
#   the production deploy check, pytest on SQLite and on PostgreSQL side by side (+ Elasticsearch),
#   then the Elasticsearch outage tests alone.
# Stops at the first failure. Extra arguments go to both pytest runs:
#   bash .ci/test.sh -x -k search
# Services that this run started are stopped on exit; ones that were already running
# (someone's dev servers) are left running. CI_STOP_SERVICES=always|never overrides.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"

ES_PORT="${ES_PORT:-9250}"
PG_PORT="${PG_PORT:-5433}"
export ES_PORT PG_PORT
ES_URL="http://127.0.0.1:$ES_PORT"
PG_URL="postgres://hlm:hlm@127.0.0.1:$PG_PORT/hlm"

log() { echo "[ci] $*" >&2; }
T_START=$(date +%s)
step() { log "==> $* (t+$(( $(date +%s) - T_START ))s)"; }

for f in requirements.txt manage.py; do
  [[ -f "$f" ]] || { log "ERROR: $f is missing in $ROOT"; exit 1; }
done

# Settings come from each step's environment, never from the caller's shell.
unset DJANGO_SETTINGS_MODULE DATABASE_URL ELASTICSEARCH_URL || true

step "bootstrap"
bash .ci/bootstrap.sh

es_was_running=0; pg_was_running=0; deploy_tmp=""; stack_started=0
bash .ci/elasticsearch.sh status >/dev/null 2>&1 && es_was_running=1
bash .ci/postgres.sh status >/dev/null 2>&1 && pg_was_running=1

cleanup() {
  local rc=$?
  local mode="${CI_STOP_SERVICES:-started}"
  [[ -n "$deploy_tmp" ]] && rm -rf "$deploy_tmp"
  [[ $stack_started == 1 ]] && { bash .ci/stack.sh stop || true; }
  if [[ "$mode" == "always" || ( "$mode" == "started" && $es_was_running == 0 ) ]]; then
    bash .ci/elasticsearch.sh stop || true
  fi
  if [[ "$mode" == "always" || ( "$mode" == "started" && $pg_was_running == 0 ) ]]; then
    bash .ci/postgres.sh stop || true
  fi
  if [[ $rc -eq 0 ]]; then
    log "ALL PASSED in $(( $(date +%s) - T_START ))s"
  else
    log "FAILED (exit $rc) after $(( $(date +%s) - T_START ))s"
  fi
  exit "$rc"
}
trap cleanup EXIT

step "elasticsearch"
bash .ci/elasticsearch.sh install
bash .ci/elasticsearch.sh start

step "postgresql"
bash .ci/postgres.sh install
bash .ci/postgres.sh start >/dev/null

step "chromium"
bash .ci/chromium.sh
bash .ci/kiwix.sh
bash .ci/media-tools.sh
bash .ci/libreoffice.sh
bash .ci/pdf.sh

step "nginx (production stack)"
bash .ci/stack.sh install

# For the tests: control of the real Elasticsearch (outage tests call "$ES_CONTROL stop"
# and "$ES_CONTROL start") and the system Chromium for Playwright.
export ES_CONTROL="bash $ROOT/.ci/elasticsearch.sh"
export PLAYWRIGHT_CHROMIUM_EXECUTABLE=/usr/bin/chromium

PY="$ROOT/.venv/bin/python"

step "ruff check"
.venv/bin/ruff check .

step "ruff format --check"
.venv/bin/ruff format --check .
step "lint-imports"; .venv/bin/lint-imports --no-cache --no-logo  # contracts: pyproject.toml

step "manage.py check"
"$PY" manage.py check

step "makemigrations --check"
"$PY" manage.py makemigrations --check --dry-run --noinput

step "deploy check (cms.settings.production)"
deploy_tmp="$(mktemp -d)"
secret="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')"
# As a deploy does (cms/deploy/entrypoint.sh): migrate, create the search indices, then the
# deploy check, which also compares the live index mappings with the code's.
deploy_env=(
  DJANGO_SETTINGS_MODULE=cms.settings.production
  SECRET_KEY="$secret"
  ALLOWED_HOSTS=example.org
  DATABASE_URL="sqlite:///$deploy_tmp/deploy-check.db"
  ELASTICSEARCH_URL="$ES_URL"
  ELASTICSEARCH_INDEX_PREFIX="hlmdeploy-$$-"
)
env "${deploy_env[@]}" "$PY" manage.py createcachetable  # the page and throttling caches (production)
env "${deploy_env[@]}" "$PY" manage.py migrate --noinput -v0
env "${deploy_env[@]}" "$PY" manage.py search_index create
env "${deploy_env[@]}" "$PY" manage.py check --deploy --fail-level WARNING

# The two database passes run side by side, each with its own test database, media folder and
# Elasticsearch index prefix: page ids repeat between the two databases, so a shared index
# would answer one pass's "related materials" with the other's documents. The Elasticsearch
# outage tests stop the shared server, so they run alone afterwards, on each database in turn.
FAULTS=tests/search/test_es_faults.py
step "pytest on SQLite and on PostgreSQL $PG_URL, side by side (+ Elasticsearch $ES_URL)"
logs="$(mktemp -d)"
ELASTICSEARCH_URL="$ES_URL" ELASTICSEARCH_INDEX_PREFIX=hlmtest-sqlite- \
  .venv/bin/pytest --ignore="$FAULTS" "$@" >"$logs/sqlite.log" 2>&1 &
sqlite_pid=$!
DATABASE_URL="$PG_URL" ELASTICSEARCH_URL="$ES_URL" ELASTICSEARCH_INDEX_PREFIX=hlmtest-pg- \
  .venv/bin/pytest --ignore="$FAULTS" "$@" >"$logs/postgresql.log" 2>&1 &
pg_pid=$!
sqlite_rc=0; pg_rc=0
wait "$sqlite_pid" || sqlite_rc=$?
wait "$pg_pid" || pg_rc=$?
for db in sqlite postgresql; do
  log "---- pytest on $db ----"
  cat "$logs/$db.log" >&2
done
rm -rf "$logs"
(( sqlite_rc == 0 )) || { log "pytest on SQLite failed (exit $sqlite_rc)"; exit "$sqlite_rc"; }
(( pg_rc == 0 )) || { log "pytest on PostgreSQL failed (exit $pg_rc)"; exit "$pg_rc"; }
# Exit 5 (nothing collected: a -k selection left these out) is not a failure.
step "pytest: Elasticsearch outages (SQLite, then PostgreSQL)"
ELASTICSEARCH_URL="$ES_URL" .venv/bin/pytest "$FAULTS" "$@" || [[ $? -eq 5 ]]
DATABASE_URL="$PG_URL" ELASTICSEARCH_URL="$ES_URL" .venv/bin/pytest "$FAULTS" "$@" || [[ $? -eq 5 ]]

step "page checks: Nu HTML Checker and axe-core on the rendered pages, screenshots"
bash .ci/page-checks.sh

step "production stack: gunicorn + worker + nginx on PostgreSQL + Elasticsearch, probed through nginx"
stack_started=1
bash .ci/stack.sh start
HLM_STACK_URL="http://127.0.0.1:${STACK_PORT:-8180}" .venv/bin/pytest -m stack tests/cms/test_production_stack.py \
  tests/browser/test_wire_weight.py

step "load and fault drills, short form (cms/deploy/load/drill.py)"
env $(bash .ci/stack.sh env | xargs) "$PY" manage.py seed_demo >/dev/null
"$PY" cms/deploy/load/drill.py --users "${DRILL_USERS:-30}" --seconds "${DRILL_SECONDS:-20}"
bash .ci/stack.sh stop
stack_started=0
