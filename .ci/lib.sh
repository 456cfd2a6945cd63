# Shell helpers shared by the service scripts .ci/elasticsearch.sh and .ci/postgres.sh (and
# the logging and state directory of .ci/stack.sh).
# Not run on its own: a script sets CI_NAME (the prefix of its log lines), LOCK_FILE and
# LOCK_SECONDS, defines cmd_install, cmd_start, cmd_stop, cmd_status and cmd_url, then
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   ...
#   service_main "$@"
#
# Environment read here:
#   HLM_CACHE  download cache (default ${XDG_CACHE_HOME:-$HOME/.cache}/hlm-gdtx)
#   HLM_VAR    state directory: unpacked servers, data, logs, pids, locks (default
#              /var/cache/hlm-gdtx as root, because $HOME is usually not traversable by the
#              unprivileged users that run the servers; else $HLM_CACHE)

HLM_CACHE="${HLM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hlm-gdtx}"
if [[ $EUID -eq 0 ]]; then
  HLM_VAR="${HLM_VAR:-/var/cache/hlm-gdtx}"
else
  HLM_VAR="${HLM_VAR:-$HLM_CACHE}"
fi

log() { echo "[ci] $CI_NAME: $*" >&2; }
die() { echo "[ci] $CI_NAME: ERROR: $*" >&2; exit 1; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

as_root() { [[ $EUID -eq 0 ]]; }

# Run a command as the unprivileged user $1 (or as ourselves when not root).
as_user() {
  local user="$1"
  shift
  if as_root; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

port_busy() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

# As root, create the system user $1 (home $2, shell $3) unless it exists; $4 says why.
ensure_system_user() {
  as_root || return 0
  getent passwd "$1" >/dev/null && return 0
  log "creating system user $1${4:+ ($4)}"
  useradd --system --user-group --home-dir "$2" --no-create-home --shell "$3" "$1"
}

# Run "$@" holding $LOCK_FILE (fd 9), so concurrent calls of one script are serialised.
# Servers started under the lock must close fd 9 (9>&-), or they would hold it forever.
with_lock() {
  mkdir -p "$(dirname "$LOCK_FILE")"
  exec 9>"$LOCK_FILE"
  flock -w "$LOCK_SECONDS" 9 || die "could not get the lock $LOCK_FILE"
  "$@"
}

# The verbs every service script answers.
service_main() {
  case "${1:-}" in
    install) with_lock cmd_install ;;
    start)   with_lock cmd_start ;;
    stop)    with_lock cmd_stop ;;
    restart) with_lock cmd_stop; cmd_start ;;
    status)  cmd_status ;;
    url)     cmd_url ;;
    *) echo "usage: $0 {install|start|stop|restart|status|url}" >&2; exit 2 ;;
  esac
}
