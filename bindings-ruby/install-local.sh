#!/usr/bin/env bash
# Builds the .gem and installs it with `gem install --local` into a fresh
# GEM_HOME at <state-dir>/gem_home, for the conformance harness and the
# benchmark. Cargo's build cache stays in <state-dir>/cargo-target (outside
# the gem), so a second run only rebuilds what changed.
#   usage: bash bindings-ruby/install-local.sh <state-dir>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${1:?usage: install-local.sh <state-dir>}"
mkdir -p "$state"
state="$(cd "$state" && pwd)"
cd "$root"
source scripts/env.sh
gem_file="$(ruby bindings-ruby/build-gem.rb --out "$state/pkg")"
rm -rf "$state/gem_home"
GEM_HOME="$state/gem_home" CARGO_TARGET_DIR="$state/cargo-target" \
    gem install --local --no-document --silent "$gem_file" >&2
