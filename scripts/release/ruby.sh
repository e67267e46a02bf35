#!/usr/bin/env bash
# Ruby release artifacts in dist/ruby/:
#   identity_hmac-VERSION.gem            the source gem (every crate vendored), for any platform;
#   identity_hmac-VERSION-PLATFORM.gem   precompiled for the host Ruby's ABI, for x86_64-linux and
#                                        aarch64-linux (the two glibc targets), glibc 2.17 floor.
#   usage: bash scripts/release/ruby.sh TARGET...
# The other targets have no Ruby artifact (logged and skipped): RubyGems 3.3 (Debian's, here)
# matches an `x86_64-linux-musl` gem on glibc Linux too, and there are no Ruby headers for
# musl, macOS or Windows on this machine to build against.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
release_component=ruby
release_tools "$@"

out="$release_dist/ruby"
work="$release_root/target/release-ruby"
mkdir -p "$out" "$work"
tests="$release_root/bindings-ruby/test"
host_ruby="$(command -v ruby)"
ruby_abi="$(ruby -e 'print RUBY_VERSION[/\A\d+\.\d+/]')"
export IDENTITY_HMAC_CORPUS="$release_root/conformance/corpus.json"

# A fresh directory for one check; removed when the script ends.
fresh() { rm -rf "${work:?}/$1" && mkdir -p "$work/$1" && echo "$work/$1"; }
# An artifact about to be rebuilt: its file and its record from an earlier run go.
forget() {
    local records="$release_dist/.records/$release_component.tsv"
    rm -f "$release_dist/$1"
    if [ -f "$records" ]; then
        awk -F '\t' -v path="$1" '$1 != path' "$records" >"$records.new"
        mv "$records.new" "$records"
    fi
}
trap 'rm -rf "$work"/check-*' EXIT

# The minitest suite, from outside the repository, against the gem installed in
# $GEM_HOME: run_suite RUBY... (the command that runs Ruby), then minitest's options.
run_suite() {
    local -a ruby_cmd=()
    while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do ruby_cmd+=("$1"); shift; done
    shift
    (cd "$work" && "${ruby_cmd[@]}" -e 'dir = ARGV.shift; Dir.glob(File.join(dir, "test_*.rb")).sort.each { |f| require f }' \
        "$tests" "$@") >"$work/suite.log" 2>&1 || { cat "$work/suite.log" >&2; return 1; }
    local summary
    summary="$(grep -E '^[0-9]+ runs, [0-9]+ assertions, 0 failures, 0 errors' "$work/suite.log")" \
        || { cat "$work/suite.log" >&2; return 1; }
    echo "$summary"
}

# --- the source gem ------------------------------------------------------------
release_log "source gem: build-gem.rb (cargo vendor of every crate)"
source_gem_name="identity_hmac-$release_version.gem"
forget "ruby/$source_gem_name"
built="$(ruby "$release_root/bindings-ruby/build-gem.rb" --out "$(fresh check-pkg)")"
cp "$built" "$out/$source_gem_name"

# The offline install check of bindings-ruby/test.sh, on the very file in dist/:
# gem install --local with cargo offline and an empty CARGO_HOME, then the suite.
# The cargo build cache lives in target/release-ruby (extconf.rb honours
# CARGO_TARGET_DIR), so a warm run compiles only the gem's own two crates.
release_log "source gem: gem install --local, CARGO_NET_OFFLINE=true, empty CARGO_HOME"
check="$(fresh check-source)"
mkdir "$check/empty-cargo-home"
(
    export GEM_HOME="$check/gem_home"
    unset GEM_PATH
    CARGO_NET_OFFLINE=true CARGO_HOME="$check/empty-cargo-home" CARGO_TARGET_DIR="$work/source-gem-cargo-target" \
        gem install --local --no-document --silent "$out/$source_gem_name" >"$check/install.log" 2>&1 \
        || { cat "$check/install.log" >&2; exit 1; }
    # Cargo leaves its lock files there, but no crate came from a registry or git.
    [ ! -e "$check/empty-cargo-home/registry" ] && [ ! -e "$check/empty-cargo-home/git" ] \
        || release_die "the offline install fetched crates into CARGO_HOME: $(ls -A "$check/empty-cargo-home")"
    summary="$(run_suite ruby --)"
    record "ruby/$source_gem_name" any "ran natively" \
        "gem install --local with CARGO_NET_OFFLINE=true and an empty CARGO_HOME compiled the vendored crates; minitest against it: $summary"
)

