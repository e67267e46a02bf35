#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint (and, through it, shellcheck on
# every run: block), actionlint built from its Go module at
# the pinned version into the clone's target/tools/bin (once).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
ACTIONLINT_VERSION=v1.7.12
bin="$PWD/target/tools/bin"
if [ "$("$bin/actionlint" -version 2>/dev/null | head -n 1)" != "$ACTIONLINT_VERSION" ]; then
    echo "[lint-workflows] go install actionlint $ACTIONLINT_VERSION" >&2
    mkdir -p "$bin"
    GOBIN="$bin" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi
# actionlint skips the shell checks silently without shellcheck (scripts/setup.sh installs it).
command -v shellcheck >/dev/null || { echo "[lint-workflows] shellcheck is missing" >&2; exit 1; }
"$bin/actionlint" -no-color .github/workflows/*.yml
echo "[lint-workflows] actionlint $ACTIONLINT_VERSION: $(ls .github/workflows/*.yml | wc -l) workflow(s) clean"
