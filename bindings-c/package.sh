#!/usr/bin/env bash
# Builds the C release tarball for the host platform:
#   OUTDIR/identity-hmac-c-VERSION-TARGET.tar.gz, holding one directory
#   identity-hmac-c-VERSION-TARGET/ with the install.sh layout:
#     include/identity_hmac.h
#     lib/libidentity_hmac.a
#     lib/libidentity_hmac.so.VERSION, libidentity_hmac.so.MAJOR -> it, libidentity_hmac.so -> ...so.MAJOR
#     lib/pkgconfig/identity_hmac.pc   (prefix=${pcfiledir}/../..: works wherever it is extracted)
#   both libraries without debug information.
# Install: tar -xzf identity-hmac-c-*.tar.gz --strip-components=1 -C PREFIX
# Usage: bash bindings-c/package.sh OUTDIR
# Only the host target for now (TARGET = rustc's host triple).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$root/scripts/env.sh"

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
mkdir -p "$1"
outdir="$(cd "$1" && pwd)"

version="$(awk '/^\[workspace.package\]/{p=1;next} /^\[/{p=0} p && $1=="version"{gsub(/"/,"",$3); print $3}' "$root/Cargo.toml")"
target="$(rustc -vV | sed -n 's/^host: //p')"
case "$target" in
    *-linux-*) ;;
    *) echo "package.sh: $target: only Linux hosts are packaged so far" >&2; exit 1 ;;
esac
name="identity-hmac-c-$version-$target"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
IDENTITY_HMAC_PC_PREFIX='${pcfiledir}/../..' bash "$here/install.sh" "$stage/$name" >/dev/null
# Without debug sections (the archive carries the standard library's): half the size.
# The shared library keeps its dynamic symbols; the archive keeps its symbol table.
strip --strip-debug "$stage/$name/lib/libidentity_hmac.a"
strip --strip-unneeded "$stage/$name/lib/libidentity_hmac.so.$version"

# Reproducible: sorted names, no owners, the last commit's time (gzip -n: no name or time).
epoch="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$stage" -cf - "$name" |
    gzip -9 -n > "$outdir/$name.tar.gz"
echo "$outdir/$name.tar.gz ($(stat -c %s "$outdir/$name.tar.gz") bytes)"
