#!/usr/bin/env bash
# Builds the native library and generates its Kotlin bindings; Maven runs it in
# generate-sources. Arguments: <generated Kotlin dir> <generated resources dir>.
# cargo's caches (the workspace target dir) make repeated runs take seconds.
set -euo pipefail
sources_dir=$1
resources_dir=$2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_root="$(cd "$here/.." && pwd)"
source "$repo_root/scripts/env.sh"
cd "$repo_root"

# JNA's resource prefix for this platform; the one platform built for now.
case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) jna_prefix=linux-x86-64 ;;
    Linux-aarch64) jna_prefix=linux-aarch64 ;;
    *) echo "build-native.sh: unsupported platform $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

cargo build --quiet --locked --release -p identity-hmac-kotlin
# A debug build: uniffi-bindgen only reads metadata, and compiles faster so.
cargo build --quiet --locked -p identity-hmac-uniffi-bindgen

target_dir="$(cargo metadata --format-version 1 --no-deps --locked \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
library="$target_dir/release/libidentity_hmac_kotlin.so"

rm -rf "$sources_dir"
mkdir -p "$sources_dir" "$resources_dir/$jna_prefix"
"$target_dir/debug/uniffi-bindgen" generate --library "$library" --language kotlin \
    --no-format --out-dir "$sources_dir" >/dev/null
cp "$library" "$resources_dir/$jna_prefix/libidentity_hmac_kotlin.so"
