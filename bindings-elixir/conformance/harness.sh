#!/usr/bin/env bash
# Conformance runner `command`: the harness, on the project prepare.sh compiled.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ebin="$root/target/bindings-elixir-conformance/_build/prod/lib/identity_hmac/ebin"
[ -d "$ebin" ] || { echo "run bindings-elixir/conformance/prepare.sh first" >&2; exit 1; }
exec elixir -pa "$ebin" "$root/bindings-elixir/conformance/harness.exs"
