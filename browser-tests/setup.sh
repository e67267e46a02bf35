#!/usr/bin/env bash
# Installs what the browser tests need, only what is missing: Debian's
# chromium (apt-get) and the playwright-core pinned in package-lock.json
# (npm ci, install scripts off). Nothing downloads a browser of its own:
# the driver runs /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '[browser-tests setup] %s\n' "$*" >&2; }

if [ -x /usr/bin/chromium ]; then
    log "chromium: present"
else
    log "installing Debian's chromium"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
    { log "playwright-core needs Node.js 20 or newer; this is $(node --version)"; exit 1; }

pinned="$(node -p 'require("./package-lock.json").packages["node_modules/playwright-core"].version')"
installed="$(node -p 'try { require("./node_modules/playwright-core/package.json").version } catch { "" }')"
if [ "$pinned" = "$installed" ]; then
    log "playwright-core $pinned: present"
else
    log "installing playwright-core $pinned (npm ci)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error --ignore-scripts >&2
fi
