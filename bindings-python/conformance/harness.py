"""Conformance harness: one request line in, one response line out (TAB-separated).

Secrets, identifiers and presented hashes arrive as hex of their raw bytes and
are passed as str when they are valid UTF-8, else as bytes.
"""

from __future__ import annotations

import sys
from typing import Callable, List, Union

import identity_hmac


def native(hex_bytes: str) -> Union[str, bytes]:
    raw = bytes.fromhex(hex_bytes)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw


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
