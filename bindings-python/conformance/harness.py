"""Conformance harness: one request line in, one response line out (TAB-separated).

Secrets, identifiers, presented hashes and tokens arrive as hex of their raw
bytes and are passed as str when they are valid UTF-8, else as bytes. Token
claims to sign arrive as hex of JSON text: json.loads makes the dict that is
passed to sign_token (JSON that is not an object is passed as its text), and
verified claims go back as hex of json.dumps of the dict verify returned.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Callable, List, Optional, Tuple, Union

import identity_hmac


def native(hex_bytes: str) -> Union[str, bytes]:
    raw = bytes.fromhex(hex_bytes)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw


def optional_int(field: str) -> Optional[int]:
    return None if field == "-" else int(field)


def token_keys(field: str) -> List[Union[str, bytes, Tuple[str, Union[str, bytes]]]]:
    keys: List[Union[str, bytes, Tuple[str, Union[str, bytes]]]] = []
    for entry in field.split(",") if field else []:
        kid, _, secret = entry.partition(":")
        keys.append((bytes.fromhex(kid).decode("utf-8"), native(secret)) if kid else native(secret))
    return keys


def token_verify(fields: List[str]) -> str:
    vector_id, encoding, keys, token, now, leeway, max_lifetime, required = fields[1:]
    verifier = identity_hmac.TokenVerifier(
        token_keys(keys),
        secret_encoding=encoding,
        leeway=int(leeway),
        max_lifetime=optional_int(max_lifetime),
        required_claims=json.loads(bytes.fromhex(required)),
    )
    claims = verifier.verify(native(token), now=int(now))
    text = json.dumps(claims, ensure_ascii=False, separators=(",", ":"))
    return f"{vector_id}\tclaims\t{text.encode('utf-8').hex()}"


def token_sign(fields: List[str]) -> str:
    vector_id, encoding, secret, claims_hex, now, expires_in, kid = fields[1:]
    text = native(claims_hex)
    try:
        parsed: Any = json.loads(text)
    except ValueError:  # not JSON (or not UTF-8): the text itself, for the core to refuse
        parsed = text
    token = identity_hmac.sign_token(
        native(secret),
        parsed if isinstance(parsed, dict) else text,
        expires_in=optional_int(expires_in),
        key_id=None if kid == "-" else bytes.fromhex(kid).decode("utf-8"),
        now=int(now),
        secret_encoding=encoding,
    )
    return f"{vector_id}\ttoken\t{token}"


def answer(fields: List[str]) -> str:
    kind, vector_id = fields[0], fields[1]
    try:
        if kind == "sign" and len(fields) == 5:
            signer = identity_hmac.Signer(native(fields[3]), secret_encoding=fields[2])
            return f"{vector_id}\thash\t{signer.sign(native(fields[4]))}"
        if kind == "verify" and len(fields) == 6:
            signer = identity_hmac.Signer(native(fields[3]), secret_encoding=fields[2])
            matches = signer.verify(native(fields[4]), native(fields[5]))
            return f"{vector_id}\tbool\t{'true' if matches else 'false'}"
        if kind == "secret" and len(fields) == 4:
            identity_hmac.Signer(native(fields[3]), secret_encoding=fields[2])
            return f"{vector_id}\tok"
        if kind == "token_verify" and len(fields) == 9:
            return token_verify(fields)
        if kind == "token_sign" and len(fields) == 8:
            return token_sign(fields)
    except identity_hmac.IdentityHmacError as error:
        return f"{vector_id}\terror\t{error.code}"
    return f"{vector_id}\tunsupported\tunknown request {kind!r} with {len(fields)} fields"


def main(write: Callable[[str], object] = sys.stdout.write) -> None:
    for line in sys.stdin:
        line = line.rstrip("\r\n")
        if line:
            write(answer(line.split("\t")) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
