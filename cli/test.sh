#!/usr/bin/env bash
# Installs the CLI the way a user does (cargo install into a fresh root), runs
# the integration tests against that installed binary, then the documented
# examples: the console blocks of README.md (its "Command line" section) and cli/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT

cargo install --locked --quiet --path cli --root "$root" --target-dir "$target_dir"
installed="$root/bin/identity-hmac"
echo "installed: $("$installed" --version) at $installed"
IDENTITY_HMAC_BIN="$installed" cargo test --locked -p identity-hmac-cli --bins --test cli --test bad_inputs --test files --test scale

# The README's console blocks are this CLI's (its "Command line" section; the
# other languages' blocks are run by scripts/test.sh and the binding suites).
PATH="$root/bin:$PATH" python3 scripts/doc_examples.py README.md --runner console='bash {file}' --only-langs console
PATH="$root/bin:$PATH" python3 scripts/doc_examples.py cli/README.md --runner console='bash {file}'
