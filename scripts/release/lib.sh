# Sourced by scripts/release.sh and scripts/release/*.sh: the targets, their
# names in each ecosystem, the pinned cross-build tools and the manifest records.
# shellcheck shell=bash

release_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=/dev/null
source "$release_root/scripts/env.sh"
release_version="$(awk '/^\[workspace.package\]/{p=1;next} /^\[/{p=0} p && $1=="version"{gsub(/"/,"",$3); print $3}' "$release_root/Cargo.toml")"
# Where artifacts go (scripts/release.sh --out), and one cargo target
# directory for every cross-build, apart from the test builds'.
release_dist="${IDENTITY_HMAC_DIST:-$release_root/dist}"
release_cargo_target="${IDENTITY_HMAC_RELEASE_CARGO_TARGET:-$release_root/target/release-build}"
release_tools_dir="$release_root/target/release-tools"

# The seven targets of DESIGN.md §8. Windows is the GNU ABI (MinGW-w64): the
# MSVC one needs Microsoft's SDK, which this project cannot install.
RELEASE_ALL_TARGETS=(
    x86_64-unknown-linux-gnu
    aarch64-unknown-linux-gnu
    x86_64-unknown-linux-musl
    aarch64-unknown-linux-musl
    x86_64-apple-darwin
    aarch64-apple-darwin
    x86_64-pc-windows-gnu
)

release_log() { printf '[release%s] %s\n' "${release_component:+/$release_component}" "$*" >&2; }
release_die() { release_log "$*"; exit 1; }

release_check_target() {
    local t
    for t in "${RELEASE_ALL_TARGETS[@]}"; do [ "$t" = "$1" ] && return 0; done
    release_die "unknown target $1 (known: ${RELEASE_ALL_TARGETS[*]})"
}

# --- names of a target in each ecosystem ------------------------------------
# Node's process.platform-process.arch[-abi], as napi-rs names its packages.
target_node_platform() {
    case "$1" in
        x86_64-unknown-linux-gnu) echo linux-x64-gnu ;;
        aarch64-unknown-linux-gnu) echo linux-arm64-gnu ;;
        x86_64-unknown-linux-musl) echo linux-x64-musl ;;
        aarch64-unknown-linux-musl) echo linux-arm64-musl ;;
        x86_64-apple-darwin) echo darwin-x64 ;;
        aarch64-apple-darwin) echo darwin-arm64 ;;
        x86_64-pc-windows-gnu) echo win32-x64-gnu ;;
        *) release_die "no Node platform for $1" ;;
    esac
}
# GOOS_GOARCH, plus _musl for the musl builds (chosen with `-tags musl`).
target_go_platform() {
    case "$1" in
        x86_64-unknown-linux-gnu) echo linux_amd64 ;;
        aarch64-unknown-linux-gnu) echo linux_arm64 ;;
        x86_64-unknown-linux-musl) echo linux_amd64_musl ;;
        aarch64-unknown-linux-musl) echo linux_arm64_musl ;;
        x86_64-apple-darwin) echo darwin_amd64 ;;
        aarch64-apple-darwin) echo darwin_arm64 ;;
        x86_64-pc-windows-gnu) echo windows_amd64 ;;
        *) release_die "no Go platform for $1" ;;
    esac
}
# JNA's resource prefix (com.sun.jna.Platform.RESOURCE_PREFIX). JNA has no
# musl prefix: musl builds have no place in the jar.
target_jna_prefix() {
    case "$1" in
        x86_64-unknown-linux-gnu) echo linux-x86-64 ;;
        aarch64-unknown-linux-gnu) echo linux-aarch64 ;;
        x86_64-apple-darwin) echo darwin-x86-64 ;;
        aarch64-apple-darwin) echo darwin-aarch64 ;;
        x86_64-pc-windows-gnu) echo win32-x86-64 ;;
        *) echo "" ;;
    esac
}
# zig's -target for C code built for or linked with a target (glibc 2.17 on
# Linux, the manylinux2014 floor every glibc artifact keeps).
target_zig() {
    case "$1" in
        x86_64-unknown-linux-gnu) echo x86_64-linux-gnu.2.17 ;;
        aarch64-unknown-linux-gnu) echo aarch64-linux-gnu.2.17 ;;
        x86_64-unknown-linux-musl) echo x86_64-linux-musl ;;
        aarch64-unknown-linux-musl) echo aarch64-linux-musl ;;
        x86_64-apple-darwin) echo x86_64-macos.11.0 ;;
        aarch64-apple-darwin) echo aarch64-macos.11.0 ;;
        x86_64-pc-windows-gnu) echo x86_64-windows-gnu ;;
        *) release_die "no zig target for $1" ;;
    esac
}
# What cargo zigbuild is given: glibc targets carry the glibc version to link against.
target_zigbuild() {
    case "$1" in
        *-linux-gnu) echo "$1.2.17" ;;
        *) echo "$1" ;;
    esac
}
# The directory under a cargo target dir where a zigbuild of the target lands.
target_cargo_out() { echo "$release_cargo_target/$1/release"; }
# How this machine can run a target's programs: native, qemu, wine or none.
target_runner() {
    case "$1" in
        x86_64-unknown-linux-*) echo native ;;
        aarch64-unknown-linux-*) echo qemu ;;
        x86_64-pc-windows-gnu) command -v wine >/dev/null 2>&1 && echo wine || echo none ;;
        *) echo none ;;
    esac
}
target_is_linux() { case "$1" in *-linux-*) return 0 ;; *) return 1 ;; esac; }

