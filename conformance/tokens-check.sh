#!/usr/bin/env bash
# The tokens group's checks: tokens.json is what PyJWT writes (drift check with
# the hash-pinned PyJWT), and the crate's token tests, the drift test included.
# Works from any directory.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

python="$(bash conformance/tokens-venv.sh)"
echo "PyJWT $("$python" -c 'import jwt; print(jwt.__version__)')"
"$python" conformance/generate_tokens.py --check
IDENTITY_HMAC_PYJWT_PYTHON="$python" cargo test --locked -p conformance --test tokens -- --include-ignored
