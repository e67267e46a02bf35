#!/usr/bin/env bash
# The main job: the conformance matrix. Runs every implementation of ours and
# every published snippet over the shared corpus, prints the matrix, and fails
# when one of ours differs from the corpus or a snippet from its recorded
# outcomes (see conformance/README.md). Extra arguments go to the runner,
# e.g. --only rust-core, --kind snippet or --verbose.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup.sh
cargo run --quiet --locked --release -p conformance -- "$@"
