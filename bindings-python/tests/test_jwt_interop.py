"""Cross-check with PyJWT (pinned in requirements-test.txt), Python's most used JWT library.

PyJWT verifies every token sign_token writes, TokenVerifier verifies every
token PyJWT writes, claims equal both ways; and TokenVerifier refuses what
must be refused (alg none, an RS256 header, HS384, a tampered payload, a
wrong key) with the right codes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any, Dict, List, Optional, Tuple, Union

import jwt
import pytest

from identity_hmac import TokenError, TokenVerifier, sign_token

LONG_KEY = bytes(range(131))  # 131 bytes, longer than SHA-256's block: HMAC hashes it first
TEXT_KEY = "intercom-messenger-api-secret-0123456789"
HEX_KEY = "00ff10ee20dd30cc40bb50aa609970880123456789abcdef0123456789abcdef"

# (name, secret as given to identity_hmac, secret_encoding, key bytes for PyJWT, kid, claims)
Case = Tuple[str, Union[str, bytes], str, bytes, Optional[str], Dict[str, Any]]
CASES: List[Case] = [
    ("text", TEXT_KEY, "text", TEXT_KEY.encode(), None, {"user_id": "42", "email": "alice@example.com"}),
    ("kid", TEXT_KEY, "text", TEXT_KEY.encode(), "app_64f0c2d1", {"external_id": "42", "scope": "user"}),
    ("hex", HEX_KEY, "hex", bytes.fromhex(HEX_KEY), None, {"sub": "12345"}),
    ("hex kid", HEX_KEY.upper(), "hex", bytes.fromhex(HEX_KEY), "k2", {"sub": "12345"}),
    (
        "non-ASCII",
        "clé-secrète-ünïcødé-0123456789abcdef",
        "text",
        "clé-secrète-ünïcødé-0123456789abcdef".encode(),
        None,
        {"name": "Zoë \U0001f600 </script>\u2028", "nested": {"a": [1, 2, None, True, 2.5]}, "big": 2**63 + 5},
    ),
    ("131-byte key as bytes", LONG_KEY, "text", LONG_KEY, None, {"sub": "long"}),
    ("131-byte key as hex", LONG_KEY.hex(), "hex", LONG_KEY, "long", {"sub": "long"}),
]
IDS = [case[0] for case in CASES]


def keys(case: Case) -> List[Any]:
    _, secret, _, _, kid, _ = case
    return [(kid, secret)] if kid else [secret]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_pyjwt_verifies_our_tokens(case: Case) -> None:
    _, secret, encoding, key, kid, claims = case
    now = int(time.time())
    token = sign_token(secret, claims, expires_in=3600, key_id=kid, secret_encoding=encoding)
    header = jwt.get_unverified_header(token)
    assert header == {"alg": "HS256", "typ": "JWT", **({"kid": kid} if kid else {})}
    decoded = jwt.decode(token, key, algorithms=["HS256"], options={"require": ["iat", "exp"]})
    assert decoded == {**claims, "iat": decoded["iat"], "exp": decoded["iat"] + 3600}
    assert abs(decoded["iat"] - now) <= 5
    # And PyJWT refuses it under another key.
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, key + b"x", algorithms=["HS256"])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_we_verify_pyjwts_tokens(case: Case) -> None:
    _, secret, encoding, key, kid, claims = case
    now = int(time.time())
    signed = {**claims, "iat": now, "exp": now + 600}
    token = jwt.encode(signed, key, algorithm="HS256", headers={"kid": kid} if kid else None)
    verifier = TokenVerifier(keys(case), secret_encoding=encoding, max_lifetime=3600)
    assert verifier.verify(token) == signed
    # A PyJWT token with non-ASCII JSON as is (ensure_ascii off) reads the same.
    compact = jwt.encode(signed, key, algorithm="HS256", json_encoder=_Utf8Encoder)
    assert TokenVerifier([secret], secret_encoding=encoding).verify(compact) == signed


class _Utf8Encoder(json.JSONEncoder):
    def __init__(self, **options: Any) -> None:
        super().__init__(**{**options, "ensure_ascii": False})


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def test_we_refuse_what_must_be_refused() -> None:
    key = TEXT_KEY.encode()
    now = int(time.time())
    claims = {"user_id": "42", "iat": now}
    good = jwt.encode(claims, key, algorithm="HS256")
    head, body, signature = good.split(".")
    # RS256 in the header, "signed" with the HMAC key as if it were the public key.
    rs256_head = b64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    rs256_mac = hmac.new(key, f"{rs256_head}.{body}".encode(), hashlib.sha256).digest()
    tampered_body = b64(json.dumps({"user_id": "43", "iat": now}).encode())
    cases = [
        (jwt.encode(claims, None, algorithm="none"), "UNSUPPORTED_ALGORITHM"),
        (f"{rs256_head}.{body}.{b64(rs256_mac)}", "UNSUPPORTED_ALGORITHM"),
        (jwt.encode(claims, key, algorithm="HS384"), "UNSUPPORTED_ALGORITHM"),
        (jwt.encode(claims, key, algorithm="HS512"), "UNSUPPORTED_ALGORITHM"),
        (f"{head}.{tampered_body}.{signature}", "BAD_SIGNATURE"),
        (jwt.encode(claims, b"another-key-of-the-same-length-0123456789", algorithm="HS256"), "BAD_SIGNATURE"),
        (jwt.encode({**claims, "exp": now - 3600}, key, algorithm="HS256"), "TOKEN_EXPIRED"),
        (jwt.encode(claims, key, algorithm="HS256", headers={"kid": "unknown"}), "UNKNOWN_KEY_ID"),
    ]
    verifier = TokenVerifier([TEXT_KEY])
    assert verifier.verify(good) == claims
    for token, code in cases:
        with pytest.raises(TokenError) as caught:
            verifier.verify(token)
        assert caught.value.code == code, token
    with pytest.raises(TokenError) as unknown:
        TokenVerifier([("k1", TEXT_KEY)]).verify(jwt.encode(claims, key, algorithm="HS256", headers={"kid": "k2"}))
    assert unknown.value.code == "UNKNOWN_KEY_ID"
    # PyJWT agrees on the tampered payload and the wrong key.
    for token, _ in cases[4:6]:
        with pytest.raises(jwt.InvalidSignatureError):
            jwt.decode(token, key, algorithms=["HS256"])
