#!/usr/bin/env bash
# Builds the wheel the way pip does (build-wheel.sh), installs it into a fresh
# venv and tests the installed package from outside the source tree: abi3audit
# on the wheel, mypy --strict on the stubs and tests, mypy.stubtest against the
# built module, pytest under -X dev, pytest, and the README's examples.
# PYTHON picks the interpreter (default python3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"

work="$(mktemp -d "${TMPDIR:-/tmp}/identity-hmac-python.XXXXXX")"
trap 'rm -rf "$work"' EXIT
venv="$work/venv"
py="$venv/bin/python"

echo "--- building the wheel into a fresh venv in $work"
bash "$here/build-wheel.sh" "$venv" "$work/dist"
wheel="$(ls "$work"/dist/identity_hmac-*.whl)"
# flask, flask-login and django: the README's Flask and Django examples run for real.
"$py" -m pip install --quiet --disable-pip-version-check \
    "pytest>=8" "mypy>=1.11" "typing_extensions>=4" "abi3audit>=0.0.20" \
    "flask>=3" "flask-login>=0.6" "django>=4.2"

echo "--- abi3audit (the wheel uses only the stable ABI it is tagged for)"
"$venv/bin/abi3audit" --strict --summary "$wheel"

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

echo "--- README examples (against the installed wheel)"
# -I: the example's own directory (the scratch directory) may not shadow the package.
doctest='import doctest, sys; failed, _ = doctest.testfile(sys.argv[1], module_relative=False); sys.exit(1 if failed else 0)'
"$py" "$repo/scripts/doc_examples.py" "$here/README.md" \
    --runner python="$py -I {file}" \
    --runner pycon="$py -I -c '$doctest' {file}" \
    --runner console="env PATH=$venv/bin:\$PATH bash {file}"
