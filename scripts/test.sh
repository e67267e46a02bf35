#!/usr/bin/env bash
# Runs every test of the project, after installing what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup.sh

step() { printf '\n==> %s\n' "$*"; }

step "Documentation: doc_examples.py self-test, then a directive on every block of every README"
python3 scripts/doc_examples.py --self-test
python3 scripts/doc_examples.py --check README.md SECURITY.md conformance/README.md bindings-*/README.md

step "Rust workspace: cargo test --workspace"
cargo test --workspace --locked

step "CLI: cargo install into a fresh root, integration tests on the installed binary"
bash cli/test.sh
step "Python binding: wheel in a fresh venv, pytest, mypy --strict, stubtest"
bash bindings-python/test.sh
step "Node binding: npm pack, fresh install, node --test, tsc --strict"
bash bindings-node/test.sh
step "Ruby gem: build, gem install --local into a fresh GEM_HOME, minitest"
bash bindings-ruby/test.sh
step "C ABI + Go + PHP: bindings-c/test.sh"
bash bindings-c/test.sh
step "Kotlin/JVM binding (uniffi, Maven): mvn -q test + packaged jar"
bash bindings-kotlin/test.sh

step "Conformance matrix: every implementation of ours and every published snippet over the corpus"
cargo run --quiet --locked --release -p conformance
