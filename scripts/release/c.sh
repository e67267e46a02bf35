#!/usr/bin/env bash
# The C library's release tarballs, one per target:
#   dist/c/identity-hmac-c-VERSION-TARGET.tar.gz (bindings-c/package.sh's layout:
#   header, static library, shared library, pkg-config file)
# and the checks of each, run before it is recorded:
#   every target: tests/check-exports.sh (soname / install name / import
#     library; the shared library exports the header's identity_hmac_*
#     functions and nothing else; the static library defines them all), and
#     file(1) says the format and architecture;
#   Linux glibc: no symbol newer than GLIBC_2.17;
#   x86_64 glibc: the C tests built with the tarball's identity_hmac.pc
#     against its .so (rpath) and its .a, run natively;
#   aarch64 glibc: the same, cross-compiled with zig cc, run under qemu;
#   musl: a C test linked statically against the .a (file: statically linked)
#     run natively or under qemu, and one linked against the .so;
#   macOS: Mach-O arch, LC_BUILD_VERSION minos, linked libraries (only
#     /usr/lib/libSystem.B.dylib), a C test linked with zig cc (not run);
#   Windows: PE32+ x86-64, imported DLLs, C tests linked with zig cc against
#     the import library and the .a, run under wine.
# Usage: bash scripts/release/c.sh TARGET...
#        bash scripts/release/c.sh --libs-only TARGET...   (go.sh: only build the
#        libraries into target/release-c/TARGET/libs; nothing in dist/, no checks)
set -euo pipefail
shopt -s inherit_errexit
source "$(dirname "$0")/lib.sh"
release_component=c
libs_only=0
if [ "${1:-}" = --libs-only ]; then libs_only=1; shift; fi
release_tools "$@"
[ $# -gt 0 ] || release_die "usage: c.sh [--libs-only] TARGET..."
for t in "$@"; do release_check_target "$t"; done

here="$release_root/bindings-c"
out="$release_dist/c"
scratch="$release_root/target/release-c"
corpus="$release_root/conformance/corpus.json"
bad_inputs="$release_root/conformance/bad_inputs.json"
major="${release_version%%.*}"
mkdir -p "$out" "$scratch"

# Debian packages this script needs, installed when missing.
apt_need() {
    local missing=() p sudo=""
    for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
    [ "${#missing[@]}" -gt 0 ] || return 0
    [ "$(id -u)" = 0 ] || sudo=sudo
    release_log "apt-get install ${missing[*]}"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
packages=(file pkg-config binutils llvm)
for t in "$@"; do
    [ "$libs_only" = 0 ] || { case "$t" in *-apple-darwin) packages+=(lld) ;; esac; continue; }
    case "$t" in
        aarch64-*-linux-*) packages+=(qemu-user-static) ;;
        *-apple-darwin) packages+=(lld) ;;
        *-windows-*) packages+=(wine64) ;;
    esac
done
apt_need "${packages[@]}"

fail() { release_die "$*"; }
# PRODUCER | contains TEXT: reads all of its input (grep -q would stop early,
# and pipefail would then count the producer's SIGPIPE as a failure).
contains() { local text; text="$(cat)"; grep -qF -- "$1" <<<"$text"; }
# Debian's wine64 package puts its loader in /usr/lib/wine (the wine package adds /usr/bin/wine).
find_wine() { command -v wine64 || command -v wine || { [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64; } || true; }
# expect_file PATH PATTERN: file(1)'s description of PATH matches the extended regex.
expect_file() {
    local what
    what="$(file -b "$1")"
    grep -qE "$2" <<<"$what" || fail "$1: file says '$what', expected /$2/"
    echo "$what"
}

# --- build ---------------------------------------------------------------------
# Every library a target's tarball takes, copied into $scratch/TARGET/libs.
build_target() {
    local t="$1" libs="$scratch/$1/libs" cargo_out
    mkdir -p "$scratch/$t"
    cargo_out="$(target_cargo_out "$t")"
    case "$t" in
        *-apple-darwin)
            # minos 11.0, as every macOS artifact of the release (zig's default is its newest macOS).
            MACOSX_DEPLOYMENT_TARGET="${MACOSX_DEPLOYMENT_TARGET:-11.0}" release_zigbuild "$t" -p identity-hmac-c ;;
        *) release_zigbuild "$t" -p identity-hmac-c ;;
    esac
    rm -rf "$libs"
    mkdir -p "$libs"
    cp "$cargo_out/libidentity_hmac.a" "$libs/"
    case "$t" in
        *-linux-gnu) cp "$cargo_out/libidentity_hmac.so" "$libs/" ;;
        *-linux-musl)
            bundle_unwind "$t" "$libs/libidentity_hmac.a"
            link_musl_so "$t" "$libs"
            ;;
        *-apple-darwin) link_dylib "$t" "$libs" ;;
        *-windows-gnu) cp "$cargo_out/identity_hmac.dll" "$cargo_out/libidentity_hmac.dll.a" "$libs/" ;;
    esac
}

