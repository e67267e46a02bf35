#!/usr/bin/env bash
# The conformance crate's tests (corpus drift, the core against every vector,
# the runner's protocol), the tokens group's (tokens-check.sh: PyJWT's drift
# check), then the core and every published snippet through the runner,
# compared with the recorded outcomes. Works from any directory.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

python3 conformance/generate.py --check
cargo test --locked -p conformance
bash conformance/tokens-check.sh
cargo run --quiet --locked --release -p conformance -- --only rust-core
cargo run --quiet --locked --release -p conformance -- --kind snippet
