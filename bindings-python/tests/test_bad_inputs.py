"""Every case of the shared bad-input matrix (conformance/bad_inputs.json), read in place.

Each case is built as the Python value it describes and passed through every
public entry point that takes it; the outcome the matrix states for Python
(``by_language.python``, else ``by_language.default``, else the plain
expectation) is asserted for each of them. A case whose value Python cannot
express is skipped by name, and ``test_matrix_is_fully_understood`` pins that
list so a new case cannot be skipped silently.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

import pytest

import identity_hmac
from identity_hmac import IdentityHmacError, InvalidSecretError, Signer, Verifier

CONFORMANCE_DIR = Path(__file__).resolve().parents[2] / "conformance"
BAD_INPUTS_PATH = Path(os.environ.get("IDENTITY_HMAC_BAD_INPUTS") or CONFORMANCE_DIR / "bad_inputs.json")
CORPUS_PATH = Path(os.environ.get("IDENTITY_HMAC_CORPUS") or CONFORMANCE_DIR / "corpus.json")
MATRIX: Dict[str, Any] = json.loads(BAD_INPUTS_PATH.read_text(encoding="utf-8"))
CORPUS: Dict[str, Any] = json.loads(CORPUS_PATH.read_text(encoding="utf-8"))
LANGUAGE = "python"

Case = Dict[str, Any]
Expectation = Dict[str, Any]
Call = Callable[[], object]

# Values Python has no counterpart for (JavaScript's undefined).
INEXPRESSIBLE_INPUTS = {"undefined"}
# The only cases expected to be skipped; anything else skipped is a failure.
EXPECTED_SKIPS = {"identifier-undefined"}
KNOWN_INPUTS = {"bytes", "repeat", "null", "undefined", "float", "bool", "integer", "json", "lone_surrogate",
                "corpus_group", "secrets"}
KNOWN_EXPECTATIONS = {"error", "type_error", "unicode_error", "hash", "verify", "matching_key"}
# Codes the binding raises as InvalidSecretError (the rest as plain IdentityHmacError).
INVALID_SECRET_CODES = {"EMPTY_SECRET", "INVALID_HEX_SECRET", "INVALID_TEXT_SECRET"}


def expectation_for_python(case: Case) -> Optional[Expectation]:
    """The expectation that applies to Python, or None when Python cannot express the input."""
    expect: Expectation = case["expect"]
    if "by_language" in expect:
        by_language: Dict[str, Expectation] = expect["by_language"]
        return by_language.get(LANGUAGE, by_language.get("default"))
    return None if set(case["input"]) & INEXPRESSIBLE_INPUTS else expect


def text_or_bytes(field: Dict[str, str]) -> Union[str, bytes]:
    """A BYTES object as a user passes it: str when valid UTF-8, else bytes."""
    ((kind, data),) = field.items()
    if kind == "utf8":
        return data
    assert kind == "hex", kind
    return bytes.fromhex(data)


def host_value(value: Dict[str, Any]) -> Any:
    """The Python value a case's language-neutral input describes."""
    ((kind, data),) = value.items()
    if kind == "bytes":
        return text_or_bytes(data)
    if kind == "repeat":
        raw = bytes.fromhex(data["pattern_hex"]) * data["count"]
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw
    if kind == "null":
        return None
    if kind == "float":
        return float(data)  # also parses "NaN" and "Infinity"
    if kind == "bool":
        assert isinstance(data, bool)
        return data
    if kind == "integer":
        return int(data)  # a decimal string for values beyond 2^53
    if kind == "json":
        return data  # already a dict or list
    if kind == "lone_surrogate":
        return chr(int(data, 16))
    raise AssertionError(f"unknown input kind {kind!r}")


def secret_bytes(secret: Any) -> bytes:
    """What of a secret could leak into a message, as bytes."""
    if isinstance(secret, str):
        return secret.encode("utf-8", "surrogatepass")
    if isinstance(secret, (bytes, bytearray, memoryview)):
        return bytes(secret)
    if isinstance(secret, int) and not isinstance(secret, bool):
        return str(secret).encode()
    return b""  # None and other non-secrets carry nothing to leak


def assert_no_secret_in(message: str, secret: Any) -> None:
    """No run of 8 bytes of the secret (the whole secret when shorter) appears in the message.

    Secrets of 1 or 2 bytes are too short to tell from ordinary words and are not checked.
    """
    raw = secret_bytes(secret)
    if len(raw) < 3:
        return
    width = min(8, len(raw))
    shown = message.encode("utf-8", "surrogatepass")
    # Every window of the (short) message, looked up in the (possibly huge) secret.
    for start in range(len(shown) - width + 1):
        window = shown[start : start + width]
        assert window not in raw, f"the message shows part of the secret: {window!r}"