# musl: Rust's unwinder (_Unwind_*, which every panic catch at the C boundary
# needs) is not in the staticlib; rustc links it from its self-contained
# libunwind.a. That archive's objects join ours, so that a program needs no
# libunwind of its own (musl-gcc, zig cc, Alpine's gcc alike).
bundle_unwind() {
    local t="$1" archive="$2" unwind dir
    unwind="$(rustc --print sysroot)/lib/rustlib/$t/lib/self-contained/libunwind.a"
    [ -f "$unwind" ] || fail "no $unwind"
    dir="$scratch/$t/unwind-objects"
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$dir" && llvm-ar x "$unwind")
    llvm-ar qs "$archive" "$dir"/*.o
}

# The header's functions, one a line, with PREFIX before each.
exported_functions() {
    grep -oE '\bidentity_hmac_[a-z0-9_]+\(' "$here/include/identity_hmac.h" | tr -d '(' | sort -u | sed "s/^/$1/"
}

# musl: rustc builds no cdylib with crt-static (musl's default). The shared
# library is linked by zig cc from the same static library (its objects are
# position-independent), exporting only the header's functions (version
# script), against musl's libc.so.
link_musl_so() {
    local t="$1" libs="$2" cc undefined=()
    cc="$(release_zig_cc "$t")"
    mkdir -p "$libs/shared"
    printf '{\n  global: identity_hmac_*;\n  local: *;\n};\n' > "$scratch/$t/exports.map"
    while read -r sym; do undefined+=("-Wl,-u,$sym"); done < <(exported_functions "")
    "$cc" -shared -o "$libs/shared/libidentity_hmac.so" -Wl,-soname,"libidentity_hmac.so.$major" \
        -Wl,--version-script,"$scratch/$t/exports.map" -Wl,--gc-sections "${undefined[@]}" "$libs/libidentity_hmac.a"
}

# macOS: zig's Mach-O linker has no -exported_symbols_list (cargo-zigbuild drops
# rustc's), so the cdylib it links exports all of std's global symbols. LLVM's
# ld64.lld links the dylib from the same static library instead, exporting
# exactly the header's functions, against zig's libSystem stub.
link_dylib() {
    local t="$1" libs="$2" arch zig_darwin stub="$scratch/$1/sdk-stub" lld
    case "$t" in aarch64-*) arch=arm64 ;; x86_64-*) arch=x86_64 ;; esac
    lld="$(command -v ld64.lld || command -v ld64.lld-14 || ls /usr/lib/llvm-*/bin/ld64.lld 2>/dev/null | tail -1)"
    [ -n "$lld" ] || fail "no ld64.lld (Debian package lld)"
    # zig's stub lists arm64e, which lld does not take for arm64: a copy that says arm64.
    zig_darwin="$("$release_tools_dir/venv/bin/python" -c 'import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), "lib", "libc", "darwin"))')"
    mkdir -p "$stub"
    sed 's/arm64e\.x1-/arm64e-/g; s/arm64e-/arm64-/g' "$zig_darwin/libSystem.tbd" > "$stub/libSystem.tbd"
    exported_functions _ > "$scratch/$t/exports.txt"
    local undefined=()
    while read -r sym; do undefined+=(-u "$sym"); done < "$scratch/$t/exports.txt"
    "$lld" -arch "$arch" -platform_version macos 11.0 11.0 -dylib \
        -install_name "@rpath/libidentity_hmac.$major.dylib" \
        -current_version "$release_version" -compatibility_version "$major" \
        -exported_symbols_list "$scratch/$t/exports.txt" "${undefined[@]}" -dead_strip \
        -o "$libs/libidentity_hmac.dylib" "$libs/libidentity_hmac.a" -L"$stub" -lSystem
}

