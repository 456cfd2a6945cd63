#!/usr/bin/env bash
# Python environment: .venv (Python 3.11) with requirements.txt installed.
# pip runs only when requirements.txt changed since the last successful install
# (its sha256 is kept in .venv/.requirements.sha256).
#
#   bash .ci/bootstrap.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV=".venv"
REQ="requirements.txt"
STAMP="$VENV/.requirements.sha256"

log() { echo "[ci] bootstrap: $*" >&2; }
die() { echo "[ci] bootstrap: ERROR: $*" >&2; exit 1; }

find_python() {
  local c
  for c in "${PYTHON:-}" python3.11 python3; do
    [[ -n "$c" ]] || continue
    if command -v "$c" >/dev/null 2>&1 \
        && "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      echo "$c"; return
    fi
  done
  return 1
}

venv_ok() {
  [[ -x "$VENV/bin/python" ]] \
    && "$VENV/bin/python" -c 'import sys, pip; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null
}

if ! venv_ok; then
  py="$(find_python)" || die "Python 3.11 not found (tried \$PYTHON, python3.11, python3)"
  if [[ -e "$VENV" ]]; then
    log "$VENV is not a working Python 3.11 environment; recreating it"
    rm -rf "$VENV"
  fi
  log "creating $VENV with $(command -v "$py") ($("$py" --version 2>&1))"
  "$py" -m venv "$VENV"
fi

[[ -f "$REQ" ]] || die "$REQ not found in $(pwd)"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"
have="$(cat "$STAMP" 2>/dev/null || true)"
if [[ "$want" == "$have" ]]; then
  log "$REQ unchanged since the last install; skipping pip"
  exit 0
fi

log "installing $REQ into $VENV (pip, quiet)"
t0=$(date +%s)
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ"
echo "$want" >"$STAMP"
log "done in $(( $(date +%s) - t0 ))s"
