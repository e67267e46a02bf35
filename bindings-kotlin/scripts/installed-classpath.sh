#!/usr/bin/env bash
# Prints the classpath of the installed binding as a Maven user gets it: the
# jar from the local repository (after `mvn install`) plus its runtime
# dependencies, resolved offline from a scratch project that declares it.
# With a file argument, that file is the <dependency> fragment to declare (the
# README's, which is how bindings-kotlin/test.sh checks the README's
# coordinates); without, this folder's pom.xml coordinates are used.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
if [ $# -ge 1 ]; then
    dependency="$(cat "$1")"
else
    version="$(sed -n 's|^    <version>\(.*\)</version>|\1|p' "$here/pom.xml" | head -n 1)"
    dependency="<dependency><groupId>io.github.identity-hmac</groupId><artifactId>identity-hmac</artifactId><version>$version</version></dependency>"
fi
cat >"$scratch/pom.xml" <<POM
<project>
    <modelVersion>4.0.0</modelVersion>
    <groupId>example</groupId>
    <artifactId>uses-identity-hmac</artifactId>
    <version>1</version>
    <dependencies>
$dependency
    </dependencies>
</project>
POM
mvn -B -q -o -Dstyle.color=never -f "$scratch/pom.xml" dependency:build-classpath \
    -DincludeScope=runtime -Dmdep.outputFile="$scratch/classpath.txt" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
grep -q 'identity-hmac-[^/]*\.jar' "$scratch/classpath.txt" || { echo "installed-classpath.sh: identity-hmac is not in the resolved classpath" >&2; exit 1; }
cat "$scratch/classpath.txt"
