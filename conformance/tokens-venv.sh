#!/usr/bin/env bash
# Puts the hash-pinned PyJWT of conformance/tools/pyjwt.requirements.txt into
# a venv under the target directory (reused by later runs) and prints that
# venv's python, the one conformance/generate_tokens.py runs with.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

version=2.10.1  # as pinned in conformance/tools/pyjwt.requirements.txt
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
venv="$target_dir/conformance-tokens/venv"
if ! "$venv/bin/python" -c "import jwt, sys; sys.exit(jwt.__version__ != '$version')" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes --no-deps \
        -r conformance/tools/pyjwt.requirements.txt >&2
fi
echo "$venv/bin/python"