def assert_outcome(call: Call, expect: Expectation, secrets: List[Any], result: Any = None) -> None:
    """Runs `call` and checks it against an error expectation; returns nothing for results."""
    if "error" in expect:
        code = expect["error"]
        error_type = InvalidSecretError if code in INVALID_SECRET_CODES else IdentityHmacError
        with pytest.raises(error_type) as caught:
            call()
        assert caught.value.code == code
        if error_type is IdentityHmacError:
            assert not isinstance(caught.value, InvalidSecretError)
        error: BaseException = caught.value
    elif "type_error" in expect:
        with pytest.raises(TypeError) as type_caught:
            call()
        error = type_caught.value
    elif "unicode_error" in expect:
        with pytest.raises(UnicodeEncodeError) as unicode_caught:
            call()
        error = unicode_caught.value
    else:
        raise AssertionError(f"not an error expectation: {expect}")
    for secret in secrets:
        assert_no_secret_in(str(error), secret)
        assert_no_secret_in(repr(error), secret)


def secret_variants(value: Any, input_kind: str) -> List[Any]:
    """A secret given as text is also given as its bytes: both forms must behave alike."""
    if input_kind == "bytes" and isinstance(value, str):
        return [value, value.encode("utf-8")]
    return [value]


# --- about: secret --------------------------------------------------------------------------


def check_secret(secret: Any, encoding: str, identifier: Union[str, bytes], expect: Expectation) -> None:
    if "hash" in expect:
        expected = expect["hash"]
        signer = Signer(secret, secret_encoding=encoding)
        assert signer.sign(identifier) == expected
        assert signer.digest(identifier).hex() == expected
        assert signer.verify(identifier, expected)
        assert identity_hmac.sign(secret, identifier, secret_encoding=encoding) == expected
        assert identity_hmac.verify(secret, identifier, expected, secret_encoding=encoding)
        assert Verifier([secret], secret_encoding=encoding).matching_key(identifier, expected) == 0
        return
    calls: List[Call] = [
        lambda: Signer(secret, secret_encoding=encoding),
        lambda: Verifier([secret], secret_encoding=encoding),
        lambda: Verifier(["a-valid-secret" if encoding != "hex" else "00", secret], secret_encoding=encoding),
        lambda: identity_hmac.sign(secret, identifier, secret_encoding=encoding),
        lambda: identity_hmac.verify(secret, identifier, "0" * 64, secret_encoding=encoding),
    ]
    for call in calls:
        assert_outcome(call, expect, [secret])


# --- about: identifier ----------------------------------------------------------------------


def check_identifier(identifier: Any, secret: Union[str, bytes], encoding: str, expect: Expectation) -> None:
    signer = Signer(secret, secret_encoding=encoding)
    verifier = Verifier([secret], secret_encoding=encoding)
    if "hash" in expect:
        expected = expect["hash"]
        assert signer.sign(identifier) == expected
        assert signer.digest(identifier).hex() == expected
        assert signer.verify(identifier, expected)
        assert signer.sign_many([identifier]) == [expected]
        assert identity_hmac.sign(secret, identifier, secret_encoding=encoding) == expected
        assert identity_hmac.verify(secret, identifier, expected, secret_encoding=encoding)
        assert verifier.matching_key(identifier, expected) == 0
        return
    calls: List[Call] = [
        lambda: signer.sign(identifier),
        lambda: signer.digest(identifier),
        lambda: signer.verify(identifier, "0" * 64),
        lambda: signer.sign_many([identifier]),
        lambda: signer.sign_many(["before", identifier]),
        lambda: identity_hmac.sign(secret, identifier, secret_encoding=encoding),
        lambda: identity_hmac.verify(secret, identifier, "0" * 64, secret_encoding=encoding),
        lambda: verifier.verify(identifier, "0" * 64),
        lambda: verifier.matching_key(identifier, "0" * 64),
    ]
    for call in calls:
        assert_outcome(call, expect, [secret])


# --- about: presented_hash ------------------------------------------------------------------


def check_presented_hash(
    presented: Any, secret: Union[str, bytes], encoding: str, identifier: Union[str, bytes], expect: Expectation
) -> None:
    signer = Signer(secret, secret_encoding=encoding)
    verifier = Verifier(["an-older-secret", secret], secret_encoding=encoding)
    if "verify" in expect:
        verdict: bool = expect["verify"]
        assert signer.verify(identifier, presented) is verdict
        assert identity_hmac.verify(secret, identifier, presented, secret_encoding=encoding) is verdict
        assert verifier.verify(identifier, presented) is verdict
        assert verifier.matching_key(identifier, presented) == (1 if verdict else None)
        return
    calls: List[Call] = [
        lambda: signer.verify(identifier, presented),
        lambda: identity_hmac.verify(secret, identifier, presented, secret_encoding=encoding),
        lambda: verifier.verify(identifier, presented),
        lambda: verifier.matching_key(identifier, presented),
    ]
    for call in calls:
        assert_outcome(call, expect, [secret])


