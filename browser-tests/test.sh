#!/usr/bin/env bash
# The browser tests (issue 16 §5): installs Debian's chromium and
# playwright-core if missing, installs the CLI the way a user does (cargo
# install, into a root inside the target directory), then loads every
# preset's identify script, rendered by that CLI, in headless Chromium, and
# runs this directory's README examples. One result line per preset; exit
# status non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
start=$SECONDS

bash browser-tests/setup.sh
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
root="$target_dir/browser-tests/cli"
cargo install --locked --quiet --force --path cli --root "$root" --target-dir "$target_dir"
cli="$root/bin/identity-hmac"
echo "CLI: $("$cli" --version) at $cli"

python3 browser-tests/test_cli.py --cli "$cli"

PATH="$root/bin:$PATH" IDENTITY_HMAC_BIN="$cli" python3 scripts/doc_examples.py browser-tests/README.md \
    --runner python="env PYTHONPATH={root}/browser-tests python3 {file}" --runner console='bash {file}'

printf '[time] browser tests: %d s\n' "$((SECONDS - start))"
