#!/usr/bin/env bash
# Runs every test of the project, after installing what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup.sh

step() { printf '\n==> %s\n' "$*"; }

step "Rust workspace: cargo test --workspace"
cargo test --workspace --locked

# component: cli
# component: conformance
# component: bindings-python
# component: bindings-node
# component: bindings-ruby
# component: bindings-c
# component: bindings-kotlin
