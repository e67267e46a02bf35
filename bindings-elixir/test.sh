#!/usr/bin/env bash
# The Elixir binding's tests, from a clean clone: installs what is missing
# (Elixir/Erlang and Debian's dialyzer, with apt-get), compiles the Mix
# project (`mix compile` builds the NIF with cargo) with warnings as errors,
# checks the formatting, runs dialyzer on the compiled beams, then the ExUnit
# suite against the compiled project and the README's Elixir examples.
#
# Not erlang-dev: rustler declares the NIF API itself and needs no Erlang
# headers. Mix's build goes to target/bindings-elixir/ (not the source tree),
# and dialyzer's PLT is cached there, keyed by the OTP and Elixir versions.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
source scripts/env.sh
log() { printf '[bindings-elixir] %s\n' "$*" >&2; }

missing=()
for package in elixir erlang-nox erlang-dialyzer python3; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work="$root/target/bindings-elixir"
export MIX_BUILD_ROOT="$work/_build"
mkdir -p "$work"
cd "$here"

log "mix compile --warnings-as-errors (dev and test; cargo builds the NIF)"
MIX_ENV=dev mix compile --force --warnings-as-errors
MIX_ENV=test mix compile --force --warnings-as-errors
log "mix format --check-formatted"
mix format --check-formatted

log "dialyzer on the compiled beams"
otp="$(erl -noshell -eval 'io:format("~s", [erlang:system_info(otp_release)]), halt().')"
elixir_version="$(elixir -e 'IO.write(System.version())')"
elixir_ebin="$(elixir -e 'IO.write(:code.lib_dir(:elixir, :ebin))')"
# Elixir beams keep Elixir debug info: dialyzer needs elixir on its code path to read it.
plt="$work/dialyzer/otp$otp-elixir$elixir_version.plt"
mkdir -p "$(dirname "$plt")"
if [ ! -f "$plt" ]; then
    log "building the PLT (erts, kernel, stdlib, elixir): a few minutes, once"
    dialyzer -pa "$elixir_ebin" --build_plt --output_plt "$plt.tmp" --apps erts kernel stdlib "$elixir_ebin" >"$work/dialyzer/build.log" 2>&1 ||
        { tail -20 "$work/dialyzer/build.log" >&2; exit 1; }
    mv "$plt.tmp" "$plt"
fi
dialyzer -pa "$elixir_ebin" --plt "$plt" --no_check_plt -Wunmatched_returns -Werror_handling -Wextra_return -Wmissing_return \
    "$MIX_BUILD_ROOT/dev/lib/identity_hmac/ebin"

log "ExUnit, against the compiled project"
start=$SECONDS
MIX_ENV=test mix test
log "ExUnit: $((SECONDS - start)) s"

log "README examples, against the compiled project"
cd "$root"
elixir_runner="elixir -pa $MIX_BUILD_ROOT/dev/lib/identity_hmac/ebin {file}"
python3 scripts/doc_examples.py bindings-elixir/README.md --runner elixir="$elixir_runner"
log "the top README's Elixir examples, the same way"
python3 scripts/doc_examples.py README.md --only-langs elixir --runner elixir="$elixir_runner"
