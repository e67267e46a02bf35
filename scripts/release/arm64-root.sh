#!/usr/bin/env bash
# Makes an arm64 Debian (bookworm) root for running the arm64 Linux artifacts
# under qemu-user, and prints its path. binfmt_misc is not available on these
# machines, so programs run as `qemu-aarch64-static -L ROOT PROGRAM` (see
# scripts/release/run-arm64.sh). The root is built once inside the clone
# (target/arm64-root) and reused until the package list below changes.
#
# debootstrap cannot run the second stage without binfmt, so it runs with
# --foreign (download and unpack the base system) and every downloaded
# package is then unpacked with dpkg-deb: no maintainer scripts run, which is
# enough for running programs and libraries.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root_dir="$(cd "$here/../.." && pwd)"
rootfs="${IDENTITY_HMAC_ARM64_ROOT:-$root_dir/target/arm64-root}"
# python3: the wheel's tests; nodejs: the npm package; ruby: the native gem;
# libstdc++6 and ca-certificates come along as dependencies.
packages="python3,python3-venv,nodejs,ruby,ruby-dev"
stamp="$rootfs/.identity-hmac-packages"
log() { printf '[arm64-root] %s\n' "$*" >&2; }

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$packages" ]; then
    echo "$rootfs"
    exit 0
fi

need=()
command -v qemu-aarch64-static >/dev/null || need+=(qemu-user-static)
command -v debootstrap >/dev/null || need+=(debootstrap)
if [ "${#need[@]}" -gt 0 ]; then
    log "installing ${need[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# The machine's own Debian mirror: the first URIs line of its apt sources that serves "debian".
mirror="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -E '/debian/?$' | head -n 1 || true)"
[ -n "$mirror" ] || mirror="$(grep -hsE '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -E '/debian/?$' | head -n 1 || true)"
[ -n "$mirror" ] || { log "no Debian mirror found in the apt sources"; exit 1; }

log "debootstrap --foreign arm64 bookworm (minbase + $packages) into $rootfs"
rm -rf "$rootfs"
mkdir -p "$rootfs"
debootstrap --foreign --arch=arm64 --variant=minbase --include="$packages" bookworm "$rootfs" "$mirror" >&2
log "unpacking $(ls "$rootfs"/var/cache/apt/archives/*.deb | wc -l) packages"
for deb in "$rootfs"/var/cache/apt/archives/*.deb; do
    dpkg-deb -x "$deb" "$rootfs"
done
# The loader's path in arm64 programs.
ln -sf ../usr/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1 "$rootfs/lib/ld-linux-aarch64.so.1"
# Without postinst scripts some alternatives are missing.
[ -e "$rootfs/usr/bin/python3" ] || ln -sf python3.11 "$rootfs/usr/bin/python3"
echo "$packages" > "$stamp"
echo "$rootfs"
