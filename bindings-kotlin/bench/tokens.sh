#!/usr/bin/env bash
# The token row against nimbus-jose-jwt (bench/Tokens.java) on the packaged
# jar, with nimbus from the project's test classpath (pom.xml pins it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/../scripts/env.sh"
bash "$here/conformance/prepare.sh"
version="$(sed -n 's|^    <version>\(.*\)</version>|\1|p' "$here/pom.xml" | head -n 1)"
classpath="$(mktemp)"
trap 'rm -f "$classpath"' EXIT
(cd "$here" && mvn -B -q dependency:build-classpath -DincludeScope=test -Dmdep.outputFile="$classpath" 2>&1 |
    sed -u 's/\x1b\[[0-9;]*m//g')
java -cp "$here/target/identity-hmac-$version.jar:$(cat "$classpath")" "$here/bench/Tokens.java"
