#!/usr/bin/env bash
# Prints ns per call of the Node binding and its speed-up over node:crypto
# (same process), against the packed tarball installed into a scratch project.
# No thresholds: the numbers go into README.md by hand.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

bash "$here/build.sh" "$work/build" "$work/project" >/dev/null
node --expose-gc "$here/bench/bench.mjs" "$work/project/node_modules/identity-hmac"
