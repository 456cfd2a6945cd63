#!/usr/bin/env bash
# The production stack of docker-compose.yml, started from this machine's own packages (no
# container engine runs here): gunicorn with cms.settings.production and several workers,
# the task worker (manage.py run_worker), Debian's nginx with cms/deploy/nginx.conf in front,
# on the real PostgreSQL and Elasticsearch that .ci/postgres.sh and .ci/elasticsearch.sh run.
#
#   bash .ci/stack.sh install   # apt-get install nginx-light if nginx is missing
#   bash .ci/stack.sh start     # fresh database + media, migrate, collectstatic, indices,
#                               # check --deploy, then gunicorn, worker and nginx
#   bash .ci/stack.sh start-worker   # start the task worker again (after a drill killed it)
#   bash .ci/stack.sh restart-web    # gunicorn again with the current code and environment
#                                    # (database and media kept), e.g. to compare settings
#   bash .ci/stack.sh stop
#   bash .ci/stack.sh status
#   bash .ci/stack.sh env       # print the stack's environment (source it to run commands)
#
# The stack answers on http://127.0.0.1:$STACK_PORT (nginx). TLS ends in front of nginx in
# production, so clients of this stack send "X-Forwarded-Proto: https" as that proxy would.
# Environment: STACK_PORT (8180), STACK_WEB_PORT (8100), STACK_WORKERS (3 gunicorn workers),
# STACK_THREADS (threads per worker: gunicorn's gthread class, as cms/deploy/Dockerfile; 1: sync),
# PG_PORT, ES_PORT, HLM_VAR (state: database name, media, static, logs, pids).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"

STACK_PORT="${STACK_PORT:-8180}"
STACK_WEB_PORT="${STACK_WEB_PORT:-8100}"
STACK_WORKERS="${STACK_WORKERS:-3}"
STACK_THREADS="${STACK_THREADS:-4}"
PG_PORT="${PG_PORT:-5433}"
ES_PORT="${ES_PORT:-9250}"
CI_NAME=stack
# shellcheck source=.ci/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"  # log, die, HLM_VAR
STACK_DIR="$HLM_VAR/stack-$STACK_PORT"
STACK_DB="hlm_stack_$STACK_PORT"
PY="$ROOT/.venv/bin/python"

stack_env() {
  # The secret is made once per stack directory and never leaves it.
  [[ -s "$STACK_DIR/secret" ]] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(64))' \
    >"$STACK_DIR/secret"
  cat <<ENV
DJANGO_SETTINGS_MODULE=cms.settings.production
SECRET_KEY=$(cat "$STACK_DIR/secret")
ALLOWED_HOSTS=127.0.0.1,localhost
CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$STACK_PORT,https://localhost:$STACK_PORT
DATABASE_URL=postgres://hlm:hlm@127.0.0.1:$PG_PORT/$STACK_DB
DB_CONN_MAX_AGE=60
ELASTICSEARCH_URL=http://127.0.0.1:$ES_PORT
ELASTICSEARCH_INDEX_PREFIX=hlmstack-$STACK_PORT-
MEDIA_ROOT=$STACK_DIR/media
STATIC_ROOT=$STACK_DIR/static
HLM_TASKS_BACKEND=database
HLM_WORKER_HOUSEKEEPING_SECONDS=5
HLM_USAGE_FLUSH_SECONDS=5
WAGTAILADMIN_BASE_URL=https://127.0.0.1:$STACK_PORT
ENV
}

with_env() { env $(stack_env | xargs) "$@"; }

pid_alive() { [[ -s "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_http() {  # $1 = URL, $2 = what
  local i
  for i in $(seq 1 120); do
    if curl -fsS -o /dev/null -H "X-Forwarded-Proto: https" "$1"; then return 0; fi
    sleep 0.5
  done
  die "$2 did not answer at $1 (logs in $STACK_DIR/logs)"
}

nginx_conf() {
  # The project's server block with this machine's addresses and paths, inside a minimal
  # main configuration that writes nothing outside $STACK_DIR.
  local server
  server="$(sed -e "s#server web:8000;#server 127.0.0.1:$STACK_WEB_PORT;#" \
                -e "s#listen 80;#listen 127.0.0.1:$STACK_PORT;#" \
                -e "s#/srv/media/#$STACK_DIR/media/#g" \
                "$ROOT/cms/deploy/nginx.conf")"
  grep -q "127.0.0.1:$STACK_WEB_PORT" <<<"$server" || die "cms/deploy/nginx.conf: no 'server web:8000;'"
  cat <<CONF
worker_processes 2;
pid $STACK_DIR/run/nginx.pid;
error_log $STACK_DIR/logs/nginx-error.log warn;
user www-data;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $STACK_DIR/logs/nginx-access.log;
    client_body_temp_path $STACK_DIR/run/client_body;
    proxy_temp_path $STACK_DIR/run/proxy;
    fastcgi_temp_path $STACK_DIR/run/fastcgi;
    uwsgi_temp_path $STACK_DIR/run/uwsgi;
    scgi_temp_path $STACK_DIR/run/scgi;
    sendfile on;
$server
}
CONF
}

cmd_install() {
  command -v nginx >/dev/null 2>&1 && return 0
  log "installing nginx-light"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
}

