#!/usr/bin/env python3
"""Writes conformance/tokens.json, the `tokens` group of the conformance corpus:
HS256 identity tokens (JWT) that every implementation must verify or refuse,
and claims that every implementation must sign.

Every token and every expected header and claims come from PyJWT (pinned by
hash in conformance/tools/pyjwt.requirements.txt), never from this project's
core. The few tokens PyJWT cannot write (a header that is not JSON, not an
object, without `alg` or naming `alg` twice) are assembled from Python's
`base64`, `json` and `hmac`. The output is deterministic.

    bash conformance/tokens-venv.sh   # prints the venv's python, with PyJWT
    "$python" conformance/generate_tokens.py           # (re)write tokens.json
    "$python" conformance/generate_tokens.py --check   # exit 1 when it is stale

Each `verify` row also records `pyjwt`: what PyJWT's own `jwt.decode` says of
the token under the same keys, clock and leeway (the claims, or its exception's
class), so that where PyJWT and the expected code differ it is visible. The
generator fails when PyJWT disagrees on any row listed as agreeing.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import sys
import warnings
from datetime import datetime, timezone
from pathlib import Path

import jwt
import jwt.api_jwt
from jwt.algorithms import HMACAlgorithm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import bytes_field, derived, token_bad_input_cases, token_claims_text  # noqa: E402

PYJWT_VERSION = "2.10.1"
TOKENS_PATH = Path(__file__).resolve().parent / "tokens.json"

# Short test keys are deliberate (a 1-byte key is not among them, but 24-byte
# ones are): PyJWT only warns about keys shorter than the hash.
warnings.simplefilter("ignore")

NOW = 1_767_225_600  # 2026-01-01T00:00:00Z, the clock of every row
LEEWAY = 60

TEXT_KEY = b"your-messenger-api-secret-0123456789"
OTHER_KEY = b"another-secret-not-the-signers-0001"
ZENDESK_KEY = b"zendesk-shared-secret-0123456789ab"
ZENDESK_KID = "app_6543"
HEX_KEY = derived("tokens/hex-key", 32)
KEY_131_TEXT = b"".join(b"abcdefghijklmnopqrstuvwxyz0123456789"[b % 36 : b % 36 + 1] for b in derived("tokens/key-131", 131))
KEY_131_HEX = bytes(range(131))

NON_ASCII_CLAIMS = {
    "user_id": "\u5c71\u7530-42",
    "name": "Zo\u00eb \u00c6r\u00f8sk\u00f8bing \U0001f600",
    "email": "j\u00f6rg@b\u00fccher.example",
    "html": "</script><script>window.pwned=1</script>",
    "separators": "line\u2028paragraph\u2029end",
    "nfd": "Jose\u0301 Mu\u0308ller",
    "nested": {"list": [1, -7, 1.5, None, True, False, ""], "max_safe_integer": 2**53 - 1},
}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def hmac_token(header_json: bytes, payload_json: bytes, key: bytes) -> str:
    """A token PyJWT cannot write (its header is always a JSON object it builds)."""
    signing_input = f"{b64(header_json)}.{b64(payload_json)}"
    signature = hmac.new(key, signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


def pyjws(**aliases: HMACAlgorithm) -> jwt.PyJWS:
    """PyJWT's JWS layer, with extra `alg` names that sign as HMAC-SHA256
    (the key-confusion tokens: an RS256 header over an HMAC signature)."""
    jws = jwt.PyJWS()
    for name, algorithm in aliases.items():
        jws.register_algorithm(name, algorithm)
    return jws


def encode(claims: dict, key: bytes, *, kid: str | None = None, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": kid} if kid else None)


def raw_payload_token(payload: bytes, key: bytes) -> str:
    """PyJWS signs payload bytes as given (not JSON, a duplicate name...)."""
    return jwt.PyJWS().encode(payload, key, algorithm="HS256")


def key_bytes(secret: bytes, encoding: str) -> bytes:
    return secret if encoding == "text" else bytes.fromhex(secret.decode("ascii"))


class FixedClock(datetime):
    """PyJWT reads `datetime.now`; the corpus's rows are judged at NOW."""

    @classmethod
    def now(cls, tz=None):  # noqa: D102
        return datetime.fromtimestamp(FixedClock.at, tz=timezone.utc)


FixedClock.at = NOW


