#!/usr/bin/env bash
# ffmpeg (with ffprobe), Ghostscript and espeak-ng from Debian: they make and check the light
# versions of videos, sound and PDFs (media/light/, tests/media/test_light_versions.py; those
# tests skip without them), and `seed_demo` makes the demo's short video and its Vietnamese
# speech with ffmpeg and espeak-ng (content_models/demo/media.py; without ffmpeg the demo is
# built without media).
#
#   bash .ci/media-tools.sh     # install what is missing, print the versions
set -euo pipefail

log() { echo "[ci] media-tools: $*" >&2; }
die() { echo "[ci] media-tools: ERROR: $*" >&2; exit 1; }

missing=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
command -v gs >/dev/null 2>&1 || missing+=(ghostscript)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
if (( ${#missing[@]} )); then
  [[ $EUID -eq 0 ]] || die "${missing[*]} missing; run as root or: apt-get install ${missing[*]}"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for tool in ffmpeg ffprobe gs espeak-ng; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found after install"
done
log "$(ffmpeg -version | head -n 1); Ghostscript $(gs --version); $(espeak-ng --version | head -n 1)"
