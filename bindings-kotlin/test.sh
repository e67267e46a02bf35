#!/usr/bin/env bash
# Tests the Kotlin/JVM binding: Maven builds the native library, generates the
# uniffi bindings, compiles them and runs the JUnit 5 suite with the Java sources
# (mvn -q test); then `mvn install`, the packaged jar with only its runtime
# dependencies answers the conformance protocol as a user's classpath would, and
# every README example runs against the installed jar. Run from anywhere.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
source ../scripts/env.sh

for tool in java mvn cargo python3; do
    command -v "$tool" >/dev/null || { echo "bindings-kotlin/test.sh: $tool is missing" >&2; exit 1; }
done

# Maven 3.8 prints bare colour resets even in batch mode; keep the output plain.
mvn_quiet() { mvn -B -q "$@" 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'; }
status=0
mvn_quiet test || status=$?

# -q hides Surefire's own summary: print it, in Surefire's words, from its reports.
python3 - "$here/target/surefire-reports" <<'PY' || status=1
import glob, sys
import xml.etree.ElementTree as ET
totals = dict(tests=0, failures=0, errors=0, skipped=0)
for path in glob.glob(f"{sys.argv[1]}/TEST-*.xml"):
    suite = ET.parse(path).getroot()
    for key in totals:
        totals[key] += int(suite.get(key, 0))
print(f"Tests run: {totals['tests']}, Failures: {totals['failures']}, "
      f"Errors: {totals['errors']}, Skipped: {totals['skipped']}")
passed = totals["tests"] - totals["failures"] - totals["errors"] - totals["skipped"]
print(f"{passed} passed, {totals['failures'] + totals['errors']} failed, {totals['skipped']} skipped")
sys.exit(1 if totals["tests"] == 0 or totals["failures"] or totals["errors"] else 0)
PY
[ "$status" -eq 0 ] || exit "$status"

# The installed artifact: `mvn install` as the README says, then the jar plus
# its runtime dependencies (kotlin-stdlib, JNA, kotlinx-serialization-json),
# nothing else, from a scratch directory (so no project file can help it find
# the native library).
mvn_quiet install -DskipTests -Dstyle.color=never
bash conformance/prepare.sh
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
expected="32478ef17a559ea4600787200d58a8baeb0e223707316e62f2508e57bf4b75b9"
# The token as Python's hmac and base64 write it: the Map path through kotlinx.serialization.
expected_token="$(python3 -c '
import base64, hashlib, hmac
b64 = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
signing_input = b64(b"{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(b"{\"iat\":1767225600,\"user_id\":\"42\"}")
print(signing_input + "." + b64(hmac.new(b"jar-token-secret", signing_input.encode(), hashlib.sha256).digest()))
')"
answer="$(cd "$scratch" && {
    printf 'sign\tjar-smoke\ttext\t%s\t%s\n' "$(hex your_web_widget_hmac_token)" "$(hex some_identifier)"
    printf 'secret\tjar-empty\thex\t\n'
    printf 'token_sign\tjar-token\ttext\t%s\t%s\t1767225600\t-\t-\n' "$(hex jar-token-secret)" "$(hex '{"user_id":"42"}')"
} | bash "$here/conformance/harness.sh")"
want="$(printf 'jar-smoke\thash\t%s\njar-empty\terror\tEMPTY_SECRET\njar-token\ttoken\t%s' "$expected" "$expected_token")"
if [ "$answer" != "$want" ]; then
    echo "packaged jar smoke test failed: got:" >&2
    echo "$answer" >&2
    exit 1
fi
echo "packaged jar: signs the Chatwoot example, maps errors and signs a token from a Map, with only its runtime dependencies beside it"

# Every example of README.md (scripts/doc_examples.py), against the jar installed
# in the local Maven repository: Java through the source launcher, Kotlin through
# the Kotlin compiler from Maven Central, the <dependency> fragment resolved offline.
IDENTITY_HMAC_CLASSPATH="$(bash scripts/installed-classpath.sh)"
export IDENTITY_HMAC_CLASSPATH
python3 ../scripts/doc_examples.py README.md --timeout 600 \
    --runner java='java -cp "$IDENTITY_HMAC_CLASSPATH" {file}' \
    --runner kotlin='bash {root}/bindings-kotlin/scripts/run-kotlin.sh {file}' \
    --runner xml='bash {root}/bindings-kotlin/scripts/installed-classpath.sh {file} >/dev/null'
# The top README's Kotlin examples, the same way.
python3 ../scripts/doc_examples.py ../README.md --only-langs kotlin --timeout 600 \
    --runner kotlin='bash {root}/bindings-kotlin/scripts/run-kotlin.sh {file}'
