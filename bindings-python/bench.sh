#!/usr/bin/env bash
# Builds and installs the wheel into a fresh venv, then prints ns per call and
# the ratio against the standard library's hmac, measured in the same process.
# BENCH_BATCH sets the sign_many batch size (default 1000000).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../scripts/env.sh"
# A target directory of its own: workspace-wide cargo runs relink the same
# library while maturin copies it out of a shared one.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$here/../target}/bindings-python/cargo"
python="${PYTHON:-python3}"

work="$(mktemp -d "${TMPDIR:-/tmp}/identity-hmac-python-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$python" -m venv "$work/venv"
py="$work/venv/bin/python"
"$py" -m pip wheel --quiet --disable-pip-version-check --no-deps --wheel-dir "$work/dist" "$here"
"$py" -m pip install --quiet --disable-pip-version-check --no-index "$work"/dist/identity_hmac-*.whl
cd "$work"
"$py" -I "$here/bench/bench.py"
