#!/usr/bin/env bash
# Builds the release binary that cli/conformance/harness.py runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
cargo build --release --locked --quiet -p identity-hmac-cli
