#!/usr/bin/env bash
# Builds the release wheel (build-wheel.sh), installs it into a fresh venv and
# tests the installed package from outside the source tree. The release
# artifacts first: auditwheel (manylinux_2_17 or older on glibc), abi3audit and
# twine check on the wheel; the sdist holds the core crate, passes twine check,
# and pip builds and installs it into another fresh venv. Then mypy --strict on
# the stubs and tests, mypy.stubtest against the built module, pytest under
# -X dev, pytest, the README's examples, and the browser test of the Django and
# Flask helpers (tests/browser/run.py: real servers, headless Chromium).
# PYTHON picks the interpreter (default python3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"

work="$(mktemp -d "${TMPDIR:-/tmp}/identity-hmac-python.XXXXXX")"
trap 'rm -rf "$work"' EXIT
venv="$work/venv"
py="$venv/bin/python"
python="${PYTHON:-python3}"
source "$repo/scripts/env.sh"

echo "--- building the wheel (with the arrow feature) into a fresh venv in $work"
IDENTITY_HMAC_PY_FEATURES="${IDENTITY_HMAC_PY_FEATURES-arrow}" bash "$here/build-wheel.sh" "$venv" "$work/dist"
wheel="$(ls "$work"/dist/identity_hmac-*.whl)"
# Pinned test tools (requirements-test.txt): pytest, mypy, PyJWT for the token
# cross-check, Django and Flask for the framework helpers, their browser tests
# and the README's examples. Pinned engines (requirements-engines.txt) for
# identity_hmac.arrow: pyarrow, Polars, DuckDB, PySpark.
"$py" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-test.txt" \
    -r "$here/requirements-engines.txt"
# tests/test_arrow.py and tests/test_engines.py skip nothing here.
export IDENTITY_HMAC_ARROW_TESTS=required
tools="$(bash "$here/tools-venv.sh")"

if [ "$(uname -s)" = Linux ] && ldd --version 2>&1 | grep -qi glibc; then
    echo "--- auditwheel show (the wheel's glibc policy is manylinux_2_17 or older)"
    # auditwheel wraps its report; the policy is the quoted tag after
    # "consistent with the following platform tag:".
    report="$("$tools/bin/auditwheel" show "$wheel" | tr -s ' \n' '  ')"
    policy="$(sed -n 's/.*consistent with the following platform tag: "\([^"]*\)".*/\1/p' <<<"$report")"
    echo "auditwheel: $(basename "$wheel") is consistent with $policy"
    glibc_minor="$(sed -n 's/^manylinux_2_\([0-9][0-9]*\)_.*/\1/p' <<<"$policy")"
    if [ -z "$glibc_minor" ] || [ "$glibc_minor" -gt 17 ]; then
        echo "auditwheel's policy for the wheel is '$policy', not manylinux_2_17 or older:" >&2
        echo "$report" >&2
        exit 1
    fi
    case "$(basename "$wheel")" in
        *-manylinux_2_17_*.whl | *.manylinux_2_17_*.whl) ;;
        *) echo "the wheel's file name carries no manylinux_2_17 tag: $(basename "$wheel")" >&2; exit 1 ;;
    esac
fi

echo "--- abi3audit (the wheel uses only the stable ABI it is tagged for)"
"$tools/bin/abi3audit" --strict --summary "$wheel"

echo "--- the licence texts are in the wheel"
# The listing is read whole: `grep -q` on a pipe would stop zipfile mid-write (pipefail).
wheel_members="$("$tools/bin/python" -m zipfile -l "$wheel")"
for licence in LICENSE-MIT LICENSE-APACHE; do
    grep -q "\.dist-info/licenses/$licence " <<<"$wheel_members" ||
        { echo "the wheel lacks .dist-info/licenses/$licence" >&2; exit 1; }
done

