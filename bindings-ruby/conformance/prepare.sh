#!/usr/bin/env bash
# Conformance runner `prepare`: installs the gem into a fresh GEM_HOME under
# target/, where harness.sh loads it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec bash "$root/bindings-ruby/install-local.sh" "$root/target/bindings-ruby-conformance"
