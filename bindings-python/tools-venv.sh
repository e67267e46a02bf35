#!/usr/bin/env bash
# Makes sure the venv of the Python package's pinned build and release tools
# (release-tools.txt) exists and prints its path. It lives inside the clone
# ($IDENTITY_HMAC_PY_TOOLS, default target/bindings-python/tools-venv) and is
# reused until release-tools.txt changes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
tools="${IDENTITY_HMAC_PY_TOOLS:-$repo/target/bindings-python/tools-venv}"
requirements="$here/release-tools.txt"
stamp="$tools/release-tools.txt"
if ! cmp -s "$requirements" "$stamp" 2>/dev/null || [ ! -x "$tools/bin/maturin" ]; then
    rm -rf "$tools"
    "${PYTHON:-python3}" -m venv "$tools" >&2
    "$tools/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
    "$tools/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
    cp "$requirements" "$stamp"
fi
echo "$tools"
