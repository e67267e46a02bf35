#!/usr/bin/env bash
# Builds and packs the Node package, then installs the tarball into
# target/node-conformance (a fresh project) for harness.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=/dev/null
source "$root/scripts/env.sh"
project="$root/target/node-conformance"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$here"
npm ci --no-audit --no-fund --loglevel=error >&2
npx napi build --platform --release --output-dir "$work/generated" --js index.js --dts index.d.ts >&2
mkdir "$work/stage"
cp package.json index.js index.d.ts README.md "$work/stage/"
cp "$work/generated/identity-hmac.linux-x64-gnu.node" "$work/stage/"
tarball="$(cd "$work/stage" && npm pack --silent --pack-destination "$work")"
rm -rf "$project"
mkdir -p "$project"
cd "$project"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$work/$tarball" >&2