# --- precompiled gems ------------------------------------------------------------
# Cargo's RUBY for the build: Ruby whose RbConfig describes the target's Ruby.
# For aarch64 that is the host Ruby loading the arm64 root's rbconfig.rb, which
# puts every path (headers, libdir) under the root: rbconfig.rb derives them
# from its own location. Bindgen reads the arm64 headers for the arm64 target.
ruby_for_target() {
    case "$1" in
        x86_64-unknown-linux-gnu) echo "$host_ruby" ;;
        aarch64-unknown-linux-gnu)
            local root wrapper="$work/bin/ruby-aarch64-linux"
            root="$(bash "$release_root/scripts/release/arm64-root.sh")"
            [ -f "$root/usr/lib/aarch64-linux-gnu/ruby/$ruby_abi.0/rbconfig.rb" ] \
                || release_die "the arm64 root has no Ruby $ruby_abi rbconfig.rb"
            mkdir -p "$work/bin"
            printf '#!/bin/sh\nexec %q -I %q "$@"\n' "$host_ruby" "$root/usr/lib/aarch64-linux-gnu/ruby/$ruby_abi.0" >"$wrapper"
            chmod +x "$wrapper"
            echo "$wrapper"
            ;;
    esac
}
gem_platform() {
    case "$1" in
        x86_64-unknown-linux-gnu) echo x86_64-linux ;;
        aarch64-unknown-linux-gnu) echo aarch64-linux ;;
    esac
}

# The highest glibc symbol version an ELF file needs, e.g. 2.17.
max_glibc() { readelf -V -W "$1" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1; }

# PATH without any directory that holds cargo or rustc.
path_without_rust() {
    local dir result=""
    IFS=: read -ra dirs <<<"$PATH"
    for dir in "${dirs[@]}"; do
        [ -e "$dir/cargo" ] || [ -e "$dir/rustc" ] || result="${result:+$result:}$dir"
    done
    echo "$result"
}

