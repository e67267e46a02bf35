#!/usr/bin/env bash
# Checks the installed libraries of a prefix (install.sh's or the tarball's layout):
#  - the shared library's soname is libidentity_hmac.so.MAJOR, and the .so and
#    .so.MAJOR links lead to it;
#  - it exports exactly the functions the header declares, and no other symbol
#    (every one starts with identity_hmac_);
#  - the static library defines every function the header declares.
# Usage: bash bindings-c/tests/check-exports.sh PREFIX MAJOR
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 PREFIX MAJOR" >&2; exit 2; }
prefix="$1" major="$2"
header="$prefix/include/identity_hmac.h"
shared="$prefix/lib/libidentity_hmac.so.$major"
static="$prefix/lib/libidentity_hmac.a"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "check-exports: $*" >&2; exit 1; }

# The header's functions: every `identity_hmac_name(` (cbindgen writes no macros taking arguments).
grep -oE '\bidentity_hmac_[a-z0-9_]+\(' "$header" | tr -d '(' | sort -u > "$work/declared"
[ -s "$work/declared" ] || fail "no function declared in $header"

soname="$(readelf -d "$shared" | sed -n 's/.*(SONAME).*\[\(.*\)\]$/\1/p')"
[ "$soname" = "libidentity_hmac.so.$major" ] || fail "$shared: soname '${soname}', expected libidentity_hmac.so.$major"
[ "$(readlink -f "$prefix/lib/libidentity_hmac.so")" = "$(readlink -f "$shared")" ] ||
    fail "lib/libidentity_hmac.so does not lead to $shared"

nm -D --defined-only "$shared" | awk '{print $NF}' | sort -u > "$work/exported"
if grep -v '^identity_hmac_' "$work/exported" > "$work/foreign"; then
    fail "$shared exports symbols outside identity_hmac_*: $(tr '\n' ' ' < "$work/foreign")"
fi
nm -D --defined-only "$shared" | awk '$(NF-1) != "T" {print $NF}' > "$work/not_text"
[ ! -s "$work/not_text" ] || fail "$shared exports non-function symbols: $(tr '\n' ' ' < "$work/not_text")"
if ! diff -u "$work/declared" "$work/exported" > "$work/diff"; then
    cat "$work/diff" >&2
    fail "$shared: exported functions differ from the header's (- declared only, + exported only)"
fi

# (nm warns "no symbols" for the archive's empty members.)
nm -g --defined-only "$static" 2> "$work/nm_errors" > "$work/static_nm" || { cat "$work/nm_errors" >&2; fail "nm $static failed"; }
awk 'NF >= 2 && $(NF-1) == "T" {print $NF}' "$work/static_nm" | sort -u > "$work/static_text"
comm -23 "$work/declared" "$work/static_text" > "$work/missing"
[ ! -s "$work/missing" ] || fail "$static lacks: $(tr '\n' ' ' < "$work/missing")"

echo "check-exports: soname $soname; $(wc -l < "$work/exported") exported symbols, all identity_hmac_*," \
    "= the $(wc -l < "$work/declared") functions of the header; the static library defines all of them"
