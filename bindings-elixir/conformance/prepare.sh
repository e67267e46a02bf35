#!/usr/bin/env bash
# Conformance runner `prepare`: compiles the Mix project (and, through its
# compiler task, the NIF) into target/, where harness.sh loads it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root/bindings-elixir"
MIX_BUILD_ROOT="$root/target/bindings-elixir-conformance/_build" MIX_ENV=prod mix compile