for target in "$@"; do
    release_check_target "$target"
    platform="$(gem_platform "$target")"
    if [ -z "$platform" ]; then
        case "$target" in
            *-linux-musl) release_log "$target: no precompiled gem: RubyGems 3.3 (Debian's) installs an *-linux-musl gem on glibc too (libc-aware platforms came in 3.3.22), and there is no musl Ruby here to build or test against; the source gem covers it" ;;
            *) release_log "$target: no precompiled gem: no Ruby headers or RbConfig for this platform here (rb-sys needs the target Ruby's); the source gem covers it" ;;
        esac
        continue
    fi
    gem_name="identity_hmac-$release_version-$platform.gem"
    forget "ruby/$gem_name"
    release_log "$target: extension for Ruby $ruby_abi (cargo zigbuild, glibc 2.17)"
    # From bindings-ruby, not the checkout's root: zig prints its include
    # directories relative to the working directory when they lie below it, and
    # cargo-zigbuild hands those to bindgen, which runs in another directory.
    (cd "$release_root/bindings-ruby" && RUBY="$(ruby_for_target "$target")" \
        release_zigbuild "$target" -p identity-hmac-ruby 2>"$work/build.log") \
        || { cat "$work/build.log" >&2; release_die "$target: the extension did not build"; }
    so="$(target_cargo_out "$target")/libidentity_hmac_native.so"
    glibc="$(max_glibc "$so")"
    [ "$(printf '%s\n2.17\n' "$glibc" | sort -V | tail -n 1)" = "2.17" ] || release_die "$so needs glibc $glibc (> 2.17)"
    built="$(ruby "$release_root/bindings-ruby/build-native-gem.rb" --source-gem "$out/$source_gem_name" \
        --extension "$so" --platform "$platform" --ruby-abi "$ruby_abi" --out "$(fresh "check-pkg-$platform")")"
    [ "$(basename "$built")" = "$gem_name" ] || release_die "build-native-gem.rb wrote $(basename "$built"), not $gem_name"
    cp "$built" "$out/$gem_name"

    check="$(fresh "check-$platform")"
    mkdir "$check/home"
    case "$target" in
        x86_64-unknown-linux-gnu)
            release_log "$target: gem install --local with no cargo or rustc on PATH, then minitest"
            (
                export GEM_HOME="$check/gem_home" HOME="$check/home" IDENTITY_HMAC_EXPECT_GEM_PLATFORM="$platform"
                unset GEM_PATH CARGO
                PATH="$(path_without_rust)"
                ! command -v cargo >/dev/null && ! command -v rustc >/dev/null || release_die "cargo or rustc is still on PATH"
                gem install --local --no-document --silent "$out/$gem_name" >"$check/install.log" 2>&1 \
                    || { cat "$check/install.log" >&2; exit 1; }
                summary="$(run_suite ruby --)"
                record "ruby/$gem_name" "$target" "ran natively" \
                    "gem install --local, no cargo/rustc on PATH (needs glibc $glibc); minitest against it: $summary"
            )
            ;;
        aarch64-unknown-linux-gnu)
            release_log "$target: the arm64 root's gem install --local and minitest, under qemu"
            root="$(bash "$release_root/scripts/release/arm64-root.sh")"
            arm64_ruby=(bash "$release_root/scripts/release/run-arm64.sh" "$root/usr/bin/ruby")
            # The root has no minitest; the host's is plain Ruby. Left out: the
            # two tests that start a child Ruby (under qemu-user without binfmt
            # the child would be the host's x86-64 Ruby), and the 800 000-call
            # thread volume test (6 minutes under qemu; the other thread tests run).
            minitest_lib="$(ruby -e 'print Gem::Specification.find_by_name("minitest").full_require_paths.first')"
            left_out='/test_a_failing_random_source_is_random_source_failed|test_sign_many_under_a_memory_limit_never_aborts|test_eight_threads_sign_100_000_identifiers_each_with_one_signer/'
            (
                export GEM_HOME="$check/gem_home" HOME="$check/home" IDENTITY_HMAC_EXPECT_GEM_PLATFORM="$platform"
                unset GEM_PATH
                "${arm64_ruby[@]}" "$root/usr/bin/gem" install --local --no-document --silent "$out/$gem_name" \
                    >"$check/install.log" 2>&1 || { cat "$check/install.log" >&2; exit 1; }
                machine="$("${arm64_ruby[@]}" -e 'require "identity_hmac"; print RUBY_PLATFORM, " ", IdentityHmac.sign("wyHVRZzzJhjPMKR2h7LpeJVy", "test")')"
                [ "$machine" = "aarch64-linux-gnu 45e289a669fbb7b4f7c09b3c68734dd9c52d508aba109dc7543c8133e0ec98be" ] \
                    || release_die "the arm64 gem under qemu printed: $machine"
                summary="$(run_suite "${arm64_ruby[@]}" -I "$minitest_lib" -- --exclude "$left_out")"
                record "ruby/$gem_name" "$target" "ran under qemu" \
                    "the arm64 Ruby $ruby_abi's gem install --local, then minitest under qemu-aarch64 (less 2 child-process tests and the 8-thread volume test): $summary; needs glibc $glibc"
            )
            ;;
    esac
done
release_log "done in ${SECONDS} s"
