"""ns per call of identity_hmac against the standard library, in one process.

Baseline: hmac.new(key, msg, hashlib.sha256).hexdigest() with key and msg
already bytes (the stdlib gets the cheaper input; identity_hmac gets str).
With IDENTITY_HMAC_BENCH_JSON=<file>, also measures the rows shared by every
language (scripts/bench.sh) and appends them to that file as JSON lines.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import statistics
import os
import platform
import subprocess
import sys
import time
import timeit
from typing import Any, Callable, Dict, List

import identity_hmac

TOKEN = "your_web_widget_hmac_token"
KEY = TOKEN.encode()
IDENTIFIER = "user-12345@example.com"
MSG = IDENTIFIER.encode()
BATCH = int(os.environ.get("BENCH_BATCH", "1000000"))
REPEAT = 7


def per_call_ns(statement: str, names: Dict[str, Any], timer: Callable[[], float], number: int = 200_000) -> float:
    runs = timeit.Timer(statement, timer=timer, globals=names).repeat(REPEAT, number)
    return min(runs) / number * 1e9


def batch_ns(run: Callable[[], object], count: int, timer: Callable[[], float], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = timer()
        run()
        best = min(best, timer() - start)
    return best / count * 1e9


def main() -> None:
    signer = identity_hmac.Signer(TOKEN)
    presented = signer.sign(IDENTIFIER)
    assert presented == hmac.new(KEY, MSG, hashlib.sha256).hexdigest()
    names: Dict[str, Any] = dict(
        hmac=hmac, hashlib=hashlib, identity_hmac=identity_hmac, signer=signer,
        key=KEY, msg=MSG, token=TOKEN, identifier=IDENTIFIER, presented=presented,
    )
    print(f"identity_hmac {identity_hmac.__version__}, Python {platform.python_version()} "
          f"({sys.implementation.name}), {platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "")
    print("wall = elapsed time (best of runs); cpu = CPU time of the calling thread,\n"
          "or of every thread for sign_many (robust when other processes share the CPUs)")

    calls = [
        ("stdlib hmac.new(key, msg, hashlib.sha256).hexdigest()", "hmac.new(key, msg, hashlib.sha256).hexdigest()"),
        ("Signer.sign(identifier)", "signer.sign(identifier)"),
        ("sign(secret, identifier)  (one-shot)", "identity_hmac.sign(token, identifier)"),
        ("Signer.verify(identifier, hash)", "signer.verify(identifier, presented)"),
        ("floor: Signer._bench_floor(identifier), no HMAC", "floor(identifier)"),
    ]
    names["floor"] = getattr(signer, "_bench_floor")
    rows = [(name, per_call_ns(stmt, names, time.perf_counter), per_call_ns(stmt, names, time.thread_time))
            for name, stmt in calls]

    identifiers = [f"user-{i}@example.com" for i in range(BATCH)]
    messages = [i.encode() for i in identifiers]
    stdlib_loop = lambda: [hmac.new(KEY, m, hashlib.sha256).hexdigest() for m in messages]  # noqa: E731
    ours_batch = lambda: signer.sign_many(identifiers)  # noqa: E731
    assert signer.sign_many(identifiers[:1000]) == [hmac.new(KEY, m, hashlib.sha256).hexdigest() for m in messages[:1000]]
    batch = [
        ("stdlib list comprehension of hexdigest()",
         batch_ns(stdlib_loop, BATCH, time.perf_counter), batch_ns(stdlib_loop, BATCH, time.process_time)),
        ("Signer.sign_many(identifiers)",
         batch_ns(ours_batch, BATCH, time.perf_counter), batch_ns(ours_batch, BATCH, time.process_time)),
    ]

    header = f"{'wall ns':>9}{'ratio':>8}{'cpu ns':>9}{'ratio':>8}"
    print(f"\n{'per call':<56}{header}")
    (_, base_wall, base_cpu) = rows[0]
    for name, wall, cpu in rows:
        print(f"{name:<56}{wall:>9.0f}{base_wall / wall:>7.1f}x{cpu:>9.0f}{base_cpu / cpu:>7.1f}x")
    (_, sign_wall, sign_cpu), (_, floor_wall, floor_cpu) = rows[1], rows[-1]
    print(f"Signer.sign is {sign_wall / floor_wall:.2f}x the floor (wall), {sign_cpu / floor_cpu:.2f}x (cpu)")
    print(f"\n{f'batch of {BATCH:,} identifiers (per identifier)':<56}{header}")
    (_, base_wall, base_cpu) = batch[0]
    for name, wall, cpu in batch:
        print(f"{name:<56}{wall:>9.0f}{base_wall / wall:>7.1f}x{cpu:>9.0f}{base_cpu / cpu:>7.1f}x")


# 64 KiB items are signed in place; items one byte shorter are copied into 1 MiB chunks.
PEAK_CASES = [
    "identity_hmac.Signer('k').sign_many(['a' * 65536] * 40000)",
    "identity_hmac.Signer('k').sign_many(['a' * 65535] * 40000)",
]


def peak_rss_mib(statement: str) -> float:
    """Peak resident memory of a fresh interpreter that imports identity_hmac and runs `statement`.

    Linux's VmHWM is the peak of this process's own memory; ru_maxrss (the
    fallback) can also count the parent's memory, which a spawned child
    inherits until it executes the interpreter.
    """
    code = (
        "import resource, sys, identity_hmac\n"
        f"{statement}\n"
        "try:\n"
        "    with open('/proc/self/status') as status:\n"
        "        print(next(int(l.split()[1]) for l in status if l.startswith('VmHWM:')) / 1024)\n"
        "except OSError:\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    print(peak / (1 << 20) if sys.platform == 'darwin' else peak / 1024)\n"
    )
    result = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True)
    return float(result.stdout)


def memory() -> None:
    if sys.platform == "win32":
        return
    print(f"\npeak memory (VmHWM or ru_maxrss) of a fresh process; "
          f"the interpreter with the module imported: {peak_rss_mib('pass'):.1f} MiB")
    for case in PEAK_CASES:
        print(f"  {peak_rss_mib(case):7.1f} MiB  {case}")


# The rows shared by every language's benchmark (see scripts/bench.sh): the
# same secret and identifiers everywhere, each pair measured in alternating
# rounds after a warm-up round, medians of the rounds.
UNIFORM_RUNS = int(os.environ.get("IDENTITY_HMAC_BENCH_RUNS", "7"))
EMAIL = "user0000001@example.com"
LONG_PAD = "x" * 1001  # + an email = 1 KiB


# Where Signer.sign's time above the floor goes, per identifier: from perf
# profiles of a loop of Signer.sign (x86-64 with SHA-NI) and the core's own
# bench (`cargo bench -p identity-hmac --bench sign`, its two-compression floor).
FLOOR_REST = {
    "email ~20 bytes": "the HMAC in the core: its two SHA-256 compressions (SHA-NI) take 58% of Signer.sign's perf "
                       "samples (the core's own bench: 68 ns for the two, 126 ns for Signer::sign_hex), "
                       "hex encoding and padding ~6% more",
    "1 KiB": "the HMAC in the core: its 18 SHA-256 compressions (SHA-NI) take 89% of Signer.sign's perf samples",
}


def alternate(cases: List[Callable[[int], object]], count: int, runs: int) -> List[List[float]]:
    """ns per item of each case, per round; cases run in turn within a round."""
    rounds: List[List[float]] = [[] for _ in cases]
    for round_index in range(runs + 1):
        for case, samples in zip(cases, rounds):
            start = time.perf_counter_ns()
            case(count)
            elapsed = (time.perf_counter_ns() - start) / count
            if round_index:  # round 0 is the warm-up
                samples.append(elapsed)
    return rounds


def median_ratio(baseline: List[float], ours: List[float]) -> float:
    return statistics.median(b / o for b, o in zip(baseline, ours))


def uniform_rows(path: str) -> None:
    signer = identity_hmac.Signer(TOKEN)
    for label, pad, calls, batch in (("email ~20 bytes", "", 20_000, 100_000), ("1 KiB", LONG_PAD, 5_000, 10_000)):
        identifier = pad + EMAIL
        msg = identifier.encode()
        assert signer.sign(identifier) == hmac.new(KEY, msg, hashlib.sha256).hexdigest()

        def stdlib(n: int, new: Any = hmac.new, sha256: Any = hashlib.sha256, msg: bytes = msg) -> None:
            for _ in range(n):
                new(KEY, msg, sha256).hexdigest()

        def ours(n: int, sign: Any = signer.sign, identifier: str = identifier) -> None:
            for _ in range(n):
                sign(identifier)

        def one_shot(n: int, sign: Any = identity_hmac.sign, identifier: str = identifier) -> None:
            for _ in range(n):
                sign(TOKEN, identifier)

        # The floor: Signer._bench_floor converts the identifier and builds a
        # 64-character str as sign does, without the HMAC (hidden, not in the stubs).
        def floor(n: int, sign: Any = getattr(signer, "_bench_floor"), identifier: str = identifier) -> None:
            for _ in range(n):
                sign(identifier)

        base, mine, once, empty = alternate([stdlib, ours, one_shot, floor], calls, UNIFORM_RUNS)
        identifiers = [f"{pad}user{i:07d}@example.com" for i in range(batch)]
        messages = [i.encode() for i in identifiers]
        stdlib_batch = lambda _n: [hmac.new(KEY, m, hashlib.sha256).hexdigest() for m in messages]  # noqa: E731
        ours_batch = lambda _n: signer.sign_many(identifiers)  # noqa: E731
        base_batch, mine_batch = alternate([stdlib_batch, ours_batch], batch, max(3, UNIFORM_RUNS // 2))
        row = {
            "language": "Python", "stdlib_call": "hmac.new(key, msg, hashlib.sha256).hexdigest()",
            "identifier": label, "identifier_bytes": len(msg), "runs": UNIFORM_RUNS,
            "stdlib_ns": statistics.median(base), "signer_ns": statistics.median(mine),
            "ratio": median_ratio(base, mine),
            "oneshot_ns": statistics.median(once), "oneshot_ratio": median_ratio(base, once),
            "batch_ns_per_item": statistics.median(mine_batch), "batch_size": batch,
            "stdlib_batch_ns_per_item": statistics.median(base_batch),
            "batch_ratio": median_ratio(base_batch, mine_batch),
            "floor_call": "Signer._bench_floor(id)", "floor_ns": statistics.median(empty),
            "floor_ratio": median_ratio(mine, empty), "floor_rest": FLOOR_REST[label],
        }
        print(f"shared row, {label}: stdlib {row['stdlib_ns']:.0f} ns, Signer.sign {row['signer_ns']:.0f} ns "
              f"({row['ratio']:.1f}x), one-shot {row['oneshot_ratio']:.1f}x, "
              f"sign_many {row['batch_ns_per_item']:.0f} ns/item ({row['batch_ratio']:.1f}x the stdlib loop)")
        floor_ns, signer_ns = statistics.median(empty), statistics.median(mine)
        print(f"  floor, {row['floor_call']}: {floor_ns:.0f} ns; Signer.sign is {row['floor_ratio']:.2f}x "
              f"the floor ({signer_ns - floor_ns:.0f} ns above it): {row['floor_rest']}")
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
    memory()
    if os.environ.get("IDENTITY_HMAC_BENCH_JSON"):
        print()
        uniform_rows(os.environ["IDENTITY_HMAC_BENCH_JSON"])
