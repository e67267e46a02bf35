#!/usr/bin/env bash
# Builds and packs the Node package (build.sh), installs the tarball into a
# fresh temporary project and runs there: a strict TypeScript check, the
# node:test suite, the main package installed alone (it must fail with an
# error naming the platform package), and every example of README.md (scripts/doc_examples.py:
# node for js, tsc --strict for ts, express from npm for the server
# examples), then the Express middleware in headless Chromium
# (test/browser/express.mjs). Exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=/dev/null
source "$root/scripts/env.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log() { printf '[bindings-node] %s\n' "$*" >&2; }

tarball="$(bash "$here/build.sh" "$work/build" "$work/project")"
cp -R "$here/test" "$work/project/test"
cd "$work/project"

log "tsc --noEmit --strict"
"$here/node_modules/.bin/tsc" --noEmit --strict --target es2022 --module nodenext --moduleResolution nodenext \
    --types node --typeRoots "$here/node_modules/@types" test/typecheck.ts

log "node --test"
IDENTITY_HMAC_REPO_ROOT="$root" IDENTITY_HMAC_GENERATED_DIR="$work/build/generated" \
    node --test --test-reporter=spec test/*.test.mjs test/*.test.cjs

log "the main package alone"
# With optional dependencies left out there is no binary: requiring the
# package must fail with an error that names the platform package to install.
alone="$work/main-only"
mkdir "$alone"
(cd "$alone" && npm init -y >/dev/null &&
    npm install --no-audit --no-fund --loglevel=error --omit=optional --offline "$work/build/$(basename "$tarball")" >&2)
if message="$(cd "$alone" && node -e "require('identity-hmac')" 2>&1)"; then
    log "identity-hmac loaded with no platform package installed"
    exit 1
fi
expected="Error: identity-hmac has no native binding for linux-x64-gnu: install identity-hmac-linux-x64-gnu,"
if ! grep -qF "$expected" <<<"$message"; then
    log "the missing-binding error does not name the platform package: $message"
    exit 1
fi

log "README examples"
# Express is what the server examples use, jsonwebtoken what Intercom's own example
# uses; the scratch project gets them from npm.
npm install --no-audit --no-fund --loglevel=error --no-save express@5 jsonwebtoken@9.0.3 >&2
# Each example is copied into the project, so that it resolves the installed
# package (and express) as an application's code would.
project="$work/project"
js_runner="cp {file} $project/doc-example.js && cd $project && node doc-example.js"
ts_runner="cp {file} $project/doc-example.ts && cd $project && $here/node_modules/.bin/tsc --noEmit --strict"
ts_runner+=" --target es2022 --module nodenext --moduleResolution nodenext --types node"
ts_runner+=" --typeRoots $here/node_modules/@types doc-example.ts"
python3 "$root/scripts/doc_examples.py" "$here/README.md" \
    --runner js="$js_runner" --runner javascript="$js_runner" --runner ts="$ts_runner"
log "the top README's JavaScript examples, in the same project"
python3 "$root/scripts/doc_examples.py" "$root/README.md" --only-langs js,javascript \
    --runner js="$js_runner" --runner javascript="$js_runner"

log "browser: the Express middleware (identity-hmac/express) in Chromium"
# Express is still installed from the README step; the pages use the installed package.
bash "$root/browser-tests/setup.sh"
(cd "$work/project" && node test/browser/express.mjs "$root")

