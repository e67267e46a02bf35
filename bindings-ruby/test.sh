#!/usr/bin/env bash
# Builds the identity_hmac .gem, installs it with `gem install --local` into a
# fresh GEM_HOME, checks the installed gem holds no cargo target/, and runs the
# minitest suite against the installed gem (never the source tree's lib/).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
source scripts/env.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/identity_hmac-ruby-test.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "[bindings-ruby] building the gem"
gem_file="$(ruby bindings-ruby/build-gem.rb --out "$work/pkg")"
echo "[bindings-ruby] built $(basename "$gem_file") ($(du -k "$gem_file" | cut -f1) KiB)"

# A fresh GEM_HOME; GEM_PATH unset so Ruby's own gems (minitest) stay visible.
export GEM_HOME="$work/gem_home"
unset GEM_PATH
echo "[bindings-ruby] gem install --local into a fresh GEM_HOME (compiles the extension)"
gem install --local --no-document "$gem_file"

installed="$(ruby -e 'print Gem::Specification.find_by_name("identity_hmac").full_gem_path')"
case "$installed" in "$GEM_HOME"/*) ;; *) echo "identity_hmac resolved outside the fresh GEM_HOME: $installed" >&2; exit 1 ;; esac
if [ -n "$(find "$installed" -type d -name target -print -quit)" ]; then
    echo "the installed gem keeps a cargo target/ directory:" >&2
    find "$installed" -type d -name target >&2
    exit 1
fi
echo "[bindings-ruby] installed gem: $(du -sk "$installed" | cut -f1) KiB, no target/"

# Run from outside the repository, with only the installed gem on the load path.
export IDENTITY_HMAC_CORPUS="$root/conformance/corpus.json"
cd "$work"
ruby -e 'Dir.glob(File.join(ARGV.shift, "test_*.rb")).sort.each { |file| require file }' "$here/test"
