#!/usr/bin/env bash
# The Rails browser test: app.rb (a one-file Rails app, identity_hmac_widget_tag
# in an ERB view) served by WEBrick on a free loopback port, with the gem
# installed in $GEM_HOME; browser-tests/browser_check.py checks every preset's
# page (a user object, no CSP) and every preset's CSP nonce page (a Hash user)
# in headless Chromium. Negative control: /blocked/chatwoot (nonce: false
# under the CSP) must fail the check, with no identify call.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
: "${GEM_HOME:?run with the installed gem in GEM_HOME}"
bash "$root/browser-tests/setup.sh"

work="$(mktemp -d)"
server=""
cleanup() { [ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
(cd "$work" && exec ruby "$here/app.rb" "$port" "$work") > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
done
presets=(chatwoot pylon intercom helpscout front plain chatbase gleap intercom-jwt zendesk)
cases=()
for preset in "${presets[@]}"; do
    cases+=("$preset=http://127.0.0.1:$port/$preset" "$preset=http://127.0.0.1:$port/nonce/$preset")
done
status=0
python3 "$root/browser-tests/browser_check.py" --label rails "${cases[@]}" || status=$?

control=0
python3 "$root/browser-tests/browser_check.py" --label "rails control" "chatwoot=http://127.0.0.1:$port/blocked/chatwoot" \
    > "$work/control.out" || control=$?
if [ "$control" -ne 1 ] || ! grep -q "0 identify calls recorded" "$work/control.out"; then
    echo "negative control: the script without the nonce was not blocked (status $control):" >&2
    cat "$work/control.out" >&2
    status=1
else
    echo "ok   rails control: without the nonce, the CSP blocks the identify script"
fi
# Rails logged every request (info level): no secret may be in it, nor in
# the credentials' YAML as Rails would print it.
if ! ruby -rjson -e 'log = File.binread(ARGV[0]); JSON.parse(File.read(ARGV[1]))["secrets"].each_value { |s| abort "a secret in the Rails log" if log.include?(s) }' \
        "$work/server.log" "$root/browser-tests/fixture.json"; then
    status=1
fi
grep -q 'Completed 200 OK' "$work/server.log" || { echo "the Rails log shows no request" >&2; status=1; }
if [ "$status" -ne 0 ] || grep -q -E '^[EFW],|Error' "$work/server.log"; then
    echo "Rails server log:" >&2
    cat "$work/server.log" >&2
    [ "$status" -ne 0 ] || status=1
fi
exit "$status"
