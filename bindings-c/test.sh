#!/usr/bin/env bash
# Tests the C ABI and its Go and PHP consumers against a fresh install:
#  1. the committed headers match what cbindgen generates (drift check);
#  2. install.sh installs the library into a fresh temporary prefix, where
#     tests/check-exports.sh checks the soname and that only the header's
#     identity_hmac_* functions are exported (nm -D, readelf -d);
#  3. the header compiles as C99 and C++ with -Wall -Wextra -Werror;
#  4. the C tests (corpus, the shared bad-input matrix, 8 threads x 100 000 on
#     one signer, the widget presets and the tokens) run against the shared and the static library, and
#     RANDOM_SOURCE_FAILED under a preloaded failing getrandom(); then under
#     valgrind --leak-check=full --error-exitcode=1 (the thread test there
#     with 8 x 2 000 identifiers: 8 x 100 000 takes minutes under valgrind);
#  5. the release tarball (package.sh) extracted into another fresh prefix: the
#     same export checks, and the C tests built with its pkg-config file, against
#     its shared library (rpath) and its static library;
#  6. go vet and go test -race, linking the installed static library; then the
#     Go browser test (TestBrowserHTMLTemplate, browser-tests/setup.sh first);
#  7. PHPUnit, on a copy of the PHP package with the installed library in its lib/
#     (the JWT cross-check against Debian's libjwt0, installed if missing), then
#     the PHP browser test (php/tests/browser/run.sh) on that copy;
#  8. every example of README.md (scripts/doc_examples.py), in a scratch home
#     directory where the README's own install commands install the library.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$root/scripts/env.sh"
corpus="$root/conformance/corpus.json"
bad_inputs="$root/conformance/bad_inputs.json"
step() { printf '\n--> bindings-c: %s\n' "$*"; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

step "header drift checks (cbindgen)"
(cd "$root" && cargo test --quiet --locked -p identity-hmac-c --test headers)

step "install into a fresh prefix"
bash "$here/install.sh" "$prefix"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
version="$(pkg-config --modversion identity_hmac)"
echo "pkg-config: identity_hmac $version: $(pkg-config --cflags --libs identity_hmac)"
cflags="$(pkg-config --cflags identity_hmac)"
libs="$(pkg-config --libs identity_hmac)"
major="${version%%.*}"
bash "$here/tests/check-exports.sh" "$prefix" "$major"

step "the header compiles as C99 and C++ (-Wall -Wextra -Werror -pedantic)"
strict=(-Wall -Wextra -Werror -pedantic)
for cc in gcc clang; do
    command -v "$cc" >/dev/null || continue
    $cc -std=c99 "${strict[@]}" $cflags "$here/tests/c/header_check.c" -o "$work/header_check_$cc"
    echo "$cc -std=c99: ok"
done
for cxx in g++ clang++; do
    command -v "$cxx" >/dev/null || continue
    $cxx -std=c++11 "${strict[@]}" $cflags "$here/tests/c/header_check.cpp" -o "$work/header_check_$cxx" \
        $libs -Wl,-rpath,"$prefix/lib"
    printf '%s -std=c++11: ' "$cxx"
    "$work/header_check_$cxx"
done

step "C tests (shared library, then static library)"
sources=("$here/tests/c/test_identity_hmac.c" "$here/tests/c/json.c")
cc -std=c99 -O2 -g "${strict[@]}" $cflags "${sources[@]}" -o "$work/test_shared" $libs -Wl,-rpath,"$prefix/lib"
"$work/test_shared" "$corpus"
# The static archive, with the system libraries its Rust code needs.
cc -std=c99 -O2 "${strict[@]}" $cflags "${sources[@]}" -o "$work/test_static" \
    "$prefix/lib/libidentity_hmac.a" $(pkg-config --libs-only-l --static identity_hmac | sed 's/-lidentity_hmac//')
"$work/test_static" "$corpus"
# The shared bad-input matrix, and eight threads sharing one signer.
cc -std=c99 -O2 -g "${strict[@]}" $cflags "$here/tests/c/test_bad_inputs.c" "$here/tests/c/json.c" \
    -o "$work/test_bad_inputs" $libs -Wl,-rpath,"$prefix/lib"
"$work/test_bad_inputs" "$bad_inputs" "$corpus"
cc -std=c99 -O2 -g -pthread "${strict[@]}" $cflags "$here/tests/c/test_threads.c" \
    -o "$work/test_threads" $libs -Wl,-rpath,"$prefix/lib"
"$work/test_threads" 100000
cc -std=c99 -O2 -pthread "${strict[@]}" $cflags "$here/tests/c/test_threads.c" -o "$work/test_threads_static" \
    "$prefix/lib/libidentity_hmac.a" $(pkg-config --libs-only-l --static identity_hmac | sed 's/-lidentity_hmac//')
"$work/test_threads_static" 100000
# Widget presets (identify, identify_script) and tokens (sign_token, the token
# verifier), shared then static.
for t in widgets tokens; do
    cc -std=c99 -O2 -g "${strict[@]}" $cflags "$here/tests/c/test_$t.c" -o "$work/test_$t" $libs -Wl,-rpath,"$prefix/lib"
    "$work/test_$t"
    cc -std=c99 -O2 "${strict[@]}" $cflags "$here/tests/c/test_$t.c" -o "$work/test_${t}_static" \
        "$prefix/lib/libidentity_hmac.a" $(pkg-config --libs-only-l --static identity_hmac | sed 's/-lidentity_hmac//')
    "$work/test_${t}_static"
done
# RANDOM_SOURCE_FAILED, with the repository's failing getrandom() preloaded
# (the Go and PHP tests build the same shim themselves).
cc -shared -fPIC -o "$work/failing_getrandom.so" "$root/conformance/test-support/failing_getrandom.c"
cc -std=c99 -O2 -g "${strict[@]}" $cflags "$here/tests/c/test_random_source.c" \
    -o "$work/test_random_source" $libs -Wl,-rpath,"$prefix/lib"
LD_PRELOAD="$work/failing_getrandom.so" "$work/test_random_source"

step "the release tarball (package.sh), extracted into a fresh prefix"
bash "$here/package.sh" "$work/dist"
tarball="$work/dist/identity-hmac-c-$version-$(rustc -vV | sed -n 's/^host: //p').tar.gz"
tarball_prefix="$work/tarball-prefix"
mkdir -p "$tarball_prefix"
tar -xzf "$tarball" --strip-components=1 -C "$tarball_prefix"
bash "$here/tests/check-exports.sh" "$tarball_prefix" "$major"
(
    export PKG_CONFIG_PATH="$tarball_prefix/lib/pkgconfig"
    libdir="$(pkg-config --variable=libdir identity_hmac)"
    cc -std=c99 -O2 "${strict[@]}" $(pkg-config --cflags identity_hmac) "${sources[@]}" -o "$work/tarball_shared" \
        $(pkg-config --libs identity_hmac) -Wl,-rpath,"$libdir"
    # It loads the tarball's library, by its soname.
    loaded="$(ldd "$work/tarball_shared" | awk '$1 == "libidentity_hmac.so.'"$major"'" {print $3}')"
    [ -n "$loaded" ] && [ "$(readlink -f "$loaded")" = "$(readlink -f "$tarball_prefix/lib/libidentity_hmac.so.$major")" ] ||
        { echo "tarball_shared loads '$loaded', not the tarball's libidentity_hmac.so.$major" >&2; exit 1; }
    "$work/tarball_shared" "$corpus"
    cc -std=c99 -O2 "${strict[@]}" $(pkg-config --cflags identity_hmac) "${sources[@]}" -o "$work/tarball_static" \
        "$libdir/libidentity_hmac.a" $(pkg-config --libs-only-l --static identity_hmac | sed 's/-lidentity_hmac//')
    if readelf -d "$work/tarball_static" | grep NEEDED | grep -F libidentity_hmac; then
        echo "tarball_static needs a shared libidentity_hmac" >&2; exit 1
    fi
    "$work/tarball_static" "$corpus"
)

step "C tests under valgrind --leak-check=full --error-exitcode=1"
valgrind --leak-check=full --error-exitcode=1 --log-file="$work/valgrind.log" "$work/test_shared" "$corpus"
grep -E "ERROR SUMMARY|in use at exit|All heap blocks were freed|definitely lost" "$work/valgrind.log" | sed 's/^==[0-9]*== */valgrind: /'
valgrind --leak-check=full --error-exitcode=1 --log-file="$work/valgrind-bad-inputs.log" \
    "$work/test_bad_inputs" "$bad_inputs" "$corpus" | grep -v '^skip '
grep -E "ERROR SUMMARY|definitely lost" "$work/valgrind-bad-inputs.log" | sed 's/^==[0-9]*== */valgrind (bad inputs): /'
valgrind --leak-check=full --error-exitcode=1 --log-file="$work/valgrind-threads.log" "$work/test_threads" 2000
grep -E "ERROR SUMMARY|definitely lost" "$work/valgrind-threads.log" | sed 's/^==[0-9]*== */valgrind (threads): /'
for t in widgets tokens; do
    valgrind --leak-check=full --error-exitcode=1 --log-file="$work/valgrind-$t.log" "$work/test_$t"
    grep -E "ERROR SUMMARY|definitely lost" "$work/valgrind-$t.log" | sed "s/^==[0-9]*== */valgrind ($t): /"
done

step "go vet, go test -race (static library from the fresh prefix)"
(
    cd "$here/go"
    # cgo, and so -race, needs a C compiler; the race runtime ships with Go (linux/amd64, arm64).
    command -v gcc >/dev/null || { sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
        $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends gcc libc6-dev >/dev/null; }
    export CGO_ENABLED=1 CGO_CFLAGS="$cflags" CGO_LDFLAGS="$(pkg-config --libs-only-L identity_hmac)"
    go vet ./...
    # -race covers every test, among them closing a Signer while 8 goroutines sign.
    if ! go test -race -count=1 -v ./... > "$work/go-test.log" 2>&1; then
        cat "$work/go-test.log"
        exit 1
    fi
    grep -E '^(--- |ok|PASS)|bad-input matrix:' "$work/go-test.log"
)

step "Go browser test: html/template with TemplateFuncs on loopback, every preset (and each with a CSP nonce), in headless Chromium"
bash "$root/browser-tests/setup.sh"
(
    cd "$here/go"
    export CGO_ENABLED=1 CGO_CFLAGS="$cflags" CGO_LDFLAGS="$(pkg-config --libs-only-L identity_hmac)"
    # The test skips without the variable; with it, it fails rather than skips when it cannot run.
    if ! IDENTITY_HMAC_GO_BROWSER_TEST=1 go test -race -count=1 -v -run '^TestBrowserHTMLTemplate$' . \
        > "$work/go-browser-test.log" 2>&1; then
        cat "$work/go-browser-test.log"
        exit 1
    fi
    grep -E '^(--- |ok|PASS)' "$work/go-browser-test.log"
    echo "go browser test: $(grep -cE '^ *ok +go-html-template ' "$work/go-browser-test.log") pages passed in Chromium; the page without the nonce was blocked, as it must be"
    ! grep -q -- '--- SKIP' "$work/go-browser-test.log" || { echo "TestBrowserHTMLTemplate skipped" >&2; exit 1; }
)

# --- BEGIN PHP helper block: libjwt for the PHP JWT cross-check ---
# firebase/php-jwt is not packaged by Debian (and Packagist is unreachable):
# php/tests/JwtCrossCheckTest.php checks our tokens against Debian's libjwt
# (C), pinned here, through PHP FFI, and fails rather than skips without it.
libjwt_version=1.10.2-1+deb12u1
if [ "$(dpkg-query -W -f='${Version}' libjwt0 2>/dev/null || true)" != "$libjwt_version" ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "libjwt0=$libjwt_version" >/dev/null
fi
export IDENTITY_HMAC_REQUIRE_LIBJWT=1
# --- END PHP helper block ---

step "PHPUnit (package copy with the installed library in its lib/)"
package="$work/php-package"
mkdir -p "$package/lib"
cp -R "$here/php/src" "$here/php/autoload.php" "$here/php/preload.php" "$here/php/ffi-preload-header.php" "$here/php/composer.json" \
    "$here/php/identity_hmac_ffi.h" "$package/"
cp "$prefix/lib/libidentity_hmac.so" "$package/lib/"
(
    unset IDENTITY_HMAC_LIB
    export IDENTITY_HMAC_PHP_PACKAGE="$package" IDENTITY_HMAC_EXPECT_LIB="$package/lib/libidentity_hmac.so"
    export IDENTITY_HMAC_BAD_INPUTS="$bad_inputs"
    # zend.exception_ignore_args=0 is PHP's own default (no php.ini): traces then hold
    # every argument, and SecretTraceTest checks that none holds a secret.
    IDENTITY_HMAC_CORPUS="$corpus" php -d zend.exception_ignore_args=0 "$(command -v phpunit)" \
        --configuration "$here/php/phpunit.xml.dist"
    # Production settings: ffi.enable=preload, ffi.preload and opcache.preload.
    php "$package/ffi-preload-header.php" > "$work/identity_hmac_preload.h"
    php -d ffi.enable=preload -d ffi.preload="$work/identity_hmac_preload.h" -d opcache.enable_cli=1 \
        -d opcache.preload="$package/preload.php" -d opcache.preload_user="$(id -un)" \
        "$here/php/tests/preload_check.php"
)

# --- BEGIN PHP helper block: browser test of IdentityHmac\widget_tag() ---
step "PHP browser test: php -S (production FFI settings) renders every preset with widget_tag(), checked in headless Chromium"
# Against the same package copy PHPUnit ran on; all 10 presets, each also with the CSP nonce.
bash "$here/php/tests/browser/run.sh" "$package"
# --- END PHP helper block ---

step "README.md examples (scripts/doc_examples.py): installed as the README says, in a scratch home"
# The before/after C examples need OpenSSL's headers; the PHP install uses Composer.
missing=()
dpkg-query -W -f='${Status}' libssl-dev 2>/dev/null | grep -q 'install ok installed' || missing+=(libssl-dev)
command -v composer >/dev/null || missing+=(composer)
if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
home="$work/home"
mkdir -p "$home/src"
ln -s "$root" "$home/src/identity-hmac" # the README's checkout, ~/src/identity-hmac
(
    # Toolchains and build caches stay where they are; only HOME is the scratch one.
    export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
    export GOCACHE="$(go env GOCACHE)" GOMODCACHE="$(go env GOMODCACHE)" GOPATH="$(go env GOPATH)"
    export HOME="$home" PKG_CONFIG_PATH="$home/.local/lib/pkgconfig" COMPOSER_ALLOW_SUPERUSER=1
    export IDENTITY_HMAC_LIB="$home/.local/lib/libidentity_hmac.so"
    libdir='$(pkg-config --variable=libdir identity_hmac)'
    runners=(
        --runner c="cc -std=c99 -Wall -Wextra -Werror {file} -o {dir}/app \$(pkg-config --cflags --libs identity_hmac) -lcrypto -Wl,-rpath,$libdir && {dir}/app"
        --runner go="bash $here/tests/doc/run-go.sh {file}"
        --runner php="bash $here/tests/doc/run-php.sh {file}"
    )
    python3 "$root/scripts/doc_examples.py" "$here/README.md" --runner console='bash {file}' "${runners[@]}"
    # The top README's C, Go and PHP examples, with the same runners.
    python3 "$root/scripts/doc_examples.py" "$root/README.md" --only-langs c,go,php "${runners[@]}"
)
