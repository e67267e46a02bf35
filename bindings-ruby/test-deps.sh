#!/usr/bin/env bash
# Installs the Debian packages the Ruby tests need, only those missing:
# ruby-jwt (the token cross-check), ruby-railties and ruby-actionpack (the
# Rails helper's app; WEBrick, from ruby-webrick, serves it). RubyGems is not
# used: Debian's packages are the only source.
set -euo pipefail
packages=(ruby-jwt ruby-railties ruby-actionpack ruby-webrick)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -eq 0 ]; then
    echo "[bindings-ruby] Debian packages present: ${packages[*]}"
    exit 0
fi
echo "[bindings-ruby] installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