def pyjwt_verdict(token: str, keys: list[tuple[str | None, bytes]], encoding: str, row: dict) -> dict:
    """What PyJWT's jwt.decode says with the first key that works (PyJWT has no
    key ids, rotation, max_lifetime or exact padding rules of its own)."""
    FixedClock.at = row["now"]
    saved = jwt.api_jwt.datetime
    jwt.api_jwt.datetime = FixedClock
    try:
        errors = []
        for _, secret in keys:
            try:
                claims = jwt.decode(
                    token,
                    key_bytes(secret, encoding),
                    algorithms=["HS256"],
                    leeway=row["leeway"],
                    options={"require": row["required_claims"]},
                )
                return {"claims": claims}
            except Exception as error:  # the class name is the verdict
                errors.append(type(error).__name__)
        return {"refused": errors[0]}
    finally:
        jwt.api_jwt.datetime = saved


# PyJWT's exception for each of our codes, where it has one.
PYJWT_EQUIVALENT = {
    "UNSUPPORTED_ALGORITHM": {"InvalidAlgorithmError"},
    "BAD_SIGNATURE": {"InvalidSignatureError"},
    "MALFORMED_TOKEN": {"DecodeError"},
    "TOKEN_EXPIRED": {"ExpiredSignatureError"},
    "TOKEN_NOT_YET_VALID": {"ImmatureSignatureError"},
    "MISSING_CLAIM": {"MissingRequiredClaimError"},
}


