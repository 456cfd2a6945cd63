#!/usr/bin/env bash
# Checks of the rendered public pages with tools nobody on the team wrote: the Nu HTML Checker
# (vnu-jar, run with the machine's Java) with 0 errors and axe-core with 0 violations, on home,
# a programme landing page, search, a lesson, a course, a collection, a centre, the teacher's
# desk and the print sheet, with screenshots at 360 px and 1280 px
# (tests/browser/test_page_checks.py; docs/public-site.md).
#
#   bash .ci/page-checks.sh              # install the checkers if missing, then run the test
#   bash .ci/page-checks.sh install      # install only; prints the two paths
#
# The two npm packages go to a cache folder ($HLM_CHECKERS_DIR, default var/checkers), pinned;
# Debian's nodejs/npm and a headless Java are installed when missing (as root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VNU_VERSION=26.9.27
AXE_VERSION=4.14.1
DIR="${HLM_CHECKERS_DIR:-$(pwd)/var/checkers}"

log() { echo "[ci] page-checks: $*" >&2; }
die() { echo "[ci] page-checks: ERROR: $*" >&2; exit 1; }

missing=()
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if (( ${#missing[@]} )); then
  [[ $EUID -eq 0 ]] || die "${missing[*]} missing; run as root or: apt-get install ${missing[*]}"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

VNU_JAR="$DIR/node_modules/vnu-jar/build/dist/vnu.jar"
AXE_JS="$DIR/node_modules/axe-core/axe.min.js"
installed() {
  [[ -f "$VNU_JAR" && -f "$AXE_JS" ]] \
    && grep -q "\"version\": \"$VNU_VERSION\"" "$DIR/node_modules/vnu-jar/package.json" \
    && grep -q "\"version\": \"$AXE_VERSION\"" "$DIR/node_modules/axe-core/package.json"
}
if ! installed; then
  log "installing vnu-jar@$VNU_VERSION and axe-core@$AXE_VERSION into $DIR"
  mkdir -p "$DIR"
  [[ -f "$DIR/package.json" ]] || echo '{"private": true}' > "$DIR/package.json"
  npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error \
    "vnu-jar@$VNU_VERSION" "axe-core@$AXE_VERSION" >&2
fi
installed || die "vnu.jar or axe.min.js missing after npm install"
log "$(java -jar "$VNU_JAR" --version) (vnu), axe-core $AXE_VERSION"

export VNU_JAR AXE_JS
if [[ "${1:-}" == "install" ]]; then
  echo "VNU_JAR=$VNU_JAR"
  echo "AXE_JS=$AXE_JS"
  exit 0
fi
export PLAYWRIGHT_CHROMIUM_EXECUTABLE="${PLAYWRIGHT_CHROMIUM_EXECUTABLE:-/usr/bin/chromium}"
log "screenshots and the checked HTML go to test-artifacts/"
.venv/bin/pytest -m browser tests/browser/test_page_checks.py -q -p no:logging "$@"
