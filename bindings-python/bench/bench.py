"""ns per call of identity_hmac against the standard library, in one process.

Baseline: hmac.new(key, msg, hashlib.sha256).hexdigest() with key and msg
already bytes (the stdlib gets the cheaper input; identity_hmac gets str).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import platform
import sys
import time
import timeit
from typing import Any, Callable, Dict

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
    ]
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
    print(f"\n{f'batch of {BATCH:,} identifiers (per identifier)':<56}{header}")
    (_, base_wall, base_cpu) = batch[0]
    for name, wall, cpu in batch:
        print(f"{name:<56}{wall:>9.0f}{base_wall / wall:>7.1f}x{cpu:>9.0f}{base_cpu / cpu:>7.1f}x")


if __name__ == "__main__":
    main()
