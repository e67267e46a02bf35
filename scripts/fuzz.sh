#!/usr/bin/env bash
# Runs every cargo-fuzz target for a fixed number of executions and prints
# executions and crashes per target. Usage: bash scripts/fuzz.sh [RUNS_PER_TARGET]
# Stable Rust with RUSTC_BOOTSTRAP=1 is enough for libFuzzer's flags.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

runs=${1:-2600000}
command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz
export RUSTC_BOOTSTRAP=1

total=0
crashes=0
cd fuzz
for target in $(cargo fuzz list); do
    log="target/fuzz-$target.log"
    mkdir -p target "corpus/$target"
    status=0
    cargo fuzz run --release "$target" -- -runs="$runs" -max_len=4096 >"$log" 2>&1 || status=$?
    executed=$(grep -aEo 'Done [0-9]+ runs' "$log" | grep -Eo '[0-9]+' || echo 0)
    found=$(find "artifacts/$target" -type f 2>/dev/null | wc -l)
    if [ "$status" -ne 0 ] && [ "$found" -eq 0 ]; then found=1; fi
    printf '%-18s %12s executions  %s crashes\n' "$target" "$executed" "$found"
    total=$((total + executed))
    crashes=$((crashes + found))
    [ "$status" -eq 0 ] || tail -30 "$log"
done
printf 'total %s executions, %s crashes\n' "$total" "$crashes"
[ "$crashes" -eq 0 ]
