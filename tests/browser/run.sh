#!/usr/bin/env bash
# The lessons in a real headless Chromium (Debian's `chromium` package):
# builds the lessons of the sample vault and of tests/browser/vault (images
# embedded both ways, from two folder depths), opens every page and checks
# formulas, their drawn layout, leftover LaTeX, images, console errors and
# phone width (tests/browser/check.mjs). Saves out/lesson-screenshot.png and
# one screenshot per page under out/screenshots/ (the CI artefact).
# Then a negative control: the image vault built with the old `display:
# block` stylesheet and a media file removed must fail the same check.
# Installs chromium (apt) and playwright-core (npm, no browser download) if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --silent)
fi

cargo build --quiet --locked
verideck=target/debug/verideck
rm -rf out/screenshots
"$verideck" build notes --out out
node tests/browser/check.mjs out/lessons out/lesson-screenshot.png optimizers/adam.html out/screenshots/notes
"$verideck" build tests/browser/vault --out out/browser-vault
node tests/browser/check.mjs out/browser-vault/lessons out/screenshots/pictures.png pictures.html \
  out/screenshots/browser-vault

echo "negative control: a column stylesheet and a missing image must fail"
control=$(mktemp -d)
trap 'rm -rf "$control"' EXIT
mkdir -p "$control/templates/lessons"
sed 's/\.formula-display math { display: block math; }/.formula-display math { display: block; }/' \
  templates/lessons/style.css >"$control/templates/lessons/style.css"
grep -q '.formula-display math { display: block; }' "$control/templates/lessons/style.css"
"$verideck" build tests/browser/vault --out "$control/out" --templates "$control/templates" 2>/dev/null
rm "$control/out/media/pixel.png"
if node tests/browser/check.mjs "$control/out/lessons" "$control/shot.png" pictures.html >"$control/log"; then
  cat "$control/log"
  echo "FAIL: the check passed a column layout and a missing image"
  exit 1
fi
for expected in "not drawn as one row" "image not loaded"; do
  if ! grep -q "$expected" "$control/log"; then
    cat "$control/log"
    echo "FAIL: the negative control did not report \"$expected\""
    exit 1
  fi
done
echo "negative control failed as it should"