# --- checks ----------------------------------------------------------------------
# C compiler flags of the extracted tarball, through its own pkg-config file.
pc() { PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config "$@" identity_hmac; }
strict=(-std=c99 -O2 -Wall -Wextra -Werror)
sources=("$here/tests/c/test_identity_hmac.c" "$here/tests/c/json.c")

check_glibc_floor() {
    local newest
    newest="$(objdump -T "$1" | grep -oE 'GLIBC_[0-9]+\.[0-9]+(\.[0-9]+)?' | sed 's/GLIBC_//' | sort -uV | tail -1)"
    [ -n "$newest" ] || fail "$1: no GLIBC_ version found"
    [ "$(printf '%s\n2.17\n' "$newest" | sort -V | tail -1)" = "2.17" ] || fail "$1 needs GLIBC_$newest (> 2.17)"
    echo "$newest"
}

# check_linux TARGET: the C tests against the .so (rpath) and the .a, run
# natively or under qemu. musl: the tests statically linked (musl included),
# and the corpus test against the .so where musl's loader is installed.
check_linux() {
    local t="$1" cc run libdir bin="$scratch/$1/bin" threads=20000
    libdir="$prefix/lib"
    mkdir -p "$bin"
    case "$t" in
        x86_64-unknown-linux-gnu) cc=(cc) ;;
        *) cc=("$(release_zig_cc "$t")") ;;
    esac
    case "$(target_runner "$t")" in
        native) run=() ;;
        qemu) run=(bash "$release_root/scripts/release/run-arm64.sh"); threads=2000 ;;
        *) fail "cannot run $t" ;;
    esac
    local static_libs=("$libdir/libidentity_hmac.a" $(pc --libs-only-l --static | sed 's/-lidentity_hmac//'))
    local shared_flags=($(pc --libs) -Wl,-rpath,"$libdir") link_flags
    case "$t" in *-musl) link_flags=(-static "${static_libs[@]}") ;; *) link_flags=("${shared_flags[@]}") ;; esac
    "${cc[@]}" "${strict[@]}" $(pc --cflags) "${sources[@]}" -o "$bin/test_shared" "${shared_flags[@]}"
    "${cc[@]}" "${strict[@]}" $(pc --cflags) "$here/tests/c/test_bad_inputs.c" "$here/tests/c/json.c" \
        -o "$bin/test_bad_inputs" "${link_flags[@]}"
    "${cc[@]}" "${strict[@]}" -pthread $(pc --cflags) "$here/tests/c/test_threads.c" -o "$bin/test_threads" "${link_flags[@]}"
    "${cc[@]}" "${strict[@]}" $(pc --cflags) "${sources[@]}" -o "$bin/test_static" "${static_libs[@]}"
    # The shared-library program loads the tarball's library by its soname.
    local needed
    needed="$(readelf -d "$bin/test_shared" | sed -n 's/.*(NEEDED).*\[\(libidentity_hmac[^]]*\)\]$/\1/p')"
    [ "$needed" = "libidentity_hmac.so.$major" ] || fail "test_shared needs '$needed', not libidentity_hmac.so.$major"
    if readelf -d "$bin/test_static" | grep NEEDED | contains libidentity_hmac; then fail "test_static needs a shared libidentity_hmac"; fi
    local ran_shared=1
    case "$t" in
        *-gnu) "${run[@]}" "$bin/test_shared" "$corpus" | tail -1 >&2 ;;
        x86_64-*-musl) if [ -e /lib/ld-musl-x86_64.so.1 ]; then "$bin/test_shared" "$corpus" | tail -1 >&2; else ran_shared=0; fi ;;
        *) ran_shared=0 ;;
    esac
    "${run[@]}" "$bin/test_bad_inputs" "$bad_inputs" "$corpus" | grep -v '^skip ' | tail -1 >&2
    "${run[@]}" "$bin/test_threads" "$threads" | tail -1 >&2
    "${run[@]}" "$bin/test_static" "$corpus" | tail -1 >&2
    case "$t" in
        *-musl)
            # Statically linked as a whole (musl's libc too): runs with no loader at all.
            expect_file "$bin/test_static" 'statically linked' >/dev/null
            expect_file "$bin/test_threads" 'statically linked' >/dev/null
            how="C tests (corpus, bad inputs, ${threads} x 8 threads) statically linked against the .a (file: statically linked)"
            if [ "$ran_shared" = 1 ]; then how="$how, and the corpus test against the .so (musl's loader)"
            else how="$how; a test links against the .so (not run: no arm64 musl loader here)"; fi ;;
        *) how="C tests (corpus, bad inputs, ${threads} x 8 threads) built with the tarball's .pc against the .so (rpath) and the .a" ;;
    esac
}

