#!/usr/bin/env bash
# Benchmark of the batch path: `identity-hmac sign` reads generated identifiers
# from stdin (a file, so generating them costs nothing during the run) and
# writes the hashes to /dev/null. Prints identifiers/s, ns per identifier,
# peak memory and ratios (against the 4 M identifiers/s target, and all
# threads against one). Then the file modes: `sign --csv` over a 3-column CSV
# (id,email,name; target 5 M rows/s) and `sign --jsonl` over 2-member objects,
# each with the same figures. Best of RUNS runs. With IDENTITY_HMAC_BENCH_JSON=<file>,
# also appends the all-threads result to that file as a JSON line, the CLI row
# of scripts/bench.sh, and the --csv result as a row with "table": "cli-files".
#
#   bash cli/bench.sh                      # 10 M identifiers, 3 runs
#   COUNT=1000000 RUNS=1 bash cli/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

COUNT="${COUNT:-10000000}"
RUNS="${RUNS:-3}"
TARGET_PER_SECOND=4000000
CSV_TARGET_PER_SECOND=5000000

cargo build --release --locked --quiet -p identity-hmac-cli
# GNU time reports the binary's own peak RSS; ru_maxrss from Python's wait4
# would include the forked Python interpreter's (about 14 MiB) before the exec.
[ -x /usr/bin/time ] || { sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends time >/dev/null; }
binary="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/identity-hmac"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Realistic identifiers, the same as every benchmark's: 23-byte email addresses.
awk -v count="$COUNT" 'BEGIN { for (i = 0; i < count; i++) printf "user%07d@example.com\n", i }' >"$work/identifiers.txt"
# Short lines (numeric IDs) put the most lines in a block: the peak-memory case.
seq 1 "$COUNT" >"$work/numbers.txt"
# The file modes: the same emails in a 3-column CSV (a quoted name with a
# comma every 10th row) and in JSON Lines objects.
awk -v count="$COUNT" 'BEGIN { print "id,email,name"; for (i = 0; i < count; i++)
    if (i % 10) printf "%d,user%07d@example.com,User %d\n", i, i, i; else printf "%d,user%07d@example.com,\"User, %d\"\n", i, i, i }' >"$work/users.csv"
awk -v count="$COUNT" 'BEGIN { for (i = 0; i < count; i++) printf "{\"id\":%d,\"email\":\"user%07d@example.com\"}\n", i, i }' >"$work/users.jsonl"

BENCH_SECRET="$("$binary" keygen --encoding text)" \
python3 - "$binary" "$work/identifiers.txt" "$COUNT" "$RUNS" "$TARGET_PER_SECOND" "$work/numbers.txt" \
    "$work/users.csv" "$work/users.jsonl" "$CSV_TARGET_PER_SECOND" <<'PYTHON'
import json, os, subprocess, sys, time

binary, path, count, runs, target = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
numbers_path, csv_path, jsonl_path, csv_target = sys.argv[6], sys.argv[7], sys.argv[8], int(sys.argv[9])
peak_file = os.path.join(os.path.dirname(path), "peak-rss-kib")
size_mb = os.path.getsize(path) / 1e6
cpus = os.cpu_count() or 1

def measure(args, threads=None, input_path=path):
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    best, peak_kb, cpu = None, 0, None
    for _ in range(runs):
        with open(input_path, "rb") as stdin, open(os.devnull, "wb") as stdout:
            start = time.perf_counter()
            child = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", peak_file,
                                      binary, "sign", "--secret-env", "BENCH_SECRET", *args],
                                     stdin=stdin, stdout=stdout, env=env)
            # wait4 gives the CPU time of the child and its own child, the binary.
            _, status, usage = os.wait4(child.pid, 0)
            elapsed = time.perf_counter() - start
            child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            sys.exit(f"identity-hmac sign failed with status {child.returncode}")
        with open(peak_file, encoding="ascii") as peak:
            peak_kb = max(peak_kb, int(peak.read().split()[-1]))
        if best is None or elapsed < best:
            best, cpu = elapsed, usage.ru_utime + usage.ru_stime
    return best, peak_kb, cpu

print(f"identity-hmac sign: {count:,} identifiers ({size_mb:.0f} MB) from stdin to /dev/null, "
      f"{cpus} CPUs, best of {runs}")