# --- about: verifier ------------------------------------------------------------------------


def check_verifier(
    secrets: List[Union[str, bytes]], encoding: str, identifier: Union[str, bytes], presented: Optional[Union[str, bytes]],
    expect: Expectation,
) -> None:
    if "matching_key" in expect or "verify" in expect:
        assert presented is not None, "a result case names the presented hash"
        verifier = Verifier(secrets, secret_encoding=encoding)
        key: Optional[int] = expect.get("matching_key")
        verdict: bool = expect.get("verify", key is not None)
        assert verifier.matching_key(identifier, presented) == key
        assert verifier.verify(identifier, presented) is verdict
        # The newest-first list given as any iterable behaves the same.
        assert Verifier(iter(secrets), secret_encoding=encoding).matching_key(identifier, presented) == key
        return
    calls: List[Call] = [
        lambda: Verifier(secrets, secret_encoding=encoding),
        lambda: Verifier(tuple(secrets), secret_encoding=encoding),
        lambda: Verifier(iter(secrets), secret_encoding=encoding),
    ]
    for call in calls:
        assert_outcome(call, expect, list(secrets))


# --- the matrix -----------------------------------------------------------------------------


def params() -> List[Any]:
    """One test per case; a corpus_group case becomes one test per vector of that group."""
    out: List[Any] = []
    for case in MATRIX["cases"]:
        group = case["input"].get("corpus_group")
        if group is None:
            out.append(pytest.param(case, None, id=case["id"]))
            continue
        for vector in CORPUS[group]:
            out.append(pytest.param(case, vector, id=f"{case['id']}/{vector['id']}"))
    return out


@pytest.mark.parametrize(("case", "vector"), params())
def test_bad_input(case: Case, vector: Optional[Dict[str, Any]]) -> None:
    expect = expectation_for_python(case)
    if expect is None:
        pytest.skip(f"{case['id']}: {sorted(case['input'])[0]} has no Python counterpart")
    about = case["about"]
    encoding: str = case["secret_encoding"]
    if about == "secret":
        identifier = text_or_bytes(case["identifier"])
        if vector is not None:
            # Each vector of the corpus group, with its own encoding and code.
            vector_secret = text_or_bytes(vector["secret"])
            for secret in secret_variants(vector_secret, "bytes"):
                check_secret(secret, vector["secret_encoding"], identifier, {"error": vector["expected_code"]})
            return
        input_kind = next(iter(case["input"]))
        for secret in secret_variants(host_value(case["input"]), input_kind):
            check_secret(secret, encoding, identifier, expect)
    elif about == "identifier":
        secret = text_or_bytes(case["secret"])
        value = host_value(case["input"])
        check_identifier(value, secret, encoding, expect)
        if case["input"].get("bytes", {}).get("utf8") is not None:
            check_identifier(value.encode("utf-8"), secret, encoding, expect)
    elif about == "presented_hash":
        secret = text_or_bytes(case["secret"])
        identifier = text_or_bytes(case["identifier"])
        value = host_value(case["input"])
        check_presented_hash(value, secret, encoding, identifier, expect)
        if isinstance(value, str):
            check_presented_hash(value.encode("utf-8"), secret, encoding, identifier, expect)
    elif about == "verifier":
        identifier = text_or_bytes(case["identifier"])
        secrets = [text_or_bytes(s) for s in case["input"]["secrets"]]
        presented_field = case["input"].get("presented")
        presented = None if presented_field is None else text_or_bytes(presented_field)
        check_verifier(secrets, encoding, identifier, presented, expect)
    else:
        raise AssertionError(f"unknown about {about!r}")


def test_matrix_is_fully_understood() -> None:
    """Every input and expectation kind is known here, and only the named cases are skipped."""
    assert MATRIX["format"] == 1
    assert LANGUAGE in MATRIX["languages"]
    assert len(MATRIX["cases"]) >= 40
    skipped = set()
    for case in MATRIX["cases"]:
        kinds = set(case["input"]) - {"presented"}
        assert kinds <= KNOWN_INPUTS, (case["id"], kinds)
        expect = expectation_for_python(case)
        if expect is None:
            skipped.add(case["id"])
            continue
        assert set(expect) <= KNOWN_EXPECTATIONS or expect == {"error": "the vector's expected_code"}, case["id"]
    assert skipped == EXPECTED_SKIPS


def test_the_matrix_covers_every_invalid_secret_of_the_corpus() -> None:
    groups: List[Tuple[str, str]] = [
        (case["id"], case["input"]["corpus_group"]) for case in MATRIX["cases"] if "corpus_group" in case["input"]
    ]
    assert groups == [("secret-every-malformed-hex", "invalid_secrets")]
    assert len(CORPUS["invalid_secrets"]) > 0