start_web() {
  log "gunicorn ($STACK_WORKERS workers x $STACK_THREADS threads) on 127.0.0.1:$STACK_WEB_PORT"
  with_env "$ROOT/.venv/bin/gunicorn" cms.wsgi:application \
    --bind "127.0.0.1:$STACK_WEB_PORT" --workers "$STACK_WORKERS" --threads "$STACK_THREADS" \
    --timeout 120 --pid "$STACK_DIR/run/gunicorn.pid" --daemon \
    --access-logfile "$STACK_DIR/logs/gunicorn-access.log" \
    --error-logfile "$STACK_DIR/logs/gunicorn-error.log"
}

cmd_restart_web() {
  if pid_alive "$STACK_DIR/run/gunicorn.pid"; then
    kill -TERM "$(cat "$STACK_DIR/run/gunicorn.pid")"
    for _ in $(seq 1 60); do pid_alive "$STACK_DIR/run/gunicorn.pid" || break; sleep 0.5; done
  fi
  with_env "$PY" manage.py createcachetable
  start_web
  wait_http "http://127.0.0.1:$STACK_WEB_PORT/" "gunicorn"
}

cmd_start() {
  command -v nginx >/dev/null 2>&1 || die "nginx is not installed (bash .ci/stack.sh install)"
  cmd_stop >/dev/null 2>&1 || true
  rm -rf "$STACK_DIR"
  mkdir -p "$STACK_DIR"/{media,static,logs,run}
  chmod 755 "$HLM_VAR" "$STACK_DIR" "$STACK_DIR/media"
  psql "postgres://hlm:hlm@127.0.0.1:$PG_PORT/postgres" -qc "DROP DATABASE IF EXISTS $STACK_DB WITH (FORCE)" \
    -c "CREATE DATABASE $STACK_DB" >/dev/null
  # Indices of an earlier run of this stack would hold lessons the fresh database lacks.
  local index
  for index in $(curl -fsS "http://127.0.0.1:$ES_PORT/_cat/indices/hlmstack-$STACK_PORT-*?h=index" 2>/dev/null); do
    curl -fsS -X DELETE "http://127.0.0.1:$ES_PORT/$index" >/dev/null
  done
  log "createcachetable, migrate, collectstatic, search indices, check --deploy"
  with_env "$PY" manage.py createcachetable
  with_env "$PY" manage.py migrate --noinput -v0
  with_env "$PY" manage.py collectstatic --noinput -v0
  with_env "$PY" manage.py search_index create >/dev/null
  with_env "$PY" manage.py check --deploy --fail-level WARNING
  start_web
  cmd_start_worker
  log "nginx on 127.0.0.1:$STACK_PORT"
  nginx_conf >"$STACK_DIR/nginx.conf"
  nginx -t -q -c "$STACK_DIR/nginx.conf" 2>"$STACK_DIR/logs/nginx-test.log" \
    || die "nginx -t: $(cat "$STACK_DIR/logs/nginx-test.log")"
  nginx -c "$STACK_DIR/nginx.conf"
  wait_http "http://127.0.0.1:$STACK_WEB_PORT/" "gunicorn"
  wait_http "http://127.0.0.1:$STACK_PORT/" "nginx"
  pid_alive "$STACK_DIR/run/worker.pid" || die "the worker exited: $(tail -5 "$STACK_DIR/logs/worker.log")"
  log "up: http://127.0.0.1:$STACK_PORT (state in $STACK_DIR)"
}

cmd_start_worker() {
  pid_alive "$STACK_DIR/run/worker.pid" && die "the worker is already running"
  log "task worker"
  with_env nohup "$PY" manage.py run_worker --no-startup-delay --interval 0.5 \
    >>"$STACK_DIR/logs/worker.log" 2>&1 &
  echo $! >"$STACK_DIR/run/worker.pid"
}

cmd_stop() {
  local name
  if [[ -s "$STACK_DIR/run/nginx.pid" ]]; then
    nginx -c "$STACK_DIR/nginx.conf" -s quit 2>/dev/null || kill "$(cat "$STACK_DIR/run/nginx.pid")" 2>/dev/null || true
  fi
  for name in worker gunicorn; do
    if pid_alive "$STACK_DIR/run/$name.pid"; then kill -TERM "$(cat "$STACK_DIR/run/$name.pid")" || true; fi
  done
  for name in worker gunicorn nginx; do
    for _ in $(seq 1 60); do pid_alive "$STACK_DIR/run/$name.pid" || break; sleep 0.5; done
    if pid_alive "$STACK_DIR/run/$name.pid"; then kill -KILL "$(cat "$STACK_DIR/run/$name.pid")" || true; fi
  done
  log "stopped"
}

cmd_status() {
  local name rc=0
  for name in nginx gunicorn worker; do
    if pid_alive "$STACK_DIR/run/$name.pid"; then echo "$name: running (pid $(cat "$STACK_DIR/run/$name.pid"))"
    else echo "$name: stopped"; rc=1; fi
  done
  return $rc
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  start-worker) cmd_start_worker ;;
  restart-web) cmd_restart_web ;;
  status) cmd_status ;;
  env) mkdir -p "$STACK_DIR"; stack_env ;;
  *) echo "usage: $0 install|start|start-worker|restart-web|stop|status|env" >&2; exit 2 ;;
esac
