#!/usr/bin/env bash
# Runs an arm64 Linux program under qemu-user against the arm64 root of
# arm64-root.sh: `bash scripts/release/run-arm64.sh PROGRAM [ARGS...]`.
# PROGRAM is a path on this machine; a program of the root itself is given as
# ROOT/usr/bin/... (the root's path is in $IDENTITY_HMAC_ARM64_ROOT, default
# target/arm64-root). Static programs run the same way.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rootfs="${IDENTITY_HMAC_ARM64_ROOT:-$(cd "$here/../.." && pwd)/target/arm64-root}"
[ -f "$rootfs/.identity-hmac-packages" ] || rootfs="$(bash "$here/arm64-root.sh")"
exec qemu-aarch64-static -L "$rootfs" "$@"