# --- pinned tools -------------------------------------------------------------
# The venv of scripts/release/tools.txt (zig, cargo-zigbuild), rebuilt when the
# file changes, first on PATH; plus the rustup targets asked for.
release_tools() {
    local venv="$release_tools_dir/venv" requirements="$release_root/scripts/release/tools.txt"
    if ! cmp -s "$requirements" "$venv/tools.txt" 2>/dev/null; then
        release_log "tools venv from scripts/release/tools.txt"
        rm -rf "$venv"
        python3 -m venv "$venv" >&2
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
        cp "$requirements" "$venv/tools.txt"
    fi
    mkdir -p "$release_tools_dir/bin"
    case ":$PATH:" in *":$venv/bin:"*) ;; *) PATH="$release_tools_dir/bin:$venv/bin:$PATH" ;; esac
    export PATH
    if [ "$#" -gt 0 ]; then
        local installed missing=() t
        installed="$(rustup target list --installed)"
        for t in "$@"; do grep -qx "$t" <<<"$installed" || missing+=("$t"); done
        if [ "${#missing[@]}" -gt 0 ]; then
            release_log "rustup target add ${missing[*]}"
            rustup target add "${missing[@]}" >&2
        fi
    fi
}
# A `cc` for a target: a wrapper around the pinned zig, written once into the
# tools' bin directory; prints its path. For cgo's CC and C test programs.
release_zig_cc() {
    local zt wrapper
    zt="$(target_zig "$1")"
    wrapper="$release_tools_dir/bin/zig-cc-$zt"
    if [ ! -x "$wrapper" ]; then
        mkdir -p "$release_tools_dir/bin"
        printf '#!/bin/sh\nexec "%s" -m ziglang cc -target %s "$@"\n' "$release_tools_dir/venv/bin/python" "$zt" > "$wrapper"
        chmod +x "$wrapper"
    fi
    echo "$wrapper"
}
# The oldest macOS every Apple artifact supports (the first with arm64);
# without it zig stamps the newest SDK's version as the minimum.
export MACOSX_DEPLOYMENT_TARGET="${MACOSX_DEPLOYMENT_TARGET:-11.0}"

# A release build of cargo packages for a target, into the shared release
# target directory. Linux and macOS link through zig (cargo zigbuild); on
# macOS with fat LTO, because zig's Mach-O linker ignores rustc's
# -exported_symbols_list and LTO internalizes what rustc does not export.
# Windows links with MinGW-w64's own gcc, rustc's default for the target:
# zig's linker drops the .def export list there (every Rust symbol is exported).
release_zigbuild() {
    local target="$1"; shift
    case "$target" in
        *-windows-gnu)
            release_need x86_64-w64-mingw32-gcc:gcc-mingw-w64-x86-64
            CARGO_TARGET_DIR="$release_cargo_target" cargo build --release --locked --quiet --target "$target" "$@"
            ;;
        *-apple-darwin)
            CARGO_PROFILE_RELEASE_LTO=fat CARGO_TARGET_DIR="$release_cargo_target" cargo zigbuild --release --locked \
                --quiet --target "$target" "$@"
            ;;
        *)
            CARGO_TARGET_DIR="$release_cargo_target" cargo zigbuild --release --locked --quiet \
                --target "$(target_zigbuild "$target")" "$@"
            ;;
    esac
}