def verify_rows() -> list[dict]:
    rows: list[dict] = []

    def row(
        vid: str,
        about: str,
        token: str,
        expected: dict,
        *,
        keys: list[tuple[str | None, bytes]] | None = None,
        encoding: str = "text",
        now: int = NOW,
        leeway: int = LEEWAY,
        max_lifetime: int | None = None,
        required: tuple[str, ...] = (),
        pyjwt_differs: str | None = None,
    ) -> None:
        keys = keys if keys is not None else [(None, TEXT_KEY)]
        entry = {
            "id": f"verify-{vid}",
            "about": about,
            "secret_encoding": encoding,
            "keys": [{"kid": kid, "secret": bytes_field(secret)} for kid, secret in keys],
            "token": token,
            "now": now,
            "leeway": leeway,
            "max_lifetime": max_lifetime,
            "required_claims": list(required),
            "expected": expected,
        }
        verdict = pyjwt_verdict(token, keys, encoding, entry)
        entry["pyjwt"] = verdict
        if pyjwt_differs is None:
            if "claims" in expected:
                if verdict != {"claims": expected["claims"]}:
                    raise SystemExit(f"{entry['id']}: PyJWT reads {verdict}, the row expects {expected}")
            elif verdict.get("refused") not in PYJWT_EQUIVALENT.get(expected["error"], set()):
                raise SystemExit(f"{entry['id']}: PyJWT says {verdict}, the row expects {expected['error']}")
        else:
            # The note must stay true: PyJWT really does read this row otherwise.
            agrees = verdict == {"claims": expected.get("claims")} or verdict.get("refused") in PYJWT_EQUIVALENT.get(
                expected.get("error", ""), set()
            )
            if agrees:
                raise SystemExit(f"{entry['id']}: PyJWT agrees with the row ({verdict}): drop its pyjwt_differs note")
            entry["pyjwt_differs"] = pyjwt_differs
        rows.append(entry)

    def valid(vid: str, about: str, claims: dict, key: bytes, *, kid: str | None = None, **options) -> None:
        row(vid, about, encode(claims, key_bytes(key, options.get("encoding", "text")), kid=kid), {"claims": claims}, **options)

    base = {"user_id": "42", "email": "alice@example.com", "iat": NOW - 100, "exp": NOW + 3500}
    zendesk = {"external_id": "user-42", "scope": "user", "name": "Alice", "email": "alice@example.com", "iat": NOW - 10, "exp": NOW + 290}

    # Valid tokens, fixed iat/exp.
    valid("text-secret-no-kid", "Intercom-style claims, a text secret, no kid", base, TEXT_KEY)
    valid("text-secret-kid", "Zendesk-style claims with the key id in the header", zendesk, ZENDESK_KEY, kid=ZENDESK_KID,
          keys=[(ZENDESK_KID, ZENDESK_KEY)])
    valid("kid-selects-its-key", "two keys with ids: the token's kid names the second", zendesk, ZENDESK_KEY, kid=ZENDESK_KID,
          keys=[("app_7777", OTHER_KEY), (ZENDESK_KID, ZENDESK_KEY)])
    hex_text = HEX_KEY.hex().encode()
    valid("hex-secret", "a 32-byte hex secret (lower case)", {"sub": "12345", "iat": NOW, "exp": NOW + 60}, hex_text,
          encoding="hex", keys=[(None, hex_text)])
    valid("hex-secret-upper-case", "the same key as upper-case hex", {"sub": "12345", "iat": NOW, "exp": NOW + 60}, hex_text,
          encoding="hex", keys=[(None, HEX_KEY.hex().upper().encode())])
    valid("non-ascii-claims", "non-ASCII, HTML, U+2028/U+2029, NFD text, nested values, 2^53-1", dict(NON_ASCII_CLAIMS, iat=NOW, exp=NOW + 600),
          TEXT_KEY)
    valid("key-131-bytes-text", "a 131-byte text key (longer than SHA-256's 64-byte block)", dict(base), KEY_131_TEXT,
          keys=[(None, KEY_131_TEXT)])
    hex_131 = KEY_131_HEX.hex().encode()
    valid("key-131-bytes-hex", "a 131-byte hex key", dict(base), hex_131, encoding="hex", keys=[(None, hex_131)])
    valid("rotation-older-key", "no kid, two keys: signed with the older one", base, TEXT_KEY,
          keys=[(None, OTHER_KEY), (None, TEXT_KEY)])
    valid("expired-within-leeway", "exp 30 s ago, inside the 60 s leeway", dict(base, exp=NOW - 30), TEXT_KEY)
    valid("not-before-now-leeway-0", "nbf is now, leeway 0", dict(base, nbf=NOW), TEXT_KEY, leeway=0)
    valid("max-lifetime-exact", "exp - iat equals max_lifetime", dict(base, iat=NOW - 100, exp=NOW + 3500), TEXT_KEY, max_lifetime=3600)
    valid("required-claims-present", "required_claims user_id and email, both present", base, TEXT_KEY, required=("user_id", "email"))
    valid("no-exp", "iat only: no expiry, no max_lifetime", {"sub": "drift-user-7", "iat": NOW - 5}, TEXT_KEY)

    good = encode(base, TEXT_KEY)
    header, payload, signature = good.split(".")

    # Refused: the algorithm.
    row("alg-none-empty-signature", "alg none, empty signature", jwt.encode(base, None, algorithm="none"),
        {"error": "UNSUPPORTED_ALGORITHM"})
    confusion = pyjws(RS256=HMACAlgorithm(HMACAlgorithm.SHA256), hs256=HMACAlgorithm(HMACAlgorithm.SHA256))
    row("rs256-header", "alg RS256 over an HMAC-SHA256 signature made with the verifier's own key (key confusion)",
        confusion.encode(json.dumps(base, separators=(",", ":")).encode(), TEXT_KEY, algorithm="RS256"),
        {"error": "UNSUPPORTED_ALGORITHM"})
    row("alg-lower-case", "alg hs256 (not exactly HS256), signed as HS256", confusion.encode(json.dumps(base).encode(), TEXT_KEY, algorithm="hs256"),
        {"error": "UNSUPPORTED_ALGORITHM"})
    row("hs384", "a real HS384 token under the right key", encode(base, TEXT_KEY, algorithm="HS384"), {"error": "UNSUPPORTED_ALGORITHM"})
    row("hs512", "a real HS512 token under the right key", encode(base, TEXT_KEY, algorithm="HS512"), {"error": "UNSUPPORTED_ALGORITHM"})
    body = json.dumps(base, separators=(",", ":")).encode()
    row("alg-missing", "a header without alg", hmac_token(b'{"typ":"JWT"}', body, TEXT_KEY), {"error": "UNSUPPORTED_ALGORITHM"})

    # Refused: the signature.
    row("signed-with-another-key", "HS256 header, signed with another key", encode(base, OTHER_KEY), {"error": "BAD_SIGNATURE"})
    tampered = b64(json.dumps(dict(base, user_id="1"), separators=(",", ":")).encode())
    row("tampered-payload", "user_id changed after signing, signature kept", f"{header}.{tampered}.{signature}", {"error": "BAD_SIGNATURE"})
    flipped = ("B" if signature[0] == "A" else "A") + signature[1:]
    row("tampered-signature", "the signature's first character changed", f"{header}.{payload}.{flipped}", {"error": "BAD_SIGNATURE"})
    row("hex-secret-read-as-text", "signed under the hex-decoded key, verified with the hex text read as a text key",
        encode(base, HEX_KEY), {"error": "BAD_SIGNATURE"}, keys=[(None, hex_text)])

    # Refused: the form.
    # Padding needs a claims segment whose length is not a multiple of 4.
    padded = next(t for t in (encode(dict(base, ref="x" * n), TEXT_KEY) for n in range(4)) if len(t.split(".")[1]) % 4)
    p_header, p_payload, p_signature = padded.split(".")
    row("padding-in-payload", "base64 padding (=) on the claims segment", f"{p_header}.{p_payload}{'=' * (-len(p_payload) % 4)}.{p_signature}",
        {"error": "MALFORMED_TOKEN"}, pyjwt_differs="PyJWT signs the padded text as it stands: InvalidSignatureError")
    row("padding-in-signature", "base64 padding (=) on the signature segment", f"{good}=", {"error": "MALFORMED_TOKEN"},
        pyjwt_differs="PyJWT strips padding: it accepts the token")
    row("two-segments", "header and claims only", f"{header}.{payload}", {"error": "MALFORMED_TOKEN"})
    row("four-segments", "a fourth segment", f"{good}.{signature}", {"error": "MALFORMED_TOKEN"})
    row("empty-token", "the empty string", "", {"error": "MALFORMED_TOKEN"})
    row("trailing-newline", "the token with a trailing newline", f"{good}\n", {"error": "MALFORMED_TOKEN"})
    row("header-not-json", "the header segment is base64url of text that is not JSON", hmac_token(b"HS256 JWT", body, TEXT_KEY),
        {"error": "MALFORMED_TOKEN"})
    row("header-json-array", "the header is JSON but an array", hmac_token(b'["HS256","JWT"]', body, TEXT_KEY), {"error": "MALFORMED_TOKEN"})
    row("header-json-string", "the header is JSON but a string", hmac_token(b'"HS256"', body, TEXT_KEY), {"error": "MALFORMED_TOKEN"})
    row("header-duplicate-alg", "alg named twice (HS256, then none)", hmac_token(b'{"alg":"HS256","alg":"none","typ":"JWT"}', body, TEXT_KEY),
        {"error": "MALFORMED_TOKEN"}, pyjwt_differs="PyJWT keeps the last alg (none): InvalidAlgorithmError")
    row("claims-not-json", "signed claims that are not JSON", raw_payload_token(b"user_id=42", TEXT_KEY), {"error": "MALFORMED_TOKEN"})
    row("claims-json-array", "signed claims that are a JSON array", raw_payload_token(b'["user_id","42"]', TEXT_KEY), {"error": "MALFORMED_TOKEN"})
    row("claims-duplicate-name", "user_id named twice in the signed claims",
        raw_payload_token(f'{{"user_id":"42","user_id":"1","iat":{NOW}}}'.encode(), TEXT_KEY), {"error": "MALFORMED_TOKEN"},
        pyjwt_differs="PyJWT keeps the last user_id: it accepts the token")
    deep = '{"deep":' + "[" * 200 + "]" * 200 + f',"iat":{NOW}}}'
    row("claims-nested-200-deep", "signed claims nested 200 levels deep (the core reads at most 128)", raw_payload_token(deep.encode(), TEXT_KEY),
        {"error": "MALFORMED_TOKEN"}, pyjwt_differs="PyJWT reads any depth: it accepts the token")

    # Refused: the claims.
    row("expired", "exp an hour ago", encode(dict(base, iat=NOW - 7200, exp=NOW - 3600), TEXT_KEY), {"error": "TOKEN_EXPIRED"})
    row("expired-at-leeway-boundary", "exp exactly leeway seconds ago (exp <= now - leeway)", encode(dict(base, exp=NOW - LEEWAY), TEXT_KEY),
        {"error": "TOKEN_EXPIRED"})
    row("not-yet-valid-nbf", "nbf 61 s ahead, past the leeway", encode(dict(base, nbf=NOW + LEEWAY + 1), TEXT_KEY), {"error": "TOKEN_NOT_YET_VALID"})
    row("not-yet-valid-iat", "iat 2 minutes ahead", encode(dict(base, iat=NOW + 120, exp=NOW + 3720), TEXT_KEY), {"error": "TOKEN_NOT_YET_VALID"})
    row("over-max-lifetime", "exp - iat is 3601 s, max_lifetime 3600", encode(dict(base, iat=NOW - 100, exp=NOW + 3501), TEXT_KEY),
        {"error": "LIFETIME_TOO_LONG"}, max_lifetime=3600, pyjwt_differs="PyJWT has no max_lifetime: it accepts the token")
    row("max-lifetime-without-exp", "max_lifetime set, the token has no exp", encode({"user_id": "42", "iat": NOW}, TEXT_KEY),
        {"error": "MISSING_CLAIM"}, max_lifetime=3600, pyjwt_differs="PyJWT has no max_lifetime: it accepts the token")
    row("missing-required-claim", "required_claims user_id, the token has sub only", encode({"sub": "42", "iat": NOW}, TEXT_KEY),
        {"error": "MISSING_CLAIM"}, required=("user_id",))
    row("exp-not-integer", "exp is a string", encode(dict(base, exp="tomorrow"), TEXT_KEY), {"error": "INVALID_CLAIMS"},
        pyjwt_differs="PyJWT: DecodeError")
    row("exp-fraction", "exp has a fraction", encode(dict(base, exp=NOW + 3600.5), TEXT_KEY), {"error": "INVALID_CLAIMS"},
        pyjwt_differs="PyJWT takes any number: it accepts the token")

    # Refused: the key id.
    row("unknown-kid", "kid names none of the verifier's key ids", encode(zendesk, ZENDESK_KEY, kid="app_0000"), {"error": "UNKNOWN_KEY_ID"},
        keys=[(ZENDESK_KID, ZENDESK_KEY)], pyjwt_differs="PyJWT has no key ids: it accepts the token")
    row("kid-but-keys-without-ids", "the token has a kid, the verifier's keys have none", encode(zendesk, ZENDESK_KEY, kid=ZENDESK_KID),
        {"error": "UNKNOWN_KEY_ID"}, keys=[(None, ZENDESK_KEY)], pyjwt_differs="PyJWT has no key ids: it accepts the token")
    return rows


