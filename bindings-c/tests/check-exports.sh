#!/usr/bin/env bash
# Checks the installed libraries of a prefix (install.sh's or a tarball's
# layout), for any of the release platforms; the format comes from the files:
#  - ELF (Linux): lib/libidentity_hmac.so.MAJOR has the soname
#    libidentity_hmac.so.MAJOR, and lib/libidentity_hmac.so leads to it;
#    dynamic symbols by nm -D;
#  - Mach-O (macOS): lib/libidentity_hmac.MAJOR.dylib has the install name
#    @rpath/libidentity_hmac.MAJOR.dylib, and lib/libidentity_hmac.dylib leads
#    to it; exports by llvm-nm (Debian's llvm), without Mach-O's leading "_";
#  - PE (Windows): bin/identity_hmac.dll's export table (objdump -p), and the
#    import library lib/libidentity_hmac.dll.a;
# and for each:
#  - the shared library exports the functions the header declares and no other
#    symbol (every one starts with identity_hmac_); on ELF and Mach-O, only functions;
#  - the static library defines every function the header declares.
# Usage: bash bindings-c/tests/check-exports.sh PREFIX MAJOR
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 PREFIX MAJOR" >&2; exit 2; }
prefix="$1" major="$2"
header="$prefix/include/identity_hmac.h"
static="$prefix/lib/libidentity_hmac.a"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "check-exports: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || fail "$1 not found (Debian package: $2)"; }

# The header's functions: every `identity_hmac_name(` (cbindgen writes no macros taking arguments).
grep -oE '\bidentity_hmac_[a-z0-9_]+\(' "$header" | tr -d '(' | sort -u > "$work/declared"
[ -s "$work/declared" ] || fail "no function declared in $header"

# exported: one line per exported symbol, "TYPE NAME" (TYPE "T" for a function, "?" unknown).
if [ -f "$prefix/lib/libidentity_hmac.so.$major" ]; then
    format=ELF nm_tool=nm nm_flags=()
    shared="$prefix/lib/libidentity_hmac.so.$major"
    soname="$(readelf -d "$shared" | sed -n 's/.*(SONAME).*\[\(.*\)\]$/\1/p')"
    [ "$soname" = "libidentity_hmac.so.$major" ] || fail "$shared: soname '${soname}', expected libidentity_hmac.so.$major"
    [ "$(readlink -f "$prefix/lib/libidentity_hmac.so")" = "$(readlink -f "$shared")" ] ||
        fail "lib/libidentity_hmac.so does not lead to $shared"
    name_line="soname $soname"
    nm -D --defined-only "$shared" | awk '{print $(NF-1), $NF}' > "$work/exported_typed"
elif [ -f "$prefix/lib/libidentity_hmac.$major.dylib" ]; then
    format=Mach-O nm_tool=llvm-nm nm_flags=(--no-llvm-bc)
    need llvm-nm llvm; need llvm-objdump llvm
    shared="$prefix/lib/libidentity_hmac.$major.dylib"
    install_name="$(llvm-objdump --macho --dylib-id "$shared" | sed -n '2p')"
    [ "$install_name" = "@rpath/libidentity_hmac.$major.dylib" ] ||
        fail "$shared: install name '$install_name', expected @rpath/libidentity_hmac.$major.dylib"
    [ "$(readlink -f "$prefix/lib/libidentity_hmac.dylib")" = "$(readlink -f "$shared")" ] ||
        fail "lib/libidentity_hmac.dylib does not lead to $shared"
    name_line="install name $install_name"
    llvm-nm --extern-only --defined-only "$shared" | awk '{n = $NF; sub(/^_/, "", n); print $(NF-1), n}' > "$work/exported_typed"
elif [ -f "$prefix/bin/identity_hmac.dll" ]; then
    format=PE nm_tool=nm nm_flags=()
    shared="$prefix/bin/identity_hmac.dll"
    [ -f "$prefix/lib/libidentity_hmac.dll.a" ] || fail "no import library lib/libidentity_hmac.dll.a"
    # objdump -p: "[Ordinal/Name Pointer] Table" then lines "	[   N] name".
    objdump -p "$shared" | awk '/^\[Ordinal\/Name Pointer\] Table/ {t = 1; next} t && /^\t\[/ {print "?", $NF; next} t {t = 0}' \
        > "$work/exported_typed"
    name_line="DLL identity_hmac.dll with import library libidentity_hmac.dll.a"
else
    fail "$prefix/lib holds no libidentity_hmac.so.$major, libidentity_hmac.$major.dylib, nor bin/identity_hmac.dll"
fi

awk '{print $2}' "$work/exported_typed" | sort -u > "$work/exported"
[ -s "$work/exported" ] || fail "$shared ($format) exports nothing"
if grep -v '^identity_hmac_' "$work/exported" > "$work/foreign"; then
    fail "$shared ($format) exports $(wc -l < "$work/foreign") symbols outside identity_hmac_*, such as: $(head -5 "$work/foreign" | tr '\n' ' ')"
fi
awk '$1 != "T" && $1 != "?" {print $2}' "$work/exported_typed" > "$work/not_text"
[ ! -s "$work/not_text" ] || fail "$shared exports non-function symbols: $(tr '\n' ' ' < "$work/not_text")"
if ! diff -u "$work/declared" "$work/exported" > "$work/diff"; then
    cat "$work/diff" >&2
    fail "$shared: exported functions differ from the header's (- declared only, + exported only)"
fi

if [ "$format" = PE ]; then
    # The import library offers every function of the header (as FUNCTION and __imp_FUNCTION).
    nm "$prefix/lib/libidentity_hmac.dll.a" 2>/dev/null | awk 'NF >= 2 && $(NF-1) == "T" {print $NF}' | sort -u > "$work/import_lib"
    comm -23 "$work/declared" "$work/import_lib" > "$work/import_missing"
    [ ! -s "$work/import_missing" ] || fail "lib/libidentity_hmac.dll.a lacks: $(tr '\n' ' ' < "$work/import_missing")"
fi

# (nm warns "no symbols" for the archive's empty members.)
need "$nm_tool" "$([ "$nm_tool" = nm ] && echo binutils || echo llvm)"
# (Mach-O objects also carry LLVM bitcode, newer than Debian's llvm-nm reads: --no-llvm-bc.)
"$nm_tool" "${nm_flags[@]}" -g --defined-only "$static" 2> "$work/nm_errors" > "$work/static_nm" || { cat "$work/nm_errors" >&2; fail "$nm_tool $static failed"; }
awk 'NF >= 2 && $(NF-1) == "T" {n = $NF; if (n ~ /^_identity_hmac_/) n = substr(n, 2); print n}' "$work/static_nm" | sort -u > "$work/static_text"
comm -23 "$work/declared" "$work/static_text" > "$work/missing"
[ ! -s "$work/missing" ] || fail "$static lacks: $(tr '\n' ' ' < "$work/missing")"

echo "check-exports: $format, $name_line; $(wc -l < "$work/exported") exported symbols, all identity_hmac_*," \
    "= the $(wc -l < "$work/declared") functions of the header; the static library defines all of them"
