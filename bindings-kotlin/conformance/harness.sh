#!/usr/bin/env bash
# The conformance harness: Harness.java on the packaged jar and its runtime
# dependencies only (kotlin-stdlib, JNA). Run prepare.sh first.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(sed -n 's|^    <version>\(.*\)</version>|\1|p' "$here/pom.xml" | head -n 1)"
jar="$here/target/identity-hmac-$version.jar"
[ -f "$jar" ] && [ -f "$here/target/runtime-classpath.txt" ] || {
    echo "harness.sh: run bindings-kotlin/conformance/prepare.sh first" >&2
    exit 1
}
exec java -cp "$jar:$(cat "$here/target/runtime-classpath.txt")" "$here/conformance/Harness.java"
