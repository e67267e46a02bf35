"""PyJWT's half of the token cross-check (run by core/tests/token_crosscheck.rs).

`verify IN OUT`: IN is a JSON list of {token, key_hex, kid?} signed by the core;
PyJWT verifies each (HS256 only, exp and iat checked, a 60 s leeway) and OUT
gets the claims it read, or the exception's class name.
`sign OUT`: PyJWT signs the fixed cases below; OUT gets {token, key_hex, kid?,
claims} for the core to verify.
"""

import json
import sys
import time
import warnings

import jwt

# Short test keys are deliberate (one case is a 1-byte key): PyJWT only warns.
warnings.simplefilter("ignore")


def verify(path_in, path_out):
    results = []
    for case in json.load(open(path_in, encoding="utf-8")):
        key = bytes.fromhex(case["key_hex"])
        try:
            header = jwt.get_unverified_header(case["token"])
            claims = jwt.decode(
                case["token"],
                key,
                algorithms=["HS256"],
                leeway=60,
                options={"require": ["iat"], "verify_signature": True},
            )
            results.append({"claims": claims, "kid": header.get("kid")})
        except Exception as error:  # the name is the result
            results.append({"error": type(error).__name__})
    json.dump(results, open(path_out, "w", encoding="utf-8"), ensure_ascii=False)


def sign(path_out):
    now = int(time.time())
    long_key = bytes(range(131))
    cases = [
        (b"your-messenger-api-secret-0123456789", None, {"user_id": "42", "email": "alice@example.com"}),
        (long_key, None, {"sub": "12345", "exp": now + 3600}),
        (b"zendesk-shared-secret-0123456789ab", "app_6543", {"external_id": "user-42", "scope": "user"}),
        (b"k", None, {"name": "Zo\u00eb \U0001F600 </script>", "nested": {"a": [1, 2, None, True]}}),
        (bytes.fromhex("00ff10ee20dd30cc40bb50aa60997088"), None, {"n": -1, "big": 2**63 + 5, "nbf": now - 10}),
    ]
    out = []
    for key, kid, claims in cases:
        claims = dict(claims, iat=now)
        headers = {"kid": kid} if kid else None
        token = jwt.encode(claims, key, algorithm="HS256", headers=headers)
        out.append({"token": token, "key_hex": key.hex(), "kid": kid, "claims": claims})
    json.dump(out, open(path_out, "w", encoding="utf-8"), ensure_ascii=False)


if __name__ == "__main__":
    if sys.argv[1] == "verify":
        verify(sys.argv[2], sys.argv[3])
    else:
        sign(sys.argv[2])
