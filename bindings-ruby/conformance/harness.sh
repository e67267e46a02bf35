#!/usr/bin/env bash
# Conformance runner `command`: the harness, on the gem that prepare.sh installed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export GEM_HOME="$root/target/bindings-ruby-conformance/gem_home"
unset GEM_PATH
[ -d "$GEM_HOME/gems" ] || { echo "run bindings-ruby/conformance/prepare.sh first" >&2; exit 1; }
exec ruby "$root/bindings-ruby/conformance/harness.rb"
