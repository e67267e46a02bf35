#!/usr/bin/env bash
# Builds the C release tarball of one platform:
#   OUTDIR/identity-hmac-c-VERSION-TARGET.tar.gz, holding one directory
#   identity-hmac-c-VERSION-TARGET/ with install.sh's layout for TARGET:
#     include/identity_hmac.h
#     lib/libidentity_hmac.a
#     the shared library: Linux lib/libidentity_hmac.so.VERSION (+ .so.MAJOR, .so links),
#       macOS lib/libidentity_hmac.MAJOR.dylib (+ .dylib link), Windows bin/identity_hmac.dll
#       and lib/libidentity_hmac.dll.a
#     lib/pkgconfig/identity_hmac.pc   (prefix=${pcfiledir}/../..: works wherever it is extracted)
#   the libraries without debug information.
# Install: tar -xzf identity-hmac-c-*.tar.gz --strip-components=1 -C PREFIX
# Usage: bash bindings-c/package.sh [--target TRIPLE --lib-dir DIR] OUTDIR
#   Without --target: the host, built by install.sh. With it: the libraries
#   already built for TRIPLE in DIR (see install.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$root/scripts/env.sh"

target="" lib_dir=""
while [ $# -gt 0 ]; do
    case "$1" in
        --target) target="$2"; shift 2 ;;
        --lib-dir) lib_dir="$2"; shift 2 ;;
        -*) echo "package.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
[ $# -eq 1 ] || { echo "usage: $0 [--target TRIPLE --lib-dir DIR] OUTDIR" >&2; exit 2; }
if [ -n "$target" ] && [ -z "$lib_dir" ]; then echo "package.sh: --target needs --lib-dir" >&2; exit 2; fi
mkdir -p "$1"
outdir="$(cd "$1" && pwd)"

version="$(awk '/^\[workspace.package\]/{p=1;next} /^\[/{p=0} p && $1=="version"{gsub(/"/,"",$3); print $3}' "$root/Cargo.toml")"
host="$(rustc -vV | sed -n 's/^host: //p')"
install_args=()
if [ -n "$target" ]; then
    install_args=(--target "$target" --lib-dir "$lib_dir")
else
    target="$host"
fi
name="identity-hmac-c-$version-$target"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
IDENTITY_HMAC_PC_PREFIX='${pcfiledir}/../..' bash "$here/install.sh" "${install_args[@]}" "$stage/$name" >/dev/null

# Without debug sections (the archive carries the standard library's): half the
# size. The shared library keeps its dynamic symbols (exports), the archive its
# symbol table. GNU strip knows the host's formats; llvm-strip every target's.
strip_tool=strip
[ "$target" = "$host" ] || strip_tool=llvm-strip
command -v "$strip_tool" >/dev/null || { echo "package.sh: $strip_tool not found (Debian: binutils or llvm)" >&2; exit 1; }
"$strip_tool" --strip-debug "$stage/$name/lib/libidentity_hmac.a"
case "$target" in
    *-linux-*) "$strip_tool" --strip-unneeded "$stage/$name/lib/libidentity_hmac.so.$version" ;;
    # Mach-O: drop local symbols and debug info; exports stay in the export trie.
    *-apple-darwin) "$strip_tool" -x "$stage/$name/lib/libidentity_hmac.${version%%.*}.dylib" ;;
    # (The import library holds short import objects, which llvm-strip cannot read: nothing to strip.)
    *-windows-*) "$strip_tool" --strip-unneeded "$stage/$name/bin/identity_hmac.dll" ;;
esac

# Reproducible: sorted names, no owners, the last commit's time (gzip -n: no name or time).
epoch="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$stage" -cf - "$name" |
    gzip -9 -n > "$outdir/$name.tar.gz"
echo "$outdir/$name.tar.gz ($(stat -c %s "$outdir/$name.tar.gz") bytes)"
