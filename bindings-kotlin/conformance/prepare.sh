#!/usr/bin/env bash
# Packages the jar (native library inside) and writes its runtime classpath,
# so the harness runs on what a user installs. Run from anywhere.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source ../scripts/env.sh
# Maven 3.8 prints bare colour resets even in batch mode; keep the output plain.
mvn_quiet() { mvn -B -q "$@" 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'; }
mvn_quiet package -DskipTests
mvn_quiet dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt
