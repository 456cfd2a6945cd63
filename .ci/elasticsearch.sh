#!/usr/bin/env bash
# Elasticsearch for tests: the real server, from Elasticsearch's integration-test
# distribution (org.elasticsearch.distribution.integ-test-zip), fetched with Maven.
#
#   bash .ci/elasticsearch.sh install   # download (cached) + unpack + create the run user
#   bash .ci/elasticsearch.sh start     # start on 127.0.0.1:$ES_PORT, wait for yellow health
#   bash .ci/elasticsearch.sh stop      # stop by pid file and wait for the process to exit
#   bash .ci/elasticsearch.sh restart   # stop + start
#   bash .ci/elasticsearch.sh status    # print cluster health (exit 1 when not running)
#
# Security: the 8.19 integ-test zip DOES ship the x-pack-core and x-pack-security modules.
# Left at its defaults, security switches itself on at first start (auto-configuration:
# TLS on HTTP, generated certificates, password-protected "elastic" user), which makes the
# server unusable for the tests over plain http. So when (and only when) the unpacked
# distribution contains modules/x-pack-security, start passes xpack.security.enabled=false;
# that is the only xpack.* setting used. Without the module, no xpack.* setting is passed
# (an unknown setting would stop the server from starting).
#
# What this distribution lacks (its only modules are apm, transport-netty4, x-pack-core,
# x-pack-security), checked against 8.19.9:
#   - rest-root: GET / and HEAD / answer 405, so the Python client's info() and ping()
#     fail; use cluster.health() (or the nodes API) to probe the server.
#   - analysis-common: no asciifolding, edge_ngram/ngram, whitespace/keyword/pattern
#     tokenizers, html_strip/mapping char filters, synonym, stemmer, trim, unique ...
#   - mapper-extras (search_as_you_type, scaled_float), painless (scripts), reindex
#     (_delete_by_query, _update_by_query, _reindex).
#   Available: analyzers standard/simple/whitespace/keyword/stop, the standard tokenizer,
#   lowercase/stop/shingle filters, completion suggester, highlighting, aggregations, bulk.
#
# Environment:
#   ES_VERSION   version to use (default below; newest 8.x that resolves)
#   ES_PORT      HTTP port (default 9250); ES_TRANSPORT_PORT (default ES_PORT+100)
#   ES_HEAP      heap size (default 1g, as in docker-compose.yml)
#   ES_FRESH=1   wipe the data directory before start
#   ES_USER      unprivileged user that runs the server when invoked as root (default esrunner)
#   HLM_CACHE, HLM_VAR  download cache and state directory (see .ci/lib.sh)
#
# Safe to call from tests (stop, then start again): all output of the server goes to log
# files, never to the caller's stdout/stderr, and concurrent calls are serialised by a lock.
set -euo pipefail
CI_NAME=elasticsearch
# shellcheck source=.ci/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Newest 8.x release that resolved when this script was written (8.19.10 did not exist yet).
DEFAULT_ES_VERSION="8.19.9"
# Tried in this order when ES_VERSION is not set.
FALLBACK_VERSIONS="8.19.9 8.19.8 8.19.7 8.19.6 8.19.5 8.19.4 8.19.3 8.19.2 8.19.1 8.19.0
8.18.8 8.18.7 8.18.6 8.18.5 8.18.4 8.18.3 8.18.2 8.18.1 8.18.0"
ES_ARTIFACT_PREFIX="org.elasticsearch.distribution.integ-test-zip:elasticsearch"

ES_PORT="${ES_PORT:-9250}"
ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-$((ES_PORT + 100))}"
ES_HEAP="${ES_HEAP:-1g}"
ES_USER="${ES_USER:-esrunner}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-120}"
DOWNLOADS="$HLM_CACHE/downloads"
VERSION_FILE="$HLM_VAR/elasticsearch.version"
ES_VAR="$HLM_VAR/es-$ES_PORT"          # per-port state: data, logs, pid, tmp
PID_FILE="$ES_VAR/run/elasticsearch.pid"
STARTUP_LOG="$ES_VAR/logs/startup.out"
LOCK_FILE="$HLM_VAR/.es-$ES_PORT.lock"
LOCK_SECONDS=600
URL="http://127.0.0.1:$ES_PORT"

current_version() {
  if [[ -n "${ES_VERSION:-}" ]]; then
    echo "$ES_VERSION"
  elif [[ -s "$VERSION_FILE" ]]; then
    cat "$VERSION_FILE"
  else
    echo "$DEFAULT_ES_VERSION"
  fi
}

es_home() { echo "$HLM_VAR/elasticsearch-$1"; }

# True when $1 (an unpacked distribution) is missing or was modified by security auto-config.
needs_unpack() {
  [[ ! -x "$1/bin/elasticsearch" ]] \
    || grep -q 'BEGIN SECURITY AUTO CONFIGURATION' "$1/config/elasticsearch.yml" 2>/dev/null
}

# --- Java ------------------------------------------------------------------------------
find_java_home() {
  local java
  if [[ -n "${ES_JAVA_HOME:-}" && -x "$ES_JAVA_HOME/bin/java" ]]; then
    echo "$ES_JAVA_HOME"; return
  fi
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    echo "$JAVA_HOME"; return
  fi
  java="$(command -v java || true)"
  [[ -n "$java" ]] || die "no 'java' on PATH: install a JDK 17 or newer (Debian: apt-get install openjdk-17-jre-headless)"
  java="$(readlink -f "$java")"
  dirname "$(dirname "$java")"
}

check_java() {
  local jh line major
  jh="$(find_java_home)"
  line="$("$jh/bin/java" -version 2>&1 | head -n 1)"
  major="$(sed -E 's/.*version "([0-9]+)(\.([0-9]+))?.*/\1 \3/' <<<"$line")"
  # "1.8.0_x" style -> 8
  if [[ "${major%% *}" == "1" ]]; then major="${major#* }"; else major="${major%% *}"; fi
  [[ "$major" =~ ^[0-9]+$ ]] || die "cannot read the Java version from: $line"
  if (( major < 17 )); then
    die "Java $major found at $jh ($line); Elasticsearch 8 needs Java 17 or newer"
  fi
  JAVA_HOME_FOR_ES="$jh"
}

# --- install -----------------------------------------------------------------------------
fetch_zip() {  # $1 = version; prints nothing, returns 0 when the zip is in $DOWNLOADS
  local v="$1" zip="$DOWNLOADS/elasticsearch-$1.zip" mlog
  [[ -s "$zip" ]] && return 0
  command -v mvn >/dev/null || die "'mvn' (Maven) is needed to fetch Elasticsearch"
  mkdir -p "$DOWNLOADS"
  mlog="$DOWNLOADS/mvn-$v.log"
  log "resolving $ES_ARTIFACT_PREFIX:$v:zip with Maven ..."
  if mvn -q -B dependency:copy -Dartifact="$ES_ARTIFACT_PREFIX:$v:zip" \
      -DoutputDirectory="$DOWNLOADS" >"$mlog" 2>&1 && [[ -s "$zip" ]]; then
    rm -f "$mlog"
    return 0
  fi
  log "version $v did not resolve (see $mlog)"
  return 1
}

