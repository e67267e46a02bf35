#!/usr/bin/env bash
# Builds the wheel the way pip does (PEP 517, maturin backend), installs it into
# a fresh venv and tests the installed package from outside the source tree:
# mypy --strict on the stubs and tests, mypy.stubtest against the built module,
# pytest under -X dev, then pytest. PYTHON picks the interpreter (default python3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
source "$repo/scripts/env.sh"
# A target directory of its own: workspace-wide cargo runs relink the same
# library while maturin copies it out of a shared one.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}/bindings-python/cargo"
python="${PYTHON:-python3}"

work="$(mktemp -d "${TMPDIR:-/tmp}/identity-hmac-python.XXXXXX")"
trap 'rm -rf "$work"' EXIT
venv="$work/venv"
py="$venv/bin/python"

echo "--- fresh venv ($("$python" --version)) in $work"
"$python" -m venv "$venv" || { echo "cannot create a venv with $python (Debian: apt-get install python3-venv)" >&2; exit 1; }
"$py" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$py" -m pip install --quiet --disable-pip-version-check "pytest>=8" "mypy>=1.11" "typing_extensions>=4"

echo "--- building the wheel (pip wheel -> maturin)"
"$py" -m pip wheel --quiet --disable-pip-version-check --no-deps --wheel-dir "$work/dist" "$here"
wheel="$(ls "$work"/dist/identity_hmac-*.whl)"
echo "built $(basename "$wheel")"
"$py" -m pip install --quiet --disable-pip-version-check --no-index "$wheel"

# Nothing below may import the source tree: run from the scratch directory.
cd "$work"
export IDENTITY_HMAC_CORPUS="$repo/conformance/corpus.json"
export IDENTITY_HMAC_BAD_INPUTS="$repo/conformance/bad_inputs.json"
pytest_args=(-p no:cacheprovider --import-mode=importlib --rootdir "$here" "$here/tests")

echo "--- mypy --strict (installed stubs + tests)"
"$py" -m mypy --strict --cache-dir "$work/.mypy_cache" -p identity_hmac
"$py" -m mypy --strict --cache-dir "$work/.mypy_cache" "$here/tests" "$here/conformance/harness.py" "$here/bench/bench.py"

echo "--- mypy.stubtest identity_hmac"
"$py" -m mypy.stubtest identity_hmac

echo "--- pytest under -X dev, warnings as errors"
"$py" -X dev -m pytest -q -W error "${pytest_args[@]}"

echo "--- pytest"
"$py" -m pytest "${pytest_args[@]}"
