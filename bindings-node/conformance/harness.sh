#!/usr/bin/env bash
# The conformance runner's harness for the installed Node package.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec node "$root/bindings-node/conformance/harness.cjs" "$root/target/node-conformance"
