#!/usr/bin/env bash
# Builds the C library (release) and installs it into PREFIX as each platform
# lays libraries out (VERSION = the workspace version, MAJOR its first number):
#   PREFIX/include/identity_hmac.h
#   PREFIX/lib/libidentity_hmac.a                          the static library
#   PREFIX/lib/pkgconfig/identity_hmac.pc
# and the shared library:
#   Linux (glibc, musl):
#     PREFIX/lib/libidentity_hmac.so.VERSION                the file (soname libidentity_hmac.so.MAJOR)
#     PREFIX/lib/libidentity_hmac.so.MAJOR -> ...so.VERSION what programs load
#     PREFIX/lib/libidentity_hmac.so -> ...so.MAJOR         what -lidentity_hmac links
#   macOS:
#     PREFIX/lib/libidentity_hmac.MAJOR.dylib               install name @rpath/libidentity_hmac.MAJOR.dylib
#     PREFIX/lib/libidentity_hmac.dylib -> ...MAJOR.dylib   what -lidentity_hmac links
#   Windows (MinGW-w64 layout):
#     PREFIX/bin/identity_hmac.dll                          found next to the program or on PATH
#     PREFIX/lib/libidentity_hmac.dll.a                     its import library (-lidentity_hmac)
# Usage: bash bindings-c/install.sh [--target TRIPLE --lib-dir DIR] [PREFIX]
#   (default PREFIX /usr/local; DESTDIR is honoured). Without --lib-dir it runs
#   cargo build --release for the host; with it, it installs the libraries
#   already built for TRIPLE in DIR (scripts/release/c.sh cross-builds them;
#   for musl, DIR/shared/ holds the shared library, built without crt-static).
# IDENTITY_HMAC_PC_PREFIX overrides the .pc file's prefix line (package.sh
# sets a relocatable one).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$root/scripts/env.sh"

target="" lib_dir=""
while [ $# -gt 0 ]; do
    case "$1" in
        --target) target="$2"; shift 2 ;;
        --lib-dir) lib_dir="$2"; shift 2 ;;
        -*) echo "install.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
[ -z "$lib_dir" ] || [ -n "$target" ] || { echo "install.sh: --lib-dir needs --target" >&2; exit 2; }
prefix="${1:-${PREFIX:-/usr/local}}"
case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix" ;; esac
dest="${DESTDIR:-}$prefix"

version="$(awk '/^\[workspace.package\]/{p=1;next} /^\[/{p=0} p && $1=="version"{gsub(/"/,"",$3); print $3}' "$root/Cargo.toml")"
[ -n "$version" ] || { echo "install.sh: no [workspace.package] version in Cargo.toml" >&2; exit 1; }
# build.rs sets the soname / install name from the same major number.
major="${version%%.*}"

if [ -z "$lib_dir" ]; then
    (cd "$root" && cargo build --quiet --release --locked -p identity-hmac-c)
    lib_dir="${CARGO_TARGET_DIR:-$root/target}/release"
    target="$(rustc -vV | sed -n 's/^host: //p')"
fi

# What a program linking the static library must add (rustc --print
# native-static-libs for the target, less -lc, which every C compiler adds).
case "$target" in
    *-linux-gnu*) libs_private="-lpthread -ldl -lm -lrt -lutil -lgcc_s" ;;
    # Rust's panics unwind through _Unwind_*: libunwind (zig cc brings its own;
    # with gcc, -lgcc_eh provides the same functions).
    *-linux-musl*) libs_private="-lunwind" ;;
    *-apple-darwin) libs_private="-lSystem -lm" ;;
    *-windows-gnu*) libs_private="-lgcc_eh -lkernel32 -lntdll -luserenv -lws2_32 -ldbghelp" ;;
    *) echo "install.sh: no layout for target $target" >&2; exit 1 ;;
esac

install -d "$dest/include" "$dest/lib/pkgconfig"
install -m 644 "$here/include/identity_hmac.h" "$dest/include/identity_hmac.h"
install -m 644 "$lib_dir/libidentity_hmac.a" "$dest/lib/libidentity_hmac.a"
case "$target" in
    *-linux-*)
        shared="$lib_dir/libidentity_hmac.so"
        # rustc builds no cdylib for musl with crt-static (its default): c.sh
        # builds the shared library apart, without it.
        [ -f "$shared" ] || shared="$lib_dir/shared/libidentity_hmac.so"
        install -m 755 "$shared" "$dest/lib/libidentity_hmac.so.$version"
        ln -sfn "libidentity_hmac.so.$version" "$dest/lib/libidentity_hmac.so.$major"
        ln -sfn "libidentity_hmac.so.$major" "$dest/lib/libidentity_hmac.so"
        shared_names="lib/libidentity_hmac.{a,so,so.$major,so.$version}"
        ;;
    *-apple-darwin)
        install -m 755 "$lib_dir/libidentity_hmac.dylib" "$dest/lib/libidentity_hmac.$major.dylib"
        ln -sfn "libidentity_hmac.$major.dylib" "$dest/lib/libidentity_hmac.dylib"
        shared_names="lib/libidentity_hmac.{a,dylib,$major.dylib}"
        ;;
    *-windows-*)
        install -d "$dest/bin"
        install -m 755 "$lib_dir/identity_hmac.dll" "$dest/bin/identity_hmac.dll"
        install -m 644 "$lib_dir/libidentity_hmac.dll.a" "$dest/lib/libidentity_hmac.dll.a"
        shared_names="bin/identity_hmac.dll, lib/libidentity_hmac.{a,dll.a}"
        ;;
esac
sed -e "s|^prefix=@PREFIX@\$|prefix=${IDENTITY_HMAC_PC_PREFIX:-$prefix}|" -e "s|@VERSION@|$version|" \
    -e "s|@LIBS_PRIVATE@|$libs_private|" "$here/identity_hmac.pc.in" > "$dest/lib/pkgconfig/identity_hmac.pc"
echo "installed identity_hmac $version: include/identity_hmac.h, $shared_names, lib/pkgconfig/identity_hmac.pc"
