#!/usr/bin/env bash
# Builds the wheel and installs it into a fresh venv at
# target/bindings-python/conformance-venv, which harness.sh runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/scripts/env.sh"
out="${CARGO_TARGET_DIR:-$root/target}/bindings-python"
# A target directory of its own: workspace-wide cargo runs relink the same
# library while maturin copies it out of a shared one.
export CARGO_TARGET_DIR="$out/cargo"
venv="$out/conformance-venv"
rm -rf "$venv" "$out/conformance-dist"
"${PYTHON:-python3}" -m venv "$venv"
"$venv/bin/python" -m pip wheel --quiet --disable-pip-version-check --no-deps \
    --wheel-dir "$out/conformance-dist" "$root/bindings-python"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index \
    "$out"/conformance-dist/identity_hmac-*.whl
