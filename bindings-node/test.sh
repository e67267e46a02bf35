#!/usr/bin/env bash
# Builds the Node package, packs it with `npm pack`, installs the tarball into
# a fresh temporary project and runs the node:test suite and a strict
# TypeScript check there. Exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=/dev/null
source "$root/scripts/env.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log() { printf '[bindings-node] %s\n' "$*" >&2; }

cd "$here"
# Lock files carry no registry host: .npmrc turns `resolved` off.
if grep -q '"resolved"' package-lock.json; then
    log "package-lock.json has resolved URLs: regenerate it with this folder's .npmrc"
    exit 1
fi
log "npm ci"
npm ci --no-audit --no-fund --loglevel=error

log "napi build (release) into a scratch folder"
npx napi build --platform --release --output-dir "$work/generated" --js index.js --dts index.d.ts

# The package is staged from the committed loader and types (the drift test
# compares them with the fresh ones) and the binary just built.
mkdir "$work/stage"
cp package.json index.js index.d.ts README.md "$work/stage/"
cp "$work/generated/identity-hmac.linux-x64-gnu.node" "$work/stage/"
log "npm pack"
tarball="$(cd "$work/stage" && npm pack --silent --pack-destination "$work")"

log "installing $tarball into a fresh project"
mkdir "$work/project"
cd "$work/project"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$work/$tarball"
cp -R "$here/test" "$work/project/test"

log "tsc --noEmit --strict"
"$here/node_modules/.bin/tsc" --noEmit --strict --target es2022 --module nodenext --moduleResolution nodenext \
    --types node --typeRoots "$here/node_modules/@types" test/typecheck.ts

log "node --test"
IDENTITY_HMAC_REPO_ROOT="$root" IDENTITY_HMAC_GENERATED_DIR="$work/generated" \
    node --test --test-reporter=spec test/*.test.mjs test/*.test.cjs
