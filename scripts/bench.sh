#!/usr/bin/env bash
# The benchmark command: builds what each benchmark needs, runs every
# language's benchmark one after the other (each measures identity-hmac against
# its own runtime's HMAC in one process), and prints one table per identifier
# size, also written to bench/results.md with the machine and the targets,
# and a table of token rows (each runtime's JWT library against sign_token
# and TokenVerifier, in the same process).
# A benchmark, not a test: scripts/test.sh and CI do not run it, and nothing
# asserts timings. A benchmark that fails is reported in the table; the others
# still run.
#
#   bash scripts/bench.sh
#   IDENTITY_HMAC_BENCH_RUNS=11 bash scripts/bench.sh      # more rounds per median (default 7)
#
# Each benchmark's own output goes to target/bench/<name>.log, the rows to
# target/bench/rows.jsonl.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
bash scripts/setup.sh || exit 1

logs="$root/target/bench"
mkdir -p "$logs"
work="$(mktemp -d "${TMPDIR:-/tmp}/identity-hmac-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export IDENTITY_HMAC_BENCH_JSON="$logs/rows.jsonl"
export IDENTITY_HMAC_BENCH_RUNS="${IDENTITY_HMAC_BENCH_RUNS:-7}"
: >"$IDENTITY_HMAC_BENCH_JSON"
: >"$work/failed.tsv"
started=$SECONDS

# run <name> <command...>: one benchmark, its output in the log.
run() {
    local name=$1 log
    shift
    log="$logs/$(printf '%s' "$name" | tr -c 'A-Za-z0-9' '-').log"
    printf '[bench] %-12s ' "$name" >&2
    local start=$SECONDS
    if "$@" >"$log" 2>&1; then
        printf 'done in %3d s  (%s)\n' "$((SECONDS - start))" "${log#"$root"/}" >&2
    else
        local status=$?
        printf 'FAILED (exit %d) after %d s; last lines of %s:\n' "$status" "$((SECONDS - start))" "${log#"$root"/}" >&2
        tail -n 15 "$log" | sed 's/^/    /' >&2
        printf '%s\texit status %d, see %s\n' "$name" "$status" "${log#"$root"/}" >>"$work/failed.tsv"
    fi
}

# The token rows (a JWT library of the runtime against sign_token and
# TokenVerifier, same process) of the languages whose own benchmark does not
# write them; Node's bench/bench.mjs writes its own.
python_tokens() {
    bash bindings-python/build-wheel.sh "$work/python-venv" "$work/python-dist" &&
        printf '{"table": "wheel-sizes", "language": "Python wheel", "features": "", "bytes": %d}\n' \
            "$(stat -c %s "$work"/python-dist/*.whl)" >>"$IDENTITY_HMAC_BENCH_JSON" &&
        "$work/python-venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes --no-deps \
            -r conformance/tools/pyjwt.requirements.txt &&
        "$work/python-venv/bin/python" -I bindings-python/bench/tokens.py
}
go_tokens() {
    bash bindings-c/install.sh "$work/c-prefix" >/dev/null || return
    local pc="$work/c-prefix/lib/pkgconfig"
    (
        cd bindings-c/go &&
            CGO_CFLAGS="$(PKG_CONFIG_PATH="$pc" pkg-config --cflags identity_hmac)" \
            CGO_LDFLAGS="$(PKG_CONFIG_PATH="$pc" pkg-config --libs-only-L identity_hmac)" \
            IDENTITY_HMAC_BENCH_TOKEN_ROWS="$IDENTITY_HMAC_BENCH_JSON" \
            go test -run '^$' -bench '^BenchmarkTokenRow$' -benchtime 1x -count 1 -v .
    )
}

# Shorter runs of each script's own human-readable part; the shared rows that
# make the table have fixed sizes.
run "Rust core" cargo bench --locked -p identity-hmac --bench sign -- --warm-up-time 1 --measurement-time 3
run "Python" env BENCH_BATCH=200000 bash bindings-python/bench.sh
run "Python tokens" python_tokens
run "Node" bash bindings-node/bench.sh
run "Ruby" env SIGN_MANY_COUNT=200000 bash bindings-ruby/bench.sh
run "Go and PHP" bash bindings-c/bench.sh 200000
run "Go tokens" go_tokens
run "Kotlin" bash bindings-kotlin/bench.sh
run "Kotlin tokens" bash bindings-kotlin/bench/tokens.sh
run "Elixir" elixir bench/elixir.exs
# Arrow and engines (pyarrow, DuckDB, Spark), each against the row-by-row way.
run "Python Arrow" env ARROW_BENCH_JSON="$IDENTITY_HMAC_BENCH_JSON" bash bindings-python/bench/arrow.sh
run "CLI" env COUNT=5000000 bash cli/bench.sh

echo >&2
python3 bench/compose.py "$IDENTITY_HMAC_BENCH_JSON" --failed "$work/failed.tsv" \
    --seconds "$((SECONDS - started))" --out bench/results.md
[ ! -s "$work/failed.tsv" ]
