#!/usr/bin/env bash
# Builds the wheel and installs it into a fresh venv at
# target/bindings-python/conformance-venv, which harness.sh runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${CARGO_TARGET_DIR:-$root/target}/bindings-python"
bash "$root/bindings-python/build-wheel.sh" "$out/conformance-venv" "$out/conformance-dist"
