#!/usr/bin/env bash
# The main job: signs the Chatwoot documentation example with the core.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup.sh
cargo run --quiet --locked -p identity-hmac --example chatwoot
