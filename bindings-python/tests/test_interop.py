"""Agreement with the standard library's hmac module (OpenSSL) on random inputs."""

from __future__ import annotations

import hashlib
import hmac
import random

import identity_hmac
from identity_hmac import Signer, Verifier

ROUNDS = 500


def random_text(rng: random.Random, length: int) -> str:
    # ASCII, Latin-1, CJK, astral (emoji) code points; no surrogates.
    alphabet = [(0x20, 0x7E), (0xA0, 0xFF), (0x4E00, 0x4FFF), (0x1F300, 0x1F5FF)]
    chars = []
    for _ in range(length):
        low, high = rng.choice(alphabet)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def test_random_text_secrets_and_identifiers() -> None:
    rng = random.Random(20240521)
    for _ in range(ROUNDS):
        secret = random_text(rng, rng.randint(1, 150))
        identifier = random_text(rng, rng.choice([0, 1, 20, 55, 56, 64, rng.randint(0, 300)]))
        expected = hmac.new(secret.encode(), identifier.encode(), hashlib.sha256).hexdigest()
        assert identity_hmac.sign(secret, identifier) == expected
        signer = Signer(secret)
        assert signer.sign(identifier) == expected
        assert signer.verify(identifier, expected)
        assert signer.digest(identifier) == hmac.digest(secret.encode(), identifier.encode(), "sha256")


def test_random_byte_keys_and_messages() -> None:
    rng = random.Random(7)
    for _ in range(ROUNDS):
        # Keys around and beyond the SHA-256 block size (64) are hashed first by HMAC.
        key = rng.randbytes(rng.choice([1, 31, 32, 63, 64, 65, 200])) if hasattr(rng, "randbytes") else bytes(
            rng.getrandbits(8) for _ in range(rng.choice([1, 32, 64, 65]))
        )
        message = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 200)))
        expected = hmac.new(key, message, hashlib.sha256).hexdigest()
        assert Signer(key).sign(message) == expected
        assert Signer(key.hex(), secret_encoding="hex").sign(message) == expected
        assert Signer(key.hex().upper(), secret_encoding="hex").sign(bytearray(message)) == expected
        assert Verifier([b"other", key]).matching_key(message, expected) == 1


def test_random_integers() -> None:
    rng = random.Random(11)
    signer = Signer("token")
    for _ in range(ROUNDS):
        number = rng.randint(-(2**70), 2**70)
        assert signer.sign(number) == hmac.new(b"token", str(number).encode(), hashlib.sha256).hexdigest()
