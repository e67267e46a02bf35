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
# cargo zigbuild --release into the shared release target directory.
release_zigbuild() {
    local target="$1"; shift
    CARGO_TARGET_DIR="$release_cargo_target" cargo zigbuild --release --locked --quiet \
        --target "$(target_zigbuild "$target")" "$@"
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
    mkdir -p "$release_dist/.records"
    printf '%s\t%s\t%s\t%s\t%s\n' "$path" "$target" "$check" "$how" "${release_component:-?}" \
        >> "$release_dist/.records/${release_component:-misc}.tsv"
}
