#!/usr/bin/env bash
# What the teacher's evidence sheet as PDF needs from Debian (content_models/reports/pdf.py):
# Pango (WeasyPrint lays text out with it, HarfBuzz shapes Vietnamese), the DejaVu fonts it
# embeds, and poppler-utils, whose pdftotext and pdfinfo read the PDF back in
# tests/content_models/test_evidence_pdf.py.
#
#   bash .ci/pdf.sh    # install what is missing, print the versions
set -euo pipefail

log() { echo "[ci] pdf: $*" >&2; }
die() { echo "[ci] pdf: ERROR: $*" >&2; exit 1; }

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if ((${#missing[@]})); then
  [[ $EUID -eq 0 ]] || die "missing ${missing[*]}; run as root or: apt-get install ${missing[*]}"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v pdftotext >/dev/null 2>&1 || die "pdftotext not found after install"
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || die "DejaVuSans.ttf is missing"
log "$(pdftotext -v 2>&1 | head -n 1), pango $(dpkg-query -W -f='${Version}' libpango-1.0-0)"
