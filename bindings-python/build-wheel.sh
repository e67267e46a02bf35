#!/usr/bin/env bash
# The one build step of the Python package, shared by test.sh, bench.sh and
# conformance/prepare.sh: creates a fresh venv at VENV, builds the wheel the way
# pip does (PEP 517, maturin backend) into DIST and installs it into the venv.
#
#   bash bindings-python/build-wheel.sh VENV DIST
#
# VENV and DIST are replaced if they exist; afterwards DIST holds exactly the
# one wheel. PYTHON picks the interpreter (default python3).
set -euo pipefail
if [ "$#" -ne 2 ]; then
    echo "usage: $0 VENV DIST" >&2
    exit 2
fi
venv="$1"
dist="$2"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
source "$repo/scripts/env.sh"
# A target directory of its own: workspace-wide cargo runs relink the same
# library while maturin copies it out of a shared one.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}/bindings-python/cargo"
python="${PYTHON:-python3}"
pip=(--quiet --disable-pip-version-check)

rm -rf "$venv" "$dist"
"$python" -m venv "$venv" || {
    echo "cannot create a venv with $python (Debian: apt-get install python3-venv)" >&2
    exit 1
}
"$venv/bin/python" -m pip install "${pip[@]}" --upgrade pip
"$venv/bin/python" -m pip wheel "${pip[@]}" --no-deps --wheel-dir "$dist" "$here"
wheels=("$dist"/identity_hmac-*.whl)
if [ "${#wheels[@]}" -ne 1 ] || [ ! -f "${wheels[0]}" ]; then
    echo "expected one identity_hmac wheel in $dist, found: ${wheels[*]}" >&2
    exit 1
fi
"$venv/bin/python" -m pip install "${pip[@]}" --no-index "${wheels[0]}"
echo "built and installed $(basename "${wheels[0]}") ($("$venv/bin/python" --version))"
