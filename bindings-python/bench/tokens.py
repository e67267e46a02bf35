"""The token row of scripts/bench.sh for Python: an Intercom Messenger security
token (HS256, claims {user_id, email}, iat, exp in an hour) signed and verified
by identity_hmac and by PyJWT in the same process, the same claims and secret,
in alternating rounds after a warm-up round; medians, and the median of the
per-round ratios (PyJWT time / ours).

Needs the installed wheel and PyJWT (hash-pinned as the token corpus pins it,
conformance/tools/pyjwt.requirements.txt). Appends its row to the JSON lines
file IDENTITY_HMAC_BENCH_JSON when that is set; prints it either way.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from typing import Any, Callable, Dict, List

import jwt

import identity_hmac

# nimbus (the JVM row) refuses HMAC keys under 32 bytes, so every token row uses this one.
SECRET = "your_intercom_messenger_api_secret"
KEY = SECRET.encode()
CLAIMS: Dict[str, Any] = {"user_id": "1234567", "email": "user0000001@example.com"}
LIFETIME = 3600
RUNS = int(os.environ.get("IDENTITY_HMAC_BENCH_RUNS", "7"))
CALLS = 5_000


def alternate(cases: List[Callable[[int], object]], count: int, runs: int) -> List[List[float]]:
    """ns per call of each case, per round; round 0 is the warm-up."""
    rounds: List[List[float]] = [[] for _ in cases]
    for round_index in range(runs + 1):
        for case, samples in zip(cases, rounds):
            start = time.perf_counter_ns()
            case(count)
            if round_index:
                samples.append((time.perf_counter_ns() - start) / count)
    return rounds


def median_ratio(baseline: List[float], ours: List[float]) -> float:
    return statistics.median(b / o for b, o in zip(baseline, ours))


def main() -> None:
    verifier = identity_hmac.TokenVerifier([SECRET])
    ours_token = identity_hmac.sign_token(SECRET, CLAIMS, expires_in=LIFETIME)

    def their_sign_once() -> str:
        now = int(time.time())
        return jwt.encode({**CLAIMS, "iat": now, "exp": now + LIFETIME}, KEY, algorithm="HS256")

    their_token = their_sign_once()
    # Each accepts the other's token with the same claims, or the row means nothing.
    mine = verifier.verify(their_token)
    theirs = jwt.decode(ours_token, KEY, algorithms=["HS256"])
    if mine["user_id"] != CLAIMS["user_id"] or theirs["email"] != CLAIMS["email"] or theirs["exp"] != theirs["iat"] + LIFETIME:
        raise SystemExit("PyJWT and identity_hmac disagree on the token")

    def their_sign(n: int) -> None:
        for _ in range(n):
            their_sign_once()

    def our_sign(n: int, sign_token: Any = identity_hmac.sign_token) -> None:
        for _ in range(n):
            sign_token(SECRET, CLAIMS, expires_in=LIFETIME)

    def their_verify(n: int, decode: Any = jwt.decode, token: str = their_token) -> None:
        for _ in range(n):
            decode(token, KEY, algorithms=["HS256"])

    def our_verify(n: int, verify: Any = verifier.verify, token: str = their_token) -> None:
        for _ in range(n):
            verify(token)

    their_s, our_s, their_v, our_v = alternate([their_sign, our_sign, their_verify, our_verify], CALLS, RUNS)
    row = {
        "table": "tokens", "language": "Python", "library": f"PyJWT {jwt.__version__}", "runs": RUNS,
        "their_sign_ns": statistics.median(their_s), "sign_ns": statistics.median(our_s),
        "sign_ratio": median_ratio(their_s, our_s),
        "their_verify_ns": statistics.median(their_v), "verify_ns": statistics.median(our_v),
        "verify_ratio": median_ratio(their_v, our_v),
    }
    print(f"token row, PyJWT: sign {row['their_sign_ns']:.0f} ns vs ours {row['sign_ns']:.0f} ns "
          f"({row['sign_ratio']:.2f}x), verify {row['their_verify_ns']:.0f} ns vs ours {row['verify_ns']:.0f} ns "
          f"({row['verify_ratio']:.2f}x)")
    path = os.environ.get("IDENTITY_HMAC_BENCH_JSON")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
