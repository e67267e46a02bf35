#!/usr/bin/env bash
# Builds the Node package once, the way a user gets it: `npm ci`, `napi build`
# (release), and `npm pack` of the committed entry point, loader and types with
# the binary just built. test.sh, bench.sh and conformance/prepare.sh all call
# this instead of repeating the steps.
#
#   bash bindings-node/build.sh OUT [PROJECT]
#
# OUT gets generated/ (the loader, types and binary that napi writes now, for
# the drift test) and the tarball. With PROJECT, the tarball is also installed
# into PROJECT, a fresh npm project (any earlier one there is removed). Prints
# the tarball's path on stdout; everything else goes to stderr.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=/dev/null
source "$root/scripts/env.sh"
out="${1:?usage: build.sh OUT [PROJECT]}"
project="${2:-}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
log() { printf '[bindings-node/build] %s\n' "$*" >&2; }

cd "$here"
# Lock files carry no registry host: .npmrc turns `resolved` off.
if grep -q '"resolved"' package-lock.json; then
    log "package-lock.json has resolved URLs: regenerate it with this folder's .npmrc"
    exit 1
fi
log "npm ci"
npm ci --no-audit --no-fund --loglevel=error >&2

log "napi build (release)"
rm -rf "$out/generated" "$out/stage"
npx napi build --platform --release --output-dir "$out/generated" --js index.js --dts index.d.ts >&2

# The package is staged from the committed files (the drift test compares
# them with the fresh ones) and the binary just built.
mkdir "$out/stage"
cp package.json identity-hmac.js index.js index.d.ts README.md "$out/stage/"
cp "$out/generated/identity-hmac.linux-x64-gnu.node" "$out/stage/"
log "npm pack"
tarball="$out/$(cd "$out/stage" && npm pack --silent --pack-destination "$out")"

if [ -n "$project" ]; then
    log "installing $(basename "$tarball") into a fresh project: $project"
    rm -rf "$project"
    mkdir -p "$project"
    (cd "$project" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "$tarball" >&2)
fi
printf '%s\n' "$tarball"
