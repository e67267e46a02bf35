"""Issue 11 §3: 8 threads share one Signer and sign 100 000 identifiers each."""

from __future__ import annotations

import hmac
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import List

from identity_hmac import Signer

THREADS = 8
PER_THREAD = 100_000
TOKEN = b"shared-signer-stress-token"


def test_eight_threads_sign_one_hundred_thousand_identifiers_each() -> None:
    signer = Signer(TOKEN)
    barrier = threading.Barrier(THREADS)

    def work(thread: int) -> List[str]:
        identifiers = [f"user-{thread}-{i}@example.com" for i in range(PER_THREAD)]
        barrier.wait()  # start together, so the calls really overlap
        wrong = [
            identifier
            for identifier in identifiers
            if signer.sign(identifier) != hmac.digest(TOKEN, identifier.encode(), "sha256").hex()
        ]
        return wrong

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(work, range(THREADS)))
    assert [len(wrong) for wrong in results] == [0] * THREADS, [wrong[:3] for wrong in results]