results, cpu_per_id, peak_mib = {}, {}, {}
for label, args, threads, input_path in [
    (f"all {cpus} threads", [], None, path),
    ("1 thread", [], 1, path),
    (f"all {cpus} threads, --with-identifier", ["--with-identifier"], None, path),
    (f"all {cpus} threads, seq numbers", [], None, numbers_path),
]:
    seconds, peak_kb, cpu = measure(args, threads, input_path)
    rate = count / seconds
    results[label] = rate
    cpu_per_id[label] = cpu * 1e9 / count
    peak_mib[label] = peak_kb / 1024
    print(f"  {label:<36} {seconds:6.2f} s  {rate / 1e6:6.2f} M identifiers/s  "
          f"{seconds * 1e9 / count:6.1f} ns/identifier  {size_mb / seconds:5.0f} MB/s in  "
          f"peak RSS {peak_kb / 1024:5.1f} MiB  CPU {cpu * 1e9 / count:6.1f} ns/identifier "
          f"({cpu / seconds * 100:.0f}% of one core)")

main = results[f"all {cpus} threads"]
print(f"ratio all threads / target ({target / 1e6:.0f} M/s): {main / target:.2f}")
print(f"ratio all threads / 1 thread: {main / results['1 thread']:.2f}")
print("On a busy machine the CPU time per identifier is the steadier figure; upper bound: "
      f"{cpus} idle cores would sign about {cpus / (cpu_per_id['1 thread'] * 1e-9) / 1e6:.1f} M identifiers/s "
      "at the 1-thread CPU cost.")
if os.environ.get("IDENTITY_HMAC_BENCH_JSON"):
    label = f"all {cpus} threads"
    row = {"language": "CLI", "stdlib_call": None, "identifier": "email ~20 bytes", "runs": runs,
           "batch_size": count, "identifiers_per_s": results[label], "batch_ns_per_item": 1e9 / results[label],
           "cpu_ns_per_item": cpu_per_id[label], "peak_rss_mib": peak_mib[label], "threads": cpus,
           "identifiers_per_s_1_thread": results["1 thread"]}
    with open(os.environ["IDENTITY_HMAC_BENCH_JSON"], "a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")

print()
print(f"identity-hmac sign --csv / --jsonl: {count:,} rows from stdin to /dev/null, {cpus} CPUs, best of {runs}")
file_modes = [
    ("--csv, 3 columns", ["--csv", "--column", "email"], None, csv_path),
    ("--csv, 3 columns, 1 thread", ["--csv", "--column", "email"], 1, csv_path),
    ("--jsonl, 2 members", ["--jsonl", "--field", "email"], None, jsonl_path),
]
for label, args, threads, input_path in file_modes:
    file_mb = os.path.getsize(input_path) / 1e6
    seconds, peak_kb, cpu = measure(args, threads, input_path)
    rate = count / seconds
    results[label] = rate
    cpu_per_id[label] = cpu * 1e9 / count
    peak_mib[label] = peak_kb / 1024
    print(f"  {label:<36} {seconds:6.2f} s  {rate / 1e6:6.2f} M rows/s  {seconds * 1e9 / count:6.1f} ns/row  "
          f"{file_mb / seconds:5.0f} MB/s in  peak RSS {peak_kb / 1024:5.1f} MiB  "
          f"CPU {cpu * 1e9 / count:6.1f} ns/row ({cpu / seconds * 100:.0f}% of one core)")
csv_rate = results["--csv, 3 columns"]
print(f"ratio --csv / target ({csv_target / 1e6:.0f} M rows/s on {cpus} cores): {csv_rate / csv_target:.2f}")
print(f"ratio --csv all threads / 1 thread: {csv_rate / results['--csv, 3 columns, 1 thread']:.2f}")
print(f"ratio --csv / plain lines (all threads): {csv_rate / main:.2f}")
print(f"CPU per --csv row: {cpu_per_id['--csv, 3 columns']:.0f} ns over all threads; upper bound on {cpus} idle cores: "
      f"about {cpus / (cpu_per_id['--csv, 3 columns, 1 thread'] * 1e-9) / 1e6:.1f} M rows/s at the 1-thread CPU cost")
if os.environ.get("IDENTITY_HMAC_BENCH_JSON"):
    label = "--csv, 3 columns"
    row = {"table": "cli-files", "language": "CLI", "mode": "csv", "identifier": "CSV id,email,name", "runs": runs,
           "rows": count, "rows_per_s": results[label], "ns_per_row": 1e9 / results[label],
           "cpu_ns_per_row": cpu_per_id[label], "peak_rss_mib": peak_mib[label], "threads": cpus,
           "rows_per_s_1_thread": results["--csv, 3 columns, 1 thread"], "target_rows_per_s": csv_target,
           "jsonl_rows_per_s": results["--jsonl, 2 members"], "jsonl_peak_rss_mib": peak_mib["--jsonl, 2 members"]}
    with open(os.environ["IDENTITY_HMAC_BENCH_JSON"], "a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")
PYTHON