def sign_rows() -> list[dict]:
    rows: list[dict] = []

    def row(sid: str, about: str, secret: bytes, claims: dict, *, encoding: str = "text", now: int = NOW,
            expires_in: int | None = None, kid: str | None = None, expected: dict | None = None) -> None:
        claims_text = token_claims_text(claims)
        entry = {
            "id": f"sign-{sid}",
            "about": about,
            "secret_encoding": encoding,
            "secret": bytes_field(secret),
            "claims": claims,
            "now": now,
            "expires_in": expires_in,
            "kid": kid,
        }
        if expected is None:
            # What the contract says the token holds, signed and read back by PyJWT.
            given = json.loads(claims_text)
            full = dict(given)
            full.setdefault("iat", now)
            if expires_in is not None:
                full["exp"] = now + expires_in
            key = key_bytes(secret, encoding)
            token = encode(full, key, kid=kid)
            expected = {
                "header": jwt.get_unverified_header(token),
                "claims": jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False, "verify_iat": False, "verify_nbf": False}),
            }
        entry["expected"] = expected
        rows.append(entry)

    base = {"user_id": "42", "email": "alice@example.com"}
    row("text-secret-expires-in", "Intercom-style claims, expires_in 3600", TEXT_KEY, {"json": base}, expires_in=3600)
    row("text-secret-no-expiry", "no expires_in: iat only", TEXT_KEY, {"json": base})
    row("kid", "Zendesk-style claims with a key id", ZENDESK_KEY, {"json": {"external_id": "user-42", "scope": "user", "name": "Alice"}},
        expires_in=300, kid=ZENDESK_KID)
    row("non-ascii-kid", "a non-ASCII key id", ZENDESK_KEY, {"json": {"external_id": "user-42", "scope": "user"}}, kid="cl\u00e9-2026")
    row("hex-secret", "a 32-byte hex secret (lower case)", HEX_KEY.hex().encode(), {"json": {"sub": "12345"}}, encoding="hex", expires_in=60)
    row("hex-secret-upper-case", "the same key as upper-case hex", HEX_KEY.hex().upper().encode(), {"json": {"sub": "12345"}}, encoding="hex",
        expires_in=60)
    row("non-ascii-claims", "non-ASCII, HTML, U+2028/U+2029, NFD text, nested values, 2^53-1", TEXT_KEY, {"json": NON_ASCII_CLAIMS}, expires_in=600)
    row("key-131-bytes-text", "a 131-byte text key", KEY_131_TEXT, {"json": base}, expires_in=3600)
    row("key-131-bytes-hex", "a 131-byte hex key", KEY_131_HEX.hex().encode(), {"json": base}, encoding="hex", expires_in=3600)
    row("iat-given", "claims with their own iat: kept, not replaced", TEXT_KEY, {"json": dict(base, iat=NOW - 5)}, expires_in=60)
    row("exp-given", "claims with their own exp and no expires_in", TEXT_KEY, {"json": dict(base, exp=NOW + 120)})
    row("empty-claims", "{}: iat is the only claim", TEXT_KEY, {"json": {}})
    row("nested-20-deep", "values nested 20 levels deep", TEXT_KEY,
        {"json": {"sub": "7", "deep": json.loads("[" * 10 + '{"a":' * 10 + "null" + "}" * 10 + "]" * 10)}})

    row("exp-and-expires-in", "exp in the claims and expires_in", TEXT_KEY, {"json": dict(base, exp=NOW + 60)}, expires_in=60,
        expected={"error": "INVALID_CLAIMS"})
    row("exp-not-integer", "exp is a string", TEXT_KEY, {"json": dict(base, exp="tomorrow")}, expected={"error": "INVALID_CLAIMS"})
    row("nbf-fraction", "nbf has a fraction", TEXT_KEY, {"json": dict(base, nbf=NOW + 0.5)}, expected={"error": "INVALID_CLAIMS"})
    row("invalid-hex-secret", "a hex secret with an odd length", b"abc", {"json": base}, encoding="hex", expected={"error": "INVALID_HEX_SECRET"})

    # The bad-input matrix's token cases (bad_inputs.json's token_cases, written by generate.py).
    for case in token_bad_input_cases():
        expect = case["expect"]
        if "one_of" in expect:
            expected = {"one_of": [signed_or_error(alt, case) for alt in expect["one_of"]]}
        else:
            expected = expect
        row(case["id"], case["description"], bytes_from_field(case["secret"]), case["claims"], encoding=case["secret_encoding"],
            now=case["now"], expected=expected)
    return rows


