#!/usr/bin/env bash
# Runs a Go block of bindings-c/README.md as a user's program would run: the
# block is main.go of a fresh module whose go.mod requires the package through
# a replace directive to this checkout, built with the install's cgo flags
# (PKG_CONFIG_PATH points at the install).
# Usage: run-go.sh DIR/main.go
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$(dirname "$1")"
cat > go.mod <<MOD
module example.com/doc

go 1.24

require github.com/identity-hmac/identity-hmac/bindings-c/go v0.0.0

replace github.com/identity-hmac/identity-hmac/bindings-c/go => $root/bindings-c/go
MOD
export CGO_CFLAGS="$(pkg-config --cflags identity_hmac)" CGO_LDFLAGS="$(pkg-config --libs-only-L identity_hmac)"
exec go run .
