#!/usr/bin/env bash
# Writes the per-platform package directories (DIR/<platform>/package.json
# and README.md) the way `napi create-npm-dirs` makes them from package.json's
# napi.targets, with one fix: napi gives the Windows GNU package
# `libc: ["glibc"]`, and npm refuses a package with a libc field on any OS but
# Linux, so it would never install on Windows. `libc` is kept only on Linux.
#
#   bash bindings-node/npm-dirs.sh DIR      (npm run npm-dirs writes npm/)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${1:?usage: npm-dirs.sh DIR}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
# napi writes only inside the package's own directory: it runs on a copy of
# package.json, and the directories are moved to DIR.
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp "$here/package.json" "$stage/"
(cd "$here" && npx napi create-npm-dirs --cwd "$stage" --npm-dir npm >&2)
rm -rf "${dir:?}"/*/
mv "$stage/npm"/* "$dir/"
node - "$dir" <<'JS'
const fs = require('node:fs')
const path = require('node:path')
const dir = process.argv[2]
for (const platform of fs.readdirSync(dir).sort()) {
  const file = path.join(dir, platform, 'package.json')
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'))
  if (manifest.libc && !(manifest.os || []).includes('linux')) delete manifest.libc
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n')
}
JS
