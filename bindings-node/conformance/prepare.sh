#!/usr/bin/env bash
# Builds and packs the Node package (bindings-node/build.sh) and installs the
# tarball into target/node-conformance, a fresh project, for harness.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bash "$root/bindings-node/build.sh" "$work" "$root/target/node-conformance" >/dev/null
