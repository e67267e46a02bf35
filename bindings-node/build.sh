#!/usr/bin/env bash
# Builds the Node package once, the way a user gets it: `npm ci`, `napi build`
# (release, for this machine), and `npm pack` of two tarballs: the main
# package (the committed entry point, loader and types, with an optional
# dependency on each platform package) and the platform package of this
# machine (npm/linux-x64-gnu with the binary just built). test.sh, bench.sh
# and conformance/prepare.sh all call this instead of repeating the steps.
#
#   bash bindings-node/build.sh OUT [PROJECT]
#
# OUT gets generated/ (the loader, types and binary that napi writes now, and
# npm/, the platform package directories napi makes now, for the drift tests)
# and both tarballs. With PROJECT, both tarballs are installed into PROJECT, a
# fresh npm project (any earlier one there is removed), in one `npm install`:
# the main package's optional dependency resolves to the local platform
# tarball. Prints the main tarball's path on stdout; everything else goes to
# stderr.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=/dev/null
source "$root/scripts/env.sh"
out="${1:?usage: build.sh OUT [PROJECT]}"
project="${2:-}"
case "$project" in "" | /*) ;; *) project="$PWD/$project" ;; esac
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
bash "$here/npm-dirs.sh" "$out/generated/npm"

# The packages are packed from the committed files (the drift tests compare
# them with the fresh ones) and the binary just built.
log "npm pack"
platform=linux-x64-gnu
tarballs="$(bash "$here/pack.sh" "$out" "$out/generated/identity-hmac.$platform.node")"
tarball="$(sed -n 1p <<<"$tarballs")"
platform_tarball="$(sed -n 2p <<<"$tarballs")"

if [ -n "$project" ]; then
    log "installing $(basename "$tarball") and $(basename "$platform_tarball") into a fresh project: $project"
    rm -rf "$project"
    mkdir -p "$project"
    # --offline: the other platform packages (optional, not for this machine)
    # are skipped without a registry look-up.
    (cd "$project" && npm init -y >/dev/null &&
        npm install --no-audit --no-fund --loglevel=error --offline "$tarball" "$platform_tarball" >&2)
fi
printf '%s\n' "$tarball"
