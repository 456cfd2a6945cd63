#!/usr/bin/env bash
# Chromium from Debian for the browser tests (Playwright drives it with
# executable_path=/usr/bin/chromium; no browser download), plus fonts with full
# Vietnamese coverage so screenshots and text layout are realistic.
#
#   bash .ci/chromium.sh          # install what is missing, print the version
set -euo pipefail

CHROMIUM="${PLAYWRIGHT_CHROMIUM_EXECUTABLE:-/usr/bin/chromium}"
PACKAGES=(chromium fonts-noto-core fonts-dejavu-core)

log() { echo "[ci] chromium: $*" >&2; }
die() { echo "[ci] chromium: ERROR: $*" >&2; exit 1; }

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed'; then
    missing+=("$p")
  fi
done
if [[ ! -x "$CHROMIUM" || ${#missing[@]} -gt 0 ]]; then
  [[ $EUID -eq 0 ]] || die "missing: ${missing[*]:-$CHROMIUM}; run as root or: apt-get install ${PACKAGES[*]}"
  log "installing ${missing[*]:-chromium}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]:-chromium}" >/dev/null
fi
[[ -x "$CHROMIUM" ]] || die "$CHROMIUM not found after install"
log "$("$CHROMIUM" --version 2>/dev/null | head -n 1) at $CHROMIUM"