cmd_install() {
  local t0 v="" zip home tmp candidates
  t0="$(now)"
  check_java
  mkdir -p "$HLM_CACHE" "$HLM_VAR"
  chmod 755 "$HLM_VAR"
  if [[ -n "${ES_VERSION:-}" ]]; then
    candidates="$ES_VERSION"
  else
    candidates="$(current_version) $FALLBACK_VERSIONS"
  fi
  for c in $candidates; do
    if [[ -x "$(es_home "$c")/bin/elasticsearch" ]] || fetch_zip "$c"; then
      v="$c"; break
    fi
  done
  [[ -n "$v" ]] || die "no Elasticsearch 8.x integ-test-zip could be resolved (tried: $(tr '\n' ' ' <<<"$candidates")); see $DOWNLOADS/mvn-*.log"
  if [[ -z "${ES_VERSION:-}" && "$v" != "$DEFAULT_ES_VERSION" ]]; then
    log "note: using $v instead of the default $DEFAULT_ES_VERSION"
  fi

  ensure_system_user "$ES_USER" "$HLM_VAR" /usr/sbin/nologin \
    "Elasticsearch refuses to run as root"
  home="$(es_home "$v")"
  if [[ -f "$home/config/elasticsearch.yml" ]] \
      && grep -q 'BEGIN SECURITY AUTO CONFIGURATION' "$home/config/elasticsearch.yml"; then
    log "$home was auto-configured with security by an earlier start; unpacking it again"
    rm -rf "$home"
  fi
  if [[ ! -x "$home/bin/elasticsearch" ]]; then
    zip="$DOWNLOADS/elasticsearch-$v.zip"
    [[ -s "$zip" ]] || fetch_zip "$v" || die "cannot fetch Elasticsearch $v"
    log "unpacking $zip -> $home"
    tmp="$(mktemp -d "$HLM_VAR/.unpack.XXXXXX")"
    unzip -q "$zip" -d "$tmp"
    [[ -d "$tmp/elasticsearch-$v" ]] || die "unexpected layout in $zip"
    rm -rf "$home"
    mv "$tmp/elasticsearch-$v" "$home"
    rmdir "$tmp"
  fi
  mkdir -p "$ES_VAR/data" "$ES_VAR/logs" "$ES_VAR/run" "$ES_VAR/tmp"
  if as_root; then
    chown -R "$ES_USER:$ES_USER" "$home" "$ES_VAR"
  fi
  echo "$v" >"$VERSION_FILE"
  log "installed Elasticsearch $v in $home (state in $ES_VAR) in $(elapsed "$t0")s"
}

# --- process helpers -----------------------------------------------------------------
# Prints the pid when our server is alive, else nothing (and removes a stale pid file).
running_pid() {
  local pid
  [[ -s "$PID_FILE" ]] || return 0
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null \
      && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.elasticsearch'; then
    echo "$pid"
  else
    rm -f "$PID_FILE"
  fi
}

wait_healthy() {  # $1 = pid, $2 = start time
  local pid="$1" t0="$2" deadline
  deadline=$(( $(date +%s) + ES_START_TIMEOUT ))
  while :; do
    if curl -fsS -m 5 "$URL/_cluster/health?wait_for_status=yellow&timeout=2s" >/dev/null 2>&1; then
      return 0
    fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      log "the server exited during start-up; last log lines:"
      tail -n 40 "$STARTUP_LOG" >&2 2>/dev/null || true
      tail -n 40 "$ES_VAR/logs/hlm-gdtx-test.log" >&2 2>/dev/null || true
      die "start failed"
    fi
    if (( $(date +%s) >= deadline )); then
      tail -n 40 "$ES_VAR/logs/hlm-gdtx-test.log" >&2 2>/dev/null || true
      die "no yellow health on $URL within ${ES_START_TIMEOUT}s"
    fi
    sleep 0.5
  done
}

# The integ-test distribution has no rest-root module, so GET / (and HEAD /, i.e. the
# Python client's info()/ping()) answer 405; read the version from the nodes API instead.
print_version() {
  local body
  body="$(curl -fsS -m 5 "$URL/_nodes/_local?filter_path=nodes.*.version" 2>/dev/null || true)"
  sed -nE 's/.*"version" *: *"([^"]+)".*/\1/p' <<<"$body"
}

