#!/usr/bin/env bash
# kiwix-serve from Debian's kiwix-tools, for the test that serves an offline pack's ZIM and
# searches it over HTTP (tests/content_models/test_offline_packs.py; skipped without it).
#
#   bash .ci/kiwix.sh          # install what is missing, print the version
set -euo pipefail

log() { echo "[ci] kiwix: $*" >&2; }
die() { echo "[ci] kiwix: ERROR: $*" >&2; exit 1; }

if ! command -v kiwix-serve >/dev/null 2>&1; then
  [[ $EUID -eq 0 ]] || die "kiwix-serve is missing; run as root or: apt-get install kiwix-tools"
  log "installing kiwix-tools"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends kiwix-tools >/dev/null
fi
command -v kiwix-serve >/dev/null 2>&1 || die "kiwix-serve not found after install"
log "$(kiwix-serve --version 2>/dev/null | head -n 1 || true) at $(command -v kiwix-serve)"
