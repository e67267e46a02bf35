#!/usr/bin/env bash
# Builds and installs what the C, Go and PHP conformance harnesses use: the
# library installed into target/bindings-c/conformance-<impl>/prefix (as a user
# would install it; one prefix per implementation, so prepares may run in
# parallel), the C harness compiled against that install, and the Go harness.
# Usage: bash bindings-c/conformance/prepare.sh c|go|php
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/scripts/env.sh"
out="${CARGO_TARGET_DIR:-$root/target}/bindings-c/conformance-${1:-}"
prefix="$out/prefix"

bash "$root/bindings-c/install.sh" "$prefix" >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
case "${1:-}" in
    c)
        # The tests' small JSON reader reads token_verify's required claims.
        cc -std=c99 -O2 -Wall -Wextra -Werror $(pkg-config --cflags identity_hmac) -I"$root/bindings-c/tests/c" \
            "$root/bindings-c/conformance/harness.c" "$root/bindings-c/tests/c/json.c" -o "$out/c-harness" \
            $(pkg-config --libs identity_hmac) -Wl,-rpath,"$prefix/lib"
        ;;
    go)
        (cd "$root/bindings-c/go" &&
            CGO_CFLAGS="$(pkg-config --cflags identity_hmac)" CGO_LDFLAGS="$(pkg-config --libs-only-L identity_hmac)" \
                go build -o "$out/go-harness" ./cmd/identity-hmac-conformance)
        ;;
    php) ;;
    *) echo "usage: $0 c|go|php" >&2; exit 2 ;;
esac
