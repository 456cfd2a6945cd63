#!/usr/bin/env bash
# LibreOffice Calc, headless, from Debian (libreoffice-calc-nogui), for the tests that open the
# XLSX and CSV report exports with a real spreadsheet and convert them to CSV and PDF
# (tests/content_models/test_reports.py; skipped without it).
#
#   bash .ci/libreoffice.sh    # install what is missing, print the version
set -euo pipefail

log() { echo "[ci] libreoffice: $*" >&2; }
die() { echo "[ci] libreoffice: ERROR: $*" >&2; exit 1; }

if ! command -v soffice >/dev/null 2>&1; then
  [[ $EUID -eq 0 ]] || die "soffice is missing; run as root or: apt-get install libreoffice-calc-nogui"
  log "installing libreoffice-calc-nogui"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
fi
command -v soffice >/dev/null 2>&1 || die "soffice not found after install"
log "$(soffice --version 2>/dev/null | head -n 1 || true) at $(command -v soffice)"
