#!/usr/bin/env bash
# Regenerates include/identity_hmac.h and php/identity_hmac_ffi.h with cbindgen
# (after changing src/lib.rs or the workspace version); commit both.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/scripts/env.sh"
cd "$root"
IDENTITY_HMAC_BLESS=1 cargo test --quiet --locked -p identity-hmac-c --test headers
