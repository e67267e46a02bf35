#!/usr/bin/env bash
# Installs the CLI the way a user does (cargo install into a fresh root), runs
# the integration tests against that installed binary, then the documented
# examples: cli/README.md and the "Command line" section of README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT

cargo install --locked --quiet --path cli --root "$root" --target-dir "$target_dir"
installed="$root/bin/identity-hmac"
echo "installed: $("$installed" --version) at $installed"
IDENTITY_HMAC_BIN="$installed" cargo test --locked -p identity-hmac-cli --bins --test cli --test bad_inputs

# The root README's other sections belong to other suites: keep only this
# section's lines (the others blanked, so line numbers stay those of README.md).
section="$root/README.md"
python3 - README.md "$section" <<'PYTHON'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
inside, kept = False, []
for line in lines:
    if re.match(r"## ", line):
        inside = line.strip() == "## Command line"
    kept.append(line if inside else "")
if not any(kept):
    sys.exit("README.md has no '## Command line' section")
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(kept))
PYTHON
PATH="$root/bin:$PATH" python3 scripts/doc_examples.py "$section" cli/README.md --runner console='bash {file}'
