#!/usr/bin/env bash
# The PHP browser test: PHP's built-in server (php -S on a free loopback
# port) serves router.php's pages, rendered by the installed package's
# IdentityHmac\widget_tag() in a plain template, with production settings
# (ffi.enable=preload, ffi.preload, opcache.preload of the package's
# preload.php); browser-tests/browser_check.py checks every preset's page and
# every preset's CSP nonce page in headless Chromium.
# Usage: run.sh PACKAGE_DIR (a copy of the package with the library in its lib/)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
package="$(cd "${1:?usage: run.sh PACKAGE_DIR}" && pwd)"
bash "$root/browser-tests/setup.sh"

work="$(mktemp -d)"
server=""
cleanup() { [ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
php "$package/ffi-preload-header.php" "$package/lib/libidentity_hmac.so" > "$work/identity_hmac_preload.h"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
IDENTITY_HMAC_PHP_PACKAGE="$package" IDENTITY_HMAC_FIXTURE="$root/browser-tests/fixture.json" \
    php -d ffi.enable=preload -d ffi.preload="$work/identity_hmac_preload.h" -d opcache.enable_cli=1 \
        -d opcache.preload="$package/preload.php" -d opcache.preload_user="$(id -un)" \
        -S "127.0.0.1:$port" "$here/router.php" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
done
presets=(chatwoot pylon intercom helpscout front plain chatbase gleap intercom-jwt zendesk)
cases=()
for preset in "${presets[@]}"; do
    cases+=("$preset=http://127.0.0.1:$port/$preset" "$preset=http://127.0.0.1:$port/nonce/$preset")
done
status=0
python3 "$root/browser-tests/browser_check.py" --label php "${cases[@]}" || status=$?
if [ "$status" -ne 0 ] || grep -q -i -E 'fatal|warning|deprecated' "$work/server.log"; then
    echo "php -S log:" >&2
    cat "$work/server.log" >&2
    [ "$status" -ne 0 ] || status=1
fi
exit "$status"
