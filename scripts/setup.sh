#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine. Idempotent: it
# installs only what is missing, and says what it does.
set -euo pipefail

log() { printf '[setup] %s\n' "$*" >&2; }

# Debian packages: the snippet runtimes (PHP, Ruby, Elixir/Erlang, Go), PHPUnit,
# the Ruby headers and libclang for the gem's bindgen, valgrind for the C
# tests, pkg-config for the C library's .pc file, and shellcheck, which actionlint
# runs on the release workflow's shell steps.
APT_PACKAGES=(
    php-cli phpunit
    ruby ruby-dev libclang-dev clang
    elixir erlang-nox
    valgrind pkg-config shellcheck
    build-essential ca-certificates
)
command -v go >/dev/null 2>&1 || [ -x /usr/local/go/bin/go ] || APT_PACKAGES+=(golang-go)

missing=()
for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    log "Debian packages: all present"
fi

# PHP's FFI extension ships with Debian's php-cli; make sure it is enabled.
if ! php -m 2>/dev/null | grep -qx 'FFI'; then
    log "PHP has no FFI extension: enabling it"
    phpenmod ffi 2>/dev/null || true
    php -m | grep -qx FFI || { log "PHP FFI is unavailable"; exit 1; }
fi

if ! command -v cargo >/dev/null 2>&1; then
    [ -x "$HOME/.cargo/bin/cargo" ] || { log "no Rust toolchain: install rustup's stable toolchain first"; exit 1; }
fi

for tool in cargo go php ruby elixir python3 node npm java mvn; do
    command -v "$tool" >/dev/null 2>&1 || [ "$tool" = go ] || { log "missing $tool after setup"; exit 1; }
done
log "toolchains ready"
