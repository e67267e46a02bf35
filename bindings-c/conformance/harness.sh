#!/usr/bin/env bash
# Runs the conformance harness of the C ABI, Go or PHP (after prepare.sh).
# Usage: bash bindings-c/conformance/harness.sh c|go|php
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${CARGO_TARGET_DIR:-$root/target}/bindings-c/conformance-${1:-}"
case "${1:-}" in
    c) exec "$out/c-harness" ;;
    go) exec "$out/go-harness" ;;
    php) IDENTITY_HMAC_LIB="$out/prefix/lib/libidentity_hmac.so" exec php "$root/bindings-c/php/conformance/harness.php" ;;
    *) echo "usage: $0 c|go|php" >&2; exit 2 ;;
esac
