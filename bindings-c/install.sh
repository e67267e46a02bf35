#!/usr/bin/env bash
# Builds the C library (release) and installs it as Linux distributions lay
# libraries out (VERSION = the workspace version, MAJOR its first number):
#   PREFIX/include/identity_hmac.h
#   PREFIX/lib/libidentity_hmac.so.VERSION                the shared library (soname libidentity_hmac.so.MAJOR)
#   PREFIX/lib/libidentity_hmac.so.MAJOR -> ...so.VERSION what programs load
#   PREFIX/lib/libidentity_hmac.so -> ...so.MAJOR         what -lidentity_hmac links
#   PREFIX/lib/libidentity_hmac.a
#   PREFIX/lib/pkgconfig/identity_hmac.pc
# Usage: bash bindings-c/install.sh [PREFIX]   (default /usr/local; DESTDIR is honoured)
# IDENTITY_HMAC_PC_PREFIX overrides the .pc file's prefix line (package.sh
# sets a relocatable one).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$root/scripts/env.sh"

prefix="${1:-${PREFIX:-/usr/local}}"
case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix" ;; esac
dest="${DESTDIR:-}$prefix"

version="$(awk '/^\[workspace.package\]/{p=1;next} /^\[/{p=0} p && $1=="version"{gsub(/"/,"",$3); print $3}' "$root/Cargo.toml")"
[ -n "$version" ] || { echo "install.sh: no [workspace.package] version in Cargo.toml" >&2; exit 1; }
# build.rs sets the soname from the same major number.
major="${version%%.*}"

(cd "$root" && cargo build --quiet --release --locked -p identity-hmac-c)
target="${CARGO_TARGET_DIR:-$root/target}/release"

install -d "$dest/include" "$dest/lib/pkgconfig"
install -m 644 "$here/include/identity_hmac.h" "$dest/include/identity_hmac.h"
install -m 644 "$target/libidentity_hmac.a" "$dest/lib/libidentity_hmac.a"
install -m 755 "$target/libidentity_hmac.so" "$dest/lib/libidentity_hmac.so.$version"
ln -sfn "libidentity_hmac.so.$version" "$dest/lib/libidentity_hmac.so.$major"
ln -sfn "libidentity_hmac.so.$major" "$dest/lib/libidentity_hmac.so"
sed -e "s|^prefix=@PREFIX@\$|prefix=${IDENTITY_HMAC_PC_PREFIX:-$prefix}|" -e "s|@VERSION@|$version|" \
    "$here/identity_hmac.pc.in" > "$dest/lib/pkgconfig/identity_hmac.pc"
echo "installed identity_hmac $version: include/identity_hmac.h, lib/libidentity_hmac.{a,so,so.$major,so.$version}, lib/pkgconfig/identity_hmac.pc"