# --- manifest records -------------------------------------------------------
# record PATH TARGET CHECK HOW
#   PATH: the artifact, under the dist directory; TARGET: its Rust target (or "any");
#   CHECK: one of "ran natively", "ran under qemu", "ran under wine", "inspected only";
#   HOW: one line saying what was run or inspected.
# scripts/release/manifest.py turns the records into dist/MANIFEST.md and SHA256SUMS.
record() {
    local path="$1" target="$2" check="$3" how="$4"
    case "$check" in
        "ran natively" | "ran under qemu" | "ran under wine" | "inspected only") ;;
        *) release_die "record: unknown check '$check' for $path" ;;
    esac
    [ -f "$release_dist/$path" ] || release_die "record: no artifact $release_dist/$path"
    local records="$release_dist/.records/${release_component:-misc}.tsv"
    mkdir -p "$release_dist/.records"
    # A rebuilt artifact replaces its earlier record (a script run again by hand).
    if [ -f "$records" ]; then
        awk -F '\t' -v path="$path" '$1 != path' "$records" > "$records.new" && mv "$records.new" "$records"
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$path" "$target" "$check" "$how" "${release_component:-?}" >> "$records"
}

# --- inspection of built binaries ---------------------------------------------
# Each function checks what it says and dies with the reason when a check
# fails; on success it prints a one-line summary for record's HOW.

# release_need CMD:DEBIAN_PACKAGE ...: installs the packages of missing commands.
release_need() {
    local pair missing=()
    for pair in "$@"; do command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}"); done
    [ "${#missing[@]}" -gt 0 ] || return 0
    release_log "apt-get install ${missing[*]}"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
        $(printf '%s\n' "${missing[@]}" | sort -u) >&2
}

# inspect_elf FILE TARGET [EXTRA_NEEDED_REGEX]: the ELF machine of TARGET; on
# glibc, NEEDED only the C runtime's libraries and no symbol version above
# GLIBC_2.17; on musl, no glibc symbol versions at all.
inspect_elf() {
    local file="$1" target="$2" extra="${3:-}" machine needed lib max
    release_need file:file readelf:binutils
    case "$target" in x86_64-*) machine='x86-64' ;; aarch64-*) machine='ARM aarch64' ;; *) release_die "inspect_elf: $target is not ELF" ;; esac
    file -b "$file" | grep -q "^ELF 64-bit LSB .*, $machine" || release_die "$file: not an ELF $machine file: $(file -b "$file")"
    needed="$(readelf -d "$file" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u | paste -sd ' ' -)"
    for lib in $needed; do
        case "$lib" in
            libc.so.6 | libm.so.6 | libdl.so.2 | libpthread.so.0 | librt.so.1 | libutil.so.1 | libgcc_s.so.1 | ld-linux-*.so.*) ;;
            libc.musl-*.so.1 | libc.so) ;;
            *) [ -n "$extra" ] && grep -Eq "^($extra)\$" <<<"$lib" || release_die "$file: NEEDED $lib, not a C runtime library" ;;
        esac
    done
    case "$target" in
        *-gnu)
            max="$(readelf -V -W "$file" | grep -o 'GLIBC_[0-9][0-9.]*' | sort -u -V | tail -n 1)"
            if [ -n "$max" ] && [ "$(printf '%s\nGLIBC_2.17\n' "$max" | sort -V | tail -n 1)" != GLIBC_2.17 ]; then
                release_die "$file: needs $max, above the glibc 2.17 floor"
            fi
            echo "ELF $machine; NEEDED ${needed:-nothing}; newest glibc symbol ${max:-none} (floor 2.17)"
            ;;
        *-musl)
            if readelf -V -W "$file" | grep 'GLIBC_' >/dev/null; then release_die "$file: has glibc symbol versions"; fi
            echo "ELF $machine; NEEDED ${needed:-nothing (static)}; no glibc symbol versions"
            ;;
    esac
}

