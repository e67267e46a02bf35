#!/usr/bin/env bash
# Packs the npm tarballs of the Node package, in napi-rs's layout:
#   - the main package `identity-hmac` (the committed entry point, loader,
#     types and README), its package.json given an optional dependency on
#     every platform package at the same version, as `napi pre-publish` does;
#   - for each NODE_FILE (identity-hmac.<platform>.node), the platform
#     package npm/<platform> (committed package.json and README) with it.
#
#   bash bindings-node/pack.sh OUT [NODE_FILE...]
#
# OUT gets the tarballs (and stage/, their unpacked contents). Prints the main
# tarball's path, then each platform tarball's, one a line; logs to stderr.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: pack.sh OUT [NODE_FILE...]}"
shift
mkdir -p "$out"
out="$(cd "$out" && pwd)"
rm -rf "$out/stage"
mkdir -p "$out/stage/main"

cd "$here"
cp package.json identity-hmac.js index.js index.d.ts express.js express.d.ts README.md "$out/stage/main/"
node - "$out/stage/main/package.json" npm <<'JS'
const fs = require('node:fs')
const [file, npmDir] = process.argv.slice(2)
const manifest = JSON.parse(fs.readFileSync(file, 'utf8'))
const optionalDependencies = {}
for (const platform of fs.readdirSync(npmDir).sort()) {
  const name = JSON.parse(fs.readFileSync(`${npmDir}/${platform}/package.json`, 'utf8')).name
  optionalDependencies[name] = manifest.version
}
// Placed after `engines`, where napi pre-publish puts it.
const staged = {}
for (const [key, value] of Object.entries(manifest)) {
  staged[key] = value
  if (key === 'engines') staged.optionalDependencies = optionalDependencies
}
fs.writeFileSync(file, JSON.stringify(staged, null, 2) + '\n')
JS
printf '%s\n' "$out/$(cd "$out/stage/main" && npm pack --silent --pack-destination "$out")"

for node_file in "$@"; do
    base="$(basename "$node_file")"
    platform="${base#identity-hmac.}"
    platform="${platform%.node}"
    [ -f "npm/$platform/package.json" ] || { echo "pack.sh: no npm/$platform for $base" >&2; exit 1; }
    mkdir "$out/stage/$platform"
    cp "npm/$platform/package.json" "npm/$platform/README.md" "$out/stage/$platform/"
    cp "$node_file" "$out/stage/$platform/$base"
    printf '%s\n' "$out/$(cd "$out/stage/$platform" && npm pack --silent --pack-destination "$out")"
done
