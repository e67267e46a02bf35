#!/usr/bin/env bash
# Cross-checks the core's tokens against PyJWT and jsonwebtoken, installed
# here at pinned versions (a venv and a node_modules under the target
# directory), then runs core/tests/token_crosscheck.rs with --ignored.
set -euo pipefail
cd "$(dirname "$0")/../../.."
source scripts/env.sh

PYJWT_VERSION=2.10.1
JSONWEBTOKEN_VERSION=9.0.2

target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
venv="$target_dir/token-crosscheck/venv"
modules="$target_dir/token-crosscheck/node"

if ! "$venv/bin/python" -c "import jwt, sys; sys.exit(jwt.__version__ != '$PYJWT_VERSION')" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "PyJWT==$PYJWT_VERSION"
fi
if [ "$(node -p "require('$modules/node_modules/jsonwebtoken/package.json').version" 2>/dev/null)" != "$JSONWEBTOKEN_VERSION" ]; then
  mkdir -p "$modules"
  npm install --silent --no-audit --no-fund --prefix "$modules" "jsonwebtoken@$JSONWEBTOKEN_VERSION"
fi
echo "PyJWT $("$venv/bin/python" -c 'import jwt; print(jwt.__version__)'), jsonwebtoken $(node -p "require('$modules/node_modules/jsonwebtoken/package.json').version")"

IDENTITY_HMAC_PYJWT_PYTHON="$venv/bin/python" IDENTITY_HMAC_JSONWEBTOKEN_PATH="$modules/node_modules" \
  cargo test --locked -p identity-hmac --test token_crosscheck -- --ignored