check_darwin() {
    local t="$1" dylib="$prefix/lib/libidentity_hmac.$major.dylib" arch minos dylibs bin="$scratch/$1/bin"
    case "$t" in aarch64-*) arch=arm64 ;; x86_64-*) arch=x86_64 ;; esac
    expect_file "$dylib" "^Mach-O 64-bit (dynamically linked shared library|dynamically linked shared library) $arch|^Mach-O 64-bit $arch dynamically linked shared library" >/dev/null
    llvm-objdump --macho --private-headers "$dylib" > "$scratch/$t/headers.txt"
    minos="$(awk '/cmd LC_BUILD_VERSION/ {b = 1} b && $1 == "minos" {print $2; exit}' "$scratch/$t/headers.txt")"
    [ "$minos" = "11.0" ] || fail "$dylib: LC_BUILD_VERSION minos '$minos', expected 11.0"
    dylibs="$(awk '/cmd LC_LOAD_DYLIB/ {l = 1} l && $1 == "name" {print $2; l = 0}' "$scratch/$t/headers.txt" | sort -u | tr '\n' ' ')"
    [ "$dylibs" = "/usr/lib/libSystem.B.dylib " ] || fail "$dylib links $dylibs, expected only /usr/lib/libSystem.B.dylib"
    # The static library's objects are of the same architecture.
    llvm-objdump --macho --private-header "$prefix/lib/libidentity_hmac.a" > "$scratch/$t/archive-headers.txt" 2>/dev/null || true
    local cputypes
    cputypes="$(awk '$1 == "MH_MAGIC_64" {print $2}' "$scratch/$t/archive-headers.txt" | sort -u | tr '\n' ' ')"
    [ "$cputypes" = "$(tr 'a-z' 'A-Z' <<<"$arch") " ] || fail "$prefix/lib/libidentity_hmac.a: Mach-O objects of '$cputypes', expected $arch only"
    # A C program links against the dylib and against the .a (not run: no macOS here).
    mkdir -p "$bin"
    local cc
    cc="$(release_zig_cc "$t")"
    "$cc" "${strict[@]}" $(pc --cflags) "${sources[@]}" -o "$bin/test_shared" $(pc --libs) -Wl,-rpath,@executable_path/../lib
    "$cc" "${strict[@]}" $(pc --cflags) "${sources[@]}" -o "$bin/test_static" "$prefix/lib/libidentity_hmac.a" \
        $(pc --libs-only-l --static | sed 's/-lidentity_hmac//')
    llvm-objdump --macho --private-headers "$bin/test_shared" | contains "@rpath/libidentity_hmac.$major.dylib" ||
        fail "test_shared does not load @rpath/libidentity_hmac.$major.dylib"
    how="file: Mach-O 64-bit $arch dylib; LC_BUILD_VERSION minos $minos; links only /usr/lib/libSystem.B.dylib; install name @rpath/libidentity_hmac.$major.dylib; exports only identity_hmac_*; C tests link (zig cc) against the .dylib and the .a"
}