# inspect_macho FILE TARGET: Mach-O of TARGET's architecture, a minimum macOS
# (LC_BUILD_VERSION minos) of 11.0 or older, and linked only with libSystem
# (and libiconv, libcharset or libresolv, which macOS ships).
inspect_macho() {
    local file="$1" target="$2" arch headers minos dylibs lib
    release_need file:file llvm-objdump:llvm
    case "$target" in x86_64-apple-*) arch=x86_64 ;; aarch64-apple-*) arch=arm64 ;; *) release_die "inspect_macho: $target is not macOS" ;; esac
    file -b "$file" | grep -q "^Mach-O 64-bit .*$arch" || release_die "$file: not a Mach-O $arch file: $(file -b "$file")"
    headers="$(llvm-objdump --macho --private-headers "$file")"
    minos="$(awk '/cmd LC_BUILD_VERSION/{p=1} p && $1=="minos"{print $2; exit}' <<<"$headers")"
    [ -n "$minos" ] || release_die "$file: no LC_BUILD_VERSION minos"
    [ "$(printf '%s\n11.0\n' "$minos" | sort -V | tail -n 1)" = 11.0 ] || release_die "$file: needs macOS $minos, above 11.0"
    dylibs="$(awk '/cmd LC_LOAD_DYLIB/{p=1} p && $1=="name"{print $2; p=0}' <<<"$headers" | sort -u | paste -sd ' ' -)"
    for lib in $dylibs; do
        case "$lib" in /usr/lib/libSystem.B.dylib | /usr/lib/libiconv.2.dylib | /usr/lib/libcharset.1.dylib | /usr/lib/libresolv.9.dylib) ;;
            *) release_die "$file: links $lib, which macOS does not ship" ;;
        esac
    done
    echo "Mach-O 64-bit $arch; minos $minos; links only ${dylibs:-nothing}"
}

# inspect_pe FILE [EXTRA_DLL_REGEX]: PE32+ x86-64, importing only DLLs that
# every Windows has (plus EXTRA, e.g. python3\.dll).
inspect_pe() {
    local file="$1" extra="${2:-}" dlls stray
    release_need file:file objdump:binutils
    file -b "$file" | grep -q '^PE32+ .*x86-64' || release_die "$file: not a PE32+ x86-64 file: $(file -b "$file")"
    dlls="$(objdump -p "$file" | sed -n 's/^\tDLL Name: //p' | sort -uf)"
    stray="$(grep -Eiv "^(kernel32|ntdll|userenv|ws2_32|bcrypt|bcryptprimitives|advapi32|msvcrt|api-ms-win-[a-z0-9-]+${extra:+|$extra})\.dll\$" <<<"$dlls" || true)"
    [ -z "$stray" ] || release_die "$file: imports DLLs Windows does not ship: $(paste -sd ' ' - <<<"$stray")"
    echo "PE32+ x86-64; imports $(paste -sd ' ' - <<<"$dlls")"
}

# exported_symbols FILE TARGET: the names a shared library exports, one a line
# (Mach-O names without their leading underscore).
exported_symbols() {
    local file="$1" target="$2"
    case "$target" in
        *-linux-*) release_need nm:binutils; nm -D --defined-only "$file" | awk '$2 ~ /^[A-TV-Z]$/ {print $3}' ;;
        *-apple-*) release_need llvm-nm:llvm; llvm-nm --extern-only --defined-only "$file" | awk '{sub(/^_/, "", $3); print $3}' ;;
        *-windows-*) release_need objdump:binutils
            objdump -p "$file" | awk '/^\[Ordinal\/Name Pointer\] Table/{p=1; next} p && NF==0{p=0} p {print $NF}' ;;
    esac | sort -u
}

# What a macOS library exports beside its API after fat LTO (exported_symbols'
# names): two symbols the linker makes, Rust's unwinding personality and one
# std static. Apple's ld64 would take rustc's export list instead.
RELEASE_MACHO_RUNTIME_EXPORTS='__dso_handle|_mh_dylib_header|rust_eh_personality|_RNvNtCs[A-Za-z0-9]+_3std9panicking11EMPTY_PANIC'

# check_exports FILE TARGET API_REGEX: every exported symbol matches API_REGEX
# (anchored), but for RELEASE_MACHO_RUNTIME_EXPORTS on macOS; prints a summary.
check_exports() {
    local file="$1" target="$2" api="$3" symbols stray count extra=0
    symbols="$(exported_symbols "$file" "$target")"
    count="$(grep -Ec "^($api)\$" <<<"$symbols" || true)"
    [ "$count" -gt 0 ] || release_die "$file exports no symbol matching $api"
    stray="$(grep -Ev "^($api)\$" <<<"$symbols" || true)"
    case "$target" in
        *-apple-*)
            extra="$(grep -Ec "^($RELEASE_MACHO_RUNTIME_EXPORTS)\$" <<<"$stray" || true)"
            stray="$(grep -Ev "^($RELEASE_MACHO_RUNTIME_EXPORTS)\$" <<<"$stray" || true)" ;;
    esac
    [ -z "$stray" ] || release_die "$file exports $(wc -l <<<"$stray") symbols outside its API, e.g. $(head -n 3 <<<"$stray" | paste -sd ' ' -)"
    if [ "$extra" -gt 0 ]; then
        echo "exports $count API symbols, plus $extra that the linker and Rust's runtime add on macOS"
    else
        echo "exports only its $count API symbols"
    fi
}
