#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, from the Debian packages.
#
#   bash .ci/postgres.sh install   # apt-get install postgresql if no server binaries exist
#   bash .ci/postgres.sh start     # initdb (first time), start on 127.0.0.1:$PG_PORT,
#                                  # create role hlm/hlm (superuser) and database hlm
#   bash .ci/postgres.sh stop
#   bash .ci/postgres.sh status
#   bash .ci/postgres.sh url       # print the DATABASE_URL only
#
# Environment:
#   PG_PORT    TCP port (default 5433), listening on 127.0.0.1 only
#   PG_BIN     directory with initdb/pg_ctl/postgres (default: newest /usr/lib/postgresql/*/bin)
#   PG_DIR     cluster directory (default $HLM_VAR/pg-$PG_PORT)
#   PG_FRESH=1 throw the cluster away and initialise a new one before start
#   HLM_VAR    state directory (see .ci/lib.sh)
#
# The binaries are taken from the Debian package layout only (never from PATH, where
# other builds may live). As root the server runs as the "postgres" user.
# Authentication is "trust" for local and 127.0.0.1 connections: test use only.
set -euo pipefail
CI_NAME=postgres
# shellcheck source=.ci/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_PORT="${PG_PORT:-5433}"
PG_DIR="${PG_DIR:-$HLM_VAR/pg-$PG_PORT}"
PG_DATA="$PG_DIR/data"
PG_RUN="$PG_DIR/run"            # unix socket directory
PG_LOG="$PG_DIR/postgres.log"
PG_OS_USER="postgres"
DB_NAME="hlm"
DB_USER="hlm"
DB_PASSWORD="hlm"
DATABASE_URL="postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME"
LOCK_FILE="$HLM_VAR/.pg-$PG_PORT.lock"
LOCK_SECONDS=300

# Newest Debian-layout server installation, or nothing.
find_pg_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then
    echo "$PG_BIN"; return
  fi
  local d best=""
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V); do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" && -x "$d/psql" ]]; then
      best="$d"
    fi
  done
  echo "$best"
}

cmd_install() {
  local bin
  bin="$(find_pg_bin)"
  if [[ -z "$bin" ]]; then
    [[ $EUID -eq 0 ]] || die "no PostgreSQL server under /usr/lib/postgresql/*/bin and not root: apt-get install postgresql"
    log "installing the Debian postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib >/dev/null
    bin="$(find_pg_bin)"
    [[ -n "$bin" ]] || die "postgresql installed but no server found under /usr/lib/postgresql/*/bin"
  fi
  ensure_system_user "$PG_OS_USER" /var/lib/postgresql /bin/bash
  PG_BIN="$bin"
  [[ "${1:-}" == "quiet" ]] || log "server binaries: $PG_BIN ($("$PG_BIN/postgres" --version))"
}

is_running() {
  [[ -f "$PG_DATA/PG_VERSION" ]] && as_user "$PG_OS_USER" "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

init_cluster() {
  local major
  major="$("$PG_BIN/postgres" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)?.*/\1/')"
  if [[ -f "$PG_DATA/PG_VERSION" && "$(cat "$PG_DATA/PG_VERSION")" != "$major" ]]; then
    log "cluster in $PG_DATA is from PostgreSQL $(cat "$PG_DATA/PG_VERSION"), server is $major: re-initialising"
    rm -rf "$PG_DATA"
  fi
  if [[ "${PG_FRESH:-0}" == "1" && -d "$PG_DATA" ]]; then
    log "PG_FRESH=1: removing $PG_DATA"
    rm -rf "$PG_DATA"
  fi
  mkdir -p "$HLM_VAR" "$PG_DIR" "$PG_RUN"
  chmod 755 "$HLM_VAR"
  if [[ $EUID -eq 0 ]]; then chown "$PG_OS_USER:$PG_OS_USER" "$PG_DIR" "$PG_RUN"; fi
  [[ -f "$PG_DATA/PG_VERSION" ]] && return 0

  log "initialising a new cluster in $PG_DATA"
  as_user "$PG_OS_USER" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
  # Test-only settings: durability off for speed; local TCP only.
  as_user "$PG_OS_USER" tee -a "$PG_DATA/postgresql.conf" >/dev/null <<CONF

# --- added by .ci/postgres.sh (throwaway test cluster) ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_RUN'
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
CONF
}

psql_admin() {
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_RUN" -p "$PG_PORT" -U postgres "$@"
}

ensure_role_and_db() {
  if [[ -z "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" ]]; then
    log "creating role $DB_USER"
    psql_admin -d postgres -c "CREATE ROLE $DB_USER LOGIN SUPERUSER PASSWORD '$DB_PASSWORD'"
  fi
  if [[ -z "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]]; then
    log "creating database $DB_NAME"
    psql_admin -d postgres -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
  fi
}

cmd_start() {
  local t0
  t0="$(now)"
  cmd_install quiet
  init_cluster
  if is_running; then
    log "already running on 127.0.0.1:$PG_PORT"
  else
    if port_busy "$PG_PORT"; then
      die "port $PG_PORT is in use by another process (not this cluster); set PG_PORT"
    fi
    log "starting on 127.0.0.1:$PG_PORT (data $PG_DATA)"
    # setsid + no inherited pipes or lock fd: the server must outlive this script quietly.
    if ! as_user "$PG_OS_USER" setsid "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start \
        </dev/null >"$PG_DIR/pg_ctl.out" 2>&1 9>&-; then
      cat "$PG_DIR/pg_ctl.out" >&2 || true
      tail -n 30 "$PG_LOG" >&2 || true
      die "start failed"
    fi
  fi
  ensure_role_and_db
  log "ready in $(elapsed "$t0")s"
  echo "DATABASE_URL=$DATABASE_URL"
}

cmd_stop() {
  local t0
  t0="$(now)"
  PG_BIN="$(find_pg_bin)"
  if [[ -z "$PG_BIN" ]] || ! is_running; then
    log "not running (port $PG_PORT)"
    return 0
  fi
  as_user "$PG_OS_USER" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop </dev/null >/dev/null 2>&1 9>&- \
    || die "pg_ctl stop failed (see $PG_LOG)"
  log "stopped in $(elapsed "$t0")s"
}

cmd_status() {
  PG_BIN="$(find_pg_bin)"
  if [[ -n "$PG_BIN" ]] && is_running; then
    log "running on 127.0.0.1:$PG_PORT (data $PG_DATA)"
    echo "DATABASE_URL=$DATABASE_URL"
  else
    log "not running (port $PG_PORT)"
    return 1
  fi
}

cmd_url() { echo "$DATABASE_URL"; }

service_main "$@"