check_windows() {
    local t="$1" dll="$prefix/bin/identity_hmac.dll" imports bin="$scratch/$1/bin" cc
    expect_file "$dll" '^PE32\+ executable \(DLL\).*x86-64' >/dev/null
    # Imported DLLs: Windows' own (the UCRT's api-ms-win-crt-* forwarders
    # ship with Windows 10 and later), nothing else.
    imports="$(objdump -p "$dll" | sed -n 's/^\tDLL Name: //p' | sort -u)"
    local unexpected
    unexpected="$(grep -viE '^(kernel32|ntdll|msvcrt|bcryptprimitives|advapi32|userenv|ws2_32|dbghelp|api-ms-win-[a-z0-9-]+)\.dll$' <<<"$imports" || true)"
    [ -z "$unexpected" ] || fail "$dll imports unexpected DLLs: $unexpected"
    mkdir -p "$bin"
    cc="$(release_zig_cc "$t")"
    # The import library by its path: zig's linker takes libidentity_hmac.a for
    # -lidentity_hmac (MinGW's GNU ld prefers the .dll.a).
    local import_lib="$prefix/lib/libidentity_hmac.dll.a"
    "$cc" "${strict[@]}" $(pc --cflags) "${sources[@]}" -o "$bin/test_shared.exe" "$import_lib"
    "$cc" "${strict[@]}" $(pc --cflags) "$here/tests/c/test_bad_inputs.c" "$here/tests/c/json.c" -o "$bin/test_bad_inputs.exe" "$import_lib"
    "$cc" "${strict[@]}" $(pc --cflags) "${sources[@]}" -o "$bin/test_static.exe" "$prefix/lib/libidentity_hmac.a" \
        $(pc --libs-only-l --static | sed 's/-lidentity_hmac//')
    objdump -p "$bin/test_shared.exe" | contains 'DLL Name: identity_hmac.dll' || fail "test_shared.exe does not import identity_hmac.dll"
    if objdump -p "$bin/test_static.exe" | contains 'DLL Name: identity_hmac.dll'; then fail "test_static.exe imports identity_hmac.dll"; fi
    # Windows finds a DLL next to the program.
    cp "$dll" "$bin/"
    local imports_line
    imports_line="imports $(tr '\n' ' ' <<<"$imports" | sed 's/ $//')"
    local wine
    wine="$(find_wine)"
    if [ -z "$wine" ]; then
        check="inspected only" how="file: PE32+ x86-64 DLL; $imports_line; exports only identity_hmac_*; C tests link (zig cc); no wine here"
        return
    fi
    # Wine 8 (Debian 12) lacks bcryptprimitives.dll (ProcessPrng, which Rust's
    # std calls on Windows 10+): the test programs get a stand-in beside them.
    "$cc" -shared -O2 -o "$bin/bcryptprimitives.dll" "$here/tests/wine/bcryptprimitives.c" -ladvapi32
    export WINEPREFIX="$scratch/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
    mkdir -p "$WINEPREFIX"
    local corpus_win="Z:${corpus//\//\\}" bad_win="Z:${bad_inputs//\//\\}"
    if "$wine" "$bin/test_shared.exe" "$corpus_win" > "$scratch/$t/wine.log" 2>&1 &&
        "$wine" "$bin/test_bad_inputs.exe" "$bad_win" "$corpus_win" >> "$scratch/$t/wine.log" 2>&1 &&
        "$wine" "$bin/test_static.exe" "$corpus_win" >> "$scratch/$t/wine.log" 2>&1; then
        grep -vE '^skip ' "$scratch/$t/wine.log" | tail -3 >&2
        grep -q 'C tests: [0-9]* checks, 0 failures' "$scratch/$t/wine.log" || fail "no C test summary under wine"
        check="ran under wine" how="file: PE32+ x86-64 DLL; $imports_line; exports only identity_hmac_*; C tests (corpus, bad inputs) against the DLL's import library and the .a, run under wine 8 (with a ProcessPrng stand-in, which wine 8 lacks)"
    else
        tail -20 "$scratch/$t/wine.log" >&2
        fail "C tests failed under wine (log: $scratch/$t/wine.log)"
    fi
}

