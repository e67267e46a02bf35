#!/usr/bin/env bash
# Benchmarks the consumers of the C ABI against their language's own HMAC:
#   Go:  Signer.Sign vs hmac.New(sha256.New, key) per call (target: >= 2x faster)
#   PHP: Signer->sign vs hash_hmac('sha256', $data, $key)  (target: not slower)
# Prints ns/op and ratios. Usage: bash bindings-c/bench.sh [php iterations]
# With IDENTITY_HMAC_BENCH_JSON=<file>, both also append the rows shared by
# every language (scripts/bench.sh) to that file as JSON lines, with Signer.Sign
# as a multiple of its floor (the same native call without the HMAC).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$root/scripts/env.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

bash "$here/install.sh" "$work/prefix" >/dev/null
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"

echo "== Go ($(go version | cut -d' ' -f3)), static library"
(
    cd "$here/go"
    CGO_CFLAGS="$(pkg-config --cflags identity_hmac)" CGO_LDFLAGS="$(pkg-config --libs-only-L identity_hmac)" \
        go test -run '^$' -bench '^Benchmark(Signer|CryptoHmacPerCall|SignerParallel)$' -benchmem -count 3 ./... > "$work/go-bench.txt"
)
grep '^Benchmark' "$work/go-bench.txt"
awk '/^Benchmark/ { name = $1; sub(/-[0-9]+$/, "", name); ns = $3 + 0
                    if (!(name in best) || ns < best[name]) best[name] = ns }
     END { printf "  best ns/op: Signer.Sign %.1f, hmac.New per call %.1f, Signer shared by goroutines %.1f\n",
                  best["BenchmarkSigner"], best["BenchmarkCryptoHmacPerCall"], best["BenchmarkSignerParallel"]
           printf "  ratio hmac.New per call / Signer.Sign: %.2fx (target >= 2x)\n",
                  best["BenchmarkCryptoHmacPerCall"] / best["BenchmarkSigner"] }' "$work/go-bench.txt"
if [ -n "${IDENTITY_HMAC_BENCH_JSON:-}" ]; then
    (
        cd "$here/go"
        CGO_CFLAGS="$(pkg-config --cflags identity_hmac)" CGO_LDFLAGS="$(pkg-config --libs-only-L identity_hmac)" \
            go test -run '^$' -bench '^BenchmarkSharedRows$' -benchtime 1x -count 1 . | grep -v '^\(goos\|goarch\|pkg\|cpu\|PASS\|ok\|Benchmark\)'
    )
fi

echo
echo "== PHP"
IDENTITY_HMAC_LIB="$work/prefix/lib/libidentity_hmac.so" php "$here/php/bench.php" "${1:-1000000}"
