#!/usr/bin/env bash
# Prints ns per call of the Node binding and its speed-up over node:crypto
# (same process). No thresholds: the numbers go into README.md by hand.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=/dev/null
source "$here/../scripts/env.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$here"
npm ci --no-audit --no-fund --loglevel=error
npx napi build --platform --release --output-dir "$work/package" --js index.js --dts index.d.ts >&2
cp package.json "$work/package/"
node --expose-gc bench/bench.mjs "$work/package"
