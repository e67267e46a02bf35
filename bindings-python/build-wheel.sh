#!/usr/bin/env bash
# The one build step of the Python package, shared by test.sh, bench.sh and
# conformance/prepare.sh: builds the release wheel with the pinned maturin of
# release-tools.txt into DIST, creates a fresh venv at VENV and installs the
# wheel there.
#
#   bash bindings-python/build-wheel.sh VENV DIST
#
# VENV and DIST are replaced if they exist; afterwards DIST holds exactly the
# one wheel. PYTHON picks the interpreter of VENV (default python3). On Linux
# the wheel is manylinux2014 (manylinux_2_17): maturin links through zig
# against glibc 2.17's symbol versions, so the wheel installs on any glibc from
# 2.17 on, not only on the build machine's. The tools venv it builds with is
# $IDENTITY_HMAC_PY_TOOLS (default target/bindings-python/tools-venv).
# IDENTITY_HMAC_PY_FEATURES lists cargo features to build in (e.g. `arrow`
# for identity_hmac.arrow; the default wheel has none).
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

tools="$(bash "$here/tools-venv.sh")"

rm -rf "$venv" "$dist"
"$python" -m venv "$venv" || {
    echo "cannot create a venv with $python (Debian: apt-get install python3-venv)" >&2
    exit 1
}
"$venv/bin/python" -m pip install "${pip[@]}" --upgrade pip

build=(build --quiet --manifest-path "$here/Cargo.toml" --out "$dist" --interpreter "$venv/bin/python")
if [ -n "${IDENTITY_HMAC_PY_FEATURES:-}" ]; then
    build+=(--features "$IDENTITY_HMAC_PY_FEATURES")
fi
if [ "$(uname -s)" = Linux ]; then
    build+=(--zig --compatibility manylinux2014)
fi
# The tools venv first on PATH: maturin runs zig as `python3 -m ziglang`.
env PATH="$tools/bin:$PATH" "$tools/bin/maturin" "${build[@]}"
wheels=("$dist"/identity_hmac-*.whl)
if [ "${#wheels[@]}" -ne 1 ] || [ ! -f "${wheels[0]}" ]; then
    echo "expected one identity_hmac wheel in $dist, found: ${wheels[*]}" >&2
    exit 1
fi
"$venv/bin/python" -m pip install "${pip[@]}" --no-index "${wheels[0]}"
echo "built and installed $(basename "${wheels[0]}") ($("$venv/bin/python" --version))"
