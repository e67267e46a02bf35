#!/usr/bin/env bash
# Builds the identity_hmac .gem and installs it with `gem install --local` into
# a fresh GEM_HOME (by running the README's install block, which installs with
# CARGO_NET_OFFLINE=true and an empty CARGO_HOME: the gem's vendored crates are
# all it may use), checks the installed gem holds no cargo target/, then runs
# the README's Ruby examples and the minitest suite against the installed gem
# (never the source tree's lib/).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
source scripts/env.sh

# Debian's ruby-jwt, Rails and WEBrick, for the cross-check and the Rails
# helper's browser test (apt-get, only what is missing).
bash "$here/test-deps.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/identity_hmac-ruby-test.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A fresh GEM_HOME; GEM_PATH unset so Ruby's own gems (minitest) stay visible.
export GEM_HOME="$work/gem_home"
unset GEM_PATH

# The offline install below must be able to run cargo: rustup's proxy finds
# the toolchain through RUSTUP_HOME (unchanged), not CARGO_HOME.
echo "[bindings-ruby] cargo with CARGO_NET_OFFLINE=true and an empty CARGO_HOME: $(
    mkdir "$work/empty-cargo-home" && CARGO_NET_OFFLINE=true CARGO_HOME="$work/empty-cargo-home" cargo --version)"

# The README's install block IS the install: it runs build-gem.rb and
# `gem install --local` (compiling the extension) into the fresh GEM_HOME. It
# runs in a scratch directory that reaches the checkout through a link, as if
# from the checkout's root, so the .gem lands in the scratch directory.
echo "[bindings-ruby] README install block: build the .gem, gem install --local into a fresh GEM_HOME"
python3 scripts/doc_examples.py bindings-ruby/README.md --only-langs console --timeout 1800 \
    --runner console='ln -s {root}/bindings-ruby {dir}/bindings-ruby && bash {file}'

installed="$(ruby -e 'print Gem::Specification.find_by_name("identity_hmac").full_gem_path')"
case "$installed" in "$GEM_HOME"/*) ;; *) echo "identity_hmac resolved outside the fresh GEM_HOME: $installed" >&2; exit 1 ;; esac
if [ -n "$(find "$installed" -type d -name target -print -quit)" ]; then
    echo "the installed gem keeps a cargo target/ directory:" >&2
    find "$installed" -type d -name target >&2
    exit 1
fi
echo "[bindings-ruby] installed gem: $(du -sk "$installed" | cut -f1) KiB, no target/"

# The offline install proves something only if that environment cannot get
# crates any other way: without the gem's source replacement, the same
# resolution must fail (no cache, no network).
echo "[bindings-ruby] control: without the gem's .cargo/config.toml, offline cargo finds no crates"
[ -f "$installed/ext/identity_hmac/.cargo/config.toml" ] || { echo "the installed gem has no .cargo/config.toml" >&2; exit 1; }
mkdir "$work/no-vendor" "$work/empty-cargo-home-2"
cp "$installed/ext/identity_hmac/Cargo.toml" "$installed/ext/identity_hmac/Cargo.lock" "$work/no-vendor/"
cp -r "$installed/ext/identity_hmac/src" "$installed/ext/identity_hmac/vendor" "$work/no-vendor/"
if (cd "$work/no-vendor" && CARGO_NET_OFFLINE=true CARGO_HOME="$work/empty-cargo-home-2" \
        cargo fetch --locked >"$work/control.log" 2>&1); then
    echo "offline cargo resolved the gem's crates without its vendored sources: the install test proves nothing" >&2
    exit 1
fi
grep -q "offline" "$work/control.log" || { echo "the control failed for another reason:" >&2; cat "$work/control.log" >&2; exit 1; }

echo "[bindings-ruby] README Ruby examples, against the installed gem"
python3 scripts/doc_examples.py bindings-ruby/README.md --only-langs ruby --runner ruby='ruby {file}'
echo "[bindings-ruby] the top README's Ruby examples, against the installed gem"
python3 scripts/doc_examples.py README.md --only-langs ruby --runner ruby='ruby {file}'

# Run from outside the repository, with only the installed gem on the load path.
echo "[bindings-ruby] minitest, against the installed gem"
export IDENTITY_HMAC_CORPUS="$root/conformance/corpus.json"
cd "$work"
ruby -e 'Dir.glob(File.join(ARGV.shift, "test_*.rb")).sort.each { |file| require file }' "$here/test"

echo "[bindings-ruby] token cross-check with Debian's ruby-jwt, against the installed gem"
ruby "$here/test/crosscheck/test_ruby_jwt.rb"

echo "[bindings-ruby] Rails: the Railtie and the view helper, in-process"
ruby "$here/test/rails/test_railtie.rb"

echo "[bindings-ruby] Rails: identity_hmac_widget_tag pages from WEBrick, in headless Chromium"
bash "$here/test/rails/run.sh"
