"""Every vector of the shared corpus (conformance/corpus.json), read in place."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List, Union

import pytest

import identity_hmac

CORPUS_PATH = Path(
    os.environ.get("IDENTITY_HMAC_CORPUS")
    or Path(__file__).resolve().parents[2] / "conformance" / "corpus.json"
)
CORPUS: Dict[str, Any] = json.loads(CORPUS_PATH.read_text(encoding="utf-8"))
Vector = Dict[str, Any]


def group(name: str) -> List[Any]:
    vectors: List[Vector] = CORPUS[name]
    return [pytest.param(vector, id=vector["id"]) for vector in vectors]


def value(field: Dict[str, str]) -> Union[str, bytes]:
    """A corpus BYTES object as Python passes it: str when valid UTF-8, else bytes."""
    (kind, data), = field.items()
    if kind == "utf8":
        return data
    assert kind == "hex", kind
    return bytes.fromhex(data)


def raw(field: Dict[str, str]) -> bytes:
    data = value(field)
    return data.encode("utf-8") if isinstance(data, str) else data


def test_corpus_has_every_group() -> None:
    assert CORPUS["format"] == 1
    for name in ("sign", "verify", "invalid_secrets"):
        assert len(CORPUS[name]) > 0, name


@pytest.mark.parametrize("vector", group("sign"))
def test_sign(vector: Vector) -> None:
    secret, identifier = value(vector["secret"]), value(vector["identifier"])
    encoding = vector["secret_encoding"]
    expected = vector["expected"]
    signer = identity_hmac.Signer(secret, secret_encoding=encoding)
    assert signer.sign(identifier) == expected
    assert signer.digest(identifier).hex() == expected
    assert identity_hmac.sign(secret, identifier, secret_encoding=encoding) == expected
    # The same bytes given as bytes: a str is exactly its UTF-8 bytes.
    assert signer.sign(raw(vector["identifier"])) == expected
    assert identity_hmac.Signer(raw(vector["secret"]), secret_encoding=encoding).sign(identifier) == expected
    assert signer.sign_many([identifier]) == [expected]
    assert signer.verify(identifier, expected)
    assert signer.verify(identifier, expected.upper())


@pytest.mark.parametrize("vector", group("verify"))
def test_verify(vector: Vector) -> None:
    secret, identifier = value(vector["secret"]), value(vector["identifier"])
    presented = value(vector["presented"])
    encoding = vector["secret_encoding"]
    expected = vector["expected"]
    assert identity_hmac.Signer(secret, secret_encoding=encoding).verify(identifier, presented) is expected
    assert identity_hmac.verify(secret, identifier, presented, secret_encoding=encoding) is expected
    assert identity_hmac.Verifier([secret], secret_encoding=encoding).verify(identifier, presented) is expected
    assert identity_hmac.Signer(secret, secret_encoding=encoding).verify(identifier, raw(vector["presented"])) is expected


@pytest.mark.parametrize("vector", group("invalid_secrets"))
def test_invalid_secret(vector: Vector) -> None:
    secret = value(vector["secret"])
    encoding = vector["secret_encoding"]
    for build in (
        lambda: identity_hmac.Signer(secret, secret_encoding=encoding),
        lambda: identity_hmac.Verifier([secret], secret_encoding=encoding),
        lambda: identity_hmac.sign(secret, "user@example.com", secret_encoding=encoding),
    ):
        with pytest.raises(identity_hmac.InvalidSecretError) as caught:
            build()
        assert caught.value.code == vector["expected_code"]
        message = str(caught.value)
        if "position" in vector:
            assert f"position {vector['position']}" in message
        # No 6 consecutive characters of the secret appear (shorter ones may occur by chance).
        text = secret if isinstance(secret, str) else secret.decode("latin-1")
        for start in range(len(text) - 5):
            assert text[start : start + 6] not in message
