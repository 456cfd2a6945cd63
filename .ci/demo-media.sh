#!/usr/bin/env bash
# ffmpeg and espeak-ng from Debian, with which `seed_demo` makes the demo's short video and its
# Vietnamese speech (content_models/demo/media.py; the demo is built without media when ffmpeg
# is missing, and tests/content_models/test_seed_demo.py checks either way).
#
#   bash .ci/demo-media.sh     # install what is missing, print the versions
set -euo pipefail

log() { echo "[ci] demo-media: $*" >&2; }
die() { echo "[ci] demo-media: ERROR: $*" >&2; exit 1; }

missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
if (( ${#missing[@]} )); then
  [[ $EUID -eq 0 ]] || die "${missing[*]} missing; run as root or: apt-get install ${missing[*]}"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for tool in ffmpeg espeak-ng; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found after install"
done
log "$(ffmpeg -version | head -n 1); $(espeak-ng --version | head -n 1)"
