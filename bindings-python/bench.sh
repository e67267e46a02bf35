#!/usr/bin/env bash
# Builds and installs the wheel into a fresh venv, then prints ns per call and
# the ratio against the standard library's hmac, measured in the same process,
# and the peak memory of a large sign_many.
# BENCH_BATCH sets the sign_many batch size (default 1000000).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/identity-hmac-python-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
bash "$here/build-wheel.sh" "$work/venv" "$work/dist"
cd "$work"
"$work/venv/bin/python" -I "$here/bench/bench.py"
