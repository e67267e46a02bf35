#!/usr/bin/env bash
# Benchmark: ns per call of the installed gem against
# OpenSSL::HMAC.hexdigest('sha256', key, msg), measured in the same process,
# then the peak memory of sign_many on large batches (bench/sign_many_memory.rb).
#   bash bindings-ruby/bench.sh            (SIGN_MANY_COUNT=1000000 by default)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="$root/target/bindings-ruby-bench"
bash "$root/bindings-ruby/install-local.sh" "$state"
export GEM_HOME="$state/gem_home"
unset GEM_PATH
ruby "$root/bindings-ruby/bench/bench.rb"
echo
ruby "$root/bindings-ruby/bench/sign_many_memory.rb"