# --- start / stop ----------------------------------------------------------------------
cmd_start() {
  local t0 v home pid
  t0="$(now)"
  v="$(current_version)"
  home="$(es_home "$v")"
  if needs_unpack "$home"; then
    log "not installed yet; installing first"
    cmd_install
    v="$(current_version)"; home="$(es_home "$v")"
  fi
  check_java

  pid="$(running_pid)"
  if [[ -n "$pid" ]]; then
    log "already running (pid $pid); waiting for health"
    wait_healthy "$pid" "$t0"
    log "Elasticsearch $(print_version) up at $URL"
    return 0
  fi
  for p in "$ES_PORT" "$ES_TRANSPORT_PORT"; do
    if port_busy "$p"; then
      die "port $p on this machine is in use by another process (not started by this script); set ES_PORT"
    fi
  done

  mkdir -p "$ES_VAR/data" "$ES_VAR/logs" "$ES_VAR/run" "$ES_VAR/tmp"
  if [[ "${ES_FRESH:-0}" == "1" ]]; then
    log "ES_FRESH=1: wiping $ES_VAR/data"
    rm -rf "$ES_VAR/data"; mkdir -p "$ES_VAR/data"
  fi
  if as_root; then chown -R "$ES_USER:$ES_USER" "$ES_VAR"; fi
  rm -f "$PID_FILE"

  local security_args=()
  if [[ -d "$home/modules/x-pack-security" ]]; then
    security_args=(-Expack.security.enabled=false)
  fi
  # More file descriptors than the usual 1024/20000 default, when the hard limit allows.
  ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

  log "starting Elasticsearch $v on $URL (transport $ES_TRANSPORT_PORT, heap $ES_HEAP)"
  # setsid + all fds to a file: the daemon must not keep the caller's pipes or our lock open.
  if ! as_user "$ES_USER" env \
      ES_JAVA_HOME="$JAVA_HOME_FOR_ES" \
      ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP ${ES_EXTRA_JAVA_OPTS:-}" \
      ES_TMPDIR="$ES_VAR/tmp" \
      setsid "$home/bin/elasticsearch" -d -p "$PID_FILE" \
        -Ecluster.name=hlm-gdtx-test \
        -Enode.name="hlm-gdtx-$ES_PORT" \
        -Enetwork.host=127.0.0.1 \
        -Ehttp.port="$ES_PORT" \
        -Etransport.port="$ES_TRANSPORT_PORT" \
        -Ediscovery.type=single-node \
        -Ecluster.routing.allocation.disk.threshold_enabled=false \
        -Epath.data="$ES_VAR/data" \
        -Epath.logs="$ES_VAR/logs" \
        "${security_args[@]}" \
        </dev/null >"$STARTUP_LOG" 2>&1 9>&-; then
    log "the launcher failed; output:"
    tail -n 60 "$STARTUP_LOG" >&2 || true
    die "start failed"
  fi
  pid="$(running_pid)"
  [[ -n "$pid" ]] || { tail -n 60 "$STARTUP_LOG" >&2 || true; die "no running server after launch"; }
  wait_healthy "$pid" "$t0"
  log "Elasticsearch $(print_version) up at $URL (pid $pid) in $(elapsed "$t0")s"
}

cmd_stop() {
  local t0 pid i
  t0="$(now)"
  pid="$(running_pid)"
  if [[ -z "$pid" ]]; then
    log "not running (port $ES_PORT)"
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 600; i++)); do            # up to 60 s
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 60s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  log "stopped in $(elapsed "$t0")s"
}

cmd_status() {
  local pid health
  pid="$(running_pid)"
  if health="$(curl -fsS -m 5 "$URL/_cluster/health" 2>/dev/null)"; then
    log "Elasticsearch $(print_version) at $URL (pid ${pid:-unknown})"
    echo "$health"
  else
    log "not answering at $URL${pid:+ (pid $pid alive)}"
    return 1
  fi
}

cmd_url() { echo "$URL"; }

service_main "$@"
