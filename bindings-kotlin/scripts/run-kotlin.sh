#!/usr/bin/env bash
# Compiles one Kotlin file with the Kotlin compiler from Maven Central and runs
# its main function, on the classpath in $IDENTITY_HMAC_CLASSPATH (the installed
# jar and its runtime dependencies). The README runner for Kotlin blocks
# (bindings-kotlin/test.sh). Usage: run-kotlin.sh FILE.kt
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
file=$1
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
compiler_cp="$here/../target/kotlin-compiler-classpath.txt"
if [ ! -s "$compiler_cp" ]; then
    mkdir -p "$(dirname "$compiler_cp")"
    mvn -B -q -Dstyle.color=never -f "$here/kotlinc/pom.xml" dependency:build-classpath \
        -Dmdep.outputFile="$compiler_cp" 2>&1 | sed "s/\x1b\[[0-9;]*m//g" >&2
fi
java -cp "$(cat "$compiler_cp")" org.jetbrains.kotlin.cli.jvm.K2JVMCompiler \
    -nowarn -no-stdlib -no-reflect -jvm-target 17 -cp "$IDENTITY_HMAC_CLASSPATH" -d "$out" "$file"
main_class="$(basename "${file%.kt}")"
main_class="${main_class^}Kt"
exec java -cp "$out:$IDENTITY_HMAC_CLASSPATH" "$main_class"
