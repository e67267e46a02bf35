"""Identity tokens: sign_token and TokenVerifier, every token error code, no secret in any message."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import pickle
import threading
import traceback
from collections import OrderedDict
from types import MappingProxyType
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

from identity_hmac import (
    IdentityHmacError,
    InvalidSecretError,
    TokenError,
    TokenVerifier,
    sign_token,
)

SECRET = "Kq7Zr-Xw4Jt-Vw9Pm-Tq8Yd"
OTHER = "Qb3Yn-Hs8Fd-Lc2Rg-other"
HEX_SECRET = "83c3b29d9950827654c842103bc10227eef8e6fe90e554c0e231ccc44baa87d2"
NOW = 1_700_000_000


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def forge(header: Any, claims: Any, key: bytes = SECRET.encode(), raw: bool = False) -> str:
    """A token built by hand (Python's json, base64 and hmac), for the verifier to judge."""
    head = b64(header if raw else json.dumps(header).encode())
    body = b64(claims if raw else json.dumps(claims).encode())
    signature = b64(hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest())
    return f"{head}.{body}.{signature}"


def leaked_part(secret: str, text: str) -> Optional[str]:
    for start in range(len(secret) - 3):
        if secret[start : start + 4] in text:
            return secret[start : start + 4]
    return None


def test_signed_tokens_are_hs256_jwts_that_hmac_verifies() -> None:
    token = sign_token(SECRET, {"user_id": "42", "email": "zoë@example.com"}, expires_in=3600, now=NOW)
    head, body, signature = token.split(".")
    assert json.loads(unb64(head)) == {"alg": "HS256", "typ": "JWT"}
    assert json.loads(unb64(body)) == {"user_id": "42", "email": "zoë@example.com", "iat": NOW, "exp": NOW + 3600}
    assert "zoë".encode() in unb64(body), "non-ASCII claims travel as UTF-8"
    assert unb64(signature) == hmac.new(SECRET.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    with_kid = sign_token(SECRET, {"sub": "1"}, key_id="app_7", now=NOW)
    assert json.loads(unb64(with_kid.split(".")[0])) == {"alg": "HS256", "kid": "app_7", "typ": "JWT"}


def test_claims_as_mapping_or_json_text_sign_alike() -> None:
    claims = {"user_id": "42", "n": 2**63, "nested": {"a": [1, None, True]}}
    text = json.dumps(claims)
    tokens = {
        sign_token(SECRET, claims, now=NOW),
        sign_token(SECRET, OrderedDict(claims), now=NOW),
        sign_token(SECRET, MappingProxyType(claims), now=NOW),
        sign_token(SECRET, text, now=NOW),
        sign_token(SECRET, text.encode(), now=NOW),
        sign_token(SECRET, bytearray(text.encode()), now=NOW),
    }
    assert len(tokens) == 1
    assert TokenVerifier([SECRET]).verify(tokens.pop(), now=NOW) == {**claims, "iat": NOW}


def test_hex_and_bytes_secrets() -> None:
    token = sign_token(HEX_SECRET, {"sub": "1"}, secret_encoding="hex", now=NOW)
    head, body, signature = token.split(".")
    assert unb64(signature) == hmac.new(bytes.fromhex(HEX_SECRET), f"{head}.{body}".encode(), hashlib.sha256).digest()
    assert token == sign_token(bytes.fromhex(HEX_SECRET), {"sub": "1"}, now=NOW)
    assert TokenVerifier([HEX_SECRET], secret_encoding="hex").verify(token, now=NOW) == {"sub": "1", "iat": NOW}


def circular() -> Dict[str, Any]:
    claims: Dict[str, Any] = {}
    claims["self"] = claims
    return claims


def deep() -> Dict[str, Any]:
    claims: Dict[str, Any] = {}
    for _ in range(100_000):
        claims = {"a": claims}
    return claims


UNENCODABLE: List[Tuple[str, Callable[[], Any]]] = [
    ("set", lambda: {"roles": {"admin-Zx91"}}),
    ("nan", lambda: {"score": math.nan}),
    ("inf", lambda: {"score": math.inf}),
    ("object", lambda: {"user": object()}),
    ("tuple key", lambda: {("a", "b"): 1}),
    ("circular", circular),
    ("deep", deep),
    ("lone surrogate", lambda: {"name": "\udcff"}),
]


@pytest.mark.parametrize(("kind", "make"), UNENCODABLE, ids=[kind for kind, _ in UNENCODABLE])
def test_claims_json_cannot_encode_are_invalid_claims(kind: str, make: Callable[[], Any]) -> None:
    with pytest.raises(TokenError) as caught:
        sign_token(SECRET, make(), now=NOW)
    error = caught.value
    assert (error.code, error.claim, error.reason) == ("INVALID_CLAIMS", None, "not encodable as JSON by the host")
    assert error.__cause__ is None and error.__suppress_context__, "raised from None"
    shown = "".join(traceback.format_exception(caught.type, caught.value, caught.tb))
    for words in ("serializable", "Zx91", "compliant", "Circular", "recursion", "surrogate"):
        assert words not in shown, shown


@pytest.mark.parametrize(
    ("claims", "claim", "reason"),
    [
        ("{", None, "not JSON"),
        ("[1]", None, "not a JSON object"),
        (b"\xff", None, "not JSON"),
        ('{"a":1,"a":2}', None, "duplicate claim"),
        ({"exp": 1.5}, "exp", "not an integer"),
        ({"iat": "now"}, "iat", "not an integer"),
        ({"nbf": True}, "nbf", "not an integer"),
    ],
    ids=repr,
)
def test_claims_the_core_refuses(claims: Any, claim: Optional[str], reason: str) -> None:
    with pytest.raises(TokenError) as caught:
        sign_token(SECRET, claims, now=NOW)
    assert (caught.value.code, caught.value.claim, caught.value.reason) == ("INVALID_CLAIMS", claim, reason)


def test_wrong_claims_types_are_type_errors() -> None:
    for bad in ([("a", 1)], None, 42):
        with pytest.raises(TypeError, match="claims"):
            sign_token(SECRET, bad)  # type: ignore[arg-type]


def verify(token: str, keys: Any = (SECRET,), now: int = NOW, **options: Any) -> Dict[str, Any]:
    return TokenVerifier(keys, **options).verify(token, now=now)


def refused(token: str, keys: Any = (SECRET,), now: int = NOW, **options: Any) -> TokenError:
    with pytest.raises(TokenError) as caught:
        verify(token, keys, now, **options)
    return caught.value


def test_every_token_error_code() -> None:
    good = sign_token(SECRET, {"sub": "1"}, now=NOW)
    head, body, signature = good.split(".")
    hs256 = {"alg": "HS256", "typ": "JWT"}
    none_header = b64(b'{"alg":"none"}')
    tampered = b64(b'{"sub":"2","iat":1700000000}')
    cases: List[Tuple[str, TokenError]] = [
        ("MALFORMED_TOKEN", refused(f"{head}.{body}")),
        ("MALFORMED_TOKEN", refused(f"{good}.{signature}")),
        ("MALFORMED_TOKEN", refused(f"{head}=.{body}.{signature}")),
        ("MALFORMED_TOKEN", refused(forge(b"not json", b"{}", raw=True))),
        ("MALFORMED_TOKEN", refused(forge(b"[1]", b"{}", raw=True))),
        ("MALFORMED_TOKEN", refused("x\udcff.y.z")),
        ("UNSUPPORTED_ALGORITHM", refused(f"{none_header}.{body}.")),
        ("UNSUPPORTED_ALGORITHM", refused(forge({"alg": "RS256", "typ": "JWT"}, {"sub": "1"}))),
        ("UNSUPPORTED_ALGORITHM", refused(forge({"alg": "HS384", "typ": "JWT"}, {"sub": "1"}))),
        ("UNKNOWN_KEY_ID", refused(sign_token(SECRET, {}, key_id="gone", now=NOW), [("k1", SECRET)])),
        ("BAD_SIGNATURE", refused(good, [OTHER])),
        ("BAD_SIGNATURE", refused(f"{head}.{tampered}.{signature}")),
        ("TOKEN_EXPIRED", refused(sign_token(SECRET, {}, expires_in=10, now=NOW - 100))),
        ("TOKEN_NOT_YET_VALID", refused(forge(hs256, {"nbf": NOW + 3600}))),
        ("TOKEN_NOT_YET_VALID", refused(sign_token(SECRET, {}, now=NOW + 3600))),
        ("LIFETIME_TOO_LONG", refused(sign_token(SECRET, {}, expires_in=3600, now=NOW), max_lifetime=600)),
        ("MISSING_CLAIM", refused(good, required_claims=["sub", "user_id"])),
        ("MISSING_CLAIM", refused(good, max_lifetime=600)),
        ("INVALID_CLAIMS", refused(forge(hs256, {"exp": "tomorrow"}))),
    ]
    for code, error in cases:
        assert error.code == code, (code, str(error))
        assert isinstance(error, IdentityHmacError) and isinstance(error, ValueError)
    missing = refused(good, required_claims=["sub", "user_id"])
    assert (missing.claim, missing.reason) == ("user_id", None)
    assert refused(good, max_lifetime=600).claim == "exp"
    assert refused(f"{head}.{body}").reason == "not three segments"
    assert refused(forge(hs256, {"exp": "tomorrow"})).claim == "exp"


def test_leeway_and_key_ids() -> None:
    token = sign_token(SECRET, {}, expires_in=10, now=NOW - 40)  # expired 30 s ago
    assert verify(token)["exp"] == NOW - 30
    assert refused(token, leeway=0).code == "TOKEN_EXPIRED"
    keys = [("new", OTHER), ("old", SECRET)]
    for key_id, secret in keys:
        signed = sign_token(secret, {"sub": key_id}, key_id=key_id, now=NOW)
        assert verify(signed, keys)["sub"] == key_id
    # A key id routes to its key only: the right secret under another id does not verify.
    assert refused(sign_token(SECRET, {}, key_id="new", now=NOW), keys).code == "BAD_SIGNATURE"
    # Without a kid every key is tried; mixed lists work.
    assert verify(sign_token(SECRET, {}, now=NOW), [OTHER, ("old", SECRET)]) == {"iat": NOW}


def test_verify_uses_the_clock_by_default() -> None:
    assert TokenVerifier([SECRET]).verify(sign_token(SECRET, {"a": 1}, expires_in=60))["a"] == 1


def test_verifier_construction_errors() -> None:
    with pytest.raises(IdentityHmacError) as none:
        TokenVerifier([])
    assert none.value.code == "NO_SECRETS"
    with pytest.raises(IdentityHmacError) as many:
        TokenVerifier(iter(lambda: SECRET, None))
    assert many.value.code == "TOO_MANY_SECRETS"
    with pytest.raises(InvalidSecretError) as empty:
        TokenVerifier([SECRET, ("k", "")])
    assert (empty.value.code, empty.value.secret_index) == ("EMPTY_SECRET", 1)
    with pytest.raises(InvalidSecretError) as odd:
        TokenVerifier([HEX_SECRET[:-1]], secret_encoding="hex")
    assert (odd.value.code, odd.value.position, odd.value.secret_index) == ("INVALID_HEX_SECRET", 63, 0)
    with pytest.raises(IdentityHmacError) as encoding:
        TokenVerifier([SECRET], secret_encoding="base64")
    assert encoding.value.code == "UNKNOWN_SECRET_ENCODING"
    for bad_keys in (SECRET, SECRET.encode(), [("k", SECRET, "x")], [(1, SECRET)], [None]):
        with pytest.raises(TypeError):
            TokenVerifier(bad_keys)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        TokenVerifier([SECRET], required_claims="sub")
    with pytest.raises(TypeError):
        TokenVerifier([SECRET]).verify(None)  # type: ignore[arg-type]


def test_the_verifier_redacts_and_shares() -> None:
    verifier = TokenVerifier([("k1", SECRET), OTHER], leeway=5)
    assert len(verifier) == 2
    assert repr(verifier) == "TokenVerifier(<redacted>, 2 keys, leeway 5 s)"
    with pytest.raises(TypeError):
        pickle.dumps(verifier)
    tokens = [sign_token(SECRET, {"i": i}, key_id="k1", now=NOW) for i in range(200)]
    seen: List[int] = []

    def work() -> None:
        for i, token in enumerate(tokens):
            assert verifier.verify(token, now=NOW)["i"] == i
        seen.append(1)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 4


def test_token_errors_pickle() -> None:
    error = refused(sign_token(SECRET, {}, now=NOW), required_claims=["user_id"])
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is TokenError
    assert (copy.code, copy.claim, str(copy)) == ("MISSING_CLAIM", "user_id", str(error))


def test_no_token_error_shows_the_secret() -> None:
    attempts: List[Callable[[], object]] = [
        lambda: TokenVerifier([SECRET]).verify(sign_token(OTHER, {}, now=NOW), now=NOW),
        lambda: TokenVerifier([SECRET]).verify(SECRET, now=NOW),
        lambda: TokenVerifier([SECRET]).verify(f"{SECRET}.{SECRET}.{SECRET}", now=NOW),
        lambda: TokenVerifier([("k", SECRET)]).verify(sign_token(SECRET, {}, key_id=SECRET, now=NOW), now=NOW),
        lambda: TokenVerifier([SECRET, ""]),
        lambda: TokenVerifier([SECRET[:5] + "\udce9" + SECRET[5:]]),
        lambda: TokenVerifier([SECRET], secret_encoding="hex"),
        lambda: sign_token(SECRET, {"exp": SECRET}),
        lambda: sign_token(SECRET, {"secret": {SECRET}}),
        lambda: sign_token(SECRET, SECRET),
        lambda: sign_token(SECRET, {"exp": 1}, expires_in=5),
    ]
    for attempt in attempts:
        with pytest.raises(IdentityHmacError) as caught:
            attempt()
        shown = "".join(traceback.format_exception(caught.type, caught.value, caught.tb, chain=True))
        # The traceback's source lines quote this test's own code, not the secret's value.
        for text in (str(caught.value), repr(caught.value), shown, repr(caught.value.__dict__)):
            assert leaked_part(SECRET, text) is None, text
