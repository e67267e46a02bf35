#!/usr/bin/env bash
# The conformance harness for the installed Python package (see prepare.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${CARGO_TARGET_DIR:-$root/target}/bindings-python/conformance-venv"
# -I: neither the current directory nor the script's may shadow the installed package.
exec "$venv/bin/python" -I "$root/bindings-python/conformance/harness.py"
