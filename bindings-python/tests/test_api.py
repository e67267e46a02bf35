"""The Python API: accepted types, results, immutability, redaction, packaging."""

from __future__ import annotations

import enum
import hashlib
import hmac
import importlib.metadata
import pickle
import re
import sys
from pathlib import Path
from typing import Any, Callable, List

import pytest

import identity_hmac
from identity_hmac import IdentityHmacError, InvalidSecretError, Signer, Verifier

TOKEN = "your_web_widget_hmac_token"
PYLON_SECRET = "83c3b29d9950827654c842103bc10227eef8e6fe90e554c0e231ccc44baa87d2"
SOURCE_DIR = Path(__file__).resolve().parents[1]


def stdlib(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def test_chatwoot_documentation_example() -> None:
    expected = "32478ef17a559ea4600787200d58a8baeb0e223707316e62f2508e57bf4b75b9"
    assert identity_hmac.sign(TOKEN, "some_identifier") == expected
    assert Signer(TOKEN).sign("some_identifier") == expected


def test_pylon_secret_is_hex_decoded() -> None:
    expected = stdlib(bytes.fromhex(PYLON_SECRET), b"user@example.com")
    assert Signer(PYLON_SECRET, secret_encoding="hex").sign("user@example.com") == expected
    assert Signer(PYLON_SECRET.upper(), secret_encoding="hex").sign("user@example.com") == expected
    assert identity_hmac.sign(PYLON_SECRET, "user@example.com", secret_encoding="hex") == expected
    # As text the same string is a different key.
    assert Signer(PYLON_SECRET).sign("user@example.com") == stdlib(PYLON_SECRET.encode(), b"user@example.com")


class Plan(enum.IntEnum):
    PRO = 7


@pytest.mark.parametrize(
    ("identifier", "message"),
    [
        ("user@example.com", b"user@example.com"),
        ("Zoë 東京 🎉", "Zoë 東京 🎉".encode()),
        ("", b""),
        (b"\xff\xfe raw", b"\xff\xfe raw"),
        (bytearray(b"array"), b"array"),
        (memoryview(b"view"), b"view"),
        (memoryview(b"xxslicexx")[2:7], b"slice"),
        (memoryview(bytes(range(12))).cast("B", (3, 4)), bytes(range(12))),
        (42, b"42"),
        (-17, b"-17"),
        (0, b"0"),
        (2**64 + 1, str(2**64 + 1).encode()),
        (-(10**40), str(-(10**40)).encode()),
        (Plan.PRO, b"7"),
    ],
    ids=repr,
)
def test_identifier_types(identifier: Any, message: bytes) -> None:
    expected = stdlib(TOKEN.encode(), message)
    signer = Signer(TOKEN)
    assert signer.sign(identifier) == expected
    assert signer.digest(identifier) == bytes.fromhex(expected)
    assert signer.verify(identifier, expected)
    assert identity_hmac.sign(TOKEN, identifier) == expected
    assert identity_hmac.verify(TOKEN, identifier, expected)
    assert Verifier([TOKEN]).matching_key(identifier, expected) == 0


@pytest.mark.parametrize("identifier", [None, 1.5, True, False, object(), ["a"], {"id": 1}, 3j])
def test_other_identifier_types_raise_type_error(identifier: Any) -> None:
    signer = Signer(TOKEN)
    calls: List[Callable[[], object]] = [
        lambda: signer.sign(identifier),
        lambda: signer.digest(identifier),
        lambda: signer.verify(identifier, "0" * 64),
        lambda: signer.sign_many([identifier]),
        lambda: identity_hmac.sign(TOKEN, identifier),
        lambda: identity_hmac.verify(TOKEN, identifier, "0" * 64),
        lambda: Verifier([TOKEN]).verify(identifier, "0" * 64),
    ]
    for call in calls:
        with pytest.raises(TypeError, match="identifier must be str, bytes, bytearray, memoryview or int"):
            call()


def test_lone_surrogate_identifier_raises_like_str_encode() -> None:
    identifier = "user\ud800@example.com"
    with pytest.raises(UnicodeEncodeError) as expected:
        identifier.encode("utf-8")
    signer = Signer(TOKEN)
    for call in (
        lambda: signer.sign(identifier),
        lambda: signer.verify(identifier, "0" * 64),
        lambda: signer.sign_many(["ok", identifier]),
        lambda: identity_hmac.sign(TOKEN, identifier),
    ):
        with pytest.raises(UnicodeEncodeError) as caught:
            call()
        assert str(caught.value) == str(expected.value)


def test_big_int_beyond_str_digit_limit_is_python_s_own_error() -> None:
    if not hasattr(sys, "set_int_max_str_digits"):
        pytest.skip("no integer string conversion limit before Python 3.11")
    with pytest.raises(ValueError, match="digits"):
        Signer(TOKEN).sign(10**5000)


def test_secret_as_bytes() -> None:
    key = bytes(range(256))
    assert Signer(key).sign("id") == stdlib(key, b"id")
    assert Signer(bytearray(key)).sign("id") == stdlib(key, b"id")
    assert Signer(memoryview(key)).sign("id") == stdlib(key, b"id")
    # With "hex", bytes are the ASCII hex digits.
    assert Signer(PYLON_SECRET.encode(), secret_encoding="hex").sign("id") == stdlib(bytes.fromhex(PYLON_SECRET), b"id")


@pytest.mark.parametrize("presented", ["abc", "", "g" * 64, "0" * 63, "0" * 65, " " + "0" * 63, "\ud800" * 64, b"", "é" * 32])
def test_malformed_hash_is_false_never_an_error(presented: Any) -> None:
    assert Signer(TOKEN).verify("id", presented) is False
    assert identity_hmac.verify(TOKEN, "id", presented) is False
    assert Verifier([TOKEN]).verify("id", presented) is False
    assert Verifier([TOKEN]).matching_key("id", presented) is None


def test_verify_accepts_both_cases_and_bytes() -> None:
    signer = Signer(TOKEN)
    good = signer.sign("id")
    assert signer.verify("id", good)
    assert signer.verify("id", good.upper())
    assert signer.verify("id", good.encode())
    assert signer.verify("id", bytearray(good.encode()))
    assert not signer.verify("id2", good)
    assert not signer.verify("id", good[:-1] + ("0" if good[-1] != "0" else "1"))


@pytest.mark.parametrize("presented", [None, 12, 1.0, ["0" * 64]])
def test_hash_of_wrong_type_is_type_error(presented: Any) -> None:
    with pytest.raises(TypeError, match="identity_hash must be str or bytes"):
        Signer(TOKEN).verify("id", presented)
    with pytest.raises(TypeError, match="identity_hash must be str or bytes"):
        Verifier([TOKEN]).matching_key("id", presented)


def test_verifier_rotation() -> None:
    old, new = "old-token-1234", "new-token-5678"
    verifier = Verifier([new, old])
    assert verifier.matching_key("id", Signer(new).sign("id")) == 0
    assert verifier.matching_key("id", Signer(old).sign("id")) == 1
    assert verifier.matching_key("id", Signer("other").sign("id")) is None
    assert verifier.verify("id", Signer(old).sign("id"))
    assert not verifier.verify("id", Signer("other").sign("id"))
    # Any iterable; duplicates keep the first index.
    assert Verifier(iter([old, old])).matching_key("id", Signer(old).sign("id")) == 0
    assert Verifier((PYLON_SECRET,), secret_encoding="hex").verify(
        "id", Signer(PYLON_SECRET, secret_encoding="hex").sign("id")
    )
    assert Verifier([TOKEN] * 16).verify("id", Signer(TOKEN).sign("id"))


def test_generate_secret() -> None:
    first, second = identity_hmac.generate_secret(), identity_hmac.generate_secret()
    assert re.fullmatch("[0-9a-f]{64}", first)
    assert first != second
    assert Signer(first, secret_encoding="hex").sign("id") == stdlib(bytes.fromhex(first), b"id")


def test_repr_never_shows_the_secret() -> None:
    signer, verifier = Signer(TOKEN), Verifier([TOKEN, PYLON_SECRET])
    assert repr(signer) == "Signer(<redacted>)"
    assert repr(verifier) == "Verifier(<redacted>, 2 secrets)"
    for shown in (repr(signer), str(signer), repr(verifier), str(verifier)):
        assert TOKEN not in shown and PYLON_SECRET not in shown


def test_signer_and_verifier_are_immutable_and_final() -> None:
    signer, verifier = Signer(TOKEN), Verifier([TOKEN])
    for obj in (signer, verifier):
        with pytest.raises((AttributeError, TypeError)):
            setattr(obj, "secret", "other")
        assert not hasattr(obj, "__dict__")
    for cls in (Signer, Verifier):
        with pytest.raises(TypeError):
            type("Sub", (cls,), {})


def test_secrets_cannot_be_pickled() -> None:
    for obj in (Signer(TOKEN), Verifier([TOKEN])):
        with pytest.raises(TypeError):
            pickle.dumps(obj)


def test_errors_pickle_with_their_code() -> None:
    with pytest.raises(InvalidSecretError) as caught:
        Signer("")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is InvalidSecretError
    assert copy.code == "EMPTY_SECRET"
    assert str(copy) == str(caught.value)


def test_exception_hierarchy() -> None:
    assert issubclass(IdentityHmacError, ValueError)
    assert issubclass(InvalidSecretError, IdentityHmacError)
    assert IdentityHmacError.__module__ == "identity_hmac"
    assert Signer.__module__ == "identity_hmac"


def test_version_is_the_workspace_version() -> None:
    assert identity_hmac.__version__ == importlib.metadata.version("identity-hmac")
    cargo_toml = SOURCE_DIR.parent / "Cargo.toml"
    section = cargo_toml.read_text(encoding="utf-8").split("[workspace.package]", 1)[1]
    match = re.search(r'^version\s*=\s*"([^"]+)"', section, re.MULTILINE)
    assert match is not None
    assert identity_hmac.__version__ == match.group(1)


def test_runs_against_the_installed_wheel_not_the_source_tree() -> None:
    installed = Path(identity_hmac.__file__).resolve()
    assert SOURCE_DIR not in installed.parents, installed
    assert "site-packages" in installed.parts
    assert (installed.parent / "py.typed").is_file()
    assert (installed.parent / "__init__.pyi").is_file()


def test_public_names() -> None:
    assert sorted(identity_hmac.__all__) == sorted(
        [
            "IdentityHmacError",
            "InvalidSecretError",
            "Signer",
            "TokenError",
            "TokenVerifier",
            "Verifier",
            "Widget",
            "WidgetError",
            "__version__",
            "generate_secret",
            "identify",
            "identify_script",
            "sign",
            "sign_token",
            "verify",
        ]
    )


def test_bench_floor_converts_like_sign_and_returns_64_hex_characters() -> None:
    # bench/bench.py times this hidden method as Signer.sign's floor.
    floor: Callable[[Any], Any] = getattr(Signer(TOKEN), "_bench_floor")
    for identifier in ("user0000001@example.com", b"user@example.com", 42):
        result = floor(identifier)
        assert type(result) is str and len(result) == 64 and re.fullmatch("[0-9a-f]{64}", result)
    with pytest.raises(TypeError):
        floor(1.5)
    with pytest.raises(UnicodeEncodeError):
        floor("\ud800")
