#!/usr/bin/env bash
# Installs the CLI the way a user does (cargo install into a fresh root) and
# runs the integration tests against that installed binary.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT

cargo install --locked --quiet --path cli --root "$root" --target-dir "$target_dir"
installed="$root/bin/identity-hmac"
echo "installed: $("$installed" --version) at $installed"
IDENTITY_HMAC_BIN="$installed" cargo test --locked -p identity-hmac-cli --test cli --test bad_inputs