# check_exports_catches FORMAT: the export check fails on a library exporting
# one symbol outside identity_hmac_* (a test that can fail).
check_exports_catches() {
    local t="$1" fake="$scratch/$1/fake-prefix" cc src="$scratch/$1/fake.c" log="$scratch/$1/fake.log"
    rm -rf "$fake" && mkdir -p "$fake/include" "$fake/lib" "$fake/bin"
    cp "$here/include/identity_hmac.h" "$fake/include/"
    printf 'int identity_hmac_version(void) { return 1; }\nint leaked_helper(void) { return 2; }\n' > "$src"
    cc="$(release_zig_cc "$t")"
    "$cc" -c -o "$scratch/$t/fake.o" "$src"
    llvm-ar rcs "$fake/lib/libidentity_hmac.a" "$scratch/$t/fake.o"
    case "$t" in
        *-linux-*) "$cc" -shared -o "$fake/lib/libidentity_hmac.so.$major" "$src" -Wl,-soname,"libidentity_hmac.so.$major"
            ln -s "libidentity_hmac.so.$major" "$fake/lib/libidentity_hmac.so" ;;
        *-apple-darwin) "$cc" -shared -o "$fake/lib/libidentity_hmac.$major.dylib" "$src" \
                -Wl,-install_name,"@rpath/libidentity_hmac.$major.dylib"
            ln -s "libidentity_hmac.$major.dylib" "$fake/lib/libidentity_hmac.dylib" ;;
        *-windows-*) "$cc" -shared -o "$fake/bin/identity_hmac.dll" "$src" -Wl,--out-implib,"$fake/lib/libidentity_hmac.dll.a" ;;
    esac
    if bash "$here/tests/check-exports.sh" "$fake" "$major" > "$log" 2>&1; then
        fail "check-exports.sh passed a library exporting leaked_helper ($t)"
    fi
    grep -q 'outside identity_hmac_\*.*leaked_helper' "$log" || { cat "$log" >&2; fail "check-exports.sh failed for another reason ($t)"; }
}

# --- per target -------------------------------------------------------------------
if [ "$libs_only" = 1 ]; then
    for t in "$@"; do release_log "$t: build (libraries only)"; build_target "$t"; done
    exit 0
fi
for t in "$@"; do
    started=$SECONDS
    name="identity-hmac-c-$release_version-$t"
    release_log "$t: build"
    build_target "$t"
    rm -f "$out/$name.tar.gz"
    bash "$here/package.sh" --target "$t" --lib-dir "$scratch/$t/libs" "$out" >&2
    prefix="$scratch/$t/prefix"
    rm -rf "$prefix" && mkdir -p "$prefix"
    tar -xzf "$out/$name.tar.gz" --strip-components=1 -C "$prefix"

    release_log "$t: checks"
    check_exports_catches "$t"
    bash "$here/tests/check-exports.sh" "$prefix" "$major" >&2
    case "$t" in
        *-linux-*)
            case "$t" in
                x86_64-*) expect_file "$prefix/lib/libidentity_hmac.so.$release_version" '^ELF 64-bit LSB shared object, x86-64' >/dev/null ;;
                aarch64-*) expect_file "$prefix/lib/libidentity_hmac.so.$release_version" '^ELF 64-bit LSB shared object, ARM aarch64' >/dev/null ;;
            esac
            glibc=""
            case "$t" in *-gnu) glibc="; needs GLIBC_$(check_glibc_floor "$prefix/lib/libidentity_hmac.so.$release_version") at most" ;; esac
            check_linux "$t"
            how="$how$glibc; exports only identity_hmac_*"
            case "$(target_runner "$t")" in native) check="ran natively" ;; qemu) check="ran under qemu" ;; esac
            ;;
        *-apple-darwin) check_darwin "$t"; check="inspected only" ;;
        *-windows-*) check_windows "$t" ;;
    esac
    record "c/$name.tar.gz" "$t" "$check" "$how"
    release_log "$t: $check ($((SECONDS - started)) s): $how"
done
