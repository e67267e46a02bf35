#!/usr/bin/env bash
# Benchmarks Signer.sign against the per-call javax.crypto.Mac idiom on the
# packaged jar. Prints ns/op and ratios. Usage: bench.sh [ops per round]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/conformance/prepare.sh"
version="$(sed -n 's|^    <version>\(.*\)</version>|\1|p' "$here/pom.xml" | head -n 1)"
exec java -cp "$here/target/identity-hmac-$version.jar:$(cat "$here/target/runtime-classpath.txt")" \
    "$here/bench/Bench.java" "$@"
