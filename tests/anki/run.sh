#!/usr/bin/env bash
# Real-Anki import check (FORMATS.md §3-4): build the sample vault notes/ and import
# out/deck.txt and out/deck.apkg with Anki's own importers from the `anki` PyPI package.
#
#   tests/anki/run.sh [extra check_import.py options, e.g. --workdir /tmp/anki-check]
#
# Needs python3 (3.11) with pip, cargo, and PyPI. The venv lives in target/anki-venv and is
# reused while requirements.txt and the Python version stay the same.
# Environment: PYTHON (default python3); VERIDECK_BIN to skip `cargo build --release`
# and use that binary; CARGO_TARGET_DIR as for cargo.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
HERE=tests/anki
REQ="$HERE/requirements.txt"
VENV="$ROOT/target/anki-venv"
PY="${PYTHON:-python3}"

stamp="$({ cat "$REQ"; "$PY" -c 'import sys; print(sys.version, sys.executable)'; } | sha256sum | cut -d' ' -f1)"
if [[ -x "$VENV/bin/python" && "$(cat "$VENV/.requirements-stamp" 2>/dev/null)" == "$stamp" ]] \
    && "$VENV/bin/python" -c 'import anki.collection' 2>/dev/null; then
    echo "anki-check: reusing $VENV"
else
    echo "anki-check: creating $VENV and installing $REQ"
    rm -rf "$VENV"
    mkdir -p "$(dirname "$VENV")"
    if "$PY" -m venv "$VENV" >/dev/null 2>&1; then
        pip=("$VENV/bin/python" -m pip)
    else
        # Debian's python3 without python3-venv has no ensurepip: make the venv without
        # pip and let the outer pip install into it (pip >= 22.3).
        rm -rf "$VENV"
        "$PY" -m venv --without-pip "$VENV"
        pip=("$PY" -m pip --python "$VENV/bin/python")
    fi
    "${pip[@]}" install --quiet --disable-pip-version-check --no-input -r "$REQ"
    echo "$stamp" >"$VENV/.requirements-stamp"
fi

if [[ -n "${VERIDECK_BIN:-}" ]]; then
    BIN="$VERIDECK_BIN"
else
    cargo build --release --quiet
    BIN="${CARGO_TARGET_DIR:-target}/release/verideck"
fi

# The checker checks itself first on a hand-made deck (no verideck involved) ...
"$VENV/bin/python" "$HERE/check_import.py" --label anki-selftest \
    --deck-only "$HERE/sample_deck.txt" --deck-update "$HERE/sample_deck_v2.txt"
# ... then the real thing.
"$VENV/bin/python" "$HERE/check_import.py" --binary "$BIN" --vault notes "$@"
