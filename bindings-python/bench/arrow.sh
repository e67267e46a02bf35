#!/usr/bin/env bash
# Builds the wheel with the arrow feature into a fresh venv, installs the
# pinned engines (requirements-engines.txt) and runs bench/arrow.py: Arrow
# sign, sign_many's outputs, DuckDB and Spark against the row-by-row ways, as
# ratios. Its ARROW_BENCH_* variables pass through (see bench/arrow.py).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/identity-hmac-python-arrow-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
IDENTITY_HMAC_PY_FEATURES=arrow bash "$here/build-wheel.sh" "$work/venv" "$work/dist"
if [ -n "${ARROW_BENCH_JSON:-}" ]; then
    # The wheel's size, for what the feature adds to the default one.
    wheel="$(ls "$work"/dist/*.whl)"
    printf '{"table": "wheel-sizes", "language": "Python wheel", "features": "arrow", "bytes": %d}\n' \
        "$(stat -c %s "$wheel")" >>"$ARROW_BENCH_JSON"
fi
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-engines.txt"
cd "$work"
"$work/venv/bin/python" -I "$here/bench/arrow.py"