def bytes_from_field(field: dict) -> bytes:
    return field["utf8"].encode() if "utf8" in field else bytes.fromhex(field["hex"])


def signed_or_error(alternative: dict, case: dict) -> dict:
    """A bad-input case's acceptable outcome: an error, or the token PyJWT signs
    for the claims the host's parser keeps ({"claims_kept": {...}})."""
    if "error" in alternative:
        return alternative
    key = key_bytes(bytes_from_field(case["secret"]), case["secret_encoding"])
    claims = dict(alternative["claims_kept"])
    claims.setdefault("iat", case["now"])
    token = encode(claims, key)
    return {
        "header": jwt.get_unverified_header(token),
        "claims": jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False, "verify_iat": False}),
    }


def build() -> dict:
    if jwt.__version__ != PYJWT_VERSION:
        raise SystemExit(f"PyJWT {jwt.__version__} found, the corpus is written by PyJWT {PYJWT_VERSION} (bash conformance/tokens-venv.sh)")
    tokens = {
        "format": 1,
        "generator": f"conformance/generate_tokens.py (PyJWT {PYJWT_VERSION}; Python hmac/base64/json for tokens PyJWT cannot write)",
        "now": NOW,
        "verify": verify_rows(),
        "sign": sign_rows(),
    }
    ids = [r["id"] for r in tokens["verify"] + tokens["sign"]]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise SystemExit(f"ids used twice: {repeated}")
    return tokens


def render(tokens: dict) -> str:
    return json.dumps(tokens, indent=1, ensure_ascii=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if tokens.json differs from what would be written")
    args = parser.parse_args()
    text = render(build())
    if args.check:
        if not TOKENS_PATH.exists() or TOKENS_PATH.read_text(encoding="utf-8") != text:
            print(f"{TOKENS_PATH.name} out of date: run conformance/generate_tokens.py with PyJWT {PYJWT_VERSION}", file=sys.stderr)
            return 1
        print("tokens.json is up to date")
        return 0
    TOKENS_PATH.write_text(text, encoding="utf-8")
    tokens = json.loads(text)
    print(f"wrote {TOKENS_PATH.name} (verify: {len(tokens['verify'])}, sign: {len(tokens['sign'])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
