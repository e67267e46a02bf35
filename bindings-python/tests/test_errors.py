"""Every error path: its type, its code, and a message without the secret."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, List, Tuple, Union

import pytest

import identity_hmac
from identity_hmac import IdentityHmacError, InvalidSecretError, Signer, Verifier

# Distinctive secrets, so that any 4 consecutive characters of them are easy to spot.
TEXT_SECRET = "Kq7Zr-Xw4Jt-Vw9Pm"
HEX_SECRET = "83c3b29d9950827654c842103bc10227eef8e6fe90e554c0e231ccc44baa87d2"

SecretValue = Union[str, bytes]


def leaked_part(secret: SecretValue, message: str) -> Union[str, None]:
    """The first 4-character piece of `secret` that occurs in `message`, if any."""
    text = secret if isinstance(secret, str) else secret.decode("latin-1")
    for start in range(max(len(text) - 3, 0)):
        if text[start : start + 4] in message:
            return text[start : start + 4]
    return None


def builders(secret: Any, encoding: Any) -> List[Callable[[], object]]:
    """Every way a secret enters the API."""
    return [
        lambda: Signer(secret, secret_encoding=encoding),
        lambda: Verifier([secret], secret_encoding=encoding),
        lambda: Verifier([HEX_SECRET if encoding == "hex" else TEXT_SECRET, secret], secret_encoding=encoding),
        lambda: identity_hmac.sign(secret, "user@example.com", secret_encoding=encoding),
        lambda: identity_hmac.verify(secret, "user@example.com", "0" * 64, secret_encoding=encoding),
    ]


INVALID_SECRETS = [
    ("", "text", "EMPTY_SECRET", None),
    (b"", "text", "EMPTY_SECRET", None),
    ("", "hex", "EMPTY_SECRET", None),
    (b"", "hex", "EMPTY_SECRET", None),
    ("00", "hex", None, None),  # one zero byte is a valid (if weak) key: no error
    (HEX_SECRET[:-1], "hex", "INVALID_HEX_SECRET", "odd length: a hex digit is missing at position 63"),
    (HEX_SECRET[:20] + "zz" + HEX_SECRET[22:], "hex", "INVALID_HEX_SECRET", "invalid character at position 20"),
    ("0x" + HEX_SECRET, "hex", "INVALID_HEX_SECRET", "position 1 (a 0x prefix: remove it)"),
    (HEX_SECRET + "\n", "hex", "INVALID_HEX_SECRET", "position 64 (white space: trim the secret)"),
    (HEX_SECRET[:10] + "\uff11" + HEX_SECRET[11:], "hex", "INVALID_HEX_SECRET", "position 10 (a non-ASCII character)"),
    (HEX_SECRET[:10].encode() + b"\xff" + HEX_SECRET[11:].encode(), "hex", "INVALID_HEX_SECRET", "position 10"),
    # A lone surrogate (os.environ's stand-in for a non-UTF-8 byte) in a hex secret...
    (HEX_SECRET[:12] + "\udce9" + HEX_SECRET[13:], "hex", "INVALID_HEX_SECRET", "position 12 (a non-ASCII character)"),
    # ...and in a text secret, whose key bytes it cannot stand for.
    (TEXT_SECRET[:5] + "\udce9" + TEXT_SECRET[5:], "text", "INVALID_TEXT_SECRET", "lone surrogate at position 5"),
]


@pytest.mark.parametrize(("secret", "encoding", "code", "fragment"), INVALID_SECRETS, ids=repr)
def test_invalid_secret(secret: SecretValue, encoding: str, code: Union[str, None], fragment: Union[str, None]) -> None:
    for build in builders(secret, encoding):
        if code is None:
            build()
            continue
        with pytest.raises(InvalidSecretError) as caught:
            build()
        error = caught.value
        assert isinstance(error, IdentityHmacError) and isinstance(error, ValueError)
        assert error.code == code
        assert fragment is None or fragment in str(error), str(error)
        assert leaked_part(secret, str(error)) is None
        assert leaked_part(secret, repr(error)) is None
        assert error.__cause__ is None and error.__context__ is None, "no chained error may carry the secret"


@pytest.mark.parametrize("encoding", ["base64", "TEXT", "Hex", "", "text ", "utf-8", "\ud800"])
def test_unknown_secret_encoding(encoding: str) -> None:
    for build in builders(TEXT_SECRET, encoding):
        with pytest.raises(IdentityHmacError) as caught:
            build()
        assert not isinstance(caught.value, InvalidSecretError)
        assert caught.value.code == "UNKNOWN_SECRET_ENCODING"
        assert 'expected "text" or "hex"' in str(caught.value)
        assert leaked_part(TEXT_SECRET, str(caught.value)) is None


@pytest.mark.parametrize("encoding", [1, b"text"])
def test_secret_encoding_of_wrong_type(encoding: Any) -> None:
    for build in builders(TEXT_SECRET, encoding):
        with pytest.raises(TypeError, match="secret_encoding must be a str"):
            build()


def test_secret_encoding_none_means_the_default() -> None:
    expected = Signer(TEXT_SECRET).sign("a")
    assert Signer(TEXT_SECRET, secret_encoding=None).sign("a") == expected
    assert Verifier([TEXT_SECRET], secret_encoding=None).verify("a", expected)
    assert identity_hmac.sign(TEXT_SECRET, "a", secret_encoding=None) == expected
    assert identity_hmac.verify(TEXT_SECRET, "a", expected, secret_encoding=None)
    # None is text, not hex: a hex-looking secret is used as its characters.
    assert Signer(HEX_SECRET, secret_encoding=None).sign("a") == Signer(HEX_SECRET, secret_encoding="text").sign("a")


def test_no_secrets() -> None:
    empty: List[Any] = [[], (), iter([])]
    for secrets in empty:
        with pytest.raises(IdentityHmacError) as caught:
            Verifier(secrets)
        assert not isinstance(caught.value, InvalidSecretError)
        assert caught.value.code == "NO_SECRETS"


def test_too_many_secrets() -> None:
    secrets = [f"{TEXT_SECRET}-{i}" for i in range(17)]
    with pytest.raises(IdentityHmacError) as caught:
        Verifier(secrets)
    assert not isinstance(caught.value, InvalidSecretError)
    assert caught.value.code == "TOO_MANY_SECRETS"
    assert str(caught.value) == "a verifier holds at most 16 secrets"
    assert leaked_part(TEXT_SECRET, str(caught.value)) is None


def test_an_invalid_secret_among_several_names_no_secret() -> None:
    with pytest.raises(InvalidSecretError) as caught:
        Verifier([HEX_SECRET, HEX_SECRET[:-1]], secret_encoding="hex")
    assert caught.value.code == "INVALID_HEX_SECRET"
    assert leaked_part(HEX_SECRET, str(caught.value)) is None


@pytest.mark.parametrize("secret", [None, 123, 1.5, ["a"], object()])
def test_secret_of_wrong_type(secret: Any) -> None:
    for build in builders(secret, "text"):
        with pytest.raises(TypeError, match="secret must be str or bytes"):
            build()


@pytest.mark.parametrize("secrets", [TEXT_SECRET, TEXT_SECRET.encode(), bytearray(b"abc"), memoryview(b"abc")])
def test_verifier_refuses_a_single_secret_for_the_list(secrets: Any) -> None:
    with pytest.raises(TypeError, match="not a single") as caught:
        Verifier(secrets)
    assert leaked_part(TEXT_SECRET, str(caught.value)) is None


@pytest.mark.parametrize("secrets", [None, 5])
def test_verifier_needs_an_iterable(secrets: Any) -> None:
    with pytest.raises(TypeError, match="not iterable"):
        Verifier(secrets)


def test_error_raised_while_iterating_secrets_propagates() -> None:
    def secrets() -> Any:
        yield TEXT_SECRET
        raise RuntimeError("from the iterable")

    with pytest.raises(RuntimeError, match="from the iterable"):
        Verifier(secrets())


def test_error_codes_can_be_constructed_and_caught_as_value_error() -> None:
    error = InvalidSecretError("message", "EMPTY_SECRET")
    assert error.code == "EMPTY_SECRET" and str(error) == "message"
    with pytest.raises(ValueError):
        Signer("")


# (secret, encoding, code, reason, position) of each kind of invalid secret.
DETAILED_SECRETS = [
    ("", "text", "EMPTY_SECRET", "empty", None),
    (b"", "hex", "EMPTY_SECRET", "empty", None),
    (HEX_SECRET[:-1], "hex", "INVALID_HEX_SECRET", "odd length", 63),
    (HEX_SECRET[:20] + "zz" + HEX_SECRET[22:], "hex", "INVALID_HEX_SECRET", "invalid character", 20),
    (HEX_SECRET[:12] + "\udce9" + HEX_SECRET[13:], "hex", "INVALID_HEX_SECRET", "invalid character", 12),
    (TEXT_SECRET[:5] + "\udce9" + TEXT_SECRET[5:], "text", "INVALID_TEXT_SECRET", "lone surrogate", 5),
    ("\U0001f600\ud800", "text", "INVALID_TEXT_SECRET", "lone surrogate", 1),  # code points, not UTF-8 bytes
]


@pytest.mark.parametrize(("secret", "encoding", "code", "reason", "position"), DETAILED_SECRETS, ids=repr)
def test_invalid_secret_details(
    secret: SecretValue, encoding: str, code: str, reason: str, position: Union[int, None]
) -> None:
    good = HEX_SECRET if encoding == "hex" else TEXT_SECRET
    cases: List[Tuple[Callable[[], object], Union[int, None]]] = [
        (lambda: Signer(secret, secret_encoding=encoding), None),
        (lambda: identity_hmac.sign(secret, "id", secret_encoding=encoding), None),
        (lambda: Verifier([secret], secret_encoding=encoding), 0),
        (lambda: Verifier([good, good, secret, good], secret_encoding=encoding), 2),
    ]
    for build, secret_index in cases:
        with pytest.raises(InvalidSecretError) as caught:
            build()
        error = caught.value
        assert (error.code, error.reason, error.position, error.secret_index) == (code, reason, position, secret_index)
        if secret_index is not None:
            assert f"index {secret_index}" in str(error), str(error)
        assert leaked_part(secret, str(error)) is None


def test_errors_without_details() -> None:
    with pytest.raises(IdentityHmacError) as caught:
        Verifier([])
    assert not hasattr(caught.value, "secret_index")
    error = InvalidSecretError("message", "EMPTY_SECRET")
    assert (error.reason, error.position, error.secret_index) == (None, None, None)


def test_error_details_survive_pickling() -> None:
    with pytest.raises(InvalidSecretError) as caught:
        Verifier([HEX_SECRET, HEX_SECRET[:-1]], secret_encoding="hex")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is InvalidSecretError
    assert (copy.code, copy.reason, copy.position, copy.secret_index) == ("INVALID_HEX_SECRET", "odd length", 63, 1)
    assert str(copy) == str(caught.value)


# The repository's failing getrandom() (see its header), preloaded into a
# child process: it fails with EIO once the variable is set.
FAILING_GETRANDOM_C = Path(__file__).resolve().parents[2] / "conformance" / "test-support" / "failing_getrandom.c"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="LD_PRELOAD of getrandom() is Linux's")
def test_random_source_failure_is_an_identity_hmac_error(tmp_path: Path) -> None:
    compiler = shutil.which("cc")
    assert compiler is not None, "a C compiler (cc) is needed to build the failing getrandom()"
    library = tmp_path / "failing_getrandom.so"
    subprocess.run([compiler, "-shared", "-fPIC", "-o", str(library), str(FAILING_GETRANDOM_C)], check=True)
    code = (
        "import os, identity_hmac\n"
        "assert len(identity_hmac.generate_secret()) == 64\n"
        "os.environ['IDENTITY_HMAC_TEST_FAIL_GETRANDOM'] = '1'\n"
        "try:\n"
        "    identity_hmac.generate_secret()\n"
        "except identity_hmac.IdentityHmacError as error:\n"
        "    print(type(error).__name__, error.code, isinstance(error, ValueError), error)\n"
    )
    env = dict(os.environ, LD_PRELOAD=str(library))
    result = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == (
        "IdentityHmacError RANDOM_SOURCE_FAILED True the operating system's random source failed\n"
    )