echo "--- sdist: the core crate is inside, twine check, pip builds and installs it"
sdist_started=$SECONDS
"$tools/bin/maturin" sdist --manifest-path "$here/Cargo.toml" --out "$work/sdist" >/dev/null
sdist="$(ls "$work"/sdist/identity_hmac-*.tar.gz)"
members="$(tar -tzf "$sdist" | sed 's|^[^/]*/||')"
for member in PKG-INFO pyproject.toml Cargo.toml Cargo.lock LICENSE-MIT LICENSE-APACHE core/Cargo.toml core/src/lib.rs \
    bindings-python/Cargo.toml bindings-python/src/lib.rs python/identity_hmac/__init__.py \
    python/identity_hmac/__init__.pyi python/identity_hmac/_errors.py python/identity_hmac/py.typed; do
    grep -qxF "$member" <<<"$members" || { echo "the sdist lacks $member" >&2; exit 1; }
done
echo "$(basename "$sdist"): $(wc -c <"$sdist") bytes, $(wc -l <<<"$members") files"
"$tools/bin/twine" check --strict "$wheel" "$sdist"
"$python" -m venv "$work/sdist-venv"
# pip builds the sdist in isolation (the pinned maturin of pyproject.toml). A
# target directory of its own keeps the registry crates compiled between runs;
# the project's two crates always compile afresh from the sdist's files (their
# fixed 2006 mtimes would otherwise pass for older than the last run's build).
sdist_target="$repo/target/bindings-python/sdist-cargo"
rm -rf "$sdist_target"/release/.fingerprint/identity-hmac-*
CARGO_TARGET_DIR="$sdist_target" \
    "$work/sdist-venv/bin/python" -m pip install --quiet --disable-pip-version-check "$sdist"
(cd "$work" && "$work/sdist-venv/bin/python" -I -c '
import hashlib, hmac, identity_hmac
secret = "sdist-smoke-secret-0123456789abcdef"
expected = hmac.new(secret.encode(), b"user@example.com", hashlib.sha256).hexdigest()
assert identity_hmac.sign(secret, "user@example.com") == expected
assert identity_hmac.__file__.startswith(__import__("sys").prefix), identity_hmac.__file__
print("sdist install: sign() matches hmac")
')
echo "sdist checks: $((SECONDS - sdist_started)) s"

# Nothing below may import the source tree: run from the scratch directory.
cd "$work"
export IDENTITY_HMAC_CORPUS="$repo/conformance/corpus.json"
export IDENTITY_HMAC_BAD_INPUTS="$repo/conformance/bad_inputs.json"
pytest_args=(-p no:cacheprovider --import-mode=importlib --rootdir "$here" "$here/tests")

echo "--- mypy --strict (installed stubs + tests)"
"$py" -m mypy --strict --cache-dir "$work/.mypy_cache" -p identity_hmac
"$py" -m mypy --strict --cache-dir "$work/.mypy_cache" "$here/tests" "$here/conformance/harness.py" "$here/bench/bench.py" \
    "$here/bench/arrow.py"

echo "--- mypy.stubtest identity_hmac"
"$py" -m mypy.stubtest identity_hmac

echo "--- pytest under -X dev, warnings as errors"
# The Spark test (a JVM and its Python workers, the slowest test by far) runs
# once, in the plain pass below. --deselect takes a node id, relative to --rootdir.
"$py" -X dev -m pytest -q -W error "${pytest_args[@]}" \
    --deselect tests/test_engines.py::test_spark_map_in_arrow_over_a_million_rows

echo "--- pytest"
"$py" -m pytest --durations=3 "${pytest_args[@]}"

echo "--- README examples (against the installed wheel)"
# -I: the example's own directory (the scratch directory) may not shadow the package.
doctest='import doctest, sys; failed, _ = doctest.testfile(sys.argv[1], module_relative=False); sys.exit(1 if failed else 0)'
"$py" "$repo/scripts/doc_examples.py" "$here/README.md" \
    --runner python="$py -I {file}" \
    --runner pycon="$py -I -c '$doctest' {file}" \
    --runner console="env PATH=$venv/bin:\$PATH bash {file}"
echo "--- the top README's Python examples (against the installed wheel)"
"$py" "$repo/scripts/doc_examples.py" "$repo/README.md" --only-langs python,py \
    --runner python="$py -I {file}" --runner py="$py -I {file}"

echo "--- browser test: the Django and Flask helpers in headless Chromium (every preset, plain and under a CSP nonce)"
bash "$repo/browser-tests/setup.sh"
"$py" -I "$here/tests/browser/run.py"
