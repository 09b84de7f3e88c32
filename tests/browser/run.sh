#!/usr/bin/env bash
# The lessons in a real headless Chromium (Debian's `chromium` package):
# builds the sample vault's lessons, opens every page and checks formulas,
# leftover `$`, console errors and phone width; saves out/lesson-screenshot.png.
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

cargo run --quiet --locked -- build notes --out out
node tests/browser/check.mjs out/lessons out/lesson-screenshot.png optimizers/adam.html
